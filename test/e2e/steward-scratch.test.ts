import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { startTestApp } from '../support/test-app';
import { axeViolations, launchTestBrowser } from './steward-browser';
import { pairLadder } from './steward-fixtures';

it('scratch', async () => {
  const t = await startTestApp('steward_scratch');
  const admin = await t.token('admin');
  const post = async (url: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}${url}`, {
      method: body ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };
  const ladder = pairLadder();
  await post('/api/records', { records: ladder.map((p) => p.a) });
  await post('/api/records', { records: ladder.map((p) => p.b) });
  const b = await launchTestBrowser();
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  await page.goto(`${t.baseUrl}/steward`);
  await page.getByLabel('Steward token').fill(await t.token('steward'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#task-table').waitFor();
  await page.locator('a.task-link').first().click();
  await page.locator('svg#waterfall').waitFor();
  console.log('--- before axe');
  const v = await axeViolations(page, readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  console.log('--- after axe', JSON.stringify(v));
  await page.waitForTimeout(300);
  await b.close();
  await t.close();
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Page } from 'playwright-core';
import { TestApp, startTestApp } from '../support/test-app';
import { TestBrowser, axeViolations, launchTestBrowser, waitUntil } from './steward-browser';
import { PHI, SeedPair, filesContaining, pairLadder } from './steward-fixtures';

/**
 * The steward workbench in a real headless Chromium against the real service: seed probable
 * matches through the API, sign in, walk the queue by keyboard, open a task, read the
 * waterfall, link, see the task leave the queue and the person gain the record, undo it from
 * the person's history, and leave no patient data in the browser.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const OUTPUT = path.join(ROOT, 'test-output');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Task {
  id: string;
  kind: string;
  status: string;
  record_id: string | null;
  candidate_person_id: string | null;
}

describe('steward workbench in headless Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let browser: TestBrowser;
  let page: Page;
  let steward: string;
  const problems: string[] = [];

  const api = async <T>(
    method: string,
    url: string,
    body?: unknown,
    token = steward,
  ): Promise<T> => {
    const res = await fetch(`${t.baseUrl}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${url} answered ${res.status}: ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
  const openTasks = async (): Promise<Task[]> =>
    (await api<{ tasks: Task[] }>('GET', '/api/reviews?status=open&pageSize=200')).tasks;
  const expectNoSeriousA11yIssues = async (where: string): Promise<void> => {
    const violations = await axeViolations(page, AXE);
    for (const v of violations)
      console.log(`axe ${where}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, [], `axe found serious or critical violations on the ${where}`);
  };

  before(async () => {
    const built = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.web.json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(
      built.status,
      0,
      `the steward page did not build:\n${built.stdout}${built.stderr}`,
    );
    mkdirSync(OUTPUT, { recursive: true });
    t = await startTestApp('steward_ui');
    steward = await t.token('steward');
    const admin = await t.token('admin');
    // Seed only the pairs the model in use calls probable, so tasks open whatever its weights.
    const probable: SeedPair[] = [];
    for (const pair of pairLadder()) {
      const score = await api<{ class: string }>('POST', '/api/compare', { a: pair.a, b: pair.b });
      if (score.class === 'probable') probable.push(pair);
    }
    // One task is decided by a case; the others need one left open, whatever the order.
    assert.ok(
      probable.length >= 2,
      'fewer than two pairs of the ladder are probable matches under this model',
    );
    console.log(`steward e2e: probable pairs: ${probable.map((p) => p.rung).join('; ')}`);
    await api('POST', '/api/records', { records: probable.map((p) => p.a) }, admin);
    await api('POST', '/api/records', { records: probable.map((p) => p.b) }, admin);
    browser = await launchTestBrowser();
    console.log(`steward e2e: browser ${browser.which}`);
    page = await watchedPage(browser);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A page whose CSP violations and script errors land in `problems`. */
  async function watchedPage(on: TestBrowser): Promise<Page> {
    const watched = on.context.pages()[0] ?? (await on.context.newPage());
    watched.on('console', (m) => {
      // The refused sign-ins below log their 401 and 403 answers; anything else is a problem.
      if (/status of 40[13]/.test(m.text())) return;
      if (m.type() === 'error' || /Content.Security.Policy|Refused to/i.test(m.text()))
        problems.push(`console ${m.type()}: ${m.text()}`);
    });
    watched.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return watched;
  }

  // Each case's own page loads: none may log a CSP violation or a script error.
  beforeEach(() => {
    problems.length = 0;
  });
  afterEach(() => {
    assert.deepEqual(problems, [], 'a CSP violation or a script error was logged');
  });

  /** The page fresh from the server, signed in with the steward's token, on the queue. */
  async function openQueue(on: Page = page): Promise<void> {
    await on.goto(`${t.baseUrl}/steward`);
    await on.getByLabel('Steward token').fill(steward);
    await on.getByRole('button', { name: 'Sign in' }).click();
    await on.locator('#task-table').waitFor();
  }

  /** Opens the first possible-match task of the queue by keyboard; answers the task. */
  async function openFirstTask(): Promise<Task> {
    const first = page.locator('#task-table a.task-link', { hasText: 'Possible match' }).first();
    const id = (await first.locator('xpath=ancestor::tr').getAttribute('data-task-id')) ?? '';
    const task = (await openTasks()).find((x) => x.id === id);
    assert.ok(task, 'the focused row is an open task');
    await first.focus();
    await page.keyboard.press('Enter');
    await page.locator('#task-heading').waitFor();
    return task;
  }

  it('seeds probable matches that open review tasks', async () => {
    const tasks = await openTasks();
    assert.ok(
      tasks.some(
        (task) => task.kind === 'possible-match' && task.record_id && task.candidate_person_id,
      ),
      `expected an open possible-match task, got ${JSON.stringify(tasks.map((x) => x.kind))}`,
    );
  });

  it('serves the page under a strict Content-Security-Policy and signs in with a pasted token', async () => {
    const response = await page.goto(`${t.baseUrl}/steward`);
    assert.equal(response?.status(), 200);
    const csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const script = await fetch(`${t.baseUrl}/steward/js/main`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    for (const probe of [
      '/steward/js/..%2F..%2Fpackage',
      '/steward/js/main.ts',
      '/steward/js/Main',
    ]) {
      assert.equal((await fetch(`${t.baseUrl}${probe}`)).status, 404, probe);
    }
    await expectNoSeriousA11yIssues('sign-in page');
    const refused: [string, RegExp][] = [
      ['not.a.token', /refused this token/],
      [await t.token('ingest'), /no steward role/],
    ];
    for (const [token, message] of refused) {
      await page.getByLabel('Steward token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#sign-in-message', { hasText: message }).waitFor();
    }
    await page.getByLabel('Steward token').fill(steward);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#task-table').waitFor();
    assert.equal(
      await page.getByLabel('Steward token').inputValue(),
      '',
      'the token stays in the field',
    );
  });

  it('shows the queue with counts, filters and keyboard navigation', async () => {
    await openQueue();
    const tasks = await openTasks();
    const rows = page.locator('#task-table tbody tr');
    assert.equal(await rows.count(), tasks.length);
    assert.match(
      (await page.locator('.counts').textContent()) ?? '',
      new RegExp(`Open tasks: ${tasks.length}`),
    );
    assert.match(
      (await page.locator('#task-table thead').textContent()) ?? '',
      /Task.*Score.*Age.*Sources.*Assignee/,
    );
    await page.locator('#queue-heading').focus();
    await page.keyboard.press('j');
    assert.equal(await page.evaluate('document.activeElement?.className'), 'task-link');
    if (tasks.length > 1) {
      await page.keyboard.press('j');
      await page.keyboard.press('k');
    }
    const focused = await page.evaluate(
      `document.activeElement?.closest('tr')?.getAttribute('data-task-id')`,
    );
    assert.equal(focused, await rows.first().getAttribute('data-task-id'));
    await page.getByLabel('Kind').selectOption('merge-persons');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await waitUntil(
      page,
      `!document.querySelector('#task-table a.task-link')?.textContent?.includes('Possible')`,
    );
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('#task-table tbody tr').first().waitFor();
    await page.screenshot({ path: path.join(OUTPUT, 'steward-queue.png'), fullPage: true });
    await expectNoSeriousA11yIssues('queue');
  });

  it('opens a task by keyboard with both sides and the score waterfall', async () => {
    await openQueue();
    const { id } = await openFirstTask();
    assert.equal(new URL(page.url()).hash, `#/task/${id}`);
    const sides = page.locator('#sides-table tbody tr');
    assert.ok((await sides.count()) >= 3);
    assert.equal(
      await page.locator('#sides-table tr[data-field="familyName"]').getAttribute('class'),
      'agree-same',
    );
    const svg = page.locator('svg#waterfall');
    await svg.waitFor();
    const detail = await api<{ task: { explanation: { comparisons: unknown[] } } }>(
      'GET',
      `/api/reviews/${id}`,
    );
    assert.equal(
      await svg.locator('rect.wf-bar').count(),
      detail.task.explanation.comparisons.length + 2,
      'one bar per comparison plus prior and total',
    );
    assert.ok((await svg.locator('g.wf-threshold').count()) >= 2, 'threshold lines are drawn');
    assert.ok((await svg.locator('rect.bar-for').count()) >= 1, 'some evidence is for the match');
    assert.match((await svg.getAttribute('aria-labelledby')) ?? '', /wf-desc/);
    await page.screenshot({ path: path.join(OUTPUT, 'steward-task.png'), fullPage: true });
    await expectNoSeriousA11yIssues('task view');
  });

  it('links the record: the next task opens, the person holds the record, the queue no longer lists the task, and undo from the history takes it back', async () => {
    await openQueue();
    const decided = await openFirstTask();
    const before = await openTasks();
    await page.getByLabel(/Reason/).fill('same name and birth date; moved house');
    await page.locator('button[data-decision="link"]').click();
    await page.locator('.flash-message', { hasText: 'Linked' }).waitFor();
    if (before.some((task) => task.id !== decided.id)) {
      await waitUntil(
        page,
        `location.hash.startsWith('#/task/') && !location.hash.endsWith('${decided.id}') && !!document.querySelector('#task-heading')`,
      );
    } else {
      await page.locator('#task-table, #queue-empty').first().waitFor();
    }
    const undoLink = page.getByRole('link', { name: /Open the person/ });
    assert.equal(await undoLink.getAttribute('href'), `#/person/${decided.candidate_person_id}`);
    const after = await openTasks();
    assert.equal(
      after.some((task) => task.id === decided.id),
      false,
      'the task is still open',
    );

    await page.getByRole('link', { name: /Open the person/ }).click();
    await page.locator('#person-heading').waitFor();
    assert.equal(new URL(page.url()).hash, `#/person/${decided.candidate_person_id}`);
    await page.locator(`#records-table tr[data-record-id="${decided.record_id}"]`).waitFor();
    assert.equal(await page.locator('#records-table tbody tr').count(), 2);
    assert.ok((await page.locator('#golden-table tbody tr').count()) >= 3, 'golden fields');
    assert.match((await page.locator('#golden-table').textContent()) ?? '', /st-mary|city-clinic/);
    assert.match(
      (await page.locator('#golden-table td.reason').first().textContent()) ?? '',
      /\d+ of \d+ registrations|registrations agree|the only registration/,
      'each value says why it won',
    );
    assert.equal(await page.locator('#history-table tr[data-kind="manual-link"]').count(), 1);
    await page.screenshot({ path: path.join(OUTPUT, 'steward-person.png'), fullPage: true });
    await expectNoSeriousA11yIssues('person view');

    await page.getByRole('link', { name: 'Queue', exact: true }).click();
    await page.locator('#task-table, #queue-empty').first().waitFor();
    assert.equal(await page.locator(`tr[data-task-id="${decided.id}"]`).count(), 0);
    await page.goBack();
    await page.locator('#history-table').waitFor();

    const linkEvent = page.locator('#history-table tr[data-kind="manual-link"]');
    await linkEvent.getByRole('button', { name: /^Undo/ }).click();
    await page.locator('.flash-message', { hasText: 'Undone' }).waitFor();
    await page.locator('#history-table tr[data-kind="undo"]').waitFor();
    assert.equal(
      await page.locator(`#records-table tr[data-record-id="${decided.record_id}"]`).count(),
      0,
      'the record is still in the person',
    );
    assert.equal(
      await page.locator('#history-table tr[data-kind="manual-link"] button.undo').count(),
      0,
      'an undone event still offers Undo',
    );
    const path_ = `/api/persons/${decided.candidate_person_id}`;
    const person = await api<{ records: { recordId: string }[] }>('GET', path_);
    assert.equal(
      person.records.some((r) => r.recordId === decided.record_id),
      false,
    );
  });

  it('leaves no patient data in browser storage, the profile or the page after signing out', async () => {
    // A browser of its own: it is closed here, to read what its profile kept.
    const own = await launchTestBrowser();
    try {
      const fresh = await watchedPage(own);
      await openQueue(fresh);
      const [task] = (await openTasks()).filter((x) => x.kind === 'possible-match');
      assert.ok(task?.candidate_person_id, 'an open possible-match task');
      await fresh.evaluate(`location.hash = '#/task/${task.id}'`);
      await fresh.locator('#sides-table tbody tr').first().waitFor();
      await fresh.evaluate(`location.hash = '#/person/${task.candidate_person_id}'`);
      await fresh.locator('#golden-table tbody tr').first().waitFor();
      // A string, not a function: the test build has no DOM types.
      const storage = await fresh.evaluate(`(async () => ({
        local: localStorage.length,
        session: sessionStorage.length,
        indexedDb: (await indexedDB.databases()).length,
        caches: (await caches.keys()).length,
        cookies: document.cookie,
        workers: (await navigator.serviceWorker.getRegistrations()).length,
      }))()`);
      assert.deepEqual(storage, {
        local: 0,
        session: 0,
        indexedDb: 0,
        caches: 0,
        cookies: '',
        workers: 0,
      });
      assert.deepEqual(await own.context.cookies(), []);
      await fresh.getByRole('button', { name: 'Sign out' }).click();
      await fresh.getByLabel('Steward token').waitFor();
      const text = (await fresh.locator('body').textContent()) ?? '';
      for (const value of PHI)
        assert.equal(
          text.toLowerCase().includes(value.toLowerCase()),
          false,
          `the page still shows ${value} after sign-out`,
        );
      await own.context.close();
      const leaked = filesContaining(own.profileDir, PHI);
      assert.deepEqual(leaked, [], 'patient data was written to the browser profile');
    } finally {
      await own.close();
    }
  });
});

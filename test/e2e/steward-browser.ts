import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import chromiumPackage from '@sparticuz/chromium';
import { BrowserContext, Page, chromium } from 'playwright-core';

/**
 * Headless Chromium for the steward page's end-to-end tests, with nothing to install beyond
 * npm: the binary inside @sparticuz/chromium first, Debian's /usr/bin/chromium as a fallback
 * for CI images that have it. When neither starts the caller gets an error naming both
 * failures, so a suite can never pass without a browser.
 */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** Which binary launched, for the log. */
  readonly which: string;
  readonly profileDir: string;
  close(): Promise<void>;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

async function tryLaunch(executablePath: string, profileDir: string): Promise<BrowserContext> {
  // A fresh profile each run (Playwright passes it as --user-data-dir).
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
}

export async function launchTestBrowser(): Promise<TestBrowser> {
  const failures: string[] = [];
  const candidates: { which: string; path: () => Promise<string> }[] = [
    { which: '@sparticuz/chromium', path: () => chromiumPackage.executablePath() },
    {
      which: DEBIAN_CHROMIUM,
      path: async () =>
        existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : Promise.reject(new Error('not installed')),
    },
  ];
  for (const candidate of candidates) {
    const profileDir = mkdtempSync(path.join(os.tmpdir(), 'mpi-steward-profile-'));
    try {
      const executable = await candidate.path();
      const context = await tryLaunch(executable, profileDir);
      const which = `${candidate.which} (${executable}, Chromium ${context.browser()?.version() ?? '?'})`;
      return {
        context,
        which,
        profileDir,
        close: async () => {
          await context.close();
          rmSync(profileDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      rmSync(profileDir, { recursive: true, force: true });
      failures.push(
        `${candidate.which}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }
  throw new Error(
    `no headless Chromium could be launched for the steward page tests:\n  ${failures.join('\n  ')}`,
  );
}

/** Every axe-core violation on the page as it is now (axe is loaded on demand, without a script tag, so the CSP stays strict). */
export async function axeViolations(
  page: Page,
  axeSource: string,
): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(`(() => {\n${axeSource}\n;return typeof window.axe;})()`);
  const result = (await page.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact || 'unknown', help: v.help, targets: v.nodes.map((n) => String(n.target)) })))`)) as {
    id: string;
    impact: string;
    help: string;
    targets: string[];
  }[];
  return result;
}

/**
 * Polls `expression` from the test side until it is truthy. Playwright's waitForFunction
 * polls with eval inside the page, which the page's CSP (rightly) refuses.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The browser suite: the real stack (lean host serving ui/dist, a worker host, Redis) driven through Debian's
// chromium. Run with `node --test e2e/`; screenshots of every page land in ui/test-results/ (a CI artifact).
// Tests that need endpoints other branches add (live log stream, cancel, events stream) fail with a message naming
// the missing endpoint until those branches are merged.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { startStack } from './stack.mjs';

const results = resolve(process.env.UI_RESULTS_DIR ?? join(import.meta.dirname, '..', 'test-results'));
mkdirSync(results, { recursive: true });

let stack;
let browser;
let page;
const consoleErrors = [];

/** A test that fails leaves a screenshot of where it stood. */
function step(name, fn, options = {}) {
  test(name, options, async () => {
    try {
      await fn();
    } catch (e) {
      await page?.screenshot({ path: join(results, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => {});
      throw e;
    }
  });
}

async function shot(name) {
  await page.screenshot({ path: join(results, `${name}.png`), fullPage: true });
}

/** Only the endpoints other branches are adding may fail to load; anything else logged as an error fails a test. */
function unexpectedConsoleErrors() {
  return consoleErrors.filter((e) => !/\/api\/(events\/stream|runs\/[^/]+\/(stream|cancel|retry)|admin\/|secrets)/.test(e) && !/Failed to load resource: the server responded with a status of 404/.test(e));
}

async function createJob(body) {
  const created = await stack.api('POST', '/jobs', body);
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return { job: created.json, runId: created.headers.get('x-run-id') };
}

describe('Hydra control plane in a real browser', { concurrency: false }, () => {
  before(async () => {
    stack = await startStack({ logDir: results });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15000);
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${m.text()} @ ${m.location().url}`));
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  });

  after(async () => {
    writeFileSync(join(results, 'console-errors.txt'), consoleErrors.join('\n') + '\n');
    await browser?.close();
    await stack?.stop();
  });

  step('signs in with the admin token', async () => {
    await page.goto(`${stack.base}/jobs`);
    await page.waitForURL(/\/signin/);
    await shot('01-sign-in');
    await page.getByLabel('Token').fill(stack.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/jobs');
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.goto(`${stack.base}/`);
    await page.getByTestId('stat-workers').getByText('1', { exact: true }).waitFor();
    await shot('02-overview');
  });

  step('a wrong token sends the user back to sign-in with the reason', async () => {
    const good = await page.evaluate(() => localStorage.getItem('hydra.token'));
    await page.evaluate(() => localStorage.setItem('hydra.token', 'not-a-token'));
    await page.goto(`${stack.base}/workers`);
    await page.waitForURL(/\/signin/);
    await page.getByTestId('signin-reason').waitFor();
    await shot('01-sign-in-refused');
    await page.evaluate((t) => localStorage.setItem('hydra.token', t), good);
    // The refused requests of this test are expected in the console.
    for (let i = consoleErrors.length - 1; i >= 0; i--) if (/status of 401/.test(consoleErrors[i])) consoleErrors.splice(i, 1);
  });

  step('creates a shell job in the editor and sees its run reach success on the job page', async () => {
    await page.goto(`${stack.base}/jobs/new`);
    await page.getByRole('textbox', { name: /^Name/ }).fill('e2e-hello');
    // The live validation marks the empty script before the job is created.
    await page.getByText('is required for a shell executor').waitFor();
    await page.getByLabel('Script').fill('echo hello from the browser');
    await page.getByRole('combobox', { name: 'stdout must contain' }).fill('hello');
    await page.getByRole('combobox', { name: 'stdout must contain' }).press('Enter');
    await page.getByText('is required for a shell executor').waitFor({ state: 'detached' });
    await shot('03-job-editor');
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f]{32}$/);
    await page.locator('[data-testid=run-row][data-status=success]').first().waitFor({ timeout: 30000 });
    await page.getByTestId('runs-chart').waitFor();
    await shot('04-job-detail');
    await page.goto(`${stack.base}/jobs`);
    await page.getByRole('link', { name: 'e2e-hello' }).waitFor();
    await shot('05-jobs');
  });

  step('opens a running job and sees its log lines arrive while it runs', async () => {
    const { runId } = await createJob({ name: 'e2e-lines', executor: { type: 'shell', script: 'for i in $(seq 1 30); do echo line $i; sleep 0.2; done' } });
    assert.ok(runId, 'POST /api/jobs of an immediate job answers X-Run-Id');
    await page.goto(`${stack.base}/runs/${runId}`);
    const state = page.getByTestId('log-state');
    await state.waitFor();
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid=log-state]')?.textContent ?? '';
      return text !== 'connecting…';
    }, undefined, { timeout: 15000 });
    assert.notEqual(await state.textContent(), 'live log not available',
      'GET /api/runs/{id}/stream is not available on this server (the events/live-logs branch adds it): no live output');
    await page.locator('[data-testid=log-line]', { hasText: 'line 3' }).first().waitFor({ timeout: 20000 });
    const seen = await page.locator('[data-testid=log-line]').count();
    const run = (await stack.api('GET', `/runs/${runId}`)).json;
    assert.ok(seen < 30 || run.status === 'running', `log lines must arrive while the run is running (saw ${seen} lines, run ${run.status})`);
    await shot('06-run-live-log');
    await page.locator('[data-testid=log-line]', { hasText: 'line 30' }).first().waitFor({ timeout: 30000 });
  });

  step('cancels a sleep 100 run and sees cancelled', async () => {
    const { runId } = await createJob({ name: 'e2e-sleep', executor: { type: 'shell', script: 'sleep 100' } });
    await page.goto(`${stack.base}/runs/${runId}`);
    await page.locator('[data-status=running]').first().waitFor({ timeout: 20000 });
    await page.getByRole('button', { name: 'Cancel run' }).click();
    const message = page.getByTestId('run-message');
    await message.waitFor();
    const text = (await message.textContent()) ?? '';
    assert.ok(!/not available/.test(text), `POST /api/runs/{id}/cancel is not available on this server (the reliability branch adds it): ${text}`);
    await page.locator('[data-status=cancelled]').first().waitFor({ timeout: 30000 });
    await shot('07-run-cancelled');
  });

  step('sees the worker on the workers page', async () => {
    await page.goto(`${stack.base}/workers`);
    await page.getByTestId('worker-row').filter({ hasText: stack.workerId }).waitFor();
    await shot('08-workers');
  });

  step('sees events arrive on the events page', async () => {
    await page.goto(`${stack.base}/events`);
    const state = page.getByTestId('events-state');
    await page.waitForFunction(() => (document.querySelector('[data-testid=events-state]')?.textContent ?? '') !== 'connecting', undefined, { timeout: 15000 }).catch(() => {});
    const now = (await state.textContent()) ?? '';
    await shot('09-events');
    assert.notEqual(now, 'unavailable', 'GET /api/events/stream is not available on this server (the events/live-logs branch adds it)');
    await createJob({ name: 'e2e-events', executor: { type: 'shell', script: 'echo event' } });
    await page.getByTestId('event-row').first().waitFor({ timeout: 20000 });
    await shot('09-events');
  });

  step('the admin page explains what is not available and shows what is', async () => {
    await page.goto(`${stack.base}/admin`);
    await page.getByRole('tab', { name: 'Domains' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[role=status]'), undefined, { timeout: 15000 });
    await shot('10-admin');
  });

  test('no uncaught errors or unexpected console errors on any page', () => {
    assert.deepEqual(unexpectedConsoleErrors(), []);
  });
});

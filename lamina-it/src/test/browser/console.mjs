// ConsoleIT's browser half: drives the web console in the system's Chromium with playwright-core.
// Environment: CONSOLE (the node's console URL, ending in /console/), ACCESS_KEY, SECRET_KEY,
// FUNCTION (a function that logs LOG_LINE and has an environment variable whose value is
// HIDDEN_VALUE), SHOTS (where screenshots go), MODULES (the node_modules holding playwright-core),
// CHROMIUM (the browser's executable). Prints one line per step; exits non-zero at the first
// step that fails, with what the page showed.
import { createRequire } from 'node:module';
import path from 'node:path';

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const consoleUrl = env('CONSOLE');
const fnName = env('FUNCTION');
const shots = env('SHOTS');
const { chromium } = createRequire(path.join(env('MODULES'), 'x.js'))('playwright-core');

const started = Date.now();
const step = (what) => console.log(`step (${Date.now() - started} ms): ${what}`);
const expect = (ok, what) => { if (!ok) throw new Error('expected ' + what); };

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));

  step('an unauthenticated visit gets the sign-in page, and nothing of the console');
  await page.goto(consoleUrl);
  expect(page.url().endsWith('/console/signin'), 'a redirect to /console/signin, got ' + page.url());
  await page.getByLabel('Access key ID').waitFor();
  const closed = await page.evaluate(async () => Promise.all(
    ['/console/assets/app.js', '/console/api/functions', '/console/'].map(async (p) => {
      const r = await fetch(p, { redirect: 'manual' });
      return `${p} ${r.status} ${r.type}`;
    })));
  expect(closed[0] === '/console/assets/app.js 401 basic', 'app.js to be 401 without a session: ' + closed);
  expect(closed[1] === '/console/api/functions 401 basic', 'the API to be 401 without a session: ' + closed);
  expect(closed[2] === '/console/ 0 opaqueredirect', 'the console page to redirect without a session: ' + closed);
  await page.screenshot({ path: path.join(shots, '01-sign-in.png') });

  step('a wrong secret is refused, in words, on the page');
  await page.getByLabel('Access key ID').fill(env('ACCESS_KEY'));
  await page.getByLabel('Secret access key').fill('not-the-secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();

  step('signing in with the keyboard alone');
  await page.getByLabel('Access key ID').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(env('ACCESS_KEY'));
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(env('SECRET_KEY'));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/console\/$/);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'lamina-console');
  expect(session && session.httpOnly && session.sameSite === 'Strict', 'an HttpOnly SameSite=Strict cookie: ' + JSON.stringify(cookies));
  expect(await page.evaluate(() => document.cookie) === '', 'the cookie out of the script\'s reach');

  step('the functions list finds the function');
  await page.getByRole('heading', { name: 'Functions' }).waitFor();
  await page.getByLabel('Search functions').fill(fnName);
  const link = page.getByRole('link', { name: fnName, exact: true });
  await link.waitFor();
  await page.screenshot({ path: path.join(shots, '02-functions.png') });

  step('the function page shows its configuration, its environment variable masked');
  await link.click();
  await page.getByRole('heading', { name: 'Configuration' }).waitFor();
  const text = await page.locator('main').innerText();
  expect(text.includes('python3'), 'the runtime on the page: ' + text);
  expect(text.includes('GREETING'), 'the variable\'s name on the page: ' + text);
  expect(!(await page.content()).includes(env('HIDDEN_VALUE')), 'the variable\'s value nowhere in the page');
  await page.screenshot({ path: path.join(shots, '03-function.png'), fullPage: true });

  step('the chart before any invocation shows none');
  await page.getByRole('link', { name: 'Monitoring' }).click();
  const before = await invocationsOnChart(page);
  expect(before === 0, 'no invocations on the chart yet, got ' + before);

  step('a test invocation shows the response and the log');
  await page.getByRole('link', { name: 'Test' }).click();
  await page.getByLabel('Event (JSON)').fill('{"name": "console"}');
  await page.getByRole('button', { name: 'Invoke' }).click();
  await page.locator('#log').filter({ hasText: env('LOG_LINE') }).waitFor({ timeout: 20_000 });
  const payload = await page.locator('#payload').innerText();
  expect(payload.includes('hello console'), 'the function\'s answer on the page: ' + payload);
  expect((await page.locator('#log').innerText()).includes('REPORT RequestId'), 'the REPORT line in the log tail');
  await page.screenshot({ path: path.join(shots, '04-test-invoke.png'), fullPage: true });

  step('the chart now counts the invocation');
  let after = 0;
  for (let i = 0; i < 20 && after < 1; i++) {
    if (i > 0) await page.waitForTimeout(500);
    await page.getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('link', { name: 'Monitoring' }).click();
    after = await invocationsOnChart(page);
  }
  expect(after >= 1, 'the invocation on the chart, got ' + after);
  expect(await page.locator('.chart canvas').count() === 1, 'a uPlot canvas');
  await page.screenshot({ path: path.join(shots, '05-monitoring.png'), fullPage: true });

  step('usage and cost lists the function');
  await page.getByRole('link', { name: 'Usage and cost' }).click();
  await page.getByRole('cell', { name: fnName, exact: true }).waitFor({ timeout: 15_000 }).catch(async () => {
    // usage records are written off the invoke path: a reload finds them once they are
    for (let i = 0; i < 10; i++) {
      await page.reload();
      if (await page.getByRole('cell', { name: fnName, exact: true }).count() > 0) return;
      await page.waitForTimeout(500);
    }
    throw new Error('expected the function on the usage page');
  });
  await page.screenshot({ path: path.join(shots, '06-usage.png'), fullPage: true });

  step('on a narrow screen the list fits without scrolling sideways');
  await page.setViewportSize({ width: 375, height: 740 });
  await page.getByRole('link', { name: 'Functions', exact: true }).click();
  await page.getByRole('link', { name: fnName, exact: true }).waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, 'no sideways scrolling at 375 px, the page is ' + wide + ' px wide');
  await page.screenshot({ path: path.join(shots, '07-narrow.png'), fullPage: true });

  step('signing out ends the session');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/console\/signin$/);
  const status = await page.evaluate(async () => (await fetch('/console/api/functions')).status);
  expect(status === 401, 'the API closed after sign-out, got ' + status);

  expect(problems.length === 0, 'no script errors on the pages: ' + problems.join('; '));
  step('done');
} catch (e) {
  console.error('FAILED: ' + e.message);
  if (page) {
    await page.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    console.error('page text: ' + (await page.locator('body').innerText().catch(() => '?')).slice(0, 2000));
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}

/** The invocations the monitoring chart drew, once it drew. */
async function invocationsOnChart(page) {
  const chart = page.locator('.chart[data-invocations]');
  await chart.waitFor();
  return Number(await chart.getAttribute('data-invocations'));
}

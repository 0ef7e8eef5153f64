// End-to-end test of the web app in headless Chromium: the shell, navigation to every page,
// the Data page's built-in sample generated in the browser, and IndexedDB surviving a reload. Screenshots go to docs/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, checks } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'docs', 'screenshots');
assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `trunk build --release`');
fs.mkdirSync(shots, { recursive: true });

const PAGES = ['Overview', 'Data', 'Pipeline', 'Experiments', 'Models', 'Monitoring', 'Deploy', 'Predict', 'Sync', 'Settings'];

const server = await serve(dist);
const { page, errors, close } = await launch();
const title = () => page.textContent('#page-title');

let failures;
try {
  failures = await checks([
    ['the app mounts with header, navigation and the Overview page', async () => {
      await page.goto(server.url);
      await page.waitForSelector('#page-title');
      assert.equal(await page.textContent('.brand'), 'Hearth');
      assert.equal(await title(), 'Overview');
      const nav = await page.$$eval('nav a', (as) => as.map((a) => a.textContent));
      assert.deepEqual(nav, PAGES);
      await page.waitForSelector('#overview-data');
      assert.match(await page.textContent('#overview-data'), /^No data yet/);
    }],
    ['every navigation link opens its page and marks itself current', async () => {
      for (const name of PAGES) {
        await page.click(`#nav-${name.toLowerCase()}`);
        await page.waitForFunction((n) => document.querySelector('#page-title').textContent === n, name);
        assert.equal(await page.getAttribute(`#nav-${name.toLowerCase()}`, 'aria-current'), 'page');
      }
    }],
    ['a fresh profile has no dataset', async () => {
      await page.click('#nav-data');
      await page.waitForSelector('#data-empty');
      await page.screenshot({ path: path.join(shots, 'data-empty.png') });
    }],
    ['"Load sample data" generates the 545-row, 13-column sample in the browser', async () => {
      await page.click('#load-sample');
      await page.waitForSelector('#data-summary');
      assert.equal(await page.textContent('#data-summary'), '545 rows × 13 columns');
      const header = await page.$$eval('#data-preview thead th', (th) => th.map((t) => t.textContent));
      assert.equal(header.length, 13);
      assert.ok(header.includes('price') && header.includes('area'), `columns: ${header}`);
      assert.equal(await page.$$eval('#data-preview tbody tr', (tr) => tr.length), 10);
    }],
    ['the dataset and the page address survive a reload (IndexedDB)', async () => {
      const before = await page.textContent('#data-preview');
      await page.reload();
      await page.waitForSelector('#data-summary');
      assert.equal(await title(), 'Data');
      assert.equal(await page.textContent('#data-summary'), '545 rows × 13 columns');
      assert.equal(await page.textContent('#data-preview'), before);
      await page.screenshot({ path: path.join(shots, 'data-sample.png'), fullPage: true });
    }],
    ['the Overview summarises the stored dataset', async () => {
      await page.click('#nav-overview');
      await page.waitForSelector('#overview-shape');
      assert.equal(await page.textContent('#overview-shape'), '545 rows × 13 columns');
      assert.equal(await page.textContent('#overview-versions'), '1');
    }],
    ['no console errors, page errors or failed requests', async () => {
      assert.deepEqual(errors, []);
    }],
  ]);
} finally {
  await close();
  await server.close();
}
console.log(failures === 0 ? 'browser: all checks passed' : `browser: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

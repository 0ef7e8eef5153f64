// Overview, Experiments and Settings end to end in headless Chromium, then offline:
// sample → pipeline run → the Overview shows the run and the champion's metrics → a second run with
// another seed → Experiments lists both, sorts and filters them, compares them (params, metric
// deltas) and charts a run's test rows → Settings exports the workspace (checksum verified here
// independently), refuses a tampered file without changing anything, clear site data (IndexedDB
// deleted) → import → every store's digest equals the one before export; "Clear workspace" with
// confirmation → import again → identical → network off → reload: the service worker serves the
// app shell and the stored runs are all there.
// Screenshots: docs/screenshots/overview.png, experiments.png, settings.png.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, checks } from './browser.mjs';
import { digest as idbDigest } from './shared.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'docs', 'screenshots');
assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `trunk build --release`');
assert.ok(fs.existsSync(path.join(dist, 'sw.js')), 'dist/sw.js is missing: the Trunk post_build hook did not run');
fs.mkdirSync(shots, { recursive: true });

const server = await serve(dist);
const { context, page, errors, close } = await launch();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-settings-'));
const state = {};

const digest = () => idbDigest(page);

const runPipeline = async (seed) => {
  await page.click('#nav-pipeline');
  await page.waitForSelector('#run-pipeline:not([disabled])');
  const before = await page.$('#run-id') ? await page.textContent('#run-id') : null;
  await page.fill('#param-seed', String(seed));
  await page.click('#run-pipeline');
  await page.waitForFunction((b) => {
    const id = document.querySelector('#run-id');
    return id && id.textContent !== b && document.querySelector('#gate-verdict')
      && document.querySelector('#run-pipeline').textContent === 'Run pipeline';
  }, before, { timeout: 180_000 });
  return page.textContent('#run-id');
};
const tableR2 = () => page.$$eval('#runs-table tbody tr', (tr) => tr.map((r) => Number(r.querySelector('td[data-metric="test_r2"]').textContent)));
const tableIds = () => page.$$eval('#runs-table tbody tr', (tr) => tr.map((r) => r.dataset.run));
const openSettings = async () => {
  await page.click('#nav-settings');
  await page.waitForSelector('#storage-used');
};

let failures;
try {
  failures = await checks([
    ['an empty workspace: the Overview and Experiments say what to do, with links', async () => {
      await page.goto(server.url);
      await page.waitForSelector('#overview-drift');
      assert.match(await page.textContent('#overview-data'), /^No data yet/);
      assert.match(await page.textContent('#overview-run'), /^No pipeline run yet/);
      assert.match(await page.textContent('#overview-champion'), /^No champion yet/);
      assert.match(await page.textContent('#overview-drift'), /^No drift check yet/);
      assert.equal(await page.getAttribute('#overview-drift a', 'href'), '#monitoring');
      await page.click('#nav-experiments');
      await page.waitForSelector('#experiments-empty');
    }],
    ['sample → pipeline run (seed 42): the Overview shows the run, the gate and the champion\'s metrics', async () => {
      await page.click('#nav-data');
      await page.click('#load-sample');
      await page.waitForSelector('#data-version-tag');
      state.run1 = await runPipeline(42);
      state.r2 = await page.textContent('#metrics tr[data-metric="r2"] td');
      await page.click('#nav-overview');
      await page.waitForSelector('#overview-run-id');
      assert.equal(await page.textContent('#overview-run-id'), state.run1);
      assert.equal(await page.textContent('#overview-run-status'), 'succeeded');
      assert.match(await page.textContent('#overview-run'), /gate PASSED/);
      assert.equal(await page.textContent('#overview-champion-version'), '1');
      assert.equal(await page.textContent('#overview-champion-metrics [data-metric="test_r2"] dd'), state.r2);
      assert.equal(await page.textContent('#overview-run-metrics [data-metric="test_r2"] dd'), state.r2);
      assert.equal(await page.textContent('#overview-versions'), '1');
      assert.equal(await page.textContent('#overview-shape'), '545 rows × 13 columns');
      assert.match(await page.textContent('#overview-drift'), /^No drift check yet/);
      await page.screenshot({ path: path.join(shots, 'overview.png'), fullPage: true });
    }],
    ['a second run with seed 7; Experiments lists both, sorts by a column both ways and filters', async () => {
      state.run2 = await runPipeline(7);
      assert.notEqual(state.run2, state.run1);
      await page.click('#nav-experiments');
      await page.waitForSelector('#runs-table tbody tr');
      assert.equal(await page.textContent('#runs-count'), '2 of 2 runs');
      assert.deepEqual(await tableIds(), [state.run2, state.run1], 'newest first by default');
      await page.click('button.sort[data-sort="test_r2"]');
      const desc = await tableR2();
      assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
      assert.equal(await page.getAttribute('th:has(button[data-sort="test_r2"])', 'aria-sort'), 'descending');
      await page.click('button.sort[data-sort="test_r2"]');
      const asc = await tableR2();
      assert.deepEqual(asc, [...desc].reverse());
      assert.notEqual(asc[0], asc[1], 'two seeds should give two different test R²');
      await page.click('button.sort[data-sort="seed"]');
      assert.deepEqual(await page.$$eval('#runs-table td[data-col="seed"]', (t) => t.map((c) => c.textContent)), ['42', '7']);
      await page.fill('#runs-filter', 'seed 7');
      await page.waitForFunction(() => document.querySelector('#runs-count').textContent === '1 of 2 runs');
      assert.deepEqual(await tableIds(), [state.run2]);
      assert.equal(await page.textContent('#runs-count'), '1 of 2 runs');
      await page.fill('#runs-filter', 'no-such-run');
      await page.waitForSelector('#runs-none');
      await page.fill('#runs-filter', '');
      await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr').length === 2);
    }],
    ['two runs compared: the seed differs, metric deltas are B − A', async () => {
      await page.click('button.sort[data-sort="started"]'); // text columns sort ascending first: oldest first
      await page.waitForFunction((first) => document.querySelector('#runs-table tbody tr').dataset.run === first, state.run1);
      assert.deepEqual(await tableIds(), [state.run1, state.run2]); // A = seed 42, B = seed 7
      await page.click(`tr[data-run="${state.run1}"] .select-run`);
      await page.click(`tr[data-run="${state.run2}"] .select-run`);
      await page.waitForSelector('#compare');
      assert.equal(await page.getAttribute('#compare-params tr[data-param="split.seed"]', 'class'), 'differs');
      assert.deepEqual(await page.$$eval('#compare-params tr[data-param="split.seed"] td', (t) => t.map((c) => c.textContent)), ['42', '7']);
      assert.equal(await page.getAttribute('#compare-params tr[data-param="gate.min_r2"]', 'class'), null);
      const [a, b, d] = await page.$$eval('#compare-metrics tr[data-metric="test_r2"] td', (t) => t.map((c) => c.textContent));
      // Each shown value is rounded to 4 decimals, so their difference may be 1e-4 off the delta's.
      assert.ok(Math.abs(Number(d) - (Number(b) - Number(a))) <= 1.0001e-4, `${b} − ${a} vs ${d}`);
      assert.ok(Math.abs(Number(d)) > 0, `delta ${d}`);
    }],
    ['charts: predicted vs actual and residuals, one dot per test row, for the chosen run', async () => {
      await page.click(`tr[data-run="${state.run1}"] .chart-button`);
      await page.waitForSelector('#chart-pred-actual circle');
      assert.equal(await page.$$eval('#chart-pred-actual circle', (c) => c.length), 109);
      assert.equal(await page.$$eval('#chart-residuals circle', (c) => c.length), 109);
      assert.equal(await page.getAttribute(`tr[data-run="${state.run1}"] .chart-button`, 'aria-pressed'), 'true');
      await page.screenshot({ path: path.join(shots, 'experiments.png'), fullPage: true });
    }],
    ['Settings: storage estimate, persistence request, offline ready', async () => {
      await openSettings();
      assert.ok(Number(await page.getAttribute('#storage-used', 'data-bytes')) > 0);
      await page.click('#persist');
      await page.waitForFunction(() => !document.querySelector('#persist-state').textContent.startsWith('Checking'));
      assert.match(await page.textContent('#persist-state'), /^(Persistent|Best effort)/);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.reload();
      await page.waitForSelector('#offline-state.verdict-passed', { timeout: 20_000 });
      assert.match(await page.textContent('#shell-cache'), /^hearth-shell-[0-9a-f]{16}$/);
    }],
    ['export: one file, its SHA-256 checks out, every stored entry is in it', async () => {
      state.before = await digest();
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
      state.file = path.join(work, download.suggestedFilename());
      await download.saveAs(state.file);
      await page.waitForSelector('#workspace-notice');
      const file = JSON.parse(fs.readFileSync(state.file, 'utf8'));
      assert.equal(file.format, 'hearth-workspace');
      assert.equal(file.format_version, 1);
      const sha = crypto.createHash('sha256').update(JSON.stringify(file.contents)).digest('hex');
      assert.equal(file.sha256, sha);
      const entries = Object.values(file.contents.stores).reduce((n, s) => n + Object.keys(s).length, 0);
      assert.equal(entries, state.before.entries);
      console.log(`     workspace: ${entries} entries, file ${fs.statSync(state.file).size} bytes`);
      // A second export of the same workspace is byte-identical.
      const [again] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
      const second = path.join(work, 'second.json');
      await again.saveAs(second);
      assert.ok(fs.readFileSync(second).equals(fs.readFileSync(state.file)), 'exports differ');
    }],
    ['a tampered file is refused with a clear error and nothing changes', async () => {
      const text = fs.readFileSync(state.file, 'utf8');
      const file = JSON.parse(text);
      const key = Object.keys(file.contents.stores.kv).find((k) => k === 'app/pipeline/last-run');
      assert.equal(Buffer.from(file.contents.stores.kv[key], 'base64').toString(), state.run2);
      file.contents.stores.kv[key] = Buffer.from(state.run1).toString('base64'); // point "last run" elsewhere
      const tampered = path.join(work, 'tampered.json');
      fs.writeFileSync(tampered, JSON.stringify(file, null, 2));
      await page.setInputFiles('#import-file', tampered);
      await page.waitForSelector('#workspace-error');
      assert.match(await page.textContent('#workspace-error'), /damaged or was edited.*Nothing was changed/);
      const notJson = path.join(work, 'notes.json');
      fs.writeFileSync(notJson, 'hello');
      await page.setInputFiles('#import-file', notJson);
      await page.waitForFunction(() => document.querySelector('#workspace-error')?.textContent.includes('not a Hearth workspace file'));
      assert.deepEqual(await digest(), state.before);
    }],
    ['clear site data (IndexedDB deleted) → import → every store is identical', async () => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.clearDataForOrigin', { origin: server.url.replace(/\/$/, ''), storageTypes: 'indexeddb' });
      await page.goto(`${server.url}#overview`);
      await page.reload();
      await page.waitForSelector('#overview-run');
      assert.match(await page.textContent('#overview-run'), /^No pipeline run yet/);
      assert.equal((await digest()).entries, 0);
      await openSettings();
      await page.setInputFiles('#import-file', state.file);
      await page.waitForSelector('#workspace-notice');
      assert.match(await page.textContent('#workspace-notice'), /^Imported \d+ entries/);
      assert.deepEqual(await digest(), state.before);
      await page.click('#nav-overview');
      await page.waitForSelector('#overview-run-id');
      assert.equal(await page.textContent('#overview-run-id'), state.run2);
    }],
    ['"Clear workspace" asks first, then empties every store; importing restores it again', async () => {
      await openSettings();
      await page.click('#clear');
      await page.waitForSelector('#confirm-clear');
      await page.click('#cancel-clear');
      assert.deepEqual(await digest(), state.before);
      await page.click('#clear');
      await page.click('#confirm-clear');
      await page.waitForFunction(() => document.querySelector('#workspace-notice')?.textContent.startsWith('The workspace is empty'));
      assert.equal((await digest()).entries, 0);
      await page.setInputFiles('#import-file', state.file);
      await page.waitForFunction(() => document.querySelector('#workspace-notice')?.textContent.startsWith('Imported'));
      assert.deepEqual(await digest(), state.before);
      await page.screenshot({ path: path.join(shots, 'settings.png'), fullPage: true });
    }],
    ['network off: a reload is served by the service worker and the stored workspace is all there', async () => {
      assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'no service worker controls the page');
      await context.setOffline(true);
      assert.equal(await page.evaluate(() => navigator.onLine), false);
      await page.goto(`${server.url}#experiments`);
      await page.reload();
      await page.waitForSelector('#runs-table tbody tr');
      assert.deepEqual((await tableIds()).sort(), [state.run1, state.run2].sort());
      await page.click(`tr[data-run="${state.run2}"] .chart-button`);
      await page.waitForFunction(() => document.querySelectorAll('#chart-residuals circle').length === 109);
      await page.click('#nav-overview');
      await page.waitForSelector('#overview-champion-version');
      assert.equal(await page.textContent('#overview-champion-version'), '1');
      await page.click('#nav-pipeline');
      await page.waitForSelector('#gate-verdict');
      assert.equal(await page.textContent('#run-id'), state.run2);
      await context.setOffline(false);
    }],
    ['no console errors, page errors or failed requests', async () => {
      assert.deepEqual(errors, []);
    }],
  ]);
} finally {
  await close();
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? 'settings: all checks passed' : `settings: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

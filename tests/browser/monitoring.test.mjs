// The Data and Monitoring pages end to end in headless Chromium, against the CLI on the same files:
// import ../shared/data/HousingData.csv with the file picker → 545 rows × 13 columns, the same
// version id as `hearth data import`; the same bytes dropped on the drop zone (a DataTransfer) →
// the same id, nothing stored; a bad CSV → the core's precise message (the CLI's, word for word) and
// not one IndexedDB key written; add a tag; HousingData-old.csv (picker) and HousingData-new.csv
// (drop) → diff → Monitoring → the drift report computed in the Web Worker: price drifted
// (K-S p ≈ 0.00104), bedrooms and bathrooms flagged, no dataset drift (3 of 13) — every score equal
// to `hearth --json monitor drift` on the same files and to the Evidently reference values; the
// HTML report and the JSON download; a reload keeps the history; with a champion (trained in the
// page's worker, gate opened) its regression quality equals `hearth monitor performance`.
// Checks needing ../shared/data print SKIPPED by name when the files are absent.
// Screenshots: docs/screenshots/data.png, monitoring.png.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, checks } from './browser.mjs';
import { FILES, shared, withData } from './shared.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'docs', 'screenshots');
const REFERENCE = path.join(shared, 'reference', 'drift_reference_values.json');
assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `trunk build --release`');
fs.mkdirSync(shots, { recursive: true });

execFileSync('cargo', ['build', '--quiet', '--manifest-path', path.join(root, 'Cargo.toml'), '-p', 'hearth'], { stdio: 'inherit' });
const hearth = path.join(root, 'target', 'debug', 'hearth');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-monitoring-'));
const cliWs = path.join(work, 'ws');
execFileSync(hearth, ['--workspace', cliWs, 'init'], { stdio: 'ignore' });
const cliJson = (args) => JSON.parse(execFileSync(hearth, ['--workspace', cliWs, '--json', ...args]));

const server = await serve(dist);
const { page, errors, close } = await launch();
const versionCount = () => page.$$eval('#versions tbody tr', (tr) => tr.length);
/** Every key in the app's IndexedDB, read in the page. */
const idbKeys = () => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('hearth');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const req = open.result.transaction('kv').objectStore('kv').getAllKeys();
    req.onsuccess = () => { open.result.close(); resolve(req.result.map(String).sort()); };
    req.onerror = () => reject(req.error);
  };
}));
/** Drops `bytes` as a file named `name` on the drop zone, through a real DataTransfer. */
const drop = async (name, bytes) => {
  const dataTransfer = await page.evaluateHandle(([n, b64]) => {
    const dt = new DataTransfer();
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([raw], n, { type: 'text/csv' }));
    return dt;
  }, [name, Buffer.from(bytes).toString('base64')]);
  await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer });
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
};
/** Waits for the import status to change to a final message (success or error). */
const importDone = async () => {
  await page.waitForFunction(() => {
    const ok = document.querySelector('#import-status');
    return document.querySelector('#import-error') || (ok && !ok.textContent.startsWith('Importing'));
  }, null, { timeout: 60_000 });
};
const idOfRow = (tag) => page.getAttribute(`#versions tr[data-tag="${tag}"] code`, 'title');
/** Selects the option whose label starts with `tag` in `select`. */
const choose = async (select, tag) => {
  const value = await page.$eval(select, (s, t) => [...s.options].find((o) => o.textContent.startsWith(`${t} `)).value, tag);
  await page.selectOption(select, value);
};
const download = async (button) => {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const file = path.join(work, d.suggestedFilename());
  await d.saveAs(file);
  return file;
};
const state = {};

let failures;
try {
  failures = await checks([
    ['the Data page offers a labelled drop zone and file picker; Monitoring says what to do first', async () => {
      await page.goto(`${server.url}#monitoring`);
      await page.waitForSelector('#monitoring-empty');
      await page.click('#nav-data');
      await page.waitForSelector('#data-empty');
      assert.equal(await page.textContent('label[for="import-file"]'), 'choose a file');
      assert.match(await page.textContent('#drop-zone'), /Drop a CSV file here/);
    }],
    ['a bad CSV shows the core\'s precise error (the CLI\'s own words) and stores nothing', async () => {
      const before = await idbKeys();
      const bad = path.join(work, 'bad.csv');
      fs.writeFileSync(bad, 'price,area,bedrooms\n100,50,2\n200,80\n300,120,3\n');
      await page.setInputFiles('#import-file', bad);
      await page.waitForSelector('#import-error', { timeout: 60_000 });
      const shown = await page.textContent('#import-error');
      assert.equal(shown, 'bad.csv: line 3: found 2 fields, expected 3 like the header');
      const cli = spawnSync(hearth, ['--workspace', cliWs, '--json', 'data', 'import', 'bad.csv'], { cwd: work });
      assert.equal(cli.status, 3);
      assert.equal(JSON.parse(cli.stderr).error.message, shown);
      assert.deepEqual(await idbKeys(), before, 'the failed import wrote to IndexedDB');
      assert.ok(await page.$('#data-empty'), 'the page no longer says the workspace is empty');
    }],
    ...withData('HousingData.csv through the file picker: 545 rows × 13 columns, the id `hearth data import` gives', async () => {
      await page.setInputFiles('#import-file', FILES[0]);
      await importDone();
      assert.match(await page.textContent('#import-status'), /^Imported HousingData\.csv as a new version/);
      await page.waitForSelector('#data-summary');
      assert.equal(await page.textContent('#data-summary'), '545 rows × 13 columns');
      assert.equal(await versionCount(), 1);
      await page.waitForSelector('#profile .column-card');
      assert.equal(await page.$$eval('#profile .column-card', (c) => c.length), 13);
      assert.equal(await page.$$eval('#profile .column-card svg.chart rect', (r) => r.length > 13 * 2), true);
      state.housing = await idOfRow('data-v1.0.0');
      const cli = cliJson(['data', 'import', FILES[0]]);
      assert.deepEqual([cli.id, cli.rows, cli.columns], [state.housing, 545, 13]);
    }),
    ...withData('the same bytes dropped on the drop zone are the same version: nothing stored', async () => {
      const before = await idbKeys();
      await drop('HousingData.csv', fs.readFileSync(FILES[0]));
      await importDone();
      assert.match(await page.textContent('#import-status'), /is already version/);
      assert.ok((await page.textContent('#import-status')).includes(state.housing.slice(0, 12)));
      assert.equal(await versionCount(), 1);
      // Only the preview cache is rewritten; no version, blob or pointer key is added.
      assert.deepEqual(await idbKeys(), before);
    }),
    ...withData('a tag can be added to a version; a taken tag is refused', async () => {
      await page.fill('#tag-input', 'golden');
      await page.click('#add-tag');
      await page.waitForFunction(() => document.querySelector('#versions tr[data-tag="data-v1.0.0"] .tags').textContent.includes('golden'));
      await page.fill('#tag-input', 'data-v1.0.0');
      await page.click('#add-tag');
      await page.waitForSelector('#tag-error');
      assert.match(await page.textContent('#tag-error'), /tag `data-v1.0.0` already names version/);
      await page.fill('#tag-input', 'full-545');
      await page.click('#add-tag');
      // The tag is added asynchronously (IndexedDB): wait for it, not just for the old error to go.
      await page.waitForFunction(
        () => !document.querySelector('#tag-error') && document.querySelector('#versions tr[data-tag="data-v1.0.0"] .tags').textContent.includes('full-545'),
      );
      assert.match(await page.textContent('#versions tr[data-tag="data-v1.0.0"] .tags'), /golden.*full-545|full-545.*golden/);
    }),
    ...withData('HousingData-old.csv (picker) and HousingData-new.csv (drop) → a diff with the mean shift', async () => {
      await page.setInputFiles('#import-file', FILES[1]);
      await importDone();
      await page.waitForFunction(() => document.querySelectorAll('#versions tbody tr').length === 2);
      await drop('HousingData-new.csv', fs.readFileSync(FILES[2]));
      await importDone();
      await page.waitForFunction(() => document.querySelectorAll('#versions tbody tr').length === 3);
      state.old = await idOfRow('data-v1.1.0');
      state.new = await idOfRow('data-v1.2.0');
      assert.equal(cliJson(['data', 'import', FILES[1]]).id, state.old);
      assert.equal(cliJson(['data', 'import', FILES[2]]).id, state.new);
      await choose('#diff-from', 'data-v1.1.0');
      await choose('#diff-to', 'data-v1.2.0');
      await page.click('#run-diff');
      await page.waitForSelector('#diff-result', { timeout: 60_000 });
      const cli = cliJson(['data', 'diff', 'data-v1.1.0', 'data-v1.2.0']);
      assert.equal(await page.textContent('#diff-rows'),
        `data-v1.1.0 → data-v1.2.0: ${cli.rows.added} rows added, ${cli.rows.removed} removed, ${cli.rows.unchanged} unchanged (408 → 409 rows)`);
      const price = cli.columns.find((c) => c.column === 'price').change.mean_change_pct;
      const sign = price >= 0 ? '+' : '-';
      assert.equal(await page.textContent('#diff-columns tr[data-column="price"] .shift'), `${sign}${Math.abs(price).toFixed(1)}%`);
      await page.screenshot({ path: path.join(shots, 'data.png'), fullPage: true });
    }),
    ...withData('Monitoring: old → new drift in the worker: price, bedrooms, bathrooms drifted; no dataset drift (3 of 13)', async () => {
      await page.click('#nav-monitoring');
      await page.waitForSelector('#run-drift');
      await choose('#drift-reference', 'data-v1.1.0');
      await choose('#drift-current', 'data-v1.2.0');
      await page.click('#run-drift');
      await page.waitForSelector('#drift-verdict', { timeout: 120_000 });
      assert.equal(await page.textContent('#drift-verdict'), 'No dataset drift');
      assert.match(await page.textContent('#drift-share'), /^3 of 13 columns drifted \(23\.1%; dataset drift needs 50%\)/);
      const drifted = await page.$$eval('#drift-table tr.drifted', (tr) => tr.map((t) => t.dataset.column));
      assert.deepEqual(drifted, ['price', 'bedrooms', 'bathrooms']);
      assert.equal(await page.textContent('#drift-table tr[data-column="price"] .score'), '0.0010'); // as `hearth monitor drift` prints it; the exact value is checked below
      assert.equal(await page.$$eval('#report .column-grid .column-card', (c) => c.length), 13);
      assert.equal(await page.$$eval('#report .column-card svg rect.bar-cur', (r) => r.length > 13), true);
      await page.screenshot({ path: path.join(shots, 'monitoring.png'), fullPage: true });
    }),
    ...withData('the JSON download has every score `hearth monitor drift` gives on the files, and Evidently\'s', async () => {
      const mine = JSON.parse(fs.readFileSync(await download('#download-json')));
      const cli = cliJson(['monitor', 'drift', FILES[1], FILES[2]]);
      assert.deepEqual(mine, cli, 'the browser report differs from the CLI report');
      const price = mine.drift_by_columns.find((c) => c.column_name === 'price');
      assert.ok(Math.abs(price.drift_score - 0.00104) < 1e-5, `price p ${price.drift_score}`);
      if (fs.existsSync(REFERENCE)) {
        // Python's json writes bare Infinity/NaN tokens: read them as JSON numbers first.
        const text = fs.readFileSync(REFERENCE, 'utf8').replace(/\bInfinity\b/g, '1e999').replace(/\bNaN\b/g, 'null');
        const ref = JSON.parse(text).cases.find((c) => c.case === 'shared_old_vs_new|file|noshift');
        for (const c of mine.drift_by_columns) {
          const want = ref.columns[c.column_name].evidently_reported;
          assert.equal(c.stattest_name, want.method, c.column_name);
          assert.equal(c.drift_detected, want.drift_detected, c.column_name);
          assert.ok(Math.abs(c.drift_score - want.score) <= 1e-9 * Math.max(1, Math.abs(want.score)), `${c.column_name}: ${c.drift_score} vs ${want.score}`);
        }
      } else {
        console.log('     SKIPPED Evidently reference values: ../shared/reference/drift_reference_values.json not found');
      }
      console.log(`     price K-S p = ${price.drift_score} in the browser and the CLI`);
    }),
    ...withData('the HTML report downloads as one self-contained page', async () => {
      const html = fs.readFileSync(await download('#download-html'), 'utf8');
      assert.match(html, /^<!DOCTYPE html>/);
      assert.ok(html.includes('Data drift: data-v1.1.0'), 'title');
      assert.ok(html.includes('<svg'), 'charts');
      // Only the SVG namespace names a URL; nothing is loaded (no script, link, src or CSS url()).
      assert.ok(!/<script|<link|\ssrc=|url\(/.test(html), 'the page loads something from elsewhere');
    }),
    ...withData('a reload keeps the history of checks and the report', async () => {
      const id = await page.getAttribute('#report', 'data-report');
      await page.reload();
      await page.waitForSelector('#history tbody tr');
      assert.equal(await page.$$eval('#history tbody tr', (tr) => tr.length), 1);
      assert.equal(await page.getAttribute('#report', 'data-report'), id);
      const row = await page.textContent('#history tbody tr');
      assert.match(row, /no dataset drift — 3 of 13 drifted: /);
      for (const c of ['price', 'bedrooms', 'bathrooms']) assert.ok(row.includes(c), row);
      assert.equal(await page.isDisabled('#run-quality'), true, 'no champion yet, nothing to score');
    }),
    ...withData('with a champion, its regression quality on a version equals `hearth monitor performance`', async () => {
      // Train on the latest version (HousingData-new.csv) with the gate opened, in the page and in the CLI.
      await page.click('#nav-pipeline');
      await page.fill('#param-min-r2', '0');
      await page.click('#run-pipeline');
      await page.waitForFunction(() => document.querySelector('#champion')?.textContent === 'Champion: version 1', null, { timeout: 180_000 });
      execFileSync(hearth, ['--workspace', cliWs, 'pipeline', 'run', '--param', 'gate.min_r2=0'], { stdio: 'ignore' });
      await page.click('#nav-monitoring');
      await page.waitForSelector('#run-quality:not([disabled])');
      assert.match(await page.textContent('#champion-line'), /^Champion: house_price_prediction_prod version 1\./);
      await choose('#quality-data', 'data-v1.1.0');
      await page.click('#run-quality');
      await page.waitForSelector('#quality-metrics', { timeout: 120_000 });
      const out = cliJson(['monitor', 'performance', 'data-v1.1.0', '--model', 'house_price_prediction_prod@champion']);
      const q = out.quality;
      const r2 = await page.textContent('#quality-metrics tr[data-metric="r2"] td');
      assert.equal(r2, q.r2_score.toFixed(4));
      assert.equal(await page.textContent('#quality-metrics tr[data-metric="mape"] td'), q.mean_abs_perc_error.toFixed(4));
      assert.equal(await page.$$eval('#history tbody tr', (tr) => tr.length), 2);
      console.log(`     champion on HousingData-old.csv: R² ${r2}, RMSE ${q.rmse.toFixed(0)} in the browser and the CLI`);
    }),
    ['no console errors, page errors or failed requests', async () => {
      assert.deepEqual(errors, []);
    }],
  ]);
} finally {
  await close();
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? 'monitoring: all checks passed' : `monitoring: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

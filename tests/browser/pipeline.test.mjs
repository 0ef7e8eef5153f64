// The Pipeline page end to end in headless Chromium: load the built-in sample → run the default
// pipeline in the Web Worker → every task seen running then succeeding → metrics, gate PASSED,
// champion → the same model bundle hash as `hearth pipeline run` on the very CSV bytes the browser
// versioned (downloaded from the Data page) → a reload keeps the run and the model → a gate that
// cannot pass shows REFUSED and registers nothing. The longest main-thread task during the run
// (PerformanceObserver 'longtask') and both run times are printed, never asserted.
// Screenshots: docs/screenshots/pipeline.png, models.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, checks } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'docs', 'screenshots');
assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `trunk build --release`');
assert.ok(fs.existsSync(path.join(dist, 'pipeline_worker_loader.js')), 'dist/pipeline_worker_loader.js is missing');
fs.mkdirSync(shots, { recursive: true });

// The native CLI, built like the other CLI-driven tests build it.
execFileSync('cargo', ['build', '--quiet', '--manifest-path', path.join(root, 'Cargo.toml'), '-p', 'hearth'], { stdio: 'inherit' });
const hearth = path.join(root, 'target', 'debug', 'hearth');
const TASKS = ['ingest', 'validate', 'split', 'train', 'evaluate', 'gate', 'register', 'promote'];

const server = await serve(dist);
const { page, errors, close } = await launch();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-pipeline-'));
const states = () => page.$$eval('#tasks li', (li) => li.map((l) => [l.dataset.task, l.dataset.state]));
let browser = {};

/** Records every task state the page renders (old and new values), and main-thread long tasks. */
const watchRun = () => page.evaluate(() => {
  window.__seen = [];
  window.__longest = 0;
  window.__longtasks = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      // The list re-renders as a subtree: look inside every added node, not only at its root.
      for (const n of r.type === 'childList' ? [...r.addedNodes] : [r.target]) {
        if (n.nodeType !== 1) continue;
        const items = n.matches('li[data-task]') ? [n] : [...n.querySelectorAll('li[data-task]')];
        for (const li of items) window.__seen.push([li.dataset.task, li.dataset.state]);
      }
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__longtasks += 1;
      window.__longest = Math.max(window.__longest, e.duration);
    }
  }).observe({ type: 'longtask' });
});

let failures;
try {
  failures = await checks([
    ['before any data the Pipeline page says what to do and cannot run', async () => {
      await page.goto(`${server.url}#pipeline`);
      await page.waitForSelector('#pipeline-no-data');
      await page.waitForSelector('#pipeline-empty');
      assert.equal(await page.isDisabled('#run-pipeline'), true);
      assert.equal(await page.inputValue('#param-seed'), '42');
      assert.equal(await page.inputValue('#param-min-r2'), '0.65');
      await page.click('#nav-models');
      await page.waitForSelector('#models-empty');
    }],
    ['the sample is versioned in the browser and its CSV equals `hearth data sample --rows 545 --seed 42`', async () => {
      await page.click('#nav-data');
      await page.click('#load-sample');
      await page.waitForSelector('#data-version-tag');
      assert.equal(await page.textContent('#data-version-tag'), 'data-v1.0.0');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
      browser.csv = path.join(work, download.suggestedFilename());
      await download.saveAs(browser.csv);
      const native = execFileSync(hearth, ['data', 'sample', '--rows', '545', '--seed', '42']);
      assert.ok(fs.readFileSync(browser.csv).equals(native), 'the browser sample differs from the CLI sample');
    }],
    ['Run pipeline: the worker runs every task, each seen running then succeeding', async () => {
      await page.click('#nav-pipeline');
      await page.waitForSelector('#run-pipeline:not([disabled])');
      await watchRun();
      const started = Date.now();
      await page.click('#run-pipeline');
      await page.waitForSelector('#tasks li[data-state="running"]');
      assert.equal(await page.textContent('#run-pipeline'), 'Running…');
      await page.waitForSelector('#gate-verdict', { timeout: 180_000 });
      browser.wallMs = Date.now() - started;
      assert.deepEqual(await states(), TASKS.map((t) => [t, 'success']));
      const seen = await page.evaluate(() => window.__seen);
      for (const t of TASKS) {
        const mine = seen.filter(([task]) => task === t).map(([, s]) => s);
        assert.ok(mine.includes('running'), `task ${t} was never shown running: ${mine}`);
        assert.ok(mine.indexOf('running') < mine.lastIndexOf('success'), `task ${t}: ${mine}`);
      }
      browser.longest = await page.evaluate(() => window.__longest);
      browser.longtasks = await page.evaluate(() => window.__longtasks);
    }],
    ['metrics, gate PASSED, version 1 registered and champion', async () => {
      const r2 = Number(await page.textContent('#metrics tr[data-metric="r2"] td'));
      assert.ok(r2 > 0.65 && r2 < 1, `R² ${r2}`);
      assert.equal(await page.textContent('#gate-verdict'), 'PASSED');
      assert.match(await page.textContent('#registered'), /version 1$/);
      assert.equal(await page.textContent('#champion'), 'Champion: version 1');
      browser.hash = await page.textContent('#bundle-hash');
      assert.match(browser.hash, /^[0-9a-f]{64}$/);
      browser.ms = Number(await page.getAttribute('#run-duration', 'data-ms'));
      browser.r2 = r2;
      await page.screenshot({ path: path.join(shots, 'pipeline.png'), fullPage: true });
    }],
    ['`hearth pipeline run` on the same CSV bytes gives the same bundle hash and R²', async () => {
      const ws = path.join(work, 'ws');
      execFileSync(hearth, ['--workspace', ws, 'init'], { stdio: 'ignore' });
      execFileSync(hearth, ['--workspace', ws, 'data', 'import', browser.csv], { stdio: 'ignore' });
      const t0 = process.hrtime.bigint();
      const out = execFileSync(hearth, ['--workspace', ws, '--json', 'pipeline', 'run']);
      const nativeMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const summary = JSON.parse(out);
      assert.equal(summary.registered.bundle_hash, browser.hash);
      assert.equal(summary.evaluation.metrics.r2.toFixed(4), browser.r2.toFixed(4));
      console.log(`     bundle ${browser.hash} in both`);
      console.log(`     pipeline time: browser worker ${browser.ms} ms (click → verdict ${browser.wallMs} ms), native CLI ${nativeMs.toFixed(0)} ms (debug build, process wall time)`);
      console.log(`     main thread during the run: ${browser.longtasks} long task(s), longest ${browser.longest.toFixed(0)} ms (0 = none over 50 ms)`);
    }],
    ['a reload keeps the run, its verdict and the model', async () => {
      const runId = await page.textContent('#run-id');
      await page.reload();
      await page.waitForSelector('#gate-verdict');
      assert.equal(await page.textContent('#run-id'), runId);
      assert.equal(await page.textContent('#bundle-hash'), browser.hash);
      assert.deepEqual(await states(), TASKS.map((t) => [t, 'success']));
      await page.click('#nav-models');
      await page.waitForSelector('.model tr[data-version="1"]');
      assert.equal(await page.textContent('.model h2'), 'house_price_prediction_prod');
      assert.equal(await page.textContent('.model tr[data-version="1"] .aliases'), 'champion');
      assert.equal(await page.getAttribute('.model tr[data-version="1"] .bundle', 'title'), browser.hash);
      await page.screenshot({ path: path.join(shots, 'models.png') });
    }],
    ['an unreachable gate (min R² 0.99) is REFUSED: nothing registered, champion stays version 1', async () => {
      await page.click('#nav-pipeline');
      await page.fill('#param-min-r2', '0.99');
      await page.click('#run-pipeline');
      await page.waitForFunction(() => document.querySelector('#gate-verdict')?.textContent === 'REFUSED', null, { timeout: 180_000 });
      const s = Object.fromEntries(await states());
      assert.equal(s.gate, 'success');
      assert.equal(s.register, 'skipped');
      assert.equal(s.promote, 'skipped');
      assert.equal(await page.textContent('#registered'), 'Nothing registered by this run.');
      assert.equal(await page.textContent('#champion'), 'Champion: version 1');
      await page.screenshot({ path: path.join(shots, 'pipeline-refused.png'), fullPage: true });
      await page.click('#nav-models');
      await page.waitForSelector('.model tr[data-version="1"]');
      assert.equal(await page.$$eval('.model tbody tr', (tr) => tr.length), 1);
    }],
    ['a bad parameter is refused in the page before anything runs', async () => {
      await page.click('#nav-pipeline');
      await page.fill('#param-min-r2', '3');
      await page.$eval('form.params', (f) => f.requestSubmit());
      // The browser's own validation (max=1) stops the submit; nothing starts.
      assert.equal(await page.$('#tasks li[data-state="running"]'), null);
      assert.equal(await page.$eval('#param-min-r2', (i) => i.validity.rangeOverflow), true);
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
console.log(failures === 0 ? 'pipeline: all checks passed' : `pipeline: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

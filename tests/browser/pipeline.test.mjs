// The Pipeline page end to end in headless Chromium: the DAG is drawn with one node per task and
// one arrow per dependency → load the built-in sample → run the default pipeline in the Web Worker
// → every task seen running then succeeding, in the list and in the graph → per-try logs of a task
// (from the graph and from the list) → metrics, gate PASSED, champion → the same model bundle hash
// as `hearth pipeline run` on the very CSV bytes the browser versioned (downloaded from the Data
// page) → a reload keeps the run, the model and the very same logs → a gate that cannot pass shows
// REFUSED and registers nothing → a cancelled run ends recorded as cancelled with the registry
// unchanged → the runs × tasks grid shows every run. The longest main-thread task during the run
// (PerformanceObserver 'longtask') and both run times are printed, never asserted.
// Screenshots: docs/screenshots/pipeline.png, pipeline-refused.png, pipeline-cancelled.png, models.png.
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
const nodeStates = () => page.$$eval('#dag g.dag-node', (g) => g.map((n) => [n.dataset.task, n.dataset.state]));
const nodeLabel = (task) => page.textContent(`#dag g.dag-node[data-task="${task}"] .dag-state`);
/** The log panel's tries as [try number, state, text]. */
const logTries = () => page.$$eval('#task-logs section.try', (s) => s.map((t) => [t.dataset.try, t.dataset.state, t.querySelector('pre').textContent]));
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
        const sel = 'li[data-task], g.dag-node';
        const items = n.matches(sel) ? [n] : [...n.querySelectorAll(sel)];
        for (const el of items) window.__seen.push([el.tagName === 'LI' ? 'list' : 'graph', el.dataset.task, el.dataset.state]);
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
      await page.waitForSelector('#grid-empty');
      assert.equal(await page.isDisabled('#run-pipeline'), true);
      assert.equal(await page.$('#cancel-run'), null, 'no Cancel button without a run');
      assert.equal(await page.inputValue('#param-seed'), '42');
      assert.equal(await page.inputValue('#param-min-r2'), '0.65');
      await page.click('#nav-models');
      await page.waitForSelector('#models-empty');
    }],
    ['the DAG has one node per task, one arrow per dependency, labelled for screen readers', async () => {
      await page.click('#nav-pipeline');
      await page.waitForSelector('#dag g.dag-node');
      assert.deepEqual(await nodeStates(), TASKS.map((t) => [t, 'none']));
      const edges = await page.$$eval('#dag path.dag-edge', (p) => p.map((e) => [e.dataset.from, e.dataset.to]));
      assert.deepEqual(edges, TASKS.slice(1).map((t, i) => [TASKS[i], t]));
      // Layered by dependency depth: each task strictly right of its upstream task.
      const xs = await page.$$eval('#dag g.dag-node rect', (r) => r.map((e) => Number(e.getAttribute('x'))));
      assert.ok(xs.every((x, i) => i === 0 || x > xs[i - 1]), `x positions ${xs}`);
      assert.equal(await nodeLabel('train'), 'not run');
      assert.equal(await page.getAttribute('#dag g.dag-node[data-task="train"]', 'aria-label'), 'train: not run. Show its logs.');
      assert.equal(await page.getAttribute('#dag g.dag-node[data-task="train"]', 'role'), 'button');
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
      assert.deepEqual(await nodeStates(), TASKS.map((t) => [t, 'success']));
      const seen = await page.evaluate(() => window.__seen);
      for (const where of ['list', 'graph']) {
        for (const t of TASKS) {
          const mine = seen.filter(([w, task]) => w === where && task === t).map(([, , s]) => s);
          assert.ok(mine.includes('running'), `${where}: task ${t} was never shown running: ${mine}`);
          assert.ok(mine.indexOf('running') < mine.lastIndexOf('success'), `${where}: task ${t}: ${mine}`);
        }
      }
      assert.equal(await page.$('#cancel-run'), null, 'the Cancel button goes with the run');
      browser.longest = await page.evaluate(() => window.__longest);
      browser.longtasks = await page.evaluate(() => window.__longtasks);
    }],
    ['per-try logs: a graph node and a task row open every line of each try', async () => {
      await page.click('#dag g.dag-node[data-task="train"]');
      await page.waitForSelector('#task-logs[data-task="train"]');
      const train = await logTries();
      assert.equal(train.length, 1);
      assert.equal(train[0][0], '1');
      assert.equal(train[0][1], 'success');
      const lines = train[0][2].split('\n');
      assert.ok(lines.length >= 3, `train logged ${lines.length} line(s): ${train[0][2]}`);
      assert.ok(lines.some((l) => l.startsWith('candidate 0 ')), train[0][2]);
      assert.match(lines.at(-1), /^selected candidate \d+ /);
      assert.match(await page.textContent('#task-logs h2'), /^Logs: train \(run [0-9a-f]{12}, success\)$/);
      assert.ok(await page.$eval('#dag g.dag-node[data-task="train"]', (g) => g.classList.contains('selected')));
      browser.trainLog = train;
      await page.click('#tasks li[data-task="gate"] button.task-name');
      await page.waitForSelector('#task-logs[data-task="gate"]');
      const gate = await logTries();
      assert.equal(gate.length, 1);
      assert.match(gate[0][2], /gate passed$/);
      // Keyboard: Enter on a focused node opens its logs too.
      await page.focus('#dag g.dag-node[data-task="train"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#task-logs[data-task="train"]');
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
    ['a reload keeps the run, its verdict, its logs and the model', async () => {
      const runId = await page.textContent('#run-id');
      browser.firstRun = runId;
      await page.reload();
      await page.waitForSelector('#gate-verdict');
      assert.equal(await page.textContent('#run-id'), runId);
      assert.equal(await page.textContent('#bundle-hash'), browser.hash);
      assert.deepEqual(await states(), TASKS.map((t) => [t, 'success']));
      assert.deepEqual(await nodeStates(), TASKS.map((t) => [t, 'success']));
      await page.click('#dag g.dag-node[data-task="train"]');
      await page.waitForSelector('#task-logs[data-task="train"]');
      assert.deepEqual(await logTries(), browser.trainLog, 'the stored logs differ from the live ones');
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
      // Same seed and data: ingest … evaluate reuse the first run's outputs (cache hits, no tries).
      assert.equal(await nodeLabel('train'), 'cached');
      assert.equal(await nodeLabel('register'), 'skipped');
      await page.click('#dag g.dag-node[data-task="train"]');
      await page.waitForSelector('#task-logs[data-task="train"] #log-no-tries');
      assert.match(await page.textContent('#log-no-tries'), /^No tries: cached/);
      await page.click('#close-logs');
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
    ['Cancel stops a run in the worker: recorded as cancelled, nothing registered, champion unchanged', async () => {
      await page.click('#nav-pipeline');
      await page.fill('#param-min-r2', '0.65');
      // A new seed: no task can reuse cached outputs, so the run is long enough to cancel.
      await page.fill('#param-seed', '7');
      const before = await page.textContent('#run-id');
      await page.click('#run-pipeline');
      // Cancel while `train` runs: it finishes (tasks are not interrupted), nothing after it starts.
      await page.waitForSelector('#tasks li[data-task="train"][data-state="running"]');
      await page.click('#cancel-run');
      await page.waitForSelector('#cancel-note');
      assert.equal(await page.textContent('#cancel-run'), 'Cancelling…');
      await page.waitForFunction((id) => {
        const run = document.querySelector('#run-id');
        return run && run.textContent !== id && !document.querySelector('#cancel-run');
      }, before, { timeout: 180_000 });
      assert.match(await page.textContent('#run-summary'), / cancelled; not run: `evaluate`, `gate`, `register`, `promote` in /);
      const s = Object.fromEntries(await states());
      assert.deepEqual(TASKS.map((t) => s[t]), ['success', 'success', 'success', 'success', 'skipped', 'skipped', 'skipped', 'skipped']);
      for (const t of TASKS.slice(4)) assert.equal(await nodeLabel(t), 'cancelled');
      assert.equal(await page.textContent('#tasks li[data-task="promote"] .badge'), 'cancelled');
      assert.equal(await page.textContent('#registered'), 'Nothing registered by this run.');
      assert.equal(await page.textContent('#champion'), 'Champion: version 1');
      browser.cancelled = await page.textContent('#run-id');
      await page.screenshot({ path: path.join(shots, 'pipeline-cancelled.png'), fullPage: true });
      await page.click('#nav-models');
      await page.waitForSelector('.model tr[data-version="1"]');
      assert.equal(await page.$$eval('.model tbody tr', (tr) => tr.length), 1);
      assert.equal(await page.textContent('.model tr[data-version="1"] .aliases'), 'champion');
    }],
    ['the runs × tasks grid shows every run, newest first, and a cell opens that run\'s logs', async () => {
      await page.click('#nav-pipeline');
      await page.waitForSelector('#runs-grid');
      const rows = await page.$$eval('#runs-grid tbody tr', (tr) => tr.map((r) => [r.dataset.run, r.dataset.outcome]));
      assert.equal(rows.length, 3);
      assert.deepEqual(rows[0], [browser.cancelled, 'cancelled']);
      assert.deepEqual(rows[2], [browser.firstRun, 'succeeded']);
      assert.equal(rows[1][1], 'succeeded');
      const cells = (i) => page.$$eval(`#runs-grid tbody tr:nth-child(${i}) td.cell`, (td) => td.map((c) => [c.dataset.task, c.textContent]));
      assert.deepEqual(await cells(3), TASKS.map((t) => [t, 'success']));
      const refused = Object.fromEntries(await cells(2));
      assert.equal(refused.train, 'cached');
      assert.equal(refused.gate, 'success');
      assert.equal(refused.register, 'skipped');
      assert.equal(Object.fromEntries(await cells(1)).promote, 'cancelled');
      assert.deepEqual((await page.$$eval('#runs-grid thead th', (th) => th.map((h) => h.textContent))).slice(2), TASKS);
      // The first run's train logs, from the grid, are the ones seen live.
      await page.click(`#runs-grid tr[data-run="${browser.firstRun}"] td[data-task="train"] button`);
      await page.waitForSelector('#task-logs[data-task="train"]');
      assert.deepEqual(await logTries(), browser.trainLog);
      assert.match(await page.textContent('#task-logs h2'), new RegExp(`run ${browser.firstRun.slice(0, 12)}`));
      assert.ok(await page.$eval(`#runs-grid tr[data-run="${browser.firstRun}"] td[data-task="train"]`, (td) => td.classList.contains('selected')));
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

// One measurement of the web app for `cargo xtask bench` (xtask/src/bench/browser.rs), printed as
// `key value` lines. Uses the journey test's probes (tests/browser/perf.mjs).
//
//   node benches/browser/measure.mjs browser CSV
//     A fresh Chromium profile opens the built app (dist/) on 127.0.0.1: time to interactive
//     (navigation start → the app's first-render mark → a click on Data has rendered the Data page),
//     then CSV is imported with the file picker and the default pipeline runs in the Web Worker:
//     the run record's duration, click → verdict, and the main thread's long tasks meanwhile.
//   node benches/browser/measure.mjs native HEARTH CSV
//     The same CSV imported into a fresh workspace (untimed), then `HEARTH pipeline run`: the run
//     record's duration (the same quantity as the browser's) and the process wall time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tests/browser/serve.mjs';
import { launch } from '../../tests/browser/browser.mjs';
import {
  browserRunRecord, installTtiProbe, nativePipeline, readLongTasks, readTti, runPipelineInPage, ttiUrl, watchLongTasks,
} from '../../tests/browser/perf.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [mode, ...args] = process.argv.slice(2);
const print = (key, value) => console.log(`${key} ${value}`);

async function browser(csv) {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error('dist/index.html is missing: run `trunk build --release`');
  const server = await serve(dist);
  const { context, page, errors, close } = await launch();
  try {
    await installTtiProbe(context);
    await page.goto(ttiUrl(server.url));
    const tti = await readTti(page);
    await page.setInputFiles('#import-file', csv);
    await page.waitForSelector('#data-version-tag', { timeout: 60_000 });
    await page.click('#nav-pipeline');
    await page.waitForSelector('#run-pipeline:not([disabled])');
    await watchLongTasks(page);
    const { runId, clickToVerdictMs } = await runPipelineInPage(page);
    const long = await readLongTasks(page);
    const record = await browserRunRecord(page, runId);
    const r2 = await page.textContent('#metrics tr[data-metric="r2"] td');
    const verdict = await page.textContent('#gate-verdict');
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    print('tti_ms', tti.interactive_ms.toFixed(1));
    print('mounted_ms', tti.mounted_ms.toFixed(1));
    print('dom_content_loaded_ms', tti.dom_content_loaded_ms.toFixed(1));
    print('pipeline_ms', record.ended_at_ms - record.started_at_ms);
    print('click_to_verdict_ms', clickToVerdictMs);
    print('longest_task_ms', long.longest_ms.toFixed(1));
    print('long_tasks', long.count);
    print('test_r2', r2);
    print('gate_passed', verdict === 'PASSED' ? 1 : 0);
  } finally {
    await close();
    await server.close();
  }
}

function native(hearth, csv) {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-native-'));
  try {
    execFileSync(hearth, ['--workspace', ws, 'init'], { stdio: 'ignore' });
    execFileSync(hearth, ['--workspace', ws, 'data', 'import', csv], { stdio: 'ignore' });
    const run = nativePipeline(hearth, ws);
    print('pipeline_ms', run.run_ms);
    print('native_wall_ms', run.wall_ms.toFixed(1));
    print('test_r2', run.summary.evaluation.metrics.r2.toFixed(4));
    print('gate_passed', run.summary.gate.decision.passed ? 1 : 0);
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

try {
  if (mode === 'browser' && args.length === 1) await browser(path.resolve(args[0]));
  else if (mode === 'native' && args.length === 2) native(args[0], path.resolve(args[1]));
  else throw new Error('usage: measure.mjs browser CSV | measure.mjs native HEARTH CSV');
} catch (e) {
  console.error(`measure.mjs: ${e.message}`);
  process.exit(1);
}

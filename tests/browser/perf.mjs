// Performance probes shared by the journey test (tests/browser/journey.test.mjs) and the browser
// bench (benches/browser/measure.mjs): time to interactive, the main thread's long tasks during a
// pipeline run, the pipeline's own run time in the browser and in the native CLI. They measure;
// they never decide pass or fail (timings belong to benchmarks, not tests).
import { spawnSync } from 'node:child_process';

/** The mark the app sets right after its first render (app/src/main.rs). */
export const MOUNTED = 'hearth:mounted';

/** The address to open for a time-to-interactive measurement: only it arms the probe. */
export const ttiUrl = (base) => `${base}?hearth-tti`;

/**
 * Before any page script of a document opened at [`ttiUrl`]: as soon as the app marks its first
 * render, click the Data link (a real click on the real anchor) and note when the Data page has
 * rendered. Time to interactive = navigation start (performance time 0) → that moment: the app is
 * up and a click has done what it should. Other addresses, and reloads in the same tab, are not probed.
 */
export function installTtiProbe(context) {
  return context.addInitScript((mounted) => {
    if (window.top !== window || !location.search.includes('hearth-tti')) return;
    if (sessionStorage.getItem('hearth-tti-probed')) return;
    sessionStorage.setItem('hearth-tti-probed', '1');
    new PerformanceObserver((list, observer) => {
      const mark = list.getEntriesByName(mounted)[0];
      if (!mark) return;
      observer.disconnect();
      const title = document.querySelector('#page-title');
      const link = document.querySelector('#nav-data');
      if (!title || !link) {
        window.__hearthTti = { error: 'the first render has no #page-title or #nav-data' };
        return;
      }
      const clicked = performance.now();
      const done = () => {
        const end = performance.now();
        performance.measure('hearth:interactive', { start: 0, end });
        window.__hearthTti = { mounted_ms: mark.startTime, clicked_ms: clicked, interactive_ms: end };
      };
      new MutationObserver((_, mo) => {
        if (title.textContent === 'Data') {
          mo.disconnect();
          done();
        }
      }).observe(title, { childList: true, characterData: true, subtree: true });
      link.click();
    }).observe({ type: 'mark', buffered: true });
  }, MOUNTED);
}

/** What the probe measured, with the navigation's own milestones (ms from navigation start). */
export async function readTti(page) {
  await page.waitForFunction(() => window.__hearthTti, null, { timeout: 60_000 }).catch(() => {
    throw new Error('the app never set the `hearth:mounted` mark (is dist/ older than the mark? `cargo xtask test --suite app-build`)');
  });
  const tti = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      ...window.__hearthTti,
      dom_content_loaded_ms: nav?.domContentLoadedEventEnd ?? null,
      load_ms: nav?.loadEventEnd ?? null,
    };
  });
  if (tti.error) throw new Error(tti.error);
  return tti;
}

/**
 * On the Pipeline page: clicks Run pipeline and waits for this run's verdict, with the button back
 * to idle. Returns the run id and the click → verdict wall time (worker start-up and IndexedDB included).
 */
export async function runPipelineInPage(page) {
  await page.waitForSelector('#run-pipeline:not([disabled])');
  const before = (await page.$('#run-id')) ? await page.textContent('#run-id') : null;
  const started = Date.now();
  await page.click('#run-pipeline');
  await page.waitForFunction((b) => {
    const id = document.querySelector('#run-id');
    return id && id.textContent !== b && document.querySelector('#gate-verdict')
      && document.querySelector('#run-pipeline').textContent === 'Run pipeline';
  }, before, { timeout: 300_000 });
  return { runId: await page.textContent('#run-id'), clickToVerdictMs: Date.now() - started };
}

/** Starts recording the main thread's long tasks (PerformanceObserver 'longtask', > 50 ms each). */
export function watchLongTasks(page) {
  return page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

/** Long tasks since [`watchLongTasks`]: count and the longest (0 when none went over 50 ms). */
export async function readLongTasks(page) {
  // Entries are delivered asynchronously: give the observer a frame to catch up.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const all = await page.evaluate(() => window.__longTasks);
  return { count: all.length, longest_ms: all.reduce((a, b) => Math.max(a, b), 0) };
}

/**
 * The tracked run record `registry/runs/<id>` from the page's IndexedDB: its duration is the same
 * quantity `hearth runs show` gives natively (start of the run record → end of the last task).
 */
export function browserRunRecord(page, id) {
  return page.evaluate((key) => new Promise((resolve, reject) => {
    const open = indexedDB.open('hearth');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('kv').objectStore('kv').get(key);
      req.onsuccess = () => {
        open.result.close();
        const v = req.result;
        resolve(v === undefined ? null : JSON.parse(new TextDecoder().decode(v)));
      };
      req.onerror = () => reject(req.error);
    };
  }), `registry/runs/${id}`);
}

/** Runs `hearth ARGS` with `--json` in workspace `ws`; throws unless the exit code is in `ok`. */
export function hearthJson(hearth, ws, args, ok = [0]) {
  const run = spawnSync(hearth, ['--workspace', ws, '--json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (!ok.includes(run.status)) {
    throw new Error(`hearth ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  }
  return { status: run.status, json: run.stdout.trim() ? JSON.parse(run.stdout) : null, stderr: run.stderr };
}

/**
 * `hearth pipeline run PARAMS` natively in `ws` (exit 6, the gate refusing, is a result too):
 * the summary, the process wall time and the run record's duration.
 */
export function nativePipeline(hearth, ws, params = []) {
  const args = ['pipeline', 'run', ...params.flatMap((p) => ['--param', p])];
  const t0 = process.hrtime.bigint();
  const { status, json } = hearthJson(hearth, ws, args, [0, 6]);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const run = hearthJson(hearth, ws, ['runs', 'show', json.run_id]).json;
  return { status, summary: json, wall_ms: wallMs, run_ms: run.ended_at_ms - run.started_at_ms };
}

// Load check of the edge worker under workerd (Miniflare API, 127.0.0.1): wrk against 1-row and
// 100-row predictions, optionally alternating with a peer server (`mlflow models serve`, started by
// `cargo xtask bench`) on the very same request bodies. A benchmark, not a test: it reports, it
// asserts nothing about speed.
//   node benches/edge/predict.mjs [SECONDS=5] [CONNECTIONS=4] [--runs N] [--peer URL] [--oha PATH]
// Both sides get MLflow's `{"dataframe_records": [...]}` on `/invocations`. Lines starting with
// `load`, `latency` and `cold_start_ms` are read by the harness (xtask/src/bench/serve.rs).
// Two latency figures, because they answer different questions:
// - wrk's percentiles (`load` lines) are corrected for coordinated omission: wrk 4 adds, for every
//   response slower than twice the mean interval, the samples a steady sender would have seen
//   queued behind it. One 100 ms stall at 1,500 req/s thus counts as ~150 slow requests.
// - oha's (`latency` lines, when `--oha` is given) are each request's own time, the same load shape
//   (closed loop, same connections); they obey Little's law, wrk's do not (e.g. -c1: 24,715
//   requests in 5 s, yet a 6.7 ms mean).
// Each target gets an unrecorded warm-up run first: V8 tiers the hot wasm functions up in the
// background during the first seconds, which a measurement of steady serving should not include
// (cold start is reported on its own).
// Three Hearth-side targets: `hearth`, the worker as deployed (with wrangler.toml's static assets,
// which Miniflare emulates with a router worker in front); `bare`, the same worker without the assets
// emulation (on Cloudflare the router is part of the platform, not a hop in the worker's runtime);
// `noop`, a do-nothing JS worker in the as-deployed configuration: the runtime's ceiling here.
// Needs edge-worker/build/ (cargo xtask test --suite worker-build) and `wrk` (apt).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Miniflare } from 'miniflare';
import { ASSETS, demoBundle, deployBundle, root, startWorker, workerdPeakKb } from '../../tests/edge/worker.mjs';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '1' }, peer: { type: 'string' }, oha: { type: 'string' } },
});
// Every load run is bounded: at most 10 s, loopback only.
const seconds = Math.min(Number(positionals[0] ?? 5), 10);
const connections = Number(positionals[1] ?? 4);
const runs = Number(flags.runs);
const record = {
  area: 7420, bedrooms: 4, bathrooms: 2, stories: 3, mainroad: 'yes', guestroom: 'no', basement: 'no',
  hotwaterheating: 'no', airconditioning: 'yes', parking: 2, prefarea: 'yes', furnishingstatus: 'furnished',
};
const bodies = [
  ['1row', { dataframe_records: [record] }],
  ['100rows', { dataframe_records: Array(100).fill(record) }],
];

/** Latency text from wrk (`850.00us`, `1.20ms`, `2.00s`) in milliseconds. */
function ms(text) {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text ?? '');
  if (!m) return NaN;
  return Number(m[1]) * { us: 1e-3, ms: 1, s: 1e3 }[m[2]];
}

/** One bounded wrk run; returns {rps, p50, p99, non2xx}. */
function load(target, body, duration = seconds) {
  const lua = path.join(os.tmpdir(), `hearth-bench-${process.pid}.lua`);
  fs.writeFileSync(lua, `wrk.method = "POST"\nwrk.headers["content-type"] = "application/json"\nwrk.body = ${JSON.stringify(JSON.stringify(body))}\n`);
  const run = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '2s', '--latency', '-s', lua, target], {
    encoding: 'utf8', timeout: (duration + 10) * 1000,
  });
  fs.rmSync(lua);
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr ?? run.error}`);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1]),
    p50: ms(/\s50%\s+(\S+)/.exec(run.stdout)?.[1]),
    p99: ms(/\s99%\s+(\S+)/.exec(run.stdout)?.[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(run.stdout)?.[1] ?? 0),
  };
}

/** One bounded oha run (each request's own latency); returns {p50, p99, p999, max} in ms. */
function perRequest(target, body) {
  const file = path.join(os.tmpdir(), `hearth-bench-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(body));
  const args = ['--no-tui', '-j', `-c${connections}`, `-z${seconds}s`, '-m', 'POST', '-T', 'application/json', '-D', file, target];
  const run = spawnSync(flags.oha, args, { encoding: 'utf8', timeout: (seconds + 10) * 1000 });
  fs.rmSync(file);
  if (run.status !== 0) throw new Error(`oha failed: ${run.stderr ?? run.error}`);
  const out = JSON.parse(run.stdout);
  const q = out.latencyPercentiles;
  return { p50: q.p50 * 1e3, p99: q.p99 * 1e3, p999: q['p99.9'] * 1e3, max: out.summary.slowest * 1e3 };
}

async function expectOk(label, target, body) {
  const res = await fetch(target, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${label}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const bundle = demoBundle();
const vars = { ADMIN_TOKEN: 'bench', BUNDLE_PUBLIC_KEY: bundle.public_key };

/** A warm-up run per target, then `runs` rounds over the bodies, each round alternating the
 * targets; prints `load` (and with oha, `latency`) lines. */
function measure(targets) {
  for (const [, target] of targets) load(target, bodies[0][1], Math.min(seconds, 2));
  for (let r = 0; r < runs; r++) {
    for (const [label, body] of bodies) {
      for (const [side, target] of targets) {
        if (side === 'noop' && label !== '1row') continue;
        const { rps, p50, p99, non2xx } = load(target, body);
        console.log(`load ${side} ${label} ${rps} ${p50} ${p99} ${non2xx}`);
        if (flags.oha && side !== 'noop') {
          const l = perRequest(target, body);
          console.log(`latency ${side} ${label} ${l.p50} ${l.p99} ${l.p999} ${l.max}`);
        }
      }
    }
  }
}

/** Every body must predict (200) on every side before it is measured; checked up front because
 * after a wrk run Node's pooled keep-alive sockets to workerd are closed. */
async function checkAll(targets) {
  for (const [side, target] of targets) {
    for (const [label, body] of bodies) await expectOk(`${side} ${label}`, target, body);
  }
}

// Phase 1: the worker as deployed, alternating with the peer; its workerd's peak is read before
// the other two start (the figure sums workerd processes this script started).
const started = performance.now();
const mf = startWorker(vars);
try {
  const base = await mf.ready;
  await deployBundle(base, 'bench', bundle);
  const targets = [['hearth', new URL('/invocations', base).href]];
  if (flags.peer) targets.push(['peer', flags.peer]);
  const first = await expectOk('hearth 1row', targets[0][1], bodies[0][1]);
  console.log(`cold_start_ms ${(performance.now() - started).toFixed(1)} (Miniflare start, deploy, first prediction ${JSON.stringify(first.predictions)})`);
  await checkAll(targets);
  console.log(`worker wasm: ${fs.statSync(path.join('edge-worker', 'build', 'index_bg.wasm')).size} bytes; ${seconds} s per run, ${connections} connections, ${runs} run(s)`);
  measure(targets);
  const peak = workerdPeakKb();
  if (peak !== null) console.log(`server_peak_rss_kb ${peak}`);
} finally {
  await mf.dispose();
}

// Phase 2: the same worker without the assets emulation, and the do-nothing worker, alternating.
const bare = startWorker(vars, { assets: false });
const noop = new Miniflare({
  host: '127.0.0.1',
  port: 0,
  modules: true,
  scriptPath: path.join(root, 'benches/edge/noop/worker.mjs'),
  modulesRoot: path.join(root, 'benches/edge/noop'),
  compatibilityDate: '2026-04-01',
  cf: false,
  assets: ASSETS,
});
try {
  const bareBase = await bare.ready;
  await deployBundle(bareBase, 'bench', bundle);
  const targets = [
    ['bare', new URL('/invocations', bareBase).href],
    ['noop', new URL('/invocations', await noop.ready).href],
  ];
  await checkAll(targets);
  measure(targets);
} finally {
  await Promise.all([bare.dispose(), noop.dispose()]);
}

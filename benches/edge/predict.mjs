// Load check of the edge worker under workerd (Miniflare API, 127.0.0.1): wrk against 1-row and
// 100-row predictions, optionally alternating with a peer server (`mlflow models serve`, started by
// `cargo xtask bench`) on the very same request bodies. A benchmark, not a test: it reports, it
// asserts nothing about speed.
//   node benches/edge/predict.mjs [SECONDS=5] [CONNECTIONS=4] [--runs N] [--peer URL]
// Both sides get MLflow's `{"dataframe_records": [...]}` on `/invocations`. Lines starting with
// `load` and `cold_start_ms` are read by the harness (xtask/src/bench/serve.rs).
// Needs edge-worker/build/ (cargo xtask test --suite worker-build) and `wrk` (apt).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoBundle, deployBundle, startWorker, workerdPeakKb } from '../../tests/edge/worker.mjs';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '1' }, peer: { type: 'string' } },
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
function load(target, body) {
  const lua = path.join(os.tmpdir(), `hearth-bench-${process.pid}.lua`);
  fs.writeFileSync(lua, `wrk.method = "POST"\nwrk.headers["content-type"] = "application/json"\nwrk.body = ${JSON.stringify(JSON.stringify(body))}\n`);
  const run = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '2s', '--latency', '-s', lua, target], {
    encoding: 'utf8', timeout: (seconds + 10) * 1000,
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

async function expectOk(label, target, body) {
  const res = await fetch(target, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${label}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const bundle = demoBundle();
const started = performance.now();
const mf = startWorker({ ADMIN_TOKEN: 'bench', BUNDLE_PUBLIC_KEY: bundle.public_key });
try {
  const base = await mf.ready;
  await deployBundle(base, 'bench', bundle);
  const targets = [['hearth', new URL('/invocations', base).href]];
  if (flags.peer) targets.push(['peer', flags.peer]);
  // Every body must predict (200) on every side before it is measured; checked up front because
  // after a wrk run Node's pooled keep-alive sockets to workerd are closed.
  const first = await expectOk('hearth 1row', targets[0][1], bodies[0][1]);
  console.log(`cold_start_ms ${(performance.now() - started).toFixed(1)} (Miniflare start, deploy, first prediction ${JSON.stringify(first.predictions)})`);
  for (const [side, target] of targets) {
    for (const [label, body] of bodies) await expectOk(`${side} ${label}`, target, body);
  }
  console.log(`worker wasm: ${fs.statSync(path.join('edge-worker', 'build', 'index_bg.wasm')).size} bytes; ${seconds} s per run, ${connections} connections, ${runs} run(s)`);
  for (let r = 0; r < runs; r++) {
    for (const [label, body] of bodies) {
      for (const [side, target] of targets) {
        const { rps, p50, p99, non2xx } = load(target, body);
        console.log(`load ${side} ${label} ${rps} ${p50} ${p99} ${non2xx}`);
      }
    }
  }
  const peak = workerdPeakKb();
  if (peak !== null) console.log(`server_peak_rss_kb ${peak}`);
} finally {
  await mf.dispose();
}

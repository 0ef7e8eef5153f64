// Per-route load check of the edge worker under workerd (Miniflare, 127.0.0.1): wrk on the runtime's
// floor (GET /ping, GET /version) and on 1-row and 100-row predictions through both MLflow's
// /invocations and Hearth's /v1/models/{name}/predict, so the cost of a prediction can be read as a
// ratio to the floor. A benchmark, not a test: it reports, it asserts nothing about speed.
//   node benches/edge/routes.mjs [SECONDS=5] [CONNECTIONS=4]
// Prints `route LABEL rps p50_ms p99_ms non2xx`. Needs edge-worker/build/ and `wrk` (apt).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoBundle, deployBundle, startWorker } from '../../tests/edge/worker.mjs';

const seconds = Math.min(Number(process.argv[2] ?? 5), 10);
const connections = Number(process.argv[3] ?? 4);
const record = {
  area: 7420, bedrooms: 4, bathrooms: 2, stories: 3, mainroad: 'yes', guestroom: 'no', basement: 'no',
  hotwaterheating: 'no', airconditioning: 'yes', parking: 2, prefarea: 'yes', furnishingstatus: 'furnished',
};

function ms(text) {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text ?? '');
  return m ? Number(m[1]) * { us: 1e-3, ms: 1, s: 1e3 }[m[2]] : NaN;
}

/** One bounded wrk run of `method` on `target` (with a JSON `body` for POST). */
function load(target, method, body) {
  const lua = path.join(os.tmpdir(), `hearth-routes-${process.pid}.lua`);
  const script = body === undefined
    ? `wrk.method = "${method}"\n`
    : `wrk.method = "${method}"\nwrk.headers["content-type"] = "application/json"\nwrk.body = ${JSON.stringify(JSON.stringify(body))}\n`;
  fs.writeFileSync(lua, script);
  const run = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '2s', '--latency', '-s', lua, target], {
    encoding: 'utf8', timeout: (seconds + 10) * 1000,
  });
  fs.rmSync(lua);
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr ?? run.error}`);
  return [
    Number(/Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1]),
    ms(/\s50%\s+(\S+)/.exec(run.stdout)?.[1]),
    ms(/\s99%\s+(\S+)/.exec(run.stdout)?.[1]),
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(run.stdout)?.[1] ?? 0),
  ];
}

const bundle = demoBundle();
const mf = startWorker({ ADMIN_TOKEN: 'bench', BUNDLE_PUBLIC_KEY: bundle.public_key });
try {
  const base = await mf.ready;
  await deployBundle(base, 'bench', bundle);
  const url = (p) => new URL(p, base).href;
  const predict = url(`/v1/models/${bundle.model}/predict`);
  const routes = [
    ['ping', url('/ping'), 'GET'],
    ['version', url('/version'), 'GET'],
    ['invocations-1row', url('/invocations'), 'POST', { dataframe_records: [record] }],
    ['invocations-100rows', url('/invocations'), 'POST', { dataframe_records: Array(100).fill(record) }],
    ['predict-1row', predict, 'POST', record],
    ['predict-100rows', predict, 'POST', { instances: Array(100).fill(record) }],
  ];
  for (const [label, target, method, body] of routes) {
    const res = await fetch(target, {
      method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' },
    });
    if (res.status !== 200) throw new Error(`${label}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
  for (const [label, target, method, body] of routes) {
    console.log(`route ${label} ${load(target, method, body).join(' ')}`);
  }
} finally {
  await mf.dispose();
}

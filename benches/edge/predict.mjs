// Load check of the edge worker under workerd (Miniflare API, 127.0.0.1): wrk against 1-row and
// 100-row predictions. A benchmark, not a test: it reports, it asserts nothing.
//   node benches/edge/predict.mjs [SECONDS=5] [CONNECTIONS=4]
// Needs edge-worker/build/ (cargo xtask test --suite worker-build) and `wrk` (apt).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoBundle, startWorker } from '../../tests/edge/worker.mjs';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 4);
const record = {
  area: 7420, bedrooms: 4, bathrooms: 2, stories: 3, mainroad: 'yes', guestroom: 'no', basement: 'no',
  hotwaterheating: 'no', airconditioning: 'yes', parking: 2, prefarea: 'yes', furnishingstatus: 'furnished',
};
const bundle = demoBundle();
const mf = startWorker({ ADMIN_TOKEN: 'bench', BUNDLE_PUBLIC_KEY: bundle.public_key });
try {
  const base = await mf.ready;
  const admin = { authorization: 'Bearer bench' };
  await fetch(new URL(`/admin/bundles/${bundle.hash}`, base), {
    method: 'PUT', body: bundle.bytes, headers: { ...admin, 'x-hearth-signature': bundle.signature },
  });
  const d = await fetch(new URL('/admin/deployment', base), {
    method: 'PUT', headers: admin, body: JSON.stringify({ bundle: bundle.hash, version: 1, expected: null }),
  });
  if (d.status !== 200) throw new Error(`deploy failed: ${await d.text()}`);
  const target = new URL(`/v1/models/${bundle.model}/predict`, base).href;
  console.log(`worker wasm: ${fs.statSync('edge-worker/build/index_bg.wasm').size} bytes; ${seconds} s per run, ${connections} connections`);
  const runs = [
    ['1 row', record],
    ['100 rows', { instances: Array(100).fill(record) }],
  ];
  // Every body must predict (200) before it is measured; checked up front because after a wrk run
  // Node's pooled keep-alive sockets to workerd are closed.
  for (const [label, body] of runs) {
    const check = await fetch(target, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (check.status !== 200) throw new Error(`${label}: ${check.status} ${await check.text()}`);
  }
  for (const [label, body] of runs) {
    const lua = path.join(os.tmpdir(), `hearth-bench-${process.pid}.lua`);
    fs.writeFileSync(lua, `wrk.method = "POST"\nwrk.headers["content-type"] = "application/json"\nwrk.body = ${JSON.stringify(JSON.stringify(body))}\n`);
    const run = spawnSync('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', lua, target], { encoding: 'utf8' });
    fs.rmSync(lua);
    if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
    const rps = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1];
    const p50 = /\s50%\s+(\S+)/.exec(run.stdout)?.[1];
    const p99 = /\s99%\s+(\S+)/.exec(run.stdout)?.[1];
    const errors = /Non-2xx or 3xx responses: (\d+)/.exec(run.stdout)?.[1] ?? '0';
    console.log(`${label.padEnd(9)} ${rps} req/s  p50 ${p50}  p99 ${p99}  non-2xx ${errors}`);
  }
} finally {
  await mf.dispose();
}

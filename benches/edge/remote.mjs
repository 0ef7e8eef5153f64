// A team remote for the push/pull benchmark (xtask/src/bench/remote.rs): the built worker under
// workerd (Miniflare API) on 127.0.0.1, its R2 bucket and D1 database persisted under DIR (the
// harness gives a fresh DIR for a fresh remote, or the same DIR to serve what an earlier one stored).
//   node benches/edge/remote.mjs DIR [MAX_SECONDS=1800]
// Prints `url URL` and `token TOKEN` (a write-scoped token issued through the admin API, as a team
// member would use) once ready, then serves until its stdin closes (the harness stops it that way)
// or MAX_SECONDS pass, whichever comes first; prints `server_peak_rss_kb N` (workerd's VmHWM) and
// stops workerd before exiting. A benchmark helper, not a test: it asserts nothing.
import path from 'node:path';
import { startWorker, workerdPeakKb } from '../../tests/edge/worker.mjs';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node benches/edge/remote.mjs DIR [MAX_SECONDS]');
const maxSeconds = Number(process.argv[3] ?? 1800);
const ADMIN = 'bench-remote-admin';

const mf = startWorker({ ADMIN_TOKEN: ADMIN }, { persist: path.resolve(dir) });
let stopping = null;
async function stop(why) {
  stopping ??= (async () => {
    const peak = workerdPeakKb();
    if (peak !== null) console.log(`server_peak_rss_kb ${peak}`);
    console.log(`stopped ${why}`);
    await mf.dispose();
    process.exit(0);
  })();
  return stopping;
}
const bound = setTimeout(() => stop(`after ${maxSeconds} s (bound)`), maxSeconds * 1000);
bound.unref();
process.stdin.on('end', () => stop('stdin closed'));
process.stdin.on('error', () => stop('stdin error'));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stop(signal));

try {
  const base = (await mf.ready).toString().replace(/\/$/, '');
  const res = await fetch(`${base}/remote/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `bench-${process.pid}-${Date.now()}`, scope: 'write' }),
  });
  const { token } = await res.json();
  if (res.status !== 201 || !token) throw new Error(`issuing a token failed: ${res.status}`);
  console.log(`url ${base}`);
  console.log(`token ${token}`);
} catch (e) {
  console.error(`remote did not start: ${e.stack ?? e}`);
  await stop('start failed');
}

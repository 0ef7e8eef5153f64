// Shared by the edge tests: starts the built worker under workerd through Miniflare's API (no wrangler
// proxy), with the KV namespace and static assets of wrangler.toml simulated in memory, and a tiny
// check runner. Needs `edge-worker/build/` (`cargo xtask test --suite edge` builds it first).
import { Miniflare } from 'miniflare';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const build = path.join(root, 'edge-worker', 'build');

export const ASSETS = {
  directory: path.join(build, 'public'),
  routerConfig: { has_user_worker: true, static_routing: { user_worker: ['/*'], asset_worker: ['/assets/*'] } },
};

/**
 * A worker on a free 127.0.0.1 port; `bindings` are its vars and secrets. The team remote's R2
 * bucket and D1 database are simulated in memory, or on disk under `persist` when given.
 */
export function startWorker(bindings = {}, { persist, assets = true } = {}) {
  return new Miniflare({
    host: '127.0.0.1',
    port: 0, // any free port
    modules: true,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    scriptPath: path.join(build, 'index.js'),
    modulesRoot: build, // required when cwd is elsewhere (toolchain.md F7)
    compatibilityDate: '2026-04-01',
    cf: false,
    kvNamespaces: ['HEARTH'],
    r2Buckets: ['REMOTE_OBJECTS'],
    d1Databases: ['REMOTE_DB'],
    ...(persist ? { r2Persist: path.join(persist, 'r2'), d1Persist: path.join(persist, 'd1') } : {}),
    // wrangler.toml's `run_worker_first = ["/*", "!/assets/*"]`, as wrangler translates it. Without
    // `assets` (benches only) the worker answers alone, as it does behind Cloudflare's own router.
    ...(assets ? { assets: ASSETS } : {}),
    bindings,
  });
}

/**
 * The demo bundle from `cargo run -p hearth-core --example bundle` (trained on generated data, signed
 * with the demo key): `{bytes, hash, signature, public_key, model, version}`. Another `seed` trains on
 * other generated rows: a different real bundle of the same model (for rollback and canary tests).
 */
export function demoBundle({ rows = 545, seed = 42 } = {}) {
  const name = rows === 545 && seed === 42 ? 'demo.bundle' : `demo-${rows}-${seed}.bundle`;
  const out = path.join(root, 'target', 'edge-test', name);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const args = ['run', '-q', '-p', 'hearth-core', '--example', 'bundle', '--', out, String(rows), String(seed)];
  const run = spawnSync('cargo', args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`building the demo bundle failed:\n${run.stderr}`);
  return { ...JSON.parse(fs.readFileSync(`${out}.json`, 'utf8')), bytes: fs.readFileSync(out) };
}

/** An admin client for a started worker at `base` with bearer `token`. */
export function adminClient(base, token) {
  const url = (p) => new URL(p, base);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const send = async (method, p, body) => {
    const res = await fetch(url(p), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  return {
    upload: (b) =>
      fetch(url(`/admin/bundles/${b.hash}`), {
        method: 'PUT',
        body: b.bytes,
        headers: { authorization: `Bearer ${token}`, 'x-hearth-signature': b.signature },
      }).then(async (res) => ({ status: res.status, body: await res.json() })),
    deploy: (body) => send('PUT', '/admin/deployment', body),
    rollback: (body) => send('POST', '/admin/rollback', body),
    current: async () => (await send('GET', '/admin/deployment')).body.deployment,
    deployments: async () => (await send('GET', '/admin/deployments')).body,
  };
}

/** Uploads `bundle` and deploys it as version 1 (what the edge benches serve); throws unless both succeed. */
export async function deployBundle(base, token, bundle) {
  const admin = adminClient(base, token);
  const up = await admin.upload(bundle);
  if (up.status !== 201 && up.status !== 200) throw new Error(`upload failed: ${JSON.stringify(up.body)}`);
  const d = await admin.deploy({ bundle: bundle.hash, version: 1, expected: null });
  if (d.status !== 200) throw new Error(`deploy failed: ${JSON.stringify(d.body)}`);
}

/** Peak RSS in KiB (VmHWM) of this process's `workerd` children: the worker runtime's memory,
 * without Node and Miniflare's own (printed as `server_peak_rss_kb`, read by the bench harness). */
export function workerdPeakKb() {
  let total = 0;
  let found = false;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid || !name.includes('workerd')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) {
        total += Number(hwm[1]);
        found = true;
      }
    } catch {
      // The process ended between listing and reading: not ours to measure.
    }
  }
  return found ? total : null;
}

/** Runs named checks, printing ok/FAIL; `finish()` exits non-zero when any failed. */
export function checker(suite) {
  let failures = 0;
  return {
    async check(name, body) {
      try {
        await body();
        console.log(`ok   ${name}`);
      } catch (e) {
        failures++;
        const cause = e.cause ? `\ncause: ${e.cause.stack ?? e.cause}` : '';
        console.log(`FAIL ${name}\n     ${String((e.stack ?? e) + cause).replaceAll('\n', '\n     ')}`);
      }
    },
    finish() {
      console.log(failures === 0 ? `${suite}: all checks passed` : `${suite}: ${failures} check(s) failed`);
      process.exit(failures === 0 ? 0 : 1);
    },
  };
}

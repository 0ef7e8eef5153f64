// HTTP tests of the edge worker under workerd, driven through Miniflare's API (no wrangler proxy).
// Needs `edge-worker/build/` from worker-build (`cargo xtask test --suite edge` builds it first).
import { Miniflare } from 'miniflare';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const build = path.join(root, 'edge-worker', 'build');

const mf = new Miniflare({
  host: '127.0.0.1',
  port: 0, // any free port
  modules: true,
  modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
  scriptPath: path.join(build, 'index.js'),
  modulesRoot: build, // required when cwd is elsewhere (toolchain.md F7)
  compatibilityDate: '2026-04-01',
  cf: false,
});

let failures = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${e.message.replaceAll('\n', '\n     ')}`);
  }
}

try {
  const base = await mf.ready;
  const pkg = (await import('node:fs')).readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  const version = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/s.exec(pkg)[1];

  await check('GET /health answers 200 JSON with status ok and the crate version', async () => {
    const res = await fetch(new URL('/health', base));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await res.json(), { status: 'ok', version });
  });

  await check('GET /nope answers 404 JSON naming the route', async () => {
    const res = await fetch(new URL('/nope', base));
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await res.json(), { error: 'no route for GET /nope' });
  });

  await check('POST /health answers 405 JSON naming the method, not a 5xx', async () => {
    const res = await fetch(new URL('/health', base), { method: 'POST', body: '{}' });
    assert.equal(res.status, 405);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await res.json(), { error: 'method POST is not allowed on /health' });
  });
} finally {
  await mf.dispose();
}

console.log(failures === 0 ? 'edge: all checks passed' : `edge: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

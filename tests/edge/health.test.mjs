// A fresh worker with nothing deployed: it says so in JSON, never 500s, and still serves its docs pages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checker, root, startWorker } from './worker.mjs';

const mf = startWorker({ ADMIN_TOKEN: 'secret-token' });
const { check, finish } = checker('edge health');
try {
  const base = await mf.ready;
  const pkg = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  const version = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/s.exec(pkg)[1];

  await check('GET /health with no model deployed answers 503 JSON saying how to deploy one', async () => {
    const res = await fetch(new URL('/health', base));
    assert.equal(res.status, 503);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const body = await res.json();
    assert.equal(body.status, 'unavailable');
    assert.match(body.detail, /no model is deployed.*PUT \/admin\/bundles/);
  });

  await check('GET /version answers 200 with the crate version and no model', async () => {
    const res = await fetch(new URL('/version', base));
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.hearth, version);
    assert.equal(body.model, null);
  });

  await check('model routes answer 503 JSON while nothing is deployed', async () => {
    for (const [method, route] of [['GET', '/v1/models'], ['POST', '/invocations'], ['GET', '/openapi.json']]) {
      const res = await fetch(new URL(route, base), { method, body: method === 'POST' ? '{}' : undefined });
      assert.equal(res.status, 503, route);
      assert.match((await res.json()).detail, /no model is deployed/);
    }
  });

  await check('GET /nope answers 404 JSON naming the route', async () => {
    const res = await fetch(new URL('/nope', base));
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await res.json(), { detail: 'Not Found: GET /nope' });
  });

  await check('POST /docs answers 405 JSON, not a 5xx', async () => {
    const res = await fetch(new URL('/docs', base), { method: 'POST', body: '{}' });
    assert.equal(res.status, 405);
    assert.deepEqual(await res.json(), { detail: 'Method Not Allowed: use GET /docs' });
  });

  await check('OPTIONS preflight answers 204 with CORS headers for the web app', async () => {
    const res = await fetch(new URL('/v1/models/x/predict', base), { method: 'OPTIONS' });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers'), /authorization/);
  });
} finally {
  await mf.dispose();
}
finish();

// The web app calls the worker from its own origin: every admin call it makes must pass the browser's
// CORS checks — the preflight allows its method and headers (authorization, content-type, the bundle
// signature), and every answer, errors included, lets the page read it and the served-version header.
// (The browser suite's deploy.test.mjs drives the same calls from a real page on another origin.)
import assert from 'node:assert/strict';
import { checker, startWorker } from './worker.mjs';

const TOKEN = 'cors-test-token';
const ORIGIN = 'http://127.0.0.1:9';
const mf = startWorker({ ADMIN_TOKEN: TOKEN });
const { check, finish } = checker('edge cors');
const list = (res, name) => (res.headers.get(name) ?? '').split(',').map((s) => s.trim().toLowerCase());
try {
  const base = await mf.ready;

  for (const [method, route, headers] of [
    ['PUT', '/admin/deployment', 'authorization, content-type'],
    ['POST', '/admin/rollback', 'authorization, content-type'],
    ['PUT', `/admin/bundles/${'a'.repeat(64)}`, 'authorization, content-type, x-hearth-signature'],
    ['GET', '/admin/deployments', 'authorization'],
    ['POST', '/v1/models/house/predict', 'content-type'],
  ]) {
    await check(`preflight for ${method} ${route.slice(0, 30)} allows the method and ${headers}`, async () => {
      const res = await fetch(new URL(route, base), {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.ok(list(res, 'access-control-allow-methods').includes(method.toLowerCase()), res.headers.get('access-control-allow-methods'));
      for (const h of headers.split(', ')) {
        assert.ok(list(res, 'access-control-allow-headers').includes(h), `${h} in ${res.headers.get('access-control-allow-headers')}`);
      }
    });
  }

  await check('a refused token (401) is readable cross-origin, so the page can say why', async () => {
    const res = await fetch(new URL('/admin/deployment', base), { headers: { origin: ORIGIN, authorization: 'Bearer wrong' } });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match((await res.json()).detail, /bearer token/);
  });

  await check('admin answers carry CORS headers and expose the served-version and variant headers', async () => {
    const res = await fetch(new URL('/admin/deployment', base), { headers: { origin: ORIGIN, authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(list(res, 'access-control-expose-headers').sort(), ['x-hearth-model-version', 'x-hearth-variant']);
    assert.deepEqual(await res.json(), { deployment: null });
  });
} finally {
  await mf.dispose();
}
finish();

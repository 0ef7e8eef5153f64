// The edge worker serving a real signed bundle under workerd: admin upload and deployment (auth,
// tampering, compare-and-swap), then every serving route and bad-input class over real HTTP.
import assert from 'node:assert/strict';
import { checker, demoBundle, startWorker } from './worker.mjs';

const TOKEN = 'test-admin-token';
const bundle = demoBundle();
const mf = startWorker({ ADMIN_TOKEN: TOKEN, BUNDLE_PUBLIC_KEY: bundle.public_key });
const { check, finish } = checker('edge serve');
const JSON_CT = { 'content-type': 'application/json' };
const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
const record = {
  area: 7420, bedrooms: 4, bathrooms: 2, stories: 3, mainroad: 'yes', guestroom: 'no', basement: 'no',
  hotwaterheating: 'no', airconditioning: 'yes', parking: 2, prefarea: 'yes', furnishingstatus: 'furnished',
};
const other = { ...record, area: 3000, bedrooms: 2, airconditioning: 'no', furnishingstatus: 'unfurnished' };

try {
  const base = await mf.ready;
  const url = (p) => new URL(p, base);
  const put = (p, body, headers) => fetch(url(p), { method: 'PUT', body, headers });
  const post = (p, body, headers = JSON_CT) =>
    fetch(url(p), { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  const upload = (hash, bytes, signature = bundle.signature, token = TOKEN) =>
    put(`/admin/bundles/${hash}`, bytes, { ...auth(token), 'x-hearth-signature': signature });
  const deploy = (body, token = TOKEN) =>
    put('/admin/deployment', JSON.stringify(body), { ...auth(token), ...JSON_CT });
  const deployment = async () =>
    (await (await fetch(url('/admin/deployment'), { headers: auth() })).json()).deployment;
  const name = bundle.model;
  const predictPath = `/v1/models/${name}/predict`;

  await check('admin calls without the token, or with a wrong one, are 401 and store nothing', async () => {
    for (const res of [
      await put(`/admin/bundles/${bundle.hash}`, bundle.bytes, { 'x-hearth-signature': bundle.signature }),
      await upload(bundle.hash, bundle.bytes, bundle.signature, 'wrong-token'),
      await deploy({ bundle: bundle.hash, version: 1, expected: null }, 'wrong-token'),
      await fetch(url('/admin/deployment')),
    ]) {
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
      assert.match((await res.json()).detail, /bearer token/);
    }
    assert.equal(await deployment(), null);
  });

  await check('tampered bundles are refused with 400 and nothing is stored or deployed', async () => {
    const flipped = Buffer.from(bundle.bytes);
    flipped[flipped.indexOf('7')] = '8'.charCodeAt(0); // a digit inside a coefficient
    let res = await upload(bundle.hash, flipped);
    assert.equal(res.status, 400);
    assert.match((await res.json()).detail, /hash mismatch/);
    // Re-addressing the tampered bytes does not help: the signature no longer matches.
    const { createHash } = await import('node:crypto');
    const rehashed = createHash('sha256').update(flipped).digest('hex');
    res = await upload(rehashed, flipped);
    assert.equal(res.status, 400);
    assert.match((await res.json()).detail, /signature does not match/);
    res = await upload(bundle.hash, bundle.bytes, 'ab'.repeat(64));
    assert.equal(res.status, 400);
    res = await upload('not-a-hash', bundle.bytes);
    assert.equal(res.status, 400);
    res = await deploy({ bundle: rehashed, version: 1, expected: null });
    assert.equal(res.status, 422, 'a bundle never stored cannot be deployed');
    assert.match((await res.json()).detail, /not stored/);
    assert.equal(await deployment(), null);
    assert.equal((await fetch(url('/health'))).status, 503);
  });

  await check('a valid bundle uploads (201, then 200 when repeated)', async () => {
    let res = await upload(bundle.hash, bundle.bytes);
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { hash: bundle.hash, bytes: bundle.bytes.length, model: name });
    res = await upload(bundle.hash, bundle.bytes);
    assert.equal(res.status, 200);
  });

  await check('deployment is compare-and-swap: a stale `expected` is 409 and changes nothing', async () => {
    const res = await deploy({ bundle: bundle.hash, version: 1, expected: 'f'.repeat(64) });
    assert.equal(res.status, 409);
    assert.equal((await res.json()).current, null);
    assert.equal(await deployment(), null);
    const bad = await put('/admin/deployment', '{"bundle":', { ...auth(), ...JSON_CT });
    assert.equal(bad.status, 400);
    const wrong = await deploy({ bundle: bundle.hash, version: 'one', expected: null });
    assert.equal(wrong.status, 422);
  });

  await check('deploying the bundle serves it: /health 200 with model, version and bundle hash', async () => {
    const res = await deploy({ bundle: bundle.hash, version: 3, aliases: ['champion'], expected: null });
    assert.equal(res.status, 200);
    const d = await deployment();
    assert.equal(d.bundle, bundle.hash);
    assert.equal(d.version, 3);
    assert.equal(d.previous, null);
    const health = await fetch(url('/health'));
    assert.equal(health.status, 200);
    const body = await health.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.model, name);
    assert.equal(body.version, 3);
    assert.equal(body.bundle, bundle.hash);
    assert.equal(typeof body.smoke_prediction, 'number');
    assert.equal((await fetch(url('/ping'))).status, 200);
    assert.deepEqual(await (await fetch(url('/v2/health/ready'))).json(), { ready: true });
    const version = await (await fetch(url('/version'))).json();
    assert.match(version.hearth, /^\d+\.\d+\.\d+/);
  });

  await check('/v1/models lists the model with signature, metrics, aliases and data version', async () => {
    const { models } = await (await fetch(url('/v1/models'))).json();
    assert.equal(models.length, 1);
    const [m] = models;
    assert.equal(m.name, name);
    assert.equal(m.version, 3);
    assert.equal(m.bundle, bundle.hash);
    assert.deepEqual(m.aliases, ['champion']);
    assert.equal(typeof m.metrics.r2, 'number');
    assert.match(m.training_data_version, /^[0-9a-f]{64}$/);
    const { variant, ...metadata } = m;
    assert.equal(variant, 'primary', '/v1/models marks the variant (a canary would be listed too)');
    assert.deepEqual(await (await fetch(url(`/v1/models/${name}`))).json(), metadata);
    assert.equal((await fetch(url('/v1/models/nope'))).status, 404);
    const v2 = await (await fetch(url(`/v2/models/${name}`))).json();
    assert.equal(v2.name, name);
    assert.ok(v2.inputs.some((i) => i.name === 'furnishingstatus' && i.datatype === 'BYTES'));
  });

  let one; // the prediction for `record`
  await check('predict one record and `instances`; the served-version header names version 3', async () => {
    let res = await post(predictPath, record);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-hearth-model-version'), '3');
    const body = await res.json();
    assert.equal(body.predictions.length, 1);
    assert.ok(Number.isFinite(body.predictions[0]) && body.predictions[0] > 0);
    assert.equal(body.bundle, bundle.hash);
    one = body.predictions[0];
    res = await post(predictPath, { instances: [record, other, record] });
    const many = (await res.json()).predictions;
    assert.equal(many.length, 3);
    assert.equal(many[0], one);
    assert.equal(many[2], one);
    assert.notEqual(many[1], one);
  });

  await check('categorical values are canonicalised as in training: "YES", " yes ", "yes" agree', async () => {
    const answers = [];
    for (const v of ['YES', ' yes ', 'yes']) {
      const res = await post(predictPath, { ...record, mainroad: v, prefarea: v });
      assert.equal(res.status, 200, v);
      answers.push((await res.json()).predictions[0]);
    }
    assert.deepEqual(answers, [one, one, one]);
    const no = await post(predictPath, { ...record, prefarea: 'no' });
    assert.notEqual((await no.json()).predictions[0], one, 'the categorical input is not ignored');
  });

  const detail422 = async (res) => {
    assert.equal(res.status, 422);
    const { detail } = await res.json();
    assert.ok(Array.isArray(detail) && detail.length > 0);
    for (const d of detail) {
      assert.ok(Array.isArray(d.loc) && typeof d.msg === 'string' && typeof d.type === 'string', JSON.stringify(d));
    }
    return detail;
  };

  await check('422 in FastAPI shape names every bad field: unknown category, missing, wrong type, NaN', async () => {
    const { area, ...missingArea } = record;
    assert.equal(typeof area, 'number');
    let detail = await detail422(await post(predictPath, { ...missingArea, furnishingstatus: 'palace' }));
    const fields = detail.map((d) => d.loc.at(-1)).sort();
    assert.deepEqual(fields, ['area', 'furnishingstatus']);
    detail = await detail422(await post(predictPath, { ...record, bedrooms: 'four', mainroad: true }));
    assert.deepEqual(detail.map((d) => d.loc.at(-1)).sort(), ['bedrooms', 'mainroad']);
    detail = await detail422(await post(predictPath, { ...record, area: 'NaN' }));
    assert.equal(detail[0].type, 'finite_number');
    detail = await detail422(await post(predictPath, JSON.stringify(record).replace('7420', '1e999')));
    assert.equal(detail[0].type, 'finite_number');
    detail = await detail422(await post(predictPath, { ...record, bedrooms: -2 }));
    assert.equal(detail[0].type, 'greater_than_equal');
    detail = await detail422(await post(predictPath, { instances: [record, { ...record, parking: 'x' }] }));
    assert.deepEqual(detail[0].loc, ['body', 'instances', 1, 'parking']);
  });

  await check('malformed JSON is 400, a wrong content type 415, never a 5xx', async () => {
    let res = await post(predictPath, '{"area": 7420,,}');
    assert.equal(res.status, 400);
    assert.match((await res.json()).detail, /malformed request body/);
    res = await post(predictPath, JSON.stringify(record), { 'content-type': 'text/plain' });
    assert.equal(res.status, 415);
    res = await post('/invocations', 'a b c', { 'content-type': 'application/xml' });
    assert.equal(res.status, 415);
    for (const body of ['', '[]', '{}', 'null', '"x"', '\u00ff']) {
      const r = await post(predictPath, body);
      assert.ok(r.status >= 400 && r.status < 500, `${JSON.stringify(body)} → ${r.status}`);
      assert.match(r.headers.get('content-type'), /^application\/json/);
    }
  });

  await check('past the limits: over 10,000 rows or 5 MiB is 413', async () => {
    let res = await post(predictPath, { instances: Array(10_001).fill(record) });
    assert.equal(res.status, 413);
    res = await post(predictPath, JSON.stringify({ ...record, pad: 'x'.repeat(5 * 1024 * 1024) }));
    assert.equal(res.status, 413);
    res = await post(predictPath, { instances: Array(10_000).fill(record) });
    assert.equal(res.status, 200, 'exactly at the row limit is fine');
  });

  await check('/invocations accepts every MLflow format and agrees with /v1 predict', async () => {
    const columns = Object.keys(record);
    const rows = [record, other].map((r) => columns.map((c) => r[c]));
    const expected = (await (await post(predictPath, { instances: [record, other] })).json()).predictions;
    const csv = [columns.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
    const bodies = [
      [{ dataframe_split: { columns, data: rows } }, JSON_CT],
      [{ dataframe_split: { columns, data: rows, index: [10, 11] } }, JSON_CT],
      [{ dataframe_records: [record, other] }, JSON_CT],
      [{ instances: [record, other] }, JSON_CT],
      [{ inputs: Object.fromEntries(columns.map((c) => [c, [record[c], other[c]]])) }, JSON_CT],
      [csv, { 'content-type': 'text/csv' }],
    ];
    for (const [body, headers] of bodies) {
      const res = await post('/invocations', body, headers);
      const answer = await res.json();
      assert.equal(res.status, 200, JSON.stringify(answer));
      assert.deepEqual(answer, { predictions: expected }, JSON.stringify(body).slice(0, 60));
    }
    const bad = await post('/invocations', { dataframe_records: [{ ...record, area: 'big' }] });
    assert.equal(bad.status, 422);
    assert.equal((await bad.json()).error_code, 'INVALID_PARAMETER_VALUE');
  });

  await check('KServe V2 infer gives the same numbers in an FP64 output tensor', async () => {
    const inputs = Object.keys(record).map((c) => ({
      name: c,
      shape: [2],
      datatype: typeof record[c] === 'string' ? 'BYTES' : 'INT64',
      data: [record[c], other[c]],
    }));
    const res = await post(`/v2/models/${name}/infer`, { id: 'r1', inputs });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(res.headers.get('x-hearth-model-version'), '3');
    assert.equal(body.id, 'r1');
    assert.equal(body.outputs[0].datatype, 'FP64');
    const v1 = (await (await post(predictPath, { instances: [record, other] })).json()).predictions;
    assert.deepEqual(body.outputs[0].data, v1);
  });

  await check('/openapi.json is OpenAPI 3.1 from the live signature, with enums and error responses', async () => {
    const doc = await (await fetch(url('/openapi.json'))).json();
    assert.match(doc.openapi, /^3\.1\./);
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    const op = doc.paths[predictPath]?.post ?? doc.paths['/v1/models/{name}/predict']?.post;
    assert.ok(op, `predict path missing: ${Object.keys(doc.paths)}`);
    for (const code of ['200', '400', '413', '415', '422']) assert.ok(op.responses[code], `response ${code}`);
    for (const p of ['/invocations', '/health']) assert.ok(doc.paths[p], p);
    // Every $ref resolves inside the document.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const target = ref.slice(8, -1).replace(/^#\//, '').split('/')
        .reduce((node, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
      assert.ok(target, `unresolved ${ref}`);
    }
    const text = JSON.stringify(doc);
    for (const level of ['furnished', 'semi-furnished', 'unfurnished']) assert.ok(text.includes(`"${level}"`), level);
  });

  await check('every operation /openapi.json documents exists on this worker (neither 404 nor 405)', async () => {
    const doc = await (await fetch(url('/openapi.json'))).json();
    const fill = { name, sha256: '0'.repeat(64) };
    for (const [template, ops] of Object.entries(doc.paths)) {
      const path = template.replace(/\{(\w+)\}/g, (_, k) => fill[k] ?? k);
      for (const method of Object.keys(ops)) {
        // No token and no body: admin routes answer 401, body routes 4xx — never "no such route".
        const res = await fetch(url(path), { method: method.toUpperCase() });
        const body = await res.text();
        assert.ok(![404, 405].includes(res.status), `${method.toUpperCase()} ${path} -> ${res.status} ${body}`);
      }
    }
  });

  await check('/docs and /redoc load, and every asset they reference is served locally (200)', async () => {
    for (const page of ['/docs', '/redoc']) {
      const res = await fetch(url(page));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /^text\/html/);
      const html = await res.text();
      assert.ok(!/https?:\/\//.test(html), `${page} must not reference any remote URL`);
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(assets.some((a) => a.endsWith('.js')), `${page} loads a script`);
      for (const asset of assets) {
        const a = await fetch(url(asset));
        assert.equal(a.status, 200, asset);
        assert.ok((await a.arrayBuffer()).byteLength > 500, `${asset} is not empty`);
      }
      assert.match(html, /\/openapi\.json/);
    }
  });

  await check('a second deployment needs the first as `expected`; the switch is served at once', async () => {
    let res = await deploy({ bundle: bundle.hash, version: 4, expected: null });
    assert.equal(res.status, 409);
    assert.equal((await res.json()).current.version, 3);
    res = await deploy({ bundle: bundle.hash, version: 4, aliases: [], expected: bundle.hash });
    assert.equal(res.status, 200);
    assert.equal((await deployment()).previous, bundle.hash);
    const predicted = await post(predictPath, record);
    assert.equal(predicted.headers.get('x-hearth-model-version'), '4');
    assert.equal((await predicted.json()).predictions[0], one);
  });
} finally {
  await mf.dispose();
}
finish();

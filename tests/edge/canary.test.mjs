// Canary routing over real HTTP under workerd, with two different real signed bundles: the canary
// answers its share of prediction requests on every prediction route (seen in x-hearth-model-version
// and x-hearth-variant), a route key makes the choice sticky, invalid shares and missing canary
// bundles are 422s that change nothing, /health and /v1/models report the canary, and removing it
// (or rolling back) sends everything to the primary again.
import assert from 'node:assert/strict';
import { adminClient, checker, demoBundle, startWorker } from './worker.mjs';

const TOKEN = 'canary-test-token';
const primary = demoBundle();
const canary = demoBundle({ seed: 1 });
const mf = startWorker({ ADMIN_TOKEN: TOKEN, BUNDLE_PUBLIC_KEY: primary.public_key });
const { check, finish } = checker('edge canary');
const record = {
  area: 7420, bedrooms: 4, bathrooms: 2, stories: 3, mainroad: 'yes', guestroom: 'no', basement: 'no',
  hotwaterheating: 'no', airconditioning: 'yes', parking: 2, prefarea: 'yes', furnishingstatus: 'furnished',
};
const SHARE = 0.3;
const withCanary = (share = SHARE) => ({
  bundle: primary.hash,
  version: 1,
  aliases: ['champion'],
  expected: primary.hash,
  canary: { bundle: canary.hash, version: 2, share },
});

try {
  const base = await mf.ready;
  const admin = adminClient(base, TOKEN);
  const name = primary.model;
  /** One /v1 prediction: the version and variant headers and the number. */
  const predict = async (routeKey) => {
    const headers = { 'content-type': 'application/json' };
    if (routeKey !== undefined) headers['x-hearth-route-key'] = routeKey;
    const res = await fetch(new URL(`/v1/models/${name}/predict`, base), {
      method: 'POST',
      body: JSON.stringify(record),
      headers,
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    return {
      version: res.headers.get('x-hearth-model-version'),
      variant: res.headers.get('x-hearth-variant'),
      prediction: body.predictions[0],
      bundle: body.bundle,
    };
  };
  /** `n` predictions, `parallel` at a time. */
  const many = async (n, key = () => undefined, parallel = 25) => {
    const out = [];
    for (let i = 0; i < n; i += parallel) {
      const batch = Array.from({ length: Math.min(parallel, n - i) }, (_, j) => predict(key(i + j)));
      out.push(...(await Promise.all(batch)));
    }
    return out;
  };
  let predPrimary;

  await check('setup: both bundles uploaded, the primary deployed alone answers every request', async () => {
    assert.equal((await admin.upload(primary)).status, 201);
    assert.equal((await admin.upload(canary)).status, 201);
    const res = await admin.deploy({ bundle: primary.hash, version: 1, aliases: ['champion'], expected: null });
    assert.equal(res.status, 200);
    const answers = await many(50);
    assert.ok(answers.every((a) => a.version === '1' && a.variant === 'primary'));
    predPrimary = answers[0].prediction;
  });

  await check('invalid shares (0, 1, -0.1, "x", 1.5, null) are 422 naming ["body","canary","share"]; edge unchanged', async () => {
    const before = await admin.deployments();
    for (const [share, type] of [
      [0, 'greater_than'], [1, 'less_than'], [-0.1, 'greater_than'], ['x', 'float_type'],
      [1.5, 'less_than'], [null, 'float_type'],
    ]) {
      const res = await admin.deploy(withCanary(share));
      assert.equal(res.status, 422, `share ${JSON.stringify(share)}`);
      assert.deepEqual(res.body.detail.map((d) => [d.loc, d.type]), [[['body', 'canary', 'share'], type]]);
      assert.equal(typeof res.body.detail[0].msg, 'string');
    }
    const { canary: c, ...noShare } = withCanary();
    const missing = await admin.deploy({ ...noShare, canary: { bundle: c.bundle, version: 2 } });
    assert.deepEqual(missing.body.detail.map((d) => [d.loc, d.type]), [[['body', 'canary', 'share'], 'missing']]);
    const several = await admin.deploy({ ...noShare, canary: { bundle: 'nope', version: 0, share: 2 } });
    assert.deepEqual(
      several.body.detail.map((d) => d.loc.join('.')).sort(),
      ['body.canary.bundle', 'body.canary.share', 'body.canary.version'],
      'every bad canary field is named',
    );
    assert.deepEqual(await admin.deployments(), before);
    assert.ok((await many(20)).every((a) => a.version === '1'));
  });

  await check('a canary bundle that is not stored is 422 naming the canary; edge unchanged', async () => {
    const before = await admin.deployments();
    const body = withCanary();
    body.canary.bundle = 'e'.repeat(64);
    const res = await admin.deploy(body);
    assert.equal(res.status, 422);
    assert.match(res.body.detail, /^canary: bundle e{64} is not stored/);
    assert.deepEqual(await admin.deployments(), before);
  });

  await check('deploying a canary records it (primary and previous unchanged) and in the history', async () => {
    const res = await admin.deploy(withCanary());
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.changed, true);
    const d = res.body.deployment;
    assert.deepEqual(d.canary, { bundle: canary.hash, version: 2, share: SHARE });
    assert.deepEqual([d.bundle, d.version, d.previous, d.previous_version], [primary.hash, 1, null, null]);
    const { history } = await admin.deployments();
    assert.deepEqual(history[0].canary, d.canary);
    assert.equal(history.length, 2);
    const again = await admin.deploy(withCanary());
    assert.equal(again.body.changed, false, 'the same state twice is a no-op');
    assert.equal((await admin.deployments()).history.length, 2);
  });

  await check(`share ${SHARE}: 1,000 requests, the canary answers ${SHARE * 100} % ± 5 points (x-hearth-model-version)`, async () => {
    const answers = await many(1000);
    const fromCanary = answers.filter((a) => a.version === '2');
    const observed = fromCanary.length / answers.length;
    console.log(`     canary answered ${fromCanary.length} of 1000 (${(observed * 100).toFixed(1)} %)`);
    assert.ok(Math.abs(observed - SHARE) <= 0.05, `observed ${observed}`);
    for (const a of answers) {
      assert.equal(a.variant, a.version === '2' ? 'canary' : 'primary');
      assert.equal(a.bundle, a.version === '2' ? canary.hash : primary.hash);
      assert.ok(a.version === '1' || a.version === '2', a.version);
    }
    assert.ok(answers.filter((a) => a.version === '1').every((a) => a.prediction === predPrimary));
    const canaryPredictions = new Set(fromCanary.map((a) => a.prediction));
    assert.equal(canaryPredictions.size, 1);
    assert.ok(!canaryPredictions.has(predPrimary), 'the canary is the other model');
  });

  await check('a route key is sticky: the same key always gets the same variant; 1,000 keys split near the share', async () => {
    const answers = await many(1000, (i) => `user-${i}`);
    const share = answers.filter((a) => a.variant === 'canary').length / answers.length;
    assert.ok(Math.abs(share - SHARE) <= 0.05, `keyed share ${share}`);
    for (const key of ['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6']) {
      const again = await many(10, () => key);
      const first = answers[Number(key.slice(5))];
      assert.ok(again.every((a) => a.variant === first.variant && a.version === first.version), key);
    }
  });

  await check('MLflow /invocations and KServe V2 infer are canary-routed too', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const variants = new Map((await many(200, (i) => keys[i])).map((a, i) => [keys[i], a.variant]));
    const inputs = Object.keys(record).map((c) => ({
      name: c, shape: [1], datatype: typeof record[c] === 'string' ? 'BYTES' : 'INT64', data: [record[c]],
    }));
    for (const [path, body] of [
      ['/invocations', { dataframe_records: [record] }],
      [`/v2/models/${name}/infer`, { inputs }],
    ]) {
      for (const key of keys.slice(0, 40)) {
        const res = await fetch(new URL(path, base), {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', 'x-hearth-route-key': key },
        });
        assert.equal(res.status, 200, path);
        await res.json();
        const variant = res.headers.get('x-hearth-variant');
        assert.equal(variant, variants.get(key), `${path} ${key}`);
        assert.equal(res.headers.get('x-hearth-model-version'), variant === 'canary' ? '2' : '1');
      }
    }
    assert.ok([...variants.values()].includes('canary') && [...variants.values()].includes('primary'));
  });

  await check('/health and /v1/models report the canary with its share', async () => {
    const health = await (await fetch(new URL('/health', base))).json();
    assert.equal(health.status, 'ok');
    assert.deepEqual([health.version, health.bundle], [1, primary.hash]);
    assert.deepEqual(
      [health.canary.status, health.canary.version, health.canary.bundle, health.canary.share],
      ['ok', 2, canary.hash, SHARE],
    );
    assert.equal(typeof health.canary.smoke_prediction, 'number');
    const { models } = await (await fetch(new URL('/v1/models', base))).json();
    assert.deepEqual(
      models.map((m) => [m.variant, m.version, m.bundle, m.share]),
      [['primary', 1, primary.hash, undefined], ['canary', 2, canary.hash, SHARE]],
    );
    const metadata = await (await fetch(new URL(`/v1/models/${name}`, base))).json();
    assert.equal(metadata.version, 1, '/v1/models/{name} describes the primary');
  });

  await check('omitting the canary removes it: every request is the primary again', async () => {
    const { canary: _, ...body } = withCanary();
    const res = await admin.deploy(body);
    assert.equal(res.status, 200);
    assert.equal(res.body.changed, true);
    assert.equal(res.body.deployment.canary, null);
    assert.equal(res.body.deployment.previous, null, 'removing a canary is not a primary switch');
    assert.ok((await many(200)).every((a) => a.version === '1' && a.variant === 'primary'));
    assert.equal((await (await fetch(new URL('/health', base))).json()).canary, null);
    assert.equal((await (await fetch(new URL('/v1/models', base))).json()).models.length, 1);
  });

  await check('a rollback clears the canary', async () => {
    let res = await admin.deploy({
      bundle: canary.hash, version: 2, expected: primary.hash,
      canary: { bundle: primary.hash, version: 1, share: 0.5 },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.deployment.canary.share, 0.5);
    res = await admin.rollback({ expected: canary.hash });
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.deployment.bundle, res.body.deployment.canary], [primary.hash, null]);
    assert.ok((await many(100)).every((a) => a.version === '1' && a.variant === 'primary'));
  });
} finally {
  await mf.dispose();
}
finish();

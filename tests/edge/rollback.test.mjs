// Rollback and deployment history over real HTTP under workerd, with two different real signed
// bundles: compare-and-swap refusals (409) that change nothing, a verified rollback that serves the
// previous bundle at once, idempotent re-deploys, a history that is newest first and capped at 20,
// and a switch written by another isolate picked up with no request waiting for the re-read.
import assert from 'node:assert/strict';
import { adminClient, checker, demoBundle, startWorker } from './worker.mjs';

const TOKEN = 'rollback-test-token';
const a = demoBundle();
const b = demoBundle({ seed: 1 });
const mf = startWorker({ ADMIN_TOKEN: TOKEN, BUNDLE_PUBLIC_KEY: a.public_key });
const { check, finish } = checker('edge rollback');
const record = {
  area: 7420, bedrooms: 4, bathrooms: 2, stories: 3, mainroad: 'yes', guestroom: 'no', basement: 'no',
  hotwaterheating: 'no', airconditioning: 'yes', parking: 2, prefarea: 'yes', furnishingstatus: 'furnished',
};

try {
  const base = await mf.ready;
  const admin = adminClient(base, TOKEN);
  const predict = async () => {
    const res = await fetch(new URL(`/v1/models/${a.model}/predict`, base), {
      method: 'POST',
      body: JSON.stringify(record),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200);
    return {
      version: res.headers.get('x-hearth-model-version'),
      variant: res.headers.get('x-hearth-variant'),
      prediction: (await res.json()).predictions[0],
    };
  };
  const unchanged = async (before, what) => {
    assert.deepEqual(await admin.deployments(), before, `${what} changed the edge`);
  };
  let predA;
  let predB;

  await check('two different real bundles of the same model upload', async () => {
    assert.notEqual(a.hash, b.hash);
    assert.equal(a.model, b.model);
    assert.equal((await admin.upload(a)).status, 201);
    assert.equal((await admin.upload(b)).status, 201);
  });

  await check('rollback with nothing deployed is 409 with current null; history stays empty', async () => {
    const res = await admin.rollback({ expected: a.hash });
    assert.equal(res.status, 409);
    assert.equal(res.body.current, null);
    assert.match(res.body.detail, /nothing is deployed/);
    assert.deepEqual(await admin.deployments(), { current: null, history: [] });
  });

  await check('rollback with no previous primary is 409 and changes nothing', async () => {
    const res = await admin.deploy({ bundle: a.hash, version: 1, aliases: ['champion'], expected: null });
    assert.equal(res.status, 200);
    assert.equal(res.body.changed, true);
    assert.equal(res.body.deployment.previous, null);
    assert.equal(res.body.deployment.previous_version, null);
    assert.equal(res.body.deployment.canary, null);
    predA = (await predict()).prediction;
    const before = await admin.deployments();
    const refused = await admin.rollback({ expected: a.hash });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /no previous primary/);
    assert.equal(refused.body.current.bundle, a.hash);
    await unchanged(before, 'a refused rollback');
  });

  await check('a switch records the replaced primary as previous / previous_version', async () => {
    const res = await admin.deploy({ bundle: b.hash, version: 2, aliases: ['champion'], expected: a.hash });
    assert.equal(res.status, 200);
    const d = res.body.deployment;
    assert.deepEqual(
      [d.bundle, d.version, d.previous, d.previous_version, d.canary],
      [b.hash, 2, a.hash, 1, null],
    );
    const served = await predict();
    assert.equal(served.version, '2');
    assert.equal(served.variant, 'primary');
    predB = served.prediction;
    assert.notEqual(predB, predA, 'the two bundles predict differently');
  });

  await check('rollback with a stale `expected` is 409 naming the current record, and changes nothing', async () => {
    const before = await admin.deployments();
    const res = await admin.rollback({ expected: a.hash });
    assert.equal(res.status, 409);
    assert.match(res.body.detail, /expected/);
    assert.equal(res.body.current.bundle, b.hash);
    await unchanged(before, 'a stale rollback');
    assert.equal((await predict()).version, '2');
  });

  await check('bad rollback bodies: 400 for malformed JSON, 422 naming the field otherwise', async () => {
    const before = await admin.deployments();
    const malformed = await fetch(new URL('/admin/rollback', base), {
      method: 'POST',
      body: '{"expected":',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(malformed.status, 400);
    for (const [body, loc, type] of [
      [{}, ['body', 'expected'], 'missing'],
      [{ expected: 'abc' }, ['body', 'expected'], 'string_pattern_mismatch'],
      [{ expected: 5 }, ['body', 'expected'], 'string_type'],
      [{ expected: b.hash, to: 1 }, ['body', 'to'], 'extra_forbidden'],
    ]) {
      const res = await admin.rollback(body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(res.body.detail.map((d) => [d.loc, d.type]), [[loc, type]], JSON.stringify(res.body));
    }
    await unchanged(before, 'an invalid rollback body');
  });

  await check('rollback to a previous bundle that is no longer stored is 422 and changes nothing', async () => {
    const kv = await mf.getKVNamespace('HEARTH');
    const bytes = await kv.get(`bundles/${a.hash}`, 'arrayBuffer');
    await kv.delete(`bundles/${a.hash}`);
    try {
      const before = await admin.deployments();
      const res = await admin.rollback({ expected: b.hash });
      assert.equal(res.status, 422);
      assert.match(res.body.detail, /cannot roll back: bundle [0-9a-f]{64} is not stored/);
      await unchanged(before, 'a failed rollback');
      assert.equal((await predict()).version, '2');
    } finally {
      await kv.put(`bundles/${a.hash}`, bytes);
    }
  });

  await check('rollback switches the primary back to previous, verified, served at once', async () => {
    const res = await admin.rollback({ expected: b.hash });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const d = res.body.deployment;
    assert.deepEqual(
      [d.bundle, d.version, d.aliases, d.previous, d.previous_version, d.canary],
      [a.hash, 1, ['champion'], b.hash, 2, null],
    );
    assert.deepEqual(await admin.current(), d);
    const served = await predict();
    assert.deepEqual([served.version, served.prediction], ['1', predA]);
    const health = await (await fetch(new URL('/health', base))).json();
    assert.deepEqual([health.bundle, health.version], [a.hash, 1]);
  });

  await check('history is newest first: rollback, deploy B, deploy A; events carry the contract fields', async () => {
    const { current, history } = await admin.deployments();
    assert.equal(current.bundle, a.hash);
    assert.deepEqual(
      history.map((e) => [e.action, e.bundle, e.version]),
      [['rollback', a.hash, 1], ['deploy', b.hash, 2], ['deploy', a.hash, 1]],
    );
    for (const e of history) {
      assert.deepEqual(Object.keys(e).sort(), ['action', 'aliases', 'at_ms', 'bundle', 'canary', 'version']);
      assert.equal(e.canary, null);
    }
    assert.ok(history[0].at_ms >= history[1].at_ms && history[1].at_ms >= history[2].at_ms);
    assert.equal(history[0].at_ms, current.deployed_at_ms);
  });

  await check('re-deploying the state already served is 200 `changed: false` and writes nothing', async () => {
    const before = await admin.deployments();
    const res = await admin.deploy({ bundle: a.hash, version: 1, aliases: ['champion'], expected: a.hash });
    assert.equal(res.status, 200);
    assert.equal(res.body.changed, false);
    assert.deepEqual(res.body.deployment, before.current);
    await unchanged(before, 'an identical re-deploy');
    // Only the aliases differ: a change (recorded), but not a switch (previous stays the rollback target).
    const aliases = await admin.deploy({ bundle: a.hash, version: 1, aliases: [], expected: a.hash });
    assert.equal(aliases.body.changed, true);
    assert.deepEqual([aliases.body.deployment.previous, aliases.body.deployment.previous_version], [b.hash, 2]);
    assert.equal((await admin.deployments()).history.length, before.history.length + 1);
  });

  await check('history keeps the last 20 events, newest first', async () => {
    let expected = a.hash;
    for (let version = 10; version < 35; version++) {
      const res = await admin.deploy({ bundle: a.hash, version, expected });
      assert.equal(res.status, 200);
      expected = res.body.deployment.bundle;
    }
    const { current, history } = await admin.deployments();
    assert.equal(history.length, 20);
    assert.deepEqual(history.map((e) => e.version), Array.from({ length: 20 }, (_, i) => 34 - i));
    assert.equal(current.version, 34);
    assert.deepEqual([current.previous, current.previous_version], [a.hash, 33]);
  });

  await check('a switch made by another isolate is picked up without a request waiting for it', async () => {
    // Another isolate (or location) writes the pointer; this isolate trusts its cached models for
    // 2 s, then the request that finds them stale is still answered from memory and starts one
    // re-read after its response (stale-while-revalidate); the requests after it get the new models.
    const kv = await mf.getKVNamespace('HEARTH');
    const before = JSON.parse(await kv.get('deployments/current'));
    const other = before.bundle === a.hash ? b.hash : a.hash;
    await kv.put('deployments/current', JSON.stringify({ ...before, bundle: other, version: 99 }));
    try {
      assert.equal((await predict()).version, '34', 'within 2 s the cached models answer');
      await new Promise((r) => setTimeout(r, 2100));
      assert.equal((await predict()).version, '34', 'the request that finds them stale is not held up');
      let seen = '34';
      for (let i = 0; i < 50 && seen === '34'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        seen = (await predict()).version;
      }
      assert.equal(seen, '99', 'the re-read installed the other isolate\'s deployment');
      const health = await (await fetch(new URL('/health', base))).json();
      assert.deepEqual([health.bundle, health.version], [other, 99]);
    } finally {
      await kv.put('deployments/current', JSON.stringify(before));
    }
  });
} finally {
  await mf.dispose();
}
finish();

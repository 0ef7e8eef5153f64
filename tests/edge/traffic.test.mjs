// Live-traffic monitoring at the edge, over real HTTP under workerd: predictions are sampled into
// KV in batches, GET /v1/models/{name}/drift compares recent traffic with the bundle's reference
// profile (core's Evidently-exact tests), and the Cron Trigger stores the same check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { adminClient, checker, demoBundle, root, startWorker } from './worker.mjs';

const TOKEN = 'traffic-test-token';
const bundle = demoBundle();
const FLUSH_ROWS = 50;
const mf = startWorker({
  ADMIN_TOKEN: TOKEN,
  BUNDLE_PUBLIC_KEY: bundle.public_key,
  TRAFFIC_SAMPLE_RATE: '1',
  TRAFFIC_FLUSH_ROWS: String(FLUSH_ROWS),
});
const base = (await mf.ready).toString().replace(/\/$/, '');
const admin = adminClient(base, TOKEN);
const { check, finish } = checker('traffic');
const MODEL = bundle.model;

const built = spawnSync('cargo', ['build', '-q', '-p', 'hearth'], { cwd: root, encoding: 'utf8' });
if (built.status !== 0) throw new Error(`building hearth failed:\n${built.stderr}`);
const target = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const BIN = path.join(target, 'debug', 'hearth');

/** Rows of Hearth's seeded house-price generator as prediction records (the target left out). */
function houses(rows, seed, scenario) {
  const r = spawnSync(BIN, ['data', 'sample', '--rows', String(rows), '--seed', String(seed), '--scenario', scenario], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  const [header, ...lines] = r.stdout.trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const record = {};
    names.forEach((n, i) => {
      if (n !== 'price') record[n] = /^-?[0-9.]+$/.test(cells[i]) ? Number(cells[i]) : cells[i];
    });
    return record;
  });
}
// Like the demo bundle's training data (another seed of the same generator), then areas ×1.25.
const like = houses(600, 7, 'baseline');
const larger = houses(400, 8, 'larger-areas');
const house = (i) => like[i];

async function predict(instances) {
  const res = await fetch(`${base}/v1/models/${MODEL}/predict`, {
    method: 'POST', body: JSON.stringify({ instances }), headers: { 'content-type': 'application/json' },
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

async function drift() {
  const res = await fetch(`${base}/v1/models/${MODEL}/drift`);
  const body = await res.json();
  return { status: res.status, body };
}

async function kvKeys(prefix) {
  const kv = await mf.getKVNamespace('HEARTH');
  const keys = [];
  let cursor;
  do {
    const page = await kv.list({ prefix, cursor });
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return keys;
}

/**
 * The stored batches once there are `n` of them: a batch is written after the response that closed
 * it (`ctx.wait_until`), so a test reading KV right after that response waits for the write, at most
 * 10 s; fewer than `n` after that fails the check that expected them.
 */
async function storedBatches(n) {
  const prefix = `traffic/${bundle.hash}/`;
  const deadline = Date.now() + 10_000;
  let keys = await kvKeys(prefix);
  while (keys.length < n && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    keys = await kvKeys(prefix);
  }
  return keys;
}

try {
  await check('deploy the demo bundle', async () => {
    assert.equal((await admin.upload(bundle)).status, 201);
    const res = await admin.deploy({ bundle: bundle.hash, version: 1, expected: null });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  await check('before any prediction the drift report says there is no traffic yet (200, traffic null)', async () => {
    const { status, body } = await drift();
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.traffic, null);
    assert.equal(body.bundle, bundle.hash);
    assert.equal(body.model_version, '1');
    assert.equal(body.last_scheduled_check, null);
  });

  await check(`predictions are sampled: ${FLUSH_ROWS} rows become one stored batch, the rest wait in the isolate`, async () => {
    await predict(Array.from({ length: 30 }, (_, i) => house(i)));
    assert.equal((await kvKeys(`traffic/${bundle.hash}/`)).length, 0, 'below the batch size nothing is written');
    await predict(Array.from({ length: 30 }, (_, i) => house(30 + i)));
    const keys = await storedBatches(1);
    assert.equal(keys.length, 1, keys.join());
    const kv = await mf.getKVNamespace('HEARTH');
    const stored = JSON.parse(await kv.get(keys[0]));
    assert.equal(stored.format, 1);
    assert.equal(stored.predictions.length, 60, 'the batch closes after the request that reached the size');
    assert.deepEqual(stored.columns.map((c) => c.name), Object.keys(house(0)));
  });

  await check('traffic like the training data: no dataset drift, window counts every sampled row', async () => {
    await predict(Array.from({ length: 40 }, (_, i) => house(60 + i)));
    const { status, body } = await drift();
    assert.equal(status, 200, JSON.stringify(body));
    const t = body.traffic;
    assert.equal(t.window.rows, 100, 'the stored batch and the 40 unwritten rows');
    assert.equal(t.predictions.count, 100);
    assert.equal(t.features.number_of_columns, 12, 'every feature, the target apart');
    assert.ok(t.features.drift_by_columns.every((c) => typeof c.drift_score === 'number'));
    assert.equal(t.features.dataset_drift, false, JSON.stringify(t.features.drift_by_columns.filter((c) => c.drift_detected).map((c) => c.column_name)));
    assert.equal(t.prediction_vs_target.column_name, 'price');
  });

  await check('traffic with areas ×1.25 (the `larger-areas` scenario): `area` drifts', async () => {
    for (let k = 0; k < 4; k++) {
      await predict(larger.slice(100 * k, 100 * (k + 1)));
    }
    // 60 rows stored, 40 waiting; each 100-row request then closes one batch: 1 + 4 stored.
    assert.equal((await storedBatches(5)).length, 5);
    const { body } = await drift();
    const area = body.traffic.features.drift_by_columns.find((c) => c.column_name === 'area');
    assert.equal(area.drift_detected, true, JSON.stringify(area));
    assert.ok(body.traffic.window.rows >= 400, String(body.traffic.window.rows));
  });

  await check('the Cron Trigger stores pending rows and keeps the check; the report shows it', async () => {
    await predict([house(500)]);
    const before = (await kvKeys(`traffic/${bundle.hash}/`)).length;
    const worker = await mf.getWorker();
    const outcome = await worker.scheduled({ cron: '*/5 * * * *' });
    assert.equal(outcome.outcome, 'ok', JSON.stringify(outcome));
    assert.equal((await kvKeys(`traffic/${bundle.hash}/`)).length, before + 1, 'the pending row was stored');
    const { body } = await drift();
    const last = body.last_scheduled_check;
    assert.ok(last && last.checked_at_ms > 0, JSON.stringify(last));
    assert.equal(last.bundle, bundle.hash);
    assert.equal(last.traffic.window.rows, body.traffic.window.rows);
  });

  await check('bad requests: unknown model 404, wrong method 405, bad predictions are not sampled', async () => {
    const unknown = await fetch(`${base}/v1/models/nope/drift`);
    assert.equal(unknown.status, 404);
    assert.match((await unknown.json()).detail, /not served/);
    const post = await fetch(`${base}/v1/models/${MODEL}/drift`, { method: 'POST', body: '{}' });
    assert.equal(post.status, 405);
    await post.json();
    const rowsBefore = (await drift()).body.traffic.window.rows;
    const bad = await fetch(`${base}/v1/models/${MODEL}/predict`, {
      method: 'POST', body: JSON.stringify({ ...house(1), area: 'big' }), headers: { 'content-type': 'application/json' },
    });
    assert.equal(bad.status, 422);
    await bad.json();
    assert.equal((await drift()).body.traffic.window.rows, rowsBefore, 'a refused request adds no traffic');
  });
} finally {
  await mf.dispose();
}
finish();

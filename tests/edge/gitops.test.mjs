// GitOps through the public surfaces: a real `hearth` workspace (two pipeline-trained versions),
// deploy/production.toml, and `hearth deploy plan|apply|status|history|rollback` against the worker
// under workerd. Checks: plan → apply → status; a second apply changes nothing; a manual change
// through the admin API is drift that plan shows and apply corrects; a smoke check out of range is
// rolled back automatically and recorded; manual rollback; a 0.2 canary observed over 1,000
// predictions; bad manifests, a tampered bundle, an unreachable edge and a wrong token fail clearly
// with the edge unchanged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminClient, checker, root, startWorker } from './worker.mjs';

const built = spawnSync('cargo', ['build', '-q', '-p', 'hearth'], { cwd: root, encoding: 'utf8' });
if (built.status !== 0) throw new Error(`building the CLI failed:\n${built.stderr}`);
const target = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const BIN = path.join(target, 'debug', 'hearth');
const TOKEN = 'gitops-test-token';
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-gitops-'));
const MODEL = 'house_price_prediction_prod';

function hearth(args, env = {}) {
  const r = spawnSync(BIN, ['--workspace', ws, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HEARTH_EDGE_TOKEN: TOKEN, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
}
function ok(args, env) {
  const r = hearth(args, env);
  assert.equal(r.code, 0, `hearth ${args.join(' ')} exited ${r.code}: ${r.err}`);
  return r;
}

// Workspace: two versions; the first learns shifted prices, so the second beats it and becomes champion.
ok(['init', ws]);
for (const [rows, seed, scenario] of [[150, 3, 'price-shift'], [1000, 4, 'baseline']]) {
  const csv = path.join(ws, `sample-${rows}.csv`);
  ok(['data', 'sample', '--rows', String(rows), '--seed', String(seed), '--scenario', scenario, '--out', csv]);
  ok(['data', 'import', csv]);
  ok(['--json', 'pipeline', 'run', '--param', 'gate.min_r2=-1000000000']);
}
const versions = ok(['--json', 'models', 'show', MODEL]).json();
const publicKey = ok(['--json', 'key', 'export']).json().public_key;
const mf = startWorker({ ADMIN_TOKEN: TOKEN, BUNDLE_PUBLIC_KEY: publicKey });
const { check, finish } = checker('edge gitops');
const record = {
  area: 7420, bedrooms: 4, bathrooms: 2, stories: 3, mainroad: 'yes', guestroom: 'no', basement: 'no',
  hotwaterheating: 'no', airconditioning: 'yes', parking: 2, prefarea: 'yes', furnishingstatus: 'furnished',
};
const toml = (o) =>
  `{ ${Object.entries(o).map(([k, v]) => `${k} = ${typeof v === 'string' ? `"${v}"` : v}`).join(', ')} }`;
function manifest(base, { model = `alias = "champion"`, canary = '', health = [1, 1e12], name = MODEL, url = base } = {}) {
  return `[edge]\nurl = "${url}"\ntoken_env = "HEARTH_EDGE_TOKEN"\n\n[model]\nname = "${name}"\n${model}\n${canary}\n` +
    `[gates]\nmin = { r2 = -1000000000.0 }\n\n[health]\nmin = ${health[0]}\nmax = ${health[1]}\nrequest = ${toml(record)}\n`;
}
const writeManifest = (text, env = 'production') => {
  fs.mkdirSync(path.join(ws, 'deploy'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'deploy', `${env}.toml`), text);
};
const lockText = () => fs.readFileSync(path.join(ws, 'deploy', 'hearth.lock'), 'utf8');

try {
  const base = (await mf.ready).toString().replace(/\/$/, '');
  const admin = adminClient(base, TOKEN);
  const v = (n) => versions.find((x) => x.version === n);
  assert.equal(versions.length, 2, 'two registered versions');
  assert.ok(v(2).aliases.includes('champion'), JSON.stringify(versions));
  writeManifest(manifest(base));

  await check('plan on an empty edge: upload + deploy the champion; apply; status says as applied', async () => {
    const [plan] = ok(['--json', 'deploy', 'plan', 'production']).json();
    assert.equal(plan.observed, null);
    assert.deepEqual(plan.actions.map((a) => a.action), ['upload', 'switch_primary']);
    assert.equal(plan.desired.primary.version, 2);
    assert.equal(plan.desired.primary.bundle, v(2).bundle_hash);
    assert.equal(await admin.current(), null, 'plan changes nothing');
    const [applied] = ok(['--json', 'deploy', 'apply', 'production']).json();
    assert.equal(applied.changed, true);
    assert.deepEqual(applied.uploaded, [v(2).bundle_hash]);
    assert.equal(applied.verification.smoke.served_version, 2);
    assert.equal(applied.lock_written, true);
    const current = await admin.current();
    assert.equal(current.bundle, v(2).bundle_hash);
    assert.deepEqual(current.aliases, ['champion']);
    assert.match(lockText(), new RegExp(`bundle = "${v(2).bundle_hash}"`));
    const [status] = ok(['--json', 'deploy', 'status']).json();
    assert.equal(status.matches_lock, true);
    assert.equal(status.serving.version, 2);
    assert.match(ok(['deploy', 'status']).out, /as applied/);
  });

  await check('apply again changes nothing and says so; the lock file is byte-identical', async () => {
    const before = lockText();
    const events = (await admin.deployments()).history.length;
    const r = ok(['deploy', 'apply', 'production']);
    assert.match(r.out, /nothing to do/);
    const [again] = ok(['--json', 'deploy', 'apply', 'production']).json();
    assert.equal(again.changed, false);
    assert.deepEqual(again.plan.actions, []);
    assert.equal(lockText(), before);
    assert.equal((await admin.deployments()).history.length, events, 'no new history event');
  });

  await check('a manual switch through the admin API is drift: plan shows it, apply corrects it', async () => {
    const signed = JSON.parse(fs.readFileSync(exportBundle(1), 'utf8'));
    const up = await admin.upload({ hash: signed.hash, signature: signed.signature, bytes: Buffer.from(signed.bytes, 'hex') });
    assert.ok([200, 201].includes(up.status), JSON.stringify(up));
    const res = await admin.deploy({ bundle: v(1).bundle_hash, version: 1, aliases: [], expected: v(2).bundle_hash });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [plan] = ok(['--json', 'deploy', 'plan', 'production']).json();
    assert.ok(plan.drift, 'drift detected');
    assert.equal(plan.drift.locked.primary.version, 2);
    assert.equal(plan.observed.version, 1);
    assert.deepEqual(plan.actions.map((a) => a.action), ['switch_primary']);
    assert.match(ok(['deploy', 'plan']).out, /drift detected/);
    assert.match(ok(['deploy', 'status']).out, /DRIFT/);
    const r = ok(['deploy', 'apply', 'production']);
    assert.match(r.out, /drift corrected/);
    assert.equal((await admin.current()).version, 2);
  });

  await check('a smoke prediction outside the expected range rolls back automatically, recorded', async () => {
    writeManifest(manifest(base, { model: 'version = 1', health: [1, 2] }));
    const before = lockText();
    const r = hearth(['--json', 'deploy', 'apply', 'production']);
    assert.equal(r.code, 1, r.err);
    assert.match(JSON.parse(r.err).error.message, /outside the expected range 1\.\.=2; rolled back to version 2/);
    assert.equal((await admin.current()).version, 2);
    const history = ok(['--json', 'deploy', 'history', 'production']).json();
    assert.deepEqual(history.slice(0, 2).map((h) => [h.action, h.version]), [['rollback', 2], ['deploy', 1]]);
    assert.equal(lockText(), before, 'a failed apply leaves the lock as it was');
  });

  await check('manual rollback: to the previous deployment, and --to a version', async () => {
    writeManifest(manifest(base));
    const [rb] = [ok(['--json', 'deploy', 'rollback', 'production']).json()];
    assert.equal(rb.from.version, 2);
    assert.equal(rb.deployment.version, 1);
    assert.equal((await admin.current()).version, 1);
    assert.match(lockText(), /selected_by = "rollback"/);
    const to = ok(['--json', 'deploy', 'rollback', 'production', '--to', '2']).json();
    assert.equal(to.deployment.version, 2);
    const history = ok(['--json', 'deploy', 'history', 'production']).json();
    assert.deepEqual(history.slice(0, 2).map((h) => [h.action, h.version]), [['deploy', 2], ['rollback', 1]]);
    assert.match(ok(['deploy', 'history', 'production']).out, /rollback/);
    ok(['deploy', 'apply', 'production']);
  });

  await check('a canary at 0.2 answers 20% ± 5 points of 1,000 predictions (x-hearth-variant)', async () => {
    writeManifest(manifest(base, { canary: '[canary]\nversion = 1\nshare = 0.2\n' }));
    const [plan] = ok(['--json', 'deploy', 'plan', 'production']).json();
    assert.deepEqual(plan.actions, [{ action: 'set_canary', version: 1, bundle: v(1).bundle_hash, share: 0.2 }]);
    ok(['deploy', 'apply', 'production']);
    assert.deepEqual((await admin.current()).canary, { bundle: v(1).bundle_hash, version: 1, share: 0.2 });
    let canary = 0;
    for (let i = 0; i < 1000; i++) {
      const res = await fetch(`${base}/v1/models/${MODEL}/predict`, {
        method: 'POST', body: JSON.stringify(record), headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.status, 200);
      const variant = res.headers.get('x-hearth-variant');
      const version = res.headers.get('x-hearth-model-version');
      assert.equal(version, variant === 'canary' ? '1' : '2');
      if (variant === 'canary') canary++;
      await res.arrayBuffer();
    }
    console.log(`     canary answered ${canary} of 1000 predictions`);
    assert.ok(canary >= 150 && canary <= 250, `canary share ${canary / 1000}`);
    const [again] = ok(['--json', 'deploy', 'apply', 'production']).json();
    assert.equal(again.changed, false);
  });

  await check('bad manifests, a tampered bundle, an unreachable edge and a wrong token: clear errors, edge unchanged', async () => {
    const before = JSON.stringify(await admin.current());
    const lockBefore = lockText();
    const cases = [
      [manifest(base, { name: 'no_such_model' }), 4, /deploy\/production\.toml: `model\.name`: .*no registered model `no_such_model`/],
      [manifest(base, { model: '' }), 3, /`model\.version`: exactly one of `version`/],
      [manifest(base, { model: 'version = 7' }), 4, /`model\.version`: .*version 7/],
      [manifest(base, { canary: '[canary]\nversion = 1\nshare = 1.5\n' }), 3, /`canary\.share`: a traffic share strictly between 0 and 1, found 1\.5/],
      [manifest(base, { url: 'http://127.0.0.1:9' }), 1, /unreachable.*is `edge\.url` right/],
    ];
    for (const [text, code, message] of cases) {
      writeManifest(text);
      for (const cmd of ['plan', 'apply']) {
        const r = hearth(['--json', 'deploy', cmd, 'production']);
        assert.equal(r.code, code, `${cmd}: ${r.err}`);
        assert.match(JSON.parse(r.err).error.message, message);
      }
    }
    writeManifest(manifest(base, { model: 'version = 1' }));
    const wrong = hearth(['--json', 'deploy', 'apply', 'production'], { HEARTH_EDGE_TOKEN: 'wrong' });
    assert.equal(wrong.code, 1);
    assert.match(JSON.parse(wrong.err).error.message, /refused the admin token \(401\)/);
    const unset = hearth(['--json', 'deploy', 'apply', 'production'], { HEARTH_EDGE_TOKEN: '' });
    assert.equal(unset.code, 3);
    assert.match(JSON.parse(unset.err).error.message, /`HEARTH_EDGE_TOKEN`.*is not set/);
    // A tampered local bundle fails its signature check before anything is sent.
    const key = path.join(ws, '.hearth', 'store', 'values', 'registry', 'bundles', v(1).bundle_hash);
    const files = fs.readdirSync(path.dirname(key)).filter((f) => f.startsWith(v(1).bundle_hash) && !f.includes('sig'));
    assert.ok(files.length >= 1, `bundle file in ${path.dirname(key)}`);
    const file = path.join(path.dirname(key), files[0]);
    const original = fs.readFileSync(file);
    const tampered = Buffer.from(original);
    tampered[tampered.indexOf('7')] = '8'.charCodeAt(0);
    fs.writeFileSync(file, tampered);
    try {
      const r = hearth(['--json', 'deploy', 'apply', 'production']);
      assert.notEqual(r.code, 0);
      assert.match(JSON.parse(r.err).error.message, /`model\.version`: .*(hash|signature)/);
    } finally {
      fs.writeFileSync(file, original);
    }
    assert.equal(JSON.stringify(await admin.current()), before, 'the edge is unchanged');
    assert.equal(lockText(), lockBefore, 'the lock is unchanged');
  });
} finally {
  await mf.dispose();
  fs.rmSync(ws, { recursive: true, force: true });
}
finish();

function exportBundle(version) {
  const out = path.join(ws, `v${version}.bundle.json`);
  ok(['models', 'export', `${MODEL}/${version}`, out]);
  return out;
}

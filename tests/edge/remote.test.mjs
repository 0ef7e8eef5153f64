// The team remote end to end: two workspaces (alice = A, bob = B) driving the real `hearth` CLI
// against one worker under workerd, its R2 bucket and D1 database persisted on disk. Checks: A
// pushes, B pulls identical hashes, runs and registry; scoped tokens (read → 403, revoked → 401);
// a tampered object is refused; 60 MB objects stream through both ways (a tampered or
// length-less upload stores nothing); B's promotion wins and A's concurrent one gets a clear conflict
// (exit 5) with nothing half-written; A pulls B's champion; a second push sends only the new
// objects (count and bytes); a push killed mid-upload resumes; the state survives a restart.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { checker, root, startWorker } from './worker.mjs';

const built = spawnSync('cargo', ['build', '-q', '-p', 'hearth'], { cwd: root, encoding: 'utf8' });
if (built.status !== 0) throw new Error(`building the CLI failed:\n${built.stderr}`);
const target = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const BIN = path.join(target, 'debug', 'hearth');
const ADMIN = 'remote-test-admin';
const MODEL = 'house_price_prediction_prod';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-remote-'));
const persist = path.join(tmp, 'remote-state');
const A = path.join(tmp, 'alice');
const B = path.join(tmp, 'bob');
const tokens = {};

function hearth(ws, args, token) {
  const r = spawnSync(BIN, ['--workspace', ws, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HEARTH_REMOTE_TOKEN: token ?? '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
}
function ok(ws, args, token) {
  const r = hearth(ws, args, token);
  assert.equal(r.code, 0, `hearth ${args.join(' ')} exited ${r.code}: ${r.err}`);
  return r;
}
function dataset(ws, rows, seed, scenario) {
  const csv = path.join(ws, `sample-${rows}-${seed}.csv`);
  ok(ws, ['data', 'sample', '--rows', String(rows), '--seed', String(seed), '--scenario', scenario, '--out', csv]);
  ok(ws, ['data', 'import', csv]);
  return csv;
}
const train = (ws) => ok(ws, ['--json', 'pipeline', 'run', '--param', 'gate.min_r2=-1000000000']);

/** Every shared key of a workspace's store (not its `remote/` state) → sha256 of the value. */
function storeHashes(ws) {
  const values = path.join(ws, '.hearth', 'store', 'values');
  const out = {};
  const walk = (dir, prefix) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const name = decodeURIComponent(e.name.replace(/~$/, ''));
      if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${name}/`);
      else out[`${prefix}${name}`] = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, e.name))).digest('hex');
    }
  };
  walk(values, '');
  for (const k of Object.keys(out)) if (k.startsWith('remote/')) delete out[k];
  return out;
}
/** Object keys (content-addressed) of a store and their total bytes. */
function objects(ws) {
  const keys = Object.keys(storeHashes(ws)).filter((k) =>
    /^(data\/blobs\/sha256|registry\/bundles|pipeline\/artifacts|pipeline\/definitions)\/[0-9a-f]{64}$/.test(k));
  const bytes = keys.reduce((n, k) => n + fs.statSync(path.join(ws, '.hearth', 'store', 'values', `${k}~`)).size, 0);
  return { keys, count: keys.length, bytes };
}

/** `n` bytes from a seeded xorshift32: the same bytes on every run, incompressible. */
function deterministicBytes(n, seed) {
  const words = new Uint32Array(Math.ceil(n / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return Buffer.from(words.buffer, 0, n);
}

let mf = startWorker({ ADMIN_TOKEN: ADMIN }, { persist });
const { check, finish } = checker('edge remote');

try {
  let base = (await mf.ready).toString().replace(/\/$/, '');
  const api = async (method, p, token, body, raw, retried) => {
    // workerd may drop an idle keep-alive connection while the CLI runs: retry once on a new one.
    const res = await fetch(`${base}/remote/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(raw ? {} : { 'content-type': 'application/json' }) },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    }).catch((e) => (retried ? Promise.reject(e) : null));
    if (res === null) return api(method, p, token, body, raw, true);
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };
  const entries = async () => (await api('GET', '/entries', ADMIN)).body.entries;
  /** A PUT whose body goes out in `chunks` with `Transfer-Encoding: chunked` (no Content-Length). */
  const rawPut = (p, token, chunks) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${base}/remote/v1${p}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
        agent: false,
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });

  await check('the admin token issues scoped tokens (shown once, stored hashed) and lists them', async () => {
    for (const [name, scope] of [['alice', 'write'], ['bob', 'write'], ['reader', 'read'], ['temp', 'write']]) {
      const r = await api('POST', '/tokens', ADMIN, { name, scope });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.match(r.body.token, /^hrt_[0-9a-f]{64}$/);
      tokens[name] = r.body.token;
    }
    const again = await api('POST', '/tokens', ADMIN, { name: 'alice', scope: 'read' });
    assert.equal(again.status, 409);
    const bad = await api('POST', '/tokens', ADMIN, { name: 'x', scope: 'root' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.detail, /scope `root`/);
    const list = await api('GET', '/tokens', ADMIN);
    assert.deepEqual(list.body.tokens.map((t) => [t.name, t.scope, t.created_by]),
      [['alice', 'write', 'admin'], ['bob', 'write', 'admin'], ['reader', 'read', 'admin'], ['temp', 'write', 'admin']]);
    assert.ok(!JSON.stringify(list.body).includes(tokens.alice), 'secrets are never listed');
    assert.equal((await api('POST', '/tokens', tokens.alice, { name: 'y', scope: 'read' })).status, 403);
  });

  await check('A imports, trains and pushes: every object travels once, count and bytes reported', async () => {
    for (const ws of [A, B]) {
      ok(ws, ['init', ws]);
      ok(ws, ['remote', 'add', 'origin', base]);
    }
    // One team, one bundle-signing key (bundles are verified under the workspace's key).
    fs.copyFileSync(path.join(A, '.hearth', 'signing.key'), path.join(B, '.hearth', 'signing.key'));
    dataset(A, 150, 3, 'price-shift');
    train(A);
    dataset(A, 1000, 4, 'baseline');
    train(A);
    const before = objects(A);
    const status = ok(A, ['--json', 'status', '--remote'], tokens.alice).json();
    assert.equal(status.objects_to_push, before.count);
    assert.equal(status.bytes_to_push, before.bytes);
    const pushed = ok(A, ['--json', 'push'], tokens.alice).json();
    console.log(`     first push: ${JSON.stringify(pushed)}`);
    assert.equal(pushed.objects_sent, before.count);
    assert.equal(pushed.bytes_sent, before.bytes);
    assert.equal(pushed.objects_skipped, 0);
    assert.ok(pushed.records > 0 && pushed.pointers > 0, JSON.stringify(pushed));
    const listed = await entries();
    const champion = listed.find((e) => e.key === `registry/models/${MODEL}/aliases/champion`);
    assert.equal(champion.value, '2');
    assert.equal(champion.updated_by, 'alice', 'every write records who');
    assert.ok(champion.updated_at > 1.7e12, 'and when');
    const again = ok(A, ['--json', 'push'], tokens.alice).json();
    assert.deepEqual([again.objects_sent, again.records, again.pointers], [0, 0, 0], 'nothing left to send');
  });

  await check('B pulls: identical store hashes, dataset versions, runs and registry', async () => {
    const pulled = ok(B, ['--json', 'pull'], tokens.bob).json();
    const a = objects(A);
    assert.equal(pulled.objects_received, a.count);
    assert.equal(pulled.bytes_received, a.bytes);
    assert.deepEqual(storeHashes(B), storeHashes(A));
    for (const args of [['data', 'list'], ['runs', 'list'], ['models', 'show', MODEL]]) {
      assert.deepEqual(ok(B, ['--json', ...args]).json(), ok(A, ['--json', ...args]).json(), args.join(' '));
    }
    assert.match(ok(B, ['status', '--remote'], tokens.bob).out, /pointers: in sync/);
  });

  await check('a read-scoped token cannot push (403); a revoked token gets 401', async () => {
    const before = await entries();
    dataset(B, 300, 9, 'baseline');
    const r = hearth(B, ['push'], tokens.reader);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /403.*token `reader` has scope `read`; this needs `write`/);
    assert.equal((await api('GET', '/entries', tokens.reader)).status, 200, 'reading is allowed');
    assert.equal((await api('DELETE', '/tokens/temp', ADMIN)).status, 200);
    const revoked = hearth(B, ['push'], tokens.temp);
    assert.equal(revoked.code, 1);
    assert.match(revoked.err, /401.*token `temp` was revoked/);
    assert.equal((await api('GET', '/entries', tokens.temp)).status, 401);
    assert.equal((await api('GET', '/entries', 'hrt_unknown')).status, 401);
    assert.deepEqual(await entries(), before, 'nothing of the refused pushes');
  });

  await check('a tampered object is refused (400) and never stored; a bad commit is refused', async () => {
    const hash = crypto.createHash('sha256').update('the real bytes').digest('hex');
    const r = await api('PUT', `/objects/${hash}`, tokens.alice, undefined, Buffer.from('tampered bytes'));
    assert.equal(r.status, 400);
    assert.match(r.body.detail, /sha256 is [0-9a-f]{64}, not [0-9a-f]{64}: object refused/);
    assert.deepEqual((await api('POST', '/objects/missing', tokens.alice, { hashes: [hash] })).body.missing, [hash]);
    assert.equal((await api('GET', `/objects/${hash}`, tokens.alice)).status, 404, 'nothing readable under the hash');
    const ghost = await api('POST', '/commit', tokens.alice, {
      entries: [{ key: `data/blobs/sha256/${hash}`, class: 'object', hash }],
    });
    assert.equal(ghost.status, 400);
    assert.match(ghost.body.detail, /was not uploaded first/);
    const lying = await api('POST', '/commit', tokens.alice, {
      entries: [{ key: 'registry/runs/x', class: 'record', hash, value: '{}' }],
    });
    assert.equal(lying.status, 400);
    const put = await api('PUT', `/objects/${hash}`, tokens.alice, undefined, Buffer.from('the real bytes'));
    assert.equal(put.status, 201);
    assert.equal((await api('PUT', `/objects/${hash}`, tokens.alice, undefined, Buffer.from('the real bytes'))).status, 200, 'idempotent');
  });

  await check('uploads stream: a 60 MB object round-trips byte-identical; tampered or length-less uploads store nothing', async () => {
    const big = deterministicBytes(60 * 1024 * 1024, 7);
    const hash = crypto.createHash('sha256').update(big).digest('hex');
    // The same length, one byte changed: R2 checks the digest while storing, so this is refused.
    const tampered = Buffer.from(big);
    tampered[tampered.length - 1] ^= 1;
    const actual = crypto.createHash('sha256').update(tampered).digest('hex');
    const refused = await api('PUT', `/objects/${hash}`, tokens.alice, undefined, tampered);
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.detail, `the body's sha256 is ${actual}, not ${hash}: object refused`);
    assert.equal((await api('GET', `/objects/${hash}`, tokens.alice)).status, 404, 'a refused upload is not readable');
    // Chunked (no Content-Length): refused before anything is stored, as JSON.
    const chunked = await rawPut(`/objects/${hash}`, tokens.alice, [big.subarray(0, 1 << 20), big.subarray(1 << 20, 2 << 20)]);
    assert.equal(chunked.status, 411, chunked.text);
    assert.match(JSON.parse(chunked.text).detail, /needs a Content-Length header/);
    assert.equal((await api('GET', `/objects/${hash}`, tokens.alice)).status, 404);
    const stored = await api('PUT', `/objects/${hash}`, tokens.alice, undefined, big);
    assert.equal(stored.status, 201, JSON.stringify(stored.body));
    assert.deepEqual(stored.body, { hash, bytes: big.length, stored: true });
    const again = await api('PUT', `/objects/${hash}`, tokens.alice, undefined, big);
    assert.deepEqual([again.status, again.body.stored], [200, false], 'a second upload is not stored again');
    const res = await fetch(`${base}/remote/v1/objects/${hash}`, { headers: { authorization: `Bearer ${tokens.reader}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    assert.equal(res.headers.get('content-length'), String(big.length));
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const back = Buffer.from(await res.arrayBuffer());
    assert.equal(back.length, big.length);
    assert.equal(crypto.createHash('sha256').update(back).digest('hex'), hash, 'byte-identical by hash');
  });

  await check('B promotes v1 and pushes; A concurrently promotes v3: conflict (exit 5), both values shown, nothing written', async () => {
    ok(B, ['models', 'promote', MODEL, '1']);
    const pushed = ok(B, ['--json', 'push', `${MODEL}@champion`], tokens.bob).json();
    assert.equal(pushed.pointers, 1);
    dataset(A, 2000, 5, 'baseline');
    train(A);
    const mine = ok(A, ['--json', 'models', 'show', MODEL]).json();
    assert.ok(mine.find((v) => v.version === 3).aliases.includes('champion'), 'A made v3 its champion');
    const before = await entries();
    const r = hearth(A, ['push'], tokens.alice);
    assert.equal(r.code, 5, r.err);
    assert.match(r.err, new RegExp(`${MODEL}@champion is version 3 here but version 1 on the remote \\(set by bob\\)`));
    assert.deepEqual(await entries(), before, 'the losing commit wrote nothing (no v3 record, no latest move)');
  });

  await check('A pulls and sees B\'s champion; its own change is named', async () => {
    const r = ok(A, ['pull'], tokens.alice);
    assert.match(r.err, /champion is version 3 here but version 1 on the remote \(set by bob\).*replaced/);
    const models = ok(A, ['--json', 'models', 'show', MODEL]).json();
    assert.ok(models.find((v) => v.version === 1).aliases.includes('champion'));
  });

  await check('pushing after a change sends only the new objects (v3 already uploaded by the lost push: skipped)', async () => {
    const pushed = ok(A, ['--json', 'push'], tokens.alice).json();
    assert.equal(pushed.objects_sent, 0, JSON.stringify(pushed));
    assert.ok(pushed.objects_skipped > 0 && pushed.records > 0, JSON.stringify(pushed));
    const csv = dataset(A, 400, 11, 'baseline');
    const next = ok(A, ['--json', 'push'], tokens.alice).json();
    console.log(`     push after one import: ${JSON.stringify(next)}`);
    assert.equal(next.objects_sent, 1, 'one new dataset blob');
    assert.equal(next.bytes_sent, fs.statSync(csv).size);
    assert.equal(next.objects_skipped, 0);
  });

  await check('a push killed mid-upload leaves nothing visible and resumes, skipping what arrived', async () => {
    ok(B, ['pull'], tokens.bob);
    dataset(B, 800, 21, 'baseline');
    const run = hearth(B, ['pipeline', 'run', '--param', 'gate.min_r2=-1000000000']);
    assert.ok([0, 6].includes(run.code), run.err); // refused or promoted: its artifacts exist either way
    const plan = ok(B, ['--json', 'status', '--remote'], tokens.bob).json();
    assert.ok(plan.objects_to_push >= 4, JSON.stringify(plan));
    const before = await entries();
    // A proxy forwards the first two object uploads, then kills the CLI when the third arrives.
    let puts = 0;
    let child;
    const proxy = http.createServer((req, res) => {
      if (req.method === 'PUT' && req.url.startsWith('/remote/v1/objects/') && ++puts === 3) {
        child.kill('SIGKILL');
        req.socket.destroy();
        return;
      }
      const up = http.request(`${base}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const via = `http://127.0.0.1:${proxy.address().port}`;
    ok(B, ['remote', 'add', 'proxied', via]);
    child = spawn(BIN, ['--workspace', B, 'push', '--remote', 'proxied'], {
      env: { ...process.env, HEARTH_REMOTE_TOKEN: tokens.bob },
    });
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    proxy.close();
    assert.equal(signal, 'SIGKILL');
    assert.deepEqual(await entries(), before, 'no half-written push is visible');
    const resumed = ok(B, ['--json', 'push', '--remote', 'origin'], tokens.bob).json();
    console.log(`     resumed push: ${JSON.stringify(resumed)}`);
    assert.equal(resumed.objects_skipped, 2, JSON.stringify(resumed));
    assert.equal(resumed.objects_sent, plan.objects_to_push - 2);
    ok(A, ['pull'], tokens.alice);
    assert.deepEqual(storeHashes(A), storeHashes(B));
  });

  await check('the remote survives a restart (R2 and D1 on disk): a fresh workspace pulls the same state', async () => {
    await mf.dispose();
    mf = startWorker({ ADMIN_TOKEN: ADMIN }, { persist });
    base = (await mf.ready).toString().replace(/\/$/, '');
    const C = path.join(tmp, 'carol');
    ok(C, ['init', C]);
    fs.copyFileSync(path.join(A, '.hearth', 'signing.key'), path.join(C, '.hearth', 'signing.key'));
    ok(C, ['remote', 'add', 'origin', base]);
    ok(C, ['pull'], tokens.reader);
    assert.deepEqual(storeHashes(C), storeHashes(B));
  });
} finally {
  await mf.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
}
finish();

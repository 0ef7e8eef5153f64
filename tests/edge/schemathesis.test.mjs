// Schemathesis (PyPI, pinned) against the live /openapi.json of a worker serving a real bundle, with
// the admin token: property-based requests to every documented operation (valid and invalid inputs,
// deterministic generation) and the `not_a_server_error` check — no input may produce a 5xx.
// Needs python3 with venv: the venv is created under /tmp/venv-hearth-schemathesis on first run
// (override with HEARTH_SCHEMATHESIS_VENV). Without python3/venv/PyPI the test says SKIPPED — but
// fails when CI=true. Run alone: `node tests/edge/schemathesis.test.mjs` (after a worker build).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { adminClient, checker, demoBundle, startWorker } from './worker.mjs';

const PINNED = '4.32.5';
const VENV = process.env.HEARTH_SCHEMATHESIS_VENV ?? '/tmp/venv-hearth-schemathesis';
const st = path.join(VENV, 'bin', 'st');
const NAME = 'edge schemathesis';

/** The `st` of the pinned Schemathesis, installing it when missing; `null` when that is impossible. */
function schemathesis() {
  const version = () => spawnSync(st, ['--version'], { encoding: 'utf8' });
  if (version().stdout?.includes(PINNED)) return st;
  const run = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const venv = run('python3', ['-m', 'venv', VENV]);
  if (venv.status !== 0) return { why: `python3 -m venv failed: ${venv.error ?? venv.stderr}` };
  const pip = run(path.join(VENV, 'bin', 'pip'), ['install', '-q', `schemathesis==${PINNED}`]);
  if (pip.status !== 0) return { why: `pip install schemathesis==${PINNED} failed: ${pip.stderr}` };
  return version().stdout?.includes(PINNED) ? st : { why: `${st} --version does not say ${PINNED}` };
}

const tool = schemathesis();
if (typeof tool !== 'string') {
  console.log(`SKIPPED ${NAME}: ${tool.why}`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}

const TOKEN = 'schemathesis-token';
const bundle = demoBundle();
const mf = startWorker({ ADMIN_TOKEN: TOKEN, BUNDLE_PUBLIC_KEY: bundle.public_key });
const { check, finish } = checker(NAME);
try {
  const base = await mf.ready;
  const admin = adminClient(base, TOKEN);
  assert.equal((await admin.upload(bundle)).status, 201);
  assert.equal((await admin.deploy({ bundle: bundle.hash, version: 1, expected: null })).status, 200);
  const reports = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'target', 'edge-test', 'schemathesis');
  fs.mkdirSync(reports, { recursive: true });

  await check(`schemathesis ${PINNED}: no documented operation answers a 5xx (not_a_server_error)`, async () => {
    const args = [
      'run', new URL('/openapi.json', base).href,
      '--url', base.href.replace(/\/$/, ''),
      '--checks', 'not_a_server_error',
      '--header', `Authorization: Bearer ${TOKEN}`,
      '--max-examples', '40',
      '--generation-deterministic',
      '--workers', '1',
      '--request-timeout', '30',
      '--report', 'junit',
      '--report-dir', reports,
    ];
    const run = spawnSync(tool, args, {
      cwd: reports, // its `.schemathesis/` cache stays out of the checkout
      encoding: 'utf8',
      env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const out = `${run.stdout}\n${run.stderr}`;
    const summary = out.split('\n').filter((l) => /passed|failed|error|operations|test cases/i.test(l)).slice(-8);
    console.log(`     ${summary.join('\n     ')}`);
    assert.equal(run.status, 0, out.slice(-6000));
  });
} finally {
  await mf.dispose();
}
finish();

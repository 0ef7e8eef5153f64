// The Sync page end to end in headless Chromium, against the real team remote (the edge worker's
// `/remote/v1` under workerd, on another origin so every call goes through CORS) and the real `hearth`
// CLI as a second workspace (B):
// sample → two pipeline runs (champion version 2) → Sync: a bad URL and an unreachable remote are
// explained → Status counts → Push (progress bar of objects and bytes, counts reported) → CLI B
// `remote add` + `pull`: the same dataset version ids, run ids and bundle hashes the app shows → Push
// again: 0 objects → B promotes version 1 and pushes; the app retrains (version 3 its champion) and
// pushes: a conflict table with both values, nothing written → Pull: B's champion on the Models page →
// a read-scoped token's push shows the 403 explanation; a revoked token's the 401 one.
// Screenshot: docs/screenshots/sync.png. Needs dist/ (app-build) and edge-worker/build/ (worker-build).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, checks } from './browser.mjs';
import { startWorker } from '../edge/worker.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'docs', 'screenshots');
assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `trunk build --release`');
assert.ok(
  fs.existsSync(path.join(root, 'edge-worker', 'build', 'index.js')),
  'edge-worker/build/ is missing: run `cargo xtask test --suite worker-build`',
);
fs.mkdirSync(shots, { recursive: true });

const built = spawnSync('cargo', ['build', '-q', '-p', 'hearth'], { cwd: root, encoding: 'utf8' });
if (built.status !== 0) throw new Error(`building the CLI failed:\n${built.stderr}`);
const BIN = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'debug', 'hearth');
const ADMIN = 'sync-page-test-admin';
const MODEL = 'house_price_prediction_prod';
const CHAMPION_KEY = `registry/models/${MODEL}/aliases/champion`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-sync-'));
const B = path.join(tmp, 'bob');
const tokens = {};

function hearth(args, token) {
  const r = spawnSync(BIN, ['--workspace', B, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HEARTH_REMOTE_TOKEN: token ?? '' },
  });
  assert.equal(r.status, 0, `hearth ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
}

const server = await serve(dist);
const { page, errors, close } = await launch();
const mf = startWorker({ ADMIN_TOKEN: ADMIN });
const base = (await mf.ready).toString().replace(/\/$/, '');
const api = async (method, p, token, body) => {
  const res = await fetch(`${base}/remote/v1${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const entries = async () => (await api('GET', '/entries', ADMIN)).body.entries;

const text = (sel) => page.textContent(sel);
const runPipeline = async () => {
  await page.click('#nav-pipeline');
  await page.waitForSelector('#run-pipeline:not([disabled])');
  const before = await page.$eval('#run-id', (e) => e.textContent).catch(() => null);
  await page.click('#run-pipeline');
  await page.waitForFunction(
    (b) => document.querySelector('#run-id')?.textContent !== b && document.querySelector('#gate-verdict'),
    before,
    { timeout: 180_000 },
  );
};
const loadSample = async (scenario, tag) => {
  await page.click('#nav-data');
  await page.selectOption('#sample-scenario', scenario);
  await page.click('#load-sample');
  await page.waitForFunction((t) => document.querySelector('#data-version-tag')?.textContent === t, tag);
};
const champion = async (v) => {
  await page.waitForFunction((v) => document.querySelector('#champion')?.textContent === `Champion: version ${v}`, v, {
    timeout: 10_000,
  });
};
const openSync = async () => {
  await page.click('#nav-sync');
  await page.waitForFunction(() => document.querySelector('#page-title')?.textContent === 'Sync');
};
/** Fills the form and submits it from the keyboard (Enter in the token field). */
const saveSettings = async (url, token) => {
  await page.fill('#sync-url', url);
  await page.fill('#sync-token', token);
  await page.press('#sync-token', 'Enter');
};
const statusLoaded = () => page.waitForSelector('#status-push, #sync-status-error', { timeout: 30_000 });
/** Clicks Push or Pull and waits for its ending (result line, error or conflict table). */
const transfer = async (button) => {
  await page.waitForSelector(`${button}:not([disabled])`);
  await page.click(button);
  await page.waitForSelector('#sync-result, #sync-error, #sync-conflict', { timeout: 60_000 });
  await page.waitForSelector(`${button}:not([disabled])`);
};
/** What the app shows: dataset version ids (Data page), and per model version its bundle and run. */
const appShows = async () => {
  await page.click('#nav-data');
  await page.waitForSelector('#versions tbody tr');
  const datasets = await page.$$eval('#versions tbody code[title]', (c) => c.map((x) => x.title).sort());
  await page.click('#nav-models');
  await page.waitForSelector('.model tr[data-version] .bundle');
  const versions = await page.$$eval('.model tr[data-version]', (rows) =>
    rows.map((r) => ({
      version: Number(r.dataset.version),
      bundle: r.querySelector('.bundle').title,
      run: r.querySelectorAll('code[title]')[1].title,
    })).sort((a, b) => a.version - b.version));
  return { datasets, versions };
};

let failures;
try {
  failures = await checks([
    ['the remote issues tokens: the app and B may write, a reader may only read', async () => {
      for (const [name, scope] of [['browser', 'write'], ['bob', 'write'], ['reader', 'read'], ['temp', 'write']]) {
        const r = await api('POST', '/tokens', ADMIN, { name, scope });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        tokens[name] = r.body.token;
      }
    }],
    ['before any remote, Sync says what to do and Push/Pull are disabled', async () => {
      await page.goto(`${server.url}#sync`);
      await page.waitForSelector('#sync-unconfigured');
      assert.equal(await page.isDisabled('#sync-push'), true);
      assert.equal(await page.isDisabled('#sync-pull'), true);
      assert.equal(await page.$eval('label[for="sync-url"]', (l) => l.textContent.trim()), 'Remote URL');
      assert.equal(await page.$eval('label[for="sync-token"]', (l) => l.textContent.trim()), 'Token');
      // Keyboard order: URL → token → Save (the form submits on Enter, see saveSettings).
      await page.focus('#sync-url');
      const focused = [];
      for (let i = 0; i < 2; i++) {
        await page.keyboard.press('Tab');
        focused.push(await page.evaluate(() => document.activeElement.id));
      }
      assert.deepEqual(focused, ['sync-token', 'sync-save']);
    }],
    ['load the sample and run the pipeline twice: version 2 (price-shift) is champion', async () => {
      await page.click('#nav-data');
      await page.click('#load-sample');
      await page.waitForSelector('#data-version-tag');
      await runPipeline();
      assert.equal(await text('#gate-verdict'), 'PASSED');
      await loadSample('price-shift', 'data-v1.1.0');
      await runPipeline();
      assert.equal(await text('#gate-verdict'), 'PASSED');
      await champion(2);
    }],
    ['a bad URL is refused by field; an unreachable remote is explained', async () => {
      await openSync();
      await saveSettings('localhost:1', tokens.browser);
      assert.match(await text('#sync-form-error'), /^Remote URL: an http/);
      assert.equal(await page.getAttribute('#sync-url', 'aria-invalid'), 'true');
      await saveSettings('http://127.0.0.1:9', tokens.browser);
      await page.waitForSelector('#sync-status-error', { timeout: 30_000 });
      assert.match(await text('#sync-status-error'), /http:\/\/127\.0\.0\.1:9 is unreachable .*is the worker running and the URL right\?/);
    }],
    ['Status counts what a push sends; Push shows progress of objects and bytes and reports the counts', async () => {
      await saveSettings(base, tokens.browser);
      await page.waitForSelector('#status-push', { timeout: 30_000 });
      const toPush = Number(await page.getAttribute('#status-push', 'data-objects'));
      assert.ok(toPush >= 8, `objects to push: ${toPush}`);
      assert.match(await text('#status-push'), new RegExp(`^${toPush} objects \\([\\d.]+ (kB|MB)\\), \\d+ records$`));
      assert.equal(await text('#status-pull'), '0 objects, 0 records');
      // Record every state the progress bar goes through (the worker reports after each object).
      await page.evaluate(() => {
        window.__ticks = [];
        new MutationObserver(() => {
          const p = document.querySelector('#sync-progress');
          if (p) window.__ticks.push([Number(p.dataset.done), Number(p.dataset.total), p.querySelector('progress').value]);
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await transfer('#sync-push');
      const result = await text('#sync-result');
      console.log(`     ${result}`);
      assert.match(result, new RegExp(`^Pushed ${toPush} objects \\([\\d.]+ (kB|MB)\\), 0 skipped; \\d+ records, \\d+ pointers\\.$`));
      assert.equal(await page.getAttribute('#sync-result', 'data-objects'), String(toPush));
      const ticks = await page.evaluate(() => window.__ticks);
      assert.ok(ticks.some(([done]) => done > 0 && done < toPush), `the bar moved through intermediate states: ${JSON.stringify(ticks)}`);
      assert.deepEqual(ticks.at(-1).slice(0, 2), [toPush, toPush]);
      assert.match(await text('#sync-progress-text'), new RegExp(`^${toPush} of ${toPush} objects · ([\\d.]+ (kB|MB)) of \\1$`));
      const remote = await entries();
      assert.equal(remote.filter((e) => e.class === 'object').length, toPush, 'the remote holds every object');
      assert.equal(remote.find((e) => e.key === CHAMPION_KEY).value, '2');
      assert.equal(remote.find((e) => e.key === CHAMPION_KEY).updated_by, 'browser');
      assert.ok(!remote.some((e) => e.key.startsWith('app/')), 'the app\'s settings and signing key never leave the browser');
      await page.waitForSelector('#status-in-sync', { timeout: 30_000 });
    }],
    ['CLI workspace B pulls the same dataset version ids, run ids and bundle hashes the app shows', async () => {
      const shown = await appShows();
      assert.equal(shown.datasets.length, 2);
      assert.equal(shown.versions.length, 2);
      spawnSync(BIN, ['init', B], { encoding: 'utf8' });
      // One team, one bundle-signing key (B verifies bundles under it): the browser's seed, from IndexedDB.
      const seed = await page.evaluate(() => new Promise((resolve, reject) => {
        const open = indexedDB.open('hearth');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get('app/keys/bundle-signing-key');
          get.onsuccess = () => resolve(new TextDecoder().decode(get.result));
          get.onerror = () => reject(get.error);
        };
      }));
      assert.match(seed, /^[0-9a-f]{64}$/);
      fs.writeFileSync(path.join(B, '.hearth', 'signing.key'), seed);
      hearth(['remote', 'add', 'origin', base]);
      const pulled = hearth(['--json', 'pull'], tokens.bob).json();
      assert.ok(pulled.objects_received >= 8, JSON.stringify(pulled));
      const datasets = hearth(['--json', 'data', 'list']).json().map((v) => v.id).sort();
      assert.deepEqual(datasets, shown.datasets);
      const versions = hearth(['--json', 'models', 'show', MODEL]).json()
        .map((v) => ({ version: v.version, bundle: v.bundle_hash, run: v.run_id }))
        .sort((a, b) => a.version - b.version);
      assert.deepEqual(versions, shown.versions);
      const runs = hearth(['--json', 'runs', 'list']).json().map((r) => r.id);
      for (const v of shown.versions) assert.ok(runs.includes(v.run), `run ${v.run} pulled`);
      assert.ok(hearth(['--json', 'models', 'show', MODEL]).json().find((v) => v.version === 2).aliases.includes('champion'));
    }],
    ['pushing again from the app sends 0 objects', async () => {
      await openSync();
      await transfer('#sync-push');
      assert.match(await text('#sync-result'), /^Already up to date: pushed 0 objects; 0 skipped\.$/);
      assert.equal(await page.getAttribute('#sync-result', 'data-objects'), '0');
    }],
    ['B promotes version 1 and pushes; the app retrains (version 3 its champion) and pushes: a conflict with both values', async () => {
      hearth(['models', 'promote', MODEL, '1']);
      hearth(['push'], tokens.bob);
      await loadSample('larger-areas', 'data-v1.2.0');
      await runPipeline();
      assert.equal(await text('#gate-verdict'), 'PASSED');
      await champion(3);
      const before = await entries();
      await openSync();
      await page.waitForSelector('#status-pointer-table', { timeout: 30_000 });
      assert.equal(await page.getAttribute(`#status-pointer-table tr[data-key="${CHAMPION_KEY}"]`, 'data-state'), 'diverged');
      await transfer('#sync-push');
      await page.waitForSelector('#sync-conflicts');
      const row = `#sync-conflicts tr[data-key="${CHAMPION_KEY}"]`;
      assert.equal(await text(`${row} .what`), `alias ${MODEL}@champion`);
      assert.equal(await text(`${row} .yours`), 'version 3');
      assert.equal(await text(`${row} .theirs`), 'version 1');
      assert.equal(await text(`${row} td:last-child`), 'bob');
      assert.match(await text('#sync-conflict-help'), /^Pull first/);
      assert.deepEqual(await entries(), before, 'the refused push wrote nothing (no version 3, no latest move)');
      await page.waitForSelector('#status-pointer-table', { timeout: 30_000 });
      await page.screenshot({ path: path.join(shots, 'sync.png'), fullPage: true });
    }],
    ['Pull: B\'s champion replaces the app\'s (named), and the Models page shows it', async () => {
      await transfer('#sync-pull');
      assert.match(await text('#sync-result'), /^Pulled 0 objects \(0 bytes\); 0 records, 1 pointer\.$/);
      assert.equal(await text('#sync-replaced li'), `alias ${MODEL}@champion is now the remote's version 1; yours was version 3.`);
      await page.click('#nav-models');
      await page.waitForFunction(() => document.querySelector('.model tr[data-version="1"] .aliases')?.textContent === 'champion');
      assert.equal(await text('.model tr[data-version="3"] .aliases'), '');
    }],
    ['a read-scoped token cannot push: the 403 is explained; a revoked token: the 401', async () => {
      await openSync();
      await saveSettings(base, tokens.reader);
      // Saving clears the last result line: then the new token is the one in use.
      await page.waitForSelector('#sync-result', { state: 'detached' });
      await statusLoaded();
      await transfer('#sync-push');
      const denied = await text('#sync-error');
      assert.match(denied, /^This token may not push \(403\): token `reader` has scope `read`; this needs `write`\. Pushing needs a token with write scope/);
      assert.equal((await api('DELETE', '/tokens/temp', ADMIN)).status, 200);
      await saveSettings(base, tokens.temp);
      await page.waitForSelector('#sync-error', { state: 'detached' });
      await page.waitForSelector('#sync-status-error', { timeout: 30_000 });
      assert.match(await text('#sync-status-error'), /^The remote refused this token \(401\): token `temp` was revoked\. Ask the remote's admin for a new token/);
    }],
    ['no console errors, page errors or failed requests but the deliberate ones', async () => {
      const deliberate = /127\.0\.0\.1:9\/|HTTP (401|403|409):/;
      const unexpected = errors.filter((e) => !deliberate.test(e) && !/status of (401|403|409)/.test(e));
      assert.deepEqual(unexpected, []);
    }],
  ]);
} finally {
  await close();
  await server.close();
  await mf.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(failures === 0 ? 'sync: all checks passed' : `sync: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

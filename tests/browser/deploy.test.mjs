// The Predict and Deploy pages end to end in headless Chromium, against the real edge worker under
// workerd (Miniflare) on another origin (so every admin call goes through CORS):
// sample → pipeline (champion version 1) → Predict in the browser (form from the signature, field
// errors) → Deploy page: the workspace's public key configures the worker; a wrong token is refused;
// plan (upload + switch) → Deploy → healthy, history → the same prediction at the edge as in the
// browser → a second version (the price-shift sample, retrained) → deploy it → Roll back → history shows
// the rollback → a change made by hand at the edge is drift the next plan shows and Deploy corrects →
// Models: version 1 promoted by hand through the gate, the plan follows; a version's signed bundle downloads.
// Screenshots: docs/screenshots/predict.png, deploy.png. Needs dist/ (app-build) and
// edge-worker/build/ (worker-build); `cargo xtask test --suite browser` builds both first.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, checks } from './browser.mjs';
import { adminClient, startWorker } from '../edge/worker.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'docs', 'screenshots');
assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html is missing: run `trunk build --release`');
assert.ok(
  fs.existsSync(path.join(root, 'edge-worker', 'build', 'index.js')),
  'edge-worker/build/ is missing: run `cargo xtask test --suite worker-build`',
);
fs.mkdirSync(shots, { recursive: true });

const TOKEN = 'deploy-page-test-token';
const MODEL = 'house_price_prediction_prod';

const server = await serve(dist);
const { page, errors, close } = await launch();
let mf;
let edgeUrl;
const text = (sel) => page.textContent(sel);
const historyRows = () =>
  page.$$eval('#history tbody tr', (tr) => tr.map((r) => [r.dataset.action, Number(r.dataset.version)]));
const planActions = () => page.$$eval('#plan-actions li', (li) => li.map((l) => l.dataset.action));
const result = async (pattern) => {
  await page.waitForFunction((p) => new RegExp(p).test(document.querySelector('#deploy-result')?.textContent ?? ''), pattern.source);
  return text('#deploy-result');
};
const serving = (v) => page.waitForSelector(`#edge-version[data-version="${v}"]`);
const runPipeline = async (seed) => {
  await page.click('#nav-pipeline');
  await page.waitForSelector('#run-pipeline:not([disabled])');
  await page.fill('#param-seed', String(seed));
  const before = await page.$eval('#run-id', (e) => e.textContent).catch(() => null);
  await page.click('#run-pipeline');
  await page.waitForFunction(
    (b) => document.querySelector('#run-id')?.textContent !== b && document.querySelector('#gate-verdict'),
    before,
    { timeout: 180_000 },
  );
};
let browserValue;

let failures;
try {
  failures = await checks([
    ['before any model, Predict and Deploy say what to do', async () => {
      await page.goto(`${server.url}#predict`);
      await page.waitForSelector('#predict-empty');
      assert.match(await text('#predict-empty'), /Run the pipeline/);
      await page.click('#nav-deploy');
      await page.waitForSelector('#deploy-no-model');
      await page.waitForSelector('#edge-unconfigured');
      assert.equal(await page.isDisabled('#deploy-apply'), true);
    }],
    ['load the sample and run the pipeline: version 1 is champion', async () => {
      await page.click('#nav-data');
      await page.click('#load-sample');
      await page.waitForSelector('#data-version-tag');
      await runPipeline(42);
      assert.equal(await text('#gate-verdict'), 'PASSED');
      assert.equal(await text('#champion'), 'Champion: version 1');
    }],
    ['the Predict form has one labelled input per feature with the training range and defaults', async () => {
      await page.click('#nav-predict');
      await page.waitForSelector('#predict-form');
      const fields = await page.$$eval('.field', (fs) => fs.map((f) => f.dataset.field));
      assert.equal(fields.length, 12, `fields: ${fields}`);
      assert.ok(!fields.includes('price'), 'the target is not an input');
      for (const f of fields) {
        assert.equal(await page.$eval(`label[for="field-${f}"]`, (l) => l.textContent), f);
      }
      assert.match(await text('#field-area-hint'), /^seen [\d,]+ – [\d,]+, median [\d,]+$/);
      assert.ok(Number(await page.inputValue('#field-area')) > 0, 'area defaults to the training median');
      assert.equal(await page.$eval('#field-mainroad', (s) => s.tagName), 'SELECT');
      assert.deepEqual(await page.$$eval('#field-mainroad option', (o) => o.map((x) => x.value)), ['no', 'yes']);
      assert.equal(await page.isDisabled('#predict-edge'), true, 'no edge configured yet');
      await page.waitForSelector('#predict-no-edge');
    }],
    ['bad numbers are refused per field and nothing is predicted', async () => {
      await page.fill('#field-area', '');
      await page.fill('#field-bedrooms', '2.5');
      await page.click('#predict-browser');
      assert.equal(await text('#field-area-error'), 'enter a number');
      assert.equal(await text('#field-bedrooms-error'), 'whole numbers only, found 2.5');
      assert.equal(await page.getAttribute('#field-area', 'aria-invalid'), 'true');
      assert.equal(await page.$('#browser-prediction'), null);
      await page.click('#predict-reset');
      assert.equal(await page.$('.field.invalid'), null);
    }],
    ['Predict in browser answers with the champion', async () => {
      await page.fill('#field-area', '7420');
      await page.selectOption('#field-airconditioning', 'yes');
      await page.click('#predict-browser');
      await page.waitForSelector('#browser-prediction');
      browserValue = await page.getAttribute('#browser-prediction', 'data-value');
      assert.ok(Number(browserValue) > 100_000, `price ${browserValue}`);
    }],
    ['the Deploy page shows the key the edge must trust; a wrong token is refused clearly', async () => {
      await page.click('#nav-deploy');
      await page.waitForSelector('#public-key');
      const publicKey = await text('#public-key');
      assert.match(publicKey, /^[0-9a-f]{64}$/);
      mf = startWorker({ ADMIN_TOKEN: TOKEN, BUNDLE_PUBLIC_KEY: publicKey });
      edgeUrl = (await mf.ready).toString().replace(/\/$/, '');
      await page.fill('#edge-url', 'localhost:1');
      await page.fill('#edge-token', TOKEN);
      await page.click('#edge-save');
      assert.match(await text('#edge-form-error'), /^Edge URL: an http/);
      await page.fill('#edge-url', edgeUrl);
      await page.fill('#edge-token', 'not-the-token');
      await page.click('#edge-save');
      await page.waitForSelector('#edge-error');
      assert.match(await text('#edge-error'), /refused the admin token \(401\)/);
    }],
    ['with the right token: nothing deployed, the plan uploads and switches to version 1', async () => {
      await page.fill('#edge-token', TOKEN);
      await page.click('#edge-save');
      await page.waitForSelector('#edge-nothing');
      await page.waitForSelector('#history-empty');
      await page.waitForSelector('#plan-actions');
      assert.deepEqual(await planActions(), ['upload', 'switch_primary']);
      assert.equal(await page.getAttribute('#plan-desired', 'data-version'), '1');
      assert.equal(await page.isDisabled('#deploy-rollback'), true);
    }],
    ['Deploy: the edge serves version 1, healthy, history shows it; deploying again changes nothing', async () => {
      await page.click('#deploy-apply');
      assert.match(await result(/Deployed version 1/), /uploaded 1 bundle.*healthy/);
      await serving(1);
      assert.equal(await text('#edge-health'), 'healthy');
      await page.waitForSelector('#plan-in-sync');
      await page.waitForFunction(() => document.querySelectorAll('#history tbody tr').length === 1);
      assert.deepEqual(await historyRows(), [['deploy', 1]]);
      const admin = adminClient(edgeUrl, TOKEN);
      assert.equal((await admin.current()).version, 1);
      await page.click('#deploy-apply');
      assert.match(await result(/Nothing to do/), /already serves version 1/);
      await serving(1);
      assert.deepEqual(await historyRows(), [['deploy', 1]]);
    }],
    ['Predict at the edge: the same number as in the browser, served by version 1', async () => {
      await page.click('#nav-predict');
      await page.waitForSelector('#predict-edge:not([disabled])');
      await page.fill('#field-area', '7420');
      await page.selectOption('#field-airconditioning', 'yes');
      await page.click('#predict-edge');
      await page.waitForSelector('#edge-prediction');
      assert.equal(await page.getAttribute('#browser-prediction', 'data-value'), browserValue);
      assert.equal(await page.getAttribute('#edge-prediction', 'data-value'), browserValue);
      assert.equal(await text('#edge-served'), 'served by version 1 (primary)');
      assert.match(await text('#prediction-match'), /^Same answer/);
      console.log(`     prediction ${browserValue} in the browser and at the edge`);
      await page.screenshot({ path: path.join(shots, 'predict.png'), fullPage: true });
    }],
    ['the price-shift sample retrains into version 2 (champion); the plan switches 1 → 2; Deploy', async () => {
      // Prices +12 %: the champion underestimates them, so the retrained challenger beats it on the
      // same test rows (as `hearth data sample --scenario price-shift` + `pipeline run` does natively).
      await page.click('#nav-data');
      await page.selectOption('#sample-scenario', 'price-shift');
      await page.click('#load-sample');
      await page.waitForFunction(() => document.querySelector('#data-version-tag')?.textContent === 'data-v1.1.0');
      await runPipeline(42);
      assert.equal(await text('#gate-verdict'), 'PASSED');
      // The champion line is read from the registry after the run's record: wait for it, not the verdict.
      await page.waitForFunction(() => /version 2$/.test(document.querySelector('#champion')?.textContent ?? ''))
        .catch(() => {});
      assert.equal(await text('#champion'), 'Champion: version 2');
      await page.click('#nav-deploy');
      await page.waitForSelector('#plan-actions');
      assert.deepEqual(await planActions(), ['upload', 'switch_primary']);
      assert.match(await text('#plan-actions li[data-action="switch_primary"]'), /switch primary 1 → 2/);
      await page.click('#deploy-apply');
      await result(/Deployed version 2/);
      await serving(2);
      assert.equal(await text('#edge-previous'), 'version 1');
      await page.waitForFunction(() => document.querySelectorAll('#history tbody tr').length === 2);
      assert.deepEqual(await historyRows(), [['deploy', 2], ['deploy', 1]]);
    }],
    ['Roll back: version 1 again, and the history records the rollback', async () => {
      await page.click('#deploy-rollback');
      assert.equal(await result(/Rolled back/), 'Rolled back from version 2 to version 1.');
      await serving(1);
      await page.waitForFunction(() => document.querySelectorAll('#history tbody tr').length === 3);
      assert.deepEqual(await historyRows(), [['rollback', 1], ['deploy', 2], ['deploy', 1]]);
      // The page re-plans after the rollback: wait for the new plan, not the one made before it.
      await page.waitForSelector('#plan-actions');
      assert.equal(await page.$('#plan-drift'), null, 'a rollback from this page is not drift');
      assert.deepEqual(await planActions(), ['switch_primary']);
    }],
    ['a change made by hand at the edge is drift: the plan says so and Deploy corrects it', async () => {
      await page.click('#deploy-apply');
      await result(/Deployed version 2/);
      await serving(2);
      const admin = adminClient(edgeUrl, TOKEN);
      const current = await admin.current();
      assert.equal((await admin.rollback({ expected: current.bundle })).status, 200);
      await page.click('#edge-refresh');
      await serving(1);
      await page.waitForSelector('#plan-drift');
      await page.click('#deploy-apply');
      assert.match(await result(/Deployed version 2/), /Drift corrected/);
      await serving(2);
      await page.waitForFunction(() => !document.querySelector('#plan-drift'));
      await page.waitForFunction(() => document.querySelectorAll('#history tbody tr').length === 6);
      assert.deepEqual((await historyRows())[0], ['deploy', 2]);
      await page.screenshot({ path: path.join(shots, 'deploy.png'), fullPage: true });
    }],
    ['a reload keeps the edge settings; the edge answers the same', async () => {
      await page.reload();
      await serving(2);
      assert.equal(await page.inputValue('#edge-url'), edgeUrl);
      assert.equal(await page.inputValue('#edge-token'), TOKEN);
      await page.waitForSelector('#history tbody tr');
      assert.equal((await historyRows()).length, 6);
    }],
    ['Models: version 1 promoted by hand through the gate beats champion 2 on its own test rows; the plan follows', async () => {
      await page.click('#nav-models');
      await page.waitForSelector('.model tr[data-version="2"] button.download');
      assert.equal(await text('.model tr[data-version="2"] .aliases'), 'champion');
      assert.equal(await page.$('.model tr[data-version="2"] button.promote'), null, 'the champion has no Promote button');
      // Version 2 learnt prices 12 % higher, so on version 1's (unshifted) test rows it overestimates:
      // the gate, re-run against the champion as it is now, lets version 1 back.
      await page.click('.model tr[data-version="1"] button.promote');
      await page.waitForSelector('#promote-outcome');
      assert.equal(await page.getAttribute('#promote-outcome', 'data-passed'), 'true', await text('#promote-outcome'));
      assert.equal(await text('#promote-headline'),
        'Quality gate PASSED: version 1 is champion of `house_price_prediction_prod` (was version 2).');
      assert.ok((await page.$$('#promote-outcome .reasons li')).length >= 2, 'the gate explains itself');
      await page.waitForFunction(() => document.querySelector('.model tr[data-version="1"] .aliases')?.textContent === 'champion');
      assert.equal(await text('.model tr[data-version="2"] .aliases'), '');
      await page.screenshot({ path: path.join(shots, 'models-promote.png'), fullPage: true });
      await page.click('#nav-deploy');
      await page.waitForSelector('#plan-actions');
      assert.equal(await page.getAttribute('#plan-desired', 'data-version'), '1');
      assert.deepEqual(await planActions(), ['switch_primary']);
    }],
    ['Models: Download gives the signed bundle `hearth models export` writes, its hash the one shown', async () => {
      await page.click('#nav-models');
      await page.waitForSelector('.model tr[data-version="2"] button.download');
      const [d] = await Promise.all([
        page.waitForEvent('download'),
        page.click('.model tr[data-version="2"] button.download'),
      ]);
      assert.equal(d.suggestedFilename(), `${MODEL}-v2.bundle.json`);
      const signed = JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
      assert.deepEqual(Object.keys(signed).sort(), ['bytes', 'hash', 'signature']);
      assert.equal(signed.hash, await page.getAttribute('.model tr[data-version="2"] .bundle', 'title'));
      assert.equal(crypto.createHash('sha256').update(Buffer.from(signed.bytes, 'hex')).digest('hex'), signed.hash);
      assert.match(signed.signature, /^[0-9a-f]{128}$/);
    }],
    ['no console errors, page errors or failed requests (but the deliberate 401)', async () => {
      const unexpected = errors.filter((e) => !/401/.test(e));
      assert.deepEqual(unexpected, []);
    }],
  ]);
} finally {
  await close();
  await server.close();
  if (mf) await mf.dispose();
}
console.log(failures === 0 ? 'deploy: all checks passed' : `deploy: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

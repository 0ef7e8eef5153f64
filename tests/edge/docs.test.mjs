// /docs and /redoc render in headless Chromium with every request outside 127.0.0.1 blocked, and
// Swagger UI's "Try it out" on predict returns 200. Screenshots: target/edge-test/{docs,redoc}.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch } from '../browser/browser.mjs';
import { checker, demoBundle, root, startWorker } from './worker.mjs';

const chromium = process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.log(`SKIPPED edge docs: no Chromium at ${chromium} (cargo xtask setup installs it)`);
  process.exit(0);
}
const bundle = demoBundle();
const mf = startWorker({ ADMIN_TOKEN: 't', BUNDLE_PUBLIC_KEY: bundle.public_key });
const { check, finish } = checker('edge docs');
const shots = path.join(root, 'target', 'edge-test');
let browser;
try {
  const base = await mf.ready;
  const admin = { authorization: 'Bearer t' };
  await fetch(new URL(`/admin/bundles/${bundle.hash}`, base), {
    method: 'PUT', body: bundle.bytes, headers: { ...admin, 'x-hearth-signature': bundle.signature },
  });
  const d = await fetch(new URL('/admin/deployment', base), {
    method: 'PUT', headers: admin, body: JSON.stringify({ bundle: bundle.hash, version: 1, expected: null }),
  });
  assert.equal(d.status, 200);
  browser = await launch();
  const { context, page, errors } = browser;
  const blocked = [];
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1') return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });

  await check('/docs renders Swagger UI offline and "Try it out" on predict answers 200', async () => {
    await page.goto(new URL('/docs', base).href);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 20_000 });
    const op = page.locator('.opblock-post', { hasText: '/predict' }).first();
    await op.locator('.opblock-summary').click();
    // tryItOutEnabled: the editor opens ready; only click "Try it out" if it is not.
    const tryOut = op.locator('.try-out__btn');
    if ((await tryOut.innerText()).includes('Try it out')) await tryOut.click();
    await op.locator('.execute').click();
    const status = op.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 20_000 });
    assert.equal((await status.innerText()).trim(), '200');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'docs.png'), fullPage: false });
  });

  await check('/redoc renders ReDoc offline', async () => {
    await page.goto(new URL('/redoc', base).href);
    await page.locator('h1', { hasText: /\S/ }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'redoc.png'), fullPage: false });
  });

  await check('nothing outside 127.0.0.1 was needed and no page error happened', async () => {
    // A blocked request also logs a URL-less console line; count those against `blocked`.
    const consoleFailures = errors.filter((e) => e === 'console: Failed to load resource: net::ERR_FAILED');
    assert.ok(consoleFailures.length <= blocked.length);
    const real = errors.filter((e) => !consoleFailures.includes(e) && !blocked.some((u) => e.includes(u)));
    assert.deepEqual(real, []);
    // ReDoc's "API docs by Redocly" badge image is the only remote URL in the pinned bundles.
    assert.ok(blocked.every((u) => u.startsWith('https://cdn.redoc.ly/')), `blocked: ${blocked.join(', ')}`);
  });
} finally {
  await browser?.close();
  await mf.dispose();
}
finish();

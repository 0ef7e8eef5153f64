// The drift report of `hearth monitor drift` in headless Chromium: HousingData-old vs -new opens from
// a file:// URL with no console error, page error or request of any kind (it is self-contained), is
// under 200 KB, shows the 13 columns with price/bedrooms/bathrooms drifted first and no dataset drift.
// The screenshot goes to docs/screenshots/monitor-drift.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, checks } from './browser.mjs';

const TEST = 'monitor_report';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Same search as hearth-testdata: $HEARTH_SHARED_DIR, else ../shared beside the repo, else /work/shared.
const sharedDirs = [process.env.HEARTH_SHARED_DIR, path.join(root, '..', 'shared'), '/work/shared'].filter(Boolean);
const data = sharedDirs.map((d) => path.join(d, 'data')).find((d) => fs.existsSync(path.join(d, 'HousingData-old.csv')));
if (!data) {
  const msg = `SKIPPED ${TEST}: shared data HousingData-old.csv not found in ${sharedDirs.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(msg);
  console.log(msg);
  process.exit(0);
}

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-monitor-'));
const html = path.join(out, 'drift.html');
execFileSync('cargo', ['run', '--quiet', '--manifest-path', path.join(root, 'Cargo.toml'), '-p', 'hearth', '--', 'monitor', 'drift', '--no-save',
  path.join(data, 'HousingData-old.csv'), path.join(data, 'HousingData-new.csv'), '--html', html],
{ cwd: out, stdio: ['ignore', 'ignore', 'inherit'] });
const shots = path.join(root, 'docs', 'screenshots');
fs.mkdirSync(shots, { recursive: true });

const { page, errors, close } = await launch();
let failures;
try {
  failures = await checks([
    ['the report is under 200 KB', async () => {
      const size = fs.statSync(html).size;
      assert.ok(size < 200 * 1024, `${size} bytes`);
    }],
    ['it opens from file:// and lists 13 columns, the 3 drifted ones first', async () => {
      await page.goto(pathToFileURL(html).href);
      const columns = await page.$$eval('table:first-of-type tbody tr',
        (tr) => tr.map((r) => ({ name: r.cells[0].textContent, drift: !r.textContent.includes('No drift') })));
      assert.equal(columns.length, 13, JSON.stringify(columns));
      const drifted = columns.filter((c) => c.drift);
      assert.deepEqual(drifted, columns.slice(0, 3), 'drifted columns come first');
      assert.deepEqual(drifted.map((c) => c.name).sort(), ['bathrooms', 'bedrooms', 'price']);
      assert.match(await page.textContent('.cards'), /Not detected/);
      assert.equal(await page.$$eval('svg', (s) => s.length) >= 26, true, 'a small and a large histogram per column');
      await page.screenshot({ path: path.join(shots, 'monitor-drift.png'), fullPage: true });
    }],
    ['no console errors, page errors or requests beyond the file itself', async () => {
      assert.deepEqual(errors, []);
      const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      assert.deepEqual(requested, []);
    }],
  ]);
} finally {
  await close();
  fs.rmSync(out, { recursive: true, force: true });
}
console.log(failures === 0 ? 'monitor report: all checks passed' : `monitor report: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);

// Trunk post_build hook: writes dist's sw.js from public/sw.js with this build's shell file list
// and a build id (SHA-256 over every shell file's path and bytes), so the cache name changes
// exactly when the app does. Deterministic: the same build gives a byte-identical sw.js.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('service_worker.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk post_build hook)');
  process.exit(1);
}
const template = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'sw.js');

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
function files(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  ).sort();
}

const shell = files(staging).filter((f) => f !== 'sw.js');
const hash = crypto.createHash('sha256');
for (const f of shell) {
  hash.update(`${f}\0`);
  hash.update(fs.readFileSync(path.join(staging, f)));
}
const build = hash.digest('hex').slice(0, 16);
const urls = ['./', ...shell.map((f) => `./${f}`)];
const source = fs.readFileSync(template, 'utf8')
  .replace("'__HEARTH_BUILD__'", JSON.stringify(build))
  .replace('__HEARTH_SHELL__', JSON.stringify(urls));
fs.writeFileSync(path.join(staging, 'sw.js'), source);
console.log(`service worker: build ${build}, ${urls.length} shell entries`);

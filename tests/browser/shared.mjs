// Shared by the browser tests: where the project's real data is (and a way to skip, by name, the
// checks that need it), and a digest of the app's whole IndexedDB workspace.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Same search as hearth-testdata: $HEARTH_SHARED_DIR, else ../shared beside the repo, else /work/shared.
const sharedDirs = [process.env.HEARTH_SHARED_DIR, path.join(root, '..', 'shared'), '/work/shared'].filter(Boolean);
const NAMES = ['HousingData.csv', 'HousingData-old.csv', 'HousingData-new.csv'];

/** The shared folder holding all three data files (else the first candidate). */
export const shared = sharedDirs.find((d) => NAMES.every((f) => fs.existsSync(path.join(d, 'data', f)))) ?? sharedDirs[0];
/** HousingData.csv, HousingData-old.csv, HousingData-new.csv. */
export const FILES = NAMES.map((f) => path.join(shared, 'data', f));
export const haveData = FILES.every((f) => fs.existsSync(f));

/** A check needing the shared data: left out, and reported SKIPPED by name, when it is absent. */
export const withData = (name, body) => {
  if (haveData) return [[name, body]];
  console.log(`SKIPPED ${name}: ${NAMES.join(', ')} not found in ${sharedDirs.map((d) => path.join(d, 'data')).join(', ')}`);
  return [];
};

/** SHA-256 over every object store's keys and value bytes, read in `page` with the raw IndexedDB API. */
export const digest = (page) => page.evaluate(async () => {
  const done = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const db = await done(indexedDB.open('hearth'));
  const chunks = [];
  let entries = 0;
  const enc = new TextEncoder();
  for (const name of [...db.objectStoreNames].sort()) {
    const store = db.transaction(name, 'readonly').objectStore(name);
    const keys = await done(store.getAllKeys());
    const values = await done(store.getAll());
    keys.forEach((k, i) => {
      entries += 1;
      chunks.push(enc.encode(`${name}\0${k}\0${values[i].length}\0`), values[i]);
    });
  }
  db.close();
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return { entries, sha256: [...hash].map((b) => b.toString(16).padStart(2, '0')).join('') };
});

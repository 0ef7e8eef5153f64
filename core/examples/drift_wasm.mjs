// Times the drift benchmark on wasm32 under Node (see drift_wasm.rs); compare with
// `cargo run --release -p hearth-core --example drift_bench` on the same machine.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const wasmPath = process.argv[2] ??
  fileURLToPath(new URL("../../target/wasm32-unknown-unknown/release/examples/drift_wasm.wasm", import.meta.url));
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const w = instance.exports;

function median(runs, f) {
  const t = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    out = f();
    t.push(performance.now() - start);
  }
  t.sort((a, b) => a - b);
  return [t[Math.floor(t.length / 2)], out];
}

for (const [i, name] of ["10k_x9_numeric", "500k_x13"].entries()) {
  const rows = w.prepare(i);
  const runs = w.runs(i);
  const [raw, drifted] = median(runs, () => w.run_raw());
  const [profile] = median(runs, () => w.run_profile());
  console.log(`${name} (wasm32, ${rows} rows/side): raw tables ${raw.toFixed(1)} ms, stored profile vs batch ${profile.toFixed(1)} ms (${drifted} columns drifted)`);
}
// Peak linear memory of the instance (it only grows), read by `cargo xtask bench`.
console.log(`wasm_memory_bytes ${w.memory.buffer.byteLength}`);

// Times training on wasm32 under Node (see train_wasm.rs); prints the same `key value` lines as
// `bench_task` natively, plus the instance's linear memory, for `cargo xtask bench`:
//   node core/examples/train_wasm.mjs WASM fit MODEL TRAIN.csv TEST.csv TARGET   -> fit_s, r2, mae
//   node core/examples/train_wasm.mjs WASM pipeline DATA.csv                     -> pipeline_s, outcome, test_r2, model_hash
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [wasmPath, mode, ...args] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const w = instance.exports;

/** Copies bytes into a fresh buffer of the instance; returns [ptr, len]. */
function put(bytes) {
  const ptr = w.alloc(bytes.length);
  new Uint8Array(w.memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}

function result() {
  return new TextDecoder().decode(new Uint8Array(w.memory.buffer, w.result_ptr(), w.result_len()));
}

function check(ok) {
  if (!ok) {
    console.error(`train_wasm: ${result().trim()}`);
    process.exit(1);
  }
}

const text = (s) => new TextEncoder().encode(s);
/** Runs the prepared job; its wall time in seconds. */
function timedRun() {
  const start = performance.now();
  check(w.run());
  return (performance.now() - start) / 1e3;
}

let key;
let cold = "";
if (mode === "fit" && args.length === 4) {
  const [model, train, test, target] = args;
  const prepare = () =>
    check(w.prepare_fit(...put(text(model)), ...put(readFileSync(train)), ...put(readFileSync(test)), ...put(text(target))));
  // V8 compiles wasm functions lazily on their first call (native code has no such step), so a fit is
  // timed after one untimed warm-up fit of the same data in this instance; the cold first fit is
  // printed too. A pipeline run is timed cold: that is what a user waits for in the tab.
  prepare();
  cold = `cold_fit_s ${timedRun()}\n`;
  prepare();
  key = "fit_s";
} else if (mode === "pipeline" && args.length === 1) {
  check(w.prepare_pipeline(...put(readFileSync(args[0]))));
  key = "pipeline_s";
} else {
  console.error("usage: node train_wasm.mjs WASM (fit MODEL TRAIN.csv TEST.csv TARGET | pipeline DATA.csv)");
  process.exit(2);
}
const seconds = timedRun();
let out = result();
if (mode === "fit") {
  check(w.score());
  out = result();
}
process.stdout.write(cold);
console.log(`${key} ${seconds}`);
process.stdout.write(out);
// Peak linear memory of the instance (it only grows), read by `cargo xtask bench`.
console.log(`wasm_memory_bytes ${w.memory.buffer.byteLength}`);

// Which WebAssembly build this browser can run, decided once by validating two
// tiny modules. A plain script with no imports or exports, so the page loads it
// as a module (boot.js) and the service worker with importScripts (sw.js), and
// both pick the same build.
//
// simd128: (func (result v128) i32.const 0 i8x16.splat); every browser the app
// supports has it.
// relaxed SIMD: three such vectors into f32x4.relaxed_madd, the multiply-add
// that may fuse (one rounding, FMA). Chromium 114 and newer have it.
(function () {
  const head = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0];
  const splat = [65, 0, 253, 15];
  const SIMD = new Uint8Array([...head, 10, 8, 1, 6, 0, ...splat, 11]);
  const RELAXED = new Uint8Array([...head, 10, 19, 1, 17, 0, ...splat, ...splat, ...splat, 253, 133, 2, 11]);
  const valid = (bytes) => {
    try { return typeof WebAssembly === 'object' && WebAssembly.validate(bytes); } catch { return false; }
  };
  const simd = valid(SIMD);
  const relaxed = simd && valid(RELAXED);
  const plain = { name: 'simd128', wasm: 'pkg/cnn_playground_bg.wasm' };
  const fused = { name: 'relaxed-simd', wasm: 'pkg/cnn_playground_relaxed_bg.wasm' };
  globalThis.cnnWasm = {
    simd,
    relaxed,
    /** The build to load: its name (as the page shows it) and its wasm, beside index.html. */
    build: relaxed ? fused : plain,
    /** The other build's wasm, which this browser never needs. */
    unused: relaxed ? plain.wasm : fused.wasm,
    glue: 'pkg/cnn_playground.js',
  };
})();

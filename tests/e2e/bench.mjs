// Wasm benchmark program (not a test): opens www/bench.html in headless
// Chromium, waits for it to finish and prints what it measured: both wasm
// builds (plain simd128, and relaxed SIMD when built and validated), each
// figure the median of 3 timings of at least 5 s, then their ratios. About
// four minutes. Run with `make bench-wasm` (builds the release site first).
// An argument is passed to the page as its query, for a short trial run:
//   node tests/e2e/bench.mjs '?seconds=0.2&repeats=1'

import { openApp, screenshot } from './harness.mjs';

const TIMEOUT_MS = 15 * 60_000;
const app = await openApp();
let code = 0;
try {
  await app.page.goto(`${app.url}bench.html${process.argv[2] ?? ''}`);
  const results = app.page.getByTestId('bench-results');
  await app.page.waitForFunction(
    () => document.querySelector('[data-testid="bench-results"]')?.dataset.state !== 'running',
    null, { timeout: TIMEOUT_MS, polling: 500 },
  );
  const state = await results.getAttribute('data-state');
  console.log(await results.innerText());
  await screenshot(app.page, 'bench');
  if (state !== 'done') code = 1;
  if (app.errors.length) {
    console.error('page errors:', app.errors);
    code = 1;
  }
} finally {
  await app.close();
}
process.exit(code);

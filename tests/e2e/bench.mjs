// Wasm benchmark program (not a test): opens www/bench.html in headless
// Chromium, waits for it to finish and prints what it measured.
// Run with `make bench-wasm` (builds the release site first).

import { openApp, screenshot } from './harness.mjs';

const TIMEOUT_MS = 15 * 60_000;
const app = await openApp();
let code = 0;
try {
  await app.page.goto(`${app.url}bench.html`);
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

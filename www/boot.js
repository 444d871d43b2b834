// Starts CNN Playground: loads the wasm build, and explains any failure.
//
// A file of its own rather than an inline script, so the Content-Security-Policy
// in index.html can forbid inline scripts altogether.
//
// When start-up fails we say why, and only what is true: a browser without
// WebAssembly SIMD is told so (checked with a tiny SIMD module), while glue and
// wasm from two different builds (an update caught half-way) get their own
// message, because reloading fixes that and a new browser does not.
import init from './pkg/cnn_playground.js';

// (module (func (result v128) i32.const 0 i8x16.splat)): valid only with SIMD.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);

function hasSimd() {
  try { return WebAssembly.validate(SIMD_PROBE); } catch { return false; }
}

/** The sentence shown for a start-up failure `err`. */
export function explain(err) {
  const text = String(err && err.message || err);
  if (typeof WebAssembly !== 'object' || !hasSimd()) {
    return 'CNN Playground could not start: this browser lacks WebAssembly SIMD, which the app needs '
      + '(Chrome 91, Firefox 89, Safari 16.4 or newer). (' + text + ')';
  }
  if (err instanceof WebAssembly.LinkError || /import|export|is not a function/i.test(text)) {
    return 'CNN Playground could not start: its script and its WebAssembly come from two different '
      + 'versions of the site (an update arrived half-way). Reload the page to finish the update. ('
      + text + ')';
  }
  return 'CNN Playground could not start: ' + text + '. Reload the page; if it happens again, '
    + 'please report it with this message.';
}

function fail(err) {
  const app = document.getElementById('app');
  app.textContent = '';
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.setAttribute('data-testid', 'start-error');
  p.textContent = explain(err);
  app.append(p);
  console.error(err);
}

// init() fetches and instantiates the wasm; its start function then mounts the app on #app.
init().catch(fail);

// A new build installs in the background (see sw.js) and waits; offer to switch.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.getRegistration().then((reg) => {
    if (!reg) return;
    const offer = (worker) => {
      if (!worker || !navigator.serviceWorker.controller) return;
      const bar = document.createElement('p');
      bar.className = 'update-banner';
      bar.setAttribute('role', 'status');
      bar.setAttribute('data-testid', 'update-ready');
      bar.textContent = 'A new version of CNN Playground is ready. ';
      const button = document.createElement('button');
      button.textContent = 'Reload to use it';
      button.addEventListener('click', () => worker.postMessage({ activate: true }));
      bar.append(button);
      document.body.prepend(bar);
    };
    if (reg.waiting) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      w && w.addEventListener('statechange', () => { if (w.state === 'installed') offer(w); });
    });
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (!reloading && document.querySelector('[data-testid="update-ready"]')) {
        reloading = true;
        location.reload();
      }
    });
  }).catch(() => undefined);
}

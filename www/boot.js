// Starts CNN Playground: loads the wasm build, and explains any failure.
//
// A file of its own rather than an inline script, so the Content-Security-Policy
// in index.html can forbid inline scripts altogether.
//
// When start-up fails we say why, and only what is true: a browser without
// WebAssembly SIMD is told so (checked with a tiny SIMD module), while glue and
// wasm from two different builds (an update caught half-way) get their own
// message, because reloading fixes that and a new browser does not.
//
// There are two builds of the wasm with one glue script: relaxed SIMD (its
// multiply-add may fuse, FMA) where the browser has it, else simd128. Which
// one is decided in wasm-features.js; the choice is left in
// globalThis.cnnBuild, where the app reads it (the page names it, and its
// workers load the same build).
import './wasm-features.js';
import init from './pkg/cnn_playground.js';

const { build, glue, simd } = globalThis.cnnWasm;
globalThis.cnnBuild = { name: build.name, glue, wasm: build.wasm };

/** The sentence shown for a start-up failure `err`. */
export function explain(err) {
  const text = String(err && err.message || err);
  if (typeof WebAssembly !== 'object' || !simd) {
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
init({ module_or_path: build.wasm }).catch(fail);

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

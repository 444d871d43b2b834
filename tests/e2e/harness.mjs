// Shared end-to-end harness: a static server for www/ on a free 127.0.0.1 port,
// Debian's headless Chromium driven by playwright-core, and a record of every
// console error, page error and failed request, so each test can assert none.
//
// Usage:
//   import { openApp, screenshot } from './harness.mjs';
//   const app = await openApp();            // server + browser + page, listeners attached
//   t.after(() => app.close());
//   await app.page.goto(app.url);           // http://127.0.0.1:PORT/
//   ...
//   await screenshot(app.page, 'smoke');    // tests/artifacts/smoke.png
//   app.assertClean();                      // no console errors, no failed requests

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..');
export const WWW = path.join(REPO, 'www');
export const ARTIFACTS = path.join(REPO, 'tests', 'artifacts');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// From TOOLCHAIN.md: without the background-networking flags Chromium keeps
// trying to reach the (closed) network.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Serves `root` on 127.0.0.1 at a free port with the very server `make run`
 * uses (`tests/serve.py`: Python's http.server, sending a file's gzipped twin
 * to browsers that take gzip), so every header, caching included, is what a
 * person gets. Resolves to { url, close, sent }: `sent` lists every response
 * the server wrote, `{ bytes, status, path }` (bytes: status line, headers
 * and body), from any client (page, workers, service worker).
 */
export async function startServer(root = WWW) {
  const child = spawn('python3', ['-u', path.join(REPO, 'tests', 'serve.py'), '--port', '0', '--dir', root, '--log-bytes'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const sent = [];
  const url = await new Promise((ok, fail) => {
    let out = '';
    let started = false;
    const timer = setTimeout(() => fail(new Error(`serve.py did not start: ${out}`)), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      let nl;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        const m = /^SENT (\d+) (\d+) (\S+)$/.exec(line);
        if (m) sent.push({ bytes: Number(m[1]), status: Number(m[2]), path: m[3] });
        else if (!started && /^http:\/\/\S+$/.test(line)) { started = true; clearTimeout(timer); ok(line); }
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`serve.py exited (${code}): ${out}`)); });
  });
  child.stderr.resume(); // errors only: the request log is the SENT lines
  return {
    url,
    sent,
    close: () => new Promise((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill();
    }),
  };
}

/**
 * Launches headless Chromium with a throwaway profile. Resolves to { context, close }.
 * Pass `serviceWorkers: 'block'` when the test uses `page.route`: requests a
 * service worker makes are not routed.
 */
export async function launchBrowser({ viewport = { width: 1280, height: 900 }, serviceWorkers = 'allow' } = {}) {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: run \`make test\`, which installs it`);
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'cnnp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, serviceWorkers,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await fsp.rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Server + browser + one page whose problems are recorded:
 * `errors` (console errors and uncaught exceptions) and `failed` (requests
 * that failed or answered 400 or more). `assertClean()` checks both are empty.
 */
export async function openApp(options = {}) {
  const server = await startServer(options.root);
  const browser = await launchBrowser(options);
  const page = browser.context.pages()[0] || await browser.context.newPage();
  const errors = [];
  const failed = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  // Any Content-Security-Policy violation fails the test, even one whose
  // test never calls assertClean (close() checks too).
  const csp = [];
  await browser.context.exposeBinding('__cspViolation', (_src, text) => { csp.push(text); });
  await browser.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText;
    // A test leaving a page (goto) aborts what that page still had in flight;
    // a file the server cannot give shows as its HTTP status (below) or
    // another network error.
    if (why === 'net::ERR_ABORTED') return;
    failed.push(`${req.method()} ${req.url()}: ${why}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) failed.push(`${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });
  return {
    page,
    context: browser.context,
    url: server.url,
    /** Every response the server wrote so far (see startServer). */
    sent: server.sent,
    errors,
    failed,
    csp,
    assertClean() {
      assert.deepEqual(csp, [], 'Content-Security-Policy violations');
      assert.deepEqual(errors, [], 'console errors or uncaught exceptions');
      assert.deepEqual(failed, [], 'failed requests');
    },
    async close() {
      await browser.close();
      await server.close();
      assert.deepEqual(csp, [], 'Content-Security-Policy violations');
    },
  };
}

/** Saves a full-page PNG under tests/artifacts/ and returns its path. */
export async function screenshot(page, name) {
  const file = artifact(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The path of `file` in tests/artifacts/ (created if missing), wherever the
 * test runs from: for screenshots of the viewport or of one element. */
export function artifact(file) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, file);
}

/** Waits until the data-status hook reports loaded data; returns its counts. */
export async function waitForData(page, timeout = 60_000) {
  const sel = '[data-testid="data-status"]';
  await page.waitForFunction((s) => {
    const el = document.querySelector(s);
    return el && Number(el.getAttribute('data-train-count')) > 0
      && Number(el.getAttribute('data-test-count')) > 0;
  }, sel, { timeout });
  const el = page.locator(sel).first();
  return {
    train: Number(await el.getAttribute('data-train-count')),
    test: Number(await el.getAttribute('data-test-count')),
  };
}

/** The counts the site should show: full MNIST if its manifest lists it, else our split. */
export function expectedCounts(root = WWW) {
  const text = fs.readFileSync(path.join(root, 'static', 'data', 'manifest.txt'), 'utf8');
  const listed = text.split('\n').map((l) => l.split('#')[0].trim()).filter(Boolean);
  const full = ['train-images', 'train-labels', 't10k-images', 't10k-labels']
    .every((stem) => listed.some((n) => n.startsWith(stem)));
  return full ? { train: 60000, test: 10000 } : { train: 8000, test: 2000 };
}

// Waiting for the page's late arrivals, for the end-to-end tests that need
// them: the sections below the fold render when they come near the screen
// or, at the latest, one by one once the page is idle (web/shell/section.rs;
// a section above the screen waits until the reader scrolls up to it), and
// the first held-out evaluation ends some time after the data arrived.

/** Until every section on or below the screen has rendered its interactive. */
export async function allSections(page, timeout = 60_000) {
  await page.waitForFunction(() => document.querySelector('[data-testid="section"]')
    && [...document.querySelectorAll('[data-testid="section"][data-pending="true"]')]
      .every((s) => s.getBoundingClientRect().bottom < 0), null, { timeout, polling: 50 });
}

/**
 * Until every section has rendered and the first held-out evaluation is
 * shown (accuracy and results), then two frames more, so what it changed
 * has been laid out and painted.
 */
export async function settled(page, timeout = 90_000) {
  await allSections(page, timeout);
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="train-stats"]');
    const r = document.querySelector('[data-testid="train-results"]');
    return s && s.getAttribute('data-test-accuracy') !== '' && r && r.getAttribute('data-evaluated') !== '0';
  }, null, { timeout, polling: 50 });
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

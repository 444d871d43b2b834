// Main-thread tasks while the largest networks the budget allows train.
//
//   node tests/e2e/bench-tasks.mjs      (what `make bench-tasks` runs)
//
// For each network it trains for TASK_SECONDS (10 by default) with the page
// scrolled to Train, records Chromium's trace of the page's main thread, and
// prints how many tasks ran, how many took over 50 ms, and the longest
// five: wall time, the thread's own CPU time (what the task cost, whatever
// else this shared machine was doing meanwhile) and what the task was
// (script, or the browser's layout and paint). A benchmark, not a test:
// its figures depend on the machine.

import { openApp, waitForData } from './harness.mjs';

const SECONDS = Number(process.env.TASK_SECONDS || 10);
const LARGEST = {
  'multiply-adds (19,870,126 per image)': '28x28x1|c64k3s1p1|relu|c43k3s1p1|relu|gmax|d10',
  'parameters (1,999,435)': '28x28x1|flatten|d2515|d10',
};

function kind(task, inside) {
  const names = new Set(inside.map((e) => e.name));
  if (names.has('EventDispatch')) return 'input event';
  if (names.has('FunctionCall')) return names.has('Layout') ? 'script + layout' : 'script';
  if (names.has('Paint') || names.has('Layout') || names.has('PrePaint')) return 'layout and paint';
  return 'other';
}

async function measure(spec) {
  const app = await openApp();
  try {
    const { page } = app;
    await page.goto(`${app.url}#train&arch=${spec}&batch=4`);
    await waitForData(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="train-stats"]').dataset.testAccuracy !== '',
      null, { timeout: 180_000 });
    const cdp = await page.context().newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] },
      transferMode: 'ReportEvents',
    });
    const seen0 = Number(await page.$eval('[data-testid="train-stats"]', (el) => el.dataset.imagesSeen));
    await page.click('[data-testid="train-toggle"]');
    await page.waitForTimeout(SECONDS * 1000);
    await page.click('[data-testid="train-toggle"]');
    const seen = Number(await page.$eval('[data-testid="train-stats"]', (el) => el.dataset.imagesSeen)) - seen0;
    await cdp.send('Tracing.end');
    await complete;
    // The page's main thread is the one that runs the page's script.
    const calls = new Map();
    for (const e of events) {
      if (e.name === 'FunctionCall') calls.set(`${e.pid}:${e.tid}`, (calls.get(`${e.pid}:${e.tid}`) || 0) + 1);
    }
    const main = [...calls].sort((a, b) => b[1] - a[1])[0][0];
    const mine = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X');
    const tasks = mine.filter((e) => e.name === 'RunTask');
    const over = (f) => tasks.filter((t) => f(t) > 50_000).length;
    const top = [...tasks].sort((a, b) => b.dur - a.dur).slice(0, 5).map((t) => {
      const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur || 0) <= t.ts + t.dur);
      return `${(t.dur / 1000).toFixed(1)} ms wall / ${((t.tdur ?? t.dur) / 1000).toFixed(1)} ms CPU (${kind(t, inside)})`;
    });
    const cpuMax = Math.max(...tasks.map((t) => t.tdur ?? t.dur)) / 1000;
    return { seen, tasks: tasks.length, wall50: over((t) => t.dur), cpu50: over((t) => t.tdur ?? t.dur), cpuMax, top };
  } finally {
    await app.close();
  }
}

for (const [limit, spec] of Object.entries(LARGEST)) {
  const r = await measure(spec);
  console.log(`== the largest net by ${limit}: ${spec}`);
  console.log(`${r.seen} images trained in ${SECONDS} s; ${r.tasks} main-thread tasks; over 50 ms: ${r.wall50} by wall time, ${r.cpu50} by CPU time; longest CPU time ${r.cpuMax.toFixed(1)} ms`);
  console.log(`longest by wall time: ${r.top.join('; ')}`);
}

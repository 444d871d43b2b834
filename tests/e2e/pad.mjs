// Drawing on the digit pad as a person does, for the end-to-end tests that
// draw digits (draw, looks, mine): strokes in the pad's own pixels become
// mouse moves through the canvas's on-screen box.

export const PAD = '[data-testid="draw-pad"]';
/** The pad's bitmap side (preprocess::PAD_SIDE). */
export const PAD_SIDE = 280;

/** Splits each segment into steps of at most `step` pad pixels, as a real pointer reports them. */
export function densify(poly, step = 8) {
  const out = [poly[0]];
  for (let i = 1; i < poly.length; i++) {
    const [ax, ay] = poly[i - 1];
    const [bx, by] = poly[i];
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
    for (let k = 1; k <= n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  return out;
}

/**
 * Pad pixels to page coordinates, through the canvas's on-screen box. Other
 * panels above may still be laying out, so wait until the box holds still.
 */
export async function padMapper(page) {
  const pad = page.locator(PAD);
  await pad.scrollIntoViewIfNeeded();
  // Panels above the pad finish their start-up work in slices and may still
  // grow: wait until the pad has stayed put for 400 ms (or 6 s have passed).
  let box = await pad.boundingBox();
  let still = 0;
  for (let i = 0; i < 120 && still < 8; i++) {
    await page.waitForTimeout(50);
    const again = await pad.boundingBox();
    if (again.x === box.x && again.y === box.y && again.width === box.width) still += 1;
    else still = 0;
    box = again;
  }
  return ([x, y]) => [box.x + (x / PAD_SIDE) * box.width, box.y + (y / PAD_SIDE) * box.height];
}

/** Draws `strokes` (polylines in pad pixels) with the mouse, `step` pad pixels per move. */
export async function drawMouse(page, strokes, step = 8) {
  for (const poly of strokes) {
    const map = await padMapper(page);
    const pts = densify(poly, step).map(map);
    await page.mouse.move(...pts[0]);
    await page.mouse.down();
    for (const p of pts.slice(1)) await page.mouse.move(...p);
    await page.mouse.up();
  }
}

//! Pooling: windowed max and average pooling, and global max / average over
//! each channel.
//!
//! Legend: `n` batch, `c` channels, `h x w` input map, `oh x ow` output map.
//! Max pooling remembers where each maximum came from (the "switches"), so
//! backward only routes the gradient to that one input.

use crate::core::spec::Shape;

/// `size x size` max pooling moved by `stride`, no padding.
#[derive(Clone, Debug)]
pub struct MaxPool2d {
    pub input: Shape,
    pub out: Shape,
    pub size: usize,
    pub stride: usize,
    /// `[n, c, oh, ow]`: flat index into the input batch of each maximum.
    switches: Vec<u32>,
}

impl MaxPool2d {
    pub fn new(input: Shape, size: usize, stride: usize) -> MaxPool2d {
        let o = |x: usize| (x - size) / stride + 1;
        MaxPool2d {
            input,
            out: Shape::new(input.c, o(input.h), o(input.w)),
            size,
            stride,
            switches: Vec::new(),
        }
    }

    pub fn reserve(&mut self, n: usize) {
        let len = n * self.out.len();
        super::grow(&mut self.switches, len, 0);
    }

    /// Ties go to the first maximum in row-major window order.
    ///
    /// # Shapes
    /// - `x`: `[n, c, h, w]`
    /// - `y`: `[n, c, oh, ow]` (overwritten)
    pub fn forward(&mut self, x: &[f32], y: &mut [f32], n: usize) {
        let (h, w) = (self.input.h, self.input.w);
        let (oh, ow, sz, st) = (self.out.h, self.out.w, self.size, self.stride);
        if sz == 2 && st == 2 {
            return self.forward_2x2(x, y, n);
        }
        for plane in 0..n * self.input.c {
            let base = plane * h * w;
            let obase = plane * oh * ow;
            for oy in 0..oh {
                for ox in 0..ow {
                    let top = base + oy * st * w + ox * st;
                    let (mut best, mut arg) = (x[top], top);
                    for dy in 0..sz {
                        let row = top + dy * w;
                        for (dx, &v) in x[row..row + sz].iter().enumerate() {
                            if v > best {
                                best = v;
                                arg = row + dx;
                            }
                        }
                    }
                    y[obase + oy * ow + ox] = best;
                    self.switches[obase + oy * ow + ox] = arg as u32;
                }
            }
        }
    }

    /// The common 2x2 / stride 2 case, with the same tie rule, unrolled.
    fn forward_2x2(&mut self, x: &[f32], y: &mut [f32], n: usize) {
        let (h, w) = (self.input.h, self.input.w);
        let (oh, ow) = (self.out.h, self.out.w);
        for plane in 0..n * self.input.c {
            let base = plane * h * w;
            let obase = plane * oh * ow;
            for oy in 0..oh {
                let top = base + 2 * oy * w;
                let r0 = &x[top..top + 2 * ow];
                let r1 = &x[top + w..top + w + 2 * ow];
                let yo = &mut y[obase + oy * ow..][..ow];
                let so = &mut self.switches[obase + oy * ow..][..ow];
                // The same comparisons in the same order as the general
                // path, written as selects: activations make `v > best`
                // unpredictable, and as branches they made this loop the
                // largest cost of training outside the matrix products.
                let (top, w) = (top as u32, w as u32);
                let pairs = r0.chunks_exact(2).zip(r1.chunks_exact(2));
                for (ox, ((yv, sv), (a, b))) in
                    yo.iter_mut().zip(so.iter_mut()).zip(pairs).enumerate()
                {
                    let at = top + 2 * ox as u32;
                    let (mut best, mut arg) = (a[0], at);
                    for (v, i) in [(a[1], at + 1), (b[0], at + w), (b[1], at + w + 1)] {
                        let more = v > best;
                        best = if more { v } else { best };
                        arg = if more { i } else { arg };
                    }
                    *yv = best;
                    *sv = arg;
                }
            }
        }
    }

    /// `dx[switch[j]] += dy[j]`: only the winning input of each window gets gradient.
    ///
    /// # Shapes
    /// - `dy`: `[n, c, oh, ow]`
    /// - `dx`: `[n, c, h, w]`
    pub fn backward(&self, dy: &[f32], dx: &mut [f32], n: usize) {
        let len = n * self.out.len();
        for (&g, &sw) in dy[..len].iter().zip(&self.switches[..len]) {
            dx[sw as usize] += g;
        }
    }
}

/// Max over each whole channel: `[n, c, h, w] -> [n, c]`.
#[derive(Clone, Debug)]
pub struct GlobalMaxPool {
    pub input: Shape,
    /// `[n, c]`: flat input index of each channel's maximum.
    switches: Vec<u32>,
}

impl GlobalMaxPool {
    pub fn new(input: Shape) -> GlobalMaxPool {
        GlobalMaxPool {
            input,
            switches: Vec::new(),
        }
    }

    pub fn reserve(&mut self, n: usize) {
        let len = n * self.input.c;
        super::grow(&mut self.switches, len, 0);
    }

    /// # Shapes
    /// - `x`: `[n, c, h, w]`
    /// - `y`: `[n, c]` (overwritten)
    pub fn forward(&mut self, x: &[f32], y: &mut [f32], n: usize) {
        let hw = self.input.h * self.input.w;
        let len = n * self.input.c;
        let outs = y[..len].iter_mut().zip(&mut self.switches[..len]);
        for (plane, (yv, sw)) in outs.enumerate() {
            let base = plane * hw;
            let (mut best, mut arg) = (x[base], base);
            for (j, &v) in x[base..base + hw].iter().enumerate() {
                if v > best {
                    best = v;
                    arg = base + j;
                }
            }
            *yv = best;
            *sw = arg as u32;
        }
    }

    /// # Shapes
    /// - `dy`: `[n, c]`
    /// - `dx`: `[n, c, h, w]`
    pub fn backward(&self, dy: &[f32], dx: &mut [f32], n: usize) {
        let len = n * self.input.c;
        for (&g, &sw) in dy[..len].iter().zip(&self.switches[..len]) {
            dx[sw as usize] += g;
        }
    }
}

/// Mean over each whole channel: `[n, c, h, w] -> [n, c]`.
#[derive(Clone, Debug)]
pub struct GlobalAvgPool {
    pub input: Shape,
}

impl GlobalAvgPool {
    /// # Shapes
    /// - `x`: `[n, c, h, w]`
    /// - `y`: `[n, c]` (overwritten)
    pub fn forward(&self, x: &[f32], y: &mut [f32], n: usize) {
        let hw = self.input.h * self.input.w;
        let inv = 1.0 / hw as f32;
        for plane in 0..n * self.input.c {
            y[plane] = x[plane * hw..][..hw].iter().sum::<f32>() * inv;
        }
    }

    /// `y = mean(x)  =>  dx += dy / (h*w)` for every pixel of the channel.
    ///
    /// # Shapes
    /// - `dy`: `[n, c]`
    /// - `dx`: `[n, c, h, w]`
    pub fn backward(&self, dy: &[f32], dx: &mut [f32], n: usize) {
        let hw = self.input.h * self.input.w;
        let inv = 1.0 / hw as f32;
        for plane in 0..n * self.input.c {
            let g = dy[plane] * inv;
            for v in &mut dx[plane * hw..][..hw] {
                *v += g;
            }
        }
    }
}

/// `size x size` average pooling moved by `stride`, no padding.
#[derive(Clone, Debug)]
pub struct AvgPool2d {
    pub input: Shape,
    pub out: Shape,
    pub size: usize,
    pub stride: usize,
}

impl AvgPool2d {
    pub fn new(input: Shape, size: usize, stride: usize) -> AvgPool2d {
        let o = |x: usize| (x - size) / stride + 1;
        AvgPool2d {
            input,
            out: Shape::new(input.c, o(input.h), o(input.w)),
            size,
            stride,
        }
    }

    /// `y[oy, ox] = mean of the window at (oy * stride, ox * stride)`.
    ///
    /// # Shapes
    /// - `x`: `[n, c, h, w]`
    /// - `y`: `[n, c, oh, ow]` (overwritten)
    pub fn forward(&self, x: &[f32], y: &mut [f32], n: usize) {
        let (h, w) = (self.input.h, self.input.w);
        let (oh, ow, sz, st) = (self.out.h, self.out.w, self.size, self.stride);
        let inv = 1.0 / (sz * sz) as f32;
        for plane in 0..n * self.input.c {
            let base = plane * h * w;
            let obase = plane * oh * ow;
            for oy in 0..oh {
                for ox in 0..ow {
                    let top = base + oy * st * w + ox * st;
                    let mut sum = 0.0f32;
                    for dy in 0..sz {
                        sum += x[top + dy * w..][..sz].iter().sum::<f32>();
                    }
                    y[obase + oy * ow + ox] = sum * inv;
                }
            }
        }
    }

    /// `y = mean(window)  =>  dx += dy / size^2` for every input of the window.
    ///
    /// # Shapes
    /// - `dy`: `[n, c, oh, ow]`
    /// - `dx`: `[n, c, h, w]`
    pub fn backward(&self, dy: &[f32], dx: &mut [f32], n: usize) {
        let (h, w) = (self.input.h, self.input.w);
        let (oh, ow, sz, st) = (self.out.h, self.out.w, self.size, self.stride);
        let inv = 1.0 / (sz * sz) as f32;
        for plane in 0..n * self.input.c {
            let base = plane * h * w;
            let obase = plane * oh * ow;
            for oy in 0..oh {
                for ox in 0..ow {
                    let g = dy[obase + oy * ow + ox] * inv;
                    let top = base + oy * st * w + ox * st;
                    for ddy in 0..sz {
                        for v in &mut dx[top + ddy * w..][..sz] {
                            *v += g;
                        }
                    }
                }
            }
        }
    }
}

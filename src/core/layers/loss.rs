//! Fused softmax + cross-entropy, numerically stable.
//!
//! Legend: `n` batch, `k` classes. Subtracting each row's maximum before `exp`
//! keeps every exponent `<= 0`, so nothing overflows; the log-probability of
//! the true class is taken from the shifted logits directly, never `ln(p)`
//! of a rounded-to-zero `p`.

/// Softmax of one row of logits into `probs`.
pub fn softmax(logits: &[f32], probs: &mut [f32]) {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0f32;
    for (p, &z) in probs.iter_mut().zip(logits) {
        *p = (z - max).exp();
        sum += *p;
    }
    let inv = 1.0 / sum;
    for p in probs.iter_mut() {
        *p *= inv;
    }
}

/// Writes softmax probabilities and the gradient of the mean loss
/// `dlogits = (probs - onehot(label)) / n`. Returns (summed loss, number correct).
///
/// Labels outside `0..k` (callers refuse such data first) count as wrong and add
/// neither loss nor gradient.
///
/// # Shapes
/// - `logits`, `probs`, `dlogits`: `[n, k]`; `labels`: `[n]`
pub fn softmax_xent(
    logits: &[f32],
    labels: &[u8],
    k: usize,
    probs: &mut [f32],
    dlogits: Option<&mut [f32]>,
) -> (f64, usize) {
    let n = labels.len();
    let mut loss = 0.0f64;
    let mut correct = 0;
    for i in 0..n {
        let z = &logits[i * k..][..k];
        let p = &mut probs[i * k..][..k];
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0f32;
        for (pj, &zj) in p.iter_mut().zip(z) {
            *pj = (zj - max).exp();
            sum += *pj;
        }
        let inv = 1.0 / sum;
        for pj in p.iter_mut() {
            *pj *= inv;
        }
        let y = labels[i] as usize;
        if y < k {
            // -ln p_y = ln(sum exp(z - max)) - (z_y - max)
            loss += (sum.ln() - (z[y] - max)) as f64;
            if argmax(p) == y {
                correct += 1;
            }
        }
    }
    if let Some(d) = dlogits {
        let inv_n = 1.0 / n as f32;
        for i in 0..n {
            let y = labels[i] as usize;
            let row = &mut d[i * k..][..k];
            if y >= k {
                row.fill(0.0);
                continue;
            }
            for (j, dj) in row.iter_mut().enumerate() {
                let t = if j == y { 1.0 } else { 0.0 };
                *dj = (probs[i * k + j] - t) * inv_n;
            }
        }
    }
    (loss, correct)
}

/// Index of the largest value (first one on ties); 0 for an empty slice.
pub fn argmax(xs: &[f32]) -> usize {
    let mut best = 0;
    for (j, &v) in xs.iter().enumerate() {
        if v > xs[best] {
            best = j;
        }
    }
    best
}

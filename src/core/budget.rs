//! The one budget: what a network may cost before the app agrees to build it.
//!
//! A spec that validates can still be far too big for a browser tab: a link
//! with six dense layers of 8,192 units asks for more memory than wasm32 has,
//! and a stack of wide 15x15 convolutions costs billions of multiply-adds per
//! image. [`check`] computes, for a spec at a batch size:
//!
//! - the parameters;
//! - the forward multiply-adds per image;
//! - the bytes of every buffer training keeps: weights, their gradients, the
//!   optimizer's state (Adam's two moments, the larger case), the last-good
//!   copy the divergence guard restores, the activations and their gradients,
//!   the layers' scratch (im2col columns, pooling switches), the softmax
//!   output and the batch being trained.
//!
//! and refuses, naming the figure and its limit, anything over a limit. All
//! sums are checked `usize` arithmetic, so on wasm32 (32-bit `usize`) a spec
//! too large to even count is refused, never wrapped.
//!
//! Every entry point goes through here: [`Model::new`](super::Model::new)
//! checks one image, so nothing can allocate an over-budget model; the weights
//! file checks before it builds anything; the session, links, the editor,
//! LocalStorage and the JavaScript API check at the batch they will train with.

use super::layers::conv::CHUNK_FLOATS;
use super::numfmt::{format_bytes, thousands};
use super::spec::{LayerInfo, LayerSpec, ModelSpec, Shape, SpecError};

/// Most trainable parameters. The race's dense network (235,146) and the
/// default CNN fit many times over; at this size one Adam update, the
/// last-good copy and the finiteness check together stay near 10 ms in wasm.
pub const MAX_PARAMS: usize = 2_000_000;
/// Most forward multiply-adds per image. Training one image costs about three
/// times this (forward, two backward products): about 60 M multiply-adds, a
/// few ms in wasm, so the smallest slice of work (one image) stays well under
/// 50 ms even on a busy machine. The default CNN needs 1.65 M.
pub const MAX_MACS: usize = 20_000_000;
/// Most forward multiply-adds per image of a network that only ever runs
/// forward in pieces ([`Model::new_sliced`](super::Model::new_sliced), a
/// trained network's filters slid over the 128x128 cat scene, 21 times a
/// digit's pixels). The pieces keep every task short; this bounds the wait.
pub const MAX_SLICED_MACS: usize = 32 * MAX_MACS;
/// Most bytes of all buffers together: 1 GiB, a quarter of what a wasm32 tab
/// can address, so the data (220 MB for full MNIST), the page and the copies
/// made while saving still fit. The default CNN needs 13 MB at batch 32 and
/// 210 MB at batch 512, the largest batch anything accepts.
pub const MAX_BYTES: usize = 1024 * 1024 * 1024;
/// Multiply-adds in one piece of work that runs on the page's thread (a
/// training piece, an evaluation slice, a step of the race or of the
/// divergence demo): a few ms in wasm, so the page answers between pieces.
pub const PIECE_MACS: u64 = 40_000_000;
/// Multiply-adds of the forward pass done inside one render (a piece of a
/// scene's or a large network's feature maps): a fifth of a piece, because
/// the render itself costs time too.
pub const RENDER_PIECE_MACS: u64 = PIECE_MACS / 5;

/// Images one piece may train: training one image costs about three forward
/// passes (the forward pass and two backward products). At least one.
pub fn train_images_per_piece(macs_per_image: u64) -> usize {
    (PIECE_MACS / macs_per_image.saturating_mul(3).max(1)).max(1) as usize
}

/// Images one piece may run forward. At least one.
pub fn forward_images_per_piece(macs_per_image: u64) -> usize {
    (PIECE_MACS / macs_per_image.max(1)).max(1) as usize
}

/// Activations are counted for at least this many images: evaluation runs
/// forward passes of up to this many images (see `Model::evaluate`).
pub const EVAL_ROWS: usize = 64;

/// What a spec costs at a batch size. Counts, then bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    pub params: usize,
    /// Forward multiply-adds for one image.
    pub macs: usize,
    /// Images the activation buffers hold.
    pub rows: usize,
    pub weights: usize,
    pub grads: usize,
    /// Adam's two moments (SGD's velocity is half of it).
    pub optimizer: usize,
    pub last_good: usize,
    /// Layer outputs, their gradients, scratch, softmax and the batch itself.
    pub activations: usize,
    pub total: usize,
}

/// Why a spec is over budget. `Display` names the figure and its limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BudgetError {
    /// A count does not fit this machine's `usize`.
    Overflow(&'static str),
    Params(u64),
    Macs(u64),
    /// Multiply-adds of a forward-only network run in pieces.
    SlicedMacs(u64),
    Bytes(Cost),
}

impl std::fmt::Display for BudgetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let big = |n: u64| thousands(n as u128);
        match self {
            BudgetError::Overflow(what) => write!(
                f,
                "the network's {what} are too large to count on this machine; the limit is {} of memory",
                format_bytes(MAX_BYTES as u128)
            ),
            BudgetError::Params(p) => write!(
                f,
                "the network has {} parameters; the limit is {}",
                big(*p),
                big(MAX_PARAMS as u64)
            ),
            BudgetError::Macs(m) => write!(
                f,
                "the network needs {} multiply-adds per image; the limit is {}",
                big(*m),
                big(MAX_MACS as u64)
            ),
            BudgetError::SlicedMacs(m) => write!(
                f,
                "this input needs {} multiply-adds to go through the network's filters; the limit is {}",
                big(*m),
                big(MAX_SLICED_MACS as u64)
            ),
            BudgetError::Bytes(c) => write!(
                f,
                "training it at batch {} needs {} of memory (weights, gradients, optimizer state \
                 and last good copy {}, activations {}); the limit is {}",
                c.rows,
                format_bytes(c.total as u128),
                format_bytes((c.total - c.activations) as u128),
                format_bytes(c.activations as u128),
                format_bytes(MAX_BYTES as u128)
            ),
        }
    }
}

impl std::error::Error for BudgetError {}

impl From<BudgetError> for SpecError {
    fn from(e: BudgetError) -> SpecError {
        SpecError::TooBig(e.to_string())
    }
}

/// Validates `spec`, then checks it at `batch` (at least [`EVAL_ROWS`] rows,
/// as training with evaluation needs). The one call for entry points.
pub fn check(spec: &ModelSpec, batch: usize) -> Result<Cost, SpecError> {
    let info = spec.validate()?;
    Ok(check_info(&info, spec.input, batch.max(EVAL_ROWS))?)
}

/// Checks already-validated layers at exactly `rows` images. The counts are
/// judged in `u64` first, so a network too big for a 32-bit `usize` is
/// refused naming its real figure; only then are bytes added up.
pub fn check_info(info: &[LayerInfo], input: Shape, rows: usize) -> Result<Cost, BudgetError> {
    judge(info, input, rows, MAX_MACS, BudgetError::Macs)
}

/// Checks a network that only runs forward, one image at a time, in pieces:
/// parameters and bytes as [`check_info`], multiply-adds against
/// [`MAX_SLICED_MACS`].
pub fn check_sliced(info: &[LayerInfo], input: Shape) -> Result<Cost, BudgetError> {
    judge(info, input, 1, MAX_SLICED_MACS, BudgetError::SlicedMacs)
}

/// Parameters, then multiply-adds against `max_macs` (refused as
/// `too_many`), then bytes at `rows` images.
fn judge(
    info: &[LayerInfo],
    input: Shape,
    rows: usize,
    max_macs: usize,
    too_many: fn(u64) -> BudgetError,
) -> Result<Cost, BudgetError> {
    let sum = |f: fn(&LayerInfo) -> u64| info.iter().fold(0u64, |a, l| a.saturating_add(f(l)));
    let (params, macs) = (sum(|l| l.params), sum(|l| l.macs));
    if params > MAX_PARAMS as u64 {
        return Err(BudgetError::Params(params));
    }
    if macs > max_macs as u64 {
        return Err(too_many(macs));
    }
    let c = cost(info, input, rows)?;
    if c.total > MAX_BYTES {
        return Err(BudgetError::Bytes(c));
    }
    Ok(c)
}

/// The figures of [`Cost`], without judging them. Mirrors what `Model`,
/// its layers and `Trainer` allocate (tested against a counting allocator).
pub fn cost(info: &[LayerInfo], input: Shape, rows: usize) -> Result<Cost, BudgetError> {
    let add = |a: usize, b: usize, what| a.checked_add(b).ok_or(BudgetError::Overflow(what));
    let mul = |a: usize, b: usize, what| a.checked_mul(b).ok_or(BudgetError::Overflow(what));
    let to = |v: u64, what| usize::try_from(v).map_err(|_| BudgetError::Overflow(what));
    let (mut params, mut macs) = (0usize, 0usize);
    for l in info {
        params = add(params, to(l.params, "parameters")?, "parameters")?;
        macs = add(macs, to(l.macs, "multiply-adds")?, "multiply-adds")?;
    }
    let pbytes = mul(params, 4, "parameters")?;
    let first_trainable = info.iter().position(|l| l.params > 0).unwrap_or(info.len());
    // Floats (and u32 switches, also 4 bytes) per the whole `rows` batch.
    let mut floats = mul(rows, input.len(), "activations")?; // the batch being trained
    for (i, l) in info.iter().enumerate() {
        let out = mul(rows, l.output.len(), "activations")?;
        floats = add(floats, out, "activations")?; // acts[i]
        if i >= first_trainable {
            floats = add(floats, out, "activations")?; // grads[i]
        }
        floats = add(
            floats,
            scratch(l, rows, i > first_trainable)?,
            "activations",
        )?;
    }
    let classes = info.last().map(|l| l.output.len()).unwrap_or(0);
    floats = add(floats, mul(rows, classes, "activations")?, "activations")?; // probs
    let activations = mul(floats, 4, "activations")?;
    // Weights, gradients, Adam's two moments, the last-good copy.
    let total = add(activations, mul(pbytes, 5, "bytes")?, "bytes")?;
    Ok(Cost {
        params,
        macs,
        rows,
        weights: pbytes,
        grads: pbytes,
        optimizer: 2 * pbytes,
        last_good: pbytes,
        activations,
        total,
    })
}

/// A layer's own buffers for `rows` images, in 4-byte units.
fn scratch(l: &LayerInfo, rows: usize, need_dinput: bool) -> Result<usize, BudgetError> {
    let over = BudgetError::Overflow("activations");
    Ok(match l.spec {
        LayerSpec::Conv {
            filters, kernel, ..
        } => {
            // As `Conv2d::reserve`: col, mat (only for chunks of several
            // images) and dcol, each sized for at most one chunk of images.
            let q = l.output.h * l.output.w;
            let ckk = l.input.c * kernel * kernel;
            let per_image = ckk.checked_mul(q).ok_or(over.clone())?;
            let chunk = (CHUNK_FLOATS / per_image.max(1)).max(1);
            let cq = rows.min(chunk) * q;
            let col = ckk.checked_mul(cq).ok_or(over.clone())?;
            let mat = if chunk > 1 { filters * cq } else { 0 };
            let dcol = if need_dinput { col } else { 0 };
            col.checked_add(mat)
                .and_then(|s| s.checked_add(dcol))
                .ok_or(over)?
        }
        LayerSpec::MaxPool { .. } | LayerSpec::GlobalMaxPool => {
            rows.checked_mul(l.output.len()).ok_or(over)?
        }
        _ => 0,
    })
}

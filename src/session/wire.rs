//! The bytes that travel between the page and its training workers.
//!
//! Every message is one `Vec<u8>` (sent as a transferable `ArrayBuffer`, so
//! nothing is copied on the way): a tag byte, then fixed little-endian
//! fields. Numbers keep their exact bits, so a run split across workers is
//! the same run wherever it is decoded.
//!
//! | tag | message |
//! |---|---|
//! | 1..=7, 14 | a [`Command`] (page to training worker) |
//! | 8 | a training set (page to training worker) |
//! | 9 | a [`Report`] (training worker to page) |
//! | 10 | a shard request (training worker to gradient worker) |
//! | 11 | a shard's gradient (gradient worker to training worker) |
//! | 8 | the held-out set (page to evaluation worker) |
//! | 12 | an evaluation request (page to evaluation worker) |
//! | 13 | an evaluation (evaluation worker to page) |

use super::evaluator::{EvalRequest, EvalResult};
use super::remote::{Command, Report};
use crate::core::{
    bytes_to_pixels, f32s_to_le_bytes, le_bytes_to_f32s, pixels_to_bytes, BatchStats, Dataset,
    Evaluation, Hyper, OptimizerKind, Progress, Shape, ShardStats,
};

const DATA: u8 = 8;
const REPORT: u8 = 9;
const SHARD: u8 = 10;
const GRADS: u8 = 11;
const EVAL: u8 = 12;
const EVALUATION: u8 = 13;

/// What a gradient worker computes: one shard of a batch of `total`.
#[derive(Clone, Debug, PartialEq)]
pub struct ShardRequest {
    /// The model's spec text (the worker rebuilds when it changes).
    pub spec: String,
    pub params: Vec<f32>,
    pub images: Vec<f32>,
    pub labels: Vec<u8>,
    pub total: usize,
}

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }
    fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn f32(&mut self, v: f32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn f64(&mut self, v: f64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.u64(v.len() as u64);
        self.0.extend_from_slice(v);
        self
    }
    fn f32s(&mut self, v: &[f32]) -> &mut Self {
        self.u64(v.len() as u64);
        // Sized once, then filled in place: a loop the compiler turns into
        // a copy (a training set is 6 million values, sent as the data
        // arrive; pushing 4 bytes at a time took tens of ms in wasm).
        let start = self.0.len();
        self.0.resize(start + v.len() * 4, 0);
        f32s_to_le_bytes(v, &mut self.0[start..]);
        self
    }
    fn hyper(&mut self, h: &Hyper) -> &mut Self {
        self.f32(h.lr).u64(h.batch_size as u64);
        match h.optimizer {
            OptimizerKind::Sgd { momentum } => self.u8(0).f32(momentum).f32(0.0).f32(0.0),
            OptimizerKind::Adam { beta1, beta2, eps } => self.u8(1).f32(beta1).f32(beta2).f32(eps),
        };
        self.u64(h.augment_shift as u64).f32(h.weight_decay)
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.0.len() < n {
            return Err("a message from a worker is cut short".into());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn len(&mut self, size: usize) -> Result<usize, String> {
        let n = self.u64()? as usize;
        if n.saturating_mul(size) > self.0.len() {
            return Err("a message from a worker is cut short".into());
        }
        Ok(n)
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn bytes(&mut self) -> Result<Vec<u8>, String> {
        let n = self.len(1)?;
        Ok(self.take(n)?.to_vec())
    }
    fn f32s(&mut self) -> Result<Vec<f32>, String> {
        let n = self.len(4)?;
        let raw = self.take(n * 4)?;
        let mut out = vec![0f32; n];
        le_bytes_to_f32s(raw, &mut out);
        Ok(out)
    }
    fn hyper(&mut self) -> Result<Hyper, String> {
        let lr = self.f32()?;
        let batch_size = self.u64()? as usize;
        let kind = self.u8()?;
        let (a, b, c) = (self.f32()?, self.f32()?, self.f32()?);
        let optimizer = match kind {
            0 => OptimizerKind::Sgd { momentum: a },
            _ => OptimizerKind::Adam {
                beta1: a,
                beta2: b,
                eps: c,
            },
        };
        let augment_shift = self.u64()? as usize;
        let weight_decay = self.f32()?;
        Ok(Hyper {
            lr,
            batch_size,
            optimizer,
            augment_shift,
            weight_decay,
        })
    }
}

/// The tag byte of a message (0 for an empty one).
pub fn tag(bytes: &[u8]) -> u8 {
    bytes.first().copied().unwrap_or(0)
}

pub fn encode_command(c: &Command) -> Vec<u8> {
    let mut w = Writer::default();
    match c {
        Command::Data => w.u8(1),
        Command::Model {
            gen,
            weights,
            seed,
            hyper,
        } => w.u8(2).u64(*gen).bytes(weights).u64(*seed).hyper(hyper),
        Command::Hyper(h) => w.u8(3).hyper(h),
        Command::Run => w.u8(4),
        Command::Stop => w.u8(5),
        Command::Step => w.u8(6),
        Command::Workers(n) => w.u8(7).u64(*n as u64),
        Command::LendCore(lend) => w.u8(14).u8(*lend as u8),
    };
    w.0
}

pub fn decode_command(bytes: &[u8]) -> Result<Command, String> {
    let mut r = Reader(bytes);
    Ok(match r.u8()? {
        1 => Command::Data,
        2 => Command::Model {
            gen: r.u64()?,
            weights: r.bytes()?,
            seed: r.u64()?,
            hyper: r.hyper()?,
        },
        3 => Command::Hyper(r.hyper()?),
        4 => Command::Run,
        5 => Command::Stop,
        6 => Command::Step,
        7 => Command::Workers(r.u64()? as usize),
        14 => Command::LendCore(match r.u8()? {
            0 => false,
            1 => true,
            b => return Err(format!("a core lent or not, not {b}")),
        }),
        t => return Err(format!("unknown command {t}")),
    })
}

/// How a set's pixels travel: as bytes when every value is one a byte
/// gives (`b / 255`, as every IDX file's are), a quarter of the size of
/// the values themselves, else as `f32`.
const PIXELS_AS_BYTES: u8 = 1;
const PIXELS_AS_F32: u8 = 0;

/// Appends `images` to `out` as bytes `b` with `core::pixel(b)` bit for bit
/// the value; false, with some written, at the first block holding a value
/// that is not one. The page sends every set it loads to the workers through
/// this, on the main thread, so it runs in blocks (`core::pixels_to_bytes`).
fn push_pixel_bytes(images: &[f32], out: &mut Vec<u8>) -> bool {
    const BLOCK: usize = 4096;
    let start = out.len();
    out.resize(start + images.len(), 0);
    images
        .chunks(BLOCK)
        .zip(out[start..].chunks_mut(BLOCK))
        .all(|(block, bytes)| pixels_to_bytes(block, bytes))
}

pub fn encode_data(d: &Dataset) -> Vec<u8> {
    let mut w = Writer::default();
    let s = d.shape;
    w.u8(DATA).u64(s.c as u64).u64(s.h as u64).u64(s.w as u64);
    w.bytes(&d.labels);
    // Bytes written straight into the message (the layout of `Writer::bytes`),
    // or, at the first value no byte gives, taken back and sent as f32.
    let mark = w.0.len();
    w.u8(PIXELS_AS_BYTES).u64(d.images.len() as u64);
    if !push_pixel_bytes(&d.images, &mut w.0) {
        w.0.truncate(mark);
        w.u8(PIXELS_AS_F32).f32s(&d.images);
    }
    w.0
}

pub fn decode_data(bytes: &[u8]) -> Result<Dataset, String> {
    let mut r = Reader(bytes);
    if r.u8()? != DATA {
        return Err("not a set of images".into());
    }
    let (c, h, w) = (r.u64()? as usize, r.u64()? as usize, r.u64()? as usize);
    let labels = r.bytes()?;
    let images = match r.u8()? {
        PIXELS_AS_BYTES => bytes_to_pixels(&r.bytes()?),
        PIXELS_AS_F32 => r.f32s()?,
        k => return Err(format!("unknown pixel encoding {k}")),
    };
    let pixels = c.checked_mul(h).and_then(|ch| ch.checked_mul(w));
    if pixels.and_then(|p| p.checked_mul(labels.len())) != Some(images.len()) {
        return Err("the training set's images and labels disagree".into());
    }
    Ok(Dataset {
        shape: Shape::new(c, h, w),
        images,
        labels,
    })
}

pub fn encode_report(rep: &Report) -> Vec<u8> {
    let mut w = Writer::default();
    let p = rep.progress;
    w.u8(REPORT).u64(rep.gen);
    w.u64(p.epoch as u64)
        .u64(p.position as u64)
        .u64(p.images_seen)
        .u64(p.steps);
    w.f32(rep.diverged.unwrap_or(f32::NAN))
        .u8(rep.eval as u8)
        .u8(rep.idle as u8)
        .f64(rep.core_ips);
    w.u64(rep.batches.len() as u64);
    for b in &rep.batches {
        w.f32(b.loss).u64(b.correct as u64).u64(b.batch as u64);
    }
    w.f32s(&rep.params);
    w.0
}

pub fn decode_report(bytes: &[u8]) -> Result<Report, String> {
    let mut r = Reader(bytes);
    if r.u8()? != REPORT {
        return Err("not a report".into());
    }
    let gen = r.u64()?;
    let progress = Progress {
        epoch: r.u64()? as usize,
        position: r.u64()? as usize,
        images_seen: r.u64()?,
        steps: r.u64()?,
    };
    let d = r.f32()?;
    let eval = r.u8()? != 0;
    let idle = r.u8()? != 0;
    let core_ips = r.f64()?;
    let n = r.len(20)?;
    let mut batches = Vec::with_capacity(n);
    for _ in 0..n {
        batches.push(BatchStats {
            loss: r.f32()?,
            correct: r.u64()? as usize,
            batch: r.u64()? as usize,
        });
    }
    Ok(Report {
        gen,
        params: r.f32s()?,
        progress,
        batches,
        diverged: (!d.is_nan()).then_some(d),
        eval,
        core_ips,
        idle,
    })
}

pub fn encode_shard(q: &ShardRequest) -> Vec<u8> {
    let mut w = Writer::default();
    w.u8(SHARD).bytes(q.spec.as_bytes()).f32s(&q.params);
    w.bytes(&q.labels).f32s(&q.images).u64(q.total as u64);
    w.0
}

pub fn decode_shard(bytes: &[u8]) -> Result<ShardRequest, String> {
    let mut r = Reader(bytes);
    if r.u8()? != SHARD {
        return Err("not a shard request".into());
    }
    let spec = String::from_utf8(r.bytes()?).map_err(|_| "a spec that is not text")?;
    Ok(ShardRequest {
        spec,
        params: r.f32s()?,
        labels: r.bytes()?,
        images: r.f32s()?,
        total: r.u64()? as usize,
    })
}

pub fn encode_grads(grads: &[f32], s: &ShardStats) -> Vec<u8> {
    let mut w = Writer::default();
    w.u8(GRADS)
        .f64(s.loss)
        .u64(s.correct as u64)
        .u64(s.images as u64);
    w.f32s(grads);
    w.0
}

pub fn decode_grads(bytes: &[u8]) -> Result<(Vec<f32>, ShardStats), String> {
    let mut r = Reader(bytes);
    if r.u8()? != GRADS {
        return Err("not a shard's gradient".into());
    }
    let stats = ShardStats {
        loss: r.f64()?,
        correct: r.u64()? as usize,
        images: r.u64()? as usize,
    };
    Ok((r.f32s()?, stats))
}

pub fn encode_eval_request(q: &EvalRequest) -> Vec<u8> {
    let mut w = Writer::default();
    w.u8(EVAL).u64(q.id).u64(q.images_seen);
    w.bytes(q.spec.as_bytes()).f32s(&q.params);
    w.0
}

pub fn decode_eval_request(bytes: &[u8]) -> Result<EvalRequest, String> {
    let mut r = Reader(bytes);
    if r.u8()? != EVAL {
        return Err("not an evaluation request".into());
    }
    let (id, images_seen) = (r.u64()?, r.u64()?);
    let spec = String::from_utf8(r.bytes()?).map_err(|_| "a spec that is not text")?;
    Ok(EvalRequest {
        id,
        images_seen,
        spec,
        params: r.f32s()?,
    })
}

/// The confusion matrix row by row, then each image's guess and its
/// probabilities (all images have as many as there are classes).
pub fn encode_eval_result(res: &EvalResult) -> Vec<u8> {
    let mut w = Writer::default();
    let e = &res.evaluation;
    w.u8(EVALUATION).u64(res.id).u64(res.images_seen);
    w.f32(e.loss).f32(e.accuracy).u64(e.confusion.len() as u64);
    for row in &e.confusion {
        for &c in row {
            w.u64(c as u64);
        }
    }
    w.u64(e.predictions.len() as u64);
    for (guess, probs) in &e.predictions {
        w.u64(*guess as u64);
        for &p in probs {
            w.f32(p);
        }
    }
    w.0
}

pub fn decode_eval_result(bytes: &[u8]) -> Result<EvalResult, String> {
    let mut r = Reader(bytes);
    if r.u8()? != EVALUATION {
        return Err("not an evaluation".into());
    }
    let (id, images_seen) = (r.u64()?, r.u64()?);
    let (loss, accuracy) = (r.f32()?, r.f32()?);
    let k = r.len(8)?;
    if k.checked_mul(k)
        .is_none_or(|kk| kk.saturating_mul(8) > r.0.len())
    {
        return Err("a message from a worker is cut short".into());
    }
    let mut confusion = vec![vec![0u32; k]; k];
    for row in confusion.iter_mut() {
        for c in row.iter_mut() {
            *c = r.u64()? as u32;
        }
    }
    let n = r.len(8 + 4 * k)?;
    let mut predictions = Vec::with_capacity(n);
    for _ in 0..n {
        let guess = r.u64()? as usize;
        let probs = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
        predictions.push((guess, probs));
    }
    Ok(EvalResult {
        id,
        images_seen,
        evaluation: Evaluation {
            loss,
            accuracy,
            confusion,
            predictions,
        },
    })
}

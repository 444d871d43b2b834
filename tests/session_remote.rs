//! Training in workers, natively: the page's session, a training worker,
//! gradient workers and the evaluation worker exchange the same bytes as in
//! the browser (`session::wire`), here in one thread.

mod common;
use common::halves::{halves, halves_spec};

use cnn_playground::core::{Hyper, ModelSpec};
use cnn_playground::session::evaluator::{EvalCommand, EvalWorker};
use cnn_playground::session::remote::{
    default_workers, eval_gap_ms, lends_a_core, Command, EVAL_SHARE,
};
use cnn_playground::session::wire::{self, ShardRequest};
use cnn_playground::session::worker::{GradientWorker, TrainingWorker};
use cnn_playground::session::{next_eval_mark, Action, Session, Status};

/// Where the rig's held-out evaluations fall in `steps` steps of 8 images,
/// each answered before the next step: 0 (the fresh weights), then the
/// step that reaches each mark.
fn expected_marks(steps: u64) -> Vec<u64> {
    let mut marks = vec![0];
    let mut next = next_eval_mark(0);
    for seen in (1..=steps).map(|s| s * 8) {
        if seen >= next {
            marks.push(seen);
            next = next_eval_mark(seen);
        }
    }
    marks
}

#[test]
fn held_out_evaluations_come_often_while_the_curve_climbs_and_thin_out_after() {
    let mut marks = vec![];
    let mut at = 0;
    while at < 50_000 {
        at = next_eval_mark(at);
        marks.push(at);
    }
    // Every 500 to 4,000; then the spacing doubles as the count does.
    let mut want: Vec<u64> = (1..=8).map(|k| k * 500).collect();
    want.extend([5_000, 6_000, 7_000, 8_000]);
    want.extend([10_000, 12_000, 14_000, 16_000]);
    want.extend([20_000, 24_000, 28_000, 32_000]);
    want.extend([40_000, 48_000, 56_000]);
    assert_eq!(marks, want);
    // From anywhere between marks, the next one on the same grid.
    assert_eq!(next_eval_mark(504), 1_000);
    assert_eq!(next_eval_mark(3_999), 4_000);
    assert_eq!(next_eval_mark(8_000), 10_000);
    assert_eq!(next_eval_mark(16_032), 20_000);
    assert_eq!(next_eval_mark(100_001), 104_000);
    // Past 16,000 images, marks are at least 4,000 apart: the forward passes
    // of the bundled held-out set (2,000 images, each about a third of a
    // training image's work) cost at most a sixth of the training between.
    for seen in [16_000u64, 20_001, 31_999, 32_000, 99_999] {
        let mark = next_eval_mark(seen);
        let spacing = next_eval_mark(mark) - mark;
        assert!(spacing >= 4_000, "after {seen}: marks {spacing} apart");
    }
}

/// The page, one training worker and its gradient workers.
struct Rig {
    page: Session,
    worker: TrainingWorker,
    helpers: Vec<GradientWorker>,
    reports: usize,
    /// The evaluation worker, when the page uses one.
    evaluator: Option<EvalWorker>,
    /// Leaves the evaluation worker's requests unanswered for now.
    hold_evals: bool,
    /// Shards computed by gradient workers so far.
    remote_shards: usize,
}

impl Rig {
    fn new(workers: usize) -> Rig {
        Rig::with(workers, false)
    }

    /// With `evaluator`, the page hands held-out evaluations to an
    /// evaluation worker (from before the data loads).
    fn with(workers: usize, evaluator: bool) -> Rig {
        Rig::on(workers + 1, workers, evaluator)
    }

    /// On a browser that reports `cores` cores.
    fn on(cores: usize, workers: usize, evaluator: bool) -> Rig {
        let hyper = Hyper {
            lr: 0.05,
            batch_size: 8,
            ..Hyper::default()
        };
        let mut page = Session::new(halves_spec(4), hyper, 3).unwrap();
        page.use_workers(cores);
        page.apply(Action::SetWorkers(workers));
        if evaluator {
            page.use_eval_worker();
        }
        page.apply(Action::DataLoaded {
            train: halves(64),
            test: halves(40),
            source: "synthetic halves".into(),
        });
        let mut rig = Rig {
            page,
            worker: TrainingWorker::new(),
            helpers: Vec::new(),
            reports: 0,
            evaluator: evaluator.then(EvalWorker::default),
            hold_evals: false,
            remote_shards: 0,
        };
        rig.deliver();
        rig
    }

    /// Sends the page's queued commands to the training worker, as bytes.
    fn deliver(&mut self) {
        for c in self.page.take_commands() {
            if c == Command::Data {
                let bytes = wire::encode_data(self.page.train.as_ref().unwrap());
                self.worker.set_data(wire::decode_data(&bytes).unwrap());
                continue;
            }
            let c = wire::decode_command(&wire::encode_command(&c)).unwrap();
            self.worker.apply(c).unwrap();
        }
        for c in self.page.take_eval_commands() {
            let e = self.evaluator.as_mut().expect("an evaluation worker");
            match c {
                EvalCommand::Test => {
                    let bytes = wire::encode_data(self.page.test.as_ref().unwrap());
                    e.set_test(wire::decode_data(&bytes).unwrap());
                }
                EvalCommand::Evaluate(q) => {
                    let bytes = wire::encode_eval_request(&q);
                    e.ask(wire::decode_eval_request(&bytes).unwrap());
                }
            }
        }
    }

    /// The evaluation worker answers the request it holds (as bytes).
    fn answer_evals(&mut self) {
        self.deliver();
        let Some(e) = self.evaluator.as_mut() else {
            return;
        };
        if let Some(r) = e.work() {
            let bytes = wire::encode_eval_result(&r.unwrap());
            self.page
                .receive_eval(wire::decode_eval_result(&bytes).unwrap());
        }
    }

    /// One step of the training worker, with shards through gradient workers.
    fn step(&mut self) -> bool {
        if !self.worker.wants_to_train() {
            return false;
        }
        let Some(_) = self.worker.open() else {
            return true;
        };
        let w = self.worker.workers();
        while self.helpers.len() < w {
            self.helpers.push(GradientWorker::default());
        }
        let mut replies = Vec::new();
        for k in self.worker.remote_shards() {
            let Some(q) = self.worker.shard_request(k) else {
                continue;
            };
            let q: ShardRequest = wire::decode_shard(&wire::encode_shard(&q)).unwrap();
            let (g, s) = self.helpers[k].compute(&q).unwrap();
            replies.push(wire::encode_grads(g, &s));
            self.remote_shards += 1;
        }
        self.worker.train_first();
        self.worker.train_lent().unwrap();
        for r in replies {
            let (g, s) = wire::decode_grads(&r).unwrap();
            self.worker.add_shard(&g, s).unwrap();
        }
        true
    }

    /// Reports what the worker did to the page (as bytes).
    fn report(&mut self) {
        if let Some(r) = self.worker.report() {
            let r = wire::decode_report(&wire::encode_report(&r)).unwrap();
            self.page.receive(r);
            self.reports += 1;
        }
    }

    /// Trains `steps` steps with a report every `every` steps and whenever urgent.
    fn run(&mut self, steps: usize, every: usize) {
        for i in 0..steps {
            self.deliver();
            if !self.step() {
                break;
            }
            if self.worker.report_urgent() || (i + 1) % every == 0 {
                self.report();
            }
            self.finish_evals();
        }
        self.deliver();
        // The worker stops until the next command: it always reports then.
        self.report();
        self.finish_evals();
    }

    fn finish_evals(&mut self) {
        if !self.hold_evals {
            self.answer_evals();
        }
        let mut t = 0.0;
        let mut clock = move || {
            t += 1.0;
            t
        };
        while self.page.needs_slices() {
            self.page.tick(1e9, &mut clock);
        }
    }
}

#[test]
fn defaults_leave_a_core_for_the_page() {
    assert_eq!(default_workers(0), 1);
    assert_eq!(default_workers(1), 1);
    assert_eq!(default_workers(2), 1);
    assert_eq!(default_workers(4), 3);
    assert_eq!(default_workers(64), 8);
}

#[test]
fn the_page_follows_training_in_workers() {
    let mut rig = Rig::new(2);
    assert_eq!(rig.page.workers_in_use(), 2);
    rig.page.apply(Action::Toggle);
    assert_eq!(rig.page.status, Status::Training);
    assert!(!rig.page.needs_slices() || rig.page.eval.is_none());
    rig.run(520, 7);
    let seen = rig.page.images_seen();
    assert_eq!(seen, 520 * 8);
    assert_eq!(rig.page.trainer.epoch(), 520 * 8 / 64);
    // Held-out evaluations at 0 and at each mark, on the weights of the
    // step that reached it.
    let marks: Vec<u64> = rig
        .page
        .history
        .test
        .iter()
        .map(|t| t.images_seen)
        .collect();
    assert_eq!(marks, expected_marks(520), "{marks:?}");
    let acc = rig.page.history.test_accuracy().unwrap();
    assert!(acc > 0.9, "held-out accuracy {acc}");
    assert!(!rig.page.history.points.is_empty());
    assert!(
        rig.page.core_images_per_second() == 0.0,
        "no clock here, no speed"
    );
}

#[test]
fn a_fixed_worker_count_and_seed_give_the_same_run_bit_for_bit() {
    let run = |w: usize, every: usize| {
        let mut rig = Rig::new(w);
        rig.page.apply(Action::Toggle);
        rig.run(40, every);
        (rig.page.model().params_flat(), rig.page.history.clone())
    };
    let (a, ha) = run(2, 3);
    let (b, hb) = run(2, 5);
    assert_eq!(a, b, "how often reports go does not change the run");
    assert_eq!(ha.points, hb.points);
    let (one, _) = run(1, 3);
    let scale = one.iter().fold(0f32, |m, v| m.max(v.abs()));
    let diff = a
        .iter()
        .zip(&one)
        .fold(0f32, |m, (x, y)| m.max((x - y).abs()));
    assert!(
        diff / scale < 1e-3,
        "1 vs 2 workers differ by rounding only: {diff}"
    );
}

#[test]
fn pausing_stops_the_count() {
    let mut rig = Rig::new(1);
    rig.page.apply(Action::Toggle);
    rig.run(5, 1);
    rig.page.apply(Action::Toggle);
    // A step the worker trained before it saw the pause still counts;
    // "paused" shows once the worker says it stopped.
    rig.step();
    assert_eq!(rig.page.status, Status::Training);
    assert!(rig.page.pausing());
    rig.run(50, 1);
    assert_eq!(rig.page.status, Status::Paused);
    assert!(!rig.page.pausing());
    assert_eq!(rig.page.images_seen(), 48);
    rig.run(50, 1);
    assert_eq!(rig.page.images_seen(), 48, "nothing more after the pause");
    assert!(!rig.worker.wants_to_train());
    rig.page.apply(Action::Step);
    rig.run(50, 1);
    assert_eq!(rig.page.images_seen(), 56, "a step trains one batch");
}

#[test]
fn a_new_architecture_while_training_restarts_on_a_new_generation() {
    let mut rig = Rig::new(2);
    rig.page.apply(Action::Toggle);
    rig.run(4, 10);
    // A step trained with the old model, not yet reported.
    rig.step();
    let stale = rig.worker.report().unwrap();
    rig.page.apply(Action::ProposeSpec(halves_spec(6)));
    rig.page.apply(Action::ConfirmSpec);
    assert_eq!(rig.page.status, Status::Training, "restarted");
    assert_eq!(rig.page.images_seen(), 0);
    rig.page.receive(stale);
    assert_eq!(
        rig.page.images_seen(),
        0,
        "a report of the old model is dropped"
    );
    assert_eq!(rig.page.spec(), &halves_spec(6));
    rig.run(3, 1);
    assert_eq!(rig.page.images_seen(), 24);
    assert_eq!(rig.page.model().spec(), &halves_spec(6));
}

#[test]
fn without_workers_training_goes_on_in_the_page() {
    let mut rig = Rig::new(1);
    rig.page.apply(Action::Toggle);
    rig.run(3, 1);
    rig.page.drop_workers();
    assert_eq!(rig.page.workers_in_use(), 0);
    let mut t = 0.0;
    let mut clock = move || {
        t += 1.0;
        t
    };
    for _ in 0..20 {
        rig.page.tick(50.0, &mut clock);
    }
    assert!(rig.page.images_seen() > 24);
    assert!(rig.page.core_images_per_second() > 0.0);
    // A worker that stops answering: the pause still happens.
    let mut rig = Rig::new(1);
    rig.page.apply(Action::Toggle);
    rig.run(2, 1);
    rig.page.apply(Action::Toggle);
    let mut t = 0.0;
    let mut clock = move || {
        t += 1.0;
        t
    };
    for _ in 0..50 {
        rig.page.tick(5.0, &mut clock);
    }
    assert_eq!(rig.page.status, Status::Paused);
}

#[test]
fn messages_survive_the_trip_and_cut_ones_are_refused() {
    let h = Hyper {
        optimizer: cnn_playground::core::OptimizerKind::Sgd { momentum: 0.0 },
        ..Hyper::default()
    };
    for c in [
        Command::Data,
        Command::Run,
        Command::Stop,
        Command::Step,
        Command::Workers(3),
        Command::Hyper(h),
        Command::Model {
            gen: 4,
            weights: vec![1, 2, 3],
            seed: 9,
            hyper: Hyper::default(),
        },
    ] {
        let bytes = wire::encode_command(&c);
        assert_eq!(wire::decode_command(&bytes).unwrap(), c);
    }
    let mut rig = Rig::new(1);
    rig.page.apply(Action::Toggle);
    rig.deliver();
    rig.step();
    let r = rig.worker.report().unwrap();
    let bytes = wire::encode_report(&r);
    assert_eq!(wire::decode_report(&bytes).unwrap(), r);
    for cut in [0, 1, 20, bytes.len() - 1] {
        assert!(wire::decode_report(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let data = wire::encode_data(&halves(3));
    assert_eq!(wire::decode_data(&data).unwrap(), halves(3));
    assert!(wire::decode_data(&data[..data.len() - 2]).is_err());
    assert!(wire::decode_grads(&data).is_err(), "tags are checked");
}

#[test]
fn a_set_read_from_idx_travels_as_bytes_and_arrives_bit_for_bit() {
    use cnn_playground::core::{Dataset, Shape};
    // Every byte value, as the IDX reader turns it into a pixel.
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4 * 64).collect();
    let idx = Dataset {
        shape: Shape::new(1, 8, 8),
        images: bytes.iter().map(|&b| b as f32 / 255.0).collect(),
        labels: vec![1, 2, 3, 4],
    };
    let sent = wire::encode_data(&idx);
    assert!(
        sent.len() < 64 * 4 + 64,
        "one byte a pixel: {} bytes",
        sent.len()
    );
    let back = wire::decode_data(&sent).unwrap();
    let bits = |d: &Dataset| d.images.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&back), bits(&idx));
    assert_eq!(back, idx);
    assert!(wire::decode_data(&sent[..sent.len() - 1]).is_err());

    // One value no byte gives (a drawn digit's, say, or -0.0, or NaN): the
    // whole set goes as f32, and arrives bit for bit all the same.
    // Neighbours of pixels a byte gives, one ulp away, fail too: the fast
    // path checks every value against the pixel of its byte.
    let next =
        |x: f32, up: bool| f32::from_bits(if up { x.to_bits() + 1 } else { x.to_bits() - 1 });
    let odds = [
        0.3f32,
        -0.0,
        1.5,
        f32::NAN,
        f32::INFINITY,
        -1.0 / 255.0,
        256.0 / 255.0,
        0.5 / 255.0,
        next(1.0, true),
        next(1.0, false),
        next(128.0 / 255.0, true),
        next(128.0 / 255.0, false),
        next(1.0 / 255.0, false),
    ];
    for odd in odds {
        let mut d = idx.clone();
        d.images[77] = odd;
        let sent = wire::encode_data(&d);
        assert!(
            sent.len() > 4 * 64 * 4,
            "f32 for {odd}: {} bytes",
            sent.len()
        );
        assert_eq!(bits(&wire::decode_data(&sent).unwrap()), bits(&d), "{odd}");
    }

    // The values are checked in blocks: one odd value in a later block
    // sends the whole set as f32 all the same.
    let many: Vec<u8> = (0..=255u8).cycle().take(100 * 64).collect();
    let mut big = Dataset {
        shape: Shape::new(1, 8, 8),
        images: many.iter().map(|&b| b as f32 / 255.0).collect(),
        labels: vec![7; 100],
    };
    let sent = wire::encode_data(&big);
    assert!(
        sent.len() < 100 * 64 + 200,
        "one byte a pixel: {} bytes",
        sent.len()
    );
    assert_eq!(bits(&wire::decode_data(&sent).unwrap()), bits(&big));
    big.images[100 * 64 - 1] = next(1.0, false);
    let sent = wire::encode_data(&big);
    assert!(sent.len() > 100 * 64 * 4, "f32: {} bytes", sent.len());
    assert_eq!(bits(&wire::decode_data(&sent).unwrap()), bits(&big));
}

#[test]
fn every_report_of_steps_bumps_the_weights_generation() {
    let mut rig = Rig::new(2);
    rig.page.apply(Action::Toggle);
    let before = rig.page.weights_generation;
    // Six steps reported two at a time: three reports carry steps (the
    // last, after the run, carries none).
    rig.run(6, 2);
    let after = rig.page.weights_generation;
    assert_eq!(after, before + 3, "{} reports", rig.reports);
}

#[test]
fn a_blow_up_in_the_worker_restores_the_last_good_weights_and_says_so() {
    let mut rig = Rig::new(2);
    rig.page.apply(Action::Toggle);
    rig.run(3, 1);
    let hyper = Hyper {
        lr: 1e30,
        optimizer: cnn_playground::core::OptimizerKind::ADAM,
        ..rig.page.hyper()
    };
    rig.page.apply(Action::SetHyper(hyper));
    let generation = rig.page.weights_generation;
    rig.run(5, 1);
    assert!(
        matches!(rig.page.status, Status::Diverged { .. }),
        "{:?}",
        rig.page.status
    );
    let notice = rig.page.notice.clone().expect("a message");
    assert!(notice.error);
    assert!(
        notice.text.contains("The last good weights are restored"),
        "{}",
        notice.text
    );
    let params = rig.page.model().params_flat();
    assert!(
        params.iter().all(|p| p.is_finite()),
        "only finite weights are shown"
    );
    assert!(rig.page.weights_generation > generation);
    assert_eq!(
        rig.page.images_seen(),
        24,
        "the diverged step is not counted"
    );
    assert!(!rig.worker.wants_to_train(), "the worker stops too");
}

#[test]
fn a_report_with_weights_that_are_not_finite_is_never_shown() {
    let mut rig = Rig::new(1);
    rig.page.apply(Action::Toggle);
    rig.run(2, 1);
    rig.step();
    let mut r = rig.worker.report().unwrap();
    r.params[0] = f32::NAN;
    let (before, generation) = (rig.page.model().params_flat(), rig.page.weights_generation);
    rig.page.receive(r);
    assert_eq!(rig.page.model().params_flat(), before);
    assert_eq!(rig.page.weights_generation, generation);
}

#[test]
fn workers_refuse_sizes_over_the_budget() {
    let mut w = TrainingWorker::new();
    let model = cnn_playground::core::Model::new(
        &ModelSpec::default_cnn(),
        &mut cnn_playground::core::Rng::new(1),
    )
    .unwrap();
    let huge = Hyper {
        batch_size: 100_000,
        ..Hyper::default()
    };
    let e = w
        .apply(Command::Model {
            gen: 1,
            weights: model.to_bytes(),
            seed: 1,
            hyper: huge,
        })
        .unwrap_err();
    assert!(
        e.contains("memory") || e.contains("bytes") || e.contains("MB") || e.contains("GB"),
        "{e}"
    );
    assert!(!w.wants_to_train());
    w.apply(Command::Model {
        gen: 2,
        weights: model.to_bytes(),
        seed: 1,
        hyper: Hyper::default(),
    })
    .unwrap();
    assert!(w.apply(Command::Hyper(huge)).is_err());

    let mut g = GradientWorker::default();
    let q = ShardRequest {
        spec: ModelSpec::default_cnn().to_string(),
        params: model.params_flat(),
        images: vec![0.0; 784],
        labels: vec![1],
        total: 100_000,
    };
    let e = g.compute(&q).unwrap_err();
    assert!(e.contains("does not fit"), "{e}");
    let q = ShardRequest { total: 1, ..q };
    assert!(g.compute(&q).is_ok());

    // A training set whose shape overflows is refused, not wrapped.
    let mut bytes = wire::encode_data(&halves(1));
    bytes[1..9].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(wire::decode_data(&bytes).is_err());
}

#[test]
fn a_report_with_no_step_changes_nothing_shown() {
    let mut rig = Rig::new(1);
    rig.page.apply(Action::Reset);
    rig.deliver();
    let (version, generation) = (rig.page.weights_version, rig.page.weights_generation);
    // The worker took the new model and stops: it reports, with no step.
    rig.report();
    assert!(rig.reports > 0);
    assert_eq!(
        rig.page.weights_version, version,
        "fresh weights are not trained ones"
    );
    assert!(!rig.page.has_trained_weights());
    assert_eq!(rig.page.weights_generation, generation);
}

/// The held-out marks of the page's curve and its accuracies.
fn marks(s: &Session) -> Vec<(u64, f32)> {
    s.history
        .test
        .iter()
        .map(|t| (t.images_seen, t.accuracy))
        .collect()
}

#[test]
fn held_out_evaluations_run_in_the_evaluation_worker_with_the_same_results() {
    let run = |evaluator: bool| {
        let mut rig = Rig::with(2, evaluator);
        rig.page.apply(Action::Toggle);
        let mut page_slices = 0;
        for _ in 0..520 {
            rig.deliver();
            rig.step();
            rig.report();
            page_slices += rig.page.needs_slices() as usize;
            rig.finish_evals();
        }
        (rig, page_slices)
    };
    let (page, slices) = run(false);
    assert_eq!(
        slices,
        expected_marks(520).len(),
        "without the worker the page evaluates: the fresh weights and each mark"
    );
    let (rig, slices) = run(true);
    assert_eq!(slices, 0, "the page never evaluates itself");
    let (a, b) = (marks(&page.page), marks(&rig.page));
    assert_eq!(
        b.iter().map(|m| m.0).collect::<Vec<_>>(),
        expected_marks(520)
    );
    assert_eq!(a, b, "the same points, the same accuracies");
    let (ea, eb) = (
        page.page.eval.clone().unwrap(),
        rig.page.eval.clone().unwrap(),
    );
    assert_eq!(ea.confusion, eb.confusion);
    assert_eq!(ea.predictions.len(), 40);
    assert_eq!(
        ea.predictions.iter().map(|p| p.0).collect::<Vec<_>>(),
        eb.predictions.iter().map(|p| p.0).collect::<Vec<_>>()
    );
    assert!(
        (ea.loss - eb.loss).abs() < 1e-5,
        "{} vs {}",
        ea.loss,
        eb.loss
    );
    assert_eq!(page.page.eval_version, rig.page.eval_version);
    assert!(!rig.page.evaluating());
}

#[test]
fn an_evaluation_that_comes_due_while_one_runs_waits_for_it() {
    let mut rig = Rig::with(1, true);
    rig.answer_evals();
    rig.page.apply(Action::Toggle);
    rig.hold_evals = true;
    // Past two marks while the worker has not answered the first.
    let (first, second) = (expected_marks(200)[1], expected_marks(200)[2]);
    rig.run(second as usize / 8 + 3, 4);
    assert!(rig.page.evaluating() && rig.page.busy());
    assert!(!rig.page.needs_slices(), "nothing for the page's slices");
    assert_eq!(marks(&rig.page).len(), 1);
    let seen = rig.page.images_seen();
    // The first answer is of the first mark's weights; the one that came
    // due meanwhile is then asked for the weights of this moment.
    rig.answer_evals();
    assert_eq!(marks(&rig.page)[1].0, first);
    assert!(rig.page.evaluating());
    rig.answer_evals();
    let m = marks(&rig.page);
    assert_eq!(
        m.iter().map(|m| m.0).collect::<Vec<_>>(),
        vec![0, first, seen]
    );
    assert!(!rig.page.evaluating());
}

#[test]
fn the_result_of_an_older_model_is_dropped() {
    let mut rig = Rig::with(1, true);
    rig.answer_evals();
    rig.page.apply(Action::Toggle);
    rig.hold_evals = true;
    let first = expected_marks(200)[1];
    rig.run(first as usize / 8, 1);
    // The worker evaluates the trained weights; meanwhile a reset.
    rig.deliver();
    let old = rig.evaluator.as_mut().unwrap().work().unwrap().unwrap();
    assert_eq!(old.images_seen, first);
    rig.page.apply(Action::Reset);
    let version = rig.page.eval_version;
    rig.page.receive_eval(old);
    assert_eq!(rig.page.eval_version, version, "dropped");
    assert!(rig.page.history.test.is_empty());
    assert!(
        rig.page.evaluating(),
        "the fresh weights' evaluation is asked"
    );
    rig.answer_evals();
    assert_eq!(
        marks(&rig.page).iter().map(|m| m.0).collect::<Vec<_>>(),
        vec![0]
    );
    assert!(rig.page.eval.is_some() && rig.page.reached_95.is_none());
}

#[test]
fn a_failed_evaluation_worker_leaves_evaluations_to_the_page_with_no_point_lost_or_doubled() {
    let mut rig = Rig::with(2, true);
    rig.answer_evals();
    rig.page.apply(Action::Toggle);
    rig.hold_evals = true;
    let first = expected_marks(200)[1] / 8;
    rig.run(first as usize, 1);
    assert!(rig.page.evaluating());
    // The worker took the request, then failed; its late answer is ignored.
    rig.deliver();
    let late = rig.evaluator.as_mut().unwrap().work().unwrap().unwrap();
    rig.page.drop_eval_worker();
    rig.evaluator = None;
    assert!(!rig.page.has_eval_worker());
    assert!(
        rig.page.needs_slices(),
        "the page evaluates that point itself"
    );
    rig.hold_evals = false;
    rig.run(500 - first as usize, 1);
    rig.page.receive_eval(late);
    let m = marks(&rig.page);
    assert_eq!(
        m.iter().map(|m| m.0).collect::<Vec<_>>(),
        expected_marks(500),
        "{m:?}"
    );
    assert!(rig.page.reached_95.is_some(), "{m:?}");
}

#[test]
fn evaluation_messages_survive_the_trip_and_cut_ones_are_refused() {
    let mut rig = Rig::with(1, true);
    rig.page.apply(Action::Reset);
    let q = match rig.page.take_eval_commands().pop() {
        Some(EvalCommand::Evaluate(q)) => q,
        other => panic!("{other:?}"),
    };
    let q = wire::decode_eval_request(&wire::encode_eval_request(&q)).unwrap();
    let mut e = EvalWorker::default();
    assert!(e.evaluate(&q).is_err(), "no held-out set yet");
    e.set_test(halves(40));
    let r = e.evaluate(&q).unwrap();
    let bytes = wire::encode_eval_result(&r);
    assert_eq!(wire::decode_eval_result(&bytes).unwrap(), r);
    for cut in [0, 1, 20, 40, bytes.len() - 1] {
        assert!(
            wire::decode_eval_result(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let req = wire::encode_eval_request(&q);
    assert!(wire::decode_eval_request(&req[..req.len() - 1]).is_err());
    assert!(wire::decode_eval_result(&req).is_err(), "tags are checked");
    let wrong = cnn_playground::session::evaluator::EvalRequest {
        params: vec![0.0; 3],
        ..q
    };
    assert!(e.evaluate(&wrong).is_err(), "weights of another network");
}

#[test]
fn only_workers_that_fill_every_core_lend_one_and_only_while_an_evaluation_runs() {
    assert!(lends_a_core(true, 2, 2));
    assert!(lends_a_core(true, 4, 2));
    assert!(lends_a_core(true, 3, 3));
    assert!(!lends_a_core(false, 2, 2), "nothing to lend to");
    assert!(
        !lends_a_core(true, 1, 1),
        "one worker has no shard to take back"
    );
    assert!(!lends_a_core(true, 1, 2));
    assert!(!lends_a_core(true, 2, 4), "a core is free already");
}

#[test]
fn evaluations_that_take_a_core_from_training_take_at_most_a_fifth_of_the_time() {
    assert_eq!(EVAL_SHARE, 0.2);
    // The next may start 4 times the last one's duration after it ended.
    assert_eq!(eval_gap_ms(150.0, 2, 2), 600.0);
    assert_eq!(eval_gap_ms(150.0, 1, 1), 600.0);
    assert_eq!(eval_gap_ms(150.0, 3, 2), 600.0);
    assert_eq!(eval_gap_ms(150.0, 1, 2), 0.0, "a core of its own");
    assert_eq!(eval_gap_ms(150.0, 3, 4), 0.0);
    assert_eq!(eval_gap_ms(-1.0, 2, 2), 0.0);
}

/// Trains (one report a step) until the page asks for an evaluation, and
/// returns the images seen then.
fn train_until_evaluating(rig: &mut Rig) -> u64 {
    for _ in 0..1_000 {
        rig.deliver();
        assert!(rig.step(), "training stopped");
        rig.report();
        if rig.page.evaluating() {
            return rig.page.images_seen();
        }
    }
    panic!("no evaluation came due");
}

/// A tick of the page at `t` ms, with no time to train or evaluate in it.
fn tick_at(rig: &mut Rig, t: f64) {
    rig.page.tick(0.0, &mut || t);
}

/// `workers` on `cores` cores with the evaluation worker, the fresh weights
/// evaluated at 0 ms, training, and the next evaluation held unanswered.
fn training_rig(cores: usize, workers: usize) -> Rig {
    let mut rig = Rig::on(cores, workers, true);
    tick_at(&mut rig, 0.0);
    rig.answer_evals();
    rig.page.apply(Action::Toggle);
    rig.hold_evals = true;
    rig
}

#[test]
fn with_workers_on_every_core_an_evaluation_waits_until_the_last_ones_share_is_spent() {
    let mut rig = training_rig(2, 2);
    tick_at(&mut rig, 1_000.0);
    let first = train_until_evaluating(&mut rig);
    assert_eq!(first, expected_marks(200)[1]);
    // It takes 150 ms: the next may start at 1,150 + 600 ms.
    tick_at(&mut rig, 1_150.0);
    rig.answer_evals();
    assert!(!rig.page.evaluating());
    rig.hold_evals = true;
    // The next mark comes at once, but waits.
    let due = next_eval_mark(first);
    while rig.page.images_seen() < due {
        rig.deliver();
        rig.step();
        rig.report();
    }
    assert!(!rig.page.evaluating(), "too soon after the last");
    tick_at(&mut rig, 1_749.0);
    assert!(!rig.page.evaluating(), "still too soon");
    // Training goes on meanwhile; when the time comes, the evaluation is
    // of the weights of that moment.
    for _ in 0..3 {
        rig.deliver();
        rig.step();
        rig.report();
    }
    let now = rig.page.images_seen();
    assert!(now > due);
    tick_at(&mut rig, 1_750.0);
    assert!(rig.page.evaluating(), "its time came");
    rig.answer_evals();
    assert_eq!(
        marks(&rig.page).iter().map(|m| m.0).collect::<Vec<_>>(),
        vec![0, first, now]
    );

    // A pause runs a waiting evaluation at once: the last point is never
    // held back once training stops.
    tick_at(&mut rig, 10_000.0);
    train_until_evaluating(&mut rig);
    tick_at(&mut rig, 11_000.0);
    rig.answer_evals();
    let due = next_eval_mark(rig.page.images_seen());
    while rig.page.images_seen() < due {
        rig.deliver();
        rig.step();
        rig.report();
    }
    assert!(!rig.page.evaluating());
    rig.page.apply(Action::Toggle);
    rig.deliver();
    rig.report();
    assert_eq!(rig.page.status, Status::Paused);
    tick_at(&mut rig, 11_001.0);
    assert!(rig.page.evaluating(), "paused: evaluated at once");
    rig.answer_evals();
    assert_eq!(marks(&rig.page).last().unwrap().0, rig.page.images_seen());

    // A reset forgets the wait: the fresh weights and the first mark are
    // evaluated as soon as they come.
    rig.page.apply(Action::Reset);
    rig.answer_evals();
    rig.page.apply(Action::Toggle);
    rig.hold_evals = true;
    assert_eq!(train_until_evaluating(&mut rig), expected_marks(200)[1]);
}

#[test]
fn with_a_core_to_spare_evaluations_come_at_every_mark() {
    let mut rig = training_rig(2, 1);
    let first = train_until_evaluating(&mut rig);
    tick_at(&mut rig, 10_000.0);
    rig.answer_evals();
    rig.hold_evals = true;
    assert_eq!(train_until_evaluating(&mut rig), next_eval_mark(first));
}

/// The commands the page queued, without handing them to the worker.
fn lend_commands(rig: &mut Rig) -> Vec<bool> {
    let commands = rig.page.take_commands();
    let lent = commands
        .iter()
        .filter_map(|c| match c {
            Command::LendCore(b) => Some(*b),
            _ => None,
        })
        .collect();
    for c in commands {
        let c = wire::decode_command(&wire::encode_command(&c)).unwrap();
        rig.worker.apply(c).unwrap();
    }
    lent
}

#[test]
fn two_workers_on_two_cores_lend_one_to_each_evaluation_and_take_it_back() {
    let mut rig = Rig::on(2, 2, true);
    assert_eq!(rig.page.workers_in_use(), 2);
    // The evaluation of the fresh weights is in flight from the start, and
    // the worker has the page's first commands.
    assert!(rig.page.evaluating());
    assert_eq!(rig.worker.lent_shard(), Some(1));
    assert_eq!(rig.worker.remote_shards(), 1..1);
    rig.answer_evals();
    assert!(!rig.page.evaluating());
    assert_eq!(lend_commands(&mut rig), vec![false]);
    assert_eq!(rig.worker.lent_shard(), None);
    assert_eq!(rig.worker.remote_shards(), 1..2);
    assert!(lend_commands(&mut rig).is_empty(), "sent once per change");

    // Training while evaluations come and go: a step trained while a core
    // is lent computes both shards in the training worker.
    rig.page.apply(Action::Toggle);
    rig.hold_evals = true;
    let mark = expected_marks(200)[1] as usize / 8;
    for _ in 0..mark {
        rig.deliver();
        rig.step();
        rig.report();
    }
    let remote = rig.remote_shards;
    assert_eq!(
        remote, mark,
        "no evaluation ran: every step used the gradient worker"
    );
    assert!(rig.page.evaluating());
    assert_eq!(lend_commands(&mut rig), vec![true]);
    rig.step();
    assert_eq!(
        rig.remote_shards, remote,
        "the lent step used no gradient worker"
    );
    assert_eq!(
        rig.page.images_seen() + 8,
        rig.worker.report().unwrap().progress.images_seen
    );
}

#[test]
fn lending_a_core_changes_nothing_in_the_run_bit_for_bit() {
    // The same run on 3 workers: lending the last shard's core on some
    // steps (as evaluations come and go), on none, on every one.
    let run = |lend_on: &dyn Fn(usize) -> bool| {
        let mut rig = Rig::on(4, 3, false);
        rig.page.apply(Action::Toggle);
        for i in 0..60 {
            rig.deliver();
            let lend = Command::LendCore(lend_on(i));
            rig.worker.apply(lend).unwrap();
            assert_eq!(rig.worker.lent_shard(), lend_on(i).then_some(2));
            assert!(rig.step());
            rig.report();
            rig.finish_evals();
        }
        rig.deliver();
        rig.report();
        (
            rig.page.model().params_flat(),
            rig.page.history.clone(),
            rig.remote_shards,
        )
    };
    let (never, h0, r0) = run(&|_| false);
    let (some, h1, r1) = run(&|i| i % 7 < 3);
    let (always, h2, r2) = run(&|_| true);
    assert_eq!((r0, r2), (120, 60), "two gradient workers, then one");
    assert!(r1 > r2 && r1 < r0);
    assert_eq!(never, some);
    assert_eq!(never, always);
    assert_eq!(h0.points, h1.points);
    assert_eq!(h0.points, h2.points);
}

//! Start-up: settings from the URL hash, then the data and the pretrained model.

use super::address::location_hash;
use super::{load, storage};
use crate::core::{Hyper, ModelSpec};
use crate::session::persist::DEFAULT_SEED;
use crate::session::{hash, Action, Notice, Session};
use yew::Callback;

/// The model trained at build time by `train-default` from the same data and seed.
pub const DEFAULT_MODEL_URL: &str = "static/model/default.cnnw";

/// The session the page opens with: the link's settings over the defaults.
pub fn initial_session() -> Session {
    let (settings, problems) = hash::parse(&location_hash());
    let mut hyper = Hyper::default();
    if let Some(lr) = settings.lr {
        hyper.lr = lr;
    }
    if let Some(b) = settings.batch_size {
        hyper.batch_size = b;
    }
    if let Some(o) = settings.optimizer {
        hyper.optimizer = o;
    }
    let spec = settings.spec.unwrap_or_else(ModelSpec::default_cnn);
    let seed = settings.seed.unwrap_or(DEFAULT_SEED);
    let mut session = Session::new(spec, hyper, seed)
        .or_else(|_| Session::new(ModelSpec::default_cnn(), Hyper::default(), seed))
        .expect("the default CNN is a valid spec");
    if !problems.is_empty() {
        session.notice = Some(Notice {
            error: true,
            text: format!("Some link settings were ignored: {}", problems.join("; ")),
        });
    }
    session
}

/// Loads the data set and, when the architecture is the default one, the
/// pretrained default model. Results arrive as actions.
pub fn load(dispatch: Callback<Action>) {
    let link_spec = hash::parse(&location_hash()).0.spec;
    let is_default = link_spec.is_none();
    // The model remembered in this browser wins over the pretrained default.
    let stored = storage::stored_model(link_spec.as_ref());
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(bytes) = stored {
            dispatch.emit(Action::LoadModel {
                bytes,
                origin: "the model remembered in this browser".into(),
            });
        } else if is_default {
            match load::fetch_bytes(DEFAULT_MODEL_URL).await {
                Ok(bytes) => dispatch.emit(Action::LoadModel {
                    bytes,
                    origin: "the default CNN, pretrained at build time by the train-default program on the bundled MNIST training split".into(),
                }),
                Err(e) => dispatch.emit(Action::DataFailed(e.to_string())),
            }
        }
        match load::load_mnist().await {
            Ok(m) => dispatch.emit(Action::DataLoaded {
                train: m.train,
                test: m.test,
                source: m.source,
            }),
            Err(e) => dispatch.emit(Action::DataFailed(e.to_string())),
        }
    });
}

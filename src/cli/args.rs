//! Flags shared by several subcommands.

use std::path::PathBuf;

use anyhow::Context;
use crimetag::bundle::ModelBundle;
use crimetag::Label;
use crimetag::Tagger;

/// `--model` and `--threshold`: which bundle to use, and which of its label
/// thresholds to override.
#[derive(clap::Args, Debug, Clone)]
pub struct ModelArg {
    /// Model bundle to use instead of the one built into the binary.
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// Tag LABEL only at probability P or above instead of at the model's
    /// dev-tuned threshold; repeatable (`--threshold smuggling=0.9`). Higher
    /// values trade recall for precision: README, "Real text".
    #[arg(long = "threshold", value_name = "LABEL=P", value_parser = parse_threshold)]
    pub thresholds: Vec<(Label, f32)>,
}

/// Parses `--threshold`'s LABEL=P.
fn parse_threshold(arg: &str) -> Result<(Label, f32), String> {
    let (name, value) = arg.split_once('=').ok_or_else(|| format!("{arg:?} is not LABEL=P, e.g. smuggling=0.9"))?;
    let label = Label::from_name(name.trim())
        .ok_or_else(|| format!("unknown label {:?} ({})", name.trim(), Label::ALL.map(Label::name).join(", ")))?;
    let p: f32 = value.trim().parse().map_err(|_| format!("{:?} is not a probability", value.trim()))?;
    if p > 0.0 && p <= 1.0 {
        Ok((label, p))
    } else {
        Err(format!("{p} is not a probability above 0 and at most 1"))
    }
}

impl ModelArg {
    /// Loads the chosen bundle, with any thresholds overridden.
    pub fn load(&self) -> anyhow::Result<ModelBundle> {
        let mut bundle = match &self.model {
            Some(path) => ModelBundle::load(path).with_context(|| format!("loading model {}", path.display()))?,
            None => ModelBundle::built_in().context("loading the built-in model")?,
        };
        for &(label, threshold) in &self.thresholds {
            bundle.classifier.set_threshold(label, threshold);
        }
        Ok(bundle)
    }

    /// A tagger on the chosen bundle.
    pub fn tagger(&self) -> anyhow::Result<Tagger> {
        Ok(Tagger::new(self.load()?))
    }
}

/// Output formats of `classify` and `eval`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A readable table.
    Table,
    /// One pretty-printed JSON value.
    Json,
    /// One JSON object per line.
    Jsonl,
}

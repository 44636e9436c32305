//! Flags shared by several subcommands.

use std::path::PathBuf;

use anyhow::Context;
use crimetag::bundle::ModelBundle;
use crimetag::Tagger;

/// `--model`: which bundle to use.
#[derive(clap::Args, Debug, Clone)]
pub struct ModelArg {
    /// Model bundle to use instead of the one built into the binary.
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

impl ModelArg {
    /// Loads the chosen bundle.
    pub fn load(&self) -> anyhow::Result<ModelBundle> {
        match &self.model {
            Some(path) => ModelBundle::load(path).with_context(|| format!("loading model {}", path.display())),
            None => ModelBundle::built_in().context("loading the built-in model"),
        }
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

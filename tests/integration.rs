//! Integration tests: each file runs the real `crimetag` binary in a fresh
//! directory (see `util::Workdir`) and checks what it writes.

mod util;

mod cli_batch;
mod cli_classify;
mod cli_train_eval;
mod properties;
mod regression;
mod robustness;

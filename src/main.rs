//! The `crimetag` command line. Everything happens in [`cli`]; this file only
//! turns its outcome into an exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("crimetag: {err:#}");
            ExitCode::from(2)
        }
    }
}

//! The `crimetag` command line. Everything happens in [`cli`]; this file only
//! turns its outcome into an exit code.

mod cli;

use std::process::ExitCode;

// Tagging allocates and frees many small strings and vectors per sentence;
// mimalloc does that faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

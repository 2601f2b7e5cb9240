//! The `breakglass` binary: parse arguments, run the command, map errors to exit codes.
//! Exit status: 0 success, 1 the work failed, 2 usage error.

#![deny(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::hygiene::harden();
    cli::main()
}

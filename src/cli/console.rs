//! The standard streams, written without panicking: reports and secrets go to standard output,
//! written straight to its descriptor (see [`write_stdout`]), and a failure there is an error the
//! command returns (a closed pipe ends it quietly, see `main`); messages go to standard error, where
//! a failure is ignored, since there is nowhere left to say it.

use std::fmt;
use std::io::{self, Write};

use super::error::CliError;
use super::hygiene::write_stdout;

/// Writes one line of a report to standard output.
pub(crate) fn out_line(args: fmt::Arguments<'_>) -> Result<(), CliError> {
    let mut line = fmt::format(args);
    line.push('\n');
    out_bytes(line.as_bytes())
}

/// Writes text to standard output, as it is.
pub(crate) fn out_text(text: &str) -> Result<(), CliError> {
    out_bytes(text.as_bytes())
}

/// Writes bytes to standard output, unbuffered: when this returns, they were written.
pub(crate) fn out_bytes(bytes: &[u8]) -> Result<(), CliError> {
    write_stdout(bytes).map_err(CliError::Stdout)
}

/// Writes a message to standard error; a failure to write it is ignored.
pub(crate) fn err_text(args: fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.flush());
}

/// A line of a report on standard output: `out!("…", args)?`.
macro_rules! out {
    () => { $crate::cli::console::out_line(format_args!("")) };
    ($($arg:tt)*) => { $crate::cli::console::out_line(format_args!($($arg)*)) };
}

/// A line on standard error that never fails: `say!("…", args)`.
macro_rules! say {
    () => { $crate::cli::console::err_text(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::console::err_text(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Text on standard error without a line break (a prompt): `say_raw!("…", args)`.
macro_rules! say_raw {
    ($($arg:tt)*) => { $crate::cli::console::err_text(format_args!($($arg)*)) };
}

pub(crate) use {out, say, say_raw};

//! Command-line interface: one file per command, each with its clap arguments beside its handler.
//!
//! Everything here is I/O and wording; decisions live in the library. Messages go to stderr and only
//! the requested output (a password, a recovered secret) goes to stdout.

mod airgap;
mod alert_query;
mod combine;
mod drill;
mod finish;
mod generate;
mod guided;
mod inspect;
mod io;
mod json;
mod new;
mod rotate;
mod split;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use thiserror::Error;

use breakglass::password::PasswordError;
use breakglass::sharing::SharingError;

/// Offline custody of emergency-access ("break glass") secrets: generate a strong password, split it
/// into printed Shamir shares (any k of n recover it), and recover it from k shares.
#[derive(Parser)]
#[command(name = "breakglass", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Start with: breakglass new -t 2 -n 3 --label admin@example.com --out-dir shares\n\
Recover with: breakglass combine shares/share-1-of-3.txt shares/share-3-of-3.txt")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate, split and write the sheets in one step; prints the new password once.
    New(new::Args),
    /// Make the next generation of a set: new password, new sheets that supersede the current ones.
    Rotate(rotate::Args),
    /// Print random passwords that the target platforms accept.
    Generate(generate::Args),
    /// Split a secret read from stdin (or typed at a hidden prompt) into share files.
    Split(split::Args),
    /// Recover the secret from k shares and print it.
    Combine(combine::Args),
    /// Print the sign-in monitoring query (KQL) for the accounts and the command that creates the alert.
    AlertQuery(alert_query::Args),
    /// Print shell completions (bash, zsh, fish) generated from these definitions.
    Completions(finish::CompletionArgs),
    /// Print the man page.
    Man(finish::ManArgs),
    /// Check that this machine is offline: interfaces up, default routes, radios not blocked.
    Airgap(airgap::Args),
    /// Prove that shares still recover the secret: prints the verdict and fingerprint, never the secret.
    Drill(drill::Args),
    /// Show what each share is (set, index, threshold, dates) and whether it is intact; never the secret.
    Inspect(inspect::Args),
}

/// Why a command failed; each variant is one sentence naming the problem and the way out.
#[derive(Debug, Error)]
pub enum CliError {
    /// Arguments that parse but make no sense together (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Generator refused the request (exit 2: it is always a bad argument).
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// The fingerprint could not be computed.
    #[error(transparent)]
    Fingerprint(#[from] breakglass::fingerprint::FingerprintError),
    /// Split or combine failed.
    #[error(transparent)]
    Sharing(#[from] SharingError),
    /// An input could not be read.
    #[error("cannot read {path}: {source}; check the path and its permissions")]
    Read {
        /// What was being read.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// An output could not be written.
    #[error("cannot write {path}: {source}; check the directory exists and is writable")]
    Write {
        /// What was being written.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// An output exists and --force was not given.
    #[error("{0} already exists; move it away or pass --force to replace it")]
    Exists(PathBuf),
    /// A failure already explained on stderr, or a one-off message.
    #[error("{0}")]
    Failed(String),
    /// A failure already fully reported on stdout (JSON output): exit 1 with nothing more said.
    #[error("")]
    Silent,
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_)
            | CliError::Password(_)
            | CliError::Sharing(SharingError::BadParams { .. }) => 2,
            _ => 1,
        }
    }
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    let result = match cli.command {
        Command::New(a) => new::run(a),
        Command::Rotate(a) => rotate::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Split(a) => split::run(a),
        Command::Combine(a) => combine::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Drill(a) => drill::run(a),
        Command::Airgap(a) => airgap::run(a),
        Command::Completions(a) => finish::completions(a),
        Command::Man(a) => finish::man(a),
        Command::AlertQuery(a) => alert_query::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Silent) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

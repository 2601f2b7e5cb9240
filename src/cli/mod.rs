//! Command-line interface: one file per command, each with its clap arguments beside its handler,
//! and shared modules named for what they do. Commands never import each other.
//!
//! Everything here is I/O and wording; decisions live in the library. Messages go to stderr and only
//! the requested output (a password, a recovered secret, a report) goes to stdout.

mod airgap;
mod alert_query;
mod ceremony;
mod combine;
mod completions;
mod console;
mod describe;
mod drill;
mod error;
mod files;
mod gathering;
mod generate;
mod guard;
mod guided;
pub(crate) mod hygiene;
mod inspect;
mod json;
mod new;
mod options;
mod prompt;
mod record;
mod rng;
mod rotate;
mod split;
mod transaction;
mod tty;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use self::console::say;
use self::error::CliError;

/// Offline custody of emergency-access ("break glass") secrets: generate a strong password, split it
/// into printed Shamir shares (any k of n recover it), and recover it from k shares.
#[derive(Parser)]
#[command(name = "breakglass", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Start with: breakglass new -t 2 -n 3 --label admin@example.com --out-dir shares\n\
Recover with: breakglass combine shares/share-1-of-3.pdf shares/share-3-of-3.pdf")]
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
    /// Print the monitoring rule for the accounts: KQL (Entra), an EventBridge pattern or Google steps.
    AlertQuery(alert_query::Args),
    /// Print shell completions (bash, zsh, fish) generated from these definitions.
    Completions(completions::CompletionArgs),
    /// Print the man page.
    Man(completions::ManArgs),
    /// Check that this machine is offline: interfaces up, default routes, radios not blocked.
    Airgap(airgap::Args),
    /// Prove that shares still recover the secret: prints the verdict and fingerprint, never the secret.
    Drill(drill::Args),
    /// Show what each share is (set, index, threshold, dates) and whether it is intact; never the secret.
    Inspect(inspect::Args),
}

/// Parses the command line and runs it.
pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            // Help that cannot be written (`--help > /dev/full`, or `1<file`) is a failure, not a
            // success.
            let unwritable = !e.use_stderr() && !hygiene::stdout_writable();
            if unwritable || e.print().and_then(|()| std::io::Write::flush(&mut std::io::stdout())).is_err() {
                return ExitCode::from(1);
            }
            return ExitCode::from(u8::try_from(code).unwrap_or(2));
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
        Command::Completions(a) => completions::completions(a, Cli::command()),
        Command::Man(a) => completions::man(a, Cli::command()),
        Command::AlertQuery(a) => alert_query::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Silent) => ExitCode::from(1),
        // A closed pipe (`breakglass inspect … | head -1`) ends the command quietly.
        Err(CliError::Stdout(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(1),
        Err(e) => {
            say!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

//! `breakglass split`: split a secret from stdin, a file or a hidden prompt into share files.

use std::path::PathBuf;

use breakglass::{CeremonyError, Kind, Lineage, SecretSource, check_content};

use super::ceremony::{Plan, checked, list_paths, record_path};
use super::console::say;
use super::error::CliError;
use super::guard::Guard;
use super::hygiene::catch_signals;
use super::options::{Checked, OutputOptions, PassphraseOptions, SetOptions, parse_kind};
use super::prompt;

/// Arguments of `split`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  breakglass split -t 2 -n 3 --label admin@example.com --out-dir shares   (asks for the secret, hidden)\n  \
breakglass split -t 2 -n 3 --format text --out-dir d < secret.txt"
)]
pub(crate) struct Args {
    /// What the secret is: password, pin, text, totp (an otpauth:// URI), codes (one per line) or file.
    #[arg(long, value_name = "KIND", value_parser = Checked(parse_kind))]
    kind: Option<Kind>,
    /// Read the secret from FILE, exact bytes, up to 64 KiB (the kind is then file unless --kind says).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    #[command(flatten)]
    pass: PassphraseOptions,
    #[command(flatten)]
    set: SetOptions,
    #[command(flatten)]
    out: OutputOptions,
    #[command(flatten)]
    airgap: Guard,
}

/// Runs `split`.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    args.set.check()?;
    args.out.check()?;
    args.airgap.check()?;
    let kind = args.kind.unwrap_or(if args.input.is_some() { Kind::File } else { Kind::Password });
    // A secret split here has no profile: Entra's rules when object ids are given.
    let service = args.out.service(None)?;
    let plan = Plan { set: &args.set, out: &args.out, lineage: Lineage::FIRST, supersedes: None, service };
    plan.check_free()?;
    let secret = match &args.input {
        Some(path) => prompt::read_secret_file(path)?,
        None => prompt::read_secret("secret")?,
    };
    // Refuse a secret that does not look like its kind before asking for a passphrase.
    check_content(kind, secret.expose()).map_err(|e| CliError::Ceremony(CeremonyError::Content(e)))?;
    let pass = args.pass.read()?;
    let made = plan.make(SecretSource::Given { secret, kind }, pass.as_ref())?;
    let signals = catch_signals();
    let (placed, paths) = plan.write(&made)?;
    placed.commit();
    drop(signals);
    let h = made.header();
    let sealed = if h.passphrase {
        "\nThe secret is sealed under the passphrase (checked to open again); recovery needs it as well."
    } else {
        ""
    };
    say!(
        "Wrote {} shares of set {} and its ceremony record; any {} of the shares recover the secret \
         ({}):\n{}{sealed}\n\
         Fingerprint: {} (in the record; `breakglass drill --record {}` checks it)",
        h.total,
        h.set_id,
        h.threshold,
        checked(made.subsets_checked, h.threshold, h.total),
        list_paths(&paths),
        made.fingerprint,
        record_path(&paths)
    );
    Ok(())
}

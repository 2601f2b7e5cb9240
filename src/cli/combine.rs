//! `breakglass combine`: recover the secret from k shares found in files, stdin or typed text.

use std::io::IsTerminal;
use std::path::PathBuf;

use breakglass::{IndexList, Kind, recover_with};

use super::console::{out_bytes, say};
use super::error::CliError;
use super::files;
use super::gathering::{gather_inputs, print_problems, unlock, warn_beside};
use super::guard::Guard;
use super::guided;
use super::hygiene::stdout_is_open;
use super::record::RecordCheck;

/// Arguments of `combine`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  breakglass combine shares/share-1-of-3.pdf shares/share-3-of-3.pdf --record shares/record.pdf\n  \
zbarimg --raw sheet1.png sheet2.png | breakglass combine -\n  \
breakglass combine share-2-of-3.pdf photo-of-sheet-3.jpg"
)]
pub(crate) struct Args {
    /// Files holding shares: share files, pasted or extracted text, decoder output, photos and scans
    /// (PNG, JPEG), the PDF sheets breakglass wrote; `-` reads stdin. With none, reads stdin (and
    /// asks on a terminal).
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,
    /// Write the secret to FILE (mode 0600, exact bytes) instead of printing it.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    force: bool,
    /// For shares that need a passphrase: read it from FILE instead of asking at the terminal.
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    #[command(flatten)]
    record: RecordCheck,
    #[command(flatten)]
    airgap: Guard,
}

/// Runs `combine`.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    // The output is checked before any share is read or typed.
    match &args.output {
        Some(path) => files::check_output(path, args.force)?,
        None if !stdout_is_open() => return Err(CliError::SecretGoesNowhere),
        None => {}
    }
    args.airgap.check()?;
    let mut inputs = args.inputs.clone();
    if inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            return guided::run(args.output.as_deref(), args.force);
        }
        inputs.push("-".into());
    }
    let expected = args.record.read()?;
    let g = gather_inputs(&inputs)?;
    print_problems(&g.problems, |p| {
        say!("problem: {p}");
        Ok(())
    })?;
    // Only a record named on the command line picks the set; one found among the inputs checks it.
    let want = args.record.want(expected.as_ref());
    let expected = args.record.or_among(expected, &g)?;
    let rec = recover_with(&g, want).map_err(|e| {
        expected.as_ref().and_then(|x| x.mismatch_in(&e)).map_or(CliError::from(e), CliError::RecordMismatch)
    })?;
    if let Some(why) = expected.as_ref().and_then(|e| e.mismatch(&rec)) {
        return Err(CliError::RecordMismatch(why));
    }
    warn_beside(&rec);
    if rec.header.kind == Kind::File && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(CliError::FileToTerminal);
    }
    let secret = unlock(&rec, args.passphrase_file.as_deref(), "--passphrase-file")?;
    let (set, used, fp) = (rec.header.set_id, IndexList(&rec.used), rec.fingerprint);
    let check = if expected.is_some() { "matches the record" } else { "compare it with the record" };
    match &args.output {
        Some(path) => {
            files::write_file(path, secret.expose(), args.force)?;
            say!("Recovered the secret of set {set} from shares {used}; wrote {}.", path.display());
        }
        // A file is restored byte for byte; any other secret is followed by a newline.
        None if rec.header.kind == Kind::File => {
            say!("Recovered the secret of set {set} from shares {used}.");
            out_bytes(secret.expose())?;
        }
        None => {
            say!("Recovered the secret of set {set} from shares {used}.");
            files::print_secret(&secret)?;
        }
    }
    say!("Fingerprint {fp}: {check}.");
    Ok(())
}

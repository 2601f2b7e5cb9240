//! `breakglass new`: the ceremony in one step — generate, split, self-check, write the sheets and the
//! record. `rotate` runs the same ceremony for the next generation of a set.

use std::io::IsTerminal;

use breakglass::Secret;
use breakglass::share::{Kind, Lineage};
use breakglass::sharing;
use breakglass::{fingerprint, password};

use super::generate::GenOptions;
use super::split::{self, OutputOptions, PassphraseOptions, SetOptions};
use super::{CliError, io};

/// Arguments of `new`.
#[derive(clap::Args)]
#[command(
    after_help = "Example: breakglass new -t 2 -n 3 --label bg-admin1@contoso.onmicrosoft.com --out-dir shares\n\n\
The password is printed once, alone on stdout; set it on the account, print each sheet, seal each\n\
in its own envelope, file record.pdf with the security officer, then delete the files. With\n\
--passphrase, recovery also needs the passphrase: keep it apart from every sheet."
)]
pub struct Args {
    #[command(flatten)]
    pub set: SetOptions,
    #[command(flatten)]
    pub out: OutputOptions,
    #[command(flatten)]
    pub password: GenOptions,
    #[command(flatten)]
    pub pass: PassphraseOptions,
    #[command(flatten)]
    pub airgap: super::airgap::Guard,
}

/// Generates a password, splits it, checks every k-subset, writes sheets and record, and prints the
/// password; `old` is the secret being replaced, which the new one must differ from.
pub fn ceremony(
    set: &SetOptions,
    out: &OutputOptions,
    options: &GenOptions,
    pass_options: &PassphraseOptions,
    lineage: Lineage,
    supersedes: Option<String>,
    old: Option<&Secret>,
) -> Result<(), CliError> {
    let params = set.params(Kind::Password, lineage)?;
    io::check_free(&out.paths_for(params.total), out.force)?;
    // The password must not contain a piece of the account name it protects.
    let avoid: Vec<String> = out.label.iter().chain(out.upn.iter()).cloned().collect();
    let policy = options.policy(&avoid);
    policy.check_length(options.length)?;
    if pass_options.passphrase {
        eprintln!("Choose the passphrase that recovery of the new set will also need.");
    }
    let pass = pass_options.read()?;
    let mut rng = io::os_rng()?;
    let secret = loop {
        let s = password::generate(&policy, options.length, &mut rng)?;
        if old.is_none_or(|o| *o != s) {
            break s;
        }
    };
    // With a passphrase, the shares hold the sealed envelope; check it opens to the password before
    // anything is written or shown.
    let envelope = match &pass {
        Some(p) => {
            let envelope = split::seal(&secret, p)?;
            let opened = split::open(&envelope, p).map_err(|e| CliError::Failed(e.to_string()))?;
            if opened != secret {
                return Err(CliError::Failed(
                    "the sealed password did not open to itself; nothing was written".into(),
                ));
            }
            Some(envelope)
        }
        None => None,
    };
    let shared = envelope.as_ref().unwrap_or(&secret);
    let params = sharing::SplitParams { passphrase: pass.is_some(), ..params };
    let shares = sharing::split(shared, &params, &mut rng)?;
    let checked = sharing::verify_subsets(shared, &shares)?;
    let id = shares[0].header.set_id;
    let fingerprint = {
        let _p = io::Progress::start("Computing the set fingerprint (Argon2id, 64 MiB)");
        fingerprint::fingerprint(shared, &id)?
    };
    let paths = out.write_set(&shares, Some(fingerprint), supersedes.clone())?;

    io::print_secret(&secret)?;
    let label = out.label.as_deref().map(|l| format!(" for {l}")).unwrap_or_default();
    let pass_note = if pass.is_some() { " and the passphrase" } else { "" };
    let lineage_note = match &supersedes {
        Some(old_id) => format!(
            "Generation {} supersedes set {old_id}: once the new password is set, destroy that set's sheets.\n",
            lineage.generation
        ),
        None => String::new(),
    };
    eprintln!(
        "\nNew set {id}{label}: {} shares, any {}{pass_note} recover the password ({checked} combinations checked).\n{lineage_note}{}\n\
         Fingerprint: {fingerprint} (in record; `breakglass drill` shows the same one)\n{}\n\
         Next:\n  1. Set the password above on the account now, then clear the screen{}.\n  \
         2. Print each sheet and check it is legible; seal each in its own numbered envelope.\n  \
         3. Fill in the custody fields and the record; store the envelopes in separate safes.\n  \
         4. File the record with the security officer; delete the files and empty the printer's queue.",
        params.total,
        params.threshold,
        options.entropy_note(&policy),
        split::list_paths(&paths),
        if std::io::stdout().is_terminal() { "" } else { " (it went to standard output)" }
    );
    Ok(())
}

/// Runs `new`.
pub fn run(args: Args) -> Result<(), CliError> {
    args.set.check()?;
    args.out.check()?;
    args.airgap.check()?;
    ceremony(&args.set, &args.out, &args.password, &args.pass, Lineage::FIRST, None, None)
}

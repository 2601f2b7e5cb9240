//! `breakglass new`: the ceremony in one step — generate, split, self-check, write the sheets.

use std::io::IsTerminal;

use breakglass::share::Kind;
use breakglass::sharing;
use breakglass::{fingerprint, password};

use super::generate::GenOptions;
use super::split::{self, OutputOptions, SetOptions};
use super::{CliError, io};

/// Arguments of `new`.
#[derive(clap::Args)]
#[command(
    after_help = "Example: breakglass new -t 2 -n 3 --label bg-admin1@contoso.onmicrosoft.com --out-dir shares\n\n\
The password is printed once, alone on stdout; set it on the account, print each sheet, seal each\n\
in its own envelope, then delete the PDFs."
)]
pub struct Args {
    #[command(flatten)]
    pub set: SetOptions,
    #[command(flatten)]
    pub out: OutputOptions,
    #[command(flatten)]
    pub password: GenOptions,
    #[command(flatten)]
    pub airgap: super::airgap::Guard,
}

/// Runs `new`.
pub fn run(args: Args) -> Result<(), CliError> {
    args.out.check()?;
    args.airgap.check()?;
    let params = args.set.params(Kind::Password)?;
    io::check_free(&args.out.paths_for(params.total), args.out.force)?;
    let mut rng = io::os_rng()?;
    // The password must not contain a piece of the account name it protects.
    let policy = args.password.policy(&args.out.label.iter().cloned().collect::<Vec<_>>());
    policy.check_length(args.password.length)?;
    let secret = password::generate(&policy, args.password.length, &mut rng)?;
    let shares = sharing::split(&secret, &params, &mut rng)?;
    let checked = sharing::verify_subsets(&secret, &shares)?;
    let fingerprint = fingerprint::fingerprint(&secret, &shares[0].header.set_id)?;
    let paths = args.out.write_set(&shares)?;
    let set = shares[0].header.set_id;

    io::print_secret(&secret)?;
    let label = args.out.label.as_deref().map(|l| format!(" for {l}")).unwrap_or_default();
    eprintln!(
        "\nNew set {set}{label}: {} shares, any {} recover the password ({checked} combinations checked).\n{}\n\
         Fingerprint: {fingerprint} (record it; `breakglass drill` shows the same one)\n{}\n\
         Next:\n  1. Set the password above on the account now, then clear the screen{}.\n  \
         2. Print each sheet and check it is legible; seal each in its own numbered envelope.\n  \
         3. Fill in the custody fields; store the envelopes in separate safes.\n  \
         4. Delete the share files and empty the printer's queue.",
        params.total,
        params.threshold,
        args.password.entropy_note(&policy),
        split::list_paths(&paths),
        if std::io::stdout().is_terminal() { "" } else { " (it went to standard output)" }
    );
    Ok(())
}

//! `breakglass new`: the ceremony in one step — generate, split, self-check, write the sheets and the
//! record, and print the password once.

use breakglass::Lineage;

use super::ceremony::{Plan, new_password_set};
use super::error::CliError;
use super::guard::Guard;
use super::options::{GenOptions, OutputOptions, PassphraseOptions, SetOptions};

/// Arguments of `new`.
#[derive(clap::Args)]
#[command(
    after_help = "Example: breakglass new -t 2 -n 3 --label bg-admin1@contoso.onmicrosoft.com --out-dir shares\n\n\
The password is printed once, alone on stdout; set it on the account, print each sheet, seal each\n\
in its own envelope, file record.pdf with the security officer, then delete the files. With\n\
--passphrase, recovery also needs the passphrase: keep it apart from every sheet."
)]
pub(crate) struct Args {
    #[command(flatten)]
    set: SetOptions,
    #[command(flatten)]
    out: OutputOptions,
    #[command(flatten)]
    password: GenOptions,
    #[command(flatten)]
    pass: PassphraseOptions,
    #[command(flatten)]
    airgap: Guard,
}

/// Runs `new`.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    args.set.check()?;
    args.out.check()?;
    args.airgap.check()?;
    let plan = Plan {
        set: &args.set,
        out: &args.out,
        lineage: Lineage::FIRST,
        supersedes: None,
        service: args.out.service(Some(args.password.profile()))?,
    };
    new_password_set(&plan, &args.password, &args.pass, None)
}

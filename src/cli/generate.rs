//! `breakglass generate`: print random passwords; their entropy goes to stderr.

use breakglass::generate_password;

use super::console::say;
use super::error::CliError;
use super::files::print_secret;
use super::hygiene::stdout_is_open;
use super::options::GenOptions;
use super::rng::os_rng;

/// Arguments of `generate`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  breakglass generate --length 32 --count 3\n  breakglass generate --profile aws-root --avoid example-corp"
)]
pub(crate) struct Args {
    #[command(flatten)]
    password: GenOptions,
    /// How many passwords to print, one per line.
    #[arg(long, short = 'c', value_name = "C", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    count: u32,
}

/// Runs `generate`.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    let policy = args.password.policy(&[])?;
    if !stdout_is_open() {
        return Err(CliError::OutputGoesNowhere("passwords"));
    }
    let mut rng = os_rng()?;
    for _ in 0..args.count {
        let p = generate_password(&policy, args.password.length, &mut rng)?;
        print_secret(&p)?;
    }
    say!("{}", args.password.entropy_note(&policy));
    Ok(())
}

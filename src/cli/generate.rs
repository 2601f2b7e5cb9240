//! `breakglass generate`: print random passwords; their entropy goes to stderr.

use breakglass::password::{self, DEFAULT_LENGTH, Profile};

use super::{CliError, io};

/// Arguments of `generate`.
#[derive(clap::Args)]
#[command(after_help = "Example: breakglass generate --length 32 --count 3")]
pub struct Args {
    #[command(flatten)]
    pub password: GenOptions,
    /// How many passwords to print, one per line.
    #[arg(long, short = 'c', value_name = "C", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub count: u32,
}

/// Generator options shared by `generate`, `new` and `rotate`.
#[derive(clap::Args, Clone)]
pub struct GenOptions {
    /// Password length in characters (16 to 256).
    #[arg(long, short = 'l', value_name = "N", default_value_t = DEFAULT_LENGTH, value_parser = parse_length)]
    pub length: usize,
    /// Character profile: "portable" is accepted by Entra ID, Active Directory and AWS root.
    #[arg(long, value_name = "P", default_value = "portable", value_parser = parse_profile)]
    pub profile: Profile,
}

fn parse_length(s: &str) -> Result<usize, String> {
    let n: usize = s.parse().map_err(|_| format!("'{s}' is not a whole number of characters"))?;
    password::PORTABLE.check_length(n).map_err(|e| e.to_string())?;
    Ok(n)
}

fn parse_profile(s: &str) -> Result<Profile, String> {
    Profile::by_name(s).map_err(|e| e.to_string())
}

impl GenOptions {
    /// One sentence on the strength of what these options produce.
    pub fn entropy_note(&self) -> String {
        format!(
            "entropy: {:.1} bits per password ({} characters from the {} alphabet of {} characters)",
            self.profile.entropy_bits(self.length),
            self.length,
            self.profile.name,
            self.profile.alphabet().len()
        )
    }
}

/// Runs `generate`.
pub fn run(args: Args) -> Result<(), CliError> {
    let mut rng = io::os_rng()?;
    for _ in 0..args.count {
        let p = password::generate(&args.password.profile, args.password.length, &mut rng)?;
        io::print_secret(&p)?;
    }
    eprintln!("{}", args.password.entropy_note());
    Ok(())
}

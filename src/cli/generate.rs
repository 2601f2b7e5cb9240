//! `breakglass generate`: print random passwords; their entropy goes to stderr.

use breakglass::password::{self, DEFAULT_LENGTH, Platform, Policy};

use super::{CliError, io};

/// Arguments of `generate`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  breakglass generate --length 32 --count 3\n  breakglass generate --profile aws-root --avoid example-corp"
)]
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
    /// Password length in characters (16 up to the profile's maximum).
    #[arg(long, short = 'l', value_name = "N", default_value_t = DEFAULT_LENGTH, value_parser = parse_length)]
    pub length: usize,
    /// Target platform: entra, ad, aws-root, google, or portable (accepted by all of them).
    #[arg(long, value_name = "P", default_value = "entra", value_parser = parse_profile)]
    pub profile: Platform,
    /// Use every symbol the platform accepts, including look-alikes, quote marks and dead keys.
    #[arg(long)]
    pub all_symbols: bool,
    /// A name the password must not contain a 4-character piece of (account, UPN, tenant); repeatable.
    #[arg(long, value_name = "TEXT")]
    pub avoid: Vec<String>,
}

fn parse_length(s: &str) -> Result<usize, String> {
    let n: usize = s.parse().map_err(|_| format!("'{s}' is not a whole number of characters"))?;
    if n < password::MIN_LENGTH {
        return Err(password::PasswordError::TooShort(n).to_string());
    }
    if n > password::MAX_LENGTH {
        return Err(format!(
            "{n} characters is more than any platform accepts (at most {})",
            password::MAX_LENGTH
        ));
    }
    Ok(n)
}

fn parse_profile(s: &str) -> Result<Platform, String> {
    Platform::by_name(s).map_err(|e| e.to_string())
}

impl GenOptions {
    /// The policy these options ask for, also avoiding the names in `more_avoid` (such as the label).
    pub fn policy(&self, more_avoid: &[String]) -> Policy {
        let avoid: Vec<String> = self.avoid.iter().chain(more_avoid).cloned().collect();
        self.profile.policy(self.all_symbols, &avoid)
    }

    /// One sentence on the strength of what these options produce.
    pub fn entropy_note(&self, policy: &Policy) -> String {
        format!(
            "entropy: {:.1} bits per password ({} characters from the {} alphabet of {} characters)",
            policy.entropy_bits(self.length),
            self.length,
            policy.name,
            policy.alphabet().len()
        )
    }
}

/// Runs `generate`.
pub fn run(args: Args) -> Result<(), CliError> {
    let policy = args.password.policy(&[]);
    policy.check_length(args.password.length)?;
    let mut rng = io::os_rng()?;
    for _ in 0..args.count {
        let p = password::generate(&policy, args.password.length, &mut rng)?;
        io::print_secret(&p)?;
    }
    eprintln!("{}", args.password.entropy_note(&policy));
    Ok(())
}

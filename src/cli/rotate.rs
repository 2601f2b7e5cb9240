//! `breakglass rotate`: the next generation of a set, which visibly supersedes the current one.

use breakglass::share::{Lineage, SetId, Share};
use breakglass::sharing;

use super::combine::{gather, print_problems, unlock};
use super::generate::GenOptions;
use super::split::{OutputOptions, PassphraseOptions, SetOptions};
use super::{CliError, new};

/// Arguments of `rotate`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  breakglass rotate old-1.jpg old-3.txt --label bg@contoso.com --out-dir next\n  \
breakglass rotate --supersedes 7K3F-Q2XA-9M1C-ZZ4P --old-generation 1 --out-dir next\n\n\
Given the current shares, rotate first checks that they recombine, and makes sure the new password\n\
differs. The new sheets and record say which set they supersede; destroy its sheets once the new\n\
password is set."
)]
pub struct Args {
    /// Shares of the current set (text, photos or scans), checked before anything is made.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// The id of the set being replaced, when its shares are not at hand.
    #[arg(long, value_name = "SET-ID", conflicts_with = "inputs")]
    pub supersedes: Option<String>,
    /// The generation of the set being replaced, with --supersedes.
    #[arg(long, value_name = "G", default_value_t = 1, requires = "supersedes")]
    pub old_generation: u8,
    /// When the current set needs a passphrase: read it from FILE instead of asking at the terminal.
    #[arg(long, value_name = "FILE", conflicts_with = "supersedes")]
    pub old_passphrase_file: Option<std::path::PathBuf>,
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

/// Runs `rotate`.
pub fn run(args: Args) -> Result<(), CliError> {
    args.set.check()?;
    args.out.check()?;
    args.airgap.check()?;
    if let Some(text) = &args.supersedes {
        let id = SetId::parse(text).ok_or_else(|| {
            CliError::Usage(format!(
                "'{text}' is not a set id: give its 16 characters, like 7K3F-Q2XA-9M1C-ZZ4P"
            ))
        })?;
        let lineage = Lineage { generation: args.old_generation, supersedes: None }.next(&id);
        return new::ceremony(
            &args.set,
            &args.out,
            &args.password,
            &args.pass,
            lineage,
            Some(id.to_string()),
            None,
        );
    }
    if args.inputs.is_empty() {
        return Err(CliError::Usage(
            "give the current set's shares (to check them first) or --supersedes SET-ID".into(),
        ));
    }
    let g = gather(&args.inputs)?;
    print_problems(&g.problems, |p| eprintln!("problem: {p}"));
    let shares: Vec<Share> = g.shares.iter().map(|s| s.share.clone()).collect();
    let old = sharing::combine(&shares).map_err(|e| {
        CliError::Failed(format!("the current shares do not recombine ({e}); nothing was made"))
    })?;
    for index in &old.misfits {
        eprintln!(
            "warning: share {index} of the current set does not fit the others; it is altered or damaged"
        );
    }
    // A passphrase set's shares hold an envelope: open it, so the new password is checked against
    // the real old one.
    let old_secret = unlock(&old, args.old_passphrase_file.as_deref(), "--old-passphrase-file")?;
    eprintln!(
        "The current set {} (generation {}) recombines; making generation {}.",
        old.header.set_id,
        old.header.lineage.generation,
        old.header.lineage.generation.saturating_add(1)
    );
    let lineage = old.header.lineage.next(&old.header.set_id);
    new::ceremony(
        &args.set,
        &args.out,
        &args.password,
        &args.pass,
        lineage,
        Some(old.header.set_id.to_string()),
        Some(&old_secret),
    )
}

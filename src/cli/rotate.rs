//! `breakglass rotate`: the next generation of a set, which visibly supersedes the current one.

use breakglass::{Lineage, SetId, recover};

use super::ceremony::{Plan, new_password_set};
use super::error::CliError;
use super::gathering::{gather_inputs, print_problems, unlock};
use super::guard::Guard;
use super::options::{GenOptions, OutputOptions, PassphraseOptions, SetOptions};

/// Arguments of `rotate`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  breakglass rotate old-1.jpg old-3.txt --label bg@contoso.com --out-dir next\n  \
breakglass rotate --supersedes 7K3F-Q2XA-9M1C-ZZ4P --old-generation 1 --out-dir next\n\n\
Given the current shares, rotate first checks that they recombine, and makes sure the new password\n\
differs. The new sheets and record say which set they supersede; destroy its sheets once the new\n\
password is set."
)]
pub(crate) struct Args {
    /// Shares of the current set (text, photos or scans), checked before anything is made.
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,
    /// The id of the set being replaced, when its shares are not at hand.
    #[arg(long, value_name = "SET-ID", conflicts_with = "inputs")]
    supersedes: Option<String>,
    /// The generation of the set being replaced, with --supersedes (1 when not given).
    #[arg(long, value_name = "G", requires = "supersedes", value_parser = clap::value_parser!(u8).range(1..=254))]
    old_generation: Option<u8>,
    /// When the current set needs a passphrase: read it from FILE instead of asking at the terminal.
    #[arg(long, value_name = "FILE", conflicts_with = "supersedes")]
    old_passphrase_file: Option<std::path::PathBuf>,
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

/// Runs `rotate`.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    args.set.check()?;
    args.out.check()?;
    // clap does not enforce `requires` when a positional input is given: check it here.
    if args.old_generation.is_some() && args.supersedes.is_none() {
        return Err(CliError::OldGenerationAlone);
    }
    let old_id = args.supersedes.as_deref().map(|t| SetId::parse(t).ok_or_else(|| CliError::SetId(t.into())));
    let old_id = old_id.transpose()?;
    if old_id.is_none() && args.inputs.is_empty() {
        return Err(CliError::RotateWhat);
    }
    args.airgap.check()?;
    if let Some(id) = old_id {
        let lineage = Lineage { generation: args.old_generation.unwrap_or(1), supersedes: None }.next(&id);
        let plan = Plan { set: &args.set, out: &args.out, lineage, supersedes: Some(id.to_string()) };
        return new_password_set(&plan, &args.password, &args.pass, None);
    }
    // Refuse an occupied output directory before asking for anything.
    Plan { set: &args.set, out: &args.out, lineage: Lineage::FIRST, supersedes: None }.check_free()?;
    let g = gather_inputs(&args.inputs)?;
    print_problems(&g.problems, |p| eprintln!("problem: {p}"));
    let old = recover(&g).map_err(CliError::OldSet)?;
    for index in &old.misfits {
        eprintln!(
            "warning: share {index} of the current set does not fit the others; it is altered or damaged"
        );
    }
    // A passphrase set's shares hold an envelope: open it, so the new password is checked against
    // the real old one.
    let old_secret = unlock(&old, args.old_passphrase_file.as_deref(), "--old-passphrase-file")?;
    let h = &old.header;
    eprintln!(
        "The current set {} (generation {}) recombines; making generation {}.",
        h.set_id,
        h.lineage.generation,
        h.lineage.generation.saturating_add(1)
    );
    let plan = Plan {
        set: &args.set,
        out: &args.out,
        lineage: h.lineage.next(&h.set_id),
        supersedes: Some(h.set_id.to_string()),
    };
    new_password_set(&plan, &args.password, &args.pass, Some(&old_secret))
}

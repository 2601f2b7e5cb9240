//! `breakglass rotate`: the next generation of a set, which visibly supersedes the current one.

use std::fs;
use std::path::Path;

use breakglass::{Gathered, Lineage, SetId, check_label, find_shares, recover};

use super::ceremony::{Plan, new_password_set};
use super::console::say;
use super::error::CliError;
use super::gathering::{gather_inputs, print_problems, unlock, warn_beside};
use super::guard::Guard;
use super::hygiene::stdout_is_open;
use super::options::{Checked, GenOptions, OutputOptions, PassphraseOptions, SetOptions, parse_set_id};

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
    #[arg(long, value_name = "SET-ID", conflicts_with = "inputs", value_parser = Checked(parse_set_id))]
    supersedes: Option<SetId>,
    /// The generation of the set being replaced, with --supersedes (1 when not given).
    #[arg(long, value_name = "G", requires = "supersedes", value_parser = clap::value_parser!(u8).range(1..=254))]
    old_generation: Option<u8>,
    /// When the current set needs a passphrase: read it from FILE instead of asking at the terminal.
    #[arg(long, value_name = "FILE", conflicts_with = "supersedes")]
    old_passphrase_file: Option<std::path::PathBuf>,
    /// Make the new set without a passphrase although the current one needs one (k shares alone will
    /// then open it).
    #[arg(long, conflicts_with_all = ["passphrase", "passphrase_file"])]
    no_passphrase: bool,
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
    let old_id = args.supersedes;
    if old_id.is_none() && args.inputs.is_empty() {
        return Err(CliError::RotateWhat);
    }
    // The new password must have somewhere to go before any passphrase is asked for.
    if !stdout_is_open() {
        return Err(CliError::StdoutClosed);
    }
    args.airgap.check()?;
    note_what_is_not_carried(&args);
    match old_id {
        Some(id) => {
            if let Some(newer) =
                successor(&id, &Gathered::default(), &args.out.out_dir).filter(|_| !args.out.force)
            {
                return Err(CliError::AlreadySuperseded { old: id, newer });
            }
            let lineage =
                Lineage { generation: args.old_generation.unwrap_or(1), supersedes: None }.next(&id);
            let plan = Plan {
                set: &args.set,
                out: &args.out,
                lineage,
                supersedes: Some(id.to_string()),
                service: args.out.service(Some(args.password.profile()))?,
            };
            new_password_set(&plan, &args.password, &args.pass, None)
        }
        None => rotate_from_shares(&args),
    }
}

/// Checks the current set's shares, then makes its successor.
fn rotate_from_shares(args: &Args) -> Result<(), CliError> {
    let g = gather_inputs(&args.inputs)?;
    print_problems(&g.problems, |p| {
        say!("problem: {p}");
        Ok(())
    })?;
    let old = recover(&g).map_err(CliError::OldSet)?;
    warn_beside(&old);
    let h = old.header;
    if h.lineage.generation == u8::MAX {
        return Err(CliError::LastGeneration(h.set_id));
    }
    if old.needs_passphrase() && !args.pass.wanted() && !args.no_passphrase {
        return Err(CliError::PassphraseDropped(h.set_id));
    }
    if let Some(newer) = successor(&h.set_id, &g, &args.out.out_dir).filter(|_| !args.out.force) {
        return Err(CliError::AlreadySuperseded { old: h.set_id, newer });
    }
    let with_label = carried_label(&g, &h.set_id, &args.out);
    let plan = Plan {
        set: &args.set,
        out: with_label.as_ref().unwrap_or(&args.out),
        lineage: h.lineage.next(&h.set_id),
        supersedes: Some(h.set_id.to_string()),
        service: args.out.service(Some(args.password.profile()))?,
    };
    // Refuse an occupied output directory before asking for any passphrase.
    plan.check_free()?;
    // A passphrase set's shares hold an envelope: open it, so the new password is checked against
    // the real old one.
    let old_secret = unlock(&old, args.old_passphrase_file.as_deref(), "--old-passphrase-file")?;
    let next = h.lineage.generation.saturating_add(1);
    say!(
        "The current set {} (generation {}) recombines; making generation {next}.",
        h.set_id,
        h.lineage.generation
    );
    new_password_set(&plan, &args.password, &args.pass, Some(&old_secret))
}

/// Says what the new set takes from this command's options only: the shares record neither the
/// password's profile nor the account.
fn note_what_is_not_carried(args: &Args) {
    if args.password.profile.is_none() {
        say!(
            "note: the new password follows --profile entra, the default (shares do not record a profile); give --profile aws-root, google, ad or portable for an account elsewhere."
        );
    }
    // Object ids are for Entra accounts only (the AWS and Google profiles refuse them).
    let entra = !matches!(args.password.profile().name, "aws-root" | "google");
    let missing: Vec<&str> =
        [("--upn", args.out.upn.is_none()), ("--object-id", entra && args.out.object_ids.is_empty())]
            .into_iter()
            .filter_map(|(flag, absent)| absent.then_some(flag))
            .collect();
    if !missing.is_empty() {
        say!(
            "note: the new record has no {} (not carried over from the old set); give them as you did for new.",
            missing.join(" or ")
        );
    }
}

/// The old set's label, when `--label` was not given and the old shares' text files agree on one:
/// the options with it, noted on stderr.
fn carried_label(g: &Gathered, old: &SetId, out: &OutputOptions) -> Option<OutputOptions> {
    if out.label.is_some() {
        return None;
    }
    let mut labels =
        g.shares.iter().filter(|f| f.share.header.set_id == *old).filter_map(|f| f.label.as_deref());
    let first = labels.next()?;
    if labels.any(|l| l != first) || check_label(first).is_err() {
        return None;
    }
    say!("note: the label {first} is carried over from the old shares; give --label to change it.");
    Some(OutputOptions { label: Some(first.to_string()), ..out.clone() })
}

/// A set, among the shares given or the share files already in the output directory, that
/// supersedes `old`: rotating `old` again would make a second successor.
fn successor(old: &SetId, given: &Gathered, out_dir: &Path) -> Option<SetId> {
    let mut seen = given.shares.iter().map(|f| f.share.header).collect::<Vec<_>>();
    let files = fs::read_dir(out_dir).into_iter().flatten().flatten();
    // Share files and the PDF sheets (which carry their share for breakglass to read).
    let share_file = |e: &fs::DirEntry| {
        let n = e.file_name().to_string_lossy().into_owned();
        n.starts_with("share-") && (n.ends_with(".txt") || n.ends_with(".pdf"))
    };
    for entry in files.filter(share_file) {
        let text = fs::read(entry.path()).ok().filter(|b| b.len() < 1 << 20).unwrap_or_default();
        let found = find_shares(&String::from_utf8_lossy(&text));
        seen.extend(found.into_iter().filter_map(|f| f.result.ok()).map(|s| s.header));
    }
    seen.iter().find(|h| h.lineage.supersedes_set(old)).map(|h| h.set_id)
}

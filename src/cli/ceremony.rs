//! The command-line side of making a set, shared by `split`, `new` and `rotate`: refuse existing files
//! before any work, run the library's checked ceremony with progress notes, write the documents, and
//! for a new password print it once and the next steps.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use breakglass::{
    Lineage, MadeSet, Secret, SecretSource, Service, SetRequest, Stage, document_names, make_set,
    on_onmicrosoft_domain, set_documents,
};

use super::console::say;
use super::error::CliError;
use super::files::{self, stop_if_interrupted};
use super::hygiene::{catch_signals, stdout_is_open};
use super::options::{GenOptions, OutputOptions, PassphraseOptions, SetOptions, today};
use super::prompt::Progress;
use super::rng::os_rng;
use super::transaction::{Placed, check_dir, place_set};

/// A set about to be made: how many shares, where they go, and its place in its lineage.
pub(crate) struct Plan<'a> {
    pub(crate) set: &'a SetOptions,
    pub(crate) out: &'a OutputOptions,
    pub(crate) lineage: Lineage,
    /// The full id of the set this one supersedes, for the record.
    pub(crate) supersedes: Option<String>,
    /// The account's platform, for the record's monitoring rules and account checks.
    pub(crate) service: Option<Service>,
}

impl Plan<'_> {
    /// The files the set will be written to, in order.
    pub(crate) fn paths(&self) -> Vec<PathBuf> {
        let names = document_names(self.out.format, self.set.total);
        names.iter().map(|n| self.out.out_dir.join(n)).collect()
    }

    /// Refuses, before any work is done, when a file of the set exists and --force was not given,
    /// or when the clock cannot be written in a share.
    pub(crate) fn check_free(&self) -> Result<(), CliError> {
        today()?;
        let names = document_names(self.out.format, self.set.total);
        check_dir(&self.out.out_dir, &names, self.out.force)
    }

    /// Makes the set through the library's checked ceremony, showing progress on the slow steps.
    pub(crate) fn make(
        &self,
        secret: SecretSource<'_>,
        passphrase: Option<&Secret>,
    ) -> Result<MadeSet, CliError> {
        let request = SetRequest {
            secret,
            threshold: self.set.threshold,
            total: self.set.total,
            created: today()?,
            lineage: self.lineage,
            passphrase,
        };
        let mut rng = os_rng()?;
        let mut note: Option<Progress> = None;
        let made = make_set(request, &mut rng, &mut |stage| {
            drop(note.take());
            note = match stage {
                Stage::Sealing => {
                    Some(Progress::start("Deriving the key from the passphrase (Argon2id, 64 MiB)"))
                }
                Stage::Reopening => {
                    Some(Progress::start("Checking the sealed secret opens (Argon2id, 64 MiB)"))
                }
                Stage::Splitting => {
                    Some(Progress::start("Splitting and checking the combinations of shares"))
                }
            };
        });
        drop(note);
        Ok(made?)
    }

    /// Renders every document of the set and moves them into place all together (see
    /// `transaction`); the caller commits once the set may stand, or rolls it back.
    pub(crate) fn write(&self, made: &MadeSet) -> Result<(Placed, Vec<PathBuf>), CliError> {
        let docs = set_documents(
            &made.shares,
            made.fingerprint,
            &self.out.documents(self.supersedes.as_deref(), self.service),
        );
        let placed = place_set(&self.out.out_dir, &docs, self.out.force)?;
        Ok((placed, self.paths()))
    }
}

/// Generates a password (different from `unlike`), makes and writes its set, prints the password
/// once on stdout and the next steps on stderr: the whole of `new`, and of `rotate` once the old set
/// is known.
pub(crate) fn new_password_set(
    plan: &Plan<'_>,
    options: &GenOptions,
    pass_options: &PassphraseOptions,
    unlike: Option<&Secret>,
) -> Result<(), CliError> {
    if !stdout_is_open() {
        return Err(CliError::StdoutClosed);
    }
    plan.check_free()?;
    if let (Some(Service::Entra), Some(upn)) = (plan.service, &plan.out.upn)
        && !on_onmicrosoft_domain(upn)
    {
        say!(
            "warning: {upn} is not on an onmicrosoft.com domain; Microsoft advises a cloud-only emergency account on the tenant's *.onmicrosoft.com domain, so that it works without federation or on-premises sync"
        );
    }
    // The password must not contain a piece of the account name it protects.
    let avoid: Vec<String> = plan.out.label.iter().chain(plan.out.upn.iter()).cloned().collect();
    let policy = options.policy(&avoid)?;
    if pass_options.wanted() {
        say!("Choose the passphrase that recovery of the new set will also need.");
    }
    let pass = pass_options.read()?;
    let secret = SecretSource::Generated { policy: &policy, length: options.length, unlike };
    let made = plan.make(secret, pass.as_ref())?;
    let signals = catch_signals();
    let (placed, paths) = plan.write(&made)?;
    // The set stands only once its password was shown: if it cannot be, or Ctrl-C came first, the
    // new files go and the old ones come back.
    match stop_if_interrupted().and_then(|()| files::print_secret(&made.secret)) {
        Ok(()) => placed.commit(),
        Err(e) => {
            placed.roll_back();
            return Err(match e {
                CliError::Stdout(source) => CliError::PasswordNotShown(source),
                other => other,
            });
        }
    }
    drop(signals);
    say!("\n{}", summary(plan, &made, &options.entropy_note(&policy), &paths));
    Ok(())
}

/// What `new` and `rotate` say after the password: the set, the checks, the files and what to do next.
fn summary(plan: &Plan<'_>, made: &MadeSet, entropy: &str, paths: &[PathBuf]) -> String {
    let h = made.header();
    let label = plan.out.label.as_deref().map(|l| format!(" for {l}")).unwrap_or_default();
    let pass_note = if h.passphrase { " and the passphrase" } else { "" };
    let lineage_note = match &plan.supersedes {
        Some(old_id) => format!(
            "Generation {} supersedes set {old_id}: once the new password is set, destroy that set's sheets.\n",
            h.lineage.generation
        ),
        None => String::new(),
    };
    let where_it_went = if std::io::stdout().is_terminal() { "" } else { " (it went to standard output)" };
    format!(
        "New set {}{label}: {} shares, any {}{pass_note} recover the password ({}).\n\
         {lineage_note}{entropy}\n\
         Fingerprint: {} (in the record; `breakglass drill --record {}` checks it)\n{}\n\
         Next:\n  1. Set the password above on the account now, then clear the screen{where_it_went}.\n  \
         2. Print each sheet and check it is legible; seal each in its own numbered envelope.\n  \
         3. Fill in the custody fields and the record; store the envelopes in separate safes.\n  \
         4. File the record with the security officer; delete the files and empty the printer's queue.",
        h.set_id,
        h.total,
        h.threshold,
        checked(made.subsets_checked, h.threshold, h.total),
        made.fingerprint,
        record_path(paths),
        list_paths(paths)
    )
}

/// Lists written files for a summary, one per line.
/// How many of the set's k-subsets were checked: all of them, or (for large sets, within the work
/// bound) how many of how many.
pub(crate) fn checked(count: usize, threshold: u8, total: u8) -> String {
    let (n, k) = (u128::from(total), u128::from(threshold));
    let all = (0..k).fold(1u128, |acc, i| acc * (n - i) / (i + 1));
    match (count, all) {
        (1, 1) => "the 1 combination checked".into(),
        (1, _) => "the one combination checked".to_string(),
        (c, a) if c as u128 >= a => format!("all {c} combinations checked"),
        (c, a) => format!("{c} of the {a} combinations checked, every share in at least one"),
    }
}

/// The record among the files written, for the `drill --record` hint (the text one if both).
pub(crate) fn record_path(paths: &[PathBuf]) -> String {
    let named = |n: &str| paths.iter().find(|p| p.file_name().is_some_and(|f| f == n));
    named("record.txt").or_else(|| named("record.pdf")).map_or_else(|| "record.txt".into(), |p| display(p))
}

pub(crate) fn list_paths(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| format!("  {}", display(p))).collect::<Vec<_>>().join("\n")
}

fn display(p: &Path) -> String {
    p.strip_prefix(".").unwrap_or(p).display().to_string()
}

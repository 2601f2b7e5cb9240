//! Why a command failed: one variant per failure, each one sentence naming what went wrong and the
//! way out, and the exit status chosen by variant (2 for usage errors, 1 when the work failed).
//!
//! Library errors are wrapped as they are; where the remedy is a command-line flag, the hint is
//! added here, because the library names no flag (as `rage/src/bin/rage/error.rs` does).

use std::path::PathBuf;

use thiserror::Error;

use breakglass::{
    Beside, CeremonyError, ContentError, FieldError, Fingerprint, MAX_SECRET_LEN, MIN_LENGTH, Misfit,
    ObjectIdError, PasswordError, RecoverError, SetId, ShamirError, name_list,
};

/// Most names `--avoid` takes.
pub(crate) const MAX_AVOID: usize = 32;
/// Longest name `--avoid` takes, in characters.
pub(crate) const MAX_AVOID_CHARS: usize = 256;

/// A failed command.
#[derive(Debug, Error)]
pub(crate) enum CliError {
    /// K and N out of range (exit 2).
    #[error("-t {threshold} -n {total} is not possible: use 2 <= K <= N <= 255, e.g. -t 2 -n 3")]
    Threshold { threshold: u8, total: u8 },
    /// A label or account name that cannot go on the documents (exit 2).
    #[error("{flag} {error}")]
    Field {
        /// The option, such as `--label`.
        flag: &'static str,
        /// What is wrong with it.
        #[source]
        error: FieldError,
    },
    /// Object ids given twice (exit 2).
    #[error("{0}")]
    ObjectIds(#[from] ObjectIdError),
    /// alert-query options that do not make a rule for the platform (exit 2).
    #[error("{0}")]
    MonitorOption(&'static str),
    /// Entra object ids for an account of another platform (exit 2).
    #[error(
        "--object-id is for Microsoft Entra accounts, and --profile {profile} makes a password for another platform; leave it out"
    )]
    ObjectIdsNotEntra { profile: &'static str },
    /// Not the shape of an e-mail address (exit 2).
    #[error("'{0}' is not an e-mail address: give the super admin's address, such as bg-admin@example.com")]
    NotAnAddress(String),
    /// An alert-query option of another platform (exit 2).
    #[error("{option} does not apply to --platform {platform}; leave it out")]
    NotForPlatform { option: &'static str, platform: &'static str },
    /// Names to avoid that are too long or too many (exit 2).
    #[error(
        "--avoid takes at most {MAX_AVOID} names of at most {MAX_AVOID_CHARS} characters each: give the account names, not a document"
    )]
    Avoid,
    /// `rotate` with neither shares nor a set id (exit 2).
    #[error("give the current set's shares (to check them first) or --supersedes SET-ID")]
    RotateWhat,
    /// `--old-generation` without `--supersedes` (exit 2).
    #[error(
        "--old-generation goes with --supersedes SET-ID; given the current shares, rotate reads their generation itself"
    )]
    OldGenerationAlone,
    /// The password options ask for something impossible (exit 2).
    #[error("{}", password_hint(.0))]
    Password(#[source] PasswordError),
    /// Making the set failed; nothing was written.
    #[error("{}", ceremony_hint(.0))]
    Ceremony(#[source] CeremonyError),
    /// Nothing was recovered from the inputs.
    #[error("{}", recover_hint(.0))]
    Recover(#[from] RecoverError),
    /// Rotating a passphrase set without saying what protects the new one.
    #[error(
        "set {0} needs a passphrase; give --passphrase or --passphrase-file for the new set too, or --no-passphrase to make one that k shares open alone"
    )]
    PassphraseDropped(SetId),
    /// `man` for a command that does not exist.
    #[error("there is no command {0}; breakglass --help lists them")]
    NoSuchCommand(String),
    /// Rotating a set of the last generation a share can record.
    #[error(
        "set {0} is generation 255, the last a share can record; make a new set with breakglass new instead (its record can name this one as the set it replaces)"
    )]
    LastGeneration(SetId),
    /// Rotating a set that already has a successor.
    #[error(
        "set {old} is already superseded by set {newer}; rotate that one instead, or pass --force to make another successor of {old}"
    )]
    AlreadySuperseded { old: SetId, newer: SetId },
    /// The shares of the set being rotated do not recombine.
    #[error("the current shares do not recombine ({0}); nothing was made")]
    OldSet(#[source] RecoverError),
    /// A record file without a fingerprint in it.
    #[error("no fingerprint found in {0}: give the record (record.txt or record.pdf) written with the set")]
    NoRecordFingerprint(String),
    /// A record file with more than one fingerprint in it.
    #[error(
        "{0} holds more than one fingerprint: give the record of one set, or the fingerprint itself with --expect"
    )]
    TwoRecordFingerprints(String),
    /// Recovered shares that are not the set the record describes.
    #[error("{0}; nothing was shown")]
    RecordMismatch(#[source] Mismatch),
    /// A drill whose set is not the one the record describes (its report is on stdout).
    #[error("the drill failed: these shares are not the set the record describes; do not rely on them")]
    DrillMismatch,
    /// The passphrase does not open the set, or is empty.
    #[error(transparent)]
    Passphrase(#[from] breakglass::PassphraseError),
    /// A passphrase is needed and cannot be asked for.
    #[error("a passphrase is needed: give {option} FILE, or run this on a terminal")]
    PassphraseNeeded { option: &'static str },
    /// The input ended (Ctrl-D) at a hidden prompt, or nothing was typed.
    #[error(
        "no {what} was typed (the input ended, or only Enter was pressed); run the command again and type it"
    )]
    TypedNothing { what: &'static str },
    /// A passphrase file with nothing in it but a line end.
    #[error(
        "{} (given to {option}) holds no passphrase, only an empty line or nothing; write the passphrase in it on one line",
        .path.display()
    )]
    PassphraseFileEmpty { path: PathBuf, option: &'static str },
    /// A passphrase file of several lines.
    #[error(
        "{} (given to {option}) holds more than one line; a passphrase is one line: keep only it in the file",
        .path.display()
    )]
    PassphraseFileLines { path: PathBuf, option: &'static str },
    /// Two hidden entries differ.
    #[error("the two entries of the {what} differ; nothing was written, run the command again")]
    EntriesDiffer { what: &'static str },
    /// Standard input held more than a secret may be.
    #[error(
        "the secret on standard input is longer than the limit of {MAX_SECRET_LEN} bytes; nothing was written"
    )]
    StdinTooLong,
    /// Standard input held nothing.
    #[error(
        "standard input held no {what}; pipe it in (printf '%s' \"$SECRET\" is unsafe: prefer a file or the hidden prompt)"
    )]
    StdinEmpty { what: &'static str },
    /// A secret file larger than a secret may be.
    #[error("{} is {size} bytes, more than the limit of {MAX_SECRET_LEN} bytes (64 KiB); nothing was written", .path.display())]
    SecretFileTooLarge { path: PathBuf, size: u64 },
    /// A secret file that grew while it was read.
    #[error("{} grew past {MAX_SECRET_LEN} bytes while being read; nothing was written", .path.display())]
    SecretFileGrew { path: PathBuf },
    /// An empty secret file.
    #[error("{} is empty; nothing was written", .path.display())]
    SecretFileEmpty { path: PathBuf },
    /// An input too large to be a share or a photo of one.
    #[error("{name} is larger than {mib} MiB, too large for a share or a photo of one; give a smaller file")]
    InputTooLarge { name: String, mib: u64 },
    /// The system clock cannot be written in a share header.
    #[error("the system clock is outside 1970-2149; set the date before making shares")]
    Clock,
    /// A file secret would be printed to the terminal.
    #[error("this secret is a file: write it with -o FILE rather than to the terminal")]
    FileToTerminal,
    /// Guided input ended early.
    #[error(
        "input ended with {entered} share(s) entered{}; nothing was recovered",
        need.map(|n| format!(" of the {n} the set needs")).unwrap_or_default()
    )]
    InputEnded { entered: usize, need: Option<u8> },
    /// The user did not confirm showing the secret.
    #[error("the secret was not shown; run again to show it, or use -o FILE to write it to a file")]
    NotShown,
    /// A drill that did not pass (its report is on stdout): why, naming the inputs and shares.
    #[error("the drill failed: {0}")]
    DrillFailed(#[source] DrillFault),
    /// A drill whose passphrase did not open the set.
    #[error("the drill failed: the shares recombine but the passphrase does not open them")]
    DrillPassphrase,
    /// `inspect` found damaged shares.
    #[error("{0} share(s) or input(s) could not be read; see the DAMAGED and UNREADABLE lines above")]
    Damaged(usize),
    /// The machine is on a network and --require-airgap was given.
    #[error("this machine is not air-gapped ({0}); disconnect it (see breakglass airgap) and run again")]
    NotAirgapped(String),
    /// `airgap` found the machine connected (its report is on stdout).
    #[error("this machine is not air-gapped")]
    Connected,
    /// The OS random number generator failed.
    #[error("the operating system's random number generator is not available ({0}); nothing was generated")]
    Rng(#[source] rand::rngs::SysError),
    /// An input could not be read.
    #[error("cannot read {path}: {source}; check the path and its permissions")]
    Read { path: String, source: std::io::Error },
    /// Standard output could not be written (a closed pipe ends the command quietly).
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] std::io::Error),
    /// Standard output is closed, so a new password would go nowhere.
    #[error(
        "standard output is closed, /dev/null or not open for writing, so the new password would go nowhere; nothing was made"
    )]
    StdoutClosed,
    /// Standard output is closed, so what a command prints would go nowhere.
    #[error(
        "standard output is closed, /dev/null or not open for writing, so the {0} would go nowhere; redirect it to a file or a pipe"
    )]
    OutputGoesNowhere(&'static str),
    /// Standard output is closed, so a recovered secret would go nowhere.
    #[error(
        "standard output is closed, /dev/null or not open for writing, so the secret would go nowhere; write it with -o FILE"
    )]
    SecretGoesNowhere,
    /// A secret holding control characters would be printed to a terminal, which would act on them.
    #[error(
        "the secret holds control characters that a terminal would act on, so it was not shown; write it with -o FILE"
    )]
    ControlToTerminal,
    /// `-o -`, which would make a file named `-`.
    #[error("-o - would write a file named '-': leave out -o to print the secret, or give a file name")]
    OutputDash,
    /// The new password could not be written; the new set was removed.
    #[error(
        "the new password could not be written to standard output ({0}); the new set was removed and the files it would have replaced were put back"
    )]
    PasswordNotShown(#[source] std::io::Error),
    /// An output could not be written.
    #[error("{}", write_hint(.path, .source))]
    Write { path: PathBuf, source: std::io::Error },
    /// Writing a set failed; nothing was changed in its directory.
    #[error("{}", set_write_hint(.dir, .source))]
    SetWrite { dir: PathBuf, source: std::io::Error },
    /// Another run is writing a set into the directory.
    #[error("another breakglass run is writing a set into {}; let it finish, then run again", .0.display())]
    Busy(PathBuf),
    /// A run was killed as it finished: two sets, and only the custodian knows which is in use.
    #[error(
        "a run was interrupted in {} as it finished: its set is in place and the set it replaced is in {}; if the set in place is the one in use (for new and rotate: its password was set on the account), delete {}; otherwise move the files of {} back into {} and delete {}; then run again",
        .dir.display(), .journal.join("old").display(), .journal.display(), .journal.join("old").display(), .dir.display(), .journal.display()
    )]
    Unresolved { dir: PathBuf, journal: PathBuf },
    /// A journal of an interrupted run that could not be finished before reading the directory.
    #[error(
        "{} holds {}, left by a run that was stopped while writing a set there, and it could not be finished (the directory is read-only, or a file now stands where a file of the set it replaced goes): move that file away or run as a user who may write {0}; the set that was in use is in its old/ folder",
        .dir.display(),
        .journal.display()
    )]
    JournalLeft { dir: PathBuf, journal: PathBuf },
    /// An input inside a journal: the set of a run that was stopped while writing it.
    #[error(
        "{input} is inside the journal of a run that was stopped while writing a set into {}: it is not a share in use (its password may never have been shown); read the shares in {0} instead",
        .dir.display()
    )]
    InJournal { input: String, dir: PathBuf },
    /// An output directory that is something else.
    #[error("{} is not a directory; give --out-dir a directory (it is created if missing)", .0.display())]
    NotADirectory(PathBuf),
    /// An output path that is not a regular file.
    #[error("{} is not a regular file (a directory, device, pipe, socket or link); give a new file name", .0.display())]
    NotRegular(PathBuf),
    /// An interrupt signal stopped the work; what was being written was removed.
    #[error("interrupted by signal {0}; nothing was written, and what was there before is unchanged")]
    Interrupted(i32),
    /// An output exists and --force was not given.
    #[error("{} already exists; move it away or pass --force to replace it", .0.display())]
    Exists(PathBuf),
    /// A failure already fully reported on stdout (JSON output): exit 1 with nothing more said.
    #[error("")]
    Silent,
    /// A failure whose JSON report is already on stdout: its sentence still goes to stderr.
    #[error(transparent)]
    Reported(Box<CliError>),
}

/// What to do when a write failed for want of space: a full disk, or the file size limit.
pub(crate) fn space_hint(e: &std::io::Error) -> Option<&'static str> {
    match e.raw_os_error() {
        Some(libc::ENOSPC) => Some("the disk is full; free some space and run again"),
        Some(libc::EDQUOT) => Some("the disk quota is used up; free some space and run again"),
        Some(libc::EFBIG) => {
            Some("a file would pass the file size limit (ulimit -f); raise it and run again")
        }
        _ => None,
    }
}

/// Why an output file could not be written, and what to do.
fn write_hint(path: &std::path::Path, e: &std::io::Error) -> String {
    match space_hint(e) {
        Some(why) => format!("cannot write {}: {why} (nothing was written)", path.display()),
        None => format!("cannot write {}: {e}; check the directory exists and is writable", path.display()),
    }
}

/// Why a set could not be written, and that nothing changed.
fn set_write_hint(dir: &std::path::Path, e: &std::io::Error) -> String {
    let why = if let Some(why) = space_hint(e) {
        why.to_string()
    } else {
        format!("{e}; check the directory is writable")
    };
    format!("cannot write the set into {}: {why} (nothing was changed there)", dir.display())
}

/// A recovery error, with the options that choose a set where the library asks for a choice.
fn recover_hint(e: &RecoverError) -> String {
    match e {
        RecoverError::SeveralSets { .. } | RecoverError::Generations { .. } => {
            format!("{e} (--record FILE, or --set SET-ID)")
        }
        RecoverError::Combine {
            source: ShamirError::TwoSecrets { .. } | ShamirError::Unsettled { .. },
            ..
        }
        | RecoverError::Contested { .. }
        | RecoverError::TwoSecrets { .. } => format!("{e} (--record FILE)"),
        other => other.to_string(),
    }
}

impl CliError {
    /// The exit status: 2 for a usage error, 130 when interrupted, 1 when the work failed.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Reported(e) => e.exit_code(),
            CliError::Interrupted(_) => 130,
            CliError::Threshold { .. }
            | CliError::Field { .. }
            | CliError::ObjectIds(_)
            | CliError::MonitorOption(_)
            | CliError::NotAnAddress(_)
            | CliError::ObjectIdsNotEntra { .. }
            | CliError::NotForPlatform { .. }
            | CliError::Avoid
            | CliError::RotateWhat
            | CliError::OldGenerationAlone
            | CliError::OutputDash
            | CliError::NoSuchCommand(_)
            | CliError::Password(_)
            | CliError::Ceremony(CeremonyError::Password(_))
            | CliError::Ceremony(CeremonyError::Shamir(ShamirError::BadParams { .. })) => 2,
            _ => 1,
        }
    }
}

impl From<CeremonyError> for CliError {
    fn from(e: CeremonyError) -> CliError {
        CliError::Ceremony(e)
    }
}

impl From<PasswordError> for CliError {
    fn from(e: PasswordError) -> CliError {
        CliError::Password(e)
    }
}

/// A password error with the flag that fixes it.
fn password_hint(e: &PasswordError) -> String {
    match e {
        PasswordError::TooShort(_) => format!("{e}; use --length {MIN_LENGTH} or more"),
        PasswordError::TooLong { .. } => format!("{e}; use a shorter --length"),
        PasswordError::Unsatisfiable(_) => format!("{e} (--avoid, --label, --upn)"),
        PasswordError::UnknownProfile(..) => e.to_string(),
    }
}

/// The `--kind` that takes a secret refused as another kind.
fn content_hint(e: &ContentError) -> &'static str {
    match e {
        ContentError::NotText(_) => " (use --kind file for other bytes)",
        ContentError::Pin => " (use --kind text for anything else)",
        ContentError::Totp | ContentError::Codes => "",
    }
}

/// A ceremony error with the flag that fixes it, and the reassurance that nothing was written.
fn ceremony_hint(e: &CeremonyError) -> String {
    match e {
        CeremonyError::Password(p) => password_hint(p),
        CeremonyError::Content(c) => format!("{c}{}; nothing was written", content_hint(c)),
        CeremonyError::Passphrase(p) => format!("{p}; nothing was written"),
        other => other.to_string(),
    }
}

/// How a recovered set differs from its record.
#[derive(Debug, Error)]
pub(crate) enum Mismatch {
    /// The record is for another set.
    #[error(
        "the shares are of set {found}, but the record is for set {want}; give the shares of that set, or its own record"
    )]
    Set { found: SetId, want: SetId },
    /// Same set id, another fingerprint.
    #[error(
        "the shares of set {set} recombine, but to fingerprint {found}, not the record's {want}: they are not the shares the record describes (substituted, forged or re-made); do not rely on them"
    )]
    Fingerprint { set: SetId, found: Fingerprint, want: Fingerprint },
}

/// Why a drill did not pass, naming the inputs and shares.
#[derive(Debug, Error)]
pub(crate) enum DrillFault {
    /// The shares do not recover a set.
    #[error("{0}")]
    Recover(RecoverError),
    /// The set recombines, but not everything given was read, or not every share fits.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Faults(Vec<Fault>),
}

/// One thing that keeps a drill of a set that recombines from passing.
#[derive(Debug, Error)]
pub(crate) enum Fault {
    /// Inputs (or shares in them) that could not be read.
    #[error("{} could not be read in full", name_list(.0))]
    Unread(Vec<String>),
    /// Parts of a large share that do not make a whole share.
    #[error("some parts of a large share are missing or damaged")]
    Parts,
    /// A share of the set that does not fit its secret.
    #[error("share {} ({}) does not fit the set: it is altered, damaged or forged", .0.index, .0.source)]
    Misfit(Misfit),
    /// A share claiming the set whose header disagrees with it.
    #[error("{0}")]
    Disagreeing(Beside),
    /// Shares of a newer generation were given: the set drilled is no longer the one in use.
    #[error("{0}")]
    Superseded(Beside),
    /// The set is not the one the record describes.
    #[error("{0}")]
    NotRecord(Mismatch),
}

//! Option groups shared by several commands, each defined once with its help text: how many shares
//! (`-t`/`-n`), where and how a set is written, the optional passphrase, and the password generator.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use breakglass::{
    DEFAULT_LENGTH, Date, DocumentOptions, Fingerprint, Formats, Kind, MAX_LENGTH, MIN_LENGTH, ObjectId,
    PLATFORMS, Paper, PasswordError, Platform, Policy, Secret, Service, SetId, SheetOptions, check_account,
    check_ids, check_label, is_address,
};

use super::error::{CliError, MAX_AVOID, MAX_AVOID_CHARS};
use super::prompt;

/// How many shares, and how many recover.
#[derive(clap::Args, Clone)]
pub(crate) struct SetOptions {
    /// Shares needed to recover the secret (k, at least 2).
    #[arg(short = 't', long = "threshold", value_name = "K", default_value_t = 2, value_parser = Checked(parse_count))]
    pub(crate) threshold: u8,
    /// Shares to make (n, at most 255).
    #[arg(short = 'n', long = "shares", value_name = "N", default_value_t = 3, value_parser = Checked(parse_count))]
    pub(crate) total: u8,
}

impl SetOptions {
    /// Checks 2 <= K <= N (N <= 255 is the type's own limit), before any other work or warning.
    pub(crate) fn check(&self) -> Result<(), CliError> {
        let (threshold, total) = (self.threshold, self.total);
        if threshold < 2 || total < threshold {
            return Err(CliError::Threshold { threshold, total });
        }
        Ok(())
    }
}

/// Parses a number of shares (`-t`, `-n`); whether K <= N is checked by [`SetOptions::check`].
fn parse_count(s: &str) -> Result<u8, String> {
    match s.parse::<u16>() {
        Ok(n) if (2..=255).contains(&n) => Ok(n as u8),
        _ => Err(format!(
            "'{}' is not a number of shares from 2 to 255; use 2 <= K <= N <= 255, e.g. -t 2 -n 3",
            shown(s)
        )),
    }
}

/// Today, as a share header records it.
pub(crate) fn today() -> Result<Date, CliError> {
    Date::today().ok_or(CliError::Clock)
}

/// Where and how the shares are written; shared by `split`, `new` and `rotate`.
#[derive(clap::Args, Clone)]
pub(crate) struct OutputOptions {
    /// What the secret opens, e.g. the account's UPN; printed on each sheet (see --discreet).
    #[arg(long, value_name = "TEXT")]
    pub(crate) label: Option<String>,
    /// Leave the label off the sheets (it is still shown in this command's summary).
    #[arg(long)]
    pub(crate) discreet: bool,
    /// Directory for the share files; created (mode 0700) if missing.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) out_dir: PathBuf,
    /// Write PDF sheets, text files, or both.
    #[arg(long, value_name = "FORMAT", default_value = "pdf", value_parser = format_parser())]
    pub(crate) format: Formats,
    /// Paper size of the PDF sheets.
    #[arg(long, value_name = "PAPER", default_value = "a4", value_parser = paper_parser())]
    pub(crate) paper: Paper,
    /// Replace the set already in the directory: its shares and record are deleted once the new set
    /// is in place (files only named like them are left, and named).
    #[arg(long)]
    pub(crate) force: bool,
    /// Add the recovery program (Python, for use without breakglass) to every sheet; the ceremony
    /// record always has it.
    #[arg(long)]
    pub(crate) appendix: bool,
    /// The account's user principal name, for the ceremony record.
    #[arg(long, value_name = "UPN")]
    pub(crate) upn: Option<String>,
    /// The account's Entra object id (GUID), for the record and its monitoring query; repeatable.
    #[arg(long = "object-id", value_name = "ID", value_parser = Checked(parse_object_id))]
    pub(crate) object_ids: Vec<ObjectId>,
}

impl OutputOptions {
    /// Checks the options before any work is done.
    pub(crate) fn check(&self) -> Result<(), CliError> {
        if let Some(upn) = &self.upn {
            check_account(upn).map_err(|error| CliError::Field { flag: "--upn", error })?;
        }
        if let Some(label) = &self.label {
            check_label(label).map_err(|error| CliError::Field { flag: "--label", error })?;
        }
        Ok(check_ids(&self.object_ids)?)
    }

    /// The platform whose rules and checks go on the record: the password profile's, or Entra's
    /// when object ids are given (refused for the AWS and Google profiles, which have none).
    pub(crate) fn service(&self, profile: Option<Platform>) -> Result<Option<Service>, CliError> {
        let by_profile = profile.and_then(|p| Service::for_profile(p.name));
        match (by_profile, self.object_ids.is_empty()) {
            (Some(Service::Aws | Service::Google), false) => {
                Err(CliError::ObjectIdsNotEntra { profile: profile.map_or("", |p| p.name) })
            }
            (None, false) => Ok(Some(Service::Entra)),
            (Some(Service::Google), true) => match &self.upn {
                // The record's alert steps name the super admin by address.
                Some(upn) if !is_address(upn) => Err(CliError::NotAnAddress(upn.clone())),
                _ => Ok(Some(Service::Google)),
            },
            (service, _) => Ok(service),
        }
    }

    /// The library's options for the documents, the record naming the superseded set.
    pub(crate) fn documents<'a>(
        &'a self,
        supersedes: Option<&'a str>,
        service: Option<Service>,
    ) -> DocumentOptions<'a> {
        DocumentOptions {
            sheet: SheetOptions {
                label: if self.discreet { None } else { self.label.as_deref() },
                paper: self.paper,
                appendix: self.appendix,
            },
            formats: self.format,
            label: self.label.as_deref(),
            upn: self.upn.as_deref(),
            object_ids: &self.object_ids,
            supersedes,
            service,
        }
    }
}

fn format_parser() -> impl TypedValueParser<Value = Formats> {
    PossibleValuesParser::new([
        PossibleValue::new("pdf").help("One printable PDF sheet per share"),
        PossibleValue::new("text").help("One text file per share"),
        PossibleValue::new("both").help("Both"),
    ])
    .map(|s| Formats::by_name(&s).unwrap_or(Formats::Pdf))
}

fn paper_parser() -> impl TypedValueParser<Value = Paper> {
    PossibleValuesParser::new([
        PossibleValue::new("a4").help("ISO A4, 210 × 297 mm"),
        PossibleValue::new("letter").help("US Letter, 8.5 × 11 in"),
    ])
    .map(|s| Paper::by_name(&s).unwrap_or(Paper::A4))
}

/// Parses a `--kind` value.
pub(crate) fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::by_name(s).ok_or_else(|| {
        format!("'{}' is not a kind of secret: use password, pin, text, totp, codes or file", shown(s))
    })
}

/// Parses an `--object-id` value.
pub(crate) fn parse_object_id(s: &str) -> Result<ObjectId, String> {
    ObjectId::parse(s).map_err(|e| e.to_string())
}

/// Parses a set id (`--set`, `--supersedes`).
pub(crate) fn parse_set_id(s: &str) -> Result<SetId, String> {
    SetId::parse(s).ok_or_else(|| {
        format!("'{}' is not a set id: give its 16 characters, like 7K3F-Q2XA-9M1C-ZZ4P", shown(s))
    })
}

/// Parses a fingerprint (`--expect`).
pub(crate) fn parse_fingerprint(s: &str) -> Result<Fingerprint, String> {
    Fingerprint::parse(s).ok_or_else(|| {
        format!(
            "'{}' is not a fingerprint: give its 16 characters as the record shows them, like X8R7-TXZP-39BJ-T98K",
            shown(s)
        )
    })
}

/// An option value as a message shows it: cut short and with control characters escaped, so that a
/// pasted blob or a newline cannot fill the terminal or start a line of its own.
fn shown(s: &str) -> String {
    let cut: String = s.chars().take(40).collect();
    let cut = if cut.len() < s.len() { format!("{cut}…") } else { cut };
    cut.escape_debug().to_string()
}

/// A value parser whose error is the parser's own sentence, which shows the value cut short; clap's
/// own error would first repeat the whole value (10,000 characters of a paste, or a newline).
#[derive(Clone, Copy)]
pub(crate) struct Checked<T>(pub(crate) fn(&str) -> Result<T, String>);

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Checked<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        // Not UTF-8: the replacement characters are shown, and no parser accepts them.
        let text = value.to_string_lossy();
        (self.0)(&text).map_err(|why| {
            let name = arg.map_or_else(String::new, |a| format!(" for '{a}'"));
            let message = format!("invalid value{name}: {why}\n");
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, message).with_cmd(cmd)
        })
    }
}

/// The optional passphrase that recovery needs besides the shares; shared by `split`, `new` and
/// `rotate`.
#[derive(clap::Args, Clone)]
pub(crate) struct PassphraseOptions {
    /// Also require a passphrase to recover: asked twice, hidden. Keep it apart from the sheets.
    #[arg(long)]
    pub(crate) passphrase: bool,
    /// Like --passphrase, reading it from FILE (one trailing newline removed).
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase")]
    pub(crate) passphrase_file: Option<PathBuf>,
}

impl PassphraseOptions {
    /// Whether a passphrase was asked for.
    pub(crate) fn wanted(&self) -> bool {
        self.passphrase || self.passphrase_file.is_some()
    }

    /// The passphrase, when one was asked for: read from its file or asked twice at the terminal.
    pub(crate) fn read(&self) -> Result<Option<Secret>, CliError> {
        if !self.wanted() {
            return Ok(None);
        }
        prompt::read_passphrase(self.passphrase_file.as_deref(), true, "--passphrase-file").map(Some)
    }
}

/// Generator options shared by `generate`, `new` and `rotate`.
#[derive(clap::Args, Clone)]
pub(crate) struct GenOptions {
    /// Password length in characters (16 up to the profile's maximum).
    #[arg(long, short = 'l', value_name = "N", default_value_t = DEFAULT_LENGTH, value_parser = Checked(parse_length))]
    pub(crate) length: usize,
    /// Target platform of the password [default: entra].
    #[arg(long, value_name = "P", value_parser = profile_parser())]
    pub(crate) profile: Option<Platform>,
    /// Use every symbol the platform accepts, including look-alikes, quote marks and dead keys.
    #[arg(long)]
    pub(crate) all_symbols: bool,
    /// A name the password must not contain a 4-character piece of (account, UPN, tenant); repeatable.
    #[arg(long, value_name = "TEXT")]
    pub(crate) avoid: Vec<String>,
}

fn parse_length(s: &str) -> Result<usize, String> {
    let n: usize = s.parse().map_err(|_| format!("'{}' is not a whole number of characters", shown(s)))?;
    if n < MIN_LENGTH {
        return Err(format!("{}; use --length {MIN_LENGTH} or more", PasswordError::TooShort(n)));
    }
    if n > MAX_LENGTH {
        return Err(format!("{n} characters is more than any platform accepts (at most {MAX_LENGTH})"));
    }
    Ok(n)
}

/// The password profiles, each with its rule as help (and as shell completions).
fn profile_parser() -> impl TypedValueParser<Value = Platform> {
    let values: Vec<PossibleValue> =
        PLATFORMS.iter().map(|p| PossibleValue::new(p.name).help(p.about)).collect();
    PossibleValuesParser::new(values).map(|s| Platform::by_name(&s).unwrap_or(PLATFORMS[0]))
}

impl GenOptions {
    /// The profile asked for, or the default (Entra).
    pub(crate) fn profile(&self) -> Platform {
        self.profile.unwrap_or(PLATFORMS[0])
    }

    /// The policy these options ask for, also avoiding the names in `more_avoid` (such as the label),
    /// checked to allow the length asked for.
    pub(crate) fn policy(&self, more_avoid: &[String]) -> Result<Policy, CliError> {
        if self.avoid.len() > MAX_AVOID || self.avoid.iter().any(|a| a.chars().count() > MAX_AVOID_CHARS) {
            return Err(CliError::Avoid);
        }
        let avoid: Vec<String> = self.avoid.iter().chain(more_avoid).cloned().collect();
        let policy = self.profile().policy(self.all_symbols, &avoid);
        policy.check_length(self.length)?;
        Ok(policy)
    }

    /// One sentence on the strength of what these options produce.
    pub(crate) fn entropy_note(&self, policy: &Policy) -> String {
        format!(
            "entropy: {:.1} bits per password ({} characters from the {} alphabet of {} characters)",
            policy.entropy_bits(self.length),
            self.length,
            policy.name,
            policy.alphabet().len()
        )
    }
}

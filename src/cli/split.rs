//! `breakglass split`: split a secret from stdin (or a hidden prompt) into share files.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use breakglass::Secret;
use breakglass::alert::ObjectId;
use breakglass::date::Date;
use breakglass::fingerprint::{self, Fingerprint};
use breakglass::passphrase;
use breakglass::render::record::{self, RecordInfo};
use breakglass::render::{Paper, SheetOptions, pdf, textfile};
use breakglass::share::{Kind, Lineage, Share};
use breakglass::sharing::{self, SplitParams};

use super::{CliError, io};

/// Arguments of `split`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  breakglass split -t 2 -n 3 --label admin@example.com --out-dir shares   (asks for the secret, hidden)\n  \
breakglass split -t 2 -n 3 --format text --out-dir d < secret.txt"
)]
pub struct Args {
    /// What the secret is: password, pin, text, totp (an otpauth:// URI), codes (one per line) or file.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// Read the secret from FILE, exact bytes, up to 64 KiB (the kind is then file unless --kind says).
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    #[command(flatten)]
    pub pass: PassphraseOptions,
    #[command(flatten)]
    pub set: SetOptions,
    #[command(flatten)]
    pub out: OutputOptions,
    #[command(flatten)]
    pub airgap: super::airgap::Guard,
}

/// The optional passphrase that recovery needs besides the shares; shared by `split`, `new` and
/// `rotate`.
#[derive(clap::Args, Clone)]
pub struct PassphraseOptions {
    /// Also require a passphrase to recover: asked twice, hidden. Keep it apart from the sheets.
    #[arg(long)]
    pub passphrase: bool,
    /// Like --passphrase, reading it from FILE (one trailing newline removed).
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase")]
    pub passphrase_file: Option<PathBuf>,
}

impl PassphraseOptions {
    /// The passphrase, when one was asked for: read from its file or asked twice at the terminal.
    pub fn read(&self) -> Result<Option<Secret>, CliError> {
        if !self.passphrase && self.passphrase_file.is_none() {
            return Ok(None);
        }
        io::read_passphrase(self.passphrase_file.as_deref(), true, "--passphrase-file").map(Some)
    }
}

/// Encrypts `secret` under `pass` into the envelope that is shared instead of it.
pub fn seal(secret: &Secret, pass: &Secret) -> Result<Secret, CliError> {
    let mut rng = io::os_rng()?;
    let _p = io::Progress::start("Deriving the key from the passphrase (Argon2id, 64 MiB)");
    passphrase::seal(secret, pass, &mut rng).map_err(|e| CliError::Failed(e.to_string()))
}

/// Opens an envelope with `pass`, showing progress while the key is derived.
pub fn open(envelope: &Secret, pass: &Secret) -> Result<Secret, passphrase::PassphraseError> {
    let _p = io::Progress::start("Deriving the key from the passphrase (Argon2id)");
    passphrase::open(envelope, pass)
}

/// How many shares, and how many recover.
#[derive(clap::Args, Clone)]
pub struct SetOptions {
    /// Shares needed to recover the secret (k, at least 2).
    #[arg(short = 't', long = "threshold", value_name = "K", default_value_t = 2)]
    pub threshold: u8,
    /// Shares to make (n, at most 255).
    #[arg(short = 'n', long = "shares", value_name = "N", default_value_t = 3)]
    pub total: u8,
}

/// Where and how the shares are written; shared by `split`, `new` and `rotate`.
#[derive(clap::Args, Clone)]
pub struct OutputOptions {
    /// What the secret opens, e.g. the account's UPN; printed on each sheet (see --discreet).
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    /// Leave the label off the sheets (it is still shown in this command's summary).
    #[arg(long)]
    pub discreet: bool,
    /// Directory for the share files; created (mode 0700) if missing.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out_dir: PathBuf,
    /// Write PDF sheets, text files, or both.
    #[arg(long, value_enum, default_value_t = Format::Pdf)]
    pub format: Format,
    /// Paper size of the PDF sheets.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// Replace share files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Add the recovery program (Python, for use without breakglass) to every sheet; the ceremony
    /// record always has it.
    #[arg(long)]
    pub appendix: bool,
    /// The account's user principal name, for the ceremony record.
    #[arg(long, value_name = "UPN")]
    pub upn: Option<String>,
    /// The account's Entra object id (GUID), for the record and its monitoring query; repeatable.
    #[arg(long = "object-id", value_name = "ID", value_parser = parse_object_id)]
    pub object_ids: Vec<ObjectId>,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::by_name(s)
        .ok_or_else(|| format!("'{s}' is not a kind of secret: use password, pin, text, totp, codes or file"))
}

fn parse_object_id(s: &str) -> Result<ObjectId, String> {
    ObjectId::parse(s).map_err(|e| e.to_string())
}

/// Output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One printable PDF sheet per share.
    Pdf,
    /// One text file per share.
    Text,
    /// Both.
    Both,
}

/// Paper sizes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl SetOptions {
    /// Checks 2 <= K <= N (N <= 255 is the type's own limit), before any other work or warning.
    pub fn check(&self) -> Result<(), CliError> {
        let (threshold, total) = (self.threshold, self.total);
        if threshold < 2 || total < threshold {
            return Err(CliError::Usage(format!(
                "-t {threshold} -n {total} is not possible: use 2 <= K <= N <= 255, e.g. -t 2 -n 3"
            )));
        }
        Ok(())
    }

    /// The split parameters for a secret of `kind` made today.
    pub fn params(&self, kind: Kind, lineage: Lineage) -> Result<SplitParams, CliError> {
        self.check()?;
        let (threshold, total) = (self.threshold, self.total);
        let created = Date::today().ok_or_else(|| {
            CliError::Failed(
                "the system clock is outside 1970-2149; set the date before making shares".into(),
            )
        })?;
        Ok(SplitParams { threshold, total, kind, created, lineage, passphrase: false })
    }
}

impl OutputOptions {
    /// Checks the options before any work is done.
    pub fn check(&self) -> Result<(), CliError> {
        match &self.label {
            Some(l) => io::check_label(l),
            None => Ok(()),
        }
    }

    /// The files a set will be written to, in share order.
    pub fn paths_for(&self, total: u8) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if self.format != Format::Text {
            out.push(self.out_dir.join("record.pdf"));
        }
        if self.format != Format::Pdf {
            out.push(self.out_dir.join("record.txt"));
        }
        for i in 1..=total {
            let stem = format!("share-{i}-of-{total}");
            if self.format != Format::Text {
                out.push(self.out_dir.join(format!("{stem}.pdf")));
            }
            if self.format != Format::Pdf {
                out.push(self.out_dir.join(format!("{stem}.txt")));
            }
        }
        out
    }

    fn sheet_options(&self) -> SheetOptions<'_> {
        SheetOptions {
            label: if self.discreet { None } else { self.label.as_deref() },
            paper: match self.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            },
            appendix: self.appendix,
        }
    }

    /// Renders and writes every share and the ceremony record; refuses before writing anything if a
    /// file exists.
    pub fn write_set(
        &self,
        shares: &[Share],
        fingerprint: Option<Fingerprint>,
        supersedes: Option<String>,
    ) -> Result<Vec<PathBuf>, CliError> {
        let Some(first) = shares.first() else { return Ok(Vec::new()) };
        let paths = self.paths_for(first.header.total);
        io::check_free(&paths, self.force)?;
        io::ensure_dir(&self.out_dir)?;
        let opts = self.sheet_options();
        let mut contents = Vec::with_capacity(paths.len());
        let info = RecordInfo {
            header: &first.header,
            fingerprint,
            label: self.label.as_deref(),
            upn: self.upn.as_deref(),
            object_ids: &self.object_ids,
            supersedes,
        };
        if self.format != Format::Text {
            contents.push(record::pdf(&info, opts.paper));
        }
        if self.format != Format::Pdf {
            contents.push(record::text(&info).into_bytes());
        }
        for s in shares {
            if self.format != Format::Text {
                contents.push(pdf::sheet(s, &opts));
            }
            if self.format != Format::Pdf {
                contents.push(textfile::sheet(s, &opts).into_bytes());
            }
        }
        for (path, data) in paths.iter().zip(&contents) {
            io::write_file(path, data, self.force)?;
        }
        Ok(paths)
    }
}

/// Lists written files for the summary, one per line.
pub fn list_paths(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| format!("  {}", display(p))).collect::<Vec<_>>().join("\n")
}

fn display(p: &Path) -> String {
    p.strip_prefix(".").unwrap_or(p).display().to_string()
}

/// Runs `split`.
pub fn run(args: Args) -> Result<(), CliError> {
    args.set.check()?;
    args.out.check()?;
    args.airgap.check()?;
    let kind = args.kind.unwrap_or(if args.input.is_some() { Kind::File } else { Kind::Password });
    let params = args.set.params(kind, Lineage::FIRST)?;
    io::check_free(&args.out.paths_for(params.total), args.out.force)?;
    let secret = match &args.input {
        Some(path) => io::read_secret_file(path)?,
        None => io::read_secret("secret")?,
    };
    kind.check(secret.expose()).map_err(|e| CliError::Failed(format!("{e}; nothing was written")))?;
    let pass = args.pass.read()?;
    let secret = match &pass {
        Some(p) => seal(&secret, p)?,
        None => secret,
    };
    let params = SplitParams { passphrase: pass.is_some(), ..params };
    let mut rng = io::os_rng()?;
    let shares = sharing::split(&secret, &params, &mut rng)?;
    let set = shares[0].header.set_id;
    let fingerprint = {
        let _p = io::Progress::start("Computing the set fingerprint (Argon2id, 64 MiB)");
        fingerprint::fingerprint(&secret, &set)?
    };
    let paths = args.out.write_set(&shares, Some(fingerprint), None)?;
    eprintln!(
        "Wrote {} shares of set {set} and its ceremony record; any {} of the shares recover the secret:\n{}\n\
         Fingerprint: {fingerprint} (in the record; breakglass drill shows the same one)",
        params.total,
        params.threshold,
        list_paths(&paths)
    );
    Ok(())
}

//! File and terminal I/O shared by the commands: reading the secret, reading inputs, writing outputs
//! atomically with mode 0600 and without overwriting, and printing a secret.

use std::fs::{self, OpenOptions};
use std::io::{self, IsTerminal, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use rand::TryRng;
use rand::rand_core::UnwrapErr;
use rand::rngs::SysRng;
use zeroize::Zeroizing;

use breakglass::Secret;
use breakglass::sharing::MAX_SECRET_LEN;

use super::CliError;

/// Largest input file read (a share file is far smaller; a 600 dpi scan can be tens of MiB).
const MAX_INPUT: u64 = 64 << 20;

/// Reads the secret: exact bytes from stdin when it is not a terminal (one trailing newline removed),
/// otherwise twice at a hidden prompt.
pub fn read_secret(what: &str) -> Result<Secret, CliError> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        let first = Zeroizing::new(
            rpassword::prompt_password(format!("Enter the {what} (input is hidden): "))
                .map_err(|source| CliError::Read { path: "the terminal".into(), source })?,
        );
        let second = Zeroizing::new(
            rpassword::prompt_password(format!("Enter the {what} again: "))
                .map_err(|source| CliError::Read { path: "the terminal".into(), source })?,
        );
        if first.as_bytes() != second.as_bytes() {
            return Err(CliError::Failed(format!(
                "the two entries of the {what} differ; nothing was written, run the command again"
            )));
        }
        return Ok(Secret::from_slice(first.as_bytes()));
    }
    let mut buf = Secret::with_capacity(MAX_SECRET_LEN + 2);
    let fits = read_into(&mut stdin.lock(), &mut buf)
        .map_err(|source| CliError::Read { path: "standard input".into(), source })?;
    strip_newline(&mut buf);
    if !fits || buf.len() > MAX_SECRET_LEN {
        return Err(CliError::Failed(format!(
            "the secret on standard input is longer than the limit of {MAX_SECRET_LEN} bytes; nothing was written"
        )));
    }
    if buf.is_empty() {
        return Err(CliError::Failed(format!(
            "standard input held no {what}; pipe it in (printf '%s' \"$SECRET\" is unsafe: prefer a file or the hidden prompt)"
        )));
    }
    Ok(buf)
}

/// Reads everything from `input` into `secret`, whose buffer was reserved (and locked) up front so it
/// never moves and leaves no copy behind; false when the input did not fit.
fn read_into(input: &mut impl Read, secret: &mut Secret) -> io::Result<bool> {
    let mut chunk = Zeroizing::new([0u8; 4096]);
    loop {
        let n = match input.read(&mut chunk[..]) {
            Ok(0) => return Ok(true),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if !secret.push_slice(&chunk[..n]) {
            return Ok(false);
        }
    }
}

/// Removes one trailing newline (`\n` or `\r\n`).
fn strip_newline(secret: &mut Secret) {
    let mut end = secret.len();
    if secret.expose().last() == Some(&b'\n') {
        end -= 1;
        if end > 0 && secret.expose()[end - 1] == b'\r' {
            end -= 1;
        }
    }
    secret.truncate(end);
}

/// A passphrase: from FILE (exact bytes, one trailing newline removed), or asked at the terminal
/// (hidden; twice when `confirm`); `option` names the option that gives the file, for the message.
pub fn read_passphrase(file: Option<&Path>, confirm: bool, option: &str) -> Result<Secret, CliError> {
    if let Some(path) = file {
        let mut p = read_secret_file(path)?;
        strip_newline(&mut p);
        return Ok(p);
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map(Zeroizing::new).map_err(|_| {
            CliError::Failed(format!("a passphrase is needed: give {option} FILE, or run this on a terminal"))
        })
    };
    let first = ask("Passphrase (input is hidden): ")?;
    if confirm && *ask("Passphrase again: ")? != *first {
        return Err(CliError::Failed("the two entries of the passphrase differ; nothing was written".into()));
    }
    Ok(Secret::from_slice(first.as_bytes()))
}

/// Reads a secret file: exact bytes, at most the split limit, into locked memory.
pub fn read_secret_file(path: &Path) -> Result<Secret, CliError> {
    let err = |source| CliError::Read { path: path.display().to_string(), source };
    let mut file = fs::File::open(path).map_err(err)?;
    let size = file.metadata().map_err(err)?.len();
    if size > MAX_SECRET_LEN as u64 {
        return Err(CliError::Failed(format!(
            "{} is {size} bytes, more than the limit of {MAX_SECRET_LEN} bytes (64 KiB); nothing was written",
            path.display()
        )));
    }
    let mut secret = Secret::with_capacity(MAX_SECRET_LEN);
    if !read_into(&mut file, &mut secret).map_err(err)? {
        return Err(CliError::Failed(format!(
            "{} grew past {MAX_SECRET_LEN} bytes while being read",
            path.display()
        )));
    }
    if secret.is_empty() {
        return Err(CliError::Failed(format!("{} is empty; nothing was written", path.display())));
    }
    Ok(secret)
}

/// What an input file turned out to be.
pub enum Input {
    /// Text to scan for shares.
    Text(String),
    /// A PNG or JPEG image, to search for QR codes.
    Image(Vec<u8>),
    /// Bytes that are a PDF rather than text, with a hint on what to do.
    NotText(&'static str),
}

/// Reads an input (`-` for stdin) up to [`MAX_INPUT`] bytes.
pub fn read_input(name: &str) -> Result<Input, CliError> {
    let mut bytes = Vec::new();
    let err = |source| CliError::Read { path: name.to_string(), source };
    if name == "-" {
        io::stdin().lock().take(MAX_INPUT + 1).read_to_end(&mut bytes).map_err(err)?;
    } else {
        fs::File::open(name).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes)).map_err(err)?;
    }
    if bytes.len() as u64 > MAX_INPUT {
        return Err(CliError::Failed(format!(
            "{name} is larger than {} MiB, too large for a share or a photo of one; give a smaller file",
            MAX_INPUT >> 20
        )));
    }
    if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xff\xd8\xff") {
        return Ok(Input::Image(bytes));
    }
    if bytes.starts_with(b"%PDF") {
        return Ok(Input::NotText(
            "is a PDF; extract its text first: `pdftotext FILE - | breakglass combine -`",
        ));
    }
    Ok(Input::Text(String::from_utf8_lossy(&bytes).into_owned()))
}

/// Creates `dir` (mode 0700) if it does not exist.
pub fn ensure_dir(dir: &Path) -> Result<(), CliError> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|source| CliError::Write { path: dir.to_path_buf(), source })
}

/// Refuses, before anything is written, if any of `paths` exists and `force` is not set.
pub fn check_free(paths: &[PathBuf], force: bool) -> Result<(), CliError> {
    match paths.iter().find(|p| p.exists()) {
        Some(p) if !force => Err(CliError::Exists(p.clone())),
        _ => Ok(()),
    }
}

/// Writes `data` to `path` atomically with mode 0600: a new file in the same directory, synced, then
/// linked into place (which fails if `path` exists) or, with `force`, renamed over it.
pub fn write_file(path: &Path, data: &[u8], force: bool) -> Result<(), CliError> {
    let werr = |source| CliError::Write { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp).map_err(werr)?;
        f.write_all(data).and_then(|()| f.sync_all()).map_err(werr)?;
        drop(f);
        if force {
            fs::rename(&tmp, path).map_err(werr)?;
        } else {
            match fs::hard_link(&tmp, path) {
                Ok(()) => fs::remove_file(&tmp).map_err(werr)?,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(CliError::Exists(path.to_path_buf()));
                }
                // File systems without hard links (FAT on a USB stick): check, then rename.
                Err(_) if !path.exists() => fs::rename(&tmp, path).map_err(werr)?,
                Err(_) => return Err(CliError::Exists(path.to_path_buf())),
            }
        }
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Prints a secret on stdout followed by a newline, and nothing else.
pub fn print_secret(secret: &Secret) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    out.write_all(secret.expose())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|source| CliError::Write { path: "standard output".into(), source })
}

/// A note on stderr while slow work runs, shown only when stderr is a terminal (scripts and logs get
/// nothing); it ends with "done" when dropped.
pub struct Progress(bool);

impl Progress {
    /// Starts showing `what`.
    pub fn start(what: &str) -> Progress {
        let shown = io::stderr().is_terminal();
        if shown {
            eprint!("{what}… ");
            let _ = io::stderr().flush();
        }
        Progress(shown)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.0 {
            eprintln!("done");
        }
    }
}

/// A label given on the command line, checked to be printable on a sheet.
pub fn check_label(label: &str) -> Result<(), CliError> {
    // Sheets use the standard PDF fonts, which print Latin-1; anything else would come out garbled.
    if !label.chars().all(|c| matches!(c, ' '..='~' | '\u{a0}'..='\u{ff}')) {
        return Err(CliError::Usage(
            "--label must be one line of printable Latin-1 text (no tabs, newlines or other scripts)".into(),
        ));
    }
    if label.chars().count() > 120 {
        return Err(CliError::Usage(
            "--label is longer than 120 characters; shorten it to the account name".into(),
        ));
    }
    Ok(())
}

/// The operating system's CSPRNG, the only randomness the binary uses.
pub type OsRng = UnwrapErr<SysRng>;

/// The OS CSPRNG, after checking that it answers (so a broken one is an error, not a panic later).
pub fn os_rng() -> Result<OsRng, CliError> {
    let mut probe = Zeroizing::new([0u8; 32]);
    SysRng.try_fill_bytes(&mut probe[..]).map_err(|e| {
        CliError::Failed(format!(
            "the operating system's random number generator is not available ({e}); nothing was generated"
        ))
    })?;
    Ok(UnwrapErr(SysRng))
}

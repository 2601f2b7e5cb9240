//! Reading secrets and passphrases: exact bytes from stdin or a file, or typed twice at a hidden
//! prompt; and the progress note shown on a terminal while slow work runs.

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;

use zeroize::Zeroizing;

use breakglass::{MAX_SECRET_LEN, Secret, check_new_passphrase};

use super::console::{say, say_raw};
use super::error::CliError;

/// Reads the secret: exact bytes from stdin when it is not a terminal (one trailing newline removed),
/// otherwise twice at a hidden prompt.
pub(crate) fn read_secret(what: &'static str) -> Result<Secret, CliError> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        let ask = |prompt: String| {
            ask_hidden(&prompt, what, |source| CliError::Read { path: "the terminal".into(), source })
        };
        let first = ask(format!("Enter the {what} (input is hidden): "))?;
        if first.is_empty() {
            return Err(CliError::TypedNothing { what });
        }
        let second = ask(format!("Enter the {what} again: "))?;
        if first.as_bytes() != second.as_bytes() {
            return Err(CliError::EntriesDiffer { what });
        }
        return Ok(Secret::from_slice(first.as_bytes()));
    }
    let mut buf = Secret::with_capacity(MAX_SECRET_LEN + 2);
    let fits = read_into(&mut super::hygiene::RawStdin, &mut buf)
        .map_err(|source| CliError::Read { path: "standard input".into(), source })?;
    strip_newline(&mut buf);
    if !fits || buf.len() > MAX_SECRET_LEN {
        return Err(CliError::StdinTooLong);
    }
    if buf.is_empty() {
        return Err(CliError::StdinEmpty { what });
    }
    Ok(buf)
}

/// One hidden entry at the terminal: the input ending there (Ctrl-D) means nothing was typed;
/// `otherwise` says what any other failure to read it means.
fn ask_hidden(
    prompt: &str,
    what: &'static str,
    otherwise: impl Fn(io::Error) -> CliError,
) -> Result<Zeroizing<String>, CliError> {
    rpassword::prompt_password(prompt).map(Zeroizing::new).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => CliError::TypedNothing { what },
        _ => otherwise(e),
    })
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
pub(crate) fn read_passphrase(
    file: Option<&Path>,
    confirm: bool,
    option: &'static str,
) -> Result<Secret, CliError> {
    if let Some(path) = file {
        let empty = || CliError::PassphraseFileEmpty { path: path.to_path_buf(), option };
        let mut p = match read_secret_file(path) {
            Err(CliError::SecretFileEmpty { .. }) => return Err(empty()),
            other => other?,
        };
        strip_newline(&mut p);
        // A new passphrase of only blanks is none; opening, any bytes may be one (older sets).
        if p.is_empty() || (confirm && p.expose().iter().all(u8::is_ascii_whitespace)) {
            return Err(empty());
        }
        if p.expose().iter().any(|&b| b == b'\n' || b == b'\r') {
            return Err(CliError::PassphraseFileLines { path: path.to_path_buf(), option });
        }
        return Ok(p);
    }
    let ask = |prompt: &str| ask_hidden(prompt, "passphrase", |_| CliError::PassphraseNeeded { option });
    let first = Secret::from_slice(ask("Passphrase (input is hidden): ")?.as_bytes());
    if confirm {
        // A new passphrase: refused at once when it cannot be one, before it is typed again.
        if first.is_empty() {
            return Err(CliError::TypedNothing { what: "passphrase" });
        }
        check_new_passphrase(&first)?;
        if ask("Passphrase again: ")?.as_bytes() != first.expose() {
            return Err(CliError::EntriesDiffer { what: "passphrase" });
        }
    }
    Ok(first)
}

/// Reads a secret file: exact bytes, at most the split limit, into locked memory.
pub(crate) fn read_secret_file(path: &Path) -> Result<Secret, CliError> {
    let err = |source| CliError::Read { path: path.display().to_string(), source };
    let mut file = fs::File::open(path).map_err(err)?;
    let size = file.metadata().map_err(err)?.len();
    if size > MAX_SECRET_LEN as u64 {
        return Err(CliError::SecretFileTooLarge { path: path.to_path_buf(), size });
    }
    let mut secret = Secret::with_capacity(MAX_SECRET_LEN);
    if !read_into(&mut file, &mut secret).map_err(err)? {
        return Err(CliError::SecretFileGrew { path: path.to_path_buf() });
    }
    if secret.is_empty() {
        return Err(CliError::SecretFileEmpty { path: path.to_path_buf() });
    }
    Ok(secret)
}

/// A note on stderr while slow work runs, shown only when stderr is a terminal (scripts and logs get
/// nothing); it ends with "done" when dropped.
pub(crate) struct Progress(bool);

impl Progress {
    /// Starts showing `what`.
    pub(crate) fn start(what: &str) -> Progress {
        let shown = io::stderr().is_terminal();
        if shown {
            say_raw!("{what}… ");
            let _ = io::stderr().flush();
        }
        Progress(shown)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.0 {
            say!("done");
        }
    }
}

//! Files: reading inputs (bytes, size-limited) for recovery, and writing outputs atomically with mode
//! 0600 and without overwriting; and printing a secret on standard output.

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use breakglass::{Input, Secret};

use super::error::CliError;

/// Largest input file read (a share file is far smaller; a 600 dpi scan can be tens of MiB).
const MAX_INPUT: u64 = 64 << 20;

/// Reads an input (`-` for stdin) up to [`MAX_INPUT`] bytes, named as messages will show it.
pub(crate) fn read_input(name: &str) -> Result<Input, CliError> {
    let mut bytes = Vec::new();
    let err = |source| CliError::Read { path: name.to_string(), source };
    if name == "-" {
        io::stdin().lock().take(MAX_INPUT + 1).read_to_end(&mut bytes).map_err(err)?;
    } else {
        fs::File::open(name).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes)).map_err(err)?;
    }
    if bytes.len() as u64 > MAX_INPUT {
        return Err(CliError::InputTooLarge { name: name.to_string(), mib: MAX_INPUT >> 20 });
    }
    let shown = if name == "-" { "standard input" } else { name };
    Ok(Input::new(shown, bytes))
}

/// Creates `dir` (mode 0700) if it does not exist.
pub(crate) fn ensure_dir(dir: &Path) -> Result<(), CliError> {
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
pub(crate) fn check_free(paths: &[PathBuf], force: bool) -> Result<(), CliError> {
    match paths.iter().find(|p| p.exists()) {
        Some(p) if !force => Err(CliError::Exists(p.clone())),
        _ => Ok(()),
    }
}

/// Writes `data` to `path` atomically with mode 0600: a new file in the same directory, synced, then
/// linked into place (which fails if `path` exists) or, with `force`, renamed over it.
pub(crate) fn write_file(path: &Path, data: &[u8], force: bool) -> Result<(), CliError> {
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
pub(crate) fn print_secret(secret: &Secret) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    out.write_all(secret.expose())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|source| CliError::Write { path: "standard output".into(), source })
}

//! Files: reading inputs (bytes, size-limited) for recovery, and writing outputs atomically with mode
//! 0600 and without overwriting; and printing a secret on standard output.

use std::fs::{self, OpenOptions};
use std::io::{self, IsTerminal, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use breakglass::{Input, Secret};
use zeroize::Zeroizing;

use super::console::{out_bytes, say};
use super::error::CliError;
use super::hygiene::{catch_signals, interrupted, link_unnamed};

/// Largest input file read (a share file is far smaller; a 600 dpi scan can be tens of MiB).
const MAX_INPUT: u64 = 64 << 20;

/// Reads an input (`-` for stdin) up to [`MAX_INPUT`] bytes, named as messages will show it, into a
/// buffer that is wiped when dropped (k shares together are the secret) and never left behind by a
/// reallocation.
pub(crate) fn read_input(name: &str) -> Result<Input, CliError> {
    let err = |source| CliError::Read { path: name.to_string(), source };
    let bytes = if name == "-" {
        read_wiped(&mut super::hygiene::RawStdin, 0)
    } else {
        let mut f = fs::File::open(name).map_err(err)?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0).min(MAX_INPUT + 1);
        read_wiped(&mut f, size as usize)
    }
    .map_err(err)?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(CliError::InputTooLarge { name: name.to_string(), mib: MAX_INPUT >> 20 });
    }
    let shown = if name == "-" { "standard input" } else { name };
    Ok(Input::new(shown, bytes))
}

/// Reads up to `MAX_INPUT + 1` bytes; a buffer that fills up moves to one twice its size and the old
/// one is wiped.
fn read_wiped(reader: &mut impl Read, hint: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(hint.max(4096) + 1));
    loop {
        if buf.len() == buf.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(buf.capacity() * 2));
            bigger.extend_from_slice(&buf);
            buf = bigger;
        }
        let start = buf.len();
        let room = (buf.capacity() - start).min((MAX_INPUT + 1) as usize - start);
        buf.resize(start + room, 0);
        match reader.read(&mut buf[start..]) {
            Ok(0) => {
                buf.truncate(start);
                return Ok(buf);
            }
            Ok(n) => buf.truncate(start + n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => buf.truncate(start),
            Err(e) => return Err(e),
        }
        if buf.len() as u64 > MAX_INPUT {
            return Ok(buf);
        }
    }
}

/// Checks an output path before any work or typing: it must be absent, or (with `force`) a regular
/// file — never a directory, device, FIFO, socket or symbolic link, which a rename would replace or
/// a write would follow somewhere else.
pub(crate) fn check_output(path: &Path, force: bool) -> Result<(), CliError> {
    if path == Path::new("-") {
        return Err(CliError::OutputDash);
    }
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound && !dir_of(path).is_dir() => Err(CliError::Write {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::NotFound, "its directory does not exist"),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(CliError::Write { path: path.to_path_buf(), source }),
        Ok(m) if !m.file_type().is_file() => Err(CliError::NotRegular(path.to_path_buf())),
        Ok(_) if !force => Err(CliError::Exists(path.to_path_buf())),
        Ok(_) => Ok(()),
    }
}

/// The directory a path is in (`.` for a bare name).
fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The name a half-placed output gets for an instant (`.NAME.breakglass-PID`), so that a run killed
/// right then leaves a file the next run recognises.
fn temp_name(path: &Path, pid: u32) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    dir_of(path).join(format!(".{name}.breakglass-{pid}"))
}

/// Removes what killed runs left in the directory of `path` (a `.NAME.breakglass-PID` of a process
/// that is gone, whatever its NAME), saying so.
fn remove_stale(path: &Path) {
    let Ok(entries) = fs::read_dir(dir_of(path)) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        // `.NAME.breakglass-PID`, for any NAME: an output of another name killed in this directory.
        let pid = file
            .strip_prefix('.')
            .and_then(|f| f.rsplit_once(".breakglass-"))
            .filter(|(name, _)| !name.is_empty())
            .and_then(|(_, p)| p.parse::<u32>().ok());
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file
            && pid.is_some_and(|p| p != std::process::id() && !Path::new(&format!("/proc/{p}")).exists())
            && fs::remove_file(entry.path()).is_ok()
        {
            say!("note: removed {}, left by an interrupted run.", entry.path().display());
        }
    }
}

/// Writes a secret to `path`, mode 0600, so that it never exists half-written under any name: it is
/// written to an unnamed file (`O_TMPFILE`) in the same directory, synced, and then given its name
/// (which fails if the name is taken) or, with `force`, renamed over the regular file there. On file
/// systems without unnamed files, a named `.NAME.breakglass-PID` is used and removed on any failure or
/// interrupt.
pub(crate) fn write_file(path: &Path, data: &[u8], force: bool) -> Result<(), CliError> {
    check_output(path, force)?;
    remove_stale(path);
    let _signals = catch_signals();
    let werr = |source| CliError::Write { path: path.to_path_buf(), source };
    let tmp = temp_name(path, std::process::id());
    let unnamed = OpenOptions::new().write(true).mode(0o600).custom_flags(libc::O_TMPFILE).open(dir_of(path));
    let result = match unnamed {
        Ok(mut f) => {
            f.write_all(data).and_then(|()| f.sync_all()).map_err(werr)?;
            stop_if_interrupted()?;
            place_unnamed(&f, path, &tmp, force)
        }
        Err(_) => place_named(path, &tmp, data, force),
    };
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    if let Ok(d) = fs::File::open(dir_of(path)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Gives the written unnamed file its name.
fn place_unnamed(f: &fs::File, path: &Path, tmp: &Path, force: bool) -> Result<(), CliError> {
    let werr = |source| CliError::Write { path: path.to_path_buf(), source };
    if !force {
        return match link_unnamed(f, path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(CliError::Exists(path.to_path_buf())),
            other => other.map_err(werr),
        };
    }
    link_unnamed(f, tmp).map_err(werr)?;
    check_output(path, true)?;
    fs::rename(tmp, path).map_err(werr)
}

/// Writes `data` to the named temporary file and moves it into place.
fn place_named(path: &Path, tmp: &Path, data: &[u8], force: bool) -> Result<(), CliError> {
    let werr = |source| CliError::Write { path: path.to_path_buf(), source };
    let mut f = OpenOptions::new().write(true).create_new(true).mode(0o600).open(tmp).map_err(werr)?;
    f.write_all(data).and_then(|()| f.sync_all()).map_err(werr)?;
    drop(f);
    stop_if_interrupted()?;
    if force {
        check_output(path, true)?;
        return fs::rename(tmp, path).map_err(werr);
    }
    match fs::hard_link(tmp, path) {
        Ok(()) => fs::remove_file(tmp).map_err(werr),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(CliError::Exists(path.to_path_buf())),
        // File systems without hard links (FAT on a USB stick): check, then rename.
        Err(_) if !path.exists() => fs::rename(tmp, path).map_err(werr),
        Err(_) => Err(CliError::Exists(path.to_path_buf())),
    }
}

/// Stops with [`CliError::Interrupted`] once an interrupt signal was caught.
pub(crate) fn stop_if_interrupted() -> Result<(), CliError> {
    match interrupted() {
        Some(signal) => Err(CliError::Interrupted(signal)),
        None => Ok(()),
    }
}

/// Prints a secret on stdout followed by a newline, and nothing else; to a terminal, only one it
/// shows as written (no control characters but newline and tab, valid UTF-8).
pub(crate) fn print_secret(secret: &Secret) -> Result<(), CliError> {
    if io::stdout().is_terminal() && !shows_as_written(secret.expose()) {
        return Err(CliError::ControlToTerminal);
    }
    let mut line = Zeroizing::new(Vec::with_capacity(secret.len() + 1));
    line.extend_from_slice(secret.expose());
    line.push(b'\n');
    out_bytes(&line)
}

/// Whether a terminal shows `bytes` as written: valid UTF-8 without control characters (escape
/// sequences, carriage returns, C1 codes) other than newline and tab.
fn shows_as_written(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|s| s.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\t')))
}

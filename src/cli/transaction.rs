//! Writing a set all-or-nothing. Every file is first written and synced in a journal directory beside
//! the targets (`DIR/.breakglass-PID/new/`); the names are listed in the journal; existing files of
//! the set (with `--force`) are moved into the journal's `old/`; then the new files are moved into
//! place. The caller shows the password and only then commits (the old files are deleted); if it
//! cannot, or anything fails or is interrupted on the way, the new files are removed and the old ones
//! put back. A run killed outright leaves its journal, which the next run into the same directory
//! finishes: it keeps the new set only if its password was shown (`shown` in the journal).

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use breakglass::Document;

use super::console::say;
use super::error::CliError;
use super::files::stop_if_interrupted;

/// A set moved into place but not yet committed.
pub(crate) struct Placed {
    journal: PathBuf,
    out_dir: PathBuf,
    /// Names moved into place so far.
    placed: Vec<String>,
    /// Names whose old file is kept in the journal.
    kept: Vec<String>,
    created_dir: bool,
}

fn werr(path: &Path) -> impl Fn(io::Error) -> CliError + '_ {
    move |source| CliError::Write { path: path.to_path_buf(), source }
}

fn mkdir(dir: &Path) -> Result<(), CliError> {
    fs::DirBuilder::new().mode(0o700).create(dir).map_err(werr(dir))
}

/// Writes `bytes` to a new file `path` (mode 0600) and syncs it.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let mut f =
        fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(werr(path))?;
    f.write_all(bytes).and_then(|()| f.sync_all()).map_err(werr(path))
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes the documents of a set into `out_dir` (created, mode 0700, if missing), replacing the
/// files there only with `force`; nothing is changed unless every file was written.
pub(crate) fn place_set(out_dir: &Path, docs: &[Document], force: bool) -> Result<Placed, CliError> {
    finish_interrupted(out_dir);
    let created_dir = !out_dir.is_dir();
    if created_dir {
        fs::DirBuilder::new().recursive(true).mode(0o700).create(out_dir).map_err(werr(out_dir))?;
    }
    let journal = out_dir.join(format!(".breakglass-{}", std::process::id()));
    let mut placed =
        Placed { journal, out_dir: out_dir.to_path_buf(), placed: Vec::new(), kept: Vec::new(), created_dir };
    match placed.fill(docs, force) {
        Ok(()) => Ok(placed),
        Err(e) => {
            placed.roll_back();
            Err(e)
        }
    }
}

impl Placed {
    /// Stages every file, then swaps the set into place.
    fn fill(&mut self, docs: &[Document], force: bool) -> Result<(), CliError> {
        let (new, old) = (self.journal.join("new"), self.journal.join("old"));
        mkdir(&self.journal)?;
        mkdir(&new)?;
        mkdir(&old)?;
        for doc in docs {
            write_new(&new.join(&doc.name), &doc.bytes)?;
            stop_if_interrupted()?;
        }
        sync_dir(&new);
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        if let Some(taken) =
            names.iter().map(|n| self.out_dir.join(n)).find(|p| p.exists()).filter(|_| !force)
        {
            return Err(CliError::Exists(taken));
        }
        // With --force the whole old set goes, not only the files of the same names: a set of
        // another n leaves no stray shares beside the new one.
        let mut aside: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        if force {
            aside.extend(set_files(&self.out_dir).into_iter().filter(|n| !names.contains(&n.as_str())));
        }
        write_new(&self.journal.join("placed"), aside.join("\n").as_bytes())?;
        sync_dir(&self.journal);
        for name in &aside {
            let target = self.out_dir.join(name);
            if fs::symlink_metadata(&target).is_ok() {
                fs::rename(&target, old.join(name)).map_err(werr(&target))?;
                self.kept.push(name.to_string());
            }
            stop_if_interrupted()?;
        }
        for name in &names {
            let target = self.out_dir.join(name);
            fs::hard_link(new.join(name), &target).map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => CliError::Exists(target.clone()),
                _ => CliError::Write { path: target.clone(), source: e },
            })?;
            self.placed.push(name.to_string());
        }
        sync_dir(&self.out_dir);
        stop_if_interrupted()
    }

    /// Keeps the new set: its password was shown. The old files are deleted.
    pub(crate) fn commit(self) {
        let _ = fs::File::create(self.journal.join("shown")).and_then(|f| f.sync_all());
        sync_dir(&self.journal);
        let _ = fs::remove_dir_all(&self.journal);
        sync_dir(&self.out_dir);
    }

    /// Removes every new file placed and puts the old ones back.
    pub(crate) fn roll_back(self) {
        for name in &self.placed {
            let _ = fs::remove_file(self.out_dir.join(name));
        }
        for name in &self.kept {
            let _ = fs::rename(self.journal.join("old").join(name), self.out_dir.join(name));
        }
        let _ = fs::remove_dir_all(&self.journal);
        if self.created_dir {
            let _ = fs::remove_dir(&self.out_dir);
        }
        sync_dir(&self.out_dir);
    }
}

/// The files of a set in `dir`: `record.pdf`, `record.txt`, `share-I-of-N.pdf` and `.txt`.
fn set_files(dir: &Path) -> Vec<String> {
    let is_set_file = |n: &str| {
        let Some(stem) = n.strip_suffix(".pdf").or_else(|| n.strip_suffix(".txt")) else { return false };
        stem == "record"
            || stem.strip_prefix("share-").and_then(|r| r.split_once("-of-")).is_some_and(|(i, n)| {
                !i.is_empty() && !n.is_empty() && i.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit())
            })
    };
    let entries = fs::read_dir(dir).into_iter().flatten().flatten();
    let mut names: Vec<String> = entries.map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.retain(|n| is_set_file(n));
    names.sort();
    names
}

/// Finishes what a run killed while writing a set into `out_dir` left: its journal
/// (`.breakglass-PID` of a process that is gone). Names each one it finishes.
pub(crate) fn finish_interrupted(out_dir: &Path) {
    let Ok(entries) = fs::read_dir(out_dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(".breakglass-").and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let journal = entry.path();
        if journal.join("shown").exists() {
            say!(
                "note: finished an interrupted run in {}: its set is in place and its password was shown.",
                out_dir.display()
            );
        } else {
            restore(out_dir, &journal);
            say!(
                "note: an interrupted run had left an unfinished set in {}; its password was never shown, so it was removed and the files it was replacing were put back.",
                out_dir.display()
            );
        }
        let _ = fs::remove_dir_all(&journal);
    }
}

/// Undoes an unfinished swap: each name in the journal goes back to its old file, or to nothing. New
/// files are placed as hard links of the journal's copies, so a placed one is recognised exactly.
fn restore(out_dir: &Path, journal: &Path) {
    let names = fs::read_to_string(journal.join("placed")).unwrap_or_default();
    for name in names.lines().filter(|n| !n.is_empty() && !n.contains('/')) {
        let (target, old, new) =
            (out_dir.join(name), journal.join("old").join(name), journal.join("new").join(name));
        if old.exists() {
            let _ = fs::rename(&old, &target);
        } else if same_file(&new, &target) {
            let _ = fs::remove_file(&target);
        }
    }
}

/// Whether two paths are the same file (a hard link).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

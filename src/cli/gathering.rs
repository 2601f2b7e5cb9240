//! Reading the inputs of `combine`, `drill`, `inspect` and `rotate` into the library's recovery, and
//! what those commands share around it: listing the problems, and opening a passphrase set.

use breakglass::{Beside, Gathered, Input, Problem, Recovery, Secret, gather};

use super::console::say;
use super::error::CliError;
use super::files::read_input;
use super::prompt::{Progress, read_passphrase};
use super::transaction::settle_input_dirs;

/// Reads every input (`-` is standard input) and finds the shares in them.
pub(crate) fn gather_inputs(names: &[String]) -> Result<Gathered, CliError> {
    let (inputs, unread) = read_all(names);
    match unread.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(gather_read(&inputs)),
    }
}

/// Like [`gather_inputs`], going on past inputs that cannot be read: their errors are returned
/// beside what the others hold (for `inspect`, which describes every input it can).
pub(crate) fn gather_readable(names: &[String]) -> (Gathered, Vec<CliError>) {
    let (inputs, unread) = read_all(names);
    (gather_read(&inputs), unread)
}

/// Reads every input named (standard input once), and the errors of those that cannot be read.
fn read_all(names: &[String]) -> (Vec<Input>, Vec<CliError>) {
    if let Err(e) = settle_input_dirs(names) {
        return (Vec::new(), vec![e]);
    }
    // Standard input can be read once: a second `-` would read as an empty input.
    let stdin_twice = names.iter().filter(|n| *n == "-").count() > 1;
    if stdin_twice {
        say!("note: standard input (-) was named more than once; it was read once");
    }
    let mut seen_stdin = false;
    let unique = names.iter().filter(|n| *n != "-" || !std::mem::replace(&mut seen_stdin, true));
    let (mut inputs, mut unread) = (Vec::new(), Vec::new());
    for result in unique.map(|name| read_input(name)) {
        match result {
            Ok(input) => inputs.push(input),
            Err(e) => unread.push(e),
        }
    }
    (inputs, unread)
}

/// Finds the shares in inputs read, with a progress line for many images, and prints the notes.
fn gather_read(inputs: &[Input]) -> Gathered {
    let images = inputs.iter().filter(|i| i.is_image()).count();
    let g = {
        let _p = (images > 2).then(|| Progress::start(&format!("Searching {images} images for QR codes")));
        gather(inputs)
    };
    for note in g.notes.iter().take(SHOWN_NOTES) {
        say!("note: {note}");
    }
    if g.notes.len() > SHOWN_NOTES {
        say!("note: … and {} more notes", g.notes.len() - SHOWN_NOTES);
    }
    g
}

/// Notes listed one by one (each image's parts of a large share among them); the rest are counted.
const SHOWN_NOTES: usize = 60;

/// Most problems listed one by one; the rest are counted.
const SHOWN_PROBLEMS: usize = 20;

/// Prints the first problems with `emit` and a count of the rest.
pub(crate) fn print_problems(
    problems: &[Problem],
    mut emit: impl FnMut(&str) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let listed: Vec<&Problem> = problems.iter().filter(|p| !matches!(p, Problem::More { .. })).collect();
    for p in listed.iter().take(SHOWN_PROBLEMS) {
        emit(&p.to_string())?;
    }
    let total: usize =
        problems.iter().map(|p| if let Problem::More { count } = p { *count } else { 1 }).sum();
    if total > SHOWN_PROBLEMS {
        emit(&format!("… and {} more like these", total - SHOWN_PROBLEMS.min(listed.len())))?;
    }
    Ok(())
}

/// Names each given share that does not fit the recovered set, and what the shares of other sets
/// given beside it were: warnings, or notes for sets that are complete and accounted for.
pub(crate) fn warn_beside(rec: &Recovery) {
    for m in &rec.misfits {
        say!(
            "warning: share {} ({}) does not fit the other shares of set {}: it is altered, damaged or forged and was not used; replace it",
            m.index,
            m.source,
            rec.header.set_id
        );
    }
    for b in rec.beside.iter().take(SHOWN_PROBLEMS) {
        match b {
            Beside::Superseded { .. } | Beside::SameSecret { .. } | Beside::NotAsked { .. } => {
                say!("note: {b}")
            }
            _ => say!("warning: {b}"),
        }
    }
    if rec.beside.len() > SHOWN_PROBLEMS {
        say!("warning: … and the shares of {} more sets", rec.beside.len() - SHOWN_PROBLEMS);
    }
}

/// The secret of a recovered set: the shared bytes, or for a passphrase set what they open to with
/// the passphrase from `file` or, at a terminal, typed (three tries); `option` names the option
/// that gives the file, for the message when none can be asked for.
pub(crate) fn unlock(
    rec: &Recovery,
    file: Option<&std::path::Path>,
    option: &'static str,
) -> Result<Secret, CliError> {
    if !rec.needs_passphrase() {
        if let Some(path) = file {
            say!("note: set {} needs no passphrase; {} was not read.", rec.header.set_id, path.display());
        }
        return Ok(rec.unlock(None)?);
    }
    say!("The shares of set {} recombine; this set also needs its passphrase.", rec.header.set_id);
    let tries = if file.is_none() { 3 } else { 1 };
    let (mut attempt, mut empty) = (0, 0);
    while attempt < tries {
        let pass = read_passphrase(file, false, option)?;
        // Enter alone is no try: ask again without the slow key derivation (a few times: a
        // terminal that only ever gives empty lines ends it).
        if pass.is_empty() && file.is_none() {
            empty += 1;
            if empty == 3 {
                return Err(CliError::TypedNothing { what: "passphrase" });
            }
            say!("Nothing was typed; type the passphrase (Ctrl-C to stop).");
            continue;
        }
        attempt += 1;
        let result = {
            let _p = Progress::start("Deriving the key from the passphrase (Argon2id)");
            rec.unlock(Some(&pass))
        };
        match result {
            Err(breakglass::PassphraseError::Wrong) if attempt < tries => {
                let left = tries - attempt;
                say!(
                    "That passphrase does not open the set; try again ({left} {} left).",
                    if left == 1 { "try" } else { "tries" }
                );
            }
            other => return Ok(other?),
        }
    }
    Err(breakglass::PassphraseError::Wrong.into())
}

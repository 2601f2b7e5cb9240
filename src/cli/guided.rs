//! Guided recovery on a terminal: `breakglass combine` with no input asks for the shares one at a
//! time, checks every line the moment it is entered (through the format's [`LineReader`]), and shows
//! the secret only when asked to.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use breakglass::{
    Found, Gathered, IndexList, Kind, LineError, LineOutcome, LineProblem, LineReader, MARKER, Preview,
    SetId, Share, Source, find_shares, recover,
};

use super::console::{out_bytes, say, say_raw};
use super::error::CliError;
use super::files;
use super::gathering::unlock;

/// Short wording of a line problem for someone typing at a prompt.
fn describe(p: &LineProblem) -> String {
    match p {
        LineProblem::BadChar { ch, .. } => {
            format!("'{ch}' is not a share character (shares use 0-9 and A-Z without I, L, O, U)")
        }
        LineProblem::Number { line, got, .. } => {
            format!("that line is numbered {got}, but line {line:02} comes next")
        }
        LineProblem::Length { got, want, .. } => {
            format!("it has {got} characters, expected {want}: one is missing or extra")
        }
        LineProblem::Check { .. } => {
            "the check characters do not match: a character is wrong or two are swapped".into()
        }
        LineProblem::Missing { .. } => p.to_string(),
    }
}

fn prompt(s: &str) {
    say_raw!("{s}");
    let _ = io::stderr().flush();
}

/// What one typed line did to the share being entered.
enum Step {
    Continue,
    Done(Share),
}

/// Reads one share, line by line, re-asking for any line that does not check; `None` when the input
/// ends first.
fn read_share(
    lines: &mut impl Iterator<Item = io::Result<String>>,
    number: usize,
    set: Option<SetId>,
) -> Result<Option<Share>, CliError> {
    let mut reader = LineReader::new();
    loop {
        prompt(&format!("Share {number}, line {:02}: ", reader.next_line()));
        let Some(line) = lines.next() else { return Ok(None) };
        let line = line.map_err(|source| CliError::Read { path: "the terminal".into(), source })?;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let step = if t.to_ascii_uppercase().contains(MARKER) {
            marker_line(t, &mut reader)
        } else {
            typed_line(t, &mut reader, set)
        };
        if let Step::Done(share) = step {
            return Ok(Some(share));
        }
    }
}

/// A line holding the marker: a pasted QR text is a whole share; a marker line starts one afresh.
fn marker_line(t: &str, reader: &mut LineReader) -> Step {
    if t.contains(':') {
        match find_shares(t).into_iter().next().map(|f| f.result) {
            Some(Ok(share)) => return Step::Done(share),
            Some(Err(e)) => say!("  That QR text is not readable: {e}."),
            None => say!("  That QR text is not readable."),
        }
    } else if reader.next_line() > 1 {
        say!("  A new share starts here; the one before it was incomplete and is dropped.");
        reader.reset();
    }
    Step::Continue
}

/// A numbered line (or one typed without its number) given to the reader.
fn typed_line(t: &str, reader: &mut LineReader, set: Option<SetId>) -> Step {
    let line = reader.next_line();
    match reader.push(t) {
        Ok(LineOutcome::Accepted) => {}
        Ok(LineOutcome::Started(p)) => started(&p, reader, set),
        Ok(LineOutcome::Complete(share)) => return Step::Done(share),
        Err(LineError::Line(p)) => {
            say!("  Line {line:02} is not right: {}. Type line {line:02} again.", describe(&p));
        }
        Err(LineError::Start(e)) => say!("  {e}. Type this share again from line 01."),
        Err(LineError::Whole(e)) => say!(
            "  Every line checks, but the share as a whole does not ({e}): lines from two sheets may be mixed. Type this share again from line 01."
        ),
    }
    Step::Continue
}

/// Once the first two lines are in: says which share this is, or refuses one of another set.
fn started(p: &Preview, reader: &mut LineReader, set: Option<SetId>) {
    match set {
        Some(want) if want != p.set_id => {
            say!(
                "  This is a share of set {}, but you are recovering set {want}. Enter a share of set {want} instead.",
                p.set_id
            );
            reader.reset();
        }
        _ => say!("  Share {} of {} of set {}.", p.index, p.total, p.set_id),
    }
}

/// Reads shares until there are as many as the set's threshold.
fn read_shares(lines: &mut impl Iterator<Item = io::Result<String>>) -> Result<Vec<Share>, CliError> {
    let mut shares: Vec<Share> = Vec::new();
    loop {
        let set = shares.first().map(|s| s.header.set_id);
        let Some(share) = read_share(lines, shares.len() + 1, set)? else {
            say!();
            return Err(CliError::InputEnded);
        };
        let h = share.header;
        if let Some(first) = set {
            if h.set_id != first {
                say!(
                    "  That share belongs to set {}, not set {first}; enter a share of set {first}.",
                    h.set_id
                );
                continue;
            }
            if shares.iter().any(|s| s.header.index == h.index) {
                say!("  Share {} was already entered; enter a different share.", h.index);
                continue;
            }
        }
        shares.push(share);
        say!("set {}: {} of {} shares", h.set_id, shares.len(), h.threshold);
        if shares.len() >= usize::from(h.threshold) {
            return Ok(shares);
        }
    }
}

/// Runs guided recovery; writes the secret to `output`, or shows it after confirmation.
pub(crate) fn run(output: Option<&Path>, force: bool) -> Result<(), CliError> {
    say!(
        "Guided recovery. Enter the shares one at a time: paste a whole share, or type its numbered\n\
         lines one by one. Each line is checked as soon as you press Enter. Ctrl-D stops."
    );
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    let shares = read_shares(&mut lines)?;
    let typed = Source::whole("the terminal");
    let found = shares.into_iter().map(|share| Found { share, source: typed.clone(), label: None });
    let rec = recover(&Gathered { shares: found.collect(), ..Gathered::default() })?;
    say!(
        "The shares recombine and pass the integrity check (set {}, shares {}; fingerprint {}: compare it with the record).",
        rec.header.set_id,
        IndexList(&rec.used),
        rec.fingerprint
    );
    if let Some(path) = output {
        let secret = unlock(&rec, None, "--passphrase-file")?;
        files::write_file(path, secret.expose(), force)?;
        say!("Wrote the secret to {} (mode 0600).", path.display());
        return Ok(());
    }
    if rec.header.kind == Kind::File && io::stdout().is_terminal() {
        return Err(CliError::FileToTerminal);
    }
    prompt("Show the secret on this screen now? Make sure no one can see it. Type yes to show it: ");
    let answer = lines.next().and_then(Result::ok).unwrap_or_default();
    if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        return Err(CliError::NotShown);
    }
    let secret = unlock(&rec, None, "--passphrase-file")?;
    match rec.header.kind {
        // A file is restored byte for byte (stdout is not the terminal here).
        Kind::File => out_bytes(secret.expose())?,
        _ => files::print_secret(&secret)?,
    }
    say!("Clear the screen when you are done (run clear) and close this terminal.");
    Ok(())
}

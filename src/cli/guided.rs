//! Guided recovery on a terminal: `breakglass combine` with no input asks for the shares one at a
//! time, checks every line the moment it is entered (through the format's [`LineReader`]), and shows
//! the secret only when asked to.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use breakglass::{
    CharName, Found, Gathered, IndexList, Kind, LineError, LineOutcome, LineProblem, LineReader, MARKER,
    Preview, SetId, Share, Source, base32::symbol_value, find_shares, normalise, recover,
};

use super::console::{out_bytes, say, say_raw};
use super::error::CliError;
use super::files;
use super::gathering::unlock;
use super::tty::TermLines;

/// Short wording of a line problem for someone typing at a prompt.
fn describe(p: &LineProblem) -> String {
    match p {
        LineProblem::BadChar { ch, .. } => {
            format!("{} is not a share character (shares use 0-9 and A-Z without I, L, O, U)", CharName(*ch))
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
        LineProblem::Missing { .. } | LineProblem::Dropped { .. } => p.to_string(),
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

/// Whether a line can be part of a typed share: a numbered line of share characters, or groups of
/// at most four share characters ending in the two check characters (a line typed without its
/// number). Anything else — the prose of a pasted share file, a mail's greeting — is passed over.
fn share_like(t: &str) -> bool {
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let share_chars = |tok: &str| tok.chars().all(|c| c == '-' || symbol_value(c).is_some());
    let numbered = tokens.first().is_some_and(|f| {
        let digits = f.strip_suffix([':', '.', ')']).unwrap_or(f);
        !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit())
    });
    match tokens.split_first() {
        Some((_, rest)) if numbered => {
            !rest.is_empty() && rest.iter().all(|tok| share_chars(tok) && tok.len() <= 20)
        }
        Some(_) => {
            // Groups of up to four characters and the two check characters last, as printed.
            let groups = tokens.len() >= 2
                && tokens.last().is_some_and(|last| last.len() == 2)
                && tokens.iter().all(|tok| tok.len() <= 4 && share_chars(tok));
            let solid = tokens.len() == 1 && (16..=18).contains(&tokens[0].len()) && share_chars(tokens[0]);
            groups || solid
        }
        None => false,
    }
}

/// A share being entered: the format's line reader, the shares entered before it, and whether the
/// rest of a pasted share that was just refused is being passed over.
struct Entry<'a> {
    reader: LineReader,
    entered: &'a [Share],
    skipping: bool,
}

impl Entry<'_> {
    /// Starts the share afresh; with `skip`, the rest of a pasted share is passed over quietly.
    fn refuse(&mut self, skip: bool) {
        self.reader.reset();
        self.skipping = skip;
    }
}

/// Reads one share, line by line, re-asking for any line that does not check; `None` when the input
/// ends first. Lines are made plain first (spaces, dashes, mail quoting, joined lines).
fn read_share(lines: &mut TermLines, number: usize, entered: &[Share]) -> Result<Option<Share>, CliError> {
    let mut entry = Entry { reader: LineReader::new(), entered, skipping: false };
    loop {
        // While a paste is being read the prompt would only repeat itself.
        if !lines.has_pending() {
            prompt(&format!("Share {number}, line {:02}: ", entry.reader.next_line()));
        }
        let Some(raw) =
            lines.next_line().map_err(|source| CliError::Read { path: "the terminal".into(), source })?
        else {
            return Ok(None);
        };
        let pasted = lines.pasted();
        for line in normalise(&raw).lines() {
            if let Step::Done(share) = one_line(line.trim(), &mut entry, pasted) {
                return Ok(Some(share));
            }
        }
    }
}

/// Whether a share line is numbered 1 (a share starting afresh).
fn numbered_one(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    first.strip_suffix([':', '.', ')']).unwrap_or(first).parse::<u32>() == Ok(1)
}

/// One line given at the prompt, made plain. Prose, and the rest of a pasted share that was
/// refused, pass quietly when pasted; a line typed by hand is always answered.
fn one_line(t: &str, entry: &mut Entry, pasted: bool) -> Step {
    let marker = t.to_ascii_uppercase().contains(MARKER);
    if entry.skipping && (!pasted || marker || numbered_one(t)) {
        entry.skipping = false;
    }
    if t.is_empty() || entry.skipping {
        Step::Continue
    } else if marker {
        marker_line(t, &mut entry.reader, pasted)
    } else if share_like(t) {
        typed_line(t, entry)
    } else {
        if !pasted {
            say!(
                "  That is not a line of a share; type line {:02}, or paste a whole share.",
                entry.reader.next_line()
            );
        }
        Step::Continue
    }
}

/// A line holding the marker: a pasted QR text is a whole share; a marker line starts one afresh.
/// Text that only mentions the marker (the recovery program in a pasted record) passes quietly.
fn marker_line(t: &str, reader: &mut LineReader, pasted: bool) -> Step {
    if t.contains(':') {
        match find_shares(t).into_iter().next().map(|f| f.result) {
            Some(Ok(share)) => return Step::Done(share),
            Some(Err(e)) => say!("  That QR text is not readable: {e}."),
            None if !pasted => say!("  That QR text is not readable."),
            None => {}
        }
    } else if reader.next_line() > 1 {
        say!("  A new share starts here; the one before it was incomplete and is dropped.");
        reader.reset();
    }
    Step::Continue
}

/// A numbered line (or one typed without its number) given to the reader.
fn typed_line(t: &str, entry: &mut Entry) -> Step {
    let line = entry.reader.next_line();
    match entry.reader.push(t) {
        Ok(LineOutcome::Accepted) => {
            // Line 1 already says which share this is: a share entered before is refused at once.
            if let Some(first) = entry.reader.first_line().filter(|_| line == 1)
                && let Some(again) = entry.entered.iter().find(|s| first.is(s))
            {
                say!(
                    "  That is share {} of set {} again, which was already entered; enter a different share.",
                    again.header.index,
                    again.header.set_id
                );
                entry.refuse(true);
            }
        }
        Ok(LineOutcome::Started(p)) => started(&p, entry),
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
fn started(p: &Preview, entry: &mut Entry) {
    match entry.entered.first().map(|s| s.header.set_id) {
        Some(want) if want != p.set_id => {
            say!(
                "  This is a share of set {}, but you are recovering set {want}. Enter a share of set {want} instead.",
                p.set_id
            );
            entry.refuse(true);
        }
        _ => say!("  Share {} of {} of set {}.", p.index, p.total, p.set_id),
    }
}

/// Reads shares until there are as many as the set's threshold.
fn read_shares(lines: &mut TermLines) -> Result<Vec<Share>, CliError> {
    let mut shares: Vec<Share> = Vec::new();
    loop {
        let set = shares.first().map(|s| s.header.set_id);
        let Some(share) = read_share(lines, shares.len() + 1, &shares)? else {
            say!();
            let need = shares.first().map(|s| s.header.threshold);
            return Err(CliError::InputEnded { entered: shares.len(), need });
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

/// Asks before the secret is shown, once whatever a paste left over has been thrown away: the
/// answer is the set id's first four characters, which no paste of shares holds on a line alone.
fn confirm(lines: &mut TermLines, set: SetId) -> Result<(), CliError> {
    lines.drain_before("the question");
    let code: String = set.to_string().chars().take(4).collect();
    if io::stdout().is_terminal() {
        prompt(&format!(
            "Show the secret on this screen now? Make sure no one can see it. Type {code} to show it (anything else does not): "
        ));
    } else {
        prompt(&format!(
            "Write the secret to standard output (not this screen) now? Type {code} to write it (anything else does not): "
        ));
    }
    let answer = lines.next_line().ok().flatten().unwrap_or_default();
    if !answer.trim().eq_ignore_ascii_case(&code) {
        return Err(CliError::NotShown);
    }
    Ok(())
}

/// Runs guided recovery; writes the secret to `output`, or shows it after confirmation.
pub(crate) fn run(output: Option<&Path>, force: bool) -> Result<(), CliError> {
    say!(
        "Guided recovery. Enter the shares one at a time: paste a whole share, or type its numbered\n\
         lines one by one. Each line is checked as soon as you press Enter. Ctrl-D stops."
    );
    let mut lines = TermLines::new();
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
        if rec.needs_passphrase() {
            lines.drain_before("the passphrase");
        }
        let secret = unlock(&rec, None, "--passphrase-file")?;
        files::write_file(path, secret.expose(), force)?;
        say!("Wrote the secret to {} (mode 0600).", path.display());
        return Ok(());
    }
    if rec.header.kind == Kind::File && io::stdout().is_terminal() {
        return Err(CliError::FileToTerminal);
    }
    confirm(&mut lines, rec.header.set_id)?;
    let secret = unlock(&rec, None, "--passphrase-file")?;
    match rec.header.kind {
        // A file is restored byte for byte (stdout is not the terminal here).
        Kind::File => out_bytes(secret.expose())?,
        _ => files::print_secret(&secret)?,
    }
    if io::stdout().is_terminal() {
        say!("Clear the screen when you are done (run clear) and close this terminal.");
    } else {
        say!("The secret went to standard output; delete what it was written to once it is used.");
    }
    Ok(())
}

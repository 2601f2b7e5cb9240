//! Guided recovery on a terminal: `breakglass combine` with no input asks for the shares one at a
//! time, checks every line the moment it is entered, and shows the secret only when asked to.

use std::io::{self, BufRead, Write};
use std::path::Path;

use breakglass::share::text::{self, LineProblem};
use breakglass::share::{FORMAT_VERSION, Header, LENGTH_PREFIX, Share, encoded_len_from_prefix};
use breakglass::sharing;

use super::{CliError, io as cli_io};

/// What reading one share produced.
enum Entered {
    Share(Share),
    End,
}

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
    eprint!("{s}");
    let _ = io::stderr().flush();
}

/// Reads one share, line by line, re-asking for any line that does not check.
fn read_share(
    lines: &mut impl Iterator<Item = io::Result<String>>,
    number: usize,
    set: Option<&Header>,
) -> Result<Entered, CliError> {
    let mut line_no = 1usize;
    let mut data: Vec<u8> = Vec::new();
    let mut layout: Option<(usize, usize)> = None;
    loop {
        prompt(&format!("Share {number}, line {line_no:02}: "));
        let Some(line) = lines.next() else {
            return Ok(Entered::End);
        };
        let line = line.map_err(|source| CliError::Read { path: "the terminal".into(), source })?;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.to_ascii_uppercase().contains(text::MARKER) {
            if t.contains(':') {
                match text::scan(t).into_iter().next().map(|f| f.result) {
                    Some(Ok(share)) => return Ok(Entered::Share(share)),
                    Some(Err(e)) => eprintln!("  That QR text is not readable: {e}."),
                    None => eprintln!("  That QR text is not readable."),
                }
            } else if line_no > 1 {
                eprintln!("  A new share starts here; the one before it was incomplete and is dropped.");
                (line_no, data, layout) = (1, Vec::new(), None);
            }
            continue;
        }
        let want = match layout {
            Some((count, last)) if line_no == count => Some(last),
            Some(_) => Some(text::LINE_CHARS + 2),
            None => Some(text::LINE_CHARS + 2),
        };
        // A line typed without its number is taken as the line that comes next.
        let checked = text::check_line(line_no, line_no, t, want)
            .or_else(|e| text::check_line(line_no, line_no, &format!("{line_no} {t}"), want).map_err(|_| e));
        let bytes = match checked {
            Ok(b) => b,
            Err(p) => {
                eprintln!(
                    "  Line {line_no:02} is not right: {}. Type line {line_no:02} again.",
                    describe(&p)
                );
                continue;
            }
        };
        data.extend_from_slice(&bytes);
        line_no += 1;
        if layout.is_none() && data.len() >= LENGTH_PREFIX && data[0] != FORMAT_VERSION {
            eprintln!(
                "  This share is in format version {}, which this breakglass does not read; use a newer breakglass.",
                data[0]
            );
            (line_no, data, layout) = (1, Vec::new(), None);
            continue;
        }
        if layout.is_none()
            && let Some(total) = encoded_len_from_prefix(&data)
        {
            layout = Some(text::layout(total));
            let mut id = [0u8; 10];
            id.copy_from_slice(&data[6..16]);
            let id = breakglass::share::SetId(id);
            if let Some(h) = set
                && id != h.set_id
            {
                eprintln!(
                    "  This is a share of set {id}, but you are recovering set {}. Enter a share of set {} instead.",
                    h.set_id, h.set_id
                );
                (line_no, data, layout) = (1, Vec::new(), None);
                continue;
            }
            eprintln!("  Share {} of {} of set {id}.", data[5], data[4]);
        }
        if layout.is_some_and(|(count, _)| line_no > count) {
            match Share::from_bytes(&data) {
                Ok(share) => return Ok(Entered::Share(share)),
                Err(e) => {
                    eprintln!(
                        "  Every line checks, but the share as a whole does not ({e}): lines from two sheets may be mixed. Type this share again from line 01."
                    );
                    (line_no, data, layout) = (1, Vec::new(), None);
                }
            }
        }
    }
}

/// Runs guided recovery; writes the secret to `output`, or shows it after confirmation.
pub fn run(output: Option<&Path>, force: bool) -> Result<(), CliError> {
    eprintln!(
        "Guided recovery. Enter the shares one at a time: paste a whole share, or type its numbered\n\
         lines one by one. Each line is checked as soon as you press Enter. Ctrl-D stops."
    );
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    let mut shares: Vec<Share> = Vec::new();
    loop {
        let set = shares.first().map(|s| s.header);
        let share = match read_share(&mut lines, shares.len() + 1, set.as_ref())? {
            Entered::Share(s) => s,
            Entered::End => {
                eprintln!();
                return Err(CliError::Failed(
                    "input ended before enough shares were entered; nothing was recovered".into(),
                ));
            }
        };
        let h = share.header;
        if let Some(first) = set {
            if h.set_id != first.set_id {
                eprintln!(
                    "  That share belongs to set {}, not set {}; enter a share of set {}.",
                    h.set_id, first.set_id, first.set_id
                );
                continue;
            }
            if shares.iter().any(|s| s.header.index == h.index) {
                eprintln!("  Share {} was already entered; enter a different share.", h.index);
                continue;
            }
        }
        shares.push(share);
        eprintln!("set {}: {} of {} shares", h.set_id, shares.len(), h.threshold);
        if shares.len() >= usize::from(h.threshold) {
            break;
        }
    }
    let rec = sharing::combine(&shares)?;
    eprintln!(
        "The shares recombine and pass the integrity check (set {}, shares {}).",
        rec.header.set_id,
        sharing::and_list(&rec.used)
    );
    if let Some(path) = output {
        let secret = super::combine::unlock(&rec, None, "--passphrase-file")?;
        cli_io::write_file(path, secret.expose(), force)?;
        eprintln!("Wrote the secret to {} (mode 0600).", path.display());
        return Ok(());
    }
    prompt("Show the secret on this screen now? Make sure no one can see it. Type yes to show it: ");
    let answer = lines.next().and_then(Result::ok).unwrap_or_default();
    if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        return Err(CliError::Failed(
            "the secret was not shown; run again to show it, or use -o FILE to write it to a file".into(),
        ));
    }
    let secret = super::combine::unlock(&rec, None, "--passphrase-file")?;
    cli_io::print_secret(&secret)?;
    eprintln!("Clear the screen when you are done (run clear) and close this terminal.");
    Ok(())
}

//! Finding shares in any text: a share file, a paste, `pdftotext` output of a sheet, a decoder's
//! `QR-Code:…` line. Typed blocks (with or without their marker line), single-code QR payloads and
//! the parts of large shares are all found, and every problem is reported with the share line it is
//! on, so a custodian knows exactly which line to re-read.

use crate::share::parts::{PART_MARKER, Part, PartError, parse_part};
use crate::share::payload::parse_compact;
use crate::share::typed::{
    LINE_CHARS, LineProblem, MARKER, MAX_LINES, TextError, check_line, is_first_line, is_share_line, layout,
};
use crate::share::{Share, encoded_len_from_prefix};

/// A share found by [`find_shares`], or the reason it could not be read.
#[derive(Debug)]
pub struct TextShare {
    /// Input line (1-based) where the share starts.
    pub input_line: usize,
    /// The nearest `Label:` line before the share, if any (share files carry one).
    pub label: Option<String>,
    /// The share, or what is wrong with it.
    pub result: Result<Share, TextError>,
}

/// Finds every share in `text`: typed blocks (with or without their marker line) and QR payloads.
/// Parts of large shares are found by [`find_parts`].
pub fn find_shares(text: &str) -> Vec<TextShare> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut label = None;
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some(v) = label_of(l) {
            label = Some(v);
        }
        let (payloads, block_version) = markers_on_line(l);
        for result in payloads {
            found.push(TextShare { input_line: i + 1, label: label.take(), result });
        }
        if block_version.is_none() && !is_first_line(l) {
            i += 1;
            continue;
        }
        let start = if block_version.is_some() { i + 1 } else { i };
        let (result, next) = parse_block(&lines, start);
        if let Some(result) = result {
            // The binary header carries the real version: lines that read as a sound v1 share are
            // one, whatever the marker line says; otherwise a marker of another version explains why.
            let result = match block_version {
                Some(v) if v != "1" && !v.is_empty() && result.is_err() => Err(TextError::Version(v)),
                _ => result,
            };
            found.push(TextShare { input_line: i + 1, label: label.take(), result });
        }
        i = next.max(i + 1);
    }
    found
}

/// The QR payloads on one line, decoded, and the version of a marker line that starts a typed
/// block (a marker without a colon after it).
fn markers_on_line(l: &str) -> (Vec<Result<Share, TextError>>, Option<String>) {
    let mut payloads = Vec::new();
    let mut block_version = None;
    let mut from = 0;
    let upper = l.to_ascii_uppercase();
    while let Some((_, version, end)) = find_marker(&upper, from) {
        from = end;
        // Parts of large shares are read by `find_parts`.
        if upper[end..].starts_with("-PART:") {
            continue;
        }
        let Some(rest) = l[end..].strip_prefix(':') else {
            block_version = Some(version);
            continue;
        };
        let run: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        from = end + 1 + run.len();
        // A marker and colon with nothing after it is prose about the format, not a share.
        if run.is_empty() {
            continue;
        }
        payloads.push(match parse_compact(&run) {
            Err(_) if version != "1" && !version.is_empty() => Err(TextError::Version(version)),
            other => other,
        });
    }
    (payloads, block_version)
}

/// Finds every part payload of a large share in a text (such as a decoder's output).
pub fn find_parts(input: &str) -> Vec<Result<Part, PartError>> {
    let upper = input.to_ascii_uppercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(pos) = upper[at..].find(PART_MARKER) {
        let start = at + pos + PART_MARKER.len();
        let run: String = input[start..].chars().take_while(char::is_ascii_alphanumeric).collect();
        at = start + run.len();
        out.push(parse_part(&run));
    }
    out
}

/// Reads the numbered lines of a block starting at `start`; returns the result (if any line was
/// there) and the index of the first line not consumed.
fn parse_block(lines: &[&str], start: usize) -> (Option<Result<Share, TextError>>, usize) {
    let mut collected: Vec<(usize, &str)> = Vec::new();
    let mut expected: Option<(usize, usize)> = None;
    let mut j = start;
    while j < lines.len() && collected.len() < MAX_LINES {
        let l = lines[j];
        if l.trim().is_empty() {
            j += 1;
            continue;
        }
        if find_marker(&l.to_ascii_uppercase(), 0).is_some() || !is_share_line(l) {
            break;
        }
        // A line without a number belongs to the block only where a share line must stand: as one of
        // the two header lines, or before the count the header gives is reached.
        let numbered = l.trim_start().starts_with(|c: char| c.is_ascii_digit());
        if !numbered && collected.len() >= 2 && expected.is_none() {
            break;
        }
        if expected.is_some_and(|(count, _)| collected.len() == count) {
            break;
        }
        collected.push((j, l));
        j += 1;
        if expected.is_none() && collected.len() == 2 {
            let head: Option<Vec<u8>> = collected
                .iter()
                .enumerate()
                .map(|(i, (idx, t))| check_line(i + 1, idx + 1, t, Some(LINE_CHARS + 2)).ok())
                .collect::<Option<Vec<Vec<u8>>>>()
                .map(|v| v.concat());
            expected = head.as_deref().and_then(encoded_len_from_prefix).map(layout);
        }
    }
    if collected.is_empty() {
        return (None, j);
    }
    (Some(decode_lines(&collected, expected)), j)
}

/// Checks every collected line and decodes the share they carry.
fn decode_lines(collected: &[(usize, &str)], expected: Option<(usize, usize)>) -> Result<Share, TextError> {
    let mut problems = Vec::new();
    let mut bytes = Vec::new();
    for (i, (idx, text)) in collected.iter().enumerate() {
        let line = i + 1;
        let want = match expected {
            Some((count, last)) if line == count => Some(last),
            Some(_) => Some(LINE_CHARS + 2),
            // Unknown layout: the two header lines and every line but the last must be full.
            None if line <= 2 || line < collected.len() => Some(LINE_CHARS + 2),
            None => None,
        };
        match check_line(line, idx + 1, text, want) {
            Ok(b) => bytes.extend_from_slice(&b),
            Err(p) => problems.push(p),
        }
    }
    if let Some((count, _)) = expected
        && collected.len() < count
    {
        problems.push(LineProblem::Missing { got: collected.len(), want: count });
    }
    if !problems.is_empty() {
        return Err(TextError::Lines(problems));
    }
    Share::from_bytes(&bytes).map_err(TextError::Decode)
}

/// Finds the next marker at or after byte `from` of an upper-cased line: (start, version digits, end). A marker
/// whose version digits were lost (`BREAKGLASS-V` alone) still counts, with an empty version, so that
/// a slip on the marker line does not hide the numbered lines after it.
fn find_marker(upper: &str, from: usize) -> Option<(usize, String, usize)> {
    let pos = upper.get(from..)?.find(MARKER)?;
    let start = from + pos;
    let after = start + MARKER.len();
    let digits: String = upper[after..].chars().take_while(char::is_ascii_digit).collect();
    Some((start, digits.clone(), after + digits.len()))
}

/// The value of a `Label:` line, if this is one.
fn label_of(line: &str) -> Option<String> {
    let t = line.trim();
    let rest = t.strip_prefix("Label:").or_else(|| t.strip_prefix("label:"))?;
    let v = rest.trim();
    (!v.is_empty()).then(|| v.to_string())
}

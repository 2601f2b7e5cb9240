//! The typed text form of a share, its QR payload, and the scanner that finds shares in any text.
//!
//! Typed form: a marker line `BREAKGLASS-V1`, then numbered lines. Each line carries 10 bytes of the
//! binary share (the last line fewer) as 16 Crockford base32 characters in groups of four, followed
//! by two check characters ([`super::linecheck`]):
//!
//! ```text
//! BREAKGLASS-V1
//! 01  04H2 0D01 C2FW 3CWZ  7X
//! …
//! 08  1RB8  3Q
//! ```
//!
//! The QR payload (compact form) is `BREAKGLASS-V1:` followed by the same data characters without
//! spaces, line numbers or check characters: the QR code has its own error correction.
//!
//! [`scan`] finds every share in a text — a share file, a paste, `pdftotext` output of a sheet, a
//! decoder's `QR-Code:…` line — and reports every problem with the share line it is on, so a
//! custodian knows exactly which line to re-read.

use thiserror::Error;

use super::base32::{self, ALPHABET};
use super::linecheck;
use super::{DecodeError, LENGTH_PREFIX, Share};

/// Text that starts every share, followed by the format version.
pub const MARKER: &str = "BREAKGLASS-V";
/// Bytes carried by each full line.
pub const LINE_BYTES: usize = 10;
/// Data characters in each full line.
pub const LINE_CHARS: usize = 16;
/// Most lines a block may have (the largest v1 share needs 6 660).
const MAX_LINES: usize = 8_000;

/// A problem on one line of a typed share.
#[derive(Debug, Error, PartialEq, Eq, Clone)]
pub enum LineProblem {
    /// A character outside the share alphabet.
    #[error(
        "line {line} (input line {input}): '{ch}' is not a share character (shares use 0-9 and A-Z without I, L, O, U); re-read this line"
    )]
    BadChar {
        /// Share line number.
        line: usize,
        /// Line in the input text.
        input: usize,
        /// The character.
        ch: char,
    },
    /// The line's number is not the expected one.
    #[error(
        "line {line} (input line {input}) is numbered {got}; a line is missing, repeated or out of order"
    )]
    Number {
        /// Share line number expected at this position.
        line: usize,
        /// Line in the input text.
        input: usize,
        /// The number written.
        got: String,
    },
    /// Too many or too few characters.
    #[error(
        "line {line} (input line {input}) has {got} characters, expected {want}: a character was left out or added; re-read this line"
    )]
    Length {
        /// Share line number.
        line: usize,
        /// Line in the input text.
        input: usize,
        /// Characters found (data and check, without spaces).
        got: usize,
        /// Characters expected.
        want: usize,
    },
    /// The check characters do not match.
    #[error(
        "line {line} (input line {input}): the check characters do not match, so a character on this line is wrong or two are swapped; re-read this line"
    )]
    Check {
        /// Share line number.
        line: usize,
        /// Line in the input text.
        input: usize,
    },
    /// The share stops early.
    #[error("the share stops after line {got} but has {want} lines; add the missing lines")]
    Missing {
        /// Lines found.
        got: usize,
        /// Lines the header implies.
        want: usize,
    },
}

impl LineProblem {
    /// The share line the problem is on, if it is on one.
    pub fn line(&self) -> Option<usize> {
        match self {
            LineProblem::BadChar { line, .. }
            | LineProblem::Number { line, .. }
            | LineProblem::Length { line, .. }
            | LineProblem::Check { line, .. } => Some(*line),
            LineProblem::Missing { .. } => None,
        }
    }
}

/// Why a share found in text could not be read.
#[derive(Debug, Error, PartialEq, Eq, Clone)]
pub enum TextError {
    /// One or more lines are wrong.
    #[error("{}", join(.0))]
    Lines(Vec<LineProblem>),
    /// A marker with a version this build does not read.
    #[error(
        "the share is marked as format version {0}, which this breakglass does not read: use a newer breakglass, or correct the BREAKGLASS-V1 line if it was mistyped"
    )]
    Version(String),
    /// A QR payload of the wrong length.
    #[error(
        "the QR code text has {got} characters, expected {want}; it was cut off or misread, scan it again"
    )]
    CompactLength {
        /// Characters found.
        got: usize,
        /// Characters expected.
        want: usize,
    },
    /// The lines are each fine but the whole share is not.
    #[error("{0}")]
    Decode(DecodeError),
}

fn join(problems: &[LineProblem]) -> String {
    let parts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    parts.join("; ")
}

/// A share found by [`scan`], or the reason it could not be read.
#[derive(Debug)]
pub struct Found {
    /// Input line (1-based) where the share starts.
    pub input_line: usize,
    /// The nearest `Label:` line before the share, if any (share files carry one).
    pub label: Option<String>,
    /// The share, or what is wrong with it.
    pub result: Result<Share, TextError>,
}

fn symbol_char(s: u8) -> char {
    char::from(ALPHABET[usize::from(s & 31)])
}

/// One typed line in its three parts: number (`"01"`), data groups (`"04H2 0D01 C2FW 3CWZ"`) and
/// check characters (`"7X"`).
pub struct LineParts {
    /// Line number, zero-padded to at least two digits.
    pub number: String,
    /// Data characters in groups of four separated by single spaces.
    pub data: String,
    /// The two check characters.
    pub check: String,
}

/// The typed lines of a share, in parts (for layouts that set them apart).
pub fn line_parts(share: &Share) -> Vec<LineParts> {
    line_parts_of_bytes(&share.to_bytes())
}

/// The typed lines for any bytes taken as a binary share (tests and tools use this to write damaged
/// or forged shares; [`line_parts`] is the normal entry).
pub fn line_parts_of_bytes(bytes: &[u8]) -> Vec<LineParts> {
    let count = bytes.len().div_ceil(LINE_BYTES);
    let width = count.to_string().len().max(2);
    bytes
        .chunks(LINE_BYTES)
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            let data = base32::to_symbols(chunk);
            // Line numbers stay below 2^15 because shares are at most MAX_LINES lines.
            let check = linecheck::check_symbols(n as u16, &data);
            let groups: Vec<String> =
                data.chunks(4).map(|g| g.iter().copied().map(symbol_char).collect()).collect();
            LineParts {
                number: format!("{n:0width$}"),
                data: groups.join(" "),
                check: check.iter().copied().map(symbol_char).collect(),
            }
        })
        .collect()
}

/// The numbered lines of the typed form, e.g. `01  04H2 0D01 C2FW 3CWZ  7X`.
pub fn lines(share: &Share) -> Vec<String> {
    lines_of_bytes(&share.to_bytes())
}

/// The numbered lines for any bytes taken as a binary share.
pub fn lines_of_bytes(bytes: &[u8]) -> Vec<String> {
    line_parts_of_bytes(bytes).into_iter().map(|p| format!("{}  {}  {}", p.number, p.data, p.check)).collect()
}

/// The typed form: the marker line and the numbered lines, each ending in a newline.
pub fn block(share: &Share) -> String {
    block_of_bytes(&share.to_bytes())
}

/// The typed form for any bytes taken as a binary share.
pub fn block_of_bytes(bytes: &[u8]) -> String {
    let mut out = format!("{MARKER}1\n");
    for l in lines_of_bytes(bytes) {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// The QR payload: `BREAKGLASS-V1:` and the data characters, upper-case, for QR alphanumeric mode.
pub fn compact(share: &Share) -> String {
    format!("{MARKER}1:{}", base32::encode(&share.to_bytes()))
}

/// A line split into its number and the symbols after it.
struct RawLine {
    number: String,
    symbols: Vec<u8>,
    bad_char: Option<char>,
}

/// Splits a line into its number and the symbols after it. A line that starts with a digit is split
/// after its digits; any other line only if it looks like a share line (then its first word is taken
/// as the number, so a mistyped number is reported rather than the line skipped).
fn raw_line(text: &str) -> Option<RawLine> {
    let t = text.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, rest) = if digits > 0 {
        t.split_at(digits)
    } else if looks_like_share_line(t) {
        t.split_at(t.find(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | ')')).unwrap_or(t.len()))
    } else {
        return None;
    };
    let rest = rest.strip_prefix([':', '.', ')']).unwrap_or(rest);
    let mut symbols = Vec::with_capacity(LINE_CHARS + 2);
    let mut bad_char = None;
    for c in rest.chars().filter(|c| !matches!(c, ' ' | '\t' | '-')) {
        match base32::symbol_value(c) {
            Some(v) => symbols.push(v),
            None => {
                bad_char.get_or_insert(c);
            }
        }
    }
    // Folding as for data: a number typed with O for 0 or I/L for 1 is still that number.
    let number = number
        .chars()
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    Some(RawLine { number, symbols, bad_char })
}

/// Whether a line without a leading digit is still most likely a share line with a mistyped number:
/// ten to twenty-six characters, nearly all of them share characters or separators.
fn looks_like_share_line(t: &str) -> bool {
    let total = t.chars().filter(|c| !c.is_whitespace()).count();
    let good = t.chars().filter(|&c| base32::symbol_value(c).is_some() || c == '-').count();
    (10..=26).contains(&total) && good * 10 >= total * 9
}

/// Whether a line is a complete, valid share line numbered 1 (a share whose marker line is missing).
fn is_first_line(text: &str) -> bool {
    raw_line(text).is_some_and(|r| {
        r.bad_char.is_none()
            && r.number.parse::<u32>() == Ok(1)
            && r.symbols.len() == LINE_CHARS + 2
            && linecheck::verify(1, &r.symbols)
    })
}

/// Checks one typed line on its own: its number, characters and check characters. Used by the
/// scanner and by guided typing, which checks each line as it is entered. `want_chars` is the number
/// of characters (data and check) expected, when known. Returns the line's data bytes.
pub fn check_line(
    line: usize,
    input: usize,
    text: &str,
    want_chars: Option<usize>,
) -> Result<Vec<u8>, LineProblem> {
    let raw = raw_line(text).ok_or(LineProblem::Number { line, input, got: "nothing".into() })?;
    if raw.number.parse::<usize>().ok() != Some(line) {
        return Err(LineProblem::Number { line, input, got: raw.number });
    }
    if let Some(ch) = raw.bad_char {
        return Err(LineProblem::BadChar { line, input, ch });
    }
    let got = raw.symbols.len();
    let want = want_chars.unwrap_or(LINE_CHARS + 2);
    if got != want && (want_chars.is_some() || got > want || got < 3) {
        return Err(LineProblem::Length { line, input, got, want });
    }
    let number = u16::try_from(line).map_err(|_| LineProblem::Check { line, input })?;
    if !linecheck::verify(number, &raw.symbols) {
        return Err(LineProblem::Check { line, input });
    }
    let data = &raw.symbols[..got - 2];
    base32::from_symbols(data).ok_or(LineProblem::Check { line, input })
}

/// Lines and the data-and-check characters of the last line for a share of `total` bytes.
pub fn layout(total: usize) -> (usize, usize) {
    let count = total.div_ceil(LINE_BYTES);
    let last = total - (count - 1) * LINE_BYTES;
    (count, base32::encoded_len(last) + 2)
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
        if find_marker(&l.to_ascii_uppercase(), 0).is_some() || raw_line(l).is_none() {
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
            expected = head.as_deref().and_then(super::encoded_len_from_prefix).map(layout);
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

/// Decodes a QR payload's characters (after `BREAKGLASS-V1:`).
fn parse_compact(chars: &str) -> Result<Share, TextError> {
    let symbols: Vec<u8> = chars.chars().filter_map(base32::symbol_value).collect();
    let prefix_chars = base32::encoded_len(LENGTH_PREFIX);
    let head = base32::from_symbols(&symbols[..symbols.len().min(prefix_chars)]).unwrap_or_default();
    let want = super::encoded_len_from_prefix(&head).map(base32::encoded_len);
    match want {
        Some(want) if want == symbols.len() => {}
        Some(want) => {
            return Err(TextError::CompactLength { got: symbols.len(), want });
        }
        None if symbols.len() < prefix_chars => {
            return Err(TextError::Decode(DecodeError::TooShort(symbols.len() * 5 / 8)));
        }
        None => {
            let version = head.first().copied().unwrap_or(0);
            return Err(TextError::Decode(DecodeError::UnsupportedVersion(version)));
        }
    }
    let bytes = base32::from_symbols(&symbols).ok_or(TextError::Decode(DecodeError::Checksum))?;
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

/// Finds every share in `text`: typed blocks (with or without their marker line) and QR payloads.
pub fn scan(text: &str) -> Vec<Found> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut label = None;
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some(v) = label_of(l) {
            label = Some(v);
        }
        let mut block_version = None;
        let mut from = 0;
        let upper = l.to_ascii_uppercase();
        while let Some((_, version, end)) = find_marker(&upper, from) {
            from = end;
            // Parts of large shares are read by `parts::scan`.
            if upper[end..].starts_with("-PART:") {
                continue;
            }
            if let Some(rest) = l[end..].strip_prefix(':') {
                let run: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                from = end + 1 + run.len();
                // A marker and colon with nothing after it is prose about the format, not a share.
                if run.is_empty() {
                    continue;
                }
                let result = match parse_compact(&run) {
                    Err(_) if version != "1" && !version.is_empty() => Err(TextError::Version(version)),
                    other => other,
                };
                found.push(Found { input_line: i + 1, label: label.take(), result });
            } else {
                block_version = Some(version);
            }
        }
        let starts_block = block_version.is_some() || is_first_line(l);
        if !starts_block {
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
            found.push(Found { input_line: i + 1, label: label.take(), result });
        }
        i = next.max(i + 1);
    }
    found
}

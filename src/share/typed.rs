//! The typed text form of a share: how its lines are written, how one typed line is checked, and
//! [`LineReader`], which takes a share one line at a time as a person types it.
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
//! Finding typed shares inside arbitrary text is the job of `recover::text`; this module only knows
//! the form itself.

use thiserror::Error;
use zeroize::Zeroizing;

use crate::english::CharName;

use super::base32::{self, ALPHABET};
use super::linecheck;
use super::{DecodeError, LENGTH_PREFIX, Preview, Share};

/// Text that starts every share, followed by the format version.
pub const MARKER: &str = "BREAKGLASS-V";
/// Bytes carried by each full line.
pub const LINE_BYTES: usize = 10;
/// Data characters in each full line.
pub const LINE_CHARS: usize = 16;
/// Most lines a block may have (the largest v1 share needs 6 660).
pub(crate) const MAX_LINES: usize = 8_000;

/// A problem on one line of a typed share.
#[derive(Debug, Error, PartialEq, Eq, Clone)]
pub enum LineProblem {
    /// A character outside the share alphabet.
    #[error(
        "line {line} (input line {input}): {} is not a share character (shares use 0-9 and A-Z without I, L, O, U); re-read this line",
        CharName(*.ch)
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
    /// A line left out: from here on every line carries the number after its place.
    #[error(
        "line {line} is missing: input line {input}, where it should stand, is numbered {}, and the lines after it follow on from there; type line {line} in before it",
        .line + 1
    )]
    Dropped {
        /// The share line left out.
        line: usize,
        /// The input line that stands in its place.
        input: usize,
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
            | LineProblem::Check { line, .. }
            | LineProblem::Dropped { line, .. } => Some(*line),
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
    /// A marker line with more on it than the marker.
    #[error(
        "the marker line should read BREAKGLASS-V1 alone but has more on it (was the next line joined to it?); correct it and read the share again"
    )]
    BadMarker,
    /// A marker without its version number.
    #[error("the share's marker has no version number: correct it to BREAKGLASS-V1 and read it again")]
    NoVersion,
    /// A QR payload in lower case, which no QR code holds.
    #[error(
        "this QR text is in lower case, which a QR code never holds: give the decoder's output as it is, or type the numbered lines"
    )]
    LowerCase,
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
    /// Every line of a share of more than 1023 lines checks but the checksum does not: a line may
    /// stand in the wrong place, where its check characters still fit.
    #[error(
        "every line checks but the share's checksum does not: in a share of more than 1023 lines a line copied from the wrong place can still pass its check characters; {}",
        misplaced_hint(.pairs)
    )]
    Misplaced {
        /// Pairs of lines that are identical, one of each probably copied from the wrong place.
        pairs: Vec<(usize, usize)>,
    },
}

fn misplaced_hint(pairs: &[(usize, usize)]) -> String {
    match pairs {
        [] => "compare the lines from 1024 on with the sheet".into(),
        [(a, b)] => {
            format!("lines {a} and {b} are identical, so one of them was copied from the wrong place")
        }
        _ => {
            let shown: Vec<String> = pairs.iter().take(5).map(|(a, b)| format!("{a} and {b}")).collect();
            format!(
                "these lines are identical, one of each pair copied from the wrong place: {}",
                shown.join("; ")
            )
        }
    }
}

/// The problems of a share's lines, the first ones by line and the rest counted (a share typed
/// into the wrong layout could otherwise fill a screen with one sentence).
fn join(problems: &[LineProblem]) -> String {
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = problems.iter().take(SHOWN).map(ToString::to_string).collect();
    if problems.len() > SHOWN {
        parts.push(format!("and {} more lines with problems", problems.len() - SHOWN));
    }
    parts.join("; ")
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
    // The number: digits, or digits and look-alikes (`1O` for 10) up to the space after it.
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let lookalike = |c: char| c.is_ascii_digit() || matches!(c, 'O' | 'o' | 'I' | 'i' | 'L' | 'l');
    let run = t.len() - t.trim_start_matches(lookalike).len();
    let separated = t[run..].chars().next().is_none_or(|c| c.is_whitespace() || matches!(c, ':' | '.' | ')'));
    let digits = if digits > 0 && separated { run } else { digits };
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

/// Whether a line can be a share line at all: it starts with a number, or looks like a share line
/// whose number was mistyped.
pub(crate) fn is_share_line(text: &str) -> bool {
    raw_line(text).is_some()
}

/// Whether a line is a complete, valid share line numbered 1 (a share whose marker line is missing).
pub(crate) fn is_first_line(text: &str) -> bool {
    raw_line(text).is_some_and(|r| {
        r.bad_char.is_none()
            && r.number.parse::<u32>() == Ok(1)
            && r.symbols.len() == LINE_CHARS + 2
            && linecheck::verify(1, &r.symbols)
    })
}

/// The number a typed line carries, look-alikes folded (`1O` is 10), if it has one.
pub(crate) fn typed_number(text: &str) -> Option<usize> {
    raw_line(text).and_then(|r| r.number.parse().ok())
}

/// Whether a share whose marker line is missing starts at `text`, the line before `next`: a
/// complete, valid line 1; or a line numbered 1, damaged, before a valid line 2; or, line 1 lost,
/// a valid line 2 before a valid line 3. (The block's reader then names what is wrong.)
pub(crate) fn starts_unmarked(text: &str, next: Option<&str>) -> bool {
    let valid = |t: &str, n: u32| {
        raw_line(t).is_some_and(|r| {
            r.bad_char.is_none()
                && r.number.parse::<u32>() == Ok(n)
                && r.symbols.len() > 2
                && linecheck::verify(n as u16, &r.symbols)
        })
    };
    let numbered = |t: &str, n: u32| raw_line(t).is_some_and(|r| r.number.parse::<u32>() == Ok(n));
    let next_valid = |n: u32| next.is_some_and(|t| valid(t, n));
    is_first_line(text) || (numbered(text, 1) && next_valid(2)) || (valid(text, 2) && next_valid(3))
}

/// Checks one typed line on its own: its number, characters and check characters. Used by the
/// text scanner and by [`LineReader`]. `want_chars` is the number
/// of characters (data and check) expected, when known. Returns the line's data bytes.
pub(crate) fn check_line(
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
pub(crate) fn layout(total: usize) -> (usize, usize) {
    let count = total.div_ceil(LINE_BYTES);
    let last = total - (count - 1) * LINE_BYTES;
    (count, base32::encoded_len(last) + 2)
}

/// What a line given to [`LineReader::push`] did.
#[derive(Debug)]
pub enum LineOutcome {
    /// The line checks; more lines are needed.
    Accepted,
    /// The line checks and completes the share's first two lines: what the share says it is.
    Started(Preview),
    /// The line was the last one and the whole share decodes.
    Complete(Share),
}

/// Why [`LineReader::push`] refused a line.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum LineError {
    /// The line itself is wrong; type it again (the reader still waits for the same line).
    #[error(transparent)]
    Line(LineProblem),
    /// The first two lines are right but describe a share this format version cannot read; the
    /// reader starts over.
    #[error(transparent)]
    Start(DecodeError),
    /// Every line checks but the share as a whole does not; the reader starts over.
    #[error(transparent)]
    Whole(DecodeError),
}

/// What the first line of a typed share says, before the second is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FirstLine {
    /// The share's index.
    pub index: u8,
    /// The first four bytes of its set id.
    pub set_prefix: [u8; 4],
}

impl FirstLine {
    /// Whether `share` has this index and a set id starting with these bytes.
    pub fn is(&self, share: &Share) -> bool {
        share.header.index == self.index && share.header.set_id.0[..4] == self.set_prefix
    }
}

/// Takes a typed share one line at a time, as a person types it: every line is checked the moment
/// it arrives, the share's length is learnt from its first two lines, and the share is decoded as
/// soon as its last line is in. A line typed without its number is taken as the line that comes next.
#[derive(Default)]
pub struct LineReader {
    data: Zeroizing<Vec<u8>>,
    preview: Option<Preview>,
    lines_in: usize,
}

impl LineReader {
    /// A reader waiting for line 1.
    pub fn new() -> LineReader {
        LineReader::default()
    }

    /// The number of the line the reader waits for.
    pub fn next_line(&self) -> usize {
        self.lines_in + 1
    }

    /// What the share's first two lines said, once they are in.
    pub fn preview(&self) -> Option<&Preview> {
        self.preview.as_ref()
    }

    /// What line 1 alone says: the share's index and the first four bytes of its set id (the rest
    /// of the header is on line 2).
    pub fn first_line(&self) -> Option<FirstLine> {
        let d = self.data.get(..LINE_BYTES)?;
        Some(FirstLine { index: d[5], set_prefix: [d[6], d[7], d[8], d[9]] })
    }

    /// Forgets every line, to wait for line 1 of a share again.
    pub fn reset(&mut self) {
        *self = LineReader::default();
    }

    /// Checks one typed line and adds it to the share.
    pub fn push(&mut self, text: &str) -> Result<LineOutcome, LineError> {
        let line = self.next_line();
        let want = Some(match self.preview.map(|p| layout(p.encoded_len)) {
            Some((count, last)) if line == count => last,
            _ => LINE_CHARS + 2,
        });
        let bytes = check_line(line, line, text, want)
            .or_else(|e| check_line(line, line, &format!("{line} {}", text.trim()), want).map_err(|_| e))
            .map_err(LineError::Line)?;
        self.data.extend_from_slice(&bytes);
        self.lines_in += 1;
        if self.preview.is_none() && self.data.len() >= LENGTH_PREFIX {
            match Preview::read(&self.data) {
                Ok(p) => {
                    self.preview = Some(p);
                    return self.finish_or(LineOutcome::Started(p));
                }
                Err(e) => {
                    self.reset();
                    return Err(LineError::Start(e));
                }
            }
        }
        self.finish_or(LineOutcome::Accepted)
    }

    /// The share when its last line is in, otherwise `outcome`.
    fn finish_or(&mut self, outcome: LineOutcome) -> Result<LineOutcome, LineError> {
        let Some(p) = self.preview else { return Ok(outcome) };
        if self.data.len() < p.encoded_len {
            return Ok(outcome);
        }
        let result = Share::from_bytes(&self.data);
        self.reset();
        result.map(LineOutcome::Complete).map_err(LineError::Whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::share::{Header, Kind, Lineage, SetId};

    fn sample() -> Share {
        let header = Header {
            kind: Kind::Password,
            threshold: 2,
            total: 3,
            index: 2,
            set_id: SetId([7; 10]),
            created: Date(20_000),
            padded_len: 32,
            lineage: Lineage::FIRST,
            passphrase: false,
        };
        Share::from_parts(header, Zeroizing::new((0..64).collect()))
    }

    #[test]
    fn line_reader_takes_a_share_line_by_line() {
        let share = sample();
        let lines = lines(&share);
        let mut r = LineReader::new();
        assert!(matches!(r.push(&lines[0]), Ok(LineOutcome::Accepted)));
        // A mistyped line is refused and the reader still waits for line 2.
        assert!(matches!(r.push(&lines[2]), Err(LineError::Line(LineProblem::Number { line: 2, .. }))));
        assert_eq!(r.next_line(), 2);
        // Line 2 typed without its number.
        let unnumbered = lines[1].split_once("  ").map(|(_, rest)| rest).unwrap_or_default();
        match r.push(unnumbered) {
            Ok(LineOutcome::Started(p)) => {
                assert_eq!((p.set_id, p.index, p.total, p.threshold), (SetId([7; 10]), 2, 3, 2));
                assert_eq!(p.encoded_len, 94);
            }
            other => panic!("{other:?}"),
        }
        for l in &lines[2..lines.len() - 1] {
            assert!(matches!(r.push(l), Ok(LineOutcome::Accepted)));
        }
        match r.push(&lines[lines.len() - 1]) {
            Ok(LineOutcome::Complete(s)) => assert_eq!(s.to_bytes(), share.to_bytes()),
            other => panic!("{other:?}"),
        }
        assert_eq!(r.next_line(), 1, "the reader starts over after a share");
    }

    #[test]
    fn line_reader_refuses_other_versions_and_bad_wholes() {
        let mut bytes = sample().to_bytes().to_vec();
        bytes[0] = 2;
        let mut r = LineReader::new();
        let typed = lines_of_bytes(&bytes);
        assert!(matches!(r.push(&typed[0]), Ok(LineOutcome::Accepted)));
        assert_eq!(r.push(&typed[1]).err(), Some(LineError::Start(DecodeError::UnsupportedVersion(2))));
        assert_eq!(r.next_line(), 1);
        let mut bytes = sample().to_bytes().to_vec();
        bytes[30] ^= 1;
        let typed = lines_of_bytes(&bytes);
        let last = typed.len() - 1;
        for l in &typed[..last] {
            assert!(r.push(l).is_ok());
        }
        assert_eq!(r.push(&typed[last]).err(), Some(LineError::Whole(DecodeError::Checksum)));
    }
}

//! Finding shares in any text: a share file, a paste, `pdftotext` output of a sheet, a decoder's
//! `QR-Code:…` line. Typed blocks (with or without their marker line), single-code QR payloads and
//! the parts of large shares are all found, and every problem is reported with the share line it is
//! on, so a custodian knows exactly which line to re-read.

use crate::share::parts::{Part, PartError, parse_part};
use crate::share::payload::parse_compact;
use crate::share::typed::{
    LINE_CHARS, LineProblem, MARKER, MAX_LINES, TextError, check_line, is_share_line, layout,
    starts_unmarked, typed_number,
};
use crate::share::{DecodeError, Share, encoded_len_from_prefix};

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
            i += 1;
            continue;
        }
        for result in payloads_on_line(l) {
            found.push(TextShare { input_line: i + 1, label: label.take(), result });
        }
        let block_version = marker_line(l);
        if block_version.is_none() && damaged_marker(l) {
            found.push(TextShare {
                input_line: i + 1,
                label: label.take(),
                result: Err(TextError::BadMarker),
            });
        }
        if block_version.is_none() && !starts_unmarked(l, lines.get(i + 1).copied()) {
            i += 1;
            continue;
        }
        let start = if block_version.is_some() { i + 1 } else { i };
        let (result, next) = parse_block(&lines, start);
        // A marker line of another version (or none) explains why its lines are not read as v1.
        let result = match block_version.as_deref() {
            Some("1") | None => result,
            Some("") => Some(Err(TextError::NoVersion)),
            Some(v) => Some(Err(TextError::Version(v.to_string()))),
        };
        if let Some(result) = result {
            found.push(TextShare { input_line: i + 1, label: label.take(), result });
        }
        i = next.max(i + 1);
    }
    found
}

/// The version digits of a typed block's marker line: the whole line, spaces aside, is
/// `BREAKGLASS-V` and a version (possibly none), in any case.
fn marker_line(l: &str) -> Option<String> {
    let t = l.trim();
    let rest =
        t.get(..MARKER.len()).filter(|m| m.eq_ignore_ascii_case(MARKER)).map(|_| &t[MARKER.len()..])?;
    // Any digits, so that a version written in other digits is refused as not v1, not read as prose.
    rest.chars().all(char::is_numeric).then(|| rest.to_string())
}

/// Whether a line starts as a marker line (`BREAKGLASS-V` and a digit, in any case) but goes on with
/// what looks like a numbered share line: the marker with the next line joined to it.
fn damaged_marker(l: &str) -> bool {
    let t = l.trim();
    let Some(rest) =
        t.get(..MARKER.len()).filter(|m| m.eq_ignore_ascii_case(MARKER)).map(|_| &t[MARKER.len()..])
    else {
        return false;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &rest[digits..];
    // The line break may itself have been replaced by one character.
    let joined = |t: &str| t.trim_start().starts_with(|c: char| c.is_ascii_digit()) && is_share_line(t);
    let skip_one = after.char_indices().nth(1).map_or("", |(i, _)| &after[i..]);
    digits > 0 && (joined(after) || joined(skip_one)) && payloads_on_line(l).is_empty()
}

/// Shortest run after a payload marker that is taken for a share (a real one has at least 125
/// characters); anything shorter is prose about the format.
const MIN_PAYLOAD: usize = 32;

/// A marker `BREAKGLASS-V<version><suffix>` found on a line: its version digits, whether it is
/// written in upper case, and the letters and digits after it.
struct Marked<'a> {
    version: &'a str,
    upper: bool,
    run: &'a str,
}

/// Every marker on a line that is followed by `suffix` (`:` for payloads, `-PART:` for parts) and
/// not preceded by a letter or digit, so that words such as `breakglass-vault` never count.
fn marked<'a>(l: &'a str, suffix: &str) -> Vec<Marked<'a>> {
    let lower = l.to_ascii_lowercase();
    let needle = MARKER.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&needle) {
        let start = from + pos;
        let after = start + MARKER.len();
        from = after;
        if l[..start].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let digits = l[after..].len() - l[after..].trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &l[after + digits..];
        if !rest.get(..suffix.len()).is_some_and(|r| r.eq_ignore_ascii_case(suffix)) {
            continue;
        }
        let body = &rest[suffix.len()..];
        let run = &body[..body.len() - body.trim_start_matches(|c: char| c.is_ascii_alphanumeric()).len()];
        let marker = &l[start..after + digits + suffix.len()];
        let upper = !marker.bytes().chain(run.bytes()).any(|b| b.is_ascii_lowercase());
        out.push(Marked { version: &l[after..after + digits], upper, run });
        from = after + digits + suffix.len() + run.len();
    }
    out
}

/// The QR payloads on one line, decoded: `BREAKGLASS-V1:` and the share's characters, upper case as
/// a QR code holds them.
fn payloads_on_line(l: &str) -> Vec<Result<Share, TextError>> {
    marked(l, ":")
        .into_iter()
        .filter(|m| m.run.len() >= MIN_PAYLOAD)
        .map(|m| match m.version {
            "" => Err(TextError::NoVersion),
            "1" if !m.upper => Err(TextError::LowerCase),
            "1" => parse_compact(m.run),
            v => Err(TextError::Version(v.to_string())),
        })
        .collect()
}

/// Finds every part payload of a large share in a text (such as a decoder's output).
pub fn find_parts(input: &str) -> Vec<Result<Part, PartError>> {
    let mut out = Vec::new();
    for line in input.lines() {
        for m in marked(line, PART_SUFFIX).into_iter().filter(|m| m.run.len() >= MIN_PART) {
            out.push(match m.version {
                "1" if m.upper => parse_part(m.run),
                "1" => Err(PartError::LowerCase),
                v => Err(PartError::Version(v.to_string())),
            });
        }
    }
    out
}

/// What follows the marker and version in a part's payload.
const PART_SUFFIX: &str = "-PART:";
/// Shortest run after a part marker taken for a part (its 15-byte header alone is 24 characters).
const MIN_PART: usize = 24;

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
        if marker_line(l).is_some() || !payloads_on_line(l).is_empty() || !is_share_line(l) {
            break;
        }
        // A line without a number belongs to the block only where a share line must stand: as one of
        // the two header lines, or before the count the header gives is reached.
        let number: String = l.trim_start().chars().take_while(char::is_ascii_digit).collect();
        if number.is_empty() && collected.len() >= 2 && expected.is_none() {
            break;
        }
        // Past the header lines of a share whose length is unknown (another format version), a
        // line numbered 1 starts the next share (typed without its marker line).
        if collected.len() >= 2 && expected.is_none() && number.parse() == Ok(1u32) {
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
    if let Some(problems) = dropped_line(collected) {
        return Err(TextError::Lines(problems));
    }
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
    let data: Vec<Vec<u8>> = collected.iter().map(|(_, t)| line_data(t)).collect();
    Share::from_bytes(&bytes).map_err(|e| match e {
        DecodeError::Checksum if collected.len() > UNIQUE_LINE_NUMBERS => {
            TextError::Misplaced { pairs: identical_lines(&data) }
        }
        other => TextError::Decode(other),
    })
}

/// One line left out, where every line from some place on is numbered one more than its place: that
/// line is named once, and every line is checked under the number it carries, so that other
/// mistakes are still found (rather than a "numbered N" for every line after the gap).
fn dropped_line(collected: &[(usize, &str)]) -> Option<Vec<LineProblem>> {
    let number = typed_number;
    let gap = collected.iter().enumerate().position(|(i, (_, t))| number(t) != Some(i + 1))?;
    let shifted = collected[gap..].iter().enumerate().all(|(j, (_, t))| number(t) == Some(gap + j + 2));
    if !shifted {
        return None;
    }
    let mut problems = vec![LineProblem::Dropped { line: gap + 1, input: collected[gap].0 + 1 }];
    for (i, (idx, text)) in collected.iter().enumerate() {
        let line = if i < gap { i + 1 } else { i + 2 };
        if let Err(p) = check_line(line, idx + 1, text, None) {
            problems.push(p);
        }
    }
    Some(problems)
}

/// Lines whose numbers always change their check characters: the three symbols that stand for a
/// line number differ in at most two places below 1024 (see docs/FORMAT.md §4).
const UNIQUE_LINE_NUMBERS: usize = 1023;

/// The data and check characters of a line that already passed its check, without the number.
fn line_data(text: &str) -> Vec<u8> {
    let t = text.trim_start();
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.chars().filter_map(crate::share::base32::symbol_value).collect()
}

/// Pairs of line numbers whose data and check characters are the same: in a long share, the sign of
/// a line copied from the wrong place.
fn identical_lines(data: &[Vec<u8>]) -> Vec<(usize, usize)> {
    let mut seen: std::collections::HashMap<&[u8], usize> = std::collections::HashMap::new();
    let mut pairs = Vec::new();
    for (i, d) in data.iter().enumerate() {
        match seen.get(d.as_slice()) {
            Some(&first) => pairs.push((first + 1, i + 1)),
            None => {
                seen.insert(d, i);
            }
        }
    }
    pairs
}

/// The value of a `Label:` line, if this is one.
fn label_of(line: &str) -> Option<String> {
    let t = line.trim();
    let rest = t.strip_prefix("Label:").or_else(|| t.strip_prefix("label:"))?;
    let v = rest.trim();
    (!v.is_empty()).then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::shamir::{SplitParams, split, test_params};
    use crate::share::Kind;
    use crate::share::typed::{lines, lines_of_bytes};
    use rand::SeedableRng;
    use rand::rngs::ChaCha20Rng;

    /// A share typed without its marker line, as people copy the numbered lines only: a typo on
    /// line 1, line 1 left out, and a line left out in the middle are each named by their line
    /// (they used to give "no share found", or a "numbered N" for every line after the gap); line
    /// numbers written with O for 0 and I for 1 are read.
    #[test]
    fn shares_typed_without_their_marker_have_every_line_located() {
        let secret = Secret::from_slice(b"typed without its marker");
        let shares = split(&secret, &test_params(2, 3), &mut ChaCha20Rng::seed_from_u64(8)).expect("split");
        let typed = lines(&shares[0]);
        assert!(typed.len() >= 8, "{} lines", typed.len());
        let problems = |lines: &[String]| match find_shares(&lines.join("\n")).as_slice() {
            [TextShare { result: Err(TextError::Lines(p)), .. }] => p.clone(),
            other => panic!("{other:?}"),
        };
        let mut typo = typed.clone();
        typo[0] = typo[0].replacen("0400", "0Z00", 1);
        assert!(matches!(problems(&typo)[..], [LineProblem::Check { line: 1, .. }]), "{:?}", problems(&typo));
        assert!(matches!(problems(&typed[1..])[..], [LineProblem::Dropped { line: 1, input: 1 }]));
        let mut gap = typed.clone();
        gap.remove(3);
        let mut gap_typo = gap.clone();
        let at = gap_typo[5].len() - 5;
        let other = if &gap_typo[5][at..at + 1] == "Z" { "Y" } else { "Z" };
        gap_typo[5].replace_range(at..at + 1, other);
        match &problems(&gap_typo)[..] {
            [LineProblem::Dropped { line: 4, input: 4 }, LineProblem::Check { line: 7, .. }] => {}
            other => panic!("{other:?}"),
        }
        let lookalike: Vec<String> = typed
            .iter()
            .map(|l| {
                let (n, rest) = l.split_once("  ").expect("numbered");
                format!("{}  {rest}", n.replace('0', "O").replace('1', "I"))
            })
            .collect();
        match find_shares(&lookalike.join("\n")).as_slice() {
            [TextShare { result: Ok(s), .. }] => {
                assert!(s.header == shares[0].header && s.y() == shares[0].y())
            }
            other => panic!("{other:?}"),
        }
    }

    /// In a share of more than 1023 lines, line 1024's text typed as line 200 passes its check
    /// characters (their number symbols differ by (1, 6, 8)); the checksum then names the pair.
    #[test]
    fn a_line_copied_to_a_colliding_number_is_named() {
        let params = SplitParams { kind: Kind::File, ..test_params(2, 2) };
        let secret = Secret::from_slice(&vec![0x42; 9_300]);
        let shares = split(&secret, &params, &mut ChaCha20Rng::seed_from_u64(4)).expect("split");
        let mut typed = lines(&shares[0]);
        assert!(typed.len() > 1024, "{} lines", typed.len());
        let moved = typed[1023].split_once("  ").map(|(_, rest)| rest.to_string()).expect("line 1024");
        typed[199] = format!("0200  {moved}");
        let text = format!("{MARKER}1\n{}\n", typed.join("\n"));
        let found = find_shares(&text);
        assert_eq!(found.len(), 1);
        match &found[0].result {
            Err(e @ TextError::Misplaced { pairs }) => {
                assert_eq!(pairs, &vec![(200, 1024)]);
                assert!(e.to_string().contains("lines 200 and 1024 are identical"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }

    /// Shares typed one after another without their marker lines are read as separate shares, and
    /// blank lines between the numbered lines are ignored.
    #[test]
    fn shares_typed_without_marker_lines_are_read_one_by_one() {
        let params = test_params(2, 3);
        let secret = Secret::from_slice(b"typed-without-markers");
        let shares = split(&secret, &params, &mut ChaCha20Rng::seed_from_u64(6)).expect("split");
        let text: String = shares.iter().map(|s| format!("{}\n\n", lines(s).join("\n\n"))).collect();
        let found = find_shares(&text);
        let read: Vec<u8> = found.iter().map(|f| f.result.as_ref().map_or(0, |s| s.header.index)).collect();
        assert_eq!(read, vec![1, 2, 3], "{:?}", found.iter().map(|f| &f.result).collect::<Vec<_>>());
        // A share of another format version, whose length this reader cannot know, ends where the
        // next share's line 01 begins.
        let mut v2 = shares[0].to_bytes();
        v2[0] = 2;
        let text = format!("{}\n{}\n", lines_of_bytes(&v2).join("\n"), lines(&shares[1]).join("\n"));
        let found = find_shares(&text);
        assert_eq!(found.len(), 2, "{:?}", found.iter().map(|f| &f.result).collect::<Vec<_>>());
        assert!(found[0].result.as_ref().is_err_and(|e| e.to_string().contains("format version 2")));
        assert!(found[1].result.as_ref().is_ok_and(|s| s.header.index == 2));
    }

    #[test]
    fn marker_words_in_labels_and_prose_start_no_share() {
        for line in [
            "Label:      breakglass-vault@contoso.com",
            "Mail to breakglass-v1-team: see BREAKGLASS-V1 below",
            "BREAKGLASS-V1: is how a QR text starts",
            "the marker BREAKGLASS-V1",
        ] {
            assert!(find_shares(line).is_empty(), "{line}");
            assert!(find_parts(line).is_empty(), "{line}");
        }
        assert_eq!(marker_line("  breakglass-v1 "), Some("1".into()));
        assert_eq!(marker_line("BREAKGLASS-V"), Some(String::new()));
        assert_eq!(marker_line("BREAKGLASS-VAULT"), None);
        // A version in other digits is a version, and not v1.
        assert_eq!(marker_line("BREAKGLASS-V\u{661}"), Some("\u{661}".into()));
    }
}

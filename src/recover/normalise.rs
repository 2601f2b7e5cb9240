//! Text as people bring it, made plain before shares are looked for: UTF-16 and UTF-32 files (with a
//! byte order mark, or UTF-16 without one), CR-only and CRLF line ends, the spaces and dashes word
//! processors and mail programs put in (no-break, thin, zero-width; en dash, minus sign), full-width
//! forms, Greek and Cyrillic capitals that look like Latin ones, mail quoting (`> `, `> > `, `| `),
//! and the lines of a share joined into one by a mail program that reflowed them.
//!
//! Nothing here can make a wrong share read as right: every line still carries its check
//! characters and every share its checksum, and the secret its integrity tag. Folding only turns
//! what a person would read as a share character into that character.

use zeroize::Zeroizing;

use crate::share::base32::symbol_value;
use crate::share::typed::{LINE_CHARS, MARKER, check_line};

/// Decodes an input's bytes as text: UTF-8 (a byte order mark dropped), or UTF-16 / UTF-32 when a
/// byte order mark says so, or UTF-16 without one when every other byte is zero; anything that is
/// not valid becomes U+FFFD.
pub fn decode_text(bytes: &[u8]) -> Zeroizing<String> {
    let units16 = |le: bool, b: &[u8]| -> Zeroizing<String> {
        let units = b
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
        // Made at its final size, so that no copy of the text is left behind by growing.
        let mut out = Zeroizing::new(String::with_capacity(b.len() * 2 + 4));
        out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')));
        out
    };
    let units32 = |le: bool, b: &[u8]| -> Zeroizing<String> {
        let chars = b.chunks_exact(4).map(|c| {
            let v = if le {
                u32::from_le_bytes([c[0], c[1], c[2], c[3]])
            } else {
                u32::from_be_bytes([c[0], c[1], c[2], c[3]])
            };
            char::from_u32(v).unwrap_or('\u{fffd}')
        });
        let mut out = Zeroizing::new(String::with_capacity(b.len() + 4));
        out.extend(chars);
        out
    };
    match bytes {
        [0xff, 0xfe, 0, 0, rest @ ..] => units32(true, rest),
        [0, 0, 0xfe, 0xff, rest @ ..] => units32(false, rest),
        [0xff, 0xfe, rest @ ..] => units16(true, rest),
        [0xfe, 0xff, rest @ ..] => units16(false, rest),
        [0xef, 0xbb, 0xbf, rest @ ..] => Zeroizing::new(String::from_utf8_lossy(rest).into_owned()),
        _ if looks_like_utf16(bytes, 1) => units16(true, bytes),
        _ if looks_like_utf16(bytes, 0) => units16(false, bytes),
        _ => Zeroizing::new(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// Whether the bytes look like UTF-16 text of ASCII characters: at least 16 bytes, every byte at
/// `zero_at` (mod 2) zero and the others not.
fn looks_like_utf16(bytes: &[u8], zero_at: usize) -> bool {
    bytes.len() >= 16
        && bytes.len().is_multiple_of(2)
        && bytes.chunks_exact(2).all(|c| c[zero_at] == 0 && c[1 - zero_at] != 0)
}

/// The character a person reading it would take it for, among the characters of shares and the
/// text around them; `None` for characters that are invisible and mean nothing (zero-width spaces,
/// soft hyphens, byte order marks).
pub fn fold_char(c: char) -> Option<char> {
    let folded = match c {
        // Spaces of every width.
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
        // Invisible characters.
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => return None,
        // Dashes and minus signs.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' => '-',
        // Full-width forms of ASCII (typed with an East Asian input method).
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xff01 + 0x21).unwrap_or(c),
        // Greek and Cyrillic capitals drawn like Latin ones.
        'Α' | 'А' => 'A',
        'Β' | 'В' => 'B',
        'С' => 'C',
        'Ε' | 'Е' => 'E',
        'Η' | 'Н' => 'H',
        'Ι' => 'I',
        'Κ' | 'К' => 'K',
        'Μ' | 'М' => 'M',
        'Ν' => 'N',
        'Ο' | 'О' => 'O',
        'Ρ' | 'Р' => 'P',
        'Τ' | 'Т' => 'T',
        'Χ' | 'Х' => 'X',
        'Υ' | 'У' => 'Y',
        'Ζ' => 'Z',
        // Their small forms drawn like Latin small letters (which are read as capitals).
        'а' | 'α' => 'a',
        'е' | 'ε' => 'e',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'т' | 'τ' => 't',
        'х' | 'χ' => 'x',
        'у' | 'υ' => 'y',
        _ => c,
    };
    Some(folded)
}

/// One line made plain: characters folded (see [`fold_char`]) and a mail quoting prefix removed.
pub fn plain_line(line: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(line.len()));
    out.extend(line.chars().filter_map(fold_char));
    let unquoted = unquote(&out).len();
    if unquoted != out.len() {
        let start = out.len() - unquoted;
        out.drain(..start);
    }
    out
}

/// The line without mail quoting: any run of `>` and `|`, each with the spaces after it.
fn unquote(line: &str) -> &str {
    let mut rest = line.trim_start();
    while let Some(r) = rest.strip_prefix('>').or_else(|| rest.strip_prefix('|')) {
        rest = r.trim_start();
    }
    if rest.len() == line.trim_start().len() { line } else { rest }
}

/// The text made plain: line ends unified, each line made plain ([`plain_line`]), and the lines of
/// a share that were joined into one split again.
pub fn normalise(text: &str) -> Zeroizing<String> {
    // Room for every line end to become one more character; folding only shortens.
    let mut out = Zeroizing::new(String::with_capacity(text.len() * 2 + 64));
    let plain: Vec<Zeroizing<String>> = lines(text).map(plain_line).collect();
    let mut tried = Tried::default();
    let mut i = 0;
    while i < plain.len() {
        let (lines, next) = block_at(&plain, i, &mut tried);
        for l in lines.iter() {
            out.push_str(l);
            out.push('\n');
        }
        i = next;
    }
    out
}

/// How far the tries that read on over several lines reached without finding a block: a try that
/// read up to line `e` and failed is not made again from a line before `e`, so that reading a text
/// takes time in proportion to its length, however it is made.
#[derive(Default)]
struct Tried {
    columns: usize,
    reflowed: usize,
}

/// The plain lines that line `i` starts, and where the next block starts: the typed pages of a
/// large share in columns (`pdftotext -layout`), a share reflowed by a mail program (its lines
/// joined, then wrapped again at some width), a share joined into one line, a QR text wrapped at a
/// fixed width, or else the line as it is.
fn block_at(plain: &[Zeroizing<String>], i: usize, tried: &mut Tried) -> (Vec<Zeroizing<String>>, usize) {
    if i >= tried.columns {
        match columns(plain, i) {
            Ok(block) => return block,
            Err(end) => tried.columns = end,
        }
    }
    if i >= tried.reflowed {
        let (joined, next) = reflowed(plain, i);
        if let Some(lines) = unjoin(&joined) {
            return (lines, next);
        }
        tried.reflowed = next;
    }
    if let Some(lines) = unjoin(&plain[i]) {
        return (lines, i + 1);
    }
    let (payload, next) = wrapped_payload(plain, i);
    (vec![payload], next)
}

/// The tokens of a line with the column each starts at.
fn tokens_at(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (column, (i, c)) in line.char_indices().chain([(line.len(), ' ')]).enumerate() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some((column, i)),
            (true, Some((at, s))) => {
                out.push((at, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A share line found on a row of columns: the column it starts at, its number, its text, and
/// whether it holds a full line's characters.
struct Segment {
    column: usize,
    number: usize,
    text: Zeroizing<String>,
    full: bool,
}

/// The share lines side by side on one row (`001 … 2J   088 … PV   176 …`), after the marker if the
/// row starts with one: each a number and its groups. `None` unless every token is used.
fn row_segments(line: &str) -> Option<(Option<String>, Vec<Segment>)> {
    // No page holds a row this wide; a longer line is not split into tokens here.
    if line.len() > MAX_ROW_BYTES {
        return None;
    }
    let tokens = tokens_at(line);
    let texts: Vec<&str> = tokens.iter().map(|t| t.1).collect();
    let marker = texts.first().filter(|t| is_marker(t)).map(|t| t.to_string());
    let mut at = usize::from(marker.is_some());
    let mut segments = Vec::new();
    while at < tokens.len() {
        let number = line_number(texts[at])?;
        let (chars, end) = take_groups(&texts, at + 1);
        if chars <= 2 || chars > LINE_CHARS + 2 {
            return None;
        }
        let text = Zeroizing::new(texts[at..end].join(" "));
        segments.push(Segment { column: tokens[at].0, number, text, full: chars == LINE_CHARS + 2 });
        at = end;
    }
    Some((marker, segments))
}

/// The widest row of columns read, in bytes: a page of typed lines is about 100 characters wide.
const MAX_ROW_BYTES: usize = 4096;

/// A block of rows holding share lines in columns (the typed pages of a large share as `pdftotext
/// -layout` gives them), from line `i`: its lines in number order, the marker first, and where the
/// block ends. It is taken for columns only when each column goes on from row to row (the line
/// below a line is the next one, within a page) and every line is full but the last — text that a
/// mail program wrapped is left for [`reflowed`]. Not a block: the line it read up to.
fn columns(plain: &[Zeroizing<String>], i: usize) -> Result<(Vec<Zeroizing<String>>, usize), usize> {
    let row = plain[i].strip_prefix('\u{c}').unwrap_or(&plain[i]);
    let (marker, first) = row_segments(row).filter(|(_, first)| first.len() >= 2).ok_or(i + 1)?;
    let mut above: Vec<(usize, usize)> = first.iter().map(|s| (s.column, s.number)).collect();
    let (mut lines, mut next, mut rows) = (first, i + 1, 1);
    while let Some(l) = plain.get(next) {
        if !l.trim().is_empty() {
            // A form feed starts a page; the columns are counted without it.
            let (page, row) = l.strip_prefix('\u{c}').map_or((false, l.as_str()), |r| (true, r));
            let Some((None, segments)) = row_segments(row) else { break };
            if page {
                above.clear();
            } else if !segments.iter().any(|s| above.iter().any(|&(c, n)| c == s.column && n + 1 == s.number))
            {
                return Err(next);
            }
            above = segments.iter().map(|s| (s.column, s.number)).collect();
            lines.extend(segments);
            rows += 1;
        }
        next += 1;
    }
    lines.sort_by_key(|s| s.number);
    let short = lines.iter().filter(|s| !s.full).count();
    if rows < 2 || short > 1 || lines.last().is_some_and(|s| s.full) && short == 1 {
        return Err(next);
    }
    let mut out: Vec<Zeroizing<String>> = marker.into_iter().map(Zeroizing::new).collect();
    out.extend(lines.into_iter().map(|s| s.text));
    Ok((out, next))
}

/// The groups of a typed line from token `at`: share characters up to a full line's worth, and
/// the token after them.
fn take_groups(tokens: &[&str], at: usize) -> (usize, usize) {
    let (mut chars, mut end) = (0, at);
    while let Some(n) = tokens.get(end).filter(|_| chars < LINE_CHARS + 2).and_then(|t| group_chars(t)) {
        chars += n;
        end += 1;
    }
    (chars, end)
}

/// How many share characters a token holds when it can be (part of) the groups of a typed line:
/// share characters and dashes only, at least one and at most a line's worth.
fn group_chars(t: &str) -> Option<usize> {
    let n = t.chars().filter(|&c| c != '-').count();
    (t.chars().all(|c| c == '-' || symbol_value(c).is_some()) && (1..=LINE_CHARS + 2).contains(&n))
        .then_some(n)
}

/// Where a reflowed share starts at line `i`: the marker followed by line 1 on the same line, line 1
/// with more after it than a printed line holds, or a line ending in the marker followed by a line 1
/// that is not as printed (cut short, or with more after it). From there on, lines that start with numbers and groups are joined to it (and the end of
/// the join returned); anywhere else the line alone.
fn reflowed(plain: &[Zeroizing<String>], i: usize) -> (Zeroizing<String>, usize) {
    let tokens: Vec<&str> = plain[i].split_whitespace().collect();
    let after_marker = tokens.iter().position(|t| is_marker(t)).map(|m| m + 1);
    // A line 1 as printed: its number, four groups and the check characters.
    let printed_first = |t: &[&str]| {
        t.len() == 6 && t.iter().skip(1).map(|g| g.chars().count()).sum::<usize>() == LINE_CHARS + 2
    };
    let first_is_one = |t: &[&str]| t.first().and_then(|f| line_number(f)) == Some(1);
    let joined_here = match after_marker {
        Some(m) => first_is_one(&tokens[m.min(tokens.len())..]),
        None => first_is_one(&tokens) && tokens.len() > 6,
    };
    let next_cut = after_marker == Some(tokens.len())
        && plain.get(i + 1).is_some_and(|n| {
            let t: Vec<&str> = n.split_whitespace().collect();
            first_is_one(&t) && !printed_first(&t)
        });
    let mut joined = Zeroizing::new(plain[i].to_string());
    let mut next = i + 1;
    if joined_here || next_cut {
        let share_token = |t: &str| line_number(t).is_some() || group_chars(t).is_some();
        // Lines that start with share characters; one with words after them (a greeting) is the last.
        while let Some(l) = plain.get(next).filter(|l| l.split_whitespace().next().is_some_and(share_token)) {
            joined.push(' ');
            joined.push_str(l);
            next += 1;
            if !l.split_whitespace().all(share_token) {
                break;
            }
        }
    }
    (joined, next)
}

/// A QR text that a mail program wrapped at a fixed width: a long line ending in a payload, and the
/// lines after it of nothing but share characters, joined again.
fn wrapped_payload(plain: &[Zeroizing<String>], i: usize) -> (Zeroizing<String>, usize) {
    let mut line = Zeroizing::new(plain[i].to_string());
    let mut next = i + 1;
    let ends_in_payload = line.split_whitespace().last().is_some_and(|t| {
        t.split_once(':').is_some_and(|(head, data)| {
            head.to_ascii_uppercase().starts_with(MARKER) && data.chars().all(|c| symbol_value(c).is_some())
        })
    });
    if !ends_in_payload {
        return (line, next);
    }
    let mut last_len = line.chars().count();
    while last_len >= WRAP_WIDTH_MIN
        && let Some(l) =
            plain.get(next).filter(|l| !l.is_empty() && l.chars().all(|c| symbol_value(c).is_some()))
    {
        line.push_str(l);
        last_len = l.chars().count();
        next += 1;
    }
    (line, next)
}

/// The narrowest width at which mail programs wrap lines (RFC 5322 asks for 78; some use 60).
const WRAP_WIDTH_MIN: usize = 60;

/// The lines of a text, whatever ends them: LF, CRLF, CR alone, or a Unicode line or paragraph
/// separator.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match t.find(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
            Some(i) => {
                let end = t[i..].chars().next().map_or(1, char::len_utf8);
                let skip = if t[i..].starts_with("\r\n") { 2 } else { end };
                rest = Some(&t[i + skip..]).filter(|r| !r.is_empty());
                Some(&t[..i])
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// The number a token gives a share line (`01`, `1`, `01:`, `1.`, `1)`), if it is one.
fn line_number(token: &str) -> Option<usize> {
    let digits = token.strip_suffix([':', '.', ')']).unwrap_or(token);
    (!digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Whether a token is a marker (`BREAKGLASS-V` and digits, in any case), however the token is made.
fn is_marker(t: &str) -> bool {
    let head = t.get(..MARKER.len()).filter(|h| h.eq_ignore_ascii_case(MARKER));
    let digits = t.get(MARKER.len()..).filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    head.is_some() && digits.is_some()
}

/// The lines of a share joined into this one line by a mail program (the marker, then `01 …`,
/// `02 …`, each line's groups and check characters separated by spaces), split again; `None` when
/// the line is not such a line, or does not split cleanly.
fn unjoin(line: &str) -> Option<Vec<Zeroizing<String>>> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let marker = tokens.iter().position(|t| is_marker(t));
    let start = marker.map_or(0, |m| m + 1);
    if line_number(tokens.get(start)?)? != 1 || tokens.len() < start + 8 {
        return None;
    }
    let mut out: Vec<Zeroizing<String>> = Vec::new();
    if let Some(m) = marker {
        if m > 0 {
            out.push(Zeroizing::new(tokens[..m].join(" ")));
        }
        out.push(Zeroizing::new(tokens[m].to_string()));
    }
    let mut at = start;
    let mut expect = 1;
    while at < tokens.len() && line_number(tokens[at]) == Some(expect) {
        let (line, next) = one_line(&tokens, at)?;
        out.push(line);
        at = next;
        expect += 1;
    }
    // At least two lines were joined, or this is not a joined line at all.
    if expect < 3 {
        return None;
    }
    if at < tokens.len() {
        out.push(Zeroizing::new(tokens[at..].join(" ")));
    }
    Some(out)
}

/// The share line starting at token `at` (its number): the groups up to a full line's characters
/// and its check characters, or what is left before the next marker or payload; and the next token.
fn one_line(tokens: &[&str], at: usize) -> Option<(Zeroizing<String>, usize)> {
    let full = LINE_CHARS + 2;
    let (chars, end) = take_groups(tokens, at + 1);
    if chars > full || chars <= 2 {
        return None;
    }
    let text = |end: usize| Zeroizing::new(tokens[at..end].join(" "));
    // A short last line may have words after it (a greeting, a name): the longest run of groups
    // whose check characters hold is the line.
    let number = line_number(tokens[at])?;
    if chars < full && check_line(number, 0, &text(end), None).is_err() {
        for shorter in (at + 2..end).rev() {
            if check_line(number, 0, &text(shorter), None).is_ok() {
                return Some((text(shorter), shorter));
            }
        }
    }
    Some((text(end), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_and_line_ends_are_read() {
        let text = "BREAKGLASS-V1\n01  0400\n";
        let utf16le: Vec<u8> =
            [0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let utf16be: Vec<u8> =
            [0xfe, 0xff].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let bare16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf32: Vec<u8> = [0xff, 0xfe, 0, 0]
            .into_iter()
            .chain(text.chars().flat_map(|c| (c as u32).to_le_bytes()))
            .collect();
        for bytes in [utf16le, utf16be, bare16, utf32, [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat()] {
            assert_eq!(decode_text(&bytes).as_str(), text);
        }
        assert_eq!(normalise("a\rb\r\nc\u{2028}d").as_str(), "a\nb\nc\nd\n");
    }

    #[test]
    fn spaces_dashes_quotes_and_look_alikes_are_folded() {
        assert_eq!(plain_line("01\u{a0}\u{a0}0400\u{2009}20G3\u{200b} 06D3").as_str(), "01  0400 20G3 06D3");
        assert_eq!(plain_line("> > 01  0400\u{2013}20G3").as_str(), "01  0400-20G3");
        assert_eq!(plain_line("| 02  8NG6").as_str(), "02  8NG6");
        assert_eq!(plain_line("０１　０４００ АВСЕ").as_str(), "01 0400 ABCE");
        assert_eq!(plain_line("text > with a quote").as_str(), "text > with a quote");
    }

    #[test]
    fn joined_lines_are_split_again() {
        let joined = "Share: BREAKGLASS-V1 01  0400 20G3 06D3 EH2G  M7 02  8NG6 77P6 E18J T002  Y4 03  G5JF NB0  ZJ QR: X";
        let lines: Vec<String> = normalise(joined).lines().map(str::to_string).collect();
        assert_eq!(
            lines,
            [
                "Share:",
                "BREAKGLASS-V1",
                "01 0400 20G3 06D3 EH2G M7",
                "02 8NG6 77P6 E18J T002 Y4",
                "03 G5JF NB0 ZJ",
                "QR: X"
            ]
        );
        // A single share line, or prose that starts with 01, is left alone.
        for line in ["01  0400 20G3 06D3 EH2G  M7", "01 is the first line of 02 shares and more words here"] {
            assert_eq!(normalise(line).as_str(), format!("{line}\n"));
        }
    }

    /// A share whose lines a mail program joined and wrapped again at some width, quoted or not,
    /// with a greeting before it and a name after it on the same line, reads as printed; so does
    /// a QR text wrapped at a fixed width.
    #[test]
    fn reflowed_shares_and_wrapped_qr_texts_are_read() {
        use rand::SeedableRng;
        let secret = crate::Secret::from_slice(b"Correct-Horse-42");
        let mut rng = rand::rngs::ChaCha20Rng::seed_from_u64(7);
        let shares =
            crate::shamir::split(&secret, &crate::shamir::test_params(2, 3), &mut rng).expect("split");
        let share = &shares[0];
        let printed = crate::share::typed::block(share);
        let joined = printed.lines().collect::<Vec<_>>().join(" ");
        let want: Vec<String> =
            printed.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        for width in [20, 33, 40, 60, 72, 200] {
            for (before, after) in [("", ""), ("Hi Bob, here it is: ", " Thanks, Alice"), ("> ", " -- Al")] {
                let text = format!("{before}{joined}{after}");
                let mut wrapped = String::new();
                let mut line = String::new();
                for word in text.split(' ') {
                    if !line.is_empty() && line.len() + word.len() + 1 > width {
                        wrapped.push_str(&line);
                        wrapped.push('\n');
                        line.clear();
                    }
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                }
                wrapped.push_str(&line);
                let got: Vec<String> = normalise(&wrapped).lines().map(str::to_string).collect();
                let at =
                    got.iter().position(|l| l == &want[0]).unwrap_or_else(|| panic!("{wrapped}\n{got:?}"));
                assert_eq!(got[at..at + want.len()], want[..], "width {width}: {wrapped}");
            }
        }
        let qr = crate::share::payload::compact(share);
        for width in [60, 64, 76] {
            let wrapped: Vec<String> =
                qr.as_bytes().chunks(width).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
            let text = format!("My code:\n{}\nThanks\n", wrapped.join("\n"));
            assert!(normalise(&text).lines().any(|l| l == qr), "{text}");
        }
    }

    /// The typed pages of a large share as `pdftotext -layout` gives them — three columns side by
    /// side, the marker before the first row, a form feed between pages, the last page in one
    /// column — read as the lines in order.
    #[test]
    fn typed_pages_in_columns_are_read_in_order() {
        use rand::SeedableRng;
        let secret = crate::Secret::from_slice(&[0x5a; 3000]);
        let params =
            crate::shamir::SplitParams { kind: crate::share::Kind::File, ..crate::shamir::test_params(2, 3) };
        let mut rng = rand::rngs::ChaCha20Rng::seed_from_u64(8);
        let shares = crate::shamir::split(&secret, &params, &mut rng).expect("split");
        let lines = crate::share::typed::lines(&shares[0]);
        assert!(lines.len() > 200, "{} lines", lines.len());
        let (rows, per_page) = (40, 120);
        let mut text = String::from("Share 1 of 3: the typed form\n");
        for (p, page) in lines.chunks(per_page).enumerate() {
            let cols: Vec<&[String]> = page.chunks(rows).collect();
            for r in 0..rows.min(page.len()) {
                let mut row = if p == 0 && r == 0 { format!("{MARKER}1{:16}", "") } else { " ".repeat(29) };
                // A form feed before each page, the first one included (as pdftotext puts it).
                if r == 0 {
                    row = format!("\u{c}{row}");
                }
                for c in &cols {
                    if let Some(l) = c.get(r) {
                        row.push_str(&format!("{:<30}", l.replace("  ", " ")));
                    }
                }
                text.push_str(row.trim_end());
                text.push('\n');
            }
        }
        let got: Vec<String> = normalise(&text).lines().map(str::to_string).collect();
        let at = got.iter().position(|l| l == &format!("{MARKER}1")).unwrap_or_else(|| panic!("{got:?}"));
        let want: Vec<String> =
            lines.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(got[at + 1..at + 1 + want.len()], want[..]);
    }

    /// Whatever the text — any mix of share characters, markers, look-alikes, quoting, line ends
    /// and characters of every width — making it plain neither panics nor loses a line's worth of
    /// order, and making plain text plain again changes nothing more than line ends.
    #[test]
    fn any_text_is_made_plain_without_panicking() {
        use rand::rngs::ChaCha20Rng;
        use rand::{RngExt, SeedableRng};
        let pieces = [
            "BREAKGLASS-V1",
            "breakglass-v",
            "01",
            "02",
            "10",
            " ",
            "  ",
            "\n",
            "\r",
            "\r\n",
            "0400",
            "20G3",
            "M7",
            "QR:",
            ":",
            "> ",
            "| ",
            "\u{a0}",
            "\u{200b}",
            "\u{2013}",
            "…",
            "é",
            "Ο",
            "０",
            "\u{2028}",
            "\u{fffd}",
            "Label:",
            "\t",
            "BREAKGLASS-V1…",
            "1)",
            "99999",
        ];
        let mut rng = ChaCha20Rng::seed_from_u64(16);
        for _ in 0..3000 {
            let n = rng.random_range(0..60);
            let text: String = (0..n).map(|_| pieces[rng.random_range(0..pieces.len())]).collect();
            let once = normalise(&text);
            let twice = normalise(&once);
            assert_eq!(twice.trim_end_matches('\n'), once.trim_end_matches('\n'), "{text:?}");
        }
    }
}

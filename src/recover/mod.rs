//! Recovering a secret from what people bring: text files, pastes, decoder output, photos and scans.
//!
//! [`gather`] sniffs each input (text, PNG/JPEG image, PDF), searches images for QR codes (on every
//! core), finds the shares in text ([`find_shares`]), joins the parts of large shares across all
//! inputs, and reports every input or share it could not use as a typed [`Problem`]. [`recover`]
//! then combines the shares it found, through the integrity-checked Shamir combine, and keeps where
//! each share came from so that a misfit can be named by its file. The library does no I/O: the
//! caller reads the inputs and passes their bytes.

pub(crate) mod decoders;
pub(crate) mod image;
pub(crate) mod normalise;
pub(crate) mod problem;
pub(crate) mod sets;
pub(crate) mod text;

use std::collections::HashMap;

use zeroize::Zeroizing;

use self::image::{ImageError, read_qr_codes, unsupported_format};
use self::normalise::{decode_text, normalise};
use self::problem::{Note, Problem, Source};
use self::text::{TextShare, find_parts, find_shares};
use crate::share::parts::{Part, PartError, join_parts};
use crate::share::typed::MARKER;
use crate::share::{SetId, Share};

/// One input: its name as shown to people and its bytes, as read by the caller.
pub struct Input {
    /// How the input is named in messages ("standard input", a file name).
    pub name: String,
    /// The bytes (held in a wiped buffer: k shares together are the secret).
    pub bytes: Zeroizing<Vec<u8>>,
}

impl Input {
    /// An input called `name` holding `bytes`.
    pub fn new(name: impl Into<String>, bytes: impl Into<Zeroizing<Vec<u8>>>) -> Input {
        Input { name: name.into(), bytes: bytes.into() }
    }

    /// Whether the input is an image (PNG or JPEG) to search for QR codes.
    pub fn is_image(&self) -> bool {
        matches!(sniff(&self.bytes), Sniffed::Image)
    }
}

/// What an input's bytes are.
enum Sniffed {
    Text,
    Image,
    OtherImage,
    Pdf,
}

/// A PBM, PGM or PPM file (`P1` to `P6`, then white space and the width or a comment), as
/// `pdftoppm` writes without `-png`.
fn is_pnm(bytes: &[u8]) -> bool {
    let rest = bytes.get(2..).unwrap_or_default();
    let after = rest.iter().position(|b| !b.is_ascii_whitespace()).and_then(|i| rest.get(i));
    matches!(bytes, [b'P', b'1'..=b'6', w, ..] if w.is_ascii_whitespace())
        && after.is_some_and(|b| b.is_ascii_digit() || *b == b'#')
}

fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xff\xd8\xff") || is_pnm(bytes) {
        Sniffed::Image
    } else if bytes.starts_with(b"%PDF") {
        Sniffed::Pdf
    } else if unsupported_format(bytes).is_some() {
        Sniffed::OtherImage
    } else {
        Sniffed::Text
    }
}

/// A share found in an input.
#[derive(Clone, Debug)]
pub struct Found {
    /// The share.
    pub share: Share,
    /// Where it came from.
    pub source: Source,
    /// The label printed beside the share, if any.
    pub label: Option<String>,
}

/// Every share read from the inputs, and a problem for each input or share that could not be used.
#[derive(Debug, Default)]
pub struct Gathered {
    /// Readable shares, in input order.
    pub shares: Vec<Found>,
    /// One problem per unreadable share or input.
    pub problems: Vec<Problem>,
    /// What is worth knowing about the inputs besides (records skipped, parts each image held).
    pub notes: Vec<Note>,
    /// QR parts that could not all be tried (a share whose parts disagree in more ways than are
    /// tried, or parts of more shares than are kept): the shares not read might be genuine ones that
    /// show a forged one beside them, so nothing is recovered without the record
    /// ([`RecoverError::UnsettledParts`]).
    pub unsettled: Vec<PartError>,
}

impl Gathered {
    /// How many problems were found, counting those only counted (see [`Problem::More`]).
    pub fn problem_count(&self) -> usize {
        self.problems.iter().map(|p| if let Problem::More { count } = p { *count } else { 1 }).sum()
    }
}

/// Part codes of large shares, collected across inputs to be joined at the end.
#[derive(Default)]
struct PartPile {
    parts: Vec<Part>,
    /// The input each share's parts came from, by set and index.
    inputs: Vec<(SetId, u8, String)>,
}

impl PartPile {
    /// Where the parts of share `index` of `set` were found, for messages.
    fn source_of(&self, set: SetId, index: u8) -> Source {
        let mut names: Vec<&str> = self
            .inputs
            .iter()
            .filter(|(s, i, _)| *s == set && *i == index)
            .map(|(_, _, n)| n.as_str())
            .collect();
        names.dedup();
        Source::whole(&format!("QR parts in {}", names.join(", ")))
    }
}

/// Reads every input and finds the shares in it.
pub fn gather(inputs: &[Input]) -> Gathered {
    let mut g = Gathered::default();
    let mut pile = PartPile::default();
    let mut scans = scan_images(inputs);
    for (i, input) in inputs.iter().enumerate() {
        if let Some(text) = input_text(input, scans.remove(&i), &mut g) {
            // The codes of an image are joined into a text whose line numbers mean nothing to
            // the person who gave the image.
            let lines = !input.is_image();
            gather_text(&input.name, &text, &mut g, &mut pile, lines);
        }
    }
    let large = !pile.parts.is_empty();
    // Parts of large shares may be spread over many pages and images: join them across all inputs.
    let (joined, problems) = join_parts(std::mem::take(&mut pile.parts));
    g.unsettled.extend(
        problems
            .iter()
            .filter(|p| matches!(p, PartError::TooManyClaims { .. } | PartError::TooManyShares { .. }))
            .cloned(),
    );
    g.shares.extend(joined.into_iter().map(|share| {
        let source = pile.source_of(share.header.set_id, share.header.index);
        Found { share, source, label: None }
    }));
    g.problems.extend(problems.into_iter().map(Problem::Parts));
    if large {
        quiet_codeless_pages(&mut g);
    }
    if g.problems.len() > MAX_PROBLEMS {
        let count = g.problems.len() - MAX_PROBLEMS;
        g.problems.truncate(MAX_PROBLEMS);
        g.problems.push(Problem::More { count });
    }
    g
}

/// Most problems kept: hostile input may hold millions, and nobody reads more than a screenful.
const MAX_PROBLEMS: usize = 1000;

/// The text to search for shares in one input: itself, the codes of an image, the payload a
/// breakglass PDF carries; `None` (with a problem or note) when there is none.
fn input_text(
    input: &Input,
    scanned: Option<Result<Vec<String>, ImageError>>,
    g: &mut Gathered,
) -> Option<Zeroizing<String>> {
    let name = input.name.to_string();
    match sniff(&input.bytes) {
        // Counted before the text is split into lines, which costs tens of bytes a line.
        Sniffed::Text if line_ends(&input.bytes) > MAX_TEXT_LINES => {
            g.problems.push(Problem::TooManyLines { input: name, max: MAX_TEXT_LINES });
            None
        }
        Sniffed::Text => Some(normalise(&decode_text(&input.bytes))),
        Sniffed::Pdf => {
            let text = Zeroizing::new(String::from_utf8_lossy(&input.bytes).into_owned());
            if text.contains("/BreakglassRecord") {
                g.notes.push(Note::Record { input: name, set: record_set(&text) });
                None
            } else if text.contains("/BreakglassShare") {
                // The label the sheet shows, as a share file's `Label:` line before the share.
                Some(match pdf_label(&text) {
                    Some(label) => Zeroizing::new(format!("Label: {label}\n{}", text.as_str())),
                    None => text,
                })
            } else {
                g.problems.push(Problem::Pdf { input: name });
                None
            }
        }
        Sniffed::OtherImage => {
            g.problems.push(Problem::Image { input: name, error: read_qr_codes(&input.bytes).err()? });
            None
        }
        Sniffed::Image => match scanned {
            Some(scanned) => image_text(&name, scanned, &mut g.problems),
            None => {
                g.problems.push(Problem::SearchFailed { input: name });
                None
            }
        },
    }
}

/// The label a breakglass sheet's catalog carries (`/BreakglassLabel (hex)`), if any.
fn pdf_label(text: &str) -> Option<String> {
    let at = text.find("/BreakglassLabel (")? + "/BreakglassLabel (".len();
    let hex = &text[at..at + text[at..].find(')')?];
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    let label = String::from_utf8(bytes?).ok()?;
    (!label.is_empty() && !label.chars().any(char::is_control)).then_some(label)
}

/// The set id a ceremony record names, if it is one.
fn record_set(text: &str) -> Option<SetId> {
    let at = text.find("Set id:")? + "Set id:".len();
    SetId::parse(&text[at..].trim_start().chars().take(19).collect::<String>())
}

/// Images without a code, given with the pages of a large share, are pages that carry none by
/// design: a note rather than a problem.
fn quiet_codeless_pages(g: &mut Gathered) {
    let (codeless, rest): (Vec<Problem>, Vec<Problem>) =
        std::mem::take(&mut g.problems).into_iter().partition(|p| matches!(p, Problem::NoCode { .. }));
    g.problems = rest;
    let inputs: Vec<String> = codeless
        .into_iter()
        .filter_map(|p| match p {
            Problem::NoCode { input } => Some(input),
            _ => None,
        })
        .collect();
    if !inputs.is_empty() {
        g.notes.push(Note::CodelessPages { inputs });
    }
}

/// The most lines one text input may have: hundreds of times what the largest set of shares needs,
/// and few enough that a file of empty lines is refused at once rather than searched for seconds.
pub(crate) const MAX_TEXT_LINES: usize = 2_000_000;

/// How many lines a text's bytes end, at least: its LF or its CR bytes, whichever are more (in
/// UTF-16 and UTF-32 too, where each is one byte beside zeros).
fn line_ends(bytes: &[u8]) -> usize {
    let (lf, cr) = bytes
        .iter()
        .fold((0, 0), |(lf, cr), &b| (lf + usize::from(b == b'\n'), cr + usize::from(b == b'\r')));
    lf.max(cr)
}

/// Finds the shares and part codes in one input's text.
fn gather_text(name: &str, text: &str, g: &mut Gathered, pile: &mut PartPile, lines: bool) {
    if text.bytes().filter(|&b| b == b'\n').count() > MAX_TEXT_LINES {
        g.problems.push(Problem::TooManyLines { input: name.to_string(), max: MAX_TEXT_LINES });
        return;
    }
    let found = find_shares(text);
    let mut parts_here = 0;
    for p in find_parts(text) {
        match p {
            Ok(p) => {
                if !pile.inputs.iter().any(|(s, i, n)| *s == p.set_id && *i == p.index && n == name) {
                    pile.inputs.push((p.set_id, p.index, name.to_string()));
                }
                pile.parts.push(p);
                parts_here += 1;
            }
            Err(error) => g.problems.push(Problem::Part { input: name.to_string(), error }),
        }
    }
    if found.is_empty() && parts_here == 0 {
        if text.trim_start().starts_with("Emergency access ceremony record") {
            g.notes.push(Note::Record { input: name.to_string(), set: record_set(text) });
        } else {
            g.problems.push(Problem::NoShare { input: name.to_string() });
        }
    }
    note_contents(name, &found, &pile.parts[pile.parts.len() - parts_here..], g);
    let many = lines && found.len() > 1;
    for TextShare { input_line, label, result } in found {
        let source = Source { input: name.to_string(), line: many.then_some(input_line) };
        match result {
            Ok(share) => g.shares.push(Found { share, source, label }),
            Err(error) => g.problems.push(Problem::Unreadable { at: source, error }),
        }
    }
}

/// Notes on an input holding several shares, or parts of large shares.
fn note_contents(name: &str, found: &[TextShare], parts: &[Part], g: &mut Gathered) {
    let mut shares: Vec<String> = Vec::new();
    for s in found.iter().filter_map(|f| f.result.as_ref().ok()) {
        let what = format!("share {} of set {}", s.header.index, s.header.set_id);
        if !shares.contains(&what) {
            shares.push(what);
        }
    }
    let mut groups: Vec<(SetId, u8, Vec<u16>)> = Vec::new();
    for p in parts {
        match groups.iter_mut().find(|(s, i, _)| (*s, *i) == (p.set_id, p.index)) {
            Some(group) => group.2.push(p.number),
            None => groups.push((p.set_id, p.index, vec![p.number])),
        }
    }
    for (set, index, mut numbers) in groups {
        numbers.sort_unstable();
        numbers.dedup();
        shares.push(format!("share {index} of set {set}"));
        g.notes.push(Note::Parts { input: name.to_string(), set, index, numbers });
    }
    if shares.len() > 1 {
        g.notes.push(Note::Several { input: name.to_string(), count: shares.len(), shares });
    }
}

/// The QR codes of an image as lines of text for the share finder, or `None` (with a problem
/// recorded) when the image holds no breakglass code.
fn image_text(
    name: &str,
    scanned: Result<Vec<String>, ImageError>,
    problems: &mut Vec<Problem>,
) -> Option<Zeroizing<String>> {
    let codes = match scanned {
        Ok(codes) => codes,
        Err(error) => {
            problems.push(Problem::Image { input: name.to_string(), error });
            return None;
        }
    };
    let (ours, others): (Vec<String>, Vec<String>) =
        codes.into_iter().partition(|c| c.to_ascii_uppercase().starts_with(MARKER));
    for other in &others {
        problems.push(Problem::ForeignCode { input: name.to_string(), what: describe_code(other) });
    }
    if ours.is_empty() {
        if others.is_empty() {
            problems.push(Problem::NoCode { input: name.to_string() });
        }
        return None;
    }
    Some(Zeroizing::new(ours.join("\n")))
}

/// What a foreign QR code is, without any of its content: a link's scheme, or its length.
fn describe_code(text: &str) -> String {
    let scheme: String =
        text.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')).collect();
    if !scheme.is_empty() && scheme.len() <= 12 && text[scheme.len()..].starts_with(':') {
        format!("a {}: link", scheme.to_ascii_lowercase())
    } else {
        format!("{} characters of text", text.chars().count())
    }
}

/// Searches the image inputs for QR codes, spread over the available cores; results by input index.
fn scan_images(inputs: &[Input]) -> HashMap<usize, Result<Vec<String>, ImageError>> {
    let images: Vec<(usize, &[u8])> = inputs
        .iter()
        .enumerate()
        .filter(|(_, input)| input.is_image())
        .map(|(i, input)| (i, input.bytes.as_slice()))
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let per = images.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = images
            .chunks(per)
            .map(|batch| {
                s.spawn(move || batch.iter().map(|&(i, b)| (i, read_qr_codes(b))).collect::<Vec<_>>())
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).flatten().collect()
    })
}

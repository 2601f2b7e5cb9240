//! The free text a user gives for the documents, the label and the account's name, checked before
//! any work is done: one line, printable in the sheets' standard fonts, and short enough to fit.
//!
//! A label is printed on every sheet in 14-point bold type, wrapped onto a second line or set
//! smaller (12, then 10 points) when it is long; one that fits in none of these is refused, measured
//! on A4, the narrower paper. The account name goes on the ceremony record, wrapped as it needs.

use thiserror::Error;

use super::Paper;
use super::draw::{MARGIN, SANS_BOLD};
use super::metrics::{text_width, wrap};
use crate::english::CharName;
use crate::share::typed::MARKER;

/// Most characters in a label.
pub const MAX_LABEL_CHARS: usize = 120;
/// Most characters in an account name (Entra allows 113 in a UPN; e-mail addresses 254).
pub const MAX_ACCOUNT_CHARS: usize = 256;
/// The type sizes a label is tried in, largest first, each on at most [`LABEL_LINES`] lines.
const LABEL_SIZES: [f32; 3] = [14.0, 12.0, 10.0];
/// Most lines a label takes on a sheet.
const LABEL_LINES: usize = 2;

/// Why a label or account name cannot go on the documents. Each message follows the field's name
/// ("--label is empty; …").
#[derive(Debug, Error, PartialEq, Eq)]
pub enum FieldError {
    /// Nothing but spaces.
    #[error("is empty; give what the secret opens, such as the account's name, or leave it out")]
    Empty,
    /// A line end, tab or other control character.
    #[error("holds {}, a control character, at character {at}; give one line of plain text", CharName(*ch))]
    Control {
        /// The character.
        ch: char,
        /// Its position, counting from 1.
        at: usize,
    },
    /// A character the standard PDF fonts cannot show.
    #[error(
        "holds {} at character {at}, which the standard PDF fonts of the sheets and record cannot print; write it in Latin letters, digits and punctuation (Latin-1)",
        CharName(*ch)
    )]
    Unprintable {
        /// The character.
        ch: char,
        /// Its position, counting from 1.
        at: usize,
    },
    /// More characters than the field takes.
    #[error("is {len} characters long, more than the {max} it may have; shorten it to the account's name")]
    TooLong {
        /// Characters given.
        len: usize,
        /// Most allowed.
        max: usize,
    },
    /// Wider than two lines of the sheet in the smallest type tried.
    #[error("is too wide for two lines of the sheet even in small type; shorten it or use narrower letters")]
    TooWide,
    /// Holds the share marker, so that the files would read as another share.
    #[error("contains the share marker BREAKGLASS-V (not followed by a letter); choose one without it")]
    Marker,
}

/// Checks a label for the sheets and the record.
pub fn check_label(label: &str) -> Result<(), FieldError> {
    check_text(label, MAX_LABEL_CHARS)?;
    match label_layout(label, label_width(Paper::A4)) {
        Some(_) => Ok(()),
        None => Err(FieldError::TooWide),
    }
}

/// Checks an account name (a UPN or e-mail address) for the record.
pub fn check_account(name: &str) -> Result<(), FieldError> {
    check_text(name, MAX_ACCOUNT_CHARS)
}

/// The checks both fields share.
fn check_text(text: &str, max: usize) -> Result<(), FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::Empty);
    }
    for (i, ch) in text.chars().enumerate() {
        if ch.is_control() {
            return Err(FieldError::Control { ch, at: i + 1 });
        }
        // WinAnsiEncoding holds Latin-1 (and a few marks we never take from users).
        // The soft hyphen prints as nothing inside a line: a character nobody can see or type back.
        if !matches!(ch, ' '..='~' | '\u{a0}'..='\u{ff}') || ch == '\u{ad}' {
            return Err(FieldError::Unprintable { ch, at: i + 1 });
        }
    }
    let len = text.chars().count();
    if len > max {
        return Err(FieldError::TooLong { len, max });
    }
    // A field that holds a share marker would make the share files read as another share.
    let lower = text.to_ascii_lowercase();
    let marker = lower
        .match_indices(&MARKER.to_ascii_lowercase())
        .any(|(i, m)| !lower[i + m.len()..].starts_with(|c: char| c.is_ascii_alphabetic()));
    if marker { Err(FieldError::Marker) } else { Ok(()) }
}

/// The width a label may take on a sheet of this paper, in points.
pub(crate) fn label_width(paper: Paper) -> f32 {
    paper.size().0 - 2.0 * MARGIN
}

/// The type size and lines a label is printed in, or `None` when it fits in no size tried.
pub(crate) fn label_layout(label: &str, width: f32) -> Option<(f32, Vec<String>)> {
    LABEL_SIZES.iter().find_map(|&size| {
        let lines = wrap(SANS_BOLD, size, label, width);
        let fits =
            lines.len() <= LABEL_LINES && lines.iter().all(|l| text_width(SANS_BOLD, size, l) <= width);
        fits.then_some((size, lines))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_people_give_are_taken_and_laid_out() {
        assert_eq!(check_label("bg-admin@contoso.onmicrosoft.com"), Ok(()));
        assert_eq!(check_label("Café Müller, Zürich"), Ok(()));
        let width = label_width(Paper::A4);
        let (size, lines) = label_layout("bg-admin@contoso.onmicrosoft.com", width).unwrap_or_default();
        assert_eq!((size, lines.len()), (14.0, 1));
        // 120 characters of words: two lines, and every line within the page.
        let long = "LabelWord-".repeat(12);
        assert_eq!(check_label(&long), Ok(()));
        let (size, lines) = label_layout(&long, width).unwrap_or_default();
        assert_eq!(lines.len(), 2, "{lines:?} at {size}");
        assert!(lines.iter().all(|l| text_width(SANS_BOLD, size, l) <= width));
        assert_eq!(lines.concat(), long);
    }

    #[test]
    fn what_cannot_be_printed_is_refused_and_named() {
        assert_eq!(check_label(""), Err(FieldError::Empty));
        assert_eq!(check_label("   "), Err(FieldError::Empty));
        assert_eq!(check_label("a\nb"), Err(FieldError::Control { ch: '\n', at: 2 }));
        assert_eq!(check_account("管理者@contoso.com"), Err(FieldError::Unprintable { ch: '管', at: 1 }));
        assert!(
            FieldError::Unprintable { ch: '管', at: 1 }
                .to_string()
                .contains("'管' U+7BA1 CJK UNIFIED IDEOGRAPH")
        );
        assert_eq!(check_label(&"a".repeat(121)), Err(FieldError::TooLong { len: 121, max: 120 }));
        assert_eq!(check_account(&"a".repeat(257)), Err(FieldError::TooLong { len: 257, max: 256 }));
        assert_eq!(check_account(&"a".repeat(256)), Ok(()));
        // 120 of the widest letters fill more than two lines even at 10 points.
        assert_eq!(check_label(&"W".repeat(120)), Err(FieldError::TooWide));
        assert_eq!(check_label("bg\u{ad}admin"), Err(FieldError::Unprintable { ch: '\u{ad}', at: 3 }));
        assert_eq!(check_label("see BREAKGLASS-V1"), Err(FieldError::Marker));
        assert_eq!(check_label("BREAKGLASS-VAULT"), Ok(()));
    }
}

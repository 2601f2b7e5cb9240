//! How wide text is in the standard fonts, from Adobe's font metrics, so that labels and account
//! names are wrapped or shrunk to fit the page rather than run off its edge.
//!
//! The widths are those of the Adobe Font Metrics files for Helvetica and Helvetica-Bold (as shipped
//! with groff's `devps` fonts, by glyph name), in thousandths of an em, for the WinAnsiEncoding bytes 32 to 255 that
//! [`super::draw::win_ansi`] writes. Courier is monospaced at 600.

use pdf_writer::Name;

use super::draw::{MONO, MONO_BOLD, SANS_BOLD, win_ansi};

/// Helvetica advance widths for bytes 32..=255.
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
    500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, 0, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 222, 222, 333, 333, 0, 556, 1000, 0, 0, 0, 0, 0, 0, 0, 0, 278, 333, 556, 556, 556, 556, 260, 556,
    333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 578, 537, 278, 333, 333, 365, 556, 834,
    834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722,
    778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889,
    500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556,
    556, 500, 556, 500,
];

/// Helvetica-Bold advance widths for bytes 32..=255.
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278,
    556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
    556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
    333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, 0, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 278, 278, 500, 500, 0, 556, 1000, 0, 0, 0, 0, 0, 0, 0, 0, 278, 333, 556, 556, 556, 556, 280, 556,
    333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834,
    834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722,
    778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889,
    556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611,
    611, 556, 611, 556,
];

/// Width in points of `s` set in `font` at `size`.
pub(crate) fn text_width(font: Name<'_>, size: f32, s: &str) -> f32 {
    let units: u32 = win_ansi(s)
        .into_iter()
        .map(|b| {
            if font == MONO || font == MONO_BOLD {
                600
            } else {
                let table = if font == SANS_BOLD { &HELVETICA_BOLD } else { &HELVETICA };
                u32::from(b.checked_sub(32).map_or(0, |i| table[usize::from(i)]))
            }
        })
        .sum();
    units as f32 * size / 1000.0
}

/// Splits `s` into lines no wider than `width` points: at spaces where it can, else after one of
/// `@ . - _ /` (where names and addresses break naturally), else between any two characters.
pub(crate) fn wrap(font: Name<'_>, size: f32, s: &str, width: f32) -> Vec<String> {
    let fits = |t: &str| text_width(font, size, t) <= width;
    let mut lines = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        if fits(rest) {
            lines.push(rest.to_string());
            break;
        }
        let cut = best_break(rest, &fits);
        let (line, tail) = rest.split_at(cut);
        lines.push(line.trim_end().to_string());
        rest = tail.trim_start();
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Where to end the first line of `s`, which does not fit as a whole: a byte offset after at least
/// one character.
fn best_break(s: &str, fits: &dyn Fn(&str) -> bool) -> usize {
    let ends: Vec<usize> = s.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    let longest = ends.iter().copied().take_while(|&e| fits(&s[..e])).last().unwrap_or(ends[0]);
    let head = &s[..longest];
    let at_space = s[longest..].starts_with(' ').then_some(longest).or_else(|| head.rfind(' '));
    if let Some(space) = at_space.filter(|&i| i > 0) {
        return space;
    }
    match head.rfind(['@', '.', '-', '_', '/']) {
        Some(i) if i > 0 => i + 1,
        _ => longest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::draw::SANS;

    #[test]
    fn widths_are_adobes() {
        // Helvetica "A" is 667 units, "@" 1015; Helvetica-Bold "W" 944; Courier 600 for all.
        assert!((text_width(SANS, 10.0, "A@") - 16.82).abs() < 1e-3);
        assert!((text_width(SANS_BOLD, 1.0, "W") - 0.944).abs() < 1e-6);
        assert!((text_width(MONO, 10.0, "iiii") - 24.0).abs() < 1e-4);
        // Guillemets are 556 in both (groff's encoding puts the single ones at these codes).
        assert!((text_width(SANS_BOLD, 1.0, "«»") - 1.112).abs() < 1e-6);
        assert!((text_width(SANS, 1.0, "«") - 0.556).abs() < 1e-6);
        assert!((text_width(SANS, 12.0, "é") - text_width(SANS, 12.0, "e")).abs() < 1e-6);
    }

    #[test]
    fn wraps_at_spaces_then_at_marks_then_anywhere() {
        let w = text_width(SANS, 10.0, "aaaa aaaa");
        assert_eq!(wrap(SANS, 10.0, "aaaa aaaa aaaa", w), ["aaaa aaaa", "aaaa"]);
        assert_eq!(
            wrap(SANS, 10.0, "aaaaaaaa@bbbbbbbb", text_width(SANS, 10.0, "aaaaaaaa@bb")),
            ["aaaaaaaa@", "bbbbbbbb"]
        );
        let narrow = wrap(SANS, 10.0, "abcdefghij", text_width(SANS, 10.0, "abc"));
        assert_eq!(narrow.concat(), "abcdefghij");
        assert!(narrow.iter().all(|l| text_width(SANS, 10.0, l) <= text_width(SANS, 10.0, "abc")));
        // Even a width narrower than one character makes progress.
        assert_eq!(wrap(SANS, 10.0, "WW", 1.0), ["W", "W"]);
        assert_eq!(wrap(SANS, 10.0, "", 100.0), [""]);
    }
}

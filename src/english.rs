//! How lists read in messages: share indices as people write them ("1, 2 and 3", "1 to 200").
//!
//! Errors keep indices as numbers; this is only how they are shown.

use std::fmt;

/// Share indices shown as a list: "1", "1 and 2", "1, 2 and 3", and a run of four or more
/// consecutive indices as "1 to 200".
#[derive(Clone, Copy, Debug)]
pub struct IndexList<'a>(pub &'a [u8]);

impl fmt::Display for IndexList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items = runs(self.0);
        match items.split_last() {
            None => Ok(()),
            Some((last, [])) => f.write_str(last),
            Some((last, init)) => write!(f, "{} and {last}", init.join(", ")),
        }
    }
}

/// Shares named by index: "share 3", "shares 1 and 2".
#[derive(Clone, Copy, Debug)]
pub struct Shares<'a>(pub &'a [u8]);

impl fmt::Display for Shares<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.0.len() == 1 { "share" } else { "shares" };
        write!(f, "{noun} {}", IndexList(self.0))
    }
}

/// Names shown as a list: "a", "a and b", "a, b and c".
pub fn name_list(names: &[String]) -> String {
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{} and {last}", init.join(", ")),
    }
}

/// Numbers shown as a list, as [`IndexList`] does for share indices (part numbers of a large share).
#[derive(Clone, Copy, Debug)]
pub struct NumberList<'a>(pub &'a [u16]);

impl fmt::Display for NumberList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items = runs(self.0);
        match items.split_last() {
            None => Ok(()),
            Some((last, [])) => f.write_str(last),
            Some((last, init)) => write!(f, "{} and {last}", init.join(", ")),
        }
    }
}

/// The items of a sorted list, runs of four or more consecutive numbers written "a to b".
fn runs<T: Copy + fmt::Display + Into<u32>>(numbers: &[T]) -> Vec<String> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j].into().checked_add(1) == Some(numbers[j + 1].into()) {
            j += 1;
        }
        if j - i >= 3 {
            items.push(format!("{} to {}", numbers[i], numbers[j]));
        } else {
            items.extend(numbers[i..=j].iter().map(T::to_string));
        }
        i = j + 1;
    }
    items
}

/// A character as messages show it: itself when it is visible ASCII, otherwise its code point and,
/// for the characters that are met in pasted text, its name (`U+00E9 LATIN SMALL LETTER E WITH
/// ACUTE`), so that an invisible or look-alike character can be found.
pub struct CharName(pub char);

impl std::fmt::Display for CharName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.0;
        if c.is_ascii_graphic() {
            return write!(f, "'{c}'");
        }
        let invisible = matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fffd}');
        let shown =
            if c.is_whitespace() || c.is_control() || invisible { String::new() } else { format!("'{c}' ") };
        match char_name(c) {
            Some(name) => write!(f, "{shown}U+{:04X} {name}", c as u32),
            None => write!(f, "{shown}U+{:04X}", c as u32),
        }
    }
}

/// Names of the characters met in pasted and mailed text that are not share characters.
fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        ' ' => "SPACE",
        '\u{a0}' => "NO-BREAK SPACE",
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\t' => "CHARACTER TABULATION",
        '\n' => "LINE FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{1b}' => "ESCAPE",
        '\0' => "NULL",
        '\u{fffd}' => "REPLACEMENT CHARACTER (the file is not valid UTF-8 text)",
        '\u{a7}' => "SECTION SIGN",
        '\u{b0}' => "DEGREE SIGN",
        '\u{b7}' => "MIDDLE DOT",
        '\u{d7}' => "MULTIPLICATION SIGN",
        '\u{c0}'..='\u{c5}' => "LATIN CAPITAL LETTER A WITH AN ACCENT",
        '\u{c8}'..='\u{cb}' => "LATIN CAPITAL LETTER E WITH AN ACCENT",
        '\u{d2}'..='\u{d6}' | '\u{d8}' => "LATIN CAPITAL LETTER O WITH AN ACCENT OR STROKE",
        '\u{e0}'..='\u{e5}' => "LATIN SMALL LETTER A WITH AN ACCENT",
        '\u{e9}' => "LATIN SMALL LETTER E WITH ACUTE",
        '\u{f8}' => "LATIN SMALL LETTER O WITH STROKE",
        '\u{2018}' | '\u{2019}' => "SINGLE QUOTATION MARK",
        '\u{201c}' | '\u{201d}' => "DOUBLE QUOTATION MARK",
        '\u{2022}' => "BULLET",
        '\u{2026}' => "HORIZONTAL ELLIPSIS",
        '\u{20ac}' => "EURO SIGN",
        '\u{2116}' => "NUMERO SIGN",
        '\u{fb01}' | '\u{fb02}' => "LATIN SMALL LIGATURE",
        '\u{3040}'..='\u{30ff}' => "JAPANESE KANA",
        '\u{4e00}'..='\u{9fff}' => "CJK UNIFIED IDEOGRAPH",
        '\u{ac00}'..='\u{d7a3}' => "HANGUL SYLLABLE",
        '\u{7}' => "BELL",
        '\u{c}' => "FORM FEED",
        '\u{7f}' => "DELETE",
        '\u{df}' => "LATIN SMALL LETTER SHARP S",
        '\u{2d7}' => "MODIFIER LETTER MINUS SIGN",
        '\u{300}'..='\u{36f}' => "COMBINING ACCENT (it belongs on the character before it)",
        '\u{2024}' => "ONE DOT LEADER",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{2043}' => "HYPHEN BULLET",
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            "DIRECTION MARK OR OVERRIDE (invisible; it reorders the text around it)"
        }
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        '\u{1f300}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}' => "EMOJI OR SYMBOL",
        '\u{410}'..='\u{42f}' => "CYRILLIC CAPITAL LETTER",
        '\u{430}'..='\u{44f}' => "CYRILLIC SMALL LETTER",
        '\u{400}'..='\u{4ff}' => "CYRILLIC LETTER",
        '\u{391}'..='\u{3a9}' => "GREEK CAPITAL LETTER",
        '\u{3b1}'..='\u{3c9}' => "GREEK SMALL LETTER",
        '\u{370}'..='\u{3ff}' => "GREEK LETTER",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_lists_read_as_people_write_them() {
        let list = |v: &[u8]| IndexList(v).to_string();
        assert_eq!(list(&[]), "");
        assert_eq!(list(&[3]), "3");
        assert_eq!(list(&[1, 3]), "1 and 3");
        assert_eq!(list(&[1, 2, 3]), "1, 2 and 3");
        assert_eq!(list(&[1, 2, 3, 4]), "1 to 4");
        let many: Vec<u8> = (1..=200).chain([202, 203, 250, 251, 252, 253, 254, 255]).collect();
        assert_eq!(list(&many), "1 to 200, 202, 203 and 250 to 255");
        assert_eq!(NumberList(&[8, 9, 10, 11, 13]).to_string(), "8 to 11 and 13");
    }

    #[test]
    fn characters_are_named() {
        assert_eq!(CharName('x').to_string(), "'x'");
        assert_eq!(CharName('\u{200b}').to_string(), "U+200B ZERO WIDTH SPACE");
        assert_eq!(CharName('\u{a0}').to_string(), "U+00A0 NO-BREAK SPACE");
        assert_eq!(CharName('\u{2603}').to_string(), "'\u{2603}' U+2603 EMOJI OR SYMBOL");
        assert_eq!(CharName('\u{2c00}').to_string(), "'\u{2c00}' U+2C00");
        assert_eq!(
            CharName('\u{202e}').to_string(),
            "U+202E DIRECTION MARK OR OVERRIDE (invisible; it reorders the text around it)"
        );
        assert_eq!(CharName('а').to_string(), "'а' U+0430 CYRILLIC SMALL LETTER");
        assert_eq!(CharName('é').to_string(), "'é' U+00E9 LATIN SMALL LETTER E WITH ACUTE");
        assert_eq!(
            CharName('\u{fffd}').to_string(),
            "U+FFFD REPLACEMENT CHARACTER (the file is not valid UTF-8 text)"
        );
    }
}

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
}

//! The [`Secret`] type: the only place secret bytes live.
//!
//! A `Secret` zeroizes its buffer when dropped and deliberately implements neither `Debug` nor
//! `Display`, so it cannot reach a log line or an error message by accident; reading the bytes takes
//! an explicit call to [`Secret::expose`].

use zeroize::Zeroizing;

/// Secret bytes (a password, PIN or file) held in a buffer that is wiped on drop.
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps bytes that are already in a zeroizing buffer.
    pub fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        Secret(bytes)
    }

    /// Copies `bytes` into a new zeroizing buffer; the caller remains responsible for its own copy.
    pub fn from_slice(bytes: &[u8]) -> Self {
        let mut v = Zeroizing::new(Vec::with_capacity(bytes.len()));
        v.extend_from_slice(bytes);
        Secret(v)
    }

    /// The secret bytes. Named so that every use is easy to find in review.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Number of bytes in the secret.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret has no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for Secret {
    /// Compares in time that depends only on the lengths, not on where the bytes differ.
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}

impl Eq for Secret {}

/// Equality of two byte strings whose running time does not depend on the position of a difference.
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_and_length() {
        let a = Secret::from_slice(b"abc");
        assert!(a == Secret::from_slice(b"abc"));
        assert!(a != Secret::from_slice(b"abd"));
        assert!(a != Secret::from_slice(b"ab"));
        assert_eq!(a.len(), 3);
        assert!(!a.is_empty());
    }
}

//! The [`Secret`] type: the only place secret bytes live.
//!
//! A `Secret` zeroizes its buffer when dropped and deliberately implements neither `Debug` nor
//! `Display`, so it cannot reach a log line or an error message by accident; reading the bytes takes
//! an explicit call to [`Secret::expose`].

use std::sync::OnceLock;

use zeroize::{Zeroize, Zeroizing};

/// Functions that pin memory so that it is never written to swap. The library holds no unsafe code,
/// so the binary installs them (with `mlock`/`munlock`) once at start; without them nothing is locked.
#[derive(Clone, Copy)]
pub struct MemoryLock {
    /// Locks `len` bytes from the address; false when the OS refuses.
    pub lock: fn(*const u8, usize) -> bool,
    /// Unlocks what `lock` locked.
    pub unlock: fn(*const u8, usize),
}

static MEMORY_LOCK: OnceLock<MemoryLock> = OnceLock::new();

/// Installs the memory-locking functions used for every later [`Secret`]; the first call wins.
pub fn install_memory_lock(lock: MemoryLock) {
    let _ = MEMORY_LOCK.set(lock);
}

/// Secret bytes (a password, PIN or file) held in a buffer that is locked in memory where the OS
/// allows it and wiped on drop. The buffer never grows after creation, so no unwiped or unlocked copy
/// is left behind by a reallocation.
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    locked: bool,
}

impl Secret {
    /// Wraps bytes that are already in a zeroizing buffer, locking that buffer.
    pub fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        let locked = bytes.capacity() > 0
            && MEMORY_LOCK.get().is_some_and(|m| (m.lock)(bytes.as_ptr(), bytes.capacity()));
        Secret { bytes, locked }
    }

    /// An empty secret with room for `capacity` bytes, locked before anything is written to it.
    pub fn with_capacity(capacity: usize) -> Self {
        Secret::new(Zeroizing::new(Vec::with_capacity(capacity)))
    }

    /// Copies `bytes` into a new locked, zeroizing buffer; the caller remains responsible for its own copy.
    pub fn from_slice(bytes: &[u8]) -> Self {
        let mut s = Secret::with_capacity(bytes.len());
        s.bytes.extend_from_slice(bytes);
        s
    }

    /// Appends bytes if they fit in the capacity given at creation; returns false (appending nothing)
    /// if they do not, rather than moving the secret to a new buffer.
    pub fn push_slice(&mut self, more: &[u8]) -> bool {
        if self.bytes.len() + more.len() > self.bytes.capacity() {
            return false;
        }
        self.bytes.extend_from_slice(more);
        true
    }

    /// Appends `n` zero bytes if they fit, as [`Secret::push_slice`].
    pub fn push_zeros(&mut self, n: usize) -> bool {
        if self.bytes.len() + n > self.bytes.capacity() {
            return false;
        }
        let len = self.bytes.len() + n;
        self.bytes.resize(len, 0);
        true
    }

    /// Removes bytes from the end (for example a trailing newline).
    pub fn truncate(&mut self, len: usize) {
        let cut = self.bytes.len().min(len);
        self.bytes[cut..].zeroize();
        self.bytes.truncate(cut);
    }

    /// The secret bytes. Named so that every use is easy to find in review.
    pub fn expose(&self) -> &[u8] {
        &self.bytes
    }

    /// Number of bytes in the secret.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the secret has no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl Drop for Secret {
    /// Wipes the whole buffer, then unlocks it.
    fn drop(&mut self) {
        let (ptr, cap) = (self.bytes.as_ptr(), self.bytes.capacity());
        self.bytes.zeroize();
        if self.locked
            && let Some(m) = MEMORY_LOCK.get()
        {
            (m.unlock)(ptr, cap);
        }
    }
}

impl PartialEq for Secret {
    /// Compares in time that depends only on the lengths, not on where the bytes differ.
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.bytes, &other.bytes)
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

    #[test]
    fn never_grows_and_truncates() {
        let mut s = Secret::with_capacity(4);
        assert!(s.push_slice(b"abc"));
        assert!(!s.push_slice(b"de"), "growing would move the secret");
        assert!(s.push_slice(b"d"));
        s.truncate(2);
        assert_eq!(s.expose(), b"ab");
    }
}

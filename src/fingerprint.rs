//! The set fingerprint: proof that recovered shares give the secret of a set, without showing it.
//!
//! Argon2id (RFC 9106) over the secret, with the set id as salt, 64 MiB of memory, 3 passes, 1 lane
//! and a 10-byte output, shown like a set id as four groups of Crockford base32. `new` prints it
//! at creation for the custody record; `drill` prints it after recombining in memory, so custodians
//! can compare the two without anyone seeing the secret. The cost makes guessing a high-entropy
//! password from its fingerprint hopeless; for a short PIN it is only a delay, so fingerprints belong on
//! the officer's record, never on a sheet.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use thiserror::Error;

use crate::secret::Secret;
use crate::share::{SetId, base32};

/// Memory cost in KiB (64 MiB).
pub(crate) const MEMORY_KIB: u32 = 64 * 1024;
/// Passes over memory.
pub(crate) const PASSES: u32 = 3;
/// Lanes.
pub(crate) const LANES: u32 = 1;
/// Output bytes.
pub(crate) const LEN: usize = 10;

/// A set's fingerprint.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(pub [u8; LEN]);

impl fmt::Display for Fingerprint {
    /// Four groups of four Crockford base32 characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base32::grouped(&self.0))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// The fingerprint could not be computed.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("could not compute the set fingerprint ({0}); free some memory (it needs 64 MiB) and try again")]
pub struct FingerprintError(#[source] argon2::Error);

impl Fingerprint {
    /// Computes the fingerprint of `secret` for the set `set_id`.
    pub fn compute(secret: &Secret, set_id: &SetId) -> Result<Fingerprint, FingerprintError> {
        let params = Params::new(MEMORY_KIB, PASSES, LANES, Some(LEN)).map_err(FingerprintError)?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = [0u8; LEN];
        argon.hash_password_into(secret.expose(), &set_id.0, &mut out).map_err(FingerprintError)?;
        Ok(Fingerprint(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_value_and_sensitivity() {
        let set = SetId([0x9a, 0x37, 0x44, 0x50, 0x45, 0x60, 0x63, 0x9e, 0xc6, 0x70]);
        let a = Fingerprint::compute(&Secret::from_slice(b"Example-Secret-1"), &set).map(|f| f.to_string());
        let b = Fingerprint::compute(&Secret::from_slice(b"Example-Secret-2"), &set).map(|f| f.to_string());
        let c = Fingerprint::compute(&Secret::from_slice(b"Example-Secret-1"), &SetId([0; 10]))
            .map(|f| f.to_string());
        let a = a.unwrap_or_default();
        assert_eq!(a.len(), 19);
        assert_ne!(Ok(a.clone()), b);
        assert_ne!(Ok(a.clone()), c);
        assert_eq!(a, PINNED, "the fingerprint of the worked example changed");
    }

    /// Fingerprint of the worked example in docs/FORMAT.md, checked against argon2-cffi.
    const PINNED: &str = "X8R7-TXZP-39BJ-T98K";
}

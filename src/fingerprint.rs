//! The set fingerprint: proof that recovered shares give the secret of a set, without showing it.
//!
//! BLAKE2b with a 10-byte digest, keyed by the 16 random bytes of the fingerprint key that every
//! set carries inside its shared data (so only k shares reveal it), over the text
//! `breakglass-v1-fingerprint`, the set header with index 0 and the padded secret. It is shown like a
//! set id, as four groups of Crockford base32. `new` prints it for the custody record; `drill`
//! recomputes it after recombining in memory, so custodians can compare the two without anyone
//! seeing the secret.
//!
//! Because the key is 128 random bits that the record does not hold, the record's fingerprint is no
//! oracle: a guess of even a four-digit PIN cannot be checked against it without k shares. An
//! earlier derivation (Argon2id of the secret salted with the set id) was; it is gone.

use std::fmt;

use blake2::Blake2bMac;
use blake2::digest::consts::U10;
use blake2::digest::{KeyInit, Mac};

use crate::share::{Header, KEY_LEN, SetId, base32};

/// Output bytes.
pub(crate) const LEN: usize = 10;
/// The text every fingerprint starts with: a domain separator.
pub(crate) const DOMAIN: &[u8] = b"breakglass-v1-fingerprint";

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

impl Fingerprint {
    /// The fingerprint of the set `header` (its index is ignored) whose shared data holds `padded`
    /// and the fingerprint key `key`.
    pub(crate) fn of(header: &Header, padded: &[u8], key: &[u8]) -> Fingerprint {
        debug_assert_eq!(key.len(), KEY_LEN);
        // Any key of 1 to 64 bytes is valid for BLAKE2b; the fingerprint key has 16.
        let mut mac = match <Blake2bMac<U10> as KeyInit>::new_from_slice(key) {
            Ok(m) => m,
            Err(_) => unreachable!("a 16-byte key"),
        };
        mac.update(DOMAIN);
        mac.update(&header.set_bytes());
        mac.update(padded);
        Fingerprint(mac.finalize().into_bytes().into())
    }

    /// Reads a fingerprint as people write it: 16 Crockford base32 characters, dashes and spaces
    /// ignored, case and look-alikes folded.
    pub fn parse(s: &str) -> Option<Fingerprint> {
        SetId::parse(s).map(|id| Fingerprint(id.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::share::{Kind, Lineage};

    fn example() -> (Header, Vec<u8>) {
        let header = Header {
            kind: Kind::Password,
            threshold: 2,
            total: 3,
            index: 0,
            set_id: SetId([0x9a, 0x37, 0x44, 0x50, 0x45, 0x60, 0x63, 0x9e, 0xc6, 0x70]),
            created: Date(20_781),
            padded_len: 32,
            lineage: Lineage::FIRST,
            passphrase: false,
        };
        let mut padded = b"Example-Secret-1".to_vec();
        padded.push(0x80);
        padded.resize(32, 0);
        (header, padded)
    }

    #[test]
    fn the_worked_example_and_its_key() {
        let (header, padded) = example();
        let key: Vec<u8> = (0..16).map(|i| [0x7d, 0x49, 0x2b, 0x27, 0x3e, 0x07, 0x7b, 0x0a][i % 8]).collect();
        let real_key =
            [0x7d, 0x49, 0x2b, 0x27, 0x3e, 0x07, 0x7b, 0x0a, 0x96, 0xbe, 0xf5, 0x8b, 0xa7, 0x76, 0x07, 0x79];
        assert_eq!(Fingerprint::of(&header, &padded, &real_key).to_string(), "3HX2-2567-SAKH-ESKA");
        // Without the key (which only k shares reveal) the record's fingerprint says nothing: the same
        // secret and header under another key give an unrelated fingerprint.
        assert_ne!(Fingerprint::of(&header, &padded, &key), Fingerprint::of(&header, &padded, &real_key));
    }

    /// The earlier derivation, Argon2id(secret, salt = set id), which the record made an oracle for
    /// short secrets, gives the old value for the worked example; today's fingerprint is not it.
    #[test]
    fn the_old_oracle_derivation_no_longer_matches() {
        use argon2::{Algorithm, Argon2, Params, Version};
        let (header, padded) = example();
        let params = Params::new(64 * 1024, 3, 1, Some(10)).expect("params");
        let mut old = [0u8; 10];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(b"Example-Secret-1", &header.set_id.0, &mut old)
            .expect("argon2");
        assert_eq!(Fingerprint(old).to_string(), "X8R7-TXZP-39BJ-T98K", "the old value, as once documented");
        for key in [[0u8; 16], [0xff; 16], [0x5a; 16]] {
            assert_ne!(Fingerprint::of(&header, &padded, &key), Fingerprint(old));
        }
        assert_eq!(Fingerprint::parse("3hx2 2567 sakh eska"), Fingerprint::parse("3HX2-2567-SAKH-ESKA"));
        assert_eq!(Fingerprint::parse("3HX2-2567-SAKH"), None);
    }
}

//! The optional passphrase: the secret is encrypted before it is split, so that k shares alone are
//! not enough — the passphrase, kept apart from the sheets, is needed too.
//!
//! Envelope (what is split instead of the secret), all integers big-endian:
//!
//! ```text
//! 0  memory cost in KiB (u32)   4 passes (u32)   8 lanes (u32)   12 salt (16 bytes)   28 nonce (24 bytes)
//! 52 XChaCha20-Poly1305 ciphertext of the secret, with its 16-byte tag
//! ```
//!
//! The key is Argon2id (RFC 9106, version 0x13) of the passphrase with that salt and those costs,
//! 32 bytes; the AEAD's associated data is the ASCII text `breakglass-v1-passphrase` followed by the
//! set's 26-byte header with index 0, so the envelope opens only inside the set it was made for.
//! The passphrase is its exact bytes; new ones must be printable ASCII, which types the same on
//! every keyboard and system (no Unicode normalisation question arises).

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::AeadInOut;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use rand::CryptoRng;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::secret::Secret;
use crate::share::Header;

/// Bytes the envelope adds to the secret.
pub(crate) const OVERHEAD: usize = 52 + 16;
/// Argon2id memory cost for new envelopes, in KiB (64 MiB).
pub(crate) const MEMORY_KIB: u32 = 64 * 1024;
/// Argon2id passes for new envelopes.
pub(crate) const PASSES: u32 = 3;
/// Fewest characters in a new passphrase (NIST SP 800-63B's minimum for chosen secrets).
pub const MIN_PASSPHRASE: usize = 8;
/// The start of the associated data; the set header follows it.
const DOMAIN: &[u8] = b"breakglass-v1-passphrase";
/// Memory costs accepted when opening, in KiB: no weaker than new envelopes, at most 1 GiB (so a
/// forged envelope can neither be cheap to attack nor exhaust memory).
const MEMORY_RANGE: std::ops::RangeInclusive<u32> = MEMORY_KIB..=(1 << 20);
/// Passes accepted when opening.
const PASSES_RANGE: std::ops::RangeInclusive<u32> = PASSES..=16;

/// Why a passphrase envelope could not be made or opened.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PassphraseError {
    /// Empty passphrase.
    #[error("the passphrase is empty; choose one and keep it apart from the sheets")]
    Empty,
    /// A new passphrase with characters other than printable ASCII.
    #[error(
        "the passphrase must be printable ASCII (letters, digits, punctuation and spaces), so that it types the same on every keyboard and system; choose another"
    )]
    NotAscii,
    /// A new passphrase shorter than [`MIN_PASSPHRASE`] characters.
    #[error("the passphrase has {0} characters; choose one of at least {MIN_PASSPHRASE} (a few words)")]
    TooShort(usize),
    /// A new passphrase that starts or ends with a space, which nobody sees when typing it.
    #[error("the passphrase starts or ends with a space, which is easily lost in typing; choose one without")]
    EdgeSpace,
    /// The set needs a passphrase and none was given.
    #[error("this set also needs its passphrase, which was not given; nothing was recovered")]
    Needed,
    /// Wrong passphrase (or damaged envelope).
    #[error(
        "the passphrase is wrong: the shares recombine, but this passphrase does not open them; nothing was recovered"
    )]
    Wrong,
    /// The envelope is not well formed.
    #[error("the passphrase envelope is malformed ({0}); the shares were not made by breakglass")]
    Malformed(&'static str),
}

fn key(
    passphrase: &[u8],
    salt: &[u8],
    memory: u32,
    passes: u32,
    lanes: u32,
) -> Result<Zeroizing<[u8; 32]>, PassphraseError> {
    let params = Params::new(memory, passes, lanes, Some(32))
        .map_err(|_| PassphraseError::Malformed("Argon2 costs"))?;
    let mut k = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase, salt, &mut k[..])
        .map_err(|_| PassphraseError::Malformed("Argon2"))?;
    Ok(k)
}

/// The associated data: the domain text and the set header with index 0.
fn aad(header: &Header) -> Vec<u8> {
    [DOMAIN, &header.set_bytes()[..]].concat()
}

/// Checks a passphrase chosen for a new set: printable ASCII, at least [`MIN_PASSPHRASE`]
/// characters, no space at either end.
pub fn check_new(passphrase: &Secret) -> Result<(), PassphraseError> {
    let p = passphrase.expose();
    if p.is_empty() {
        return Err(PassphraseError::Empty);
    }
    if !p.iter().all(|b| (b' '..=b'~').contains(b)) {
        return Err(PassphraseError::NotAscii);
    }
    if p.first() == Some(&b' ') || p.last() == Some(&b' ') {
        return Err(PassphraseError::EdgeSpace);
    }
    if p.len() < MIN_PASSPHRASE {
        return Err(PassphraseError::TooShort(p.len()));
    }
    Ok(())
}

/// Encrypts `secret` under `passphrase` into an envelope for the set `header` (which is itself held
/// as a secret); the header must be made for the envelope's length, `secret.len() + OVERHEAD`.
pub fn seal<R: CryptoRng>(
    secret: &Secret,
    passphrase: &Secret,
    header: &Header,
    rng: &mut R,
) -> Result<Secret, PassphraseError> {
    check_new(passphrase)?;
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    rng.fill_bytes(&mut salt);
    rng.fill_bytes(&mut nonce);
    let k = key(passphrase.expose(), &salt, MEMORY_KIB, PASSES, 1)?;
    let cipher = XChaCha20Poly1305::new_from_slice(&k[..]).map_err(|_| PassphraseError::Malformed("key"))?;
    let mut body = Zeroizing::new(Vec::with_capacity(secret.len() + 16));
    body.extend_from_slice(secret.expose());
    cipher
        .encrypt_in_place(&nonce.into(), &aad(header), &mut *body)
        .map_err(|_| PassphraseError::Malformed("encryption"))?;
    let mut out = Secret::with_capacity(52 + body.len());
    let ok = out.push_slice(&MEMORY_KIB.to_be_bytes())
        && out.push_slice(&PASSES.to_be_bytes())
        && out.push_slice(&1u32.to_be_bytes())
        && out.push_slice(&salt)
        && out.push_slice(&nonce)
        && out.push_slice(&body);
    if ok { Ok(out) } else { Err(PassphraseError::Malformed("length")) }
}

/// Opens an envelope of the set `header` with `passphrase`.
pub fn open(envelope: &Secret, passphrase: &Secret, header: &Header) -> Result<Secret, PassphraseError> {
    let e = envelope.expose();
    if e.len() < OVERHEAD {
        return Err(PassphraseError::Malformed("too short"));
    }
    let word = |i: usize| u32::from_be_bytes([e[i], e[i + 1], e[i + 2], e[i + 3]]);
    let (memory, passes, lanes) = (word(0), word(4), word(8));
    if !MEMORY_RANGE.contains(&memory) || !PASSES_RANGE.contains(&passes) || lanes != 1 {
        return Err(PassphraseError::Malformed("Argon2 costs out of range"));
    }
    let k = key(passphrase.expose(), &e[12..28], memory, passes, lanes)?;
    let cipher = XChaCha20Poly1305::new_from_slice(&k[..]).map_err(|_| PassphraseError::Malformed("key"))?;
    let mut nonce = [0u8; 24];
    nonce.copy_from_slice(&e[28..52]);
    let mut body = Zeroizing::new(e[52..].to_vec());
    cipher.decrypt_in_place(&nonce.into(), &aad(header), &mut *body).map_err(|_| PassphraseError::Wrong)?;
    // A secret is 1 to 65 536 bytes (FORMAT.md §1), inside an envelope too.
    if body.is_empty() {
        return Err(PassphraseError::Malformed("it holds an empty secret"));
    }
    Ok(Secret::from_slice(&body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::share::{Kind, Lineage, SetId};
    use rand::SeedableRng;
    use rand::rngs::ChaCha20Rng;

    fn header(set: u8) -> Header {
        Header {
            kind: Kind::Password,
            threshold: 2,
            total: 3,
            index: 0,
            set_id: SetId([set; 10]),
            created: Date(20_000),
            padded_len: 128,
            lineage: Lineage::FIRST,
            passphrase: true,
        }
    }

    #[test]
    fn seal_and_open() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let (secret, pass, h) =
            (Secret::from_slice(b"the real secret"), Secret::from_slice(b"correct horse"), header(1));
        let env = seal(&secret, &pass, &h, &mut rng).expect("seal");
        assert_eq!(env.len(), secret.len() + OVERHEAD);
        assert!(!env.expose().windows(secret.len()).any(|w| w == secret.expose()), "plaintext in envelope");
        assert!(open(&env, &pass, &h).is_ok_and(|s| s == secret));
        assert_eq!(open(&env, &Secret::from_slice(b"correct horsE"), &h).err(), Some(PassphraseError::Wrong));
        assert_eq!(seal(&secret, &Secret::from_slice(b""), &h, &mut rng).err(), Some(PassphraseError::Empty));
        for (bad, why) in [
            (&b"short"[..], PassphraseError::TooShort(5)),
            (b" correct horse", PassphraseError::EdgeSpace),
            (b"correct horse ", PassphraseError::EdgeSpace),
            (b"        ", PassphraseError::EdgeSpace),
        ] {
            assert_eq!(seal(&secret, &Secret::from_slice(bad), &h, &mut rng).err(), Some(why));
        }
        let accented = Secret::from_slice("caf\u{e9} au lait".as_bytes());
        assert_eq!(seal(&secret, &accented, &h, &mut rng).err(), Some(PassphraseError::NotAscii));
        let mut bad = env.expose().to_vec();
        bad[0..4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(open(&Secret::from_slice(&bad), &pass, &h), Err(PassphraseError::Malformed(_))));
        // An envelope sealing nothing (made by hand: seal is never given an empty secret) opens to
        // no secret at all.
        let empty = seal(&Secret::from_slice(b""), &pass, &h, &mut rng).expect("seal");
        assert_eq!(
            open(&empty, &pass, &h).err(),
            Some(PassphraseError::Malformed("it holds an empty secret"))
        );
    }

    #[test]
    fn the_envelope_is_bound_to_its_set_and_its_costs_are_checked() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let (secret, pass) = (Secret::from_slice(b"bound"), Secret::from_slice(b"correct horse"));
        let env = seal(&secret, &pass, &header(1), &mut rng).expect("seal");
        // Any header field but the index changes the associated data.
        assert_eq!(open(&env, &pass, &header(2)).err(), Some(PassphraseError::Wrong));
        let mut other = header(1);
        other.lineage.generation = 2;
        assert_eq!(open(&env, &pass, &other).err(), Some(PassphraseError::Wrong));
        let mut indexed = header(1);
        indexed.index = 3;
        assert!(open(&env, &pass, &indexed).is_ok(), "the index is not bound");
        // Costs below what breakglass writes, lanes other than 1, too many passes: refused unopened.
        for (at, value) in [(0, 8u32), (4, 1), (8, 2), (4, 17), (0, (1 << 20) + 1)] {
            let mut bad = env.expose().to_vec();
            bad[at..at + 4].copy_from_slice(&value.to_be_bytes());
            let e = open(&Secret::from_slice(&bad), &pass, &header(1)).err();
            assert_eq!(e, Some(PassphraseError::Malformed("Argon2 costs out of range")), "{at} {value}");
        }
    }
}

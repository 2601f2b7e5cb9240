//! The [`Share`] type and its binary encoding (share format v1, specified in `docs/FORMAT.md`).
//!
//! A share is a 26-byte header, the share bytes `y` of the padded secret and its integrity tag, and a
//! 4-byte checksum over everything before it:
//!
//! ```text
//! 0  version (1)  1 flags (0)  2 kind  3 threshold k  4 total n  5 index x
//! 6  set id (10 bytes)  16 created (u16 BE, days since 1970-01-01)  18 padded length / 16 (u16 BE)
//! 20 generation (1 for a first set)  21 first 5 bytes of the set id it supersedes (zeros: none)
//! 26 y (padded length + 16 bytes)  …  checksum = BLAKE2b(digest_size = 4) of all bytes before it
//! ```
//!
//! The first 20 bytes (the first two typed lines) are enough to know the share's whole length.
//!
//! Decoding checks the checksum and every field, so a `Share` value is always well formed; whether it
//! belongs with other shares is decided by [`crate::shamir::combine`].

pub mod base32;
pub(crate) mod linecheck;
pub(crate) mod parts;
pub(crate) mod payload;
pub(crate) mod typed;

use std::fmt;

use blake2::Blake2b;
use blake2::digest::Digest;
use blake2::digest::consts::U4;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::date::Date;

/// The only share format version this build reads and writes.
pub const FORMAT_VERSION: u8 = 1;
/// Header length in bytes.
pub const HEADER_LEN: usize = 26;
/// Bytes at the start of a share that determine its length (version … padded length).
pub const LENGTH_PREFIX: usize = 20;
/// Length of the fingerprint key: random bytes inside the shared data, which only k shares reveal.
pub(crate) const KEY_LEN: usize = 16;
/// Integrity tag length in bytes (inside the shared data, so inside `y`).
pub(crate) const TAG_LEN: usize = 16;
/// Bytes the shared data adds to the padded secret: the fingerprint key and the tag.
pub(crate) const SEAL_LEN: usize = KEY_LEN + TAG_LEN;
/// Checksum length in bytes.
pub const CHECKSUM_LEN: usize = 4;
/// Largest padded secret a share may describe (the bucket of a 64 KiB file).
pub const MAX_PADDED_LEN: usize = 66_560;

/// What kind of secret a set protects; shown on sheets and by `inspect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An account password.
    Password,
    /// A numeric PIN (for example a FIDO2 security key PIN).
    Pin,
    /// Free text.
    Text,
    /// An `otpauth://` TOTP seed URI.
    Totp,
    /// A list of one-time recovery codes.
    Codes,
    /// A file, restored byte for byte.
    File,
}

impl Kind {
    /// The header byte.
    pub fn to_byte(self) -> u8 {
        match self {
            Kind::Password => 1,
            Kind::Pin => 2,
            Kind::Text => 3,
            Kind::Totp => 4,
            Kind::Codes => 5,
            Kind::File => 6,
        }
    }

    /// The kind for a header byte, if it is one this version defines.
    pub fn from_byte(b: u8) -> Option<Kind> {
        Some(match b {
            1 => Kind::Password,
            2 => Kind::Pin,
            3 => Kind::Text,
            4 => Kind::Totp,
            5 => Kind::Codes,
            6 => Kind::File,
            _ => return None,
        })
    }

    /// Lower-case name, as shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Password => "password",
            Kind::Pin => "pin",
            Kind::Text => "text",
            Kind::Totp => "totp",
            Kind::Codes => "codes",
            Kind::File => "file",
        }
    }

    /// The kind with this name ([`Kind::name`]).
    pub fn by_name(name: &str) -> Option<Kind> {
        (1..=6).filter_map(Kind::from_byte).find(|k| k.name() == name)
    }
}

/// The random 80-bit identifier shared by all shares of one split.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SetId(pub [u8; 10]);

impl fmt::Display for SetId {
    /// Sixteen Crockford base32 characters in four groups: `7K3F-Q2XA-9M1C-ZZ4P`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base32::grouped(&self.0))
    }
}

impl SetId {
    /// Reads a set id as people write it: 16 Crockford base32 characters, dashes and spaces ignored.
    pub fn parse(s: &str) -> Option<SetId> {
        let symbols: Option<Vec<u8>> =
            s.chars().filter(|c| !matches!(c, '-' | ' ')).map(base32::symbol_value).collect();
        let bytes = base32::from_symbols(&symbols?)?;
        Some(SetId(bytes.try_into().ok()?))
    }
}

impl fmt::Debug for SetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SetId({self})")
    }
}

/// Where a set stands in its line of rotations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lineage {
    /// 1 for a first set, G + 1 for the set that replaces generation G.
    pub generation: u8,
    /// The first 5 bytes (first 8 characters) of the set id of the set this one replaces.
    pub supersedes: Option<[u8; 5]>,
}

impl Lineage {
    /// A first set, replacing nothing.
    pub const FIRST: Lineage = Lineage { generation: 1, supersedes: None };

    /// The lineage of the set that replaces a set `old` of this lineage.
    pub fn next(self, old: &SetId) -> Lineage {
        let mut prefix = [0u8; 5];
        prefix.copy_from_slice(&old.0[..5]);
        Lineage { generation: self.generation.saturating_add(1), supersedes: Some(prefix) }
    }

    /// Whether this lineage supersedes the set `set` (its id starts with the stored prefix).
    pub fn supersedes_set(&self, set: &SetId) -> bool {
        self.supersedes.is_some_and(|p| p[..] == set.0[..5])
    }

    /// "7K3F-Q2XA-…": how the superseded set is shown, if there is one.
    pub fn supersedes_display(&self) -> Option<String> {
        self.supersedes.map(|p| {
            let s = base32::encode(&p);
            format!("{}-{}-…", &s[..4], &s[4..8])
        })
    }
}

/// Everything in a share except its share bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    /// What the secret is.
    pub kind: Kind,
    /// Shares needed to recover (k).
    pub threshold: u8,
    /// Shares made (n).
    pub total: u8,
    /// This share's x coordinate, 1..=n.
    pub index: u8,
    /// The set this share belongs to.
    pub set_id: SetId,
    /// Day the set was made.
    pub created: Date,
    /// Length of the padded secret in bytes (a multiple of 16).
    pub padded_len: usize,
    /// Generation and the set it supersedes.
    pub lineage: Lineage,
    /// Whether the shared secret is a passphrase envelope (flags bit 0).
    pub passphrase: bool,
}

impl Header {
    /// The 26 header bytes.
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        h[0] = FORMAT_VERSION;
        h[1] = u8::from(self.passphrase);
        h[2] = self.kind.to_byte();
        h[3] = self.threshold;
        h[4] = self.total;
        h[5] = self.index;
        h[6..16].copy_from_slice(&self.set_id.0);
        h[16..18].copy_from_slice(&self.created.0.to_be_bytes());
        // padded_len <= MAX_PADDED_LEN, so the quotient fits in 16 bits.
        h[18..20].copy_from_slice(&((self.padded_len / 16) as u16).to_be_bytes());
        h[20] = self.lineage.generation;
        h[21..26].copy_from_slice(&self.lineage.supersedes.unwrap_or_default());
        h
    }

    /// The header bytes with the index set to zero: what the integrity tag covers, identical for
    /// every share of a set.
    pub fn set_bytes(&self) -> [u8; HEADER_LEN] {
        let mut h = self.to_bytes();
        h[5] = 0;
        h
    }

    /// Total encoded share length in bytes.
    pub fn encoded_len(&self) -> usize {
        HEADER_LEN + self.padded_len + SEAL_LEN + CHECKSUM_LEN
    }
}

/// One share: its header and its share bytes, checked and well formed.
#[derive(Clone)]
pub struct Share {
    /// The header.
    pub header: Header,
    /// Share bytes of (padded secret ‖ tag). Any k of these reveal the secret, so they are wiped too.
    y: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for Share {
    /// Shows the header only, never the share bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Share").field("header", &self.header).finish_non_exhaustive()
    }
}

/// Why bytes are not a valid v1 share.
#[derive(Debug, Error, PartialEq, Eq, Clone)]
pub enum DecodeError {
    /// Fewer bytes than a header and checksum.
    #[error("the share is too short ({0} bytes); part of it is missing")]
    TooShort(usize),
    /// A version other than 1.
    #[error(
        "the share is in format version {0}, which this breakglass does not read; use a newer breakglass"
    )]
    UnsupportedVersion(u8),
    /// Length disagrees with the header.
    #[error("the share has {got} bytes but its header says {want}; part of it is missing or extra")]
    LengthMismatch {
        /// Bytes present.
        got: usize,
        /// Bytes the header implies.
        want: usize,
    },
    /// Checksum mismatch.
    #[error("the share's checksum does not match; it was mistyped or damaged, re-read it from the sheet")]
    Checksum,
    /// A field that no writer of this version produces.
    #[error("the share's header is invalid ({0}); it was not made by breakglass or is damaged")]
    BadField(&'static str),
}

/// The share checksum: BLAKE2b with a 4-byte digest (the digest size is a BLAKE2 parameter, not a
/// truncation) over every byte before it.
pub fn checksum(data: &[u8]) -> [u8; CHECKSUM_LEN] {
    let mut h = Blake2b::<U4>::new();
    h.update(data);
    h.finalize().into()
}

impl Share {
    /// Builds a share from its parts; `y` must be `padded_len + SEAL_LEN` bytes.
    pub(crate) fn from_parts(header: Header, y: Zeroizing<Vec<u8>>) -> Share {
        debug_assert_eq!(y.len(), header.padded_len + SEAL_LEN);
        Share { header, y }
    }

    /// The share bytes (not secret alone, but k of them are).
    pub(crate) fn y(&self) -> &[u8] {
        &self.y
    }

    /// The binary encoding: header, share bytes, checksum.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(self.header.encoded_len()));
        out.extend_from_slice(&self.header.to_bytes());
        out.extend_from_slice(&self.y);
        let sum = checksum(&out);
        out.extend_from_slice(&sum);
        out
    }

    /// Decodes and checks the binary encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Share, DecodeError> {
        if bytes.is_empty() {
            return Err(DecodeError::TooShort(0));
        }
        if bytes[0] != FORMAT_VERSION {
            return Err(DecodeError::UnsupportedVersion(bytes[0]));
        }
        let Some(want) = encoded_len_from_prefix(bytes) else {
            return Err(DecodeError::TooShort(bytes.len()));
        };
        if bytes.len() != want {
            return Err(DecodeError::LengthMismatch { got: bytes.len(), want });
        }
        let (body, sum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
        if checksum(body) != sum {
            return Err(DecodeError::Checksum);
        }
        let header = parse_header(&body[..HEADER_LEN])?;
        let mut y = Zeroizing::new(Vec::with_capacity(header.padded_len + SEAL_LEN));
        y.extend_from_slice(&body[HEADER_LEN..]);
        Ok(Share { header, y })
    }
}

/// The whole length of a v1 share, from its first [`LENGTH_PREFIX`] bytes (more may follow);
/// `None` if they are not there or are not version 1.
pub(crate) fn encoded_len_from_prefix(prefix: &[u8]) -> Option<usize> {
    if prefix.len() < LENGTH_PREFIX || prefix[0] != FORMAT_VERSION {
        return None;
    }
    let padded_len = usize::from(u16::from_be_bytes([prefix[18], prefix[19]])) * 16;
    Some(HEADER_LEN + padded_len + SEAL_LEN + CHECKSUM_LEN)
}

/// What the first [`LENGTH_PREFIX`] bytes of a share say about it: enough to know which share of
/// which set is being typed, and how long it is, before the rest arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preview {
    /// The set the share belongs to.
    pub set_id: SetId,
    /// The share's index.
    pub index: u8,
    /// Shares made (n).
    pub total: u8,
    /// Shares needed (k).
    pub threshold: u8,
    /// The whole encoded length of the share in bytes.
    pub encoded_len: usize,
}

impl Preview {
    /// Reads the start of a share; an error when it is too short or of another format version.
    pub fn read(prefix: &[u8]) -> Result<Preview, DecodeError> {
        match prefix.first() {
            Some(&v) if v != FORMAT_VERSION => return Err(DecodeError::UnsupportedVersion(v)),
            _ => {}
        }
        let encoded_len = encoded_len_from_prefix(prefix).ok_or(DecodeError::TooShort(prefix.len()))?;
        let mut id = [0u8; 10];
        id.copy_from_slice(&prefix[6..16]);
        Ok(Preview {
            set_id: SetId(id),
            index: prefix[5],
            total: prefix[4],
            threshold: prefix[3],
            encoded_len,
        })
    }
}

/// Reads the header fields and checks each one against what a v1 writer can produce.
fn parse_header(h: &[u8]) -> Result<Header, DecodeError> {
    use DecodeError::BadField;
    if h[1] & !1 != 0 {
        return Err(BadField("unknown flags"));
    }
    let kind = Kind::from_byte(h[2]).ok_or(BadField("unknown kind of secret"))?;
    let (threshold, total, index) = (h[3], h[4], h[5]);
    if threshold < 2 {
        return Err(BadField("threshold below 2"));
    }
    if total < threshold {
        return Err(BadField("fewer shares than the threshold"));
    }
    if index == 0 {
        return Err(BadField("share index 0"));
    }
    if index > total {
        return Err(BadField("share index above the number of shares"));
    }
    let padded_len = usize::from(u16::from_be_bytes([h[18], h[19]])) * 16;
    if padded_len == 0 || padded_len > MAX_PADDED_LEN {
        return Err(BadField("padded length out of range"));
    }
    if h[20] == 0 {
        return Err(BadField("generation 0"));
    }
    let mut set_id = [0u8; 10];
    set_id.copy_from_slice(&h[6..16]);
    let mut supersedes = [0u8; 5];
    supersedes.copy_from_slice(&h[21..26]);
    let lineage = Lineage { generation: h[20], supersedes: (supersedes != [0; 5]).then_some(supersedes) };
    Ok(Header {
        kind,
        threshold,
        total,
        index,
        set_id: SetId(set_id),
        created: Date(u16::from_be_bytes([h[16], h[17]])),
        padded_len,
        lineage,
        passphrase: h[1] & 1 == 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Share {
        let header = Header {
            kind: Kind::Password,
            threshold: 2,
            total: 3,
            index: 2,
            set_id: SetId([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
            created: Date(20_000),
            padded_len: 32,
            lineage: Lineage::FIRST,
            passphrase: false,
        };
        Share::from_parts(header, Zeroizing::new((0..64).collect()))
    }

    #[test]
    fn binary_round_trip() {
        let s = sample();
        let bytes = s.to_bytes();
        assert_eq!(bytes.len(), 94);
        let back = Share::from_bytes(&bytes).map(|b| (b.header, b.y().to_vec()));
        assert_eq!(back, Ok((s.header, s.y().to_vec())));
    }

    #[test]
    fn every_bit_flip_is_refused() {
        let bytes = sample().to_bytes();
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut bad = bytes.to_vec();
                bad[i] ^= 1 << bit;
                assert!(Share::from_bytes(&bad).is_err(), "flip at {i}.{bit} accepted");
            }
        }
        assert_eq!(
            Share::from_bytes(&bytes[..93]).err(),
            Some(DecodeError::LengthMismatch { got: 93, want: 94 })
        );
        assert_eq!(Share::from_bytes(&[]).err(), Some(DecodeError::TooShort(0)));
    }

    #[test]
    fn set_id_display() {
        assert_eq!(SetId([0; 10]).to_string(), "0000-0000-0000-0000");
        assert_eq!(SetId([0xff; 10]).to_string(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    }

    #[test]
    fn debug_does_not_show_share_bytes() {
        let d = format!("{:?}", sample());
        assert!(d.contains("threshold: 2") && !d.contains("y:"), "{d}");
    }
}

//! Shamir secret sharing with an integrity tag: splitting a secret into shares and combining shares
//! back, over `blahaj` (Shamir over GF(256)).
//!
//! `blahaj` interpolates whatever it is given: it does not reject x = 0, duplicate or conflicting
//! shares, or shares of different sets, and returns wrong bytes when given them. This module is the
//! guard around it. Before splitting, the secret is padded to a length bucket and a keyed BLAKE2b
//! integrity tag over the set header and the padded secret is appended, so the tag is itself shared:
//! fewer than k shares reveal nothing about it, and any altered share — even one whose own checksum was
//! recomputed — makes the recombined tag fail. [`combine`] never returns bytes that did not pass it.

use blahaj::Sharks;
use blake2::Blake2bMac;
use blake2::digest::consts::U16;
use blake2::digest::{KeyInit, Mac};
use rand::CryptoRng;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::date::Date;
use crate::english::{IndexList, Shares};
use crate::fingerprint::Fingerprint;
use crate::secret::{Secret, ct_eq};
use crate::share::{Header, KEY_LEN, Kind, Lineage, MAX_PADDED_LEN, SEAL_LEN, SetId, Share, TAG_LEN};

pub(crate) mod combine;

/// Key of the integrity tag's keyed BLAKE2b: a fixed domain separator, not a secret.
pub const TAG_KEY: &[u8] = b"breakglass-v1-tag";
/// Largest secret that can be split: 64 KiB.
pub const MAX_SECRET_LEN: usize = 65_536;
/// Most k-subsets tried when more than k shares are given, to bound the work on hostile input.
pub const MAX_SUBSETS: usize = 20_000;
/// Field operations allowed for trying subsets (about a second); one subset is always tried.
const WORK_BUDGET: usize = 300_000_000;

/// How many k-subsets may be interpolated for shares like `header` within the work budget.
fn subset_budget(header: &Header) -> usize {
    let k = usize::from(header.threshold);
    // blahaj recomputes the Lagrange weights for every byte: k² operations per byte.
    let cost = k * k * (header.padded_len + SEAL_LEN);
    (WORK_BUDGET / cost.max(1)).clamp(1, MAX_SUBSETS)
}

/// What to make when splitting.
#[derive(Clone, Copy, Debug)]
pub struct SplitParams {
    /// Shares needed to recover (k).
    pub threshold: u8,
    /// Shares to make (n).
    pub total: u8,
    /// What the secret is.
    pub kind: Kind,
    /// Creation date recorded in every share.
    pub created: Date,
    /// Generation, and the set this one supersedes.
    pub lineage: Lineage,
    /// Whether the secret is a passphrase envelope (see [`crate::passphrase`]).
    pub passphrase: bool,
}

/// Why splitting or combining failed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ShamirError {
    /// k or n out of range.
    #[error("cannot make {total} shares with threshold {threshold}: use 2 <= threshold <= shares <= 255")]
    BadParams {
        /// k.
        threshold: u8,
        /// n.
        total: u8,
    },
    /// Nothing to split.
    #[error("the secret is empty; give at least one byte")]
    EmptySecret,
    /// Secret too large.
    #[error("the secret is {0} bytes, more than the limit of {MAX_SECRET_LEN} bytes")]
    SecretTooLong(usize),
    /// No shares at all.
    #[error("no shares were given")]
    NoShares,
    /// Shares from more than one set.
    #[error("these shares belong to different sets ({0} and {1}); give only shares of one set")]
    MixedSets(SetId, SetId),
    /// Same set id, different header fields.
    #[error("shares of set {set} disagree on {field}; one of them is damaged or forged")]
    HeaderMismatch {
        /// The set.
        set: SetId,
        /// Which field differs.
        field: &'static str,
    },
    /// Same index, different bytes.
    #[error(
        "two different shares both claim to be share {index} of set {set}; one of them is damaged or forged"
    )]
    ConflictingIndex {
        /// The set.
        set: SetId,
        /// The index.
        index: u8,
    },
    /// Fewer than k distinct shares.
    #[error(
        "need {need} shares of set {set}, got {got}; bring {} more share{} of that set",
        usize::from(*need).saturating_sub(*got),
        if usize::from(*need).saturating_sub(*got) == 1 { "" } else { "s" }
    )]
    NotEnough {
        /// k.
        need: u8,
        /// The set.
        set: SetId,
        /// Distinct shares given.
        got: usize,
    },
    /// No k-subset passes the integrity tag.
    #[error(
        "shares {} of set {set} do not recombine to a valid secret (integrity check failed): at least one was altered or forged; try other shares",
        IndexList(.indices)
    )]
    IntegrityFailed {
        /// The set.
        set: SetId,
        /// The indices of the shares tried.
        indices: Vec<u8>,
    },
    /// A freshly made set failed its own check (a bug; nothing is written).
    #[error(
        "self-check failed: shares {} of the new set do not recombine to the secret; nothing was written, please report this bug",
        IndexList(.indices)
    )]
    SelfCheck {
        /// The indices of the subset that failed.
        indices: Vec<u8>,
    },
    /// Two groups of shares of one set id recombine to different valid secrets: one is forged.
    #[error(
        "shares {} and shares {} of set {set} recombine to two different secrets: one group is forged (the integrity key is public); give the set's record to pick the shares it describes, or bring other shares",
        IndexList(.first),
        IndexList(.second)
    )]
    TwoSecrets {
        /// The set id both claim.
        set: SetId,
        /// One group.
        first: Vec<u8>,
        /// The other.
        second: Vec<u8>,
        /// Where the first group's shares are in the slice given to [`combine`].
        first_at: Vec<usize>,
        /// Where the second group's are.
        second_at: Vec<usize>,
    },
    /// Shares recombine, but none to the fingerprint the record gives.
    #[error(
        "the shares of set {set} recombine, but to fingerprint {found}, not the record's {want}: they are not the shares the record describes (substituted, forged or re-made); do not rely on them"
    )]
    NotTheRecordedSet {
        /// The set.
        set: SetId,
        /// The fingerprint of the first subset that passed the tag.
        found: Fingerprint,
        /// The record's.
        want: Fingerprint,
    },
    /// The tag passed but the padding is wrong or leaves an empty secret: made by hand, not by breakglass.
    #[error(
        "the shares of set {set} pass the integrity check but hold no valid secret (bad padding); they were not made by breakglass: try other shares"
    )]
    BadPadding {
        /// The set.
        set: SetId,
    },
    /// Shares that do not fit the secret recovered, among too many shares to rule out that they make
    /// a second, forged secret with others.
    #[error(
        "the shares of set {set} recombine, but {} {} not fit, and among this many shares breakglass cannot rule out that {} a second, forged secret with others; give the set's record to pick the shares it describes, or leave out {}",
        Shares(.misfits),
        if .misfits.len() == 1 { "does" } else { "do" },
        if .misfits.len() == 1 { "it makes" } else { "they make" },
        if .misfits.len() == 1 { "that share" } else { "those shares" }
    )]
    Unsettled {
        /// The set.
        set: SetId,
        /// The shares that do not fit.
        misfits: Vec<u8>,
    },
    /// Too many shares to search all subsets.
    #[error("{count} shares of set {set} are too many to check every combination; give fewer shares")]
    TooManyCombinations {
        /// Distinct shares given.
        count: usize,
        /// The set.
        set: SetId,
    },
}

/// A secret recovered and verified by [`combine`].
pub struct Recovered {
    /// The secret, which passed the integrity tag.
    pub secret: Secret,
    /// The set's fingerprint, keyed by the random key inside the shared data.
    pub fingerprint: Fingerprint,
    /// Header of the set (index field of the first share used).
    pub header: Header,
    /// Indices of the shares that were used.
    pub used: Vec<u8>,
    /// Indices of given shares that do not fit the recovered secret (altered, damaged or forged).
    pub misfits: Vec<u8>,
    /// Where the shares used are in the slice given to [`combine`].
    pub used_at: Vec<usize>,
    /// Where the misfits are in that slice (two shares may claim one index).
    pub misfits_at: Vec<usize>,
}

/// Padded length for a secret of `len` bytes: room for the 0x80 end marker, rounded up to 16, then to
/// a power of two up to 1024, then to a multiple of 1024.
pub fn bucket(len: usize) -> usize {
    let need = len + 1;
    if need <= 16 {
        16
    } else if need <= 1024 {
        need.next_power_of_two()
    } else {
        need.div_ceil(1024) * 1024
    }
}

/// The integrity tag: keyed BLAKE2b-128 over the set header (index 0), the padded secret and the
/// fingerprint key.
fn tag(header: &Header, padded: &[u8], key: &[u8]) -> [u8; TAG_LEN] {
    // The key is 17 bytes, well inside BLAKE2b's 64-byte limit, so this cannot fail.
    let mut mac = match <Blake2bMac<U16> as KeyInit>::new_from_slice(TAG_KEY) {
        Ok(m) => m,
        Err(_) => unreachable!("fixed 17-byte key"),
    };
    mac.update(&header.set_bytes());
    mac.update(padded);
    mac.update(key);
    mac.finalize().into_bytes().into()
}

/// Splits `secret` into `params.total` shares, any `params.threshold` of which recover it: a new
/// header ([`new_header`]), then [`split_under`] it.
pub fn split<R: CryptoRng>(
    secret: &Secret,
    params: &SplitParams,
    rng: &mut R,
) -> Result<Vec<Share>, ShamirError> {
    let header = new_header(params, secret.len(), rng)?;
    split_under(&header, secret, rng)
}

/// The header of a new set sharing `len` bytes (index 0), with a random set id: what a passphrase
/// envelope is bound to before the split.
pub fn new_header<R: CryptoRng>(
    params: &SplitParams,
    len: usize,
    rng: &mut R,
) -> Result<Header, ShamirError> {
    let SplitParams { threshold, total, kind, created, lineage, passphrase } = *params;
    if threshold < 2 || total < threshold {
        return Err(ShamirError::BadParams { threshold, total });
    }
    if len == 0 {
        return Err(ShamirError::EmptySecret);
    }
    if len > MAX_SECRET_LEN + if passphrase { crate::passphrase::OVERHEAD } else { 0 } {
        return Err(ShamirError::SecretTooLong(len));
    }
    let padded_len = bucket(len);
    debug_assert!(padded_len <= MAX_PADDED_LEN);
    let mut set_id = [0u8; 10];
    rng.fill_bytes(&mut set_id);
    Ok(Header {
        kind,
        threshold,
        total,
        index: 0,
        set_id: SetId(set_id),
        created,
        padded_len,
        lineage,
        passphrase,
    })
}

/// Splits `secret` under a header made by [`new_header`] for its length: pads it, draws the
/// fingerprint key, appends the tag, and shares the result.
pub fn split_under<R: CryptoRng>(
    header: &Header,
    secret: &Secret,
    rng: &mut R,
) -> Result<Vec<Share>, ShamirError> {
    let padded_len = header.padded_len;
    if secret.is_empty() || bucket(secret.len()) != padded_len {
        return Err(ShamirError::SecretTooLong(secret.len()));
    }
    // The shared data holds the secret too: build it in a locked buffer of its final size.
    let mut data = Secret::with_capacity(padded_len + SEAL_LEN);
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    rng.fill_bytes(&mut key[..]);
    let filled = data.push_slice(secret.expose())
        && data.push_slice(&[0x80])
        && data.push_zeros(padded_len - secret.len() - 1)
        && data.push_slice(&key[..]);
    let t = tag(header, &data.expose()[..padded_len], &key[..]);
    // The buffer was made for exactly these bytes, so this cannot fail; if it did, refuse to split.
    if !(filled && data.push_slice(&t)) {
        return Err(ShamirError::SecretTooLong(secret.len()));
    }
    let shares = Sharks(header.threshold)
        .dealer_rng(data.expose(), rng)
        .take(usize::from(header.total))
        .map(|s| {
            let bytes = Zeroizing::new(Vec::from(&s));
            let mut h = *header;
            h.index = bytes[0];
            Share::from_parts(h, Zeroizing::new(bytes[1..].to_vec()))
        })
        .collect();
    Ok(shares)
}

/// Interpolates the given shares at x = 0 and checks the tag; the padded data when it passes.
fn try_subset(header: &Header, subset: &[&Share]) -> Option<Zeroizing<Vec<u8>>> {
    let parts: Vec<blahaj::Share> = subset
        .iter()
        .filter_map(|s| {
            let mut b = Zeroizing::new(Vec::with_capacity(s.y().len() + 1));
            b.push(s.header.index);
            b.extend_from_slice(s.y());
            blahaj::Share::try_from(&b[..]).ok()
        })
        .collect();
    if parts.len() != subset.len() {
        return None;
    }
    let data = Zeroizing::new(Sharks(header.threshold).recover(&parts).ok()?);
    if data.len() != header.padded_len + SEAL_LEN {
        return None;
    }
    let (padded, rest) = data.split_at(header.padded_len);
    let (key, t) = rest.split_at(KEY_LEN);
    ct_eq(&tag(header, padded, key), t).then_some(data)
}

/// Removes the 0x80-then-zeros padding; `None` when it is not there or leaves nothing.
fn unpad(padded: &[u8]) -> Option<&[u8]> {
    let end = padded.iter().rposition(|&b| b != 0)?;
    (padded[end] == 0x80 && end > 0).then(|| &padded[..end])
}

/// Advances `combo` to the next k-combination of `0..n` in lexicographic order.
fn next_combination(combo: &mut [usize], n: usize) -> bool {
    let k = combo.len();
    for i in (0..k).rev() {
        if combo[i] < n - k + i {
            combo[i] += 1;
            for j in i + 1..k {
                combo[j] = combo[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

/// A k-of-n password set of the tests' fixed day, first generation, without a passphrase.
#[cfg(test)]
pub(crate) fn test_params(threshold: u8, total: u8) -> SplitParams {
    SplitParams {
        threshold,
        total,
        kind: Kind::Password,
        created: Date(20_000),
        lineage: Lineage::FIRST,
        passphrase: false,
    }
}

/// For tests: what a forger who knows a set's header makes (the tag key is public).
#[cfg(test)]
pub(crate) mod forge {
    use super::{Header, KEY_LEN, Share, tag};
    use zeroize::Zeroizing;

    /// Multiplication in GF(2⁸) with 0x11D, as blahaj's.
    pub(crate) fn mul(mut a: u8, mut b: u8) -> u8 {
        let mut r = 0u8;
        while b != 0 {
            if b & 1 != 0 {
                r ^= a;
            }
            let carry = a & 0x80 != 0;
            a <<= 1;
            if carry {
                a ^= 0x1d;
            }
            b >>= 1;
        }
        r
    }

    /// The inverse in GF(2⁸) (0 for 0).
    pub(crate) fn inv(a: u8) -> u8 {
        (1..=255).find(|&b| mul(a, b) == 1).unwrap_or(0)
    }

    /// The shared data of a forged set: `secret` padded for `header`, any key, and the tag over
    /// them.
    pub(crate) fn forged_data(header: &Header, secret: &[u8]) -> Vec<u8> {
        let mut padded = secret.to_vec();
        padded.push(0x80);
        padded.resize(header.padded_len, 0);
        let key = [7u8; KEY_LEN];
        [&padded[..], &key, &tag(header, &padded, &key)].concat()
    }

    /// The share at `x` of a 2-of-n set that, with `known`, recombines to `secret`.
    pub(crate) fn forged_beside(known: &Share, secret: &[u8], x: u8) -> Share {
        let header = known.header;
        let data = forged_data(&header, secret);
        let inv_x1 = inv(header.index);
        // f(t) = D + a·t through (x1, y1): a = (y1 − D) / x1.
        let y = data.iter().zip(known.y()).map(|(&d, &y1)| d ^ mul(mul(y1 ^ d, inv_x1), x)).collect();
        Share::from_parts(Header { index: x, ..header }, Zeroizing::new(y))
    }
}

#[cfg(test)]
mod tests {
    use super::combine::{combine, combine_expecting};
    use super::test_params as params;
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha20Rng;

    #[test]
    fn buckets() {
        assert_eq!(bucket(1), 16);
        assert_eq!(bucket(15), 16);
        assert_eq!(bucket(16), 32);
        assert_eq!(bucket(24), 32);
        assert_eq!(bucket(31), 32);
        assert_eq!(bucket(32), 64);
        assert_eq!(bucket(1023), 1024);
        assert_eq!(bucket(1024), 2048);
        assert_eq!(bucket(MAX_SECRET_LEN), MAX_PADDED_LEN);
    }

    #[test]
    fn bad_params_are_refused() {
        let mut rng = ChaCha20Rng::seed_from_u64(0);
        let s = Secret::from_slice(b"x");
        for (k, n) in [(1, 3), (0, 0), (3, 2), (2, 1)] {
            assert_eq!(
                split(&s, &params(k, n), &mut rng).err(),
                Some(ShamirError::BadParams { threshold: k, total: n })
            );
        }
        assert_eq!(
            split(&Secret::from_slice(b""), &params(2, 3), &mut rng).err(),
            Some(ShamirError::EmptySecret)
        );
        let big = Secret::from_slice(&vec![1; MAX_SECRET_LEN + 1]);
        assert_eq!(
            split(&big, &params(2, 3), &mut rng).err(),
            Some(ShamirError::SecretTooLong(MAX_SECRET_LEN + 1))
        );
    }

    #[test]
    fn more_than_k_names_the_misfit() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let secret = Secret::from_slice(b"correct horse battery staple");
        let mut shares = split(&secret, &params(2, 4), &mut rng).unwrap_or_default();
        assert_eq!(shares.len(), 4);
        // Replace share 1's bytes: a forgery with a valid checksum, since `from_parts` skips none.
        let mut y = shares[0].y().to_vec();
        y[3] ^= 0x55;
        shares[0] = Share::from_parts(shares[0].header, Zeroizing::new(y));
        let r = combine(&shares);
        let (used, misfits, ok) = r.map(|r| (r.used, r.misfits, r.secret == secret)).unwrap_or_default();
        assert!(ok);
        assert_eq!(used, vec![2, 3]);
        assert_eq!(misfits, vec![1]);
    }

    /// The tag key is public: anyone who knows a set's header can make a complete subset of their
    /// own under it. Beside genuine shares it is refused, and the record's fingerprint picks the
    /// genuine set.
    #[test]
    fn a_complete_forged_subset_is_refused_or_outvoted_by_the_record() {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let genuine_secret = Secret::from_slice(b"the genuine one");
        let header = new_header(&params(2, 4), genuine_secret.len(), &mut rng).expect("header");
        let genuine = split_under(&header, &genuine_secret, &mut rng).expect("split");
        let forged = split_under(&header, &Secret::from_slice(b"ATTACKER-secret"), &mut rng).expect("split");
        let given = vec![forged[0].clone(), forged[1].clone(), genuine[2].clone(), genuine[3].clone()];
        match combine(&given) {
            Err(ShamirError::TwoSecrets { first, second, .. }) => {
                assert_eq!((first, second), (vec![1, 2], vec![3, 4]));
            }
            Err(e) => panic!("{e}"),
            Ok(r) => panic!("recovered {:?}", String::from_utf8_lossy(r.secret.expose())),
        }
        let fp = combine(&genuine[2..]).map(|r| r.fingerprint).expect("genuine");
        let r = combine_expecting(&given, Some(fp)).expect("the recorded set");
        assert!(r.secret == genuine_secret);
        assert_eq!((r.used, r.misfits), (vec![3, 4], vec![1, 2]));
        // Neither group is the recorded set: the first that passed is named.
        let fake = Fingerprint([0; 10]);
        let first = combine(&forged[..2]).map(|r| r.fingerprint).expect("forged");
        assert_eq!(
            combine_expecting(&given, Some(fake)).err(),
            Some(ShamirError::NotTheRecordedSet { set: header.set_id, found: first, want: fake })
        );
    }

    #[test]
    fn next_combination_enumerates_all() {
        let mut c = vec![0, 1];
        let mut n = 1;
        while next_combination(&mut c, 5) {
            n += 1;
        }
        assert_eq!(n, 10);
        assert_eq!(c, vec![3, 4]);
    }
}

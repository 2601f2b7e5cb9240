//! QR codes for shares too large for one code: the binary share cut into parts, each in its own code.
//!
//! A part's payload is `BREAKGLASS-V1-PART:` followed by the Crockford base32 of a 15-byte part header
//! — set id (10 bytes), share index (1), part number (u16 BE, from 1), part count (u16 BE) — and up to
//! [`PART_BYTES`] bytes of the binary share. Parts are read in any order, from any page or image, and
//! joined once all of a share's parts are there; the share's own checksum then checks the result.

use std::collections::BTreeMap;

use thiserror::Error;

use super::{DecodeError, SetId, Share, base32, payload};
use crate::english::NumberList;
use zeroize::Zeroizing;

/// Text that starts every part's QR payload.
pub const PART_MARKER: &str = "BREAKGLASS-V1-PART:";
/// Share bytes carried by each part (a version-20 code at error-correction level Q).
pub const PART_BYTES: usize = 400;
/// Largest share (in bytes) that still goes into a single code.
pub const SINGLE_CODE_MAX: usize = 200;
/// Most parts a share can have: the longest share (66 622 bytes) in 400-byte parts.
pub(crate) const MAX_PARTS: u16 = 167;
/// Most distinct shares whose parts are gathered at once (far more than any set of 255 shares
/// brings), so that hostile input cannot make the gathering grow without bound.
const MAX_GROUPS: usize = 1024;

/// Part codes printed on one page of a large share's sheet (two columns, three rows).
pub const PARTS_PER_PAGE: usize = 6;
const PART_HEADER: usize = 15;

/// One part of a share.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// The set of the share.
    pub set_id: SetId,
    /// The share's index.
    pub index: u8,
    /// This part's number, 1..=count.
    pub number: u16,
    /// How many parts the share has.
    pub count: u16,
    /// The bytes of the share this part carries.
    pub data: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for Part {
    /// Shows where the part belongs, never the share bytes it carries.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("set_id", &self.set_id)
            .field("index", &self.index)
            .field("number", &self.number)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

/// Why a part or a set of parts cannot be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum PartError {
    /// The payload is not a part.
    #[error("a QR code part is damaged (its header is not readable); scan it again")]
    Damaged,
    /// A part marked with another format version.
    #[error(
        "a QR code part is marked as format version {0}, which this breakglass does not read; use a newer breakglass"
    )]
    Version(String),
    /// A part in lower case, which no QR code holds.
    #[error(
        "a QR code part is in lower case, which a QR code never holds: give the decoder's output as it is"
    )]
    LowerCase,
    /// Some parts are missing.
    #[error(
        "share {index} of set {set} is missing part(s) {} of {count} (on page(s) {} of its sheet); scan those codes too",
        NumberList(.missing),
        NumberList(&pages_of(.missing))
    )]
    Missing {
        /// The set.
        set: SetId,
        /// The share.
        index: u8,
        /// Missing part numbers.
        missing: Vec<u16>,
        /// Total parts.
        count: u16,
    },
    /// The joined parts are not a valid share.
    #[error(
        "the parts of share {index} of set {set} do not join into a valid share ({source}); scan them again"
    )]
    Join {
        /// The set.
        set: SetId,
        /// The share.
        index: u8,
        /// What is wrong with the joined bytes.
        source: DecodeError,
    },
    /// Parts of more shares than any recovery needs; the rest were ignored.
    #[error(
        "QR parts of more than {MAX_GROUPS} different shares were given; {ignored} part(s) were ignored: give only the pages of the shares to recover"
    )]
    TooManyShares {
        /// Parts ignored.
        ignored: usize,
    },
    /// Parts of one number that hold different bytes: one is damaged or forged. Every way of joining
    /// them was tried.
    #[error(
        "QR parts of share {index} of set {set} with the same number hold different bytes (one is damaged or forged); each was tried"
    )]
    Conflicting {
        /// The set.
        set: SetId,
        /// The share.
        index: u8,
    },
    /// Parts that disagree in more ways than are tried: the share cannot be read, and a forged one
    /// beside it cannot be ruled out.
    #[error(
        "QR parts of share {index} of set {set} disagree in too many ways to try (many different codes claim the same parts): some are forged; give only the pages you trust"
    )]
    TooManyClaims {
        /// The set.
        set: SetId,
        /// The share.
        index: u8,
    },
    /// The joined parts are a valid share of another set or index than the parts claim.
    #[error(
        "the parts of share {index} of set {set} join into a share whose header disagrees with them; scan them again"
    )]
    Disagrees {
        /// The set the parts claim.
        set: SetId,
        /// The index the parts claim.
        index: u8,
    },
}

/// The sheet pages (page 1 has no part codes) that hold these parts.
fn pages_of(numbers: &[u16]) -> Vec<u16> {
    let mut pages: Vec<u16> = numbers.iter().map(|n| 2 + (n - 1) / PARTS_PER_PAGE as u16).collect();
    pages.dedup();
    pages
}

/// The QR payloads for a share: one compact payload if it is small, otherwise its parts.
pub fn payloads(share: &Share) -> Vec<String> {
    let bytes = share.to_bytes();
    if bytes.len() <= SINGLE_CODE_MAX {
        return vec![payload::compact(share)];
    }
    let count = bytes.len().div_ceil(PART_BYTES) as u16;
    bytes
        .chunks(PART_BYTES)
        .enumerate()
        .map(|(i, chunk)| {
            let mut raw = Vec::with_capacity(PART_HEADER + chunk.len());
            raw.extend_from_slice(&share.header.set_id.0);
            raw.push(share.header.index);
            raw.extend_from_slice(&(i as u16 + 1).to_be_bytes());
            raw.extend_from_slice(&count.to_be_bytes());
            raw.extend_from_slice(chunk);
            format!("{PART_MARKER}{}", base32::encode(&raw))
        })
        .collect()
}

/// Reads one part from the characters after [`PART_MARKER`].
pub(crate) fn parse_part(chars: &str) -> Result<Part, PartError> {
    let symbols: Option<Vec<u8>> = chars.chars().map(base32::symbol_value).collect();
    let raw = Zeroizing::new(symbols.and_then(|s| base32::from_symbols(&s)).ok_or(PartError::Damaged)?);
    if raw.len() <= PART_HEADER || raw.len() > PART_HEADER + PART_BYTES {
        return Err(PartError::Damaged);
    }
    let mut id = [0u8; 10];
    id.copy_from_slice(&raw[..10]);
    let number = u16::from_be_bytes([raw[11], raw[12]]);
    let count = u16::from_be_bytes([raw[13], raw[14]]);
    if number == 0 || number > count || count > MAX_PARTS {
        return Err(PartError::Damaged);
    }
    Ok(Part {
        set_id: SetId(id),
        index: raw[10],
        number,
        count,
        data: Zeroizing::new(raw[PART_HEADER..].to_vec()),
    })
}

/// Most ways of joining one share's parts that are tried when parts of one number disagree (two
/// different bytes for part 3, say): a forger's conflicting parts are tried beside the genuine ones,
/// never silently in their place. Past this, the share is [`PartError::TooManyClaims`].
const MAX_VARIANTS: usize = 64;

/// Joins parts into shares; parts may come in any order and more than once. Parts are grouped by
/// set id, index and part count, so a part claiming another count cannot hide a genuine share's
/// parts; parts of one number with different bytes are each tried, and every way of joining them
/// that makes a valid share gives one (the combining then sees two claims to one index).
pub fn join_parts(parts: Vec<Part>) -> (Vec<Share>, Vec<PartError>) {
    type Claims = BTreeMap<u16, Vec<Part>>;
    let mut groups: BTreeMap<(SetId, u8, u16), Claims> = BTreeMap::new();
    let mut ignored = 0usize;
    for p in parts {
        let key = (p.set_id, p.index, p.count);
        if groups.len() >= MAX_GROUPS && !groups.contains_key(&key) {
            ignored += 1;
            continue;
        }
        let claims = groups.entry(key).or_default().entry(p.number).or_default();
        if claims.len() <= MAX_VARIANTS && !claims.iter().any(|c| c.data == p.data) {
            claims.push(p);
        }
    }
    let (mut shares, mut problems) = (Vec::new(), Vec::new());
    if ignored > 0 {
        problems.push(PartError::TooManyShares { ignored });
    }
    for ((set, index, count), group) in groups {
        let missing: Vec<u16> = (1..=count).filter(|n| !group.contains_key(n)).collect();
        if !missing.is_empty() {
            problems.push(PartError::Missing { set, index, missing, count });
            continue;
        }
        let variants =
            group.values().try_fold(1usize, |acc, c| acc.checked_mul(c.len()).filter(|&v| v <= MAX_VARIANTS));
        let Some(variants) = variants else {
            problems.push(PartError::TooManyClaims { set, index });
            continue;
        };
        let (joined, failed) = join_variants(set, index, &group, variants);
        if variants > 1 {
            problems.push(PartError::Conflicting { set, index });
        }
        if joined.is_empty() {
            problems.extend(failed);
        }
        shares.extend(joined);
    }
    (shares, problems)
}

/// Every way of joining a group whose part numbers hold `variants` combinations of claims: the
/// shares they make, and why the others do not.
fn join_variants(
    set: SetId,
    index: u8,
    group: &BTreeMap<u16, Vec<Part>>,
    variants: usize,
) -> (Vec<Share>, Option<PartError>) {
    let (mut shares, mut failed) = (Vec::new(), None);
    for v in 0..variants {
        // Variant v picks claim (v in mixed radix) of each part number.
        let mut rest = v;
        let mut bytes = Zeroizing::new(Vec::new());
        for claims in group.values() {
            bytes.extend_from_slice(&claims[rest % claims.len()].data);
            rest /= claims.len();
        }
        match Share::from_bytes(&bytes) {
            Ok(s) if s.header.set_id == set && s.header.index == index => shares.push(s),
            Ok(_) => failed = Some(PartError::Disagrees { set, index }),
            Err(source) => failed = Some(PartError::Join { set, index, source }),
        }
    }
    (shares, failed)
}

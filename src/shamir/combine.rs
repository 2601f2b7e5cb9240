//! Combining the shares of one set: which subsets are tried and in what order, which given shares do
//! not fit the secret recovered, and the refusal when forged shares make a second valid secret.
//!
//! Subsets are tried as runs of k consecutive shares first (cyclically, by index), so that one odd
//! share anywhere among many is left out within a few tries — trying subsets in lexicographic order
//! keeps share 1 in the first C(n−1, k−1) of them — and then every subset in lexicographic order,
//! within the work budget. Two different shares may claim one index (one is damaged or forged): both
//! are kept, and no subset holds both.

use std::collections::HashSet;

use super::{Recovered, ShamirError, next_combination, subset_budget, try_subset, unpad};
use crate::fingerprint::Fingerprint;
use crate::secret::{Secret, ct_eq};
use crate::share::{Header, KEY_LEN, Share};

/// How many different shares may claim one index before the input is refused as hostile.
const MAX_CLAIMS_PER_INDEX: usize = 4;

/// The shares of one set to combine: exact duplicates dropped, ordered by index, each with its
/// position in the caller's slice.
struct Pool<'a> {
    header: Header,
    shares: Vec<(usize, &'a Share)>,
}

impl Pool<'_> {
    fn share(&self, i: usize) -> &Share {
        self.shares[i].1
    }

    fn index(&self, i: usize) -> u8 {
        self.shares[i].1.header.index
    }

    /// Whether a subset (positions in the pool) holds two shares of one index.
    fn repeats_index(&self, combo: &[usize]) -> bool {
        combo.iter().enumerate().any(|(a, &i)| combo[..a].iter().any(|&j| self.index(j) == self.index(i)))
    }

    fn subset(&self, combo: &[usize]) -> Vec<&Share> {
        combo.iter().map(|&i| self.share(i)).collect()
    }

    /// The distinct indices, in order.
    fn indices(&self) -> Vec<u8> {
        let mut all: Vec<u8> = self.shares.iter().map(|(_, s)| s.header.index).collect();
        all.dedup();
        all
    }
}

/// The first header field in which two shares of one set id disagree, if any.
pub(crate) fn differing_field(a: &Header, b: &Header) -> Option<&'static str> {
    if a.threshold != b.threshold {
        Some("the threshold")
    } else if a.total != b.total {
        Some("the number of shares")
    } else if a.padded_len != b.padded_len {
        Some("the secret's length")
    } else if a.kind != b.kind {
        Some("the kind of secret")
    } else if a.created != b.created {
        Some("the creation date")
    } else if a.passphrase != b.passphrase {
        Some("whether a passphrase is needed")
    } else if a.lineage != b.lineage {
        Some("the generation or the set it supersedes")
    } else {
        None
    }
}

/// Checks that `shares` can belong together and pools them.
fn pool(shares: &[Share]) -> Result<Pool<'_>, ShamirError> {
    let first = shares.first().ok_or(ShamirError::NoShares)?;
    let set = first.header.set_id;
    let mut kept: Vec<(usize, &Share)> = Vec::new();
    for (at, s) in shares.iter().enumerate() {
        let h = &s.header;
        if h.set_id != set {
            return Err(ShamirError::MixedSets(set, h.set_id));
        }
        if let Some(field) = differing_field(&first.header, h) {
            return Err(ShamirError::HeaderMismatch { set, field });
        }
        let claims: Vec<&Share> =
            kept.iter().map(|(_, k)| *k).filter(|k| k.header.index == h.index).collect();
        if claims.iter().any(|k| ct_eq(k.y(), s.y())) {
            continue;
        }
        if claims.len() >= MAX_CLAIMS_PER_INDEX {
            return Err(ShamirError::ConflictingIndex { set, index: h.index });
        }
        kept.push((at, s));
    }
    kept.sort_by_key(|(_, s)| s.header.index);
    Ok(Pool { header: first.header, shares: kept })
}

/// k-subsets of `0..n` in the order they are tried: runs of k consecutive positions (cyclically),
/// then the rest in lexicographic order.
struct Subsets {
    n: usize,
    k: usize,
    next_run: usize,
    runs: HashSet<Vec<usize>>,
    lex: Option<Vec<usize>>,
}

impl Subsets {
    fn new(n: usize, k: usize) -> Subsets {
        Subsets { n, k, next_run: 0, runs: HashSet::new(), lex: None }
    }
}

impl Iterator for Subsets {
    type Item = Vec<usize>;

    fn next(&mut self) -> Option<Vec<usize>> {
        while self.n > self.k && self.next_run < self.n {
            let mut run: Vec<usize> = (0..self.k).map(|j| (self.next_run + j) % self.n).collect();
            self.next_run += 1;
            run.sort_unstable();
            if self.runs.insert(run.clone()) {
                return Some(run);
            }
        }
        loop {
            let advanced = match &mut self.lex {
                None => {
                    self.lex = Some((0..self.k).collect());
                    self.k <= self.n
                }
                Some(c) => next_combination(c, self.n),
            };
            let c = self.lex.as_ref().filter(|_| advanced)?;
            if !self.runs.contains(c) {
                return Some(c.clone());
            }
        }
    }
}

/// Recovers the secret from shares of one set, verifying the integrity tag.
///
/// Exact duplicates are ignored. With more than k shares, k-subsets are tried (see the module's
/// notes on their order) until one passes the tag; every other share is then checked against the
/// recovered secret and reported in [`Recovered::misfits`] if it does not fit. If a misfit makes
/// another subset that passes the tag with other data — forged shares beside genuine ones (the tag
/// key is public) — nothing is returned: the two cannot be told apart without the record.
pub fn combine(shares: &[Share]) -> Result<Recovered, ShamirError> {
    combine_expecting(shares, None)
}

/// [`combine`], keeping only a subset whose fingerprint is `expect` (the record's): the set the
/// record describes, whatever forged shares are given beside it.
pub fn combine_expecting(shares: &[Share], expect: Option<Fingerprint>) -> Result<Recovered, ShamirError> {
    let pool = pool(shares)?;
    let header = pool.header;
    let (k, set) = (usize::from(header.threshold), header.set_id);
    let indices = pool.indices();
    if indices.len() < k {
        return Err(not_enough(&pool, indices.len()));
    }
    let budget = subset_budget(&header);
    let mut other_valid = None;
    let mut bad_padding = None;
    for (tried, combo) in Subsets::new(pool.shares.len(), k).enumerate() {
        if tried >= budget {
            return Err(ShamirError::TooManyCombinations { count: pool.shares.len(), set });
        }
        if pool.repeats_index(&combo) {
            continue;
        }
        let Some(data) = try_subset(&header, &pool.subset(&combo)) else { continue };
        let rec = match finish(&pool, &data, &combo) {
            Ok(rec) => rec,
            // With the record's fingerprint, one forged subset does not hide the recorded one.
            Err(e) if expect.is_some() => {
                bad_padding = Some(e);
                continue;
            }
            Err(e) => return Err(e),
        };
        if expect.is_some_and(|e| e != rec.fingerprint) {
            other_valid = other_valid.or(Some(rec.fingerprint));
            continue;
        }
        let rec = with_misfits(&pool, rec, &data, &combo);
        if expect.is_none() {
            refuse_second_set(&pool, &rec, budget - tried)?;
        }
        return Ok(rec);
    }
    if let (Some(found), Some(want)) = (other_valid, expect) {
        return Err(ShamirError::NotTheRecordedSet { set, found, want });
    }
    Err(bad_padding.unwrap_or(ShamirError::IntegrityFailed { set, indices }))
}

/// Too few distinct indices: two shares claiming one index say more than a count.
fn not_enough(pool: &Pool<'_>, got: usize) -> ShamirError {
    let set = pool.header.set_id;
    let claimed_twice = (1..pool.shares.len()).find(|&i| pool.index(i) == pool.index(i - 1));
    match claimed_twice {
        Some(i) => ShamirError::ConflictingIndex { set, index: pool.index(i) },
        None => ShamirError::NotEnough { need: pool.header.threshold, set, got },
    }
}

/// Refuses when a share that does not fit the recovered secret, with k − 1 others, passes the tag
/// with other data: a second valid secret, made by someone who saw the set's header. When the work
/// budget runs out before every such subset was tried, the secret recovered cannot be told from a
/// forged one either, and it is refused too.
fn refuse_second_set(pool: &Pool<'_>, rec: &Recovered, budget: usize) -> Result<(), ShamirError> {
    let k = usize::from(pool.header.threshold);
    let mut left = budget;
    for &m in &rec.misfits_at {
        let Some(mi) = pool.shares.iter().position(|(at, _)| *at == m) else { continue };
        let others: Vec<usize> =
            (0..pool.shares.len()).filter(|&i| pool.index(i) != pool.index(mi)).collect();
        for combo in Subsets::new(others.len(), k - 1) {
            if left == 0 {
                return Err(ShamirError::Unsettled { set: pool.header.set_id, misfits: rec.misfits.clone() });
            }
            left -= 1;
            let mut subset: Vec<usize> = combo.iter().map(|&c| others[c]).collect();
            if pool.repeats_index(&subset) {
                continue;
            }
            subset.push(mi);
            if try_subset(&pool.header, &pool.subset(&subset)).is_some() {
                subset.sort_by_key(|&i| pool.index(i));
                return Err(ShamirError::TwoSecrets {
                    set: pool.header.set_id,
                    first: rec.used.clone(),
                    second: subset.iter().map(|&i| pool.index(i)).collect(),
                    first_at: rec.used_at.clone(),
                    second_at: subset.iter().map(|&i| pool.shares[i].0).collect(),
                });
            }
        }
    }
    Ok(())
}

/// Builds the result from a subset that passed the tag; its misfits are found later, once the
/// fingerprint is the one wanted.
fn finish(pool: &Pool<'_>, data: &[u8], combo: &[usize]) -> Result<Recovered, ShamirError> {
    let header = &pool.header;
    let (padded, rest) = data.split_at(header.padded_len);
    let secret =
        unpad(padded).map(Secret::from_slice).ok_or(ShamirError::BadPadding { set: header.set_id })?;
    let fingerprint = Fingerprint::of(header, padded, &rest[..KEY_LEN]);
    Ok(Recovered {
        secret,
        fingerprint,
        header: *header,
        used: combo.iter().map(|&i| pool.index(i)).collect(),
        misfits: Vec::new(),
        used_at: combo.iter().map(|&i| pool.shares[i].0).collect(),
        misfits_at: Vec::new(),
    })
}

/// `rec` with every other given share checked against it. A share fits when swapping it for a used
/// share (the one of its index, if any) recombines to the same data: a share off the polynomial
/// moves the value at x = 0 wherever its bytes differ, so this test is exact.
fn with_misfits(pool: &Pool<'_>, rec: Recovered, data: &[u8], combo: &[usize]) -> Recovered {
    let misfits: Vec<usize> = (0..pool.shares.len())
        .filter(|i| !combo.contains(i))
        .filter(|&i| {
            let out = combo.iter().position(|&c| pool.index(c) == pool.index(i)).unwrap_or(0);
            let mut swapped = combo.to_vec();
            swapped[out] = i;
            try_subset(&pool.header, &pool.subset(&swapped)).is_none_or(|other| !ct_eq(&other, data))
        })
        .collect();
    Recovered {
        misfits: misfits.iter().map(|&i| pool.index(i)).collect(),
        misfits_at: misfits.iter().map(|&i| pool.shares[i].0).collect(),
        ..rec
    }
}

/// Checks that every k-subset of a freshly made set recombines to `secret` with one and the same
/// fingerprint, and returns how many subsets were checked and that fingerprint. When there are more
/// subsets than the work budget allows, the first ones in order are checked and then runs of k
/// consecutive shares (cyclically), so that every share is used.
pub(crate) fn verify_subsets(secret: &Secret, shares: &[Share]) -> Result<(usize, Fingerprint), ShamirError> {
    let k = shares.first().map_or(0, |s| usize::from(s.header.threshold));
    let n = shares.len();
    if k < 2 || n < k {
        return Err(ShamirError::SelfCheck { indices: Vec::new() });
    }
    let mut fingerprint: Option<Fingerprint> = None;
    let mut check = |combo: &[usize]| -> Result<(), ShamirError> {
        let subset: Vec<Share> = combo.iter().map(|&i| shares[i].clone()).collect();
        match combine(&subset) {
            Ok(r)
                if r.secret == *secret
                    && r.misfits.is_empty()
                    && *fingerprint.get_or_insert(r.fingerprint) == r.fingerprint =>
            {
                Ok(())
            }
            _ => Err(ShamirError::SelfCheck { indices: subset.iter().map(|s| s.header.index).collect() }),
        }
    };
    let budget = subset_budget(&shares[0].header);
    let mut combo: Vec<usize> = (0..k).collect();
    let mut checked = 0;
    loop {
        check(&combo)?;
        checked += 1;
        if !next_combination(&mut combo, n) || checked == budget {
            break;
        }
    }
    if checked == budget && budget < n_choose_k_capped(n, k, budget + 1) {
        // Runs of k consecutive shares (cyclically): each share in k of them when the budget allows
        // n more, otherwise in one (every k-th start).
        let step = if budget >= n { 1 } else { k };
        for start in (0..n).step_by(step) {
            let window: Vec<usize> = (0..k).map(|j| (start + j) % n).collect();
            check(&window)?;
            checked += 1;
        }
    }
    let fingerprint = fingerprint.ok_or(ShamirError::SelfCheck { indices: Vec::new() })?;
    Ok((checked, fingerprint))
}

/// The number of k-subsets of n, or `cap` if there are at least that many.
fn n_choose_k_capped(n: usize, k: usize, cap: usize) -> usize {
    let mut c: u128 = 1;
    for i in 0..k.min(n - k) {
        c = c * (n - i) as u128 / (i + 1) as u128;
        if c >= cap as u128 {
            return cap;
        }
    }
    c as usize
}

#[cfg(test)]
mod tests {
    use rand::rngs::ChaCha20Rng;
    use rand::{RngExt, SeedableRng};
    use zeroize::Zeroizing;

    use super::*;
    use crate::shamir::forge::{forged_data, inv, mul};
    use crate::shamir::{new_header, split, split_under, test_params as params};

    /// The share with one byte of its data changed (its checksum is made afresh when written).
    fn altered(s: &Share) -> Share {
        let mut y = s.y().to_vec();
        y[0] ^= 0x5a;
        Share::from_parts(s.header, Zeroizing::new(y))
    }

    /// A 128-of-255 set with one altered share, wherever it is: with the record's fingerprint,
    /// recovered and the share named; without it the share is named and nothing is recovered, as
    /// among so many shares a second, forged secret that it makes with others cannot be ruled out.
    /// (Subsets in lexicographic order kept share 1 in every subset the budget allowed.)
    #[test]
    fn one_odd_share_among_many_is_left_out_wherever_it_is() {
        let secret = Secret::from_slice(b"a secret for a big set");
        let shares = split(&secret, &params(128, 255), &mut ChaCha20Rng::seed_from_u64(1)).expect("split");
        let fingerprint = combine(&shares[..128]).expect("genuine").fingerprint;
        for odd in [0usize, 1, 64, 127, 128, 200, 254] {
            let mut given = shares.clone();
            given[odd] = altered(&shares[odd]);
            let r = combine_expecting(&given, Some(fingerprint))
                .unwrap_or_else(|e| panic!("odd share at {odd}: {e}"));
            assert!(r.secret == secret);
            assert_eq!((r.misfits, r.misfits_at), (vec![shares[odd].header.index], vec![odd]));
            let set = shares[0].header.set_id;
            let unsettled = ShamirError::Unsettled { set, misfits: vec![shares[odd].header.index] };
            assert_eq!(combine(&given).err(), Some(unsettled), "odd share at {odd}");
        }
    }

    /// The share at `x` of set `header` on the polynomial data + c₁x + c₂x² + … (by Horner's rule).
    fn on_polynomial(header: Header, data: &[u8], coefficients: &[Vec<u8>], x: u8) -> Share {
        let y = (0..data.len())
            .map(|b| {
                let high = coefficients.iter().rev().fold(0u8, |acc, c| mul(acc, x) ^ c[b]);
                mul(high, x) ^ data[b]
            })
            .collect();
        Share::from_parts(Header { index: x, ..header }, Zeroizing::new(y))
    }

    /// A forger puts k shares of a secret of their own first and hundreds of junk shares of the
    /// same header after them, so that the search for a second secret runs out of work before it
    /// reaches the genuine shares: nothing is recovered, where the forged secret was returned.
    #[test]
    fn a_forgery_that_exhausts_the_search_is_refused() {
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        let genuine = Secret::from_slice(b"the genuine one");
        let header = new_header(&params(3, 255), genuine.len(), &mut rng).expect("header");
        let shares = split_under(&header, &genuine, &mut rng).expect("split");
        let data = forged_data(&header, b"ATTACKER-secret");
        let coefficients = vec![vec![0x11u8; data.len()], vec![0x5au8; data.len()]];
        let mut given: Vec<Share> = (1..=3).map(|x| on_polynomial(header, &data, &coefficients, x)).collect();
        // Junk: random bytes, checksums valid, on no polynomial with the others.
        given.extend((4..=200).map(|x| {
            let y: Vec<u8> = (0..data.len()).map(|_| rng.random()).collect();
            Share::from_parts(Header { index: x, ..header }, Zeroizing::new(y))
        }));
        given.extend(shares[200..203].iter().cloned());
        match combine(&given) {
            Ok(r) => panic!("recovered {:?}", String::from_utf8_lossy(r.secret.expose())),
            Err(e) => assert!(matches!(e, ShamirError::Unsettled { .. }), "{e}"),
        }
    }

    /// Two different shares claiming one index: the one that fits is used, the other named by its
    /// position; with too few other shares, the conflict is what is reported.
    #[test]
    fn two_claims_to_one_index_are_both_tried() {
        let secret = Secret::from_slice(b"claimed twice");
        let shares = split(&secret, &params(2, 3), &mut ChaCha20Rng::seed_from_u64(2)).expect("split");
        let given = vec![altered(&shares[0]), shares[0].clone(), shares[1].clone()];
        let r = combine(&given).expect("recovers");
        assert!(r.secret == secret);
        assert_eq!((r.misfits, r.misfits_at), (vec![1], vec![0]));
        let set = shares[0].header.set_id;
        assert_eq!(
            combine(&[altered(&shares[0]), shares[0].clone()]).err(),
            Some(ShamirError::ConflictingIndex { set, index: 1 })
        );
        assert_eq!(
            combine(&[shares[0].clone(), shares[0].clone()]).err(),
            Some(ShamirError::NotEnough { need: 2, set, got: 1 })
        );
    }

    /// Someone who saw share 2 forges share 3 so that shares 2 and 3 recombine to a secret of their
    /// choosing, which passes the tag (its key is public). Given 1, 2 and the forged 3, the tool
    /// cannot know which pair is genuine: it refuses rather than pick.
    #[test]
    fn a_share_forged_to_match_a_genuine_one_is_refused() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let genuine = Secret::from_slice(b"the genuine one");
        let header = new_header(&params(2, 3), genuine.len(), &mut rng).expect("header");
        let shares = split_under(&header, &genuine, &mut rng).expect("split");
        // The forger's data: their secret, padded, any key, and the tag over them.
        let data = forged_data(&header, b"ATTACKER-secret");
        // The line through (0, data) and (2, y₂), evaluated at x = 3.
        let (l0, l2) = (mul(3 ^ 2, inv(2)), mul(3, inv(2)));
        let y3: Vec<u8> = data.iter().zip(shares[1].y()).map(|(&a, &b)| mul(a, l0) ^ mul(b, l2)).collect();
        let forged = Share::from_parts(shares[2].header, Zeroizing::new(y3));
        let alone = combine(&[shares[1].clone(), forged.clone()]).expect("the forged pair passes the tag");
        assert_eq!(alone.secret.expose(), b"ATTACKER-secret");
        match combine(&[shares[0].clone(), shares[1].clone(), forged]) {
            Err(ShamirError::TwoSecrets { first, second, .. }) => {
                assert_eq!((first, second), (vec![1, 2], vec![2, 3]))
            }
            Err(e) => panic!("{e}"),
            Ok(r) => panic!("recovered {:?}", String::from_utf8_lossy(r.secret.expose())),
        }
    }
}

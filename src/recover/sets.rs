//! Recovering from the shares found, which may belong to several sets: envelopes get mixed up, a set
//! is re-split, an old generation is kept. The shares are grouped by set (every header field but the
//! index), each group is combined, and one set is chosen: the one asked for ([`Want`]), or else the
//! one given in full whose other complete sets hold the same secret. A complete set whose header
//! says it supersedes another complete set does not win by saying so: lineage is not authenticated
//! across sets (anyone who has seen a sheet can make a whole set claiming to be the next
//! generation), so two complete sets with different secrets are always refused unless one is asked
//! for. What else was given is described, share by share, in [`Beside`]; nothing is refused while
//! one set can be recovered unambiguously.

use std::cmp::Reverse;
use std::fmt;

use thiserror::Error;

use super::Gathered;
use super::problem::Source;
use crate::english::Shares;
use crate::fingerprint::Fingerprint;
use crate::passphrase::{self, PassphraseError};
use crate::secret::{Secret, ct_eq};
use crate::shamir::combine::{combine_expecting, differing_field};
use crate::shamir::{Recovered, ShamirError};
use crate::share::parts::PartError;
use crate::share::{Header, SetId, Share};

/// Which set to recover, when the caller knows: the record's fingerprint, a set id, or both.
#[derive(Clone, Copy, Debug, Default)]
pub struct Want {
    /// The fingerprint the set must have (from its ceremony record).
    pub fingerprint: Option<Fingerprint>,
    /// The set id the set must have.
    pub set: Option<SetId>,
}

/// A share given with the set recovered that does not fit its secret.
#[derive(Clone, Debug)]
pub struct Misfit {
    /// The index it claims.
    pub index: u8,
    /// Where it came from.
    pub source: Source,
}

/// The inputs, as a list for messages.
#[derive(Clone, Debug)]
pub struct Inputs(pub Vec<Source>);

impl fmt::Display for Inputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&crate::english::name_list(&names))
    }
}

/// Shares of other sets given beside the set recovered, and why they were not used.
#[derive(Clone, Debug, Error)]
pub enum Beside {
    /// A complete older generation of the set recovered.
    #[error(
        "set {set} (generation {generation}, in {inputs}) is also complete, but set {by} supersedes it, so its secret was not used; its shares should have been destroyed at the rotation"
    )]
    Superseded {
        /// The older set.
        set: SetId,
        /// Its generation.
        generation: u8,
        /// The set recovered.
        by: SetId,
        /// Where its shares are.
        inputs: Inputs,
    },
    /// Another complete set holding the same secret (it was split twice).
    #[error("set {set} (in {inputs}) is also complete and holds the same secret (it was split twice)")]
    SameSecret {
        /// The other set.
        set: SetId,
        /// Where its shares are.
        inputs: Inputs,
    },
    /// Shares of a newer generation, too few to recover it.
    #[error(
        "set {set} (generation {generation}), which supersedes the set recovered, is given in part ({} in {inputs}): the secret recovered may no longer be in use; bring {need} shares of set {set}",
        Shares(.indices)
    )]
    Newer {
        /// The newer set.
        set: SetId,
        /// Its generation.
        generation: u8,
        /// The shares of it given.
        indices: Vec<u8>,
        /// Its threshold.
        need: u8,
        /// Where they are.
        inputs: Inputs,
    },
    /// Shares claiming the recovered set's id whose other header fields disagree with it.
    #[error(
        "not used: {} in {inputs}, claiming set {set} but disagreeing with its other shares on {field} (damaged or forged)",
        Shares(.indices)
    )]
    Disagreeing {
        /// The set id they claim.
        set: SetId,
        /// The field that differs.
        field: &'static str,
        /// The shares.
        indices: Vec<u8>,
        /// Where they are.
        inputs: Inputs,
    },
    /// Shares of another set, not used.
    #[error("not used: {} of set {set}, another set, in {inputs} ({reason})", Shares(.indices))]
    Other {
        /// The other set.
        set: SetId,
        /// Its shares given.
        indices: Vec<u8>,
        /// Why it was not recovered, or that it was not the set asked for.
        reason: ShamirError,
        /// Where they are.
        inputs: Inputs,
    },
    /// Shares of a set that was not asked for.
    #[error("not used: {} of set {set} in {inputs}, not the set asked for", Shares(.indices))]
    NotAsked {
        /// The set.
        set: SetId,
        /// Its shares given.
        indices: Vec<u8>,
        /// Where they are.
        inputs: Inputs,
    },
}

/// Why one set among several could not be recovered.
#[derive(Debug)]
pub struct SetFailure {
    /// Why.
    pub error: ShamirError,
    /// Where its shares are.
    pub inputs: Inputs,
}

impl fmt::Display for SetFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (in {})", self.error, self.inputs)
    }
}

/// A set given in full, among others with other secrets.
#[derive(Debug)]
pub struct CompleteSet {
    /// The set.
    pub set: SetId,
    /// Its generation.
    pub generation: u8,
    /// Where its shares are.
    pub inputs: Inputs,
}

impl fmt::Display for CompleteSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "set {} (generation {}, in {})", self.set, self.generation, self.inputs)
    }
}

fn unreadable_note(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(" ({n} other input(s) or share(s) could not be read)"),
    }
}

fn joined<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// Why nothing was recovered.
#[derive(Debug, Error)]
pub enum RecoverError {
    /// Not one share could be read.
    #[error("no share could be read; nothing was recovered")]
    NoShares,
    /// The shares that were read (all of one set) do not recombine.
    #[error("{source}{}", unreadable_note(*.unreadable))]
    Combine {
        /// Why they do not recombine.
        source: ShamirError,
        /// How many other inputs or shares could not be read at all.
        unreadable: usize,
    },
    /// Shares of several sets, none of which can be recovered.
    #[error(
        "these shares belong to different sets, and none of them can be recovered: {}{}",
        joined(.sets),
        unreadable_note(*.unreadable)
    )]
    NoCompleteSet {
        /// Each set, and why.
        sets: Vec<SetFailure>,
        /// How many other inputs or shares could not be read at all.
        unreadable: usize,
    },
    /// Several sets given in full, with different secrets, and none asked for.
    #[error(
        "the shares hold {} complete sets with different secrets: {}; give the shares of one set, or name the one to recover",
        .sets.len(),
        joined(.sets)
    )]
    SeveralSets {
        /// The complete sets.
        sets: Vec<CompleteSet>,
    },
    /// A complete set that says it supersedes another complete set with a different secret. The
    /// claim is not proof: anyone who has seen a sheet can make a whole set that says so.
    #[error(
        "{newer} says it supersedes {}, and both are complete with different secrets; a set's claim to supersede another cannot be checked from its shares (anyone who has seen a sheet can make a set that says so), so the secret in use must be named: give that set's record, or name the set to recover",
        joined(.older)
    )]
    Generations {
        /// The set that claims to be newer.
        newer: CompleteSet,
        /// The complete sets it claims to supersede.
        older: Vec<CompleteSet>,
    },
    /// A set recovered beside shares that hold enough to recover and fail: forged shares are among
    /// the inputs, and the set recovered may be the forgery.
    #[error(
        "{recovered} recombines, but other shares given with it fail although there are enough of them: {}; one of the two is forged (the integrity key is public), so nothing is shown: give the set's record to pick the shares it describes, or only the shares you trust",
        joined(.failed)
    )]
    Contested {
        /// The set that recombined.
        recovered: CompleteSet,
        /// The groups that failed, and why.
        failed: Vec<SetFailure>,
    },
    /// Two groups of the shares of one set that recombine to different secrets, with their inputs.
    #[error("{source} (the first group is in {first}; the second in {second})")]
    TwoSecrets {
        /// The two groups, by index.
        source: Box<ShamirError>,
        /// Where the first group's shares are.
        first: Inputs,
        /// Where the second group's are.
        second: Inputs,
    },
    /// QR parts that could not all be tried: a share not read might be the genuine one that shows a
    /// share or set given beside it to be forged.
    #[error(
        "not every QR part could be tried ({reason}), and a share not read might be the one that shows a share or set given beside it to be forged; nothing is shown: give only the pages you trust, or the set's record"
    )]
    UnsettledParts {
        /// What could not be tried.
        reason: PartError,
    },
    /// Too few shares, because one was given twice (the same file named twice, or a copy).
    #[error(
        "share {index} of set {set} was given twice ({inputs}), and {need} different shares are needed: bring another share of the set"
    )]
    SameShareTwice {
        /// The set.
        set: SetId,
        /// The share given twice.
        index: u8,
        /// Its threshold.
        need: u8,
        /// Where the copies are.
        inputs: Inputs,
    },
    /// The set asked for is not among the shares.
    #[error("no share of set {want} was given; the shares are of set(s) {}", .found.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))]
    SetNotGiven {
        /// The set asked for.
        want: SetId,
        /// The sets given.
        found: Vec<SetId>,
    },
}

/// A set recovered and verified: its header, which shares were used and which did not fit, what
/// else was given, and the shared bytes (the secret, or for a passphrase set its sealed envelope).
pub struct Recovery {
    /// The set's header (index field of the first share used).
    pub header: Header,
    /// Indices of the shares used.
    pub used: Vec<u8>,
    /// Given shares of the set that do not fit the recovered secret (altered, damaged or forged).
    pub misfits: Vec<Misfit>,
    /// The set's fingerprint (compare it with the record's).
    pub fingerprint: Fingerprint,
    /// The shares of other sets given, and why they were not used.
    pub beside: Vec<Beside>,
    sources: Vec<(u8, Source)>,
    shared: Secret,
}

impl Recovery {
    /// Where the share used with this index came from.
    pub fn source_of(&self, index: u8) -> Option<&Source> {
        self.sources.iter().find(|(i, _)| *i == index).map(|(_, s)| s)
    }

    /// Whether the set also needs its passphrase to give the secret.
    pub fn needs_passphrase(&self) -> bool {
        self.header.passphrase
    }

    /// The secret: the shared bytes, or for a passphrase set what they open to with `passphrase`.
    pub fn unlock(&self, passphrase: Option<&Secret>) -> Result<Secret, PassphraseError> {
        match (self.header.passphrase, passphrase) {
            (false, _) => Ok(Secret::from_slice(self.shared.expose())),
            (true, Some(p)) => passphrase::open(&self.shared, p, &self.header),
            (true, None) => Err(PassphraseError::Needed),
        }
    }
}

/// The shares of one set (every header field but the index alike), by position in the gathered
/// shares, and what combining them gave (`None`: not tried, as not the set asked for).
struct Group {
    header: Header,
    members: Vec<usize>,
    result: Option<Result<Recovered, ShamirError>>,
}

impl Group {
    fn set(&self) -> SetId {
        self.header.set_id
    }

    fn indices(&self, g: &Gathered) -> Vec<u8> {
        let mut v: Vec<u8> = self.members.iter().map(|&i| g.shares[i].share.header.index).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn inputs(&self, g: &Gathered) -> Inputs {
        Inputs(self.members.iter().map(|&i| g.shares[i].source.clone()).collect())
    }

    fn recovered(&self) -> Option<&Recovered> {
        self.result.as_ref().and_then(|r| r.as_ref().ok())
    }

    /// Why the group failed although it holds k or more distinct shares, unless the reason is only
    /// that it is not the record's set.
    fn contested(&self, g: &Gathered) -> Option<&ShamirError> {
        let e = self.result.as_ref()?.as_ref().err()?;
        let settled = matches!(e, ShamirError::NotEnough { .. } | ShamirError::NotTheRecordedSet { .. });
        (!settled && self.indices(g).len() >= usize::from(self.header.threshold)).then_some(e)
    }
}

/// Combines the shares found, checking the integrity tag; with shares of several sets, recovers the
/// one that can be (see the module's notes).
pub fn recover(g: &Gathered) -> Result<Recovery, RecoverError> {
    recover_with(g, Want::default())
}

/// [`recover`], keeping only the set `want` names.
pub fn recover_with(g: &Gathered, want: Want) -> Result<Recovery, RecoverError> {
    if g.shares.is_empty() {
        return Err(RecoverError::NoShares);
    }
    let mut groups = group_shares(g);
    if let Some(set) = want.set
        && !groups.iter().any(|gr| gr.set() == set)
    {
        let mut found: Vec<SetId> = groups.iter().map(Group::set).collect();
        found.dedup();
        return Err(RecoverError::SetNotGiven { want: set, found });
    }
    for gr in groups.iter_mut().filter(|gr| want.set.is_none_or(|s| s == gr.set())) {
        let shares: Vec<Share> = gr.members.iter().map(|&i| g.shares[i].share.clone()).collect();
        gr.result = Some(combine_expecting(&shares, want.fingerprint));
    }
    let chosen = choose(g, &groups, want)?;
    // A share whose parts could not all be tried may be the genuine share of this set or of
    // another: a forged set of another id, say, beside a genuine set made incomplete so. Without the
    // record's fingerprint (which the set recovered was checked against), nothing is recovered.
    if let Some(reason) = g.unsettled.first().filter(|_| want.fingerprint.is_none()) {
        return Err(RecoverError::UnsettledParts { reason: reason.clone() });
    }
    let beside = (0..groups.len()).filter(|&j| j != chosen).map(|j| beside(g, &groups, j, chosen)).collect();
    let gr = &mut groups[chosen];
    let Some(Ok(rec)) = gr.result.take() else { return Err(RecoverError::NoShares) };
    let source = |at: usize| g.shares[gr.members[at]].source.clone();
    Ok(Recovery {
        header: rec.header,
        used: rec.used.clone(),
        misfits: rec
            .misfits_at
            .iter()
            .map(|&at| Misfit { index: g.shares[gr.members[at]].share.header.index, source: source(at) })
            .collect(),
        fingerprint: rec.fingerprint,
        beside,
        sources: rec.used.iter().zip(&rec.used_at).map(|(&i, &at)| (i, source(at))).collect(),
        shared: rec.secret,
    })
}

/// The shares grouped by set, in the order their sets first appear.
fn group_shares(g: &Gathered) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, found) in g.shares.iter().enumerate() {
        let key = found.share.header.set_bytes();
        match groups.iter_mut().find(|gr| gr.header.set_bytes() == key) {
            Some(gr) => gr.members.push(i),
            None => groups.push(Group { header: found.share.header, members: vec![i], result: None }),
        }
    }
    groups
}

/// Which group to recover: the only complete one, or the newest when every other complete one is
/// an older generation of it or holds the same secret.
fn choose(g: &Gathered, groups: &[Group], want: Want) -> Result<usize, RecoverError> {
    let mut complete: Vec<usize> = (0..groups.len()).filter(|&i| groups[i].recovered().is_some()).collect();
    complete.sort_by_key(|&i| Reverse((groups[i].header.lineage.generation, groups[i].header.created)));
    let Some(&top) = complete.first() else { return Err(failure(g, groups)) };
    let complete_set = |i: usize| CompleteSet {
        set: groups[i].set(),
        generation: groups[i].header.lineage.generation,
        inputs: groups[i].inputs(g),
    };
    // A group with enough shares that still fails (two secrets, a forged padding, too many to check)
    // holds forged shares, and the set recovered may be the forgery: only the record's fingerprint,
    // which each group was checked against when given, tells them apart.
    let contested: Vec<SetFailure> = groups
        .iter()
        .filter_map(|gr| gr.contested(g).map(|e| SetFailure { error: e.clone(), inputs: gr.inputs(g) }))
        .collect();
    if want.fingerprint.is_none() && !contested.is_empty() {
        return Err(RecoverError::Contested { recovered: complete_set(top), failed: contested });
    }
    // Another complete set with another secret makes the choice ambiguous, whatever generation its
    // header claims: the claim is not authenticated across sets.
    let others: Vec<usize> =
        complete[1..].iter().copied().filter(|&o| !same_secret(groups, o, top)).collect();
    if others.is_empty() {
        return Ok(top);
    }
    if others.iter().all(|&o| superseded_by(groups, o, top)) {
        return Err(RecoverError::Generations {
            newer: complete_set(top),
            older: others.into_iter().map(complete_set).collect(),
        });
    }
    Err(RecoverError::SeveralSets { sets: complete.into_iter().map(complete_set).collect() })
}

/// Why no group could be recovered: the one set's own reason, or each set's.
fn failure(g: &Gathered, groups: &[Group]) -> RecoverError {
    let unreadable = g.problem_count();
    let tried: Vec<(usize, &ShamirError)> = (0..groups.len())
        .filter_map(|i| groups[i].result.as_ref().and_then(|r| r.as_ref().err()).map(|e| (i, e)))
        .collect();
    // Shares that recombine, but not to the record's fingerprint, say the most.
    let recorded = tried.iter().find(|(_, e)| matches!(e, ShamirError::NotTheRecordedSet { .. }));
    if let Some(&(i, e)) = recorded.or(if tried.len() == 1 { tried.first() } else { None }) {
        if let ShamirError::NotEnough { .. } = e
            && let Some(twice) = given_twice(g, &groups[i])
        {
            return twice;
        }
        if let ShamirError::TwoSecrets { first_at, second_at, .. } = e {
            let inputs = |at: &[usize]| {
                Inputs(at.iter().map(|&a| g.shares[groups[i].members[a]].source.clone()).collect())
            };
            let (first, second) = (inputs(first_at), inputs(second_at));
            return RecoverError::TwoSecrets { source: Box::new(e.clone()), first, second };
        }
        return RecoverError::Combine { source: e.clone(), unreadable };
    }
    let sets = tried
        .iter()
        .map(|&(i, e)| {
            // A group that shares its set id with a larger (or an earlier) one is a damaged or
            // forged share.
            let len = groups[i].members.len();
            let larger = groups.iter().enumerate().find(|&(o, gr)| {
                o != i
                    && gr.set() == groups[i].set()
                    && (gr.members.len() > len || (gr.members.len() == len && o < i))
            });
            let larger = larger.map(|(_, gr)| gr);
            let error = match larger.and_then(|o| differing_field(&o.header, &groups[i].header)) {
                Some(field) => ShamirError::HeaderMismatch { set: groups[i].set(), field },
                None => e.clone(),
            };
            SetFailure { error, inputs: groups[i].inputs(g) }
        })
        .collect();
    RecoverError::NoCompleteSet { sets, unreadable }
}

/// The error for a group short of shares because one share was given more than once.
fn given_twice(g: &Gathered, gr: &Group) -> Option<RecoverError> {
    let index_of = |i: usize| g.shares[i].share.header.index;
    let first = gr
        .members
        .iter()
        .position(|&a| gr.members.iter().filter(|&&b| index_of(b) == index_of(a)).count() > 1)?;
    let index = index_of(gr.members[first]);
    let copies =
        gr.members.iter().filter(|&&b| index_of(b) == index).map(|&b| g.shares[b].source.clone()).collect();
    Some(RecoverError::SameShareTwice {
        set: gr.set(),
        index,
        need: gr.header.threshold,
        inputs: Inputs(copies),
    })
}

/// Whether group `old` is an older generation of group `new`, following the sets each given set
/// supersedes.
fn superseded_by(groups: &[Group], old: usize, new: usize) -> bool {
    let target = groups[old].set();
    let mut lineage = groups[new].header.lineage;
    for _ in 0..groups.len() {
        if lineage.supersedes_set(&target) {
            return true;
        }
        match groups.iter().find(|gr| lineage.supersedes_set(&gr.set())) {
            Some(parent) => lineage = parent.header.lineage,
            None => return false,
        }
    }
    false
}

/// Whether two complete groups recovered the same secret.
fn same_secret(groups: &[Group], a: usize, b: usize) -> bool {
    match (groups[a].recovered(), groups[b].recovered()) {
        (Some(x), Some(y)) => ct_eq(x.secret.expose(), y.secret.expose()),
        _ => false,
    }
}

/// What group `j`, given beside the recovered group `chosen`, was.
fn beside(g: &Gathered, groups: &[Group], j: usize, chosen: usize) -> Beside {
    let gr = &groups[j];
    let (set, inputs, indices) = (gr.set(), gr.inputs(g), gr.indices(g));
    let generation = gr.header.lineage.generation;
    match &gr.result {
        Some(Ok(_)) if superseded_by(groups, j, chosen) => {
            Beside::Superseded { set, generation, by: groups[chosen].set(), inputs }
        }
        Some(Ok(_)) => Beside::SameSecret { set, inputs },
        None | Some(Err(ShamirError::NotTheRecordedSet { .. })) => Beside::NotAsked { set, indices, inputs },
        Some(Err(_)) if set == groups[chosen].set() => {
            let field = differing_field(&groups[chosen].header, &gr.header).unwrap_or("the header");
            Beside::Disagreeing { set, field, indices, inputs }
        }
        Some(Err(_)) if superseded_by(groups, chosen, j) => {
            Beside::Newer { set, generation, indices, need: gr.header.threshold, inputs }
        }
        Some(Err(reason)) => Beside::Other { set, indices, reason: reason.clone(), inputs },
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::ChaCha20Rng;

    use super::*;
    use crate::recover::Found;
    use crate::shamir::{SplitParams, split, test_params};
    use crate::share::Lineage;

    fn set(secret: &[u8], seed: u64, lineage: Lineage) -> Vec<Share> {
        let params = SplitParams { lineage, ..test_params(2, 3) };
        split(&Secret::from_slice(secret), &params, &mut ChaCha20Rng::seed_from_u64(seed)).expect("split")
    }

    fn gathered(shares: &[&Share]) -> Gathered {
        let found = shares
            .iter()
            .enumerate()
            .map(|(i, s)| Found { share: (*s).clone(), source: Source::whole(&format!("f{i}")), label: None })
            .collect();
        Gathered { shares: found, ..Gathered::default() }
    }

    /// k good shares beside a share of the same set id whose header was changed: recovered, and the
    /// changed share named; alone with one good share, the disagreement is the reason given.
    #[test]
    fn a_share_whose_header_disagrees_is_set_aside() {
        let a = set(b"first secret", 1, Lineage::FIRST);
        let mut h = a[2].header;
        h.threshold = 3;
        let odd = Share::from_parts(h, zeroize::Zeroizing::new(a[2].y().to_vec()));
        let rec = recover(&gathered(&[&a[0], &odd, &a[1]])).expect("recovers");
        assert_eq!(rec.unlock(None).expect("secret").expose(), b"first secret");
        assert!(
            matches!(&rec.beside[..], [Beside::Disagreeing { field: "the threshold", .. }]),
            "{:?}",
            rec.beside
        );
        let err = recover(&gathered(&[&a[0], &odd])).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("disagree on the threshold") && err.contains("f1"), "{err}");
    }

    /// A forger who saw one sheet makes shares of two secrets of their own: one pair under the
    /// genuine header, so that the genuine group holds two secrets, and one pair under the header
    /// with another creation date, which alone recombines. Nothing is shown; with the record's
    /// fingerprint the genuine secret is.
    #[test]
    fn a_forged_group_beside_a_contested_genuine_one_is_refused() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let genuine = set(b"first secret", 1, Lineage::FIRST);
        let header = genuine[0].header;
        let same =
            crate::shamir::split_under(&header, &Secret::from_slice(b"forged one"), &mut rng).expect("forge");
        let other_day = Header { created: header.created.plus_days(1), ..header };
        let beside = crate::shamir::split_under(&other_day, &Secret::from_slice(b"forged two"), &mut rng)
            .expect("forge");
        let g = gathered(&[&genuine[0], &genuine[1], &same[0], &same[2], &beside[0], &beside[1]]);
        match recover(&g) {
            Err(RecoverError::Contested { recovered, failed }) => {
                assert_eq!(recovered.set, header.set_id);
                assert!(matches!(failed[..], [SetFailure { error: ShamirError::TwoSecrets { .. }, .. }]));
            }
            Err(e) => panic!("{e}"),
            Ok(r) => panic!("recovered {:?}", String::from_utf8_lossy(r.unlock(None).expect("s").expose())),
        }
        let fingerprint = crate::shamir::combine::combine(&genuine[..2]).expect("genuine").fingerprint;
        let rec = recover_with(&g, Want { fingerprint: Some(fingerprint), set: None }).expect("recorded");
        assert_eq!(rec.unlock(None).expect("secret").expose(), b"first secret");
    }

    /// Large shares come as QR parts. A forger who saw share 1 makes a share 2 of their own under
    /// the genuine header: its parts, read after the genuine share 2's, once replaced them
    /// silently, and the forger's secret was recovered. A part claiming a larger part count once
    /// made the genuine share 2 unjoinable, so that a forged share 2 typed beside it was used. Both
    /// piles are now refused as two secrets of one set.
    #[test]
    fn forged_parts_never_replace_a_genuine_share() {
        use crate::recover::{Input, gather};
        use crate::share::parts::payloads;
        let mut rng = ChaCha20Rng::seed_from_u64(11);
        let params = SplitParams { kind: crate::share::Kind::File, ..test_params(2, 3) };
        let genuine = split(&Secret::from_slice(&[7u8; 300]), &params, &mut rng).expect("split");
        let header = genuine[0].header;
        let _ = header;
        let forged = [genuine[0].clone(), crate::shamir::forge::forged_beside(&genuine[0], &[9u8; 300], 2)];
        let parts = |s: &Share| payloads(s).join("\n");
        assert!(payloads(&genuine[1]).len() > 1, "not a large share");
        let pair = crate::shamir::combine::combine(&[genuine[0].clone(), forged[1].clone()]);
        assert_eq!(pair.expect("the forged pair passes").secret.expose(), &[9u8; 300]);
        let read = |text: String| gather(&[Input::new("pile.txt", text.into_bytes())]);
        let pile = read([parts(&genuine[0]), parts(&genuine[1]), parts(&forged[1])].join("\n"));
        match recover(&pile) {
            Err(RecoverError::TwoSecrets { .. }) => {}
            Err(e) => panic!("{e}"),
            Ok(r) => assert_ne!(r.unlock(None).expect("secret").expose(), &[9u8; 300], "the forger's secret"),
        }
        // A part 3 of 3 for the genuine share 2 (whose parts say 2): a group of its own.
        let mut inflated = payloads(&genuine[1]).pop().expect("a part");
        let at = "BREAKGLASS-V1-PART:".len();
        let mut raw = crate::share::base32::from_symbols(
            &inflated[at..].chars().filter_map(crate::share::base32::symbol_value).collect::<Vec<u8>>(),
        )
        .expect("part");
        raw[11..15].copy_from_slice(&[0, 3, 0, 3]);
        inflated.replace_range(at.., &crate::share::base32::encode(&raw));
        let typed = crate::share::typed::lines(&forged[1]).join("\n");
        let pile = read(
            [parts(&genuine[0]), parts(&genuine[1]), inflated, format!("BREAKGLASS-V1\n{typed}")].join("\n"),
        );
        match recover(&pile) {
            Err(RecoverError::TwoSecrets { .. }) => {}
            Err(e) => panic!("{e}"),
            Ok(r) => panic!(
                "recovered {:?}; {} shares, problems {:?}",
                &r.unlock(None).expect("secret").expose()[..4],
                pile.shares.len(),
                pile.problems.iter().map(ToString::to_string).collect::<Vec<_>>()
            ),
        }
    }

    /// 65 junk codes as part 1 of the genuine share 2 (more ways than are tried), and a whole
    /// forged set of another id: the genuine set, one share short, once let the forged set be the
    /// only one that recovers. Nothing is recovered now.
    #[test]
    fn parts_past_the_bound_block_every_set() {
        use crate::recover::{Input, gather};
        use crate::share::base32::{encode, from_symbols, symbol_value};
        use crate::share::parts::payloads;
        let mut rng = ChaCha20Rng::seed_from_u64(12);
        let params = SplitParams { kind: crate::share::Kind::File, ..test_params(2, 3) };
        let genuine = split(&Secret::from_slice(&[7u8; 300]), &params, &mut rng).expect("split");
        let parts = |s: &Share| payloads(s).join("\n");
        let first = payloads(&genuine[1]).remove(0);
        let at = "BREAKGLASS-V1-PART:".len();
        let mut raw =
            from_symbols(&first[at..].chars().filter_map(symbol_value).collect::<Vec<u8>>()).expect("part");
        let junk: Vec<String> = (0..65u8)
            .map(|j| {
                raw[20] = j;
                format!("BREAKGLASS-V1-PART:{}", encode(&raw))
            })
            .collect();
        let other = split(&Secret::from_slice(&[5u8; 300]), &params, &mut rng).expect("forged set");
        let text =
            [parts(&genuine[0]), parts(&genuine[1]), junk.join("\n"), parts(&other[0]), parts(&other[1])];
        let pile = gather(&[Input::new("pile.txt", text.join("\n").into_bytes())]);
        match recover(&pile) {
            Err(RecoverError::UnsettledParts { reason: PartError::TooManyClaims { index: 2, .. } }) => {}
            Err(e) => panic!("{e}"),
            Ok(r) => panic!("recovered {:?}", &r.unlock(None).expect("secret").expose()[..4]),
        }
    }

    /// Part codes of more than 1024 shares (the most kept) put before the genuine set's parts once
    /// had those ignored, and a forged set of another id given beside recovered alone. Nothing is
    /// recovered now.
    #[test]
    fn parts_of_too_many_shares_block_every_set() {
        use crate::recover::{Input, gather};
        use crate::share::base32::encode;
        use crate::share::parts::payloads;
        use rand::RngExt;
        let mut rng = ChaCha20Rng::seed_from_u64(13);
        let params = SplitParams { kind: crate::share::Kind::File, ..test_params(2, 3) };
        let genuine = split(&Secret::from_slice(&[7u8; 300]), &params, &mut rng).expect("split");
        let other = split(&Secret::from_slice(&[5u8; 300]), &params, &mut rng).expect("forged set");
        let junk: Vec<String> = (0..1100)
            .map(|_| {
                let mut raw: Vec<u8> = (0..10).map(|_| rng.random()).collect();
                raw.extend_from_slice(&[1, 0, 1, 0, 2]);
                raw.extend((0..40).map(|_| rng.random::<u8>()));
                format!("BREAKGLASS-V1-PART:{}", encode(&raw))
            })
            .collect();
        let parts = |s: &Share| payloads(s).join("\n");
        let typed = |s: &Share| format!("BREAKGLASS-V1\n{}\n", crate::share::typed::lines(s).join("\n"));
        let text =
            [junk.join("\n"), parts(&genuine[0]), parts(&genuine[1]), typed(&other[0]), typed(&other[1])];
        let pile = gather(&[Input::new("pile.txt", text.join("\n").into_bytes())]);
        match recover(&pile) {
            Err(RecoverError::UnsettledParts { reason: PartError::TooManyShares { .. } }) => {}
            Err(e) => panic!("{e}"),
            Ok(r) => panic!("recovered {:?}", &r.unlock(None).expect("secret").expose()[..4]),
        }
    }

    /// Two complete sets with different secrets: refused, naming both, unless one is asked for; a
    /// set asked for that is not given is named.
    #[test]
    fn two_complete_sets_are_refused_unless_one_is_asked_for() {
        let (a, c) = (set(b"first secret", 1, Lineage::FIRST), set(b"other secret", 2, Lineage::FIRST));
        let g = gathered(&[&a[0], &a[1], &c[0], &c[1]]);
        match recover(&g) {
            Err(RecoverError::SeveralSets { sets }) => assert_eq!(sets.len(), 2),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("recovered one of two sets without being asked"),
        }
        let want = Want { set: Some(c[0].header.set_id), fingerprint: None };
        let rec = recover_with(&g, want).expect("the set asked for");
        assert_eq!(rec.unlock(None).expect("secret").expose(), b"other secret");
        assert!(matches!(&rec.beside[..], [Beside::NotAsked { .. }]));
        let b = set(b"third", 3, Lineage::FIRST);
        let want = Want { set: Some(b[0].header.set_id), fingerprint: None };
        assert!(matches!(recover_with(&g, want), Err(RecoverError::SetNotGiven { .. })));
    }

    /// Generations: a complete set that says it supersedes another complete one with a different
    /// secret does not win by saying so (a forger can say it too); asked for, it is recovered and the
    /// older one named. A newer generation given in part is named beside the older complete one.
    #[test]
    fn a_newer_generation_is_recovered_only_when_asked_for() {
        let g1 = set(b"generation one", 1, Lineage::FIRST);
        let g2 = set(b"generation two", 2, Lineage::FIRST.next(&g1[0].header.set_id));
        let g3 = set(b"generation three", 3, g2[0].header.lineage.next(&g2[0].header.set_id));
        let g = gathered(&[&g1[0], &g1[1], &g2[0], &g3[1], &g3[2]]);
        match recover(&g) {
            Err(e @ RecoverError::Generations { .. }) => {
                assert!(e.to_string().contains("cannot be checked from its shares"), "{e}");
            }
            other => panic!("{:?}", other.map(|r| r.header.set_id)),
        }
        let want = Want { set: Some(g3[0].header.set_id), fingerprint: None };
        let rec = recover_with(&g, want).expect("recovers the set asked for");
        assert_eq!(rec.unlock(None).expect("secret").expose(), b"generation three");
        // Only the oldest complete: recovered, with the warning that a newer one exists.
        let rec = recover(&gathered(&[&g1[0], &g1[1], &g2[1], &g3[0]])).expect("recovers");
        assert_eq!(rec.unlock(None).expect("secret").expose(), b"generation one");
        assert!(
            rec.beside.iter().any(|b| matches!(b, Beside::Newer { generation: 3, .. })),
            "{:?}",
            rec.beside
        );
    }
}

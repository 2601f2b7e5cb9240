//! Property tests: every k-subset recovers, every (k-1)-subset fails, encodings round-trip, and no
//! random damage ever yields a wrong secret.

mod common;

use breakglass::{
    Date, Kind, Lineage, Secret, ShamirError, Share, SplitParams, combine, compact, find_shares, typed,
};
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

fn split(secret: &[u8], k: u8, n: u8, seed: u64) -> Vec<Share> {
    let params = SplitParams {
        threshold: k,
        total: n,
        kind: Kind::Text,
        created: Date(20_000),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    breakglass::split(&Secret::from_slice(secret), &params, &mut ChaCha20Rng::seed_from_u64(seed))
        .expect("split")
}

/// All subsets of `0..n` of size `k`.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    (0u32..(1 << n))
        .filter(|m| m.count_ones() as usize == k)
        .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect())
        .collect()
}

fn params() -> impl Strategy<Value = (Vec<u8>, u8, u8, u64)> {
    (2u8..=10)
        .prop_flat_map(|n| (prop::collection::vec(any::<u8>(), 1..=256), 2u8..=n, Just(n), any::<u64>()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_k_subset_recovers_and_no_k_minus_1_subset_does((secret, k, n, seed) in params()) {
        let shares = split(&secret, k, n, seed);
        prop_assert_eq!(shares.len(), usize::from(n));
        for subset in subsets(usize::from(n), usize::from(k)) {
            let chosen: Vec<Share> = subset.iter().map(|&i| shares[i].clone()).collect();
            let r = combine(&chosen).map(|r| r.secret.expose().to_vec());
            prop_assert_eq!(r.ok(), Some(secret.clone()));
        }
        for subset in subsets(usize::from(n), usize::from(k) - 1) {
            let chosen: Vec<Share> = subset.iter().map(|&i| shares[i].clone()).collect();
            let e = combine(&chosen).err();
            let is_not_enough = matches!(e, Some(ShamirError::NotEnough { .. }) | Some(ShamirError::NoShares));
            prop_assert!(is_not_enough);
        }
    }

    #[test]
    fn text_forms_round_trip((secret, k, n, seed) in params()) {
        let shares = split(&secret, k, n, seed);
        let mut doc = String::from("notes before\n");
        for s in &shares {
            doc.push_str(&typed::block(s));
            doc.push_str("some words in between\n");
            doc.push_str(&format!("QR-Code:{}\n", compact(s)));
        }
        let found = find_shares(&doc);
        prop_assert_eq!(found.len(), 2 * shares.len());
        for (f, s) in found.iter().zip(shares.iter().flat_map(|s| [s, s])) {
            let got = f.result.as_ref().map(|g| g.to_bytes().to_vec()).ok();
            prop_assert_eq!(got, Some(s.to_bytes().to_vec()));
        }
        // Lower case and folded look-alikes read the same.
        let typed = typed::block(&shares[0]).to_lowercase();
        let again = find_shares(&typed).pop().and_then(|f| f.result.ok()).map(|g| g.to_bytes().to_vec());
        prop_assert_eq!(again, Some(shares[0].to_bytes().to_vec()));
    }

    #[test]
    fn random_damage_never_gives_a_wrong_secret(
        (secret, k, n, seed) in params(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let shares = split(&secret, k, n, seed);
        let mut damaged = typed::block(&shares[0]).into_bytes();
        for (at, byte, op) in edits {
            let i = at.index(damaged.len());
            match op {
                0 => damaged[i] = byte,
                1 => { damaged.remove(i); }
                _ => damaged.insert(i, byte),
            }
        }
        let mut doc = String::from_utf8_lossy(&damaged).into_owned();
        for s in &shares[1..usize::from(k)] {
            doc.push_str(&typed::block(s));
        }
        let found: Vec<Share> = find_shares(&doc).into_iter().filter_map(|f| f.result.ok()).collect();
        if let Ok(r) = combine(&found) {
            prop_assert_eq!(r.secret.expose(), &secret[..]);
        }
    }

    #[test]
    fn scanning_arbitrary_text_never_panics(s in "\\PC{0,400}") {
        let _ = find_shares(&s);
        let _ = find_shares(&format!("BREAKGLASS-V1\n{s}"));
        let _ = find_shares(&format!("BREAKGLASS-V1:{s}"));
    }
}

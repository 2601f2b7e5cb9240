//! Exhaustive single-corruption test of the typed share form (P2, P3).
//!
//! Every single-character substitution, deletion and insertion, and every adjacent transposition,
//! applied to the typed form of one share, combined with a good share: the result is never a wrong
//! secret. Each corruption is either harmless (it reads as exactly the same share: a case change, a
//! folded look-alike, a moved space, a damaged marker line that the numbered lines make redundant) or
//! is reported naming the line it is on.

mod common;

use breakglass::{Share, combine, find_shares, typed};

const SECRET: &[u8] = b"Corrupt-Me-If-You-Can-2026";

/// Characters tried as substitutions and insertions: the alphabet, its lower case, the letters it
/// leaves out, separators, newline and a few others.
fn candidates() -> Vec<char> {
    let mut c: Vec<char> = "0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyzILOU".chars().collect();
    c.extend([' ', '-', '\n', '\t', ':', '.', '#', '|', 'é']);
    c
}

#[derive(Default, Debug)]
struct Tally {
    tried: usize,
    detected: usize,
    harmless: usize,
}

/// The share line (0 = marker line) that character index `at` of `block` is on.
fn line_of(block: &[char], at: usize) -> usize {
    block[..at.min(block.len())].iter().filter(|&&c| c == '\n').count()
}

fn check(kind: &str, original: &Share, good: &str, damaged: &[char], lines: &[usize], tally: &mut Tally) {
    tally.tried += 1;
    let text: String = damaged.iter().collect();
    let found = find_shares(&text);
    let ok: Vec<&Share> = found.iter().filter_map(|f| f.result.as_ref().ok()).collect();
    let errors: Vec<String> =
        found.iter().filter_map(|f| f.result.as_ref().err().map(|e| e.to_string())).collect();
    let same = |s: &Share| s.to_bytes().as_slice() == original.to_bytes().as_slice();
    assert!(
        ok.iter().all(|s| same(s)),
        "{kind} at lines {lines:?} produced a different valid share:\n{text}"
    );

    if errors.is_empty() && ok.len() == 1 {
        tally.harmless += 1;
    } else {
        tally.detected += 1;
        let all = errors.join(" | ");
        // lines[0] is the line the corruption is on; the others are neighbours it may spill into.
        let marker_only = lines[0] == 0;
        if !marker_only {
            let named = lines.iter().filter(|&&l| l > 0).any(|l| all.contains(&format!("line {l} ")))
                || all.contains("stops after line");
            assert!(named, "{kind} at lines {lines:?} not located: '{all}'\n{text}");
        } else {
            assert!(!found.is_empty(), "{kind} on the marker line lost the share silently:\n{text}");
        }
    }

    // Combined with a good share: the secret or an error, never anything else.
    let both = format!("{text}\n{good}");
    let shares: Vec<Share> = find_shares(&both).into_iter().filter_map(|f| f.result.ok()).collect();
    if let Ok(r) = combine(&shares) {
        assert_eq!(r.secret.expose(), SECRET, "{kind} at lines {lines:?} gave a wrong secret");
    }
}

#[test]
fn every_single_corruption_is_caught_or_harmless() {
    let shares = common::seeded_split(SECRET, 2, 3, 42);
    let original = &shares[0];
    let good = typed::block(&shares[1]);
    let block: Vec<char> = typed::block(original).chars().collect();
    let mut tally = Tally::default();
    let mut data_substitutions = 0;

    for i in 0..block.len() {
        let here = line_of(&block, i);
        let near = vec![here, here + 1];
        for &c in &candidates() {
            if c == block[i] {
                continue;
            }
            let mut d = block.clone();
            d[i] = c;
            check("substitution", original, &good, &d, &near, &mut tally);
            // A data or check character replaced by one of different value must never be harmless.
            let value = |x: char| breakglass::base32::symbol_value(x);
            if here > 0 && value(block[i]).is_some() && value(c).is_some() && value(c) != value(block[i]) {
                let t: String = d.iter().collect();
                let clean = find_shares(&t).iter().all(|f| f.result.is_ok());
                let is_number = block[..i].iter().rev().take_while(|&&x| x != '\n').count() < 2;
                assert!(!clean || is_number, "substitution at {i} undetected");
                data_substitutions += 1;
            }
            let mut d = block.clone();
            d.insert(i, c);
            let lines =
                if i > 0 && block[i - 1] == '\n' { vec![here, here.saturating_sub(1)] } else { near.clone() };
            check("insertion", original, &good, &d, &lines, &mut tally);
        }
        let mut d = block.clone();
        d.remove(i);
        check("deletion", original, &good, &d, &near, &mut tally);
        if i + 1 < block.len() && block[i] != block[i + 1] {
            let mut d = block.clone();
            d.swap(i, i + 1);
            check("transposition", original, &good, &d, &near, &mut tally);
        }
    }
    eprintln!(
        "corruptions tried: {}, detected and located: {}, harmless (read as the same share): {}, data substitutions all detected: {}",
        tally.tried, tally.detected, tally.harmless, data_substitutions
    );
    assert!(tally.tried > 30_000, "{tally:?}");
    assert_eq!(tally.tried, tally.detected + tally.harmless);
}

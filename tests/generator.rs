//! Measured output of the password generator against its documented distribution (P6).
//!
//! Passwords are uniform over the compliant ones, so a character's probability is not exactly
//! 1/|alphabet|: conditioning on "every class present" lifts the smaller classes a little. The
//! expected frequency of each character is computed exactly by inclusion–exclusion and compared with
//! a large seeded sample by a chi-square test (fixed seed, so the result is stable; the bound is the
//! 0.1 % critical value).

use breakglass::{Policy, generate_password};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

/// Probability that `len` independent uniform characters cover every class except those in `skip`.
fn cover(sizes: &[usize], total: usize, len: i32, skip: usize) -> f64 {
    let k = sizes.len();
    let mut p = 0.0;
    for mask in 0u32..(1 << k) {
        if skip < k && mask & (1 << skip) != 0 {
            continue;
        }
        let missing: usize = (0..k).filter(|i| mask & (1 << i) != 0).map(|i| sizes[i]).sum();
        let term = ((total - missing) as f64 / total as f64).powi(len);
        p += if mask.count_ones() % 2 == 0 { term } else { -term };
    }
    p
}

#[test]
fn character_frequencies_match_the_documented_distribution() {
    const LEN: usize = 16;
    const COUNT: usize = 40_000;
    let portable = Policy::portable();
    let sizes: Vec<usize> = portable.classes.iter().map(|c| c.chars.len()).collect();
    let alphabet = portable.alphabet();
    let n = alphabet.len();
    let all = cover(&sizes, n, LEN as i32, usize::MAX);
    let mut rng = ChaCha20Rng::seed_from_u64(2026);
    let mut counts = vec![0usize; 256];
    for _ in 0..COUNT {
        let p = generate_password(&portable, LEN, &mut rng).expect("password");
        assert!(portable.complies(p.expose()), "every class present");
        for &b in p.expose() {
            counts[usize::from(b)] += 1;
        }
    }
    let samples = (COUNT * LEN) as f64;
    let mut chi2 = 0.0;
    let mut worst: f64 = 0.0;
    for (ci, class) in portable.classes.iter().enumerate() {
        let p = cover(&sizes, n, LEN as i32 - 1, ci) / (n as f64 * all);
        let mut class_total = 0;
        for &b in &class.chars {
            let observed = counts[usize::from(b)] as f64;
            let expected = p * samples;
            chi2 += (observed - expected).powi(2) / expected;
            worst = worst.max((observed / expected - 1.0).abs());
            class_total += counts[usize::from(b)];
        }
        eprintln!(
            "{:>17}: {} chars, expected {:.4}% each, observed {:.4}% on average",
            class.name,
            class.chars.len(),
            100.0 * p,
            100.0 * class_total as f64 / samples / class.chars.len() as f64
        );
    }
    let outside: usize = (0..256).filter(|b| !alphabet.contains(&(*b as u8))).map(|b| counts[b]).sum();
    assert_eq!(outside, 0, "characters outside the alphabet");
    // Chi-square with n - 1 = 75 degrees of freedom: the 0.1 % critical value is 118.6.
    eprintln!(
        "{COUNT} passwords of {LEN}: chi-square {chi2:.1} (75 df, 0.1% bound 118.6), largest relative deviation {:.2}%",
        100.0 * worst
    );
    assert_eq!(n, 76);
    assert!(chi2 < 118.6, "chi-square {chi2}");
}

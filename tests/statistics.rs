//! Statistical evidence for P1 (a share says nothing about the secret) and P6 (uniform coefficients).
//!
//! Two fixed, very different secrets (all 0x00 and all 0xff bytes) are each split many times with a
//! seeded generator; for every byte position of share 1 that covers the secret, the 256-value
//! histograms are compared with each other (chi-square test of homogeneity, 255 degrees of freedom)
//! and with the uniform distribution (goodness of fit, 255 degrees of freedom). The significance level
//! is 0.1 % per test (critical value 330.5); with a fixed seed the outcome is deterministic, so the
//! test is stable, and any real bias — such as the `sharks` flaw of never drawing a zero coefficient
//! (RUSTSEC-2024-0398), which makes a share byte never equal the secret byte — gives values in the
//! thousands.

use breakglass::{Date, HEADER_LEN, Kind, Lineage, Secret, SplitParams, split};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

const SPLITS: usize = 12_000;
const POSITIONS: usize = 16;
/// Chi-square critical value for 255 degrees of freedom at the 0.1 % level (Wilson–Hilferty).
const CRITICAL: f64 = 330.5;

/// Histograms of share 1's first POSITIONS bytes over SPLITS splits of `secret`.
fn histograms(secret: &[u8], seed: u64) -> Vec<[u64; 256]> {
    let params = SplitParams {
        threshold: 2,
        total: 3,
        kind: Kind::Password,
        created: Date(20_000),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let secret = Secret::from_slice(secret);
    let mut h = vec![[0u64; 256]; POSITIONS];
    for _ in 0..SPLITS {
        let shares = split(&secret, &params, &mut rng).expect("split");
        let bytes = shares[0].to_bytes();
        // The share bytes y start after the header.
        for (j, hist) in h.iter_mut().enumerate() {
            hist[usize::from(bytes[HEADER_LEN + j])] += 1;
        }
    }
    h
}

fn homogeneity(a: &[u64; 256], b: &[u64; 256]) -> f64 {
    let (na, nb) = (a.iter().sum::<u64>() as f64, b.iter().sum::<u64>() as f64);
    let mut chi = 0.0;
    for v in 0..256 {
        let total = (a[v] + b[v]) as f64;
        if total == 0.0 {
            continue;
        }
        let (ea, eb) = (total * na / (na + nb), total * nb / (na + nb));
        chi += (a[v] as f64 - ea).powi(2) / ea + (b[v] as f64 - eb).powi(2) / eb;
    }
    chi
}

fn uniformity(a: &[u64; 256]) -> f64 {
    let e = a.iter().sum::<u64>() as f64 / 256.0;
    a.iter().map(|&o| (o as f64 - e).powi(2) / e).sum()
}

#[test]
fn one_share_is_distributed_the_same_whatever_the_secret() {
    let zeros = histograms(&[0x00; 16], 1);
    let ones = histograms(&[0xff; 16], 2);
    let mut worst: f64 = 0.0;
    for j in 0..POSITIONS {
        let (h, u0, u1) = (homogeneity(&zeros[j], &ones[j]), uniformity(&zeros[j]), uniformity(&ones[j]));
        worst = worst.max(h).max(u0).max(u1);
        assert!(h < CRITICAL, "byte {j}: share distributions differ between secrets (chi-square {h:.1})");
        assert!(u0 < CRITICAL && u1 < CRITICAL, "byte {j}: share bytes not uniform ({u0:.1}, {u1:.1})");
        // The sharks flaw would show here first: a share byte equal to the secret byte must occur.
        assert!(zeros[j][0x00] > 0 && ones[j][0xff] > 0, "byte {j}: share never equals the secret byte");
    }
    eprintln!(
        "{SPLITS} splits per secret, {POSITIONS} byte positions: largest chi-square {worst:.1} (255 df, 0.1% bound {CRITICAL})"
    );
}

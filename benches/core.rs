//! Medians of the core operations, in-process: `cargo bench --bench core`. (End-to-end figures and
//! the comparison with peers are in benches/new.sh and benches/peers.sh.)

use std::hint::black_box;
use std::time::Instant;

use breakglass::{
    Date, Kind, Lineage, Paper, Platform, Secret, SecretSource, SetRequest, SheetOptions, SplitParams,
    combine, generate_password, make_set, sheet_pdf, split,
};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

/// Runs `f` `runs` times and returns the median in microseconds.
fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn main() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let params = SplitParams {
        threshold: 2,
        total: 3,
        kind: Kind::Password,
        created: Date(20_781),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    let policy = Platform::by_name("entra").expect("entra").policy(false, &[]);
    let small = Secret::from_slice(&[7u8; 32]);
    let big = Secret::from_slice(&vec![7u8; 64 * 1024]);
    let small_shares = split(&small, &params, &mut rng).expect("split");
    let big_shares = split(&big, &params, &mut rng).expect("split");
    let pass = Secret::from_slice(b"correct horse battery staple");
    let opts = SheetOptions { label: Some("bench@example.com"), paper: Paper::A4, appendix: false };
    let rows: Vec<(&str, f64)> = vec![
        (
            "generate a 24-character password",
            median(2000, || drop(black_box(generate_password(&policy, 24, &mut rng)))),
        ),
        ("split 32 bytes, 2 of 3", median(2000, || drop(black_box(split(&small, &params, &mut rng))))),
        ("combine 32 bytes, 2 shares", median(2000, || drop(black_box(combine(&small_shares[..2]))))),
        ("split 64 KiB, 2 of 3", median(30, || drop(black_box(split(&big, &params, &mut rng))))),
        ("combine 64 KiB, 2 shares", median(30, || drop(black_box(combine(&big_shares[..2]))))),
        (
            "render one password sheet (PDF)",
            median(200, || drop(black_box(sheet_pdf(&small_shares[0], &opts)))),
        ),
        (
            "make_set: 24-character password, 2 of 3, all checks",
            median(200, || {
                let secret = SecretSource::Generated { policy: &policy, length: 24, unlike: None };
                let request = SetRequest {
                    secret,
                    threshold: 2,
                    total: 3,
                    created: Date(20_416),
                    lineage: Lineage::FIRST,
                    passphrase: None,
                };
                drop(black_box(make_set(request, &mut rng, &mut |_| {})))
            }),
        ),
        (
            "make_set with a passphrase (two Argon2id, 64 MiB, 3 passes)",
            median(5, || {
                let secret = SecretSource::Generated { policy: &policy, length: 24, unlike: None };
                let request = SetRequest {
                    secret,
                    threshold: 2,
                    total: 3,
                    created: Date(20_416),
                    lineage: Lineage::FIRST,
                    passphrase: Some(&pass),
                };
                drop(black_box(make_set(request, &mut rng, &mut |_| {})))
            }),
        ),
    ];
    println!("{:<42} {:>12}", "operation", "median");
    for (name, us) in rows {
        let shown = if us >= 1000.0 { format!("{:.1} ms", us / 1000.0) } else { format!("{us:.1} µs") };
        println!("{name:<42} {shown:>12}");
    }
}

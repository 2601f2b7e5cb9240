//! Medians of the core operations, in-process: `cargo bench --bench core`. (End-to-end figures and
//! the comparison with peers are in benches/new.sh and benches/peers.sh.)

use std::hint::black_box;
use std::time::Instant;

use breakglass::date::Date;
use breakglass::render::{Paper, SheetOptions, pdf};
use breakglass::share::{Kind, Lineage, SetId};
use breakglass::sharing::{self, SplitParams};
use breakglass::{Secret, fingerprint, password};
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
    let policy = password::ENTRA.policy(false, &[]);
    let small = Secret::from_slice(&[7u8; 32]);
    let big = Secret::from_slice(&vec![7u8; 64 * 1024]);
    let small_shares = sharing::split(&small, &params, &mut rng).expect("split");
    let big_shares = sharing::split(&big, &params, &mut rng).expect("split");
    let opts = SheetOptions { label: Some("bench@example.com"), paper: Paper::A4, appendix: false };
    let rows: Vec<(&str, f64)> = vec![
        (
            "generate a 24-character password",
            median(2000, || drop(black_box(password::generate(&policy, 24, &mut rng)))),
        ),
        (
            "split 32 bytes, 2 of 3",
            median(2000, || drop(black_box(sharing::split(&small, &params, &mut rng)))),
        ),
        (
            "combine 32 bytes, 2 shares",
            median(2000, || drop(black_box(sharing::combine(&small_shares[..2])))),
        ),
        ("split 64 KiB, 2 of 3", median(30, || drop(black_box(sharing::split(&big, &params, &mut rng))))),
        ("combine 64 KiB, 2 shares", median(30, || drop(black_box(sharing::combine(&big_shares[..2]))))),
        (
            "render one password sheet (PDF)",
            median(200, || drop(black_box(pdf::sheet(&small_shares[0], &opts)))),
        ),
        (
            "Argon2id fingerprint (64 MiB, 3 passes)",
            median(5, || drop(black_box(fingerprint::fingerprint(&small, &SetId([1; 10]))))),
        ),
    ];
    println!("{:<42} {:>12}", "operation", "median");
    for (name, us) in rows {
        let shown = if us >= 1000.0 { format!("{:.1} ms", us / 1000.0) } else { format!("{us:.1} µs") };
        println!("{name:<42} {shown:>12}");
    }
}

//! Combining an arbitrary set of shares: genuine shares of a known secret, chosen, repeated and
//! altered by the fuzzer (with their checksums recomputed, as a forger would). Invariant: combine
//! never returns anything but the genuine secret — it fails instead.
#![no_main]
use std::sync::OnceLock;

use breakglass::{CHECKSUM_LEN, Date, Kind, Lineage, Secret, Share, SplitParams, checksum, combine, split};
use libfuzzer_sys::fuzz_target;
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

const SECRET: &[u8] = b"the-genuine-secret";

fn genuine() -> &'static Vec<Vec<u8>> {
    static SHARES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SHARES.get_or_init(|| {
        let params = SplitParams {
            threshold: 3,
            total: 5,
            kind: Kind::Password,
            created: Date(20_000),
            lineage: Lineage::FIRST,
            passphrase: false,
        };
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let shares = split(&Secret::from_slice(SECRET), &params, &mut rng).expect("split");
        shares.iter().map(|s| s.to_bytes().to_vec()).collect()
    })
}

fuzz_target!(|data: &[u8]| {
    // Each 4-byte instruction: which share, which byte to change, the XOR mask, and whether to keep it.
    let mut picked: Vec<Share> = Vec::new();
    for op in data.chunks_exact(4).take(16) {
        let mut bytes = genuine()[usize::from(op[0]) % 5].clone();
        let body = bytes.len() - CHECKSUM_LEN;
        let at = usize::from(op[1]) % body;
        bytes[at] ^= op[2];
        if op[3] & 1 == 1 {
            bytes.truncate(body);
            let sum = checksum(&bytes);
            bytes.extend_from_slice(&sum);
        }
        if let Ok(s) = Share::from_bytes(&bytes) {
            picked.push(s);
        }
    }
    if let Ok(r) = combine(&picked) {
        assert_eq!(r.secret.expose(), SECRET, "combine returned a wrong secret");
    }
});

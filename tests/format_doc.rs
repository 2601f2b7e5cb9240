//! docs/FORMAT.md's worked example (§11) is what the code makes: every value it gives is computed
//! here from the `password-2-of-3` golden vector's shares and must appear in the document as printed.

use std::path::Path;

use blake2::Blake2bMac;
use blake2::digest::consts::{U10, U16};
use blake2::digest::{KeyInit, Mac};
use breakglass::{Date, Kind, Lineage, Secret, SplitParams, combine, split, typed};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn the_worked_example_is_what_the_code_makes() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FORMAT.md")).expect("doc");
    let example = &doc[doc.find("## 11. Worked example").expect("section 11")..];
    let flat: String = example.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let params = SplitParams {
        threshold: 2,
        total: 3,
        kind: Kind::Password,
        created: Date::from_ymd(2026, 11, 24).expect("date"),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    let secret = Secret::from_slice(b"Example-Secret-1");
    let shares = split(&secret, &params, &mut ChaCha20Rng::seed_from_u64(1)).expect("split");
    let bytes = shares[0].to_bytes();
    let h0 = shares[0].header.set_bytes();
    // D by Lagrange interpolation of shares 1 and 2, as §2 says.
    let with_x = |i: usize| {
        let b = shares[i].to_bytes();
        let mut v = vec![shares[i].header.index];
        v.extend_from_slice(&b[26..b.len() - 4]);
        blahaj::Share::try_from(&v[..]).expect("share")
    };
    let d = blahaj::Sharks(2).recover(&[with_x(0), with_x(1)]).expect("recover");
    let (padded, rest) = d.split_at(32);
    let (key, tag) = rest.split_at(16);
    let mut mac = <Blake2bMac<U16> as KeyInit>::new_from_slice(b"breakglass-v1-tag").expect("key");
    mac.update(&h0);
    mac.update(padded);
    mac.update(key);
    assert_eq!(&mac.finalize().into_bytes()[..], tag, "the tag is as §1.4 says");
    let mut fp = <Blake2bMac<U10> as KeyInit>::new_from_slice(key).expect("key");
    fp.update(b"breakglass-v1-fingerprint");
    fp.update(&h0);
    fp.update(padded);
    let fp = fp.finalize().into_bytes();
    let recovered = combine(&shares[..2]).expect("combine");
    assert_eq!(recovered.fingerprint.0[..], fp[..], "the fingerprint is as §9 says");
    for (what, value) in [
        ("padded", hex(&padded[..17])),
        ("set id", hex(&shares[0].header.set_id.0)),
        ("H0", hex(&h0)),
        ("R", hex(key)),
        ("tag", hex(tag)),
        ("share 1", hex(&bytes[..bytes.len() - 4])),
        ("checksum", hex(&bytes[bytes.len() - 4..])),
        ("fingerprint", hex(&fp)),
        ("fingerprint shown", recovered.fingerprint.to_string()),
        ("set id shown", shares[0].header.set_id.to_string()),
    ] {
        assert!(flat.contains(&value), "FORMAT.md §11 lacks the {what} {value}");
    }
    let block = typed::block(&shares[0]);
    assert!(example.contains(&block), "FORMAT.md §11 lacks the typed form:\n{block}");
    assert_eq!(bytes.len(), 94);
    assert!(example.contains("Share 1, 94 bytes"));
}

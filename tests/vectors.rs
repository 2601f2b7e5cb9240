//! Golden vectors for share format v1 (`tests/vectors/*.txt`).
//!
//! Each file has `key: value` lines, a blank line, then a body of text. `expect: secret` vectors pin
//! the encoder: splitting the secret with the seeded ChaCha20 generator must give exactly the body
//! (typed block and QR payload of every share), and the body must decode and combine back to the
//! secret. `expect: error` vectors are damaged, forged or mixed inputs: combining must fail with
//! messages containing every `error-contains` line. Regenerate (only when the format is meant to
//! change, which v1 never is) with `BREAKGLASS_WRITE_VECTORS=1 cargo test --test vectors`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use breakglass::{
    CHECKSUM_LEN, Date, Input, Kind, Lineage, Policy, Secret, Share, SplitParams, checksum, combine, compact,
    gather, generate_password, new_header, open_envelope, payloads, seal_envelope, split, split_under, typed,
};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

/// A positive vector's parameters.
struct Golden {
    name: &'static str,
    seed: u64,
    threshold: u8,
    total: u8,
    created: &'static str,
    kind: Kind,
    /// `None`: a password generated from the seed, which pins the generator too.
    secret: Option<Vec<u8>>,
    /// The passphrase the set also needs, if any (its envelope is what is shared).
    passphrase: Option<&'static str>,
}

fn goldens() -> Vec<Golden> {
    vec![
        Golden {
            name: "password-2-of-3",
            seed: 1,
            threshold: 2,
            total: 3,
            created: "2026-11-24",
            kind: Kind::Password,
            secret: Some(b"Example-Secret-1".to_vec()),
            passphrase: None,
        },
        Golden {
            name: "generated-password-2-of-3",
            seed: 2,
            threshold: 2,
            total: 3,
            created: "2026-11-24",
            kind: Kind::Password,
            secret: None,
            passphrase: None,
        },
        Golden {
            name: "binary-3-of-5",
            seed: 3,
            threshold: 3,
            total: 5,
            created: "2030-01-31",
            kind: Kind::Text,
            secret: Some((0u8..=40).chain([0x0a, 0xff, 0x80, 0x00]).collect()),
            passphrase: None,
        },
        Golden {
            name: "one-byte-2-of-2",
            seed: 4,
            threshold: 2,
            total: 2,
            created: "2026-01-01",
            kind: Kind::Pin,
            secret: Some(b"7".to_vec()),
            passphrase: None,
        },
        Golden {
            name: "long-4-of-7",
            seed: 5,
            threshold: 4,
            total: 7,
            created: "2027-06-15",
            kind: Kind::Codes,
            secret: Some((0..300).map(|i| b"0123456789 ABCDEF\n"[i % 18]).collect()),
            passphrase: None,
        },
        Golden {
            name: "passphrase-2-of-3",
            seed: 6,
            threshold: 2,
            total: 3,
            created: "2026-11-24",
            kind: Kind::Password,
            secret: Some(b"Example-Secret-1".to_vec()),
            passphrase: Some("correct horse battery staple"),
        },
    ]
}

fn parse_date(s: &str) -> Date {
    let p: Vec<u32> = s.split('-').map(|x| x.parse().expect("date")).collect();
    Date::from_ymd(i64::from(p[0]), p[1], p[2]).expect("valid date")
}

/// Makes a golden vector's secret and shares from its seed.
fn make(g: &Golden) -> (Secret, Vec<Share>) {
    let mut rng = ChaCha20Rng::seed_from_u64(g.seed);
    let secret = match &g.secret {
        Some(s) => Secret::from_slice(s),
        None => generate_password(&Policy::portable(), 24, &mut rng).expect("password"),
    };
    let params = SplitParams {
        threshold: g.threshold,
        total: g.total,
        kind: g.kind,
        created: parse_date(g.created),
        lineage: Lineage::FIRST,
        passphrase: g.passphrase.is_some(),
    };
    let shares = match g.passphrase {
        None => split(&secret, &params, &mut rng).expect("split"),
        Some(p) => {
            let header = new_header(&params, secret.len() + ENVELOPE_OVERHEAD, &mut rng).expect("header");
            let pass = Secret::from_slice(p.as_bytes());
            let envelope = seal_envelope(&secret, &pass, &header, &mut rng).expect("seal");
            split_under(&header, &envelope, &mut rng).expect("split")
        }
    };
    (secret, shares)
}

/// Bytes a passphrase envelope adds to the secret (docs/FORMAT.md §7).
const ENVELOPE_OVERHEAD: usize = 68;

fn body_of(shares: &[Share]) -> String {
    let mut body = String::new();
    for s in shares {
        body.push_str(&typed::block(s));
        body.push_str(&format!("QR: {}\n\n", compact(s)));
    }
    body
}

/// Re-encodes a binary share with a fresh checksum, as a forger would.
fn reseal(mut bytes: Vec<u8>, edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    bytes.truncate(bytes.len() - CHECKSUM_LEN);
    edit(&mut bytes);
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum);
    bytes
}

/// What reading a derived vector must give.
enum Outcome {
    /// Combining fails with messages containing every one of these.
    Error(Vec<String>),
    /// Combining gives the secret of this golden vector, naming this share as a misfit if any.
    Secret(&'static str, Option<u8>),
}

/// The shared data a forger would make for `h0` (a header with index 0): a chosen secret, padded,
/// any key, and the integrity tag over them (its key is public).
fn forged_data(h0: &[u8], p: usize) -> Vec<u8> {
    use blake2::Blake2bMac;
    use blake2::digest::consts::U16;
    use blake2::digest::{KeyInit, Mac};
    let mut padded = b"Forged-Secret-99".to_vec();
    padded.push(0x80);
    padded.resize(p, 0);
    let key = [7u8; 16];
    let mut mac = <Blake2bMac<U16> as KeyInit>::new_from_slice(b"breakglass-v1-tag").expect("key");
    mac.update(h0);
    mac.update(&padded);
    mac.update(&key);
    [&padded[..], &key, &mac.finalize().into_bytes()].concat()
}

/// A share with index 0 carrying a chosen secret and a valid integrity tag: the tag key is public,
/// so only the index check stops it (index 0 would zero every other share's Lagrange weight).
fn index_zero_forgery(genuine: &Share) -> Vec<u8> {
    let mut bytes = genuine.to_bytes()[..26].to_vec();
    bytes[5] = 0;
    let data = forged_data(&bytes, genuine.header.padded_len);
    bytes.extend_from_slice(&data);
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum);
    bytes
}

/// Multiplication in GF(256) with the polynomial 0x11D (FORMAT.md §2).
fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut r = 0;
    while b != 0 {
        if b & 1 != 0 {
            r ^= a;
        }
        a = (a << 1) ^ if a & 0x80 != 0 { 0x1d } else { 0 };
        b >>= 1;
    }
    r
}

/// Share `x` (1 or 3) forged by someone who saw share 2 of a 2-of-3 set: it and share 2 then
/// recombine to a secret of the forger's choosing that passes the tag. Given it beside the genuine
/// shares, no reader can know which pair is genuine, and must refuse rather than pick.
fn second_secret_forgery(a: &[Share], x: u8) -> Vec<u8> {
    let two = a[1].to_bytes();
    let mut h0 = two[..26].to_vec();
    h0[5] = 0;
    let data = forged_data(&h0, a[1].header.padded_len);
    // The line through (0, data) and (2, y₂), at x: weights (x − 2)/(0 − 2) and (x − 0)/(2 − 0).
    let inv2 = (1..=255).find(|&b| gf_mul(2, b) == 1).expect("inverse");
    let (l0, l2) = (gf_mul(x ^ 2, inv2), gf_mul(x, inv2));
    let y2 = &two[26..two.len() - CHECKSUM_LEN];
    let mut bytes = a[usize::from(x) - 1].to_bytes()[..26].to_vec();
    bytes.extend(data.iter().zip(y2).map(|(&d, &y)| gf_mul(d, l0) ^ gf_mul(y, l2)));
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum);
    bytes
}

/// The derived vectors: damaged, forged, mixed and oddly written inputs (name, body, outcome).
fn negatives() -> Vec<(String, String, Outcome)> {
    let gs = goldens();
    let (_, a) = make(&gs[0]);
    let (_, b) = make(&gs[1]);
    let set = a[0].header.set_id.to_string();
    let lines1: Vec<String> = typed::block(&a[0]).lines().map(String::from).collect();
    let good2 = typed::block(&a[1]);
    let with_lines = |edit: &dyn Fn(&mut Vec<String>)| {
        let mut l = lines1.clone();
        edit(&mut l);
        format!("{}\n{good2}", l.join("\n"))
    };
    // Line i of the block is lines1[i] (line 0 is the marker). Data starts after "NN  ".
    let edit_char = |line: usize, col: usize, f: &dyn Fn(char) -> Option<String>| {
        with_lines(&|l: &mut Vec<String>| {
            let chars: Vec<char> = l[line].chars().collect();
            let repl = f(chars[col]).unwrap_or_default();
            let mut s: String = chars[..col].iter().collect();
            s.push_str(&repl);
            s.extend(&chars[col + 1..]);
            l[line] = s;
        })
    };
    let flip = |c: char| Some(if c == 'Q' { "R".to_string() } else { "Q".to_string() });
    let e = |v: &[&str]| Outcome::Error(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let good = Outcome::Secret("password-2-of-3", None);
    let compact_len = compact(&a[0]).len();
    let forged1 = reseal(a[0].to_bytes().to_vec(), |b| b[30] ^= 0x5a);
    let mut out: Vec<(String, String, Outcome)> = vec![
        (
            "typo-line-3".into(),
            edit_char(3, 9, &flip),
            e(&["line 3 (input line 4)", "check characters do not match"]),
        ),
        (
            "transposed-line-5".into(),
            with_lines(&|l: &mut Vec<String>| {
                let mut c: Vec<char> = l[5].chars().collect();
                let i = (4..c.len() - 1)
                    .find(|&i| c[i] != c[i + 1] && c[i] != ' ' && c[i + 1] != ' ')
                    .expect("pair");
                c.swap(i, i + 1);
                l[5] = c.into_iter().collect();
            }),
            e(&["line 5 (input line 6)"]),
        ),
        (
            "deleted-char-line-2".into(),
            edit_char(2, 5, &|_| None),
            e(&["line 2 (input line 3) has 17 characters, expected 18"]),
        ),
        (
            "inserted-char-line-8".into(),
            edit_char(8, 4, &|c| Some(format!("{c}7"))),
            e(&["line 8 (input line 9) has"]),
        ),
        (
            "bad-char-line-4".into(),
            edit_char(4, 6, &|_| Some("U".into())),
            e(&["line 4 (input line 5): 'U' is not a share character"]),
        ),
        (
            "missing-last-line".into(),
            with_lines(&|l: &mut Vec<String>| {
                l.pop();
            }),
            e(&["stops after line 9 but has 10 lines"]),
        ),
        (
            "lines-swapped-4-5".into(),
            with_lines(&|l: &mut Vec<String>| l.swap(4, 5)),
            e(&["line 4 (input line 5) is numbered 05"]),
        ),
        (
            "forged-recomputed-checksum".into(),
            format!("{}{good2}", typed::block_of_bytes(&forged1)),
            e(&["integrity check failed", &set]),
        ),
        (
            "forged-second-secret".into(),
            format!("{}{good2}{}", typed::block(&a[0]), typed::block_of_bytes(&second_secret_forgery(&a, 3))),
            e(&["recombine to two different secrets", &set]),
        ),
        (
            // The forged pair comes first: a reader that takes the first passing pair prints it.
            "forged-first-secret".into(),
            format!("{}{good2}{}", typed::block_of_bytes(&second_secret_forgery(&a, 1)), typed::block(&a[2])),
            e(&["recombine to two different secrets", &set]),
        ),
        (
            "forged-among-three".into(),
            format!("{}{good2}{}", typed::block_of_bytes(&forged1), typed::block(&a[2])),
            Outcome::Secret("password-2-of-3", Some(1)),
        ),
        (
            "mixed-sets".into(),
            format!("{}{}", typed::block(&a[0]), typed::block(&b[1])),
            e(&["belong to different sets", &set]),
        ),
        (
            "duplicate-only".into(),
            format!("{}{}", typed::block(&a[0]), typed::block(&a[0])),
            e(&[&format!("need 2 shares of set {set}, got 1")]),
        ),
        ("single-share".into(), typed::block(&a[2]), e(&[&format!("need 2 shares of set {set}, got 1")])),
        (
            "version-2-marker".into(),
            typed::block_of_bytes(&reseal(a[0].to_bytes().to_vec(), |b| b[0] = 2))
                .replace("BREAKGLASS-V1", "BREAKGLASS-V2")
                + &good2,
            e(&["marked as format version 2"]),
        ),
        (
            "binary-version-2".into(),
            format!("{}{good2}", typed::block_of_bytes(&reseal(a[0].to_bytes().to_vec(), |b| b[0] = 2))),
            e(&["format version 2"]),
        ),
        (
            "compact-truncated".into(),
            {
                let c = compact(&a[0]);
                format!("QR-Code:{}\nQR-Code:{}\n", &c[..c.len() - 5], compact(&a[1]))
            },
            e(&[&format!(
                "QR code text has {} characters, expected {}",
                compact_len - 5 - 14,
                compact_len - 14
            )]),
        ),
        (
            "conflicting-index".into(),
            format!("{}{}", typed::block(&a[0]), typed::block_of_bytes(&forged1)),
            e(&["two different shares both claim to be share 1", &set]),
        ),
        (
            "threshold-mismatch".into(),
            format!("{}{good2}", typed::block_of_bytes(&reseal(a[0].to_bytes().to_vec(), |b| b[3] = 3))),
            e(&["disagree on the threshold"]),
        ),
        (
            "index-zero".into(),
            format!("{}{good2}", typed::block_of_bytes(&reseal(a[0].to_bytes().to_vec(), |b| b[5] = 0))),
            e(&["share index 0"]),
        ),
        (
            "no-share".into(),
            "Just some notes about the safe.\nNothing here.\n".into(),
            e(&["no shares were given"]),
        ),
        (
            "index-zero-valid-tag".into(),
            format!("{}{good2}", typed::block_of_bytes(&index_zero_forgery(&a[0]))),
            e(&["share index 0"]),
        ),
        (
            "payload-version-2".into(),
            format!("QR-Code:{}\nQR-Code:{}\n", compact(&a[0]).replace("-V1:", "-V2:"), compact(&a[1])),
            e(&["marked as format version 2", &format!("need 2 shares of set {set}, got 1")]),
        ),
        (
            "payload-no-version".into(),
            format!("QR-Code:{}\nQR-Code:{}\n", compact(&a[0]).replace("-V1:", "-V:"), compact(&a[1])),
            e(&["marker has no version number"]),
        ),
        (
            "payload-lower-case".into(),
            format!("QR-Code:{}\nQR-Code:{}\n", compact(&a[0]).to_lowercase(), compact(&a[1])),
            e(&["lower case"]),
        ),
        (
            "marker-no-version".into(),
            format!("{}{good2}", typed::block(&a[0]).replace("BREAKGLASS-V1\n", "BREAKGLASS-V\n")),
            e(&["marker has no version number"]),
        ),
        (
            "label-with-marker-word".into(),
            format!(
                "Label:      breakglass-vault@contoso.com\nFor BREAKGLASS-Vault, see breakglass-v1: in the manual.\n\n{}\n{good2}",
                typed::block(&a[0])
            ),
            good,
        ),
        (
            "parts-4-of-7".into(),
            {
                let (_, long) = make(&gs[4]);
                long[..4].iter().flat_map(payloads).map(|p| format!("QR-Code:{p}\n")).collect()
            },
            Outcome::Secret("long-4-of-7", None),
        ),
    ];
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

struct Vector {
    keys: BTreeMap<String, Vec<String>>,
    body: String,
}

fn read_vector(path: &PathBuf) -> Vector {
    let raw = fs::read_to_string(path).expect("read vector");
    let (head, body) = raw.split_once("\n\n").expect("header, blank line, body");
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in head.lines().filter(|l| !l.starts_with('#')) {
        let (k, v) = l.split_once(": ").expect("key: value");
        keys.entry(k.to_string()).or_default().push(v.to_string());
    }
    Vector { keys, body: body.to_string() }
}

fn one<'a>(v: &'a Vector, key: &str) -> &'a str {
    &v.keys.get(key).unwrap_or_else(|| panic!("missing {key}"))[0]
}

fn write_all() {
    let d = dir();
    fs::create_dir_all(&d).expect("mkdir");
    for g in goldens() {
        let (secret, shares) = make(&g);
        let mut head = format!(
            "# breakglass share format v1 golden vector\nname: {}\nseed: {}\nthreshold: {}\ntotal: {}\ncreated: {}\nkind: {}\nsecret-hex: {}\nexpect: secret\n",
            g.name,
            g.seed,
            g.threshold,
            g.total,
            g.created,
            g.kind.name(),
            hex(secret.expose())
        );
        if let Some(p) = g.passphrase {
            head.push_str(&format!("passphrase: {p}\n"));
        }
        fs::write(d.join(format!("{}.txt", g.name)), format!("{head}\n{}", body_of(&shares))).expect("write");
    }
    let gs = goldens();
    for (name, body, outcome) in negatives() {
        let mut head = format!("# breakglass share format v1 derived vector\nname: {name}\n");
        let file = match outcome {
            Outcome::Secret(from, misfit) => {
                let g = gs.iter().find(|g| g.name == from).expect("golden");
                head.push_str(&format!(
                    "derived-from: {from}\nexpect: secret\nsecret-hex: {}\n",
                    hex(make(g).0.expose())
                ));
                if let Some(m) = misfit {
                    head.push_str(&format!("misfit: {m}\n"));
                }
                format!("odd-{name}.txt")
            }
            Outcome::Error(errors) => {
                head.push_str("derived-from: password-2-of-3\nexpect: error\n");
                for e in errors {
                    head.push_str(&format!("error-contains: {e}\n"));
                }
                format!("bad-{name}.txt")
            }
        };
        fs::write(d.join(file), format!("{head}\n{body}")).expect("write");
    }
}

fn vector_files() -> Vec<PathBuf> {
    // Tests run in parallel: write once, before any of them reads.
    static WRITE: std::sync::Once = std::sync::Once::new();
    if std::env::var("BREAKGLASS_WRITE_VECTORS").is_ok() {
        WRITE.call_once(write_all);
    }
    let mut files: Vec<PathBuf> =
        fs::read_dir(dir()).expect("tests/vectors").map(|e| e.expect("entry").path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    files
}

#[test]
fn golden_vectors_encode_exactly() {
    let files = vector_files();
    for g in goldens() {
        let path = dir().join(format!("{}.txt", g.name));
        assert!(files.contains(&path), "missing vector {}", path.display());
        let v = read_vector(&path);
        let (secret, shares) = make(&g);
        assert_eq!(one(&v, "secret-hex"), hex(secret.expose()), "{}: secret", g.name);
        assert_eq!(
            v.body,
            body_of(&shares),
            "{}: encoding changed; share format v1 must never change",
            g.name
        );
    }
}

#[test]
fn every_vector_decodes_as_recorded() {
    let files = vector_files();
    assert!(files.len() >= 20, "expected the full set of vectors, found {}", files.len());
    for path in files {
        let v = read_vector(&path);
        let name = one(&v, "name").to_string();
        // The whole reading pipeline: typed blocks, QR payloads and QR parts.
        let found = gather(&[Input::new("vector", v.body.clone().into_bytes())]);
        let mut messages: Vec<String> = found.problems.iter().map(ToString::to_string).collect();
        let shares: Vec<Share> = found.shares.into_iter().map(|f| f.share).collect();
        let result = combine(&shares);
        match one(&v, "expect") {
            "secret" => {
                let want = unhex(one(&v, "secret-hex"));
                let r = result.unwrap_or_else(|e| panic!("{name}: {e}; {messages:?}"));
                let secret = match v.keys.get("passphrase") {
                    Some(p) => open_envelope(&r.secret, &Secret::from_slice(p[0].as_bytes()), &r.header)
                        .unwrap_or_else(|e| panic!("{name}: {e}")),
                    None => Secret::from_slice(r.secret.expose()),
                };
                assert_eq!(secret.expose(), &want[..], "{name}: wrong secret");
                let misfits: Vec<u8> =
                    v.keys.get("misfit").into_iter().flatten().map(|m| m.parse().expect("n")).collect();
                assert_eq!(r.misfits, misfits, "{name}: misfits");
                if misfits.is_empty() && v.keys.contains_key("seed") {
                    assert!(messages.is_empty(), "{name}: {messages:?}");
                    // Every k-subset of the typed blocks recovers it too.
                    let blocks: Vec<&Share> = shares.iter().step_by(2).collect();
                    let k = usize::from(blocks[0].header.threshold);
                    for start in 0..blocks.len() {
                        let subset: Vec<Share> =
                            (0..k).map(|j| blocks[(start + j) % blocks.len()].clone()).collect();
                        let got = combine(&subset).map(|r| (r.secret.expose().to_vec(), r.fingerprint));
                        let want_shared = (r.secret.expose().to_vec(), r.fingerprint);
                        assert_eq!(got.ok(), Some(want_shared.clone()), "{name}: subset from {start}");
                    }
                }
            }
            "error" => {
                match result {
                    Ok(_) => panic!("{name}: combined although it must fail; {messages:?}"),
                    Err(e) => messages.push(e.to_string()),
                }
                // The whole recovery, which sets shares of other sets aside, refuses it too.
                let again = gather(&[Input::new("vector", v.body.clone().into_bytes())]);
                match breakglass::recover(&again) {
                    Ok(_) => panic!("{name}: recovered although it must fail"),
                    Err(e) => messages.push(e.to_string()),
                }
                let all = messages.join(" | ");
                for want in v.keys.get("error-contains").into_iter().flatten() {
                    assert!(all.contains(want.as_str()), "{name}: expected '{want}' in: {all}");
                }
            }
            other => panic!("{name}: unknown expect '{other}'"),
        }
    }
}

#[test]
fn compact_and_typed_forms_agree() {
    for g in goldens() {
        let (_, shares) = make(&g);
        for s in &shares {
            let c = compact(s);
            assert!(
                c.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b':' || b == b'-'),
                "{c}"
            );
            let from_block: String = typed::line_parts(s).iter().map(|p| p.data.replace(' ', "")).collect();
            assert_eq!(c.trim_start_matches("BREAKGLASS-V1:"), from_block);
        }
    }
}

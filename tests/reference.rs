//! The independent Python reader `docs/recover.py` agrees with the Rust code on every golden vector,
//! refuses every bad one with one clear line (never a traceback, never a wrong secret), and prints
//! the same fingerprint: `docs/FORMAT.md` is specified tightly enough to reimplement.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use breakglass::{Date, Input, Kind, Lineage, Secret, Share, SplitParams, combine, gather, split};
use rand::rngs::ChaCha20Rng;
use rand::{RngExt, SeedableRng};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn recover(input: &[u8]) -> std::process::Output {
    let dir = common::scratch(&format!("reference-{:?}", std::thread::current().id()));
    fs::write(dir.join("in.txt"), input).expect("write");
    Command::new("python3")
        .arg(root().join("docs/recover.py"))
        .arg(dir.join("in.txt"))
        .output()
        .expect("python3")
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

/// A refusal: non-zero exit, nothing on stdout, and on stderr one line starting "error:", after
/// a "skipped:" line for each share left out.
fn assert_refused(o: &std::process::Output, what: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{what}: the reference accepted it");
    assert!(o.stdout.is_empty(), "{what}: printed something");
    let (last, before) = err
        .trim_end()
        .lines()
        .collect::<Vec<_>>()
        .split_last()
        .map_or(("", vec![]), |(l, b)| (*l, b.to_vec()));
    assert!(last.starts_with("error: "), "{what}: no clear last line: {err}");
    assert!(before.iter().all(|l| l.starts_with("skipped: ")), "{what}: stray output: {err}");
    assert!(!err.contains("Traceback"), "{what}: {err}");
}

fn typed(share: &Share) -> String {
    format!("BREAKGLASS-V1\n{}\n", breakglass::typed::lines(share).join("\n"))
}

/// A file comes out byte for byte (no newline added); the other kinds end in one newline.
#[test]
fn python_reference_writes_a_file_byte_for_byte() {
    if !common::have_tool("python3") {
        return;
    }
    let params = SplitParams {
        threshold: 2,
        total: 3,
        kind: Kind::File,
        created: Date(20_781),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    let file = b"line one\nno newline at the end";
    let shares =
        split(&Secret::from_slice(file), &params, &mut ChaCha20Rng::seed_from_u64(5)).expect("split");
    let o = recover(format!("{}{}", typed(&shares[0]), typed(&shares[2])).as_bytes());
    assert_eq!(o.stdout, file, "{}", String::from_utf8_lossy(&o.stderr));
}

/// What people do to pasted text: blank lines inside a share, the marker pasted twice, one share
/// damaged beside two good ones. The damaged one is named and left out; the rest recover.
#[test]
fn python_reference_leaves_out_a_damaged_share_and_reads_the_rest() {
    if !common::have_tool("python3") {
        return;
    }
    let shares = common::seeded_split(b"Example-Secret-1", 2, 3, 9);
    let want = b"Example-Secret-1\n".to_vec();
    let spaced = typed(&shares[0]).replace('\n', "\n\n");
    let o = recover(format!("{spaced}BREAKGLASS-V1\n{}", typed(&shares[1])).as_bytes());
    assert_eq!(o.stdout, want, "{}", String::from_utf8_lossy(&o.stderr));
    let mut damaged = typed(&shares[1]);
    damaged.replace_range(20..21, if &damaged[20..21] == "7" { "8" } else { "7" });
    let o = recover(format!("{damaged}{}{}", typed(&shares[0]), typed(&shares[2])).as_bytes());
    assert_eq!(o.stdout, want, "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("skipped: ") && err.contains("line 1"), "the damaged share is not named: {err}");
    // Left with one good share, it refuses and says why.
    let o = recover(format!("{damaged}{}", typed(&shares[2])).as_bytes());
    assert_refused(&o, "one good share");
    assert!(String::from_utf8_lossy(&o.stderr).contains("need 2 shares"));
}

#[test]
fn python_reference_reads_the_golden_vectors() {
    if !common::have_tool("python3") {
        return;
    }
    let mut checked = 0;
    for entry in fs::read_dir(root().join("tests/vectors")).expect("vectors") {
        let path = entry.expect("entry").path();
        let raw = fs::read_to_string(&path).expect("read");
        let (head, body) = raw.split_once("\n\n").expect("body");
        let o = recover(body.as_bytes());
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if head.contains("\npassphrase: ") {
            assert_refused(&o, &name);
            assert!(String::from_utf8_lossy(&o.stderr).contains("needs its passphrase"), "{name}");
        } else if head.contains("expect: secret") {
            let hex = head.lines().find_map(|l| l.strip_prefix("secret-hex: ")).expect("secret-hex");
            let mut want = unhex(hex);
            want.push(b'\n');
            assert_eq!(o.stdout, want, "{name}: {}", String::from_utf8_lossy(&o.stderr));
            // The same fingerprint as the tool's.
            let g = gather(&[Input::new("vector", body.as_bytes().to_vec())]);
            let shares: Vec<_> = g.shares.into_iter().map(|f| f.share).collect();
            let fp = combine(&shares).expect("combines").fingerprint.to_string();
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains(&format!("fingerprint {fp}")), "{name}: {err}");
        } else {
            assert_refused(&o, &name);
        }
        checked += 1;
    }
    assert!(checked >= 30);
}

/// Damage of every kind, generated: bytes changed, deleted, duplicated and lines shuffled in genuine
/// vectors. The reference either prints the right secret or refuses with one line; never anything
/// else.
#[test]
fn python_reference_never_prints_a_wrong_secret_or_a_traceback() {
    if !common::have_tool("python3") {
        return;
    }
    let mut rng = ChaCha20Rng::seed_from_u64(13);
    let mut refused = 0;
    for name in ["password-2-of-3", "binary-3-of-5", "odd-parts-4-of-7"] {
        let raw = fs::read_to_string(root().join(format!("tests/vectors/{name}.txt"))).expect("vector");
        let (head, body) = raw.split_once("\n\n").expect("body");
        let want =
            [unhex(head.lines().find_map(|l| l.strip_prefix("secret-hex: ")).expect("hex")), vec![b'\n']]
                .concat();
        for round in 0..40 {
            let mut b = body.as_bytes().to_vec();
            for _ in 0..1 + round % 4 {
                let at = rng.random_range(0..b.len());
                match rng.random_range(0..4) {
                    0 => b[at] = rng.random_range(0x20..0x7f),
                    1 => drop(b.remove(at)),
                    2 => b.insert(at, b[at]),
                    _ => b[at] = rng.random(),
                }
            }
            let o = recover(&b);
            if o.status.success() {
                assert_eq!(o.stdout, want, "{name} round {round}: a wrong secret");
            } else {
                assert_refused(&o, &format!("{name} round {round}"));
                refused += 1;
            }
        }
    }
    assert!(refused > 20, "the damage should mostly be refused ({refused})");
}

/// Part codes of a 2-of-3 file set: genuine shares 1 and 2, then the parts of a share 2 forged
/// from share 1 (tests/data/forged-parts.txt, made by an outside probe). A part that replaced the
/// one of its number let both readers print the forger's file; now both refuse, and the genuine
/// parts alone still give the genuine file.
#[test]
fn forged_parts_are_refused_by_both_readers() {
    let pile = fs::read(root().join("tests/data/forged-parts.txt")).expect("fixture");
    let genuine = fs::read(root().join("tests/data/forged-parts-genuine.bin")).expect("fixture");
    assert_refused(&recover(&pile), "forged parts");
    let g = gather(&[Input::new("forged-parts.txt", pile.clone())]);
    assert!(breakglass::recover(&g).is_err(), "breakglass recovered from the forged pile");
    // The first four codes are the genuine shares 1 and 2.
    let text = String::from_utf8_lossy(&pile);
    let honest: Vec<&str> = text.lines().filter(|l| l.contains("BREAKGLASS-V1-PART:")).take(4).collect();
    let o = recover(honest.join("\n").as_bytes());
    assert_eq!(o.stdout, genuine, "{}", String::from_utf8_lossy(&o.stderr));
    let g = gather(&[Input::new("genuine.txt", honest.join("\n").into_bytes())]);
    let rec = breakglass::recover(&g).expect("the genuine parts");
    assert_eq!(rec.unlock(None).expect("secret").expose(), genuine.as_slice());
}

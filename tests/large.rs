//! Secrets other than passwords: kinds, files up to 64 KiB spread over many QR codes and pages, read
//! back from rendered page images (any order, any page) and from the PDFs' text, byte for byte.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{have_tool, run, scratch};
use rand::rngs::ChaCha20Rng;
use rand::{Rng, SeedableRng};

fn random_file(path: &Path, len: usize, seed: u64) -> Vec<u8> {
    let mut data = vec![0u8; len];
    ChaCha20Rng::seed_from_u64(seed).fill_bytes(&mut data);
    fs::write(path, &data).expect("write");
    data
}

fn pages(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap_or(0)))
        .unwrap_or(0)
}

/// Splits a random file of `len` bytes, renders the QR pages of shares 3 and 1 to PNG, and recovers
/// it from the images alone, the pages given in reverse order.
fn file_round_trip(name: &str, len: usize) {
    let dir = scratch(name);
    let data = random_file(&dir.join("secret.bin"), len, len as u64);
    let o = run(&dir, &["split", "--input", "secret.bin", "--out-dir", "s"], b"");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut images = Vec::new();
    for share in [3, 1] {
        let pdf = dir.join(format!("s/share-{share}-of-3.pdf"));
        assert_eq!(
            Command::new("qpdf").arg("--check").arg(&pdf).output().map(|o| o.status.success()).ok(),
            Some(true)
        );
        let total = pages(&pdf);
        assert!(total > 3, "a {len}-byte share spans several pages, got {total}");
        // Page 1 says where the codes are; the code pages come next, then the typed pages.
        let text = Command::new("pdftotext")
            .args(["-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let first = String::from_utf8_lossy(&text.stdout).into_owned();
        let last_code_page: usize = first
            .split("QR codes are on pages 2 to ")
            .nth(1)
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("page 1 does not say where the codes are: {first}"));
        let stem = dir.join(format!("p{share}"));
        let ok = Command::new("pdftoppm")
            .args(["-r", "150", "-gray", "-png", "-f", "2", "-l", &last_code_page.to_string()])
            .arg(&pdf)
            .arg(&stem)
            .status()
            .expect("pdftoppm");
        assert!(ok.success());
        let mut these: Vec<String> = fs::read_dir(&dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&format!("p{share}-")) && n.ends_with(".png"))
            .collect();
        these.sort();
        these.reverse();
        images.extend(these);
    }
    let mut args = vec!["combine".to_string()];
    args.extend(images);
    args.extend(["-o".to_string(), "out.bin".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&dir, &args, b"");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(fs::read(dir.join("out.bin")).expect("out"), data, "{len} bytes from images");

    // The typed pages, extracted as text, give the same bytes.
    let mut text = Vec::new();
    for share in [2, 3] {
        let o = Command::new("pdftotext")
            .arg(dir.join(format!("s/share-{share}-of-3.pdf")))
            .arg("-")
            .output()
            .expect("pdftotext");
        text.extend(o.stdout);
    }
    let o = run(&dir, &["combine", "-", "-o", "from-text.bin"], &text);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(fs::read(dir.join("from-text.bin")).expect("out"), data, "{len} bytes from text");

    // And as `pdftotext -layout` gives them: the typed lines in three columns side by side.
    for share in [1, 2] {
        let pdf = dir.join(format!("s/share-{share}-of-3.pdf"));
        let ok = Command::new("pdftotext")
            .arg("-layout")
            .arg(&pdf)
            .arg(dir.join(format!("l{share}.txt")))
            .status();
        assert!(ok.is_ok_and(|s| s.success()));
    }
    let o = run(&dir, &["combine", "l1.txt", "l2.txt", "-o", "from-layout.bin"], b"");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(fs::read(dir.join("from-layout.bin")).expect("out"), data, "{len} bytes from -layout text");
}

#[test]
fn a_20_kib_file_round_trips_through_page_images() {
    if ["pdftoppm", "pdftotext", "pdfinfo", "qpdf"].iter().all(|t| have_tool(t)) {
        file_round_trip("large-20k", 20 * 1024);
    }
}

#[test]
fn a_64_kib_file_round_trips_through_page_images() {
    if ["pdftoppm", "pdftotext", "pdfinfo", "qpdf"].iter().all(|t| have_tool(t)) {
        file_round_trip("large-64k", 64 * 1024);
    }
}

#[test]
fn kinds_and_limits() {
    let dir = scratch("kinds");
    random_file(&dir.join("big.bin"), 64 * 1024 + 1, 1);
    let o = run(&dir, &["split", "--input", "big.bin", "--out-dir", "s"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("big.bin is 65537 bytes, more than the limit of 65536 bytes")
    );
    assert!(!dir.join("s").exists());

    let o = run(
        &dir,
        &["split", "--kind", "totp", "--format", "text", "--out-dir", "t"],
        b"https://example.com\n",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("otpauth://"));
    let uri = "otpauth://totp/Contoso:bg-admin?secret=JBSWY3DPEHPK3PXP&issuer=Contoso";
    let o = run(
        &dir,
        &["split", "--kind", "totp", "--format", "text", "--out-dir", "t"],
        format!("{uri}\n").as_bytes(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&dir, &["inspect", "t/share-1-of-3.txt"], b"");
    assert!(String::from_utf8_lossy(&o.stdout).contains("kind:       totp"));
    let o = run(&dir, &["combine", "t/share-1-of-3.txt", "t/share-2-of-3.txt"], b"");
    assert_eq!(String::from_utf8_lossy(&o.stdout), format!("{uri}\n"));
    let o = run(&dir, &["split", "--kind", "pin", "--format", "text", "--out-dir", "p"], b"12\n");
    assert!(String::from_utf8_lossy(&o.stderr).contains("a PIN must be 4 to 63 characters"));
    let o = run(&dir, &["split", "--kind", "nope", "--out-dir", "p"], b"1234");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_passphrase_set_recovers_only_with_its_passphrase() {
    let dir = scratch("passphrase");
    fs::write(dir.join("pass.txt"), "open sesame\n").expect("write");
    fs::write(dir.join("wrong.txt"), "open sesame!\n").expect("write");
    let o = run(
        &dir,
        &["split", "--format", "both", "--out-dir", "s", "--passphrase-file", "pass.txt"],
        b"the-real-secret\n",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sheet = fs::read_to_string(dir.join("s/share-1-of-3.txt")).expect("sheet");
    assert!(sheet.contains("A passphrase is also required"));
    let record = fs::read_to_string(dir.join("s/record.txt")).expect("record");
    assert!(record.contains("Passphrase:  required besides the shares"), "{record}");
    for file in ["s/share-1-of-3.txt", "s/share-1-of-3.pdf", "s/record.txt", "s/record.pdf"] {
        let bytes = fs::read(dir.join(file)).expect("file");
        assert!(!bytes.windows(11).any(|w| w == b"open sesame"), "passphrase in {file}");
    }
    let shares = ["combine", "s/share-1-of-3.txt", "s/share-3-of-3.txt"];
    let o = run(&dir, &shares, b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("a passphrase is needed"));
    let o = run(&dir, &[&shares[..], &["--passphrase-file", "wrong.txt"]].concat(), b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("the passphrase is wrong"));
    let o = run(&dir, &[&shares[..], &["--passphrase-file", "pass.txt"]].concat(), b"");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "the-real-secret\n",
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&dir, &["inspect", "s/share-2-of-3.txt"], b"");
    assert!(String::from_utf8_lossy(&o.stdout).contains("passphrase: required"));

    // k shares without the passphrase: what they recombine to holds nothing of the secret.
    let text: String = ["s/share-1-of-3.txt", "s/share-2-of-3.txt"]
        .iter()
        .map(|f| fs::read_to_string(dir.join(f)).expect("share"))
        .collect();
    let found: Vec<_> = breakglass::find_shares(&text).into_iter().filter_map(|f| f.result.ok()).collect();
    let rec = breakglass::combine(&found).expect("the shares recombine");
    assert!(rec.header.passphrase);
    assert!(!rec.secret.expose().windows(8).any(|w| w == b"the-real"), "plaintext without the passphrase");
    if have_tool("python3") {
        let o = Command::new("python3")
            .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/recover.py"))
            .arg(dir.join("s/share-1-of-3.txt"))
            .arg(dir.join("s/share-2-of-3.txt"))
            .output()
            .expect("python3");
        assert!(!o.status.success() && o.stdout.is_empty());
        assert!(String::from_utf8_lossy(&o.stderr).contains("needs its passphrase"));
    }
}

#[test]
fn new_drill_and_rotate_carry_a_passphrase() {
    let dir = scratch("passphrase-new");
    fs::write(dir.join("pass.txt"), "first passphrase\n").expect("write");
    fs::write(dir.join("next.txt"), "second passphrase\n").expect("write");
    fs::write(dir.join("wrong.txt"), "first passphrase!\n").expect("write");
    let o = run(&dir, &["new", "--format", "text", "--out-dir", "s", "--passphrase-file", "pass.txt"], b"");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    assert!(err.contains("any 2 and the passphrase recover the password"), "{err}");
    let password = String::from_utf8_lossy(&o.stdout).trim_end().to_owned();
    assert_eq!(password.chars().count(), 24);
    let sheet = fs::read_to_string(dir.join("s/share-1-of-3.txt")).expect("sheet");
    assert!(sheet.contains("A passphrase is also required"));
    let record = fs::read_to_string(dir.join("s/record.txt")).expect("record");
    assert!(record.contains("Passphrase:  required besides the shares"), "{record}");
    for file in ["s/share-1-of-3.txt", "s/share-2-of-3.txt", "s/share-3-of-3.txt", "s/record.txt"] {
        let text = fs::read_to_string(dir.join(file)).expect("file");
        assert!(!text.contains("first passphrase") && !text.contains(&password), "secret in {file}");
    }
    let shares = ["s/share-1-of-3.txt", "s/share-3-of-3.txt"];
    let combine =
        |pass: &str| run(&dir, &[&["combine"][..], &shares, &["--passphrase-file", pass]].concat(), b"");
    let o = combine("pass.txt");
    assert_eq!(String::from_utf8_lossy(&o.stdout), format!("{password}\n"));
    let o = combine("wrong.txt");
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());

    // The drill checks the passphrase only when given it, and says so; a wrong one fails the drill.
    let drill = |extra: &[&str]| run(&dir, &[&["drill"][..], &shares, extra].concat(), b"");
    let o = drill(&[]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success() && out.contains("required and NOT checked"), "{out}");
    let o = drill(&["--passphrase-file", "pass.txt"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success() && out.contains("passphrase:   checked"), "{out}");
    assert!(!out.contains(&password));
    let o = drill(&["--passphrase-file", "wrong.txt", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("{\"verdict\":\"failed\""));
    let o = drill(&["--passphrase-file", "pass.txt", "--json"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"passphrase\":\"checked\""));

    // Rotation opens the old set with its passphrase (named option when missing), seals the new one.
    let rotate = |extra: &[&str]| {
        run(&dir, &[&["rotate"][..], &shares, &["--format", "text", "--out-dir", "r"], extra].concat(), b"")
    };
    // Without saying what protects the new set, a passphrase set is not rotated into one without.
    let o = rotate(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("or --no-passphrase"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = rotate(&["--passphrase-file", "next.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("give --old-passphrase-file FILE"));
    assert!(!dir.join("r").exists(), "nothing is written when the old set does not open");
    let o = rotate(&["--old-passphrase-file", "wrong.txt", "--passphrase-file", "next.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the passphrase is wrong"));
    let o = rotate(&["--old-passphrase-file", "pass.txt", "--passphrase-file", "next.txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let next = String::from_utf8_lossy(&o.stdout).trim_end().to_owned();
    assert_ne!(next, password);
    let o = run(
        &dir,
        &["combine", "r/share-1-of-3.txt", "r/share-2-of-3.txt", "--passphrase-file", "next.txt"],
        b"",
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout), format!("{next}\n"));
    let o = run(
        &dir,
        &["combine", "r/share-1-of-3.txt", "r/share-2-of-3.txt", "--passphrase-file", "pass.txt"],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

//! The independent Python reader `docs/recover.py` agrees with the Rust code on every golden vector,
//! and refuses damaged input: `docs/FORMAT.md` is specified tightly enough to reimplement.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn recover(input: &str) -> std::process::Output {
    let dir = common::scratch("reference");
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
        let o = recover(body);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if head.contains("expect: secret") {
            let hex = head.lines().find_map(|l| l.strip_prefix("secret-hex: ")).expect("secret-hex");
            let mut want = unhex(hex);
            want.push(b'\n');
            assert_eq!(o.stdout, want, "{name}: {}", String::from_utf8_lossy(&o.stderr));
        } else {
            assert!(!o.status.success(), "{name}: the reference accepted a bad vector");
            assert!(o.stdout.is_empty(), "{name}: printed something");
        }
        checked += 1;
    }
    assert!(checked >= 20);
}

//! Recovery without the tool: the Python program printed in the ceremony record (and, with
//! --appendix, on each sheet), extracted from the PDF with `pdftotext -layout`, recovers the password
//! on its own. It is docs/recover.py, which tests/reference.rs checks against every golden vector.

mod common;

use std::fs;
use std::process::Command;

use breakglass::RECOVER_PY;
use common::{have_tool, run, scratch};

fn extract(pdf: &std::path::Path) -> String {
    let o = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let start = text.find("#!/usr/bin/env python3").expect("the program is in the PDF");
    text[start..].to_string()
}

#[test]
fn the_printed_program_recovers_the_password() {
    assert!(RECOVER_PY.lines().count() <= 150, "the program must stay short enough to retype");
    if !(have_tool("pdftotext") && have_tool("python3")) {
        return;
    }
    let dir = scratch("appendix");
    let o = run(&dir, &["new", "--out-dir", "s", "--format", "both", "--appendix"], b"");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let password = String::from_utf8_lossy(&o.stdout).into_owned();
    for pdf in ["s/record.pdf", "s/share-2-of-3.pdf"] {
        let program = extract(&dir.join(pdf));
        // pdftotext -layout may round an indent by a column; the words must be exactly the same.
        let normalise = |s: &str| {
            s.lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            normalise(&program),
            normalise(RECOVER_PY),
            "{pdf}: the printed program differs from docs/recover.py"
        );
        fs::write(dir.join("recover.py"), &program).expect("write");
        let o = Command::new("python3")
            .arg(dir.join("recover.py"))
            .arg(dir.join("s/share-3-of-3.txt"))
            .arg(dir.join("s/share-1-of-3.txt"))
            .output()
            .expect("python3");
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            password,
            "{pdf}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // The program on a sheet does not confuse breakglass reading that sheet's text.
    let sheet =
        Command::new("pdftotext").arg(dir.join("s/share-2-of-3.pdf")).arg("-").output().expect("pdftotext");
    let o = run(&dir, &["combine", "-", "s/share-1-of-3.txt"], &sheet.stdout);
    assert_eq!(String::from_utf8_lossy(&o.stdout), password);
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("problem"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The plain-text record carries the program too.
    let record = fs::read_to_string(dir.join("s/record.txt")).expect("record");
    assert!(record.contains(RECOVER_PY));
}

//! The custody routine: ceremony record, rotation and lineage, and the monitoring query.

mod common;

use std::fs;
use std::process::Command;

use common::{have_tool, run, scratch};

const ID: &str = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

fn text(o: &std::process::Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn new_writes_a_record_the_officer_can_file() {
    let dir = scratch("record");
    let o = run(
        &dir,
        &[
            "new",
            "--label",
            "bg-admin1@contoso.com",
            "--upn",
            "bg-admin1@contoso.com",
            "--object-id",
            ID,
            "--out-dir",
            "s",
            "--format",
            "both",
        ],
        b"",
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let password = out.trim_end();
    let fingerprint =
        err.lines().find_map(|l| l.strip_prefix("Fingerprint: ")).map(|f| &f[..19]).expect("fingerprint");
    let record = fs::read_to_string(dir.join("s/record.txt")).expect("record.txt");
    let set = record.lines().find_map(|l| l.strip_prefix("Set id:")).map(str::trim).expect("set id");
    for want in [
        "Generation:  1 (first set)",
        "Review by:",
        "any 2 of 3 recover the secret",
        &format!("Fingerprint: {fingerprint}"),
        "UPN:         bg-admin1@contoso.com",
        &format!("| where UserId in ('{ID}')"),
        "3 of 3 | ________",
        "Air gap checked",
        "Print residue destroyed",
        "Sign in with the account and confirm the sign-in alert fired",
        "Rotate (breakglass rotate) after any staff change",
    ] {
        assert!(record.contains(want), "missing '{want}' in:\n{record}");
    }
    for file in ["record.txt", "record.pdf"] {
        let bytes = fs::read(dir.join("s").join(file)).expect("record");
        assert!(!bytes.windows(password.len()).any(|w| w == password.as_bytes()), "password in {file}");
        // No share data: nothing in it reads as a share (the printed program only names the marker).
        let found = breakglass::find_shares(&String::from_utf8_lossy(&bytes));
        assert!(found.iter().all(|f| f.result.is_err()), "share data in {file}");
        assert!(!String::from_utf8_lossy(&bytes).contains("BREAKGLASS-V1:04"), "a QR payload in {file}");
    }
    // The drill shows the fingerprint that the record holds.
    let o = run(&dir, &["drill", "s/share-1-of-3.txt", "s/share-2-of-3.txt"], b"");
    assert!(text(&o).0.contains(&format!("fingerprint:  {fingerprint}")));
    if have_tool("pdftotext") && have_tool("qpdf") {
        let check = Command::new("qpdf").arg("--check").arg(dir.join("s/record.pdf")).output().expect("qpdf");
        assert!(check.status.success());
        let t = Command::new("pdftotext").arg(dir.join("s/record.pdf")).arg("-").output().expect("pdftotext");
        let t = String::from_utf8_lossy(&t.stdout);
        for want in [set, fingerprint, "Custody of the shares", "Every 90 days", "SigninLogs", ID] {
            assert!(t.contains(want), "record.pdf lacks '{want}'");
        }
        // The drill takes the record as written, and as pdftotext gives it (with and without -layout).
        fs::write(dir.join("plain.txt"), t.as_bytes()).expect("write");
        let layout = Command::new("pdftotext").arg("-layout").arg(dir.join("s/record.pdf")).arg("-").output();
        fs::write(dir.join("layout.txt"), layout.expect("pdftotext").stdout).expect("write");
        for record in ["s/record.txt", "s/record.pdf", "plain.txt", "layout.txt"] {
            let o =
                run(&dir, &["drill", "s/share-1-of-3.txt", "s/share-3-of-3.txt", "--record", record], b"");
            let (out, err) = text(&o);
            assert!(o.status.success() && out.contains("matches the record"), "{record}: {out}{err}");
        }
    }
}

#[test]
fn rotate_makes_a_superseding_generation() {
    let dir = scratch("rotate");
    let o = run(&dir, &["new", "--out-dir", "g1", "--format", "text", "--label", "bg@contoso.com"], b"");
    let old_password = text(&o).0.trim_end().to_string();
    let old_set = fs::read_to_string(dir.join("g1/record.txt")).expect("record");
    let old_set =
        old_set.lines().find_map(|l| l.strip_prefix("Set id:")).map(|s| s.trim().to_string()).expect("id");

    let o = run(
        &dir,
        &["rotate", "g1/share-1-of-3.txt", "g1/share-3-of-3.txt", "--out-dir", "g2", "--format", "text"],
        b"",
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let new_password = out.trim_end();
    assert_eq!(out.lines().count(), 1);
    assert_ne!(new_password, old_password);
    assert!(err.contains(&format!("Generation 2 supersedes set {old_set}")), "{err}");
    let record = fs::read_to_string(dir.join("g2/record.txt")).expect("record");
    assert!(
        record.contains(&format!("Generation:  2, supersedes set {old_set}: destroy its sheets")),
        "{record}"
    );
    let sheet = fs::read_to_string(dir.join("g2/share-2-of-3.txt")).expect("sheet");
    assert!(sheet.contains(&format!("Generation: 2, supersedes set {}-…", &old_set[..9])), "{sheet}");
    // What the shares do not record is said; the label they carry goes on to the new set.
    assert!(err.contains("note: the new password follows --profile entra, the default"), "{err}");
    assert!(err.contains("note: the label bg@contoso.com is carried over"), "{err}");
    assert!(sheet.contains("Label:      bg@contoso.com"), "{sheet}");
    let o = run(&dir, &["inspect", "g2/share-2-of-3.txt"], b"");
    assert!(text(&o).0.contains(&format!("generation: 2, supersedes set {}-…", &old_set[..9])));
    let o = run(&dir, &["combine", "g2/share-1-of-3.txt", "g2/share-2-of-3.txt"], b"");
    assert_eq!(text(&o).0.trim_end(), new_password);

    // Shares that do not recombine stop the rotation before anything is made.
    let o = run(&dir, &["rotate", "g1/share-1-of-3.txt", "--out-dir", "g3"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("the current shares do not recombine"));
    assert!(!dir.join("g3").exists());
    // Without the shares, the superseded set is named by its id.
    let o = run(
        &dir,
        &["rotate", "--supersedes", &old_set, "--old-generation", "4", "--out-dir", "g5", "--format", "text"],
        b"",
    );
    assert!(o.status.success(), "{}", text(&o).1);
    let o = run(&dir, &["inspect", "g5/share-1-of-3.txt"], b"");
    assert!(text(&o).0.contains("generation: 5, supersedes set"));
    let o = run(&dir, &["rotate", "--supersedes", "not-a-set", "--out-dir", "g6"], b"");
    assert_eq!(o.status.code(), Some(2));
    let o = run(&dir, &["rotate", "--out-dir", "g6"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("give the current set's shares"));
}

#[test]
fn alert_query_prints_kql_and_the_alert_rule() {
    let dir = scratch("alert");
    let ids = [
        "alert-query",
        "--object-id",
        &ID.to_uppercase(),
        "--object-id",
        "11111111-2222-3333-4444-555555555555",
    ];
    let o = run(&dir, &ids, b"");
    let (out, err) = text(&o);
    assert!(o.status.success());
    assert!(out.contains(&format!("AADNonInteractiveUserSignInLogs\n| where UserId in ('{ID}', '11111111-2222-3333-4444-555555555555')\n| project TimeGenerated, UserPrincipalName, UserId, IPAddress, ResultType")), "{out}");
    // Standard output is the query alone (issue 17): the rule-making commands are behind --commands.
    assert!(!out.contains("az ") && !out.contains('#'), "{out}");
    assert!(err.contains("--commands prints the script"), "{err}");
    let o = run(&dir, &[&ids[..], &["--commands"]].concat(), b"");
    let (out, _) = text(&o);
    for want in [
        "az extension add --name scheduled-query",
        "az monitor scheduled-query create",
        "--severity 0",
        "--evaluation-frequency 5m",
        "> 0 at least 1 violations",
    ] {
        assert!(out.contains(want), "{want}");
    }
    let o = run(&dir, &["alert-query", "--object-id", ID, "--query-only"], b"");
    let (out, _) = text(&o);
    assert!(out.starts_with("// Sign-ins of emergency access") && !out.contains("az monitor"), "{out}");
    let o = run(&dir, &["alert-query", "--object-id", "bg-admin@contoso.com"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("is not an object id"));
    assert_eq!(run(&dir, &["alert-query"], b"").status.code(), Some(2));
}

/// Generation 255 is the last a share can record: rotating it is refused (it once made another
/// "generation 255"), and rotate checks standard output before it asks for anything.
#[test]
fn the_last_generation_is_not_rotated() {
    let dir = scratch("last-generation");
    let args = [
        "rotate",
        "--supersedes",
        "K8VM-8M25-C1HS-XHKG",
        "--old-generation",
        "254",
        "--format",
        "text",
        "--out-dir",
        "g255",
    ];
    let o = run(&dir, &args, b"");
    assert!(o.status.success(), "{}", text(&o).1);
    let o =
        run(&dir, &["rotate", "g255/share-1-of-3.txt", "g255/share-2-of-3.txt", "--out-dir", "g256"], b"");
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(out.is_empty() && err.contains("generation 255, the last"), "{err}");
    assert!(!dir.join("g256").exists());
    let closed = Command::new(common::bin())
        .args(["rotate", "g255/share-1-of-3.txt", "g255/share-2-of-3.txt", "--out-dir", "g9"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(closed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&closed.stderr).contains("standard output"), "{}", text(&closed).1);
}

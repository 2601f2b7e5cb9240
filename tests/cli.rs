//! The binary as a user runs it: every command, its output streams, exit codes and error messages.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use common::{run, scratch};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a failure: the exit code, a message containing `needle`, and nothing on stdout.
fn fails(o: &Output, code: i32, needle: &str) {
    assert_eq!(o.status.code(), Some(code), "stderr: {}", stderr(o));
    assert!(stderr(o).contains(needle), "expected '{needle}' in: {}", stderr(o));
    assert!(o.stdout.is_empty(), "stdout must be empty on failure: {}", stdout(o));
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).expect("file").permissions().mode() & 0o777
}

fn split_text(dir: &Path, secret: &[u8]) {
    let o = run(dir, &["split", "-t", "2", "-n", "3", "--format", "text", "--out-dir", "d"], secret);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn split_then_combine_round_trip() {
    let dir = scratch("cli-round-trip");
    let o = run(
        &dir,
        &["split", "-t", "2", "-n", "3", "--format", "text", "--out-dir", "d"],
        b"Example-Secret-1\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "split prints nothing on stdout");
    for i in 1..=3 {
        let p = dir.join(format!("d/share-{i}-of-3.txt"));
        assert_eq!(mode(&p), 0o600, "{}", p.display());
        let t = fs::read_to_string(&p).expect("share file");
        assert!(t.contains("BREAKGLASS-V1") && !t.contains("Example-Secret-1"));
    }
    assert!(!dir.join("d/share-1-of-3.pdf").exists(), "--format text writes no PDF");
    let leftovers: Vec<_> = fs::read_dir(dir.join("d"))
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    for pair in [["d/share-1-of-3.txt", "d/share-3-of-3.txt"], ["d/share-3-of-3.txt", "d/share-2-of-3.txt"]] {
        let o = run(&dir, &["combine", pair[0], pair[1]], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), "Example-Secret-1\n");
    }
}

#[test]
fn exact_bytes_and_one_trailing_newline() {
    for (input, want) in [
        (&b"abc\n"[..], &b"abc"[..]),
        (b"abc\r\n", b"abc"),
        (b"abc\n\n", b"abc\n"),
        (b"abc", b"abc"),
        (b"\xff\x00bin\tary \xc3", b"\xff\x00bin\tary \xc3"),
    ] {
        let dir = scratch("cli-bytes");
        split_text(&dir, input);
        let o = run(&dir, &["combine", "d/share-1-of-3.txt", "d/share-2-of-3.txt", "-o", "out.bin"], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
        assert_eq!(fs::read(dir.join("out.bin")).expect("out"), want);
        assert_eq!(mode(&dir.join("out.bin")), 0o600);
        let again = run(&dir, &["combine", "d/share-1-of-3.txt", "d/share-2-of-3.txt", "-o", "out.bin"], b"");
        fails(&again, 1, "out.bin already exists; move it away or pass --force");
        let forced = run(
            &dir,
            &["combine", "d/share-1-of-3.txt", "d/share-2-of-3.txt", "-o", "out.bin", "--force"],
            b"",
        );
        assert!(forced.status.success());
        let printed = run(&dir, &["combine", "d/share-1-of-3.txt", "d/share-2-of-3.txt"], b"");
        assert_eq!(printed.stdout, [want, b"\n"].concat());
    }
}

#[test]
fn split_refuses_to_overwrite_and_bad_arguments() {
    let dir = scratch("cli-split-errors");
    split_text(&dir, b"first secret");
    let before = fs::read(dir.join("d/share-2-of-3.txt")).expect("share");
    let o =
        run(&dir, &["split", "-t", "2", "-n", "3", "--format", "text", "--out-dir", "d"], b"second secret");
    fails(&o, 1, "already exists; move it away or pass --force");
    assert_eq!(
        fs::read(dir.join("d/share-2-of-3.txt")).expect("share"),
        before,
        "nothing may be overwritten"
    );
    let o = run(
        &dir,
        &["split", "-t", "2", "-n", "3", "--format", "text", "--out-dir", "d", "--force"],
        b"second secret",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&dir, &["combine", "d/share-1-of-3.txt", "d/share-2-of-3.txt"], b"");
    assert_eq!(stdout(&o), "second secret\n");

    fails(&run(&dir, &["split", "-t", "1", "-n", "3", "--out-dir", "e"], b"x"), 2, "use 2 <= K <= N <= 255");
    fails(&run(&dir, &["split", "-t", "4", "-n", "3", "--out-dir", "e"], b"x"), 2, "use 2 <= K <= N <= 255");
    fails(&run(&dir, &["split", "-t", "2", "-n", "256", "--out-dir", "e"], b"x"), 2, "256");
    fails(
        &run(&dir, &["split", "--format", "text", "--out-dir", "e"], b""),
        1,
        "standard input held no secret",
    );
    fails(
        &run(&dir, &["split", "--format", "text", "--out-dir", "e"], b"\n"),
        1,
        "standard input held no secret",
    );
    fails(
        &run(&dir, &["split", "--label", "two\nlines", "--out-dir", "e"], b"x"),
        2,
        "--label holds U+000A LINE FEED, a control character",
    );
    fails(
        &run(&dir, &["split", "--format", "text", "--out-dir", "e"], &vec![b'a'; 70_000]),
        1,
        "longer than the limit of 65536 bytes",
    );
    assert!(!dir.join("e").exists(), "a failed split writes nothing");
    let o = run(&dir, &["split", "Example-Secret-1"], b"");
    assert_eq!(o.status.code(), Some(2), "the secret is never an argument");
}

#[test]
fn combine_errors_are_clear_and_print_nothing() {
    let dir = scratch("cli-combine-errors");
    split_text(&dir, b"Example-Secret-1");
    let set = fs::read_to_string(dir.join("d/share-1-of-3.txt")).expect("share");
    let set_id = set.lines().find_map(|l| l.strip_prefix("Set:")).expect("Set line").trim().to_string();

    fails(
        &run(&dir, &["combine", "d/share-1-of-3.txt"], b""),
        1,
        &format!("need 2 shares of set {set_id}, got 1"),
    );
    fails(&run(&dir, &["combine", "d/share-1-of-3.txt", "d/share-1-of-3.txt"], b""), 1, "was given twice");
    fails(&run(&dir, &["combine", "missing.txt", "d/share-1-of-3.txt"], b""), 1, "cannot read missing.txt");

    // A typo on line 3 of share 2: located, and combining fails without a secret.
    let mut lines: Vec<String> = fs::read_to_string(dir.join("d/share-2-of-3.txt"))
        .expect("share")
        .lines()
        .map(String::from)
        .collect();
    let at = lines.iter().position(|l| l.starts_with("03  ")).expect("line 03");
    let mut chars: Vec<char> = lines[at].chars().collect();
    chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
    lines[at] = chars.into_iter().collect();
    fs::write(dir.join("typo.txt"), lines.join("\n")).expect("write");
    let o = run(&dir, &["combine", "d/share-1-of-3.txt", "typo.txt"], b"");
    fails(&o, 1, "typo.txt: line 3 (input line");
    assert!(stderr(&o).contains("check characters do not match"));
    // With a third, good share the secret is still recovered, and the bad one named.
    let o = run(&dir, &["combine", "d/share-1-of-3.txt", "typo.txt", "d/share-3-of-3.txt"], b"");
    assert_eq!(stdout(&o), "Example-Secret-1\n");
    assert!(stderr(&o).contains("typo.txt: line 3"), "{}", stderr(&o));

    // Shares of another set.
    let other = dir.join("other");
    fs::create_dir_all(&other).expect("mkdir");
    split_text(&other, b"Example-Secret-1");
    fails(
        &run(&dir, &["combine", "d/share-1-of-3.txt", "other/d/share-2-of-3.txt"], b""),
        1,
        "belong to different sets",
    );

    // Not a share at all, an image, a PDF.
    fs::write(dir.join("notes.txt"), "nothing to see").expect("write");
    fails(&run(&dir, &["combine", "notes.txt"], b""), 1, "no breakglass share found in notes.txt");
    fs::write(dir.join("photo.png"), b"\x89PNG\r\n\x1a\nrest").expect("write");
    fails(
        &run(&dir, &["combine", "photo.png", "d/share-1-of-3.txt"], b""),
        1,
        "photo.png: the PNG file is truncated or damaged",
    );
    fs::write(dir.join("sheet.pdf"), b"%PDF-1.7\n").expect("write");
    fails(&run(&dir, &["combine", "sheet.pdf"], b""), 1, "pdftotext sheet.pdf - | breakglass combine -");
}

#[test]
fn combine_reads_stdin_pastes_and_decoder_output() {
    let dir = scratch("cli-stdin");
    split_text(&dir, b"pasted secret");
    let one = fs::read_to_string(dir.join("d/share-1-of-3.txt")).expect("share");
    let two = fs::read_to_string(dir.join("d/share-2-of-3.txt")).expect("share");
    let o = run(&dir, &["combine"], format!("chat log...\n{one}\nmore chat\n{two}").as_bytes());
    assert_eq!(stdout(&o), "pasted secret\n", "{}", stderr(&o));
    let o = run(&dir, &["combine", "-", "d/share-3-of-3.txt"], one.as_bytes());
    assert_eq!(stdout(&o), "pasted secret\n", "{}", stderr(&o));

    // A QR decoder's output: rebuild the payload from the typed lines.
    let compact = |t: &str| {
        let data: String = t
            .lines()
            .filter(|l| l.len() > 4 && l.as_bytes()[0].is_ascii_digit())
            .map(|l| {
                let mut parts: Vec<&str> = l.split_whitespace().skip(1).collect();
                parts.pop();
                parts.concat()
            })
            .collect();
        format!("QR-Code:BREAKGLASS-V1:{data}\n")
    };
    let o = run(&dir, &["combine", "-"], format!("{}{}", compact(&one), compact(&two)).as_bytes());
    assert_eq!(stdout(&o), "pasted secret\n", "{}", stderr(&o));
}

#[test]
fn inspect_shows_metadata_never_the_secret() {
    let dir = scratch("cli-inspect");
    let o = run(
        &dir,
        &["split", "--format", "text", "--out-dir", "d", "--label", "bg-admin@contoso.com"],
        b"Inspect-Me-Secret",
    );
    assert!(o.status.success());
    let o = run(&dir, &["inspect", "d/share-1-of-3.txt", "d/share-2-of-3.txt"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "share 1 of 3",
        "share 2 of 3",
        "checksum ok",
        "any 2 of the 3",
        "kind:       password",
        "label:      bg-admin@contoso.com",
        "review by",
        "format:     v1",
        "generation: 1",
    ] {
        assert!(out.contains(want), "missing '{want}' in {out}");
    }
    assert!(!out.contains("Inspect-Me-Secret") && !stderr(&o).contains("Inspect-Me-Secret"));
    let damaged =
        fs::read_to_string(dir.join("d/share-1-of-3.txt")).expect("share").replacen("01  ", "01  Z", 1);
    fs::write(dir.join("bad.txt"), damaged).expect("write");
    let o = run(&dir, &["inspect", "bad.txt", "d/share-2-of-3.txt"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("DAMAGED: bad.txt: line 1"), "{}", stdout(&o));
    assert_eq!(run(&dir, &["inspect"], b"").status.code(), Some(2));
}

#[test]
fn generate_prints_passwords_and_entropy() {
    let dir = scratch("cli-generate");
    let o = run(&dir, &["generate"], b"");
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    assert_eq!(out.trim_end().chars().count(), 24);
    // Entra ID is the default profile: 83 safe-to-type characters.
    assert!(
        stderr(&o).contains("entropy: 152.9 bits per password (24 characters from the entra alphabet of 83"),
        "{}",
        stderr(&o)
    );
    let o = run(&dir, &["generate", "--profile", "portable"], b"");
    assert!(stderr(&o).contains("entropy: 149.8 bits"), "{}", stderr(&o));
    let o =
        run(&dir, &["generate", "--profile", "aws-root", "--count", "200", "--avoid", "Example-Corp"], b"");
    assert!(o.status.success());
    for p in stdout(&o).lines() {
        assert!(p.chars().all(|c| c.is_ascii_alphanumeric() || "!@#$%&*()<>[]{}_+-=".contains(c)), "{p}");
        let lower =
            p.to_ascii_lowercase().replace('0', "o").replace('1', "l").replace('$', "s").replace('@', "a");
        assert!(
            !["exam", "xamp", "ampl", "mple", "ple-", "le-c", "e-co", "-cor", "corp"]
                .iter()
                .any(|w| lower.contains(w)),
            "{p}"
        );
    }
    let o = run(&dir, &["generate", "--all-symbols", "--count", "50", "--length", "64"], b"");
    assert!(stdout(&o).chars().any(|c| "\"'`^~|".contains(c)), "--all-symbols uses every symbol");
    fails(
        &run(&dir, &["generate", "--profile", "aws-root", "--length", "129"], b""),
        2,
        "the aws-root profile allows at most 128",
    );
    let o = run(&dir, &["generate", "--length", "40", "--count", "5"], b"");
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(lines.len(), 5);
    assert!(lines.iter().all(|l| l.chars().count() == 40));
    let distinct: std::collections::HashSet<_> = lines.iter().collect();
    assert_eq!(distinct.len(), 5);
    fails(&run(&dir, &["generate", "--length", "15"], b""), 2, "at least 16 random characters");
    fails(&run(&dir, &["generate", "--length", "257"], b""), 2, "at most 256");
    fails(&run(&dir, &["generate", "--count", "0"], b""), 2, "--count");
    fails(
        &run(&dir, &["generate", "--profile", "nope"], b""),
        2,
        "[possible values: entra, ad, aws-root, google, portable]",
    );
}

#[test]
fn new_prints_the_password_once_and_writes_checked_sheets() {
    let dir = scratch("cli-new");
    let o = run(
        &dir,
        &[
            "new",
            "-t",
            "2",
            "-n",
            "3",
            "--label",
            "bg@contoso.com",
            "--out-dir",
            "shares",
            "--format",
            "both",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let password = stdout(&o);
    assert_eq!(password.lines().count(), 1, "only the password on stdout");
    let password = password.trim_end_matches('\n');
    assert_eq!(password.chars().count(), 24);
    let err = stderr(&o);
    assert!(!err.contains(password), "the password is printed once, on stdout");
    for want in [
        "New set ",
        "any 2 recover",
        "shares/share-3-of-3.pdf",
        "Set the password above on the account",
        "delete the files and empty the printer's queue",
    ] {
        assert!(err.contains(want), "missing '{want}' in {err}");
    }
    for i in 1..=3 {
        for ext in ["pdf", "txt"] {
            let p = dir.join(format!("shares/share-{i}-of-3.{ext}"));
            assert_eq!(mode(&p), 0o600);
            let bytes = fs::read(&p).expect("sheet");
            assert!(
                !bytes.windows(password.len()).any(|w| w == password.as_bytes()),
                "password inside {}",
                p.display()
            );
        }
    }
    let o = run(&dir, &["combine", "shares/share-2-of-3.txt", "shares/share-3-of-3.txt"], b"");
    assert_eq!(stdout(&o).trim_end_matches('\n'), password);
    // The drill recombines in memory and shows the same fingerprint as `new`, never the password.
    let fingerprint = err.lines().find_map(|l| l.strip_prefix("Fingerprint: ")).expect("fingerprint line");
    let fingerprint = &fingerprint[..19];
    let o = run(&dir, &["drill", "shares/share-1-of-3.txt", "shares/share-3-of-3.txt"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(
        report.contains("Drill passed") && report.contains(&format!("fingerprint:  {fingerprint}")),
        "{report}"
    );
    assert!(report.contains("shares used:  1 and 3") && report.contains("any 2 of 3"), "{report}");
    assert!(!report.contains(password) && !stderr(&o).contains(password));
    let o = run(&dir, &["drill", "shares/share-2-of-3.txt"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Drill FAILED: need 2 shares of set"), "{}", stdout(&o));
    assert!(!stdout(&o).contains(password));
    // A second run into the same directory refuses before generating anything.
    fails(&run(&dir, &["new", "--out-dir", "shares"], b""), 1, "already exists");
}

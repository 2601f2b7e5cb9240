//! Guided recovery through a pseudo-terminal, as a person at the keyboard would use it.

mod common;

use std::fs;

use breakglass::{compact, typed};
use common::{bin, scratch, seeded_split};
use rexpect::session::{PtySession, spawn_command};

const SECRET: &str = "Guided-Recovery-Secret-42";

fn session(dir: &std::path::Path, extra: &[&str]) -> PtySession {
    let mut cmd = std::process::Command::new(bin());
    cmd.arg("combine").args(extra).current_dir(dir);
    spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
}

fn typed_lines(share: &breakglass::Share) -> Vec<String> {
    typed::lines(share)
}

/// Replaces one data character of a typed line with a different one.
fn typo(line: &str) -> String {
    let mut c: Vec<char> = line.chars().collect();
    c[5] = if c[5] == 'Q' { 'R' } else { 'Q' };
    c.into_iter().collect()
}

#[test]
fn typed_line_by_line_with_a_typo_then_pasted() {
    let dir = scratch("guided-typed");
    let shares = seeded_split(SECRET.as_bytes(), 2, 3, 5);
    let set = shares[0].header.set_id.to_string();
    let mut p = session(&dir, &[]);
    p.exp_string("Guided recovery").expect("banner");

    // Share 3, typed line by line; line 2 has a typo that is caught before line 3 is asked for.
    let lines = typed_lines(&shares[2]);
    p.exp_string("Share 1, line 01: ").expect("prompt line 1");
    p.send_line(&lines[0]).expect("send");
    p.exp_string("Share 1, line 02: ").expect("prompt line 2");
    p.send_line(&typo(&lines[1])).expect("send");
    let before_line3 = p.exp_string("Type line 02 again.").expect("typo on line 2 reported");
    assert!(before_line3.contains("Line 02 is not right"), "{before_line3}");
    assert!(!before_line3.contains("line 03"), "line 3 was asked for before the typo was reported");
    p.exp_string("Share 1, line 02: ").expect("line 2 asked again");
    p.send_line(&lines[1]).expect("send");
    p.exp_string(&format!("Share 3 of 3 of set {set}")).expect("set shown after the header lines");
    for (i, l) in lines.iter().enumerate().skip(2) {
        p.exp_string(&format!("Share 1, line {:02}: ", i + 1)).expect("next line prompt");
        // The number may be left out.
        let typed =
            if i == 3 { l.split_once(' ').map_or(l.as_str(), |x| x.1).to_string() } else { l.clone() };
        p.send_line(&typed).expect("send");
    }
    p.exp_string(&format!("set {set}: 1 of 2 shares")).expect("progress");

    // A share of another set is refused at once.
    let other = seeded_split(b"another secret", 2, 3, 6);
    p.exp_string("Share 2, line 01: ").expect("prompt");
    p.send_line(&typed_lines(&other[0])[0]).expect("send");
    p.send_line(&typed_lines(&other[0])[1]).expect("send");
    p.exp_string("Enter a share of set").expect("other set refused");

    // Share 1, pasted whole with its marker line.
    for l in typed::block(&shares[0]).lines() {
        p.send_line(l).expect("send");
    }
    p.exp_string(&format!("set {set}: 2 of 2 shares")).expect("progress 2");
    p.exp_string("to show it (anything else does not): ").expect("confirmation");
    p.send_line(&set[..4]).expect("send");
    p.exp_string(SECRET).expect("secret shown after confirmation");
    p.exp_string("Clear the screen").expect("reminder");
    p.exp_eof().expect("exit");
}

#[test]
fn declining_shows_nothing_and_output_file_is_written() {
    let dir = scratch("guided-output");
    let shares = seeded_split(SECRET.as_bytes(), 2, 3, 8);
    let mut p = session(&dir, &[]);
    for s in &shares[..2] {
        for l in typed::block(s).lines() {
            p.send_line(l).expect("send");
        }
    }
    p.exp_string("to show it (anything else does not): ").expect("confirmation");
    p.send_line("yes").expect("send");
    let rest = p.exp_eof().expect("exit");
    assert!(!rest.contains(SECRET), "secret shown without confirmation");
    assert!(rest.contains("the secret was not shown"), "{rest}");

    let mut p = session(&dir, &["-o", "secret.txt"]);
    for s in &shares[1..] {
        p.send_line(&compact(s)).expect("send");
    }
    let rest = p.exp_eof().expect("exit");
    assert!(rest.contains("Wrote the secret to secret.txt"), "{rest}");
    assert!(!rest.contains(SECRET));
    assert_eq!(fs::read_to_string(dir.join("secret.txt")).expect("file"), SECRET);
}

#[test]
fn split_asks_twice_with_hidden_input() {
    let dir = scratch("pty-split");
    let run_split = |first: &str, second: &str| {
        let mut cmd = std::process::Command::new(bin());
        cmd.args(["split", "--format", "text", "--out-dir", "d"]).current_dir(&dir);
        let mut p = spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
        p.exp_string("Enter the secret (input is hidden): ").expect("first prompt");
        p.send_line(first).expect("send");
        p.exp_string("Enter the secret again: ").expect("second prompt");
        p.send_line(second).expect("send");
        p.exp_eof().expect("exit")
    };
    let out = run_split("typed-at-the-prompt", "typed-at-the-prompt-but-different");
    assert!(out.contains("the two entries of the secret differ; nothing was written"), "{out}");
    assert!(!out.contains("typed-at-the-prompt"), "the secret was echoed: {out}");
    assert!(!dir.join("d").exists());
    let out = run_split("typed-at-the-prompt", "typed-at-the-prompt");
    assert!(out.contains("Wrote 3 shares"), "{out}");
    assert!(!out.contains("typed-at-the-prompt"), "the secret was echoed: {out}");
    let o = common::run(&dir, &["combine", "d/share-1-of-3.txt", "d/share-2-of-3.txt"], b"");
    assert_eq!(String::from_utf8_lossy(&o.stdout), "typed-at-the-prompt\n");
}

/// A scratch directory holding `s/`, a set of SECRET sealed under the passphrase "right horse".
fn passphrase_set(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    fs::write(dir.join("pass.txt"), "right horse\n").expect("write");
    let o = common::run(
        &dir,
        &["split", "--format", "text", "--out-dir", "s", "--passphrase-file", "pass.txt"],
        SECRET.as_bytes(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

#[test]
fn a_mistyped_passphrase_may_be_typed_again() {
    let dir = passphrase_set("guided-passphrase");
    let mut p = session(&dir, &["s/share-1-of-3.txt", "s/share-3-of-3.txt", "-o", "out.txt"]);
    // Enter alone is asked again, and costs no try.
    p.exp_string("Passphrase (input is hidden): ").expect("asked");
    p.send_line("").expect("send");
    p.exp_string("Nothing was typed; type the passphrase").expect("asked again");
    p.exp_string("Passphrase (input is hidden): ").expect("asked");
    p.send_line("wrong horse").expect("send");
    p.exp_string("try again (2 tries left)").expect("second try offered");
    p.exp_string("Passphrase (input is hidden): ").expect("asked again");
    p.send_line("right horse").expect("send");
    p.exp_eof().expect("exit");
    assert_eq!(fs::read(dir.join("out.txt")).expect("written"), SECRET.as_bytes());

    // Three wrong tries end it, with nothing written.
    let mut p = session(&dir, &["s/share-1-of-3.txt", "s/share-3-of-3.txt", "-o", "out2.txt"]);
    for left in ["(2 tries left)", "(1 try left)"] {
        p.exp_string("Passphrase (input is hidden): ").expect("asked");
        p.send_line("wrong horse").expect("send");
        p.exp_string(left).expect("tries counted");
    }
    p.exp_string("Passphrase (input is hidden): ").expect("asked");
    p.send_line("wrong horse").expect("send");
    p.exp_string("the passphrase is wrong").expect("gives up");
    p.exp_eof().expect("exit");
    assert!(!dir.join("out2.txt").exists());
}

/// Ctrl-D at a hidden prompt says that nothing was typed (not that there is no terminal, nor that a
/// path is wrong), and nothing is written.
#[test]
fn ctrl_d_at_a_hidden_prompt_says_nothing_was_typed() {
    let dir = scratch("pty-ctrl-d");
    let spawn = |args: &[&str]| {
        let mut cmd = std::process::Command::new(bin());
        cmd.args(args).current_dir(&dir);
        spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
    };
    let mut p = spawn(&["split", "--format", "text", "--out-dir", "a"]);
    p.exp_string("Enter the secret (input is hidden): ").expect("asked");
    p.send_control('d').expect("send ^D");
    let out = p.exp_eof().expect("exit");
    assert!(out.contains("no secret was typed (the input ended, or only Enter was pressed)"), "{out}");
    let mut p = spawn(&["split", "--passphrase", "--format", "text", "--out-dir", "b"]);
    for prompt in ["Enter the secret (input is hidden): ", "Enter the secret again: "] {
        p.exp_string(prompt).expect("asked");
        p.send_line("typed-at-the-prompt").expect("send");
    }
    p.exp_string("Passphrase (input is hidden): ").expect("asked");
    p.send_control('d').expect("send ^D");
    let out = p.exp_eof().expect("exit");
    assert!(out.contains("no passphrase was typed"), "{out}");
    assert!(!out.contains("run this on a terminal") && !out.contains("permissions"), "{out}");
    assert!(!dir.join("a").exists() && !dir.join("b").exists());
}

/// A secret holding an escape sequence is not printed to a terminal (which would act on it); the
/// same secret goes to a file or a pipe byte for byte.
#[test]
fn control_characters_are_not_sent_to_a_terminal() {
    let dir = scratch("pty-control");
    let secret = b"before\x1b]0;pwned\x07\x1b[2Jafter";
    let shares = seeded_split(secret, 2, 3, 8);
    for (i, s) in shares.iter().take(2).enumerate() {
        fs::write(dir.join(format!("s{i}.txt")), format!("{}\n", typed::block(s))).expect("write");
    }
    let mut p = session(&dir, &["s0.txt", "s1.txt"]);
    let out = p.exp_eof().expect("ends");
    assert!(out.contains("control characters that a terminal would act on"), "{out}");
    assert!(!out.contains("pwned") && !out.contains("after"), "the secret reached the terminal: {out}");
    let o = common::run(&dir, &["combine", "s0.txt", "s1.txt"], b"");
    assert_eq!(o.stdout, [&secret[..], b"\n"].concat(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Two whole share files pasted at once, prose and all, with more lines after them (a `yes`, a shell
/// command): the prose is passed over without a word, what the shares did not need is thrown away
/// before the question, so the paste cannot answer it, and the secret needs the set's code.
#[test]
fn a_paste_of_whole_share_files_cannot_answer_the_question() {
    let dir = scratch("guided-paste");
    let made = common::run(
        &dir,
        &["split", "--format", "text", "--out-dir", "s", "--label", "bg-admin"],
        SECRET.as_bytes(),
    );
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let files: Vec<String> = ["s/share-1-of-3.txt", "s/share-3-of-3.txt"]
        .iter()
        .map(|f| fs::read_to_string(dir.join(f)).expect("share file"))
        .collect();
    let set = files[0].lines().find_map(|l| l.strip_prefix("Set:")).map(str::trim).expect("set").to_string();
    let mut p = session(&dir, &[]);
    p.exp_string("Guided recovery").expect("banner");
    let paste = format!("{}{}yes\necho PASTED-INTO-THE-SHELL\n", files[0], files[1]);
    p.send(&paste).expect("paste");
    let before = p.exp_string("to show it (anything else does not): ").expect("confirmation");
    assert!(!before.contains("not right") && !before.contains("not a line of a share"), "{before}");
    assert!(before.contains("thrown away"), "the rest of the paste was not thrown away: {before}");
    p.send_line(&set[..4]).expect("send");
    p.exp_string(SECRET).expect("secret shown after confirmation");
    let rest = p.exp_eof().expect("exit");
    assert!(!rest.contains("PASTED-INTO-THE-SHELL"), "{rest}");
}

/// A share entered twice is refused on its first line, not after all of them.
#[test]
fn a_share_entered_again_is_refused_on_its_first_line() {
    let dir = scratch("guided-again");
    let shares = seeded_split(SECRET.as_bytes(), 2, 3, 11);
    let lines = typed_lines(&shares[0]);
    let mut p = session(&dir, &[]);
    for l in &lines {
        p.exp_string("line").expect("prompt");
        p.send_line(l).expect("send");
    }
    p.exp_string("1 of 2 shares").expect("first share in");
    p.exp_string("Share 2, line 01: ").expect("prompt");
    p.send_line(&lines[0]).expect("send");
    p.exp_string("already entered").expect("refused on its first line");
    p.exp_string("Share 2, line 01: ").expect("asked for line 1 again");
}

/// A share mailed back quoted, with no-break spaces and an en dash, reads as typed.
#[test]
fn a_quoted_mailed_share_is_read() {
    let dir = scratch("guided-mail");
    let shares = seeded_split(SECRET.as_bytes(), 2, 3, 12);
    let mut p = session(&dir, &["-o", "out.txt"]);
    for s in &shares[..2] {
        let mailed: String = typed::block(s)
            .lines()
            .map(|l| format!("> {}\n", l.replacen("  ", "\u{a0}\u{a0}", 1).replacen(' ', "\u{2013}", 1)))
            .collect();
        p.send(&mailed).expect("paste");
    }
    let rest = p.exp_eof().expect("exit");
    assert!(rest.contains("Wrote the secret to out.txt"), "{rest}");
    assert_eq!(fs::read_to_string(dir.join("out.txt")).expect("out"), SECRET);
}

/// Two whole share files of a passphrase set pasted with `-o`: the prose the shares did not need is
/// thrown away before the passphrase is asked for, so no pasted line is taken as a try.
#[test]
fn a_paste_cannot_answer_the_passphrase() {
    let dir = passphrase_set("guided-paste-passphrase");
    let paste: String = ["s/share-1-of-3.txt", "s/share-2-of-3.txt"]
        .iter()
        .map(|f| fs::read_to_string(dir.join(f)).expect("share file"))
        .collect();
    let mut p = session(&dir, &["-o", "out.txt"]);
    p.exp_string("Guided recovery").expect("banner");
    p.send(&paste).expect("paste");
    let before = p.exp_string("Passphrase (input is hidden): ").expect("asked");
    assert!(before.contains("thrown away before the passphrase"), "{before}");
    assert!(!before.contains("not a line of a share") && !before.contains("not right"), "{before}");
    // Time for any stray line to be taken as a try (none must be).
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send_line("right horse").expect("send");
    let rest = p.exp_eof().expect("exit");
    assert!(!rest.contains("does not open") && !rest.contains("Nothing was typed"), "{rest}");
    assert_eq!(fs::read(dir.join("out.txt")).expect("written"), SECRET.as_bytes());
}

/// A pasted share file, pasted again: the prose after its last line passes quietly, and of the
/// second copy only its first line is answered (refused as entered before); the rest of it is
/// passed over without a message per line.
#[test]
fn the_rest_of_a_refused_paste_passes_quietly() {
    let dir = scratch("guided-paste-again");
    let made = common::run(&dir, &["split", "--format", "text", "--out-dir", "s"], SECRET.as_bytes());
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let file = fs::read_to_string(dir.join("s/share-1-of-3.txt")).expect("share file");
    let mut p = session(&dir, &[]);
    p.exp_string("Guided recovery").expect("banner");
    p.send(&file).expect("paste");
    p.exp_string("1 of 2 shares").expect("first share in");
    std::thread::sleep(std::time::Duration::from_millis(700));
    p.send(&file).expect("paste again");
    let again = p.exp_string("already entered").expect("refused on its first line");
    assert!(!again.contains("not a line of a share"), "the file's last prose line was answered: {again}");
    std::thread::sleep(std::time::Duration::from_millis(700));
    p.send_line("hello there").expect("typed by hand");
    // A line typed by hand is still answered; nothing of the second copy was.
    let answer = p.exp_string("not a line of a share").expect("typed prose answered");
    assert!(!answer.contains("is not right"), "{answer}");
}

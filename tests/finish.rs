//! The finish: man page and completions generated from the clap definitions (and kept in contrib/
//! for packaging), JSON output that parses, and help with an example for every command.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::{have_tool, run, scratch};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every command of the binary.
const COMMANDS: [&str; 11] = [
    "generate",
    "split",
    "new",
    "combine",
    "inspect",
    "drill",
    "rotate",
    "airgap",
    "alert-query",
    "completions",
    "man",
];

#[test]
fn contrib_files_match_the_binary() {
    let dir = scratch("finish");
    let pages: Vec<(Vec<&str>, String)> =
        COMMANDS.iter().map(|c| (vec!["man", c], format!("contrib/man/breakglass-{c}.1"))).collect();
    for (args, file) in [
        (vec!["man"], "contrib/breakglass.1".to_string()),
        (vec!["completions", "bash"], "contrib/completions/breakglass.bash".into()),
        (vec!["completions", "zsh"], "contrib/completions/_breakglass".into()),
        (vec!["completions", "fish"], "contrib/completions/breakglass.fish".into()),
    ]
    .into_iter()
    .chain(pages)
    {
        let file = file.as_str();
        let o = run(&dir, &args, b"");
        assert!(o.status.success());
        if std::env::var_os("BREAKGLASS_WRITE_CONTRIB").is_some() {
            fs::write(root().join(file), &o.stdout).expect(file);
        }
        let committed = fs::read(root().join(file)).expect(file);
        assert!(
            o.stdout == committed,
            "{file} is stale: regenerate it with BREAKGLASS_WRITE_CONTRIB=1 cargo test --test finish"
        );
    }
    // Pages in ASCII (groff warns on `×` otherwise), without a page for `help`, which has none, and
    // with one "Examples" heading.
    for c in COMMANDS {
        let page = run(&dir, &["man", c], b"").stdout;
        assert!(page.is_ascii(), "breakglass-{c}.1 is not ASCII");
        assert!(
            !String::from_utf8_lossy(&page).contains("\nExamples:\n"),
            "breakglass-{c}.1 repeats its heading"
        );
    }
    let o = run(&dir, &["man"], b"");
    assert!(o.stdout.is_ascii() && !String::from_utf8_lossy(&o.stdout).contains("breakglass\\-help"));
    let man = String::from_utf8_lossy(&o.stdout).replace("\\-", "-");
    for cmd in ["new", "split", "combine", "inspect", "drill", "rotate", "airgap", "alert-query"] {
        assert!(man.contains(cmd), "man page lacks {cmd}");
    }
}

#[test]
fn every_command_has_help_with_an_example() {
    let dir = scratch("help");
    for cmd in COMMANDS {
        let o = run(&dir, &[cmd, "--help"], b"");
        assert!(o.status.success(), "{cmd} --help");
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(help.contains("breakglass"), "{cmd} --help has no example:\n{help}");
        assert!(help.contains("Example"), "{cmd} --help has no example:\n{help}");
        assert!(!help.contains("\u{1b}["), "{cmd} --help uses colour");
    }
}

#[test]
fn json_output_parses() {
    if !have_tool("python3") {
        return;
    }
    let dir = scratch("json");
    let o = run(&dir, &["split", "--format", "text", "--out-dir", "s", "--label", "say \"hi\"\\"], b"secret");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (args, key) in [
        (vec!["inspect", "--json", "s/share-1-of-3.txt"], "shares"),
        (vec!["drill", "--json", "s/share-1-of-3.txt", "s/share-2-of-3.txt"], "fingerprint"),
        (vec!["drill", "--json", "s/share-1-of-3.txt"], "error"),
        (vec!["airgap", "--json"], "airgapped"),
    ] {
        let o = run(&dir, &args, b"");
        let parsed = Command::new("python3")
            .args(["-c", &format!("import json,sys; d=json.load(sys.stdin); assert '{key}' in d, d; print(d.get('verdict', ''))")])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().map(|mut i| i.write_all(&o.stdout));
                c.wait_with_output()
            })
            .expect("python3");
        assert!(parsed.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stdout));
        assert!(!String::from_utf8_lossy(&o.stdout).contains("secret\""), "{args:?} printed the secret");
    }
    let o = run(&dir, &["inspect", "--json", "s/share-1-of-3.txt"], b"");
    assert!(String::from_utf8_lossy(&o.stdout).contains(r#""label":"say \"hi\"\\""#));
}

/// The completions load in the shells they are for (fish once refused the whole file over the `$`
/// in the AWS symbols), and complete a command, an option and a profile.
#[test]
fn completions_load_in_their_shells() {
    let dir = scratch("finish-shells");
    for shell in ["bash", "fish"] {
        let o = run(&dir, &["completions", shell], b"");
        assert!(o.status.success());
        fs::write(dir.join(shell), &o.stdout).expect("write");
    }
    let bash = Command::new("bash").arg("-n").arg(dir.join("bash")).output().expect("bash");
    assert!(bash.status.success(), "{}", String::from_utf8_lossy(&bash.stderr));
    if !have_tool("fish") {
        return;
    }
    let source = format!("source {}", dir.join("fish").display());
    let lines = [
        ("breakglass gen", "generate"),
        ("breakglass new --for", "--force"),
        ("breakglass generate --profile ", "aws-root"),
    ];
    for (line, want) in lines {
        let script = format!("{source}; complete -C '{line}'");
        let o = Command::new("fish").args(["--no-config", "-c", &script]).output().expect("fish");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success() && err.is_empty(), "{line}: {err}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains(want),
            "{line}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
}

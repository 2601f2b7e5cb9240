//! The monitoring rules, checked by the platforms' own parsers: every KQL query the tool prints
//! (on stdout, inside the az script, in the record) by Microsoft's Kusto language service
//! (`tests/kusto`, npm `@kusto/language-service-next`, installed by `.ci/run`), and the AWS event
//! pattern by EventBridge's documented matching rules (`tests/data/aws/eventbridge_match.py`)
//! against sample CloudTrail events.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{have_tool, run, scratch};

const A: &str = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
const B: &str = "11111111-2222-3333-4444-555555555555";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Kusto checker, when node and the npm package are installed (`npm ci` in tests/kusto); under
/// CI their absence fails the test.
fn kusto() -> Option<PathBuf> {
    let dir = repo().join("tests/kusto");
    let installed = dir.join("node_modules/@kusto/language-service-next/bridge.js").exists();
    if have_tool("node") && installed {
        return Some(dir.join("check-kql.js"));
    }
    let why = "the Kusto checker is not installed (node and `npm ci --prefix tests/kusto`)";
    assert!(std::env::var_os("CI").is_none(), "{why}; .ci/run installs it");
    eprintln!("skipped: {why}");
    None
}

fn check_kql(dir: &Path, files: &[&str]) -> Output {
    let script = kusto().expect("checked by the caller");
    Command::new("node").arg(script).args(files).current_dir(dir).output().expect("node runs")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status.code(), String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

/// The here-documents of a script, by their end word (`KQL`, `JSON`): the text a variable holds.
fn here_documents(script: &str, end: &str) -> Vec<String> {
    let start = format!("<<'{end}'");
    let mut docs = Vec::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
        if line.trim_end().ends_with(&start) {
            let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim_end() != end).collect();
            docs.push(body.iter().map(|l| format!("{l}\n")).collect());
        }
    }
    docs
}

#[test]
fn every_kql_the_tool_prints_analyses_clean_in_microsofts_kusto_service() {
    if kusto().is_none() {
        return;
    }
    let dir = scratch("monitor-kql");
    let ids = ["alert-query", "--object-id", A, "--object-id", B];
    let signin = ok(&run(&dir, &ids, b""));
    let audit = ok(&run(&dir, &[&ids[..], &["--audit"]].concat(), b""));
    let script = ok(&run(&dir, &[&ids[..], &["--commands"]].concat(), b""));
    assert!(signin.contains("union SigninLogs, AADNonInteractiveUserSignInLogs"), "{signin}");
    assert!(audit.contains("AuditLogs"), "{audit}");
    // Each alert rule runs the very query shown.
    assert_eq!(here_documents(&script, "KQL"), [signin.clone(), audit.clone()]);
    assert!(script.contains("--condition-query SignIns=\"$signin_query\""), "{script}");
    assert!(script.contains("--condition-query Changes=\"$changes_query\""), "{script}");
    fs::write(dir.join("signin.kql"), &signin).expect("write");
    fs::write(dir.join("audit.kql"), &audit).expect("write");

    // The record made with the same ids holds both queries, line for line.
    let o = run(
        &dir,
        &["split", "--format", "both", "--out-dir", "set", "--object-id", A, "--object-id", B],
        b"Example-Secret-1",
    );
    ok(&o);
    let record = fs::read_to_string(dir.join("set/record.txt")).expect("record");
    for query in [&signin, &audit] {
        assert!(record.contains(&format!("\n{query}")), "record.txt lacks\n{query}");
    }
    // The script as it stands in record.txt, and as typed back from record.pdf (its text as
    // pdftotext gives it, wrapped lines and all).
    let mut files = vec!["signin.kql".to_string(), "audit.kql".to_string()];
    let pdf_text = Command::new("pdftotext").args(["set/record.pdf", "-"]).current_dir(&dir).output();
    let pdf_text = String::from_utf8(pdf_text.expect("pdftotext").stdout).expect("utf-8");
    for (source, text) in [("txt", record.as_str()), ("pdf", pdf_text.as_str())] {
        let docs = here_documents(text, "KQL");
        assert_eq!(docs.len(), 2, "the script's two queries in record.{source}");
        for (i, doc) in docs.iter().enumerate() {
            let name = format!("record-{source}-{i}.kql");
            fs::write(dir.join(&name), doc).expect("write");
            files.push(name);
        }
    }
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let out = ok(&check_kql(&dir, &names));
    assert_eq!(out.matches(": 0 diagnostics").count(), files.len(), "{out}");
}

#[test]
fn the_kusto_check_reports_what_is_not_a_query() {
    if kusto().is_none() {
        return;
    }
    let dir = scratch("monitor-kql-broken");
    let signin = ok(&run(&dir, &["alert-query", "--object-id", A], b""));
    let script = ok(&run(&dir, &["alert-query", "--object-id", A, "--commands"], b""));
    // What `alert-query > signin.kql` used to write: the query, a shell comment and the az command.
    fs::write(dir.join("old-stdout.kql"), format!("{signin}\n# Create the alert rule\n{script}"))
        .expect("write");
    fs::write(dir.join("unclosed.kql"), "SigninLogs | where UserId in ('x'").expect("write");
    fs::write(dir.join("no-table.kql"), "SigninLog | take 1").expect("write");
    for bad in ["old-stdout.kql", "unclosed.kql", "no-table.kql"] {
        let o = check_kql(&dir, &[bad]);
        assert_eq!(o.status.code(), Some(1), "{bad} passed the Kusto check");
        assert!(String::from_utf8_lossy(&o.stderr).contains(&format!("{bad}: Error")), "{bad}");
    }
}

#[test]
fn the_scripts_are_valid_shell() {
    if !have_tool("sh") {
        return;
    }
    let dir = scratch("monitor-shell");
    for (name, args) in [
        ("az.sh", &["alert-query", "--object-id", A, "--object-id", B, "--commands"][..]),
        ("aws.sh", &["alert-query", "--platform", "aws", "--commands"][..]),
    ] {
        let script = ok(&run(&dir, args, b""));
        assert!(script.starts_with("#!/bin/sh\n") && script.contains("set -e\n"), "{script}");
        fs::write(dir.join(name), &script).expect("write");
        let o = Command::new("sh").args(["-n", name]).current_dir(&dir).output().expect("sh");
        assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let az = fs::read_to_string(dir.join("az.sh")).expect("read");
    assert!(az.contains("az extension add --name scheduled-query"), "{az}");
    assert_eq!(az.matches("az monitor scheduled-query create").count(), 2);
}

#[test]
fn the_aws_pattern_matches_root_activity_and_nothing_else() {
    if !have_tool("python3") {
        return;
    }
    let dir = scratch("monitor-aws");
    let pattern = ok(&run(&dir, &["alert-query", "--platform", "aws"], b""));
    fs::write(dir.join("pattern.json"), &pattern).expect("write");
    // The pattern inside the commands is the same pattern.
    let script = ok(&run(&dir, &["alert-query", "--platform", "aws", "--commands"], b""));
    let inline = here_documents(&script, "JSON");
    assert_eq!(inline.first(), Some(&pattern), "{script}");
    fs::write(dir.join("inline.json"), &inline[0]).expect("write");
    // Read-only root calls are delivered too, to a topic in the rule's own Region.
    assert!(script.contains("--state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"), "{script}");
    assert!(script.contains("--targets \"Id=notify-security,Arn=$topic\""), "{script}");
    let events = repo().join("tests/data/aws");
    let matcher = events.join("eventbridge_match.py");
    let expected = [
        ("root-console-sign-in.json", "match"),
        ("root-console-sign-in-failed.json", "match"),
        ("root-api-call.json", "match"),
        ("root-read-only-api-call.json", "match"),
        ("iam-user-sign-in.json", "no match"),
        ("assumed-role-api-call.json", "no match"),
    ];
    for file in ["pattern.json", "inline.json"] {
        let mut cmd = Command::new("python3");
        cmd.arg(&matcher).arg(file).current_dir(&dir);
        cmd.args(expected.iter().map(|(e, _)| events.join(e)));
        let out = ok(&cmd.output().expect("python3"));
        for (event, verdict) in expected {
            assert!(out.contains(&format!("{event}: {verdict}\n")), "{file}, {event}: {out}");
        }
    }
    // The matcher refuses what EventBridge refuses, so a broken pattern would not pass.
    fs::write(dir.join("bad.json"), r#"{"detail": {"userIdentity": {"type": "Root"}}}"#).expect("write");
    let o =
        Command::new("python3").arg(&matcher).arg("bad.json").current_dir(&dir).output().expect("python3");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_record_holds_the_rules_and_checks_of_the_profiles_platform() {
    let dir = scratch("monitor-record");
    let cases = [
        (
            &["--profile", "entra", "--object-id", A][..],
            "Account configuration (Microsoft Entra ID)",
            "union SigninLogs",
        ),
        (
            &["--profile", "aws-root"][..],
            "Account configuration (the AWS account root user)",
            "\"type\": [\"Root\"]",
        ),
        (
            &["--profile", "google", "--upn", "bg-admin@example.com"][..],
            "Account configuration (the Google Workspace super admin)",
            "Actor is bg-admin@example.com",
        ),
    ];
    for (i, (extra, heading, rule)) in cases.into_iter().enumerate() {
        let out = format!("set{i}");
        let mut args = vec!["new", "--format", "text", "--out-dir", &out];
        args.extend_from_slice(extra);
        ok(&run(&dir, &args, b""));
        let record = fs::read_to_string(dir.join(&out).join("record.txt")).expect("record");
        for want in [heading, rule, "Tell security operations a check is under way"] {
            assert!(record.contains(want), "{extra:?}: record lacks {want:?}");
        }
    }
    let record = fs::read_to_string(dir.join("set0/record.txt")).expect("record");
    for want in
        ["*.onmicrosoft.com domain", "not through a PIM activation", "Conditional Access", "MFA and SSPR"]
    {
        assert!(record.contains(want), "{want}");
    }
}

/// Runs a script the tool printed with fake `az` and `aws` commands first on PATH, which record
/// every call; the calls, each as its arguments.
fn run_with_fakes(dir: &Path, script: &str) -> Vec<Vec<String>> {
    let bin = dir.join("fake-bin");
    fs::create_dir_all(&bin).expect("mkdir");
    let fake = "#!/bin/sh\n\
        { printf '%s' \"$(basename \"$0\")\"; for a in \"$@\"; do printf '\\037%s' \"$a\"; done; printf '\\036'; } >> \"$FAKE_LOG\"\n\
        if [ \"$1 $2\" = 'sns create-topic' ]; then echo \"arn:aws:sns:$4:123456789012:breakglass-root-activity\"; fi\n";
    for name in ["az", "aws"] {
        fs::write(bin.join(name), fake).expect("write");
        let o = Command::new("chmod").arg("+x").arg(bin.join(name)).output().expect("chmod");
        assert!(o.status.success());
    }
    fs::write(dir.join("script.sh"), script).expect("write");
    let log = dir.join("calls.log");
    let _ = fs::remove_file(&log);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let o =
        Command::new("sh").arg("script.sh").current_dir(dir).env("PATH", path).env("FAKE_LOG", &log).output();
    ok(&o.expect("sh"));
    let calls = fs::read_to_string(&log).expect("the script called az or aws");
    calls
        .split('\u{1e}')
        .filter(|c| !c.is_empty())
        .map(|c| c.split('\u{1f}').map(String::from).collect())
        .collect()
}

/// The value after `flag` in a call.
fn arg<'a>(call: &'a [String], flag: &str) -> &'a str {
    let at = call.iter().position(|a| a == flag).unwrap_or_else(|| panic!("{flag} in {call:?}"));
    &call[at + 1]
}

#[test]
fn the_scripts_pass_the_shown_query_and_pattern_to_the_cli_byte_for_byte() {
    if !have_tool("sh") {
        return;
    }
    let dir = scratch("monitor-fake-cli");
    let ids = ["alert-query", "--object-id", A, "--object-id", B];
    let signin = ok(&run(&dir, &ids, b""));
    let audit = ok(&run(&dir, &[&ids[..], &["--audit"]].concat(), b""));
    let calls = run_with_fakes(&dir, &ok(&run(&dir, &[&ids[..], &["--commands"]].concat(), b"")));
    assert_eq!(calls[0][..4], ["az", "extension", "add", "--name"]);
    let rules: Vec<&Vec<String>> =
        calls.iter().filter(|c| c[1..4] == ["monitor", "scheduled-query", "create"]).collect();
    assert_eq!(rules.len(), 2, "{calls:?}");
    // The shell's $(…) drops the final line end; nothing else differs.
    assert_eq!(arg(rules[0], "--condition-query"), format!("SignIns={}", signin.trim_end()));
    assert_eq!(arg(rules[1], "--condition-query"), format!("Changes={}", audit.trim_end()));
    assert_eq!(arg(rules[0], "--severity"), "0");

    let pattern = ok(&run(&dir, &["alert-query", "--platform", "aws"], b""));
    let script = ok(&run(&dir, &["alert-query", "--platform", "aws", "--commands"], b""));
    let two_regions = script.replace("REGIONS=\"us-east-1\"", "REGIONS=\"us-east-1 eu-west-1\"");
    assert_ne!(two_regions, script);
    let calls = run_with_fakes(&dir, &two_regions);
    let find =
        |what: &str| -> Vec<&Vec<String>> { calls.iter().filter(|c| c[1..3].join(" ") == what).collect() };
    let (rules, targets, policies) =
        (find("events put-rule"), find("events put-targets"), find("sns set-topic-attributes"));
    assert_eq!((rules.len(), targets.len(), policies.len()), (2, 2, 2), "{calls:?}");
    for (i, region) in ["us-east-1", "eu-west-1"].into_iter().enumerate() {
        let topic = format!("arn:aws:sns:{region}:123456789012:breakglass-root-activity");
        assert_eq!(arg(rules[i], "--region"), region);
        assert_eq!(arg(rules[i], "--event-pattern"), pattern.trim_end());
        assert_eq!(arg(rules[i], "--state"), "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
        assert_eq!(arg(targets[i], "--targets"), format!("Id=notify-security,Arn={topic}"));
        let policy = arg(policies[i], "--attribute-value");
        assert!(policy.contains(&format!("\"Resource\": \"{topic}\"")), "{policy}");
        assert!(policy.contains("\"Service\": \"events.amazonaws.com\""), "{policy}");
    }
}

//! Every example in the README's code blocks and in every `--help` runs as written, in a folder that
//! holds what a custodian would have: the set `new` wrote (PDF sheets and record), and the photos,
//! scans and typed copies the examples name, made from those sheets with poppler (`pdftoppm`,
//! `pdftotext`). Examples that make something run in an empty folder instead. Only system install
//! paths (`> /etc/…`) are redirected into the folder.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{bin, have_tool, scratch};

/// One example: where it was found, and the command line.
struct Example {
    origin: String,
    line: String,
}

/// The example lines of one `--help` text: after an `Example…:` heading (or on its line), and the
/// top-level `Start with:` / `Recover with:` lines.
fn help_examples(cmd: &str) -> Vec<Example> {
    let mut args: Vec<&str> = cmd.split_whitespace().collect();
    args.push("--help");
    let out = Command::new(bin()).args(&args).output().expect("help");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut found = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let t = line.trim();
        let inline = ["Example: ", "Start with: ", "Recover with: "].iter().find_map(|p| t.strip_prefix(p));
        if let Some(rest) = inline {
            found.push(rest.to_string());
            continue;
        }
        if t.starts_with("Example") && t.ends_with(':') {
            in_block = true;
            continue;
        }
        if t.is_empty() {
            in_block = false;
        }
        if in_block && (t.starts_with("breakglass ") || t.contains("| breakglass ")) {
            found.push(t.to_string());
        }
    }
    found
        .into_iter()
        .map(|l| {
            // A note after the command, in parentheses after two spaces.
            let line = l.split("   (").next().unwrap_or(&l).trim().to_string();
            Example { origin: format!("breakglass {cmd} --help"), line }
        })
        .collect()
}

/// The command lines in the README's `sh` code blocks (not the synopsis of every option).
fn readme_examples() -> Vec<Example> {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let mut found = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let command = line.split("  #").next().unwrap_or(line).trim();
        let command = command.replace("cargo run --release -- ", "breakglass ");
        let synopsis = command.contains('[') || command.contains("...") || command.ends_with("SHELL");
        if command.starts_with("breakglass ") && !synopsis {
            found.push(Example { origin: "README.md".into(), line: command });
        }
    }
    found
}

/// Whether an example makes a set or reads nothing (run in an empty folder) rather than reading the
/// custodian's files.
fn makes_something(line: &str) -> bool {
    let sub = line.split_whitespace().nth(1).unwrap_or("");
    matches!(sub, "new" | "split" | "generate" | "airgap" | "alert-query" | "completions" | "man")
        || line.contains("--supersedes")
}

/// The folder of a custodian: a set made by `new` (PDF sheets and record), as the examples expect.
fn custodian_folder(root: &Path) -> PathBuf {
    let dir = root.join("template");
    if dir.exists() {
        return dir;
    }
    fs::create_dir_all(&dir).expect("template");
    let o = Command::new(bin())
        .args(["new", "-t", "2", "-n", "3", "--label", "bg-admin1@contoso.com", "--out-dir", "shares"])
        .current_dir(&dir)
        .output()
        .expect("new");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

/// Makes a file an example names from the sheets: a typed copy (`.txt`, by pdftotext), the PDF, or a
/// photo or scan (`.png`, `.jpg`, rendered by pdftoppm). The sheet is the first number in the name.
fn provide(dir: &Path, name: &str) {
    let path = dir.join(name);
    // What breakglass wrote is only what `new` wrote: an example naming another file there is wrong.
    if path.exists() || name.contains('*') || name.starts_with("shares/") {
        return;
    }
    let base = Path::new(name).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let sheet = if base.starts_with("record") {
        "shares/record.pdf".to_string()
    } else {
        let n = base.chars().find(char::is_ascii_digit).unwrap_or('1');
        format!("shares/share-{n}-of-3.pdf")
    };
    let src = dir.join(&sheet);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("dir");
    }
    if name.ends_with(".pdf") {
        fs::copy(&src, &path).expect("copy");
    } else if name.ends_with(".txt") {
        let ok = Command::new("pdftotext").arg(&src).arg(&path).status().expect("pdftotext").success();
        assert!(ok, "pdftotext {sheet}");
    } else if name.ends_with(".png") || name.ends_with(".jpg") {
        let format = if name.ends_with(".png") { "-png" } else { "-jpeg" };
        let stem = dir.join("render-tmp");
        let ok = Command::new("pdftoppm")
            .args([format, "-r", "150", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&src)
            .arg(&stem)
            .status()
            .expect("pdftoppm")
            .success();
        assert!(ok, "pdftoppm {sheet}");
        let made = dir.join(format!("render-tmp.{}", if format == "-png" { "png" } else { "jpg" }));
        fs::rename(made, &path).expect("rename");
    }
}

/// The input files an example names (not its outputs).
fn inputs(line: &str) -> Vec<String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let mut names = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let after = i.checked_sub(1).map(|j| tokens[j]).unwrap_or("");
        let output = matches!(after, "-o" | "--output" | "--out-dir" | ">");
        let file = [".txt", ".pdf", ".png", ".jpg"].iter().any(|e| t.ends_with(e));
        if file && !output {
            names.push(t.to_string());
        }
    }
    names
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("dir");
    for entry in fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn every_example_in_the_readme_and_the_help_runs() {
    if !have_tool("pdftoppm") || !have_tool("pdftotext") || !have_tool("zbarimg") {
        return;
    }
    let commands = [
        "",
        "new",
        "rotate",
        "generate",
        "split",
        "combine",
        "inspect",
        "drill",
        "airgap",
        "alert-query",
        "completions",
        "man",
    ];
    let mut examples: Vec<Example> = commands.iter().flat_map(|c| help_examples(c)).collect();
    examples.extend(readme_examples());
    assert!(examples.len() >= 25, "only {} examples found", examples.len());
    let root = scratch("examples");
    let template = custodian_folder(&root);
    let bin_dir = bin().parent().map(Path::to_path_buf).expect("bin dir");
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let online = !Command::new(bin()).arg("airgap").output().expect("airgap").status.success();
    let mut failures = Vec::new();
    for (i, ex) in examples.iter().enumerate() {
        let dir = root.join(format!("ex{i}"));
        let stdin: Vec<u8> = if makes_something(&ex.line) {
            fs::create_dir_all(&dir).expect("dir");
            fs::write(dir.join("secret.txt"), "Example-Secret-1\n").expect("secret");
            b"Example-Secret-1\n".to_vec()
        } else {
            copy_dir(&template, &dir);
            for name in inputs(&ex.line) {
                provide(&dir, &name);
            }
            provide(&dir, "typed-1.txt");
            provide(&dir, "typed-2.txt");
            [
                fs::read(dir.join("typed-1.txt")).expect("typed"),
                fs::read(dir.join("typed-2.txt")).expect("typed"),
            ]
            .concat()
        };
        // Install examples write to system folders: into the example's folder instead.
        let line = match ex.line.split_once(" > ") {
            Some((command, target)) if target.starts_with('/') || target.starts_with('~') => {
                let name = target.rsplit('/').next().unwrap_or("installed");
                format!("{command} > ./installed-{name}")
            }
            _ => ex.line.clone(),
        };
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&line)
            .current_dir(&dir)
            .env("PATH", &path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh");
        if let Some(mut input) = child.stdin.take() {
            use std::io::Write;
            let _ = input.write_all(&stdin);
        }
        let o = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&o.stderr);
        let airgap_online = line.contains("breakglass airgap") && online && err.contains("not air-gapped");
        if !o.status.success() && !airgap_online {
            failures.push(format!("{} — {}: exit {:?}\n{err}", ex.origin, ex.line, o.status.code()));
        }
    }
    println!("{} examples run", examples.len());
    assert!(failures.is_empty(), "examples that fail as written:\n{}", failures.join("\n"));
}

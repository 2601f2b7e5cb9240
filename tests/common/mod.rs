//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use breakglass::{Date, Kind, Lineage, Secret, Share, SplitParams, split};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

/// Splits with a seeded generator (the binary never does this).
pub fn seeded_split(secret: &[u8], k: u8, n: u8, seed: u64) -> Vec<Share> {
    let params = SplitParams {
        threshold: k,
        total: n,
        kind: Kind::Password,
        created: Date(20_416),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    split(&Secret::from_slice(secret), &params, &mut rng).expect("valid split")
}

/// The built binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_breakglass"))
}

/// Runs the binary in `dir` with `args`, feeding `stdin` (stdin is never a terminal here).
pub fn run(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn breakglass");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin).ok();
    drop(input);
    child.wait_with_output().expect("wait")
}

/// A fresh empty directory under the target directory, removed first if it exists.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Whether an external tool is on PATH. Under CI=true a missing tool fails the test; elsewhere the
/// test is skipped with a printed reason.
pub fn have_tool(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!(
                "{tool} is required under CI=true: install it (.ci/run installs poppler-utils zbar-tools qpdf)"
            );
        }
        eprintln!("SKIPPED: {tool} is not installed; install it to run this test");
    }
    found
}

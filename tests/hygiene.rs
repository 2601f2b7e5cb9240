//! Process hygiene of the running binary: no core dumps, secret memory locked, air-gap check.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{bin, run, scratch};

/// Reads a /proc file of `pid` once it has `needle` in it (the process may still be starting).
fn proc_file(pid: u32, file: &str, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
        if text.contains(needle) || start.elapsed() > Duration::from_secs(10) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn field(text: &str, name: &str) -> String {
    text.lines().find(|l| l.starts_with(name)).map(|l| l[name.len()..].trim().to_string()).unwrap_or_default()
}

#[test]
fn running_process_has_no_core_dumps_and_locks_the_secret() {
    let dir = scratch("hygiene");
    // split waits on stdin with its secret buffer already allocated (and locked).
    let mut child = Command::new(bin())
        .args(["split", "--format", "text", "--out-dir", "d"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"partial secret").expect("write");
    std::thread::sleep(Duration::from_millis(300));
    let pid = child.id();
    let limits = proc_file(pid, "limits", "Max core file size");
    let core_line = field(&limits, "Max core file size");
    let core: Vec<&str> = core_line.split_whitespace().collect();
    assert_eq!(&core[..2], ["0", "0"], "core dumps must be off:\n{limits}");
    let status = proc_file(pid, "status", "VmLck");
    let locked_kb: u64 = field(&status, "VmLck:").trim_end_matches("kB").trim().parse().unwrap_or(0);
    let own = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let allowed = field(&own, "Max locked memory");
    let allowed_kb =
        allowed.split_whitespace().next().and_then(|v| v.parse::<u64>().ok()).map_or(u64::MAX, |b| b / 1024);
    if allowed_kb >= 128 {
        assert!(locked_kb >= 64, "the 64 KiB secret buffer should be locked, VmLck is {locked_kb} kB");
    } else {
        eprintln!("SKIPPED lock check: RLIMIT_MEMLOCK is only {allowed_kb} KiB here");
    }
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn airgap_names_what_is_connected() {
    let dir = scratch("airgap");
    let o = run(&dir, &["airgap"], b"");
    let out = String::from_utf8_lossy(&o.stdout);
    let mut up = Vec::new();
    for entry in std::fs::read_dir("/sys/class/net").expect("sysfs").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let flags = std::fs::read_to_string(entry.path().join("flags")).unwrap_or_default();
        let flags = u32::from_str_radix(flags.trim().trim_start_matches("0x"), 16).unwrap_or(0);
        if flags & 1 != 0 && flags & 8 == 0 {
            up.push(name);
        }
    }
    if up.is_empty() {
        eprintln!("no interface is up here; checking only the format");
        assert!(out.contains("network interfaces up (besides loopback): none"), "{out}");
        return;
    }
    assert_eq!(o.status.code(), Some(1), "{out}");
    for name in &up {
        assert!(out.contains(name.as_str()), "{name} not named in: {out}");
    }
    assert!(out.contains("NOT air-gapped"));
    // --require-airgap refuses, before reading any secret or writing anything.
    let o = run(&dir, &["split", "--format", "text", "--out-dir", "d", "--require-airgap"], b"secret");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("this machine is not air-gapped"));
    assert!(!dir.join("d").exists());
    // Without it, a one-line warning naming the interfaces, and the work is done.
    let o = run(&dir, &["split", "--format", "text", "--out-dir", "d"], b"secret");
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning: this machine is not air-gapped") && err.contains(up[0].as_str()), "{err}");
}

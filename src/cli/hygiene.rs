//! Process hygiene, set up before anything else runs: no core dumps, secret memory locked so it is
//! never swapped out, and a panic message that carries no data.
//!
//! This is the only module of breakglass with `unsafe` code: four libc calls, each with the reason it
//! is sound beside it. Everything else, and the whole library, forbids `unsafe`.
#![allow(unsafe_code)]

use std::sync::atomic::{AtomicBool, Ordering};

use breakglass::{MemoryLock, in_qr_decoder, install_memory_lock};

static LOCK_WARNED: AtomicBool = AtomicBool::new(false);

/// Turns off core dumps for this process: a crash must not write secret memory to disk.
fn no_core_dumps() -> bool {
    let zero = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: setrlimit reads the struct we pass by pointer, which lives for the whole call.
    let limit_ok = unsafe { libc::setrlimit(libc::RLIMIT_CORE, &zero) } == 0;
    // SAFETY: PR_SET_DUMPABLE takes plain integer arguments and touches no memory of ours. Not
    // dumpable also keeps other processes of the same user from attaching with ptrace.
    let prctl_ok = unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } == 0;
    limit_ok && prctl_ok
}

fn lock(ptr: *const u8, len: usize) -> bool {
    // SAFETY: mlock only changes the paging of the range; `ptr..ptr+len` is a live allocation owned by
    // a Secret, which unlocks it before freeing it.
    let ok = unsafe { libc::mlock(ptr.cast(), len) } == 0;
    if !ok && !LOCK_WARNED.swap(true, Ordering::Relaxed) {
        eprintln!(
            "warning: secret memory could not be locked (ulimit -l is too low); it could be written to swap: \
             turn swap off on the ceremony laptop (swapoff -a)"
        );
    }
    ok
}

fn unlock(ptr: *const u8, len: usize) {
    // SAFETY: the same live range that `lock` locked; munlock only changes its paging.
    unsafe { libc::munlock(ptr.cast(), len) };
}

/// Applies every protection; warns (once each) where the OS refuses one.
pub(crate) fn harden() {
    std::panic::set_hook(Box::new(|info| {
        // The QR decoder's panics on odd images are caught and handled as "no code": say nothing.
        if in_qr_decoder() {
            return;
        }
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!(
            "breakglass stopped on an internal error{at}; nothing secret was printed. Please report this bug."
        );
    }));
    if !no_core_dumps() {
        eprintln!("warning: core dumps could not be turned off for this process");
    }
    install_memory_lock(MemoryLock { lock, unlock });
}

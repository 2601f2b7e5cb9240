//! Process hygiene and the few system calls the standard library lacks: no core dumps, secret memory
//! locked so it is never swapped out, a panic message that carries no data, interrupt signals turned
//! into a flag while files are being written, and linking an unnamed file into place.
//!
//! This is the only module of breakglass with `unsafe` code: libc calls, each with the reason it is
//! sound beside it. Everything else, and the whole library, forbids `unsafe`.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use breakglass::{MemoryLock, in_qr_decoder, install_memory_lock};

static LOCK_WARNED: AtomicBool = AtomicBool::new(false);

/// A message on standard error (this module sits below `console`, which writes through it).
fn err_text(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.flush());
}

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

/// Whether all memory of the process, present and future, could be locked. Only tried when the
/// locked-memory limit allows far more than the process needs (Argon2id alone takes 64 MiB): with a
/// tight limit, `MCL_FUTURE` would make later allocations fail instead.
fn lock_everything() -> bool {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes into the struct we pass, which lives for the whole call.
    let got = unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut limit) } == 0;
    // SAFETY: geteuid has no arguments and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let roomy = got && (limit.rlim_cur == libc::RLIM_INFINITY || limit.rlim_cur >= 1 << 30);
    // SAFETY: mlockall takes plain flags and touches no memory of ours.
    (root || roomy) && unsafe { libc::mlockall(libc::MCL_CURRENT | libc::MCL_FUTURE) } == 0
}

/// How many live `Secret` buffers use each locked page, so that unlocking one never unlocks a page
/// another still uses.
static PAGES: Mutex<Option<HashMap<usize, usize>>> = Mutex::new(None);

fn page_size() -> usize {
    // SAFETY: sysconf takes a plain constant.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(n).ok().filter(|&n| n > 0).unwrap_or(4096)
}

fn pages(ptr: *const u8, len: usize) -> impl Iterator<Item = usize> {
    let size = page_size();
    let start = ptr as usize / size * size;
    (start..ptr as usize + len).step_by(size)
}

fn lock(ptr: *const u8, len: usize) -> bool {
    let mut guard = PAGES.lock().unwrap_or_else(|e| e.into_inner());
    let counts = guard.get_or_insert_with(HashMap::new);
    let mut ok = true;
    for page in pages(ptr, len) {
        let count = counts.entry(page).or_insert(0);
        // SAFETY: mlock only changes the paging of one page of a live allocation owned by a Secret,
        // which unlocks it (through `unlock`) before freeing it.
        if *count == 0 && unsafe { libc::mlock(page as *const libc::c_void, 1) } != 0 {
            ok = false;
        }
        *count += 1;
    }
    if !ok && !LOCK_WARNED.swap(true, Ordering::Relaxed) {
        err_text(format_args!(
            "warning: secret memory could not be locked (ulimit -l is too low); it could be written to swap: \
             turn swap off on the ceremony laptop (swapoff -a)\n"
        ));
    }
    ok
}

fn unlock(ptr: *const u8, len: usize) {
    let mut guard = PAGES.lock().unwrap_or_else(|e| e.into_inner());
    let Some(counts) = guard.as_mut() else { return };
    for page in pages(ptr, len) {
        if let Some(count) = counts.get_mut(&page) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&page);
                // SAFETY: the same page `lock` locked, still mapped (its Secret is being dropped).
                unsafe { libc::munlock(page as *const libc::c_void, 1) };
            }
        }
    }
}

/// Applies every protection; warns (once each) where the OS refuses one.
pub(crate) fn harden() {
    std::panic::set_hook(Box::new(|info| {
        // The QR decoder's panics on odd images are caught and handled as "no code": say nothing.
        if in_qr_decoder() {
            return;
        }
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        err_text(format_args!(
            "breakglass stopped on an internal error{at}; nothing secret was printed. Please report this bug.\n"
        ));
    }));
    if !no_core_dumps() {
        err_text(format_args!("warning: core dumps could not be turned off for this process\n"));
    }
    // A file size limit (`ulimit -f`) makes a write fail with EFBIG, which is reported and rolled
    // back like a full disk, instead of killing the process mid-write without a word.
    // SAFETY: setting a signal's disposition to ignore touches no memory of ours.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    // With all memory locked (Argon2id's blocks, the cipher's state, rendering buffers) nothing needs
    // locking one buffer at a time; otherwise each Secret locks its own pages.
    if !lock_everything() {
        install_memory_lock(MemoryLock { lock, unlock });
    }
}

/// The interrupt signal caught while files were being written, or 0.
static CAUGHT: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(signal: libc::c_int) {
    CAUGHT.store(signal, Ordering::SeqCst);
}

const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// While alive, SIGINT, SIGTERM and SIGHUP only raise a flag ([`interrupted`]), so that the code
/// writing files can stop at a safe point and remove what it wrote; the previous handlers come back
/// when it is dropped.
pub(crate) struct SignalGuard {
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

/// Catches the interrupt signals until the guard is dropped.
pub(crate) fn catch_signals() -> SignalGuard {
    CAUGHT.store(0, Ordering::SeqCst);
    let mut previous = Vec::new();
    for signal in SIGNALS {
        // SAFETY: sigaction is plain data; an all-zero value is a valid empty mask and no flags.
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        // SAFETY: as above.
        let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
        // SAFETY: both structs live for the whole call; the handler only stores to an atomic, which
        // is async-signal-safe.
        if unsafe { libc::sigaction(signal, &action, &mut old) } == 0 {
            previous.push((signal, old));
        }
    }
    SignalGuard { previous }
}

impl Drop for SignalGuard {
    fn drop(&mut self) {
        for (signal, old) in &self.previous {
            // SAFETY: restores the action that sigaction gave back, from a struct that lives here.
            unsafe { libc::sigaction(*signal, old, std::ptr::null_mut()) };
        }
    }
}

/// The interrupt signal caught since [`catch_signals`], if any.
pub(crate) fn interrupted() -> Option<i32> {
    Some(CAUGHT.load(Ordering::SeqCst)).filter(|&s| s != 0)
}

/// Gives the unnamed file `file` (opened with `O_TMPFILE`) the name `target`; fails with
/// `AlreadyExists` if the name is taken.
pub(crate) fn link_unnamed(file: &File, target: &Path) -> io::Result<()> {
    let source = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let target = CString::new(target.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that live for the whole call; linkat touches no
    // other memory of ours.
    let rc = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            source.as_ptr(),
            libc::AT_FDCWD,
            target.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// Whether standard output can take a new password: open for writing (not a file or directory
/// opened to read, as `1<file` does), and not `/dev/null` (where the standard library puts a
/// descriptor that was closed when the process started).
pub(crate) fn stdout_is_open() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let null = std::fs::metadata("/proc/self/fd/1").is_ok_and(|m| {
        m.file_type().is_char_device() && m.rdev() == std::fs::metadata("/dev/null").map_or(0, |n| n.rdev())
    });
    !null && stdout_writable()
}

/// Whether descriptor 1 is open for writing.
pub(crate) fn stdout_writable() -> bool {
    // SAFETY: F_GETFL on a descriptor number only reads the kernel's table.
    let flags = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFL) };
    flags != -1 && matches!(flags & libc::O_ACCMODE, libc::O_WRONLY | libc::O_RDWR)
}

/// Reads from standard input's descriptor directly (no buffer of the standard library's holds what
/// is read), retrying when a signal interrupts; 0 at the end of input.
pub(crate) fn read_stdin(buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        // SAFETY: the buffer is valid for its length; descriptor 0 stays open for the process.
        let n = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
        if n >= 0 {
            return Ok(n.unsigned_abs());
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// Standard input's descriptor as a reader that keeps no buffer of its own ([`read_stdin`]): the
/// standard library's stdin would keep a copy of up to 8 KiB of a secret or of shares, unwiped.
pub(crate) struct RawStdin;

impl std::io::Read for RawStdin {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        read_stdin(buf)
    }
}

/// Writes all of `bytes` to descriptor 1 directly, retrying when a signal interrupts. No buffer of
/// the standard library's keeps a copy (a secret is wiped where it is held), and a descriptor that
/// is closed or not open for writing is an error: the standard library's stdout takes EBADF for
/// success, which once let `new` exit 0 with its password written nowhere.
pub(crate) fn write_stdout(mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        // SAFETY: the buffer is valid for its length; descriptor 1 is only written.
        let n = unsafe { libc::write(libc::STDOUT_FILENO, bytes.as_ptr().cast(), bytes.len()) };
        match usize::try_from(n) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = bytes.get(n..).unwrap_or_default(),
            Err(_) => {
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}

/// Whether standard input has something to read within `ms` milliseconds.
pub(crate) fn stdin_readable_within(ms: i32) -> bool {
    let mut fd = libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd, for the length given.
    let n = unsafe { libc::poll(&mut fd, 1, ms) };
    n > 0 && fd.revents & libc::POLLIN != 0
}

/// Discards what was typed at the terminal and not yet read (a no-op when stdin is not one).
pub(crate) fn flush_terminal_input() {
    // SAFETY: tcflush on descriptor 0 only discards queued input; it fails harmlessly otherwise.
    unsafe { libc::tcflush(0, libc::TCIFLUSH) };
}

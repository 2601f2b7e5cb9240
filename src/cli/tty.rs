//! Lines typed or pasted at the terminal, read straight from the descriptor so that no buffer holds
//! what was not asked for: once the shares are in, whatever a paste left (the rest of a share file,
//! a second copy) is drained and the terminal's input queue flushed before the confirmation, and
//! again when guided recovery ends, so that nothing pasted is left for the shell to run.

use std::io;

use zeroize::{Zeroize, Zeroizing};

use super::hygiene::{flush_terminal_input, read_stdin, stdin_readable_within};

/// How long input must pause before a paste counts as over.
const PASTE_PAUSE_MS: i32 = 150;

/// The lines of standard input (a terminal), read without a buffer of their own.
pub(crate) struct TermLines {
    pending: Zeroizing<Vec<u8>>,
    ended: bool,
    /// Whether the line last returned was already there when it was asked for: part of a paste,
    /// not typed after the prompt.
    unasked: bool,
}

impl TermLines {
    pub(crate) fn new() -> TermLines {
        TermLines { pending: Zeroizing::new(Vec::with_capacity(64 * 1024)), ended: false, unasked: false }
    }

    /// Reads what the terminal has, waiting for it; false at the end of input.
    fn fill(&mut self) -> io::Result<bool> {
        let mut buf = [0u8; 4096];
        let n = read_stdin(&mut buf)?;
        self.pending.extend_from_slice(&buf[..n]);
        buf.zeroize();
        Ok(n > 0)
    }

    /// The next line, without its end; `None` at the end of input (Ctrl-D).
    pub(crate) fn next_line(&mut self) -> io::Result<Option<Zeroizing<String>>> {
        self.unasked = self.has_pending();
        loop {
            if let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
                let line = Zeroizing::new(String::from_utf8_lossy(&self.pending[..end]).into_owned());
                self.pending[..=end].zeroize();
                self.pending.drain(..=end);
                return Ok(Some(line));
            }
            if self.ended || !self.fill()? {
                self.ended = true;
                if self.pending.is_empty() {
                    return Ok(None);
                }
                let line = Zeroizing::new(String::from_utf8_lossy(&self.pending).into_owned());
                self.pending.zeroize();
                self.pending.clear();
                return Ok(Some(line));
            }
        }
    }

    /// Whether more input is waiting: lines of a paste not yet read.
    pub(crate) fn has_pending(&self) -> bool {
        !self.pending.is_empty() || stdin_readable_within(0)
    }

    /// Whether the line last read came with a paste: it was waiting before it was asked for, or
    /// more input was waiting behind it. A line typed at the prompt is neither.
    pub(crate) fn pasted(&self) -> bool {
        self.unasked || self.has_pending()
    }

    /// Throws away what a paste left ([`Self::drain`]) and says how much, before a question that a
    /// pasted line must not answer.
    pub(crate) fn drain_before(&mut self, what: &str) -> usize {
        let dropped = self.drain();
        if dropped > 0 {
            super::console::say!(
                "  ({dropped} more pasted line(s) were not needed and were thrown away before {what}.)"
            );
        }
        dropped
    }

    /// Throws away everything typed or pasted and not yet read: what is held here, what arrives
    /// until input pauses, and the terminal's queue. Returns how many lines were thrown away.
    pub(crate) fn drain(&mut self) -> usize {
        let mut dropped = 0;
        loop {
            dropped += self.pending.iter().filter(|&&b| b == b'\n').count();
            self.pending.zeroize();
            self.pending.clear();
            if self.ended || !stdin_readable_within(PASTE_PAUSE_MS) || !self.fill().unwrap_or(false) {
                break;
            }
        }
        flush_terminal_input();
        dropped
    }
}

impl Drop for TermLines {
    fn drop(&mut self) {
        self.drain();
    }
}

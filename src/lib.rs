//! `breakglass`: generate an emergency-access password, split it into printed Shamir shares, and
//! recover it — offline, with every share self-checking and every recovery verified.
//!
//! Data flows one way through the library:
//!
//! ```text
//! password ──► Secret ──► sharing::split ──► Share ──► share::text (typed form, QR payload) ──► files
//! files / typed text ──► share::text::scan ──► Share ──► sharing::combine ──► Secret ──► stdout
//! ```
//!
//! The binary in `src/main.rs` and `src/cli/` only parses arguments, does I/O and maps errors to exit
//! codes; everything that decides anything lives here, and takes its random number generator as a
//! parameter so tests and golden vectors can be seeded.
#![forbid(unsafe_code)]

pub mod airgap;
pub mod alert;
pub mod date;
pub mod fingerprint;
pub mod passphrase;
pub mod password;
pub mod render;
pub mod scan;
pub mod secret;
pub mod share;
pub mod sharing;

pub use secret::Secret;

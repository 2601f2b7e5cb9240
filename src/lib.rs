//! `breakglass`: generate an emergency-access password, split it into printed Shamir shares, and
//! recover it — offline, with every share self-checking and every recovery verified.
//!
//! Data flows one way through the library:
//!
//! ```text
//! password ──► Secret ──► make_set (seal, split, check every k-subset, fingerprint) ──► Share
//!          ──► set_documents (typed form, QR codes, sheets, record) ──► files
//! files / text / images ──► gather (sniff, scan, find, join parts) ──► Share ──► recover ──► Secret
//! ```
//!
//! The library never prints, prompts, reads files or exits: it returns typed values and typed
//! errors, and takes its random number generator as a parameter so tests and golden vectors can be
//! seeded. The `breakglass` binary (behind the default `cli` feature) parses arguments, does the I/O
//! and maps errors to messages and exit codes.
//!
//! Modules, each with one job:
//!
//! | module | job |
//! |---|---|
//! | `secret` | [`Secret`], the only place secret bytes live |
//! | `password` | platform profiles and unbiased password generation |
//! | `content` | what a PIN, TOTP URI or code list must look like |
//! | `share` | the share format v1: header, binary encoding, typed lines, QR payloads and parts |
//! | `shamir` | Shamir splitting and combining with the integrity tag |
//! | `passphrase` | the optional passphrase envelope |
//! | `fingerprint` | the set fingerprint for drills |
//! | `ceremony` | [`make_set`]: the one checked path from a secret to its shares |
//! | `recover` | [`gather`] and [`recover`]: from what people bring back to the secret |
//! | `render` | sheets, share files and the ceremony record |
//! | `monitor` | the alert rules per platform (Entra, AWS root, Google super admin) and the account checks |
//! | `airgap`, `date`, `english` | the offline check, dates, lists in messages |
#![forbid(unsafe_code)]
#![deny(missing_docs, unreachable_pub)]

mod airgap;
mod ceremony;
mod content;
mod date;
mod english;
mod fingerprint;
mod monitor;
mod passphrase;
mod password;
mod recover;
mod render;
mod secret;
mod shamir;
mod share;

pub use airgap::{AirgapReport, check_airgap};
pub use ceremony::{CeremonyError, MadeSet, SecretSource, SetRequest, Stage, make_set};
pub use content::{ContentError, check_content};
pub use date::{Date, REVIEW_DAYS};
pub use english::{CharName, IndexList, NumberList, Shares, name_list};
pub use fingerprint::Fingerprint;
pub use monitor::aws::{aws_commands, event_pattern};
pub use monitor::entra::{audit_kql, az_commands, signin_kql};
pub use monitor::google::{alert_steps, is_address};
pub use monitor::{ObjectId, ObjectIdError, Service, check_ids, on_onmicrosoft_domain, review_checklist};
pub use passphrase::{
    MIN_PASSPHRASE, PassphraseError, check_new as check_new_passphrase, open as open_envelope,
    seal as seal_envelope,
};
pub use password::{
    CharClass, DEFAULT_LENGTH, MAX_LENGTH, MIN_LENGTH, PLATFORMS, PasswordError, Platform, Policy,
    generate as generate_password,
};
pub use recover::decoders::{Decoder, decode_grey, in_qr_decoder};
pub use recover::image::{ImageError, read_qr_codes};
pub use recover::normalise::{decode_text, fold_char, normalise, plain_line};
pub use recover::problem::{Note, Problem, Source};
pub use recover::sets::{
    Beside, CompleteSet, Inputs, Misfit, RecoverError, Recovery, SetFailure, Want, recover, recover_with,
};
pub use recover::text::{TextShare, find_parts, find_shares};
pub use recover::{Found, Gathered, Input, gather};
pub use render::appendix::RECOVER_PY;
pub use render::documents::{document_names, set_documents};
pub use render::draw::qr_code;
pub use render::fields::{FieldError, MAX_ACCOUNT_CHARS, MAX_LABEL_CHARS, check_account, check_label};
pub use render::record::{CEREMONY_STEPS, RecordInfo, record_pdf, record_text};
pub use render::sheet::sheet_pdf;
pub use render::textfile::sheet_text;
pub use render::{Document, DocumentOptions, Formats, Paper, SheetOptions};
pub use secret::{MemoryLock, Secret, install_memory_lock};
pub use shamir::combine::{combine, combine_expecting};
pub use shamir::{
    MAX_SECRET_LEN, MAX_SUBSETS, Recovered, ShamirError, SplitParams, TAG_KEY, bucket, new_header, split,
    split_under,
};
pub use share::base32;
pub use share::parts::{
    PART_BYTES, PART_MARKER, PARTS_PER_PAGE, Part, PartError, SINGLE_CODE_MAX, join_parts, payloads,
};
pub use share::payload::compact;
pub use share::typed::{
    FirstLine, LINE_BYTES, LINE_CHARS, LineError, LineOutcome, LineParts, LineProblem, LineReader, MARKER,
    TextError,
};
pub use share::{
    CHECKSUM_LEN, DecodeError, FORMAT_VERSION, HEADER_LEN, Header, Kind, LENGTH_PREFIX, Lineage,
    MAX_PADDED_LEN, Preview, SetId, Share, checksum,
};

/// The typed form of shares: lines as written, for whole shares and for any bytes (tests and tools
/// use the latter to write damaged or forged shares).
pub mod typed {
    pub use crate::share::typed::{
        block, block_of_bytes, line_parts, line_parts_of_bytes, lines, lines_of_bytes,
    };
}

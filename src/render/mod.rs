//! Rendering a set for people: the PDF sheet and plain-text file of each share, and the ceremony
//! record, as named documents ready to be written ([`documents::set_documents`]).
//!
//! Sheets show what the share is, the set id, dates, the typed form and how to recover, and nothing
//! about the secret beyond what the share itself carries.

pub(crate) mod appendix;
pub(crate) mod documents;
pub(crate) mod draw;
pub(crate) mod fields;
mod large;
mod metrics;
mod pdf;
pub(crate) mod record;
pub(crate) mod sheet;
pub(crate) mod textfile;

use zeroize::Zeroizing;

use crate::monitor::{ObjectId, Service};

/// Paper sizes for the PDF sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 in).
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

impl Paper {
    /// The paper of this name: `a4` or `letter`.
    pub fn by_name(name: &str) -> Option<Paper> {
        match name {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// What goes on a sheet besides the share.
#[derive(Clone, Copy, Debug)]
pub struct SheetOptions<'a> {
    /// The account or purpose, printed unless the user asked for discreet sheets (then `None`).
    pub label: Option<&'a str>,
    /// Paper size (PDF only).
    pub paper: Paper,
    /// Add the recovery program's pages (PDF only; the ceremony record always has them).
    pub appendix: bool,
}

/// Which files a set is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formats {
    /// One PDF sheet per share, and `record.pdf`.
    Pdf,
    /// One text file per share, and `record.txt`.
    Text,
    /// Both.
    Both,
}

impl Formats {
    /// Whether PDF sheets are written.
    pub(crate) fn pdf(self) -> bool {
        self != Formats::Text
    }

    /// Whether text files are written.
    pub(crate) fn text(self) -> bool {
        self != Formats::Pdf
    }
}

impl Formats {
    /// The formats of this name: `pdf`, `text` or `both`.
    pub fn by_name(name: &str) -> Option<Formats> {
        match name {
            "pdf" => Some(Formats::Pdf),
            "text" => Some(Formats::Text),
            "both" => Some(Formats::Both),
            _ => None,
        }
    }
}

/// Everything about a set's documents besides its shares.
#[derive(Clone, Copy, Debug)]
pub struct DocumentOptions<'a> {
    /// What the sheets show.
    pub sheet: SheetOptions<'a>,
    /// Which files.
    pub formats: Formats,
    /// The label for the record (printed there even when the sheets are discreet).
    pub label: Option<&'a str>,
    /// The account's user principal name, for the record.
    pub upn: Option<&'a str>,
    /// The accounts' Entra object ids, for the record and its monitoring query.
    pub object_ids: &'a [ObjectId],
    /// The full id of the set this one supersedes, when known.
    pub supersedes: Option<&'a str>,
    /// The account's platform, for the record's monitoring rules and account checks.
    pub service: Option<Service>,
}

/// One file of a set: its name in the output directory and its bytes (wiped when dropped: the
/// sheets of k shares together are the secret).
pub struct Document {
    /// File name, e.g. `share-1-of-3.pdf`.
    pub name: String,
    /// The file's bytes.
    pub bytes: Zeroizing<Vec<u8>>,
}

/// "Any 2 of the 3 shares recover the secret. This share alone does not reveal the secret."
pub(crate) fn threshold_sentence(threshold: u8, total: u8) -> String {
    format!(
        "Any {threshold} of the {total} shares recover the secret. This share alone does not reveal the secret."
    )
}

/// Where the format is specified, for recovery without the tool.
pub(crate) const FORMAT_REFERENCE: &str =
    "Without the tool: the format (share format v1) is specified in docs/FORMAT.md of the breakglass source.";

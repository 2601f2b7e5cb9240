//! Rendering shares for people: the PDF sheet ([`pdf`]) and the plain-text share file ([`textfile`]).
//!
//! Both show the same facts — what the share is, the set id, dates, the typed form, how to recover —
//! and neither shows anything about the secret beyond what the share itself carries.

pub mod appendix;
pub mod pdf;
pub mod record;
pub mod textfile;

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

/// "Any 2 of the 3 shares recover the secret. This share alone reveals nothing."
pub fn threshold_sentence(threshold: u8, total: u8) -> String {
    format!("Any {threshold} of the {total} shares recover the secret. This share alone reveals nothing.")
}

/// Where the format is specified, for recovery without the tool.
pub const FORMAT_REFERENCE: &str =
    "Without the tool: the format (share format v1) is specified in docs/FORMAT.md of the breakglass source.";

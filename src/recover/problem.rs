//! What can be wrong with an input given to recovery, one sentence each, naming the input (and the
//! line, where there is one) and what to do.

use std::fmt;

use thiserror::Error;

use super::image::ImageError;
use crate::english::{NumberList, name_list};
use crate::share::SetId;
use crate::share::parts::PartError;
use crate::share::typed::TextError;

/// Where a share came from: the input's name, and the input line when it holds more than one share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The input as shown to people ("standard input", a file name, "QR parts in a.png, b.png").
    pub input: String,
    /// The input line the share starts on, when the input holds more than one share.
    pub line: Option<usize>,
}

impl Source {
    /// A whole input.
    pub fn whole(input: &str) -> Source {
        Source { input: input.to_string(), line: None }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} (input line {line})", self.input),
            None => f.write_str(&self.input),
        }
    }
}

/// An input, or a share in it, that could not be used.
#[derive(Debug, Error)]
pub enum Problem {
    /// A share was found but cannot be read.
    #[error("{at}: {error}")]
    Unreadable {
        /// Where the share is.
        at: Source,
        /// What is wrong with it.
        error: TextError,
    },
    /// Text with no share in it.
    #[error(
        "no breakglass share found in {input}: a share is a line BREAKGLASS-V1 followed by numbered lines, or a QR text BREAKGLASS-V1:…"
    )]
    NoShare {
        /// The input.
        input: String,
    },
    /// An image in which no QR code could be read.
    #[error(
        "no readable QR code in {input}: take the photo straight on, in even light, with the whole code sharp; or type the text printed beside the code (run breakglass combine with no arguments)"
    )]
    NoCode {
        /// The input.
        input: String,
    },
    /// A QR code that is not a breakglass share (what it holds is not shown: it may be a secret).
    #[error("{input} holds a QR code that is not a breakglass share ({what}); it was ignored")]
    ForeignCode {
        /// The input.
        input: String,
        /// What kind of code it is, without its content: "an otpauth: link", "70 characters of text".
        what: String,
    },
    /// An image that could not be searched.
    #[error("{input}: {error}")]
    Image {
        /// The input.
        input: String,
        /// Why.
        error: ImageError,
    },
    /// A PDF that breakglass did not write, whose text must be extracted first.
    #[error(
        "{input} is a PDF that breakglass did not write (or one saved again by another program): if it holds a sheet's text, extract it first (`pdftotext {} - | breakglass combine -`); if it is a scan, give its page images (`pdftoppm -r 300 -png {} page`, then the page-*.png files)",
        pdf_name(.input),
        pdf_name(.input)
    )]
    Pdf {
        /// The input.
        input: String,
    },
    /// A damaged part code of a large share.
    #[error("{input}: {error}")]
    Part {
        /// The input.
        input: String,
        /// Why.
        error: PartError,
    },
    /// Parts gathered from every input that do not make a whole share.
    #[error("{0}")]
    Parts(PartError),
    /// A text input with more lines than any set of shares has.
    #[error(
        "{input} has more than {max} lines, far more than any set of shares: give the files that hold the shares"
    )]
    TooManyLines {
        /// The input.
        input: String,
        /// The most lines an input may have.
        max: usize,
    },
    /// More problems than are worth keeping; the rest were only counted.
    #[error("{count} more problems like these were found and not listed")]
    More {
        /// How many.
        count: usize,
    },
    /// The image search stopped on an internal error.
    #[error("{input}: the image search stopped on an internal error; please report this bug")]
    SearchFailed {
        /// The input.
        input: String,
    },
}

impl Problem {
    /// The input the problem is in, when it is in one.
    pub fn input(&self) -> Option<&str> {
        match self {
            Problem::Unreadable { at, .. } => Some(&at.input),
            Problem::NoShare { input }
            | Problem::NoCode { input }
            | Problem::ForeignCode { input, .. }
            | Problem::Image { input, .. }
            | Problem::Pdf { input }
            | Problem::Part { input, .. }
            | Problem::TooManyLines { input, .. }
            | Problem::SearchFailed { input } => Some(input),
            Problem::Parts(_) | Problem::More { .. } => None,
        }
    }
}

/// The file to name in the `pdftotext` hint: the input, or a placeholder for standard input.
fn pdf_name(input: &str) -> &str {
    if input == "standard input" { "SHEET.pdf" } else { input }
}

/// Something worth knowing about an input that is not a problem.
#[derive(Debug, Error)]
pub enum Note {
    /// A ceremony record, which holds no share.
    #[error("{input} is the ceremony record{}; it holds no share", set.map(|s| format!(" of set {s}")).unwrap_or_default())]
    Record {
        /// The input.
        input: String,
        /// The set it records, if read.
        set: Option<SetId>,
    },
    /// Images without a code, given with the pages of a large share: the first page of its sheet
    /// and its typed pages carry none. One note for all of them.
    #[error("{}", codeless(.inputs))]
    CodelessPages {
        /// The inputs.
        inputs: Vec<String>,
    },
    /// The parts of a large share an input held.
    #[error("{input} holds part(s) {} of share {index} of set {set}", NumberList(.numbers))]
    Parts {
        /// The input.
        input: String,
        /// The set.
        set: SetId,
        /// The share.
        index: u8,
        /// The part numbers found in it.
        numbers: Vec<u16>,
    },
    /// An input that held codes of several shares.
    #[error("{input} holds {count} shares: {}", .shares.join(", "))]
    Several {
        /// The input.
        input: String,
        /// How many.
        count: usize,
        /// Each as "share 1 of set …".
        shares: Vec<String>,
    },
}

/// The note on images without a code: named on one line, however many.
fn codeless(inputs: &[String]) -> String {
    match inputs {
        [one] => format!(
            "{one} holds no QR code: a large share's first page and typed pages carry none, so it was skipped"
        ),
        many => format!(
            "{} images hold no QR code ({}): a large share's first page and typed pages carry none, so they were skipped",
            many.len(),
            name_list(many)
        ),
    }
}

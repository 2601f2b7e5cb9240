//! A set's files: the record and every share's sheet, rendered and named, ready to be written.

use zeroize::Zeroizing;

use super::record::{self, RecordInfo};
use super::{Document, DocumentOptions, Formats, sheet, textfile};
use crate::fingerprint::Fingerprint;
use crate::share::Share;

/// The file names of a set of `total` shares in these formats, in the order they are written: the
/// record first, then each share.
pub fn document_names(formats: Formats, total: u8) -> Vec<String> {
    let mut names = Vec::new();
    let exts = [(formats.pdf(), "pdf"), (formats.text(), "txt")];
    names.extend(exts.iter().filter(|(on, _)| *on).map(|(_, ext)| format!("record.{ext}")));
    for i in 1..=total {
        names.extend(exts.iter().filter(|(on, _)| *on).map(|(_, ext)| format!("share-{i}-of-{total}.{ext}")));
    }
    names
}

/// Renders every document of a set: the record, then each share's sheet, in the order of
/// [`document_names`].
pub fn set_documents(
    shares: &[Share],
    fingerprint: Fingerprint,
    opts: &DocumentOptions<'_>,
) -> Vec<Document> {
    let Some(first) = shares.first() else { return Vec::new() };
    let info = RecordInfo {
        header: &first.header,
        fingerprint: Some(fingerprint),
        label: opts.label,
        upn: opts.upn,
        object_ids: opts.object_ids,
        supersedes: opts.supersedes.map(String::from),
        service: opts.service,
    };
    let (pdf, text) = (opts.formats.pdf(), opts.formats.text());
    let mut bytes: Vec<Vec<u8>> = Vec::new();
    if pdf {
        bytes.push(record::record_pdf(&info, opts.sheet.paper));
    }
    if text {
        bytes.push(record::record_text(&info).into_bytes());
    }
    for s in shares {
        if pdf {
            bytes.push(sheet::sheet_pdf(s, &opts.sheet));
        }
        if text {
            bytes.push(textfile::sheet_text(s, &opts.sheet).into_bytes());
        }
    }
    let names = document_names(opts.formats, first.header.total);
    names.into_iter().zip(bytes).map(|(name, b)| Document { name, bytes: Zeroizing::new(b) }).collect()
}

//! The extra pages of a large share's sheet: its QR parts, six to a page with captions, and its typed
//! form in three columns of small type.

use pdf_writer::Content;
use qrcode::{EcLevel, QrCode};

use super::draw::{MARGIN, MONO, Page, SANS, draw_qr};
use crate::share::Share;
use crate::share::parts::PARTS_PER_PAGE;
use crate::share::typed::{self, MARKER};

/// Pages of QR codes for a large share: six parts to a page (two columns, three rows), each with
/// its caption.
pub(crate) fn code_pages(share: &Share, payloads: &[String], (width, height): (f32, f32)) -> Vec<Content> {
    let h = &share.header;
    let caption_h = 22.0;
    let size =
        ((height - 2.0 * MARGIN - 3.0 * caption_h) / 3.0).min((width - 2.0 * MARGIN - 20.0) / 2.0).min(225.0);
    let mut pages = Vec::new();
    for (p, chunk) in payloads.chunks(PARTS_PER_PAGE).enumerate() {
        let mut page = Page::new(width, 0.0);
        for (i, payload) in chunk.iter().enumerate() {
            let (row, col) = (i / 2, i % 2);
            let x = MARGIN + col as f32 * (size + 20.0);
            let top = height - MARGIN - row as f32 * (size + caption_h);
            // Level Q keeps a part at version 20 (97 modules), large enough to read at 150 dpi.
            if let Ok(code) = QrCode::with_error_correction_level(payload, EcLevel::Q) {
                draw_qr(&mut page.content, &code, x, top, size);
            }
            let n = p * PARTS_PER_PAGE + i + 1;
            let caption =
                format!("Share {} of {}, set {}: part {n} of {}", h.index, h.total, h.set_id, payloads.len());
            page.text(SANS, 8.0, x + 10.0, top - size - 8.0, &caption);
        }
        pages.push(page.content);
    }
    pages
}

/// Pages of the typed form of a large share, in three columns of small type. Nothing else is printed
/// on them, so that text extracted from the PDF reads as one unbroken share.
pub(crate) fn text_pages(share: &Share, (width, height): (f32, f32)) -> Vec<Content> {
    let size = 7.0;
    let pitch = 8.4;
    let per_column = ((height - 2.0 * MARGIN) / pitch) as usize;
    let column_w = (width - 2.0 * MARGIN) / 3.0;
    let mut lines = vec![format!("{MARKER}1")];
    lines
        .extend(typed::line_parts(share).into_iter().map(|p| format!("{} {} {}", p.number, p.data, p.check)));
    let mut pages = Vec::new();
    for page_lines in lines.chunks(per_column * 3) {
        let mut page = Page::new(width, 0.0);
        for (c, column) in page_lines.chunks(per_column).enumerate() {
            for (r, line) in column.iter().enumerate() {
                let y = height - MARGIN - r as f32 * pitch;
                page.text(MONO, size, MARGIN + c as f32 * column_w, y, line);
            }
        }
        pages.push(page.content);
    }
    pages
}

//! The printable share sheet: one PDF page per share, vector QR code, typed form, custody fields.
//!
//! Uses only the standard PDF fonts (Helvetica for prose, Courier-Bold for data), so nothing is
//! embedded, and writes no dates, ids or producer strings: the same share and options always give the
//! same bytes. The document information holds only a title without share data.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrcode::{Color, EcLevel, QrCode};

use super::{FORMAT_REFERENCE, SheetOptions, appendix, threshold_sentence};
use crate::share::{Share, parts, text};

pub(crate) const SANS: Name<'static> = Name(b"F1");
pub(crate) const SANS_BOLD: Name<'static> = Name(b"F2");
pub(crate) const MONO_BOLD: Name<'static> = Name(b"F3");
pub(crate) const MONO: Name<'static> = Name(b"F4");

/// Side margin in points.
const MARGIN: f32 = 50.0;
/// Width of the QR code including its 4-module quiet zone, in points (63.5 mm).
const QR_BOX: f32 = 180.0;
/// Quiet zone in modules on each side.
const QUIET: usize = 4;

/// Encodes text for the standard fonts' WinAnsiEncoding: Latin-1, plus the typographic marks we use.
pub(crate) fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '…' => 0x85,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            _ => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        })
        .collect()
}

/// A page being drawn, with a cursor that moves down from the top.
pub(crate) struct Page {
    pub(crate) content: Content,
    y: f32,
    width: f32,
}

impl Page {
    /// An empty page of `width` points.
    pub(crate) fn new(width: f32) -> Page {
        Page { content: Content::new(), y: 0.0, width }
    }

    pub(crate) fn text(&mut self, font: Name<'_>, size: f32, x: f32, y: f32, s: &str) {
        self.content.begin_text();
        self.content.set_font(font, size);
        self.content.next_line(x, y);
        self.content.show(Str(&win_ansi(s)));
        self.content.end_text();
    }

    /// Writes a line of text at the cursor and moves the cursor down by `advance`.
    fn line(&mut self, font: Name<'_>, size: f32, s: &str, advance: f32) {
        let y = self.y;
        self.text(font, size, MARGIN, y, s);
        self.y -= advance;
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.content.set_line_width(width);
        self.content.move_to(x1, y);
        self.content.line_to(x2, y);
        self.content.stroke();
    }

    /// A caption with a line to write on, from `x` to `x2`.
    fn field(&mut self, x: f32, x2: f32, y: f32, caption: &str) {
        self.text(SANS, 9.0, x, y + 3.0, caption);
        let start = if caption.len() > 20 { x2 - 170.0 } else { x + 82.0 };
        self.rule(start, x2, y, 0.6);
    }
}

/// The QR code for a payload: level H unless the payload does not fit, then the highest that does.
pub fn qr_code(payload: &str) -> Option<QrCode> {
    [EcLevel::H, EcLevel::Q, EcLevel::M, EcLevel::L]
        .into_iter()
        .find_map(|level| QrCode::with_error_correction_level(payload, level).ok())
}

/// The dark modules of `code` as rectangles `(x, y, w, h)` in module units from the top left:
/// horizontal runs, merged downwards while the row below has the same run.
pub fn qr_rects(code: &QrCode) -> Vec<(usize, usize, usize, usize)> {
    let w = code.width();
    let colors = code.to_colors();
    let mut rects: Vec<(usize, usize, usize, usize)> = Vec::new();
    // Rectangles still open at the previous row, by (start column, run length).
    let mut open: Vec<((usize, usize), usize)> = Vec::new();
    for row in 0..w {
        let mut next_open = Vec::new();
        let mut col = 0;
        while col < w {
            if colors[row * w + col] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < w && colors[row * w + col] == Color::Dark {
                col += 1;
            }
            let key = (start, col - start);
            match open.iter().find(|(k, _)| *k == key) {
                Some(&(_, i)) => {
                    rects[i].3 += 1;
                    next_open.push((key, i));
                }
                None => {
                    rects.push((start, row, col - start, 1));
                    next_open.push((key, rects.len() - 1));
                }
            }
        }
        open = next_open;
    }
    rects
}

/// Draws `code` as one filled path, its top-left corner (quiet zone included) at (x, top).
fn draw_qr(content: &mut Content, code: &QrCode, x: f32, top: f32, size: f32) {
    let w = code.width();
    let m = size / (w + 2 * QUIET) as f32;
    content.save_state();
    // Module units, y downwards from the top-left of the code itself.
    content.transform([m, 0.0, 0.0, -m, x + QUIET as f32 * m, top - QUIET as f32 * m]);
    content.set_fill_gray(0.0);
    for (cx, cy, cw, ch) in qr_rects(code) {
        content.rect(cx as f32, cy as f32, cw as f32, ch as f32);
    }
    content.fill_nonzero();
    content.restore_state();
}

/// Renders the sheet for one share.
pub fn sheet(share: &Share, opts: &SheetOptions<'_>) -> Vec<u8> {
    let h = &share.header;
    let (width, height) = opts.paper.size();
    let mut page = Page { content: Content::new(), y: height - MARGIN - 10.0, width };
    let right = page.width - MARGIN;

    page.line(SANS_BOLD, 22.0, &format!("Emergency access share {} of {}", h.index, h.total), 22.0);
    page.line(SANS, 11.5, &threshold_sentence(h.threshold, h.total), 26.0);
    if let Some(old) = h.lineage.supersedes_display() {
        page.y += 6.0;
        let note =
            format!("Generation {}: supersedes set {old} - destroy that set's sheets.", h.lineage.generation);
        page.line(SANS_BOLD, 11.0, &note, 20.0);
    }
    if h.passphrase {
        page.y += 6.0;
        page.line(
            SANS_BOLD,
            11.0,
            "A passphrase is also required: it is kept apart from these sheets.",
            20.0,
        );
    }
    if let Some(label) = opts.label {
        page.line(SANS, 9.0, "FOR", 15.0);
        page.line(SANS_BOLD, 14.0, label, 26.0);
    }

    // Set id, large, with the dates beside it.
    page.line(SANS, 9.0, "SET", 22.0);
    let y = page.y;
    page.text(MONO_BOLD, 24.0, MARGIN, y, &h.set_id.to_string());
    let col = MARGIN + 330.0;
    page.text(SANS, 9.5, col, y + 22.0, &format!("Created     {}", h.created));
    page.text(SANS_BOLD, 9.5, col, y + 9.0, &format!("Review by  {}", h.created.review_by()));
    page.text(SANS, 9.5, col, y - 4.0, &format!("Kind {}, format v1", h.kind.name()));
    page.y -= 20.0;
    page.rule(MARGIN, right, page.y, 0.8);
    page.y -= 16.0;

    let payloads = parts::payloads(share);
    let (code_pages, text_pages) = if payloads.len() == 1 {
        // QR code on the left, typed form on the right.
        let top = page.y;
        if let Some(code) = qr_code(&payloads[0]) {
            draw_qr(&mut page.content, &code, MARGIN, top, QR_BOX);
        }
        let tx = MARGIN + QR_BOX + 24.0;
        let parts = text::line_parts(share);
        let size = 13.5;
        let char_w = 0.6 * size;
        let step = ((QR_BOX - 30.0) / (parts.len() as f32)).clamp(12.0, 19.0);
        let mut ty = top - 26.0;
        page.text(MONO_BOLD, size, tx, ty, &format!("{}1", text::MARKER));
        ty -= step;
        // Single spaces only: wider gaps make text extractors split the check characters into a column
        // of their own. The check characters stand apart by a grey box instead.
        // The last line is shorter; its check characters follow its data after one space as well.
        for p in &parts {
            let data_x = tx + (p.number.len() + 1) as f32 * char_w;
            let cx = data_x + (p.data.len() + 1) as f32 * char_w;
            page.content.set_fill_gray(0.82);
            page.content.rect(cx - 2.0, ty - 3.5, 2.0 * char_w + 4.0, size + 1.0);
            page.content.fill_nonzero();
            page.content.set_fill_gray(0.0);
            page.text(MONO, size, tx, ty, &p.number);
            page.text(MONO_BOLD, size, data_x, ty, &format!("{} {}", p.data, p.check));
            ty -= step;
        }
        page.y = (top - QR_BOX).min(ty) - 18.0;
        (Vec::new(), Vec::new())
    } else {
        let codes = code_pages(share, &payloads, (width, height));
        let texts = text_pages(share, (width, height));
        let (c, t) = (codes.len(), texts.len());
        page.line(SANS_BOLD, 11.0, "This share is large: it continues on the next pages.", 16.0);
        page.line(
            SANS,
            9.5,
            &format!(
                "Its {} QR codes are on pages 2 to {}: scan all of them, in any order, from photos or scans.",
                payloads.len(),
                c + 1
            ),
            13.0,
        );
        page.line(
            SANS,
            9.5,
            &format!("Its typed form is on pages {} to {}, in small type.", c + 2, c + t + 1),
            26.0,
        );
        (codes, texts)
    };

    page.line(SANS_BOLD, 10.0, "To recover the secret", 14.0);
    page.line(
        SANS,
        9.5,
        &format!("With the tool: breakglass combine with any {} sheets: type the text, scan the code, or give the PDF's text.", h.threshold),
        13.0,
    );
    page.line(
        SANS,
        9.5,
        "Each numbered line ends in two check characters; breakglass names any line that is mistyped.",
        13.0,
    );
    page.line(SANS, 9.5, FORMAT_REFERENCE, 24.0);
    page.rule(MARGIN, right, page.y + 8.0, 0.8);
    page.y -= 14.0;

    page.line(SANS_BOLD, 10.0, "Custody (fill in by hand)", 30.0);
    let mid = MARGIN + (right - MARGIN) / 2.0;
    for (a, b) in [
        ("Custodian", "Signature"),
        ("Envelope serial", "Storage location"),
        ("Sealed by", "Signature"),
        ("Witness", "Signature"),
        ("Date", "Time"),
    ] {
        let y = page.y;
        page.field(MARGIN, mid - 14.0, y, a);
        page.field(mid + 6.0, right, y, b);
        page.y -= 30.0;
    }
    page.y -= 6.0;
    let y = page.y;
    page.field(MARGIN, right, y, "If found, do not scan or copy; return sealed to");
    page.y -= 30.0;
    let footer = format!(
        "breakglass share format v1  -  set {}  -  share {} of {}  -  keep sealed",
        h.set_id, h.index, h.total
    );
    let y = MARGIN - 10.0;
    page.text(SANS, 8.0, MARGIN, y, &footer);

    let title = format!("Emergency access share {} of {}", h.index, h.total);
    let mut pages = vec![page.content];
    pages.extend(code_pages);
    pages.extend(text_pages);
    if opts.appendix {
        pages.extend(appendix::pages((width, height)));
    }
    assemble(pages, (width, height), &title)
}

/// Pages of QR codes for a large share: six parts to a page, each with its caption.
fn code_pages(share: &Share, payloads: &[String], (width, height): (f32, f32)) -> Vec<Content> {
    let h = &share.header;
    let caption_h = 22.0;
    let size =
        ((height - 2.0 * MARGIN - 3.0 * caption_h) / 3.0).min((width - 2.0 * MARGIN - 20.0) / 2.0).min(225.0);
    let mut pages = Vec::new();
    for (p, chunk) in payloads.chunks(crate::scan::PARTS_PER_PAGE).enumerate() {
        let mut page = Page { content: Content::new(), y: 0.0, width };
        for (i, payload) in chunk.iter().enumerate() {
            let (row, col) = (i / 2, i % 2);
            let x = MARGIN + col as f32 * (size + 20.0);
            let top = height - MARGIN - row as f32 * (size + caption_h);
            // Level Q keeps a part at version 20 (97 modules), large enough to read at 150 dpi.
            if let Ok(code) = QrCode::with_error_correction_level(payload, EcLevel::Q) {
                draw_qr(&mut page.content, &code, x, top, size);
            }
            let n = p * crate::scan::PARTS_PER_PAGE + i + 1;
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
fn text_pages(share: &Share, (width, height): (f32, f32)) -> Vec<Content> {
    let size = 7.0;
    let pitch = 8.4;
    let per_column = ((height - 2.0 * MARGIN) / pitch) as usize;
    let column_w = (width - 2.0 * MARGIN) / 3.0;
    let mut lines = vec![format!("{}1", text::MARKER)];
    lines.extend(text::line_parts(share).into_iter().map(|p| format!("{} {} {}", p.number, p.data, p.check)));
    let mut pages = Vec::new();
    for page_lines in lines.chunks(per_column * 3) {
        let mut page = Page { content: Content::new(), y: 0.0, width };
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

/// Writes a PDF of `pages` (content streams using the fonts F1–F4) on paper of `size`, with only a
/// title in its document information: no dates, ids or producer, so the bytes are deterministic.
pub(crate) fn assemble(pages: Vec<Content>, size: (f32, f32), title: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, info) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let fonts = [
        (SANS, Ref::new(4), "Helvetica"),
        (SANS_BOLD, Ref::new(5), "Helvetica-Bold"),
        (MONO_BOLD, Ref::new(6), "Courier-Bold"),
        (MONO, Ref::new(7), "Courier"),
    ];
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(8 + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(pages.len() as i32);
    for (i, content) in pages.into_iter().enumerate() {
        let content_id = Ref::new(9 + 2 * i as i32);
        let mut p = pdf.page(page_ids[i]);
        p.media_box(Rect::new(0.0, 0.0, size.0, size.1));
        p.parent(tree);
        p.contents(content_id);
        {
            let mut res = p.resources();
            let mut f = res.fonts();
            for (name, id, _) in fonts {
                f.pair(name, id);
            }
        }
        p.finish();
        pdf.stream(content_id, &content.finish());
    }
    for (_, id, base) in fonts {
        pdf.type1_font(id).base_font(Name(base.as_bytes())).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info).title(TextStr(title));
    pdf.finish()
}

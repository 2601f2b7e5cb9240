//! The printable share sheet: its first page holds the title, the set id and dates, the QR code and
//! typed form (or, for a large share, where its codes and typed pages are), how to recover, and the
//! custody fields. Pages of parts and typed lines of large shares come from [`super::large`].

use super::draw::{MARGIN, MONO, MONO_BOLD, Page, SANS, SANS_BOLD, draw_qr, qr_code};
use super::fields::{label_layout, label_width};
use super::metrics::wrap;
use super::{FORMAT_REFERENCE, SheetOptions, appendix, large, pdf, threshold_sentence};
use crate::share::payload::compact;
use crate::share::typed::{self, MARKER};
use crate::share::{Header, Share, parts};

/// Lowest baseline of the custody fields, clear of the footer, in points from the page's foot.
const CUSTODY_FLOOR: f32 = MARGIN + 8.0;
/// Height of the custody block with its rows closest together (heading, five rows of 20 points and
/// the gap before the last row).
const CUSTODY_HEIGHT: f32 = 30.0 + 5.0 * 20.0 + 6.0;
/// Height kept below the code and typed form for the recovery notes and a pointer to page 2.
const ROOM_BELOW_CODE: f32 = 100.0;
/// Width of the QR code including its 4-module quiet zone, in points (63.5 mm).
const QR_BOX: f32 = 180.0;

/// Renders the sheet for one share: a PDF of one page, or more for a large share, for a long typed
/// form (the custody fields go on page 2), or with the appendix.
pub fn sheet_pdf(share: &Share, opts: &SheetOptions<'_>) -> Vec<u8> {
    let h = &share.header;
    let (width, height) = opts.paper.size();
    let mut page = Page::new(width, height - MARGIN - 10.0);
    title_block(&mut page, h, opts.label, label_width(opts.paper));
    set_block(&mut page, h);
    let payloads = parts::payloads(share);
    let mut more = Vec::new();
    if payloads.len() == 1 {
        single_code(&mut page, share, &payloads[0]);
    } else {
        let codes = large::code_pages(share, &payloads, (width, height));
        let texts = large::text_pages(share, (width, height));
        large_notice(&mut page, payloads.len(), codes.len(), texts.len());
        more.extend(codes);
        more.extend(texts);
    }
    recovery_block(&mut page, h);
    let mut pages = Vec::new();
    // A long typed form can leave too little room: the custody fields then get a page of their own.
    if page.y - CUSTODY_HEIGHT < CUSTODY_FLOOR {
        page.line(SANS_BOLD, 10.0, "The custody fields are on page 2.", 14.0);
        footer(&mut page, h);
        pages.push(page.content);
        page = Page::new(width, height - MARGIN - 10.0);
        let title = format!("Emergency access share {} of {}: custody", h.index, h.total);
        page.line(SANS_BOLD, 16.0, &title, 30.0);
    }
    custody_block(&mut page);
    footer(&mut page, h);
    pages.push(page.content);
    pages.extend(more);
    if opts.appendix {
        pages.extend(appendix::pages((width, height)));
    }
    let payload = compact(share);
    let title = format!("Emergency access share {} of {}", h.index, h.total);
    pdf::assemble(pages, (width, height), &title, pdf::Embedded::Share(&payload, opts.label))
}

/// Title, threshold sentence, lineage and passphrase notes, and the label.
fn title_block(page: &mut Page, h: &Header, label: Option<&str>, label_width: f32) {
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
        let note = "A passphrase is also required: it is kept apart from these sheets.";
        page.line(SANS_BOLD, 11.0, note, 20.0);
    }
    if let Some(label) = label {
        page.line(SANS, 9.0, "FOR", 15.0);
        // A label that passed `check_label` fits; any other is printed whole, in small type.
        let (size, lines) = label_layout(label, label_width)
            .unwrap_or_else(|| (10.0, wrap(SANS_BOLD, 10.0, label, label_width)));
        let last = lines.len() - 1;
        for (i, line) in lines.iter().enumerate() {
            page.line(SANS_BOLD, size, line, if i == last { 26.0 } else { size * 1.25 });
        }
    }
}

/// The set id, large, with the dates beside it, and a rule below.
fn set_block(page: &mut Page, h: &Header) {
    page.line(SANS, 9.0, "SET", 22.0);
    let y = page.y;
    page.text(MONO_BOLD, 24.0, MARGIN, y, &h.set_id.to_string());
    let col = MARGIN + 330.0;
    page.text(SANS, 9.5, col, y + 22.0, &format!("Created     {}", h.created));
    page.text(SANS_BOLD, 9.5, col, y + 9.0, &format!("Review by  {}", h.created.review_by()));
    page.text(SANS, 9.5, col, y - 4.0, &format!("Kind {}, format v1", h.kind.name()));
    page.y -= 20.0;
    let right = page.right();
    page.rule(MARGIN, right, page.y, 0.8);
    page.y -= 16.0;
}

/// The QR code on the left and the typed form on the right.
fn single_code(page: &mut Page, share: &Share, payload: &str) {
    let top = page.y;
    if let Some(code) = qr_code(payload) {
        draw_qr(&mut page.content, &code, MARGIN, top, QR_BOX);
    }
    let tx = MARGIN + QR_BOX + 24.0;
    let lines = typed::line_parts(share);
    // Lines 12 to 19 points apart beside the code; a long form (a share near the one-code limit)
    // is set closer and smaller, so that the recovery notes still fit on the page below it.
    let room = (top - 26.0 - 18.0 - ROOM_BELOW_CODE - MARGIN) / (lines.len() + 1) as f32;
    let step = ((QR_BOX - 30.0) / lines.len() as f32).clamp(12.0, 19.0).min(room).max(9.0);
    let size = (step * 1.1).min(13.5);
    let char_w = 0.6 * size;
    let mut ty = top - 26.0;
    page.text(MONO_BOLD, size, tx, ty, &format!("{MARKER}1"));
    ty -= step;
    // Single spaces only: wider gaps make text extractors split the check characters into a column
    // of their own. The check characters stand apart by a grey box instead. The last line is
    // shorter; its check characters follow its data after one space as well.
    for p in &lines {
        let data_x = tx + (p.number.len() + 1) as f32 * char_w;
        let cx = data_x + (p.data.len() + 1) as f32 * char_w;
        page.shade(cx - 2.0, ty - 3.5, 2.0 * char_w + 4.0, size + 1.0, 0.82);
        page.text(MONO, size, tx, ty, &p.number);
        page.text(MONO_BOLD, size, data_x, ty, &format!("{} {}", p.data, p.check));
        ty -= step;
    }
    page.y = (top - QR_BOX).min(ty) - 18.0;
}

/// Where a large share's codes and typed pages are.
/// "page 2" or "pages 2 to 4".
fn pages(first: usize, last: usize) -> String {
    if first == last { format!("page {first}") } else { format!("pages {first} to {last}") }
}

fn large_notice(page: &mut Page, codes: usize, code_pages: usize, text_pages: usize) {
    page.line(SANS_BOLD, 11.0, "This share is large: it continues on the next pages.", 16.0);
    let where_codes = format!(
        "Its {codes} QR codes are on {}: scan all of them, in any order, from photos or scans.",
        pages(2, code_pages + 1)
    );
    page.line(SANS, 9.5, &where_codes, 13.0);
    let where_text = format!(
        "Its typed form is on {}, in small type.",
        pages(code_pages + 2, code_pages + text_pages + 1)
    );
    page.line(SANS, 9.5, &where_text, 26.0);
}

/// How to recover, with and without the tool.
fn recovery_block(page: &mut Page, h: &Header) {
    page.line(SANS_BOLD, 10.0, "To recover the secret", 14.0);
    let with_tool = format!(
        "With the tool: breakglass combine with any {} sheets: type the text, scan the code, or give the PDF's text.",
        h.threshold
    );
    page.line(SANS, 9.5, &with_tool, 13.0);
    let checks =
        "Each numbered line ends in two check characters; breakglass names any line that is mistyped.";
    page.line(SANS, 9.5, checks, 13.0);
    page.line(SANS, 9.5, FORMAT_REFERENCE, 24.0);
    let right = page.right();
    page.rule(MARGIN, right, page.y + 8.0, 0.8);
    page.y -= 14.0;
}

/// The custody fields to fill in by hand, and the footer.
fn custody_block(page: &mut Page) {
    page.line(SANS_BOLD, 10.0, "Custody (fill in by hand)", 30.0);
    // Rows 30 points apart, closer when the notes above took the room (the last row's rule must
    // stay above the footer); never closer than 20.
    let pitch = ((page.y - 6.0 - CUSTODY_FLOOR) / 5.0).clamp(20.0, 30.0);
    let right = page.right();
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
        page.y -= pitch;
    }
    page.y -= 6.0;
    let y = page.y;
    page.field(MARGIN, right, y, "If found, do not scan or copy; return sealed to");
    page.y -= 30.0;
}

/// The line at the foot of the page naming the share.
fn footer(page: &mut Page, h: &Header) {
    let footer = format!(
        "breakglass share format v1  -  set {}  -  share {} of {}  -  keep sealed",
        h.set_id, h.index, h.total
    );
    page.text(SANS, 8.0, MARGIN, MARGIN - 10.0, &footer);
}

//! Assembling pages into a PDF: the standard fonts, no dates, ids or producer strings, so the same
//! pages always give the same bytes, and only a title without share data in the document information.
//! The catalog carries, for breakglass itself, what the pages show as text: a sheet's share as one
//! QR payload (`/BreakglassShare`) and the label it shows (`/BreakglassLabel`), a record's set id and fingerprint (`/BreakglassRecord`), so that
//! the PDFs it wrote can be read back directly.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::draw::FONTS;

/// What the catalog carries for breakglass to read back.
pub(crate) enum Embedded<'a> {
    /// A sheet's share, as one QR payload, and the label the sheet shows (in hex, `/BreakglassLabel`).
    Share(&'a str, Option<&'a str>),
    /// A record's set id and fingerprint, as the text record writes them.
    Record(&'a str),
}

/// Writes a PDF of `pages` (content streams using the fonts of [`FONTS`]) on paper of `size`.
pub(crate) fn assemble(
    pages: Vec<Content>,
    size: (f32, f32),
    title: &str,
    embedded: Embedded<'_>,
) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, info) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let font_ids: Vec<Ref> = (0..FONTS.len()).map(|i| Ref::new(4 + i as i32)).collect();
    let first_page = 4 + FONTS.len() as i32;
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(first_page + 2 * i as i32)).collect();
    {
        let mut cat = pdf.catalog(catalog);
        cat.pages(tree);
        match embedded {
            Embedded::Share(payload, label) => {
                if let Some(label) = label {
                    let hex: String = label.bytes().map(|b| format!("{b:02x}")).collect();
                    cat.pair(Name(b"BreakglassLabel"), Str(hex.as_bytes()));
                }
                cat.pair(Name(b"BreakglassShare"), Str(payload.as_bytes()))
            }
            Embedded::Record(text) => cat.pair(Name(b"BreakglassRecord"), Str(text.as_bytes())),
        };
    }
    pdf.pages(tree).kids(page_ids.iter().copied()).count(pages.len() as i32);
    for (i, content) in pages.into_iter().enumerate() {
        let content_id = Ref::new(first_page + 1 + 2 * i as i32);
        let mut p = pdf.page(page_ids[i]);
        p.media_box(Rect::new(0.0, 0.0, size.0, size.1));
        p.parent(tree);
        p.contents(content_id);
        {
            let mut res = p.resources();
            let mut f = res.fonts();
            for ((name, _), id) in FONTS.iter().zip(&font_ids) {
                f.pair(*name, *id);
            }
        }
        p.finish();
        pdf.stream(content_id, &content.finish());
    }
    for ((_, base), id) in FONTS.iter().zip(&font_ids) {
        pdf.type1_font(*id).base_font(Name(base.as_bytes())).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info).title(TextStr(title));
    pdf.finish()
}

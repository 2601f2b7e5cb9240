//! Assembling pages into a PDF: the standard fonts, no dates, ids or producer strings, so the same
//! pages always give the same bytes, and only a title without share data in the document information.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

use super::draw::FONTS;

/// Writes a PDF of `pages` (content streams using the fonts of [`FONTS`]) on paper of `size`.
pub(crate) fn assemble(pages: Vec<Content>, size: (f32, f32), title: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, info) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let font_ids: Vec<Ref> = (0..FONTS.len()).map(|i| Ref::new(4 + i as i32)).collect();
    let first_page = 4 + FONTS.len() as i32;
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(first_page + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
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

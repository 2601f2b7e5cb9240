//! The appendix: a short Python 3 program (standard library only) that recovers a secret from typed
//! share texts, printed so that it survives `pdftotext -layout`: nothing but the program on its pages,
//! in Courier, each source line on its own printed line. It is `docs/recover.py`, which CI checks
//! against the golden vectors.

use pdf_writer::Content;

use super::draw::{MARGIN, MONO, Page};

/// The program, as printed.
pub const RECOVER_PY: &str = include_str!("../../docs/recover.py");

const SIZE: f32 = 6.8;
const PITCH: f32 = 8.2;

/// The appendix pages for paper of `size`.
pub(crate) fn pages((width, height): (f32, f32)) -> Vec<Content> {
    let per_page = ((height - 2.0 * MARGIN) / PITCH) as usize;
    let lines: Vec<&str> = RECOVER_PY.lines().collect();
    lines
        .chunks(per_page)
        .map(|chunk| {
            let mut page = Page::new(width, 0.0);
            for (i, line) in chunk.iter().enumerate() {
                page.text(MONO, SIZE, MARGIN, height - MARGIN - i as f32 * PITCH, line);
            }
            page.content
        })
        .collect()
}

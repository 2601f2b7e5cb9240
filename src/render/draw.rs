//! Drawing primitives shared by the sheet, the record and the appendix: the standard fonts, text in
//! their encoding, a page with a cursor moving down from the top, a flow of such pages, rules,
//! custody fields, and QR codes drawn as vector rectangles.

use pdf_writer::{Content, Name, Str};
use qrcode::{Color, EcLevel, QrCode};

/// Helvetica, for prose.
pub(crate) const SANS: Name<'static> = Name(b"F1");
/// Helvetica-Bold, for headings.
pub(crate) const SANS_BOLD: Name<'static> = Name(b"F2");
/// Courier-Bold, for share data.
pub(crate) const MONO_BOLD: Name<'static> = Name(b"F3");
/// Courier, for code and small data.
pub(crate) const MONO: Name<'static> = Name(b"F4");
/// The four fonts by resource name and base font, as every page declares them.
pub(crate) const FONTS: [(Name<'static>, &str); 4] =
    [(SANS, "Helvetica"), (SANS_BOLD, "Helvetica-Bold"), (MONO_BOLD, "Courier-Bold"), (MONO, "Courier")];

/// Margin on every side of every page, in points.
pub(crate) const MARGIN: f32 = 50.0;
/// Quiet zone in modules on each side of a QR code.
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

/// A page being drawn, with a cursor `y` that moves down from the top.
pub(crate) struct Page {
    pub(crate) content: Content,
    pub(crate) y: f32,
    pub(crate) width: f32,
}

impl Page {
    /// An empty page of `width` points with the cursor at `y`.
    pub(crate) fn new(width: f32, y: f32) -> Page {
        Page { content: Content::new(), y, width }
    }

    /// The right edge of the text area.
    pub(crate) fn right(&self) -> f32 {
        self.width - MARGIN
    }

    /// Text at a given position.
    pub(crate) fn text(&mut self, font: Name<'_>, size: f32, x: f32, y: f32, s: &str) {
        self.content.begin_text();
        self.content.set_font(font, size);
        self.content.next_line(x, y);
        self.content.show(Str(&win_ansi(s)));
        self.content.end_text();
    }

    /// Writes a line of text at the cursor and moves the cursor down by `advance`.
    pub(crate) fn line(&mut self, font: Name<'_>, size: f32, s: &str, advance: f32) {
        let y = self.y;
        self.text(font, size, MARGIN, y, s);
        self.y -= advance;
    }

    /// A horizontal rule.
    pub(crate) fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.content.set_line_width(width);
        self.content.move_to(x1, y);
        self.content.line_to(x2, y);
        self.content.stroke();
    }

    /// A caption with a line to write on, from `x` to `x2`.
    pub(crate) fn field(&mut self, x: f32, x2: f32, y: f32, caption: &str) {
        self.text(SANS, 9.0, x, y + 3.0, caption);
        let start = if caption.len() > 20 { x2 - 170.0 } else { x + 82.0 };
        self.rule(start, x2, y, 0.6);
    }

    /// A filled grey box behind text (the check characters of a typed line).
    pub(crate) fn shade(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        self.content.set_fill_gray(gray);
        self.content.rect(x, y, w, h);
        self.content.fill_nonzero();
        self.content.set_fill_gray(0.0);
    }
}

/// Pages laid out top to bottom, a new page started when one is full.
pub(crate) struct Flow {
    done: Vec<Content>,
    pub(crate) page: Page,
    height: f32,
}

impl Flow {
    /// A flow on paper of `(width, height)` points, the cursor below the top margin.
    pub(crate) fn new((width, height): (f32, f32)) -> Flow {
        Flow { done: Vec::new(), page: Page::new(width, height - MARGIN - 10.0), height }
    }

    /// Starts a new page unless `height` points still fit above the bottom margin.
    pub(crate) fn need(&mut self, height: f32) {
        if self.page.y - height < MARGIN {
            let next = Page::new(self.page.width, self.height - MARGIN);
            self.done.push(std::mem::replace(&mut self.page, next).content);
        }
    }

    /// Text at the cursor's height, at `x`.
    pub(crate) fn text(&mut self, font: Name<'_>, size: f32, x: f32, s: &str) {
        let y = self.page.y;
        self.page.text(font, size, x, y, s);
    }

    /// Every page, the last one included.
    pub(crate) fn finish(mut self) -> Vec<Content> {
        self.done.push(self.page.content);
        self.done
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
pub(crate) fn qr_rects(code: &QrCode) -> Vec<(usize, usize, usize, usize)> {
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

/// Draws `code` as one filled path, its top-left corner (quiet zone included) at (x, top), `size`
/// points wide.
pub(crate) fn draw_qr(content: &mut Content, code: &QrCode, x: f32, top: f32, size: f32) {
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

//! The QR decoders and the image variants they are given: `rxing` (a port of ZXing-C++'s reader,
//! which finds every code in an image with a local-threshold binariser) and `rqrr` (a port of quirc),
//! each called inside `catch_unwind`, since both can panic on odd geometry (found scanning real
//! pages): such an attempt counts as finding nothing, and the binary's panic hook stays silent.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

use image::GrayImage;
use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BinaryBitmap, DecodeHintValue, DecodeHints, Luma8Source};

thread_local! {
    static IN_DECODER: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside a QR decoder, whose rare panics on odd images are caught and
/// treated as "no code here" (the binary's panic hook stays silent for them).
pub fn in_qr_decoder() -> bool {
    IN_DECODER.with(Cell::get)
}

/// Runs a decoder, turning a panic into "nothing found".
fn contained<T: Default>(f: impl FnOnce() -> T) -> T {
    IN_DECODER.with(|d| d.set(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    IN_DECODER.with(|d| d.set(false));
    result.unwrap_or_default()
}

/// Every code `rxing` finds in the image (multi-code reader, hybrid binariser, trying harder).
pub(crate) fn rxing_codes(img: &GrayImage) -> Vec<String> {
    contained(|| {
        let Ok(source) = Luma8Source::new_with_slice(img.as_raw(), img.width(), img.height()) else {
            return Vec::new();
        };
        let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
        let hints = DecodeHints::default().with(DecodeHintValue::TryHarder(true));
        let found = QrReader.decode_multiple_with_hints(&mut bitmap, &hints).unwrap_or_default();
        found.iter().map(|r| r.getText().to_string()).collect()
    })
}

/// The codes `rqrr` detects and decodes in one image, and how many grids it detected.
pub(crate) fn rqrr_codes(img: &GrayImage) -> (Vec<String>, usize) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    contained(|| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| raw[y * w + x]);
        let grids = prepared.detect_grids();
        let texts: Vec<String> = grids.iter().filter_map(|g| g.decode().ok().map(|(_, t)| t)).collect();
        (texts, grids.len())
    })
}

/// One of the two QR decoders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoder {
    /// `rxing`: the multi-code reader with the hybrid binariser, trying harder.
    Rxing,
    /// `rqrr`: grid detection and decoding.
    Rqrr,
}

/// What one decoder reads in a small greyscale buffer of `width` × `height` pixels (row by row),
/// tried once with no variants: the entry point of the decoder fuzz target. A buffer of the wrong
/// size reads as nothing.
pub fn decode_grey(decoder: Decoder, width: u32, height: u32, pixels: &[u8]) -> Vec<String> {
    let Some(img) = GrayImage::from_raw(width, height, pixels.to_vec()) else { return Vec::new() };
    match decoder {
        Decoder::Rxing => rxing_codes(&img),
        Decoder::Rqrr => rqrr_codes(&img).0,
    }
}

/// The negative image: a sheet photographed as a negative, or printed light on dark.
pub(crate) fn negative(img: &GrayImage) -> GrayImage {
    let out = img.as_raw().iter().map(|&p| 255 - p).collect();
    GrayImage::from_raw(img.width(), img.height(), out).unwrap_or_default()
}

/// How many pixels have each tone.
fn histogram(px: &[u8]) -> [usize; 256] {
    let mut hist = [0usize; 256];
    for &p in px {
        hist[usize::from(p)] += 1;
    }
    hist
}

/// Black and white at the threshold that best separates the two tones (Otsu's method).
pub(crate) fn otsu(img: &GrayImage) -> GrayImage {
    let hist = histogram(img.as_raw()).map(|c| c as u64);
    let total: u64 = hist.iter().sum();
    let sum_all: u64 = hist.iter().enumerate().map(|(v, &c)| v as u64 * c).sum();
    let (mut best, mut best_t, mut w0, mut sum0) = (0.0f64, 128u8, 0u64, 0u64);
    for (t, &count) in hist.iter().enumerate() {
        w0 += count;
        sum0 += t as u64 * count;
        let w1 = total - w0;
        if w0 == 0 || w1 == 0 {
            continue;
        }
        let m0 = sum0 as f64 / w0 as f64;
        let m1 = (sum_all - sum0) as f64 / w1 as f64;
        let between = w0 as f64 * w1 as f64 * (m0 - m1).powi(2);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    let out = img.as_raw().iter().map(|&p| if p <= best_t { 0 } else { 255 }).collect();
    GrayImage::from_raw(img.width(), img.height(), out).unwrap_or_default()
}

/// A coarse grid over an image: one value per `b` × `b` block.
struct Grid {
    w: usize,
    h: usize,
    v: Vec<u8>,
}

impl Grid {
    /// Each value replaced by `pick` of the values up to `r` blocks away.
    fn around(&self, r: usize, pick: fn(&[u8]) -> u8) -> Grid {
        let mut v = Vec::with_capacity(self.v.len());
        let mut near = Vec::with_capacity((2 * r + 1) * (2 * r + 1));
        for gy in 0..self.h {
            for gx in 0..self.w {
                near.clear();
                for y in gy.saturating_sub(r)..(gy + r + 1).min(self.h) {
                    near.extend_from_slice(
                        &self.v[y * self.w + gx.saturating_sub(r)..y * self.w + (gx + r + 1).min(self.w)],
                    );
                }
                v.push(pick(&near));
            }
        }
        Grid { w: self.w, h: self.h, v }
    }

    /// The value at pixel (`x`, `y`), interpolated between block centres.
    fn at(&self, b: usize, x: usize, y: usize) -> f32 {
        let fx = (x as f32 / b as f32 - 0.5).clamp(0.0, (self.w - 1) as f32);
        let fy = (y as f32 / b as f32 - 0.5).clamp(0.0, (self.h - 1) as f32);
        let (x0, y0) = (fx as usize, fy as usize);
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
        let v = |x: usize, y: usize| f32::from(self.v[y * self.w + x]);
        let top = v(x0, y0) * (1.0 - tx) + v(x1, y0) * tx;
        let bottom = v(x0, y1) * (1.0 - tx) + v(x1, y1) * tx;
        top * (1.0 - ty) + bottom * ty
    }
}

/// The image with its paper made even: each pixel divided by the local paper tone (the brightest
/// pixel of its block; the brightest of the blocks five around, so that a dark area up to eleven
/// blocks wide, a finder pattern or a run of dark modules, still finds paper; then the darkest of
/// those five around, so that the edge of a shadow or stain stays in place; then smoothed), and
/// stretched so that the darkest percent is black. Shadows, stains and a grey cast become white
/// paper again, and a code of little contrast gets its contrast back.
pub(crate) fn flatten(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if w == 0 || h == 0 {
        return img.clone();
    }
    let b = (w.max(h) / 320).max(4);
    let mut grid = Grid { w: w.div_ceil(b), h: h.div_ceil(b), v: Vec::new() };
    grid.v = vec![0; grid.w * grid.h];
    let raw = img.as_raw();
    for (i, &p) in raw.iter().enumerate() {
        let g = &mut grid.v[(i / w / b) * grid.w + (i % w) / b];
        *g = (*g).max(p);
    }
    let max = |v: &[u8]| v.iter().copied().max().unwrap_or(255);
    let min = |v: &[u8]| v.iter().copied().min().unwrap_or(0);
    let mean = |v: &[u8]| (v.iter().map(|&p| u32::from(p)).sum::<u32>() / v.len().max(1) as u32) as u8;
    // A closing (spread the bright, then the dark back): the edge of a shadow stays where it is.
    let paper = grid.around(5, max).around(5, min).around(1, mean);
    let even: Vec<u8> = raw
        .iter()
        .enumerate()
        .map(|(i, &p)| (f32::from(p) * 255.0 / paper.at(b, i % w, i / w).max(16.0)).min(255.0) as u8)
        .collect();
    GrayImage::from_raw(w as u32, h as u32, stretch(even)).unwrap_or_default()
}

/// Stretches the tones so that the darkest percent of the pixels is black.
fn stretch(mut px: Vec<u8>) -> Vec<u8> {
    let hist = histogram(&px);
    let mut seen = 0;
    let dark = hist.iter().position(|&c| {
        seen += c;
        seen * 100 >= px.len()
    });
    let lo = dark.unwrap_or(0).min(200) as u32;
    for p in &mut px {
        *p = (u32::from(*p).saturating_sub(lo) * 255 / (255 - lo)) as u8;
    }
    px
}

/// Each pixel replaced by the median of its 3 × 3 neighbourhood: specks of salt-and-pepper noise
/// go, edges stay.
pub(crate) fn median3(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    let mut out = raw.clone();
    for y in 1..h.saturating_sub(1) {
        for x in 1..w.saturating_sub(1) {
            let mut v = [0u8; 9];
            for (i, (dy, dx)) in (0..3).flat_map(|dy| (0..3).map(move |dx| (dy, dx))).enumerate() {
                v[i] = raw[(y + dy - 1) * w + x + dx - 1];
            }
            v.sort_unstable();
            out[y * w + x] = v[4];
        }
    }
    GrayImage::from_raw(w as u32, h as u32, out).unwrap_or_default()
}

/// Averages `f`×`f` blocks: a fast, alias-free reduction for large integer factors.
pub(crate) fn downsample(img: &GrayImage, f: u32) -> GrayImage {
    let (w, h) = (img.width() / f, img.height() / f);
    let raw = img.as_raw();
    let stride = img.width() as usize;
    let f = f as usize;
    let mut out = Vec::with_capacity(w as usize * h as usize);
    for by in 0..h as usize {
        for bx in 0..w as usize {
            let mut sum = 0u32;
            for y in by * f..by * f + f {
                let row = &raw[y * stride + bx * f..y * stride + bx * f + f];
                sum += row.iter().map(|&p| u32::from(p)).sum::<u32>();
            }
            out.push((sum / (f * f) as u32) as u8);
        }
    }
    GrayImage::from_raw(w, h, out).unwrap_or_default()
}

#[cfg(test)]
mod seed_tests {
    use super::*;

    /// The decoder fuzz target's seeds are real codes each decoder reads (decoder byte, width − 1,
    /// height − 1, pixels), so fuzzing starts from inputs that reach the decoding stages.
    #[test]
    fn every_fuzz_seed_decodes() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/qr_decode");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).expect("seeds") {
            let path = entry.expect("entry").path();
            let b = std::fs::read(&path).expect("seed");
            let decoder = if b[0] & 1 == 0 { Decoder::Rxing } else { Decoder::Rqrr };
            let (w, h) = (u32::from(b[1]) + 1, u32::from(b[2]) + 1);
            assert!(w <= 64 && h <= 64, "{}", path.display());
            let texts = decode_grey(decoder, w, h, &b[3..]);
            assert!(!texts.is_empty(), "{} reads as nothing", path.display());
            seen += 1;
        }
        assert!(seen >= 8);
    }

    /// Inputs on which a decoder panicked under fuzzing (rqrr's geometry code): the panic is
    /// contained and reads as nothing found.
    #[test]
    fn fuzz_findings_are_contained() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/regressions/qr_decode");
        for entry in std::fs::read_dir(dir).expect("regressions") {
            let b = std::fs::read(entry.expect("entry").path()).expect("input");
            let decoder = if b[0] & 1 == 0 { Decoder::Rxing } else { Decoder::Rqrr };
            let (w, h) = (u32::from(b[1] % 64) + 1, u32::from(b[2] % 64) + 1);
            let mut pixels = b[3..].to_vec();
            pixels.resize((w * h) as usize, 255);
            let _ = decode_grey(decoder, w, h, &pixels);
            assert!(!in_qr_decoder());
        }
    }
}

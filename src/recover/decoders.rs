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

/// Black and white at the threshold that best separates the two tones (Otsu's method).
pub(crate) fn otsu(img: &GrayImage) -> GrayImage {
    let mut hist = [0u64; 256];
    for p in img.as_raw() {
        hist[usize::from(*p)] += 1;
    }
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

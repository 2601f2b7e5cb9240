//! QR codes found in images: scans and photos of printed sheets (PNG or JPEG).
//!
//! The decoder (`rqrr`, a port of quirc) thresholds adaptively and follows perspective, so rotated,
//! unevenly lit or slightly skewed pages read as they are. What it needs is the right scale: a code's
//! modules should be a few pixels wide. Large images are therefore box-averaged down to a few working
//! sizes (which also smooths noise and JPEG artefacts) and each size is searched in turn, keeping
//! every distinct code found, so one image may hold several sheets.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

use std::io::Cursor;

use image::{GrayImage, ImageReader, Limits};
use thiserror::Error;

use crate::share::parts::{PART_MARKER, PARTS_PER_PAGE};

/// Longest side, in pixels, of the working copies searched, largest first.
const WORK_SIZES: [u32; 4] = [2000, 1400, 3000, 1000];
/// Largest image side accepted (a 600 dpi scan of A3 is about 10 000 pixels).
const MAX_SIDE: u32 = 16_384;

/// Why an image could not be searched.
#[derive(Debug, Error)]
pub enum ImageError {
    /// Not a PNG or JPEG this build can decode, or damaged.
    #[error("the image could not be decoded ({0}); give a PNG or JPEG file")]
    Decode(#[source] image::ImageError),
    /// Larger than this reader takes.
    #[error(
        "the image is {width} × {height} pixels, more than {MAX_SIDE} on a side; scan at 600 dpi or less, or scale it down"
    )]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

/// The texts of the QR codes found so far in an image, each once, in the order found.
#[derive(Debug, Default)]
struct Scanned {
    codes: Vec<String>,
}

/// Finds and decodes every QR code in a PNG or JPEG image; the texts, each once, in the order found.
pub fn read_qr_codes(bytes: &[u8]) -> Result<Vec<String>, ImageError> {
    let open = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| ImageError::Decode(image::ImageError::IoError(e)))
    };
    // The header alone says how large the image is; refuse a huge one by name before decoding it.
    if let Ok((width, height)) = open()?.into_dimensions()
        && (width > MAX_SIDE || height > MAX_SIDE)
    {
        return Err(ImageError::TooLarge { width, height });
    }
    let mut reader = open()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(1 << 30);
    reader.limits(limits);
    let gray = reader.decode().map_err(ImageError::Decode)?.into_luma8();
    Ok(scan_gray(&gray).codes)
}

/// Searches a greyscale image at each working size, first as it is and then in the variants that
/// rescue the detector's misses (light and stronger smoothing against noise and print grain, a global
/// Otsu threshold against blur and uneven contrast, doubling for small codes), until a size reads every
/// code it detects (for pages of parts: until a size has been searched in every variant).
fn scan_gray(img: &GrayImage) -> Scanned {
    let mut found = Scanned::default();
    let long = img.width().max(img.height());
    let mut factors: Vec<u32> = Vec::new();
    for f in WORK_SIZES.iter().map(|&s| long.div_ceil(s).max(1)) {
        if !factors.contains(&f) {
            factors.push(f);
        }
    }
    for f in factors {
        let small = if f == 1 { img.clone() } else { downsample(img, f) };
        if small.width() < 21 || small.height() < 21 {
            continue;
        }
        if scan_variants(&small, &mut found) {
            return found;
        }
        if !found.codes.is_empty() {
            if part_count(&found) > 0 {
                scan_tiles(&small, &mut found);
            }
            return found;
        }
    }
    found
}

/// Searches one working size as it is and in each variant; true once the search is complete (every
/// detected code of a small share read, or a page of parts full).
fn scan_variants(small: &GrayImage, found: &mut Scanned) -> bool {
    let variants: [&dyn Fn(&GrayImage) -> GrayImage; 5] = [
        &|i| i.clone(),
        &|i| image::imageops::blur(i, 0.7),
        &otsu,
        &|i| image::imageops::blur(i, 1.5),
        &|i| image::imageops::resize(i, i.width() * 2, i.height() * 2, image::imageops::FilterType::Triangle),
    ];
    for (n, variant) in variants.iter().enumerate() {
        if n == 4 && small.width().max(small.height()) > 1600 {
            continue;
        }
        let (grids, decoded) = decode_all(&variant(small), found);
        // A sheet of a small share holds one code: done once it is read. A page of parts holds
        // up to PARTS_PER_PAGE, and a variant may miss one without knowing it: keep looking
        // until the page is full.
        let parts = part_count(found);
        if (grids > 0 && decoded == grids && parts == 0) || parts >= PARTS_PER_PAGE {
            return true;
        }
    }
    false
}

fn part_count(found: &Scanned) -> usize {
    found.codes.iter().filter(|c| c.to_ascii_uppercase().starts_with(PART_MARKER)).count()
}

/// Searches overlapping tiles of a page holding many codes: the detector pairs finder patterns more
/// reliably when it sees few codes at once. Each tile is tried as it is, smoothed, thresholded and
/// doubled, until the page has all its codes.
fn scan_tiles(img: &GrayImage, found: &mut Scanned) {
    let (w, h) = (img.width(), img.height());
    let (tw, th) = (w * 6 / 10, h * 45 / 100);
    for ty in [0, h * 275 / 1000, h - th] {
        for tx in [0, w - tw] {
            let tile = image::imageops::crop_imm(img, tx, ty, tw, th).to_image();
            let variants: [&dyn Fn(&GrayImage) -> GrayImage; 5] = [
                &|t| t.clone(),
                &|t| image::imageops::blur(t, 0.7),
                &|t| image::imageops::blur(t, 1.2),
                &otsu,
                &|t| {
                    image::imageops::resize(
                        t,
                        t.width() * 2,
                        t.height() * 2,
                        image::imageops::FilterType::Triangle,
                    )
                },
            ];
            for variant in variants {
                if part_count(found) >= PARTS_PER_PAGE {
                    return;
                }
                decode_all(&variant(&tile), found);
            }
        }
    }
}

/// Black and white at the threshold that best separates the two tones (Otsu's method).
fn otsu(img: &GrayImage) -> GrayImage {
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

thread_local! {
    static IN_DECODER: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside the QR decoder, whose rare panics on odd images are caught and
/// treated as "no code here" (the binary's panic hook stays silent for them).
pub fn in_qr_decoder() -> bool {
    IN_DECODER.with(Cell::get)
}

/// Detects and decodes the codes in one image, adding new texts to `found`; returns how many grids
/// were detected and how many of them decoded. `rqrr` can panic on some geometry (an assertion in
/// its perspective mapping, found by scanning real pages): that image then counts as holding no code.
fn decode_all(img: &GrayImage, found: &mut Scanned) -> (usize, usize) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    IN_DECODER.with(|f| f.set(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| raw[y * w + x]);
        let grids = prepared.detect_grids();
        let texts: Vec<Option<String>> = grids.iter().map(|g| g.decode().ok().map(|(_, t)| t)).collect();
        texts
    }));
    IN_DECODER.with(|f| f.set(false));
    let texts = result.unwrap_or_default();
    let mut decoded = 0;
    for text in texts.iter().flatten() {
        decoded += 1;
        if !found.codes.contains(text) {
            found.codes.push(text.clone());
        }
    }
    (texts.len(), decoded)
}

/// Averages `f`×`f` blocks: a fast, alias-free reduction for large integer factors.
fn downsample(img: &GrayImage, f: u32) -> GrayImage {
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

//! QR codes found in images: scans and photos of printed sheets (PNG, JPEG, or the PPM, PGM and
//! PBM files `pdftoppm` writes by default).
//!
//! Every image is searched first with `rxing`'s multi-code reader, whose local-threshold binariser
//! copes with gradients, shadows and stains and which returns every code it sees (two sheets in one
//! photo). When it finds nothing, or a page of a large share's parts is missing some, the older
//! `rqrr` search runs: box-averaged working sizes (which also smooth noise and JPEG artefacts) and
//! image variants (smoothing, Otsu threshold, doubling, tiles) that read noisy, faded and fax-like
//! images rxing misses. A negative image is the last variant. Formats other than PNG and JPEG are
//! named by their magic bytes, and truncated files called truncated.

use std::io::Cursor;

use image::{GrayImage, ImageReader, Limits};
use thiserror::Error;

use super::decoders::{downsample, flatten, median3, negative, otsu, rqrr_codes, rxing_codes};
use super::text::find_parts;
use crate::share::parts::{PART_MARKER, PARTS_PER_PAGE};

/// Longest side, in pixels, of the working copies `rqrr` searches, largest first.
const WORK_SIZES: [u32; 4] = [2000, 1400, 3000, 1000];
/// Longest side of the copy `rxing` searches first (it needs a few pixels per module, no more).
const RXING_SIZE: u32 = 2600;
/// Largest image side accepted (a 600 dpi scan of A3 is about 10 000 pixels).
const MAX_SIDE: u32 = 16_384;
/// The most pixels an image may have: an A4 or Letter page scanned at 800 dpi (a 600 dpi scan has
/// 35 million, a 48-megapixel phone photo 48), which keeps the search's memory bounded.
const MAX_PIXELS: u64 = 64_000_000;

/// Why an image could not be searched.
#[derive(Debug, Error)]
pub enum ImageError {
    /// Not a PNG or JPEG this build can decode, or damaged.
    #[error("the image could not be decoded ({0}); give a PNG or JPEG file")]
    Decode(#[source] image::ImageError),
    /// The file ends before the image does.
    #[error("the {0} file is truncated or damaged (it ends before the image does); copy or export it again")]
    Truncated(&'static str),
    /// An image format this build does not read.
    #[error("it is an image in {format} format, which breakglass does not read; {remedy}")]
    Unsupported {
        /// The format, by its magic bytes.
        format: &'static str,
        /// What to do.
        remedy: &'static str,
    },
    /// Larger than this reader takes.
    #[error(
        "the image is {width} × {height} pixels, more than this reader takes (64 million, {MAX_SIDE} on a side); scan at 600 dpi or less, or scale it down"
    )]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

/// The image formats people bring that are not PNG or JPEG, by their magic bytes.
pub(crate) fn unsupported_format(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let brand = bytes.get(8..12);
    let ftyp = bytes.get(4..8) == Some(b"ftyp");
    Some(match bytes {
        _ if ftyp
            && matches!(brand, Some(b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1")) =>
        {
            (
                "HEIC (iPhone)",
                "export it as JPEG (on the phone: Settings, Camera, Formats, Most Compatible), or convert it with heif-convert",
            )
        }
        _ if ftyp && matches!(brand, Some(b"avif" | b"avis")) => ("AVIF", "convert it to PNG or JPEG first"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
            ("WebP", "convert it to PNG or JPEG first")
        }
        [b'G', b'I', b'F', b'8', ..] => ("GIF", "convert it to PNG first"),
        [0, 0, 0, 0x0c, b'j', b'P', b' ', b' ', ..] | [0xff, 0x4f, 0xff, 0x51, ..] => {
            ("JPEG 2000", "convert it to PNG or JPEG first")
        }
        [b'B', b'M', ..] if bytes.len() > 26 => ("BMP", "convert it to PNG first"),
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => {
            ("TIFF", "scan to PNG or JPEG, or convert it first")
        }
        _ => return None,
    })
}

/// Whether the image file stops before its end marker (PNG's IEND chunk, JPEG's EOI).
fn truncated(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG") {
        let ends = bytes.windows(8).rev().take(64).any(|w| w == b"IEND\xaeB`\x82");
        return (!ends).then_some("PNG");
    }
    let body = bytes.iter().rposition(|&b| b != 0).map_or(bytes, |end| &bytes[..=end]);
    (bytes.starts_with(b"\xff\xd8") && !body.ends_with(b"\xff\xd9")).then_some("JPEG")
}

/// The texts of the QR codes found so far in an image, each once, in the order found.
#[derive(Debug, Default)]
struct Scanned {
    codes: Vec<String>,
}

impl Scanned {
    fn add(&mut self, texts: Vec<String>) {
        for t in texts {
            if !self.codes.contains(&t) {
                self.codes.push(t);
            }
        }
    }
}

/// Finds and decodes every QR code in a PNG or JPEG image; the texts, each once, in the order found.
pub fn read_qr_codes(bytes: &[u8]) -> Result<Vec<String>, ImageError> {
    if let Some((format, remedy)) = unsupported_format(bytes) {
        return Err(ImageError::Unsupported { format, remedy });
    }
    let open = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| ImageError::Decode(image::ImageError::IoError(e)))
    };
    // The header alone says how large the image is; refuse a huge one by name before decoding it.
    if let Ok((width, height)) = open()?.into_dimensions()
        && (width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS)
    {
        return Err(ImageError::TooLarge { width, height });
    }
    let mut reader = open()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // Enough for the largest image accepted in 8-bit RGB (192 MiB); a 16-bit or RGBA image of that
    // size is refused rather than decoded into gigabytes.
    limits.max_alloc = Some(256 << 20);
    reader.limits(limits);
    let gray = match reader.decode() {
        Ok(img) => img.into_luma8(),
        Err(e) => return Err(truncated(bytes).map_or(ImageError::Decode(e), ImageError::Truncated)),
    };
    let codes = search(&gray);
    match truncated(bytes) {
        Some(format) if codes.is_empty() => Err(ImageError::Truncated(format)),
        _ => Ok(codes),
    }
}

/// Every code in a greyscale image: `rxing` on a working copy and at full size, the `rqrr` search
/// when that finds nothing or leaves a page of parts short, and the negative last.
fn search(img: &GrayImage) -> Vec<String> {
    let mut found = Scanned::default();
    let f = img.width().max(img.height()).div_ceil(RXING_SIZE).max(1);
    let small = if f > 1 { downsample(img, f) } else { img.clone() };
    found.add(rxing_codes(&small));
    if found.codes.is_empty() && f > 1 {
        found.add(rxing_codes(img));
    }
    // Uneven paper (shadow, stain, grey cast) and specks: the paper made even, then the specks
    // taken out, each for rxing again.
    for variant in [flatten, median3] {
        if found.codes.is_empty() || parts_page_short(&found) {
            found.add(rxing_codes(&variant(&small)));
        }
    }
    if found.codes.is_empty() || parts_page_short(&found) {
        rqrr_search(img, &mut found);
    }
    if found.codes.is_empty() {
        let inverted = negative(&small);
        found.add(rxing_codes(&inverted));
        if found.codes.is_empty() {
            rqrr_search(&negative(img), &mut found);
        }
    }
    found.codes
}

/// Whether the part codes found are fewer than the sheet's page that holds them carries (six to a
/// page, the last page fewer).
fn parts_page_short(found: &Scanned) -> bool {
    let parts: Vec<_> = found.codes.iter().flat_map(|c| find_parts(c)).filter_map(Result::ok).collect();
    parts.iter().any(|p| {
        let page = usize::from(p.number - 1) / PARTS_PER_PAGE;
        let on_page = (usize::from(p.count) - page * PARTS_PER_PAGE).min(PARTS_PER_PAGE);
        let here = parts.iter().filter(|q| {
            (q.set_id, q.index) == (p.set_id, p.index) && usize::from(q.number - 1) / PARTS_PER_PAGE == page
        });
        here.count() < on_page
    })
}

/// The fallback: `rqrr` at each working size, first as it is and then in the variants that rescue
/// its misses (light and stronger smoothing against noise and print grain, a global Otsu threshold
/// against blur and uneven contrast, doubling for small codes), until a size reads every code it
/// detects (for pages of parts: until a size has been searched in every variant, then in tiles).
fn rqrr_search(img: &GrayImage, found: &mut Scanned) {
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
        if scan_variants(&small, found) {
            return;
        }
        if !found.codes.is_empty() {
            if part_count(found) > 0 {
                scan_tiles(&small, found);
            }
            return;
        }
    }
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
        let (texts, grids) = rqrr_codes(&variant(small));
        let decoded = texts.len();
        found.add(texts);
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
                found.add(rqrr_codes(&variant(&tile)).0);
            }
        }
    }
}

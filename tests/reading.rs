//! The reading engine against the targets of issue 15, on images generated here (no binary
//! fixtures): sheets rendered by poppler at 100 to 600 dpi, pages of six part codes, and the ways
//! light, hands and years spoil a photo — a brightness gradient, a shadow across the code, a stain
//! over a quarter of it, 6 px of motion blur, two sheets in one photo, a negative. Every code must be
//! read by `read_qr_codes`; `zbarimg`, where installed, is run on the same images for reference.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use breakglass::{
    Date, Kind, Lineage, Paper, Secret, SheetOptions, SplitParams, read_qr_codes, sheet_pdf, split,
};
use common::{have_tool, scratch, seeded_split};
use image::{GrayImage, Luma};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

fn opts() -> SheetOptions<'static> {
    SheetOptions { label: Some("bg-admin1@contoso.onmicrosoft.com"), paper: Paper::A4, appendix: false }
}

/// Renders pages `first..=last` of a PDF at `dpi` as greyscale images.
fn render(dir: &Path, pdf: &[u8], name: &str, dpi: u32, first: usize, last: usize) -> Vec<GrayImage> {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    let stem = dir.join(format!("{name}-{dpi}"));
    let ok = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray", "-png", "-f", &first.to_string(), "-l", &last.to_string()])
        .arg(&path)
        .arg(&stem)
        .status()
        .expect("pdftoppm");
    assert!(ok.success());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.to_string_lossy().starts_with(&stem.to_string_lossy().to_string())
                && p.extension().is_some_and(|e| e == "png")
        })
        .collect();
    pages.sort();
    pages.iter().map(|p| image::open(p).expect("png").into_luma8()).collect()
}

/// Multiplies every pixel by `f(x, y)` (1 keeps it, 0 makes it black).
fn light(img: &GrayImage, f: impl Fn(f32, f32) -> f32) -> GrayImage {
    let (w, h) = (img.width() as f32, img.height() as f32);
    GrayImage::from_fn(img.width(), img.height(), |x, y| {
        let v = f32::from(img.get_pixel(x, y)[0]) * f(x as f32 / w, y as f32 / h);
        Luma([v.clamp(0.0, 255.0) as u8])
    })
}

/// Horizontal motion blur over `n` pixels.
fn motion_blur(img: &GrayImage, n: u32) -> GrayImage {
    GrayImage::from_fn(img.width(), img.height(), |x, y| {
        let xs = x.saturating_sub(n / 2)..(x + n - n / 2).min(img.width());
        let count = xs.len() as u32;
        Luma([(xs.map(|sx| u32::from(img.get_pixel(sx, y)[0])).sum::<u32>() / count.max(1)) as u8])
    })
}

/// A named way to spoil a page image.
type Spoil<'a> = (&'a str, &'a dyn Fn(&GrayImage) -> GrayImage);

/// A band of `f(x)` from 1 to `dark` and back, with soft edges `soft` wide (in page widths).
fn soft_band(x: f32, from: f32, to: f32, dark: f32, soft: f32) -> f32 {
    let edge = |d: f32| (d / soft).clamp(0.0, 1.0);
    let inside = edge(x - from + soft / 2.0).min(edge(to - x + soft / 2.0));
    1.0 - (1.0 - dark) * inside
}

/// Salt-and-pepper noise: `per_mille` of the pixels turned black, as many white.
fn salt_and_pepper(img: &GrayImage, per_mille: u32, seed: u64) -> GrayImage {
    use rand::RngExt;
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    GrayImage::from_fn(img.width(), img.height(), |x, y| match rng.random_range(0..1000) {
        r if r < per_mille => Luma([0]),
        r if r >= 1000 - per_mille => Luma([255]),
        _ => *img.get_pixel(x, y),
    })
}

/// The tones squeezed into `lo..=hi` (a faint copy, or one photographed in dim light).
fn squeezed(img: &GrayImage, lo: u8, hi: u8) -> GrayImage {
    let span = f32::from(hi - lo) / 255.0;
    GrayImage::from_fn(img.width(), img.height(), |x, y| {
        Luma([lo + (f32::from(img.get_pixel(x, y)[0]) * span) as u8])
    })
}

fn negative(img: &GrayImage) -> GrayImage {
    GrayImage::from_fn(img.width(), img.height(), |x, y| Luma([255 - img.get_pixel(x, y)[0]]))
}

fn side_by_side(a: &GrayImage, b: &GrayImage) -> GrayImage {
    let gap = 40;
    let mut out = GrayImage::from_pixel(a.width() + b.width() + gap, a.height().max(b.height()), Luma([200]));
    image::imageops::overlay(&mut out, a, 0, 0);
    image::imageops::overlay(&mut out, b, i64::from(a.width() + gap), 0);
    out
}

/// The share payloads an image must yield.
fn read(img: &GrayImage) -> Vec<String> {
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(img.clone())
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    read_qr_codes(&png).unwrap_or_default()
}

/// zbarimg's count of codes in an image, for reference (None when zbar is not installed).
fn zbar_count(dir: &Path, img: &GrayImage, name: &str) -> Option<usize> {
    if !Path::new("/usr/bin/zbarimg").exists() {
        return None;
    }
    let p = dir.join(format!("{name}.png"));
    img.save(&p).ok()?;
    let o = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(&p)
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&o.stdout).lines().count())
}

#[test]
fn every_code_of_a_sheet_at_every_resolution_and_in_bad_light() {
    if !have_tool("pdftoppm") {
        return;
    }
    let dir = scratch("reading-sheets");
    let shares = seeded_split(b"not-a-real-password", 2, 3, 21);
    let payload = breakglass::compact(&shares[0]);
    let mut failures = Vec::new();
    let mut check = |what: &str, img: &GrayImage, want: &[String]| {
        let got = read(img);
        let zbar = zbar_count(&dir, img, &what.replace([' ', ','], "-"));
        if !want.iter().all(|w| got.contains(w)) {
            failures.push(format!("{what}: read {} of {} codes (zbar: {zbar:?})", got.len(), want.len()));
        }
    };
    for dpi in [100, 150, 200, 300, 600] {
        let page = render(&dir, &sheet_pdf(&shares[0], &opts()), "s0", dpi, 1, 1).remove(0);
        check(&format!("{dpi} dpi"), &page, std::slice::from_ref(&payload));
    }
    let page = render(&dir, &sheet_pdf(&shares[0], &opts()), "s0", 200, 1, 1).remove(0);
    let other = render(&dir, &sheet_pdf(&shares[1], &opts()), "s1", 200, 1, 1).remove(0);
    let want = [payload.clone()];
    check("gradient to 25 %", &light(&page, |x, _| 1.0 - 0.75 * x), &want);
    check("gradient top to bottom", &light(&page, |_, y| 1.0 - 0.7 * y), &want);
    check("shadow across half the code", &light(&page, |x, _| if x > 0.2 { 0.45 } else { 1.0 }), &want);
    // A soft dark stain, darkest (to 40 %) in the middle of the code's lower right quarter.
    let stain = |x: f32, y: f32| {
        let d = ((x - 0.31) / 0.07).powi(2) + ((y - 0.39) / 0.05).powi(2);
        1.0 - 0.6 * (-d).exp()
    };
    check("a stain over a quarter of the code", &light(&page, stain), &want);
    // A darker stain with a sharp edge (paper to 35 %), over the corner holding a finder pattern.
    let finder_stain = |x: f32, y: f32| {
        let d = ((x - 0.2) / 0.11).powi(2) + ((y - 0.41) / 0.075).powi(2);
        if d < 1.0 {
            0.35
        } else if d < 1.04 {
            0.35 + 0.65 * (d - 1.0) / 0.04
        } else {
            1.0
        }
    };
    check("a dark stain over a finder pattern", &light(&page, finder_stain), &want);
    check(
        "a soft shadow across half the code",
        &light(&page, |x, _| soft_band(x, 0.0, 0.3, 0.45, 0.03)),
        &want,
    );
    check("motion blur 6 px", &motion_blur(&page, 6), &want);
    check("negative", &negative(&page), &want);
    let both = [payload.clone(), breakglass::compact(&shares[1])];
    check("two sheets of one set", &side_by_side(&page, &other), &both);
    let stranger = seeded_split(b"another set entirely", 2, 3, 22);
    let third = render(&dir, &sheet_pdf(&stranger[0], &opts()), "s2", 200, 1, 1).remove(0);
    check(
        "two sheets of two sets",
        &side_by_side(&third, &page),
        &[breakglass::compact(&stranger[0]), payload],
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_code_of_pages_of_parts_at_every_resolution() {
    if !have_tool("pdftoppm") {
        return;
    }
    let dir = scratch("reading-parts");
    let params = SplitParams {
        threshold: 2,
        total: 2,
        kind: Kind::File,
        created: Date(20_781),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    let secret: Vec<u8> = (0..8_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let shares =
        split(&Secret::from_slice(&secret), &params, &mut ChaCha20Rng::seed_from_u64(23)).expect("split");
    let want = breakglass::payloads(&shares[0]);
    assert!(want.len() > 12, "{} parts", want.len());
    let pdf = sheet_pdf(&shares[0], &opts());
    let mut failures = Vec::new();
    for dpi in [100, 150, 200, 300] {
        let mut got = Vec::new();
        let last = 1 + want.len().div_ceil(6);
        for page in render(&dir, &pdf, "parts", dpi, 2, last) {
            got.extend(read(&page));
        }
        let read_here = want.iter().filter(|w| got.contains(w)).count();
        if read_here != want.len() {
            failures.push(format!("{dpi} dpi: read {read_here} of {} parts", want.len()));
        }
    }
    // The same pages at 200 dpi as light and years spoil them: soft shadows across the codes of
    // both columns (paper to 45 %), light salt-and-pepper specks, little contrast.
    let pages = render(&dir, &pdf, "parts", 200, 2, 1 + want.len().div_ceil(6));
    let spoilt: [Spoil<'_>; 3] = [
        ("soft shadows", &|p| {
            light(p, |x, _| soft_band(x, 0.0, 0.3, 0.45, 0.03) * soft_band(x, 0.55, 0.77, 0.45, 0.03))
        }),
        ("2 % salt and pepper", &|p| salt_and_pepper(p, 10, 7)),
        ("tones 120 to 150", &|p| squeezed(p, 120, 150)),
    ];
    for (what, spoil) in spoilt {
        let got: Vec<String> = pages.iter().flat_map(|p| read(&spoil(p))).collect();
        let read_here = want.iter().filter(|w| got.contains(w)).count();
        if read_here != want.len() {
            failures.push(format!("{what}: read {read_here} of {} parts", want.len()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The PPM, PGM and PBM files `pdftoppm` writes without `-png` are images too.
#[test]
fn netpbm_pages_from_pdftoppm_are_read() {
    if !have_tool("pdftoppm") {
        return;
    }
    let dir = scratch("reading-netpbm");
    let shares = seeded_split(b"read from a ppm file", 2, 3, 24);
    let pdf = dir.join("s.pdf");
    std::fs::write(&pdf, sheet_pdf(&shares[0], &opts())).expect("write pdf");
    for (flag, ext) in [("-r", "ppm"), ("-gray", "pgm"), ("-mono", "pbm")] {
        let mut cmd = Command::new("pdftoppm");
        if flag != "-r" {
            cmd.arg(flag);
        }
        let ok =
            cmd.args(["-r", "150", "-singlefile"]).arg(&pdf).arg(dir.join(ext)).status().expect("pdftoppm");
        assert!(ok.success());
        let bytes = std::fs::read(dir.join(format!("{ext}.{ext}"))).expect("page");
        let got = read_qr_codes(&bytes).unwrap_or_default();
        assert_eq!(got, vec![breakglass::compact(&shares[0])], "{ext}");
    }
}

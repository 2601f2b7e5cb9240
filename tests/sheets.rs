//! End to end through real tools: sheets rendered by poppler (`pdftoppm`), decoded by an independent
//! QR decoder (`zbarimg`), their text extracted (`pdftotext`), their structure checked (`qpdf`), and
//! recombined by the binary.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use breakglass::compact;
use breakglass::{Paper, SheetOptions, sheet_pdf};
use common::{have_tool, run, scratch, seeded_split};

fn tool(dir: &Path, prog: &str, args: &[&str]) -> std::process::Output {
    Command::new(prog).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{prog}: {e}"))
}

fn tools() -> bool {
    ["pdftoppm", "pdftotext", "zbarimg", "qpdf"].iter().all(|t| have_tool(t))
}

/// Makes a set with `new` and returns the directory and the password.
fn ceremony(name: &str, extra: &[&str]) -> (std::path::PathBuf, String) {
    let dir = scratch(name);
    let mut args = vec![
        "new",
        "-t",
        "2",
        "-n",
        "3",
        "--label",
        "bg-admin1@contoso.onmicrosoft.com",
        "--out-dir",
        "shares",
    ];
    args.extend_from_slice(extra);
    let o = run(&dir, &args, b"");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let password = String::from_utf8(o.stdout).expect("utf8").trim_end_matches('\n').to_string();
    (dir, password)
}

#[test]
fn rendered_sheets_scan_with_zbarimg_and_recombine() {
    if !tools() {
        return;
    }
    let (dir, password) = ceremony("sheets-scan", &[]);
    let mut payloads = Vec::new();
    for i in 1..=3 {
        let pdf = format!("shares/share-{i}-of-3.pdf");
        let o =
            tool(&dir, "pdftoppm", &["-r", "150", "-gray", "-png", "-singlefile", &pdf, &format!("page{i}")]);
        assert!(o.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&o.stderr));
        let o = tool(&dir, "zbarimg", &["-q", "--raw", &format!("page{i}.png")]);
        assert!(o.status.success(), "zbarimg found no code on sheet {i}");
        let out = String::from_utf8(o.stdout).expect("utf8");
        let codes: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(codes.len(), 1, "sheet {i} must hold exactly one code: {codes:?}");
        assert!(codes[0].starts_with("BREAKGLASS-V1:"), "{}", codes[0]);
        payloads.push(codes[0].to_string());
    }
    for pair in [[0, 1], [1, 2], [0, 2]] {
        let input = format!("QR-Code:{}\nQR-Code:{}\n", payloads[pair[0]], payloads[pair[1]]);
        let o = run(&dir, &["combine", "-"], input.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).trim_end_matches('\n'),
            password,
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn pdftotext_of_two_sheets_recombines() {
    if !tools() {
        return;
    }
    let (dir, password) = ceremony("sheets-text", &["--paper", "letter"]);
    for pair in [[1, 2], [3, 1]] {
        let mut text = String::new();
        for i in pair {
            for mode in [&[][..], &["-layout"][..]] {
                let pdf = format!("shares/share-{i}-of-3.pdf");
                let mut args: Vec<&str> = mode.to_vec();
                args.extend([pdf.as_str(), "-"]);
                let o = tool(&dir, "pdftotext", &args);
                assert!(o.status.success());
                let t = String::from_utf8(o.stdout).expect("utf8");
                assert!(!t.contains(&password), "password in the sheet's text");
                if mode.is_empty() {
                    text.push_str(&t);
                } else {
                    fs::write(dir.join(format!("layout{i}.txt")), t).expect("write");
                }
            }
        }
        let o = run(&dir, &["combine", "-"], text.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).trim_end_matches('\n'),
            password,
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let (a, b) = (format!("layout{}.txt", pair[0]), format!("layout{}.txt", pair[1]));
        let o = run(&dir, &["combine", &a, &b], b"");
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).trim_end_matches('\n'),
            password,
            "-layout: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn sheets_are_valid_small_vector_pdfs_without_the_secret() {
    if !tools() {
        return;
    }
    let (dir, password) = ceremony("sheets-check", &[]);
    for i in 1..=3 {
        let pdf = format!("shares/share-{i}-of-3.pdf");
        let o = tool(&dir, "qpdf", &["--check", &pdf]);
        assert!(o.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&o.stdout));
        let bytes = fs::read(dir.join(&pdf)).expect("pdf");
        assert!(bytes.len() <= 20_000, "sheet {i} is {} bytes", bytes.len());
        // Fully uncompressed by qpdf, in case a stream were ever compressed.
        let o =
            tool(&dir, "qpdf", &["--qdf", "--object-streams=disable", "--stream-data=uncompress", &pdf, "-"]);
        assert!(o.status.success());
        for hay in [&bytes, &o.stdout] {
            assert!(!hay.windows(password.len()).any(|w| w == password.as_bytes()), "password in sheet {i}");
            assert!(!hay.windows(6).any(|w| w == b"/Image"), "sheet {i} has a raster image");
            assert!(!hay.windows(9).any(|w| w == b"/FontFile"), "sheet {i} embeds a font");
        }
        let info = tool(&dir, "pdfinfo", &[&pdf]);
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains(&format!("Title:           Emergency access share {i} of 3")), "{info}");
        assert!(!info.contains("BREAKGLASS") && !info.contains("CreationDate"), "{info}");
        assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
    }
}

#[test]
fn same_shares_give_identical_pdf_bytes() {
    let a = seeded_split(b"not-a-real-password", 2, 3, 7);
    let b = seeded_split(b"not-a-real-password", 2, 3, 7);
    for paper in [Paper::A4, Paper::Letter] {
        let opts = SheetOptions { label: Some("bg@contoso.com"), paper, appendix: false };
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(sheet_pdf(x, &opts), sheet_pdf(y, &opts));
        }
        assert_ne!(sheet_pdf(&a[0], &opts), sheet_pdf(&a[1], &opts));
    }
    let discreet = SheetOptions { label: None, paper: Paper::A4, appendix: false };
    let sheet = sheet_pdf(&a[0], &discreet);
    assert!(!sheet.windows(7).any(|w| w == b"contoso"));
}

#[test]
fn qr_code_is_level_h_and_at_least_50_mm() {
    let shares = seeded_split(b"twenty-four-characters!!", 2, 3, 9);
    let code = breakglass::qr_code(&compact(&shares[0])).expect("fits");
    assert_eq!(code.error_correction_level(), qrcode::EcLevel::H);
    let modules = code.width() as f32;
    let code_mm = 180.0 * modules / (modules + 8.0) / 72.0 * 25.4;
    assert!(code_mm >= 50.0, "{code_mm} mm");
}

//! End to end through real tools: sheets rendered by poppler (`pdftoppm`), decoded by an independent
//! QR decoder (`zbarimg`), their text extracted (`pdftotext`), their structure checked (`qpdf`), and
//! recombined by the binary.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use breakglass::compact;
use breakglass::{Date, Kind, Lineage, Paper, Secret, SheetOptions, SplitParams, sheet_pdf, split};
use common::{have_tool, run, scratch, seeded_split};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

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

/// Words of each page as pdftotext places them: the page size, then (text, x0, y0, x1, y1) from the
/// top left.
type Word = (String, f32, f32, f32, f32);

fn words(dir: &Path, pdf: &str) -> Vec<((f32, f32), Vec<Word>)> {
    let o = tool(dir, "pdftotext", &["-bbox", pdf, "-"]);
    assert!(o.status.success(), "pdftotext -bbox {pdf}");
    let html = String::from_utf8_lossy(&o.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f32 {
        let at =
            tag.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 2;
        tag[at..].split('"').next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name} in {tag}"))
    };
    let mut pages: Vec<((f32, f32), Vec<Word>)> = Vec::new();
    for piece in html.split('<').skip(1) {
        if piece.starts_with("page ") {
            pages.push(((attr(piece, "width"), attr(piece, "height")), Vec::new()));
        } else if piece.starts_with("word ") {
            let text = piece.split_once('>').map(|(_, t)| t.to_string()).unwrap_or_default();
            let w =
                (text, attr(piece, "xMin"), attr(piece, "yMin"), attr(piece, "xMax"), attr(piece, "yMax"));
            pages.last_mut().expect("a page before its words").1.push(w);
        }
    }
    pages
}

#[test]
fn nothing_on_a_sheet_runs_off_the_page_or_over_other_text() {
    if !tools() {
        return;
    }
    let dir = scratch("sheets-layout");
    // The longest label of ordinary letters that passes the check, one that wraps at 14 points, and
    // the largest password; the generation and passphrase notes both shown; a multi-page share too.
    let widest = (1..=breakglass::MAX_LABEL_CHARS)
        .map(|n| "m".repeat(n))
        .take_while(|l| breakglass::check_label(l).is_ok())
        .last()
        .expect("a label of m");
    assert!(widest.len() > 100, "{}", widest.len());
    // Guillemets are wide too, and easily measured wrong.
    let guillemets = (1..=breakglass::MAX_LABEL_CHARS)
        .map(|n| "«".repeat(n))
        .take_while(|l| breakglass::check_label(l).is_ok())
        .last()
        .expect("a label of guillemets");
    let labels = [None, Some("LabelWord-".repeat(12)), Some(widest), Some(guillemets)];
    let make = |kind: Kind, secret: &[u8]| {
        let params = SplitParams {
            threshold: 2,
            total: 3,
            kind,
            created: Date(20_416),
            lineage: Lineage { generation: 2, supersedes: Some([1, 2, 3, 4, 5]) },
            passphrase: true,
        };
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        split(&Secret::from_slice(secret), &params, &mut rng).expect("split").swap_remove(0)
    };
    // The largest share that still has one code has the tallest typed form beside it.
    let largest_single = (16..=breakglass::SINGLE_CODE_MAX)
        .rev()
        .map(|n| make(Kind::Password, &vec![b'Z'; n]))
        .find(|s| breakglass::payloads(s).len() == 1)
        .expect("a single-code share");
    let shares = [make(Kind::Password, b"Example-Secret-1"), largest_single, make(Kind::File, &[7; 3000])];
    let (mut checked, mut custody_moved) = (0, 0);
    for share in &shares {
        let size = breakglass::compact(share).len();
        for paper in [Paper::A4, Paper::Letter] {
            for label in &labels {
                let opts = SheetOptions { label: label.as_deref(), paper, appendix: false };
                fs::write(dir.join("sheet.pdf"), sheet_pdf(share, &opts)).expect("write");
                let pages = words(&dir, "sheet.pdf");
                custody_moved += usize::from(pages.len() == 2);
                for (page, ((w, h), words)) in pages.iter().enumerate() {
                    let at = format!(
                        "{paper:?}, label {label:?}, share payload of {size} characters, page {}",
                        page + 1
                    );
                    for (t, x0, y0, x1, y1) in words {
                        // Within the side margins (50 points); the footer sits in the bottom one.
                        let inside = *x0 >= 49.0 && *x1 <= w - 49.0 && *y0 >= 20.0 && *y1 <= h - 20.0;
                        assert!(inside, "{t:?} off the page: {at}");
                    }
                    for (i, a) in words.iter().enumerate() {
                        for b in &words[..i] {
                            let dx = a.3.min(b.3) - a.1.max(b.1);
                            let dy = a.4.min(b.4) - a.2.max(b.2);
                            let smaller = ((a.3 - a.1) * (a.4 - a.2)).min((b.3 - b.1) * (b.4 - b.2));
                            let over = dx > 0.0 && dy > 0.0 && dx * dy > 0.25 * smaller;
                            assert!(!over, "{:?} is printed over {:?}: {at}", a.0, b.0);
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 24, "{checked} pages");
    // The longest typed forms with the longest labels took the custody fields to page 2.
    assert!(custody_moved > 0, "no sheet moved its custody fields to page 2");
}

#[test]
fn long_labels_and_account_names_wrap_on_the_record_within_the_page() {
    if !tools() {
        return;
    }
    let dir = scratch("record-layout");
    let shares = seeded_split(b"Example-Secret-1", 2, 3, 4);
    let label = "LabelWord-".repeat(12);
    let upn = format!("{}@{}.onmicrosoft.com", "a".repeat(64), "contoso-emergency-access".repeat(4));
    assert_eq!(breakglass::check_account(&upn), Ok(()));
    for paper in [Paper::A4, Paper::Letter] {
        let info = breakglass::RecordInfo {
            header: &shares[0].header,
            fingerprint: None,
            label: Some(&label),
            upn: Some(&upn),
            object_ids: &[],
            supersedes: None,
            service: Some(breakglass::Service::Entra),
        };
        fs::write(dir.join("record.pdf"), breakglass::record_pdf(&info, paper)).expect("write");
        let pages = words(&dir, "record.pdf");
        let ((w, _), first) = &pages[0];
        for (t, x0, _, x1, _) in first {
            assert!(*x0 >= 49.0 && *x1 <= w - 49.0, "{t:?} runs off the {paper:?} record");
        }
        let all: String = first.iter().map(|word| word.0.as_str()).collect();
        assert!(all.contains(&label), "the whole label is on the {paper:?} record");
        assert!(all.contains(&upn), "the whole UPN is on the {paper:?} record");
    }
}

#[test]
fn the_records_checklists_stay_in_their_column() {
    if !tools() {
        return;
    }
    let dir = scratch("record-columns");
    let shares = seeded_split(b"Example-Secret-1", 2, 3, 5);
    for service in breakglass::Service::ALL {
        let info = breakglass::RecordInfo {
            header: &shares[0].header,
            fingerprint: None,
            label: Some("bg-admin1@contoso.onmicrosoft.com"),
            upn: None,
            object_ids: &[],
            supersedes: None,
            service: Some(service),
        };
        fs::write(dir.join("record.pdf"), breakglass::record_pdf(&info, Paper::A4)).expect("write");
        let rows: Vec<&str> = service
            .account_checks()
            .iter()
            .copied()
            .chain(breakglass::review_checklist(Some(service)))
            .collect();
        let mut seen = 0;
        for (_, words) in words(&dir, "record.pdf") {
            // Words on one line, by their top; a line that is part of a checklist row must end
            // before the Date column (at 350 points).
            let mut lines: Vec<(f32, Vec<&Word>)> = Vec::new();
            for w in &words {
                match lines.iter_mut().find(|(y, _)| (y - w.2).abs() < 1.0) {
                    Some((_, l)) => l.push(w),
                    None => lines.push((w.2, vec![w])),
                }
            }
            for (_, line) in lines {
                let text: Vec<&str> = line.iter().map(|w| w.0.as_str()).collect();
                let text = text.join(" ").replace("&apos;", "'");
                if text.len() > 20 && rows.iter().any(|r| r.contains(&text)) {
                    seen += 1;
                    let right = line.iter().map(|w| w.3).fold(0.0, f32::max);
                    assert!(right <= 350.0, "{service:?}: {text:?} runs into the Date column (to {right})");
                }
            }
        }
        assert!(seen >= rows.len(), "{service:?}: only {seen} checklist lines found");
    }
}

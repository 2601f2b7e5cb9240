//! Decode time per page beside `zbarimg`'s, in the same run: a single-code sheet and a page of six
//! part codes, rendered by poppler (`pdftoppm`, greyscale PNG) at 150, 300 and 600 dpi, read by
//! `breakglass::read_qr_codes` (PNG decoding included) and by `zbarimg` (a whole process). Also the
//! peak memory of `breakglass inspect` on a 600 dpi page. Run with `cargo bench --bench decode`;
//! medians over several runs, since shared machines are noisy.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use breakglass::{
    Date, Kind, Lineage, Paper, Secret, SheetOptions, SplitParams, payloads, read_qr_codes, sheet_pdf, split,
};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Renders page `page` of `pdf` at `dpi`.
fn render(dir: &Path, pdf: &[u8], name: &str, dpi: u32, page: usize) -> PathBuf {
    let pdf_path = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf_path, pdf).expect("write");
    let stem = dir.join(format!("{name}-{dpi}"));
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray", "-png", "-singlefile", "-f", &page.to_string()])
        .arg(&pdf_path)
        .arg(&stem)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("pdftoppm is needed for this benchmark (apt-get install poppler-utils)");
        std::process::exit(1);
    }
    stem.with_extension("png")
}

/// Median milliseconds of `read_qr_codes` and of `zbarimg`, and the codes each read.
fn time_both(png: &Path, runs: usize) -> (f64, usize, Option<(f64, usize)>) {
    let bytes = std::fs::read(png).expect("png");
    let mut ours = Vec::new();
    let mut found = 0;
    for _ in 0..runs {
        let t = Instant::now();
        found = read_qr_codes(&bytes).map(|c| c.len()).unwrap_or(0);
        ours.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut zbar = Vec::new();
    let mut zbar_found = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let Ok(o) = Command::new("zbarimg")
            .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
            .arg(png)
            .output()
        else {
            return (median(ours), found, None);
        };
        zbar.push(t.elapsed().as_secs_f64() * 1000.0);
        zbar_found = String::from_utf8_lossy(&o.stdout).lines().count();
    }
    (median(ours), found, Some((median(zbar), zbar_found)))
}

/// Peak resident memory (MiB) of the release binary reading `png`, from GNU time.
fn peak_mib(png: &Path) -> Option<f64> {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/breakglass");
    let o =
        Command::new("/usr/bin/time").args(["-f", "%M"]).arg(exe).arg("inspect").arg(png).output().ok()?;
    let err = String::from_utf8_lossy(&o.stderr);
    err.lines().last()?.trim().parse::<f64>().ok().map(|kib| kib / 1024.0)
}

fn main() {
    let dir = std::env::temp_dir().join(format!("breakglass-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let params = |kind| SplitParams {
        threshold: 2,
        total: 3,
        kind,
        created: Date(20_781),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let password =
        split(&Secret::from_slice(b"not-a-real-password"), &params(Kind::Password), &mut rng).expect("split");
    let file: Vec<u8> = (0..3_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let large = split(&Secret::from_slice(&file), &params(Kind::File), &mut rng).expect("split");
    let opts = SheetOptions { label: Some("bench@example.com"), paper: Paper::A4, appendix: false };
    assert!(payloads(&large[0]).len() >= 6, "a full page of parts");
    println!("{:<22} {:>5}  {:>14}  {:>14}  {:>6}", "page", "dpi", "breakglass ms", "zbarimg ms", "ratio");
    for (name, pdf, page, want) in [
        ("single code", sheet_pdf(&password[0], &opts), 1, 1),
        ("six part codes", sheet_pdf(&large[0], &opts), 2, 6),
    ] {
        for dpi in [150, 300, 600] {
            let png = render(&dir, &pdf, &name.replace(' ', "-"), dpi, page);
            let (ours, found, zbar) = time_both(&png, if dpi == 600 { 5 } else { 11 });
            assert_eq!(found, want, "{name} at {dpi} dpi");
            let (zbar_ms, zbar_found) = zbar.unwrap_or((f64::NAN, 0));
            println!(
                "{name:<22} {dpi:>5}  {ours:>9.1} ({found})  {zbar_ms:>9.1} ({zbar_found})  {:>6.2}",
                ours / zbar_ms
            );
        }
    }
    let png = render(&dir, &sheet_pdf(&large[0], &opts), "six-part-codes", 600, 2);
    match peak_mib(&png) {
        Some(mib) => {
            println!("peak memory of `breakglass inspect` on a 600 dpi page of six codes: {mib:.0} MiB")
        }
        None => println!("peak memory: build the release binary first (cargo build --release)"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

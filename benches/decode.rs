//! Decode time per page: a rendered sheet (poppler `pdftoppm`, greyscale PNG) at 150, 300 and 600 dpi,
//! read by `breakglass::read_qr_codes` (PNG decoding included). Run with `cargo bench --bench decode`;
//! prints the median and the spread over several runs, since shared machines are noisy.

use std::process::Command;
use std::time::Instant;

use breakglass::{
    Date, Kind, Lineage, Paper, Secret, SheetOptions, SplitParams, read_qr_codes, sheet_pdf, split,
};
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;

fn main() {
    let dir = std::env::temp_dir().join(format!("breakglass-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let params = SplitParams {
        threshold: 2,
        total: 3,
        kind: Kind::Password,
        created: Date(20_781),
        lineage: Lineage::FIRST,
        passphrase: false,
    };
    let shares =
        split(&Secret::from_slice(b"not-a-real-password"), &params, &mut ChaCha20Rng::seed_from_u64(1))
            .expect("split");
    let pdf_path = dir.join("sheet.pdf");
    std::fs::write(
        &pdf_path,
        sheet_pdf(
            &shares[0],
            &SheetOptions { label: Some("bench@example.com"), paper: Paper::A4, appendix: false },
        ),
    )
    .expect("write");
    println!("{:>5}  {:>11}  {:>10}  {:>10}  {:>10}", "dpi", "pixels", "median ms", "min ms", "max ms");
    for dpi in [150, 300, 600] {
        let stem = dir.join(format!("page{dpi}"));
        let status = Command::new("pdftoppm")
            .args(["-r", &dpi.to_string(), "-gray", "-png", "-singlefile"])
            .arg(&pdf_path)
            .arg(&stem)
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("pdftoppm is needed for this benchmark (apt-get install poppler-utils)");
            std::process::exit(1);
        }
        let bytes = std::fs::read(stem.with_extension("png")).expect("png");
        let runs = if dpi == 600 { 7 } else { 15 };
        let mut times = Vec::new();
        let mut size = (0, 0);
        for _ in 0..runs {
            let t = Instant::now();
            let found = read_qr_codes(&bytes).expect("decodes");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(found.len(), 1, "one code per page");
            size = image::load_from_memory(&bytes).map(|i| (i.width(), i.height())).unwrap_or_default();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{dpi:>5}  {:>11}  {:>10.1}  {:>10.1}  {:>10.1}",
            format!("{}x{}", size.0, size.1),
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

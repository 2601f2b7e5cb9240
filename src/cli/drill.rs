//! `breakglass drill`: the 90-day proof that the shares still recover the secret, without showing it.

use breakglass::fingerprint;
use breakglass::share::Share;
use breakglass::sharing;

use super::CliError;
use super::combine::{gather, print_problems};
use super::json::Json;

/// Arguments of `drill`.
#[derive(clap::Args)]
#[command(after_help = "Example: breakglass drill share-1-of-3.pdf.png share-3-of-3.txt\n\n\
Compare the fingerprint with the one in the custody record (printed by `new`). The secret is\n\
recombined in memory only and never printed.")]
pub struct Args {
    /// Files holding shares: text, pasted or extracted text, or photos and scans of the sheets.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
    /// Print one JSON object instead (schema in docs/JSON.md).
    #[arg(long)]
    pub json: bool,
    /// For a set that needs a passphrase: ask for it (hidden) and check it opens the set too.
    #[arg(long)]
    pub passphrase: bool,
    /// Like --passphrase, reading it from FILE (one trailing newline removed).
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase")]
    pub passphrase_file: Option<std::path::PathBuf>,
}

/// What the drill learnt of the passphrase.
enum PassCheck {
    NotRequired,
    NotChecked,
    Opens,
}

impl PassCheck {
    fn name(&self) -> &'static str {
        match self {
            PassCheck::NotRequired => "not-required",
            PassCheck::NotChecked => "not-checked",
            PassCheck::Opens => "checked",
        }
    }
}

/// Reports a failed drill (as JSON, or as a line on stdout) and returns the error to exit with;
/// `summary` is the stderr line after a plain-text report.
fn failed(json: bool, error: &str, problems: &[String], summary: &str) -> CliError {
    if json {
        let out = Json::Obj(vec![
            ("verdict", Json::str("failed")),
            ("error", Json::str(error)),
            ("problems", Json::Arr(problems.iter().map(Json::str).collect())),
        ]);
        println!("{}", out.render());
        return CliError::Silent;
    }
    println!("Drill FAILED: {error}.");
    CliError::Failed(summary.into())
}

/// Runs `drill`.
pub fn run(args: Args) -> Result<(), CliError> {
    let g = gather(&args.inputs)?;
    print_problems(&g.problems, |p| eprintln!("problem: {p}"));
    let shares: Vec<Share> = g.shares.iter().map(|s| s.share.clone()).collect();
    let rec = sharing::combine(&shares).map_err(|e| {
        let summary = "the drill failed; see above, and replace or re-read the shares named";
        failed(args.json, &e.to_string(), &g.problems, summary)
    })?;
    let fp = {
        let _p = super::io::Progress::start("Computing the set fingerprint (Argon2id, 64 MiB)");
        fingerprint::fingerprint(&rec.secret, &rec.header.set_id)?
    };
    let h = &rec.header;
    // The passphrase opens the envelope in memory; what it opens to is dropped unseen.
    let pass = if !h.passphrase {
        PassCheck::NotRequired
    } else if args.passphrase || args.passphrase_file.is_some() {
        let p = super::io::read_passphrase(args.passphrase_file.as_deref(), false, "--passphrase-file")?;
        super::split::open(&rec.secret, &p).map_err(|e| {
            let summary = "the drill failed: the shares recombine but the passphrase does not open them";
            failed(args.json, &e.to_string(), &g.problems, summary)
        })?;
        PassCheck::Opens
    } else {
        PassCheck::NotChecked
    };
    let sources: Vec<String> = rec
        .used
        .iter()
        .filter_map(|i| g.shares.iter().find(|s| s.share.header.index == *i).map(|s| s.source.clone()))
        .collect();
    if args.json {
        let out = Json::Obj(vec![
            ("verdict", Json::str(if rec.misfits.is_empty() { "passed" } else { "passed-with-misfits" })),
            ("set", Json::str(h.set_id.to_string())),
            ("threshold", Json::Num(h.threshold.into())),
            ("total", Json::Num(h.total.into())),
            ("used", Json::Arr(rec.used.iter().map(|&i| Json::Num(i.into())).collect())),
            ("sources", Json::Arr(sources.iter().map(Json::str).collect())),
            ("misfits", Json::Arr(rec.misfits.iter().map(|&i| Json::Num(i.into())).collect())),
            ("created", Json::str(h.created.to_string())),
            ("review_by", Json::str(h.created.review_by().to_string())),
            ("generation", Json::Num(h.lineage.generation.into())),
            ("supersedes", Json::opt(h.lineage.supersedes_display())),
            ("fingerprint", Json::str(fp.to_string())),
            ("passphrase", Json::str(pass.name())),
            ("problems", Json::Arr(g.problems.iter().map(Json::str).collect())),
        ]);
        println!("{}", out.render());
        return if rec.misfits.is_empty() { Ok(()) } else { Err(CliError::Silent) };
    }
    println!("Drill passed: the shares recover the secret of set {} and pass the integrity check.", h.set_id);
    println!("  set:          {}", h.set_id);
    println!("  threshold:    any {} of {} shares", h.threshold, h.total);
    println!("  shares used:  {} ({})", sharing::and_list(&rec.used), sources.join(", "));
    println!("  created:      {} (review by {})", h.created, h.created.review_by());
    println!("  generation:   {}", super::inspect::lineage(&h.lineage));
    if let Some(w) = super::inspect::overdue(h.created) {
        println!("  note: {w}; this drill is part of that review.");
    }
    match pass {
        PassCheck::NotRequired => {}
        PassCheck::Opens => println!("  passphrase:   checked, it opens the set"),
        PassCheck::NotChecked => println!(
            "  passphrase:   required and NOT checked; run the drill with --passphrase to check it too"
        ),
    }
    println!("  fingerprint:  {fp}   compare with the custody record");
    for index in &rec.misfits {
        println!(
            "  WARNING: share {index} does not fit the others: it is altered, damaged or forged; replace it."
        );
    }
    if rec.misfits.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed("a share does not fit the set; replace it".into()))
    }
}

//! `breakglass drill`: the 90-day proof that the shares still recover the secret, without showing it.

use breakglass::fingerprint;
use breakglass::share::Share;
use breakglass::sharing;

use super::CliError;
use super::combine::{gather, print_problems};

/// Arguments of `drill`.
#[derive(clap::Args)]
#[command(after_help = "Example: breakglass drill share-1-of-3.pdf.png share-3-of-3.txt\n\n\
Compare the fingerprint with the one in the custody record (printed by `new`). The secret is\n\
recombined in memory only and never printed.")]
pub struct Args {
    /// Files holding shares: text, pasted or extracted text, or photos and scans of the sheets.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
}

/// Runs `drill`.
pub fn run(args: Args) -> Result<(), CliError> {
    let g = gather(&args.inputs)?;
    print_problems(&g.problems, |p| eprintln!("problem: {p}"));
    let shares: Vec<Share> = g.shares.iter().map(|s| s.share.clone()).collect();
    let rec = match sharing::combine(&shares) {
        Ok(r) => r,
        Err(e) => {
            println!("Drill FAILED: {e}.");
            return Err(CliError::Failed(
                "the drill failed; see above, and replace or re-read the shares named".into(),
            ));
        }
    };
    let fp = fingerprint::fingerprint(&rec.secret, &rec.header.set_id)?;
    let h = &rec.header;
    let sources: Vec<String> = rec
        .used
        .iter()
        .filter_map(|i| g.shares.iter().find(|s| s.share.header.index == *i).map(|s| s.source.clone()))
        .collect();
    println!("Drill passed: the shares recover the secret of set {} and pass the integrity check.", h.set_id);
    println!("  set:          {}", h.set_id);
    println!("  threshold:    any {} of {} shares", h.threshold, h.total);
    println!("  shares used:  {} ({})", sharing::and_list(&rec.used), sources.join(", "));
    println!("  created:      {} (review by {})", h.created, h.created.review_by());
    println!("  generation:   {}", super::inspect::lineage(&h.lineage));
    if let Some(w) = super::inspect::overdue(h.created) {
        println!("  note: {w}; this drill is part of that review.");
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

//! `breakglass inspect`: describe each share and whether it is intact, without combining anything.

use super::CliError;
use super::combine::{gather, print_problems};
use super::json::Json;

/// Arguments of `inspect`.
#[derive(clap::Args)]
#[command(after_help = "Example: breakglass inspect shares/*.txt")]
pub struct Args {
    /// Files holding shares (as for combine); `-` reads stdin.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
    /// Print one JSON object instead (schema in docs/JSON.md).
    #[arg(long)]
    pub json: bool,
}

/// Runs `inspect`.
pub fn run(args: Args) -> Result<(), CliError> {
    let g = gather(&args.inputs)?;
    if args.json {
        let shares = g.shares.iter().map(|s| {
            let h = &s.share.header;
            Json::Obj(vec![
                ("source", Json::str(&s.source)),
                ("set", Json::str(h.set_id.to_string())),
                ("index", Json::Num(h.index.into())),
                ("total", Json::Num(h.total.into())),
                ("threshold", Json::Num(h.threshold.into())),
                ("kind", Json::str(h.kind.name())),
                ("label", Json::opt(s.label.clone())),
                ("created", Json::str(h.created.to_string())),
                ("review_by", Json::str(h.created.review_by().to_string())),
                ("review_overdue", Json::Bool(overdue(h.created).is_some())),
                ("generation", Json::Num(h.lineage.generation.into())),
                ("supersedes", Json::opt(h.lineage.supersedes_display())),
                ("passphrase", Json::Bool(h.passphrase)),
                ("format", Json::Num(breakglass::share::FORMAT_VERSION.into())),
                ("checksum_ok", Json::Bool(true)),
            ])
        });
        let out = Json::Obj(vec![
            ("shares", Json::Arr(shares.collect())),
            ("problems", Json::Arr(g.problems.iter().map(Json::str).collect())),
        ]);
        println!("{}", out.render());
        return if g.problems.is_empty() { Ok(()) } else { Err(CliError::Silent) };
    }
    for s in &g.shares {
        let h = &s.share.header;
        println!("{}: share {} of {}, set {}, checksum ok", s.source, h.index, h.total, h.set_id);
        println!("  threshold:  any {} of the {} shares recover the secret", h.threshold, h.total);
        println!("  kind:       {}", h.kind.name());
        if let Some(label) = &s.label {
            println!("  label:      {label}");
        }
        println!("  created:    {} (review by {})", h.created, h.created.review_by());
        println!("  generation: {}", lineage(&h.lineage));
        if h.passphrase {
            println!("  passphrase: required as well as the shares");
        }
        if let Some(w) = overdue(h.created) {
            println!("  WARNING: {w}");
        }
        println!("  format:     v{}", breakglass::share::FORMAT_VERSION);
    }
    print_problems(&g.problems, |p| println!("DAMAGED: {p}"));
    match g.problems.len() {
        0 => Ok(()),
        n => Err(CliError::Failed(format!("{n} share(s) or input(s) could not be read; see DAMAGED above"))),
    }
}

/// "1", or "2, supersedes set 7K3F-Q2XA-…".
pub fn lineage(l: &breakglass::share::Lineage) -> String {
    match l.supersedes_display() {
        Some(old) => format!("{}, supersedes set {old}", l.generation),
        None => l.generation.to_string(),
    }
}

/// A warning when the review-by date of a set made on `created` has passed.
pub fn overdue(created: breakglass::date::Date) -> Option<String> {
    let today = breakglass::date::Date::today()?;
    let due = created.review_by();
    (today > due).then(|| {
        format!(
            "the review was due on {due}, {} days ago: drill the shares, check the seals, and rotate if anything changed",
            today.0 - due.0
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use breakglass::date::Date;

    #[test]
    fn overdue_reviews_are_flagged() {
        assert!(overdue(Date(0)).is_some_and(|w| w.contains("the review was due on 1970-04-01")));
        assert_eq!(Date::today().and_then(overdue), None);
    }
}

//! `breakglass inspect`: describe each share and whether it is intact, without combining anything.

use breakglass::{Date, FORMAT_VERSION, Found, Gathered};

use super::console::out;
use super::describe::{lineage, overdue};
use super::error::CliError;
use super::gathering::{gather_readable, print_problems};
use super::json::Json;

/// Arguments of `inspect`.
#[derive(clap::Args)]
#[command(after_help = "Example: breakglass inspect shares/*.pdf")]
pub(crate) struct Args {
    /// Files holding shares (as for combine); `-` reads stdin.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,
    /// Print one JSON object instead (schema in docs/JSON.md).
    #[arg(long)]
    json: bool,
}

/// Runs `inspect`; with `--json`, an input that cannot be read is one JSON object on stdout too.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    let json = args.json;
    match inspect(args) {
        Err(e) if json && !matches!(e, CliError::Silent) => {
            let out = Json::Obj(vec![
                ("shares", Json::Arr(Vec::new())),
                ("problems", Json::Arr(Vec::new())),
                ("error", Json::str(e.to_string())),
            ]);
            out!("{}", out.render())?;
            Err(e)
        }
        other => other,
    }
}

fn inspect(args: Args) -> Result<(), CliError> {
    // Every input that can be read is described, even when others cannot be.
    let (g, unread) = gather_readable(&args.inputs);
    let unread: Vec<String> = unread.iter().map(ToString::to_string).collect();
    let today = Date::today();
    if args.json {
        out!("{}", json(&g, &unread, today).render())?;
        return if g.problems.is_empty() && unread.is_empty() { Ok(()) } else { Err(CliError::Silent) };
    }
    for s in &g.shares {
        describe(s, today)?;
    }
    for e in &unread {
        out!("UNREADABLE: {e}")?;
    }
    print_problems(&g.problems, |p| out!("DAMAGED: {p}"))?;
    match g.problem_count() + unread.len() {
        0 => Ok(()),
        n => Err(CliError::Damaged(n)),
    }
}

/// One share's description, on stdout.
fn describe(s: &Found, today: Option<Date>) -> Result<(), CliError> {
    let h = &s.share.header;
    out!("{}: share {} of {}, set {}, checksum ok", s.source, h.index, h.total, h.set_id)?;
    out!("  threshold:  any {} of the {} shares recover the secret", h.threshold, h.total)?;
    out!("  kind:       {}", h.kind.name())?;
    if let Some(label) = &s.label {
        out!("  label:      {label}")?;
    }
    out!("  created:    {} (review by {})", h.created, h.created.review_by())?;
    out!("  generation: {}", lineage(&h.lineage))?;
    if h.passphrase {
        out!("  passphrase: required as well as the shares")?;
    }
    if let Some(w) = overdue(h.created, today) {
        out!("  WARNING: {w}")?;
    }
    out!("  format:     v{FORMAT_VERSION}")
}

/// The JSON report (docs/JSON.md).
fn json(g: &Gathered, unread: &[String], today: Option<Date>) -> Json {
    let shares = g.shares.iter().map(|s| {
        let h = &s.share.header;
        Json::Obj(vec![
            ("source", Json::str(s.source.to_string())),
            ("set", Json::str(h.set_id.to_string())),
            ("index", Json::Num(h.index.into())),
            ("total", Json::Num(h.total.into())),
            ("threshold", Json::Num(h.threshold.into())),
            ("kind", Json::str(h.kind.name())),
            ("label", Json::opt(s.label.clone())),
            ("created", Json::str(h.created.to_string())),
            ("review_by", Json::str(h.created.review_by().to_string())),
            ("review_overdue", Json::Bool(overdue(h.created, today).is_some())),
            ("generation", Json::Num(h.lineage.generation.into())),
            ("supersedes", Json::opt(h.lineage.supersedes_display())),
            ("passphrase", Json::Bool(h.passphrase)),
            ("format", Json::Num(FORMAT_VERSION.into())),
            ("checksum_ok", Json::Bool(true)),
        ])
    });
    let problems = unread.iter().map(Json::str).chain(g.problems.iter().map(|p| Json::str(p.to_string())));
    Json::Obj(vec![("shares", Json::Arr(shares.collect())), ("problems", Json::Arr(problems.collect()))])
}

//! `breakglass drill`: the 90-day proof that the shares still recover the secret, without showing it.

use std::path::PathBuf;

use breakglass::{Beside, Date, Gathered, IndexList, Problem, RecoverError, Recovery, recover_with};

use super::console::{out, say};
use super::describe::{lineage, overdue};
use super::error::{CliError, DrillFault, Fault, Mismatch};
use super::gathering::{gather_inputs, print_problems};
use super::json::Json;
use super::prompt::{Progress, read_passphrase};
use super::record::{Expected, RecordCheck};

/// Arguments of `drill`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  breakglass drill share-1-of-3.pdf.png share-3-of-3.txt --record record.txt\n  \
breakglass drill shares/share-1-of-3.pdf shares/share-2-of-3.pdf --json\n\n\
The drill passes only when every input was read and every share fits its set; shares of other\n\
sets given beside it are named. With --record or --expect the verdict also says whether the shares\n\
are the set the record describes; without, compare the fingerprint with the record yourself. The\n\
secret is recombined in memory only and never printed."
)]
pub(crate) struct Args {
    /// Files holding shares: text, pasted or extracted text, or photos and scans of the sheets.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,
    /// Print one JSON object instead (schema in docs/JSON.md).
    #[arg(long)]
    json: bool,
    /// For a set that needs a passphrase: ask for it (hidden) and check it opens the set too.
    #[arg(long)]
    passphrase: bool,
    /// Like --passphrase, reading it from FILE (one trailing newline removed).
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase")]
    passphrase_file: Option<PathBuf>,
    #[command(flatten)]
    record: RecordCheck,
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

/// What a drill that recombined found.
struct Verdict<'a> {
    rec: &'a Recovery,
    expected: Option<&'a Expected>,
    pass: PassCheck,
    sources: Vec<String>,
    problems: &'a [Problem],
    /// Why the drill fails although the set recombined: unreadable inputs, shares that do not fit.
    faults: Vec<Fault>,
    /// Options given that did not apply to this set.
    notes: Vec<String>,
}

impl Verdict<'_> {
    fn passed(&self) -> bool {
        self.faults.is_empty()
    }
}

/// What keeps a drill that recombined from passing: every input read, every share of the set fits,
/// no newer generation of it given, and it is the record's set (when a record was given).
fn faults(rec: &Recovery, g: &Gathered, mismatch: Option<Mismatch>) -> Vec<Fault> {
    let mut faults: Vec<Fault> = mismatch.into_iter().map(Fault::NotRecord).collect();
    if !g.problems.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for name in g.problems.iter().filter_map(Problem::input) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        faults.push(if names.is_empty() { Fault::Parts } else { Fault::Unread(names) });
    }
    faults.extend(rec.misfits.iter().cloned().map(Fault::Misfit));
    for b in &rec.beside {
        match b {
            Beside::Disagreeing { .. } => faults.push(Fault::Disagreeing(b.clone())),
            Beside::Newer { .. } => faults.push(Fault::Superseded(b.clone())),
            _ => {}
        }
    }
    faults
}

/// Reports a drill that failed before a verdict could be drawn up (as JSON, or as a line on
/// stdout), with what is known of the set; returns the error to exit with, already reported.
fn failed(
    json: bool,
    error: &str,
    known: Vec<(&'static str, Json)>,
    problems: &[Problem],
    exit: CliError,
) -> CliError {
    let printed = if json {
        let mut fields = vec![("verdict", Json::str("failed")), ("error", Json::str(error))];
        fields.extend(known);
        fields.push(("problems", Json::Arr(problems.iter().map(|p| Json::str(p.to_string())).collect())));
        out!("{}", Json::Obj(fields).render())
    } else {
        out!("Drill FAILED: {error}.")
    };
    match printed {
        Ok(()) => CliError::Reported(Box::new(exit)),
        Err(e) => e,
    }
}

/// Runs `drill`; with `--json`, every failure is one JSON object on stdout too.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    let json = args.json;
    match run_drill(args) {
        Err(e) if json && !matches!(e, CliError::Silent | CliError::Reported(_)) => {
            let text = e.to_string();
            Err(failed(true, &text, Vec::new(), &[], e))
        }
        other => other,
    }
}

/// The failure of a drill whose shares did not recover a set: not the record's set, or no set.
fn not_recovered(json: bool, expected: Option<&Expected>, g: &Gathered, e: RecoverError) -> CliError {
    match expected.and_then(|x| x.mismatch_in(&e)) {
        Some(m) => {
            let known = match &m {
                Mismatch::Fingerprint { set, found, .. } => vec![
                    ("set", Json::str(set.to_string())),
                    ("fingerprint", Json::str(found.to_string())),
                    ("matches_record", Json::Bool(false)),
                ],
                Mismatch::Set { found, .. } => {
                    vec![("set", Json::str(found.to_string())), ("matches_record", Json::Bool(false))]
                }
            };
            failed(json, &m.to_string(), known, &g.problems, CliError::DrillMismatch)
        }
        None => {
            let text = e.to_string();
            failed(json, &text, Vec::new(), &g.problems, CliError::DrillFailed(DrillFault::Recover(e)))
        }
    }
}

fn run_drill(args: Args) -> Result<(), CliError> {
    let expected = args.record.read()?;
    let g = gather_inputs(&args.inputs)?;
    print_problems(&g.problems, |p| {
        say!("problem: {p}");
        Ok(())
    })?;
    // Only a record named on the command line picks the set; one found among the inputs checks it.
    let want = args.record.want(expected.as_ref());
    let expected = args.record.or_among(expected, &g)?;
    let rec = recover_with(&g, want).map_err(|e| not_recovered(args.json, expected.as_ref(), &g, e))?;
    let mut notes = Vec::new();
    let pass = check_passphrase(&args, &rec, &g, &mut notes)?;
    let sources = rec.used.iter().filter_map(|&i| rec.source_of(i)).map(ToString::to_string).collect();
    let mismatch = expected.as_ref().and_then(|e| e.mismatch(&rec));
    let not_record = mismatch.is_some();
    let faults = faults(&rec, &g, mismatch);
    let v = Verdict {
        rec: &rec,
        expected: expected.as_ref(),
        pass,
        sources,
        problems: &g.problems,
        faults,
        notes,
    };
    if args.json {
        out!("{}", json(&v).render())?;
    } else {
        report(&v)?;
    }
    let error = match (v.passed(), not_record) {
        (true, _) => return Ok(()),
        (false, true) => CliError::DrillMismatch,
        (false, false) => CliError::DrillFailed(DrillFault::Faults(v.faults)),
    };
    Err(CliError::Reported(Box::new(error)))
}

/// Opens the envelope in memory when the set needs a passphrase and one was given; what it opens to
/// is dropped unseen. A passphrase given for a set that needs none is noted.
fn check_passphrase(
    args: &Args,
    rec: &Recovery,
    g: &Gathered,
    notes: &mut Vec<String>,
) -> Result<PassCheck, CliError> {
    if !rec.needs_passphrase() {
        if args.passphrase || args.passphrase_file.is_some() {
            let note = format!("set {} needs no passphrase; none was checked", rec.header.set_id);
            say!("note: {note}.");
            notes.push(note);
        }
        return Ok(PassCheck::NotRequired);
    }
    if !args.passphrase && args.passphrase_file.is_none() {
        return Ok(PassCheck::NotChecked);
    }
    let p = read_passphrase(args.passphrase_file.as_deref(), false, "--passphrase-file")?;
    let opened = {
        let _p = Progress::start("Deriving the key from the passphrase (Argon2id)");
        rec.unlock(Some(&p))
    };
    let known = vec![("set", Json::str(rec.header.set_id.to_string())), ("passphrase", Json::str("wrong"))];
    opened.map_err(|e| failed(args.json, &e.to_string(), known, &g.problems, CliError::DrillPassphrase))?;
    Ok(PassCheck::Opens)
}

/// The plain-text report, on stdout.
fn report(v: &Verdict<'_>) -> Result<(), CliError> {
    let (rec, h) = (v.rec, &v.rec.header);
    if v.passed() {
        out!(
            "Drill passed: the shares recover the secret of set {} and pass the integrity check.",
            h.set_id
        )?;
    } else {
        out!(
            "Drill FAILED: set {} recombines and passes the integrity check, but {}.",
            h.set_id,
            v.faults.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
        )?;
    }
    out!("  set:          {}", h.set_id)?;
    out!("  threshold:    any {} of {} shares", h.threshold, h.total)?;
    out!("  shares used:  {} ({})", IndexList(&rec.used), v.sources.join(", "))?;
    out!("  created:      {} (review by {})", h.created, h.created.review_by())?;
    out!("  generation:   {}", lineage(&h.lineage))?;
    if let Some(w) = overdue(h.created, Date::today()) {
        out!("  note: {w}; this drill is part of that review.")?;
    }
    match v.pass {
        PassCheck::NotRequired => {}
        PassCheck::Opens => out!("  passphrase:   checked, it opens the set")?,
        PassCheck::NotChecked => {
            out!("  passphrase:   required and NOT checked; run the drill with --passphrase to check it too")?
        }
    }
    match v.expected.map(|e| e.mismatch(rec).is_none()) {
        Some(true) => out!("  fingerprint:  {}   matches the record", rec.fingerprint)?,
        Some(false) => out!("  fingerprint:  {}   NOT the record's set", rec.fingerprint)?,
        None => out!("  fingerprint:  {}   compare with the custody record", rec.fingerprint)?,
    }
    for m in &rec.misfits {
        out!(
            "  WARNING: share {} ({}) does not fit the others: it is altered, damaged or forged; replace it.",
            m.index,
            m.source
        )?;
    }
    for b in &rec.beside {
        out!("  also given: {b}")?;
    }
    Ok(())
}

/// The JSON report (docs/JSON.md).
fn json(v: &Verdict<'_>) -> Json {
    let (rec, h) = (v.rec, &v.rec.header);
    let nums = |list: &[u8]| Json::Arr(list.iter().map(|&i| Json::Num(i.into())).collect());
    let misfits: Vec<u8> = rec.misfits.iter().map(|m| m.index).collect();
    let strings = |list: Vec<String>| Json::Arr(list.into_iter().map(Json::str).collect());
    Json::Obj(vec![
        ("verdict", Json::str(if v.passed() { "passed" } else { "failed" })),
        ("set", Json::str(h.set_id.to_string())),
        ("threshold", Json::Num(h.threshold.into())),
        ("total", Json::Num(h.total.into())),
        ("used", nums(&rec.used)),
        ("sources", Json::Arr(v.sources.iter().map(Json::str).collect())),
        ("misfits", nums(&misfits)),
        ("misfit_sources", strings(rec.misfits.iter().map(|m| m.source.to_string()).collect())),
        ("created", Json::str(h.created.to_string())),
        ("review_by", Json::str(h.created.review_by().to_string())),
        ("generation", Json::Num(h.lineage.generation.into())),
        ("supersedes", Json::opt(h.lineage.supersedes_display())),
        ("fingerprint", Json::str(rec.fingerprint.to_string())),
        ("matches_record", v.expected.map_or(Json::Null, |e| Json::Bool(e.mismatch(rec).is_none()))),
        ("passphrase", Json::str(v.pass.name())),
        ("faults", strings(v.faults.iter().map(ToString::to_string).collect())),
        ("also_given", strings(rec.beside.iter().map(ToString::to_string).collect())),
        ("problems", strings(v.problems.iter().map(ToString::to_string).collect())),
        ("notes", strings(v.notes.clone())),
    ])
}

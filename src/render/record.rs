//! The ceremony record (`record.pdf`, `record.txt`): the security officer's copy, filed apart from
//! the sealed sheets. It holds everything about the set except the secret and the shares: set id,
//! generation, dates, k-of-n, fingerprint, the account, a row per share for custody, the ceremony
//! script, the 90-day checklist, and the sign-in monitoring query.

use super::draw::{Flow, MARGIN, MONO, SANS, SANS_BOLD};
use super::{Paper, appendix, metrics, pdf};
use crate::fingerprint::Fingerprint;
use crate::monitor::{self, ObjectId, Service, aws, entra, google};
use crate::share::Header;

/// What the record describes.
pub struct RecordInfo<'a> {
    /// The set's header (the index is ignored).
    pub header: &'a Header,
    /// The set fingerprint (Argon2id of the secret), for later drills.
    pub fingerprint: Option<Fingerprint>,
    /// The label given for the set.
    pub label: Option<&'a str>,
    /// The account's user principal name.
    pub upn: Option<&'a str>,
    /// The accounts' Entra object ids.
    pub object_ids: &'a [ObjectId],
    /// The full id of the set this one supersedes, when known (the header has its first 8 characters).
    pub supersedes: Option<String>,
    /// The platform of the account, for its monitoring rules and configuration checks.
    pub service: Option<Service>,
}

/// Steps of the ceremony, each to be initialled and timed.
pub const CEREMONY_STEPS: [&str; 6] = [
    "Air gap checked (breakglass airgap)",
    "Password set on the account",
    "Sheets printed and checked legible",
    "Print residue destroyed (queue cleared, spoiled pages shredded)",
    "Envelopes sealed, serials noted in the custody table",
    "Share PDFs and text files deleted",
];

enum Block {
    Title(String),
    Heading(String),
    Field(&'static str, String),
    Para(String),
    Table(Vec<&'static str>, Vec<String>),
    Code(Vec<String>),
}

fn blocks(info: &RecordInfo<'_>) -> Vec<Block> {
    let h = info.header;
    let mut b = vec![Block::Title(format!("Emergency access ceremony record - set {}", h.set_id))];
    b.push(Block::Para(
        "Keep this record with the security officer, apart from the sealed sheets. It holds no secret and no share."
            .into(),
    ));
    set_blocks(info, &mut b);
    b.push(Block::Heading("Account".into()));
    b.push(Block::Field("Label", info.label.unwrap_or("").into()));
    b.push(Block::Field("UPN", info.upn.unwrap_or("").into()));
    let ids: Vec<String> = info.object_ids.iter().map(ToString::to_string).collect();
    b.push(Block::Field("Object id", ids.join(", ")));
    b.push(Block::Heading("Custody of the shares".into()));
    b.push(Block::Table(
        vec!["Share", "Custodian", "Envelope serial", "Storage location", "Signature"],
        (1..=h.total).map(|i| format!("{i} of {}", h.total)).collect(),
    ));
    b.push(Block::Heading("Ceremony".into()));
    b.push(Block::Table(
        vec!["Step", "Initials", "Time"],
        CEREMONY_STEPS.iter().map(|s| s.to_string()).collect(),
    ));
    b.push(Block::Field("Officer", String::new()));
    b.push(Block::Field("Witness", String::new()));
    b.push(Block::Field("Signed on", String::new()));
    if let Some(service) = info.service {
        b.push(Block::Heading(format!("Account configuration ({})", service.title())));
        b.push(Block::Para(
            "From the platform's guidance: check each at the ceremony and at every review.".into(),
        ));
        b.push(Block::Table(
            vec!["Check", "Date", "Initials"],
            service.account_checks().iter().map(|s| s.to_string()).collect(),
        ));
    }
    b.push(Block::Heading("Every 90 days".into()));
    b.push(Block::Table(
        vec!["Check", "Date", "Initials"],
        monitor::review_checklist(info.service).iter().map(|s| s.to_string()).collect(),
    ));
    monitoring_blocks(info, &mut b);
    b
}

/// The set's facts: id, generation, dates, k of n, kind, fingerprint.
fn set_blocks(info: &RecordInfo<'_>, b: &mut Vec<Block>) {
    let h = info.header;
    b.push(Block::Heading("Set".into()));
    b.push(Block::Field("Set id", h.set_id.to_string()));
    let generation = match (&info.supersedes, h.lineage.supersedes_display()) {
        (Some(full), _) => format!("{}, supersedes set {full}: destroy its sheets", h.lineage.generation),
        (None, Some(prefix)) => {
            format!("{}, supersedes set {prefix}: destroy its sheets", h.lineage.generation)
        }
        (None, None) => format!("{} (first set)", h.lineage.generation),
    };
    b.push(Block::Field("Generation", generation));
    b.push(Block::Field("Created", h.created.to_string()));
    b.push(Block::Field(
        "Review by",
        format!("{} (every 90 days, and after any staff change or use)", h.created.review_by()),
    ));
    b.push(Block::Field("Shares", format!("any {} of {} recover the secret", h.threshold, h.total)));
    b.push(Block::Field("Kind", h.kind.name().into()));
    if h.passphrase {
        b.push(Block::Field(
            "Passphrase",
            "required besides the shares: kept apart from the sheets by the custodian named below".into(),
        ));
        b.push(Block::Field("Kept by", String::new()));
    }
    if let Some(fp) = info.fingerprint {
        b.push(Block::Field("Fingerprint", format!("{fp} (breakglass drill must show the same)")));
    }
}

/// The monitoring rules for the account's platform, or how to get them.
fn monitoring_blocks(info: &RecordInfo<'_>, b: &mut Vec<Block>) {
    b.push(Block::Heading("Monitoring".into()));
    let code = |text: String| Block::Code(text.lines().map(String::from).collect());
    match info.service {
        Some(Service::Entra) if !info.object_ids.is_empty() => {
            let ids = info.object_ids;
            b.push(Block::Para("Two Log Analytics alert rules, severity 0. Sign-ins, interactive and non-interactive:".into()));
            b.push(code(entra::signin_kql(ids)));
            b.push(Block::Para("Changes made by, or to, the accounts:".into()));
            b.push(code(entra::audit_kql(ids)));
            b.push(Block::Para("The Azure CLI script that creates both rules (breakglass alert-query --commands prints it):".into()));
            b.push(code(entra::az_commands(ids)));
        }
        Some(Service::Entra) => b.push(Block::Para(
            "No object id was given: breakglass alert-query --object-id ID prints the sign-in query, --audit the changes query, and --commands the script that creates both alert rules."
                .into(),
        )),
        Some(Service::Aws) => {
            b.push(Block::Para("EventBridge event pattern for root sign-ins and root API calls (breakglass alert-query --platform aws):".into()));
            b.push(code(aws::event_pattern()));
            b.push(Block::Para("The AWS CLI script that creates the rule (breakglass alert-query --platform aws --commands):".into()));
            b.push(code(aws::aws_commands()));
        }
        Some(Service::Google) => b.push(code(google::alert_steps(info.upn))),
        None => b.push(Block::Para(
            "breakglass alert-query --platform entra, aws or google prints the rules that alert on every use of the account."
                .into(),
        )),
    }
}

/// The record as plain text.
pub fn record_text(info: &RecordInfo<'_>) -> String {
    let mut out = String::new();
    for block in blocks(info) {
        match block {
            Block::Title(t) => out.push_str(&format!("{t}\n{}\n", "=".repeat(t.chars().count()))),
            Block::Heading(t) => out.push_str(&format!("\n{t}\n{}\n", "-".repeat(t.len()))),
            Block::Field(k, v) => out.push_str(&format!(
                "{:<13}{}\n",
                format!("{k}:"),
                if v.is_empty() { "____________________".into() } else { v }
            )),
            Block::Para(t) => out.push_str(&format!("{t}\n")),
            Block::Table(cols, rows) => {
                out.push_str(&format!("{}\n", cols.join(" | ")));
                for r in rows {
                    out.push_str(&format!("{r}{}\n", " | ________".repeat(cols.len() - 1)));
                }
            }
            // Unindented, between blank lines, so that a script copied out of the record runs
            // (its here-document ends must start their lines).
            Block::Code(lines) => out.push_str(&format!("\n{}\n\n", lines.join("\n"))),
        }
    }
    out.push_str("\nAppendix: recovering without breakglass (Python 3, standard library only)\n");
    out.push_str("-----------------------------------------------------------------------\n");
    out.push_str(appendix::RECOVER_PY);
    out
}

/// Characters of 7-point Courier across the narrower paper's text area (A4: 495 points).
const CODE_COLUMNS: usize = 112;

/// Splits a line of a query or script into lines of at most `width` characters so that it still
/// means the same when typed back from paper: breaks fall at spaces (where a query or a JSON
/// document takes a line end as well), a comment goes on as a comment (`//` or `#`), and any
/// other continuation is indented four more spaces. A line the tool writes keeps shell commands
/// and quoted text short enough not to be broken at all.
fn wrap_code(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width {
        return vec![line.to_string()];
    }
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let comment =
        ["// ", "# "].into_iter().find(|p| body.starts_with(p.trim_end()) && !body.starts_with("#!"));
    let mut next = format!("{indent}{}", comment.unwrap_or("    "));
    if next.chars().count() + 8 > width {
        next = comment.unwrap_or("").to_string();
    }
    let mut out = Vec::new();
    let mut rest = line.to_string();
    // Where a break may fall: after the line's own indent first, after the prefix on later lines,
    // so that every line makes progress (byte offsets of ASCII spaces: always char boundaries).
    let mut floor_at = indent.len();
    while rest.chars().count() > width {
        let limit = rest.char_indices().nth(width).map_or(rest.len(), |(i, _)| i);
        let floor = floor_at.min(limit);
        let at_space = rest[limit..].starts_with(' ').then_some(limit);
        let cut = at_space
            .or_else(|| rest[floor..limit].rfind(' ').map(|i| i + floor).filter(|&i| i > floor))
            .unwrap_or(limit);
        out.push(rest[..cut].trim_end().to_string());
        rest = format!("{next}{}", rest[cut..].trim_start());
        floor_at = next.len();
    }
    out.push(rest);
    out
}

/// The record as a PDF (as many pages as it needs), deterministic for the same input.
pub fn record_pdf(info: &RecordInfo<'_>, paper: Paper) -> Vec<u8> {
    let size = paper.size();
    let mut f = Flow::new(size);
    for block in blocks(info) {
        match block {
            Block::Title(t) => {
                f.need(30.0);
                // 16 points, or smaller to stay within the margins.
                let width = f.page.right() - MARGIN;
                let size = (16.0 * width / metrics::text_width(SANS_BOLD, 16.0, &t)).min(16.0);
                f.text(SANS_BOLD, size, MARGIN, &t);
                f.page.y -= 22.0;
            }
            Block::Heading(t) => {
                f.need(40.0);
                f.page.y -= 8.0;
                f.text(SANS_BOLD, 11.5, MARGIN, &t);
                f.page.y -= 16.0;
            }
            Block::Field(k, v) => pdf_field(&mut f, k, &v),
            Block::Para(t) => {
                let width = f.page.right() - MARGIN;
                for l in metrics::wrap(SANS, 9.0, &t, width) {
                    f.need(13.0);
                    f.text(SANS, 9.0, MARGIN, &l);
                    f.page.y -= 12.5;
                }
                f.page.y -= 3.0;
            }
            Block::Table(cols, rows) => pdf_table(&mut f, &cols, &rows),
            Block::Code(lines) => {
                for part in lines.iter().flat_map(|l| wrap_code(l, CODE_COLUMNS)) {
                    f.need(11.0);
                    f.text(MONO, 7.0, MARGIN, &part);
                    f.page.y -= 10.0;
                }
                f.page.y -= 6.0;
            }
        }
    }
    let mut pages = f.finish();
    pages.extend(appendix::pages(size));
    let set = info.header.set_id;
    let embedded = match info.fingerprint {
        Some(fp) => format!("Set id: {set} Fingerprint: {fp}"),
        None => format!("Set id: {set}"),
    };
    pdf::assemble(
        pages,
        size,
        &format!("Emergency access ceremony record - set {set}"),
        pdf::Embedded::Record(&embedded),
    )
}

/// A caption and its value, or a line to write on.
fn pdf_field(f: &mut Flow, caption: &str, value: &str) {
    f.need(16.0);
    f.text(SANS, 9.5, MARGIN, caption);
    if value.is_empty() {
        let (right, y) = (f.page.right(), f.page.y - 2.0);
        f.page.rule(MARGIN + 80.0, right, y, 0.6);
    } else {
        let width = f.page.right() - MARGIN - 80.0;
        for (i, line) in metrics::wrap(SANS, 9.5, value, width).iter().enumerate() {
            if i > 0 {
                f.page.y -= 12.0;
                f.need(13.0);
            }
            f.text(SANS, 9.5, MARGIN + 80.0, line);
        }
    }
    f.page.y -= 15.0;
}

/// A table of rows to fill in by hand, one rule under each.
fn pdf_table(f: &mut Flow, cols: &[&str], rows: &[String]) {
    let right = f.page.right();
    let first = if cols.len() > 3 { 60.0 } else { 300.0 };
    let rest = (right - MARGIN - first) / (cols.len() - 1) as f32;
    let x = |i: usize| if i == 0 { MARGIN } else { MARGIN + first + rest * (i - 1) as f32 };
    f.need(40.0);
    for (i, c) in cols.iter().enumerate() {
        f.text(SANS_BOLD, 8.5, x(i), c);
    }
    f.page.y -= 6.0;
    let y = f.page.y;
    f.page.rule(MARGIN, right, y, 0.6);
    for r in rows {
        // A row's text wraps within its column, clear of the columns to write in.
        let lines = metrics::wrap(SANS, 9.0, r, first - 8.0);
        f.need(14.0 + 11.0 * lines.len() as f32);
        f.page.y -= 16.0;
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                f.page.y -= 11.0;
            }
            f.text(SANS, 9.0, MARGIN, line);
        }
        f.page.y -= 8.0;
        let y = f.page.y;
        f.page.rule(MARGIN, right, y, 0.6);
    }
    f.page.y -= 14.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_wraps_so_that_it_types_back_the_same() {
        assert_eq!(wrap_code("short", 10), ["short"]);
        assert_eq!(wrap_code("// aaa bbb ccc", 10), ["// aaa bbb", "// ccc"]);
        assert_eq!(wrap_code("  # one two three", 12), ["  # one two", "  # three"]);
        assert_eq!(wrap_code("| where x in ('a', 'b')", 16), ["| where x in", "    ('a', 'b')"]);
        assert_eq!(wrap_code("#!/bin/sh and more", 14), ["#!/bin/sh and", "    more"]);
        // Too narrow a column for an indent: continuations start at the margin.
        assert_eq!(wrap_code("#!/bin/sh and more", 10), ["#!/bin/sh", "and more"]);
        // No space: broken anyway, always making progress, never over the width.
        let long = "x".repeat(50);
        let parts = wrap_code(&long, 12);
        assert!(parts.iter().all(|p| p.chars().count() <= 12), "{parts:?}");
        assert_eq!(parts.concat().replace(' ', ""), long);
        // Wide characters at the start, and an indent as wide as the column: no panic, no loop.
        let accented = format!("//é{}", "a".repeat(200));
        assert!(wrap_code(&accented, 112).iter().all(|p| p.chars().count() <= 112));
        let deep = format!("{}{}", " ".repeat(110), "x".repeat(10));
        assert!(wrap_code(&deep, 112).len() <= 3);
    }
}

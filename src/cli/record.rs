//! Checking a recovered set against its ceremony record (`--record FILE` or `--expect FINGERPRINT`),
//! for `drill` and `combine`: the set id and the fingerprint must be the record's, or the shares are
//! not the set the record describes (substituted, forged by someone who saw the other shares, or
//! re-made).

use std::path::PathBuf;

use breakglass::{Fingerprint, Gathered, Note, RecoverError, Recovery, SetId, ShamirError, Want};

use super::console::say;

use super::error::{CliError, Mismatch};
use super::files::read_input;
use super::options::{Checked, parse_fingerprint, parse_set_id};

/// The options that name what the recovered set must be.
#[derive(clap::Args)]
pub(crate) struct RecordCheck {
    /// The fingerprint the set must have, from the ceremony record; a different one is refused.
    #[arg(long, value_name = "FINGERPRINT", value_parser = Checked(parse_fingerprint))]
    expect: Option<Fingerprint>,
    /// The ceremony record (record.pdf, record.txt or the text of either): its set id and fingerprint
    /// must match.
    #[arg(long, value_name = "FILE", conflicts_with = "expect")]
    record: Option<PathBuf>,
    /// Use only the shares of this set, when the inputs hold shares of several (by default the one
    /// complete set; two complete sets, one superseding the other, must be told apart with this or
    /// --record).
    #[arg(long = "set", value_name = "SET-ID", value_parser = Checked(parse_set_id))]
    set: Option<SetId>,
}

/// What the record says the set is.
pub(crate) struct Expected {
    fingerprint: Fingerprint,
    set: Option<SetId>,
}

impl RecordCheck {
    /// The expected fingerprint (and set id), read before any share; `None` when none was given.
    pub(crate) fn read(&self) -> Result<Option<Expected>, CliError> {
        if let Some(fingerprint) = self.expect {
            return Ok(Some(Expected { fingerprint, set: None }));
        }
        let Some(path) = &self.record else { return Ok(None) };
        let name = path.display().to_string();
        let input = read_input(&name)?;
        // record.txt, record.pdf (which carries the two fields for breakglass to read), or the
        // text pdftotext makes of it.
        let text = String::from_utf8_lossy(&input.bytes);
        let fingerprints = ids_after(&text, "Fingerprint", Fingerprint::parse);
        let fingerprint = match fingerprints.as_slice() {
            [one] => *one,
            [] => return Err(CliError::NoRecordFingerprint(name)),
            _ => return Err(CliError::TwoRecordFingerprints(name)),
        };
        let sets = ids_after(&text, "Set id", SetId::parse);
        let set = match sets.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        Ok(Some(Expected { fingerprint, set }))
    }
}

impl RecordCheck {
    /// The record to check against: the one read from --record or --expect, or else the one ceremony
    /// record given among the inputs (read as --record would read it). A record among the inputs
    /// only checks the set recovered; it does not pick one, as a file slipped in beside forged
    /// shares could otherwise choose them.
    pub(crate) fn or_among(
        &self,
        read: Option<Expected>,
        g: &Gathered,
    ) -> Result<Option<Expected>, CliError> {
        if read.is_some() || self.expect.is_some() || self.record.is_some() {
            return Ok(read);
        }
        let mut records = g.notes.iter().filter_map(|n| match n {
            Note::Record { input, .. } if input != "-" => Some(input),
            _ => None,
        });
        let (Some(one), None) = (records.next(), records.next()) else { return Ok(None) };
        say!(
            "note: {one}, a record among the inputs, is what the set recovered must match (to pick a set by its record, give --record {one})"
        );
        RecordCheck { expect: None, record: Some(one.into()), set: None }.read()
    }

    /// Which set to recover: `--set`, or else the record's set id, and the record's fingerprint.
    pub(crate) fn want(&self, expected: Option<&Expected>) -> Want {
        let set = self.set.or_else(|| expected.and_then(|e| e.set));
        Want { fingerprint: expected.map(Expected::fingerprint), set }
    }
}

impl Expected {
    /// The fingerprint the set must have.
    pub(crate) fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// How the recovered set differs from the one the record describes; `None` when it is that set.
    pub(crate) fn mismatch(&self, rec: &Recovery) -> Option<Mismatch> {
        self.differs(rec.header.set_id, rec.fingerprint)
    }

    /// The mismatch with the record behind a recovery error (shares that recombine, but not to the
    /// record's set), if that is what it is.
    pub(crate) fn mismatch_in(&self, e: &RecoverError) -> Option<Mismatch> {
        match e {
            RecoverError::Combine { source: ShamirError::NotTheRecordedSet { set, found, .. }, .. } => {
                self.differs(*set, *found)
            }
            RecoverError::SetNotGiven { want, found } if self.set == Some(*want) => {
                found.first().map(|&found| Mismatch::Set { found, want: *want })
            }
            _ => None,
        }
    }

    fn differs(&self, found: SetId, fingerprint: Fingerprint) -> Option<Mismatch> {
        match self.set {
            Some(want) if want != found => Some(Mismatch::Set { found, want }),
            _ if self.fingerprint != fingerprint => {
                Some(Mismatch::Fingerprint { set: found, found: fingerprint, want: self.fingerprint })
            }
            _ => None,
        }
    }
}

/// The distinct ids written after `key` (and an optional colon) in `text`, as `XXXX-XXXX-XXXX-XXXX`.
fn ids_after<T: PartialEq>(text: &str, key: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(key) {
        let rest = text[at + key.len()..].trim_start();
        let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
        let candidate: String = rest.chars().take(19).collect();
        let grouped = candidate.len() == 19
            && candidate
                .char_indices()
                .all(|(i, c)| if i % 5 == 4 { c == '-' } else { c.is_ascii_alphanumeric() });
        if let Some(id) = grouped.then(|| parse(&candidate)).flatten()
            && !found.contains(&id)
        {
            found.push(id);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_from_the_record_and_from_pdftotext_output() {
        let txt = "Set id:      K8VM-8M25-C1HS-XHKG\nFingerprint: 3HX2-2567-SAKH-ESKA (breakglass drill)\n";
        assert_eq!(ids_after(txt, "Fingerprint", Fingerprint::parse).len(), 1);
        assert_eq!(ids_after(txt, "Set id", SetId::parse).len(), 1);
        // pdftotext may drop the colon or put the value after more white space.
        let pdf = "Fingerprint\n\n   3HX2-2567-SAKH-ESKA\nthe fingerprint must match";
        assert_eq!(
            ids_after(pdf, "Fingerprint", Fingerprint::parse),
            ids_after(txt, "Fingerprint", Fingerprint::parse)
        );
        let two = "Fingerprint: 3HX2-2567-SAKH-ESKA\nFingerprint: 3HX2-2567-SAKH-ESKB\n";
        assert_eq!(ids_after(two, "Fingerprint", Fingerprint::parse).len(), 2);
        assert!(ids_after("Fingerprint: 3HX2-2567", "Fingerprint", Fingerprint::parse).is_empty());
    }
}

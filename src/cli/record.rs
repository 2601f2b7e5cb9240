//! Checking a recovered set against its ceremony record (`--record FILE` or `--expect FINGERPRINT`),
//! for `drill` and `combine`: the set id and the fingerprint must be the record's, or the shares are
//! not the set the record describes (substituted, forged by someone who saw the other shares, or
//! re-made).

use std::path::PathBuf;

use breakglass::{Fingerprint, Recovery, SetId};

use super::error::{CliError, Mismatch};
use super::files::read_input;

/// The options that name what the recovered set must be.
#[derive(clap::Args)]
pub(crate) struct RecordCheck {
    /// The fingerprint the set must have, from the ceremony record; a different one is refused.
    #[arg(long, value_name = "FINGERPRINT")]
    expect: Option<String>,
    /// The ceremony record (record.txt, or the text of record.pdf): its set id and fingerprint must match.
    #[arg(long, value_name = "FILE", conflicts_with = "expect")]
    record: Option<PathBuf>,
}

/// What the record says the set is.
pub(crate) struct Expected {
    fingerprint: Fingerprint,
    set: Option<SetId>,
}

impl RecordCheck {
    /// The expected fingerprint (and set id), read before any share; `None` when none was given.
    pub(crate) fn read(&self) -> Result<Option<Expected>, CliError> {
        if let Some(text) = &self.expect {
            let fingerprint =
                Fingerprint::parse(text).ok_or_else(|| CliError::FingerprintArg(text.clone()))?;
            return Ok(Some(Expected { fingerprint, set: None }));
        }
        let Some(path) = &self.record else { return Ok(None) };
        let name = path.display().to_string();
        let input = read_input(&name)?;
        // record.txt, or record.pdf, which carries the same two fields for breakglass to read.
        let text = String::from_utf8_lossy(&input.bytes);
        let field = |key: &str| {
            let at = text.find(key)? + key.len();
            Some(text[at..].trim_start().chars().take(19).collect::<String>())
        };
        let fingerprint = field("Fingerprint:")
            .and_then(|v| Fingerprint::parse(&v))
            .ok_or_else(|| CliError::NoRecordFingerprint(name.clone()))?;
        let set = field("Set id:").and_then(|v| SetId::parse(&v));
        Ok(Some(Expected { fingerprint, set }))
    }
}

impl Expected {
    /// How the recovered set differs from the one the record describes; `None` when it is that set.
    pub(crate) fn mismatch(&self, rec: &Recovery) -> Option<Mismatch> {
        let found = rec.header.set_id;
        match self.set {
            Some(want) if want != found => Some(Mismatch::Set { found, want }),
            _ if self.fingerprint != rec.fingerprint => {
                Some(Mismatch::Fingerprint { set: found, found: rec.fingerprint, want: self.fingerprint })
            }
            _ => None,
        }
    }
}

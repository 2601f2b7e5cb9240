//! The air-gap check run before the commands that handle secrets: a warning, or with
//! `--require-airgap` a refusal, when the machine is on a network.

use std::path::Path;

use breakglass::check_airgap;

use super::console::say;
use super::error::CliError;

/// The `--require-airgap` flag of the commands that handle secrets.
#[derive(clap::Args, Clone, Copy)]
pub(crate) struct Guard {
    /// Refuse to run unless the machine is air-gapped (otherwise a warning is printed).
    #[arg(long)]
    pub(crate) require_airgap: bool,
}

impl Guard {
    /// Warns (or, with --require-airgap, fails) when the machine is on a network.
    pub(crate) fn check(self) -> Result<(), CliError> {
        let report = check_airgap(Path::new("/"));
        if report.is_airgapped() {
            return Ok(());
        }
        if self.require_airgap {
            return Err(CliError::NotAirgapped(report.summary()));
        }
        say!("warning: this machine is not air-gapped ({}); see breakglass airgap", report.summary());
        Ok(())
    }
}

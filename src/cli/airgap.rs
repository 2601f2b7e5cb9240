//! `breakglass airgap`, and the same check run before `new`, `split` and `combine`.

use std::path::Path;

use breakglass::airgap;

use super::CliError;
use super::json::Json;

/// Arguments of `airgap`.
#[derive(clap::Args)]
#[command(after_help = "Example: breakglass airgap && breakglass new --out-dir shares\n\n\
Exit status 0 when no interface other than loopback is up, there is no default route and no radio\n\
is unblocked; 1 otherwise.")]
pub struct Args {
    /// Print one JSON object instead (schema in docs/JSON.md).
    #[arg(long)]
    pub json: bool,
}

/// The `--require-airgap` flag of the commands that handle secrets.
#[derive(clap::Args, Clone, Copy)]
pub struct Guard {
    /// Refuse to run unless the machine is air-gapped (otherwise a warning is printed).
    #[arg(long)]
    pub require_airgap: bool,
}

impl Guard {
    /// Warns (or, with --require-airgap, fails) when the machine is on a network.
    pub fn check(self) -> Result<(), CliError> {
        let report = airgap::check(Path::new("/"));
        if report.is_airgapped() {
            return Ok(());
        }
        if self.require_airgap {
            return Err(CliError::Failed(format!(
                "this machine is not air-gapped ({}); disconnect it (see breakglass airgap) and run again",
                report.summary()
            )));
        }
        eprintln!("warning: this machine is not air-gapped ({}); see breakglass airgap", report.summary());
        Ok(())
    }
}

/// Runs `airgap`.
pub fn run(args: Args) -> Result<(), CliError> {
    let r = airgap::check(Path::new("/"));
    if args.json {
        let list = |v: &[String]| Json::Arr(v.iter().map(Json::str).collect());
        let out = Json::Obj(vec![
            ("airgapped", Json::Bool(r.is_airgapped())),
            ("interfaces_up", list(&r.interfaces_up)),
            ("default_routes", list(&r.default_routes)),
            ("radios_unblocked", list(&r.radios_unblocked)),
        ]);
        println!("{}", out.render());
        return if r.is_airgapped() { Ok(()) } else { Err(CliError::Silent) };
    }
    let list = |v: &[String]| if v.is_empty() { "none".to_string() } else { v.join(", ") };
    println!("network interfaces up (besides loopback): {}", list(&r.interfaces_up));
    println!("default routes:                           {}", list(&r.default_routes));
    println!("wireless not blocked:                     {}", list(&r.radios_unblocked));
    if r.is_airgapped() {
        println!("Air-gapped.");
        return Ok(());
    }
    println!("NOT air-gapped. Unplug network cables, then for each interface: ip link set IFACE down;");
    println!("block all radios: rfkill block all; then run breakglass airgap again.");
    Err(CliError::Failed("this machine is not air-gapped".into()))
}

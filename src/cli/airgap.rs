//! `breakglass airgap`: is this machine offline? (The same check runs before `new`, `split` and
//! `combine`: see `guard`.)

use std::path::Path;

use breakglass::check_airgap;

use super::console::out;
use super::error::CliError;
use super::json::Json;

/// Arguments of `airgap`.
#[derive(clap::Args)]
#[command(after_help = "Example: breakglass airgap && breakglass new --out-dir shares\n\n\
Exit status 0 when no interface other than loopback is up, there is no default route and no radio\n\
is unblocked; 1 otherwise.")]
pub(crate) struct Args {
    /// Print one JSON object instead (schema in docs/JSON.md).
    #[arg(long)]
    json: bool,
}

/// Runs `airgap`.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    let r = check_airgap(Path::new("/"));
    if args.json {
        let list = |v: &[String]| Json::Arr(v.iter().map(Json::str).collect());
        let out = Json::Obj(vec![
            ("airgapped", Json::Bool(r.is_airgapped())),
            ("interfaces_up", list(&r.interfaces_up)),
            ("default_routes", list(&r.default_routes)),
            ("radios_unblocked", list(&r.radios_unblocked)),
        ]);
        out!("{}", out.render())?;
        return if r.is_airgapped() { Ok(()) } else { Err(CliError::Silent) };
    }
    let list = |v: &[String]| if v.is_empty() { "none".to_string() } else { v.join(", ") };
    out!("network interfaces up (besides loopback): {}", list(&r.interfaces_up))?;
    out!("default routes:                           {}", list(&r.default_routes))?;
    out!("wireless not blocked:                     {}", list(&r.radios_unblocked))?;
    if r.is_airgapped() {
        out!("Air-gapped.")?;
        return Ok(());
    }
    out!("NOT air-gapped. Unplug network cables, then for each interface: ip link set IFACE down;")?;
    out!("block all radios: rfkill block all; then run breakglass airgap again.")?;
    Err(CliError::Connected)
}

//! `breakglass alert-query`: the sign-in alert for the emergency accounts.

use breakglass::{ObjectId, az_alert_command, check_ids, signin_kql};

use super::console::{out, out_text};
use super::error::CliError;
use super::options::parse_object_id;

/// Arguments of `alert-query`.
#[derive(clap::Args)]
#[command(
    after_help = "Example: breakglass alert-query --object-id 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9\n\n\
Run the printed az command on the connected admin workstation, not on the ceremony laptop, after\n\
filling in the resource group, the Log Analytics workspace and the action group."
)]
pub(crate) struct Args {
    /// Object ID (GUID) of an emergency account in Entra ID; repeatable.
    #[arg(long = "object-id", value_name = "ID", required = true, value_parser = parse_object_id)]
    object_ids: Vec<ObjectId>,
    /// Print only the KQL query, to paste into Log Analytics.
    #[arg(long)]
    query_only: bool,
}

/// Runs `alert-query`.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    check_ids(&args.object_ids)?;
    out_text(&signin_kql(&args.object_ids))?;
    if !args.query_only {
        out!()?;
        out!("# Create the alert rule (Azure CLI, on the connected admin workstation):")?;
        out_text(&az_alert_command(&args.object_ids))?;
    }
    Ok(())
}

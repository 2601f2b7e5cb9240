//! `breakglass alert-query`: the sign-in alert for the emergency accounts.

use breakglass::alert::{self, ObjectId};

use super::CliError;

/// Arguments of `alert-query`.
#[derive(clap::Args)]
#[command(
    after_help = "Example: breakglass alert-query --object-id 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9\n\n\
Run the printed az command on the connected admin workstation, not on the ceremony laptop, after\n\
filling in the resource group, the Log Analytics workspace and the action group."
)]
pub struct Args {
    /// Object ID (GUID) of an emergency account in Entra ID; repeatable.
    #[arg(long = "object-id", value_name = "ID", required = true, value_parser = parse_id)]
    pub object_ids: Vec<ObjectId>,
    /// Print only the KQL query, to paste into Log Analytics.
    #[arg(long)]
    pub query_only: bool,
}

fn parse_id(s: &str) -> Result<ObjectId, String> {
    ObjectId::parse(s).map_err(|e| e.to_string())
}

/// Runs `alert-query`.
pub fn run(args: Args) -> Result<(), CliError> {
    print!("{}", alert::kql(&args.object_ids));
    if !args.query_only {
        println!();
        println!("# Create the alert rule (Azure CLI, on the connected admin workstation):");
        print!("{}", alert::az_command(&args.object_ids));
    }
    Ok(())
}

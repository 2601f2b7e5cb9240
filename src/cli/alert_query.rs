//! `breakglass alert-query`: the rules that alert on every use of the emergency accounts, per
//! platform. Standard output gets exactly one thing that a file can hold as it is (a KQL query, an
//! event pattern, or with `--commands` a shell script); what to do with it goes to stderr.

use breakglass::{
    ObjectId, Service, alert_steps, audit_kql, aws_commands, az_commands, check_account, check_ids,
    event_pattern, is_address, signin_kql,
};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use super::console::{out_text, say};
use super::error::CliError;
use super::hygiene::stdout_is_open;
use super::options::{Checked, parse_object_id};

/// Arguments of `alert-query`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
breakglass alert-query --object-id 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9 > signin.kql\n  \
breakglass alert-query --object-id 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9 --audit > changes.kql\n  \
breakglass alert-query --object-id 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9 --commands > create-alerts.sh\n  \
breakglass alert-query --platform aws > root-activity.json\n  \
breakglass alert-query --platform google --upn bg-admin@example.com\n\n\
Run the commands on the connected admin workstation, not on the ceremony laptop, after filling in\n\
the upper-case placeholders.")]
pub(crate) struct Args {
    /// The platform of the emergency account.
    #[arg(long, value_name = "PLATFORM", default_value = "entra", value_parser = service_parser())]
    platform: Service,
    /// Object ID (GUID) of an emergency account in Entra ID; repeatable (entra).
    #[arg(long = "object-id", value_name = "ID", value_parser = Checked(parse_object_id))]
    object_ids: Vec<ObjectId>,
    /// The super admin's address (google).
    #[arg(long, value_name = "EMAIL")]
    upn: Option<String>,
    /// Print the query over AuditLogs (changes made by, or to, the accounts) instead of the
    /// sign-in query (entra).
    #[arg(long, conflicts_with = "commands")]
    audit: bool,
    /// Print the shell script that creates the alert rules (az for entra, aws for aws) instead of
    /// the query or pattern.
    #[arg(long, visible_alias = "az")]
    commands: bool,
    /// Print only the query or pattern, with no note on stderr.
    #[arg(long, conflicts_with = "commands")]
    query_only: bool,
}

/// The platforms, each with what it prints as help (and as shell completions).
fn service_parser() -> impl TypedValueParser<Value = Service> {
    PossibleValuesParser::new([
        PossibleValue::new("entra")
            .help("Microsoft Entra ID: KQL for Log Analytics alert rules (--object-id)"),
        PossibleValue::new("aws").help("AWS account root user: an EventBridge event pattern"),
        PossibleValue::new("google").help("Google Workspace super admin: Admin console alert steps (--upn)"),
    ])
    .map(|s| Service::by_name(&s).unwrap_or(Service::Entra))
}

/// Runs `alert-query`.
pub(crate) fn run(args: Args) -> Result<(), CliError> {
    check_ids(&args.object_ids)?;
    if let Some(upn) = &args.upn {
        check_account(upn).map_err(|error| CliError::Field { flag: "--upn", error })?;
    }
    not_for(&args)?;
    match args.platform {
        Service::Entra => entra(&args),
        Service::Aws => aws(&args),
        Service::Google => google(&args),
    }
}

/// The sign-in or audit query, or the az script.
fn entra(args: &Args) -> Result<(), CliError> {
    if args.object_ids.is_empty() {
        return Err(CliError::MonitorOption(
            "entra needs the accounts' object ids: give --object-id ID (Entra admin center, Users, the account, Overview)",
        ));
    }
    let ids = &args.object_ids;
    if args.commands {
        return emit(&az_commands(ids));
    }
    emit(&if args.audit { audit_kql(ids) } else { signin_kql(ids) })?;
    if !args.query_only {
        let other = if args.audit {
            "without --audit for the sign-in query"
        } else {
            "--audit for the query over AuditLogs"
        };
        say!(
            "note: this is one of two queries ({other}); --commands prints the script that creates both alert rules (Azure CLI, with its scheduled-query extension), for a connected admin workstation."
        );
    }
    Ok(())
}

/// The EventBridge pattern, or the aws script.
fn aws(args: &Args) -> Result<(), CliError> {
    if args.commands {
        return emit(&aws_commands());
    }
    emit(&event_pattern())?;
    if !args.query_only {
        say!(
            "note: this EventBridge pattern matches root console sign-ins and root API calls; --commands prints the aws commands that create the rule (us-east-1 and every Region in use), for a connected admin workstation."
        );
    }
    Ok(())
}

/// The Admin console steps.
fn google(args: &Args) -> Result<(), CliError> {
    if let Some(upn) = &args.upn
        && !is_address(upn)
    {
        return Err(CliError::NotAnAddress(upn.clone()));
    }
    if args.commands {
        return Err(CliError::MonitorOption(
            "google rules are made in the Admin console, not by a command: leave out --commands and follow the steps",
        ));
    }
    emit(&alert_steps(args.upn.as_deref()))?;
    if args.upn.is_none() && !args.query_only {
        say!("note: give --upn ADDRESS to put the super admin's address in place of SUPER_ADMIN_EMAIL.");
    }
    Ok(())
}

/// Writes the one thing this command prints, refusing a closed standard output (where it would be
/// lost without a word).
fn emit(text: &str) -> Result<(), CliError> {
    if !stdout_is_open() {
        return Err(CliError::OutputGoesNowhere("query, pattern or script"));
    }
    out_text(text)
}

/// Refuses the options that the platform does not take: object ids and --audit are Entra's,
/// --upn (an address) Google's.
fn not_for(args: &Args) -> Result<(), CliError> {
    let platform = args.platform;
    let given = [
        ("--object-id", !args.object_ids.is_empty(), Service::Entra),
        ("--audit", args.audit, Service::Entra),
        ("--upn", args.upn.is_some(), Service::Google),
    ];
    match given.into_iter().find(|&(_, set, owner)| set && owner != platform) {
        Some((option, _, _)) => Err(CliError::NotForPlatform { option, platform: platform.name() }),
        None => Ok(()),
    }
}

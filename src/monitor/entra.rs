//! Microsoft Entra ID: two Log Analytics queries and the Azure CLI script that makes them alert
//! rules.
//!
//! - Sign-ins, interactive and non-interactive (`SigninLogs` and `AADNonInteractiveUserSignInLogs`),
//!   successful or not, by the accounts' object ids.
//! - Changes made by the accounts, or to them (`AuditLogs`: a password reset, a new credential, a
//!   role change), by the initiator's or a target's object id.
//!
//! Each alert rule runs exactly the query shown (the same text), every 5 minutes over the last
//! 5 minutes, with severity 0 (critical), as Microsoft's emergency-access guidance advises.

use super::ObjectId;

/// The ids as a KQL list of string literals.
fn id_list(ids: &[ObjectId]) -> String {
    ids.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(", ")
}

/// The sign-in query, one clause per line, ready to paste into Log Analytics or save as a `.kql`
/// file.
pub fn signin_kql(ids: &[ObjectId]) -> String {
    format!(
        "// Sign-ins of emergency access (break glass) accounts, interactive and non-interactive,\n\
         // failed ones too: every result is an incident until explained.\n\
         union SigninLogs, AADNonInteractiveUserSignInLogs\n\
         | where UserId in ({})\n\
         | project TimeGenerated, UserPrincipalName, UserId, IPAddress, ResultType, ResultDescription,\n    \
         AppDisplayName, Location\n\
         | order by TimeGenerated desc\n",
        id_list(ids)
    )
}

/// The audit query: operations the accounts initiated, or that targeted them.
pub fn audit_kql(ids: &[ObjectId]) -> String {
    let list = id_list(ids);
    format!(
        "// Changes made by, or to, emergency access (break glass) accounts (password resets,\n\
         // credentials, roles): every result is an incident until explained.\n\
         AuditLogs\n\
         | where tostring(InitiatedBy.user.id) in ({list})\n    \
         or tostring(TargetResources) has_any ({list})\n\
         | project TimeGenerated, OperationName, Result, InitiatedBy, TargetResources, CorrelationId\n\
         | order by TimeGenerated desc\n"
    )
}

/// Marks the end of each query in the script's here-documents.
const END: &str = "KQL";

/// One `az monitor scheduled-query create` command running the query in shell variable `var` as
/// the rule `name`.
fn rule_command(name: &str, var: &str, measure: &str, description: &str) -> String {
    format!(
        "az monitor scheduled-query create \\\n  \
         --name {name} \\\n  \
         --resource-group RESOURCE_GROUP \\\n  \
         --scopes LOG_ANALYTICS_WORKSPACE_RESOURCE_ID \\\n  \
         --condition \"count '{measure}' > 0 at least 1 violations out of 1 aggregated points\" \\\n  \
         --condition-query {measure}=\"${var}\" \\\n  \
         --evaluation-frequency 5m \\\n  \
         --window-size 5m \\\n  \
         --severity 0 \\\n  \
         --description \"{description}\" \\\n  \
         --action-groups ACTION_GROUP_RESOURCE_ID\n"
    )
}

/// The Azure CLI script that adds the `scheduled-query` extension and creates both alert rules, for
/// a connected admin workstation. Each query is the text shown, verbatim, in a quoted
/// here-document (nothing in it is expanded); the upper-case words are for the user to fill in.
pub fn az_commands(ids: &[ObjectId]) -> String {
    let signin = rule_command(
        "breakglass-sign-in",
        "signin_query",
        "SignIns",
        "Sign-in by an emergency access account",
    );
    let audit = rule_command(
        "breakglass-changes",
        "changes_query",
        "Changes",
        "Change made by, or to, an emergency access account",
    );
    format!(
        "#!/bin/sh\n\
         # Alert rules for the emergency access accounts. Run on a connected admin workstation\n\
         # with the Azure CLI signed in (az login), never on the ceremony laptop. First replace\n\
         # RESOURCE_GROUP, LOG_ANALYTICS_WORKSPACE_RESOURCE_ID (the workspace that receives the\n\
         # Entra sign-in and audit logs) and ACTION_GROUP_RESOURCE_ID (who is paged).\n\
         set -e\n\
         # 'az monitor scheduled-query' is an extension of the Azure CLI: add it once.\n\
         az extension add --name scheduled-query --upgrade\n\
         \n\
         signin_query=$(cat <<'{END}'\n{}{END}\n)\n\
         changes_query=$(cat <<'{END}'\n{}{END}\n)\n\
         \n\
         {signin}\n\
         {audit}",
        signin_kql(ids),
        audit_kql(ids),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<ObjectId> {
        ["11111111-2222-3333-4444-555555555555", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"]
            .iter()
            .filter_map(|s| ObjectId::parse(s).ok())
            .collect()
    }

    #[test]
    fn queries_cover_both_sign_in_tables_and_the_audit_log() {
        let ids = ids();
        assert_eq!(ids.len(), 2);
        let q = signin_kql(&ids);
        assert!(q.contains("union SigninLogs, AADNonInteractiveUserSignInLogs\n| where UserId in ('11111111-2222-3333-4444-555555555555', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')"));
        let a = audit_kql(&ids);
        assert!(a.contains("AuditLogs\n| where tostring(InitiatedBy.user.id) in ('11111111"));
        assert!(a.contains("has_any ('11111111-2222-3333-4444-555555555555', 'aaaaaaaa"));
    }

    #[test]
    fn each_rule_runs_the_query_shown() {
        let ids = ids();
        let az = az_commands(&ids);
        assert!(az.contains("az extension add --name scheduled-query"));
        for (query, var, measure) in
            [(signin_kql(&ids), "signin_query", "SignIns"), (audit_kql(&ids), "changes_query", "Changes")]
        {
            assert!(az.contains(&format!("{var}=$(cat <<'KQL'\n{query}KQL\n)\n")), "{az}");
            assert!(az.contains(&format!("--condition-query {measure}=\"${var}\"")), "{az}");
            assert!(az.contains(&format!("--condition \"count '{measure}' > 0 at least 1 violations")));
            assert!(!query.lines().any(|l| l == END), "{query}");
        }
        assert_eq!(az.matches("--severity 0").count(), 2);
        assert_eq!(az.matches("--evaluation-frequency 5m").count(), 2);
        // Every line but the queries' id lists fits the record's code column.
        for line in az.lines().filter(|l| !l.contains("'11111111")) {
            assert!(line.len() <= 100, "{line}");
        }
    }
}

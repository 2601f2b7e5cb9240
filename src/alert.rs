//! The sign-in monitoring for emergency accounts: a Log Analytics (KQL) query over `SigninLogs` for
//! the accounts' object ids, and the Azure CLI command that turns it into an alert rule.
//!
//! Microsoft's guidance for emergency access accounts is to alert on every sign-in: any result of this
//! query is an incident until someone explains it.

use std::fmt;

use thiserror::Error;

/// A Microsoft Entra object id: a GUID, kept in lower case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectId(String);

/// An object id that cannot be monitored.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ObjectIdError {
    /// Not a GUID.
    #[error(
        "'{0}' is not an object id: give the account's Object ID from Entra ID, a GUID like 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
    )]
    NotGuid(String),
    /// The all-zero GUID, which no account has.
    #[error(
        "00000000-0000-0000-0000-000000000000 is the nil GUID, which no account has: copy the account's Object ID from Entra ID (Users, the account, Overview)"
    )]
    Nil,
    /// The same id twice.
    #[error("object id {0} is given twice; give each account once")]
    Duplicate(ObjectId),
}

impl ObjectId {
    /// Parses `8-4-4-4-12` hexadecimal digits (braces around it are accepted and dropped); the nil
    /// GUID is refused.
    pub fn parse(s: &str) -> Result<ObjectId, ObjectIdError> {
        let t = s.trim().trim_start_matches('{').trim_end_matches('}');
        let groups: Vec<&str> = t.split('-').collect();
        let ok = groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
        if !ok {
            return Err(ObjectIdError::NotGuid(s.to_string()));
        }
        if t.bytes().all(|b| b == b'0' || b == b'-') {
            return Err(ObjectIdError::Nil);
        }
        Ok(ObjectId(t.to_ascii_lowercase()))
    }
}

/// Checks that no account is given twice.
pub fn check_ids(ids: &[ObjectId]) -> Result<(), ObjectIdError> {
    match ids.iter().enumerate().find(|(i, id)| ids[..*i].contains(id)) {
        Some((_, id)) => Err(ObjectIdError::Duplicate(id.clone())),
        None => Ok(()),
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn id_list(ids: &[ObjectId]) -> String {
    ids.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(", ")
}

/// The query, one clause per line, ready to paste into Log Analytics.
pub fn signin_kql(ids: &[ObjectId]) -> String {
    format!(
        "// Sign-ins by emergency access (break glass) accounts: every result is an incident until explained.\n\
         SigninLogs\n\
         | where UserId in ({})\n\
         | project TimeGenerated, UserPrincipalName, UserId, IPAddress, ResultType, ResultDescription, AppDisplayName, Location\n\
         | order by TimeGenerated desc\n",
        id_list(ids)
    )
}

/// The Azure CLI command that creates the alert rule: severity 0, fires when the count is greater than
/// 0, evaluated every 5 minutes over the last 5 minutes. The upper-case words are for the user to fill in.
pub fn az_alert_command(ids: &[ObjectId]) -> String {
    let query = format!(
        "SigninLogs | where UserId in ({}) | project TimeGenerated, UserPrincipalName, IPAddress, ResultType",
        id_list(ids)
    );
    format!(
        "az monitor scheduled-query create \\\n  \
         --name breakglass-sign-in \\\n  \
         --resource-group RESOURCE_GROUP \\\n  \
         --scopes LOG_ANALYTICS_WORKSPACE_RESOURCE_ID \\\n  \
         --condition \"count 'BreakGlassSignIn' > 0 at least 1 violations out of 1 aggregated points\" \\\n  \
         --condition-query BreakGlassSignIn=\"{query}\" \\\n  \
         --evaluation-frequency 5m \\\n  \
         --window-size 5m \\\n  \
         --severity 0 \\\n  \
         --description \"Sign-in by an emergency access (break glass) account\" \\\n  \
         --action-groups ACTION_GROUP_RESOURCE_ID\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_ids_are_guids() {
        let id = ObjectId::parse(" {0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9} ").map(|i| i.to_string());
        assert_eq!(id.as_deref(), Ok("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"));
        for bad in [
            "",
            "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f",
            "g0000000-0000-0000-0000-000000000000",
            "x'); drop",
        ] {
            assert!(ObjectId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(ObjectId::parse("{00000000-0000-0000-0000-000000000000}"), Err(ObjectIdError::Nil));
    }

    #[test]
    fn each_account_once() {
        let a = ObjectId::parse("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9").unwrap_or_else(|e| panic!("{e}"));
        let b = ObjectId::parse("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F0").unwrap_or_else(|e| panic!("{e}"));
        let upper = ObjectId::parse("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(check_ids(&[a.clone(), b.clone()]), Ok(()));
        assert_eq!(check_ids(&[a.clone(), b, upper]), Err(ObjectIdError::Duplicate(a)));
        assert_eq!(check_ids(&[]), Ok(()));
    }

    #[test]
    fn query_and_rule() {
        let ids: Vec<ObjectId> =
            ["11111111-2222-3333-4444-555555555555", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"]
                .iter()
                .filter_map(|s| ObjectId::parse(s).ok())
                .collect();
        let q = signin_kql(&ids);
        assert!(q.contains("SigninLogs\n| where UserId in ('11111111-2222-3333-4444-555555555555', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')"));
        assert!(q.contains("| project TimeGenerated, UserPrincipalName, UserId, IPAddress, ResultType"));
        let az = az_alert_command(&ids);
        for want in
            ["--severity 0", "--evaluation-frequency 5m", "> 0", "SigninLogs | where UserId in ('11111111"]
        {
            assert!(az.contains(want), "{want} in {az}");
        }
    }
}

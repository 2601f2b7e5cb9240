//! A Google Workspace super admin: the Admin console activity rules that alert on its sign-ins and
//! on its admin actions, and the Reports API queries that list them, for the account's address.

/// Stands for the address when none was given.
const PLACEHOLDER: &str = "SUPER_ADMIN_EMAIL";

/// Whether `s` is a Google Workspace address: a user name of letters, digits, dashes, underscores,
/// apostrophes and periods (Google's rule), one `@`, and a dotted domain of letters, digits and
/// dashes — nothing that would change a URL or a rule.
pub fn is_address(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let user = |c: char| c.is_ascii_alphanumeric() || "-_'.".contains(c);
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && local.chars().all(user)
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// The steps, as plain text: Admin console rules first, then the Reports API queries.
pub fn alert_steps(account: Option<&str>) -> String {
    let who = account.unwrap_or(PLACEHOLDER);
    let (user, with_user) = match account {
        Some(a) => (a, ""),
        None => ("USER", ", with USER the account's address"),
    };
    format!(
        "Alerts for the Google Workspace super admin {who}\n\
         Set up in the Admin console from a connected admin workstation, never on the ceremony laptop.\n\
         \n\
         1. Admin console > Rules > Create rule > Activity.\n   \
            Name: breakglass-sign-in. Data source: User log events.\n   \
            Conditions: Actor is {who};\n   \
            Event is any of Login success, Login failure, Login challenge, Suspicious login.\n   \
            Actions: send to the alert center, severity High; e-mail the security team.\n\
         2. The same again, named breakglass-admin-actions, with Data source: Admin log events,\n   \
            Actor is {who}, and any event: the changes made with the account.\n\
         3. Sign in with the account once and confirm that both alerts reach the alert center.\n\
         Activity rules need an edition with the security center (such as Enterprise); in other\n\
         editions make the same two as reporting rules (Rules > Create rule > Reporting).\n\
         \n\
         Reports API (Admin SDK), for a script or a SIEM{with_user}:\n  \
           GET https://admin.googleapis.com/admin/reports/v1/activity/users/{user}/applications/login\n  \
           GET https://admin.googleapis.com/admin/reports/v1/activity/users/{user}/applications/admin\n\
         Every event these return is an incident until explained.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_name_the_account_or_say_what_to_fill_in() {
        let named = alert_steps(Some("bg-admin@example.com"));
        assert!(named.contains("Actor is bg-admin@example.com;\n   Event is any of Login success"));
        assert!(named.contains("/activity/users/bg-admin@example.com/applications/login"));
        assert!(alert_steps(None).contains("/activity/users/USER/applications/login"));
        for good in ["o'brien@example.com", "a.b_c-d@mail.example.co.uk"] {
            assert!(is_address(good), "{good}");
        }
        for bad in [
            "a&b@example.com",
            "a=b@example.com",
            "a+b@example.com",
            "a`b@example.com",
            "a@b",
            "@x.com",
            "a@.com",
            "a b@x.com",
        ] {
            assert!(!is_address(bad), "{bad}");
        }
        assert!(!named.contains(PLACEHOLDER));
        assert!(alert_steps(None).contains("Actor is SUPER_ADMIN_EMAIL;"));
        // Only the lines naming the address may be longer than the record's code column.
        assert!(named.lines().filter(|l| !l.contains("bg-admin")).all(|l| l.len() <= 100), "{named}");
    }
}

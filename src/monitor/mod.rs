//! Watching an emergency account: the rules that alert on every use of it, and the checks of its
//! configuration that the platform's guidance asks for, per platform.
//!
//! | platform | rules | module |
//! |---|---|---|
//! | Microsoft Entra ID | Log Analytics alert rules over sign-ins (interactive and non-interactive) and over audit events by or about the accounts | [`entra`] |
//! | AWS account root user | an EventBridge rule for root console sign-ins and root API activity | [`aws`] |
//! | Google Workspace super admin | Admin console activity rules, and the Reports API queries | [`google`] |
//!
//! Microsoft's, AWS's and Google's guidance for emergency and root accounts is to alert on every
//! sign-in: any event these rules find is an incident until someone explains it.

pub(crate) mod aws;
pub(crate) mod entra;
pub(crate) mod google;

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
            // Shown as given, cut short: a GUID has 36 characters.
            let shown: String = s.chars().take(60).collect();
            let shown = if shown.len() < s.len() { format!("{shown}…") } else { shown };
            return Err(ObjectIdError::NotGuid(shown.escape_debug().to_string()));
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

/// A platform whose emergency accounts the tool can watch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Microsoft Entra ID (Azure): Log Analytics alert rules.
    Entra,
    /// An AWS account's root user: an EventBridge rule.
    Aws,
    /// A Google Workspace super admin: Admin console rules.
    Google,
}

impl Service {
    /// Every service, the default first.
    pub const ALL: [Service; 3] = [Service::Entra, Service::Aws, Service::Google];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Service::Entra => "entra",
            Service::Aws => "aws",
            Service::Google => "google",
        }
    }

    /// The service of this name (`entra`, `aws`, `google`).
    pub fn by_name(name: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The service a password profile makes passwords for (`entra`, `aws-root`, `google`); none for
    /// on-premises Active Directory and the portable profile.
    pub fn for_profile(profile: &str) -> Option<Service> {
        match profile {
            "entra" => Some(Service::Entra),
            "aws-root" => Some(Service::Aws),
            "google" => Some(Service::Google),
            _ => None,
        }
    }

    /// The platform's name in prose.
    pub fn title(self) -> &'static str {
        match self {
            Service::Entra => "Microsoft Entra ID",
            Service::Aws => "the AWS account root user",
            Service::Google => "the Google Workspace super admin",
        }
    }

    /// How the account must be set up, from the platform's guidance for emergency and root
    /// accounts: checked at the ceremony and at every review.
    pub fn account_checks(self) -> &'static [&'static str] {
        match self {
            Service::Entra => &ENTRA_CHECKS,
            Service::Aws => &AWS_CHECKS,
            Service::Google => &GOOGLE_CHECKS,
        }
    }
}

/// From Microsoft's "Manage emergency access accounts in Microsoft Entra ID".
const ENTRA_CHECKS: [&str; 7] = [
    "Cloud-only account on the tenant's *.onmicrosoft.com domain: not synchronised from on-premises, not federated",
    "Global Administrator assigned permanently (active), not through a PIM activation",
    "Excluded from at least one Conditional Access policy, or signs in with a method unlike the other admins' (e.g. a FIDO2 key)",
    "No MFA method and no self-service password reset registered to a person's own phone or mailbox",
    "Any device the account needs (FIDO2 key, token) kept with the shares, under the same custody",
    "Not tied to one person, unlicensed for mail and daily work",
    "Both alert rules (sign-ins, changes) created and seen to fire on a test sign-in",
];

/// From AWS's "Root user best practices for your AWS account".
const AWS_CHECKS: [&str; 6] = [
    "Root e-mail address is a group mailbox or distribution list the organisation controls, not a person's",
    "MFA enabled on the root user; the MFA device (and its spare) kept with the shares",
    "No access keys exist for the root user (Security credentials page)",
    "Alternate contacts (billing, operations, security) set on the account",
    "Root used only for tasks that need it; daily administration through IAM Identity Center or roles",
    "EventBridge rule created in us-east-1 and every Region in use, a CloudTrail trail logging, a test sign-in notified",
];

/// From Google's "Security best practices for administrator accounts".
const GOOGLE_CHECKS: [&str; 5] = [
    "A super admin account kept for super admin tasks only, not someone's daily account",
    "2-Step Verification enforced with a security key; the key (and its spare) kept with the shares",
    "Recovery phone and e-mail are ones the organisation controls, not a person's own",
    "More than one super admin exists, so that losing one account locks nobody out",
    "Login and admin-activity alert rules created and seen to fire on a test sign-in",
];

/// What to do at least every 90 days, for accounts of `service` (or of no known platform).
pub fn review_checklist(service: Option<Service>) -> Vec<&'static str> {
    let registrations = match service {
        Some(Service::Entra) => {
            "Check the account's MFA and SSPR registrations (none on a person's own phone)"
        }
        Some(Service::Aws) => "Check the root MFA device is the registered one and no root access keys exist",
        Some(Service::Google) => "Check the 2-Step Verification keys and recovery options of the account",
        None => "Check the account's second factors and recovery options (none tied to one person)",
    };
    vec![
        "Tell security operations a check is under way, so the alert it fires is expected",
        "Drill the shares (breakglass drill) and compare the fingerprint with this record",
        "Check every envelope's seal and serial",
        "Sign in with the account and confirm the sign-in alert fired",
        registrations,
        "Review the access documentation: who may hold and use the shares, and how",
        "Train the custodians on recovery (breakglass combine)",
        "Rotate (breakglass rotate) after any staff change or any use of the account",
    ]
}

/// Whether an account name is on a tenant's `*.onmicrosoft.com` domain, as Microsoft advises for
/// emergency access accounts (cloud-only, independent of federation and of on-premises sync).
pub fn on_onmicrosoft_domain(upn: &str) -> bool {
    upn.rsplit_once('@').is_some_and(|(_, domain)| {
        let domain = domain.to_ascii_lowercase();
        domain.ends_with(".onmicrosoft.com") || domain.ends_with(".onmicrosoft.us")
    })
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
    fn services_follow_profiles_and_names() {
        assert_eq!(Service::for_profile("aws-root"), Some(Service::Aws));
        assert_eq!(Service::for_profile("portable"), None);
        for s in Service::ALL {
            assert_eq!(Service::by_name(s.name()), Some(s));
            assert!(s.account_checks().len() >= 5);
            assert!(review_checklist(Some(s))[0].starts_with("Tell security operations"));
        }
        assert!(on_onmicrosoft_domain("bg-admin1@Contoso.OnMicrosoft.com"));
        assert!(!on_onmicrosoft_domain("admin@contoso.com"));
        assert!(!on_onmicrosoft_domain("onmicrosoft.com"));
        assert!(!on_onmicrosoft_domain("admin@evil-onmicrosoft.com"));
    }
}

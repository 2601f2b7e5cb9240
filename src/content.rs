//! What a secret of each [`Kind`] must look like, checked before it is split: a PIN is a short line,
//! a TOTP secret an `otpauth://` URI, recovery codes one per line. A password or a file may be any
//! bytes, kept exact.

use thiserror::Error;

use crate::share::Kind;

/// A secret that does not look like its declared kind.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ContentError {
    /// Not UTF-8 text where text is expected.
    #[error("a {0} must be text (UTF-8)")]
    NotText(&'static str),
    /// A PIN of the wrong shape.
    #[error("a PIN must be 4 to 63 characters on one line")]
    Pin,
    /// Not an otpauth URI.
    #[error(
        "a TOTP secret must be an otpauth:// URI with a base32 secret= parameter (as in the QR code an authenticator scans)"
    )]
    Totp,
    /// No codes.
    #[error("recovery codes must be one code per line, each at most 64 characters, at least one code")]
    Codes,
}

/// Checks that `secret` looks like a secret of `kind`.
pub fn check_content(kind: Kind, secret: &[u8]) -> Result<(), ContentError> {
    let text = || std::str::from_utf8(secret).map_err(|_| ContentError::NotText(kind.name()));
    match kind {
        // A password is whatever bytes the platform takes: split keeps them exact.
        Kind::Password | Kind::File => Ok(()),
        Kind::Text => text().map(|_| ()),
        Kind::Pin => check_pin(text()?),
        Kind::Totp => check_totp(text()?),
        Kind::Codes => check_codes(text()?),
    }
}

fn check_pin(t: &str) -> Result<(), ContentError> {
    let n = t.chars().count();
    if (4..=63).contains(&n) && !t.contains(['\n', '\r']) { Ok(()) } else { Err(ContentError::Pin) }
}

fn check_totp(t: &str) -> Result<(), ContentError> {
    let rest = t.trim().strip_prefix("otpauth://").ok_or(ContentError::Totp)?;
    let (kind, query) =
        rest.split_once('/').and_then(|(k, r)| Some((k, r.split_once('?')?.1))).ok_or(ContentError::Totp)?;
    let secret = query.split('&').find_map(|p| p.strip_prefix("secret=")).ok_or(ContentError::Totp)?;
    let base32 = !secret.is_empty()
        && secret
            .trim_end_matches('=')
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b) || b.is_ascii_lowercase());
    if matches!(kind, "totp" | "hotp") && base32 { Ok(()) } else { Err(ContentError::Totp) }
}

fn check_codes(t: &str) -> Result<(), ContentError> {
    let codes: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if !codes.is_empty() && codes.iter().all(|c| c.chars().count() <= 64) {
        Ok(())
    } else {
        Err(ContentError::Codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_check_their_secrets() {
        assert_eq!(check_content(Kind::Pin, b"1234"), Ok(()));
        assert_eq!(check_content(Kind::Pin, b"123"), Err(ContentError::Pin));
        assert_eq!(check_content(Kind::Pin, b"12\n34"), Err(ContentError::Pin));
        assert_eq!(
            check_content(Kind::Totp, b"otpauth://totp/Contoso:bg?secret=JBSWY3DPEHPK3PXP&issuer=Contoso"),
            Ok(())
        );
        assert_eq!(
            check_content(Kind::Totp, b"https://example.com/?secret=JBSWY3DP"),
            Err(ContentError::Totp)
        );
        assert_eq!(check_content(Kind::Totp, b"otpauth://totp/x?secret=not*base32"), Err(ContentError::Totp));
        assert_eq!(check_content(Kind::Codes, b"1234-5678\n2345-6789\n"), Ok(()));
        assert_eq!(check_content(Kind::Codes, b"\n \n"), Err(ContentError::Codes));
        assert_eq!(check_content(Kind::Text, b"\xff"), Err(ContentError::NotText("text")));
        assert_eq!(check_content(Kind::File, b"\xff\x00"), Ok(()));
        assert_eq!(Kind::by_name("totp"), Some(Kind::Totp));
        assert_eq!(Kind::by_name("nope"), None);
    }
}

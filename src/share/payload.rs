//! The QR payload of a share small enough for one code (the compact form): `BREAKGLASS-V1:`
//! followed by the Crockford base32 of the whole binary share, upper-case for QR alphanumeric mode,
//! without spaces, line numbers or check characters — the QR code has its own error correction.
//! Larger shares are cut into parts ([`super::parts`]).

use super::typed::{MARKER, TextError};
use super::{DecodeError, LENGTH_PREFIX, Share, base32};

/// The QR payload: `BREAKGLASS-V1:` and the data characters.
pub fn compact(share: &Share) -> String {
    format!("{MARKER}1:{}", base32::encode(&share.to_bytes()))
}

/// Decodes a QR payload's characters (those after `BREAKGLASS-V1:`).
pub(crate) fn parse_compact(chars: &str) -> Result<Share, TextError> {
    let symbols: Vec<u8> = chars.chars().filter_map(base32::symbol_value).collect();
    let prefix_chars = base32::encoded_len(LENGTH_PREFIX);
    let head = base32::from_symbols(&symbols[..symbols.len().min(prefix_chars)]).unwrap_or_default();
    let want = super::encoded_len_from_prefix(&head).map(base32::encoded_len);
    match want {
        Some(want) if want == symbols.len() => {}
        Some(want) => {
            return Err(TextError::CompactLength { got: symbols.len(), want });
        }
        None if symbols.len() < prefix_chars => {
            return Err(TextError::Decode(DecodeError::TooShort(symbols.len() * 5 / 8)));
        }
        None => {
            let version = head.first().copied().unwrap_or(0);
            return Err(TextError::Decode(DecodeError::UnsupportedVersion(version)));
        }
    }
    let bytes = base32::from_symbols(&symbols).ok_or(TextError::Decode(DecodeError::Checksum))?;
    Share::from_bytes(&bytes).map_err(TextError::Decode)
}

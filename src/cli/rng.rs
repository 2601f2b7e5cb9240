//! The operating system's CSPRNG, the only randomness the binary uses (it offers no seed).

use rand::TryRng;
use rand::rand_core::UnwrapErr;
use rand::rngs::SysRng;
use zeroize::Zeroizing;

use super::error::CliError;

/// The OS CSPRNG as an infallible generator for the library.
pub(crate) type OsRng = UnwrapErr<SysRng>;

/// The OS CSPRNG, after checking that it answers (so a broken one is an error, not a panic later).
pub(crate) fn os_rng() -> Result<OsRng, CliError> {
    let mut probe = Zeroizing::new([0u8; 32]);
    SysRng.try_fill_bytes(&mut probe[..]).map_err(CliError::Rng)?;
    Ok(UnwrapErr(SysRng))
}

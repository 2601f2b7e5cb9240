//! Making a set: the one checked path from a secret to the shares that are printed.
//!
//! [`make_set`] takes the secret (given, or generated under a password policy), checks that it looks
//! like its kind, draws the set's header, seals the secret under the passphrase when one is given
//! (bound to that header) and proves that the envelope opens back to it, splits it, and proves that
//! every k-subset recombines to it with one and the same fingerprint (bounded, see
//! [`verify_subsets`]). Only then does it return the shares, so
//! `split`, `new` and `rotate` all write sets that passed the same checks.

use rand::CryptoRng;
use thiserror::Error;

use crate::content::{ContentError, check_content};
use crate::date::Date;
use crate::fingerprint::Fingerprint;
use crate::passphrase::{self, PassphraseError};
use crate::password::{PasswordError, Policy, generate};
use crate::secret::Secret;
use crate::shamir::combine::verify_subsets;
use crate::shamir::{self, ShamirError, SplitParams};
use crate::share::{Header, Kind, Lineage, Share};

/// Where the secret of a new set comes from.
pub enum SecretSource<'a> {
    /// A secret the user gave, of this kind (checked against it).
    Given {
        /// The secret.
        secret: Secret,
        /// What it is.
        kind: Kind,
    },
    /// A new password drawn under `policy`, different from `unlike` (the password being replaced).
    Generated {
        /// The platform policy.
        policy: &'a Policy,
        /// Length in characters.
        length: usize,
        /// The secret of the set being rotated away, which the new one must differ from.
        unlike: Option<&'a Secret>,
    },
}

/// What set to make.
pub struct SetRequest<'a> {
    /// The secret.
    pub secret: SecretSource<'a>,
    /// Shares needed to recover (k).
    pub threshold: u8,
    /// Shares to make (n).
    pub total: u8,
    /// The day the set is made.
    pub created: Date,
    /// Its generation and the set it supersedes.
    pub lineage: Lineage,
    /// A passphrase that recovery will need besides the shares.
    pub passphrase: Option<&'a Secret>,
}

/// A step of [`make_set`], reported as it starts so a caller can show progress on the slow ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Sealing the secret under the passphrase (Argon2id, 64 MiB).
    Sealing,
    /// Opening the envelope again to prove it gives the secret back (Argon2id, 64 MiB).
    Reopening,
    /// Splitting and recombining every k-subset.
    Splitting,
}

/// A new set that passed every check.
pub struct MadeSet {
    /// The secret (for `new` and `rotate` to show once).
    pub secret: Secret,
    /// The shares, in index order.
    pub shares: Vec<Share>,
    /// The set's fingerprint, for the record and later drills.
    pub fingerprint: Fingerprint,
    /// How many k-subsets were recombined and found to give the secret.
    pub subsets_checked: usize,
}

impl MadeSet {
    /// The set's header (that of share 1).
    pub fn header(&self) -> &Header {
        &self.shares[0].header
    }
}

/// Why a set could not be made; nothing was made.
#[derive(Debug, Error)]
pub enum CeremonyError {
    /// The password could not be generated.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// The secret does not look like its kind.
    #[error(transparent)]
    Content(#[from] ContentError),
    /// The passphrase envelope could not be made.
    #[error(transparent)]
    Passphrase(#[from] PassphraseError),
    /// The envelope did not open to the secret (a bug).
    #[error("the sealed secret did not open to itself; nothing was made, please report this bug")]
    EnvelopeMismatch,
    /// Splitting or its self-check failed.
    #[error(transparent)]
    Shamir(#[from] ShamirError),
}

/// Makes a set: see the module documentation for every check it does.
pub fn make_set<R: CryptoRng>(
    request: SetRequest<'_>,
    rng: &mut R,
    progress: &mut dyn FnMut(Stage),
) -> Result<MadeSet, CeremonyError> {
    let (secret, kind) = match request.secret {
        SecretSource::Given { secret, kind } => {
            check_content(kind, secret.expose())?;
            (secret, kind)
        }
        SecretSource::Generated { policy, length, unlike } => {
            (generate_unlike(policy, length, unlike, rng)?, Kind::Password)
        }
    };
    let params = SplitParams {
        threshold: request.threshold,
        total: request.total,
        kind,
        created: request.created,
        lineage: request.lineage,
        passphrase: request.passphrase.is_some(),
    };
    let overhead = if params.passphrase { passphrase::OVERHEAD } else { 0 };
    let header = shamir::new_header(&params, secret.len() + overhead, rng)?;
    let envelope = match request.passphrase {
        Some(p) => Some(seal_checked(&secret, p, &header, rng, progress)?),
        None => None,
    };
    progress(Stage::Splitting);
    let shared = envelope.as_ref().unwrap_or(&secret);
    let shares = shamir::split_under(&header, shared, rng)?;
    let (subsets_checked, fingerprint) = verify_subsets(shared, &shares)?;
    Ok(MadeSet { secret, shares, fingerprint, subsets_checked })
}

/// A password under `policy` that differs from `unlike`.
fn generate_unlike<R: CryptoRng>(
    policy: &Policy,
    length: usize,
    unlike: Option<&Secret>,
    rng: &mut R,
) -> Result<Secret, PasswordError> {
    loop {
        let s = generate(policy, length, rng)?;
        if unlike.is_none_or(|old| *old != s) {
            return Ok(s);
        }
    }
}

/// Seals `secret` under `pass` for the set `header` and proves the envelope opens back to it.
fn seal_checked<R: CryptoRng>(
    secret: &Secret,
    pass: &Secret,
    header: &Header,
    rng: &mut R,
    progress: &mut dyn FnMut(Stage),
) -> Result<Secret, CeremonyError> {
    progress(Stage::Sealing);
    let envelope = passphrase::seal(secret, pass, header, rng)?;
    progress(Stage::Reopening);
    check_envelope(&envelope, pass, header, secret)?;
    Ok(envelope)
}

/// Proves that `envelope` opens with `pass` inside the set `header`, to exactly `secret`.
fn check_envelope(
    envelope: &Secret,
    pass: &Secret,
    header: &Header,
    secret: &Secret,
) -> Result<(), CeremonyError> {
    if passphrase::open(envelope, pass, header)? != *secret {
        return Err(CeremonyError::EnvelopeMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha20Rng;

    fn request<'a>(secret: SecretSource<'a>, passphrase: Option<&'a Secret>) -> SetRequest<'a> {
        SetRequest {
            secret,
            threshold: 2,
            total: 3,
            created: Date(20_000),
            lineage: Lineage::FIRST,
            passphrase,
        }
    }

    #[test]
    fn a_made_set_recombines_and_reopens() {
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        let pass = Secret::from_slice(b"correct horse");
        let given = SecretSource::Given { secret: Secret::from_slice(b"1234"), kind: Kind::Pin };
        let mut stages = Vec::new();
        let set = make_set(request(given, Some(&pass)), &mut rng, &mut |s| stages.push(s));
        let set = set.expect("a set");
        assert_eq!(stages, [Stage::Sealing, Stage::Reopening, Stage::Splitting]);
        assert_eq!(set.subsets_checked, 3);
        assert!(set.header().passphrase);
        let rec = shamir::combine::combine(&set.shares[1..]).expect("combines");
        assert!(passphrase::open(&rec.secret, &pass, set.header()).is_ok_and(|s| s.expose() == b"1234"));
        assert_eq!(rec.fingerprint, set.fingerprint, "every k-subset gives the recorded fingerprint");
    }

    #[test]
    fn the_envelope_check_catches_what_does_not_open_to_the_secret() {
        let mut rng = ChaCha20Rng::seed_from_u64(11);
        let (secret, pass) = (Secret::from_slice(b"Example-Secret-1"), Secret::from_slice(b"correct horse"));
        let params = SplitParams { passphrase: true, ..crate::shamir::test_params(2, 3) };
        let header =
            shamir::new_header(&params, secret.len() + passphrase::OVERHEAD, &mut rng).expect("header");
        let envelope = passphrase::seal(&secret, &pass, &header, &mut rng).expect("seal");
        assert!(check_envelope(&envelope, &pass, &header, &secret).is_ok());
        let other = Secret::from_slice(b"Example-Secret-2");
        assert!(matches!(
            check_envelope(&envelope, &pass, &header, &other),
            Err(CeremonyError::EnvelopeMismatch)
        ));
        let mut damaged = envelope.expose().to_vec();
        damaged[60] ^= 1;
        let damaged = Secret::from_slice(&damaged);
        let e = check_envelope(&damaged, &pass, &header, &secret);
        assert!(matches!(e, Err(CeremonyError::Passphrase(PassphraseError::Wrong))));
    }

    #[test]
    fn bad_content_and_unlike_passwords() {
        let mut rng = ChaCha20Rng::seed_from_u64(10);
        let given = SecretSource::Given { secret: Secret::from_slice(b"12"), kind: Kind::Pin };
        let e = make_set(request(given, None), &mut rng, &mut |_| {});
        assert!(matches!(e, Err(CeremonyError::Content(ContentError::Pin))));
        let policy = crate::password::Policy::portable();
        let old = Secret::from_slice(b"not the new one");
        let generated = SecretSource::Generated { policy: &policy, length: 16, unlike: Some(&old) };
        let set = make_set(request(generated, None), &mut rng, &mut |_| {}).expect("a set");
        assert!(set.secret != old && set.secret.len() == 16);
        let empty = Secret::from_slice(b"");
        let given = SecretSource::Given { secret: Secret::from_slice(b"x"), kind: Kind::Text };
        let e = make_set(request(given, Some(&empty)), &mut rng, &mut |_| {});
        assert!(matches!(e, Err(CeremonyError::Passphrase(PassphraseError::Empty))));
    }
}

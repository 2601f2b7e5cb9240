//! Password generation: alphabets as data, unbiased sampling, and the entropy of what is produced.
//!
//! A password is drawn character by character from the OS CSPRNG (or any [`rand::CryptoRng`] a test
//! passes in), each character uniform over the profile's alphabet by rejection sampling (no modulo
//! bias). When the result lacks one of the required character classes the *whole* password is drawn
//! again, so every compliant password of the requested length is exactly equally likely; the entropy
//! reported is therefore `log2(number of compliant passwords)`.

use rand::CryptoRng;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::Secret;

/// Shortest password accepted: emergency-account guidance asks for at least 16 random characters.
pub const MIN_LENGTH: usize = 16;
/// Longest password accepted: Microsoft Entra ID's maximum password length.
pub const MAX_LENGTH: usize = 256;
/// Length used when none is given.
pub const DEFAULT_LENGTH: usize = 24;

/// A named set of characters, at least one of which every password must contain.
#[derive(Debug, Clone, Copy)]
pub struct CharClass {
    /// Human name, e.g. "upper-case letter".
    pub name: &'static str,
    /// The characters, all printable ASCII and distinct across classes.
    pub chars: &'static str,
}

/// A password policy: the character classes (their union is the alphabet) and the length limits.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// Name used on the command line.
    pub name: &'static str,
    /// One sentence on what the profile is for.
    pub about: &'static str,
    /// Classes that must each appear at least once.
    pub classes: &'static [CharClass],
    /// Longest password the target platforms accept.
    pub max_length: usize,
}

/// The default profile: accepted by Microsoft Entra ID, on-premises Active Directory and the AWS root
/// user alike, and safe to type from a printed sheet on any common keyboard layout.
///
/// Left out on purpose: look-alikes `0 O 1 l I |`; quote marks `" ' `` ` (break shell and form
/// quoting); space; the dead keys `^ ~ `` ` and `'` `"` of international layouts; and every symbol the
/// AWS root user rejects (`? . , / : ; \` among them).
pub const PORTABLE: Profile = Profile {
    name: "portable",
    about: "accepted by Entra ID, Active Directory and AWS root; no look-alikes or dead keys",
    classes: &[
        CharClass { name: "upper-case letter", chars: "ABCDEFGHJKLMNPQRSTUVWXYZ" },
        CharClass { name: "lower-case letter", chars: "abcdefghijkmnopqrstuvwxyz" },
        CharClass { name: "digit", chars: "23456789" },
        CharClass { name: "symbol", chars: "!@#$%&*()<>[]{}_+-=" },
    ],
    max_length: MAX_LENGTH,
};

/// Every profile the generator knows, the default first.
pub const PROFILES: &[Profile] = &[PORTABLE];

/// Why a password could not be generated.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PasswordError {
    /// Below [`MIN_LENGTH`].
    #[error(
        "a password of {0} characters is too short: emergency-account guidance asks for at least {MIN_LENGTH} random characters; use --length {MIN_LENGTH} or more"
    )]
    TooShort(usize),
    /// Above the profile's maximum.
    #[error(
        "a password of {got} characters is too long: the {profile} profile allows at most {max}; use a shorter --length"
    )]
    TooLong {
        /// Requested length.
        got: usize,
        /// Profile name.
        profile: &'static str,
        /// Its maximum.
        max: usize,
    },
    /// No profile of that name.
    #[error("there is no password profile named '{0}'; the profiles are: {1}")]
    UnknownProfile(String, String),
}

impl Profile {
    /// The alphabet: every class's characters, in order.
    pub fn alphabet(&self) -> Vec<u8> {
        self.classes.iter().flat_map(|c| c.chars.bytes()).collect()
    }

    /// Looks a profile up by its command-line name.
    pub fn by_name(name: &str) -> Result<Profile, PasswordError> {
        PROFILES.iter().find(|p| p.name == name).copied().ok_or_else(|| {
            let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
            PasswordError::UnknownProfile(name.to_string(), names.join(", "))
        })
    }

    /// Checks that `length` is allowed for this profile.
    pub fn check_length(&self, length: usize) -> Result<(), PasswordError> {
        if length < MIN_LENGTH {
            Err(PasswordError::TooShort(length))
        } else if length > self.max_length {
            Err(PasswordError::TooLong { got: length, profile: self.name, max: self.max_length })
        } else {
            Ok(())
        }
    }

    /// Whether `password` has at least one character of every class and nothing outside the alphabet.
    pub fn complies(&self, password: &[u8]) -> bool {
        let alphabet = self.alphabet();
        password.iter().all(|b| alphabet.contains(b))
            && self.classes.iter().all(|c| password.iter().any(|b| c.chars.as_bytes().contains(b)))
    }

    /// Entropy in bits of a password of `length` drawn by [`generate`]: the base-2 logarithm of the
    /// number of compliant passwords, counted by inclusion–exclusion over the classes.
    pub fn entropy_bits(&self, length: usize) -> f64 {
        let total = self.alphabet().len() as f64;
        let k = self.classes.len();
        // Fraction of all length-`length` strings over the alphabet that contain every class.
        let mut fraction = 0.0;
        for mask in 0u32..(1 << k) {
            let missing: usize =
                (0..k).filter(|i| mask & (1 << i) != 0).map(|i| self.classes[i].chars.len()).sum();
            let term = ((total - missing as f64) / total).powi(length as i32);
            fraction += if mask.count_ones() % 2 == 0 { term } else { -term };
        }
        length as f64 * total.log2() + fraction.log2()
    }
}

/// Uniform bytes below a bound, by rejection: a byte is used only if it is below the largest multiple
/// of the bound that fits in 256, so every value is equally likely.
struct UniformIndex<'r, R> {
    rng: &'r mut R,
    buf: Zeroizing<[u8; 64]>,
    pos: usize,
}

impl<'r, R: CryptoRng> UniformIndex<'r, R> {
    fn new(rng: &'r mut R) -> Self {
        UniformIndex { rng, buf: Zeroizing::new([0; 64]), pos: 64 }
    }

    fn byte(&mut self) -> u8 {
        if self.pos == self.buf.len() {
            self.rng.fill_bytes(&mut self.buf[..]);
            self.pos = 0;
        }
        self.pos += 1;
        self.buf[self.pos - 1]
    }

    /// A uniform index in `0..bound`, for `1 <= bound <= 256`.
    fn below(&mut self, bound: usize) -> usize {
        let limit = 256 - 256 % bound;
        loop {
            let b = usize::from(self.byte());
            if b < limit {
                return b % bound;
            }
        }
    }
}

/// Generates one password of `length` characters under `profile`.
pub fn generate<R: CryptoRng>(
    profile: &Profile,
    length: usize,
    rng: &mut R,
) -> Result<Secret, PasswordError> {
    profile.check_length(length)?;
    let alphabet = profile.alphabet();
    let mut source = UniformIndex::new(rng);
    let mut out = Zeroizing::new(Vec::with_capacity(length));
    loop {
        out.clear();
        for _ in 0..length {
            out.push(alphabet[source.below(alphabet.len())]);
        }
        if profile.complies(&out) {
            return Ok(Secret::new(out));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha20Rng;

    #[test]
    fn alphabet_is_the_documented_one() {
        let a = PORTABLE.alphabet();
        assert_eq!(a.len(), 76);
        for bad in b"0O1lI| \"'`^~?.,/:;\\" {
            assert!(!a.contains(bad), "alphabet contains {}", *bad as char);
        }
        let mut sorted = a.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), a.len(), "classes overlap");
    }

    #[test]
    fn lengths_are_enforced() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        assert_eq!(generate(&PORTABLE, 15, &mut rng).err(), Some(PasswordError::TooShort(15)));
        assert!(matches!(generate(&PORTABLE, 257, &mut rng), Err(PasswordError::TooLong { .. })));
        for len in [16, 24, 256] {
            let p = generate(&PORTABLE, len, &mut rng).map(|s| s.len());
            assert_eq!(p, Ok(len));
        }
    }

    #[test]
    fn every_password_complies() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        for _ in 0..2000 {
            let p = generate(&PORTABLE, 16, &mut rng).map(|s| PORTABLE.complies(s.expose()));
            assert_eq!(p, Ok(true));
        }
    }

    #[test]
    fn entropy_matches_a_brute_force_count() {
        // Tiny profile where the compliant strings can be counted directly.
        const TINY: Profile = Profile {
            name: "tiny",
            about: "",
            classes: &[CharClass { name: "a", chars: "ab" }, CharClass { name: "d", chars: "123" }],
            max_length: 8,
        };
        for len in 1..=6u32 {
            let count = (0..5u64.pow(len))
                .filter(|n| {
                    let digits: Vec<u64> = (0..len).map(|i| n / 5u64.pow(i) % 5).collect();
                    digits.iter().any(|d| *d < 2) && digits.iter().any(|d| *d >= 2)
                })
                .count();
            let want = (count as f64).log2();
            let got = TINY.entropy_bits(len as usize);
            assert!((got - want).abs() < 1e-9 || count == 0, "len {len}: {got} vs {want}");
        }
        let e = PORTABLE.entropy_bits(24);
        assert!(e > 149.7 && e < 24.0 * 76f64.log2(), "{e}");
    }
}

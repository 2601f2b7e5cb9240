//! Password generation: platform profiles as data, unbiased sampling, and the entropy of the result.
//!
//! A password is drawn character by character from the OS CSPRNG (or any [`rand::CryptoRng`] a test
//! passes in), each character uniform over the policy's alphabet by rejection sampling (no modulo
//! bias). When the result lacks one of the character classes, or contains a piece of a name it must
//! avoid, the *whole* password is drawn again, so every acceptable password of the requested length
//! is exactly equally likely; the entropy reported is `log2(number of passwords with every class)`.
//!
//! Each [`Platform`] lists what that platform accepts (sources in `docs/PROFILES.md`); a [`Policy`]
//! is a platform with the safe-typing rules applied on top: no look-alikes (`0 O 1 l I |`), no quote
//! marks, no space, and none of the dead keys of international layouts (`^ ~` and backtick).

use std::collections::BTreeSet;

use rand::CryptoRng;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::secret::Secret;

/// Shortest password accepted: emergency-account guidance asks for at least 16 random characters.
pub const MIN_LENGTH: usize = 16;
/// Longest password any profile accepts: Microsoft Entra ID's maximum.
pub const MAX_LENGTH: usize = 256;
/// Length used when none is given.
pub const DEFAULT_LENGTH: usize = 24;

const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";
/// The 32 ASCII punctuation marks.
const ASCII_PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/// Characters the safe-typing rules leave out: look-alikes, quote marks, dead keys.
const UNSAFE: &str = "0O1lI|\"'`^~";

/// What a target platform accepts.
#[derive(Debug, Clone, Copy)]
pub struct Platform {
    /// Name used on the command line.
    pub name: &'static str,
    /// One sentence on the platform and its rule.
    pub about: &'static str,
    /// The symbols it accepts, in the order they are drawn from.
    pub symbols: &'static str,
    /// Longest password it accepts.
    pub max_length: usize,
}

/// Microsoft Entra ID: letters, digits, the 32 ASCII punctuation marks (and space), 8–256
/// characters, three of four classes.
pub(crate) const ENTRA: Platform = Platform {
    name: "entra",
    about: "Microsoft Entra ID: ASCII letters, digits and punctuation, up to 256 characters",
    symbols: ASCII_PUNCTUATION,
    max_length: 256,
};
/// On-premises Active Directory: any characters, three of five categories; 127 characters is the
/// longest that every Windows interface accepts.
pub(crate) const AD: Platform = Platform {
    name: "ad",
    about: "Active Directory (on premises): any punctuation, up to 127 characters",
    symbols: ASCII_PUNCTUATION,
    max_length: 127,
};
/// The AWS account root user: at most 128 characters, symbols only from this list.
pub(crate) const AWS_ROOT: Platform = Platform {
    name: "aws-root",
    about: "AWS root user: symbols ! @ # $ % ^ & * ( ) < > [ ] { } | _ + - = only, up to 128 characters",
    symbols: "!@#$%^&*()<>[]{}|_+-=",
    max_length: 128,
};
/// Google Workspace super admin: any printable ASCII, 8–100 characters.
pub(crate) const GOOGLE: Platform = Platform {
    name: "google",
    about: "Google Workspace: printable ASCII, up to 100 characters",
    symbols: ASCII_PUNCTUATION,
    max_length: 100,
};
/// Accepted by every platform above: AWS's symbols and Google's length.
pub(crate) const PORTABLE: Platform = Platform {
    name: "portable",
    about: "accepted by all of the above: AWS root's symbols, up to 100 characters",
    symbols: "!@#$%^&*()<>[]{}|_+-=",
    max_length: 100,
};

/// Every platform, the default first.
pub const PLATFORMS: &[Platform] = &[ENTRA, AD, AWS_ROOT, GOOGLE, PORTABLE];

/// A named set of characters, at least one of which every password must contain.
#[derive(Debug, Clone)]
pub struct CharClass {
    /// Human name, e.g. "upper-case letter".
    pub name: &'static str,
    /// The characters, printable ASCII, distinct across classes.
    pub chars: Vec<u8>,
}

/// What a generated password must be: the classes (their union is the alphabet), the longest length,
/// and pieces of names it must not contain.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The platform's name.
    pub name: &'static str,
    /// Classes that must each appear at least once.
    pub classes: Vec<CharClass>,
    /// Longest password the platform accepts.
    pub max_length: usize,
    /// The normalised 4-character pieces (see [`normalise`]) of the names to avoid.
    avoid: BTreeSet<[u8; AVOID_PIECE]>,
}

/// Why a password could not be generated.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PasswordError {
    /// Below [`MIN_LENGTH`].
    #[error(
        "a password of {0} characters is too short: emergency-account guidance asks for at least {MIN_LENGTH} random characters"
    )]
    TooShort(usize),
    /// Above the profile's maximum.
    #[error("a password of {got} characters is too long: the {profile} profile allows at most {max}")]
    TooLong {
        /// Requested length.
        got: usize,
        /// Profile name.
        profile: &'static str,
        /// Its maximum.
        max: usize,
    },
    /// The names to avoid rule out (nearly) every password.
    #[error(
        "no password of {0} characters was found that avoids every 4-character piece of the names given; give shorter or fewer names to avoid"
    )]
    Unsatisfiable(usize),
    /// No profile of that name.
    #[error("there is no password profile named '{0}'; the profiles are: {1}")]
    UnknownProfile(String, String),
}

/// Lower-cases and undoes the common substitutions 0→o, 1→l, $→s, @→a, as a banned-password check
/// would before comparing.
pub(crate) fn normalise(s: &[u8]) -> Vec<u8> {
    s.iter()
        .map(|&b| match b.to_ascii_lowercase() {
            b'0' => b'o',
            b'1' => b'l',
            b'$' => b's',
            b'@' => b'a',
            other => other,
        })
        .collect()
}

/// Every normalised 4-character piece of the given names.
fn pieces<'a>(names: impl Iterator<Item = &'a [u8]>) -> BTreeSet<[u8; AVOID_PIECE]> {
    let mut out = BTreeSet::new();
    for name in names {
        for w in normalise(name).windows(AVOID_PIECE) {
            out.insert([w[0], w[1], w[2], w[3]]);
        }
    }
    out
}

/// Length of the pieces of an avoided name that a password must not contain.
pub(crate) const AVOID_PIECE: usize = 4;

impl Platform {
    /// Looks a platform up by its command-line name.
    pub fn by_name(name: &str) -> Result<Platform, PasswordError> {
        PLATFORMS.iter().find(|p| p.name == name).copied().ok_or_else(|| {
            let names: Vec<&str> = PLATFORMS.iter().map(|p| p.name).collect();
            PasswordError::UnknownProfile(name.to_string(), names.join(", "))
        })
    }

    /// The policy for this platform: with the safe-typing rules unless `all_symbols`, and avoiding
    /// every 4-character piece of each name in `avoid`. Space is never used: forms trim it.
    pub fn policy(&self, all_symbols: bool, avoid: &[String]) -> Policy {
        let keep = |set: &str| -> Vec<u8> {
            set.bytes().filter(|b| all_symbols || !UNSAFE.as_bytes().contains(b)).collect()
        };
        Policy {
            name: self.name,
            classes: vec![
                CharClass { name: "upper-case letter", chars: keep(UPPER) },
                CharClass { name: "lower-case letter", chars: keep(LOWER) },
                CharClass { name: "digit", chars: keep(DIGITS) },
                CharClass { name: "symbol", chars: keep(self.symbols) },
            ],
            max_length: self.max_length,
            avoid: pieces(avoid.iter().map(|a| a.as_bytes())),
        }
    }
}

impl Policy {
    /// The portable policy with the safe-typing rules: the alphabet pinned by the golden vectors.
    pub fn portable() -> Policy {
        PORTABLE.policy(false, &[])
    }

    /// The alphabet: every class's characters, in order.
    pub fn alphabet(&self) -> Vec<u8> {
        self.classes.iter().flat_map(|c| c.chars.iter().copied()).collect()
    }

    /// Checks that `length` is allowed for this policy.
    pub fn check_length(&self, length: usize) -> Result<(), PasswordError> {
        if length < MIN_LENGTH {
            Err(PasswordError::TooShort(length))
        } else if length > self.max_length {
            Err(PasswordError::TooLong { got: length, profile: self.name, max: self.max_length })
        } else {
            Ok(())
        }
    }

    /// Whether `password` has every class, nothing outside the alphabet, and no avoided piece.
    pub fn complies(&self, password: &[u8]) -> bool {
        let alphabet = self.alphabet();
        password.iter().all(|b| alphabet.contains(b))
            && self.classes.iter().all(|c| password.iter().any(|b| c.chars.contains(b)))
            && !self.contains_avoided(password)
    }

    /// Whether `password`, normalised, contains a 4-character piece of an avoided name.
    pub fn contains_avoided(&self, password: &[u8]) -> bool {
        if self.avoid.is_empty() {
            return false;
        }
        let p = Zeroizing::new(normalise(password));
        p.windows(AVOID_PIECE).any(|w| self.avoid.contains(&[w[0], w[1], w[2], w[3]]))
    }

    /// Entropy in bits of a password of `length` drawn by [`generate`]: the base-2 logarithm of the
    /// number of passwords with every class, counted by inclusion–exclusion. (Avoided pieces remove a
    /// vanishing fraction more, which this leaves out.)
    pub fn entropy_bits(&self, length: usize) -> f64 {
        let total = self.alphabet().len() as f64;
        let k = self.classes.len();
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

/// Generates one password of `length` characters under `policy`.
pub fn generate<R: CryptoRng>(policy: &Policy, length: usize, rng: &mut R) -> Result<Secret, PasswordError> {
    policy.check_length(length)?;
    let alphabet = policy.alphabet();
    let mut source = UniformIndex::new(rng);
    let mut out = Secret::with_capacity(length);
    for _ in 0..MAX_DRAWS {
        out.truncate(0);
        for _ in 0..length {
            out.push_slice(&[alphabet[source.below(alphabet.len())]]);
        }
        if policy.complies(out.expose()) {
            return Ok(out);
        }
    }
    Err(PasswordError::Unsatisfiable(length))
}

/// Most passwords drawn before giving up: a compliant one comes within a few draws unless the names
/// to avoid leave (almost) none.
const MAX_DRAWS: usize = 100_000;

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha20Rng;

    #[test]
    fn portable_alphabet_is_the_documented_one() {
        let a = Policy::portable().alphabet();
        assert_eq!(a, b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%&*()<>[]{}_+-=");
        for bad in b"0O1lI| \"'`^~?.,/:;\\" {
            assert!(!a.contains(bad), "alphabet contains {}", *bad as char);
        }
    }

    #[test]
    fn profiles_follow_their_platforms() {
        let entra = ENTRA.policy(false, &[]);
        assert_eq!(entra.classes[3].chars, b"!#$%&()*+,-./:;<=>?@[\\]_{}");
        assert_eq!(entra.alphabet().len(), 24 + 25 + 8 + 26);
        let all = ENTRA.policy(true, &[]);
        assert_eq!(all.alphabet().len(), 26 + 26 + 10 + 32, "--all-symbols keeps all 32 punctuation marks");
        assert!(!all.alphabet().contains(&b' '), "space is never used");
        assert_eq!(AWS_ROOT.policy(true, &[]).classes[3].chars, b"!@#$%^&*()<>[]{}|_+-=");
        for p in PLATFORMS {
            let policy = p.policy(false, &[]);
            let mut sorted = policy.alphabet();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), policy.alphabet().len(), "{}: classes overlap", p.name);
            // Portable is the intersection: every portable character is accepted everywhere.
            for c in Policy::portable().alphabet() {
                assert!(p.policy(true, &[]).alphabet().contains(&c), "{} rejects {}", p.name, c as char);
            }
            assert!(Policy::portable().max_length <= p.max_length);
        }
        assert_eq!(Platform::by_name("aws-root").map(|p| p.max_length), Ok(128));
        assert!(matches!(Platform::by_name("nope"), Err(PasswordError::UnknownProfile(..))));
    }

    #[test]
    fn lengths_are_enforced() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let entra = ENTRA.policy(false, &[]);
        assert_eq!(generate(&entra, 15, &mut rng).err(), Some(PasswordError::TooShort(15)));
        assert!(matches!(generate(&entra, 257, &mut rng), Err(PasswordError::TooLong { .. })));
        assert!(matches!(
            generate(&GOOGLE.policy(false, &[]), 101, &mut rng),
            Err(PasswordError::TooLong { .. })
        ));
        for len in [16, 24, 256] {
            assert_eq!(generate(&entra, len, &mut rng).map(|s| s.len()), Ok(len));
        }
    }

    #[test]
    fn every_password_complies_with_every_profile() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        for p in PLATFORMS {
            for all in [false, true] {
                let policy = p.policy(all, &[]);
                for _ in 0..2000 {
                    let pw = generate(&policy, 16, &mut rng).map(|s| policy.complies(s.expose()));
                    assert_eq!(pw, Ok(true), "{} all_symbols={all}", p.name);
                }
            }
        }
    }

    #[test]
    fn avoided_names_never_appear() {
        let names = ["bg-admin1@contoso.com".to_string(), "Contoso".to_string()];
        let policy = ENTRA.policy(false, &names);
        assert!(policy.contains_avoided(b"xxC0NT0Sxx"), "substitutions are undone");
        assert!(policy.contains_avoided(b"..$0.c"), "$0.c is so.c, a piece of contoso.com");
        assert!(!policy.contains_avoided(b"con+tos+o"));
        // A tiny alphabet makes collisions frequent, so the redraw is exercised.
        let tiny = Policy {
            name: "tiny",
            classes: vec![CharClass { name: "a", chars: b"abc".to_vec() }],
            max_length: 64,
            avoid: pieces([&b"abca"[..]].into_iter()),
        };
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        for _ in 0..200 {
            let pw = generate(&tiny, 16, &mut rng).expect("password");
            assert!(!pw.expose().windows(4).any(|w| w == b"abca"));
        }
    }

    #[test]
    fn entropy_matches_a_brute_force_count() {
        let tiny = Policy {
            name: "tiny",
            classes: vec![
                CharClass { name: "a", chars: b"ab".to_vec() },
                CharClass { name: "d", chars: b"123".to_vec() },
            ],
            max_length: 8,
            avoid: BTreeSet::new(),
        };
        for len in 1..=6u32 {
            let count = (0..5u64.pow(len))
                .filter(|n| {
                    let digits: Vec<u64> = (0..len).map(|i| n / 5u64.pow(i) % 5).collect();
                    digits.iter().any(|d| *d < 2) && digits.iter().any(|d| *d >= 2)
                })
                .count();
            let want = (count as f64).log2();
            let got = tiny.entropy_bits(len as usize);
            assert!((got - want).abs() < 1e-9 || count == 0, "len {len}: {got} vs {want}");
        }
        let e = Policy::portable().entropy_bits(24);
        assert!(e > 149.7 && e < 24.0 * 76f64.log2(), "{e}");
    }
}

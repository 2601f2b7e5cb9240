//! The two check characters at the end of every typed share line.
//!
//! A line's symbols form a Reed–Solomon codeword over GF(32) (field polynomial x⁵+x²+1, α = 2) with
//! two check symbols, so the code has minimum distance 3: any one wrong symbol, and any two — which
//! covers swapping two neighbours — is always detected. The line number is part of the codeword
//! (three leading symbols that are not typed), so a correct line typed under the wrong number, or
//! lines in the wrong order, are detected too. Codewords stay within the 31-symbol limit: 3 + 16 + 2.
//!
//! Valid means: reading the symbols `s[0..N]` as the polynomial `s[0]·x^(N-1) + … + s[N-1]`, its
//! value is zero at both α and α².

/// Multiplication in GF(32) with reduction polynomial x⁵+x²+1.
fn mul(mut a: u8, mut b: u8) -> u8 {
    let mut r = 0;
    while b != 0 {
        if b & 1 != 0 {
            r ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0x20 != 0 {
            a ^= 0x25;
        }
    }
    r
}

/// Multiplicative inverse (a³⁰ = a⁻¹ since the group has order 31); `inv(0)` is 0.
fn inv(a: u8) -> u8 {
    (0..29).fold(a, |acc, _| mul(acc, a))
}

/// Value of the polynomial with coefficients `symbols` (highest power first) at `x`.
fn eval(symbols: impl IntoIterator<Item = u8>, x: u8) -> u8 {
    symbols.into_iter().fold(0, |acc, s| mul(acc, x) ^ s)
}

/// The three leading symbols that stand for a line number (0..32768).
fn number_symbols(line: u16) -> [u8; 3] {
    [((line >> 10) & 31) as u8, ((line >> 5) & 31) as u8, (line & 31) as u8]
}

const ALPHA: u8 = 2;
const ALPHA2: u8 = 4;

/// The two check symbols for line `line` carrying `data` (at most 26 symbols).
pub(crate) fn check_symbols(line: u16, data: &[u8]) -> [u8; 2] {
    // Message polynomial M(x); the codeword is M(x)·x² + c0·x + c1.
    let msg = number_symbols(line).into_iter().chain(data.iter().copied());
    let a = mul(eval(msg.clone(), ALPHA), mul(ALPHA, ALPHA)); // M(α)·α²
    let b = mul(eval(msg, ALPHA2), mul(ALPHA2, ALPHA2)); // M(α²)·α⁴
    // Solve c0·α + c1 = a and c0·α² + c1 = b.
    let c0 = mul(a ^ b, inv(ALPHA ^ ALPHA2));
    let c1 = a ^ mul(c0, ALPHA);
    [c0, c1]
}

/// Whether `symbols` (data followed by its two check symbols) is a valid line numbered `line`.
pub(crate) fn verify(line: u16, symbols: &[u8]) -> bool {
    let word = || number_symbols(line).into_iter().chain(symbols.iter().copied());
    symbols.len() >= 2 && eval(word(), ALPHA) == 0 && eval(word(), ALPHA2) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_is_a_field() {
        for a in 1..32u8 {
            assert_eq!(mul(a, inv(a)), 1, "{a}");
        }
        // α generates the whole multiplicative group.
        let mut seen = std::collections::HashSet::new();
        let mut x = 1;
        for _ in 0..31 {
            seen.insert(x);
            x = mul(x, ALPHA);
        }
        assert_eq!(seen.len(), 31);
    }

    #[test]
    fn every_single_and_double_error_is_detected() {
        let data: Vec<u8> = (0..16).map(|i| (i * 7 + 3) % 32).collect();
        for line in [1u16, 2, 31, 999] {
            let mut word = data.clone();
            word.extend(check_symbols(line, &data));
            assert!(verify(line, &word));
            assert!(!verify(line + 1, &word), "wrong line number accepted");
            for i in 0..word.len() {
                for e in 1..32 {
                    let mut bad = word.clone();
                    bad[i] ^= e;
                    assert!(!verify(line, &bad));
                    for j in i + 1..word.len() {
                        for f in 1..32 {
                            let mut bad2 = bad.clone();
                            bad2[j] ^= f;
                            assert!(!verify(line, &bad2), "double error at {i},{j}");
                        }
                    }
                }
            }
        }
    }
}

//! Crockford base32: the transcription alphabet of the typed share form.
//!
//! `0123456789ABCDEFGHJKMNPQRSTVWXYZ` — no I, L, O or U. Decoding is case-insensitive and folds the
//! look-alikes a person may write instead: `O`→`0`, `I` and `L`→`1`. Bits are taken most significant
//! first, as in RFC 4648; a final partial group is padded with zero bits and no `=` is written.

/// The 32 symbols, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Symbol value of each ASCII byte, with case and look-alikes folded; 255 where there is none.
const DECODE: [u8; 128] = {
    let mut t = [255u8; 128];
    let mut v = 0;
    while v < 32 {
        let c = ALPHABET[v];
        t[c as usize] = v as u8;
        t[c.to_ascii_lowercase() as usize] = v as u8;
        v += 1;
    }
    t[b'O' as usize] = 0;
    t[b'o' as usize] = 0;
    t[b'I' as usize] = 1;
    t[b'i' as usize] = 1;
    t[b'L' as usize] = 1;
    t[b'l' as usize] = 1;
    t
};

/// The value of a typed character, folding case and look-alikes, or `None` if it is not a symbol.
pub fn symbol_value(c: char) -> Option<u8> {
    let v = *DECODE.get(c as usize)?;
    (v < 32).then_some(v)
}

/// Number of symbols that encode `bytes` bytes.
pub fn encoded_len(bytes: usize) -> usize {
    (bytes * 8).div_ceil(5)
}

/// Symbol values (0–31) for `data`.
pub fn to_symbols(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(encoded_len(data.len()));
    let mut acc: u16 = 0;
    let mut bits = 0;
    for &b in data {
        acc = (acc << 8) | u16::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(((acc >> bits) & 31) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(((acc << (5 - bits)) & 31) as u8);
    }
    out
}

/// Encodes `data` as upper-case Crockford base32 text.
pub fn encode(data: &[u8]) -> String {
    to_symbols(data).into_iter().map(|s| char::from(ALPHABET[usize::from(s)])).collect()
}

/// Ten bytes (a set id, a fingerprint) as sixteen characters in four groups: `7K3F-Q2XA-9M1C-ZZ4P`.
pub fn grouped(bytes: &[u8; 10]) -> String {
    let s = encode(bytes);
    let groups: Vec<&str> = (0..4).map(|i| &s[i * 4..i * 4 + 4]).collect();
    groups.join("-")
}

/// Decodes symbol values back to bytes. Returns `None` when the count of symbols cannot come from
/// whole bytes or the padding bits are not zero, so that every byte string has exactly one encoding.
pub fn from_symbols(symbols: &[u8]) -> Option<Vec<u8>> {
    let bytes = symbols.len() * 5 / 8;
    if encoded_len(bytes) != symbols.len() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes);
    let mut acc: u16 = 0;
    let mut bits = 0;
    for &s in symbols {
        if s > 31 {
            return None;
        }
        acc = (acc << 5) | u16::from(s);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (acc == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(&[0xff]), "ZW");
        assert_eq!(encode(&[0; 5]), "00000000");
        assert_eq!(encode(b"hello"), "D1JPRV3F");
        assert_eq!(symbol_value('o'), Some(0));
        assert_eq!(symbol_value('l'), Some(1));
        assert_eq!(symbol_value('I'), Some(1));
        assert_eq!(symbol_value('u'), None);
        assert_eq!(symbol_value('z'), Some(31));
        assert_eq!(symbol_value('é'), None);
        let accepted =
            (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| symbol_value(c).is_some()).count();
        assert_eq!(accepted, 10 + 22 * 2 + 6, "digits, both cases of 22 letters, and o/O i/I l/L");
    }

    #[test]
    fn round_trip_and_canonical() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let sym = to_symbols(&data);
            assert_eq!(sym.len(), encoded_len(len));
            assert_eq!(from_symbols(&sym), Some(data));
        }
        // "ZW" is 0xff; "ZX" sets a padding bit and must be refused.
        assert_eq!(from_symbols(&[31, 28]), Some(vec![0xff]));
        assert_eq!(from_symbols(&[31, 29]), None);
        // One symbol cannot be a whole byte.
        assert_eq!(from_symbols(&[1]), None);
    }
}

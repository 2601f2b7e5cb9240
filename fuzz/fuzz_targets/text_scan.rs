//! Typed, pasted or extracted text with shares anywhere in it, in any encoding, made plain as the
//! recovery makes it (`decode_text`, `normalise`). Invariant: nothing panics, and every share found
//! re-encodes (typed form and QR payload) to text that scans back to the same bytes.
#![no_main]
use breakglass::{compact, decode_text, find_shares, normalise, typed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = normalise(&decode_text(data));
    for found in find_shares(&input) {
        if let Ok(share) = found.result {
            let bytes = share.to_bytes();
            for encoded in [typed::block(&share), compact(&share)] {
                let again: Vec<_> = find_shares(&encoded).into_iter().filter_map(|f| f.result.ok()).collect();
                assert_eq!(again.len(), 1);
                assert_eq!(again[0].to_bytes().as_slice(), bytes.as_slice());
            }
        }
    }
});

//! The binary share decoder. Invariant: what decodes re-encodes to exactly the same bytes.
#![no_main]
use breakglass::Share;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(share) = Share::from_bytes(data) {
        assert_eq!(share.to_bytes().as_slice(), data);
    }
});

//! Reading an image (PNG or JPEG bytes) for QR codes: must never panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = breakglass::read_qr_codes(data);
});

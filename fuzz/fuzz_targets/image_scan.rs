//! Reading an image (PNG or JPEG bytes) for QR codes: must never panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "shared/decoders.rs"]
mod decoders;

fuzz_target!(|data: &[u8]| {
    decoders::contain_decoder_panics();
    let _ = breakglass::read_qr_codes(data);
});

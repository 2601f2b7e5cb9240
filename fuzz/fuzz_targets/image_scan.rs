//! Reading an image (PNG or JPEG bytes) for QR codes: must never panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = breakglass::scan::scan_image(data);
});

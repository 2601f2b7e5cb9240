//! Reading an image (PNG or JPEG bytes) for QR codes: must never panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// libFuzzer's panic hook aborts before `catch_unwind` can act; the decoders' rare panics are
/// contained by design (the binary's hook is silent for them), so the same hook is kept here and
/// any other panic still aborts.
fn contain_decoder_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !breakglass::in_qr_decoder() {
                fuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    contain_decoder_panics();
    let _ = breakglass::read_qr_codes(data);
});

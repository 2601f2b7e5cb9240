//! What the fuzz targets that reach the QR decoders share: keeping the decoders' contained panics
//! contained under libFuzzer, and the small greyscale buffers the decoder targets are fed.

/// libFuzzer's panic hook aborts before `catch_unwind` can act; the decoders' rare panics are
/// contained by design (the binary's hook is silent for them), so the same hook is kept here and
/// any other panic still aborts.
pub fn contain_decoder_panics() {
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

/// Runs one decoder on an input laid out as the seeds in fuzz/seeds/qr_decode are: a first byte
/// (which picks the decoder there, ignored here), the width and height (1 to 64), the pixels
/// (white where short). Invariant: no panic escapes and nothing hangs, whatever the pixels.
#[allow(dead_code)] // image_scan shares only the hook.
pub fn decode_small_grey(decoder: breakglass::Decoder, data: &[u8]) {
    contain_decoder_panics();
    if data.len() < 3 {
        return;
    }
    let (w, h) = (u32::from(data[1] % 64) + 1, u32::from(data[2] % 64) + 1);
    let mut pixels = data[3..].to_vec();
    pixels.resize((w * h) as usize, 255);
    let _ = breakglass::decode_grey(decoder, w, h, &pixels);
}

//! The QR decoders themselves (rxing, then rqrr), fed small greyscale buffers without any image
//! decoding in front: the first two bytes are the width and height (1 to 128), the rest the pixels.
//! Invariant: no panic escapes and nothing hangs, whatever the pixels.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (w, h) = (u32::from(data[0] % 128) + 1, u32::from(data[1] % 128) + 1);
    let mut pixels = data[2..].to_vec();
    pixels.resize((w * h) as usize, 255);
    let _ = breakglass::decode_grey(w, h, &pixels);
});

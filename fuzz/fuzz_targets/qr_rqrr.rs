//! The rqrr QR decoder itself, fed small greyscale buffers without any image decoding in front
//! (the input's layout is in shared/decoders.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "shared/decoders.rs"]
mod decoders;

fuzz_target!(|data: &[u8]| decoders::decode_small_grey(breakglass::Decoder::Rqrr, data));

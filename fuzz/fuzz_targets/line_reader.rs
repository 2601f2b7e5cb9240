//! Guided typing: lines fed one at a time to the format's `LineReader`, as a person types them.
//! Invariants: no panic, whatever the lines; a share it completes re-types to the same bytes.
#![no_main]
use breakglass::{LineOutcome, LineReader, typed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut reader = LineReader::new();
    for line in input.lines() {
        if let Ok(LineOutcome::Complete(share)) = reader.push(line) {
            let mut again = LineReader::new();
            let mut done = None;
            for l in typed::lines(&share) {
                if let Ok(LineOutcome::Complete(s)) = again.push(&l) {
                    done = Some(s);
                }
            }
            let done = done.expect("a share's own lines complete it");
            assert_eq!(done.to_bytes().as_slice(), share.to_bytes().as_slice());
        }
    }
});

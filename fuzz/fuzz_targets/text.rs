#![no_main]
//! Fuzz the text stage directly: any UTF-8 text, offsets must hold.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        common::check(text);
    }
});

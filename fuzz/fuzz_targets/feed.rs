#![no_main]
//! Fuzz the feed reader: any bytes read as `feed.xml`, then analysed.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_all("feed.xml", data);
});

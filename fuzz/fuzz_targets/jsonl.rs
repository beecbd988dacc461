#![no_main]
//! Fuzz the jsonl reader: any bytes read as `batch.jsonl`, then analysed.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_all("batch.jsonl", data);
});

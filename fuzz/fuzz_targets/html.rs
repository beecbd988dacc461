#![no_main]
//! Fuzz the html reader: any bytes read as `page.html`, then analysed.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_all("page.html", data);
    let page = dyad_html::extract_bytes(data);
    common::check(&page.text);
});

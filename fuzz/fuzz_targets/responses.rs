//! Arbitrary bodies as successful (200) responses of every operation.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sts_runtime::transport::HttpResponse;

fuzz_target!(|body: &[u8]| {
    let response = HttpResponse { status: 200, headers: vec![], body: body.to_vec() };
    common::read_as_every_operation(&response);
});

//! Arbitrary bodies as error responses (400, 403, 500, 502) of every operation.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sts_runtime::transport::HttpResponse;

fuzz_target!(|input: (u8, &[u8])| {
    let status = [400, 403, 500, 502][usize::from(input.0 % 4)];
    let response = HttpResponse { status, headers: vec![], body: input.1.to_vec() };
    common::read_as_every_operation(&response);
});

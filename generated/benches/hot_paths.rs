//! The per-call work of the client, without the network: encoding a large AssumeRole input,
//! reading an AssumeRole response and an error response, and signing.
//!
//! `cargo bench -p sts-sdk --bench hot_paths`

use std::hint::black_box;
use std::time::SystemTime;

use criterion::{Criterion, criterion_group, criterion_main};
use sts::operation::assume_role::{AssumeRole, AssumeRoleInput};
use sts::types::{PolicyDescriptorType, ProvidedContext, Tag};
use sts_runtime::aws_query::Operation;
use sts_runtime::aws_query::response::read_response;
use sts_runtime::sign::{Signer, SigningScope, sign_request};
use sts_runtime::transport::{HttpRequest, HttpResponse};

fn large_input() -> AssumeRoleInput {
    let mut builder = AssumeRoleInput::builder()
        .role_arn("arn:aws:iam::123456789012:role/deploy-role-with-a-long-name")
        .role_session_name("benchmark-session@example.com")
        .policy(format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},"#.repeat(20)
        ))
        .duration_seconds(3600)
        .external_id("external-id-1234567890")
        .serial_number("arn:aws:iam::123456789012:mfa/user")
        .token_code("123456")
        .source_identity("alice")
        .provided_contexts(
            ProvidedContext::builder()
                .provider_arn("arn:aws:iam::aws:contextProvider/IdentityCenter")
                .context_assertion("YWJjZGVmZ2hpamtsbW5vcA==")
                .build(),
        );
    for i in 0..10 {
        builder = builder
            .policy_arns(PolicyDescriptorType::builder().arn(format!("arn:aws:iam::aws:policy/Policy{i}")).build());
    }
    for i in 0..50 {
        builder = builder
            .tags(
                Tag::builder()
                    .key(format!("key-{i}"))
                    .value(format!("value {i} with spaces/and:colons"))
                    .build()
                    .expect("tag"),
            )
            .transitive_tag_keys(format!("key-{i}"));
    }
    builder.build().expect("valid input")
}

const RESPONSE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;

const ERROR: &str = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>MalformedPolicyDocument</Code><Message>The policy is not valid JSON</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>";

fn benchmarks(c: &mut Criterion) {
    let input = large_input();
    c.bench_function("encode a large AssumeRole input", |b| b.iter(|| AssumeRole::serialize(black_box(&input))));

    let response = HttpResponse { status: 200, headers: vec![], body: RESPONSE.as_bytes().to_vec() };
    c.bench_function("read an AssumeRole response", |b| {
        b.iter(|| read_response::<AssumeRole>(black_box(&response)).expect("parses"))
    });

    let error = HttpResponse { status: 400, headers: vec![], body: ERROR.as_bytes().to_vec() };
    c.bench_function("read an error response", |b| b.iter(|| read_response::<AssumeRole>(black_box(&error)).is_err()));

    let body = AssumeRole::serialize(&input);
    let credentials = sts::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        Some("token".into()),
        None,
        "test",
    );
    let request = HttpRequest {
        method: "POST",
        url: "https://sts.us-east-1.amazonaws.com/".into(),
        headers: vec![("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
        body,
    };
    let scope = SigningScope { service: "sts", region: "us-east-1" };
    c.bench_function("sign a request, deriving the key", |b| {
        b.iter(|| {
            let mut request = request.clone();
            sign_request(&mut request, &credentials, scope, SystemTime::now()).expect("signs");
            request
        })
    });
    // As a client signs: the key derived once a day is kept by its signer.
    let signer = Signer::new();
    c.bench_function("sign a request, key kept", |b| {
        b.iter(|| {
            let mut request = request.clone();
            signer.sign(&mut request, &credentials, scope, SystemTime::now()).expect("signs");
            request
        })
    });
}

criterion_group!(hot_paths, benchmarks);
criterion_main!(hot_paths);

//! `sts::blocking::Client` from plain threads, against a server on 127.0.0.1 running on a
//! runtime of the test's own: calls, retries, time limits, credentials providers, and the
//! refusal to block inside an async runtime.
#![cfg(feature = "blocking")]

use std::time::{Duration, Instant};

use sts::config::{RetryConfig, TimeoutConfig};
use sts::credentials::AssumeRoleProvider;
use sts::error::SdkError;
use sts::{Config, Credentials};
use sts_testkit::{Action, Canned, TestServer, assume_role_answer};

const ROLE: &str = "arn:aws:iam::123456789012:role/demo";

/// The server runs on its own runtime's threads; the test's thread has no runtime.
fn server() -> (tokio::runtime::Runtime, TestServer) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let server = runtime.block_on(TestServer::start());
    (runtime, server)
}

fn config(server: &TestServer) -> sts::config::ConfigBuilder {
    Config::builder().region("eu-west-3").endpoint_url(&server.url).credentials_provider(Credentials::new(
        "AKIDEXAMPLE",
        "secret",
        None,
        None,
        "test",
    ))
}

fn identity(account: &str) -> String {
    format!(
        "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>{account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"
    )
}

#[test]
fn calls_block_and_retry_without_an_async_runtime() {
    let (_runtime, server) = server();
    server.respond(500, "<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>");
    server.respond(200, &identity("111122223333"));
    let client = sts::blocking::Client::from_conf(
        config(&server).retry_config(RetryConfig::standard().with_max_attempts(2)).build(),
    )
    .expect("client");
    let me = client.get_caller_identity().send().expect("answered on the second attempt");
    assert_eq!(me.account(), Some("111122223333"));
    assert_eq!(server.request_count(), 2);

    // The same fluent builders: setters, the model's checks before sending.
    let err = client.assume_role().role_arn(ROLE).send().expect_err("RoleSessionName is missing");
    assert!(matches!(err, SdkError::ConstructionFailure(_)) && err.to_string().contains("RoleSessionName"), "{err}");
    assert_eq!(server.request_count(), 2);

    // Calls from several threads at once share the client.
    for account in ["1", "2", "3"] {
        server.respond(200, &identity(account));
    }
    let answers: Vec<String> = std::thread::scope(|scope| {
        let calls: Vec<_> = (0..3)
            .map(|_| scope.spawn(|| client.get_caller_identity().send().expect("answered").account.unwrap_or_default()))
            .collect();
        calls.into_iter().map(|call| call.join().expect("thread")).collect()
    });
    let mut answers = answers;
    answers.sort();
    assert_eq!(answers, ["1", "2", "3"]);

    // A customized call blocks too, with its settings and changes.
    server.respond(200, &identity("4"));
    let me = client
        .get_caller_identity()
        .customize()
        .config_override(Config::builder().region("sa-east-1"))
        .mutate_request(|request| {
            request.headers_mut().insert("x-tenant", "blue");
        })
        .send()
        .expect("answered");
    assert_eq!(me.account(), Some("4"));
    let request = server.requests().pop().expect("a request");
    assert_eq!(request.header("x-tenant"), Some("blue"));
    assert!(request.header("authorization").is_some_and(|a| a.contains("/sa-east-1/sts/")), "{request:?}");
}

#[test]
fn time_limits_hold_for_blocking_calls() {
    let (_runtime, server) = server();
    let late =
        Canned { status: 200, headers: vec![("content-type".into(), "text/xml".into())], body: identity("late") };
    server.then(Action::Delay(Duration::from_secs(5), late));
    let timeouts = TimeoutConfig::builder().operation_timeout(Duration::from_millis(300)).build();
    let client = sts::blocking::Client::from_conf(config(&server).timeout_config(timeouts).build()).expect("client");
    let started = Instant::now();
    let err = client.get_caller_identity().send().expect_err("too slow");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(4), "the call waited {:?}", started.elapsed());
}

#[test]
fn credentials_providers_work_from_blocking_calls() {
    let (_runtime, server) = server();
    server.respond(200, &assume_role_answer("ASIAASSUMED", "s", "t", "2099-01-01T00:00:00Z"));
    server.respond(200, &identity("222233334444"));
    let source = config(&server).build();
    let provider = AssumeRoleProvider::builder(ROLE).session_name("blocking").config(source.clone()).build();
    let client =
        sts::blocking::Client::from_conf(source.to_builder().credentials_provider(provider).build()).expect("client");
    let me = client.get_caller_identity().send().expect("signed with the assumed role");
    assert_eq!(me.account(), Some("222233334444"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[1].header("authorization").is_some_and(|a| a.contains("Credential=ASIAASSUMED/")), "{requests:?}");
}

#[test]
fn a_blocking_call_inside_an_async_runtime_fails_at_once() {
    let (runtime, server) = server();
    let client = sts::blocking::Client::from_conf(config(&server).build()).expect("client");
    let err = runtime.block_on(async { client.get_caller_identity().send() }).expect_err("refused inside a runtime");
    assert!(err.to_string().contains("inside an async runtime"), "{err}");
    assert_eq!(server.request_count(), 0, "nothing was sent");
    // Dropping the client there does not panic either.
    runtime.block_on(async move { drop(client) });
}

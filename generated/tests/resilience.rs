//! Faults injected by a real server on 127.0.0.1: which are retried, how often, how long
//! the client waits, which time limit fires, and that nothing panics or leaks.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use sts::config::{RetryConfig, TimeoutConfig};
use sts::credentials::AssumeRoleProvider;
use sts::error::{AttemptOutcome, ProvideErrorMetadata, SdkError, TimeoutLimit};
use sts::operation::RequestId;
use sts::{Client, Config, Credentials};
use sts_runtime::date_time::TimestampFormat;
use sts_testkit::{Action, Canned, Recorded, RecordingSleep, Responder, TestServer, verify_sigv4};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-west-2";

fn client_with(server: &TestServer, retry: RetryConfig, sleep: &RecordingSleep) -> Client {
    Client::from_conf(
        Config::builder()
            .region(REGION)
            .endpoint_url(&server.url)
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
            .retry_config(retry)
            .timeout_config(TimeoutConfig::disabled())
            .sleep_impl(sleep.clone())
            .build(),
    )
}

fn error_response(status: u16, code: &str) -> Canned {
    Canned {
        status,
        headers: vec![("content-type".into(), "text/xml".into())],
        body: format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>try later</Message></Error><RequestId>rid-{code}</RequestId></ErrorResponse>"
        ),
    }
}

fn ok_response() -> Canned {
    Canned {
        status: 200,
        headers: vec![],
        body: "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>rid-ok</RequestId></ResponseMetadata></GetCallerIdentityResponse>".into(),
    }
}

fn html_502() -> Canned {
    Canned {
        status: 502,
        headers: vec![("content-type".into(), "text/html".into())],
        body: "<html><body>502 Bad Gateway</body></html>".into(),
    }
}

/// Ten calls whose credentials come from AssumeRole while STS answers 500: one refresh (its
/// three attempts) serves them all, each gets its error, and the next call, once STS
/// recovers, refreshes again and succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_waiting_on_a_failing_credentials_refresh_share_it() {
    let server = TestServer::start().await;
    // The first answer comes late enough that every caller has joined the refresh before it
    // fails (the backoff sleeps return at once): a caller that came after would rightly
    // start a refresh of its own.
    server.then(Action::Delay(Duration::from_millis(300), error_response(500, "InternalFailure")));
    for _ in 0..2 {
        server.respond_with(error_response(500, "InternalFailure"));
    }
    let sleep = RecordingSleep::default();
    let config = client_with(&server, RetryConfig::standard(), &sleep).config().clone();
    let provider = AssumeRoleProvider::builder("arn:aws:iam::123456789012:role/deploy").config(config.clone()).build();
    let client = Client::from_conf(config.to_builder().credentials_provider(provider).build());
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_caller_identity().send().await })
        })
        .collect();
    for call in calls {
        let err = call.await.expect("task").expect_err("no credentials");
        assert!(matches!(err, SdkError::CredentialsUnavailable(_)), "{err:?}");
        // The root cause, on one line: what STS said, how often it was asked.
        assert_eq!(
            err.to_string(),
            "GetCallerIdentity: no credentials to sign the request, so it was not sent: assuming \
             arn:aws:iam::123456789012:role/deploy failed: AssumeRole failed after 3 attempts: InternalFailure: try \
             later (HTTP 500, request id rid-InternalFailure)"
        );
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "one refresh of three attempts, not one per caller");
    assert!(requests.iter().all(|r| r.form().contains(&("Action".to_owned(), "AssumeRole".to_owned()))));

    server.respond_with(Canned {
        status: 200,
        headers: vec![],
        body: format!(
            "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIARECOVERED</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>{}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>",
            sts::DateTime::from(std::time::SystemTime::now() + Duration::from_secs(3600))
        ),
    });
    server.respond_with(ok_response());
    client.get_caller_identity().send().await.expect("STS recovered");
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    verify_sigv4(&requests[4], "ASIARECOVERED", "s", REGION);
}

#[tokio::test]
async fn two_throttles_then_success_returns_the_success() {
    let server = TestServer::start().await;
    server.respond_with(error_response(400, "Throttling"));
    server.respond_with(error_response(400, "ThrottlingException"));
    server.respond_with(ok_response());
    let sleep = RecordingSleep::default();
    let out =
        client_with(&server, RetryConfig::standard(), &sleep).get_caller_identity().send().await.expect("success");
    assert_eq!(out.account.as_deref(), Some("123456789012"));
    assert_eq!(out.request_id(), Some("rid-ok"));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    // Every attempt carries its own valid signature.
    for request in &requests {
        verify_sigv4(request, ACCESS_KEY, SECRET, REGION);
    }
    let delays = sleep.delays();
    assert_eq!(delays.len(), 2);
    assert!(delays[0] <= Duration::from_secs(1) && delays[1] <= Duration::from_secs(2), "{delays:?}");
}

#[tokio::test]
async fn retryable_faults_are_retried_up_to_the_limit() {
    type Fault = Box<dyn Fn() -> Action>;
    let faults: Vec<(&str, Fault)> = vec![
        ("500", Box::new(|| Action::Respond(error_response(500, "InternalFailure")))),
        ("502 html", Box::new(|| Action::Respond(html_502()))),
        ("503", Box::new(|| Action::Respond(error_response(503, "ServiceUnavailable")))),
        ("throttling", Box::new(|| Action::Respond(error_response(400, "Throttling")))),
        ("idp communication", Box::new(|| Action::Respond(error_response(400, "IDPCommunicationError")))),
        ("reset", Box::new(|| Action::Reset)),
        (
            "close mid-body",
            Box::new(|| Action::CloseMidBody {
                status: 200,
                declared: 500,
                sent: "<GetCallerIdentityResponse>".into(),
            }),
        ),
    ];
    for (name, fault) in faults {
        let server = TestServer::start().await;
        for _ in 0..3 {
            server.then(fault());
        }
        let sleep = RecordingSleep::default();
        let err = client_with(&server, RetryConfig::standard(), &sleep)
            .get_caller_identity()
            .send()
            .await
            .expect_err("every attempt fails");
        assert_eq!(server.request_count(), 3, "{name}: {err}");
        assert_eq!(err.attempts(), 3, "{name}");
        assert!(err.to_string().contains("after 3 attempts"), "{name}: {err}");
        assert_eq!(sleep.delays().len(), 2, "{name}");
    }
}

#[tokio::test]
async fn the_right_error_comes_back_for_each_fault() {
    let server = TestServer::start().await;
    let sleep = RecordingSleep::default();
    let c = client_with(&server, RetryConfig::disabled(), &sleep);

    server.respond_with(error_response(400, "IDPCommunicationError"));
    let err = c
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .role_session_name("s1")
        .web_identity_token("tok1")
        .send()
        .await
        .expect_err("fails");
    let e = {
        assert!(err.as_service_error().is_some(), "service error");
        err.into_service_error()
    };
    assert!(e.is_idp_communication_error_exception());
    assert_eq!(
        (e.code(), e.message(), e.request_id()),
        (Some("IDPCommunicationError"), Some("try later"), Some("rid-IDPCommunicationError"))
    );

    server.then(Action::Reset);
    let err = c.get_caller_identity().send().await.expect_err("fails");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");

    server.respond_with(html_502());
    let err = c.get_caller_identity().send().await.expect_err("fails");
    assert!(matches!(&err, SdkError::ServiceError(s) if s.err().code() == Some("502")), "{err:?}");
}

#[tokio::test]
async fn broken_success_responses_are_not_retried() {
    let bodies = [
        "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Acc",
        "<GetCallerIdentityResponse><<>",
        "",
        "<SomethingElseResponse/>",
    ];
    for body in bodies {
        let server = TestServer::start().await;
        server.respond_with(Canned { status: 200, headers: vec![], body: body.into() });
        let sleep = RecordingSleep::default();
        let err = client_with(&server, RetryConfig::standard(), &sleep)
            .get_caller_identity()
            .send()
            .await
            .expect_err("broken");
        assert!(matches!(err, SdkError::ResponseError(_)), "{body:?}: {err:?}");
        assert_eq!(server.request_count(), 1, "{body:?}");
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for (status, code) in [(403, "AccessDenied"), (400, "MalformedPolicyDocument"), (400, "ValidationError")] {
        let server = TestServer::start().await;
        server.respond_with(error_response(status, code));
        let sleep = RecordingSleep::default();
        let err = client_with(&server, RetryConfig::standard(), &sleep)
            .get_caller_identity()
            .send()
            .await
            .expect_err("fails");
        assert_eq!(err.attempts(), 1, "{code}");
        assert_eq!(server.request_count(), 1, "{code}");
        assert!(sleep.delays().is_empty());
    }
}

#[tokio::test]
async fn a_huge_body_is_capped_and_not_retried() {
    for declare_length in [true, false] {
        let server = TestServer::start().await;
        server.then(Action::Huge { bytes: 50 << 20, declare_length });
        let sleep = RecordingSleep::default();
        let err = client_with(&server, RetryConfig::standard(), &sleep)
            .get_caller_identity()
            .send()
            .await
            .expect_err("too large");
        assert!(err.to_string().contains("exceeds 4194304 bytes"), "{err}");
        assert_eq!(server.request_count(), 1);
    }
}

#[tokio::test]
async fn backoff_grows_with_full_jitter_and_respects_the_cap() {
    let server = TestServer::start().await;
    for _ in 0..8 {
        server.respond_with(error_response(503, "ServiceUnavailable"));
    }
    let sleep = RecordingSleep::default();
    let _ =
        client_with(&server, RetryConfig::standard().with_max_attempts(8), &sleep).get_caller_identity().send().await;
    let delays = sleep.delays();
    assert_eq!(delays.len(), 7);
    for (i, delay) in delays.iter().enumerate() {
        let ceiling = Duration::from_secs(1 << i).min(Duration::from_secs(20));
        assert!(*delay <= ceiling, "retry {}: {delay:?} > {ceiling:?}", i + 1);
    }
    // Full jitter spreads the delays: they are not all at their ceilings.
    assert!(delays.iter().enumerate().any(|(i, d)| *d < Duration::from_secs(1 << i).min(Duration::from_secs(20))));

    let server = TestServer::start().await;
    for _ in 0..4 {
        server.respond_with(error_response(503, "ServiceUnavailable"));
    }
    let sleep = RecordingSleep::default();
    let _ = client_with(&server, RetryConfig::standard_2026().with_max_attempts(4), &sleep)
        .get_caller_identity()
        .send()
        .await;
    for (i, delay) in sleep.delays().iter().enumerate() {
        assert!(*delay <= Duration::from_millis(50 << i), "2026 mode, retry {}: {delay:?}", i + 1);
    }
}

#[tokio::test]
async fn the_retry_after_header_is_honoured() {
    let server = TestServer::start().await;
    let mut throttled = error_response(400, "Throttling");
    throttled.headers.push(("x-amz-retry-after".into(), "1500".into()));
    server.respond_with(throttled.clone());
    server.respond_with(ok_response());
    let sleep = RecordingSleep::default();
    client_with(&server, RetryConfig::standard(), &sleep).get_caller_identity().send().await.expect("success");
    assert_eq!(sleep.delays(), vec![Duration::from_millis(1500)]);

    // Within the cap.
    let server = TestServer::start().await;
    throttled.headers[1].1 = "600000".into();
    server.respond_with(throttled);
    server.respond_with(ok_response());
    let sleep = RecordingSleep::default();
    client_with(&server, RetryConfig::standard(), &sleep).get_caller_identity().send().await.expect("success");
    assert_eq!(sleep.delays(), vec![Duration::from_secs(20)]);
}

#[tokio::test]
async fn the_operation_timeout_cuts_a_retry_delay_short() {
    let server = TestServer::start().await;
    let mut throttled = error_response(400, "Throttling");
    throttled.headers.push(("x-amz-retry-after".into(), "5000".into()));
    server.respond_with(throttled);
    let started = std::time::Instant::now();
    let err = Client::from_conf(
        Config::builder()
            .region(REGION)
            .endpoint_url(&server.url)
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
            .timeout_config(TimeoutConfig::disabled().with_operation(Some(Duration::from_millis(300))))
            .build(),
    )
    .get_caller_identity()
    .send()
    .await
    .expect_err("the service asks for a 5 s wait");
    let SdkError::TimeoutError(timeout) = &err else { panic!("expected a timeout: {err:?}") };
    assert_eq!(timeout.limit(), TimeoutLimit::Operation(Duration::from_millis(300)));
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.request_count(), 1, "no second attempt after the deadline");
    assert!(started.elapsed() < Duration::from_secs(3), "the 5 s delay was not waited out");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    // A redirect would re-post the signed body (a SAML assertion, a web identity token)
    // elsewhere: it comes back as an error coded by its status instead.
    let server = TestServer::start().await;
    let elsewhere = format!("{}/elsewhere", server.url);
    for status in [301, 302, 307, 308] {
        server.respond_with(Canned {
            status,
            headers: vec![("location".into(), elsewhere.clone())],
            body: String::new(),
        });
    }
    let sleep = RecordingSleep::default();
    let client = client_with(&server, RetryConfig::standard(), &sleep);
    for status in [301, 302, 307, 308] {
        let err = client.get_caller_identity().send().await.expect_err("a redirect");
        assert!(
            matches!(&err, SdkError::ServiceError(s) if s.err().code() == Some(status.to_string().as_str())),
            "{err:?}"
        );
        assert!(err.to_string().contains(&format!("a redirect to {elsewhere}, which is not followed")), "{err}");
    }
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, vec!["/"; 4], "one request per call, none to the Location");
}

#[tokio::test]
async fn the_retry_quota_stops_retries_when_it_runs_out() {
    let server = TestServer::start().await;
    let sleep = RecordingSleep::default();
    let c = client_with(&server, RetryConfig::standard(), &sleep);
    // 500 tokens, 5 a retry, 2 retries a call: 50 calls empty the quota.
    for _ in 0..50 * 3 + 1 {
        server.respond_with(error_response(500, "InternalFailure"));
    }
    for _ in 0..50 {
        assert_eq!(c.get_caller_identity().send().await.expect_err("fails").attempts(), 3);
    }
    let err = c.get_caller_identity().send().await.expect_err("fails");
    assert_eq!(err.attempts(), 1, "the quota is empty, so no retry");
    assert_eq!(server.request_count(), 50 * 3 + 1);
}

#[tokio::test]
async fn timeouts_name_the_limit_that_fired() {
    let server = TestServer::start().await;
    let config = |timeouts: TimeoutConfig, retry: RetryConfig| {
        Config::builder()
            .region(REGION)
            .endpoint_url(&server.url)
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
            .retry_config(retry)
            .timeout_config(timeouts)
            .build()
    };
    // The attempt limit fires on a slow response; with retries, each attempt is retried.
    for _ in 0..2 {
        server.then(Action::Delay(Duration::from_secs(5), ok_response()));
    }
    let timeouts = TimeoutConfig::disabled().with_attempt(Some(Duration::from_millis(200)));
    let started = std::time::Instant::now();
    let err = Client::from_conf(config(timeouts, RetryConfig::standard().with_max_attempts(2)))
        .get_caller_identity()
        .send()
        .await
        .expect_err("too slow");
    let SdkError::TimeoutError(timeout) = &err else { panic!("expected a timeout: {err:?}") };
    assert_eq!(timeout.limit(), TimeoutLimit::Attempt(Duration::from_millis(200)));
    assert_eq!(err.attempts(), 2);
    assert_eq!(
        err.to_string(),
        "GetCallerIdentity: the attempt timeout (200ms) ran out after 2 attempts (attempt 1: no response; attempt 2: \
         no response): if the service is only slow, raise `TimeoutConfig::with_attempt` (each attempt)"
    );
    assert!(started.elapsed() < Duration::from_secs(4));

    // What each attempt ran into: headers then a body too slow, an error, no response at all.
    server.then(Action::SlowBody(Duration::from_secs(5), ok_response()));
    server.respond_with(error_response(503, "ServiceUnavailable"));
    server.then(Action::Delay(Duration::from_secs(5), ok_response()));
    let err = Client::from_conf(config(timeouts, RetryConfig::standard()))
        .get_caller_identity()
        .send()
        .await
        .expect_err("too slow");
    let SdkError::TimeoutError(timeout) = &err else { panic!("expected a timeout: {err:?}") };
    assert_eq!(
        timeout.outcomes(),
        [
            AttemptOutcome::SlowBody,
            AttemptOutcome::Failed("ServiceUnavailable (HTTP 503)".into()),
            AttemptOutcome::NoResponse
        ]
    );
    assert!(
        err.to_string().contains(
            "after 3 attempts (attempt 1: the response body came too slowly; attempt 2: ServiceUnavailable (HTTP \
             503); attempt 3: no response)"
        ),
        "{err}"
    );

    // The operation limit covers attempts and delays together.
    for _ in 0..3 {
        server.then(Action::Delay(Duration::from_secs(5), ok_response()));
    }
    let timeouts = TimeoutConfig::disabled()
        .with_attempt(Some(Duration::from_secs(2)))
        .with_operation(Some(Duration::from_millis(300)));
    let err = Client::from_conf(config(timeouts, RetryConfig::standard()))
        .get_caller_identity()
        .send()
        .await
        .expect_err("too slow");
    let SdkError::TimeoutError(timeout) = &err else { panic!("expected a timeout: {err:?}") };
    assert_eq!(timeout.limit(), TimeoutLimit::Operation(Duration::from_millis(300)));
    assert_eq!(
        err.to_string(),
        "GetCallerIdentity: the operation timeout (300ms) ran out (no response): if the service is only slow, raise \
         `TimeoutConfig::with_operation` (the whole call, retries included) and `with_attempt` (each attempt)"
    );
}

/// A server that, like AWS, refuses a request signed more than 5 minutes from its own
/// clock, and sends its time in `Date`.
fn clock_checking_server(server: &TestServer, requests: usize) {
    fn signed_at(request: &Recorded) -> SystemTime {
        let t = request.header("x-amz-date").expect("x-amz-date");
        let rfc3339 = format!("{}-{}-{}T{}:{}:{}Z", &t[0..4], &t[4..6], &t[6..8], &t[9..11], &t[11..13], &t[13..15]);
        SystemTime::try_from(sts::DateTime::parse(&rfc3339, TimestampFormat::DateTime).expect("a date"))
            .expect("in range")
    }
    let respond = |request: &Recorded| {
        let now = SystemTime::now();
        let skew = signed_at(request).duration_since(now).unwrap_or_else(|e| e.duration());
        let date = ("date".to_owned(), sts::DateTime::from(now).format(TimestampFormat::HttpDate));
        if skew > Duration::from_secs(300) {
            Canned { headers: vec![date], ..error_response(403, "SignatureDoesNotMatch") }
        } else {
            Canned { headers: vec![date], ..ok_response() }
        }
    };
    for _ in 0..requests {
        server.then(Action::Compute(Responder(Arc::new(respond))));
    }
}

#[tokio::test]
async fn a_skewed_clock_is_corrected_from_the_services_date_and_stays_corrected() {
    for skew in [1200_i64, -1200] {
        let server = TestServer::start().await;
        clock_checking_server(&server, 4);
        let client = Client::from_conf(
            Config::builder()
                .region(REGION)
                .endpoint_url(&server.url)
                .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
                // Retries off: the correction is not a retry.
                .retry_config(RetryConfig::disabled())
                .time_source(move || {
                    let by = Duration::from_secs(skew.unsigned_abs());
                    if skew > 0 { SystemTime::now() + by } else { SystemTime::now() - by }
                })
                .build(),
        );
        client.get_caller_identity().send().await.expect("corrected and retried once");
        assert_eq!(server.request_count(), 2, "skew {skew}: rejected, then accepted");
        client.get_caller_identity().send().await.expect("signed with the corrected time");
        client.get_caller_identity().send().await.expect("and again");
        assert_eq!(server.request_count(), 4, "skew {skew}: later calls are right the first time");
        for request in &server.requests()[1..] {
            verify_sigv4(request, ACCESS_KEY, SECRET, REGION);
        }
    }
}

#[tokio::test]
async fn a_configured_time_offset_is_used_and_a_real_signature_error_is_not_retried() {
    let server = TestServer::start().await;
    clock_checking_server(&server, 1);
    let config = Config::builder()
        .region(REGION)
        .endpoint_url(&server.url)
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
        .retry_config(RetryConfig::standard())
        .time_source(|| SystemTime::now() + Duration::from_secs(1200))
        .time_offset(-1200)
        .build();
    Client::from_conf(config.clone()).get_caller_identity().send().await.expect("the offset makes it right");
    assert_eq!(server.request_count(), 1);

    // A signature error while the clocks agree is not a clock problem: no correction, no
    // retry.
    let now = ("date".to_owned(), sts::DateTime::now().format(TimestampFormat::HttpDate));
    server.respond_with(Canned { headers: vec![now], ..error_response(403, "SignatureDoesNotMatch") });
    let err = Client::from_conf(config.to_builder().time_source(SystemTime::now).time_offset(0).build())
        .get_caller_identity()
        .send()
        .await
        .expect_err("a wrong signature");
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn the_default_configuration_has_time_limits() {
    let defaults = TimeoutConfig::default();
    assert!(defaults.connect().is_some() && defaults.attempt().is_some() && defaults.operation().is_some());
    assert_eq!(Config::builder().build().timeout_config(), defaults);
    assert_eq!(Config::builder().build().retry_config().max_attempts(), 3);
}

/// A writer that keeps everything written to it.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn trace_logs_never_contain_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let secret_key = "S3cr3tAccessKeyThatMustNeverAppearXYZ";
    let session_token = "SessionTokenThatMustNeverAppearFwoGZXIvYXdz";
    let saml = "PHNhbWw6QXNzZXJ0aW9uPlNFQ1JFVC1TQU1MPC9zYW1sOkFzc2VydGlvbj4=";
    let web_token = "eyJhbGciOiJSUzI1NiJ9.SECRET-WEB-IDENTITY.c2ln";
    let trade_in = "trade-in-token-that-must-never-appear";
    let returned_secret = "ReturnedSecretKeyMustNotAppear123";
    let returned_token = "ReturnedSessionTokenMustNotAppear456";

    let server = TestServer::start().await;
    let credentials_xml = format!(
        "<Credentials><AccessKeyId>ASIARETURNED</AccessKeyId><SecretAccessKey>{returned_secret}</SecretAccessKey><SessionToken>{returned_token}</SessionToken><Expiration>2026-11-22T13:00:00Z</Expiration></Credentials>"
    );
    let config = Config::builder()
        .region(REGION)
        .endpoint_url(&server.url)
        .credentials_provider(Credentials::new(ACCESS_KEY, secret_key, Some(session_token.into()), None, "test"))
        .retry_config(RetryConfig::standard())
        .timeout_config(TimeoutConfig::disabled())
        .sleep_impl(RecordingSleep::default())
        .build();
    let c = Client::from_conf(config);
    for op in ["AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetDelegatedAccessToken"] {
        // One throttle first, so retry logging runs too.
        server.respond_with(error_response(400, "Throttling"));
        server.respond_with(Canned {
            status: 200,
            headers: vec![],
            body: format!("<{op}Response><{op}Result>{credentials_xml}</{op}Result></{op}Response>"),
        });
    }
    let out = c
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .role_session_name("s1")
        .send()
        .await
        .expect("AssumeRole");
    tracing::info!(?out, "user code logs the output");
    let out = c
        .assume_role_with_saml()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .principal_arn("arn:aws:iam::123456789012:saml-provider/p")
        .saml_assertion(saml)
        .send()
        .await
        .expect("SAML");
    tracing::info!(?out, "user code logs the output");
    let builder = c
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .role_session_name("s1")
        .web_identity_token(web_token);
    tracing::info!(?builder, "user code logs the request");
    builder.send().await.expect("web identity");
    let err = c.get_delegated_access_token().trade_in_token(trade_in).send().await;
    tracing::info!(?err, "user code logs the result");

    let logs = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("UTF-8");
    assert!(logs.contains("operation") && logs.contains("attempt") && logs.contains("retrying"), "{logs}");
    assert!(logs.contains("AssumeRoleWithSAML"), "operation names are logged");
    for secret in [secret_key, session_token, saml, web_token, trade_in, returned_secret, returned_token] {
        assert!(!logs.contains(secret), "a secret appears in the logs: {secret}");
    }
}

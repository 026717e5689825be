//! Console sign-in URLs, from a federation endpoint on 127.0.0.1.

use std::time::Duration;

use sts::console::{self, ConsoleError, SigninOptions};
use sts::{Config, Credentials};
use sts_testkit::TestServer;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "FwoGZXIvYXdzTOKEN/with+chars=";

fn temporary() -> Credentials {
    Credentials::new("ASIAEXAMPLE", SECRET, Some(TOKEN.into()), None, "test")
}

#[tokio::test]
async fn the_token_exchange_and_the_login_url() {
    let server = TestServer::start().await;
    server.respond(200, r#"{"SigninToken":"VCQgTOKEN+/="}"#);
    let options = SigninOptions {
        endpoint: Some(format!("{}/federation", server.url)),
        destination: Some("https://console.aws.amazon.com/s3/".into()),
        issuer: Some("https://example.com/portal".into()),
        session_duration: Some(Duration::from_secs(3600)),
    };
    let config = Config::builder().region("eu-west-3").build();
    let url = console::signin_url(&config, &temporary(), &options).await.expect("a sign-in URL");
    let shown = format!("{url:?}");
    assert!(!shown.contains("VCQg") && shown.contains("/federation"), "{shown}");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    let (path, query) = request.path.split_once('?').expect("a query");
    assert_eq!(path, "/federation");
    let pairs = sts_testkit::decode_form(query);
    let value = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(value("Action").as_deref(), Some("getSigninToken"));
    assert_eq!(value("SessionDuration").as_deref(), Some("3600"));
    let session: serde_json::Value = serde_json::from_str(&value("Session").expect("Session")).expect("JSON");
    assert_eq!(session["sessionId"], "ASIAEXAMPLE");
    assert_eq!(session["sessionKey"], SECRET);
    assert_eq!(session["sessionToken"], TOKEN);

    let login = url.as_str();
    assert!(login.starts_with(&format!("{}/federation?Action=login&", server.url)), "{login}");
    let (_, query) = login.split_once('?').expect("a query");
    let pairs = sts_testkit::decode_form(query);
    let value = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(value("SigninToken").as_deref(), Some("VCQgTOKEN+/="));
    assert_eq!(value("Destination").as_deref(), Some("https://console.aws.amazon.com/s3/"));
    assert_eq!(value("Issuer").as_deref(), Some("https://example.com/portal"));
}

#[tokio::test]
async fn refusals_and_bad_input_are_errors_without_secrets() {
    let server = TestServer::start().await;
    server.respond(400, &format!("bad session {SECRET} {TOKEN}"));
    server.respond(200, "<html>not json</html>");
    let options = SigninOptions { endpoint: Some(format!("{}/federation", server.url)), ..SigninOptions::default() };
    let config = Config::builder().region("us-east-1").build();
    let err = console::signin_url(&config, &temporary(), &options).await.expect_err("refused");
    assert!(matches!(err, ConsoleError::Refused { status: 400, .. }), "{err}");
    assert!(!err.to_string().contains(SECRET) && !err.to_string().contains(TOKEN), "{err}");
    let err = console::signin_url(&config, &temporary(), &options).await.expect_err("not JSON");
    assert!(err.to_string().contains("not JSON"), "{err}");

    let long_term = Credentials::new("AKIAEXAMPLE", SECRET, None, None, "test");
    let err = console::signin_url(&config, &long_term, &options).await.expect_err("long-term keys");
    assert!(matches!(err, ConsoleError::NotTemporary));
    let too_long = SigninOptions { session_duration: Some(Duration::from_secs(13 * 3600)), ..options };
    let err = console::signin_url(&config, &temporary(), &too_long).await.expect_err("13 hours");
    assert!(matches!(err, ConsoleError::InvalidDuration));
    assert_eq!(server.request_count(), 2, "nothing is asked for invalid input");
}

#[test]
fn each_partition_has_its_own_endpoint_and_console() {
    let urls = |region: &str| console::partition_urls(region).expect("a console");
    assert_eq!(urls("eu-west-1").0, "https://signin.aws.amazon.com/federation");
    assert_eq!(urls("cn-north-1"), ("https://signin.amazonaws.cn/federation", "https://console.amazonaws.cn/"));
    assert_eq!(urls("us-gov-west-1").1, "https://console.amazonaws-us-gov.com/");
    // Partitions found by their region patterns, not by a prefix: ISO regions have no console.
    let err = console::partition_urls("us-iso-east-1").expect_err("no console in aws-iso");
    assert!(matches!(err, ConsoleError::NoConsole { ref partition } if partition == "aws-iso"), "{err}");
}

#[tokio::test]
async fn an_unreachable_endpoint_is_said_once() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let options = SigninOptions { endpoint: Some(format!("http://127.0.0.1:{port}/federation")), ..Default::default() };
    let config = Config::builder().region("eu-west-3").build();
    let err = console::signin_url(&config, &temporary(), &options).await.expect_err("nothing listens");
    let ConsoleError::Transport(transport) = &err else { panic!("not a transport error: {err}") };
    // Every cause in the chain says something the line before it does not.
    let mut line = err.to_string();
    assert!(line.contains(&transport.to_string()), "{line}");
    let mut cause = std::error::Error::source(&err);
    while let Some(e) = cause {
        assert!(!line.contains(&e.to_string()), "`{e}` is said twice in: {line}");
        line = e.to_string();
        cause = e.source();
    }
}

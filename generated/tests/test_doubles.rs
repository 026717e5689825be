//! The test doubles users get with the `test-util` feature: the `Sts` trait with the real
//! client behind it, operation-level mocks, and the replaying HTTP client.
#![cfg(feature = "test-util")]

use sts::config::RetryConfig;
use sts::error::{ProvideErrorMetadata, SdkError};
use sts::operation::assume_role::{AssumeRole, AssumeRoleError, AssumeRoleInput, AssumeRoleOutput};
use sts::operation::get_caller_identity::{GetCallerIdentity, GetCallerIdentityInput, GetCallerIdentityOutput};
use sts::test_util::{Mocks, ReplayClient, mock};
use sts::types::error::ExpiredTokenException;
use sts::{Client, Config, Credentials, Sts};
use sts_testkit::{TestServer, assume_role_answer};

const ROLE: &str = "arn:aws:iam::123456789012:role/demo";

/// Code under test, written against the trait.
async fn role_key(sts: &impl Sts, role: &str) -> Result<String, sts::Error> {
    let input = AssumeRoleInput::builder().role_arn(role).role_session_name("job").build().expect("input");
    let out = sts.assume_role(input).await?;
    Ok(out.credentials().map(|c| c.access_key_id().to_owned()).unwrap_or_default())
}

fn config() -> sts::config::ConfigBuilder {
    Config::builder()
        .region("eu-west-3")
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
}

fn credentials(key: &str) -> sts::types::Credentials {
    sts::types::Credentials::builder()
        .access_key_id(key)
        .secret_access_key("s")
        .session_token("t")
        .expiration(sts::DateTime::from_secs(1_800_000_000))
        .build()
        .expect("credentials")
}

#[tokio::test]
async fn the_trait_sends_through_the_real_client() {
    let server = TestServer::start().await;
    server.respond(200, &assume_role_answer("ASIAREAL", "s", "t", "2026-11-22T13:34:41Z"));
    let client = Client::from_conf(config().endpoint_url(&server.url).build());
    assert_eq!(role_key(&client, ROLE).await.expect("assumed"), "ASIAREAL");
    let form = server.single_request().form();
    assert!(form.contains(&("RoleArn".to_owned(), ROLE.to_owned())), "{form:?}");

    // The trait checks the input against the model, as the fluent builders do.
    let err = Sts::get_caller_identity(&client, GetCallerIdentityInput::builder().build())
        .await
        .expect_err("the server has nothing more to say");
    assert!(err.code().is_some(), "{err:?}");
    let bad = AssumeRoleInput::builder().role_arn("short").role_session_name("x").build().expect("input");
    let err = Sts::assume_role(&client, bad).await.expect_err("breaks the model's limits");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(server.request_count(), 2, "the invalid input was not sent");
}

#[tokio::test]
async fn mocks_match_inputs_answer_in_sequence_and_count() {
    let server = TestServer::start().await;
    let for_demo = mock::<AssumeRole>()
        // As aws-smithy-mocks rules read an input: through its getters.
        .match_requests(|input| input.role_arn() == Some(ROLE))
        .then_output(|| AssumeRoleOutput::builder().credentials(credentials("ASIAFIRST")).build())
        .then_error(|| AssumeRoleError::ExpiredTokenException(ExpiredTokenException::new("the token expired")))
        .build();
    let any_other = mock::<AssumeRole>()
        .then_output(|| AssumeRoleOutput::builder().credentials(credentials("ASIAOTHER")).build())
        .repeatedly()
        .build();
    let who = mock::<GetCallerIdentity>()
        .then_output(|| GetCallerIdentityOutput::builder().account("123456789012").build())
        .build();
    let mocks = Mocks::new([for_demo.clone(), any_other.clone(), who.clone()]);
    let client = Client::from_conf(config().endpoint_url(&server.url).mocks(mocks).build());

    assert_eq!(role_key(&client, ROLE).await.expect("first reply"), "ASIAFIRST");
    let err = role_key(&client, ROLE).await.expect_err("second reply");
    assert!(matches!(err, sts::Error::ExpiredTokenException(_)), "{err:?}");
    assert_eq!((err.code(), err.message()), (Some("ExpiredTokenException"), Some("the token expired")));
    // The first rule is used up: the catch-all answers, as often as asked.
    for _ in 0..3 {
        assert_eq!(role_key(&client, ROLE).await.expect("repeated"), "ASIAOTHER");
    }
    assert_eq!(role_key(&client, "arn:aws:iam::123456789012:role/other").await.expect("other"), "ASIAOTHER");
    let me = client.get_caller_identity().send().await.expect("mocked");
    assert_eq!(me.account(), Some("123456789012"));
    let err = client.get_caller_identity().send().await.expect_err("its only reply is used");
    assert!(matches!(&err, SdkError::ConstructionFailure(_)) && err.to_string().contains("no mock rule"), "{err}");

    for_demo.assert_num_calls(2);
    any_other.assert_num_calls(4);
    assert_eq!(who.num_calls(), 1);
    // Invalid input fails as it would for real, before any rule sees it.
    let err = client.assume_role().role_arn(ROLE).send().await.expect_err("RoleSessionName is missing");
    assert!(err.to_string().contains("RoleSessionName"), "{err}");
    assert_eq!(any_other.num_calls(), 4);
    assert_eq!(server.request_count(), 0, "a mocked client sends nothing");
}

#[tokio::test]
async fn the_replay_client_answers_in_order_and_records_forms() {
    let replay = ReplayClient::new([
        (500, "<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>".to_owned()),
        (200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>".to_owned()),
    ]);
    let client = Client::from_conf(
        config()
            .retry_config(RetryConfig::standard().with_max_attempts(2))
            .http_client(replay.clone())
            .sleep_impl(sts_testkit::RecordingSleep::default())
            .build(),
    );
    let me = client.get_caller_identity().send().await.expect("answered on the second attempt");
    assert_eq!(me.account(), Some("111122223333"));
    let requests = replay.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].form_value("Action").as_deref(), Some("GetCallerIdentity"));
    assert!(requests[0].request.header("authorization").is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256")));
    assert_eq!(replay.remaining(), 0);

    let err = client
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("user+1@example.com")
        .send()
        .await
        .expect_err("no response left");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let last = replay.requests().pop().expect("recorded");
    assert_eq!(last.form_value("RoleSessionName").as_deref(), Some("user+1@example.com"));
}

/// A test written for `aws-smithy-mocks`, with only the crate names changed
/// (`aws_smithy_mocks` and `aws_sdk_sts` to `sts::test_util` and `sts`).
#[tokio::test]
async fn tests_written_for_aws_smithy_mocks_read_the_same() {
    use sts::error::ErrorMetadata;
    use sts::operation::RequestId;
    use sts::operation::get_caller_identity::GetCallerIdentityError;
    use sts::test_util::{RuleMode, mock_client};

    let assume = mock!(Client::assume_role)
        .match_requests(|req| req.role_arn() == Some(ROLE))
        .then_output(|| AssumeRoleOutput::builder().credentials(credentials("ASIAMOCK")).build());
    let throttled = mock!(Client::get_caller_identity).then_error(|| {
        GetCallerIdentityError::generic(ErrorMetadata::builder().code("Throttling").request_id("req-1").build())
    });
    let client = mock_client!(sts, [&assume, &throttled]);
    assert_eq!(role_key(&client, ROLE).await.expect("mocked"), "ASIAMOCK");
    let err = client.get_caller_identity().send().await.expect_err("throttled");
    assert_eq!((err.code(), err.request_id()), (Some("Throttling"), Some("req-1")));
    assert!(matches!(err.as_service_error(), Some(GetCallerIdentityError::Unhandled(_))), "{err:?}");
    assert_eq!((assume.num_calls(), throttled.num_calls()), (1, 1));

    // In order (the default): a call the next rule does not match fails, naming both, even
    // when a later rule would match it; a used-up rule gives way to the next. `times(0)`
    // takes the last reply back.
    let first = mock!(Client::get_caller_identity)
        .then_output(|| GetCallerIdentityOutput::builder().account("first").build())
        .then_output(|| GetCallerIdentityOutput::builder().account("taken back").build())
        .times(0);
    let second = mock!(Client::assume_role)
        .then_output(|| AssumeRoleOutput::builder().credentials(credentials("ASIASECOND")).build());
    let client = mock_client!(sts, &[&first, &second]);
    let err = role_key(&client, ROLE).await.expect_err("out of order");
    let message = sts::error::DisplayErrorContext(&err).to_string();
    assert!(message.contains("answer in order") && message.contains("GetCallerIdentity"), "{message}");
    assert_eq!(client.get_caller_identity().send().await.expect("in order").account(), Some("first"));
    assert_eq!(role_key(&client, ROLE).await.expect("then the second rule"), "ASIASECOND");
    assert!(client.get_caller_identity().send().await.is_err(), "the second reply was taken back");
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));

    // Any order, a sequence of replies, and a config of one's own.
    let sequence = mock!(Client::assume_role)
        .sequence()
        .error(|| AssumeRoleError::ExpiredTokenException(ExpiredTokenException::builder().message("expired").build()))
        .times(2)
        .output(|| AssumeRoleOutput::builder().credentials(credentials("ASIALAST")).build())
        .build();
    let who =
        mock!(Client::get_caller_identity).then_output(|| GetCallerIdentityOutput::builder().account("1").build());
    let client = mock_client!(sts, RuleMode::MatchAny, [&sequence, &who], |config| config.region("ap-south-1"));
    assert_eq!(client.config().region(), Some("ap-south-1"));
    assert_eq!(client.get_caller_identity().send().await.expect("any order").account(), Some("1"));
    for _ in 0..2 {
        let err = role_key(&client, ROLE).await.expect_err("expired twice");
        assert!(matches!(err, sts::Error::ExpiredTokenException(_)), "{err:?}");
        assert_eq!((err.code(), err.message()), (Some("ExpiredTokenException"), Some("expired")));
    }
    assert_eq!(role_key(&client, ROLE).await.expect("then credentials"), "ASIALAST");
    assert!(sequence.is_exhausted());
    sequence.assert_num_calls(3);
    let err = role_key(&client, ROLE).await.expect_err("used up");
    assert!(err.to_string().contains("no mock rule"), "{err}");
}

//! Code written as `aws-sdk-sts` users write it, against this crate with only the crate name
//! changed: client set-up at the paths they import, `?` into `sts::Error`, `code()` off any
//! error, and every operation's output read through its getters (checked against a server on
//! 127.0.0.1 answering realistic responses).

use std::time::Duration;

use sts::Client;
use sts::config::retry::RetryConfig;
use sts::config::timeout::TimeoutConfig;
use sts::config::{BehaviorVersion, Credentials, Region};
use sts::error::{BuildError, DisplayErrorContext, ProvideErrorMetadata, SdkError};
use sts::operation::RequestId;
use sts::operation::assume_role::AssumeRoleError;
use sts::types::PolicyDescriptorType;
use sts_testkit::TestServer;

const REQUEST_ID: &str = "c6104cbe-af31-11e0-8154-cbc7ccf896c7";
const ROLE: &str = "arn:aws:iam::123456789012:role/demo";

/// The set-up lines of an `aws-sdk-sts` program, pointed at `server`.
fn client(server: &TestServer) -> Client {
    let config = sts::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-3"))
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "example"))
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .timeout_config(TimeoutConfig::builder().operation_timeout(Duration::from_secs(10)).build())
        .endpoint_url(&server.url)
        .build();
    Client::from_conf(config)
}

async fn answering(operation: &str, result: &str) -> (TestServer, Client) {
    let server = TestServer::start().await;
    server.respond(
        200,
        &format!(
            "<{operation}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{operation}Result>{result}</{operation}Result><ResponseMetadata><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata></{operation}Response>"
        ),
    );
    let client = client(&server);
    (server, client)
}

const CREDENTIALS: &str = "<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>wJalrSECRET</SecretAccessKey><SessionToken>FwoGTOKEN</SessionToken><Expiration>2026-11-22T13:34:41Z</Expiration></Credentials>";
const USAGE: &str = "<PackedPolicySize>6</PackedPolicySize><SessionTokenUtilization>12</SessionTokenUtilization><SessionTokenSize>1024</SessionTokenSize><SourceIdentity>Alice</SourceIdentity>";

fn check_credentials(credentials: Option<&sts::types::Credentials>) {
    let c = credentials.expect("credentials");
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("ASIAEXAMPLE", "wJalrSECRET", "FwoGTOKEN")
    );
    assert_eq!(c.expiration().to_string(), "2026-11-22T13:34:41Z");
}

#[tokio::test]
async fn get_caller_identity_and_get_access_key_info() -> Result<(), sts::Error> {
    let (_server, client) = answering(
        "GetCallerIdentity",
        "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/alice</Arn>",
    )
    .await;
    let me = client.get_caller_identity().send().await?;
    assert_eq!(
        (me.user_id(), me.account(), me.arn(), me.request_id()),
        (Some("AIDAEXAMPLE"), Some("123456789012"), Some("arn:aws:iam::123456789012:user/alice"), Some(REQUEST_ID))
    );

    let (_server, client) = answering("GetAccessKeyInfo", "<Account>111122223333</Account>").await;
    let info = client.get_access_key_info().access_key_id("AKIAIOSFODNN7EXAMPLE").send().await?;
    assert_eq!(info.account(), Some("111122223333"));
    Ok(())
}

#[tokio::test]
async fn the_assume_role_family() -> Result<(), sts::Error> {
    let user = "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/demo/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>";
    let (_server, client) = answering("AssumeRole", &format!("{CREDENTIALS}{user}{USAGE}")).await;
    let out = client.assume_role().role_arn(ROLE).role_session_name("s1").send().await?;
    check_credentials(out.credentials());
    let assumed = out.assumed_role_user().expect("assumed role user");
    assert_eq!(
        (assumed.arn(), assumed.assumed_role_id()),
        ("arn:aws:sts::123456789012:assumed-role/demo/s", "AROAEXAMPLE:s")
    );
    #[allow(deprecated)]
    let packed = out.packed_policy_size();
    assert_eq!(packed, Some(6));
    assert_eq!((out.session_token_utilization(), out.session_token_size()), (Some(12), Some(1024)));
    assert_eq!(out.source_identity(), Some("Alice"));

    let saml = "<Subject>alice</Subject><SubjectType>persistent</SubjectType><Issuer>https://idp.example.com</Issuer><Audience>https://signin.aws.amazon.com/saml</Audience><NameQualifier>SbdGOnUkh1i4+EXAMPLE=</NameQualifier>";
    let (_server, client) = answering("AssumeRoleWithSAML", &format!("{CREDENTIALS}{user}{USAGE}{saml}")).await;
    let out = client
        .assume_role_with_saml()
        .role_arn(ROLE)
        .principal_arn("arn:aws:iam::123456789012:saml-provider/idp")
        .saml_assertion("PHNhbWw+")
        .send()
        .await?;
    check_credentials(out.credentials());
    assert_eq!(out.assumed_role_user().map(|u| u.assumed_role_id()), Some("AROAEXAMPLE:s"));
    assert_eq!(
        (out.subject(), out.subject_type(), out.issuer()),
        (Some("alice"), Some("persistent"), Some("https://idp.example.com"))
    );
    assert_eq!(
        (out.audience(), out.name_qualifier()),
        (Some("https://signin.aws.amazon.com/saml"), Some("SbdGOnUkh1i4+EXAMPLE="))
    );
    #[allow(deprecated)]
    let packed = out.packed_policy_size();
    assert_eq!((packed, out.session_token_utilization(), out.session_token_size()), (Some(6), Some(12), Some(1024)));
    assert_eq!(out.source_identity(), Some("Alice"));

    let web = "<SubjectFromWebIdentityToken>amzn1.account.EXAMPLE</SubjectFromWebIdentityToken><Provider>www.amazon.com</Provider><Audience>client.5498841531868486423.1548@apps.example.com</Audience>";
    let (_server, client) = answering("AssumeRoleWithWebIdentity", &format!("{CREDENTIALS}{user}{USAGE}{web}")).await;
    let out = client
        .assume_role_with_web_identity()
        .role_arn(ROLE)
        .role_session_name("s1")
        .web_identity_token("eyJ.token")
        .send()
        .await?;
    check_credentials(out.credentials());
    assert_eq!(out.assumed_role_user().map(|u| u.arn()), Some("arn:aws:sts::123456789012:assumed-role/demo/s"));
    assert_eq!(out.subject_from_web_identity_token(), Some("amzn1.account.EXAMPLE"));
    assert_eq!(
        (out.provider(), out.audience()),
        (Some("www.amazon.com"), Some("client.5498841531868486423.1548@apps.example.com"))
    );
    #[allow(deprecated)]
    let packed = out.packed_policy_size();
    assert_eq!((packed, out.session_token_utilization(), out.session_token_size()), (Some(6), Some(12), Some(1024)));
    assert_eq!(out.source_identity(), Some("Alice"));

    let (_server, client) = answering("AssumeRoot", &format!("{CREDENTIALS}{USAGE}")).await;
    let out = client
        .assume_root()
        .target_principal("111122223333")
        .task_policy_arn(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")
                .build(),
        )
        .send()
        .await?;
    check_credentials(out.credentials());
    assert_eq!(
        (out.source_identity(), out.session_token_utilization(), out.session_token_size()),
        (Some("Alice"), Some(12), Some(1024))
    );
    Ok(())
}

/// What `aws-sdk-sts` programs do with an expiration: `primitives::{DateTime, DateTimeFormat}`
/// and aws-smithy-types' methods, with `?` into a boxed error.
#[tokio::test]
async fn expirations_as_aws_sdk_sts_users_read_them() -> Result<(), Box<dyn std::error::Error>> {
    use std::time::{Duration, SystemTime};
    use sts::primitives::{DateTime, DateTimeFormat};

    let (_server, client) = answering("GetSessionToken", CREDENTIALS).await;
    let out = client.get_session_token().send().await?;
    let credentials = out.credentials().expect("credentials");
    let expiration: &DateTime = credentials.expiration();
    assert_eq!(expiration.fmt(DateTimeFormat::DateTime)?, "2026-11-22T13:34:41Z");
    assert_eq!(expiration.fmt(DateTimeFormat::HttpDate)?, "Sun, 22 Nov 2026 13:34:41 GMT");
    assert_eq!(expiration.to_millis()?, 1_795_354_481_000);
    assert_eq!(DateTime::from_millis(expiration.to_millis()?), *expiration);
    assert_eq!(DateTime::from_str("1795354481", DateTimeFormat::EpochSeconds)?, *expiration);
    let until = SystemTime::try_from(*expiration)?;
    assert_eq!(until.duration_since(SystemTime::UNIX_EPOCH)?, Duration::from_secs(1_795_354_481));
    assert!(!expiration.has_subsec_nanos() && expiration.as_nanos() == 1_795_354_481_000_000_000);
    assert_eq!(expiration.secs(), expiration.as_secs_f64() as i64);
    Ok(())
}

#[tokio::test]
async fn the_session_and_token_operations() -> Result<(), sts::Error> {
    let (_server, client) = answering("GetSessionToken", &format!("{CREDENTIALS}{USAGE}")).await;
    let out = client.get_session_token().duration_seconds(3600).send().await?;
    check_credentials(out.credentials());
    assert_eq!((out.session_token_utilization(), out.session_token_size()), (Some(12), Some(1024)));

    let federated = "<FederatedUser><Arn>arn:aws:sts::123456789012:federated-user/Bob</Arn><FederatedUserId>123456789012:Bob</FederatedUserId></FederatedUser>";
    let (_server, client) = answering("GetFederationToken", &format!("{CREDENTIALS}{federated}{USAGE}")).await;
    let out = client.get_federation_token().name("Bob").send().await?;
    check_credentials(out.credentials());
    let user = out.federated_user().expect("federated user");
    assert_eq!(
        (user.arn(), user.federated_user_id()),
        ("arn:aws:sts::123456789012:federated-user/Bob", "123456789012:Bob")
    );
    #[allow(deprecated)]
    let packed = out.packed_policy_size();
    assert_eq!((packed, out.session_token_utilization(), out.session_token_size()), (Some(6), Some(12), Some(1024)));

    let principal = "<AssumedPrincipal>arn:aws:sts::123456789012:assumed-role/Delegate/s</AssumedPrincipal>";
    let (_server, client) = answering("GetDelegatedAccessToken", &format!("{CREDENTIALS}{USAGE}{principal}")).await;
    let out = client.get_delegated_access_token().trade_in_token("trade-in").send().await?;
    check_credentials(out.credentials());
    #[allow(deprecated)]
    let packed = out.packed_policy_size();
    assert_eq!((packed, out.assumed_principal()), (Some(6), Some("arn:aws:sts::123456789012:assumed-role/Delegate/s")));

    let session = "<SessionInfo><ScopedSessionId>AROAEXAMPLE:reader</ScopedSessionId><Arn>arn:aws:sts::123456789012:scoped-session/reader</Arn></SessionInfo><ScopedPoliciesCount>2</ScopedPoliciesCount>";
    let (_server, client) = answering("GetScopedCredentials", &format!("{CREDENTIALS}{USAGE}{session}")).await;
    let out = client.get_scoped_credentials().send().await?;
    check_credentials(out.credentials());
    let info = out.session_info().expect("session info");
    assert_eq!(
        (info.scoped_session_id(), info.arn()),
        ("AROAEXAMPLE:reader", "arn:aws:sts::123456789012:scoped-session/reader")
    );
    assert_eq!((out.scoped_policies_count(), out.source_identity()), (Some(2), Some("Alice")));
    assert_eq!((out.session_token_utilization(), out.session_token_size()), (Some(12), Some(1024)));

    let token = "<WebIdentityToken>eyJraWQiOiJleGFtcGxlIn0.e30.c2ln</WebIdentityToken><Expiration>2026-11-22T14:00:00Z</Expiration>";
    let (_server, client) = answering("GetWebIdentityToken", token).await;
    let out = client.get_web_identity_token().audience("sts.amazonaws.com").signing_algorithm("RS256").send().await?;
    assert_eq!(out.web_identity_token(), Some("eyJraWQiOiJleGFtcGxlIn0.e30.c2ln"));
    assert_eq!(out.expiration().map(ToString::to_string).as_deref(), Some("2026-11-22T14:00:00Z"));

    let (_server, client) =
        answering("DecodeAuthorizationMessage", "<DecodedMessage>{\"allowed\":false}</DecodedMessage>").await;
    let out = client.decode_authorization_message().encoded_message("EXAMPLE").send().await?;
    assert_eq!(out.decoded_message(), Some("{\"allowed\":false}"));
    Ok(())
}

/// `?` turns any operation's error into `sts::Error`; `code()` and the raw response read the
/// same off the `SdkError` before.
#[tokio::test]
async fn errors_as_aws_sdk_sts_users_handle_them() {
    let server = TestServer::start().await;
    let expired = format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>The token expired</Message></Error><RequestId>{REQUEST_ID}</RequestId></ErrorResponse>"
    );
    server.respond(400, &expired);
    let client = client(&server);
    let err = client.assume_role().role_arn(ROLE).role_session_name("s1").send().await.expect_err("an error");
    assert_eq!((err.code(), err.message()), (Some("ExpiredTokenException"), Some("The token expired")));
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(400));
    assert!(matches!(err.as_service_error(), Some(AssumeRoleError::ExpiredTokenException(_))));

    async fn assume(client: &Client) -> Result<String, sts::Error> {
        let out = client.assume_role().role_arn(ROLE).role_session_name("s1").send().await?;
        Ok(out.credentials().map(|c| c.access_key_id().to_owned()).unwrap_or_default())
    }
    server.respond(400, &expired);
    let err = assume(&client).await.expect_err("an error");
    match &err {
        sts::Error::ExpiredTokenException(e) => assert_eq!(e.message(), Some("The token expired")),
        other => panic!("not the modeled error: {other:?}"),
    }
    assert_eq!((err.code(), err.request_id()), (Some("ExpiredTokenException"), Some(REQUEST_ID)));
    assert!(err.to_string().contains("ExpiredTokenException: The token expired"), "{err}");

    // A failure before the service answers: no code, the cause in the message.
    let invalid = async { client.assume_role().role_session_name("s1").send().await.map_err(sts::Error::from) }.await;
    let err = invalid.expect_err("RoleArn is required");
    assert!(matches!(&err, sts::Error::Other(e) if matches!(**e, SdkError::ConstructionFailure(_))), "{err:?}");
    assert_eq!(err.code(), None);
    assert!(DisplayErrorContext(&err).to_string().contains("RoleArn"), "{err}");
    assert_eq!(sts::meta::PKG_VERSION, env!("CARGO_PKG_VERSION"));

    // `into_service_error()` gives the operation's enum whatever the failure, as in
    // aws-sdk-sts: one before the service answered is its `Unhandled`, holding the failure.
    let failed = client.assume_role().role_session_name("s1").send().await.expect_err("RoleArn is required");
    let e = failed.into_service_error();
    match &e {
        AssumeRoleError::Unhandled(u) => assert!(matches!(u.sdk_error(), Some(SdkError::ConstructionFailure(_)))),
        other => panic!("not Unhandled: {other:?}"),
    }
    assert_eq!(e.code(), None);
    assert!(e.to_string().contains("RoleArn"), "{e}");
}

/// `match`es on `SdkError` written for aws-sdk-sts compile and mean the same: the service's
/// error through `ServiceError`'s `err()`, `raw()` and `into_err()`, a connection that
/// cannot be made as a `DispatchFailure` that `is_io()`.
#[tokio::test]
async fn sdk_error_variants_match_as_in_aws_sdk_sts() {
    let server = TestServer::start().await;
    server.respond(
        403,
        &format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error><RequestId>{REQUEST_ID}</RequestId></ErrorResponse>"
        ),
    );
    let client = client(&server);
    let (status, code) = match client.get_caller_identity().send().await {
        Ok(out) => panic!("not an error: {out:?}"),
        Err(SdkError::ServiceError(service_err)) => {
            let code = service_err.err().code().map(str::to_owned);
            let status = service_err.raw().status().as_u16();
            assert_eq!(service_err.into_err().message(), Some("not authorized"));
            (status, code)
        }
        Err(other) => panic!("not a service error: {other:?}"),
    };
    assert_eq!((status, code.as_deref()), (403, Some("AccessDenied")));

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let config = client.config().to_builder().endpoint_url(format!("http://{closed}")).build();
    match Client::from_conf(config).get_caller_identity().send().await {
        Err(SdkError::DispatchFailure(e)) => assert!(e.is_io() && !e.is_timeout() && !e.is_other(), "{e}"),
        other => panic!("not a dispatch failure: {other:?}"),
    }

    // A body that is not XML: a `ResponseError`, whose raw response has the status, and
    // whose request id `RequestId` gives, as it does once the error is `sts::Error`.
    server.respond_with(sts_testkit::Canned {
        status: 200,
        headers: vec![("x-amzn-RequestId".into(), "unreadable-1".into())],
        body: "not xml".into(),
    });
    let err = client.get_caller_identity().send().await.expect_err("unreadable");
    match &err {
        SdkError::ResponseError(e) => assert_eq!(e.raw().status().as_u16(), 200),
        other => panic!("not a response error: {other:?}"),
    }
    assert_eq!((err.request_id(), err.code()), (Some("unreadable-1"), None));
    assert_eq!(sts::Error::from(err).request_id(), Some("unreadable-1"));
}

/// Helpers that name the builders by their aws-sdk-sts paths (`operation::*::builders`,
/// `types::builders`) compile and build what they say.
#[tokio::test]
async fn builders_at_their_aws_sdk_sts_paths() -> Result<(), Box<dyn std::error::Error>> {
    use sts::operation::assume_role::builders::{AssumeRoleFluentBuilder, AssumeRoleOutputBuilder};
    use sts::types::Tag;
    use sts::types::builders::TagBuilder;

    fn tagged(builder: AssumeRoleFluentBuilder, tag: TagBuilder) -> Result<AssumeRoleFluentBuilder, BuildError> {
        Ok(builder.tags(tag.build()?))
    }
    let (server, client) = answering("AssumeRole", CREDENTIALS).await;
    let builder = client.assume_role().role_arn(ROLE).role_session_name("s1");
    tagged(builder, Tag::builder().key("team").value("infra"))?.send().await?;
    let form = server.single_request().form();
    assert!(form.contains(&("Tags.member.1.Key".to_owned(), "team".to_owned())), "{form:?}");
    assert!(form.contains(&("Tags.member.1.Value".to_owned(), "infra".to_owned())), "{form:?}");
    assert!(tagged(client.assume_role(), Tag::builder().key("no value")).is_err());

    let output: AssumeRoleOutputBuilder = sts::operation::assume_role::AssumeRoleOutput::builder();
    assert_eq!(output.source_identity("Alice").build().source_identity(), Some("Alice"));

    let error: sts::types::error::builders::ExpiredTokenExceptionBuilder =
        sts::types::error::ExpiredTokenException::builder();
    let error = error.message("expired").build();
    assert_eq!(
        (error.code(), error.message(), error.meta().status()),
        (Some("ExpiredTokenException"), Some("expired"), 400)
    );
    Ok(())
}

/// Builders read back what is set (`get_*`, also through a fluent builder's `as_input()`), an
/// input built on its own is sent with `send_with(&client)`, and `config_override` works on
/// the fluent builder itself, as in `aws-sdk-sts`.
#[tokio::test]
async fn builders_read_back_send_with_and_override_as_in_aws_sdk_sts() -> Result<(), Box<dyn std::error::Error>> {
    use sts::operation::assume_role::builders::{AssumeRoleFluentBuilder, AssumeRoleInputBuilder};
    use sts::operation::assume_role::{AssumeRoleInput, AssumeRoleOutput};
    use sts::types::{Credentials as StsCredentials, Tag};

    /// A wrapper as programs write them: a session name unless the caller chose one.
    fn with_default_session(builder: AssumeRoleFluentBuilder) -> AssumeRoleFluentBuilder {
        if builder.get_role_session_name().is_some() { builder } else { builder.role_session_name("default-session") }
    }

    let (server, client) = answering("AssumeRole", CREDENTIALS).await;
    let builder = client.assume_role().role_arn(ROLE).tags(Tag::builder().key("k").value("v").build()?);
    assert_eq!(builder.get_role_arn().as_deref(), Some(ROLE));
    assert_eq!(builder.as_input().get_tags().as_ref().map(Vec::len), Some(1));
    assert_eq!(builder.get_duration_seconds(), &None);
    let builder = with_default_session(builder);
    assert_eq!(builder.get_role_session_name().as_deref(), Some("default-session"));
    let chosen = with_default_session(client.assume_role().role_session_name("mine"));
    assert_eq!(chosen.get_role_session_name().as_deref(), Some("mine"));
    builder.send().await?;
    assert_eq!(server.single_request().form_value("RoleSessionName").as_deref(), Some("default-session"));

    // An input builder on its own, sent through a client.
    server.respond(
        200,
        &format!("<AssumeRoleResponse><AssumeRoleResult>{CREDENTIALS}</AssumeRoleResult></AssumeRoleResponse>"),
    );
    let input: AssumeRoleInputBuilder = AssumeRoleInput::builder().role_arn(ROLE).role_session_name("built-alone");
    assert_eq!(input.get_role_session_name().as_deref(), Some("built-alone"));
    let out = input.send_with(&client).await?;
    check_credentials(out.credentials());
    assert_eq!(server.requests()[1].form_value("RoleSessionName").as_deref(), Some("built-alone"));
    // ...checked against the model first, as a fluent builder's input is.
    let err = AssumeRoleInput::builder().role_arn(ROLE).send_with(&client).await.expect_err("no session name");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(server.request_count(), 2);

    // `config_override` on the fluent builder itself: one call in another region.
    server.respond(
        200,
        &format!("<AssumeRoleResponse><AssumeRoleResult>{CREDENTIALS}</AssumeRoleResult></AssumeRoleResponse>"),
    );
    client
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("elsewhere")
        .config_override(sts::Config::builder().region("ap-northeast-1"))
        .send()
        .await?;
    let request = server.requests().pop().expect("a request");
    assert!(request.header("authorization").is_some_and(|a| a.contains("/ap-northeast-1/sts/")), "{request:?}");
    assert_eq!(client.config().region(), Some("eu-west-3"));

    // Inputs have aws-sdk-sts's getters, where every member is optional.
    let input = AssumeRoleInput::builder().role_arn(ROLE).role_session_name("s").duration_seconds(900).build()?;
    assert_eq!((input.role_arn(), input.role_session_name(), input.policy()), (Some(ROLE), Some("s"), None));
    assert_eq!((input.duration_seconds(), input.tags().len()), (Some(900), 0));

    // Output and shared-type builders read back too.
    let output = AssumeRoleOutput::builder().source_identity("Alice").session_token_size(7);
    assert_eq!((output.get_source_identity().as_deref(), output.get_session_token_size()), (Some("Alice"), &Some(7)));
    let credentials = StsCredentials::builder().access_key_id("AKID");
    assert_eq!(credentials.get_access_key_id().as_deref(), Some("AKID"));
    assert_eq!(credentials.get_session_token(), &None);
    Ok(())
}

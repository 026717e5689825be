//! Calls through the real client and its default HTTP client against a server on
//! 127.0.0.1: for every operation, the exact form body the server receives, its signature
//! (or its absence), and every member parsed from a realistic response; then the error
//! paths.

use sts::config::RetryConfig;
use sts::error::{ProvideErrorMetadata, SdkError};
use sts::operation::RequestId;
use sts::types::{PolicyDescriptorType, ProvidedContext, Tag};
use sts::{Client, Config, Credentials};
use sts_testkit::{Recording, TestServer, pairs, verify_sigv4};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
const REGION: &str = "eu-west-3";
const ROLE: &str = "arn:aws:iam::123456789012:role/demo";
const POLICY_ARN: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const REQUEST_ID: &str = "c6104cbe-af31-11e0-8154-cbc7ccf896c7";

/// A client of `server`. Retries are off: these tests map one response each (retries are
/// tested in `resilience.rs`).
fn client(server: &TestServer) -> Client {
    Client::from_conf(
        Config::builder()
            .region(REGION)
            .endpoint_url(&server.url)
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, Some(SESSION_TOKEN.into()), None, "test"))
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

/// A client with no credentials at all: only unsigned operations can work.
fn anonymous_client(server: &TestServer) -> Client {
    Client::from_conf(
        Config::builder().region(REGION).endpoint_url(&server.url).retry_config(RetryConfig::disabled()).build(),
    )
}

fn response(operation: &str, result: &str) -> String {
    format!(
        "<{operation}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <{operation}Result>{result}</{operation}Result>\n  <ResponseMetadata>\n    <RequestId>{REQUEST_ID}</RequestId>\n  </ResponseMetadata>\n</{operation}Response>\n"
    )
}

const CREDENTIALS_XML: &str = "
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==</SessionToken>
      <Expiration>2026-11-22T13:34:41.123Z</Expiration>
    </Credentials>";

fn assert_credentials(credentials: Option<sts::types::Credentials>) {
    let c = credentials.expect("Credentials");
    assert_eq!(c.access_key_id, "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(c.secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
    assert!(c.session_token.starts_with("AQoDYXdzEPT//////////wEXAMPLE") && c.session_token.ends_with("oLxBA=="));
    assert_eq!(c.expiration.to_string(), "2026-11-22T13:34:41.123Z");
    let shown = format!("{c:?}");
    assert!(!shown.contains("wJalrXUtnFEMI") && !shown.contains("AQoDYXdz"), "secrets in Debug: {shown}");
    assert!(shown.contains("ASIAIOSFODNN7EXAMPLE"));
}

fn assert_signed(server: &TestServer) -> sts_testkit::Recorded {
    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded; charset=utf-8"));
    assert_eq!(request.header("x-amz-security-token"), Some(SESSION_TOKEN));
    verify_sigv4(&request, ACCESS_KEY, SECRET, REGION);
    request
}

fn assert_unsigned(server: &TestServer) -> sts_testkit::Recorded {
    let request = server.single_request();
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("x-amz-security-token"), None);
    assert_eq!(request.header("x-amz-date"), None);
    request
}

#[tokio::test]
async fn assume_role_sends_every_member_and_reads_every_member() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "AssumeRole",
            &format!(
                "<SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>{CREDENTIALS_XML}
    <PackedPolicySize>6</PackedPolicySize>
    <SessionTokenUtilization>12</SessionTokenUtilization>
    <SessionTokenSize>1024</SessionTokenSize>
    <SomethingNew>ignored</SomethingNew>"
            ),
        ),
    );
    let out = client(&server)
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("test-session@example.com")
        .policy_arns(PolicyDescriptorType::builder().arn(POLICY_ARN).build())
        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
        .duration_seconds(1800)
        .tags(Tag::builder().key("Project").value("Unicorn Rainbow").build().expect("tag"))
        .tags(Tag::builder().key("Cost-Center").value("12345").build().expect("tag"))
        .transitive_tag_keys("Project")
        .external_id("123ABC")
        .serial_number("arn:aws:iam::123456789012:mfa/user")
        .token_code("123456")
        .source_identity("Alice")
        .provided_contexts(
            ProvidedContext::builder()
                .provider_arn("arn:aws:iam::aws:contextProvider/IdentityCenter")
                .context_assertion("abc=")
                .build(),
        )
        .minimum_session_token_size(2048)
        .send()
        .await
        .expect("AssumeRole succeeds");

    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", ROLE),
            ("RoleSessionName", "test-session@example.com"),
            ("PolicyArns.member.1.arn", POLICY_ARN),
            ("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
            ("DurationSeconds", "1800"),
            ("Tags.member.1.Key", "Project"),
            ("Tags.member.1.Value", "Unicorn Rainbow"),
            ("Tags.member.2.Key", "Cost-Center"),
            ("Tags.member.2.Value", "12345"),
            ("TransitiveTagKeys.member.1", "Project"),
            ("ExternalId", "123ABC"),
            ("SerialNumber", "arn:aws:iam::123456789012:mfa/user"),
            ("TokenCode", "123456"),
            ("SourceIdentity", "Alice"),
            ("ProvidedContexts.member.1.ProviderArn", "arn:aws:iam::aws:contextProvider/IdentityCenter"),
            ("ProvidedContexts.member.1.ContextAssertion", "abc="),
            ("MinimumSessionTokenSize", "2048"),
        ])
    );
    // RFC 3986 encoding: spaces are %20, reserved characters are escaped.
    assert!(request.body.contains("&RoleSessionName=test-session%40example.com&"));
    assert!(request.body.contains("Tags.member.1.Value=Unicorn%20Rainbow"));
    assert!(request.body.contains("ContextAssertion=abc%3D"));

    assert_credentials(out.credentials.clone());
    let user = out.assumed_role_user.clone().expect("AssumedRoleUser");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/demo/TestAR");
    assert_eq!(user.assumed_role_id, "ARO123EXAMPLE123:TestAR");
    assert_eq!(out.packed_policy_size, Some(6));
    assert_eq!(out.source_identity.as_deref(), Some("Alice"));
    assert_eq!(out.session_token_utilization, Some(12));
    assert_eq!(out.session_token_size, Some(1024));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn assume_role_with_saml_is_unsigned_and_reads_the_saml_members() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "AssumeRoleWithSAML",
            &format!(
                "<Audience>https://signin.aws.amazon.com/saml</Audience>
    <AssumedRoleUser>
      <AssumedRoleId>ARO456EXAMPLE789:TestSaml</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/TestSaml</Arn>
    </AssumedRoleUser>{CREDENTIALS_XML}
    <Issuer>https://integ.example.com/idp/shibboleth</Issuer>
    <NameQualifier>SbdGOnUkh1i4+EXAMPLExL/jEvs=</NameQualifier>
    <PackedPolicySize>6</PackedPolicySize>
    <Subject>SamlExample</Subject>
    <SubjectType>transient</SubjectType>
    <SourceIdentity>SamlUser</SourceIdentity>
    <SessionTokenUtilization>3</SessionTokenUtilization>
    <SessionTokenSize>900</SessionTokenSize>{TRUSTED_CONTEXT_XML}"
            ),
        ),
    );
    let assertion = "PHNhbWw6QXNzZXJ0aW9uIElEPSJfMSIgdmVyc2lvbj0iMi4wIj4uLi48L3NhbWw6QXNzZXJ0aW9uPg==";
    let builder = anonymous_client(&server)
        .assume_role_with_saml()
        .role_arn("arn:aws:iam::123456789012:role/TestSaml")
        .principal_arn("arn:aws:iam::123456789012:saml-provider/SAML-test")
        .saml_assertion(assertion)
        .policy_arns(PolicyDescriptorType::builder().arn(POLICY_ARN).build())
        .policy("{}")
        .duration_seconds(3600)
        .minimum_session_token_size(0);
    assert!(!format!("{builder:?}").contains(assertion), "the SAML assertion shows in Debug");
    let input = builder.clone().build().expect("input");
    assert!(!format!("{input:?}").contains(assertion));
    let out = builder.send().await.expect("AssumeRoleWithSAML succeeds");

    let request = assert_unsigned(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "AssumeRoleWithSAML"),
            ("Version", "2011-06-15"),
            ("RoleArn", "arn:aws:iam::123456789012:role/TestSaml"),
            ("PrincipalArn", "arn:aws:iam::123456789012:saml-provider/SAML-test"),
            ("SAMLAssertion", assertion),
            ("PolicyArns.member.1.arn", POLICY_ARN),
            ("Policy", "{}"),
            ("DurationSeconds", "3600"),
            ("MinimumSessionTokenSize", "0"),
        ])
    );
    assert_credentials(out.credentials.clone());
    let user = out.assumed_role_user.clone().expect("AssumedRoleUser");
    assert_eq!(user.assumed_role_id, "ARO456EXAMPLE789:TestSaml");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/TestSaml");
    assert_eq!(out.audience.as_deref(), Some("https://signin.aws.amazon.com/saml"));
    assert_eq!(out.issuer.as_deref(), Some("https://integ.example.com/idp/shibboleth"));
    assert_eq!(out.name_qualifier.as_deref(), Some("SbdGOnUkh1i4+EXAMPLExL/jEvs="));
    assert_eq!(out.packed_policy_size, Some(6));
    assert_eq!(out.subject.as_deref(), Some("SamlExample"));
    assert_eq!(out.subject_type.as_deref(), Some("transient"));
    assert_eq!(out.source_identity.as_deref(), Some("SamlUser"));
    assert_eq!(out.session_token_utilization, Some(3));
    assert_eq!(out.session_token_size, Some(900));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    assert_trusted_context(&out.trusted_identity_propagation_context, &format!("{out:?}"));
}

#[tokio::test]
async fn assume_role_with_web_identity_is_unsigned_and_hides_the_token() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "AssumeRoleWithWebIdentity",
            &format!(
                "<SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
    <Audience>client.5498841531868486423.1548@apps.example.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
    </AssumedRoleUser>{CREDENTIALS_XML}
    <SourceIdentity>SourceIdentityValue</SourceIdentity>
    <Provider>www.amazon.com</Provider>
    <PackedPolicySize>2</PackedPolicySize>
    <SessionTokenUtilization>5</SessionTokenUtilization>
    <SessionTokenSize>700</SessionTokenSize>{TRUSTED_CONTEXT_XML}"
            ),
        ),
    );
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAxIn0.c2lnbmF0dXJlLXNlY3JldA";
    let builder = anonymous_client(&server)
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/FederatedWebIdentityRole")
        .role_session_name("app1")
        .web_identity_token(token)
        .provider_id("www.amazon.com")
        .policy_arns(PolicyDescriptorType::builder().arn(POLICY_ARN).build())
        .policy("{}")
        .duration_seconds(3600)
        .minimum_session_token_size(100);
    assert!(!format!("{builder:?}").contains(token), "the web identity token shows in Debug");
    let out = builder.send().await.expect("AssumeRoleWithWebIdentity succeeds");

    let request = assert_unsigned(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", "arn:aws:iam::123456789012:role/FederatedWebIdentityRole"),
            ("RoleSessionName", "app1"),
            ("WebIdentityToken", token),
            ("ProviderId", "www.amazon.com"),
            ("PolicyArns.member.1.arn", POLICY_ARN),
            ("Policy", "{}"),
            ("DurationSeconds", "3600"),
            ("MinimumSessionTokenSize", "100"),
        ])
    );
    assert_credentials(out.credentials.clone());
    assert_eq!(out.subject_from_web_identity_token.as_deref(), Some("amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A"));
    assert_eq!(out.audience.as_deref(), Some("client.5498841531868486423.1548@apps.example.com"));
    let user = out.assumed_role_user.clone().expect("AssumedRoleUser");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1");
    assert_eq!(user.assumed_role_id, "AROACLKWSDQRAOEXAMPLE:app1");
    assert_eq!(out.source_identity.as_deref(), Some("SourceIdentityValue"));
    assert_eq!(out.provider.as_deref(), Some("www.amazon.com"));
    assert_eq!(out.packed_policy_size, Some(2));
    assert_eq!(out.session_token_utilization, Some(5));
    assert_eq!(out.session_token_size, Some(700));
    assert_trusted_context(&out.trusted_identity_propagation_context, &format!("{out:?}"));
}

/// The end user's identity STS may return from AssumeRoleWithSAML and
/// AssumeRoleWithWebIdentity (botocore 1.44.8), with a several-entry map.
const TRUSTED_CONTEXT_XML: &str = "
    <TrustedIdentityPropagationContext>
      <OriginIdentity>
        <Subject>alice-7f3e@corp.example</Subject>
        <SubjectType>user</SubjectType>
        <Issuer>login.corp.example/oauth2</Issuer>
        <FederatedProviderArn>arn:aws:iam::123456789012:oidc-provider/idp.corp.example</FederatedProviderArn>
      </OriginIdentity>
      <TransactionContext>
        <IdentityProvider>
          <entry><key>department</key><value>payroll-team-42</value></entry>
          <entry><key>device</key><value>managed-laptop-9</value></entry>
          <entry><key>amr</key><value>mfa-hardware-key</value></entry>
        </IdentityProvider>
      </TransactionContext>
    </TrustedIdentityPropagationContext>";

/// Every member of `TRUSTED_CONTEXT_XML` was read, and none of the end user's values shows
/// in `debug`, the output's `Debug`, nor in the context's own (the model marks the whole
/// context sensitive; of `OriginIdentity`'s own members, all but the provider's ARN).
fn assert_trusted_context(context: &Option<sts::types::TrustedIdentityPropagationContext>, debug: &str) {
    let context = context.as_ref().expect("TrustedIdentityPropagationContext");
    let origin = context.origin_identity.as_ref().expect("OriginIdentity");
    assert_eq!(origin.subject.as_deref(), Some("alice-7f3e@corp.example"));
    assert_eq!(origin.subject_type.as_deref(), Some("user"));
    assert_eq!(origin.issuer.as_deref(), Some("login.corp.example/oauth2"));
    assert_eq!(
        origin.federated_provider_arn.as_deref(),
        Some("arn:aws:iam::123456789012:oidc-provider/idp.corp.example")
    );
    let map =
        context.transaction_context.as_ref().and_then(|t| t.identity_provider.as_ref()).expect("IdentityProvider");
    let entries: Vec<(&str, &str)> = map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        entries,
        vec![("amr", "mfa-hardware-key"), ("department", "payroll-team-42"), ("device", "managed-laptop-9")]
    );
    for shown in [debug.to_owned(), format!("{context:?}"), format!("{origin:?}")] {
        for secret in ["alice-7f3e", "login.corp.example", "payroll-team-42", "mfa-hardware-key", "managed-laptop-9"] {
            assert!(!shown.contains(secret), "`{secret}` shows in Debug: {shown}");
        }
    }
}

#[tokio::test]
async fn assume_root_serializes_the_nested_task_policy() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "AssumeRoot",
            &format!(
                "{CREDENTIALS_XML}
    <SourceIdentity>Root</SourceIdentity>
    <SessionTokenUtilization>7</SessionTokenUtilization>
    <SessionTokenSize>800</SessionTokenSize>"
            ),
        ),
    );
    let out = client(&server)
        .assume_root()
        .target_principal("111122223333")
        .task_policy_arn(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")
                .build(),
        )
        .duration_seconds(900)
        .minimum_session_token_size(64)
        .send()
        .await
        .expect("AssumeRoot succeeds");
    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "AssumeRoot"),
            ("Version", "2011-06-15"),
            ("TargetPrincipal", "111122223333"),
            ("TaskPolicyArn.arn", "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"),
            ("DurationSeconds", "900"),
            ("MinimumSessionTokenSize", "64"),
        ])
    );
    assert_credentials(out.credentials.clone());
    assert_eq!(out.source_identity.as_deref(), Some("Root"));
    assert_eq!(out.session_token_utilization, Some(7));
    assert_eq!(out.session_token_size, Some(800));
}

#[tokio::test]
async fn decode_authorization_message_round_trips_entities() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "DecodeAuthorizationMessage",
            "<DecodedMessage>{&quot;allowed&quot;:false,&quot;context&quot;:{&quot;action&quot;:&quot;ec2:StopInstances&quot;}}</DecodedMessage>",
        ),
    );
    let out = client(&server)
        .decode_authorization_message()
        .encoded_message("4SqD4Ic+Ek3EXAMPLE/+A==")
        .send()
        .await
        .expect("DecodeAuthorizationMessage succeeds");
    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "DecodeAuthorizationMessage"),
            ("Version", "2011-06-15"),
            ("EncodedMessage", "4SqD4Ic+Ek3EXAMPLE/+A=="),
        ])
    );
    assert!(request.body.ends_with("EncodedMessage=4SqD4Ic%2BEk3EXAMPLE%2F%2BA%3D%3D"));
    assert_eq!(
        out.decoded_message.as_deref(),
        Some("{\"allowed\":false,\"context\":{\"action\":\"ec2:StopInstances\"}}")
    );
}

#[tokio::test]
async fn get_access_key_info_reads_the_account() {
    let server = TestServer::start().await;
    server.respond(200, &response("GetAccessKeyInfo", "<Account>111122223333</Account>"));
    let out = client(&server)
        .get_access_key_info()
        .access_key_id("ASIAIOSFODNN7EXAMPLE")
        .send()
        .await
        .expect("GetAccessKeyInfo succeeds");
    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[("Action", "GetAccessKeyInfo"), ("Version", "2011-06-15"), ("AccessKeyId", "ASIAIOSFODNN7EXAMPLE")])
    );
    assert_eq!(out.account.as_deref(), Some("111122223333"));
}

#[tokio::test]
async fn get_caller_identity_reads_who_am_i() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "GetCallerIdentity",
            "<Arn>arn:aws:iam::123456789012:user/Alice</Arn><UserId>AKIAI44QH8DHBEXAMPLE</UserId><Account>123456789012</Account>",
        ),
    );
    let out = client(&server).get_caller_identity().send().await.expect("GetCallerIdentity succeeds");
    let request = assert_signed(&server);
    assert_eq!(request.body, "Action=GetCallerIdentity&Version=2011-06-15");
    assert_eq!(out.arn.as_deref(), Some("arn:aws:iam::123456789012:user/Alice"));
    assert_eq!(out.user_id.as_deref(), Some("AKIAI44QH8DHBEXAMPLE"));
    assert_eq!(out.account.as_deref(), Some("123456789012"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_delegated_access_token_hides_the_trade_in_token() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "GetDelegatedAccessToken",
            &format!(
                "{CREDENTIALS_XML}<PackedPolicySize>0</PackedPolicySize><AssumedPrincipal>arn:aws:sts::123456789012:assumed-role/Delegate/s</AssumedPrincipal>"
            ),
        ),
    );
    let builder = client(&server).get_delegated_access_token().trade_in_token("trade-in-secret-value");
    assert!(!format!("{builder:?}").contains("trade-in-secret-value"));
    let out = builder.send().await.expect("GetDelegatedAccessToken succeeds");
    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "GetDelegatedAccessToken"),
            ("Version", "2011-06-15"),
            ("TradeInToken", "trade-in-secret-value")
        ])
    );
    assert_credentials(out.credentials.clone());
    assert_eq!(out.packed_policy_size, Some(0));
    assert_eq!(out.assumed_principal.as_deref(), Some("arn:aws:sts::123456789012:assumed-role/Delegate/s"));
}

#[tokio::test]
async fn get_federation_token_sends_tags_and_reads_the_federated_user() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "GetFederationToken",
            &format!(
                "{CREDENTIALS_XML}
    <FederatedUser>
      <Arn>arn:aws:sts::123456789012:federated-user/Bob</Arn>
      <FederatedUserId>123456789012:Bob</FederatedUserId>
    </FederatedUser>
    <PackedPolicySize>6</PackedPolicySize>
    <SessionTokenUtilization>1</SessionTokenUtilization>
    <SessionTokenSize>512</SessionTokenSize>"
            ),
        ),
    );
    let out = client(&server)
        .get_federation_token()
        .name("Bob")
        .policy("{\"Statement\":[]}")
        .policy_arns(PolicyDescriptorType::builder().arn(POLICY_ARN).build())
        .duration_seconds(3600)
        .tags(Tag::builder().key("Project").value("Pegasus").build().expect("tag"))
        .minimum_session_token_size(10)
        .send()
        .await
        .expect("GetFederationToken succeeds");
    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "GetFederationToken"),
            ("Version", "2011-06-15"),
            ("Name", "Bob"),
            ("Policy", "{\"Statement\":[]}"),
            ("PolicyArns.member.1.arn", POLICY_ARN),
            ("DurationSeconds", "3600"),
            ("Tags.member.1.Key", "Project"),
            ("Tags.member.1.Value", "Pegasus"),
            ("MinimumSessionTokenSize", "10"),
        ])
    );
    assert_credentials(out.credentials.clone());
    let user = out.federated_user.clone().expect("FederatedUser");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:federated-user/Bob");
    assert_eq!(user.federated_user_id, "123456789012:Bob");
    assert_eq!(out.packed_policy_size, Some(6));
    assert_eq!(out.session_token_utilization, Some(1));
    assert_eq!(out.session_token_size, Some(512));
}

#[tokio::test]
async fn get_session_token_with_mfa() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "GetSessionToken",
            &format!("{CREDENTIALS_XML}<SessionTokenUtilization>4</SessionTokenUtilization><SessionTokenSize>256</SessionTokenSize>"),
        ),
    );
    let out = client(&server)
        .get_session_token()
        .duration_seconds(3600)
        .serial_number("arn:aws:iam::123456789012:mfa/user")
        .token_code("123456")
        .minimum_session_token_size(1)
        .send()
        .await
        .expect("GetSessionToken succeeds");
    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "GetSessionToken"),
            ("Version", "2011-06-15"),
            ("DurationSeconds", "3600"),
            ("SerialNumber", "arn:aws:iam::123456789012:mfa/user"),
            ("TokenCode", "123456"),
            ("MinimumSessionTokenSize", "1"),
        ])
    );
    assert_credentials(out.credentials.clone());
    assert_eq!(out.session_token_utilization, Some(4));
    assert_eq!(out.session_token_size, Some(256));
}

#[tokio::test]
async fn get_web_identity_token_sends_a_list_of_strings() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "GetWebIdentityToken",
            "<WebIdentityToken>eyJraWQiOiJleGFtcGxlIn0.eyJhdWQiOiJhIn0.c2ln</WebIdentityToken><Expiration>2026-11-22T14:00:00Z</Expiration>",
        ),
    );
    let out = client(&server)
        .get_web_identity_token()
        .audience("https://api.example.com")
        .audience("sts.amazonaws.com")
        .duration_seconds(300)
        .signing_algorithm("RS256")
        .tags(Tag::builder().key("team").value("blue").build().expect("tag"))
        .send()
        .await
        .expect("GetWebIdentityToken succeeds");
    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "GetWebIdentityToken"),
            ("Version", "2011-06-15"),
            ("Audience.member.1", "https://api.example.com"),
            ("Audience.member.2", "sts.amazonaws.com"),
            ("DurationSeconds", "300"),
            ("SigningAlgorithm", "RS256"),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "blue"),
        ])
    );
    assert_eq!(out.web_identity_token.as_deref(), Some("eyJraWQiOiJleGFtcGxlIn0.eyJhdWQiOiJhIn0.c2ln"));
    assert!(!format!("{out:?}").contains("eyJraWQ"), "the web identity token shows in Debug");
    assert_eq!(out.expiration.map(|e| e.secs()), Some(1_795_356_000));
}

#[tokio::test]
async fn get_scoped_credentials_sends_every_member_and_reads_every_member() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "GetScopedCredentials",
            &format!(
                "{CREDENTIALS_XML}
    <SessionInfo>
      <ScopedSessionId>AROA3XFRBF535PLBIFPI4:s3-reader</ScopedSessionId>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/s3-reader</Arn>
    </SessionInfo>
    <SessionTokenUtilization>41</SessionTokenUtilization>
    <SessionTokenSize>1680</SessionTokenSize>
    <ScopedPoliciesCount>2</ScopedPoliciesCount>
    <SourceIdentity>Alice</SourceIdentity>"
            ),
        ),
    );
    let policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    let out = client(&server)
        .get_scoped_credentials()
        .policy(policy)
        .duration_seconds(900)
        .minimum_session_token_size(2048)
        .scoped_session_description("read-only for the report job")
        .send()
        .await
        .expect("GetScopedCredentials succeeds");

    let request = assert_signed(&server);
    assert_eq!(
        request.form(),
        pairs(&[
            ("Action", "GetScopedCredentials"),
            ("Version", "2011-06-15"),
            ("Policy", policy),
            ("DurationSeconds", "900"),
            ("MinimumSessionTokenSize", "2048"),
            ("ScopedSessionDescription", "read-only for the report job"),
        ])
    );
    assert!(request.body.contains("ScopedSessionDescription=read-only%20for%20the%20report%20job"));

    assert_credentials(out.credentials.clone());
    let session = out.session_info.clone().expect("SessionInfo");
    assert_eq!(session.scoped_session_id, "AROA3XFRBF535PLBIFPI4:s3-reader");
    assert_eq!(session.arn, "arn:aws:sts::123456789012:assumed-role/demo/s3-reader");
    assert_eq!(out.session_token_utilization, Some(41));
    assert_eq!(out.session_token_size, Some(1680));
    assert_eq!(out.scoped_policies_count, Some(2));
    assert_eq!(out.source_identity.as_deref(), Some("Alice"));
    assert_eq!(out.request_id(), Some(REQUEST_ID));
    let shown = format!("{out:?}");
    assert!(shown.contains("ASIAIOSFODNN7EXAMPLE") && shown.contains("s3-reader"), "{shown}");
    assert!(!shown.contains("wJalrXUtnFEMI") && !shown.contains("AQoDYXdz"), "secrets in Debug: {shown}");

    // Every member is optional: the bare call narrows nothing and keeps the session's life.
    server.respond(200, &response("GetScopedCredentials", CREDENTIALS_XML));
    let out = client(&server).get_scoped_credentials().send().await.expect("bare call");
    assert_eq!(server.requests()[1].form(), pairs(&[("Action", "GetScopedCredentials"), ("Version", "2011-06-15")]));
    assert!(out.session_info.is_none() && out.scoped_policies_count.is_none());
}

#[tokio::test]
async fn get_scoped_credentials_checks_the_model_limits_before_sending() {
    use sts::error::Rule;
    let server = TestServer::start().await;
    let c = client(&server);
    let violations = |err: SdkError<_>| -> Vec<(String, Rule)> {
        let SdkError::ConstructionFailure(construction) = &err else {
            panic!("expected a construction error: {err:?}")
        };
        let validation = construction.validation_error().expect("a validation error");
        validation.violations().iter().map(|v| (v.path.clone(), v.rule.clone())).collect()
    };
    let err = c
        .get_scoped_credentials()
        .duration_seconds(0)
        .minimum_session_token_size(4097)
        .scoped_session_description("x")
        .policy("")
        .send()
        .await
        .expect_err("invalid");
    assert_eq!(
        violations(err),
        vec![
            ("Policy".to_owned(), Rule::Length { min: Some(1), max: Some(2048), actual: 0 }),
            ("Policy".to_owned(), Rule::Pattern { pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" }),
            ("DurationSeconds".to_owned(), Rule::Range { min: Some(1), max: Some(129600), actual: 0 }),
            ("MinimumSessionTokenSize".to_owned(), Rule::Range { min: Some(0), max: Some(4096), actual: 4097 }),
            ("ScopedSessionDescription".to_owned(), Rule::Length { min: Some(2), max: Some(256), actual: 1 }),
        ]
    );
    let err = c
        .get_scoped_credentials()
        .duration_seconds(129_601)
        .scoped_session_description("tab\tis fine, a bell \u{7} is not")
        .send()
        .await
        .expect_err("invalid");
    let found = violations(err);
    assert_eq!(
        found[0],
        ("DurationSeconds".to_owned(), Rule::Range { min: Some(1), max: Some(129600), actual: 129_601 })
    );
    assert_eq!(found[1].0, "ScopedSessionDescription");
    assert!(matches!(found[1].1, Rule::Pattern { .. }), "{found:?}");
    assert!(server.requests().is_empty(), "nothing is sent");

    // The limits themselves pass.
    for (duration, size, description) in [(1, 0, "ab".to_owned()), (129_600, 4096, "d".repeat(256))] {
        server.respond(200, &response("GetScopedCredentials", CREDENTIALS_XML));
        c.get_scoped_credentials()
            .duration_seconds(duration)
            .minimum_session_token_size(size)
            .scoped_session_description(description)
            .policy("p".repeat(2048))
            .send()
            .await
            .expect("boundary values are valid");
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn empty_lists_are_sent_as_empty_values() {
    let server = TestServer::start().await;
    server.respond(200, &response("GetFederationToken", ""));
    client(&server).get_federation_token().name("Bob").set_tags(Some(Vec::new())).send().await.expect("succeeds");
    assert_eq!(server.single_request().body, "Action=GetFederationToken&Version=2011-06-15&Name=Bob&Tags=");
}

#[tokio::test]
async fn a_missing_required_member_fails_before_anything_is_sent() {
    let server = TestServer::start().await;
    let err = client(&server).assume_role().role_session_name("s1").send().await.expect_err("must fail");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "AssumeRole: invalid request, nothing was sent: AssumeRoleInput is invalid: `RoleArn` is required"
    );
    let err = client(&server).assume_role_with_saml().send().await.expect_err("must fail");
    assert!(
        err.to_string().ends_with("`RoleArn` is required; `PrincipalArn` is required; `SAMLAssertion` is required"),
        "{err}"
    );
    // Building the input by hand reports the same members through `BuildError`.
    let build = sts::operation::assume_role::AssumeRoleInput::builder().build().expect_err("incomplete");
    assert_eq!(build.missing_members(), ["RoleArn", "RoleSessionName"]);
    assert!(server.requests().is_empty(), "a request was sent");
}

#[tokio::test]
async fn a_signed_operation_without_credentials_sends_nothing() {
    let server = TestServer::start().await;
    let err = anonymous_client(&server).get_caller_identity().send().await.expect_err("must fail");
    assert!(matches!(err, SdkError::CredentialsUnavailable(_)), "{err:?}");
    assert!(err.to_string().starts_with("GetCallerIdentity: no credentials to sign the request"), "{err}");
    assert!(server.requests().is_empty());
}

fn error_xml(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>{code}</Code>\n    <Message>{message}</Message>\n  </Error>\n  <RequestId>{REQUEST_ID}</RequestId>\n</ErrorResponse>\n"
    )
}

/// For each `(code, status, is_variant)`: the server answers with that error, and the
/// call's service error is that variant with the code, message and request id.
macro_rules! assert_error_variants {
    ($server:expr, $call:expr, [$(($code:literal, $status:literal, $is:path)),* $(,)?]) => {{
        $(
            $server.respond($status, &error_xml($code, "something was wrong"));
            let err = $call.await.expect_err("the service answered with an error");
            assert!(err.to_string().contains(concat!(" failed: ", $code, ": something was wrong (HTTP ", stringify!($status))), "{err}");
            assert_eq!(err.request_id(), Some(REQUEST_ID));
            let e = { assert!(err.as_service_error().is_some(), "a service error"); err.into_service_error() };
            assert!($is(&e), "{} did not map to its variant: {e:?}", $code);
            assert_eq!((e.code(), e.message(), e.request_id()), (Some($code), Some("something was wrong"), Some(REQUEST_ID)));
            assert_eq!(e.meta().error_type(), Some("Sender"));
            assert_eq!(e.meta().status(), $status);
        )*
    }};
}

#[tokio::test]
async fn every_modeled_error_code_maps_to_its_variant() {
    use sts::operation::{
        assume_role::AssumeRoleError as Ar, assume_role_with_saml::AssumeRoleWithSamlError as Saml,
        assume_role_with_web_identity::AssumeRoleWithWebIdentityError as Wi, assume_root::AssumeRootError as Root,
        decode_authorization_message::DecodeAuthorizationMessageError as Dam,
        get_delegated_access_token::GetDelegatedAccessTokenError as Gdat,
        get_federation_token::GetFederationTokenError as Gft, get_scoped_credentials::GetScopedCredentialsError as Gsc,
        get_session_token::GetSessionTokenError as Gst, get_web_identity_token::GetWebIdentityTokenError as Gwit,
    };
    let server = TestServer::start().await;
    let c = client(&server);
    let assume_role = || c.assume_role().role_arn(ROLE).role_session_name("s1").send();
    assert_error_variants!(
        server,
        assume_role(),
        [
            ("MalformedPolicyDocument", 400, Ar::is_malformed_policy_document_exception),
            ("PackedPolicyTooLarge", 400, Ar::is_packed_policy_too_large_exception),
            ("RegionDisabledException", 403, Ar::is_region_disabled_exception),
            ("ExpiredTokenException", 400, Ar::is_expired_token_exception),
            ("InvalidContextAssertion", 400, Ar::is_invalid_context_assertion_exception),
        ]
    );
    let saml = || c.assume_role_with_saml().role_arn(ROLE).principal_arn(ROLE).saml_assertion("PHNhbWw+").send();
    assert_error_variants!(
        server,
        saml(),
        [
            ("MalformedPolicyDocument", 400, Saml::is_malformed_policy_document_exception),
            ("PackedPolicyTooLarge", 400, Saml::is_packed_policy_too_large_exception),
            ("IDPRejectedClaim", 403, Saml::is_idp_rejected_claim_exception),
            ("InvalidIdentityToken", 400, Saml::is_invalid_identity_token_exception),
            ("ExpiredTokenException", 400, Saml::is_expired_token_exception),
            ("RegionDisabledException", 403, Saml::is_region_disabled_exception),
        ]
    );
    let web =
        || c.assume_role_with_web_identity().role_arn(ROLE).role_session_name("s1").web_identity_token("tok1").send();
    assert_error_variants!(
        server,
        web(),
        [
            ("MalformedPolicyDocument", 400, Wi::is_malformed_policy_document_exception),
            ("PackedPolicyTooLarge", 400, Wi::is_packed_policy_too_large_exception),
            ("IDPRejectedClaim", 403, Wi::is_idp_rejected_claim_exception),
            ("IDPCommunicationError", 400, Wi::is_idp_communication_error_exception),
            ("InvalidIdentityToken", 400, Wi::is_invalid_identity_token_exception),
            ("ExpiredTokenException", 400, Wi::is_expired_token_exception),
            ("RegionDisabledException", 403, Wi::is_region_disabled_exception),
        ]
    );
    let root = || {
        c.assume_root()
            .target_principal("111122223333")
            .task_policy_arn(PolicyDescriptorType::builder().arn(POLICY_ARN).build())
            .send()
    };
    assert_error_variants!(
        server,
        root(),
        [
            ("RegionDisabledException", 403, Root::is_region_disabled_exception),
            ("ExpiredTokenException", 400, Root::is_expired_token_exception),
        ]
    );
    let decode = || c.decode_authorization_message().encoded_message("abc").send();
    assert_error_variants!(
        server,
        decode(),
        [("InvalidAuthorizationMessageException", 400, Dam::is_invalid_authorization_message_exception),]
    );
    let delegated = || c.get_delegated_access_token().trade_in_token("t").send();
    assert_error_variants!(
        server,
        delegated(),
        [
            ("ExpiredTradeInTokenException", 400, Gdat::is_expired_trade_in_token_exception),
            ("RegionDisabledException", 403, Gdat::is_region_disabled_exception),
            ("PackedPolicyTooLarge", 400, Gdat::is_packed_policy_too_large_exception),
        ]
    );
    let federation = || c.get_federation_token().name("Bob").send();
    assert_error_variants!(
        server,
        federation(),
        [
            ("MalformedPolicyDocument", 400, Gft::is_malformed_policy_document_exception),
            ("PackedPolicyTooLarge", 400, Gft::is_packed_policy_too_large_exception),
            ("RegionDisabledException", 403, Gft::is_region_disabled_exception),
        ]
    );
    let scoped = || c.get_scoped_credentials().duration_seconds(900).send();
    assert_error_variants!(
        server,
        scoped(),
        [
            ("MalformedPolicyDocument", 400, Gsc::is_malformed_policy_document_exception),
            ("PackedPolicyTooLarge", 400, Gsc::is_packed_policy_too_large_exception),
            ("InsufficientSessionLifetime", 400, Gsc::is_insufficient_session_lifetime_exception),
            ("InvalidSubjectCredentials", 400, Gsc::is_invalid_subject_credentials_exception),
        ]
    );
    let session = || c.get_session_token().send();
    assert_error_variants!(server, session(), [("RegionDisabledException", 403, Gst::is_region_disabled_exception),]);
    let token = || c.get_web_identity_token().audience("a").signing_algorithm("RS256").send();
    assert_error_variants!(
        server,
        token(),
        [
            ("SessionDurationEscalationException", 403, Gwit::is_session_duration_escalation_exception),
            (
                "OutboundWebIdentityFederationDisabledException",
                403,
                Gwit::is_outbound_web_identity_federation_disabled_exception
            ),
            ("JWTPayloadSizeExceededException", 400, Gwit::is_jwt_payload_size_exceeded_exception),
        ]
    );
}

#[tokio::test]
async fn unmodeled_codes_keep_code_message_and_request_id() {
    use sts::operation::assume_role::AssumeRoleError;
    use sts::operation::get_caller_identity::GetCallerIdentityError;
    let server = TestServer::start().await;
    let c = client(&server);
    for (code, status) in [("Throttling", 400), ("AccessDenied", 403), ("ExpiredToken", 400), ("InternalFailure", 500)]
    {
        server.respond(status, &error_xml(code, "Rate exceeded"));
        let err = c.assume_role().role_arn(ROLE).role_session_name("s1").send().await.expect_err("error");
        assert_eq!(
            err.to_string(),
            format!("AssumeRole failed: {code}: Rate exceeded (HTTP {status}, request id {REQUEST_ID})")
        );
        assert!(err.as_service_error().is_some(), "service error");
        let AssumeRoleError::Unhandled(unhandled) = err.into_service_error() else {
            panic!("{code} should be unhandled")
        };
        assert_eq!(
            (unhandled.code(), unhandled.message(), unhandled.request_id()),
            (Some(code), Some("Rate exceeded"), Some(REQUEST_ID))
        );
    }
    // A modeled code of another operation is unmodeled here.
    server.respond(400, &error_xml("MalformedPolicyDocument", "x"));
    let err = c.get_caller_identity().send().await.expect_err("error");
    assert!(matches!(err.into_service_error(), GetCallerIdentityError::Unhandled(_)));
}

#[tokio::test]
async fn errors_wrapped_in_an_errors_element_are_read() {
    let server = TestServer::start().await;
    server.respond(
        403,
        "<ErrorResponse><Errors><Error><Code>RegionDisabledException</Code><Message>STS is not activated</Message></Error></Errors><RequestId>r-1</RequestId></ErrorResponse>",
    );
    let err = client(&server).get_session_token().send().await.expect_err("error");
    let e = {
        assert!(err.as_service_error().is_some(), "service error");
        err.into_service_error()
    };
    assert!(e.is_region_disabled_exception());
    assert_eq!((e.message(), e.request_id()), (Some("STS is not activated"), Some("r-1")));
}

/// A load balancer's or proxy's page is reported as botocore reports it: a service error
/// whose code is the HTTP status and whose message is its reason, saying what answered.
#[tokio::test]
async fn an_html_502_is_a_service_error_coded_by_its_status() {
    let server = TestServer::start().await;
    server.respond_with(sts_testkit::Canned {
        status: 502,
        headers: vec![("content-type".into(), "text/html".into()), ("x-amzn-RequestId".into(), "hdr-id".into())],
        body: "<html><body><h1>502 Bad Gateway</h1></body></html>".into(),
    });
    let err = client(&server).get_caller_identity().send().await.expect_err("error");
    assert_eq!(err.request_id(), Some("hdr-id"));
    assert_eq!(
        err.to_string(),
        "GetCallerIdentity failed: 502: Bad Gateway (a 50-byte body of text/html that is not an AWS error: a proxy, \
         load balancer or gateway answered, not the service) (HTTP 502, request id hdr-id)"
    );
    let e = {
        assert!(err.as_service_error().is_some(), "a service error");
        err.into_service_error()
    };
    assert!(matches!(e, sts::operation::get_caller_identity::GetCallerIdentityError::Unhandled(_)), "{e:?}");
    assert_eq!((e.code(), e.meta().status()), (Some("502"), 502));
    assert!(e.message().is_some_and(|m| m.starts_with("Bad Gateway")));

    server.respond(500, "not xml at all <");
    let err = client(&server).get_caller_identity().send().await.expect_err("error");
    let e = {
        assert!(err.as_service_error().is_some(), "a service error");
        err.into_service_error()
    };
    assert_eq!(e.code(), Some("500"));
    assert!(e.message().is_some_and(|m| m.starts_with("Internal Server Error (a 16-byte body of text/xml")), "{e:?}");
}

/// An awsQuery error body with an invalid byte keeps its code, message and request id.
#[test]
fn an_error_body_with_a_bad_byte_keeps_its_code() {
    use sts::operation::assume_role::{AssumeRole, AssumeRoleError};
    use sts_runtime::transport::HttpResponse;
    let mut body = error_xml("MalformedPolicyDocument", "bad policy: X").into_bytes();
    let x = body.iter().position(|&b| b == b'X').expect("marker");
    body[x] = 0xFF;
    let response = HttpResponse { status: 400, headers: vec![], body };
    let err = sts_runtime::aws_query::response::read_response::<AssumeRole>(&response).expect_err("an error");
    let e = {
        assert!(err.as_service_error().is_some(), "a service error");
        err.into_service_error()
    };
    assert!(matches!(e, AssumeRoleError::MalformedPolicyDocumentException(_)), "{e:?}");
    assert_eq!((e.message(), e.request_id()), (Some("bad policy: \u{FFFD}"), Some(REQUEST_ID)));
}

/// What the service says is echoed bounded: a 1 MiB message neither floods a log line
/// nor is kept whole.
#[tokio::test]
async fn huge_error_texts_are_bounded() {
    let server = TestServer::start().await;
    let message = "m".repeat(1 << 20);
    let code = format!("Code{}", "c".repeat(10_000));
    server.respond(400, &error_xml(&code, &message));
    let err = client(&server).get_caller_identity().send().await.expect_err("error");
    let shown = err.to_string();
    assert!(shown.len() < 1000, "{} characters", shown.len());
    assert!(shown.contains("more characters not shown"), "{shown}");
    assert!(shown.ends_with(&format!("(HTTP 400, request id {REQUEST_ID})")), "{shown}");
    let e = {
        assert!(err.as_service_error().is_some(), "a service error");
        err.into_service_error()
    };
    let code = e.code().expect("a code");
    assert!(code.len() < 200 && code.starts_with("Codecc"), "{}", code.len());
    let kept = e.message().expect("message");
    assert!(kept.len() < 9000 && kept.starts_with("mmmm") && kept.ends_with("more characters not shown]"));
}

#[tokio::test]
async fn a_response_missing_a_required_member_is_a_parse_error_naming_it() {
    let server = TestServer::start().await;
    server.respond(
        200,
        &response(
            "AssumeRole",
            "<Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><Expiration>2026-11-22T13:34:41Z</Expiration></Credentials>",
        ),
    );
    let err = client(&server).assume_role().role_arn(ROLE).role_session_name("s1").send().await.expect_err("error");
    let SdkError::ResponseError(response) = &err else { panic!("expected a response error: {err:?}") };
    assert_eq!(
        response.parse_error(),
        &sts::error::ParseError::MissingMember { shape: "Credentials", member: "SessionToken" }
    );
    assert_eq!(response.request_id(), Some(REQUEST_ID));
    assert!(err.to_string().contains("required member `SessionToken` of `Credentials` is missing"), "{err}");
}

#[tokio::test]
async fn malformed_success_bodies_are_errors_not_panics() {
    let server = TestServer::start().await;
    let c = client(&server);
    for body in [
        "",
        "<GetCallerIdentityResponse><GetCallerIdentityResult>",
        "<WrongRootResponse/>",
        "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Oops></GetCallerIdentityResult></GetCallerIdentityResponse>",
    ] {
        server.respond(200, body);
        let err = c.get_caller_identity().send().await.expect_err("must fail");
        assert!(matches!(err, SdkError::ResponseError(_)), "{body:?}: {err:?}");
    }
    // Another operation's response, or a near miss, is not this one's.
    for root in ["AssumeRoleResponse", "GetCallerIdentity", "GetCallerIdentityResponseX", "XGetCallerIdentityResponse"]
    {
        server.respond(200, &format!("<{root}/>"));
        let err = c.get_caller_identity().send().await.expect_err("must fail");
        let expected = format!("expected root element <GetCallerIdentityResponse>, found <{root}>");
        assert!(err.to_string().contains(&expected), "{err}");
    }
    server.respond(200, &response("AssumeRole", &CREDENTIALS_XML.replace("2026-11-22T13:34:41.123Z", "tomorrow")));
    let err = c.assume_role().role_arn(ROLE).role_session_name("s1").send().await.expect_err("must fail");
    assert!(err.to_string().contains("<Expiration> should hold a timestamp, found `tomorrow`"), "{err}");
}

#[tokio::test]
async fn the_request_id_header_is_used_when_the_body_has_none() {
    let server = TestServer::start().await;
    server.respond_with(sts_testkit::Canned {
        status: 200,
        headers: vec![("x-amzn-RequestId".into(), "from-header".into())],
        body: "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>".into(),
    });
    let out = client(&server).get_caller_identity().send().await.expect("succeeds");
    assert_eq!(out.request_id(), Some("from-header"));
}

#[tokio::test]
async fn an_invalid_region_sends_nothing() {
    let server = TestServer::start().await;
    for region in ["evil.com/", "us-east-1.attacker.net#", "a b", ""] {
        let config = Config::builder().region(region).endpoint_url(&server.url).build();
        let err = Client::from_conf(config).get_session_token().send().await.expect_err("must fail");
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{region:?}: {err:?}");
    }
    assert!(server.requests().is_empty());
}

/// A password in an endpoint URL is refused before anything is sent, and shown nowhere:
/// not in the error, not in the config's or the client's `Debug`.
#[tokio::test]
async fn an_endpoint_url_with_a_password_is_refused_and_never_shown() {
    let server = TestServer::start().await;
    let port = server.url.rsplit(':').next().expect("port");
    let url = format!("http://admin:hunter2@127.0.0.1:{port}");
    let builder = Config::builder()
        .region(REGION)
        .endpoint_url(&url)
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"));
    let builder_debug = format!("{builder:?}");
    let client = Client::from_conf(builder.build());
    let err = client.get_caller_identity().send().await.expect_err("refused");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown =
        [err.to_string(), format!("{err:?}"), builder_debug, format!("{:?}", client.config()), format!("{client:?}")];
    for text in &shown {
        assert!(!text.contains("hunter2") && !text.contains("admin"), "{text}");
    }
    assert!(shown[0].contains(&format!("http://***@127.0.0.1:{port}")), "{}", shown[0]);
    assert!(server.requests().is_empty());
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().expect("tag")
}

fn context() -> ProvidedContext {
    ProvidedContext::builder()
        .provider_arn("arn:aws:iam::aws:contextProvider/IdentityCenter")
        .context_assertion("abcd")
        .build()
}

#[tokio::test]
async fn boundary_values_pass_validation() {
    let server = TestServer::start().await;
    let c = client(&server);
    for (duration, name, tags, contexts) in [(900, "ab".to_owned(), 50, 1), (43200, "a".repeat(64), 0, 5)] {
        server.respond(200, &response("AssumeRole", ""));
        let mut call = c
            .assume_role()
            .role_arn(ROLE)
            .role_session_name(name)
            .duration_seconds(duration)
            .token_code("012345")
            .serial_number("arn:aws:iam::123456789012:mfa/user")
            .external_id("ab:/=,.@-")
            .policy("\t{\"é\": \"ÿ\"}\r\n");
        for i in 0..tags {
            call = call.tags(tag(&format!("k{i}"), ""));
        }
        for _ in 0..contexts {
            call = call.provided_contexts(context());
        }
        call.send().await.expect("valid input is sent");
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn every_violation_is_reported_with_its_path_and_nothing_is_sent() {
    use sts::error::Rule;
    let server = TestServer::start().await;
    let mut call = client(&server)
        .assume_role()
        .role_session_name("not valid!")
        .duration_seconds(899)
        .token_code("12345a")
        .policy("")
        .provided_contexts(context());
    let mut tags: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"), "v")).collect();
    tags[3] = tag(&"k".repeat(129), "v");
    for _ in 0..5 {
        call = call.provided_contexts(context());
    }
    let err = call.set_tags(Some(tags)).send().await.expect_err("invalid");
    let SdkError::ConstructionFailure(construction) = &err else { panic!("expected a construction error: {err:?}") };
    let validation = construction.validation_error().expect("a validation error");
    let found: Vec<(&str, &Rule)> = validation.violations().iter().map(|v| (v.path.as_str(), &v.rule)).collect();
    assert_eq!(
        found,
        vec![
            ("RoleArn", &Rule::Required),
            ("RoleSessionName", &Rule::Pattern { pattern: "[\\w+=,.@-]*" }),
            ("Policy", &Rule::Length { min: Some(1), max: None, actual: 0 }),
            ("Policy", &Rule::Pattern { pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" }),
            ("DurationSeconds", &Rule::Range { min: Some(900), max: Some(43200), actual: 899 }),
            ("Tags", &Rule::Count { min: None, max: Some(50), actual: 51 }),
            ("Tags[3].Key", &Rule::Length { min: Some(1), max: Some(128), actual: 129 }),
            ("TokenCode", &Rule::Pattern { pattern: "[\\d]*" }),
            ("ProvidedContexts", &Rule::Count { min: Some(1), max: Some(5), actual: 6 }),
        ]
    );
    assert!(err.to_string().starts_with(
        "AssumeRole: invalid request, nothing was sent: AssumeRoleInput is invalid: `RoleArn` is required; `RoleSessionName` must match"
    ));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn lists_of_strings_and_empty_lists_are_checked() {
    let server = TestServer::start().await;
    let err = client(&server)
        .get_web_identity_token()
        .audience("")
        .audience("x".repeat(1001))
        .signing_algorithm("RS2560")
        .send()
        .await
        .expect_err("invalid");
    assert!(err.to_string().contains("`Audience[0]` must be 1 to 1000 characters long, not 0"), "{err}");
    assert!(err.to_string().contains("`Audience[1]` must be 1 to 1000 characters long, not 1001"), "{err}");
    assert!(err.to_string().contains("`SigningAlgorithm` must be 5 to 5 characters long, not 6"), "{err}");
    let err = client(&server)
        .get_web_identity_token()
        .set_audience(Some(Vec::new()))
        .signing_algorithm("RS256")
        .send()
        .await
        .expect_err("invalid");
    assert!(err.to_string().ends_with("`Audience` must have 1 to 10 items, not 0"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn violations_never_show_the_value() {
    let server = TestServer::start().await;
    let err = anonymous_client(&server)
        .assume_role_with_saml()
        .role_arn(ROLE)
        .principal_arn(ROLE)
        .saml_assertion("SEC")
        .send()
        .await
        .expect_err("too short");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("`SAMLAssertion` must be 4 to 100000 characters long, not 3"), "{shown}");
    assert!(!shown.contains("SEC\""), "{shown}");
}

#[tokio::test]
async fn validation_can_be_turned_off_but_required_members_stay_required() {
    let server = TestServer::start().await;
    let config = Config::builder()
        .region(REGION)
        .endpoint_url(&server.url)
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
        .client_side_validation(false)
        .build();
    let c = Client::from_conf(config);
    server.respond(200, &response("AssumeRole", ""));
    c.assume_role().role_arn("short").role_session_name("x").duration_seconds(60).send().await.expect("sent as is");
    let form = server.single_request().form();
    assert!(form.contains(&("DurationSeconds".to_owned(), "60".to_owned())));
    let err = c.assume_role().role_session_name("x").send().await.expect_err("RoleArn is still required");
    assert!(err.to_string().ends_with("AssumeRoleInput is missing required member `RoleArn`"), "{err}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn requests_go_to_the_resolved_endpoint_and_are_signed_for_its_region() {
    let recording = Recording::answering(response("GetCallerIdentity", "<Account>1</Account>"));
    let cases = [
        (false, false, false, "https://sts.eu-west-1.amazonaws.com/", "eu-west-1"),
        (true, false, false, "https://sts.amazonaws.com/", "us-east-1"),
        (false, true, false, "https://sts-fips.eu-west-1.amazonaws.com/", "eu-west-1"),
        (false, false, true, "https://sts.eu-west-1.api.aws/", "eu-west-1"),
    ];
    for (global, fips, dual, url, signing_region) in cases {
        let config = Config::builder()
            .region("eu-west-1")
            .endpoint_flag(sts::endpoint::USE_GLOBAL_ENDPOINT, global)
            .use_fips(fips)
            .use_dual_stack(dual)
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
            .http_client(recording.clone())
            .build();
        Client::from_conf(config).get_caller_identity().send().await.expect("succeeds");
        let request = recording.take_last().expect("a request");
        assert_eq!(request.url, url);
        let authorization = request.header("authorization");
        let scope = format!("/{signing_region}/sts/aws4_request");
        assert!(authorization.is_some_and(|a| a.contains(&scope)), "{authorization:?} lacks {scope}");
    }
}

#[tokio::test]
async fn the_global_endpoint_flag_is_read_from_its_variable_when_the_client_is_made() {
    let recording = Recording::answering(response("GetCallerIdentity", "<Account>1</Account>"));
    let from_env = |value: &'static str| {
        sts::config::ConfigBuilder::from_env_vars(move |name| {
            (name == "AWS_STS_REGIONAL_ENDPOINTS").then(|| value.to_owned())
        })
        .expect("the runtime does not read the service's variables")
        .region("eu-west-1")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
        .http_client(recording.clone())
        .build()
    };
    for (value, url) in [("legacy", "https://sts.amazonaws.com/"), ("REGIONAL", "https://sts.eu-west-1.amazonaws.com/")]
    {
        let client = Client::try_from_conf(from_env(value)).expect("a valid value");
        assert_eq!(client.config().endpoint_flag(sts::endpoint::USE_GLOBAL_ENDPOINT), Some(value == "legacy"));
        client.get_caller_identity().send().await.expect("succeeds");
        assert_eq!(recording.take_last().expect("a request").url, url, "{value}");
    }
    // Set in code, the flag is not read from the variable.
    let config = from_env("legacy").to_builder().endpoint_flag(sts::endpoint::USE_GLOBAL_ENDPOINT, false).build();
    Client::from_conf(config).get_caller_identity().send().await.expect("succeeds");
    assert_eq!(recording.take_last().expect("a request").url, "https://sts.eu-west-1.amazonaws.com/");

    let error = Client::try_from_conf(from_env("global")).expect_err("not a value of the variable");
    assert_eq!(
        error.to_string(),
        "AWS_STS_REGIONAL_ENDPOINTS=\"global\" is not valid: expected `regional` or `legacy`"
    );
    // A client made anyway fails each call with that error, sending nothing.
    let error = Client::from_conf(from_env("global")).get_caller_identity().send().await.expect_err("refused");
    assert!(matches!(error, sts::error::SdkError::ConstructionFailure(_)), "{error:?}");
    assert!(error.to_string().contains("AWS_STS_REGIONAL_ENDPOINTS=\"global\""), "{error}");
    assert!(recording.take_last().is_none(), "nothing is sent");
}

#[tokio::test]
async fn endpoint_rule_errors_send_nothing() {
    let recording = Recording::default();
    let config = Config::builder()
        .region("us-east-1")
        .use_fips(true)
        .endpoint_url("https://example.com")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None, None, "test"))
        .http_client(recording.clone())
        .build();
    let err = Client::from_conf(config).get_caller_identity().send().await.expect_err("FIPS with a custom endpoint");
    assert!(err.to_string().ends_with("Invalid Configuration: FIPS and custom endpoint are not supported"), "{err}");
    let err = Client::from_conf(Config::builder().http_client(recording.clone()).build())
        .assume_role_with_web_identity()
        .role_arn(ROLE)
        .role_session_name("s1")
        .web_identity_token("token")
        .send()
        .await
        .expect_err("no region");
    assert!(err.to_string().ends_with("Invalid Configuration: Missing Region"), "{err}");
    assert!(recording.requests().is_empty());
}

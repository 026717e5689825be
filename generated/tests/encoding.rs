//! Property tests of the form encoder: for arbitrary inputs of every operation (any
//! Unicode in every string), decoding the body the client sends gives back exactly the
//! members that were set, in model order, and nothing else.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use sts::config::{RetryConfig, TimeoutConfig};
use sts::types::{PolicyDescriptorType, ProvidedContext, Tag};
use sts::{Client, Config, Credentials};
use sts_testkit::{Recording, decode_form, run_ready};

type Pairs = Vec<(String, String)>;

/// The decoded body of the one request `call` makes (validation off: any value is sent).
fn body_of<F: std::future::Future>(call: impl FnOnce(&Client) -> F) -> Pairs {
    let recording = Recording::default();
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .endpoint_url("http://127.0.0.1:9")
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .client_side_validation(false)
            .retry_config(RetryConfig::disabled())
            .timeout_config(TimeoutConfig::disabled())
            .http_client(recording.clone())
            .build(),
    );
    let _ = run_ready(call(&client));
    let request = recording.take_last().expect("one request");
    decode_form(&request.body)
}

/// `Action` and `Version`, then `members`.
fn expected(action: &str, members: Pairs) -> Pairs {
    let mut pairs = vec![("Action".to_owned(), action.to_owned()), ("Version".to_owned(), "2011-06-15".to_owned())];
    pairs.extend(members);
    pairs
}

fn pair(key: impl Into<String>, value: impl ToString) -> (String, String) {
    (key.into(), value.to_string())
}

/// Pairs of an optional list: `Name=` when empty, else each item under `Name.member.N`.
fn list<T>(name: &str, items: &Option<Vec<T>>, item: impl Fn(&str, &T) -> Pairs) -> Pairs {
    match items {
        None => Vec::new(),
        Some(items) if items.is_empty() => vec![pair(name, "")],
        Some(items) => {
            items.iter().enumerate().flat_map(|(i, t)| item(&format!("{name}.member.{}", i + 1), t)).collect()
        }
    }
}

fn optional(name: &str, value: &Option<impl ToString>) -> Pairs {
    value.iter().map(|v| pair(name, v.to_string())).collect()
}

fn text() -> impl Strategy<Value = String> {
    any::<String>()
}

fn tags() -> impl Strategy<Value = Option<Vec<(String, String)>>> {
    option::of(vec((text(), text()), 0..4))
}

fn tag_list(tags: &Option<Vec<(String, String)>>) -> Option<Vec<Tag>> {
    tags.as_ref().map(|t| t.iter().map(|(k, v)| Tag::builder().key(k).value(v).build().expect("tag")).collect())
}

fn tag_pairs(tags: &Option<Vec<(String, String)>>) -> Pairs {
    list("Tags", tags, |prefix, (k, v)| vec![pair(format!("{prefix}.Key"), k), pair(format!("{prefix}.Value"), v)])
}

fn arns() -> impl Strategy<Value = Option<Vec<String>>> {
    option::of(vec(text(), 0..3))
}

fn arn_list(arns: &Option<Vec<String>>) -> Option<Vec<PolicyDescriptorType>> {
    arns.as_ref().map(|a| a.iter().map(|arn| PolicyDescriptorType::builder().arn(arn).build()).collect())
}

fn arn_pairs(arns: &Option<Vec<String>>) -> Pairs {
    list("PolicyArns", arns, |prefix, arn| vec![pair(format!("{prefix}.arn"), arn)])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn assume_role(
        role_arn in text(), name in text(), arns in arns(), policy in option::of(text()),
        duration in option::of(any::<i32>()), tags in tags(), keys in option::of(vec(text(), 0..3)),
        external_id in option::of(text()), serial in option::of(text()), code in option::of(text()),
        source in option::of(text()), contexts in option::of(vec((option::of(text()), option::of(text())), 0..3)),
        size in option::of(any::<i32>()),
    ) {
        let context_list = contexts.as_ref().map(|c| {
            c.iter()
                .map(|(arn, assertion)| {
                    ProvidedContext::builder().set_provider_arn(arn.clone()).set_context_assertion(assertion.clone()).build()
                })
                .collect()
        });
        let body = body_of(|c| {
            c.assume_role()
                .role_arn(&role_arn)
                .role_session_name(&name)
                .set_policy_arns(arn_list(&arns))
                .set_policy(policy.clone())
                .set_duration_seconds(duration)
                .set_tags(tag_list(&tags))
                .set_transitive_tag_keys(keys.clone())
                .set_external_id(external_id.clone())
                .set_serial_number(serial.clone())
                .set_token_code(code.clone())
                .set_source_identity(source.clone())
                .set_provided_contexts(context_list)
                .set_minimum_session_token_size(size)
                .send()
        });
        let mut members = vec![pair("RoleArn", &role_arn), pair("RoleSessionName", &name)];
        members.extend(arn_pairs(&arns));
        members.extend(optional("Policy", &policy));
        members.extend(optional("DurationSeconds", &duration));
        members.extend(tag_pairs(&tags));
        members.extend(list("TransitiveTagKeys", &keys, |prefix, key| vec![pair(prefix, key)]));
        members.extend(optional("ExternalId", &external_id));
        members.extend(optional("SerialNumber", &serial));
        members.extend(optional("TokenCode", &code));
        members.extend(optional("SourceIdentity", &source));
        members.extend(list("ProvidedContexts", &contexts, |prefix, (arn, assertion)| {
            let mut p = optional(&format!("{prefix}.ProviderArn"), arn);
            p.extend(optional(&format!("{prefix}.ContextAssertion"), assertion));
            p
        }));
        members.extend(optional("MinimumSessionTokenSize", &size));
        prop_assert_eq!(body, expected("AssumeRole", members));
    }

    #[test]
    fn assume_role_with_saml(
        role in text(), principal in text(), assertion in text(), arns in arns(), policy in option::of(text()),
        duration in option::of(any::<i32>()), size in option::of(any::<i32>()),
    ) {
        let body = body_of(|c| {
            c.assume_role_with_saml()
                .role_arn(&role)
                .principal_arn(&principal)
                .saml_assertion(&assertion)
                .set_policy_arns(arn_list(&arns))
                .set_policy(policy.clone())
                .set_duration_seconds(duration)
                .set_minimum_session_token_size(size)
                .send()
        });
        let mut members = vec![pair("RoleArn", &role), pair("PrincipalArn", &principal), pair("SAMLAssertion", &assertion)];
        members.extend(arn_pairs(&arns));
        members.extend(optional("Policy", &policy));
        members.extend(optional("DurationSeconds", &duration));
        members.extend(optional("MinimumSessionTokenSize", &size));
        prop_assert_eq!(body, expected("AssumeRoleWithSAML", members));
    }

    #[test]
    fn assume_role_with_web_identity(
        role in text(), name in text(), token in text(), provider in option::of(text()), arns in arns(),
        policy in option::of(text()), duration in option::of(any::<i32>()), size in option::of(any::<i32>()),
    ) {
        let body = body_of(|c| {
            c.assume_role_with_web_identity()
                .role_arn(&role)
                .role_session_name(&name)
                .web_identity_token(&token)
                .set_provider_id(provider.clone())
                .set_policy_arns(arn_list(&arns))
                .set_policy(policy.clone())
                .set_duration_seconds(duration)
                .set_minimum_session_token_size(size)
                .send()
        });
        let mut members = vec![pair("RoleArn", &role), pair("RoleSessionName", &name), pair("WebIdentityToken", &token)];
        members.extend(optional("ProviderId", &provider));
        members.extend(arn_pairs(&arns));
        members.extend(optional("Policy", &policy));
        members.extend(optional("DurationSeconds", &duration));
        members.extend(optional("MinimumSessionTokenSize", &size));
        prop_assert_eq!(body, expected("AssumeRoleWithWebIdentity", members));
    }

    #[test]
    fn assume_root(target in text(), task in option::of(text()), duration in option::of(any::<i32>()), size in option::of(any::<i32>())) {
        let body = body_of(|c| {
            c.assume_root()
                .target_principal(&target)
                .task_policy_arn(PolicyDescriptorType::builder().set_arn(task.clone()).build())
                .set_duration_seconds(duration)
                .set_minimum_session_token_size(size)
                .send()
        });
        let mut members = vec![pair("TargetPrincipal", &target)];
        members.extend(optional("TaskPolicyArn.arn", &task));
        members.extend(optional("DurationSeconds", &duration));
        members.extend(optional("MinimumSessionTokenSize", &size));
        prop_assert_eq!(body, expected("AssumeRoot", members));
    }

    #[test]
    fn single_string_operations(value in text()) {
        let decode = body_of(|c| c.decode_authorization_message().encoded_message(&value).send());
        prop_assert_eq!(decode, expected("DecodeAuthorizationMessage", vec![pair("EncodedMessage", &value)]));
        let info = body_of(|c| c.get_access_key_info().access_key_id(&value).send());
        prop_assert_eq!(info, expected("GetAccessKeyInfo", vec![pair("AccessKeyId", &value)]));
        let delegated = body_of(|c| c.get_delegated_access_token().trade_in_token(&value).send());
        prop_assert_eq!(delegated, expected("GetDelegatedAccessToken", vec![pair("TradeInToken", &value)]));
        let who = body_of(|c| c.get_caller_identity().send());
        prop_assert_eq!(who, expected("GetCallerIdentity", Vec::new()));
    }

    #[test]
    fn get_federation_token(
        name in text(), policy in option::of(text()), arns in arns(), duration in option::of(any::<i32>()),
        tags in tags(), size in option::of(any::<i32>()),
    ) {
        let body = body_of(|c| {
            c.get_federation_token()
                .name(&name)
                .set_policy(policy.clone())
                .set_policy_arns(arn_list(&arns))
                .set_duration_seconds(duration)
                .set_tags(tag_list(&tags))
                .set_minimum_session_token_size(size)
                .send()
        });
        let mut members = vec![pair("Name", &name)];
        members.extend(optional("Policy", &policy));
        members.extend(arn_pairs(&arns));
        members.extend(optional("DurationSeconds", &duration));
        members.extend(tag_pairs(&tags));
        members.extend(optional("MinimumSessionTokenSize", &size));
        prop_assert_eq!(body, expected("GetFederationToken", members));
    }

    #[test]
    fn get_session_token(duration in option::of(any::<i32>()), serial in option::of(text()), code in option::of(text()), size in option::of(any::<i32>())) {
        let body = body_of(|c| {
            c.get_session_token()
                .set_duration_seconds(duration)
                .set_serial_number(serial.clone())
                .set_token_code(code.clone())
                .set_minimum_session_token_size(size)
                .send()
        });
        let mut members = optional("DurationSeconds", &duration);
        members.extend(optional("SerialNumber", &serial));
        members.extend(optional("TokenCode", &code));
        members.extend(optional("MinimumSessionTokenSize", &size));
        prop_assert_eq!(body, expected("GetSessionToken", members));
    }

    #[test]
    fn get_web_identity_token(audience in vec(text(), 0..4), duration in option::of(any::<i32>()), algorithm in text(), tags in tags()) {
        let body = body_of(|c| {
            c.get_web_identity_token()
                .set_audience(Some(audience.clone()))
                .set_duration_seconds(duration)
                .signing_algorithm(&algorithm)
                .set_tags(tag_list(&tags))
                .send()
        });
        let mut members = list("Audience", &Some(audience.clone()), |prefix, a| vec![pair(prefix, a)]);
        members.extend(optional("DurationSeconds", &duration));
        members.push(pair("SigningAlgorithm", &algorithm));
        members.extend(tag_pairs(&tags));
        prop_assert_eq!(body, expected("GetWebIdentityToken", members));
    }
}

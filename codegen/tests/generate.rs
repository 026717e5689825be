//! The generator as a whole: deterministic output, and loud failures on models it cannot
//! generate faithfully.

use sts_codegen::{Error, GeneratedFile, Inputs};

fn model_file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../model/{name}", env!("CARGO_MANIFEST_DIR"))).expect("model file")
}

fn sts_model() -> String {
    model_file("service-2.json")
}

/// Generates from `service_model` with the real endpoint rules and partitions.
fn generate(service_model: &str) -> Result<Vec<GeneratedFile>, Error> {
    let (endpoint_rules, partitions) = (model_file("endpoint-rule-set-1.json"), model_file("partitions.json"));
    sts_codegen::generate(&Inputs { service_model, endpoint_rules: &endpoint_rules, partitions: &partitions })
}

#[test]
fn the_same_model_gives_byte_identical_files() {
    let model = sts_model();
    let first = generate(&model).expect("generate");
    let second = generate(&model).expect("generate");
    assert_eq!(first, second);
    assert!(first.iter().all(|f| f.contents.starts_with(sts_codegen::emit::HEADER)));
    let paths: Vec<&str> = first.iter().map(|f| f.path.as_str()).collect();
    for expected in [
        "src/generated/client.rs",
        "src/generated/operation/assume_role_with_saml.rs",
        "src/generated/types/credentials.rs",
        "src/generated/types/error.rs",
    ] {
        assert!(paths.contains(&expected), "{expected} not generated: {paths:?}");
    }
}

#[test]
fn generated_docs_are_markdown_not_html() {
    for file in generate(&sts_model()).expect("generate") {
        for line in file.contents.lines().filter(|l| l.trim_start().starts_with("///")) {
            for tag in ["<p>", "</p>", "<code>", "<a href", "<ul>", "<li>", "<note>"] {
                assert!(!line.contains(tag), "{}: raw HTML in `{line}`", file.path);
            }
        }
        assert!(!file.contents.contains("#[allow"), "{}: an allow attribute was emitted", file.path);
    }
}

/// Each error variant's doc is the first whole sentence of its error's docs, not the first
/// line of the wrapped docs cut mid-sentence.
#[test]
fn error_variant_docs_are_whole_sentences() {
    let mut checked = 0;
    for file in generate(&sts_model()).expect("generate") {
        // Each doc comment as one text, however it was wrapped.
        let mut paragraph = String::new();
        for line in file.contents.lines().map(str::trim) {
            match line.strip_prefix("///") {
                Some(text) => {
                    paragraph.push(' ');
                    paragraph.push_str(text.trim());
                }
                None => paragraph.clear(),
            }
            if let Some((summary, _code)) = paragraph.split_once(" Code: `") {
                assert!(summary.ends_with('.'), "{}: `{summary}`", file.path);
                checked += 1;
                paragraph.clear();
            }
        }
    }
    assert!(checked > 30, "only {checked} variants");
}

#[test]
fn error_variants_are_matched_by_wire_code() {
    let files = generate(&sts_model()).expect("generate");
    let errors = files.iter().find(|f| f.path == "src/generated/types/error.rs").expect("errors file");
    assert!(errors.contents.contains("pub struct IdpRejectedClaimException"));
    assert!(errors.contents.contains("IdpRejectedClaimException(\"IDPRejectedClaim\") built by"));
    assert!(errors.contents.contains("MalformedPolicyDocumentException(\"MalformedPolicyDocument\") built by"));
    // The operation's error enum reads the variant by that code (`operation_error!`).
    let op = files
        .iter()
        .find(|f| f.path == "src/generated/operation/assume_role_with_web_identity.rs")
        .expect("operation file");
    assert!(
        op.contents
            .contains("\n    IdpRejectedClaimException(\"IDPRejectedClaim\") is_idp_rejected_claim_exception,\n"),
        "{}",
        op.contents
    );
}

/// A minimal valid model, as JSON, with `edit` applied.
fn model_with(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut model = serde_json::json!({
        "version": "2.0",
        "metadata": {"apiVersion": "2020-01-01", "protocol": "query", "endpointPrefix": "x", "serviceFullName": "X"},
        "operations": {
            "Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "OpRequest"}}
        },
        "shapes": {
            "OpRequest": {"type": "structure", "members": {"Name": {"shape": "String"}}},
            "String": {"type": "string"}
        }
    });
    edit(&mut model);
    model.to_string()
}

#[test]
fn endpoint_rules_with_unknown_functions_are_errors() {
    let rules = model_file("endpoint-rule-set-1.json").replace("\"aws.partition\"", "\"aws.parseArn\"");
    let partitions = model_file("partitions.json");
    let err =
        sts_codegen::generate(&Inputs { service_model: &sts_model(), endpoint_rules: &rules, partitions: &partitions })
            .expect_err("must fail");
    assert!(err.to_string().contains("the function `aws.parseArn`"), "{err}");
}

/// SimpleDB's and Import/Export's legacy rule sets capitalise parameter types, call
/// `aws.partition` on a region they never check with `isSet` (and then use `{Region}`),
/// and check a custom endpoint with `parseURL`.
#[test]
fn legacy_rule_sets_generate() {
    let (model, partitions) = (sts_model(), model_file("partitions.json"));
    let rules = model_file("endpoint-rule-set-1.json");
    let capitalised = rules
        .replace("\"type\": \"string\"", "\"type\": \"String\"")
        .replace("\"type\": \"boolean\"", "\"type\": \"Boolean\"");
    assert_ne!(rules, capitalised, "the edit took");
    let endpoint = |rules: &str| {
        let files =
            sts_codegen::generate(&Inputs { service_model: &model, endpoint_rules: rules, partitions: &partitions })
                .expect("generate");
        files.into_iter().find(|f| f.path == "src/generated/endpoint.rs").expect("endpoint.rs").contents
    };
    assert_eq!(endpoint(&capitalised), endpoint(&rules), "the case of a type changes nothing");

    let unchecked = serde_json::json!({
        "version": "1.0",
        "parameters": {"Region": {"builtIn": "AWS::Region", "required": false, "type": "String"}},
        "rules": [
            {
                "type": "endpoint",
                "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}],
                "endpoint": {"url": "https://x.{Region}.{PartitionResult#dnsSuffix}", "properties": {}, "headers": {}}
            },
            {"type": "error", "conditions": [], "error": "no region"}
        ]
    });
    let generated = endpoint(&unchecked.to_string()).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        generated.contains(
            "if let Some(region) = params.region && let Some(partition_result) = \
             ::sts_runtime::endpoint_rules::partition( PARTITIONS, region, )"
        ),
        "the region is bound before the partition is looked up: {generated}"
    );
    assert!(generated.contains("format!(\"https://x.{}.{}\", region, partition_result.dns_suffix)"), "{generated}");

    let parse_url = serde_json::json!({
        "version": "1.0",
        "parameters": {"Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String"}},
        "rules": [
            {
                "type": "endpoint",
                "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"},
                    {"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "url"}, "isIp"]}, false]}
                ],
                "endpoint": {"url": "{url#scheme}://{url#authority}{url#normalizedPath}", "properties": {}, "headers": {}}
            },
            {
                "type": "endpoint",
                "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"}
                ],
                "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}, "headers": {}}
            },
            {"type": "error", "conditions": [], "error": "no endpoint"}
        ]
    });
    let generated = endpoint(&parse_url.to_string()).split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "let Some(url) = ::sts_runtime::endpoint_rules::parse_url(endpoint) && !url.is_ip",
        "format!(\"{}://{}{}\", url.scheme, url.authority, url.normalized_path)",
        // Bound but unused: only checked, not named (`url:` in `Endpoint { url: .. }` is a field).
        "&& ::sts_runtime::endpoint_rules::parse_url(endpoint).is_some()",
    ] {
        assert!(generated.contains(expected), "no `{expected}` in {generated}");
    }
}

/// Import/Export posts to `/?Operation=CancelJob`: the operation says so, and other
/// bindings are still refused.
#[test]
fn request_uris_with_a_fixed_query_string_are_kept() {
    let files = generate(&model_with(|m| m["operations"]["Op"]["http"]["requestUri"] = "/?Operation=Op".into()))
        .expect("generate");
    let op = files.iter().find(|f| f.path == "src/generated/operation/op.rs").expect("op.rs");
    assert!(op.contents.contains("\n    request uri \"/?Operation=Op\",\n"), "{}", op.contents);
    let plain = generate(&model_with(|_| {})).expect("generate");
    let op = plain.iter().find(|f| f.path == "src/generated/operation/op.rs").expect("op.rs");
    assert!(!op.contents.contains("request uri"), "`/` is the default");
    for (method, uri) in [("GET", "/"), ("POST", "/{Name}"), ("POST", "relative"), ("POST", "/#fragment")] {
        let err = generate(&model_with(|m| {
            m["operations"]["Op"]["http"] = serde_json::json!({"method": method, "requestUri": uri})
        }))
        .expect_err("refused");
        assert!(err.to_string().contains(&format!("HTTP binding {method} {uri}")), "{err}");
    }
}

#[test]
fn a_minimal_model_generates() {
    let files = generate(&model_with(|_| {})).expect("generate");
    assert!(files.iter().any(|f| f.path == "src/generated/operation/op.rs"));
}

/// A structure marked `sensitive` (botocore 1.44.8's `TrustedIdentityPropagationContext`)
/// hides every member from `Debug`, even members whose own shapes are not sensitive.
#[test]
fn every_member_of_a_sensitive_structure_is_redacted() {
    let model = model_with(|m| {
        m["operations"]["Op"]["output"] = serde_json::json!({"shape": "OpResponse"});
        m["shapes"]["OpResponse"] =
            serde_json::json!({"type": "structure", "members": {"Context": {"shape": "Context"}}});
        m["shapes"]["Context"] = serde_json::json!({
            "type": "structure",
            "sensitive": true,
            "members": {"Issuer": {"shape": "String"}, "Arn": {"shape": "String"}}
        });
    });
    let files = generate(&model).expect("generate");
    let context = files.iter().find(|f| f.path == "src/generated/types/context.rs").expect("context type");
    for field in ["issuer", "arn"] {
        assert!(
            context.contents.contains(&format!(".field(\"{field}\", &::sts_runtime::redact::SENSITIVE)")),
            "`{field}` is not redacted:\n{}",
            context.contents
        );
    }
    assert!(!context.contents.contains("Debug)]"), "a derived Debug would show the members");
    let op = files.iter().find(|f| f.path == "src/generated/operation/op.rs").expect("operation");
    assert!(op.contents.contains(".field(\"context\", &::sts_runtime::redact::SENSITIVE)"));
}

/// Redaction does not depend on the model's age: botocore 1.20.0's STS model
/// (`tests/fixtures/sts-botocore-1.20.0.json`, verbatim) marks nothing sensitive, not even
/// the secret access key, yet every secret is kept out of `Debug`.
#[test]
fn secrets_are_redacted_by_name_in_a_model_that_marks_none() {
    let old = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sts-botocore-1.20.0.json"))
        .expect("fixture");
    assert!(!old.contains("\"sensitive\""), "the fixture is the model from before sensitive flags");
    let files = generate(&old).expect("the old model generates");
    let file = |path: &str| files.iter().find(|f| f.path == path).map(|f| f.contents.as_str()).expect(path);
    let redacted = |contents: &str, field: &str| {
        contents.contains(&format!(".field(\"{field}\", &::sts_runtime::redact::SENSITIVE)"))
    };
    let shown = |contents: &str, field: &str| contents.contains(&format!(".field(\"{field}\", &self.{field})"));
    let credentials = file("src/generated/types/credentials.rs");
    assert!(redacted(credentials, "secret_access_key") && redacted(credentials, "session_token"), "{credentials}");
    assert!(shown(credentials, "access_key_id") && shown(credentials, "expiration"), "{credentials}");
    // An input builder's `Debug` is `input_builder!`'s, which redacts the members flagged
    // `sensitive` in its call.
    let flagged = |contents: &str, field: &str| {
        contents.lines().map(str::trim).any(|line| {
            line.strip_prefix(field).is_some_and(|flags| flags.starts_with(' ') && flags.contains(" sensitive"))
        })
    };
    let saml = file("src/generated/operation/assume_role_with_saml.rs");
    assert!(redacted(saml, "saml_assertion") && flagged(saml, "saml_assertion"), "{saml}");
    assert!(!flagged(saml, "role_arn") && !flagged(saml, "principal_arn"), "{saml}");
    let web = file("src/generated/operation/assume_role_with_web_identity.rs");
    assert!(redacted(web, "web_identity_token") && flagged(web, "web_identity_token"), "the token is a secret");
    assert!(!redacted(web, "subject_from_web_identity_token"), "its subject claim is not");
}

#[test]
fn secret_member_names() {
    use sts_codegen::lower::secret_by_name;
    for name in [
        "SecretAccessKey",
        "SessionToken",
        "WebIdentityToken",
        "SAMLAssertion",
        "TradeInToken",
        "Password",
        "NewPassword",
        "ClientSecret",
        "RefreshToken",
        "accessToken",
        "PrivateKey",
    ] {
        assert!(secret_by_name(name), "{name}");
    }
    for name in [
        "AccessKeyId",
        "SubjectFromWebIdentityToken",
        "PasswordLastUsed",
        "PasswordResetRequired",
        "TokenCode",
        "NextToken",
        "SerialNumber",
        "SecretArn",
    ] {
        assert!(!secret_by_name(name), "{name}");
    }
}

/// What other awsQuery models of botocore carry (RDS, CloudWatch, ElastiCache, SimpleDB,
/// Import/Export): accepted, and changing nothing that is generated.
#[test]
fn fields_of_other_awsquery_models_are_accepted() {
    let plain = generate(&model_with(|m| {
        m["shapes"]["Oops"] = serde_json::json!({
            "type": "structure", "members": {}, "error": {"code": "Oops"}, "exception": true
        });
        m["operations"]["Op"]["errors"] = serde_json::json!([{"shape": "Oops"}]);
    }))
    .expect("generate");
    let with_fields = generate(&model_with(|m| {
        m["metadata"]["awsQueryCompatible"] = serde_json::json!({});
        m["examples"] = serde_json::json!({"Op": []});
        m["operations"]["Op"]["readonly"] = true.into();
        m["shapes"]["OpRequest"]["wrapper"] = true.into();
        m["shapes"]["OpRequest"]["xmlOrder"] = serde_json::json!(["Name"]);
        m["shapes"]["Oops"] = serde_json::json!({
            "type": "structure", "members": {}, "error": {"code": "Oops"}, "exception": true, "synthetic": true
        });
        m["operations"]["Op"]["errors"] =
            serde_json::json!([{"shape": "Oops", "exception": true, "error": {"code": "Oops"}}, {"shape": "Oops"}]);
    }))
    .expect("generate");
    assert_eq!(plain, with_fields, "the extra fields, and an error listed twice, change nothing");

    let err = generate(&model_with(|m| {
        m["shapes"]["Oops"] =
            serde_json::json!({"type": "structure", "members": {}, "error": {"code": "Oops"}, "exception": true});
        m["operations"]["Op"]["errors"] = serde_json::json!([{"shape": "Oops", "error": {"code": "Other"}}]);
    }))
    .expect_err("contradicting codes");
    assert!(err.to_string().contains("lists error `Oops` with code `Other`, but the shape's code is `Oops`"), "{err}");
}

/// CloudWatch lists `smithy-rpc-v2-cbor` first and awsQuery after: awsQuery is generated.
#[test]
fn awsquery_is_generated_when_the_model_offers_it() {
    let files = generate(&model_with(|m| {
        m["metadata"]["protocol"] = "smithy-rpc-v2-cbor".into();
        m["metadata"]["protocols"] = serde_json::json!(["smithy-rpc-v2-cbor", "json", "query"]);
    }))
    .expect("awsQuery is offered");
    assert!(files.iter().any(|f| f.path == "src/generated/operation/op.rs"));
    let err = generate(&model_with(|m| {
        m["metadata"]["protocol"] = "smithy-rpc-v2-cbor".into();
        m["metadata"]["protocols"] = serde_json::json!(["smithy-rpc-v2-cbor", "json"]);
    }))
    .expect_err("no awsQuery");
    assert!(err.to_string().contains("protocol `smithy-rpc-v2-cbor`, `json` (only `query` is supported)"), "{err}");
}

/// IAM's GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy share their
/// output shape, and RDS's DBCluster is both an output and a list's element: each
/// operation gets its own input and output type, and a nested one is a shared type too.
#[test]
fn operations_sharing_a_shape_get_a_type_each() {
    let files = generate(&model_with(|m| {
        for op in ["GetA", "GetB"] {
            m["operations"][op] = serde_json::json!({
                "name": op, "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "OpRequest"},
                "output": {"shape": "Thing", "resultWrapper": format!("{op}Result")}
            });
        }
        m["shapes"]["Thing"] = serde_json::json!({"type": "structure", "members": {"Id": {"shape": "String"}}});
        m["shapes"]["Things"] = serde_json::json!({"type": "list", "member": {"shape": "Thing"}});
        m["shapes"]["ListResponse"] =
            serde_json::json!({"type": "structure", "members": {"Items": {"shape": "Things"}}});
        m["operations"]["Op"]["output"] = serde_json::json!({"shape": "ListResponse"});
    }))
    .expect("generate");
    let file = |path: &str| files.iter().find(|f| f.path == path).map(|f| f.contents.as_str()).expect(path);
    assert!(file("src/generated/operation/get_a.rs").contains("pub struct GetAOutput"));
    assert!(file("src/generated/operation/get_b.rs").contains("pub struct GetBOutput"));
    assert!(file("src/generated/operation/get_a.rs").contains("pub struct GetAInput"));
    assert!(file("src/generated/operation/get_b.rs").contains("pub struct GetBInput"));
    assert!(file("src/generated/types/thing.rs").contains("pub struct Thing "), "the nested use is a shared type");
    assert!(file("src/generated/operation/op.rs").contains("Vec<crate::types::Thing>"));
}

/// A member named like a generated method (Elastic Beanstalk's `Build`) is renamed by the
/// one rule, `_value` appended, and the generated method keeps its name.
#[test]
fn members_named_like_generated_methods_are_renamed() {
    let files = generate(&model_with(|m| {
        m["shapes"]["OpRequest"]["members"]["Build"] = serde_json::json!({"shape": "String"});
        m["shapes"]["OpRequest"]["members"]["Send"] = serde_json::json!({"shape": "String"});
    }))
    .expect("generate");
    let op = files.iter().find(|f| f.path == "src/generated/operation/op.rs").expect("operation").contents.as_str();
    for expected in
        ["pub build_value: Option<String>", "pub fn build_value(", "pub send_value: Option<String>", "pub fn build("]
    {
        assert!(op.contains(expected), "`{expected}` missing");
    }
    assert!(op.contains("(\"Build\""), "the wire name stays `Build`");
    let clash = generate(&model_with(|m| {
        m["shapes"]["OpRequest"]["members"]["Build"] = serde_json::json!({"shape": "String"});
        m["shapes"]["OpRequest"]["members"]["BuildValue"] = serde_json::json!({"shape": "String"});
    }))
    .expect_err("the renamed field meets a real one");
    assert!(clash.to_string().contains("build_value"), "{clash}");
}

#[test]
fn unknown_fields_and_unsupported_constructs_are_errors() {
    type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|m| m["metadata"]["protocol"] = "json".into()), "protocol `json`"),
        (Box::new(|m| m["shapes"]["String"]["somethingNew"] = true.into()), "somethingNew"),
        (Box::new(|m| m["shapes"]["String"]["type"] = "bigDecimal".into()), "unknown variant"),
        (
            Box::new(|m| m["shapes"]["OpRequest"]["members"]["Name"]["shape"] = "Missing".into()),
            "`Missing` is referenced but not defined",
        ),
        (Box::new(|m| m["shapes"]["OpRequest"]["required"] = serde_json::json!(["Nope"])), "requires `Nope`"),
        (Box::new(|m| m["operations"]["Op"]["auth"] = serde_json::json!(["custom#auth"])), "auth scheme `custom#auth`"),
        (Box::new(|m| m["shapes"]["OpRequest"]["members"]["Name"]["location"] = "header".into()), "HTTP headers"),
        (
            Box::new(|m| {
                m["shapes"]["OpRequest"]["exception"] = true.into();
                m["operations"]["Op"]["errors"] = serde_json::json!([{"shape": "OpRequest"}]);
            }),
            "an error shape also used as `OpInput`",
        ),
        (
            Box::new(|m| {
                m["shapes"]["OpRequest"]["members"]["Other"] = serde_json::json!({"shape": "String"});
                m["shapes"]["OpRequest"]["members"]["other"] = serde_json::json!({"shape": "String"});
            }),
            "both become `other`",
        ),
        (
            Box::new(|m| m["operations"]["Op"]["endpoint"] = serde_json::json!({"hostPrefix": "a.{Name."})),
            "has an unclosed `{`",
        ),
        (
            Box::new(|m| m["operations"]["Op"]["endpoint"] = serde_json::json!({"hostPrefix": "a.{Name}."})),
            "names `Name`, not a string host label",
        ),
        (
            // `Name`'s `set_name` and `SetName`'s field and setter.
            Box::new(|m| m["shapes"]["OpRequest"]["members"]["SetName"] = serde_json::json!({"shape": "String"})),
            "OpRequest builder` uses two items that both become `set_name`",
        ),
    ];
    for (edit, expected) in cases {
        let err = generate(&model_with(edit)).expect_err("must fail");
        assert!(matches!(err, Error::Parse(_) | Error::Model { .. } | Error::Unsupported { .. }), "{err:?}");
        assert!(err.to_string().contains(expected), "`{err}` does not mention `{expected}`");
    }
}

#[test]
fn every_compliance_case_is_a_test_or_a_documented_skip() {
    let files = sts_codegen::generate_protocol_tests(
        &model_file("tests/protocol-tests/input/query.json"),
        &model_file("tests/protocol-tests/output/query.json"),
    )
    .expect("generate");
    let tests: usize = files.iter().map(|f| f.contents.matches("#[test]").count()).sum();
    let skipped = sts_codegen::protocol_tests::SKIPPED;
    assert_eq!(tests + skipped.len(), 76);
    let index = files.iter().find(|f| f.path == "src/input/mod.rs").expect("input index");
    for (id, reason) in skipped {
        assert!(index.contents.contains(id) && index.contents.contains(&reason[..30]), "{id} is not documented");
    }
}

/// What the client tells the runtime about its service: the signature version (from the
/// model, or the customizations table), the endpoint URL variable named after the service
/// id, and the service's own transient error codes.
#[test]
fn service_facts_come_from_the_model_and_the_customizations_table() {
    let client = |edit: Box<dyn FnOnce(&mut serde_json::Value)>| {
        let files = generate(&model_with(edit)).expect("generate");
        let text = files.into_iter().find(|f| f.path == "src/generated/client.rs").expect("client.rs").contents;
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let plain = client(Box::new(|m| m["metadata"]["serviceId"] = "Elastic Load Balancing v2".into()));
    assert!(plain.contains("signature: ::sts_runtime::sign::SignatureVersion::V4,"), "{plain}");
    assert!(plain.contains("endpoint_url_variable: \"AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2\","), "{plain}");
    assert!(plain.contains("transient_codes: &[],"), "{plain}");

    let simpledb = client(Box::new(|m| {
        m["metadata"]["serviceId"] = "SimpleDB".into();
        m["metadata"]["signatureVersion"] = "v2".into();
    }));
    assert!(simpledb.contains("SignatureVersion::V2,"), "{simpledb}");
    let import_export = client(Box::new(|m| {
        m["metadata"]["serviceId"] = "ImportExport".into();
        m["metadata"]["signatureVersion"] = "v2".into();
    }));
    assert!(import_export.contains("SignatureVersion::V4,"), "botocore signs it with SigV4: {import_export}");
    let listed = client(Box::new(|m| {
        m["metadata"]["signatureVersion"] = "v2".into();
        m["metadata"]["auth"] = serde_json::json!(["aws.auth#sigv4"]);
    }));
    assert!(listed.contains("SignatureVersion::V4,"), "the auth list wins: {listed}");
    let sts = client(Box::new(|m| m["metadata"]["serviceId"] = "STS".into()));
    assert!(sts.contains("transient_codes: &[\"IDPCommunicationError\"],"), "{sts}");

    let err = generate(&model_with(|m| m["metadata"]["signatureVersion"] = "s3v4".into())).expect_err("unsupported");
    assert!(err.to_string().contains("signature version `s3v4`"), "{err}");
}

/// A list flattened in its own definition (SimpleDB's) is named by its member's
/// `locationName` on the wire, both ways; one flattened by the structure member keeps the
/// member's name.
#[test]
fn lists_flattened_in_their_definition_take_their_members_name() {
    let files = generate(&model_with(|m| {
        m["operations"]["Op"]["output"] = serde_json::json!({"shape": "OpRequest", "resultWrapper": "OpResult"});
        m["shapes"]["OpRequest"]["members"]["Names"] = serde_json::json!({"shape": "NameList"});
        m["shapes"]["OpRequest"]["members"]["Others"] = serde_json::json!({"shape": "PlainList", "flattened": true});
        m["shapes"]["NameList"] =
            serde_json::json!({"type": "list", "member": {"shape": "String", "locationName": "Name"}, "flattened": true});
        m["shapes"]["PlainList"] = serde_json::json!({"type": "list", "member": {"shape": "String", "locationName": "item"}});
    }))
    .expect("generate");
    let op = files.iter().find(|f| f.path == "src/generated/operation/op.rs").expect("op.rs");
    let text = op.contents.split_whitespace().collect::<Vec<_>>().join(" ");
    let read_as =
        |name: &str| text.contains(&format!("\"{name}\" => builder.")) || text.contains(&format!("\"{name}\" => {{"));
    assert!(text.contains("\"Name\" => builder.names."), "read as <Name>: {text}");
    assert!(text.contains("\"Others\" => builder.others."), "read as <Others>: {text}");
    assert!(!read_as("Names") && !read_as("item"), "{text}");
    assert!(text.contains("writer.member(\"Name\").list(true,"), "written as Name.N: {text}");
    assert!(text.contains("writer.member(\"Others\").list(true,"), "written as Others.N: {text}");
}

/// The runtime crate is named by one setting: nothing emitted names `sts_runtime` when
/// another name is chosen, and a name that is not an identifier is refused.
#[test]
fn the_runtime_crate_is_one_setting() {
    let (rules, partitions) = (model_file("endpoint-rule-set-1.json"), model_file("partitions.json"));
    let model = sts_model();
    let inputs = Inputs { service_model: &model, endpoint_rules: &rules, partitions: &partitions };
    let settings = sts_codegen::Settings { runtime_crate: "aws_query_runtime".to_owned(), ..Default::default() };
    let files = sts_codegen::generate_with(&inputs, &settings).expect("generate");
    let default = sts_codegen::generate(&inputs).expect("generate");
    assert_eq!(files.len(), default.len());
    for (file, same) in files.iter().zip(&default) {
        assert!(!file.contents.contains("sts_runtime"), "{} still names sts_runtime", file.path);
        // Every mention renamed (lines may wrap differently with a longer name).
        let mentions = |text: &str, name: &str| text.matches(name).count();
        assert_eq!(
            mentions(&file.contents, "aws_query_runtime"),
            mentions(&same.contents, "sts_runtime"),
            "{}",
            file.path
        );
    }
    assert!(files.iter().any(|f| f.contents.contains("::aws_query_runtime::operation::Handle")));
    for bad in ["aws-query-runtime", "crate", ""] {
        let settings = sts_codegen::Settings { runtime_crate: bad.to_owned(), ..Default::default() };
        let err = sts_codegen::generate_with(&inputs, &settings).expect_err("refused");
        assert!(err.to_string().contains("runtime crate name"), "{err}");
    }
}

/// Every emitted file's first line says where the model came from: `model/` by default,
/// the setting otherwise (one line, or refused); nothing else changes.
#[test]
fn the_header_names_the_models_source() {
    let (rules, partitions) = (model_file("endpoint-rule-set-1.json"), model_file("partitions.json"));
    let model = sts_model();
    let inputs = Inputs { service_model: &model, endpoint_rules: &rules, partitions: &partitions };
    let default = sts_codegen::generate(&inputs).expect("generate");
    assert_eq!(sts_codegen::emit::header(sts_codegen::DEFAULT_MODEL_SOURCE), sts_codegen::emit::HEADER);
    let source = "botocore's STS model (2011-06-15)";
    let settings = sts_codegen::Settings { model_source: source.to_owned(), ..Default::default() };
    let files = sts_codegen::generate_with(&inputs, &settings).expect("generate");
    let header = "// @generated by sts-codegen from botocore's STS model (2011-06-15). DO NOT EDIT.";
    for (file, same) in files.iter().zip(&default) {
        let (first, rest) = file.contents.split_once('\n').expect("lines");
        assert_eq!(first, header, "{}", file.path);
        assert_eq!(
            Some(rest),
            same.contents.strip_prefix(sts_codegen::emit::HEADER).and_then(|r| r.strip_prefix('\n'))
        );
    }
    for bad in ["", "two\nlines"] {
        let settings = sts_codegen::Settings { model_source: bad.to_owned(), ..Default::default() };
        let err = sts_codegen::generate_with(&inputs, &settings).expect_err("refused");
        assert!(err.to_string().contains("model source"), "{err}");
    }
}

/// A rule set with `parameters` and one rule that always gives `https://example.com`.
fn rules_with(parameters: serde_json::Value) -> sts_codegen::rules::RuleSet {
    serde_json::from_value(serde_json::json!({
        "version": "1.0",
        "parameters": parameters,
        "rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://example.com"}}],
    }))
    .expect("a rule set")
}

#[test]
fn a_services_own_boolean_built_ins_become_endpoint_flags() {
    use sts_codegen::ir::{EndpointFlag, EndpointParamKind, FlagVariable, ParamSource};
    let params = sts_codegen::lower::endpoint_params(&rules_with(serde_json::json!({
        "Region": {"type": "String", "builtIn": "AWS::Region"},
        "UseGlobalEndpoint": {"type": "Boolean", "builtIn": "AWS::STS::UseGlobalEndpoint", "default": false},
        "Accelerate": {"type": "boolean", "builtIn": "AWS::Example::Accelerate", "default": true},
    })))
    .expect("lowered");
    let by_name = |name: &str| params.iter().find(|p| p.wire_name == name).expect(name).clone();
    assert_eq!(by_name("Region").source, ParamSource::Region);
    let global = by_name("UseGlobalEndpoint");
    assert_eq!(
        (global.field.as_str(), global.kind),
        ("use_global_endpoint", EndpointParamKind::Bool { default: false })
    );
    assert_eq!(
        global.source,
        ParamSource::Flag(EndpointFlag {
            const_name: "USE_GLOBAL_ENDPOINT".to_owned(),
            built_in: "AWS::STS::UseGlobalEndpoint".to_owned(),
            variable: Some(FlagVariable {
                name: "AWS_STS_REGIONAL_ENDPOINTS".into(),
                on: "legacy".into(),
                off: "regional".into()
            }),
        })
    );
    let ParamSource::Flag(accelerate) = by_name("Accelerate").source else { panic!("a flag") };
    assert_eq!((accelerate.const_name.as_str(), accelerate.variable), ("ACCELERATE", None));

    // A string built-in of a service's own is not a flag: generation stops, naming it.
    let err = sts_codegen::lower::endpoint_params(&rules_with(serde_json::json!({
        "AccountId": {"type": "string", "builtIn": "AWS::Auth::AccountId"},
    })))
    .expect_err("unsupported");
    assert!(err.to_string().contains("AccountId") && err.to_string().contains("AWS::Auth::AccountId"), "{err}");
}

#[test]
fn endpoint_flags_are_emitted_as_constants_the_client_reads() {
    let files = generate(&sts_model()).expect("generates");
    let text = |path: &str| files.iter().find(|f| f.path.ends_with(path)).expect(path).contents.clone();
    let endpoint = text("generated/endpoint.rs");
    assert!(endpoint.contains("pub const USE_GLOBAL_ENDPOINT: ::sts_runtime::config::EndpointFlag"), "{endpoint}");
    let from_config = endpoint.split("pub fn from_config").nth(1).expect("from_config");
    assert!(from_config.contains(".endpoint_flag(USE_GLOBAL_ENDPOINT)"), "{endpoint}");
    let client = text("generated/client.rs");
    assert!(client.contains("endpoint_flags: &[crate::endpoint::USE_GLOBAL_ENDPOINT]"), "{client}");
}

#[test]
fn endpoint_rules_are_lowered_typed() {
    use sts_codegen::ir::{EndpointRule, RuleCondition, RuleExpr, RuleOutcome, TemplatePart};
    let rules = serde_json::from_value(serde_json::json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "string", "builtIn": "AWS::Region"},
            "UseFIPS": {"type": "boolean", "builtIn": "AWS::UseFIPS", "default": false},
        },
        "rules": [{
            "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"},
                {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, false]},
            ],
            "type": "endpoint",
            "endpoint": {"url": "https://x.{Region}.{PartitionResult#dnsSuffix}"},
        }, {
            "conditions": [{"fn": "aws.partition", "argv": ["us-east-1"], "assign": "Unused"}],
            "type": "error",
            "error": "no region",
        }],
    }))
    .expect("a rule set");
    let params = sts_codegen::lower::endpoint_params(&rules).expect("params");
    let lowered = sts_codegen::lower::endpoint_rules(&rules, &params).expect("rules");
    let region = RuleExpr::Bound("region".into());
    let partition = RuleExpr::Bound("partition_result".into());
    assert_eq!(
        lowered[0],
        EndpointRule {
            conditions: vec![
                RuleCondition::Bind { var: "region".into(), value: RuleExpr::Param("region".into()), used: true },
                RuleCondition::Bind {
                    var: "partition_result".into(),
                    value: RuleExpr::Partition(Box::new(region.clone())),
                    used: true,
                },
                RuleCondition::Test(RuleExpr::Not(Box::new(RuleExpr::Param("use_fips".into())))),
            ],
            outcome: RuleOutcome::Endpoint {
                url: RuleExpr::Template(vec![
                    TemplatePart::Text("https://x.".into()),
                    TemplatePart::Value(region),
                    TemplatePart::Text(".".into()),
                    TemplatePart::Value(RuleExpr::Field(Box::new(partition), "dns_suffix".into())),
                ]),
                signing_region: None,
                signing_name: None,
            },
        }
    );
    assert!(
        matches!(&lowered[1].conditions[0], RuleCondition::Bind { used: false, .. }),
        "a binding nothing reads is only tested: {:?}",
        lowered[1]
    );

    // A name no parameter or condition defines, and a string where a boolean is wanted.
    for (rule, expected) in [
        (serde_json::json!({"fn": "isSet", "argv": [{"ref": "Nope"}]}), "`Nope`"),
        (serde_json::json!({"fn": "booleanEquals", "argv": [{"ref": "Region"}, true]}), "`booleanEquals` on a OptStr"),
    ] {
        let set: sts_codegen::rules::RuleSet = serde_json::from_value(serde_json::json!({
            "version": "1.0",
            "parameters": {"Region": {"type": "string", "builtIn": "AWS::Region"}},
            "rules": [{"conditions": [rule], "type": "error", "error": "x"}],
        }))
        .expect("a rule set");
        let params = sts_codegen::lower::endpoint_params(&set).expect("params");
        let err = sts_codegen::lower::endpoint_rules(&set, &params).expect_err("refused");
        assert!(err.to_string().contains(expected), "{err}");
    }
}

#[test]
fn partition_region_regexes_are_compiled_when_lowered() {
    use sts_codegen::ir::RegionPart;
    let partition = |regex: &str| {
        serde_json::json!({
            "id": "aws",
            "outputs": {
                "name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                "implicitGlobalRegion": "us-east-1", "supportsFIPS": true, "supportsDualStack": true
            },
            "regionRegex": regex,
            "regions": {"us-east-1": {}},
        })
    };
    let table = |regex: &str| -> sts_codegen::rules::Partitions {
        serde_json::from_value(serde_json::json!({"version": "1.1", "partitions": [partition(regex)]})).expect("table")
    };
    let lowered = sts_codegen::lower::partitions(&table(r"^(us|eu|ap)\-\w+\-\d+$")).expect("lowered");
    assert_eq!(lowered.version, "1.1");
    assert_eq!(lowered.partitions[0].regions, ["us-east-1"]);
    assert_eq!(
        lowered.partitions[0].region_pattern,
        [
            RegionPart::OneOf(vec!["us".into(), "eu".into(), "ap".into()]),
            RegionPart::Literal("-".into()),
            RegionPart::Word,
            RegionPart::Literal("-".into()),
            RegionPart::Digits,
        ]
    );
    for unsupported in [r"^us\-[a-z]+$", r"us\-\w+", r"^(us|eu.)\-\d+$"] {
        let err = sts_codegen::lower::partitions(&table(unsupported)).expect_err(unsupported);
        assert!(err.to_string().contains("region regex"), "{err}");
    }
}

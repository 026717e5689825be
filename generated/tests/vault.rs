//! Vault's AWS IAM login data, decoded and replayed as Vault replays it, to a server on
//! 127.0.0.1 that checks the signature.

use sts::vault::{self, VaultLoginError};
use sts::{Client, Config, Credentials};
use sts_testkit::{TestServer, verify_sigv4};

const KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn decoded(json: &serde_json::Value, field: &str) -> String {
    let text = json[field].as_str().unwrap_or_else(|| panic!("{field} is a string"));
    String::from_utf8(sts_runtime::base64::decode(text).expect("standard base64")).expect("UTF-8")
}

#[tokio::test]
async fn the_login_data_replays_to_a_verified_signature() {
    let server = TestServer::start().await;
    server.respond(200, "<GetCallerIdentityResponse/>");
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(&server.url)
            .credentials_provider(Credentials::new(KEY, SECRET, Some("FwoGZXIvYXdzTOKEN".into()), None, "test"))
            .build(),
    );
    let login = vault::iam_login_data(&client, Some("web-app"), Some("vault.example.com")).await.expect("login data");
    assert!(!format!("{login:?}").contains("FwoGZXIvYXdzTOKEN") && !format!("{login:?}").contains("Signature="));
    assert_eq!(server.request_count(), 0, "nothing is sent");

    let json: serde_json::Value = serde_json::from_str(&login.to_json()).expect("JSON");
    assert_eq!(json["iam_http_request_method"], "POST");
    assert_eq!(json["role"], "web-app");
    let url = decoded(&json, "iam_request_url");
    assert_eq!(url, format!("{}/", server.url));
    let body = decoded(&json, "iam_request_body");
    assert_eq!(body, "Action=GetCallerIdentity&Version=2011-06-15");
    let headers: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&decoded(&json, "iam_request_headers")).expect("a JSON object");
    let mut names: Vec<&str> = headers.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Authorization",
            "Content-Type",
            "User-Agent",
            "X-Amz-Date",
            "X-Amz-Security-Token",
            "X-Vault-Aws-Iam-Server-Id"
        ]
    );

    // Vault's side: rebuild the request from the data, send it to "STS", which checks it.
    let request = sts::config::HttpRequest {
        method: "POST",
        url,
        headers: headers
            .iter()
            .map(|(name, values)| {
                let values = values.as_array().expect("a list of values");
                assert_eq!(values.len(), 1);
                (name.clone().into(), values[0].as_str().expect("a string").to_owned().into())
            })
            .collect(),
        body,
    };
    client.config().http_client().send(request).await.expect("sent");
    let replayed = server.single_request();
    verify_sigv4(&replayed, KEY, SECRET, "us-east-1");
    let authorization = replayed.header("authorization").expect("authorization");
    assert!(authorization.contains("x-vault-aws-iam-server-id"), "the server id is signed: {authorization}");
}

#[tokio::test]
async fn a_bad_server_id_or_missing_credentials_is_an_error() {
    let client = Client::from_conf(Config::builder().region("us-east-1").build());
    let err = vault::iam_login_data(&client, None, Some("bad\r\nid")).await.expect_err("invalid");
    assert!(matches!(err, VaultLoginError::InvalidServerId));
    let err = vault::iam_login_data(&client, None, None).await.expect_err("no credentials");
    assert!(matches!(&err, VaultLoginError::Sign(sts::error::SdkError::CredentialsUnavailable(_))), "{err}");
}

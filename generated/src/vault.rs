//! Vault's AWS IAM auth method: the login data `vault login -method=aws` sends to
//! `auth/aws/login`, made here without the Vault CLI.
//!
//! Vault checks who you are by sending, itself, a `GetCallerIdentity` request you signed: the
//! data holds that request's URL, body and headers, each base64-encoded. The signed request
//! is a credential for a few minutes: `Debug` hides it.
//!
//! ```no_run
//! # async fn f() -> Result<(), Box<dyn std::error::Error>> {
//! let client = sts::Client::from_env()?;
//! let login = sts::vault::iam_login_data(&client, Some("web-app"), Some("vault.example.com")).await?;
//! // POST this to https://vault.example.com/v1/auth/aws/login
//! let body = login.to_json();
//! # let _ = body; Ok(()) }
//! ```

use std::fmt;

use sts_runtime::base64;
use sts_runtime::error::SdkError;

use crate::operation::get_caller_identity::GetCallerIdentityError;

/// The header that binds the signed request to one Vault server, when Vault's
/// `iam_server_id_header_value` is set.
pub const SERVER_ID_HEADER: &str = "X-Vault-AWS-IAM-Server-ID";

/// The headers Vault accepts in the login data (lowercase); the others are left out.
const ACCEPTED: [&str; 6] =
    ["authorization", "content-type", "user-agent", "x-amz-date", "x-amz-security-token", "x-vault-aws-iam-server-id"];

/// The body of a Vault `auth/aws/login` request, for the `iam` auth type.
#[derive(Clone, PartialEq, Eq)]
pub struct VaultLoginData {
    role: Option<String>,
    url: String,
    body: String,
    headers: Vec<(String, String)>,
}

impl VaultLoginData {
    /// The Vault role to log in as (`None`: Vault's default, the role named as the IAM
    /// principal).
    pub fn role(&self) -> Option<&str> {
        self.role.as_deref()
    }

    /// The JSON to post to `auth/aws/login`: `iam_http_request_method` (`POST`), and
    /// `iam_request_url`, `iam_request_body` and `iam_request_headers` (a JSON object of
    /// header name to list of values, as Go's `http.Header` encodes), each standard base64;
    /// `role` when set.
    pub fn to_json(&self) -> String {
        let mut headers = serde_json::Map::new();
        for (name, value) in &self.headers {
            let values = headers.entry(go_canonical(name)).or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let serde_json::Value::Array(values) = values {
                values.push(serde_json::Value::String(value.clone()));
            }
        }
        let headers = serde_json::Value::Object(headers).to_string();
        let mut data = serde_json::json!({
            "iam_http_request_method": "POST",
            "iam_request_url": base64::encode(self.url.as_bytes()),
            "iam_request_body": base64::encode(self.body.as_bytes()),
            "iam_request_headers": base64::encode(headers.as_bytes()),
        });
        if let Some(role) = &self.role {
            data["role"] = serde_json::Value::String(role.clone());
        }
        data.to_string()
    }
}

impl fmt::Debug for VaultLoginData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("VaultLoginData")
            .field("role", &self.role)
            .field("url", &self.url)
            .field("headers", &names)
            .finish_non_exhaustive()
    }
}

/// A header name as Go's `http.Header` keys it: `x-amz-date` -> `X-Amz-Date`.
fn go_canonical(name: &str) -> String {
    let mut upper = true;
    name.chars()
        .map(|c| {
            let out = if upper { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
            upper = c == '-';
            out
        })
        .collect()
}

/// Why no login data could be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum VaultLoginError {
    /// The server id is empty or has a control character.
    InvalidServerId,
    /// Signing failed (no region, no credentials...).
    Sign(SdkError<GetCallerIdentityError>),
}

impl fmt::Display for VaultLoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidServerId => write!(f, "the {SERVER_ID_HEADER} value is empty or has a control character"),
            Self::Sign(e) => write!(f, "could not sign the Vault login request: {e}"),
        }
    }
}

impl std::error::Error for VaultLoginError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Sign(e) => std::error::Error::source(e),
            Self::InvalidServerId => None,
        }
    }
}

/// The login data for Vault role `role` (if any), with `client`'s credentials and STS
/// endpoint (Vault's `sts_endpoint` and `sts_region` must match it), the request bound to
/// the Vault server `server_id` (if Vault asks for one).
pub async fn iam_login_data(
    client: &crate::Client,
    role: Option<&str>,
    server_id: Option<&str>,
) -> Result<VaultLoginData, VaultLoginError> {
    let mut extra = Vec::new();
    if let Some(id) = server_id {
        if id.is_empty() || id.chars().any(char::is_control) {
            return Err(VaultLoginError::InvalidServerId);
        }
        extra.push((SERVER_ID_HEADER.to_owned(), id.to_owned()));
    }
    let signed = client.get_caller_identity().signed_request(&extra).await.map_err(VaultLoginError::Sign)?;
    let headers = signed
        .headers()
        .iter()
        .filter(|(name, _)| ACCEPTED.contains(&name.to_ascii_lowercase().as_str()))
        .cloned()
        .collect();
    Ok(VaultLoginData {
        role: role.map(str::to_owned),
        url: signed.url().to_owned(),
        body: signed.body().to_owned(),
        headers,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_names_are_keyed_as_go_keys_them() {
        assert_eq!(super::go_canonical("x-amz-date"), "X-Amz-Date");
        assert_eq!(super::go_canonical("X-Vault-AWS-IAM-Server-ID"), "X-Vault-Aws-Iam-Server-Id");
        assert_eq!(super::go_canonical("content-type"), "Content-Type");
    }
}

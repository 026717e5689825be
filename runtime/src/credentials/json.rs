//! Credentials as JSON documents give them (`credential_process`, the container endpoint,
//! IMDS, the SSO portal and its token cache), read with `serde_json`, and what a JSON error
//! answer says. Messages name the member that is wrong, never a value, since the values are
//! secrets.

use std::time::SystemTime;

use serde_json::{Map, Value};

use super::Credentials;
use crate::date_time::{DateTime, TimestampFormat};
use crate::redact;

/// A JSON object's members.
pub(crate) struct Object(Map<String, Value>);

impl Object {
    /// `text` as a JSON object, or why it is not one.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(members)) => Ok(Self(members)),
            Ok(_) => Err("not a JSON object".to_owned()),
            Err(e) => Err(format!("not a JSON object ({e})")),
        }
    }

    /// A member's value.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// An object member, as an object.
    pub(crate) fn object(&self, key: &str) -> Option<Object> {
        match self.0.get(key) {
            Some(Value::Object(members)) => Some(Self(members.clone())),
            _ => None,
        }
    }

    /// The members, to change and write back.
    pub(crate) fn into_members(self) -> Map<String, Value> {
        self.0
    }

    /// A string member; absent, `null` and `""` are `None`.
    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, String> {
        match self.0.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(Value::String(_) | Value::Null) | None => Ok(None),
            Some(_) => Err(format!("`{key}` is not a string")),
        }
    }

    /// The credentials the object holds: `AccessKeyId`, `SecretAccessKey`, the session token
    /// under `token_key` (`SessionToken` or `Token`), `Expiration` (RFC 3339) and
    /// `AccountId`; other members are ignored.
    pub(crate) fn credentials(&self, token_key: &str, provider_name: &'static str) -> Result<Credentials, String> {
        let key = self.string("AccessKeyId")?.ok_or("`AccessKeyId` is missing")?;
        let secret = self.string("SecretAccessKey")?.ok_or("`SecretAccessKey` is missing")?;
        let expiry = match self.string("Expiration")? {
            Some(text) => {
                let at = DateTime::parse(&text, TimestampFormat::DateTime)
                    .map_err(|_| "`Expiration` is not an RFC 3339 date")?;
                Some(SystemTime::try_from(at).map_err(|_| "`Expiration` is out of this system's range")?)
            }
            None => None,
        };
        let credentials = Credentials::new(key, secret, self.string(token_key)?, expiry, provider_name);
        Ok(match self.string("AccountId")? {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        })
    }
}

/// What an endpoint's JSON error body says, bounded, for an error message (`: AccessDenied:
/// token not valid`): its code (`code` or `error`) and message (`message` or
/// `error_description`); nothing for a body that is not such an object.
pub(crate) fn error_detail(body: &str) -> String {
    let Ok(object) = Object::parse(body) else { return String::new() };
    let first = |keys: [&str; 2]| {
        keys.iter().find_map(|key| object.string(key).ok().flatten()).map(|v| redact::bounded(&v, 200).to_string())
    };
    match (first(["code", "error"]), first(["message", "error_description"])) {
        (Some(code), Some(message)) => format!(": {code}: {message}"),
        (Some(one), None) | (None, Some(one)) => format!(": {one}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_give_a_bounded_code_and_message() {
        assert_eq!(error_detail(r#"{"code":"AccessDenied","message":"no"}"#), ": AccessDenied: no");
        assert_eq!(
            error_detail(r#"{"error":"invalid_grant","error_description":"expired"}"#),
            ": invalid_grant: expired"
        );
        assert_eq!(error_detail(r#"{"message":"busy"}"#), ": busy");
        assert_eq!(error_detail("<html>"), "");
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(5000));
        assert!(error_detail(&long).len() < 400);
    }
}

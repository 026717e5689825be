//! Credentials as JSON documents give them (`credential_process`, the container endpoint):
//! a flat object read with `serde_json`. Messages name the member that is wrong, never a
//! value, since the values are secrets.

use std::time::SystemTime;

use serde_json::{Map, Value};

use super::Credentials;
use crate::date_time::{DateTime, TimestampFormat};

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
    pub(crate) fn credentials(&self, token_key: &str) -> Result<Credentials, String> {
        let key = self.string("AccessKeyId")?.ok_or("`AccessKeyId` is missing")?;
        let secret = self.string("SecretAccessKey")?.ok_or("`SecretAccessKey` is missing")?;
        let expiry = match self.string("Expiration")? {
            Some(text) => Some(SystemTime::from(
                DateTime::parse(&text, TimestampFormat::DateTime)
                    .map_err(|_| "`Expiration` is not an RFC 3339 date")?,
            )),
            None => None,
        };
        let credentials = Credentials::new(key, secret, self.string(token_key)?, expiry);
        Ok(match self.string("AccountId")? {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        })
    }
}

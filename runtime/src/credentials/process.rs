//! `credential_process`: credentials printed as JSON by a command of the user's.
//!
//! The command runs through the shell on its own thread (a slow command, such as one that
//! opens a browser for SSO, never blocks the async runtime). Its output is
//! `{"Version": 1, "AccessKeyId": .., "SecretAccessKey": .., "SessionToken": .., "Expiration": ..}`.
//! Error messages include the command's exit status and the start of its standard error,
//! never its standard output, which holds the secret.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::boxed::BoxFuture;
use crate::date_time::{DateTime, TimestampFormat};

/// Runs a command for credentials each time it is asked (put it behind a cache).
#[derive(Debug, Clone)]
pub struct ProcessProvider {
    command: String,
}

impl ProcessProvider {
    /// A provider running `command` through the shell.
    pub fn new(command: impl Into<String>) -> Self {
        Self { command: command.into() }
    }

    fn run(command: &str) -> Result<Credentials, CredentialsError> {
        let output = shell(command)
            .output()
            .map_err(|e| CredentialsError::with_source(format!("credential_process `{command}` could not start"), e))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first_line: String = stderr.lines().next().unwrap_or_default().chars().take(200).collect();
            return Err(CredentialsError::new(format!(
                "credential_process `{command}` failed ({}): {first_line}",
                output.status
            )));
        }
        let stdout = String::from_utf8(output.stdout).map_err(|_| {
            CredentialsError::new(format!("credential_process `{command}` printed something not UTF-8"))
        })?;
        parse_output(&stdout).map_err(|why| CredentialsError::new(format!("credential_process `{command}`: {why}")))
    }
}

#[cfg(unix)]
fn shell(command: &str) -> std::process::Command {
    let mut c = std::process::Command::new("sh");
    c.arg("-c").arg(command);
    c
}

#[cfg(not(unix))]
fn shell(command: &str) -> std::process::Command {
    let mut c = std::process::Command::new("cmd");
    c.arg("/C").arg(command);
    c
}

impl ProvideCredentials for ProcessProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let command = self.command.clone();
        Box::pin(async move {
            let (send, receive) = tokio::sync::oneshot::channel();
            std::thread::spawn(move || {
                let _ = send.send(Self::run(&command));
            });
            receive.await.unwrap_or_else(|_| Err(CredentialsError::new("credential_process thread stopped")))
        })
    }
}

/// Reads the JSON a credential process prints (the message says what is wrong, never a value).
pub fn parse_output(text: &str) -> Result<Credentials, String> {
    let object = json::parse_object(text).map_err(|e| format!("its output is not a JSON object ({e})"))?;
    let string = |key: &str| match object.get(key) {
        Some(json::Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(json::Value::Null) | None => Ok(None),
        Some(_) => Err(format!("`{key}` is not a string")),
    };
    match object.get("Version") {
        Some(json::Value::Number(n)) if n == "1" => {}
        Some(_) => return Err("`Version` is not 1".to_owned()),
        None => return Err("`Version` is missing".to_owned()),
    }
    let key = string("AccessKeyId")?.ok_or("`AccessKeyId` is missing")?;
    let secret = string("SecretAccessKey")?.ok_or("`SecretAccessKey` is missing")?;
    let expiry = match string("Expiration")? {
        Some(text) => Some(SystemTime::from(
            DateTime::parse(&text, TimestampFormat::DateTime).map_err(|_| "`Expiration` is not an RFC 3339 date")?,
        )),
        None => None,
    };
    let credentials = Credentials::new(key, secret, string("SessionToken")?, expiry);
    Ok(match string("AccountId")? {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    })
}

/// Just enough JSON for a flat object of strings, numbers, booleans and nulls.
mod json {
    use super::BTreeMap;

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(super) enum Value {
        String(String),
        /// The number's text.
        Number(String),
        Bool(bool),
        Null,
    }

    pub(super) fn parse_object(text: &str) -> Result<BTreeMap<String, Value>, &'static str> {
        let mut p = Parser { chars: text.chars().peekable() };
        let object = p.object()?;
        p.skip_space();
        if p.chars.next().is_some() { Err("text after the object") } else { Ok(object) }
    }

    struct Parser<'a> {
        chars: std::iter::Peekable<std::str::Chars<'a>>,
    }

    impl Parser<'_> {
        fn skip_space(&mut self) {
            while self.chars.next_if(|c| c.is_whitespace()).is_some() {}
        }

        fn expect(&mut self, wanted: char) -> Result<(), &'static str> {
            self.skip_space();
            if self.chars.next() == Some(wanted) { Ok(()) } else { Err("unexpected character") }
        }

        fn object(&mut self) -> Result<BTreeMap<String, Value>, &'static str> {
            self.expect('{')?;
            let mut map = BTreeMap::new();
            self.skip_space();
            if self.chars.next_if_eq(&'}').is_some() {
                return Ok(map);
            }
            loop {
                self.expect('"')?;
                let key = self.string()?;
                self.expect(':')?;
                let value = self.value()?;
                map.insert(key, value);
                self.skip_space();
                match self.chars.next() {
                    Some(',') => {}
                    Some('}') => return Ok(map),
                    _ => return Err("expected `,` or `}`"),
                }
            }
        }

        fn value(&mut self) -> Result<Value, &'static str> {
            self.skip_space();
            match self.chars.peek() {
                Some('"') => {
                    self.chars.next();
                    self.string().map(Value::String)
                }
                Some(c) if *c == '-' || c.is_ascii_digit() => {
                    let mut number = String::new();
                    while let Some(c) = self.chars.next_if(|c| c.is_ascii_digit() || "+-.eE".contains(*c)) {
                        number.push(c);
                    }
                    if number.parse::<f64>().is_err() {
                        return Err("a malformed number");
                    }
                    Ok(Value::Number(number))
                }
                Some('t' | 'f' | 'n') => {
                    let word: String = std::iter::from_fn(|| self.chars.next_if(char::is_ascii_alphabetic)).collect();
                    match word.as_str() {
                        "true" => Ok(Value::Bool(true)),
                        "false" => Ok(Value::Bool(false)),
                        "null" => Ok(Value::Null),
                        _ => Err("an unknown word"),
                    }
                }
                _ => Err("a value that is not a string, number, boolean or null"),
            }
        }

        /// The rest of a string whose opening quote was read.
        fn string(&mut self) -> Result<String, &'static str> {
            let mut out = String::new();
            loop {
                match self.chars.next().ok_or("an unterminated string")? {
                    '"' => return Ok(out),
                    '\\' => match self.chars.next().ok_or("an unterminated escape")? {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high) {
                                if self.chars.next() != Some('\\') || self.chars.next() != Some('u') {
                                    return Err("a lone surrogate");
                                }
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err("a lone surrogate");
                                }
                                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                high
                            };
                            out.push(char::from_u32(code).ok_or("an invalid \\u escape")?);
                        }
                        _ => return Err("an invalid escape"),
                    },
                    c if u32::from(c) < 0x20 => return Err("a control character in a string"),
                    c => out.push(c),
                }
            }
        }

        fn hex4(&mut self) -> Result<u32, &'static str> {
            let digits: String = (0..4).filter_map(|_| self.chars.next()).collect();
            if digits.len() != 4 {
                return Err("a short \\u escape");
            }
            u32::from_str_radix(&digits, 16).map_err(|_| "an invalid \\u escape")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_output() {
        let c = parse_output(
            r#"{"Version": 1, "AccessKeyId": "ASIA\u0041", "SecretAccessKey": "s\"e", "SessionToken": "tok",
                "Expiration": "2026-11-22T13:00:00Z", "AccountId": "123456789012"}"#,
        )
        .unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("ASIAA", "s\"e", Some("tok")));
        assert_eq!(c.account_id(), Some("123456789012"));
        assert!(c.expiry().is_some());
    }

    #[test]
    fn bad_output_is_described_without_its_values() {
        for (text, why) in [
            ("not json", "not a JSON object"),
            (r#"{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "TOPSECRET"}"#, "`Version` is not 1"),
            (r#"{"Version": 1, "SecretAccessKey": "TOPSECRET"}"#, "`AccessKeyId` is missing"),
            (r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "TOPSECRET", "Expiration": "soon"}"#, "RFC 3339"),
            (r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "TOPSECRET"} trailing"#, "not a JSON object"),
        ] {
            let err = parse_output(text).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
            assert!(!err.contains("TOPSECRET"));
        }
    }

    #[tokio::test]
    async fn runs_the_command() {
        let ok = ProcessProvider::new(r#"printf '{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S"}'"#);
        assert_eq!(ok.provide_credentials().await.unwrap().access_key_id(), "AKID");
        let failing = ProcessProvider::new("echo oops >&2; printf 'SECRET%s' OUT; exit 3");
        let err = failing.provide_credentials().await.unwrap_err().to_string();
        assert!(err.contains("failed") && err.contains("oops") && !err.contains("SECRETOUT"), "{err}");
    }
}

//! `credential_process`: credentials printed as JSON by a command of the user's.
//!
//! The command runs through the shell on its own thread (a slow command, such as one that
//! opens a browser for SSO, never blocks the async runtime). Its output is
//! `{"Version": 1, "AccessKeyId": .., "SecretAccessKey": .., "SessionToken": .., "Expiration": ..}`.
//! Error messages include the command's exit status and the start of its standard error,
//! never its standard output, which holds the secret.

use super::json::Object;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::boxed::BoxFuture;

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
    let object = Object::parse(text).map_err(|e| format!("its output is {e}"))?;
    match object.get("Version") {
        Some(version) if version.as_u64() == Some(1) => {}
        Some(_) => return Err("`Version` is not 1".to_owned()),
        None => return Err("`Version` is missing".to_owned()),
    }
    object.credentials("SessionToken", "CredentialProcess")
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

//! How credentials are printed: shell variables (sh, fish, PowerShell), JSON, the AWS CLI's
//! `credential_process` object, or a Kubernetes `ExecCredential`.

/// Temporary credentials, as printed.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Issued {
    pub(crate) access_key_id: String,
    pub(crate) secret_access_key: String,
    pub(crate) session_token: String,
    /// RFC 3339, whole seconds (`2026-11-30T12:00:00Z`).
    pub(crate) expiration: String,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issued")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

impl Issued {
    pub(crate) fn from_sts(c: &sts::types::Credentials) -> Self {
        Self {
            access_key_id: c.access_key_id().to_owned(),
            secret_access_key: c.secret_access_key().to_owned(),
            session_token: c.session_token().to_owned(),
            expiration: sts::DateTime::from_secs(c.expiration().secs()).to_string(),
        }
    }

    pub(crate) fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "AccessKeyId": self.access_key_id,
            "SecretAccessKey": self.secret_access_key,
            "SessionToken": self.session_token,
            "Expiration": self.expiration,
        })
    }
}

/// An output format for credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `export NAME='value'` lines for sh, bash and zsh.
    Env,
    /// `set -gx NAME 'value'` lines for fish.
    EnvFish,
    /// `$env:NAME = 'value'` lines for PowerShell.
    EnvPowerShell,
    /// `{"AccessKeyId": ..., "Expiration": ...}`.
    Json,
    /// The AWS CLI's `credential_process` object (`"Version": 1`).
    CredentialProcess,
}

impl Format {
    pub(crate) const NAMES: [&'static str; 5] = ["env", "env-fish", "env-powershell", "json", "credential-process"];

    pub(crate) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "env" => Self::Env,
            "env-fish" => Self::EnvFish,
            "env-powershell" => Self::EnvPowerShell,
            "json" => Self::Json,
            "credential-process" => Self::CredentialProcess,
            _ => return None,
        })
    }
}

/// `issued` in `format`, ending with a newline.
pub(crate) fn render(issued: &Issued, format: Format) -> String {
    let vars = [
        ("AWS_ACCESS_KEY_ID", issued.access_key_id.as_str()),
        ("AWS_SECRET_ACCESS_KEY", issued.secret_access_key.as_str()),
        ("AWS_SESSION_TOKEN", issued.session_token.as_str()),
        ("AWS_CREDENTIAL_EXPIRATION", issued.expiration.as_str()),
    ];
    let lines = |line: &dyn Fn(&str, &str) -> String| vars.iter().map(|(n, v)| line(n, v)).collect::<String>();
    match format {
        Format::Env => lines(&|n, v| format!("export {n}={}\n", sh_quote(v))),
        Format::EnvFish => lines(&|n, v| format!("set -gx {n} {}\n", sh_quote(v))),
        Format::EnvPowerShell => lines(&|n, v| format!("$env:{n} = '{}'\n", v.replace('\'', "''"))),
        Format::Json => format!("{:#}\n", issued.to_json()),
        Format::CredentialProcess => {
            let mut object = issued.to_json();
            object["Version"] = serde_json::json!(1);
            format!("{object}\n")
        }
    }
}

/// `value` in single quotes for sh and fish: a quote inside is closed, escaped, reopened.
pub(crate) fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issued() -> Issued {
        Issued {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "se'cret".into(),
            session_token: "tok+/=".into(),
            expiration: "2026-11-30T12:00:00Z".into(),
        }
    }

    #[test]
    fn every_format_carries_every_value_quoted_for_its_reader() {
        let sh = render(&issued(), Format::Env);
        assert!(sh.contains("export AWS_SECRET_ACCESS_KEY='se'\\''cret'\n"), "{sh}");
        let fish = render(&issued(), Format::EnvFish);
        assert!(fish.contains("set -gx AWS_SESSION_TOKEN 'tok+/='\n"), "{fish}");
        let ps = render(&issued(), Format::EnvPowerShell);
        assert!(ps.contains("$env:AWS_SECRET_ACCESS_KEY = 'se''cret'\n"), "{ps}");
        let process: serde_json::Value =
            serde_json::from_str(&render(&issued(), Format::CredentialProcess)).unwrap_or_default();
        assert_eq!(process["Version"], 1);
        assert_eq!(process["Expiration"], "2026-11-30T12:00:00Z");
        assert!(!format!("{:?}", issued()).contains("se'cret"));
        for name in Format::NAMES {
            assert!(Format::parse(name).is_some(), "{name}");
        }
    }
}

//! A sign-in URL for the AWS Management Console from temporary credentials (from
//! `AssumeRole` or `GetFederationToken`), by the federation endpoint's flow: the
//! credentials exchanged for a sign-in token, the token put in a login URL.
//!
//! The URL signs whoever opens it in as the credentials' session until it expires: it is a
//! bearer credential. [`SigninUrl`]'s `Debug` hides it; nothing here logs it.

use std::fmt;
use std::time::Duration;

use sts_runtime::Credentials;
use sts_runtime::redact::REDACTED;
use sts_runtime::transport::HttpRequest;

/// Where to sign in, for how long, and what the console shows.
#[derive(Debug, Clone, Default)]
pub struct SigninOptions {
    /// The federation endpoint (`https://signin.aws.amazon.com/federation`); by default the
    /// region's partition's.
    pub endpoint: Option<String>,
    /// The console page to open; by default the partition's console home.
    pub destination: Option<String>,
    /// Who sends the user (shown when the session ends); by default none.
    pub issuer: Option<String>,
    /// How long the console session lasts (15 minutes to 12 hours), for credentials from
    /// `AssumeRole`; leave it out for `GetFederationToken`'s, whose own duration applies.
    pub session_duration: Option<Duration>,
}

/// A console sign-in URL: a bearer credential.
#[derive(Clone, PartialEq, Eq)]
pub struct SigninUrl(String);

impl SigninUrl {
    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SigninUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = self.0.split_once('?').map_or(self.0.as_str(), |(base, _)| base);
        write!(f, "SigninUrl({base}?{REDACTED})")
    }
}

/// Why no sign-in URL could be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConsoleError {
    /// The credentials are long-term: the federation endpoint takes temporary ones only.
    NotTemporary,
    /// The region's partition has no console sign-in this module knows (only `aws`,
    /// `aws-cn` and `aws-us-gov` have): give the endpoint and destination.
    NoConsole {
        /// The partition.
        partition: String,
    },
    /// The session duration is outside 15 minutes to 12 hours.
    InvalidDuration,
    /// The federation endpoint could not be reached.
    Transport(sts_runtime::transport::HttpError),
    /// The federation endpoint refused the credentials, or answered something else than a
    /// sign-in token (its status, and a bounded excerpt of what it said).
    Refused {
        /// The HTTP status.
        status: u16,
        /// What it said, bounded.
        detail: String,
    },
}

impl fmt::Display for ConsoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotTemporary => f.write_str(
                "console sign-in needs temporary credentials (from AssumeRole or GetFederationToken), not long-term keys",
            ),
            Self::InvalidDuration => f.write_str("the console session duration must be 15 minutes to 12 hours"),
            Self::NoConsole { partition } => write!(
                f,
                "no console sign-in is known for the partition `{partition}`: give the federation endpoint and the \
                 destination"
            ),
            Self::Transport(e) => write!(f, "the federation endpoint could not be reached: {e}"),
            Self::Refused { status, detail } => {
                write!(f, "the federation endpoint gave no sign-in token (HTTP {status}): {detail}")
            }
        }
    }
}

/// As the runtime's errors: the message already holds the transport error's, so its source
/// is that error's own (an error reporter shows it once).
impl std::error::Error for ConsoleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

/// The federation endpoint and console home of `region`'s partition (found by the endpoint
/// rules' partition table), if it has a console.
pub fn partition_urls(region: &str) -> Result<(&'static str, &'static str), ConsoleError> {
    let partition = crate::endpoint::partition(region).map_or("aws", |p| p.name);
    match partition {
        "aws" => Ok(("https://signin.aws.amazon.com/federation", "https://console.aws.amazon.com/")),
        "aws-cn" => Ok(("https://signin.amazonaws.cn/federation", "https://console.amazonaws.cn/")),
        "aws-us-gov" => Ok(("https://signin.amazonaws-us-gov.com/federation", "https://console.amazonaws-us-gov.com/")),
        other => Err(ConsoleError::NoConsole { partition: other.to_owned() }),
    }
}

/// A console sign-in URL for `credentials` (temporary), asking the federation endpoint of
/// `config`'s region's partition (or `options.endpoint`) through `config`'s HTTP client.
pub async fn signin_url(
    config: &crate::Config,
    credentials: &Credentials,
    options: &SigninOptions,
) -> Result<SigninUrl, ConsoleError> {
    let token = credentials.session_token().ok_or(ConsoleError::NotTemporary)?;
    let defaults = partition_urls(config.region().unwrap_or_default());
    let (endpoint, destination) = match (&options.endpoint, &options.destination, defaults) {
        (Some(endpoint), Some(destination), _) => (endpoint.as_str(), destination.as_str()),
        (endpoint, destination, Ok((default_endpoint, default_destination))) => {
            (endpoint.as_deref().unwrap_or(default_endpoint), destination.as_deref().unwrap_or(default_destination))
        }
        (_, _, Err(no_console)) => return Err(no_console),
    };
    let session = serde_json::json!({
        "sessionId": credentials.access_key_id(),
        "sessionKey": credentials.secret_access_key(),
        "sessionToken": token,
    })
    .to_string();
    let mut query = String::from("Action=getSigninToken");
    if let Some(duration) = options.session_duration {
        if !(900..=43_200).contains(&duration.as_secs()) {
            return Err(ConsoleError::InvalidDuration);
        }
        query.push_str(&format!("&SessionDuration={}", duration.as_secs()));
    }
    query.push_str("&Session=");
    sts_runtime::percent::percent_encode(&session, &mut query);
    let request =
        HttpRequest { method: "GET", url: format!("{endpoint}?{query}"), headers: Vec::new(), body: String::new() };
    let response = config.http_client().send(request).await.map_err(ConsoleError::Transport)?;
    let text = String::from_utf8_lossy(&response.body);
    // Whatever the endpoint says, the secrets sent to it are not repeated.
    let refused = |detail: &str| {
        let detail = detail.replace(credentials.secret_access_key(), REDACTED).replace(token, REDACTED);
        ConsoleError::Refused {
            status: response.status,
            detail: sts_runtime::redact::bounded(&detail, 300).to_string(),
        }
    };
    if response.status != 200 {
        return Err(refused(text.trim()));
    }
    let answer: serde_json::Value = serde_json::from_str(&text).map_err(|_| refused("the answer is not JSON"))?;
    let signin_token = answer
        .get("SigninToken")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| refused("the answer has no SigninToken"))?;
    let mut url = format!("{endpoint}?Action=login");
    if let Some(issuer) = &options.issuer {
        url.push_str("&Issuer=");
        sts_runtime::percent::percent_encode(issuer, &mut url);
    }
    url.push_str("&Destination=");
    sts_runtime::percent::percent_encode(destination, &mut url);
    url.push_str("&SigninToken=");
    sts_runtime::percent::percent_encode(signin_token, &mut url);
    Ok(SigninUrl(url))
}

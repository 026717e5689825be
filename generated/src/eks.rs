//! Amazon EKS authentication tokens, as `aws eks get-token` and aws-iam-authenticator make
//! them, without the 0.5 s of Python per `kubectl` call.
//!
//! A token is `k8s-aws-v1.` and the URL-safe, unpadded base64 of a presigned
//! `GetCallerIdentity` GET on the region's STS endpoint, valid 60 seconds, with the cluster's
//! name signed in the `x-k8s-aws-id` header. The cluster's API server sends that request
//! to STS and learns who you are. A token is a bearer credential: `Debug` never shows it.
//!
//! ```no_run
//! # async fn f() -> Result<(), Box<dyn std::error::Error>> {
//! let client = sts::Client::from_env()?;
//! let token = sts::eks::token(&client, "my-cluster").await?;
//! println!("{}", token.exec_credential_from_env());
//! # Ok(()) }
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sts_runtime::DateTime;
use sts_runtime::error::SdkError;
use sts_runtime::presign::PresigningConfig;

use crate::credentials::AssumeRoleProvider;
use crate::operation::get_caller_identity::GetCallerIdentityError;

/// What every token starts with.
pub const TOKEN_PREFIX: &str = "k8s-aws-v1.";
/// The header the cluster's name is signed in.
pub const CLUSTER_HEADER: &str = "x-k8s-aws-id";
/// The session name of the role assumed first, unless another is given.
pub const DEFAULT_SESSION_NAME: &str = "EKSGetTokenAuth";
/// The longest token the API server accepts.
pub const MAX_TOKEN_BYTES: usize = 4096;
/// How long the presigned URL is valid, as aws-iam-authenticator expects.
const URL_EXPIRY: Duration = Duration::from_secs(60);
/// The expiry `kubectl` is told to refresh at, as `aws eks get-token` tells it.
const TOKEN_LIFETIME: Duration = Duration::from_secs(14 * 60);
/// The `apiVersion` of the ExecCredential when `KUBERNETES_EXEC_INFO` names none.
pub const DEFAULT_EXEC_API_VERSION: &str = "client.authentication.k8s.io/v1beta1";

/// A token for a cluster, and when `kubectl` should ask for another.
#[derive(Clone, PartialEq, Eq)]
pub struct EksToken {
    token: String,
    expiration: SystemTime,
}

impl EksToken {
    /// The token: a bearer credential.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When to get a new one (14 minutes after it was made, whole seconds).
    pub fn expiration(&self) -> SystemTime {
        self.expiration
    }

    /// The Kubernetes `ExecCredential` `kubectl` reads from a credential plugin, with
    /// `api_version` (else [`DEFAULT_EXEC_API_VERSION`]).
    pub fn exec_credential(&self, api_version: Option<&str>) -> String {
        let seconds = self.expiration.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let expiration = DateTime::from_secs(i64::try_from(seconds).unwrap_or(i64::MAX)).to_string();
        serde_json::json!({
            "kind": "ExecCredential",
            "apiVersion": api_version.unwrap_or(DEFAULT_EXEC_API_VERSION),
            "spec": {},
            "status": { "expirationTimestamp": expiration, "token": self.token },
        })
        .to_string()
    }

    /// [`exec_credential`](Self::exec_credential) with the `apiVersion` `kubectl` asked for in
    /// `KUBERNETES_EXEC_INFO`, if it did.
    pub fn exec_credential_from_env(&self) -> String {
        let info = std::env::var("KUBERNETES_EXEC_INFO").ok();
        self.exec_credential(exec_api_version(info.as_deref()).as_deref())
    }
}

/// The `apiVersion` in the `KUBERNETES_EXEC_INFO` JSON `kubectl` passes, if it has one.
pub fn exec_api_version(exec_info: Option<&str>) -> Option<String> {
    let info: serde_json::Value = serde_json::from_str(exec_info?).ok()?;
    info.get("apiVersion")?.as_str().filter(|v| !v.is_empty()).map(str::to_owned)
}

impl fmt::Debug for EksToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EksToken")
            .field("token", &format_args!("{TOKEN_PREFIX}** redacted ({} bytes) **", self.token.len()))
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Why no token could be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum EksTokenError {
    /// The cluster name is empty or has a control character.
    InvalidCluster,
    /// Presigning failed (no region, no credentials, the role could not be assumed...).
    Presign(SdkError<GetCallerIdentityError>),
    /// The token would be longer than the API server accepts (a very long session token).
    TooLong {
        /// Its length.
        bytes: usize,
    },
}

impl fmt::Display for EksTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidCluster => f.write_str("the EKS cluster name is empty or has a control character"),
            Self::Presign(e) => write!(f, "could not make an EKS token: {e}"),
            Self::TooLong { bytes } => write!(
                f,
                "the EKS token would be {bytes} bytes, over the {MAX_TOKEN_BYTES} the API server accepts \
                 (the session token is too long: use credentials with a shorter one)"
            ),
        }
    }
}

impl std::error::Error for EksTokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Presign(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

/// A token for `cluster`, signed with `client`'s credentials for its region's STS endpoint
/// (or its endpoint URL, if it has one).
pub async fn token(client: &crate::Client, cluster: &str) -> Result<EksToken, EksTokenError> {
    if cluster.is_empty() || cluster.chars().any(char::is_control) {
        return Err(EksTokenError::InvalidCluster);
    }
    let now = client.config().now();
    let presigning = PresigningConfig::builder()
        .expires_in(URL_EXPIRY)
        .start_time(now)
        .signed_header(CLUSTER_HEADER, cluster)
        .build()
        .map_err(|_| EksTokenError::InvalidCluster)?;
    let presigned = client.get_caller_identity().presigned(presigning).await.map_err(EksTokenError::Presign)?;
    let token = format!("{TOKEN_PREFIX}{}", sts_runtime::base64::encode_url_no_pad(presigned.uri().as_bytes()));
    if token.len() > MAX_TOKEN_BYTES {
        return Err(EksTokenError::TooLong { bytes: token.len() });
    }
    let whole = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Ok(EksToken { token, expiration: UNIX_EPOCH + Duration::from_secs(whole) + TOKEN_LIFETIME })
}

/// A token for `cluster` as role `role_arn`, assumed first with `config`'s credentials
/// (session name `session_name`, else [`DEFAULT_SESSION_NAME`]), as `aws eks get-token
/// --role-arn` does.
pub async fn token_as_role(
    config: &crate::Config,
    cluster: &str,
    role_arn: &str,
    session_name: Option<&str>,
) -> Result<EksToken, EksTokenError> {
    let role = AssumeRoleProvider::builder(role_arn)
        .session_name(session_name.unwrap_or(DEFAULT_SESSION_NAME))
        .config(config.clone())
        .build();
    let client = crate::Client::from_conf(config.to_builder().credentials_provider(role).build());
    token(&client, cluster).await
}

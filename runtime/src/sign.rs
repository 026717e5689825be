//! SigV4 request signing, with `aws-sigv4`.
//!
//! Signing adds `x-amz-date`, `authorization` and, for temporary credentials,
//! `x-amz-security-token` to the request. The time is an argument, so every attempt
//! can be signed afresh.

use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;

use crate::credentials::Credentials;
use crate::error::BoxError;
use crate::transport::HttpRequest;

/// What a signature is made for: the service's signing name and the signing region.
#[derive(Debug, Clone, Copy)]
pub struct SigningScope<'a> {
    pub service: &'a str,
    pub region: &'a str,
}

/// Signs `request` in place with SigV4 at `time`.
pub fn sign_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    scope: SigningScope<'_>,
    time: SystemTime,
) -> Result<(), BoxError> {
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        credentials.expiry(),
        "sts-runtime",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.service)
        .time(time)
        .settings(SigningSettings::default())
        .build()?
        .into();
    let signable = SignableRequest::new(
        request.method,
        request.url.as_str(),
        request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        SignableBody::Bytes(request.body.as_bytes()),
    )?;
    // aws-sigv4 logs the request (body included) and the canonical request (session token
    // included) at TRACE level: signing runs with logging muted on this thread, so no
    // subscriber ever sees them.
    static MUTED: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    let muted = MUTED.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
    let signed = tracing::dispatcher::with_default(muted, || sign(signable, &params))?;
    let (instructions, _signature) = signed.into_parts();
    let (headers, _params) = instructions.into_parts();
    for header in headers {
        request.headers.push((header.name().to_owned(), header.value().to_owned()));
    }
    Ok(())
}

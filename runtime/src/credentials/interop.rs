//! Use with the official AWS SDK (feature `aws-sdk-interop`), both ways: this crate's
//! providers implement `aws_credential_types`' `ProvideCredentials`, so they plug into any
//! `aws-sdk-*` client; and that crate's `SharedCredentialsProvider` (what an `SdkConfig`
//! holds) implements this crate's, so a client here can use what `aws-config` found.

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::provider::error::CredentialsError as SdkCredentialsError;
use aws_credential_types::provider::future;

use super::cache::CredentialsCache;
use super::environment::EnvironmentProvider;
use super::process::ProcessProvider;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::boxed::BoxFuture;

/// The name [`Credentials::provider_name`] gives credentials that came from the official
/// SDK's provider (whose own name that crate does not make public).
pub const SDK_PROVIDER_NAME: &str = "AwsSdk";

impl From<Credentials> for aws_credential_types::Credentials {
    fn from(c: Credentials) -> Self {
        let inner = std::sync::Arc::unwrap_or_clone(c.inner);
        aws_credential_types::Credentials::new(
            inner.access_key_id,
            inner.secret_access_key,
            inner.session_token,
            inner.expiry,
            inner.provider_name,
        )
    }
}

impl From<aws_credential_types::Credentials> for Credentials {
    fn from(c: aws_credential_types::Credentials) -> Self {
        let credentials = Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            c.session_token().map(str::to_owned),
            c.expiry(),
            SDK_PROVIDER_NAME,
        );
        match c.account_id() {
            Some(account) => credentials.with_account_id(account.as_str()),
            None => credentials,
        }
    }
}

/// The official SDK's provider (from an `SdkConfig`, or made with
/// `SharedCredentialsProvider::new`) as a provider of this crate. Its error is kept as the
/// cause; its message names no secret.
impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            aws_credential_types::provider::ProvideCredentials::provide_credentials(self)
                .await
                .map(Credentials::from)
                .map_err(|e| CredentialsError::with_source("the AWS SDK's credentials provider gave no credentials", e))
        })
    }
}

/// The future the official SDK's trait returns, for any provider of this crate.
pub fn provide_for_sdk<P: ProvideCredentials + ?Sized>(provider: &P) -> future::ProvideCredentials<'_> {
    future::ProvideCredentials::new(async move {
        provider.provide_credentials().await.map(Into::into).map_err(SdkCredentialsError::provider_error)
    })
}

/// Implements the official SDK's `ProvideCredentials` for providers of this crate.
#[macro_export]
macro_rules! impl_sdk_provide_credentials {
    ($($provider:ty),* $(,)?) => {
        $(
            impl ::aws_credential_types::provider::ProvideCredentials for $provider {
                fn provide_credentials<'a>(&'a self) -> ::aws_credential_types::provider::future::ProvideCredentials<'a>
                where
                    Self: 'a,
                {
                    $crate::credentials::interop::provide_for_sdk(self)
                }
            }
        )*
    };
}

impl_sdk_provide_credentials!(Credentials, EnvironmentProvider, ProcessProvider, CredentialsCache);

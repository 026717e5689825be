//! Use with the official AWS SDK (feature `aws-sdk-interop`): conversions into
//! `aws_credential_types::Credentials`, and that crate's `ProvideCredentials` implemented
//! for this crate's providers, so they plug into any `aws-sdk-*` client.

use aws_credential_types::provider::error::CredentialsError as SdkCredentialsError;
use aws_credential_types::provider::future;

use super::cache::CredentialsCache;
use super::environment::EnvironmentProvider;
use super::process::ProcessProvider;
use super::{Credentials, ProvideCredentials};

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

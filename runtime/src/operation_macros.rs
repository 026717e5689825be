//! Macros generated code calls to write the items every operation repeats word for word
//! but for its names, which generics cannot write because they are inherent methods and
//! impls of the generated crate's own types: written once here, tested once, and the
//! generated modules stay short. Exported at the crate's root, hidden from its docs; not
//! part of what users are promised.
//!
//! Each takes every name it writes (the generator decides them), so nothing is derived
//! here.

/// The fluent builder of one operation: `$fluent`, the type alias of `$builder` (the input
/// builder) holding the client's half, with `send()`, `presigned()`, `signed_request()`,
/// `customize()`, `config_override()`, `as_input()`, the blocking `send()` (feature
/// `blocking` of the calling crate), the input builder's `send_with(&client)`, and the
/// `builders` module re-exporting the operation's three builders.
#[doc(hidden)]
#[macro_export]
macro_rules! fluent_builder {
    (
        $fluent:ident = $builder:ident for $op:ident($wire:literal),
        made by $client:path => $method:ident,
        output $output:ident built by $output_builder:ident,
        error $error:ident $(,)?
    ) => {
        #[doc = concat!(
                    "The fluent builder of `", $wire, "`: the input builder holding the client's half, which sends ",
                    "the request; made by [`Client::", stringify!($method), "`](", stringify!($client), "::",
                    stringify!($method), ")."
                )]
        pub type $fluent<M = $crate::operation::Async> = $builder<$crate::operation::Fluent<M>>;

        impl $fluent {
            /// Sends the request and waits for the response; fails before sending anything if
            /// the input is incomplete or breaks the model's constraints (as `Handle::send`
            /// says).
            pub async fn send(self) -> Result<$output, $crate::error::SdkError<$error>> {
                self.client.clone().send::<$op, _>(self).await
            }

            /// Signs the request into a URL for someone else to send, instead of sending it
            /// (checked, resolved and signed as `send` would); the URL is a bearer credential
            /// until it expires.
            pub async fn presigned(
                self,
                presigning: $crate::presign::PresigningConfig,
            ) -> Result<$crate::presign::PresignedRequest, $crate::error::SdkError<$error>> {
                self.client.clone().presign::<$op, _>(self, presigning).await
            }

            /// Signs the request in its headers, `extra_headers` among them, without sending
            /// it, for another party to send (Vault's AWS IAM login); its `Authorization` is
            /// a credential.
            pub async fn signed_request(
                self,
                extra_headers: &[(String, String)],
            ) -> Result<$crate::presign::SignedRequest, $crate::error::SdkError<$error>> {
                self.client.clone().sign_only::<$op, _>(self, extra_headers).await
            }
        }

        impl<M: Clone> $fluent<M> {
            /// Customizes this one call as `aws-sdk-sts`'s `customize()` does: the
            /// `CustomizableOperation` takes settings over the client's (`config_override`)
            /// and changes to the request (`mutate_request`), then sends it.
            pub fn customize(self) -> $crate::operation::CustomizableOperation<Self, M> {
                $crate::operation::CustomizableOperation::new(self.client.clone(), self)
            }

            /// Makes this call with `settings` over the client's configuration (another
            /// region, endpoint, credentials, retries or time limits), as
            /// `Fluent::config_override` says; the same as
            /// `customize().config_override(settings)`.
            pub fn config_override(mut self, settings: impl Into<$crate::config::ConfigBuilder>) -> Self {
                self.client = self.client.config_override(settings.into());
                self
            }

            /// The input builder, which this fluent builder is: itself, whose `get_` methods
            /// read what is set (`aws-sdk-sts`'s fluent builder holds one).
            pub fn as_input(&self) -> &Self {
                self
            }
        }

        impl $builder {
            #[doc = concat!(
                        "Sends a request with this input through `client`, as the fluent builder of [`Client::",
                        stringify!($method), "`](", stringify!($client), "::", stringify!($method), ") would."
                    )]
            pub async fn send_with(self, client: &$client) -> Result<$output, $crate::error::SdkError<$error>> {
                client.handle().send::<$op, _>(self).await
            }
        }

        #[cfg(feature = "blocking")]
        impl $fluent<$crate::blocking::Blocking> {
            /// Sends the request and blocks until the response, as the async `send` does
            /// otherwise; called inside an async runtime, fails at once, sending nothing.
            pub fn send(self) -> Result<$output, $crate::error::SdkError<$error>> {
                self.client.clone().send::<$op, _>(self)
            }
        }

        /// The operation's builders, where `aws-sdk-sts` has them
        /// (`operation::assume_role::builders::AssumeRoleFluentBuilder`).
        pub mod builders {
            pub use super::{$builder, $fluent, $output_builder};
        }
    };
}

//! Macros generated code calls to write the items that each operation, builder, error and
//! client repeats word for word but for its names, which generics cannot write because
//! they are inherent methods and impls of the generated crate's own types: written once
//! here (and tested through the generated crates: the SDK's, the compliance suites', every
//! awsQuery service's), so the generated modules stay short. Exported at the crate's root,
//! hidden from its docs; not part of what users are promised.
//!
//! Each takes every name it writes (the generator decides them), so nothing is derived
//! here; what differs otherwise between operations stays in the generated module, which
//! the macros call by name (`read_output_member`, `check_input`...).

/// One operation, given its names and the module's functions that do what differs between
/// operations (writing the input's members, reading one member of the output, filling the
/// host prefix): the marker type `$op` and its [`Operation`](crate::aws_query::Operation)
/// impl; `$output::builder()` and its `RequestId`; the fluent builder `$fluent`, the type
/// alias of `$builder` (the input builder) holding the client's half, with `send()`,
/// `presigned()`, `signed_request()`, `customize()`, `config_override()`, `as_input()` and
/// the blocking `send()` (feature `blocking` of the calling crate); the input builder's
/// `send_with(&client)`; and the `builders` module re-exporting the three builders.
#[doc(hidden)]
#[macro_export]
macro_rules! operation {
    (
        $op:ident($wire:literal) of $version:literal,
        made by $client:path => $method:ident,
        input $input:ident built by $builder:ident $(written by $writer:ident)?,
        output $output:ident built by $output_builder:ident $(read by $reader:ident)? $(in $wrapper:literal)?,
        error $error:ident,
        fluent $fluent:ident
        $(, signed $signed:literal)?
        $(, request uri $uri:literal)?
        $(, host prefix by $host_prefix:ident)?
        $(,)?
    ) => {
        #[doc = concat!(
            "The `", $wire, "` operation as the runtime sees it: how its input is written and its response ",
            "read (for `read_response`, fuzzing and tests)."
        )]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $op;

        impl $crate::aws_query::Operation for $op {
            const NAME: &'static str = $wire;
            const API_VERSION: &'static str = $version;
            $(const SIGNED: bool = $signed;)?
            const RESULT_WRAPPER: Option<&'static str> = $crate::operation!(@some $($wrapper)?);
            const EMPTY_OUTPUT: bool = $crate::operation!(@none $($reader)?);
            $(const REQUEST_URI: &'static str = $uri;)?
            type Input = $input;
            type Output = $output;
            type Error = $error;

            $(
                fn write_input(input: &$input, writer: $crate::aws_query::form::ValueWriter<'_>) {
                    $writer(input, writer)
                }
            )?

            fn read_output(
                result: Option<$crate::aws_query::xml::Element<'_, '_>>,
                request_id: Option<String>,
            ) -> Result<$output, $crate::error::ParseError> {
                let builder = $output_builder::default();
                let _ = &result;
                $(
                    let mut builder = builder;
                    if let Some(node) = result {
                        for child in node.children() {
                            $reader(&mut builder, child)?;
                        }
                    }
                )?
                let mut output = $crate::operation::BuildOutcome::<$output>::into_result(builder.build())?;
                output.request_id = request_id;
                Ok(output)
            }

            $(
                fn host_prefix(input: &$input) -> Result<Option<String>, $crate::endpoint::EndpointError> {
                    $host_prefix(input)
                }
            )?
        }

        impl $output {
            #[doc = concat!("A builder for [`", stringify!($output), "`].")]
            pub fn builder() -> $output_builder {
                $output_builder::default()
            }
        }

        /// The id AWS gave the request (`ResponseMetadata/RequestId`), for support cases.
        impl $crate::error::RequestId for $output {
            fn request_id(&self) -> Option<&str> {
                self.request_id.as_deref()
            }
        }

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
            pub async fn send_with(
                self,
                client: &$client,
            ) -> Result<$output, $crate::error::SdkError<$error>> {
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
    (@some) => {
        None
    };
    (@some $wrapper:literal) => {
        Some($wrapper)
    };
    (@none) => {
        true
    };
    (@none $reader:ident) => {
        false
    };
}

/// The impls of one operation's error enum `$error` (whose variants are its modeled errors,
/// each holding the error type of the same name, and `Unhandled`): `generic(meta)` and an
/// `is_..()` per modeled error, `ProvideErrorMetadata`, `Display`, `Error`,
/// `CreateUnhandledError`, `ReadError`, which picks the variant by the wire code, and `From`
/// it for the crate's `Error` (`into crate::Error`), whose variants have the same names.
#[doc(hidden)]
#[macro_export]
macro_rules! operation_error {
    (
        $error:ident for $wire:literal into $($crate_error:ident)::+
        $(, $variant:ident($code:literal) $is_fn:ident)* $(,)?
    ) => {
        impl $error {
            #[doc = concat!(
                "The `Unhandled` error with `meta`: an error code the model does not list for `", $wire,
                "` (for test doubles, as `aws-sdk-sts`'s `generic`)."
            )]
            pub fn generic(meta: $crate::error::ErrorMetadata) -> Self {
                Self::Unhandled($crate::error::Unhandled::new(meta))
            }

            $(
                #[doc = concat!("Whether the error's code is `", $code, "`.")]
                pub fn $is_fn(&self) -> bool {
                    matches!(self, Self::$variant(_))
                }
            )*
        }

        /// `code()` and `message()` come with this trait, and `request_id()` with
        /// `operation::RequestId`.
        impl $crate::error::ProvideErrorMetadata for $error {
            fn meta(&self) -> &$crate::error::ErrorMetadata {
                match self {
                    $(Self::$variant(e) => e.meta(),)*
                    Self::Unhandled(e) => e.meta(),
                }
            }
        }

        impl ::std::fmt::Display for $error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(Self::$variant(e) => ::std::fmt::Display::fmt(e, f),)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for $error {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    $(Self::$variant(_) => None,)*
                    Self::Unhandled(e) => ::std::error::Error::source(e),
                }
            }
        }

        /// What `SdkError::into_service_error` makes of a call that failed before the service
        /// answered.
        impl $crate::error::CreateUnhandledError for $error {
            fn create_unhandled_error(error: $crate::error::Unhandled) -> Self {
                Self::Unhandled(error)
            }
        }

        impl $crate::aws_query::ReadError for $error {
            fn read_error(
                meta: $crate::error::ErrorMetadata,
                node: $crate::aws_query::xml::Element<'_, '_>,
            ) -> Result<Self, $crate::error::ParseError> {
                match meta.code() {
                    $(Some($code) => node.modeled(meta).map(Self::$variant),)*
                    _ => {
                        let _ = node;
                        Ok(Self::Unhandled($crate::error::Unhandled::new(meta)))
                    }
                }
            }
        }

        impl From<$error> for $($crate_error)::+ {
            fn from(err: $error) -> Self {
                match err {
                    $($error::$variant(e) => Self::$variant(e),)*
                    $error::Unhandled(e) => Self::Unhandled(e),
                }
            }
        }
    };
}

/// A builder's `set_x` and `get_x` for each member `x` stored as `Option<$ty>`, in the impl
/// block it is called in: `x: String as "X" => set_x / get_x,` (with the member's
/// `#[deprecated]` before it, if it has one). After `boxed,`, each member is stored as
/// `Option<Box<$ty>>`: `set_x` still takes an `Option<$ty>`, and `get_x` gives the box. Its
/// setter (`x`), whose doc and parameter vary by member, is written beside it.
#[doc(hidden)]
#[macro_export]
macro_rules! set_and_get {
    ($($(#[$attr:meta])* $field:ident: $ty:ty as $wire:literal => $set:ident / $get:ident),* $(,)?) => {
        $($crate::set_and_get!(@member [$(#[$attr])*] $field: $ty, stored $ty, as $wire => $set / $get, input => input);)*
    };
    (boxed, $($(#[$attr:meta])* $field:ident: $ty:ty as $wire:literal => $set:ident / $get:ident),* $(,)?) => {
        $(
            $crate::set_and_get!(
                @member [$(#[$attr])*] $field: $ty, stored Box<$ty>, as $wire => $set / $get, input => input.map(Box::new)
            );
        )*
    };
    (
        @member [$(#[$attr:meta])*] $field:ident: $ty:ty, stored $stored:ty, as $wire:literal => $set:ident / $get:ident,
        $input:ident => $value:expr
    ) => {
        #[doc = concat!(
            "Sets or clears `", $wire, "`; see [`", stringify!($field), "`](Self::", stringify!($field), ")."
        )]
        $(#[$attr])*
        pub fn $set(mut self, $input: Option<$ty>) -> Self {
            self.$field = $value;
            self
        }

        #[doc = concat!(
            "`", $wire, "` as set so far, if it is; see [`", stringify!($field), "`](Self::", stringify!($field), ")."
        )]
        $(#[$attr])*
        pub fn $get(&self) -> &Option<$stored> {
            &self.$field
        }
    };
}

/// What a client's module repeats per operation but for names, given each operation's method,
/// wire name, module and types: the service's trait (`Sts`, a method per operation taking
/// its input), its impl for `Client` (in the calling module), and the methods of
/// `blocking::Client` (feature `blocking` of the calling crate) giving fluent builders whose
/// `send()` blocks. Each operation is written
/// `method("Wire") => path::to::module { Op, Input, InputBuilder, Output, Error, FluentBuilder }`,
/// with its `#[deprecated]`, if any, before it.
#[doc(hidden)]
#[macro_export]
macro_rules! service_operations {
    (
        $trait:ident for $full_name:literal,
        $(
            $(#[$attr:meta])*
            $method:ident($wire:literal) => $($module:ident)::+ {
                $op:ident, $input:ident, $builder:ident, $output:ident, $error:ident, $fluent:ident $(,)?
            }
        ),* $(,)?
    ) => {
        #[doc = concat!(
            "Every operation of ", $full_name, ", one method each: code written against `impl ",
            stringify!($trait), "` runs with a [`Client`] or with a fake of its own in tests."
        )]
        pub trait $trait: Send + Sync {
            $(
                #[doc = concat!("Calls `", $wire, "`; see [`Client::", stringify!($method), "`].")]
                $(#[$attr])*
                fn $method(
                    &self,
                    input: $($module)::+::$input,
                ) -> $crate::operation::CallFuture<'_, $($module)::+::$output, $($module)::+::$error>;
            )*
        }

        /// Sends each call as the fluent builders do, the input checked first.
        impl $trait for Client {
            $(
                fn $method(
                    &self,
                    input: $($module)::+::$input,
                ) -> $crate::operation::CallFuture<'_, $($module)::+::$output, $($module)::+::$error> {
                    Box::pin(self.handle.send::<$($module)::+::$op, _>($($module)::+::$builder::from(input)))
                }
            )*
        }

        #[cfg(feature = "blocking")]
        impl blocking::Client {
            $(
                #[doc = concat!(
                    "Calls `", $wire, "`; `send()` blocks. See [`Client::", stringify!($method), "`](Client::",
                    stringify!($method), ")."
                )]
                $(#[$attr])*
                pub fn $method(&self) -> $($module)::+::$fluent<$crate::blocking::Blocking> {
                    $($module)::+::$builder::with_client(self.fluent())
                }
            )*
        }
    };
}

/// What an operation's input builder `$builder<C>` (its members as `Option`s, and the
/// client's half `client: C`) repeats but for names: `$input::builder()`, `with_client`,
/// `Default` (holding `()`), a `Debug` showing the members (a sensitive one as a redaction
/// marker) but not the client's half, `From<$input>` (the builder of an input, to send it
/// again or change it), and its [`InputBuilder`](crate::operation::InputBuilder) impl for
/// operation `$op`, whose checks against the model are the function after `checked by`, if
/// any. Each member is written `field`, then `required` if the input holds it without an
/// `Option`, `sensitive` if `Debug` must not show it, and `token` if it is an idempotency
/// token the call fills when it is not set, in that order.
#[doc(hidden)]
#[macro_export]
macro_rules! input_builder {
    (
        $builder:ident builds $input:ident for $op:ident $(checked by $check:ident)?
        $(, $field:ident $($flag:ident)*)* $(,)?
    ) => {
        impl $input {
            #[doc = concat!("A builder for [`", stringify!($input), "`].")]
            pub fn builder() -> $builder {
                $builder::default()
            }
        }

        impl<C> $builder<C> {
            /// An empty builder holding `client`.
            pub(crate) fn with_client(client: C) -> Self {
                Self { $($field: None,)* client }
            }
        }

        impl Default for $builder {
            fn default() -> Self {
                Self::with_client(())
            }
        }

        impl<C> ::std::fmt::Debug for $builder<C> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($builder))
                    $(.field(stringify!($field), $crate::input_builder!(@shown self.$field $($flag)*)))*
                    .finish()
            }
        }

        /// A builder holding every member of `input`, to send it again or change it.
        impl From<$input> for $builder {
            fn from(input: $input) -> Self {
                let _ = &input;
                Self { $($field: $crate::input_builder!(@stored input.$field $($flag)*),)* client: () }
            }
        }

        impl<C> $crate::operation::InputBuilder for $builder<C> {
            type Input = $input;
            type Operation = $op;
            const INPUT_NAME: &'static str = stringify!($input);

            fn fill_idempotency_tokens(&mut self, config: &$crate::Config) {
                let _ = config;
                $($crate::input_builder!(@fill self.$field config $($flag)*);)*
            }

            $(
                fn validate(&self, v: &mut $crate::validate::Validator) {
                    $check(self, v)
                }
            )?

            fn build_input(self) -> Result<$input, $crate::error::BuildError> {
                $crate::operation::BuildOutcome::<$input>::into_result(self.build())
            }
        }
    };
    (@shown $self:ident.$field:ident $(required)? sensitive $(token)?) => {
        &$crate::redact::SENSITIVE
    };
    (@shown $self:ident.$field:ident $(required)? $(token)?) => {
        &$self.$field
    };
    (@stored $input:ident.$field:ident required $(sensitive)? $(token)?) => {
        Some($input.$field)
    };
    (@stored $input:ident.$field:ident $(sensitive)? $(token)?) => {
        $input.$field
    };
    (@fill $self:ident.$field:ident $config:ident $(required)? $(sensitive)? token) => {
        if $self.$field.is_none() {
            $self.$field = Some($config.idempotency_token());
        }
    };
    (@fill $self:ident.$field:ident $config:ident $(required)? $(sensitive)?) => {};
}

/// What a modeled error `$error` (holding its `meta: ErrorMetadata`) and its builder
/// `$builder` (holding `message` and `meta` options) repeat but for names: the error's
/// `CODE`, `new`, `builder`, `message` and `meta`, its `ProvideErrorMetadata`, `Display`
/// and `Error`, and the builder's `message`, `set_message` and `meta`.
#[doc(hidden)]
#[macro_export]
macro_rules! modeled_error {
    ($error:ident($code:literal) built by $builder:ident $(,)?) => {
        impl $error {
            /// The code this error has on the wire.
            pub const CODE: &'static str = $code;

            /// The error as the service sends it, with `message` (for test doubles).
            pub fn new(message: impl Into<String>) -> Self {
                Self::builder().message(message).build()
            }

            /// A builder for the error (for test doubles).
            pub fn builder() -> $builder {
                $builder::default()
            }

            /// The message the service sent, if any.
            pub fn message(&self) -> Option<&str> {
                self.meta.message()
            }

            /// Everything the service said about the error.
            pub fn meta(&self) -> &$crate::error::ErrorMetadata {
                &self.meta
            }
        }

        impl $crate::error::ProvideErrorMetadata for $error {
            fn meta(&self) -> &$crate::error::ErrorMetadata {
                &self.meta
            }
        }

        impl ::std::fmt::Display for $error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.meta, f)
            }
        }

        impl ::std::error::Error for $error {}

        impl $builder {
            /// Sets the message.
            pub fn message(mut self, message: impl Into<String>) -> Self {
                self.message = Some(message.into());
                self
            }

            /// Sets or clears the message; see [`message`](Self::message).
            pub fn set_message(mut self, message: Option<String>) -> Self {
                self.message = message;
                self
            }

            /// Sets everything the service says about the error (code, message, request id,
            /// status); a message set on this builder replaces its message.
            pub fn meta(mut self, meta: $crate::error::ErrorMetadata) -> Self {
                self.meta = Some(meta);
                self
            }
        }
    };
}

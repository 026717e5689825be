//! How one operation call is carried out, in two steps: `prepare` makes what every attempt
//! shares (endpoint, request, credentials), once; `attempts` is the retry loop (sign,
//! send, read the response or the error, retry or correct the clock).
//!
//! Generated code describes each operation with the [`Operation`] trait; a [`Handle`]
//! (held by the generated client) runs it with [`Handle::send`].

mod attempts;
mod customize;
mod prepare;
mod presign;

pub use customize::CustomizableOperation;

use std::sync::atomic::AtomicI64;
use std::time::{Duration, Instant};

use tracing::Instrument;

use crate::aws_query::Operation;
use crate::config::{Config, ConfigError, EndpointFlag};
use crate::endpoint::{Endpoint, EndpointError};
use crate::error::{AttemptOutcome, BuildError, ConstructionError, SdkError, TimeoutError, TimeoutLimit};
use crate::retry::RetryQuota;
use crate::sign::{SignatureVersion, Signer};
use crate::validate::Validator;

/// Facts about the service, given by the generated client.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// The resolver generated from the service's endpoint rule set.
    pub resolve_endpoint: fn(&Config) -> Result<Endpoint, EndpointError>,
    /// SigV4 service name (`sts`), unless the endpoint names another.
    pub signing_name: &'static str,
    /// How requests are signed (SigV4 but for SimpleDB).
    pub signature: SignatureVersion,
    /// The variable that sets this service's endpoint URL (`AWS_ENDPOINT_URL_STS`).
    pub endpoint_url_variable: &'static str,
    /// The service's own endpoint flags (STS's `USE_GLOBAL_ENDPOINT`), read from their
    /// variables when the config was read from the environment.
    pub endpoint_flags: &'static [EndpointFlag],
    /// Error codes of this service that are transient whatever their status
    /// (`IDPCommunicationError`), besides those of every service.
    pub transient_codes: &'static [&'static str],
    /// Sent with requests in `User-Agent`: crate name and version.
    pub user_agent: &'static str,
}

/// An operation's input builder, as [`Handle::send`] finishes it: filled, checked, built.
pub trait InputBuilder: Sized {
    type Input;
    /// The operation the input is for (so that a [`CustomizableOperation`] can send it).
    type Operation: Operation<Input = Self::Input>;
    /// The input type's name (`AssumeRoleInput`), for the validation error.
    const INPUT_NAME: &'static str;

    /// Fills the members the model fills with an idempotency token when they are not set
    /// (none by default).
    fn fill_idempotency_tokens(&mut self, _config: &Config) {}

    /// Checks the members against the model's constraints, collecting every violation
    /// (nothing to check by default).
    fn validate(&self, _v: &mut Validator) {}

    /// The input, or the required member that is missing.
    fn build_input(self) -> Result<Self::Input, BuildError>;
}

/// What an input builder's `build()` gives, as [`InputBuilder::build_input`] returns it: the
/// input itself when no member is required (so building cannot fail), else the `Result`.
pub trait BuildOutcome<T> {
    /// The built input, or what is missing.
    fn into_result(self) -> Result<T, BuildError>;
}

impl<T> BuildOutcome<T> for T {
    fn into_result(self) -> Result<T, BuildError> {
        Ok(self)
    }
}

impl<T> BuildOutcome<T> for Result<T, BuildError> {
    fn into_result(self) -> Result<T, BuildError> {
        self
    }
}

/// The operation a client's `method` starts (`Client::assume_role`), as a type marker: what
/// `test_util`'s `mock!` names the operation of a rule with.
pub fn operation_of<C, B: InputBuilder>(_method: fn(&C) -> B) -> std::marker::PhantomData<fn() -> B::Operation> {
    std::marker::PhantomData
}

/// Makes fluent builders' `send()` async: the default of their mode parameter
/// (`AssumeRoleFluentBuilder<Async>`); [`Blocking`](crate::blocking::Blocking) is the other.
#[derive(Debug, Clone, Copy, Default)]
pub struct Async;

/// The client half of a fluent builder: a fluent builder is its operation's input builder
/// holding one of these (`AssumeRoleFluentBuilder<M>` is `AssumeRoleInputBuilder<Fluent<M>>`),
/// so that the setters are the input builder's own. It holds the client's handle, and the
/// mode `M` says whether `send()` is async ([`Async`]) or blocks
/// ([`Blocking`](crate::blocking::Blocking)).
#[derive(Debug, Clone)]
pub struct Fluent<M = Async> {
    pub(crate) handle: SharedHandle,
    pub(crate) mode: M,
}

impl<M> Fluent<M> {
    /// The half a client gives the fluent builders it makes.
    pub fn new(handle: SharedHandle, mode: M) -> Self {
        Self { handle, mode }
    }

    /// This half with `settings` put over the client's configuration, for the one call it
    /// makes: what [`CustomizableOperation::config_override`] calls (as `aws-sdk-sts`'s
    /// `customize().config_override(..)`). The call gets a handle of its own: its own retry
    /// quota, and the client's HTTP client and credentials unless `settings` sets others
    /// ([`ConfigBuilder::build_over`](crate::config::ConfigBuilder::build_over)).
    pub fn config_override(self, settings: crate::config::ConfigBuilder) -> Self {
        let config = settings.build_over(self.handle.config());
        Self { handle: std::sync::Arc::new(Handle::new(config, self.handle.service)), mode: self.mode }
    }

    /// Presigns operation `O` with `builder`'s input, as [`Handle::presign`] does: what a
    /// fluent builder's `presigned` calls.
    pub async fn presign<O: Operation, B: InputBuilder<Input = O::Input>>(
        self,
        builder: B,
        presigning: crate::presign::PresigningConfig,
    ) -> Result<crate::presign::PresignedRequest, SdkError<O::Error>> {
        self.handle.presign::<O, B>(builder, presigning).await
    }

    /// Signs operation `O` with `builder`'s input without sending it, as
    /// [`Handle::sign_only`] does: what a fluent builder's `signed_request` calls.
    pub async fn sign_only<O: Operation, B: InputBuilder<Input = O::Input>>(
        self,
        builder: B,
        extra_headers: &[(String, String)],
    ) -> Result<crate::presign::SignedRequest, SdkError<O::Error>> {
        self.handle.sign_only::<O, B>(builder, extra_headers).await
    }
}

impl Fluent<Async> {
    /// Sends operation `O` with `builder`'s input, as [`Handle::send`] does: what an async
    /// fluent builder's `send` calls.
    pub async fn send<O: Operation, B: InputBuilder<Input = O::Input>>(
        self,
        builder: B,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let Self { handle, mode: Async } = self;
        handle.send::<O, B>(builder).await
    }
}

#[cfg(feature = "blocking")]
impl Fluent<crate::blocking::Blocking> {
    /// Sends operation `O` with `builder`'s input and blocks until the response, as
    /// [`Blocking::block_on`](crate::blocking::Blocking::block_on) says: what a blocking
    /// fluent builder's `send` calls.
    pub fn send<O: Operation, B: InputBuilder<Input = O::Input>>(
        self,
        builder: B,
    ) -> Result<O::Output, SdkError<O::Error>> {
        self.mode.block_on(O::NAME, self.handle.send::<O, B>(builder))
    }
}

/// What a call of a service's trait (`Sts`) answers with: a boxed future of the
/// operation's output, or of the error it ended with.
pub type CallFuture<'a, O, E> = crate::boxed::BoxFuture<'a, Result<O, SdkError<E>>>;

/// A [`Handle`] shared by a client and the calls it makes.
pub type SharedHandle = std::sync::Arc<Handle>;

/// What a generated client holds: configuration, service facts, and what all its calls
/// share: the retry quota and the signer's cached signing key.
#[derive(Debug)]
pub struct Handle {
    config: Config,
    service: ServiceInfo,
    quota: RetryQuota,
    signer: Signer,
    /// Seconds added to the local clock when signing: the configured offset, then what
    /// the service's `Date` showed when it rejected a request as signed at the wrong time.
    clock_offset: AtomicI64,
    /// A setting of the service read from the environment that cannot be understood: every
    /// call fails with it, before sending anything.
    config_error: Option<ConfigError>,
    /// The configuration with the region its region provider gave, when it sets none.
    with_region: tokio::sync::OnceCell<Config>,
}

impl Handle {
    /// A handle for `service` using `config`, with the service's settings from the
    /// environment when the config was read from there ([`Config::for_service`]); if one
    /// of them cannot be understood, every call fails with that error.
    pub fn new(config: Config, service: ServiceInfo) -> Self {
        match config.for_service(service.endpoint_url_variable, service.endpoint_flags) {
            Ok(config) => Self::with(config, service, None),
            Err(e) => Self::with(config, service, Some(e)),
        }
    }

    /// Like [`new`](Self::new), but a service setting from the environment that cannot be
    /// understood is an error now.
    pub fn try_new(config: Config, service: ServiceInfo) -> Result<Self, ConfigError> {
        let config = config.for_service(service.endpoint_url_variable, service.endpoint_flags)?;
        Ok(Self::with(config, service, None))
    }

    fn with(config: Config, service: ServiceInfo, config_error: Option<ConfigError>) -> Self {
        let clock_offset = AtomicI64::new(config.time_offset());
        let (quota, signer, with_region) = (RetryQuota::default(), Signer::new(), tokio::sync::OnceCell::new());
        Self { config, service, quota, signer, clock_offset, config_error, with_region }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The configuration calls use: this one, or, when it sets no region but has a region
    /// provider, this one with the region the provider gives (asked once, at the first call).
    async fn call_config(&self) -> &Config {
        match (self.config.region(), self.config.region_provider()) {
            (None, Some(provider)) => {
                self.with_region
                    .get_or_init(|| async {
                        match provider.region().await {
                            Some(region) => self.config.to_builder().region(region).build(),
                            None => self.config.clone(),
                        }
                    })
                    .await
            }
            _ => &self.config,
        }
    }

    /// The retry quota left.
    pub fn retry_quota(&self) -> u32 {
        self.quota.available()
    }

    /// Finishes `builder` (idempotency tokens filled; checked against the model unless
    /// client-side validation is off; built) and calls operation `O` with it. Fails before
    /// sending anything when a required member is missing or a member breaks the model's
    /// constraints (every violation listed).
    pub async fn send<O: Operation, B: InputBuilder<Input = O::Input>>(
        &self,
        builder: B,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let input = self.finish::<O, B>(builder)?;
        self.invoke::<O>(&input).await
    }

    /// [`send`](Self::send), with `mutators` changing the request before it is signed.
    async fn send_mutated<O: Operation, B: InputBuilder<Input = O::Input>>(
        &self,
        builder: B,
        mutators: Vec<customize::RequestMutator>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let input = self.finish::<O, B>(builder)?;
        self.invoke_mutated::<O>(&input, mutators).await
    }

    /// `builder`'s input: idempotency tokens filled, checked against the model unless
    /// client-side validation is off, built.
    fn finish<O: Operation, B: InputBuilder<Input = O::Input>>(
        &self,
        mut builder: B,
    ) -> Result<O::Input, SdkError<O::Error>> {
        builder.fill_idempotency_tokens(&self.config);
        if self.config.client_side_validation() {
            let mut validator = Validator::default();
            builder.validate(&mut validator);
            validator
                .finish(B::INPUT_NAME)
                .map_err(|e| SdkError::ConstructionFailure(ConstructionError::boxed(O::NAME, Box::new(e))))?;
        }
        builder.build_input().map_err(|e| SdkError::ConstructionFailure(ConstructionError::new(O::NAME, e)))
    }

    /// Calls operation `O` with `input`: prepares the request once, then attempts,
    /// retries and delays, all within the operation timeout.
    pub async fn invoke<O: Operation>(&self, input: &O::Input) -> Result<O::Output, SdkError<O::Error>> {
        self.invoke_mutated::<O>(input, Vec::new()).await
    }

    /// [`invoke`](Self::invoke), with `mutators` changing the prepared request, once, before
    /// the attempts sign it; the headers they leave are checked.
    async fn invoke_mutated<O: Operation>(
        &self,
        input: &O::Input,
        mutators: Vec<customize::RequestMutator>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        #[cfg(feature = "test-util")]
        if let Some(mocks) = self.config.mocks() {
            return mocks.answer::<O>(input);
        }
        let span = tracing::debug_span!("operation", operation = O::NAME);
        async {
            // One deadline covers the whole call; each wait is bounded by what is left of
            // it, so a call arms one timer per attempt, not one more for the operation.
            let budget = Budget::start(self.config.timeout_config().operation());
            let config = self.call_config().await;
            let mut prepared = self.prepare::<O>(config, input, &budget).await?;
            if !mutators.is_empty() {
                prepared
                    .mutate(mutators)
                    .map_err(|e| SdkError::ConstructionFailure(ConstructionError::boxed(O::NAME, e)))?;
            }
            self.attempts::<O>(prepared, &budget).await
        }
        .instrument(span)
        .await
    }
}

/// The operation timeout of one call: when it started and how long it may take.
struct Budget {
    started: Instant,
    limit: Option<Duration>,
}

impl Budget {
    fn start(limit: Option<Duration>) -> Self {
        Self { started: Instant::now(), limit }
    }

    /// What is left (`None`: no limit).
    fn remaining(&self) -> Option<Duration> {
        self.limit.map(|limit| limit.saturating_sub(self.started.elapsed()))
    }

    /// The error for a call to `operation` that ran out of time after `attempts` attempts.
    fn exceeded<E>(&self, operation: &'static str, attempts: u32, outcomes: &[AttemptOutcome]) -> SdkError<E> {
        let limit = TimeoutLimit::Operation(self.limit.unwrap_or_default());
        SdkError::TimeoutError(TimeoutError::new(operation, limit, None)).with_history(attempts, outcomes)
    }
}

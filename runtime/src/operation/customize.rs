//! One call made differently from the client's others, as `aws-sdk-sts`'s `customize()`
//! offers it: other settings over the client's configuration, and changes to the request
//! before it is signed.

use std::fmt;

use super::{Async, Fluent, InputBuilder};
use crate::aws_query::Operation;
use crate::boxed::BoxError;
use crate::config::ConfigBuilder;
use crate::error::SdkError;
use crate::transport::HttpRequest;

/// A change made to a call's request before it is signed, or why it could not be made.
pub(super) type RequestMutator = Box<dyn FnOnce(&mut HttpRequest) -> Result<(), BoxError> + Send>;

/// What the operation of builder `B` answers with.
type OutputOf<B> = <<B as InputBuilder>::Operation as Operation>::Output;
/// How the operation of builder `B` fails.
type ErrorOf<B> = SdkError<<<B as InputBuilder>::Operation as Operation>::Error>;

/// A fluent builder's call, customized: what its `customize()` gives. Settings over the
/// client's configuration ([`config_override`](Self::config_override)) and changes to the
/// request ([`mutate_request`](Self::mutate_request)) apply to this one call; then
/// [`send`](Self::send) makes it as the fluent builder's own `send` would.
pub struct CustomizableOperation<B, M = Async> {
    fluent: Fluent<M>,
    builder: B,
    mutators: Vec<RequestMutator>,
}

impl<B: InputBuilder, M> CustomizableOperation<B, M> {
    /// The call `builder` makes with the client half `fluent` (what a fluent builder's
    /// `customize()` calls).
    pub fn new(fluent: Fluent<M>, builder: B) -> Self {
        Self { fluent, builder, mutators: Vec::new() }
    }

    /// Makes this call with `settings` over the client's configuration (another region,
    /// endpoint, credentials, retries or time limits), as
    /// [`Fluent::config_override`] says; the client keeps its own. Settings given in a
    /// second override go over those of the first.
    pub fn config_override(mut self, settings: impl Into<ConfigBuilder>) -> Self {
        self.fluent = self.fluent.config_override(settings.into());
        self
    }

    /// Changes the request before it is signed: `mutate` is given the request every attempt
    /// of this call sends (URL, headers, form body) once, after the endpoint is resolved and
    /// before the first attempt, and what it changes is signed with the rest. The headers it
    /// leaves must be headers the runtime can sign and send: not `host`, `authorization`,
    /// `x-amz-date`, `x-amz-security-token`, `content-length` or `transfer-encoding`, and no
    /// control characters in a value; else the call fails as a construction failure, sending
    /// nothing. Closures run in the order they were given. (A config answering with test
    /// mocks makes no request, so they do not run.)
    pub fn mutate_request(mut self, mutate: impl FnOnce(&mut HttpRequest) + Send + 'static) -> Self {
        self.mutators.push(Box::new(|request| {
            mutate(request);
            Ok(())
        }));
        self
    }

    /// Replaces the request before it is signed with what `map` makes of it, or fails the
    /// call with `map`'s error (a construction failure whose `reason()` it is, nothing
    /// sent): the fallible
    /// [`mutate_request`](Self::mutate_request), run in order with the others and checked as
    /// they are.
    pub fn map_request<E>(mut self, map: impl FnOnce(HttpRequest) -> Result<HttpRequest, E> + Send + 'static) -> Self
    where
        E: Into<BoxError>,
    {
        self.mutators.push(Box::new(|request| {
            let taken = std::mem::replace(request, HttpRequest::empty());
            *request = map(taken).map_err(Into::into)?;
            Ok(())
        }));
        self
    }
}

impl<B: InputBuilder> CustomizableOperation<B, Async> {
    /// Sends the request and waits for the response, as the fluent builder's `send` does,
    /// with this call's settings and changes.
    pub async fn send(self) -> Result<OutputOf<B>, ErrorOf<B>> {
        let Self { fluent, builder, mutators } = self;
        fluent.handle.send_mutated::<B::Operation, B>(builder, mutators).await
    }
}

#[cfg(feature = "blocking")]
impl<B: InputBuilder> CustomizableOperation<B, crate::blocking::Blocking> {
    /// Sends the request and blocks until the response, as the blocking fluent builder's
    /// `send` does, with this call's settings and changes.
    pub fn send(self) -> Result<OutputOf<B>, ErrorOf<B>> {
        let Self { fluent, builder, mutators } = self;
        let call = fluent.handle.send_mutated::<B::Operation, B>(builder, mutators);
        fluent.mode.block_on(<B::Operation as Operation>::NAME, call)
    }
}

impl<B: fmt::Debug, M> fmt::Debug for CustomizableOperation<B, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomizableOperation")
            .field("builder", &self.builder)
            .field("request_changes", &self.mutators.len())
            .finish_non_exhaustive()
    }
}

//! The awsQuery protocol, whole: how an operation is described ([`Operation`]), its
//! request body ([`form`]), its XML responses ([`xml`]) and how a response becomes the
//! operation's output or error ([`response`]). What carries a call out (endpoint, signing,
//! retries) is in [`operation`](crate::operation), which knows the protocol only through
//! this module.

pub mod form;
pub mod response;
pub mod xml;

use crate::endpoint::EndpointError;
use crate::error::{ErrorMetadata, ParseError, ProvideErrorMetadata};
use form::{QueryWriter, ValueWriter};
use xml::Element;

/// The content type of an awsQuery request body.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// One awsQuery operation, as the generated code describes it.
pub trait Operation {
    /// The operation's name, also its `Action=` value (`AssumeRole`).
    const NAME: &'static str;
    /// The service's API version, sent as `Version=` (`2011-06-15`).
    const API_VERSION: &'static str;
    /// Whether requests are signed (`false` for `noAuth` operations).
    const SIGNED: bool = true;
    /// The element that wraps the output members (`AssumeRoleResult`), if any.
    const RESULT_WRAPPER: Option<&'static str>;
    /// Whether the output has no members, so that an empty response body is a success.
    const EMPTY_OUTPUT: bool = false;
    /// The model's request URI, put after the endpoint's path: `/` for almost every
    /// awsQuery service (`/?Operation=CancelJob` for Import/Export).
    const REQUEST_URI: &'static str = "/";
    /// The input; owned data, as every generated type is.
    type Input: 'static;
    type Output: 'static;
    type Error: ProvideErrorMetadata + ReadError + 'static;

    /// Writes the input's members into the form (nothing for an input without members).
    fn write_input(_input: &Self::Input, _writer: ValueWriter<'_>) {}

    /// The form body for `input`: `Action`, `Version` and the members.
    fn serialize(input: &Self::Input) -> String {
        let mut writer = QueryWriter::new(Self::NAME, Self::API_VERSION);
        Self::write_input(input, writer.root());
        writer.finish()
    }

    /// Reads the output from the result element (`None` when the response has none).
    fn read_output(result: Option<Element<'_, '_>>, request_id: Option<String>) -> Result<Self::Output, ParseError>;

    /// What the operation puts before the endpoint's host (the model's endpoint trait,
    /// `foo.{label}.`), with its host labels checked.
    fn host_prefix(_input: &Self::Input) -> Result<Option<String>, EndpointError> {
        Ok(None)
    }
}

/// An operation's error enum, as an error response is read into it.
pub trait ReadError: Sized {
    /// The variant for the error's code (read from the `<Error>` element), or `Unhandled`.
    fn read_error(meta: ErrorMetadata, error: Element<'_, '_>) -> Result<Self, ParseError>;
}

/// A modeled error structure (`ExpiredTokenException`), read from its `<Error>` element
/// ([`Element::modeled`]).
pub trait ModeledError: Sized {
    /// The error with `meta` and the members the element holds.
    fn read(meta: ErrorMetadata, error: Element<'_, '_>) -> Result<Self, ParseError>;
}

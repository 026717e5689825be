//! The hand-written runtime of the generated STS client.
//!
//! The generated crate calls into these modules, each named for what it does:
//!
//! - [`aws_query`]: the protocol, whole: the [`Operation`](aws_query::Operation) trait
//!   generated code implements, the form writer, the XML reader (with `quick-xml`), and
//!   reading a response into an output or an error;
//! - [`operation`]: carries out one call (endpoint, signing, sending, retrying);
//! - [`percent`]: RFC 3986 percent-encoding, for forms and signatures;
//! - [`sign`]: SigV4 signing (key and signature by `aws-sigv4`), keeping the signing key;
//! - [`transport`]: the HTTP client trait and its `hyper` (default) and `reqwest`
//!   implementations;
//! - [`tls`]: the TLS primitives and settings of those clients;
//! - [`endpoint`]: where requests go;
//! - [`validate`]: checks inputs against the model's constraints;
//! - [`redact`]: what errors and logs may show of text from outside (no URL user-info,
//!   bounded length);
//! - [`config`], [`credentials`], [`error`], [`date_time`]: the types users meet;
//! - [`boxed`] and [`env`](mod@env): leaves every module may import (boxed errors and futures, the
//!   environment reader); they import nothing of the crate, and no module imports itself
//!   through others (`tests/module_graph.rs`).

pub mod aws_query;
pub mod base64;
pub mod boxed;
pub mod config;
pub mod credentials;
pub mod date_time;
pub mod endpoint;
pub mod env;
pub mod error;
pub mod idempotency;
pub mod operation;
pub mod percent;
pub mod profile;
mod random;
pub mod redact;
pub mod retry;
pub mod sign;
pub mod sleep;
pub mod tls;
pub mod transport;
pub mod validate;

pub use config::Config;
pub use credentials::Credentials;
pub use date_time::DateTime;

//! The hand-written runtime of the generated clients: it knows the awsQuery protocol and
//! AWS's signing, endpoints and credentials, and nothing of any one service (what a
//! service needs of its own comes from its generated crate, in
//! [`ServiceInfo`](operation::ServiceInfo)).
//!
//! Its modules fall in three groups, each named for what it does.
//!
//! **What users meet**, re-exported by the generated crate:
//!
//! - [`config`]: a client's settings; [`env`](mod@env): where settings are read from;
//!   [`region`]: where a client finds its region when none is set;
//! - [`credentials`]: credentials and their providers; [`profile`]: the shared config and
//!   credentials files;
//! - [`error`]: every error a call returns; [`validate`]'s `ValidationError`;
//! - [`transport`]: the HTTP client trait and its `hyper` (default) and `reqwest`
//!   implementations; [`tls`]: their TLS primitives and settings;
//! - [`retry`], [`sleep`], [`idempotency`]: how calls are retried, waited for and made
//!   idempotent;
//! - [`endpoint`]: the endpoint a request goes to; [`date_time`]: timestamps;
//! - [`boxed`]: the boxed errors and futures the traits above return;
//! - [`redact`]: what errors and logs may show of text from outside (no URL user-info,
//!   bounded length).
//!
//! **Users' test doubles** (feature `test-util`): `test_util`, operation-level mocks and a
//! replaying HTTP client; written against [`aws_query::Operation`], as generated code is.
//!
//! **What only generated code calls**: public so that the generated crate can reach it,
//! and not part of what users are promised:
//!
//! - [`aws_query`]: the protocol, whole: the [`Operation`](aws_query::Operation) trait
//!   generated code implements, the form writer, the XML reader (with `quick-xml`), and
//!   reading a response into an output or an error;
//! - [`operation`]: the client's [`Handle`](operation::Handle), which carries out calls
//!   (prepare once, then the retry loop), and what the generated client tells it;
//! - [`endpoint_rules`]: the rules language's functions and partition tables;
//! - `operation_macros`: macros, hidden from these docs, that write what every generated
//!   module repeats but for its names (an operation's `Operation` impl and fluent builder,
//!   its input builder's and error's impls, builders' `set_`/`get_` methods, the service
//!   trait, modeled errors' methods);
//! - in modules users meet, three items for generated code alone:
//!   [`validate::Validator`], [`error::CreateUnhandledError`] and [`sign::SignatureVersion`].
//!
//! **The runtime's own**: [`sign`] (SigV4, with the key by `aws-sigv4`, and SigV2),
//! [`percent`] (RFC 3986 percent-encoding), [`base64`].
//!
//! [`boxed`], [`env`](mod@env), [`percent`], [`redact`], [`base64`] and [`date_time`] are
//! leaves: they import nothing of the crate, and no module imports itself through others
//! (`tests/module_graph.rs`).
// docs.rs (`--cfg docsrs`, nightly) marks what each feature adds.
#![cfg_attr(docsrs, feature(doc_cfg))]

// What users meet.
pub mod behavior_version;
#[cfg(feature = "blocking")]
pub mod blocking;
pub mod boxed;
pub mod config;
pub mod credentials;
pub mod date_time;
pub mod endpoint;
pub mod env;
pub mod error;
pub mod idempotency;
pub mod presign;
pub mod profile;
pub mod redact;
pub mod region;
pub mod retry;
pub mod sleep;
pub mod tls;
pub mod transport;
pub mod validate;

// Users' test doubles (feature `test-util`): they stand in for operations, so they are
// written against `aws_query::Operation`, as generated code is.
#[cfg(feature = "test-util")]
pub mod test_util;
// Their macros, `mock!` and `mock_client!`, exported at the crate's root; they name the
// operation module, as the test doubles may.
#[cfg(feature = "test-util")]
mod macros;

// What only generated code calls.
pub mod aws_query;
pub mod endpoint_rules;
pub mod operation;
// Macros writing the items every operation repeats but for its names (`operation!`),
// exported at the crate's root and hidden from its docs.
mod operation_macros;

// The runtime's own.
pub mod base64;
pub mod percent;
mod random;
pub mod sign;

pub use config::Config;
pub use credentials::Credentials;
pub use date_time::DateTime;

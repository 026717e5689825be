//! The runtime's HTTP clients over real sockets on 127.0.0.1: TLS against a rustls server,
//! and (for `HyperClient`) proxies.
#![cfg(any(feature = "reqwest", feature = "hyper"))]

mod support;
mod tls;

#[cfg(feature = "hyper")]
mod proxy;

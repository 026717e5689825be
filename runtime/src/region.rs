//! Where a client finds its region when its configuration sets none.

use std::fmt;

use crate::boxed::BoxFuture;

/// Where a client finds its region when none is set: asked once, at its first call (the
/// EC2 instance metadata service's region, say).
pub trait ProvideRegion: Send + Sync + fmt::Debug {
    /// The region, or `None` when there is none to be had.
    fn region(&self) -> BoxFuture<'_, Option<String>>;
}

//! A region's name, and where a client finds its region when its configuration sets none.

use std::borrow::Cow;
use std::fmt;

use crate::boxed::BoxFuture;

/// Where a client finds its region when none is set: asked once, at its first call (the
/// EC2 instance metadata service's region, say).
pub trait ProvideRegion: Send + Sync + fmt::Debug {
    /// The region, or `None` when there is none to be had.
    fn region(&self) -> BoxFuture<'_, Option<String>>;
}

/// A region's name (`eu-west-3`), as `aws-sdk-sts` users give it: `Region::new("eu-west-3")`
/// or `"eu-west-3".into()`. [`ConfigBuilder::region`](crate::config::ConfigBuilder::region)
/// takes one, or the name itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// The region named `name`.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Self(name.into())
    }

    /// The region named `name`, in a constant.
    pub const fn from_static(name: &'static str) -> Self {
        Self(Cow::Borrowed(name))
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&'static str> for Region {
    fn from(name: &'static str) -> Self {
        Self(Cow::Borrowed(name))
    }
}

impl From<String> for Region {
    fn from(name: String) -> Self {
        Self(Cow::Owned(name))
    }
}

impl From<Region> for String {
    fn from(region: Region) -> Self {
        region.0.into_owned()
    }
}

//! The AWS CLI's token caches on disk (`aws sso login`'s and `aws login`'s): where the home
//! directory is, reading a cache file, making the cache's directory and writing a file whole.

use std::io::Write;
use std::path::Path;

use crate::env::Env;

/// The home directory the AWS CLI keeps its caches under (`HOME`, else `USERPROFILE`).
pub(crate) fn home_dir(env: &Env) -> Option<String> {
    env("HOME").or_else(|| env("USERPROFILE")).filter(|home| !home.is_empty())
}

/// The cache file at `path`, `None` when there is none.
pub(crate) fn read(path: &Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Creates `directory` and its parents, those it makes readable by their owner only.
pub(crate) fn create_private_dir(directory: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(directory)
}

/// Writes `text` to `path` whole: a new file, readable by its owner only, renamed over the
/// old one, so that a reader never sees half a file and a failure leaves the old one.
pub(crate) fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let write = || -> std::io::Result<()> {
        let mut file = options.open(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

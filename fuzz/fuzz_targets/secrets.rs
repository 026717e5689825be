//! What the credential targets check of the credentials they read.

use sts_runtime::credentials::Credentials;

/// `Debug` of `credentials` is the same whatever their secret key and session token are:
/// neither shows.
pub fn debug_hides_secrets(credentials: &Credentials) {
    let mut other = Credentials::new(
        credentials.access_key_id(),
        "another secret",
        credentials.session_token().map(|_| "another token".to_owned()),
        credentials.expiry(),
        credentials.provider_name(),
    );
    if let Some(account) = credentials.account_id() {
        other = other.with_account_id(account);
    }
    assert_eq!(format!("{credentials:?}"), format!("{other:?}"));
}

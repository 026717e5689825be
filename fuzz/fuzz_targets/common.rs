//! What both targets share: every operation's response reader.

use sts_runtime::aws_query::Operation;
use sts_runtime::aws_query::response::read_response;
use sts_runtime::transport::HttpResponse;

/// Reads `response` as the response of every operation; any outcome but a panic is fine.
pub fn read_as_every_operation(response: &HttpResponse) {
    fn read<O: Operation>(response: &HttpResponse)
    where
        O::Output: std::fmt::Debug,
        O::Error: std::fmt::Debug,
    {
        let outcome = read_response::<O>(response);
        // Formatting walks every field, as a user logging the outcome would.
        let _ = format!("{outcome:?}");
    }
    use sts::operation::*;
    read::<assume_role::AssumeRole>(response);
    read::<assume_role_with_saml::AssumeRoleWithSaml>(response);
    read::<assume_role_with_web_identity::AssumeRoleWithWebIdentity>(response);
    read::<assume_root::AssumeRoot>(response);
    read::<decode_authorization_message::DecodeAuthorizationMessage>(response);
    read::<get_access_key_info::GetAccessKeyInfo>(response);
    read::<get_caller_identity::GetCallerIdentity>(response);
    read::<get_delegated_access_token::GetDelegatedAccessToken>(response);
    read::<get_federation_token::GetFederationToken>(response);
    read::<get_scoped_credentials::GetScopedCredentials>(response);
    read::<get_session_token::GetSessionToken>(response);
    read::<get_web_identity_token::GetWebIdentityToken>(response);
}

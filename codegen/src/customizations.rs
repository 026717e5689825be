//! What the AWS SDKs do for particular services beyond what their models say, in one
//! place: each table is keyed by the model's `serviceId`, and each entry says why.

/// Error codes a service returns, under a status that is not transient (400), for failures
/// that are: retried as transient errors, as botocore's `_retry.json` and aws-sdk-rust do.
pub const TRANSIENT_CODES: &[(&str, &[&str])] = &[
    // The identity provider STS asked for a web identity or SAML assertion did not answer.
    ("STS", &["IDPCommunicationError"]),
];

/// Services signed otherwise than their model's `signatureVersion` says.
pub const SIGNATURE_VERSIONS: &[(&str, &str)] = &[
    // The model says `v2`, but the service moved to SigV4: botocore's
    // `_set_importexport_signature_version` signs it with SigV4.
    ("ImportExport", "v4"),
];

/// Environment variables that set a service's own endpoint flag (a boolean built-in of its
/// rule set), by built-in: the variable, its value for on, its value for off.
pub const ENDPOINT_FLAG_VARIABLES: &[(&str, &str, &str, &str)] = &[
    // botocore's `sts_regional_endpoints`: `legacy` keeps the global endpoint for the
    // regions that had it.
    ("AWS::STS::UseGlobalEndpoint", "AWS_STS_REGIONAL_ENDPOINTS", "legacy", "regional"),
];

/// The variable that sets the endpoint flag `built_in`, with its values for on and off.
pub fn endpoint_flag_variable(built_in: &str) -> Option<(&'static str, &'static str, &'static str)> {
    ENDPOINT_FLAG_VARIABLES.iter().find(|(b, ..)| *b == built_in).map(|(_, name, on, off)| (*name, *on, *off))
}

/// The transient codes of the service `service_id`.
pub fn transient_codes(service_id: &str) -> &'static [&'static str] {
    TRANSIENT_CODES.iter().find(|(id, _)| *id == service_id).map_or(&[], |(_, codes)| codes)
}

/// The signature version the service `service_id` is signed with, when it is not the
/// model's.
pub fn signature_version(service_id: &str) -> Option<&'static str> {
    SIGNATURE_VERSIONS.iter().find(|(id, _)| *id == service_id).map(|(_, version)| *version)
}

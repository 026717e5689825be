//! Signature Version 2, for the services whose model still asks for it (SimpleDB).
//!
//! SigV2 signs the form itself: the signer adds `AWSAccessKeyId`, `SignatureMethod`,
//! `SignatureVersion`, `Timestamp` and, for temporary credentials, `SecurityToken` to the
//! body, then `Signature`: the base64 HMAC-SHA256, under the secret key, of the method,
//! host, path and the sorted, encoded form, one per line (as botocore's `SigV2Auth`).

use std::time::SystemTime;

use super::{decoded_pairs, push_encoded_pairs, split_url};
use crate::boxed::BoxError;
use crate::credentials::Credentials;
use crate::date_time::DateTime;
use crate::transport::HttpRequest;

/// Signs `request`'s form body in place with SigV2 at `time`.
///
/// Fails, leaving the request as it was, if its URL has no host, has user information, a
/// query string or a fragment (SigV2 signs the form, and only the form).
pub fn sign(request: &mut HttpRequest, credentials: &Credentials, time: SystemTime) -> Result<(), BoxError> {
    // The host as the HTTP client sends it (lowercase, a default port left out), which is
    // what the service reads from `Host` to check the signature.
    let (host, path, query) = split_url(&request.url)?;
    if !query.is_empty() {
        return Err("the request URL has a query string, which SigV2 of a form does not sign".into());
    }
    let amz = DateTime::from(time).to_amz_date();
    let timestamp =
        format!("{}-{}-{}T{}:{}:{}Z", &amz[..4], &amz[4..6], &amz[6..8], &amz[9..11], &amz[11..13], &amz[13..15]);

    let mut params = decoded_pairs(&request.body);
    // A retry signs afresh: the last attempt's signature is not part of the form.
    params.retain(|(name, _)| name != "Signature");
    params.push(("AWSAccessKeyId".into(), credentials.access_key_id().to_owned()));
    params.push(("SignatureMethod".into(), "HmacSHA256".into()));
    params.push(("SignatureVersion".into(), "2".into()));
    params.push(("Timestamp".into(), timestamp));
    if let Some(token) = credentials.session_token() {
        params.push(("SecurityToken".into(), token.to_owned()));
    }
    params.sort();

    let mut form = String::with_capacity(request.body.len() + 256);
    push_encoded_pairs(&mut form, &params);
    let string_to_sign = format!("{}\n{host}\n{path}\n{form}", request.method);
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, credentials.secret_access_key().as_bytes());
    let signature = crate::base64::encode(ring::hmac::sign(&key, string_to_sign.as_bytes()).as_ref());
    form.push_str("&Signature=");
    crate::percent::percent_encode(&signature, &mut form);
    request.body = form;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn request(body: &str) -> HttpRequest {
        HttpRequest {
            method: "POST",
            url: "https://sdb.amazonaws.com/".into(),
            headers: vec![("content-type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
            body: body.into(),
        }
    }

    fn form(request: &HttpRequest) -> Vec<(String, String)> {
        assert!(request.body.split('&').all(|pair| pair.contains('=')), "name=value: {}", request.body);
        decoded_pairs(&request.body)
    }

    /// The signature botocore's `SigV2Auth` computes for this form (worked out with
    /// Python's `hmac` and `urllib.parse.quote`, as it does).
    #[test]
    fn the_form_is_signed_as_botocore_signs_it() {
        let mut request = request("Action=ListDomains&Version=2009-04-15&MaxNumberOfDomains=10");
        let credentials =
            Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, None, "test");
        let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        sign(&mut request, &credentials, time).expect("signed");
        let form = form(&request);
        let names: Vec<&str> = form.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "AWSAccessKeyId",
                "Action",
                "MaxNumberOfDomains",
                "SignatureMethod",
                "SignatureVersion",
                "Timestamp",
                "Version",
                "Signature"
            ]
        );
        assert_eq!(form[5].1, "2023-11-14T22:13:20Z");
        assert_eq!(form[7].1, "5Qp2JiFHT1eNTTgSIQ70mhhOs1btwyXZ0ZA3a/n6YDA=");
        assert!(request.body.contains("Signature=5Qp2JiFHT1eNTTgSIQ70mhhOs1btwyXZ0ZA3a%2Fn6YDA%3D"));
    }

    #[test]
    fn a_session_token_is_signed_and_a_retry_replaces_the_old_signature() {
        let mut request = request("Action=ListDomains&Version=2009-04-15");
        let credentials = Credentials::new("ASIAEXAMPLE", "secret", Some("the-token".into()), None, "test");
        let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        sign(&mut request, &credentials, time).expect("signed");
        assert!(form(&request).contains(&("SecurityToken".to_owned(), "the-token".to_owned())));
        let once = request.body.clone();
        // Signing a signed form again drops the old signature and signs the rest afresh.
        let mut resigned = request.clone();
        resigned.body = form(&request)
            .into_iter()
            .filter(|(n, _)| matches!(n.as_str(), "Action" | "Version" | "Signature"))
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        sign(&mut resigned, &credentials, time).expect("signed");
        assert_eq!(resigned.body, once);
        for bad in ["https://h/?a=b", "https://u@h/", "h/"] {
            let mut request = request.clone();
            request.url = bad.into();
            assert!(sign(&mut request, &credentials, time).is_err(), "{bad}");
        }
    }
}

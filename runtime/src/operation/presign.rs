//! Presigning a call instead of sending it: the input finished and checked, the endpoint
//! resolved and the credentials fetched as for a call, then the request signed into its URL.

use super::{Budget, Handle, InputBuilder};
use crate::aws_query::{CONTENT_TYPE, Operation};
use crate::error::{ConstructionError, SdkError};
use crate::presign::{PresignedMethod, PresignedRequest, PresigningConfig, SignedRequest};
use crate::sign::SigningScope;
use crate::transport::HttpRequest;

impl Handle {
    /// Operation `O` with `builder`'s input, presigned as `presigning` says. Fails as a call
    /// would before sending (invalid input, no region or credentials), and for an operation
    /// that is not signed.
    pub async fn presign<O: Operation, B: InputBuilder<Input = O::Input>>(
        &self,
        builder: B,
        presigning: PresigningConfig,
    ) -> Result<PresignedRequest, SdkError<O::Error>> {
        let construction = |e: crate::boxed::BoxError| SdkError::Construction(ConstructionError::boxed(O::NAME, e));
        let input = self.finish::<O, B>(builder)?;
        if self.service.signature != crate::sign::SignatureVersion::V4 {
            return Err(construction("only SigV4 requests can be presigned, and this service signs with SigV2".into()));
        }
        if !O::SIGNED {
            return Err(construction(format!("{} is not signed, so it cannot be presigned", O::NAME).into()));
        }
        let budget = Budget::start(self.config.timeout_config().operation());
        let config = self.call_config().await;
        let prepared = self.prepare::<O>(config, &input, &budget).await?;
        let Some(signing) = prepared.signing else {
            return Err(construction(format!("{} is not signed, so it cannot be presigned", O::NAME).into()));
        };
        let form = prepared.request.body;
        let mut headers: Vec<(String, String)> = presigning.headers().to_vec();
        let (method, url, body) = match presigning.method() {
            PresignedMethod::Get => {
                let separator = if prepared.request.url.contains('?') { '&' } else { '?' };
                ("GET", format!("{}{separator}{form}", prepared.request.url), String::new())
            }
            PresignedMethod::Post => {
                headers.insert(0, ("content-type".to_owned(), CONTENT_TYPE.to_owned()));
                ("POST", prepared.request.url, form)
            }
        };
        let request = HttpRequest {
            method,
            url,
            headers: headers.iter().map(|(n, v)| (n.clone().into(), v.clone().into())).collect(),
            body,
        };
        let time = presigning.start_time().unwrap_or_else(|| self.signing_time());
        let scope = SigningScope { service: &signing.service, region: &signing.region };
        let uri = self
            .signer
            .presign(&request, &signing.credentials, scope, time, presigning.expiry().as_secs())
            .map_err(construction)?;
        Ok(PresignedRequest { method, uri, headers, body: request.body })
    }

    /// Operation `O` with `builder`'s input as the request a call would send, signed in its
    /// headers with `extra_headers` among them, but not sent. Fails as [`presign`](Self::presign)
    /// does.
    pub async fn sign_only<O: Operation, B: InputBuilder<Input = O::Input>>(
        &self,
        builder: B,
        extra_headers: &[(String, String)],
    ) -> Result<SignedRequest, SdkError<O::Error>> {
        let construction = |e: crate::boxed::BoxError| SdkError::Construction(ConstructionError::boxed(O::NAME, e));
        let input = self.finish::<O, B>(builder)?;
        if self.service.signature != crate::sign::SignatureVersion::V4 {
            return Err(construction(
                "only SigV4 requests can be signed this way, and this service signs with SigV2".into(),
            ));
        }
        let budget = Budget::start(self.config.timeout_config().operation());
        let config = self.call_config().await;
        let prepared = self.prepare::<O>(config, &input, &budget).await?;
        let Some(signing) = prepared.signing else {
            return Err(construction(format!("{} is not signed", O::NAME).into()));
        };
        let mut request = prepared.request;
        request.headers.extend(extra_headers.iter().map(|(n, v)| (n.clone().into(), v.clone().into())));
        let scope = SigningScope { service: &signing.service, region: &signing.region };
        self.signer.sign(&mut request, &signing.credentials, scope, self.signing_time()).map_err(construction)?;
        Ok(SignedRequest {
            method: request.method,
            url: request.url,
            headers: request.headers.into_iter().map(|(n, v)| (n.into_owned(), v.into_owned())).collect(),
            body: request.body,
        })
    }
}

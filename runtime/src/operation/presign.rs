//! Presigning a call instead of sending it: the input finished and checked, the endpoint
//! resolved and the credentials fetched as for a call, then the request signed into its URL.

use super::prepare::Signing;
use super::{Budget, Handle, InputBuilder};
use crate::aws_query::{CONTENT_TYPE, Operation};
use crate::boxed::BoxError;
use crate::error::{ConstructionError, SdkError};
use crate::presign::{PresignedMethod, PresignedRequest, PresigningConfig, SignedRequest, check_extra_header};
use crate::sign::{SignatureVersion, SigningScope};
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
        let (prepared, signing) = self.prepare_to_sign::<O, B>(builder).await?;
        let form = prepared.body;
        let mut headers: Vec<(String, String)> = presigning.headers().to_vec();
        let (method, url, body) = match presigning.method() {
            PresignedMethod::Get => {
                let separator = if prepared.url.contains('?') { '&' } else { '?' };
                ("GET", format!("{}{separator}{form}", prepared.url), String::new())
            }
            PresignedMethod::Post => {
                headers.insert(0, ("content-type".to_owned(), CONTENT_TYPE.to_owned()));
                ("POST", prepared.url, form)
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
            .map_err(construction::<O>)?;
        Ok(PresignedRequest { method, uri, headers, body: request.body })
    }

    /// Operation `O` with `builder`'s input as the request a call would send, signed in its
    /// headers with `extra_headers` among them (checked as a presigning config's are), but
    /// not sent. Fails as [`presign`](Self::presign) does.
    pub async fn sign_only<O: Operation, B: InputBuilder<Input = O::Input>>(
        &self,
        builder: B,
        extra_headers: &[(String, String)],
    ) -> Result<SignedRequest, SdkError<O::Error>> {
        for (name, value) in extra_headers {
            check_extra_header(name, value).map_err(|why| construction::<O>(why.into()))?;
        }
        let (mut request, signing) = self.prepare_to_sign::<O, B>(builder).await?;
        request.headers.extend(extra_headers.iter().map(|(n, v)| (n.clone().into(), v.clone().into())));
        let scope = SigningScope { service: &signing.service, region: &signing.region };
        self.signer.sign(&mut request, &signing.credentials, scope, self.signing_time()).map_err(construction::<O>)?;
        Ok(SignedRequest {
            method: request.method,
            url: request.url,
            headers: request.headers.into_iter().map(|(n, v)| (n.into_owned(), v.into_owned())).collect(),
            body: request.body,
        })
    }

    /// What presigning and signing without sending start from: the input finished and
    /// checked, then the request a call would send and what to sign it with, as a call
    /// prepares them. Refused for a SigV2 service and an unsigned operation.
    async fn prepare_to_sign<O: Operation, B: InputBuilder<Input = O::Input>>(
        &self,
        builder: B,
    ) -> Result<(HttpRequest, Signing), SdkError<O::Error>> {
        let input = self.finish::<O, B>(builder)?;
        if self.service.signature != SignatureVersion::V4 {
            return Err(construction::<O>("only SigV4 requests can be signed for someone else to send".into()));
        }
        let budget = Budget::start(self.config.timeout_config().operation());
        let config = self.call_config().await;
        let prepared = self.prepare::<O>(config, &input, &budget).await?;
        match prepared.signing {
            Some(signing) => Ok((prepared.request, signing)),
            None => Err(construction::<O>(format!("{} is not signed, so it cannot be presigned", O::NAME).into())),
        }
    }
}

fn construction<O: Operation>(e: BoxError) -> SdkError<O::Error> {
    SdkError::ConstructionFailure(ConstructionError::boxed(O::NAME, e))
}

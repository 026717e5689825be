//! What each subcommand does, and how its failures become one line and an exit code.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::ArgMatches;
use sts::credentials::{CredentialsError, DefaultChain, FromEnvError, TokenCodeProvider};
use sts::error::{ProvideErrorMetadata, SdkError};
use sts::types::Tag;
use sts::{Client, Credentials};

use crate::cache::Cache;
use crate::output::{self, Format, Issued};
use crate::terminal;

pub(crate) const EXIT_SERVICE: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;
pub(crate) const EXIT_CREDENTIALS: u8 = 3;
pub(crate) const EXIT_NETWORK: u8 = 4;
pub(crate) const EXIT_CONFIG: u8 = 5;

/// A failed command: what to print and the exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(code: u8, message: impl Into<String>) -> Self {
        // One line, whatever the causes say.
        Self { code, message: message.into().replace(['\n', '\r'], " ") }
    }
}

/// A call's error as a failure: the error's own line, and what to do about it.
fn failed<E: ProvideErrorMetadata + std::error::Error + 'static>(err: SdkError<E>) -> Failure {
    let (code, hint) = match &err {
        SdkError::ServiceError(_) => (
            EXIT_SERVICE,
            match err.code() {
                Some("AccessDenied") => " (check the role's trust policy and your permissions)",
                Some("ExpiredToken" | "ExpiredTokenException") => " (your credentials have expired: get new ones)",
                Some("InvalidClientTokenId" | "SignatureDoesNotMatch") => " (check the access key and secret)",
                _ => "",
            },
        ),
        SdkError::CredentialsUnavailable(_) => (
            EXIT_CREDENTIALS,
            " (set AWS_PROFILE or --profile, run `aws login` or `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
        ),
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
            (EXIT_NETWORK, " (check the network, the region and --endpoint-url)")
        }
        _ => (EXIT_CONFIG, " (check the arguments and the region)"),
    };
    Failure::new(code, format!("{err}{hint}"))
}

/// The variables the client reads, with the global options in place of theirs.
pub(crate) fn environment(matches: &ArgMatches) -> sts::config::Env {
    let overrides: Vec<(&'static str, String)> = [
        ("AWS_PROFILE", matches.get_one::<String>("profile")),
        ("AWS_REGION", matches.get_one::<String>("region")),
        ("AWS_ENDPOINT_URL_STS", matches.get_one::<String>("endpoint-url")),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v.clone())))
    .collect();
    Arc::new(move |name: &str| {
        overrides.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()).or_else(|| std::env::var(name).ok())
    })
}

/// The client `Client::from_env` makes, whose credentials chain asks for the code of a role
/// profile's `mfa_serial` on the terminal, as the AWS CLI does.
fn client(matches: &ArgMatches) -> Result<Client, Failure> {
    let env = environment(matches);
    let client = Client::from_env_vars(env.clone()).map_err(|e| match e {
        FromEnvError::ProfileNotFound(e) => Failure::new(EXIT_CONFIG, format!("{e} (check --profile or AWS_PROFILE)")),
        e => Failure::new(EXIT_CONFIG, e.to_string()),
    })?;
    let ask: TokenCodeProvider = Arc::new(|serial: &str| ask_token_code(serial).map_err(CredentialsError::new));
    let chain = DefaultChain::with_env(env, client.config(), Some(ask));
    Client::try_from_conf(client.config().to_builder().credentials_provider(chain).build())
        .map_err(|e| Failure::new(EXIT_CONFIG, e.to_string()))
}

/// What identifies an answer in the cache: the subcommand, the settings that pick the
/// credentials and the endpoint, and the request's own options.
fn cache_key(matches: &ArgMatches, command: &str, parts: &[Option<&str>]) -> String {
    let env = environment(matches);
    let mut key = command.to_owned();
    let settings = ["AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"];
    for value in settings.iter().map(|name| env(name)).chain(parts.iter().map(|p| p.map(str::to_owned))) {
        key.push('\u{0}');
        key.push_str(value.as_deref().unwrap_or("-"));
    }
    key
}

fn arg<'a>(matches: &'a ArgMatches, name: &str) -> Option<&'a str> {
    matches.try_get_one::<String>(name).ok().flatten().map(String::as_str)
}

/// A policy given inline or as `file://PATH`.
fn policy(matches: &ArgMatches) -> Result<Option<String>, Failure> {
    match arg(matches, "policy") {
        Some(path) if path.starts_with("file://") => std::fs::read_to_string(&path["file://".len()..])
            .map(Some)
            .map_err(|e| Failure::new(EXIT_CONFIG, format!("cannot read the policy {path}: {e}"))),
        other => Ok(other.map(str::to_owned)),
    }
}

/// The MFA code: given, or asked for on the terminal.
fn token_code(matches: &ArgMatches, serial: &str) -> Result<String, Failure> {
    match arg(matches, "token-code") {
        Some(code) => Ok(code.to_owned()),
        None => ask_token_code(serial).map_err(|why| Failure::new(EXIT_CONFIG, why)),
    }
}

/// The code of MFA device `serial`, asked for on the terminal ([`terminal::ask`]).
fn ask_token_code(serial: &str) -> Result<String, String> {
    let code =
        terminal::ask(&format!("MFA code for {serial}: ")).map_err(|e| format!("cannot read the MFA code: {e}"))?;
    if code.is_empty() {
        return Err("no MFA code was given (use --token-code or type it at the prompt)".to_owned());
    }
    Ok(code)
}

fn format(matches: &ArgMatches) -> Format {
    arg(matches, "output").and_then(Format::parse).unwrap_or(Format::Env)
}

/// Credentials from the cache, or from `fetch` (then cached when `--cache` is given).
async fn cached_credentials<F>(matches: &ArgMatches, key: String, fetch: F) -> Result<Issued, Failure>
where
    F: std::future::Future<Output = Result<Issued, Failure>>,
{
    let cache = matches.get_flag("cache").then(Cache::from_env).flatten();
    if let Some(value) = cache.as_ref().and_then(|c| c.get(&key, SystemTime::now())) {
        let text = |name: &str| value.get(name).and_then(serde_json::Value::as_str).map(str::to_owned);
        if let (Some(access_key_id), Some(secret_access_key), Some(session_token), Some(expiration)) =
            (text("AccessKeyId"), text("SecretAccessKey"), text("SessionToken"), text("Expiration"))
        {
            return Ok(Issued { access_key_id, secret_access_key, session_token, expiration });
        }
    }
    let issued = fetch.await?;
    if let Some(cache) = cache {
        let expires = sts::DateTime::parse(&issued.expiration, sts_runtime::date_time::TimestampFormat::DateTime)
            .ok()
            .and_then(|at| SystemTime::try_from(at).ok())
            .unwrap_or_else(SystemTime::now);
        cache.put(&key, expires, issued.to_json());
    }
    Ok(issued)
}

fn issued(credentials: Option<&sts::types::Credentials>) -> Result<Issued, Failure> {
    credentials.map(Issued::from_sts).ok_or_else(|| Failure::new(EXIT_NETWORK, "the answer held no credentials"))
}

/// Runs the subcommand; its output, or why it failed.
pub(crate) async fn run(matches: &ArgMatches) -> Result<String, Failure> {
    let Some((command, sub)) = matches.subcommand() else {
        return Err(Failure::new(EXIT_USAGE, "no subcommand (see sts --help)"));
    };
    match command {
        "login" => return crate::login::login(matches, sub).await,
        "logout" => return crate::login::logout(matches, sub),
        _ => {}
    }
    let client = client(matches)?;
    match command {
        "whoami" => {
            let me = client.get_caller_identity().send().await.map_err(failed)?;
            if sub.get_flag("text") {
                return Ok(format!("{}\n", me.arn().unwrap_or_default()));
            }
            let json = serde_json::json!({ "UserId": me.user_id(), "Account": me.account(), "Arn": me.arn() });
            Ok(format!("{json:#}\n"))
        }
        "assume-role" => assume_role(matches, sub, &client).await,
        "session-token" => {
            let duration = sub.get_one::<i32>("duration-seconds").copied();
            let serial = arg(sub, "serial-number");
            let key = cache_key(matches, command, &[serial, duration.map(|d| d.to_string()).as_deref()]);
            let fetch = async {
                let mut call = client.get_session_token().set_duration_seconds(duration);
                if let Some(serial) = serial {
                    call = call.serial_number(serial).token_code(token_code(sub, serial)?);
                }
                issued(call.send().await.map_err(failed)?.credentials())
            };
            Ok(output::render(&cached_credentials(sub, key, fetch).await?, format(sub)))
        }
        "scoped" => {
            let mut call =
                client.get_scoped_credentials().set_duration_seconds(sub.get_one::<i32>("duration-seconds").copied());
            if let Some(policy) = policy(sub)? {
                call = call.policy(policy);
            }
            let out = call.send().await.map_err(failed)?;
            Ok(output::render(&issued(out.credentials())?, format(sub)))
        }
        "eks-token" => eks_token(matches, sub, &client).await,
        "vault-login" => {
            let login = sts::vault::iam_login_data(&client, arg(sub, "role"), arg(sub, "server-id")).await.map_err(
                |e| match e {
                    sts::vault::VaultLoginError::Sign(e) => failed(e),
                    other => Failure::new(EXIT_CONFIG, other.to_string()),
                },
            )?;
            Ok(format!("{}\n", login.to_json()))
        }
        "console" => console(sub, &client).await,
        "decode-message" => {
            let message = arg(sub, "encoded-message").unwrap_or_default();
            let out = client.decode_authorization_message().encoded_message(message).send().await.map_err(failed)?;
            let decoded = out.decoded_message().unwrap_or_default();
            Ok(match serde_json::from_str::<serde_json::Value>(decoded) {
                Ok(json) => format!("{json:#}\n"),
                Err(_) => format!("{decoded}\n"),
            })
        }
        "access-key-info" => {
            let key = arg(sub, "access-key-id").unwrap_or_default();
            let out = client.get_access_key_info().access_key_id(key).send().await.map_err(failed)?;
            Ok(format!("{:#}\n", serde_json::json!({ "Account": out.account() })))
        }
        other => Err(Failure::new(EXIT_USAGE, format!("unknown subcommand {other}"))),
    }
}

async fn assume_role(matches: &ArgMatches, sub: &ArgMatches, client: &Client) -> Result<String, Failure> {
    let role = arg(sub, "role-arn").unwrap_or_default();
    let unix = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let session = arg(sub, "role-session-name").map_or_else(|| format!("sts-cli-{unix}"), str::to_owned);
    let duration = sub.get_one::<i32>("duration-seconds").copied();
    let tags: Vec<(String, String)> = sub
        .get_many::<String>("tag")
        .into_iter()
        .flatten()
        .map(|tag| {
            tag.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| Failure::new(EXIT_USAGE, format!("the tag `{tag}` is not KEY=VALUE")))
        })
        .collect::<Result<_, _>>()?;
    let policy = policy(sub)?;
    let serial = arg(sub, "serial-number");
    let tags_text: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let key = cache_key(
        matches,
        "assume-role",
        &[
            Some(role),
            arg(sub, "role-session-name"),
            duration.map(|d| d.to_string()).as_deref(),
            arg(sub, "external-id"),
            serial,
            Some(&tags_text.join(",")),
            policy.as_deref(),
        ],
    );
    let fetch = async {
        let mut call = client
            .assume_role()
            .role_arn(role)
            .role_session_name(session)
            .set_duration_seconds(duration)
            .set_external_id(arg(sub, "external-id").map(str::to_owned))
            .set_policy(policy.clone());
        for (k, v) in &tags {
            let tag = Tag::builder().key(k).value(v).build().map_err(|e| Failure::new(EXIT_USAGE, e.to_string()))?;
            call = call.tags(tag);
        }
        if let Some(serial) = serial {
            call = call.serial_number(serial).token_code(token_code(sub, serial)?);
        }
        issued(call.send().await.map_err(failed)?.credentials())
    };
    Ok(output::render(&cached_credentials(sub, key, fetch).await?, format(sub)))
}

async fn eks_token(matches: &ArgMatches, sub: &ArgMatches, client: &Client) -> Result<String, Failure> {
    let cluster = arg(sub, "cluster-name").unwrap_or_default();
    let role = arg(sub, "role-arn");
    let exec_info = std::env::var("KUBERNETES_EXEC_INFO").ok();
    let api_version = sts::eks::exec_api_version(exec_info.as_deref());
    let key = cache_key(matches, "eks-token", &[Some(cluster), role, api_version.as_deref()]);
    let cache = sub.get_flag("cache").then(Cache::from_env).flatten();
    if let Some(text) =
        cache.as_ref().and_then(|c| c.get(&key, SystemTime::now())).and_then(|v| v.as_str().map(str::to_owned))
    {
        return Ok(text);
    }
    let token = match role {
        Some(role) => sts::eks::token_as_role(client.config(), cluster, role, None).await,
        None => sts::eks::token(client, cluster).await,
    }
    .map_err(|e| match e {
        sts::eks::EksTokenError::Presign(e) => failed(e),
        other => Failure::new(EXIT_CONFIG, other.to_string()),
    })?;
    let text = format!("{}\n", token.exec_credential(api_version.as_deref()));
    if let Some(cache) = cache {
        cache.put(&key, token.expiration(), serde_json::Value::String(text.clone()));
    }
    Ok(text)
}

async fn console(sub: &ArgMatches, client: &Client) -> Result<String, Failure> {
    let credentials = match arg(sub, "role-arn") {
        Some(role) => {
            let out = client
                .assume_role()
                .role_arn(role)
                .role_session_name("sts-cli-console")
                .send()
                .await
                .map_err(failed)?;
            let c = out.credentials().ok_or_else(|| Failure::new(EXIT_NETWORK, "the answer held no credentials"))?;
            Credentials::try_from(c.clone())
                .map_err(|e| Failure::new(EXIT_NETWORK, format!("AssumeRole returned {e}")))?
        }
        None => {
            let provider = client.config().credentials_provider().ok_or_else(|| {
                Failure::new(EXIT_CREDENTIALS, "no credentials are configured (set AWS_PROFILE or --profile)")
            })?;
            provider.provide_credentials().await.map_err(|e| Failure::new(EXIT_CREDENTIALS, e.to_string()))?
        }
    };
    let options = sts::console::SigninOptions {
        endpoint: arg(sub, "federation-endpoint").map(str::to_owned),
        destination: arg(sub, "destination").map(str::to_owned),
        issuer: arg(sub, "issuer").map(str::to_owned),
        session_duration: sub.get_one::<u64>("duration-seconds").map(|s| Duration::from_secs(*s)),
    };
    let url = sts::console::signin_url(client.config(), &credentials, &options).await.map_err(|e| {
        let code = match e {
            sts::console::ConsoleError::Transport(_) => EXIT_NETWORK,
            sts::console::ConsoleError::Refused { .. } => EXIT_SERVICE,
            _ => EXIT_CONFIG,
        };
        let hint = if matches!(e, sts::console::ConsoleError::NotTemporary) { " (pass --role-arn)" } else { "" };
        Failure::new(code, format!("{e}{hint}"))
    })?;
    Ok(format!("{}\n", url.as_str()))
}

//! `sts login`: signs in to a console session as `aws login` does, and points the profile at
//! it (`login_session`), so that this command, the SDK and the AWS CLI all use and refresh its
//! credentials. `sts logout` deletes the cached token again, as `aws logout` does.
//!
//! On this machine the browser is opened at Sign-In's page and sends the code back to a
//! listener on 127.0.0.1 (`/oauth/callback`); with `--remote` (over SSH) the URL is printed
//! and the verification code the browser shows is pasted here. The URL and the questions go
//! to stderr; stdout gets one line saying who signed in.

use std::time::{Duration, SystemTime};

use clap::ArgMatches;
use sts_runtime::credentials::login::sign_in::{Device, SignIn};
use sts_runtime::credentials::login::{forget_all_sessions, forget_session};
use sts_runtime::profile::{ProfileSet, file_paths, selected_profile};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::commands::{EXIT_CONFIG, EXIT_CREDENTIALS, Failure, environment};
use crate::{config_file, terminal};

/// How long the browser has to come back: Sign-In's own pages time out before this.
const WAIT_FOR_BROWSER: Duration = Duration::from_secs(600);

/// The redirect's path on the listener.
const CALLBACK_PATH: &str = "/oauth/callback";

/// The most of a request from the browser that is read: its first line is all that counts.
const MAX_REQUEST: usize = 16 * 1024;

/// How long a connection to the listener may stay silent before it is closed.
const IDLE_CONNECTION: Duration = Duration::from_secs(30);

/// Settings a profile signed in this way must not have: they come before `login_session`.
const OTHER_CREDENTIALS: &[(&str, &str)] = &[
    ("web_identity_token_file", "web identity"),
    ("sso_role_name", "SSO"),
    ("sso_account_id", "SSO"),
    ("aws_access_key_id", "access key"),
    ("role_arn", "assume-role"),
    ("credential_process", "credential_process"),
];

pub(crate) async fn login(matches: &ArgMatches, sub: &ArgMatches) -> Result<String, Failure> {
    let env = environment(matches);
    let config = |why: String| Failure::new(EXIT_CONFIG, why);
    let profile_name = selected_profile(&*env);
    // The name goes into a section header of the config file.
    if profile_name.chars().any(|c| c.is_control() || c.is_whitespace() || c == '[' || c == ']') {
        return Err(config(format!("{profile_name:?} cannot be a profile's name in the config file")));
    }
    let profiles = ProfileSet::load(&*env).map_err(|e| config(e.to_string()))?;
    let profile = profiles.get(&profile_name);
    let other = profile.and_then(|p| OTHER_CREDENTIALS.iter().find(|(key, _)| p.get(key).is_some()));
    if let Some((_, style)) = other {
        return Err(config(format!(
            "profile `{profile_name}` already has {style} credentials, which would still come first; \
             sign in with another profile (--profile NAME) or remove them"
        )));
    }
    let profile_region = profile.and_then(|p| p.get("region")).map(str::to_owned);
    let region = env("AWS_REGION")
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .or_else(|| profile_region.clone())
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .ok_or_else(|| {
            config(format!("no region to sign in to: pass --region (it is saved to profile `{profile_name}`)"))
        })?;
    let signing_in = |e: sts::credentials::CredentialsError| Failure::new(EXIT_CREDENTIALS, e.to_string());

    let (sign_in, code) = if sub.get_flag("remote") {
        let sign_in = SignIn::new(&region, &env, Device::Remote).map_err(|e| config(e.to_string()))?;
        terminal::say(&format!(
            "Open this URL in a browser on any device and sign in:\n\n  {}\n\n",
            sign_in.authorization_url()
        ));
        let pasted = terminal::ask("Enter the authorization code displayed in your browser: ")
            .map_err(|e| Failure::new(EXIT_CREDENTIALS, format!("the code could not be read: {e}")))?;
        if pasted.is_empty() {
            return Err(Failure::new(EXIT_CREDENTIALS, "no authorization code was given"));
        }
        let code = sign_in.code_from_verification(&pasted).map_err(signing_in)?;
        (sign_in, code)
    } else {
        let port = sub.get_one::<u16>("redirect-port").copied().unwrap_or(0);
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| config(format!("cannot listen on 127.0.0.1:{port} for the browser's redirect: {e}")))?;
        let port = listener.local_addr().map_err(|e| config(e.to_string()))?.port();
        let redirect_uri = format!("http://127.0.0.1:{port}{CALLBACK_PATH}");
        let sign_in = SignIn::new(&region, &env, Device::Same { redirect_uri }).map_err(|e| config(e.to_string()))?;
        let url = sign_in.authorization_url();
        if !sub.get_flag("no-browser") && open_browser(&url) {
            terminal::say(&format!(
                "Signing in through your browser. If it did not open, open this URL:\n\n  {url}\n\n"
            ));
        } else {
            terminal::say(&format!("Open this URL in a browser on this machine and sign in:\n\n  {url}\n\n"));
        }
        let waited = tokio::time::timeout(WAIT_FOR_BROWSER, wait_for_redirect(listener, &sign_in)).await;
        let code = waited.map_err(|_| {
            Failure::new(EXIT_CREDENTIALS, format!("no sign-in came back within {} s", WAIT_FOR_BROWSER.as_secs()))
        })??;
        (sign_in, code)
    };
    let http = sts::Config::builder().build().http_client().clone();
    let signed_in = sign_in.exchange(&code, http.as_ref(), SystemTime::now()).await.map_err(signing_in)?;

    let session = signed_in.session().to_owned();
    let cache = signed_in.save(&env).map_err(signing_in)?;
    let (config_path, _) = file_paths(&*env);
    let config_path =
        config_path.ok_or_else(|| config("no home directory for the config file (set AWS_CONFIG_FILE)".into()))?;
    let mut values = vec![("login_session", session.as_str())];
    if profile_region.is_none() {
        values.push(("region", region.as_str()));
    }
    config_file::set_profile_values(&config_path, &profile_name, &values).map_err(|e| {
        config(format!(
            "the token is cached in {}, but {} cannot be updated: {e}",
            cache.display(),
            config_path.display()
        ))
    })?;
    let previous = profile.and_then(|p| p.get("login_session")).filter(|previous| *previous != session);
    if let Some(previous) = previous {
        terminal::say(&format!("Profile `{profile_name}` used the session {previous}; it now uses this one.\n"));
    }
    let hint = if profile_name == "default" { String::new() } else { format!(" (--profile {profile_name})") };
    Ok(format!("Signed in as {session}: profile `{profile_name}` uses its credentials{hint}.\n"))
}

/// What credentials already handed out still do after a sign-out.
const STILL_VALID: &str = "Credentials already in use keep working until they expire (15 minutes at most).";

pub(crate) fn logout(matches: &ArgMatches, sub: &ArgMatches) -> Result<String, Failure> {
    let env = environment(matches);
    let failed = |e: sts::credentials::CredentialsError| Failure::new(EXIT_CONFIG, e.to_string());
    if sub.get_flag("all") {
        return Ok(match forget_all_sessions(&env).map_err(failed)? {
            0 => "No cached sign-in tokens found.\n".to_owned(),
            1 => format!("Removed 1 cached sign-in token. {STILL_VALID}\n"),
            n => format!("Removed {n} cached sign-in tokens. {STILL_VALID}\n"),
        });
    }
    let profile_name = selected_profile(&*env);
    let profiles = ProfileSet::load(&*env).map_err(|e| Failure::new(EXIT_CONFIG, e.to_string()))?;
    let Some(session) = profiles.get(&profile_name).and_then(|p| p.get("login_session")) else {
        return Err(Failure::new(
            EXIT_CONFIG,
            format!("profile `{profile_name}` has no sign-in session (`login_session`)"),
        ));
    };
    Ok(if forget_session(session.trim(), &env).map_err(failed)? {
        format!("Removed the cached sign-in token of profile `{profile_name}`. {STILL_VALID}\n")
    } else {
        format!("Profile `{profile_name}` had no cached sign-in token.\n")
    })
}

/// Waits for the browser to come to the callback path, and returns the code it carries (or
/// why there is none), after telling the browser. Each connection is read in a task of its
/// own: a browser may open a connection it never uses (Chrome's preconnect) beside the one
/// that carries the redirect.
async fn wait_for_redirect(listener: TcpListener, sign_in: &SignIn) -> Result<String, Failure> {
    let (redirects, mut arrived) = mpsc::channel::<(String, TcpStream)>(4);
    let acceptor = tokio::spawn(async move {
        loop {
            match listener.accept().await {
                Ok((stream, _)) => drop(tokio::spawn(read_request(stream, redirects.clone()))),
                // Out of descriptors, say: wait rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    });
    let (query, mut stream) =
        arrived.recv().await.ok_or_else(|| Failure::new(EXIT_CREDENTIALS, "the listener stopped"))?;
    acceptor.abort();
    let result = sign_in.code_from_redirect(&query);
    let page = match &result {
        Ok(_) => "Signed in. You can close this window and return to the terminal.",
        Err(_) => "Signing in failed. Return to the terminal to see why.",
    };
    let _ = respond(&mut stream, "200 OK", page).await;
    result.map_err(|e| Failure::new(EXIT_CREDENTIALS, e.to_string()))
}

/// Reads one request from `stream`: one to the callback path goes to `redirects` with its
/// query string; anything else is answered 404. A connection silent for
/// [`IDLE_CONNECTION`] is closed.
async fn read_request(mut stream: TcpStream, redirects: mpsc::Sender<(String, TcpStream)>) {
    let mut request = Vec::new();
    let mut buffer = [0u8; 2048];
    let read = async {
        while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < MAX_REQUEST {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => request.extend_from_slice(&buffer[..n]),
            }
        }
    };
    if tokio::time::timeout(IDLE_CONNECTION, read).await.is_err() {
        return;
    }
    let text = String::from_utf8_lossy(&request);
    let target =
        text.lines().next().and_then(|first| first.strip_prefix("GET ")).and_then(|rest| rest.split(' ').next());
    match target.and_then(|t| t.strip_prefix(CALLBACK_PATH)).map(|rest| rest.trim_start_matches('?').to_owned()) {
        Some(query) => drop(redirects.send((query, stream)).await),
        None => drop(respond(&mut stream, "404 Not Found", "Not the sign-in callback.").await),
    }
}

async fn respond(stream: &mut TcpStream, status: &str, text: &str) -> std::io::Result<()> {
    let body = format!("<!DOCTYPE html><html><head><title>sts login</title></head><body><p>{text}</p></body></html>");
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// Opens `url` in the desktop's browser; whether a program to do it could be started.
fn open_browser(url: &str) -> bool {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("rundll32");
        command.arg("url.dll,FileProtocolHandler");
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

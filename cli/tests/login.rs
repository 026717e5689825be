//! `sts login`, run as a user runs it: the browser is played by the test (it reads the URL
//! the command prints and comes back to its redirect, or types the verification code), AWS
//! Sign-In and STS by a server on 127.0.0.1. Then the profile it saved signs a call.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use common::World;
use serde_json::json;
use sts_testkit::{Canned, verify_sigv4};

const SESSION: &str = "arn:aws:iam::111122223333:user/Admin";

/// A world whose config file holds `config`.
fn world(name: &str, config: &str) -> World {
    let world = World::new(&format!("login-{name}"));
    std::fs::write(world.home.join("config"), config).expect("config");
    world
}

impl World {
    /// `sts ARGS` with no credentials in the environment, Sign-In and STS at the server.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.bare_command();
        command
            .env("AWS_ENDPOINT_URL_SIGNIN", &self.server.url)
            .env("AWS_ENDPOINT_URL_STS", &self.server.url)
            .args(args);
        command
    }

    /// `sts login ARGS`, once it has printed its URL.
    fn login(&self, args: &[&str]) -> Login {
        let mut args = args.to_vec();
        args.insert(0, "login");
        let child = self.command(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("sts runs");
        Login::started(child)
    }

    fn config(&self) -> String {
        std::fs::read_to_string(self.home.join("config")).expect("config")
    }

    /// Sign-In's answer to the exchange.
    fn answer_token(&self) {
        let claims = json!({"sub": SESSION}).to_string();
        let id_token = format!("e30.{}.sig", sts_runtime::base64::encode_url_no_pad(claims.as_bytes()));
        self.server.respond_with(Canned {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: json!({
                "accessToken": {"accessKeyId": "ASIASIGNEDIN", "secretAccessKey": "console-secret", "sessionToken": "console-session"},
                "tokenType": "aws_sigv4",
                "expiresIn": 900,
                "refreshToken": "REFRESH",
                "idToken": id_token,
            })
            .to_string(),
        });
    }

    /// `sts whoami` with the profile, against the server: the call must be signed with the
    /// signed-in session's credentials.
    fn whoami_signs_with_the_session(&self, profile: &str, region: &str) {
        let before = self.server.request_count();
        self.server.respond(
            200,
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/Admin</Arn>\
             </GetCallerIdentityResult></GetCallerIdentityResponse>",
        );
        let out = self.command(&["whoami", "--text", "--profile", profile]).output().expect("sts runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{SESSION}\n"));
        let requests = self.server.requests();
        assert_eq!(requests.len(), before + 1, "the cached credentials were used, nothing refreshed");
        verify_sigv4(&requests[before], "ASIASIGNEDIN", "console-secret", region);
        assert_eq!(requests[before].header("x-amz-security-token"), Some("console-session"));
    }
}

/// A running `sts login`, once it has printed the URL to sign in at.
struct Login {
    child: Child,
    url: String,
    stderr: BufReader<std::process::ChildStderr>,
}

impl Login {
    /// Reads `child`'s stderr until the sign-in URL.
    fn started(mut child: Child) -> Self {
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut seen = String::new();
        loop {
            let mut line = String::new();
            assert!(stderr.read_line(&mut line).expect("stderr") > 0, "no URL printed: {seen}");
            if let Some(url) = line.split_whitespace().find(|word| word.contains("/v1/authorize?")) {
                return Self { url: url.to_owned(), child, stderr };
            }
            seen.push_str(&line);
        }
    }

    /// A query field of the URL, decoded.
    fn field(&self, name: &str) -> String {
        field(&self.url, name)
    }

    /// Waits for the command to end: its exit code, the rest of its stderr, and its stdout.
    fn end(mut self) -> (Option<i32>, String, String) {
        let status = self.child.wait().expect("sts ends");
        let (mut stderr, mut stdout) = (String::new(), String::new());
        self.stderr.read_to_string(&mut stderr).expect("stderr");
        self.child.stdout.take().expect("stdout").read_to_string(&mut stdout).expect("stdout");
        (status.code(), stderr, stdout)
    }
}

/// A query field of `url`, decoded.
fn field(url: &str, name: &str) -> String {
    let query = url.split_once('?').expect("a query").1;
    let value = query.split('&').find_map(|pair| pair.strip_prefix(&format!("{name}="))).expect(name);
    sts_runtime::percent::percent_decode(value).expect("decodes")
}

/// What the browser does: a GET of `url` (on 127.0.0.1); the status line and the body.
fn browse(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://127.0.0.1:").expect("a redirect to 127.0.0.1");
    let (port, path) = rest.split_at(rest.find('/').expect("a path"));
    let mut stream = TcpStream::connect(("127.0.0.1", port.parse::<u16>().expect("port"))).expect("the listener");
    write!(stream, "GET {path} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n").expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let (head, body) = response.split_once("\r\n\r\n").expect("a response");
    (head.lines().next().unwrap_or_default().to_owned(), body.to_owned())
}

#[test]
fn on_this_machine_the_browser_comes_back_with_the_code_and_the_profile_is_saved() {
    let world = world(
        "same-device",
        "# my profiles\n[profile console]\nregion = eu-west-1\nlogin_session = arn:aws:iam::111122223333:user/Old\n\n[profile other]\nregion = us-east-1\n",
    );
    world.answer_token();
    let login = world.login(&["--profile", "console", "--no-browser"]);
    let url = login.url.clone();
    assert!(url.starts_with(&format!("{}/v1/authorize?", world.server.url)), "{url}");
    assert_eq!(field(&url, "client_id"), "arn:aws:signin:::devtools/same-device");
    let redirect_uri = field(&url, "redirect_uri");
    assert!(
        redirect_uri.starts_with("http://127.0.0.1:") && redirect_uri.ends_with("/oauth/callback"),
        "{redirect_uri}"
    );

    // A connection the browser opens and never uses (Chrome's preconnect) holds nothing up;
    // something else asking the listener is turned away; the redirect is answered.
    let port_root = redirect_uri.trim_end_matches("/oauth/callback");
    let port: u16 = port_root.rsplit(':').next().and_then(|p| p.parse().ok()).expect("a port");
    let idle = TcpStream::connect(("127.0.0.1", port)).expect("an idle connection");
    assert_eq!(browse(&format!("{port_root}/favicon.ico")).0, "HTTP/1.1 404 Not Found");
    let (status, page) = browse(&format!("{redirect_uri}?code=AUTH-CODE&state={}", field(&url, "state")));
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(page.contains("Signed in"), "{page}");
    drop(idle);

    let (code, rest, stdout) = login.end();
    assert_eq!(code, Some(0), "{rest}");
    assert!(
        rest.contains("Profile `console` used the session arn:aws:iam::111122223333:user/Old; it now uses this one."),
        "{rest}"
    );
    assert_eq!(
        stdout,
        format!("Signed in as {SESSION}: profile `console` uses its credentials (--profile console).\n")
    );

    // The exchange: the code, the redirect, a DPoP proof.
    let exchange = world.server.single_request();
    assert_eq!(exchange.path, "/v1/token");
    assert!(exchange.header("dpop").is_some());
    let body: serde_json::Value = serde_json::from_str(&exchange.body).expect("JSON");
    assert_eq!((body["code"].as_str(), body["redirectUri"].as_str()), (Some("AUTH-CODE"), Some(redirect_uri.as_str())));

    // The profile names the session; the rest of the file is as it was.
    assert_eq!(
        world.config(),
        format!(
            "# my profiles\n[profile console]\nregion = eu-west-1\nlogin_session = {SESSION}\n\n[profile other]\nregion = us-east-1\n"
        )
    );
    let cache = world.home.join(".aws/login/cache");
    assert_eq!(std::fs::read_dir(&cache).expect("the token cache").count(), 1);
    world.whoami_signs_with_the_session("console", "eu-west-1");

    // Signing out deletes the token: the profile has no credentials left, and says so.
    let out = world.command(&["logout", "--profile", "console"]).output().expect("sts runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Removed the cached sign-in token of profile `console`."));
    assert_eq!(std::fs::read_dir(&cache).expect("the token cache").count(), 0);
    let sent = world.server.request_count();
    let whoami = world.command(&["whoami", "--profile", "console"]).output().expect("sts runs");
    assert_eq!(whoami.status.code(), Some(3), "{}", String::from_utf8_lossy(&whoami.stderr));
    assert!(String::from_utf8_lossy(&whoami.stderr).contains("aws login --profile console"));
    assert_eq!(world.server.request_count(), sent, "nothing was sent without credentials");
    let again = world.command(&["logout", "--profile", "console"]).output().expect("sts runs");
    assert_eq!(String::from_utf8_lossy(&again.stdout), "Profile `console` had no cached sign-in token.\n");
    let other = world.command(&["logout", "--profile", "other"]).output().expect("sts runs");
    assert_eq!(other.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&other.stderr).contains("profile `other` has no sign-in session"));
    drop(world.runtime);
}

/// `sts logout --all` deletes every sign-in token in the cache and nothing else there.
#[test]
fn logout_all_deletes_every_sign_in_token_and_nothing_else() {
    let world = world("logout-all", "");
    let cache = world.home.join(".aws/login/cache");
    std::fs::create_dir_all(&cache).expect("cache");
    let token = json!({"accessToken": {"accessKeyId": "ASIA", "secretAccessKey": "s"}}).to_string();
    std::fs::write(cache.join("a.json"), &token).expect("token");
    std::fs::write(cache.join("b.json"), &token).expect("token");
    std::fs::write(cache.join("notes.json"), r#"{"accessToken": "not a sign-in token"}"#).expect("other");
    std::fs::write(cache.join("broken.json"), "{").expect("other");
    let out = world.command(&["logout", "--all"]).output().expect("sts runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Removed 2 cached sign-in tokens."));
    let mut left: Vec<String> = std::fs::read_dir(&cache)
        .expect("cache")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["broken.json", "notes.json"]);
    let none = world.command(&["logout", "--all"]).output().expect("sts runs");
    assert_eq!(String::from_utf8_lossy(&none.stdout), "No cached sign-in tokens found.\n");
}

/// `sts` without a terminal, so that the code is read from stdin, which the test writes once
/// it has read the URL.
#[cfg(unix)]
fn spawn_without_terminal(sts: Command) -> Child {
    common::without_terminal(sts).spawn().expect("util-linux's setsid runs")
}

#[cfg(unix)]
#[test]
fn on_another_device_the_pasted_code_signs_in_and_the_region_is_saved() {
    let world = world("remote", "");
    world.answer_token();
    let mut login =
        Login::started(spawn_without_terminal(world.command(&["login", "--remote", "--region", "ap-south-1"])));
    assert_eq!(login.field("client_id"), "arn:aws:signin:::devtools/cross-device");
    assert_eq!(login.field("redirect_uri"), format!("{}/v1/sessions/confirmation", world.server.url));
    let pasted = sts_runtime::base64::encode(format!("state={}&code=PASTED", login.field("state")).as_bytes());
    writeln!(login.child.stdin.take().expect("stdin"), "{pasted}").expect("typed");
    let (code, rest, _) = login.end();
    assert_eq!(code, Some(0), "{rest}");
    assert!(rest.contains("Enter the authorization code displayed in your browser: "), "{rest}");
    let body: serde_json::Value = serde_json::from_str(&world.server.single_request().body).expect("JSON");
    assert_eq!(body["code"], "PASTED");
    assert_eq!(body["clientId"], "arn:aws:signin:::devtools/cross-device");
    // The default profile, created with the region signed in to.
    assert_eq!(world.config(), format!("[default]\nlogin_session = {SESSION}\nregion = ap-south-1\n"));
    world.whoami_signs_with_the_session("default", "ap-south-1");
}

#[cfg(unix)]
#[test]
fn failures_send_nothing_and_leave_the_profile_alone() {
    let config = "[profile keys]\naws_access_key_id = AKID\naws_secret_access_key = s\nregion = eu-west-1\n\n[profile console]\nregion = eu-west-1\n";
    let world = world("failures", config);
    let run = |args: &[&str]| world.command(args).output().expect("sts runs");

    let keys = run(&["login", "--profile", "keys", "--no-browser"]);
    assert_eq!(keys.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&keys.stderr).contains("profile `keys` already has access key credentials"));
    let no_region = run(&["login", "--profile", "fresh", "--no-browser"]);
    assert_eq!(no_region.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&no_region.stderr).contains("pass --region"));
    let bad_region = run(&["login", "--profile", "fresh", "--region", "eu west", "--no-browser"]);
    assert_eq!(bad_region.status.code(), Some(5), "{}", String::from_utf8_lossy(&bad_region.stderr));
    assert!(String::from_utf8_lossy(&bad_region.stderr).contains("is not a region"));
    let bad_name = run(&["login", "--profile", "x]\n[profile y", "--region", "eu-west-1", "--no-browser"]);
    assert_eq!(bad_name.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&bad_name.stderr).contains("cannot be a profile's name"));

    // A redirect for another attempt (its state differs) is refused.
    let login = world.login(&["--profile", "console", "--no-browser"]);
    let (_, page) = browse(&format!("{}?code=STOLEN&state=not-this-one", login.field("redirect_uri")));
    assert!(page.contains("Signing in failed"), "{page}");
    let (code, rest, _) = login.end();
    assert_eq!(code, Some(3), "{rest}");
    assert!(rest.contains("another attempt"), "{rest}");

    // Sign-In's refusal in the redirect.
    let login = world.login(&["--profile", "console", "--no-browser"]);
    browse(&format!("{}?error=access_denied&state={}", login.field("redirect_uri"), login.field("state")));
    let (code, rest, _) = login.end();
    assert_eq!(code, Some(3), "{rest}");
    assert!(rest.contains("Sign-In refused the sign-in (access_denied)"), "{rest}");

    // Pasting nothing on another device.
    let mut login =
        Login::started(spawn_without_terminal(world.command(&["login", "--profile", "console", "--remote"])));
    drop(login.child.stdin.take());
    let (code, rest, _) = login.end();
    assert_eq!(code, Some(3), "{rest}");
    assert!(rest.contains("no authorization code was given"), "{rest}");

    assert_eq!(world.server.request_count(), 0, "nothing was sent to Sign-In");
    assert_eq!(world.config(), config);
    assert!(!world.home.join(".aws/login").exists(), "nothing was cached");
}

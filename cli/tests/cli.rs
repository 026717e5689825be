//! The `sts` binary, run as a user runs it, against a server on 127.0.0.1: each subcommand's
//! request and output (parsed back: credential-process by the library's own
//! `ProcessProvider`, the env output sourced by `sh`), the cache, and the exit codes.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::World;
use sts::config::ProvideCredentials;
use sts_testkit::verify_sigv4;

const KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const ROLE: &str = "arn:aws:iam::123456789012:role/demo";
const ISSUED_SECRET: &str = "se'cret$HOME\"x";

impl World {
    /// `sts ARGS` with static credentials in the environment, STS at the server.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.bare_command();
        command
            .env("STS_CLI_CACHE_DIR", self.home.join("cache"))
            .env("AWS_ACCESS_KEY_ID", KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_REGION", "us-east-1")
            .args(["--endpoint-url", &self.server.url])
            .args(args);
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the sts binary runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    fn respond(&self, body: &str) {
        self.server.respond(200, body);
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.home.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }
}

fn credentials_response(operation: &str) -> String {
    format!(
        "<{operation}Response><{operation}Result><Credentials><AccessKeyId>ASIAISSUED</AccessKeyId><SecretAccessKey>{}</SecretAccessKey><SessionToken>TOKEN+/=</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></{operation}Result></{operation}Response>",
        ISSUED_SECRET.replace('"', "&quot;")
    )
}

fn sourced(world: &World, env_output: &str, variable: &str) -> String {
    let script = world.file("env.sh", env_output);
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(". '{}' && printf %s \"${variable}\"", script.display()))
        .output()
        .expect("sh runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn whoami_signs_and_prints_json_or_the_arn() {
    let world = World::new("whoami");
    let answer = "<GetCallerIdentityResponse><GetCallerIdentityResult><UserId>AIDA</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/alice</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>";
    world.respond(answer);
    world.respond(answer);
    let json: serde_json::Value = serde_json::from_str(&world.ok(&["whoami"])).expect("JSON");
    assert_eq!(json["Account"], "123456789012");
    assert_eq!(world.ok(&["whoami", "--text"]), "arn:aws:iam::123456789012:user/alice\n");
    let requests = world.server.requests();
    verify_sigv4(&requests[0], KEY, SECRET, "us-east-1");
    assert!(requests[0].form().contains(&("Action".to_owned(), "GetCallerIdentity".to_owned())));
}

#[test]
fn assume_role_sends_every_option_and_its_outputs_read_back() {
    let world = World::new("assume-role");
    let policy = world.file("policy.json", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    world.respond(&credentials_response("AssumeRole"));
    world.respond(&credentials_response("AssumeRole"));
    let process_output = world.ok(&[
        "assume-role",
        "--role-arn",
        ROLE,
        "--role-session-name",
        "ci-job",
        "--duration-seconds",
        "900",
        "--external-id",
        "ext-1",
        "--tag",
        "team=blue",
        "--tag",
        "env=prod",
        "--policy",
        &format!("file://{}", policy.display()),
        "--serial-number",
        "arn:aws:iam::123456789012:mfa/alice",
        "--token-code",
        "123456",
        "--output",
        "credential-process",
    ]);
    let form = world.server.requests()[0].form();
    for pair in [
        ("RoleArn", ROLE),
        ("RoleSessionName", "ci-job"),
        ("DurationSeconds", "900"),
        ("ExternalId", "ext-1"),
        ("Tags.member.1.Key", "team"),
        ("Tags.member.2.Value", "prod"),
        ("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
        ("TokenCode", "123456"),
    ] {
        assert!(form.contains(&(pair.0.to_owned(), pair.1.to_owned())), "{pair:?} not in {form:?}");
    }
    // The AWS CLI's credential_process contract, read by the library's own provider.
    let saved = world.file("process.json", &process_output);
    let provider = sts::credentials::ProcessProvider::new(format!("cat '{}'", saved.display()));
    let read = world.runtime.block_on(provider.provide_credentials()).expect("the provider reads it");
    assert_eq!(
        (read.access_key_id(), read.secret_access_key(), read.session_token()),
        ("ASIAISSUED", ISSUED_SECRET, Some("TOKEN+/="))
    );

    // The env output, sourced by sh: every value as it was, quotes and dollars included.
    let env = world.ok(&["assume-role", "--role-arn", ROLE]);
    assert_eq!(sourced(&world, &env, "AWS_SECRET_ACCESS_KEY"), ISSUED_SECRET);
    assert_eq!(sourced(&world, &env, "AWS_SESSION_TOKEN"), "TOKEN+/=");
    assert!(world.server.requests()[1].form().iter().any(|(n, v)| n == "RoleSessionName" && v.starts_with("sts-cli-")));
}

const ALICE: &str = "arn:aws:iam::123456789012:mfa/alice";

/// `command` for `sh`, its environment whole (`env -i`), every word in single quotes.
#[cfg(unix)]
fn shell_words(command: &Command) -> String {
    let quoted = |word: &std::ffi::OsStr| format!("'{}'", word.to_string_lossy().replace('\'', r"'\''"));
    let env = command.get_envs().filter_map(|(name, value)| {
        let mut pair = name.to_owned();
        pair.push("=");
        pair.push(value?);
        Some(quoted(&pair))
    });
    let words = std::iter::once(command.get_program()).chain(command.get_args()).map(quoted);
    ["env".to_owned(), "-i".to_owned()].into_iter().chain(env).chain(words).collect::<Vec<_>>().join(" ")
}

/// In a terminal, the question is asked there and the code read from there, even when stdin
/// is not the terminal and stderr is captured (as a `credential_process` is run). util-linux's
/// `script` gives the command a terminal, and what the test writes to `script` is typed in it.
#[cfg(unix)]
#[test]
fn an_mfa_code_is_asked_for_on_the_terminal() {
    let world = World::new("mfa-terminal");
    world.respond(&credentials_response("GetSessionToken"));
    let sts = world.command(&["session-token", "--serial-number", ALICE, "--output", "json"]);
    let (stdout, stderr) = (world.home.join("stdout"), world.home.join("stderr"));
    let inner = format!("{} </dev/null >'{}' 2>'{}'", shell_words(&sts), stdout.display(), stderr.display());
    let mut child = Command::new("script")
        .args(["--quiet", "--return", "--command", &inner, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux's script runs");
    child.stdin.take().expect("stdin").write_all(b"654321\n").expect("typed");
    let out = child.wait_with_output().expect("done");
    let stderr = std::fs::read_to_string(&stderr).expect("stderr");
    assert!(out.status.success(), "{}{stderr}", String::from_utf8_lossy(&out.stderr));
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(terminal.contains(&format!("MFA code for {ALICE}: ")), "asked on the terminal: {terminal:?}");
    assert!(!stderr.contains("MFA code"), "not on stderr: {stderr:?}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&stdout).expect("stdout")).expect("JSON");
    assert_eq!(json["AccessKeyId"], "ASIAISSUED");
    assert!(world.server.single_request().form().contains(&("TokenCode".to_owned(), "654321".to_owned())));
}

/// Runs `sts` without a terminal, `typed` on its stdin.
#[cfg(unix)]
fn without_terminal(sts: Command, typed: &[u8]) -> Output {
    let mut child = common::without_terminal(sts).spawn().expect("util-linux's setsid runs");
    child.stdin.take().expect("stdin").write_all(typed).expect("typed");
    child.wait_with_output().expect("done")
}

/// Without a terminal (`setsid` leaves the command none, wherever the tests run), the
/// question goes to stderr and the code comes from stdin; no code is a clear error, and
/// nothing is sent.
#[cfg(unix)]
#[test]
fn without_a_terminal_the_mfa_code_is_read_from_stdin() {
    let world = World::new("mfa-stdin");
    world.respond(&credentials_response("GetSessionToken"));
    let run = |typed: &[u8]| {
        without_terminal(world.command(&["session-token", "--serial-number", ALICE, "--output", "json"]), typed)
    };
    let out = run(b"654321\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("MFA code for {ALICE}: ")));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["AccessKeyId"], "ASIAISSUED");
    assert!(world.server.single_request().form().contains(&("TokenCode".to_owned(), "654321".to_owned())));

    let none = run(b"");
    assert_eq!(none.status.code(), Some(5), "{}", String::from_utf8_lossy(&none.stderr));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no MFA code was given"));
    assert_eq!(world.server.request_count(), 1, "nothing more was sent");
}

/// A role profile with `mfa_serial` (what `--profile admin` picks): the code is asked for,
/// as the AWS CLI asks, sent with the AssumeRole call, and the call signed with the role's
/// credentials.
#[cfg(unix)]
#[test]
fn a_role_profile_with_mfa_asks_for_the_code() {
    let world = World::new("mfa-profile");
    world.file("config", &format!("[profile admin]\nrole_arn = {ROLE}\nsource_profile = base\nmfa_serial = {ALICE}\n"));
    world.file("credentials", &format!("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = {SECRET}\n"));
    world.respond(&credentials_response("AssumeRole"));
    world.respond("<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
    let mut sts = world.command(&["--profile", "admin", "whoami"]);
    sts.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY");
    let out = without_terminal(sts, b"222333\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("MFA code for {ALICE}: ")));
    let requests = world.server.requests();
    assert_eq!(requests.len(), 2);
    let assume = requests[0].form();
    for (name, value) in [("Action", "AssumeRole"), ("SerialNumber", ALICE), ("TokenCode", "222333"), ("RoleArn", ROLE)]
    {
        assert!(assume.contains(&(name.to_owned(), value.to_owned())), "{name} in {assume:?}");
    }
    verify_sigv4(&requests[0], "AKIDBASE", SECRET, "us-east-1");
    verify_sigv4(&requests[1], "ASIAISSUED", ISSUED_SECRET, "us-east-1");
}

#[test]
fn the_cache_answers_repeats_and_never_keeps_errors() {
    let world = World::new("cache");
    world.server.respond(
        403,
        "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>",
    );
    world.respond(&credentials_response("AssumeRole"));
    let args = ["assume-role", "--role-arn", ROLE, "--role-session-name", "cached", "--cache", "--output", "json"];
    let refused = world.run(&args);
    assert_eq!(refused.status.code(), Some(1));
    let first = world.ok(&args);
    let second = world.ok(&args);
    assert_eq!(first, second);
    assert_eq!(world.server.request_count(), 2, "the error was not cached; the success was");
    let entries: Vec<_> = std::fs::read_dir(world.home.join("cache")).expect("the cache directory").collect();
    assert_eq!(entries.len(), 1, "one entry, for the success");
    #[cfg(unix)]
    for entry in entries {
        use std::os::unix::fs::PermissionsExt;
        let mode = entry.expect("entry").metadata().expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn the_other_subcommands() {
    let world = World::new("others");
    world.respond(&credentials_response("GetScopedCredentials"));
    let scoped = world.ok(&["scoped", "--duration-seconds", "900", "--output", "env-fish"]);
    assert!(scoped.contains("set -gx AWS_ACCESS_KEY_ID 'ASIAISSUED'"), "{scoped}");
    world.respond("<DecodeAuthorizationMessageResponse><DecodeAuthorizationMessageResult><DecodedMessage>{\"allowed\":false,\"context\":{\"action\":\"s3:GetObject\"}}</DecodedMessage></DecodeAuthorizationMessageResult></DecodeAuthorizationMessageResponse>");
    let decoded = world.ok(&["decode-message", "EXAMPLE"]);
    assert!(decoded.contains("\n  \"allowed\": false"), "pretty-printed: {decoded}");
    world.respond("<GetAccessKeyInfoResponse><GetAccessKeyInfoResult><Account>111122223333</Account></GetAccessKeyInfoResult></GetAccessKeyInfoResponse>");
    let info: serde_json::Value =
        serde_json::from_str(&world.ok(&["access-key-info", "AKIAIOSFODNN7EXAMPLE"])).expect("JSON");
    assert_eq!(info["Account"], "111122223333");

    let eks: serde_json::Value =
        serde_json::from_str(&world.ok(&["eks-token", "--cluster-name", "prod"])).expect("JSON");
    assert_eq!(eks["kind"], "ExecCredential");
    let token = eks["status"]["token"].as_str().expect("a token");
    assert!(token.starts_with("k8s-aws-v1."));

    let vault: serde_json::Value =
        serde_json::from_str(&world.ok(&["vault-login", "--role", "web", "--server-id", "vault.example.com"]))
            .expect("JSON");
    assert_eq!((vault["iam_http_request_method"].as_str(), vault["role"].as_str()), (Some("POST"), Some("web")));

    world.respond(&credentials_response("AssumeRole"));
    world.respond("{\"SigninToken\":\"SIGNIN\"}");
    let url = world.ok(&[
        "console",
        "--role-arn",
        ROLE,
        "--federation-endpoint",
        &format!("{}/federation", world.server.url),
    ]);
    assert!(
        url.starts_with(&format!("{}/federation?Action=login&", world.server.url))
            && url.contains("SigninToken=SIGNIN"),
        "{url}"
    );
    assert_eq!(world.server.request_count(), 5, "the EKS token and the Vault data send nothing");
}

#[test]
fn failures_are_one_line_with_a_documented_exit_code() {
    let world = World::new("failures");
    world.server.respond(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>User: x is not authorized</Message></Error></ErrorResponse>");
    let check = |out: Output, code: i32, says: &str| {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(!stderr.contains(SECRET), "{stderr}");
    };
    check(world.run(&["assume-role", "--role-arn", ROLE]), 1, "AccessDenied");
    check(world.run(&["assume-role", "--role-arn", ROLE, "--tag", "novalue"]), 2, "KEY=VALUE");
    check(world.run(&["assume-role", "--role-arn", "short"]), 5, "RoleArn");
    let unreachable = world.command(&["whoami", "--endpoint-url", "http://127.0.0.1:1"]).output().expect("runs");
    check(unreachable, 4, "GetCallerIdentity");
    let anonymous = world
        .command(&["whoami"])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .output()
        .expect("runs");
    check(anonymous, 3, "run `aws login` or `aws sso login`");
    // A profile asked for that no file has: said at once, nothing sent.
    let requests = world.server.request_count();
    check(world.run(&["--profile", "prdo", "whoami"]), 5, "profile `prdo` cannot be found");
    world.file("config", "[profile prod]\nregion = us-east-1\n");
    check(world.run(&["--profile", "prdo", "whoami"]), 5, "profile `prdo` is not in");
    assert_eq!(world.server.request_count(), requests);
    let usage = world.run(&["assume-role"]);
    assert_eq!(usage.status.code(), Some(2));
}

/// A stdout or stderr whose reader has gone (`sts whoami | head -c 0`) is said with an exit
/// code, not a panic (exit 101).
#[test]
fn a_closed_stdout_or_stderr_is_an_exit_code_not_a_panic() {
    let world = World::new("closed-pipes");
    let closed = || {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        Stdio::from(writer)
    };
    // A failure said to a closed stderr keeps its own exit code.
    let failing = world.command(&["assume-role", "--role-arn", "short"]).stderr(closed()).status().expect("runs");
    assert_eq!(failing.code(), Some(5));
    // An answer that cannot be printed: exit 5, said on stderr.
    world.respond(
        "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/a</Arn>\
         </GetCallerIdentityResult></GetCallerIdentityResponse>",
    );
    let out = world.command(&["whoami", "--text"]).stdout(closed()).stderr(Stdio::piped()).output().expect("runs");
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the output could not be written"));
}

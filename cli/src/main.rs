//! `sts`: the AWS Security Token Service from the command line, without Python's start-up.
//!
//! Exit codes: 0 success; 1 the service refused the call; 2 the command line is wrong;
//! 3 no credentials could be had; 4 the network or a time limit failed, or the answer was
//! unreadable; 5 the input or the configuration is invalid, or the output could not be
//! written. Errors are one line on stderr: what happened, and what to do.

mod cache;
mod commands;
mod config_file;
mod files;
mod login;
mod output;
mod terminal;

use std::io::Write;
use std::process::ExitCode;

use clap::{Arg, ArgAction, Command};

fn cli() -> Command {
    let output = |default: &'static str| {
        Arg::new("output")
            .long("output")
            .value_parser(output::Format::NAMES)
            .default_value(default)
            .help("How to print the credentials")
    };
    let duration = Arg::new("duration-seconds")
        .long("duration-seconds")
        .value_parser(clap::value_parser!(i32))
        .help("How long the credentials last, in seconds");
    let mfa = [
        Arg::new("serial-number").long("serial-number").help("The MFA device's serial number or ARN"),
        Arg::new("token-code").long("token-code").help("The MFA code (asked for on the terminal when left out)"),
    ];
    let cache = Arg::new("cache")
        .long("cache")
        .action(ArgAction::SetTrue)
        .help("Reuse the answer from disk until five minutes before it expires");
    let policy = Arg::new("policy").long("policy").help("A session policy: JSON, or file://PATH");
    Command::new("sts")
        .about("The AWS Security Token Service from the command line")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg(Arg::new("profile").long("profile").global(true).help("The profile of ~/.aws/config to use"))
        .arg(Arg::new("region").long("region").global(true).help("The region to call"))
        .arg(Arg::new("endpoint-url").long("endpoint-url").global(true).help("Send requests to this URL"))
        .after_help(
            "Exit codes: 0 success, 1 the service refused the call, 2 bad command line, 3 no credentials, \
             4 network or time limit, 5 invalid input or configuration, or output that cannot be written.",
        )
        .subcommand(
            Command::new("whoami")
                .about("Who the credentials belong to (GetCallerIdentity)")
                .arg(Arg::new("text").long("text").action(ArgAction::SetTrue).help("Print the ARN alone")),
        )
        .subcommand(
            Command::new("assume-role")
                .about("Temporary credentials for a role (AssumeRole)")
                .arg(Arg::new("role-arn").long("role-arn").required(true).help("The role to assume"))
                .arg(Arg::new("role-session-name").long("role-session-name").help("The session's name"))
                .arg(duration.clone())
                .arg(
                    Arg::new("external-id")
                        .long("external-id")
                        .help("The external id the role's trust policy asks for"),
                )
                .args(mfa.clone())
                .arg(
                    Arg::new("tag").long("tag").action(ArgAction::Append).help("A session tag, KEY=VALUE (repeatable)"),
                )
                .arg(policy.clone())
                .arg(cache.clone())
                .arg(output("env")),
        )
        .subcommand(
            Command::new("session-token")
                .about("Temporary credentials for yourself, with MFA if given (GetSessionToken)")
                .arg(duration.clone())
                .args(mfa)
                .arg(cache.clone())
                .arg(output("env")),
        )
        .subcommand(
            Command::new("scoped")
                .about("Your session narrowed by a policy or a shorter life (GetScopedCredentials)")
                .arg(duration)
                .arg(policy)
                .arg(output("env")),
        )
        .subcommand(
            Command::new("eks-token")
                .about("A token for an EKS cluster, as a Kubernetes ExecCredential")
                .arg(Arg::new("cluster-name").long("cluster-name").required(true).help("The cluster's name"))
                .arg(Arg::new("role-arn").long("role-arn").help("A role to assume first"))
                .arg(cache.clone()),
        )
        .subcommand(
            Command::new("vault-login")
                .about("The body of a Vault auth/aws/login request (IAM auth)")
                .arg(Arg::new("role").long("role").help("The Vault role"))
                .arg(
                    Arg::new("server-id").long("server-id").help("The X-Vault-AWS-IAM-Server-ID value Vault asks for"),
                ),
        )
        .subcommand(
            Command::new("console")
                .about("A sign-in URL for the AWS console (a bearer credential: keep it private)")
                .arg(Arg::new("role-arn").long("role-arn").help("A role to assume first"))
                .arg(
                    Arg::new("duration-seconds")
                        .long("duration-seconds")
                        .value_parser(clap::value_parser!(u64))
                        .help("How long the console session lasts (900 to 43200)"),
                )
                .arg(Arg::new("destination").long("destination").help("The console page to open"))
                .arg(Arg::new("issuer").long("issuer").help("Where the user comes from"))
                .arg(Arg::new("federation-endpoint").long("federation-endpoint").help("The federation endpoint's URL")),
        )
        .subcommand(
            Command::new("login")
                .about("Sign in with your console credentials, as `aws login` does, and save the profile")
                .arg(
                    Arg::new("remote")
                        .long("remote")
                        .action(ArgAction::SetTrue)
                        .help("Sign in with a browser on another device, pasting the code it shows"),
                )
                .arg(
                    Arg::new("no-browser")
                        .long("no-browser")
                        .action(ArgAction::SetTrue)
                        .help("Print the URL instead of opening the browser"),
                )
                .arg(
                    Arg::new("redirect-port")
                        .long("redirect-port")
                        .value_parser(clap::value_parser!(u16))
                        .help("The port on 127.0.0.1 the browser comes back to (any free one by default)"),
                ),
        )
        .subcommand(
            Command::new("logout").about("Delete the profile's cached sign-in token, as `aws logout` does").arg(
                Arg::new("all")
                    .long("all")
                    .action(ArgAction::SetTrue)
                    .help("Delete every cached sign-in token, whichever profile uses it"),
            ),
        )
        .subcommand(
            Command::new("decode-message")
                .about("An encoded authorization failure message, decoded and pretty-printed")
                .arg(Arg::new("encoded-message").required(true).help("The message from the error")),
        )
        .subcommand(
            Command::new("access-key-info")
                .about("The account an access key belongs to")
                .arg(Arg::new("access-key-id").required(true).help("The access key id")),
        )
}

fn main() -> ExitCode {
    let matches = cli().get_matches();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            terminal::say(&format!("sts: could not start: {e}\n"));
            return ExitCode::from(commands::EXIT_CONFIG);
        }
    };
    match runtime.block_on(commands::run(&matches)) {
        Ok(text) => {
            // A reader that went away (`sts whoami | head -c 0`) is not a panic either.
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    terminal::say(&format!("sts: the output could not be written: {e}\n"));
                    ExitCode::from(commands::EXIT_CONFIG)
                }
            }
        }
        Err(failure) => {
            terminal::say(&format!("sts: {}\n", failure.message));
            ExitCode::from(failure.code)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        super::cli().debug_assert();
    }
}

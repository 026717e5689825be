//! The shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`).
//!
//! The rules are the AWS CLI's: in the config file a profile is `[profile name]` (or
//! `[default]`), in the credentials file it is `[name]`; a section of the wrong form for its
//! file is ignored. Lines are `key = value`; an indented line continues the property
//! above it; `#` and `;` start comment lines. The credentials file wins where both set a
//! property. A line that cannot be read is an error naming the file and the line.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Which of the two files a text comes from (their section rules differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Config,
    Credentials,
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    file: String,
    line: usize,
    problem: String,
}

impl ProfileError {
    fn new(file: &str, line: usize, problem: impl Into<String>) -> Self {
        Self { file: file.to_owned(), line, problem: problem.into() }
    }

    /// The file.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The line (from 1), or 0 when the whole file is at fault.
    pub fn line(&self) -> usize {
        self.line
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}, line {}: {}", self.file, self.line, self.problem)
        }
    }
}

impl std::error::Error for ProfileError {}

/// The properties of one profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    name: String,
    properties: BTreeMap<String, String>,
}

impl Profile {
    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A property (`region`, `role_arn`...), if set and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// Every profile of the config and credentials files, and the config file's
/// `[sso-session NAME]` sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    sso_sessions: BTreeMap<String, Profile>,
    sources: Vec<String>,
}

impl ProfileSet {
    /// Parses the two files' texts (`None` for a file that does not exist).
    pub fn parse(config: Option<(&str, &str)>, credentials: Option<(&str, &str)>) -> Result<Self, ProfileError> {
        let mut set = ProfileSet::default();
        for (kind, file) in [(FileKind::Config, config), (FileKind::Credentials, credentials)] {
            if let Some((path, text)) = file {
                set.sources.push(path.to_owned());
                for (section, properties) in parse_file(text, kind, path)? {
                    let (map, name) = match section {
                        Section::Profile(name) => (&mut set.profiles, name),
                        Section::SsoSession(name) => (&mut set.sso_sessions, name),
                    };
                    let profile = map.entry(name.clone()).or_insert_with(|| Profile { name, ..Profile::default() });
                    profile.properties.extend(properties);
                }
            }
        }
        Ok(set)
    }

    /// Reads the files the environment names (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`,
    /// else `~/.aws/config` and `~/.aws/credentials`); a file that does not exist is skipped.
    pub fn load(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, ProfileError> {
        let (config_path, credentials_path) = file_paths(var);
        let read = |path: &Option<PathBuf>| -> Result<Option<(String, String)>, ProfileError> {
            let Some(path) = path else { return Ok(None) };
            let shown = path.display().to_string();
            match std::fs::read_to_string(path) {
                Ok(text) => Ok(Some((shown, text))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(ProfileError::new(&shown, 0, format!("cannot be read: {e}"))),
            }
        };
        let (config, credentials) = (read(&config_path)?, read(&credentials_path)?);
        Self::parse(
            config.as_ref().map(|(p, t)| (p.as_str(), t.as_str())),
            credentials.as_ref().map(|(p, t)| (p.as_str(), t.as_str())),
        )
    }

    /// A profile by name.
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// A profile by name, or an error saying which files do not have it.
    pub fn require(&self, name: &str) -> Result<&Profile, ProfileNotFound> {
        self.profiles.get(name).ok_or_else(|| ProfileNotFound { profile: name.to_owned(), files: self.sources.clone() })
    }

    /// An `[sso-session NAME]` section of the config file, by name.
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }

    /// The files that were read, for messages.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }
}

/// The profile the environment selects: `AWS_PROFILE`, else `default`.
pub fn selected_profile(var: &dyn Fn(&str) -> Option<String>) -> String {
    named_profile(var).unwrap_or_else(|| "default".to_owned())
}

/// The profile `AWS_PROFILE` names, if it names one: a profile asked for by name must
/// exist, where `default` may not.
pub fn named_profile(var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    var("AWS_PROFILE").filter(|p| !p.trim().is_empty()).map(|p| p.trim().to_owned())
}

/// A profile asked for by name is in none of the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileNotFound {
    profile: String,
    files: Vec<String>,
}

impl ProfileNotFound {
    /// The profile's name.
    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// The files that were read (none when neither the config nor the credentials file
    /// exists).
    pub fn files(&self) -> &[String] {
        &self.files
    }
}

impl fmt::Display for ProfileNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = crate::redact::bounded(&self.profile, 100);
        if self.files.is_empty() {
            write!(f, "profile `{name}` cannot be found: no config or credentials file exists")
        } else {
            write!(f, "profile `{name}` is not in {}", self.files.join(", "))
        }
    }
}

impl std::error::Error for ProfileNotFound {}

/// The config and credentials file paths the environment gives.
pub fn file_paths(var: &dyn Fn(&str) -> Option<String>) -> (Option<PathBuf>, Option<PathBuf>) {
    let home = var("HOME").or_else(|| var("USERPROFILE")).filter(|h| !h.is_empty()).map(PathBuf::from);
    let path = |variable: &str, default: &str| match var(variable).filter(|p| !p.is_empty()) {
        Some(p) => Some(match (p.strip_prefix("~/"), &home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(p),
        }),
        None => home.as_ref().map(|h| h.join(".aws").join(default)),
    };
    (path("AWS_CONFIG_FILE", "config"), path("AWS_SHARED_CREDENTIALS_FILE", "credentials"))
}

/// What a section header names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Section {
    Profile(String),
    SsoSession(String),
}

impl Section {
    fn name(&self) -> &str {
        match self {
            Self::Profile(name) | Self::SsoSession(name) => name,
        }
    }
}

type Sections = Vec<(Section, BTreeMap<String, String>)>;

/// Parses one file into `(profile name, properties)`, skipping sections of the wrong form.
fn parse_file(text: &str, kind: FileKind, path: &str) -> Result<Sections, ProfileError> {
    let mut sections: Sections = Vec::new();
    // The section being read, or `None` before the first one; `Some(None)` for a section
    // that is ignored.
    let mut current: Option<Option<usize>> = None;
    let mut last_key: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let header = strip_comment(rest);
            let Some(inner) = header.strip_suffix(']') else {
                return Err(ProfileError::new(path, line_number, "a section header must end with `]`"));
            };
            let name = section_name(inner.trim(), kind);
            last_key = None;
            current = Some(match name {
                Some(name) if name.name().is_empty() || name.name().contains(char::is_whitespace) => {
                    return Err(ProfileError::new(
                        path,
                        line_number,
                        format!("invalid profile name `{}`", inner.trim()),
                    ));
                }
                Some(name) => {
                    let existing = sections.iter().position(|(n, _)| *n == name);
                    Some(existing.unwrap_or_else(|| {
                        sections.push((name, BTreeMap::new()));
                        sections.len() - 1
                    }))
                }
                None => None,
            });
            continue;
        }
        let Some(section) = current else {
            return Err(ProfileError::new(path, line_number, "a property must come after a `[section]` header"));
        };
        let continuation = raw.starts_with([' ', '\t']);
        if continuation && last_key.is_some() {
            if let (Some(i), Some(key)) = (section, &last_key)
                && let Some(value) = sections[i].1.get_mut(key)
            {
                if !value.is_empty() {
                    value.push('\n');
                }
                value.push_str(trimmed);
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(ProfileError::new(path, line_number, "expected `key = value`"));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(ProfileError::new(path, line_number, "a property needs a name before `=`"));
        }
        if let Some(i) = section {
            sections[i].1.insert(key.to_owned(), value.trim().to_owned());
        }
        last_key = Some(key.to_owned());
    }
    Ok(sections)
}

/// The section a header names, or `None` if this file ignores such a header.
fn section_name(inner: &str, kind: FileKind) -> Option<Section> {
    let named = |prefix: &str| inner.strip_prefix(prefix).filter(|rest| rest.starts_with(char::is_whitespace));
    match (kind, named("profile"), named("sso-session")) {
        (FileKind::Config, Some(name), _) => Some(Section::Profile(name.trim().to_owned())),
        (FileKind::Config, None, Some(name)) => Some(Section::SsoSession(name.trim().to_owned())),
        (FileKind::Config, None, None) if inner == "default" => Some(Section::Profile(inner.to_owned())),
        (FileKind::Config, None, None) => None,
        (FileKind::Credentials, Some(_), _) => None,
        (FileKind::Credentials, None, _) => Some(Section::Profile(inner.to_owned())),
    }
}

/// A header without its trailing `# comment` or `; comment`.
fn strip_comment(header: &str) -> &str {
    let end = header.find(" #").or_else(|| header.find(" ;")).or_else(|| header.find("\t#")).unwrap_or(header.len());
    header[..end].trim_end()
}

/// Expands a leading `~/` with the home directory the environment gives.
pub fn expand_home(path: &str, var: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    match (path.strip_prefix("~/"), var("HOME").or_else(|| var("USERPROFILE"))) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(config: &str, credentials: &str) -> Result<ProfileSet, ProfileError> {
        ProfileSet::parse(Some(("config", config)), Some(("credentials", credentials)))
    }

    #[test]
    fn a_profile_asked_for_by_name_must_exist() {
        let set = parse("[profile dev]\nregion = eu-west-1\n", "").unwrap();
        assert_eq!(set.require("dev").map(Profile::name), Ok("dev"));
        let missing = set.require("prod").unwrap_err();
        assert_eq!(
            (missing.profile(), missing.files()),
            ("prod", &["config".to_owned(), "credentials".to_owned()][..])
        );
        assert_eq!(missing.to_string(), "profile `prod` is not in config, credentials");
        let none = ProfileSet::default().require("prod").unwrap_err();
        assert_eq!(none.to_string(), "profile `prod` cannot be found: no config or credentials file exists");
        let long = ProfileSet::default().require(&"p".repeat(5000)).unwrap_err().to_string();
        assert!(long.len() < 300, "{long}");

        let var = |value: &'static str| move |name: &str| (name == "AWS_PROFILE").then(|| value.to_owned());
        assert_eq!(named_profile(&var(" prod ")), Some("prod".to_owned()));
        assert_eq!(named_profile(&var("  ")), None, "blank names nothing");
        assert_eq!(selected_profile(&var("")), "default");
        assert_eq!(selected_profile(&|_: &str| None), "default");
    }

    #[test]
    fn sections_follow_the_rules_of_each_file() {
        let set = parse(
            "[default]\nregion = us-west-2\n[profile dev] # comment\nregion=eu-west-1\n[ignored]\nregion = nope\n",
            "[dev]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\n[profile ignored-too]\nx = y\n",
        )
        .unwrap();
        assert_eq!(set.get("default").and_then(|p| p.get("region")), Some("us-west-2"));
        let dev = set.get("dev").unwrap();
        assert_eq!((dev.get("region"), dev.get("aws_access_key_id")), (Some("eu-west-1"), Some("AKID")));
        assert!(set.get("ignored").is_none() && set.get("ignored-too").is_none());
    }

    #[test]
    fn credentials_file_wins_and_continuations_join() {
        let set = parse(
            "[profile p]\naws_access_key_id = FROM_CONFIG\ns3 =\n  max_concurrent_requests = 10\n",
            "[p]\naws_access_key_id = FROM_CREDENTIALS\n",
        )
        .unwrap();
        let p = set.get("p").unwrap();
        assert_eq!(p.get("aws_access_key_id"), Some("FROM_CREDENTIALS"));
        assert_eq!(p.get("s3"), Some("max_concurrent_requests = 10"));
    }

    #[test]
    fn malformed_files_name_the_file_and_line() {
        let cases = [
            ("region = x\n", "config, line 1: a property must come after a `[section]` header"),
            ("[default]\n\njust words\n", "config, line 3: expected `key = value`"),
            ("[profile broken\n", "config, line 1: a section header must end with `]`"),
            ("[default]\n = value\n", "config, line 2: a property needs a name before `=`"),
            ("[profile two words]\n", "config, line 1: invalid profile name `profile two words`"),
        ];
        for (text, message) in cases {
            let err = parse(text, "").unwrap_err();
            assert_eq!(err.to_string(), message, "{text:?}");
        }
    }

    #[test]
    fn file_locations_come_from_the_environment() {
        let vars = |name: &str| match name {
            "HOME" => Some("/home/u".to_owned()),
            "AWS_CONFIG_FILE" => Some("~/custom/config".to_owned()),
            _ => None,
        };
        let (config, credentials) = file_paths(&vars);
        assert_eq!(config, Some(PathBuf::from("/home/u/custom/config")));
        assert_eq!(credentials, Some(PathBuf::from("/home/u/.aws/credentials")));
        assert_eq!(selected_profile(&vars), "default");
        assert_eq!(selected_profile(&|n| (n == "AWS_PROFILE").then(|| "dev".to_owned())), "dev");
    }

    #[test]
    fn sso_session_sections_are_kept_apart_from_profiles() {
        let set = ProfileSet::parse(
            Some((
                "config",
                "[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
                 sso_region = eu-west-1\n[sso-sessioncorp]\nignored = yes\n",
            )),
            None,
        )
        .expect("parses");
        let session = set.sso_session("corp").expect("the session");
        assert_eq!(session.get("sso_region"), Some("eu-west-1"));
        assert!(set.get("corp").is_none() && set.sso_session("sessioncorp").is_none());
        assert_eq!(set.get("dev").and_then(|p| p.get("sso_session")), Some("corp"));
    }
}

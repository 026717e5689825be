//! Setting a profile's values in the shared config file (`~/.aws/config`), as `aws configure
//! set` does: the rest of the file, comments and order included, is kept as it was.

use std::io;
use std::path::Path;

/// Sets `values` in `profile`'s section of the config file at `path` (`[default]`, or
/// `[profile NAME]`): a key the section has is replaced where it is, one it lacks is added at
/// the end of the section, and a section the file lacks is added at its end (a file that does
/// not exist is created, readable by its owner only). The file is replaced whole.
pub(crate) fn set_profile_values(path: &Path, profile: &str, values: &[(&str, &str)]) -> io::Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let updated = with_values(&text, profile, values);
    if let Some(directory) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(directory)?;
    }
    // A file there keeps its permissions; a new one is its owner's alone.
    #[cfg(unix)]
    let mode =
        std::fs::metadata(path).map_or(0o600, |m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o777);
    #[cfg(not(unix))]
    let mode = 0o600;
    crate::files::write_whole(path, updated.as_bytes(), mode)
}

/// `text` with `values` set in `profile`'s section.
fn with_values(text: &str, profile: &str, values: &[(&str, &str)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let start = lines.iter().position(|line| is_header_of(line, profile));
    let Some(start) = start else {
        let mut out = text.to_owned();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if !out.trim().is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("[{}]\n", header(profile)));
        for (key, value) in values {
            out.push_str(&format!("{key} = {value}\n"));
        }
        return out;
    };
    for (key, value) in values {
        let end = lines[start + 1..]
            .iter()
            .position(|line| line.trim_start().starts_with('['))
            .map_or(lines.len(), |i| start + 1 + i);
        let existing = (start + 1..end).find(|&i| key_of(&lines[i]) == Some(key));
        match existing {
            Some(i) => lines[i] = format!("{key} = {value}"),
            None => {
                // After the section's last line that is not blank.
                let last = (start..end).rev().find(|&i| !lines[i].trim().is_empty()).unwrap_or(start);
                lines.insert(last + 1, format!("{key} = {value}"));
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The section header of `profile` in the config file.
fn header(profile: &str) -> String {
    if profile == "default" { "default".to_owned() } else { format!("profile {profile}") }
}

/// Whether `line` is the header of `profile`'s section (`[default]` or `[profile default]`
/// for the default profile), spaces aside.
fn is_header_of(line: &str, profile: &str) -> bool {
    let Some(inner) = line.trim().strip_prefix('[').and_then(|rest| rest.split(']').next()) else {
        return false;
    };
    let words: Vec<&str> = inner.split_whitespace().collect();
    match words.as_slice() {
        ["profile", name] => *name == profile,
        [name] => *name == "default" && profile == "default",
        _ => false,
    }
}

/// The key a `key = value` line sets (not a continuation, comment or header).
fn key_of(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t']) || line.trim_start().starts_with(['#', ';', '[']) {
        return None;
    }
    line.split_once('=').map(|(key, _)| key.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_replaced_in_place_or_added_to_its_section_and_the_rest_is_kept() {
        let text = "# my settings\n[default]\nregion = us-east-1\n\n[profile console]\n; signed in\nregion = eu-west-1\nlogin_session = arn:old\n\n[profile other]\nregion = us-west-2\n";
        let updated = with_values(text, "console", &[("login_session", "arn:new")]);
        assert_eq!(updated, text.replace("arn:old", "arn:new"));

        let added = with_values(text, "other", &[("login_session", "arn:x"), ("region", "ap-south-1")]);
        assert!(added.ends_with("[profile other]\nregion = ap-south-1\nlogin_session = arn:x\n"), "{added}");
        assert!(added.starts_with("# my settings\n[default]\nregion = us-east-1\n\n[profile console]\n"), "{added}");

        let into_default = with_values(text, "default", &[("login_session", "arn:d")]);
        assert!(into_default.contains("[default]\nregion = us-east-1\nlogin_session = arn:d\n\n[profile console]"));
    }

    #[test]
    fn a_missing_section_or_file_is_added() {
        assert_eq!(
            with_values("", "console", &[("login_session", "arn:a")]),
            "[profile console]\nlogin_session = arn:a\n"
        );
        assert_eq!(
            with_values("[default]\nregion = x", "default2", &[("k", "v")]),
            "[default]\nregion = x\n\n[profile default2]\nk = v\n"
        );
        assert_eq!(with_values("", "default", &[("k", "v")]), "[default]\nk = v\n");
        // `[default2]` and `[profile console-2]` are other sections.
        let text = "[profile console-2]\nk = 1\n";
        assert!(with_values(text, "console", &[("k", "2")]).ends_with("[profile console]\nk = 2\n"));
    }

    #[test]
    fn headers_comments_and_continuations_are_not_keys() {
        assert!(is_header_of("  [ profile   console ]  # note", "console"));
        assert!(is_header_of("[profile default]", "default") && is_header_of("[default]", "default"));
        assert!(!is_header_of("[console]", "console") && !is_header_of("[sso-session console]", "console"));
        assert_eq!(key_of("login_session=arn"), Some("login_session"));
        assert_eq!(key_of("  login_session = nested"), None);
        assert_eq!(key_of("# login_session = x"), None);
    }

    #[test]
    fn the_file_is_written_whole_and_a_new_one_is_private() {
        let dir = std::env::temp_dir().join(format!("sts-cli-config-{}", std::process::id()));
        let path = dir.join("nested/config");
        set_profile_values(&path, "console", &[("login_session", "arn:a")]).expect("written");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[profile console]\nlogin_session = arn:a\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        set_profile_values(&path, "console", &[("login_session", "arn:b")]).expect("rewritten");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[profile console]\nlogin_session = arn:b\n");
        assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1, "no temporary file left");
        let _ = std::fs::remove_dir_all(dir);
    }
}

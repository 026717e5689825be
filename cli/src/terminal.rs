//! Questions asked on the terminal the command runs in (the MFA code), and what is said on
//! stderr.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};

/// The longest answer read, in bytes: more is not a code anyone typed.
const MAX_ANSWER: u64 = 1024;

/// Asks `question` on the terminal and reads one line of answer, trimmed; empty when the
/// answer is (end of input included).
///
/// The terminal itself (`/dev/tty`; `CONIN$` and `CONOUT$` on Windows), as `getpass`, `ssh`
/// and the AWS CLI ask: stdout and stderr may be captured (as a `credential_process` is run)
/// and stdin may be a pipe. Without a terminal (a CI job, a service), the question goes to
/// stderr and the answer comes from stdin.
pub(crate) fn ask(question: &str) -> io::Result<String> {
    match open_terminal() {
        Ok((input, mut output)) => {
            output.write_all(question.as_bytes())?;
            output.flush()?;
            read_answer(BufReader::new(input))
        }
        Err(_) => {
            say(question);
            read_answer(io::stdin().lock())
        }
    }
}

/// Writes `text` to stderr. A stderr that is closed or full is no reason to fail (or, as
/// `eprint!` would, to panic): what is said there is for a person who may not be watching.
pub(crate) fn say(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// One line from `reader`, at most [`MAX_ANSWER`] bytes of it, trimmed.
fn read_answer(reader: impl BufRead) -> io::Result<String> {
    let mut line = String::new();
    reader.take(MAX_ANSWER).read_line(&mut line)?;
    Ok(line.trim().to_owned())
}

/// The terminal, to read from and to write to.
#[cfg(unix)]
fn open_terminal() -> io::Result<(File, File)> {
    let terminal = OpenOptions::new().read(true).write(true).open("/dev/tty")?;
    Ok((terminal.try_clone()?, terminal))
}

/// The console, to read from and to write to.
#[cfg(windows)]
fn open_terminal() -> io::Result<(File, File)> {
    let input = OpenOptions::new().read(true).write(true).open("CONIN$")?;
    Ok((input, OpenOptions::new().write(true).open("CONOUT$")?))
}

#[cfg(not(any(unix, windows)))]
fn open_terminal() -> io::Result<(File, File)> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_one_trimmed_line_of_bounded_length() {
        assert_eq!(read_answer(&b" 123456 \r\nrest\n"[..]).expect("read"), "123456");
        assert_eq!(read_answer(&b""[..]).expect("read"), "", "end of input is no answer");
        let long = "1".repeat(5000);
        assert_eq!(read_answer(long.as_bytes()).expect("read").len(), MAX_ANSWER as usize);
        assert!(read_answer(&b"\xff\xfe\n"[..]).is_err(), "not UTF-8");
    }
}

//! Running child processes with the project environment, echoing what runs.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

/// A command in `dir` with [`crate::env::vars`] applied.
pub fn command(program: impl AsRef<OsStr>, args: &[&str], dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir).envs(crate::env::vars());
    cmd
}

/// Runs `cmd` with inherited output, printing it first; Err names the command and its exit status.
pub fn status(cmd: &mut Command) -> Result<(), String> {
    println!("$ {}", describe(cmd));
    let status = cmd.status().map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

/// Runs `program args` quietly and returns its trimmed stdout, or None if it cannot run or fails.
pub fn output(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let out = command(program, args, &crate::env::root()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `program a b c` as text.
pub fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

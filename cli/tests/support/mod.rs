//! A temporary workspace driving the built `hearth` binary (shared by the CLI integration tests).

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// A fresh workspace folder with `hearth init` done.
pub struct Ws {
    dir: tempfile::TempDir,
}

/// What a `hearth` run produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout parsed as JSON (the command ran with `--json`).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", self.stdout, self.stderr))
    }
}

impl Ws {
    pub fn new() -> Ws {
        let ws = Ws { dir: tempfile::tempdir().unwrap() };
        assert_eq!(ws.hearth(&["init"]).code, 0);
        ws
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn hearth(&self, args: &[&str]) -> Run {
        self.hearth_env(args, &[])
    }

    /// Runs `args` with the environment variables `vars` set.
    pub fn hearth_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("HEARTH_WORKSPACE")
            .envs(vars.iter().copied())
            .output()
            .unwrap();
        Run {
            code: out.status.code().expect("exited normally"),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs `args` and asserts exit code `code`, showing both streams when it differs.
    pub fn expect(&self, code: i32, args: &[&str]) -> Run {
        let run = self.hearth(args);
        assert_eq!(
            run.code,
            code,
            "`hearth {}`\nstdout:\n{}\nstderr:\n{}",
            args.join(" "),
            run.stdout,
            run.stderr
        );
        run
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

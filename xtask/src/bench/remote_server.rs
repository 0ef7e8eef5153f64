//! A local team remote for the push/pull benchmark: `benches/edge/remote.mjs` (the worker under
//! workerd through Miniflare, 127.0.0.1 only, R2 and D1 persisted in a folder), in its own process
//! group. Stopped by closing its stdin (it disposes workerd and reports workerd's peak RSS); the
//! group is killed if it does not exit in time, and on drop whatever happened.

use crate::env;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Longest a remote may run (the script's own bound; the harness stops it much sooner).
const MAX_SECONDS: u32 = 1800;
/// How long start-up may take (Miniflare start, schema, token).
const START_TIMEOUT: Duration = Duration::from_secs(90);
/// How long a stop may take before the group is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(20);

/// A running remote.
pub struct RemoteServer {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    /// Base URL (`http://127.0.0.1:PORT`).
    pub url: String,
    /// A write-scoped token issued for this run.
    pub token: String,
}

impl RemoteServer {
    /// Starts a remote whose R2 and D1 live under `state` (kept: a later start on the same folder
    /// serves what this one stored).
    pub fn start(state: &Path) -> Result<RemoteServer, String> {
        let root = env::root();
        let mut child = Command::new("node")
            .arg(root.join("benches/edge/remote.mjs"))
            .arg(state)
            .arg(MAX_SECONDS.to_string())
            .current_dir(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start node benches/edge/remote.mjs: {e}"))?;
        let (tx, lines) = channel();
        for stream in [
            child.stdout.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child.stderr.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let stdin = child.stdin.take();
        let mut server = RemoteServer { child, stdin, lines, url: String::new(), token: String::new() };
        let deadline = Instant::now() + START_TIMEOUT;
        let mut said = Vec::new();
        while server.url.is_empty() || server.token.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            match server.lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("url ") {
                        server.url = url.trim().to_string();
                    } else if let Some(token) = line.strip_prefix("token ") {
                        server.token = token.trim().to_string();
                    } else {
                        said.push(line);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "the remote did not start within {START_TIMEOUT:?}: {}",
                        said.join(" / ")
                    ))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!("the remote exited while starting: {}", said.join(" / ")))
                }
            }
        }
        Ok(server)
    }

    /// Stops the remote; returns workerd's peak RSS in KiB as the script measured it.
    pub fn stop(mut self) -> Option<u64> {
        drop(self.stdin.take());
        let deadline = Instant::now() + STOP_TIMEOUT;
        let mut peak = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(kb) = line.strip_prefix("server_peak_rss_kb ") {
                        peak = kb.trim().parse().ok();
                    }
                }
                // Both streams closed: the script exited (or is about to).
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        self.wait_or_kill(deadline);
        peak
    }

    fn wait_or_kill(&mut self, deadline: Instant) {
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // workerd and Node share the group: nothing of it may outlive the remote.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

impl Drop for RemoteServer {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            drop(self.stdin.take());
            self.wait_or_kill(Instant::now() + Duration::from_secs(5));
        }
    }
}

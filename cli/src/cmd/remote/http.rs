//! The team remote's `/remote/v1` API over blocking HTTP (ureq): the CLI's [`RemoteTransport`].

use hearth_core::sync::wire::{self, MISSING_CHUNK};
use hearth_core::sync::{CommitEntry, RemoteEntry, RemoteTransport, SyncError};
use serde::Deserialize;
use serde_json::Value;
use std::io::Read;
use std::time::Duration;

/// Largest object the CLI downloads into memory (the worker accepts 100 MB request bodies).
const MAX_OBJECT_BYTES: u64 = 512 * 1024 * 1024;

/// One remote, by base URL, with its bearer token.
pub struct HttpRemote {
    base: String,
    token: String,
    agent: ureq::Agent,
    /// For the commit only: never reuses a pooled connection (see [`HttpRemote::send`]).
    fresh: ureq::Agent,
}

impl HttpRemote {
    /// A remote at `base` (trailing `/` ignored).
    pub fn new(base: &str, token: String) -> Self {
        let builder = || {
            ureq::AgentBuilder::new()
                .timeout_connect(Duration::from_secs(5))
                .timeout(Duration::from_secs(300))
        };
        let fresh = builder().max_idle_connections(0).build();
        HttpRemote { base: base.trim_end_matches('/').to_string(), token, agent: builder().build(), fresh }
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<ureq::Response, SyncError> {
        let url = format!("{}{}{path}", self.base, wire::API);
        // A pooled keep-alive connection may have been closed by the server while the previous
        // request ran (workerd does so after a long upload): the request then fails before any
        // answer. Every request but the commit is idempotent (reads, and uploads by content hash),
        // so it is retried once on a new connection; the commit always gets a new connection, so a
        // failure there is never a stale one and is never retried blindly.
        let commit = path == "/commit";
        let agent = if commit { &self.fresh } else { &self.agent };
        // ureq's own error type, large by design; handled right below.
        #[allow(clippy::result_large_err)]
        let attempt = || {
            let req = agent.request(method, &url).set("authorization", &format!("Bearer {}", self.token));
            match body {
                Some((content_type, bytes)) => req.set("content-type", content_type).send_bytes(bytes),
                None => req.call(),
            }
        };
        let res = match attempt() {
            Err(ureq::Error::Transport(_)) if !commit => attempt(),
            other => other,
        };
        match res {
            Ok(res) => Ok(res),
            Err(ureq::Error::Status(status, res)) => Err(refusal(method, path, status, res)),
            Err(ureq::Error::Transport(t)) => {
                Err(SyncError::Remote(format!("{} is unreachable: {t}", self.base)))
            }
        }
    }

    fn json<T: for<'de> Deserialize<'de>>(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, SyncError> {
        let bytes = body.map(|b| serde_json::to_vec(b).expect("JSON serialises"));
        let res = self.send(method, path, bytes.as_deref().map(|b| ("application/json", b)))?;
        let text = res
            .into_string()
            .map_err(|e| SyncError::Remote(format!("{method} {path}: unreadable answer: {e}")))?;
        serde_json::from_str(&text)
            .map_err(|e| SyncError::Remote(format!("{method} {path}: unexpected answer: {e}")))
    }
}

fn refusal(method: &str, path: &str, status: u16, res: ureq::Response) -> SyncError {
    wire::refusal(method, path, status, &res.into_string().unwrap_or_default())
}

impl RemoteTransport for HttpRemote {
    async fn entries(&self) -> Result<Vec<RemoteEntry>, SyncError> {
        Ok(self.json::<wire::Entries>("GET", "/entries", None)?.entries)
    }

    async fn missing(&self, hashes: &[String]) -> Result<Vec<String>, SyncError> {
        let mut missing = Vec::new();
        for chunk in hashes.chunks(MISSING_CHUNK) {
            let body = wire::missing_body(chunk);
            missing.extend(self.json::<wire::Missing>("POST", "/objects/missing", Some(&body))?.missing);
        }
        Ok(missing)
    }

    async fn get_object(&self, hash: &str) -> Result<Vec<u8>, SyncError> {
        let res = self.send("GET", &format!("/objects/{hash}"), None)?;
        // Sized from the worker's content-length up front: growing by doubling would overshoot and,
        // while reallocating, briefly hold about twice a large object.
        let declared = res.header("content-length").and_then(|v| v.parse::<u64>().ok());
        let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(MAX_OBJECT_BYTES) as usize);
        res.into_reader()
            .take(MAX_OBJECT_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| SyncError::Remote(format!("downloading object {hash}: {e}")))?;
        Ok(bytes)
    }

    async fn put_object(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError> {
        self.send("PUT", &format!("/objects/{hash}"), Some(("application/octet-stream", bytes)))?;
        Ok(())
    }

    async fn commit(&self, entries: &[CommitEntry]) -> Result<(), SyncError> {
        self.json::<Value>("POST", "/commit", Some(&wire::commit_body(entries)))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block_on::block_on;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// A server that drops its first connection after reading a request (a keep-alive connection
    /// the server closed meanwhile) and answers `answer` on the next; returns its base URL and the
    /// number of connections it saw.
    fn flaky(answer: &'static str) -> (String, std::thread::JoinHandle<usize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let mut seen = 0;
            for stream in listener.incoming().take(2) {
                let mut stream = stream.unwrap();
                seen += 1;
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                }
                let mut body = vec![0; length];
                std::io::Read::read_exact(&mut reader, &mut body).unwrap();
                if seen == 1 {
                    continue; // dropped unanswered
                }
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                    answer.len()
                );
                let _ = stream.write_all(reply.as_bytes());
                break;
            }
            seen
        });
        (base, handle)
    }

    #[test]
    fn an_idempotent_request_is_retried_once_on_a_dropped_connection() {
        let (base, server) = flaky(r#"{"missing": []}"#);
        let remote = HttpRemote::new(&base, "t".into());
        let missing = block_on(remote.missing(&["a".repeat(64)])).unwrap();
        assert!(missing.is_empty());
        assert_eq!(server.join().unwrap(), 2);
    }

    #[test]
    fn a_commit_is_never_retried() {
        let (base, server) = flaky("{}");
        let remote = HttpRemote::new(&base, "t".into());
        let err = block_on(remote.commit(&[])).unwrap_err();
        assert!(err.to_string().contains("unreachable"), "{err}");
        // The server's second accept never comes: unblock it.
        let _ = std::net::TcpStream::connect(base.trim_start_matches("http://"));
        assert_eq!(server.join().unwrap(), 2);
    }
}

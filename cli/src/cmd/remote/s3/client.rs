//! The few S3 calls an S3 remote needs (GET, PUT, ListObjectsV2), signed with SigV4, over the
//! blocking ureq agent the CLI already uses for the worker remote.

use super::location::Location;
use super::sigv4::{self, Credentials};
use hearth_core::sync::SyncError;
use std::io::Read;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Largest body the CLI reads into memory (as for the worker remote).
const MAX_BODY_BYTES: u64 = 512 * 1024 * 1024;

/// A signed S3 client for one bucket.
pub struct Client {
    /// `scheme://authority` requests go to.
    origin: String,
    /// The `Host` header ureq sends for `origin` (signed, so it must match byte for byte).
    host: String,
    /// `/BUCKET` for path-style requests, empty for virtual-hosted ones.
    bucket_path: String,
    bucket: String,
    region: String,
    creds: Credentials,
    agent: ureq::Agent,
}

/// A successful answer.
pub struct Reply {
    /// The object's ETag (quoted, as sent), when the server gave one.
    pub etag: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// A refused or failed request.
#[derive(Debug)]
pub enum Failure {
    /// The server answered `status` with S3's error `code` and `message`.
    Status { status: u16, code: String, message: String },
    /// No answer (connection refused, DNS, timeout).
    Transport(String),
}

impl Failure {
    /// Whether S3 answered `status`.
    pub fn is(&self, status: u16) -> bool {
        matches!(self, Failure::Status { status: s, .. } if *s == status)
    }

    /// The sync error a command reports: 401/403 are a refusal of the credentials or their
    /// rights (S3's own wording kept), anything else a remote failure naming the request.
    pub fn into_sync(self, what: &str) -> SyncError {
        match self {
            Failure::Status { status: status @ (401 | 403), code, message } => {
                SyncError::Denied { status, message: format!("{code}: {message}") }
            }
            Failure::Status { status, code, message } => {
                SyncError::Remote(format!("{what} answered {status} {code}: {message}"))
            }
            Failure::Transport(why) => SyncError::Remote(why),
        }
    }
}

impl Client {
    /// A client for `location` signing with `creds`.
    pub fn new(location: &Location, creds: Credentials) -> Client {
        let (origin, bucket_path) = match &location.endpoint {
            Some(endpoint) => (endpoint.clone(), format!("/{}", location.bucket)),
            None => {
                (format!("https://{}.s3.{}.amazonaws.com", location.bucket, location.region), String::new())
            }
        };
        let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or(&origin);
        // ureq (through `url`) leaves a scheme's default port out of the Host header.
        let host = match (origin.starts_with("https://"), authority.rsplit_once(':')) {
            (true, Some((h, "443"))) | (false, Some((h, "80"))) => h.to_string(),
            _ => authority.to_string(),
        };
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(5))
            .timeout(Duration::from_secs(300))
            .build();
        Client {
            origin,
            host,
            bucket_path,
            bucket: location.bucket.clone(),
            region: location.region.clone(),
            creds,
            agent,
        }
    }

    /// The bucket's name.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// One signed request for `key` (empty: the bucket itself) with `query`, extra `headers`
    /// (signed too) and `body`; statuses from 300 up are failures. A request that got no answer is
    /// sent once more (re-signed) on a new connection: a pooled keep-alive connection may have been
    /// closed by the server meanwhile. Only for requests that may safely run twice (see
    /// [`Client::send_once`]).
    pub fn send(
        &self,
        method: &str,
        key: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Reply, Failure> {
        match self.send_once(method, key, query, headers, body) {
            Err(Failure::Transport(_)) => self.send_once(method, key, query, headers, body),
            other => other,
        }
    }

    /// [`Client::send`] without the retry: for the manifest's conditional write, where a write that
    /// landed without its answer arriving, sent again, would be refused as a lost race and judged
    /// against itself.
    pub fn send_once(
        &self,
        method: &str,
        key: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Reply, Failure> {
        let path = format!("{}/{}", self.bucket_path, sigv4::encode(key, false));
        let payload = sigv4::sha256_hex(body);
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let amz_date = sigv4::amz_date(now);
        let mut signed: Vec<(&str, &str)> =
            vec![("host", &self.host), ("x-amz-content-sha256", &payload), ("x-amz-date", &amz_date)];
        signed.extend_from_slice(headers);
        let request =
            sigv4::Request { method, path: &path, query, headers: &signed, payload_sha256: &payload };
        let authorization = sigv4::authorization(&self.creds, &self.region, &request, &amz_date);
        let mut pairs: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", sigv4::encode(k, true), sigv4::encode(v, true)))
            .collect();
        pairs.sort();
        let url = if pairs.is_empty() {
            format!("{}{path}", self.origin)
        } else {
            format!("{}{path}?{}", self.origin, pairs.join("&"))
        };
        let mut req = self.agent.request(method, &url).set("authorization", &authorization);
        for (name, value) in signed.iter().filter(|(n, _)| *n != "host") {
            req = req.set(name, value);
        }
        let result = if method == "PUT" || !body.is_empty() { req.send_bytes(body) } else { req.call() };
        match result {
            Ok(res) => {
                let etag = res.header("etag").map(str::to_string);
                Ok(Reply { etag, body: read_body(res).map_err(Failure::Transport)? })
            }
            Err(ureq::Error::Status(status, res)) => {
                let text =
                    read_body(res).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
                let code = tag(&text, "Code").unwrap_or_else(|| "(no code)".into());
                let message = tag(&text, "Message").unwrap_or_else(|| "(no message)".into());
                Err(Failure::Status { status, code, message })
            }
            Err(ureq::Error::Transport(t)) => {
                Err(Failure::Transport(format!("{} is unreachable: {t}", self.origin)))
            }
        }
    }

    /// Every key under `prefix` (ListObjectsV2, one page of up to 1000 keys per request).
    pub fn list(&self, prefix: &str) -> Result<Vec<String>, Failure> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![("list-type", "2"), ("prefix", prefix)];
            if let Some(t) = &token {
                query.push(("continuation-token", t));
            }
            let page = String::from_utf8_lossy(&self.send("GET", "", &query, &[], &[])?.body).into_owned();
            keys.extend(tags(&page, "Key"));
            token = (tag(&page, "IsTruncated").as_deref() == Some("true"))
                .then(|| tag(&page, "NextContinuationToken"))
                .flatten();
            if token.is_none() {
                return Ok(keys);
            }
        }
    }
}

fn read_body(res: ureq::Response) -> Result<Vec<u8>, String> {
    // Sized from the declared length up front, like the worker remote's downloads.
    let declared = res.header("content-length").and_then(|v| v.parse::<u64>().ok());
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(MAX_BODY_BYTES) as usize);
    res.into_reader()
        .take(MAX_BODY_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading the answer: {e}"))?;
    Ok(bytes)
}

/// The text of every `<name>...</name>` element in `xml`, entities decoded. S3's answers read
/// here (ListObjectsV2 pages, error documents) are flat: no element named so nests another.
fn tags(xml: &str, name: &str) -> Vec<String> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        out.push(unescape(&after[..end]));
        rest = &after[end + close.len()..];
    }
    out
}

fn tag(xml: &str, name: &str) -> Option<String> {
    tags(xml, name).into_iter().next()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_and_errors_are_read_from_their_elements() {
        let page = "<?xml version=\"1.0\"?><ListBucketResult><IsTruncated>true</IsTruncated>\
            <Contents><Key>t/objects/aa</Key><Size>3</Size></Contents><Contents><Key>a&amp;b</Key></Contents>\
            <NextContinuationToken>x/y=</NextContinuationToken></ListBucketResult>";
        assert_eq!(tags(page, "Key"), vec!["t/objects/aa".to_string(), "a&b".to_string()]);
        assert_eq!(tag(page, "NextContinuationToken").as_deref(), Some("x/y="));
        let error = "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated \
            does not match the signature you provided.</Message></Error>";
        assert_eq!(tag(error, "Code").as_deref(), Some("SignatureDoesNotMatch"));
        assert_eq!(tag(error, "Missing"), None);
    }

    #[test]
    fn a_refusal_of_the_credentials_is_denied_with_s3s_words() {
        let f = Failure::Status { status: 403, code: "AccessDenied".into(), message: "Access Denied".into() };
        assert_eq!(
            f.into_sync("GET x"),
            SyncError::Denied { status: 403, message: "AccessDenied: Access Denied".into() }
        );
        let f = Failure::Status { status: 404, code: "NoSuchBucket".into(), message: "gone".into() };
        assert!(f.into_sync("GET x").to_string().contains("404 NoSuchBucket"));
    }

    #[test]
    fn default_ports_are_left_out_of_the_signed_host() {
        let creds = Credentials { access_key: "a".into(), secret_key: "s".into() };
        let at = |endpoint: &str| {
            Client::new(&Location::parse("s3://team", Some(endpoint), None).unwrap(), creds.clone()).host
        };
        assert_eq!(at("http://127.0.0.1:9000"), "127.0.0.1:9000");
        assert_eq!(at("http://minio.local:80"), "minio.local");
        assert_eq!(at("https://r2.example:443"), "r2.example");
        let aws = Client::new(&Location::parse("s3://team", None, Some("eu-west-1")).unwrap(), creds);
        assert_eq!((aws.host.as_str(), aws.bucket_path.as_str()), ("team.s3.eu-west-1.amazonaws.com", ""));
    }
}

//! The edge's admin API over native HTTP (ureq, blocking: the CLI drives core's futures on one
//! thread, so each call simply completes inside `poll`). Only the transport lives here: routes and
//! answers are core's `AdminClient`, shared with the web app's `fetch` client.

use hearth_core::deploy::admin_api::{AdminClient, Answer, Transport};
use hearth_core::deploy::EdgeError;
use hearth_core::serve::{SERVED_VERSION_HEADER, VARIANT_HEADER};
use std::time::Duration;

/// One edge, addressed by its base URL, with the admin token.
pub struct HttpTransport {
    base: String,
    token: String,
    agent: ureq::Agent,
}

/// Core's `Edge` over native HTTP.
pub type HttpEdge = AdminClient<HttpTransport>;

/// An edge at `base` (no trailing `/`) using `token`.
pub fn connect(base: &str, token: String) -> HttpEdge {
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(5))
        .timeout(Duration::from_secs(60))
        .build();
    AdminClient(HttpTransport { base: base.to_string(), token, agent })
}

impl Transport for HttpTransport {
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
        extra: &[(&str, &str)],
    ) -> Result<Answer, EdgeError> {
        let url = format!("{}{path}", self.base);
        let mut req =
            self.agent.request(method, &url).set("authorization", &format!("Bearer {}", self.token));
        for (k, v) in extra {
            req = req.set(k, v);
        }
        let res = match body {
            Some((content_type, bytes)) => req.set("content-type", content_type).send_bytes(bytes),
            None => req.call(),
        };
        let res = match res {
            Ok(res) | Err(ureq::Error::Status(_, res)) => res,
            Err(ureq::Error::Transport(t)) => {
                return Err(EdgeError::Unreachable { url: self.base.clone(), reason: t.to_string() })
            }
        };
        let status = res.status();
        let served_version = res.header(SERVED_VERSION_HEADER).map(str::to_string);
        let variant = res.header(VARIANT_HEADER).map(str::to_string);
        let body = res
            .into_string()
            .map_err(|e| EdgeError::Unreachable { url, reason: format!("reading the answer: {e}") })?;
        Ok(Answer { status, served_version, variant, body })
    }
}

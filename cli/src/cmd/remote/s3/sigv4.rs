//! AWS Signature Version 4 for S3 requests (header-based, signed payload).
//!
//! Hand-written rather than taken from an SDK: the whole of it is a canonical request, a string to
//! sign and four HMAC-SHA256 steps, while the SDKs (`aws-sdk-s3`, `object_store`) bring tokio,
//! hyper/reqwest and dozens of crates into a blocking CLI that already speaks HTTP through ureq —
//! minutes of compile time on the 2-core CI for code we would not use. It is checked against the
//! example AWS documents (see the tests) and, in the `s3` suite, by moto, which recomputes every
//! signature with botocore and refuses a mismatch.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Long-term credentials (an access key pair); never stored by Hearth.
#[derive(Clone)]
pub struct Credentials {
    /// The access key id (not secret: it names who signed).
    pub access_key: String,
    /// The secret access key.
    pub secret_key: String,
}

/// One request to sign. Header names may be in any case; they are signed lower-cased.
pub struct Request<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The URI path, already percent-encoded as sent (S3 signs it as is, without re-encoding).
    pub path: &'a str,
    /// Query parameters, not yet encoded.
    pub query: &'a [(&'a str, &'a str)],
    /// Every header to sign, `host` included.
    pub headers: &'a [(&'a str, &'a str)],
    /// Hex SHA-256 of the body (also sent as `x-amz-content-sha256`).
    pub payload_sha256: &'a str,
}

/// The `Authorization` header value for `req` at `amz_date` (`YYYYMMDDTHHMMSSZ`).
pub fn authorization(creds: &Credentials, region: &str, req: &Request, amz_date: &str) -> String {
    let date = &amz_date[..8];
    let scope = format!("{date}/{region}/s3/aws4_request");
    let (canonical, signed_headers) = canonical_request(req);
    let to_sign =
        format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex::encode(Sha256::digest(&canonical)));
    let mut key = hmac(format!("AWS4{}", creds.secret_key).as_bytes(), date.as_bytes());
    for part in [region, "s3", "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let signature = hex::encode(hmac(&key, to_sign.as_bytes()));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope},SignedHeaders={signed_headers},Signature={signature}",
        creds.access_key
    )
}

/// The canonical request and the signed-headers list.
fn canonical_request(req: &Request) -> (String, String) {
    let mut query: Vec<(String, String)> =
        req.query.iter().map(|(k, v)| (encode(k, true), encode(v, true))).collect();
    query.sort();
    let query: Vec<String> = query.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    let signed = signed.join(";");
    let canonical = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed}\n{}",
        req.method,
        req.path,
        query.join("&"),
        req.payload_sha256
    );
    (canonical, signed)
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// AWS's URI encoding: unreserved characters as they are, every other byte `%XY` (upper-case
/// hex); `/` kept only in paths (`slash = false`).
pub fn encode(s: &str, slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (b == b'/' && !slash) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `YYYYMMDDTHHMMSSZ` for `secs` since the Unix epoch (UTC; the civil-from-days algorithm of
/// H. Hinnant, exact for every date after 1970).
pub fn amz_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example credentials of AWS's S3 SigV4 documentation ("Signature Calculations for the
    /// Authorization Header: Transferring Payload in a Single Chunk", docs.aws.amazon.com/AmazonS3/
    /// latest/API/sig-v4-header-based-auth.html); the expected signatures below are the ones that
    /// page prints for its examples.
    fn example() -> Credentials {
        Credentials {
            access_key: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
        }
    }

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn the_documented_get_object_example_signs_to_the_published_signature() {
        let headers = [
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", EMPTY),
            ("x-amz-date", "20130524T000000Z"),
        ];
        let req = Request {
            method: "GET",
            path: "/test.txt",
            query: &[],
            headers: &headers,
            payload_sha256: EMPTY,
        };
        assert_eq!(
            authorization(&example(), "us-east-1", &req, "20130524T000000Z"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,\
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,\
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    #[test]
    fn the_documented_list_objects_example_signs_its_sorted_query() {
        let headers = [
            ("host", "examplebucket.s3.amazonaws.com"),
            ("x-amz-content-sha256", EMPTY),
            ("x-amz-date", "20130524T000000Z"),
        ];
        // Given out of order: the canonical query is sorted by name.
        let query = [("prefix", "J"), ("max-keys", "2")];
        let req =
            Request { method: "GET", path: "/", query: &query, headers: &headers, payload_sha256: EMPTY };
        let auth = authorization(&example(), "us-east-1", &req, "20130524T000000Z");
        assert!(
            auth.ends_with("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
            "{auth}"
        );
    }

    #[test]
    fn the_documented_put_object_example_signs_its_encoded_path_and_payload() {
        let body = b"Welcome to Amazon S3.";
        let payload = sha256_hex(body);
        let headers = [
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("x-amz-content-sha256", &payload),
        ];
        let path = format!("/{}", encode("test$file.text", true));
        let req =
            Request { method: "PUT", path: &path, query: &[], headers: &headers, payload_sha256: &payload };
        let auth = authorization(&example(), "us-east-1", &req, "20130524T000000Z");
        assert!(
            auth.ends_with("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
            "{auth}"
        );
    }

    #[test]
    fn uri_encoding_keeps_unreserved_characters_only() {
        assert_eq!(encode("a b/c~d+é", true), "a%20b%2Fc~d%2B%C3%A9");
        assert_eq!(encode("team/hearth data", false), "team/hearth%20data");
    }

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(amz_date(0), "19700101T000000Z");
        assert_eq!(amz_date(1_369_353_600), "20130524T000000Z");
        assert_eq!(amz_date(951_782_400 + 86_399), "20000229T235959Z");
        assert_eq!(amz_date(4_102_444_800), "21000101T000000Z");
    }
}

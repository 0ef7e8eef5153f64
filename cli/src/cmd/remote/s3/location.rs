//! Where an S3 remote lives: `s3://BUCKET/PREFIX` plus an optional endpoint and a region, checked
//! when the remote is added so that a typo fails there, not at the first push.

/// A bucket, a key prefix inside it, and how to reach it.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// Bucket name (S3's naming rules).
    pub bucket: String,
    /// Key prefix, empty or ending in `/` (`team/hearth/`).
    pub prefix: String,
    /// `http(s)://host[:port]` of an S3-compatible server (MinIO, R2, moto...), reached path-style
    /// (`ENDPOINT/BUCKET/KEY`, what such servers accept without wildcard DNS); `None` = AWS itself,
    /// reached virtual-hosted style (`https://BUCKET.s3.REGION.amazonaws.com/KEY`, the only style
    /// AWS offers to buckets created since 2020).
    pub endpoint: Option<String>,
    /// Signing region (`us-east-1` unless told: MinIO and moto accept it, R2 wants `auto`).
    pub region: String,
}

/// The region used when none is given.
pub const DEFAULT_REGION: &str = "us-east-1";

impl Location {
    /// Parses `s3://BUCKET[/PREFIX]` with its endpoint and region, naming what is wrong.
    pub fn parse(url: &str, endpoint: Option<&str>, region: Option<&str>) -> Result<Location, String> {
        let rest =
            url.strip_prefix("s3://").ok_or_else(|| format!("`{url}` is not an s3://BUCKET/PREFIX URL"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        check_bucket(bucket)?;
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|s| s.is_empty() || s == "." || s == "..") && !prefix.is_empty() {
            return Err(format!("the key prefix `{prefix}` has an empty, `.` or `..` segment"));
        }
        if prefix.chars().any(char::is_control) {
            return Err("the key prefix has a control character".into());
        }
        let endpoint = endpoint.map(check_endpoint).transpose()?;
        let region = region.unwrap_or(DEFAULT_REGION).to_string();
        if region.is_empty() || !region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(format!("region `{region}` must be letters, digits and `-` (e.g. us-east-1)"));
        }
        let prefix = if prefix.is_empty() { String::new() } else { format!("{prefix}/") };
        Ok(Location { bucket: bucket.to_string(), prefix, endpoint, region })
    }
}

/// S3's bucket naming rules: 3 to 63 lower-case letters, digits, `.` and `-`, starting and ending
/// with a letter or digit, no `..`, not an IP address.
fn check_bucket(bucket: &str) -> Result<(), String> {
    let fail = |why: &str| Err(format!("bucket name `{bucket}` {why}"));
    if !(3..=63).contains(&bucket.len()) {
        return fail("must be 3 to 63 characters long");
    }
    if !bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-') {
        return fail("may hold only lower-case letters, digits, `.` and `-`");
    }
    let edge = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !edge(bucket.as_bytes()[0]) || !edge(bucket.as_bytes()[bucket.len() - 1]) {
        return fail("must start and end with a letter or digit");
    }
    if bucket.contains("..") {
        return fail("must not contain `..`");
    }
    if bucket.parse::<std::net::Ipv4Addr>().is_ok() {
        return fail("must not be an IP address");
    }
    Ok(())
}

/// `http(s)://host[:port]`, without a path; a trailing `/` is dropped.
fn check_endpoint(endpoint: &str) -> Result<String, String> {
    let trimmed = endpoint.trim_end_matches('/');
    let host = trimmed
        .strip_prefix("http://")
        .or_else(|| trimmed.strip_prefix("https://"))
        .ok_or_else(|| format!("endpoint `{endpoint}` must start with http:// or https://"))?;
    if host.is_empty() || host.contains(['/', '?', '#', '@']) {
        return Err(format!("endpoint `{endpoint}` must be http(s)://HOST[:PORT], without a path"));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_gives_bucket_and_prefix() {
        let l = Location::parse("s3://hearth-team/ml/house/", Some("http://127.0.0.1:9000/"), None).unwrap();
        assert_eq!(l.bucket, "hearth-team");
        assert_eq!(l.prefix, "ml/house/");
        assert_eq!(l.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(l.region, "us-east-1");
        let bare = Location::parse("s3://hearth-team", None, Some("eu-west-1")).unwrap();
        assert_eq!((bare.prefix.as_str(), bare.region.as_str()), ("", "eu-west-1"));
    }

    #[test]
    fn bad_names_are_refused_with_the_rule_they_break() {
        let err = |url: &str| Location::parse(url, None, None).unwrap_err();
        assert!(err("https://x/y").contains("not an s3://"));
        assert!(err("s3://ab").contains("3 to 63"));
        assert!(err("s3://Hearth_Team/x").contains("lower-case"));
        assert!(err("s3://-team/x").contains("start and end"));
        assert!(err("s3://a..b/x").contains("`..`"));
        assert!(err("s3://192.168.1.1/x").contains("IP address"));
        assert!(err("s3://team/a//b").contains("empty"));
        assert!(Location::parse("s3://team/x", Some("127.0.0.1:9000"), None)
            .unwrap_err()
            .contains("http://"));
        assert!(Location::parse("s3://team/x", Some("http://h/p"), None)
            .unwrap_err()
            .contains("without a path"));
        assert!(Location::parse("s3://team/x", None, Some("us east")).unwrap_err().contains("region"));
    }
}

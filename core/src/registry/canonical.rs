//! Canonical JSON: the one byte form Hearth hashes and signs.
//!
//! Rules (stable, documented in the bundle format): UTF-8; no whitespace; object keys sorted by their
//! UTF-8 bytes, whatever map type produced them; strings escaped as `serde_json` does (only `"`, `\`
//! and control characters); numbers as `serde_json` prints them (integers in decimal, floats as the
//! shortest string that parses back to the same `f64`, exponent written `e+300`/`e-7`); non-finite floats become `null`. Same value →
//! same bytes on every platform, which is what makes hashes and signatures portable.

use serde::Serialize;
use serde_json::Value;

/// Serialises `value` to canonical JSON bytes.
pub fn to_canonical_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let tree = serde_json::to_value(value)?;
    let mut out = Vec::new();
    write_value(&tree, &mut out);
    Ok(out)
}

/// SHA-256 of `bytes` as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn write_value(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            // Sort explicitly: serde_json's map keeps insertion order when `preserve_order` is on.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(k, out);
                out.push(b':');
                write_value(item, out);
            }
            out.push(b'}');
        }
    }
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    // serde_json's string escaping is deterministic; reuse it rather than re-implementing it.
    out.extend_from_slice(serde_json::to_string(s).expect("a str always serialises").as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn keys_are_sorted_whatever_the_map_order() {
        let mut m = HashMap::new();
        for k in ["zeta", "alpha", "mid", "Beta"] {
            m.insert(k, 1);
        }
        let bytes = to_canonical_json(&m).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), r#"{"Beta":1,"alpha":1,"mid":1,"zeta":1}"#);
    }

    #[test]
    fn floats_are_shortest_round_trip_and_nested_values_have_no_whitespace() {
        let v = serde_json::json!({"b": [0.1, 1e300, -0.0, 3], "a": {"y": "q\"uote\n", "x": null}});
        let text = String::from_utf8(to_canonical_json(&v).unwrap()).unwrap();
        assert_eq!(text, r#"{"a":{"x":null,"y":"q\"uote\n"},"b":[0.1,1e+300,-0.0,3]}"#);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["b"][0].as_f64().unwrap().to_bits(), 0.1f64.to_bits());
    }

    #[test]
    fn sha256_hex_matches_the_known_digest_of_abc() {
        // FIPS 180-2 test vector for "abc".
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

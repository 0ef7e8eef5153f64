//! `hearth data …` through the built binary, each test in its own temporary workspace.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{Run, Ws};

/// `hearth --json data import FILE EXTRA...`.
fn import(ws: &Ws, file: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["--json", "data", "import", file.to_str().unwrap()];
    args.extend(extra);
    ws.hearth(&args)
}

/// Every stored file and its size: what "stores nothing" is checked against.
fn stored(ws: &Ws) -> Vec<(PathBuf, u64)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, u64)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push((p.clone(), std::fs::metadata(&p).unwrap().len()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&ws.path(".hearth/store/values"), &mut out);
    out.sort();
    out
}

fn versions(ws: &Ws) -> Vec<Value> {
    let r = ws.hearth(&["--json", "data", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json().as_array().unwrap().clone()
}

fn shared(test: &str, name: &str) -> Option<PathBuf> {
    hearth_testdata::shared_file(test, name)
}

#[test]
fn housing_data_imports_as_545_rows_13_columns_with_price_as_target() {
    let Some(file) =
        shared("housing_data_imports_as_545_rows_13_columns_with_price_as_target", "HousingData.csv")
    else {
        return;
    };
    let ws = Ws::new();
    let r = import(&ws, &file, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!((v["rows"].as_u64(), v["columns"].as_u64()), (Some(545), Some(13)));
    assert_eq!(v["target"], "price");
    assert_eq!(v["tag"], "data-v1.0.0");
    assert_eq!(
        v["numeric_features"],
        serde_json::json!(["area", "bedrooms", "bathrooms", "stories", "parking"])
    );
    assert_eq!(v["categorical_features"].as_array().unwrap().len(), 7);
    // The target can be overridden: another reading, another version.
    let r = import(&ws, &file, &["--target", "area"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["target"], "area");
    assert_ne!(r.json()["id"], v["id"]);
}

#[test]
fn reimporting_the_same_file_returns_the_same_id_and_stores_nothing_twice() {
    let Some(file) =
        shared("reimporting_the_same_file_returns_the_same_id_and_stores_nothing_twice", "HousingData.csv")
    else {
        return;
    };
    let ws = Ws::new();
    let first = import(&ws, &file, &[]).json();
    let before = stored(&ws);
    let copy = ws.write("renamed.csv", &std::fs::read(&file).unwrap());
    for again in [import(&ws, &file, &[]), import(&ws, &copy, &["--message", "same bytes"])] {
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert_eq!(again.json()["id"], first["id"]);
        assert_eq!(again.json()["created"], false);
    }
    assert_eq!(stored(&ws), before);
    let blobs = before.iter().filter(|(p, _)| p.to_string_lossy().contains("blobs")).count();
    assert_eq!(blobs, 1);
    assert_eq!(versions(&ws).len(), 1);
}

#[test]
fn old_then_new_housing_data_are_v1_0_0_and_v1_1_0_and_the_diff_shows_prices_up_11_percent() {
    let name = "old_then_new_housing_data_are_v1_0_0_and_v1_1_0_and_the_diff_shows_prices_up_11_percent";
    let (Some(old), Some(new)) = (shared(name, "HousingData-old.csv"), shared(name, "HousingData-new.csv"))
    else {
        return;
    };
    let ws = Ws::new();
    assert_eq!(import(&ws, &old, &[]).json()["tag"], "data-v1.0.0");
    assert_eq!(import(&ws, &new, &[]).json()["tag"], "data-v1.1.0");
    let tags: Vec<String> = versions(&ws).iter().map(|v| v["tag"].as_str().unwrap().to_string()).collect();
    assert_eq!(tags, ["data-v1.0.0", "data-v1.1.0"]);
    let r = ws.hearth(&["--json", "data", "diff", "data-v1.0.0", "latest"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = r.json();
    assert_eq!((d["from"]["rows"].as_u64(), d["to"]["rows"].as_u64()), (Some(408), Some(409)));
    assert_eq!(d["schema"], serde_json::json!([]));
    let price = d["columns"].as_array().unwrap().iter().find(|c| c["column"] == "price").unwrap();
    let pct = price["change"]["mean_change_pct"].as_f64().unwrap();
    // Reference: Python 3.11.7 `statistics.fmean` of the `price` column of each file (csv module):
    // 4811263.333333333 -> 5344262.371638142, i.e. +11.078151441266826 %.
    assert!((pct - 11.078151441266826).abs() < 1e-9, "{pct}");
    let human = ws.hearth(&["data", "diff", "previous", "latest"]);
    assert!(human.stdout.contains("+11.08%"), "{}", human.stdout);
}

#[test]
fn every_bad_input_exits_3_names_file_line_and_column_and_stores_no_version() {
    let ws = Ws::new();
    let cases: [(&str, &[u8], &[&str]); 9] = [
        ("empty.csv", b"", &["empty"]),
        ("header-only.csv", b"price,area\n", &["no data rows"]),
        ("ragged.csv", b"price,area\n1,2\n3,4,5\n", &["line 3", "found 3 fields, expected 2"]),
        (
            "not-a-number.csv",
            b"price,area\n1,10\n2,20\n3,20\n4,20\n5,20\n6,20\n7,20\n8,20\n9,20\n10,20\n11,20\n12,20\n13,20\n14,20\n15,20\n16,20\n17,20\n18,20\n19,20\n20,abc\n",
            &["line 21", "column `area`", "\"abc\" is not a number"],
        ),
        ("duplicate.csv", b"price,area,area\n1,2,3\n", &["line 1", "duplicate column name `area`", "columns 2 and 3"]),
        ("empty-name.csv", b"price,,area\n1,x,2\n3,y,4\n", &["line 1", "column 2 has an empty name"]),
        ("latin1.csv", b"price,town\n1,M\xfcnchen\n", &["line 2", "invalid UTF-8", "0xfc"]),
        ("image.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &["not a CSV table", "PNG"]),
        ("prose.csv", b"Dear reader\nthis is a letter, not a table.\n", &["not a CSV table"]),
    ];
    for (name, bytes, expected) in cases {
        let file = ws.write(name, bytes);
        let r = import(&ws, &file, &[]);
        assert_eq!(r.code, 3, "{name}: {}{}", r.stdout, r.stderr);
        let message = serde_json::from_str::<Value>(&r.stderr).unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains(name), "{name}: {message}");
        for e in expected {
            assert!(message.contains(e), "{name}: `{e}` not in {message}");
        }
        assert!(r.stdout.is_empty());
        assert!(versions(&ws).is_empty(), "{name} stored a version");
        assert!(stored(&ws).is_empty(), "{name} stored something");
    }
}

#[test]
fn a_missing_file_exits_4_and_a_taken_or_invalid_tag_is_refused() {
    let ws = Ws::new();
    assert_eq!(import(&ws, &ws.path("nope.csv"), &[]).code, 4);
    let a = ws.write("a.csv", b"price,area\n1,2\n3,4\n");
    let b = ws.write("b.csv", b"price,area\n1,2\n3,5\n");
    assert_eq!(import(&ws, &a, &["--tag", "baseline"]).json()["tag"], "baseline");
    let before = stored(&ws);
    assert_eq!(import(&ws, &b, &["--tag", "baseline"]).code, 5);
    assert_eq!(import(&ws, &b, &["--tag", "latest"]).code, 3);
    assert_eq!(stored(&ws), before);
    assert_eq!(ws.hearth(&["data", "show", "data-v9.9.9"]).code, 4);
    assert_eq!(ws.hearth(&["data", "show", "previous"]).code, 4);
    assert_eq!(ws.hearth(&["data", "show", "not a ref"]).code, 3);
    let show = ws.hearth(&["data", "show", "baseline"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.stdout.contains("price (target)"), "{}", show.stdout);
}

#[test]
fn outside_a_workspace_data_commands_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["data", "list"])
        .current_dir(dir.path())
        .env_remove("HEARTH_WORKSPACE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hearth init"));
}

#[test]
fn sample_is_byte_identical_for_a_seed_and_imports_as_the_housing_schema() {
    let ws = Ws::new();
    let stdout = ws.hearth(&["data", "sample", "--rows", "200", "--seed", "7"]);
    assert_eq!(stdout.code, 0, "{}", stdout.stderr);
    assert_eq!(stdout.stdout, ws.hearth(&["data", "sample", "--rows", "200", "--seed", "7"]).stdout);
    let r = ws.hearth(&["data", "sample", "--rows", "200", "--seed", "7", "--out", "s.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(ws.path("s.csv")).unwrap(), stdout.stdout);
    assert_ne!(ws.hearth(&["data", "sample", "--rows", "200", "--seed", "8"]).stdout, stdout.stdout);
    let v = import(&ws, &ws.path("s.csv"), &[]).json();
    assert_eq!(
        (v["rows"].as_u64(), v["columns"].as_u64(), v["target"].as_str()),
        (Some(200), Some(13), Some("price"))
    );
    assert_eq!(ws.hearth(&["data", "sample", "--rows", "5", "--scenario", "nope"]).code, 2);
}

#[test]
fn export_dvc_writes_what_dvc_add_would_and_the_object_is_the_imported_bytes() {
    let Some(file) = shared(
        "export_dvc_writes_what_dvc_add_would_and_the_object_is_the_imported_bytes",
        "HousingData.csv",
    ) else {
        return;
    };
    let ws = Ws::new();
    assert_eq!(import(&ws, &file, &[]).code, 0);
    let r = ws.hearth(&["--json", "data", "export-dvc", "latest", "exported"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // `dvc add HousingData.csv` with DVC 3.67.1 (PEERS.md) and `md5sum` give this md5 and size.
    assert_eq!(
        std::fs::read_to_string(ws.path("exported/HousingData.csv.dvc")).unwrap(),
        "outs:\n- md5: 801f8030dad1df22a53edfdbfa4e80f0\n  size: 29981\n  hash: md5\n  path: HousingData.csv\n"
    );
    let object = ws.path("exported/files/md5/80/1f8030dad1df22a53edfdbfa4e80f0");
    assert_eq!(std::fs::read(&object).unwrap(), std::fs::read(&file).unwrap());
    assert!(std::fs::metadata(&object).unwrap().permissions().readonly());
    // Exporting again keeps the read-only object and succeeds.
    assert_eq!(ws.hearth(&["data", "export-dvc", "latest", "exported"]).code, 0);
}

#[test]
fn a_wrong_command_line_exits_2_and_with_json_says_so_as_json() {
    let ws = Ws::new();
    let run = ws.expect(2, &["--json", "data", "frob"]);
    let err: Value = serde_json::from_str(run.stderr.trim()).expect("one JSON error on stderr");
    assert_eq!(err["error"]["kind"], "usage");
    assert_eq!(err["error"]["code"], 2);
    assert!(err["error"]["message"].as_str().unwrap().contains("frob"), "{err}");
    let human = ws.expect(2, &["data", "frob"]);
    assert!(human.stderr.contains("Usage:"), "{}", human.stderr);
}

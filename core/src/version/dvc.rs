//! Export to DVC 3: a `.dvc` file plus the `files/md5/<2 hex>/<30 hex>` object layout, so a DVC
//! user can `dvc pull` what Hearth versioned from the export folder used as a local remote.

/// One file of an export, relative to the export folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile<'a> {
    /// `/`-separated path inside the export folder.
    pub path: String,
    /// Contents.
    pub bytes: std::borrow::Cow<'a, [u8]>,
    /// DVC keeps cache objects read-only (0444); the writer should too.
    pub read_only: bool,
}

/// Why a version cannot be exported under the requested name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` cannot be a DVC output name: use a plain file name without `/`, `\\` or control characters")]
pub struct BadOutputName(pub String);

/// Where DVC 3 keeps an object with this MD5, inside a cache or a remote.
pub fn object_path(md5_hex: &str) -> String {
    format!("files/md5/{}/{}", &md5_hex[..2], &md5_hex[2..])
}

/// The `.dvc` file exactly as `dvc add` writes it for one file (DVC 3.x).
pub fn dvc_file(md5_hex: &str, size: u64, name: &str) -> Result<String, BadOutputName> {
    if name.is_empty()
        || name == "."
        || name == ".."
        || name.chars().any(|c| c == '/' || c == '\\' || c.is_control())
    {
        return Err(BadOutputName(name.to_string()));
    }
    Ok(format!("outs:\n- md5: {md5_hex}\n  size: {size}\n  hash: md5\n  path: {}\n", yaml_scalar(name)))
}

/// The files of an export: `<name>.dvc` and the object under `files/md5/...`.
pub fn export<'a>(raw: &'a [u8], md5_hex: &str, name: &str) -> Result<Vec<ExportFile<'a>>, BadOutputName> {
    Ok(vec![
        ExportFile {
            path: format!("{name}.dvc"),
            bytes: dvc_file(md5_hex, raw.len() as u64, name)?.into_bytes().into(),
            read_only: false,
        },
        ExportFile { path: object_path(md5_hex), bytes: raw.into(), read_only: true },
    ])
}

/// `name` as a YAML scalar: plain when YAML would read it back as the same string, else single-quoted
/// (what ruamel, DVC's YAML library, does for names like `1.0`, `yes` or `a: b`).
fn yaml_scalar(name: &str) -> String {
    let plain_safe = name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        && !name.starts_with(['-', '.'])
        && !looks_like_other_type(name);
    if plain_safe {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// Plain scalars YAML 1.1/1.2 would resolve to a number, bool or null instead of a string.
fn looks_like_other_type(s: &str) -> bool {
    const WORDS: [&str; 13] =
        ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", ".nan", ".inf"];
    let lower = s.to_ascii_lowercase();
    WORDS.contains(&lower.as_str()) || lower == "~" || s.replace('_', "").parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dvc_file_matches_what_dvc_3_writes() {
        // `dvc add HousingData.csv` with DVC 3.67.1 wrote exactly this (PEERS.md, DVC section).
        assert_eq!(
            dvc_file("801f8030dad1df22a53edfdbfa4e80f0", 29981, "HousingData.csv").unwrap(),
            "outs:\n- md5: 801f8030dad1df22a53edfdbfa4e80f0\n  size: 29981\n  hash: md5\n  path: HousingData.csv\n"
        );
    }

    #[test]
    fn object_path_splits_the_md5_after_two_characters() {
        assert_eq!(
            object_path("801f8030dad1df22a53edfdbfa4e80f0"),
            "files/md5/80/1f8030dad1df22a53edfdbfa4e80f0"
        );
    }

    #[test]
    fn names_yaml_would_misread_are_quoted_and_paths_refused() {
        assert_eq!(yaml_scalar("1.0"), "'1.0'");
        assert_eq!(yaml_scalar("yes"), "'yes'");
        assert_eq!(yaml_scalar("it's a file.csv"), "'it''s a file.csv'");
        assert_eq!(yaml_scalar("data_v2.csv"), "data_v2.csv");
        assert!(dvc_file("00", 0, "a/b.csv").is_err());
        assert!(dvc_file("00", 0, "").is_err());
    }

    #[test]
    fn export_holds_the_dvc_file_and_a_read_only_object() {
        let files = export(b"a\n1\n", "0123456789abcdef0123456789abcdef", "t.csv").unwrap();
        assert_eq!(files[0].path, "t.csv.dvc");
        assert_eq!(files[1].path, "files/md5/01/23456789abcdef0123456789abcdef");
        assert_eq!(&*files[1].bytes, b"a\n1\n");
        assert!(files[1].read_only && !files[0].read_only);
    }
}

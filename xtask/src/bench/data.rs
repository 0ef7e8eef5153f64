//! The benchmark data: tables from Hearth's own generator (`hearth data sample`, cached under
//! target/bench/data since the generator is deterministic), the shared real data when present, and
//! a seeded train/test split written as two CSV files both sides read.

use std::path::{Path, PathBuf};

/// `hearth data sample --rows N --seed S --scenario SCENARIO` into the cache (generated once).
pub fn sample(hearth: &Path, dir: &Path, rows: usize, seed: u64, scenario: &str) -> Result<PathBuf, String> {
    let out = dir.join(format!("sample-{rows}-{seed}-{scenario}.csv"));
    if out.is_file() {
        return Ok(out);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let partial = dir.join(format!(".partial-{rows}-{seed}-{scenario}.csv"));
    let rows_text = rows.to_string();
    let seed_text = seed.to_string();
    let args =
        ["data", "sample", "--rows", &rows_text, "--seed", &seed_text, "--scenario", scenario, "--out"];
    super::measure::measure(std::process::Command::new(hearth).args(args).arg(&partial).current_dir(dir))?;
    std::fs::rename(&partial, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out)
}

/// `/work/shared/data/NAME` (the project's real data, `../shared/data` of the checkout) when present.
pub fn shared(name: &str) -> Option<PathBuf> {
    let root = crate::env::root();
    [
        root.join("../shared/data").join(name),
        root.join("../../shared/data").join(name),
        PathBuf::from("/work/shared/data").join(name),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Data rows of a CSV file (lines after the header), counted in 64 KiB chunks: the harness must not
/// hold a big file, since its own peak RSS becomes the floor of every child's (see measure.rs).
pub fn count_rows(csv: &Path) -> Result<usize, String> {
    use std::io::Read;
    let mut file = std::fs::File::open(csv).map_err(|e| format!("{}: {e}", csv.display()))?;
    let mut buf = vec![0u8; 64 * 1024];
    let (mut newlines, mut last) = (0usize, b'\n');
    loop {
        let n = file.read(&mut buf).map_err(|e| format!("{}: {e}", csv.display()))?;
        if n == 0 {
            break;
        }
        newlines += buf[..n].iter().filter(|&&b| b == b'\n').count();
        last = buf[n - 1];
    }
    let lines = newlines + usize::from(last != b'\n');
    Ok(lines.saturating_sub(1))
}

/// Rows of a CSV file with a header line and no quoted newlines (what the generator and the shared
/// data are), split into train and test text with a seeded shuffle: `test_fraction` of the rows
/// (rounded down) go to test.
pub fn split_csv(text: &str, seed: u64, test_fraction: f64) -> (String, String) {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let mut rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    let mut state = seed;
    for i in (1..rows.len()).rev() {
        let j = (splitmix64(&mut state) % (i as u64 + 1)) as usize;
        rows.swap(i, j);
    }
    let n_test = (rows.len() as f64 * test_fraction) as usize;
    let join = |part: &[&str]| {
        let mut out = String::from(header);
        out.push('\n');
        for row in part {
            out.push_str(row);
            out.push('\n');
        }
        out
    };
    (join(&rows[n_test..]), join(&rows[..n_test]))
}

/// Writes the split of `csv` to `dir/NAME-train.csv` and `dir/NAME-test.csv`.
pub fn write_split(csv: &Path, dir: &Path, name: &str) -> Result<(PathBuf, PathBuf), String> {
    let text = std::fs::read_to_string(csv).map_err(|e| format!("{}: {e}", csv.display()))?;
    let (train, test) = split_csv(&text, 42, 0.2);
    let (train_path, test_path) =
        (dir.join(format!("{name}-train.csv")), dir.join(format!("{name}-test.csv")));
    std::fs::write(&train_path, train).map_err(|e| format!("{}: {e}", train_path.display()))?;
    std::fs::write(&test_path, test).map_err(|e| format!("{}: {e}", test_path.display()))?;
    Ok((train_path, test_path))
}

/// SplitMix64: a tiny, well-mixed seeded generator (the split only has to be fixed and fair).
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_seeded_complete_and_disjoint() {
        let text: String = std::iter::once("a,b".to_string())
            .chain((0..10).map(|i| format!("{i},x")))
            .collect::<Vec<_>>()
            .join("\n");
        let (train, test) = split_csv(&text, 42, 0.2);
        assert_eq!((train.lines().count(), test.lines().count()), (9, 3));
        assert!(train.starts_with("a,b\n") && test.starts_with("a,b\n"));
        let mut all: Vec<&str> = train.lines().skip(1).chain(test.lines().skip(1)).collect();
        all.sort_by_key(|l| l.split(',').next().unwrap().parse::<u32>().unwrap());
        assert_eq!(all.len(), 10);
        assert_eq!(all[9], "9,x");
        assert_eq!(split_csv(&text, 42, 0.2), (train.clone(), test.clone()));
        assert_ne!(split_csv(&text, 7, 0.2).1, test);
    }

    #[test]
    fn counts_rows_with_and_without_a_final_newline() {
        let dir = std::env::temp_dir().join(format!("xtask-count-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (text, rows) in [("h\n1\n2\n", 2), ("h\n1\n2", 2), ("h\n", 0), ("", 0)] {
            let f = dir.join("t.csv");
            std::fs::write(&f, text).unwrap();
            assert_eq!(count_rows(&f).unwrap(), rows, "{text:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

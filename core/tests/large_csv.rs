//! A 200 MB CSV imports completely (the brief's "200 MB file" bad-input case: we chose to succeed).
//! No timing is asserted here; throughput is measured by the benchmark harness.

use hearth_core::data::{read_csv, ColumnData, ColumnKind, ReadOptions};

/// Builds a deterministic ~200 MB house-like CSV with a quoted column and a missing cell every
/// 1000 rows, without any RNG (a linear congruence is enough for varied digits).
fn big_csv(min_bytes: usize) -> (Vec<u8>, usize) {
    let mut out = String::with_capacity(min_bytes + 1024);
    out.push_str("price,area,bedrooms,ratio,mainroad,furnishingstatus,note\n");
    let furnishing = ["furnished", "semi-furnished", "unfurnished"];
    let mut rows = 0usize;
    let mut x: u64 = 12345;
    while out.len() < min_bytes {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let r = (x >> 33) as usize;
        let area = if rows % 1000 == 999 { String::new() } else { (1650 + r % 14550).to_string() };
        out.push_str(&format!(
            "{},{},{},{}.{},{},{},\"a, b {}\"\n",
            1_750_000 + r % 11_550_000,
            area,
            1 + r % 6,
            r % 100,
            r % 997,
            if r.is_multiple_of(7) { "no" } else { "yes" },
            furnishing[r % 3],
            r % 5
        ));
        rows += 1;
    }
    (out.into_bytes(), rows)
}

#[test]
fn a_200_megabyte_csv_imports_completely() {
    let (bytes, rows) = big_csv(200 * 1024 * 1024);
    let d = read_csv(&bytes, &ReadOptions::named("big.csv")).expect("200 MB import succeeds");
    assert_eq!(d.table.n_rows(), rows);
    assert_eq!(d.schema.target, "price");
    assert_eq!(d.schema.column("area").unwrap().kind, ColumnKind::Numeric { integer: true });
    assert_eq!(d.schema.column("ratio").unwrap().kind, ColumnKind::Numeric { integer: false });
    assert_eq!(d.report.missing_cells, rows / 1000);
    let ColumnData::Categorical(note) = &d.table.column("note").unwrap().data else { panic!("note is text") };
    assert_eq!(note.levels, ["a, b 0", "a, b 1", "a, b 2", "a, b 3", "a, b 4"]);
}

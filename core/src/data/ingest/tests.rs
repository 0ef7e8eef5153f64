//! Specifications of `read_csv`, one behaviour per test.

use super::*;
use crate::data::{ColumnData, ColumnKind};

fn read(text: &str) -> Result<Dataset, IngestError> {
    read_csv(text.as_bytes(), &ReadOptions::named("houses.csv"))
}

fn numeric(d: &Dataset, name: &str) -> Vec<f64> {
    match &d.table.column(name).unwrap().data {
        ColumnData::Numeric(n) => n.values.clone(),
        other => panic!("{name} is not numeric: {other:?}"),
    }
}

fn texts(d: &Dataset, name: &str) -> Vec<Option<String>> {
    match &d.table.column(name).unwrap().data {
        ColumnData::Categorical(c) => {
            c.codes.iter().map(|k| k.map(|k| c.levels[k as usize].clone())).collect()
        }
        other => panic!("{name} is not categorical: {other:?}"),
    }
}

#[test]
fn reads_types_missing_values_and_canonical_text() {
    let d = read("price,area,road,ratio\n100,50,Yes,0.5\n200,NA, no ,\n300,70,YES,1.5\n").unwrap();
    assert_eq!(d.table.n_rows(), 3);
    assert_eq!(numeric(&d, "price"), [100.0, 200.0, 300.0]);
    assert!(numeric(&d, "area")[1].is_nan());
    assert_eq!(texts(&d, "road"), [Some("yes".into()), Some("no".into()), Some("yes".into())]);
    assert_eq!(d.schema.column("area").unwrap().kind, ColumnKind::Numeric { integer: true });
    assert_eq!(d.schema.column("ratio").unwrap().kind, ColumnKind::Numeric { integer: false });
    assert_eq!(
        d.schema.column("road").unwrap().kind,
        ColumnKind::Categorical { levels: vec!["no".into(), "yes".into()] }
    );
    assert_eq!(d.report.missing_cells, 2);
}

#[test]
fn canonicalisation_is_configurable_and_recorded() {
    let opts = ReadOptions { canonicalisation: Canonicalisation::verbatim(), ..ReadOptions::named("x.csv") };
    let d = read_csv(b"price,road\n1, Yes\n2,yes\n", &opts).unwrap();
    assert_eq!(texts(&d, "road"), [Some(" Yes".into()), Some("yes".into())]);
    assert_eq!(d.schema.canonicalisation, Canonicalisation::verbatim());
}

#[test]
fn bom_and_crlf_are_handled() {
    let d = read("\u{feff}price,road\r\n1,yes\r\n2,no\r\n").unwrap();
    assert_eq!(d.table.names().collect::<Vec<_>>(), ["price", "road"]);
    assert!(d.report.had_bom);
    assert_eq!(d.report.line_ending, LineEnding::CrLf);
    assert_eq!(texts(&d, "road")[1], Some("no".into()));
}

#[test]
fn semicolon_files_are_detected() {
    let d = read("price;note\n1;\"a;b\"\n2;c\n").unwrap();
    assert_eq!(d.report.delimiter, ';');
    assert_eq!(texts(&d, "note")[0], Some("a;b".into()));
}

#[test]
fn tab_files_are_detected() {
    let d = read("price\tarea\n1\t10\n2\t20\n").unwrap();
    assert_eq!(d.report.delimiter, '\t');
    assert_eq!(numeric(&d, "area"), [10.0, 20.0]);
}

#[test]
fn quoted_fields_may_hold_delimiters_quotes_and_newlines() {
    let d = read("price,note\n1,\"he said \"\"hi\"\", then\nleft\"\n2,plain\n").unwrap();
    assert_eq!(texts(&d, "note")[0], Some("he said \"hi\", then\nleft".into()));
    assert_eq!(d.table.n_rows(), 2);
}

#[test]
fn errors_after_a_quoted_newline_name_the_true_file_line() {
    let err = read("price,note\n1,\"two\nlines\"\n2,x,extra\n").unwrap_err();
    assert!(matches!(err, IngestError::Ragged { line: 4, expected: 2, found: 3, .. }), "{err}");
}

#[test]
fn empty_file_is_an_error() {
    assert_eq!(read(""), Err(IngestError::Empty { source_name: "houses.csv".into() }));
    assert!(matches!(read("\u{feff}\n  \n"), Err(IngestError::Empty { .. })));
}

#[test]
fn header_only_is_an_error() {
    let err = read("price,area\n").unwrap_err();
    assert_eq!(err, IngestError::HeaderOnly { source_name: "houses.csv".into() });
    assert_eq!(err.to_string(), "houses.csv: the file has a header row but no data rows");
}

#[test]
fn ragged_row_names_file_line_and_counts() {
    let err = read("price,area,road\n1,2,yes\n3,4\n").unwrap_err();
    assert_eq!(err.to_string(), "houses.csv: line 3: found 2 fields, expected 3 like the header");
}

#[test]
fn a_word_in_a_numeric_column_is_an_error_naming_row_column_and_value() {
    let mut text = String::from("price,area\n");
    for i in 0..40 {
        text.push_str(&format!("{},{}\n", i * 10 + 5, if i == 16 { "12O0" } else { "1200" }));
    }
    let err = read(&text).unwrap_err();
    assert!(
        matches!(&err, IngestError::NotANumber { line: 18, column, value, numeric: 39, present: 40, .. }
            if column == "area" && value == "12O0"),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.starts_with("houses.csv: line 18, column `area`: \"12O0\" is not a number"), "{msg}");
}

#[test]
fn a_column_of_mixed_words_and_numbers_is_categorical() {
    let d = read("price,size\n1,1\n2,large\n3,2\n4,small\n").unwrap();
    assert_eq!(
        d.schema.column("size").unwrap().kind,
        ColumnKind::Categorical { levels: vec!["1".into(), "2".into(), "large".into(), "small".into()] }
    );
}

#[test]
fn duplicate_header_names_are_an_error() {
    let err = read("price,area,area\n1,2,3\n").unwrap_err();
    assert_eq!(err.to_string(), "houses.csv: line 1: duplicate column name `area` (columns 2 and 3)");
}

#[test]
fn empty_header_name_is_an_error_unless_it_is_a_row_index() {
    let err = read("price,,road\n1,7,yes\n2,9,no\n").unwrap_err();
    assert_eq!(err, IngestError::EmptyHeader { source_name: "houses.csv".into(), position: 2 });
    let d = read(",price,road\n0,1,yes\n1,2,no\n").unwrap();
    assert_eq!(d.table.names().collect::<Vec<_>>(), ["price", "road"]);
    assert_eq!(d.report.dropped_columns[0].position, 1);
}

#[test]
fn pandas_and_id_index_columns_are_dropped_and_reported() {
    let d = read("Unnamed: 0,price,area\n0,10,5\n1,20,6\n2,30,7\n").unwrap();
    assert_eq!(d.table.names().collect::<Vec<_>>(), ["price", "area"]);
    assert!(d.report.notes[0].contains("`Unnamed: 0`"), "{:?}", d.report.notes);
    let d = read("id,price,area\n1,10,5\n2,20,6\n3,30,7\n").unwrap();
    assert_eq!(d.schema.features().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["area"]);
}

#[test]
fn non_utf8_bytes_name_offset_and_line() {
    let err = read_csv(b"price,road\n1,caf\xe9\n", &ReadOptions::named("latin1.csv")).unwrap_err();
    assert_eq!(
        err,
        IngestError::NotUtf8 { source_name: "latin1.csv".into(), line: 2, byte_offset: 16, byte: 0xe9 }
    );
    assert!(err.to_string().contains("latin1.csv: line 2: invalid UTF-8 at byte offset 16"));
}

#[test]
fn binary_files_are_not_csv() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let err = read_csv(png, &ReadOptions::named("photo.csv")).unwrap_err();
    assert_eq!(err.to_string(), "photo.csv: not a CSV table: it is a PNG image");
    let zip = b"PK\x03\x04\x14\0\0\0\x08\0";
    assert!(matches!(read_csv(zip, &ReadOptions::default()), Err(IngestError::NotCsv { .. })));
    assert!(matches!(read_csv(b"a,b\n1,\0\n", &ReadOptions::default()), Err(IngestError::NotCsv { .. })));
}

#[test]
fn prose_is_not_csv() {
    let err = read("It was a dark and stormy night\nThe end\n").unwrap_err();
    assert!(matches!(err, IngestError::NotCsv { .. }), "{err:?}");
    assert!(err.to_string().contains("single column"), "{err}");
}

#[test]
fn unclosed_quote_is_an_error_with_its_line() {
    let err = read("price,note\n1,ok\n2,\"never closed\n3,x\n").unwrap_err();
    assert!(matches!(err, IngestError::BadQuote { line: 3, .. }), "{err:?}");
}

#[test]
fn target_is_explicit_else_named_else_last_numeric() {
    let d = read("area,price,road\n1,2,yes\n").unwrap();
    assert_eq!((d.schema.target.as_str(), d.report.target_rule), ("price", TargetRule::NamedLikeTarget));
    let d = read("a,b,road\n1,2,yes\n").unwrap();
    assert_eq!((d.schema.target.as_str(), d.report.target_rule), ("b", TargetRule::LastNumeric));
    let opts = ReadOptions { target: Some("area".into()), ..ReadOptions::named("h.csv") };
    let d = read_csv(b"area,price\n1,2\n", &opts).unwrap();
    assert_eq!((d.schema.target.as_str(), d.report.target_rule), ("area", TargetRule::Explicit));
}

#[test]
fn bad_targets_are_errors() {
    let opts = ReadOptions { target: Some("cost".into()), ..ReadOptions::named("h.csv") };
    let err = read_csv(b"area,price\n1,2\n", &opts).unwrap_err();
    assert_eq!(err.to_string(), "h.csv: target column `cost` not found; columns are: area, price");
    let opts = ReadOptions { target: Some("road".into()), ..ReadOptions::named("h.csv") };
    assert!(matches!(read_csv(b"road,price\nyes,2\n", &opts), Err(IngestError::TargetNotNumeric { .. })));
    assert!(matches!(read("road,kind\nyes,a\n"), Err(IngestError::NoNumericColumn { .. })));
}

#[test]
fn same_bytes_give_identical_results() {
    let text = "price,road\n3,b\n1,a\n2,c\n";
    assert_eq!(read(text).unwrap(), read(text).unwrap());
}

#[test]
fn housing_data_has_545_rows_13_columns_and_price_target() {
    let Some(path) = hearth_testdata::shared_file(
        "housing_data_has_545_rows_13_columns_and_price_target",
        "HousingData.csv",
    ) else {
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    let d = read_csv(&bytes, &ReadOptions::named("HousingData.csv")).unwrap();
    assert_eq!((d.table.n_rows(), d.table.n_cols()), (545, 13));
    assert_eq!(d.schema.target, "price");
    let numeric: Vec<_> = d.schema.numeric_features().map(|c| c.name.as_str()).collect();
    assert_eq!(numeric, ["area", "bedrooms", "bathrooms", "stories", "parking"]);
    assert!(d.schema.numeric_features().all(|c| c.kind == ColumnKind::Numeric { integer: true }));
    assert_eq!(d.schema.categorical_features().count(), 7);
    assert_eq!(
        d.schema.column("furnishingstatus").unwrap().kind,
        ColumnKind::Categorical {
            levels: vec!["furnished".into(), "semi-furnished".into(), "unfurnished".into()]
        }
    );
    assert_eq!(d.report.missing_cells, 0);
    assert!(d.report.dropped_columns.is_empty());
    let back = read_csv(crate::data::write_csv(&d.table).as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(back.table, d.table);
}

/// Every split of the rows into parts (threads) must give the sequential read's answer, errors
/// included: compared through `Debug` so that NaN equals NaN.
fn same_in_every_split(text: &str) {
    let opts = ReadOptions::named("houses.csv");
    let one = format!("{:?}", read_csv_in_parts(text.as_bytes(), &opts, Parts { parts: 1, min_bytes: 1 }));
    for parts in 2..=7 {
        let split = read_csv_in_parts(text.as_bytes(), &opts, Parts { parts, min_bytes: 1 });
        assert_eq!(format!("{split:?}"), one, "{parts} parts of {text:?}");
    }
    profile_is_the_tables_in_every_split(text.as_bytes(), &opts);
}

/// What an import records, the long way: the table, then its profile.
fn profiled_the_long_way(bytes: &[u8], opts: &ReadOptions) -> Result<ProfiledCsv, IngestError> {
    let Dataset { table, schema, report } = read_csv_in_parts(bytes, opts, Parts { parts: 1, min_bytes: 1 })?;
    Ok(ProfiledCsv { schema, report, profile: crate::data::profile_table(&table) })
}

/// The counting read must give exactly the schema, report and profile of the table read, or exactly
/// its error, however the rows are split. Compared through `Debug`, which prints every f64 exactly
/// (shortest round-trip), so a single differing bit fails.
fn profile_is_the_tables_in_every_split(bytes: &[u8], opts: &ReadOptions) {
    let expected = format!("{:?}", profiled_the_long_way(bytes, opts));
    for parts in 1..=7 {
        let got = read_csv_profile_in_parts(bytes, opts, Parts { parts, min_bytes: 1 });
        assert_eq!(format!("{got:?}"), expected, "{parts} parts of {:?}", String::from_utf8_lossy(bytes));
    }
    assert_eq!(format!("{:?}", read_csv_profile(bytes, opts)), expected);
}

#[test]
fn the_import_profile_equals_the_table_profile_on_every_kind_of_input() {
    let many_levels: String = (0..200).map(|i| format!("{},lvl{}\n", i % 13, (i * 7) % 40)).collect();
    let late_words: String = (0..100)
        .map(|i| format!("{},{}\n", i, if i < 80 { i.to_string() } else { format!("w{}", i % 3) }))
        .collect();
    let cases: Vec<(String, ReadOptions)> = vec![
        ("\u{feff}price,road\r\n1,Yes\r\n2, no \r\n3,\r\n".into(), ReadOptions::default()),
        ("price,note\n1,\"a, \"\"quoted\"\"\nline\"\n2,\"b\"\n\n3,NA\n".into(), ReadOptions::default()),
        ("a;b;price\n1;x;2\n3;y;4\n".into(), ReadOptions::default()),
        ("a\tprice\r1\t2\r3\t4".into(), ReadOptions::default()),
        (format!("price,level\n{many_levels}"), ReadOptions::default()),
        (format!("price,size\n{late_words}"), ReadOptions::default()),
        (",price,area\n0,5,1.5\n1,6,NA\n2,7,2.25\n".into(), ReadOptions::default()),
        ("id,price,empty\n1,5,\n2,6,NA\n".into(), ReadOptions::default()),
        (
            "x,y,road\n1,2,a\n3,4,b\n".into(),
            ReadOptions { target: Some("x".into()), ..ReadOptions::default() },
        ),
        (
            "x,road\n1,A\n2,b\n".into(),
            ReadOptions { canonicalisation: Canonicalisation::verbatim(), ..ReadOptions::default() },
        ),
        // Errors: each must be the same error, same line and column.
        ("x,road\n1,a\n2,b\n".into(), ReadOptions { target: Some("road".into()), ..ReadOptions::default() }),
        ("x,road\n1,a\n".into(), ReadOptions { target: Some("nope".into()), ..ReadOptions::default() }),
        ("a,b\nx,y\n".into(), ReadOptions::default()),
        ("price,a\n1,2\n3\n".into(), ReadOptions::default()),
        ("price,a\n1,\"open\n2,3\n".into(), ReadOptions::default()),
        ("price,a\n1,\"x\"y\n".into(), ReadOptions::default()),
        (format!("price,a\n{}9,7 kg\n", "1,2\n".repeat(40)), ReadOptions::default()),
        ("price,price\n1,2\n".into(), ReadOptions::default()),
        ("price,\n1,2\n".into(), ReadOptions::default()),
        ("price,a\n".into(), ReadOptions::default()),
        ("\u{feff}  \n".into(), ReadOptions::default()),
        ("just words\n".into(), ReadOptions::default()),
    ];
    for (text, opts) in &cases {
        profile_is_the_tables_in_every_split(text.as_bytes(), opts);
    }
    profile_is_the_tables_in_every_split(b"price,a\n1,\xff\n", &ReadOptions::default());
    profile_is_the_tables_in_every_split(b"price,a\n1,\x002\n", &ReadOptions::default());
    profile_is_the_tables_in_every_split(b"PK\x03\x04rest", &ReadOptions::default());
}

#[test]
fn the_import_profile_equals_the_table_profile_on_housing_data() {
    let Some(path) = hearth_testdata::shared_file(
        "the_import_profile_equals_the_table_profile_on_housing_data",
        "HousingData.csv",
    ) else {
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    profile_is_the_tables_in_every_split(&bytes, &ReadOptions::named("HousingData.csv"));
}

#[test]
fn reading_in_parts_gives_the_sequential_result_on_generated_houses() {
    let table = crate::data::sample::generate(300, 7, crate::data::sample::Scenario::Baseline);
    let text = crate::data::write_csv(&table);
    same_in_every_split(&text);
    same_in_every_split(&text.replace('\n', "\r\n"));
}

#[test]
fn reading_in_parts_keeps_type_switches_missing_values_and_blank_lines_exact() {
    // `a` turns to text late, `b` is text early then numbers, `c` has missing cells and blank lines.
    let mut text = String::from("id,a,b,c,price\n");
    for i in 0..60 {
        let a = if i == 50 {
            "big".to_string()
        } else if i > 50 {
            "small".into()
        } else {
            i.to_string()
        };
        let b = if i < 3 { format!("W{i}") } else { (i % 4).to_string() };
        let c = if i % 7 == 0 { "NA".to_string() } else { format!(" Yes{} ", i % 3) };
        text.push_str(&format!("{i},{a},{b},{c},{}\n", 100 + i));
        if i % 11 == 0 {
            text.push('\n');
        }
    }
    same_in_every_split(&text);
}

#[test]
fn reading_in_parts_reports_the_first_error_in_file_order() {
    let mut rows: Vec<String> = (0..80).map(|i| format!("{i},{}", i * 2)).collect();
    let ragged = {
        let mut r = rows.clone();
        r[70] = "1,2,3".into();
        r[75] = "9".into();
        format!("x,price\n{}\n", r.join("\n"))
    };
    same_in_every_split(&ragged);
    assert!(matches!(read(&ragged), Err(IngestError::Ragged { line: 72, .. })));
    rows[66] = "7 kg,1".into();
    let not_a_number = format!("x,price\n{}\n", rows.join("\n"));
    same_in_every_split(&not_a_number);
    assert!(matches!(read(&not_a_number), Err(IngestError::NotANumber { line: 68, .. })));
}

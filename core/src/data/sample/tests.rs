//! Specifications of the sample generator. Real-data shares and ranges come from HousingData.csv
//! (pandas 3.1.1: `value_counts(normalize=True)`, `describe()`).

use super::*;
use crate::data::{profile_table, read_csv, write_csv, ColumnKind, ColumnStats, ReadOptions};

fn numbers(t: &Table, name: &str) -> Vec<f64> {
    match &t.column(name).unwrap().data {
        ColumnData::Numeric(n) => n.values.clone(),
        _ => panic!("{name} is not numeric"),
    }
}

fn yes_share(t: &Table, name: &str) -> f64 {
    match &t.column(name).unwrap().data {
        ColumnData::Categorical(c) => {
            c.codes.iter().filter(|&&k| k == Some(1)).count() as f64 / c.codes.len() as f64
        }
        _ => panic!("{name} is not categorical"),
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// In-sample R² of ordinary least squares of price on all features (one-hot, first level dropped),
/// solved by Gaussian elimination on the normal equations: what sklearn's LinearRegression reports.
fn linear_r2(t: &Table) -> f64 {
    let y = numbers(t, "price");
    let mut design: Vec<Vec<f64>> = vec![vec![1.0; t.n_rows()]];
    for c in t.columns().iter().filter(|c| c.name != "price") {
        match &c.data {
            ColumnData::Numeric(n) => design.push(n.values.clone()),
            ColumnData::Categorical(k) => {
                for level in 1..k.levels.len() as u32 {
                    design.push(k.codes.iter().map(|&x| f64::from(u8::from(x == Some(level)))).collect());
                }
            }
        }
    }
    let p = design.len();
    let mut a: Vec<Vec<f64>> = (0..p)
        .map(|i| {
            let mut row: Vec<f64> =
                (0..p).map(|j| design[i].iter().zip(&design[j]).map(|(x, z)| x * z).sum()).collect();
            row.push(design[i].iter().zip(&y).map(|(x, z)| x * z).sum());
            row
        })
        .collect();
    for col in 0..p {
        let pivot = (col..p).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap();
        a.swap(col, pivot);
        for r in 0..p {
            if r != col {
                let f = a[r][col] / a[col][col];
                let pivot_row = a[col].clone();
                a[r].iter_mut().zip(&pivot_row).for_each(|(x, pv)| *x -= f * pv);
            }
        }
    }
    let beta: Vec<f64> = (0..p).map(|i| a[i][p] / a[i][i]).collect();
    let y_mean = mean(&y);
    let (mut ss_res, mut ss_tot) = (0.0, 0.0);
    for (row, &target) in y.iter().enumerate() {
        let fit: f64 = (0..p).map(|j| beta[j] * design[j][row]).sum();
        ss_res += (target - fit) * (target - fit);
        ss_tot += (target - y_mean) * (target - y_mean);
    }
    1.0 - ss_res / ss_tot
}

#[test]
fn has_the_13_housing_columns_with_their_types_and_levels() {
    let t = generate(2000, 42, Scenario::Baseline);
    assert_eq!(t.names().collect::<Vec<_>>(), COLUMNS);
    let d = read_csv(write_csv(&t).as_bytes(), &ReadOptions::named("sample.csv")).unwrap();
    assert_eq!(d.table, t, "generated table survives CSV export and re-import unchanged");
    assert_eq!(d.schema.target, "price");
    let numeric: Vec<_> = d.schema.numeric_features().map(|c| c.name.as_str()).collect();
    assert_eq!(numeric, ["area", "bedrooms", "bathrooms", "stories", "parking"]);
    assert!(d.schema.numeric_features().all(|c| c.kind == ColumnKind::Numeric { integer: true }));
    assert_eq!(d.schema.categorical_features().count(), 7);
}

#[test]
fn baseline_values_stay_in_the_real_ranges() {
    let t = generate(20_000, 1, Scenario::Baseline);
    let p = profile_table(&t);
    let range = |name: &str| match &p.column(name).unwrap().stats {
        ColumnStats::Numeric { summary: Some(s) } => (s.min, s.max),
        _ => unreachable!(),
    };
    let within = |name, lo, hi| {
        let (min, max) = range(name);
        assert!(min >= lo && max <= hi, "{name}: {min}..{max} not within {lo}..{hi}");
    };
    within("price", 1_750_000.0, 13_300_000.0);
    within("area", 1650.0, 16200.0);
    assert_eq!(range("bedrooms"), (1.0, 6.0));
    assert_eq!(range("bathrooms"), (1.0, 4.0));
    assert_eq!(range("stories"), (1.0, 4.0));
    assert_eq!(range("parking"), (0.0, 3.0));
}

#[test]
fn baseline_resembles_housing_data() {
    let t = generate(20_000, 2, Scenario::Baseline);
    let near = |got: f64, want: f64, tol: f64, what: &str| {
        assert!((got - want).abs() <= tol, "{what}: {got} vs real {want}");
    };
    near(mean(&numbers(&t, "price")), 4_766_729.0, 350_000.0, "mean price");
    let prices = numbers(&t, "price");
    let m = mean(&prices);
    let sd = (prices.iter().map(|p| (p - m).powi(2)).sum::<f64>() / prices.len() as f64).sqrt();
    near(sd, 1_870_440.0, 200_000.0, "price sd");
    near(mean(&numbers(&t, "area")), 5150.5, 300.0, "mean area");
    near(mean(&numbers(&t, "bedrooms")), 2.965, 0.05, "mean bedrooms");
    near(mean(&numbers(&t, "parking")), 0.694, 0.05, "mean parking");
    near(yes_share(&t, "mainroad"), 0.8587, 0.02, "mainroad share");
    near(yes_share(&t, "airconditioning"), 0.3156, 0.02, "airconditioning share");
    near(yes_share(&t, "hotwaterheating"), 0.0459, 0.01, "hotwaterheating share");
}

#[test]
fn a_linear_model_explains_about_two_thirds_like_on_the_real_data() {
    // sklearn LinearRegression on HousingData.csv: in-sample R² 0.682.
    let r2 = linear_r2(&generate(5000, 3, Scenario::Baseline));
    assert!((0.6..=0.72).contains(&r2), "R² {r2}");
}

#[test]
fn same_seed_same_bytes_other_seed_other_data() {
    let a = write_csv(&generate(500, 42, Scenario::Baseline));
    assert_eq!(a, write_csv(&generate(500, 42, Scenario::Baseline)));
    assert_ne!(a, write_csv(&generate(500, 43, Scenario::Baseline)));
}

#[test]
fn price_shift_raises_prices_12_percent_on_the_same_houses() {
    let base = generate(3000, 9, Scenario::Baseline);
    let shifted = generate(3000, 9, Scenario::PriceShift);
    assert_eq!(numbers(&base, "area"), numbers(&shifted, "area"));
    let ratio = mean(&numbers(&shifted, "price")) / mean(&numbers(&base, "price"));
    assert!((ratio - 1.12).abs() < 0.001, "{ratio}");
}

#[test]
fn larger_areas_and_more_aircon_move_their_columns_and_prices() {
    let base = generate(5000, 5, Scenario::Baseline);
    let larger = generate(5000, 5, Scenario::LargerAreas);
    let area_ratio = mean(&numbers(&larger, "area")) / mean(&numbers(&base, "area"));
    assert!((area_ratio - 1.25).abs() < 0.01, "{area_ratio}");
    assert!(mean(&numbers(&larger, "price")) > mean(&numbers(&base, "price")));
    let aircon = generate(5000, 5, Scenario::MoreAircon);
    assert!((yes_share(&aircon, "airconditioning") - 0.65).abs() < 0.02);
    assert!(mean(&numbers(&aircon, "price")) > mean(&numbers(&base, "price")));
}

#[test]
fn scenarios_parse_by_name_and_unknown_names_list_the_valid_ones() {
    for s in Scenario::ALL {
        assert_eq!(Scenario::from_name(s.name()), Ok(s));
        assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.name()));
    }
    assert_eq!("Price_Shift".parse::<Scenario>(), Ok(Scenario::PriceShift));
    let err = Scenario::from_name("bigger").unwrap_err().to_string();
    assert_eq!(
        err,
        "unknown scenario `bigger`; valid scenarios: baseline, price-shift, larger-areas, more-aircon"
    );
}

#[test]
fn zero_rows_is_an_empty_table_with_all_columns() {
    let t = generate(0, 1, Scenario::Baseline);
    assert_eq!((t.n_rows(), t.n_cols()), (0, 13));
}

#[test]
fn normal_quantile_inverts_the_normal_cdf() {
    // scipy.stats.norm.ppf (scipy 1.17.1): ppf(0.975) = 1.959963984540054, ppf(0.5) = 0.
    assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-12);
    assert!(normal_quantile(0.5).abs() < 1e-12);
    assert_eq!(Ordinal::new((1.0, [0.5, 0.5])).value(-0.1), 1.0);
    assert_eq!(Ordinal::new((1.0, [0.5, 0.5])).value(0.1), 2.0);
}

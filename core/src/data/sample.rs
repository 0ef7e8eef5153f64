//! The built-in default dataset: a seeded, realistic house-price table with the 13 columns, types,
//! level sets and value ranges of `HousingData.csv`, any number of rows, plus named drift
//! scenarios for demonstrating monitoring and retraining.
//!
//! How rows are made (all constants fitted on `HousingData.csv`, 545 rows, with pandas/sklearn):
//! - a latent house size `s ~ N(0,1)` gives `area = exp(8.4665 + 0.3983 s)` rounded to 10 and kept in
//!   1650–16200 (the real log-area mean and sd);
//! - `bedrooms`, `bathrooms`, `stories`, `parking` follow the real frequencies, drawn through a
//!   Gaussian copula so they correlate like the real ones (rooms with each other, parking with area);
//! - the yes/no columns and `furnishingstatus` follow the real shares;
//! - `ln price` is the real log-log regression (R² 0.71) plus normal noise, rounded to 1000 and kept
//!   in 1.75 M–13.3 M, so a linear model on the generated data reaches R² ≈ 0.6–0.7 like the real one.
//!
//! Every row consumes the same number of random draws whatever the scenario, so two scenarios with
//! one seed give the same houses, differing only where the scenario says.

use serde::{Deserialize, Serialize};

use super::{CategoricalColumn, Column, ColumnData, NumericColumn, SeededRng, Table};

/// A named way the generated data differs from the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Like `HousingData.csv`.
    Baseline,
    /// Same houses, prices +12 % (the original's data-v1.1.0 drift).
    PriceShift,
    /// Areas ×1.25 (up to 20 250), prices follow through the model.
    LargerAreas,
    /// Air-conditioning in 65 % of houses instead of 32 %, prices follow.
    MoreAircon,
}

/// A scenario name that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown scenario `{0}`; valid scenarios: baseline, price-shift, larger-areas, more-aircon")]
pub struct UnknownScenario(pub String);

impl Scenario {
    /// Every scenario, baseline first.
    pub const ALL: [Scenario; 4] =
        [Scenario::Baseline, Scenario::PriceShift, Scenario::LargerAreas, Scenario::MoreAircon];

    /// The scenario's name as typed on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Baseline => "baseline",
            Scenario::PriceShift => "price-shift",
            Scenario::LargerAreas => "larger-areas",
            Scenario::MoreAircon => "more-aircon",
        }
    }

    /// One sentence for help texts.
    pub fn description(self) -> &'static str {
        match self {
            Scenario::Baseline => "like HousingData.csv",
            Scenario::PriceShift => "same houses, prices +12%",
            Scenario::LargerAreas => "areas x1.25, prices follow",
            Scenario::MoreAircon => "air-conditioning in 65% of houses instead of 32%, prices follow",
        }
    }

    /// Parses a name (case-insensitive, `_` accepted for `-`).
    pub fn from_name(name: &str) -> Result<Scenario, UnknownScenario> {
        let wanted = name.trim().to_lowercase().replace('_', "-");
        Scenario::ALL
            .into_iter()
            .find(|s| s.name() == wanted)
            .ok_or_else(|| UnknownScenario(name.to_string()))
    }

    fn area_factor(self) -> f64 {
        if self == Scenario::LargerAreas {
            1.25
        } else {
            1.0
        }
    }

    fn aircon_share(self) -> f64 {
        if self == Scenario::MoreAircon {
            0.65
        } else {
            AIRCON_SHARE
        }
    }

    fn price_factor(self) -> f64 {
        if self == Scenario::PriceShift {
            1.12
        } else {
            1.0
        }
    }
}

impl std::str::FromStr for Scenario {
    type Err = UnknownScenario;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scenario::from_name(s)
    }
}

impl std::fmt::Display for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Column names in `HousingData.csv` order.
pub const COLUMNS: [&str; 13] = [
    "price",
    "area",
    "bedrooms",
    "bathrooms",
    "stories",
    "mainroad",
    "guestroom",
    "basement",
    "hotwaterheating",
    "airconditioning",
    "parking",
    "prefarea",
    "furnishingstatus",
];

/// Real frequencies of 1..=6 bedrooms, 1..=4 bathrooms, 1..=4 stories, 0..=3 parking places.
const BEDROOMS: (f64, [f64; 6]) = (1.0, [0.0037, 0.2495, 0.5505, 0.1743, 0.0183, 0.0037]);
const BATHROOMS: (f64, [f64; 4]) = (1.0, [0.7358, 0.2440, 0.0183, 0.0019]);
const STORIES: (f64, [f64; 4]) = (1.0, [0.4165, 0.4367, 0.0716, 0.0752]);
const PARKING: (f64, [f64; 4]) = (0.0, [0.5486, 0.2312, 0.1982, 0.0220]);
/// Real "yes" shares of mainroad, guestroom, basement, hotwaterheating, prefarea.
const MAINROAD: f64 = 0.8587;
const GUESTROOM: f64 = 0.1780;
const BASEMENT: f64 = 0.3505;
const HOTWATER: f64 = 0.0459;
const AIRCON_SHARE: f64 = 0.3156;
const PREFAREA: f64 = 0.2349;
/// Real shares of furnished, semi-furnished (rest: unfurnished).
const FURNISHED: f64 = 0.2569;
const SEMI_FURNISHED: f64 = 0.4165;
/// Log-log regression of price on the features (intercept, ln area, bedrooms, bathrooms, stories,
/// parking, mainroad, guestroom, basement, hotwaterheating, airconditioning, prefarea,
/// semi-furnished, unfurnished), fitted on HousingData.csv with sklearn LinearRegression.
const LOG_PRICE: [f64; 14] = [
    12.1223, 0.297, 0.0298, 0.161, 0.0895, 0.0418, 0.097, 0.0542, 0.0943, 0.1643, 0.163, 0.1311, 0.012,
    -0.114,
];
/// Noise sd on the log scale, below the real residual sd (0.204) because the generated features are
/// less inter-correlated than the real ones; chosen so linear R² lands at 0.64–0.69 like the real data.
const LOG_PRICE_NOISE: f64 = 0.17;
/// Mean of the feature effect (everything but the intercept) under the baseline shares.
const LOG_EFFECT_CENTRE: f64 = 3.184;
/// Widens effect and noise around their centre so the price spread matches the real sd (1.87 M),
/// which the less-correlated generated features would otherwise understate.
const LOG_SPREAD: f64 = 1.25;

/// Generates `rows` houses from `seed` under `scenario`.
pub fn generate(rows: usize, seed: u64, scenario: Scenario) -> Table {
    let mut rng = SeededRng::new(seed);
    let (bedroom_dist, bathroom_dist) = (Ordinal::new(BEDROOMS), Ordinal::new(BATHROOMS));
    let (story_dist, parking_dist) = (Ordinal::new(STORIES), Ordinal::new(PARKING));
    let mut num: [Vec<f64>; 6] = std::array::from_fn(|_| Vec::with_capacity(rows));
    let mut yes_no: [Vec<Option<u32>>; 6] = std::array::from_fn(|_| Vec::with_capacity(rows));
    let mut furnishing = Vec::with_capacity(rows);
    let (area_factor, aircon_share, price_factor) =
        (scenario.area_factor(), scenario.aircon_share(), scenario.price_factor());
    for _ in 0..rows {
        let size = rng.normal();
        let rooms = 0.25 * size + 0.968 * rng.normal();
        let area = (libm::exp(8.4665 + 0.3983 * size) / 10.0).round() * 10.0;
        let area = (area.clamp(1650.0, 16200.0) * area_factor / 10.0).round() * 10.0;
        let bedrooms = bedroom_dist.value(rooms);
        let bathrooms = bathroom_dist.value(0.45 * rooms + 0.893 * rng.normal());
        let stories = story_dist.value(0.45 * rooms + 0.893 * rng.normal());
        let parking = parking_dist.value(0.4 * size + 0.917 * rng.normal());
        let flags = [
            rng.chance(MAINROAD),
            rng.chance(GUESTROOM),
            rng.chance(BASEMENT),
            rng.chance(HOTWATER),
            rng.chance(aircon_share),
            rng.chance(PREFAREA),
        ];
        let u = rng.unit();
        let furnish = if u < FURNISHED {
            0
        } else if u < FURNISHED + SEMI_FURNISHED {
            1
        } else {
            2
        };
        let c = &LOG_PRICE;
        let mut effect = c[1] * libm::log(area)
            + c[2] * bedrooms
            + c[3] * bathrooms
            + c[4] * stories
            + c[5] * parking
            + LOG_PRICE_NOISE * rng.normal().clamp(-3.0, 3.0);
        for (flag, coef) in flags.iter().zip(&c[6..12]) {
            effect += if *flag { *coef } else { 0.0 };
        }
        effect += [0.0, c[12], c[13]][furnish];
        let log_price = c[0] + LOG_EFFECT_CENTRE + LOG_SPREAD * (effect - LOG_EFFECT_CENTRE);
        let price = libm::exp(log_price).clamp(1_750_000.0, 13_300_000.0) * price_factor;
        let price = (price / 1000.0).round() * 1000.0;
        for (col, v) in num.iter_mut().zip([price, area, bedrooms, bathrooms, stories, parking]) {
            col.push(v);
        }
        for (col, flag) in yes_no.iter_mut().zip(flags) {
            col.push(Some(u32::from(flag)));
        }
        furnishing.push(Some(furnish as u32));
    }
    assemble(num, yes_no, furnishing)
}

/// A discrete column drawn through a Gaussian copula: value `first + k` where `k` counts the
/// normal-quantile thresholds of the cumulative frequencies lying below the latent draw.
struct Ordinal<const N: usize> {
    first: f64,
    thresholds: [f64; N],
}

impl<const N: usize> Ordinal<N> {
    /// Thresholds `Φ⁻¹(cumulative frequency)`, found once by bisection on `libm::erfc`, so the
    /// per-row work is a few comparisons and results are identical on every target.
    fn new((first, freqs): (f64, [f64; N])) -> Self {
        let mut cumulative = 0.0;
        let thresholds = freqs.map(|f| {
            cumulative += f;
            normal_quantile(cumulative)
        });
        Ordinal { first, thresholds }
    }

    fn value(&self, latent: f64) -> f64 {
        let below = self.thresholds[..N - 1].iter().filter(|&&t| t <= latent).count();
        self.first + below as f64
    }
}

/// Inverse of the standard normal CDF by bisection (60 halvings of [-10, 10]: exact to the ulp).
fn normal_quantile(p: f64) -> f64 {
    let cdf = |x: f64| 0.5 * libm::erfc(-x / std::f64::consts::SQRT_2);
    let (mut lo, mut hi) = (-10.0, 10.0);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

fn assemble(num: [Vec<f64>; 6], yes_no: [Vec<Option<u32>>; 6], furnishing: Vec<Option<u32>>) -> Table {
    let [price, area, bedrooms, bathrooms, stories, parking] = num;
    let [mainroad, guestroom, basement, hotwater, aircon, prefarea] = yes_no;
    let numeric = |values| ColumnData::Numeric(NumericColumn { values, integer: true });
    let yes_no =
        |codes| ColumnData::Categorical(CategoricalColumn { codes, levels: vec!["no".into(), "yes".into()] });
    let data = [
        numeric(price),
        numeric(area),
        numeric(bedrooms),
        numeric(bathrooms),
        numeric(stories),
        yes_no(mainroad),
        yes_no(guestroom),
        yes_no(basement),
        yes_no(hotwater),
        yes_no(aircon),
        numeric(parking),
        yes_no(prefarea),
        ColumnData::Categorical(CategoricalColumn {
            codes: furnishing,
            levels: vec!["furnished".into(), "semi-furnished".into(), "unfurnished".into()],
        }),
    ];
    let columns =
        COLUMNS.iter().zip(data).map(|(name, data)| Column { name: name.to_string(), data }).collect();
    Table::new(columns).expect("generator builds 13 distinct, equally long columns with valid codes")
}

#[cfg(test)]
mod tests;

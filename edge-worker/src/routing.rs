//! Canary routing: which variant answers a prediction request. Without a route key each request
//! draws from the Workers crypto RNG (`crypto.getRandomValues`), so over many requests the canary
//! answers its share; with header [`ROUTE_KEY_HEADER`] the draw is a hash of the key instead, so a
//! caller that sends the same key always reaches the same variant (sticky sessions, reproducible
//! tests).

use std::cell::Cell;

use hearth_core::registry::canonical::sha256_hex;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::share::Share;

pub use hearth_core::serve::{ROUTE_KEY_HEADER, VARIANT_HEADER};

/// Which of the deployment's models answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The deployment's primary bundle.
    Primary,
    /// Its canary.
    Canary,
}

impl Variant {
    /// Value of [`VARIANT_HEADER`].
    pub fn name(self) -> &'static str {
        match self {
            Variant::Primary => "primary",
            Variant::Canary => "canary",
        }
    }
}

#[wasm_bindgen]
extern "C" {
    /// The Web Crypto RNG of the Workers runtime.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &mut [u8]);
}

/// The variant for one request given the canary's `share` and the request's route key, if any.
pub fn choose(share: Share, route_key: Option<&str>) -> Variant {
    let draw = match route_key {
        Some(key) => keyed_draw(key),
        None => random_draw(),
    };
    if draw < share.get() {
        Variant::Canary
    } else {
        Variant::Primary
    }
}

/// A number in [0, 1) fixed by `key`: the first 53 bits of its SHA-256.
pub fn keyed_draw(key: &str) -> f64 {
    let hex = sha256_hex(key.as_bytes());
    let bits = u64::from_str_radix(&hex[..16], 16).expect("sha256_hex writes hex digits");
    unit(bits)
}

fn random_draw() -> f64 {
    unit(random_u64())
}

/// 64 bits from the Workers crypto RNG.
pub fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    get_random_values(&mut bytes);
    u64::from_le_bytes(bytes)
}

thread_local! {
    /// State of [`fast_draw`]'s SplitMix64 generator, seeded from the crypto RNG on first use.
    static SPLITMIX: Cell<Option<u64>> = const { Cell::new(None) };
}

/// A uniform number in [0, 1) from the isolate's SplitMix64 generator (seeded once from the crypto
/// RNG): for decisions taken on every request that need no secrecy, such as traffic sampling, where
/// a call into JavaScript per request would cost more than the decision is worth.
pub fn fast_draw() -> f64 {
    SPLITMIX.with(|state| {
        let current = state.get().unwrap_or_else(random_u64);
        let (next, bits) = splitmix64(current);
        state.set(Some(next));
        unit(bits)
    })
}

/// One SplitMix64 step: the next state and its output.
fn splitmix64(state: u64) -> (u64, u64) {
    let next = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = next;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (next, z ^ (z >> 31))
}

/// The top 53 bits of `bits` as a uniform number in [0, 1).
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_draws_are_fixed_uniform_and_follow_the_share() {
        assert_eq!(keyed_draw("user-1"), keyed_draw("user-1"));
        let share = Share::try_from(0.3).unwrap();
        let canary = (0..10_000).filter(|i| choose(share, Some(&format!("k{i}"))) == Variant::Canary).count();
        assert!((2_800..=3_200).contains(&canary), "{canary}");
        assert!((0..1000).map(|i| keyed_draw(&i.to_string())).all(|d| (0.0..1.0).contains(&d)));
        assert_eq!(unit(0), 0.0);
        assert!(unit(u64::MAX) < 1.0);
    }

    #[test]
    fn splitmix_is_the_reference_sequence_and_roughly_uniform() {
        // Vigna's reference: seed 1234567 gives 6457827717110365317 then 3203168211198807973.
        let (s, a) = splitmix64(1_234_567);
        let (_, b) = splitmix64(s);
        assert_eq!((a, b), (6_457_827_717_110_365_317, 3_203_168_211_198_807_973));
        let mut state = 42;
        let below = (0..10_000)
            .filter(|_| {
                let (next, bits) = splitmix64(state);
                state = next;
                unit(bits) < 0.1
            })
            .count();
        assert!((900..=1_100).contains(&below), "{below}");
    }
}

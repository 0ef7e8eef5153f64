//! Recognises number text. Decimal only (`12`, `-3.5`, `.5`, `1e6`); `inf`, hex and thousands
//! separators are not numbers here, so such columns stay text or raise a clear error.

/// A parsed number and whether it came from integer text that `f64` holds exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Number {
    pub value: f64,
    pub integer: bool,
}

/// Integer text below 2^53 in magnitude is held exactly; at or above it, neighbours collide.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

/// Parses trimmed cell text as a decimal number; `None` when it is not one.
pub(super) fn parse_number(text: &str) -> Option<Number> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    // Fast exact path for short integers, the bulk of real tables.
    if !digits.is_empty() && digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) {
        let magnitude = digits.iter().fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0'));
        let value = magnitude as f64;
        return Some(Number { value: if negative { -value } else { value }, integer: true });
    }
    if !is_decimal_syntax(digits) {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    let integer = digits.iter().all(u8::is_ascii_digit) && value.abs() < EXACT_INTEGER_LIMIT;
    Some(Number { value, integer })
}

/// `digits [. digits] [e|E [sign] digits]` with at least one mantissa digit.
fn is_decimal_syntax(b: &[u8]) -> bool {
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(t: &str) -> Option<(f64, bool)> {
        parse_number(t).map(|n| (n.value, n.integer))
    }

    #[test]
    fn integers_are_exact_and_flagged() {
        assert_eq!(n("13300000"), Some((13_300_000.0, true)));
        assert_eq!(n("-7"), Some((-7.0, true)));
        assert_eq!(n("+0"), Some((0.0, true)));
        assert_eq!(n("9007199254740993"), Some((9007199254740992.0, false)));
        assert_eq!(n("1234567890123456"), Some((1234567890123456.0, true)));
    }

    #[test]
    fn decimals_and_exponents_are_real_numbers() {
        assert_eq!(n("3.25"), Some((3.25, false)));
        assert_eq!(n(".5"), Some((0.5, false)));
        assert_eq!(n("5."), Some((5.0, false)));
        assert_eq!(n("1e6"), Some((1e6, false)));
        assert_eq!(n("-2.5E-3"), Some((-0.0025, false)));
        assert_eq!(n("0.1"), Some((0.1, false)));
    }

    #[test]
    fn words_specials_and_separators_are_not_numbers() {
        for t in [
            "", "-", ".", "yes", "inf", "-inf", "infinity", "NaN", "0x10", "1,000", "1e", "1e999", "1.2.3",
            "12a",
        ] {
            assert_eq!(n(t), None, "{t:?}");
        }
    }
}

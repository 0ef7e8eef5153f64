//! Chooses the regression target when the user does not name one.
//!
//! Rule, first match wins:
//! 1. the column the user named (`ReadOptions::target`); it must exist and be numeric;
//! 2. the first numeric column named (case-insensitively) `target`, `label`, `y` or `price`, in that
//!    order of preference, then the first numeric column whose name ends in `price` (`SalePrice`);
//! 3. the last numeric column (the scikit-learn / UCI convention of putting the target last).

use serde::{Deserialize, Serialize};

use crate::data::{Column, ColumnData};

/// Names that say "I am the target", most explicit first.
const TARGET_NAMES: &[&str] = &["target", "label", "y", "price"];

/// How the target was chosen, so the import report can say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetRule {
    /// The user named it.
    Explicit,
    /// Its name says it is the target.
    NamedLikeTarget,
    /// It is the last numeric column.
    LastNumeric,
}

/// Why no target could be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TargetProblem {
    Unknown,
    NotNumeric,
    NoNumeric,
}

/// Applies the rule above to the final columns.
pub(super) fn choose_target(
    columns: &[Column],
    explicit: Option<&str>,
) -> Result<(String, TargetRule), TargetProblem> {
    let numeric = |c: &&Column| matches!(c.data, ColumnData::Numeric(_));
    if let Some(name) = explicit {
        let col = columns.iter().find(|c| c.name == name).ok_or(TargetProblem::Unknown)?;
        return if numeric(&col) {
            Ok((col.name.clone(), TargetRule::Explicit))
        } else {
            Err(TargetProblem::NotNumeric)
        };
    }
    let lower = |c: &Column| c.name.to_lowercase();
    let by_name = TARGET_NAMES
        .iter()
        .find_map(|t| columns.iter().filter(numeric).find(|c| lower(c) == *t))
        .or_else(|| columns.iter().filter(numeric).find(|c| lower(c).ends_with("price")));
    if let Some(col) = by_name {
        return Ok((col.name.clone(), TargetRule::NamedLikeTarget));
    }
    columns
        .iter()
        .rfind(numeric)
        .map(|c| (c.name.clone(), TargetRule::LastNumeric))
        .ok_or(TargetProblem::NoNumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CategoricalColumn, NumericColumn};

    fn num(name: &str) -> Column {
        Column {
            name: name.into(),
            data: ColumnData::Numeric(NumericColumn { values: vec![], integer: true }),
        }
    }
    fn cat(name: &str) -> Column {
        Column {
            name: name.into(),
            data: ColumnData::Categorical(CategoricalColumn { codes: vec![], levels: vec![] }),
        }
    }

    #[test]
    fn explicit_target_wins_and_must_be_numeric() {
        let cols = [num("price"), num("area"), cat("road")];
        assert_eq!(choose_target(&cols, Some("area")), Ok(("area".into(), TargetRule::Explicit)));
        assert_eq!(choose_target(&cols, Some("road")), Err(TargetProblem::NotNumeric));
        assert_eq!(choose_target(&cols, Some("nope")), Err(TargetProblem::Unknown));
    }

    #[test]
    fn a_target_like_name_beats_position() {
        let cols = [num("Price"), num("area")];
        assert_eq!(choose_target(&cols, None), Ok(("Price".into(), TargetRule::NamedLikeTarget)));
        let cols = [num("SalePrice"), num("y"), num("area")];
        assert_eq!(choose_target(&cols, None), Ok(("y".into(), TargetRule::NamedLikeTarget)));
        let cols = [num("SalePrice"), num("area")];
        assert_eq!(choose_target(&cols, None), Ok(("SalePrice".into(), TargetRule::NamedLikeTarget)));
    }

    #[test]
    fn otherwise_the_last_numeric_column() {
        let cols = [num("a"), num("b"), cat("label")];
        assert_eq!(choose_target(&cols, None), Ok(("b".into(), TargetRule::LastNumeric)));
        assert_eq!(choose_target(&[cat("x")], None), Err(TargetProblem::NoNumeric));
    }
}

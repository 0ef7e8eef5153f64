//! Builds one column while the file streams by, inferring its type on the way: numbers go straight
//! into `f64`s (no `String` per cell); the first non-number switches the column to interned text
//! codes. At the end the numeric-vs-error rule decides (see [`NUMERIC_SHARE`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::number::parse_number;
use crate::data::canonical::{short_eq, trim};
use crate::data::{Canonicalisation, CategoricalColumn, ColumnData, NumericColumn};

/// A column whose present values are at least this share numbers is numeric: its non-numbers are
/// errors (typos, stray units), not a reason to silently turn it into a categorical column.
pub const NUMERIC_SHARE: f64 = 0.95;

/// Why a column could not be finished.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ColumnProblem {
    /// Numeric column with a non-number at `line`.
    NotANumber { line: usize, value: String, numeric: u64, present: u64 },
    /// More distinct values than 32-bit codes hold.
    TooManyLevels,
}

/// Up to this many levels a linear scan beats hashing (yes/no columns and the like).
const LINEAR_LEVELS: usize = 16;

/// What a builder keeps of a categorical column's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// Every row's code: the column of a table.
    Codes,
    /// Only how often each level occurs and how many cells are missing: all a profile needs, at a
    /// few bytes per level instead of eight per row.
    Counts,
}

/// Interned categorical codes (or their counts) for rows `from_row..`.
struct TextCodes {
    from_row: usize,
    keep: Keep,
    /// Per-row codes ([`Keep::Codes`]).
    codes: Vec<Option<u32>>,
    /// Rows per code and missing rows ([`Keep::Counts`]).
    counts: Vec<u64>,
    missing: u64,
    /// Level → code, filled only once there are more than [`LINEAR_LEVELS`] levels.
    lookup: HashMap<String, u32, BuildHasherDefault<FxHasher>>,
    levels: Vec<String>,
}

impl TextCodes {
    fn new(from_row: usize, keep: Keep) -> Self {
        TextCodes {
            from_row,
            keep,
            codes: Vec::new(),
            counts: Vec::new(),
            missing: 0,
            lookup: HashMap::default(),
            levels: Vec::new(),
        }
    }

    /// Records the next row's code (`None` = missing).
    fn record(&mut self, code: Option<u32>) {
        match (self.keep, code) {
            (Keep::Codes, code) => self.codes.push(code),
            (Keep::Counts, None) => self.missing += 1,
            (Keep::Counts, Some(c)) => {
                let c = c as usize;
                if c >= self.counts.len() {
                    self.counts.resize(self.levels.len(), 0);
                }
                self.counts[c] += 1;
            }
        }
    }

    /// Appends the rows another part read (after this one's), its codes renumbered by `remap`.
    fn extend(&mut self, theirs: TextCodes, remap: &[u32]) {
        match self.keep {
            Keep::Codes => self.codes.extend(theirs.codes.iter().map(|c| c.map(|c| remap[c as usize]))),
            Keep::Counts => {
                self.counts.resize(self.levels.len(), 0);
                for (old, n) in theirs.counts.iter().enumerate() {
                    self.counts[remap[old] as usize] += n;
                }
                self.missing += theirs.missing;
            }
        }
    }

    fn code(&mut self, canonical: Cow<'_, str>) -> Result<u32, ColumnProblem> {
        let key = canonical.as_ref();
        let found = if self.levels.len() <= LINEAR_LEVELS {
            self.levels.iter().position(|l| short_eq(l, key)).map(|i| i as u32)
        } else {
            self.lookup.get(key).copied()
        };
        if let Some(c) = found {
            return Ok(c);
        }
        let code = u32::try_from(self.levels.len()).map_err(|_| ColumnProblem::TooManyLevels)?;
        self.levels.push(canonical.into_owned());
        if self.levels.len() > LINEAR_LEVELS {
            if self.lookup.is_empty() {
                self.lookup.extend(self.levels.iter().cloned().zip(0..));
            } else {
                self.lookup.insert(self.levels[code as usize].clone(), code);
            }
        }
        Ok(code)
    }

    fn push(&mut self, raw: &str, canon: &Canonicalisation) -> Result<(), ColumnProblem> {
        let code = self.code(canon.apply_cow(raw))?;
        self.record(Some(code));
        Ok(())
    }
}

/// The Fx hash (rustc's): fast for short keys; the map is never iterated, so order cannot leak.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One column under construction.
pub(super) struct ColumnBuilder {
    values: Vec<f64>,
    integer: bool,
    numeric: u64,
    text: u64,
    first_text: Option<(usize, String)>,
    categorical: Option<TextCodes>,
    keep: Keep,
}

impl ColumnBuilder {
    /// An empty builder keeping `keep` of a categorical column.
    pub fn new(keep: Keep) -> Self {
        ColumnBuilder {
            values: Vec::new(),
            integer: true,
            numeric: 0,
            text: 0,
            first_text: None,
            categorical: None,
            keep,
        }
    }

    /// Adds the raw cell of data row `row` (0-based) found at file line `line`.
    pub fn push(
        &mut self,
        raw: &str,
        row: usize,
        line: usize,
        canon: &Canonicalisation,
    ) -> Result<(), ColumnProblem> {
        if canon.is_missing(raw) {
            match &mut self.categorical {
                Some(c) => c.record(None),
                None => self.values.push(f64::NAN),
            }
            return Ok(());
        }
        let trimmed = trim(raw);
        match parse_number(trimmed) {
            Some(n) => {
                self.numeric += 1;
                match &mut self.categorical {
                    Some(c) => c.push(raw, canon)?,
                    None => {
                        self.values.push(n.value);
                        self.integer &= n.integer;
                    }
                }
            }
            None => {
                self.text += 1;
                if self.first_text.is_none() {
                    self.first_text = Some((line, trimmed.to_string()));
                }
                let keep = self.keep;
                self.categorical.get_or_insert_with(|| TextCodes::new(row, keep)).push(raw, canon)?;
            }
        }
        Ok(())
    }

    /// Appends the builder that read the rows after this one's: its rows `0..other_rows` are rows
    /// `first_row..` here. Lets a file be read in parts (on several threads) with the result of one
    /// sequential read. `raw_cell(row)` re-reads this column's raw text of a row (global index); it is
    /// needed only where one part had turned to text and the other had not.
    pub fn append<'a>(
        &mut self,
        other: ColumnBuilder,
        first_row: usize,
        other_rows: usize,
        canon: &Canonicalisation,
        mut raw_cell: impl FnMut(usize) -> Cow<'a, str>,
    ) -> Result<(), ColumnProblem> {
        self.numeric += other.numeric;
        self.text += other.text;
        if self.first_text.is_none() {
            self.first_text = other.first_text;
        }
        match (&mut self.categorical, other.categorical) {
            (None, None) => {
                self.values.extend_from_slice(&other.values);
                self.integer &= other.integer;
            }
            (None, Some(mut theirs)) => {
                // Rows before `from_row` (all of ours, and their numeric start) are re-read by finish.
                theirs.from_row += first_row;
                self.categorical = Some(theirs);
            }
            (Some(mine), theirs) => {
                let numeric_rows = theirs.as_ref().map_or(other_rows, |t| t.from_row);
                for row in first_row..first_row + numeric_rows {
                    let raw = raw_cell(row);
                    let code =
                        if canon.is_missing(&raw) { None } else { Some(mine.code(canon.apply_cow(&raw))?) };
                    mine.record(code);
                }
                if let Some(theirs) = theirs {
                    let remap = theirs
                        .levels
                        .iter()
                        .map(|level| mine.code(Cow::Borrowed(level.as_str())))
                        .collect::<Result<Vec<u32>, _>>()?;
                    mine.extend(theirs, &remap);
                }
            }
        }
        Ok(())
    }

    /// Finishes the column. `raw_cell(row)` re-reads this column's raw text of an earlier row; it is
    /// called only for rows read before the column turned out to be text.
    pub fn finish<'a>(
        self,
        canon: &Canonicalisation,
        mut raw_cell: impl FnMut(usize) -> Cow<'a, str>,
    ) -> Result<Finished, ColumnProblem> {
        let Some(mut text) = self.categorical else {
            let integer = self.integer && self.numeric > 0;
            return Ok(Finished::Data(ColumnData::Numeric(NumericColumn { values: self.values, integer })));
        };
        let present = self.numeric + self.text;
        if self.numeric as f64 >= NUMERIC_SHARE * present as f64 {
            let (line, value) = self.first_text.expect("a text column has a first text value");
            return Err(ColumnProblem::NotANumber { line, value, numeric: self.numeric, present });
        }
        let code_of = |text: &mut TextCodes, raw: Cow<'a, str>| -> Result<Option<u32>, ColumnProblem> {
            Ok(if canon.is_missing(&raw) { None } else { Some(text.code(canon.apply_cow(&raw))?) })
        };
        if text.keep == Keep::Counts {
            // Counts do not depend on row order: the re-read early rows simply add to them.
            for row in 0..text.from_row {
                let code = code_of(&mut text, raw_cell(row))?;
                text.record(code);
            }
            text.counts.resize(text.levels.len(), 0);
            let (levels, counts) = sorted_counts(text.levels, text.counts);
            return Ok(Finished::Counted { levels, counts, missing: text.missing });
        }
        let mut codes = Vec::with_capacity(text.from_row + text.codes.len());
        for row in 0..text.from_row {
            codes.push(code_of(&mut text, raw_cell(row))?);
        }
        codes.append(&mut text.codes);
        Ok(Finished::Data(ColumnData::Categorical(sorted_levels(codes, text.levels))))
    }
}

/// A finished column.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Finished {
    /// The values of every row.
    Data(ColumnData),
    /// A categorical column read with [`Keep::Counts`]: its sorted levels, rows per level (in level
    /// order) and missing rows.
    Counted { levels: Vec<String>, counts: Vec<u64>, missing: u64 },
}

/// The byte order of levels, as a permutation of their current indices.
fn level_order(levels: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    order.sort_by(|&a, &b| levels[a].cmp(&levels[b]));
    order
}

/// Levels in byte order with their counts (what [`sorted_levels`] does to codes, for counts).
fn sorted_counts(levels: Vec<String>, counts: Vec<u64>) -> (Vec<String>, Vec<u64>) {
    let order = level_order(&levels);
    let counts = order.iter().map(|&i| counts[i]).collect();
    let mut slots: Vec<Option<String>> = levels.into_iter().map(Some).collect();
    let levels = order.iter().map(|&i| slots[i].take().expect("each level moved once")).collect();
    (levels, counts)
}

/// Renumbers codes so levels are in byte order, making the result independent of row order.
pub(crate) fn sorted_levels(codes: Vec<Option<u32>>, levels: Vec<String>) -> CategoricalColumn {
    let order = level_order(&levels);
    let mut remap = vec![0u32; levels.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new as u32;
    }
    let codes = codes.into_iter().map(|c| c.map(|c| remap[c as usize])).collect();
    let mut slots: Vec<Option<String>> = levels.into_iter().map(Some).collect();
    let levels = order.iter().map(|&i| slots[i].take().expect("each level moved once")).collect();
    CategoricalColumn { codes, levels }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_keeping(cells: &[&str], keep: Keep) -> Result<Finished, ColumnProblem> {
        let canon = Canonicalisation::default();
        let mut b = ColumnBuilder::new(keep);
        for (row, cell) in cells.iter().enumerate() {
            b.push(cell, row, row + 2, &canon)?;
        }
        b.finish(&canon, |row| Cow::Borrowed(cells[row]))
    }

    fn build(cells: &[&str]) -> Result<ColumnData, ColumnProblem> {
        match build_keeping(cells, Keep::Codes)? {
            Finished::Data(data) => Ok(data),
            counted => panic!("a coding builder finished as {counted:?}"),
        }
    }

    /// Builds the column both ways and checks the counts are those of the codes.
    fn counts_match_codes(cells: &[&str]) {
        let Ok(ColumnData::Categorical(coded)) = build(cells) else { panic!("not categorical") };
        let Ok(Finished::Counted { levels, counts, missing }) = build_keeping(cells, Keep::Counts) else {
            panic!("not counted")
        };
        assert_eq!(levels, coded.levels);
        let mut expected = vec![0u64; levels.len()];
        coded.codes.iter().flatten().for_each(|&c| expected[c as usize] += 1);
        assert_eq!(counts, expected);
        assert_eq!(missing as usize, coded.codes.iter().filter(|c| c.is_none()).count());
    }

    #[test]
    fn counting_keeps_exactly_the_levels_and_counts_of_the_codes() {
        counts_match_codes(&["Yes", " no", "", "YES", "NA"]);
        counts_match_codes(&["1", "", "2", "large", "small", "2", "NA", "1"]);
        let many: Vec<String> = (0..300).map(|i| format!("w{}", (i * 7) % 45)).collect();
        counts_match_codes(&many.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn counting_reports_the_same_problems() {
        let mut cells = vec!["5"; 30];
        cells[7] = "abc";
        assert_eq!(build_keeping(&cells, Keep::Counts).unwrap_err(), build(&cells).unwrap_err());
        let ColumnData::Numeric(n) = build(&["1", "NA", "3"]).unwrap() else { panic!() };
        let Finished::Data(ColumnData::Numeric(c)) = build_keeping(&["1", "NA", "3"], Keep::Counts).unwrap()
        else {
            panic!()
        };
        assert_eq!((c.integer, c.values.len()), (n.integer, n.values.len()));
    }

    /// Two parts appended give the counts of one builder over all rows, whichever part turned to
    /// text first.
    #[test]
    fn appended_counting_parts_equal_one_read() {
        let canon = Canonicalisation::default();
        let cells = ["1", "2", "NA", "x", "y", "3", "", "X", "z", "1"];
        for split in 1..cells.len() {
            let mut parts = [ColumnBuilder::new(Keep::Counts), ColumnBuilder::new(Keep::Counts)];
            for (row, cell) in cells.iter().enumerate() {
                let (part, local) = if row < split { (0, row) } else { (1, row - split) };
                parts[part].push(cell, local, row + 2, &canon).unwrap();
            }
            let [mut first, second] = parts;
            first
                .append(second, split, cells.len() - split, &canon, |row| Cow::Borrowed(cells[row]))
                .unwrap();
            let whole = first.finish(&canon, |row| Cow::Borrowed(cells[row])).unwrap();
            assert_eq!(whole, build_keeping(&cells, Keep::Counts).unwrap(), "split at {split}");
        }
    }

    #[test]
    fn integer_text_gives_an_integer_column_with_nan_for_missing() {
        let ColumnData::Numeric(n) = build(&["1", "NA", "3"]).unwrap() else { panic!() };
        assert!(n.integer);
        assert_eq!(n.values[0], 1.0);
        assert!(n.values[1].is_nan());
    }

    #[test]
    fn a_decimal_makes_the_column_real() {
        let ColumnData::Numeric(n) = build(&["1", "2.5"]).unwrap() else { panic!() };
        assert!(!n.integer);
    }

    #[test]
    fn yes_no_text_is_categorical_with_sorted_canonical_levels() {
        let ColumnData::Categorical(c) = build(&["Yes", " no", "", "YES"]).unwrap() else { panic!() };
        assert_eq!(c.levels, ["no", "yes"]);
        assert_eq!(c.codes, [Some(1), Some(0), None, Some(1)]);
    }

    #[test]
    fn numbers_before_the_first_word_are_re_read_as_text() {
        let ColumnData::Categorical(c) = build(&["1", "2", "large", "small", "2"]).unwrap() else { panic!() };
        assert_eq!(c.levels, ["1", "2", "large", "small"]);
        assert_eq!(c.codes, [Some(0), Some(1), Some(2), Some(3), Some(1)]);
    }

    #[test]
    fn one_word_among_mostly_numbers_is_an_error_naming_its_line() {
        let mut cells = vec!["5"; 30];
        cells[7] = "abc";
        let err = build(&cells).unwrap_err();
        assert_eq!(err, ColumnProblem::NotANumber { line: 9, value: "abc".into(), numeric: 29, present: 30 });
    }

    #[test]
    fn many_levels_switch_from_scan_to_hash_lookup_consistently() {
        let cells: Vec<String> = (0..100).map(|i| format!("w{}", i % 40)).collect();
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        let ColumnData::Categorical(c) = build(&refs).unwrap() else { panic!() };
        assert_eq!(c.levels.len(), 40);
        for (cell, code) in refs.iter().zip(&c.codes) {
            assert_eq!(&c.levels[code.unwrap() as usize], cell);
        }
    }

    #[test]
    fn all_missing_column_is_numeric_but_not_integer() {
        let ColumnData::Numeric(n) = build(&["", "NA"]).unwrap() else { panic!() };
        assert!(!n.integer);
        assert!(n.values.iter().all(|v| v.is_nan()));
    }
}

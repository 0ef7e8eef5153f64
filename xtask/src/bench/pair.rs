//! Alternating A/B runs: Hearth, then the peer, then Hearth again…, so both sides see the same
//! machine load; each run is one process measured by [`super::measure`].

use super::measure::{measure, Measured};
use super::stats::{median, Lines};
use std::process::Command;

/// One run of one side.
pub struct Sample {
    pub wall_s: f64,
    pub peak_rss_kb: Option<u64>,
    pub lines: Lines,
}

impl Sample {
    fn from(m: Measured) -> Sample {
        Sample { wall_s: m.wall.as_secs_f64(), peak_rss_kb: m.peak_rss_kb, lines: Lines::parse(&m.stdout) }
    }
}

/// Every run of one side; `error` is why the side stopped early (its runs so far are kept).
#[derive(Default)]
pub struct Side {
    pub samples: Vec<Sample>,
    pub error: Option<String>,
}

impl Side {
    /// Median of `key` over the runs (`wall` = the process wall time).
    pub fn median(&self, key: &str) -> Option<f64> {
        let values: Vec<f64> = self
            .samples
            .iter()
            .filter_map(|s| if key == "wall" { Some(s.wall_s) } else { s.lines.get(key).ok() })
            .collect();
        median(&values)
    }

    /// The highest peak RSS over the runs.
    pub fn peak_rss_kb(&self) -> Option<u64> {
        self.samples.iter().filter_map(|s| s.peak_rss_kb).max()
    }

    /// The last run's output (results are deterministic: every run prints the same).
    pub fn last(&self) -> Option<&Lines> {
        self.samples.last().map(|s| &s.lines)
    }
}

/// A side of a pair: makes the command of run `i` (after any untimed preparation it needs).
pub type Make<'a> = Box<dyn FnMut(usize) -> Result<Command, String> + 'a>;

/// Runs `hearth` and `peer` (None: no peer) alternately `reps` times each.
pub fn alternate(reps: usize, mut hearth: Make<'_>, mut peer: Option<Make<'_>>) -> (Side, Side) {
    let (mut a, mut b) = (Side::default(), Side::default());
    for i in 0..reps {
        run_one(&mut a, &mut hearth, i, "hearth");
        if let Some(peer) = peer.as_mut() {
            run_one(&mut b, peer, i, "peer");
        }
    }
    (a, b)
}

fn run_one(side: &mut Side, make: &mut Make<'_>, i: usize, label: &str) {
    if side.error.is_some() {
        return;
    }
    match make(i).and_then(|mut cmd| measure(&mut cmd)) {
        Ok(m) => {
            let s = Sample::from(m);
            println!(
                "  {label} run {}: {:.3} s wall, peak {} KiB",
                i + 1,
                s.wall_s,
                s.peak_rss_kb.unwrap_or(0)
            );
            side.samples.push(s);
        }
        Err(e) => {
            println!("  {label} run {} failed: {e}", i + 1);
            side.error = Some(e);
        }
    }
}

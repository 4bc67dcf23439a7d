//! Latencies recorded for percentiles: exact HdrHistogram answers without paying for a
//! histogram where few values arrive.
//!
//! A window of a typical run holds a few hundred latencies, but an HdrHistogram spanning a day
//! at three significant digits has about 30,000 buckets: zeroing them at every window close and
//! scanning them for each percentile cost a fifth of the engine's instructions. [`Latencies`]
//! keeps the raw values while they are few and reads a percentile off the sorted values; only
//! past [`SPILL_AT`] values does it move them into the histogram. Both ways give the same
//! answer, bit for bit: HdrHistogram's percentile is the highest value equivalent (at its
//! resolution) to the value of the rank it selects, and that rank is computed here the same way.

use hdrhistogram::Histogram;
use std::borrow::Cow;

/// How many raw values are kept before they move into the histogram: about the histogram's
/// own size in bytes, so the raw values never take more memory than it does.
pub const SPILL_AT: usize = 16_384;

/// Recorded latencies (in the histogram's unit), answering percentile queries exactly as
/// HdrHistogram does.
#[derive(Clone, Debug)]
pub struct Latencies {
    /// Values not yet in the histogram (kept sorted once a query has sorted them).
    raw: Vec<u64>,
    /// All values once `raw` has spilled; empty until then.
    hist: Histogram<u64>,
    sorted: bool,
}

impl Latencies {
    /// An empty record over the histogram's bounds (its resolution defines the answers).
    pub fn new(hist: Histogram<u64>) -> Latencies {
        Latencies {
            raw: Vec::new(),
            hist,
            sorted: true,
        }
    }

    /// Records one value as `saturating_record` does (a value past the range counts as its
    /// top; such a value goes straight to the histogram, which clamps it).
    #[inline]
    pub fn record(&mut self, value: u64) {
        if self.raw.len() < SPILL_AT && self.hist.is_empty() && value <= self.hist.high() {
            self.sorted = self.sorted && self.raw.last().is_none_or(|&last| last <= value);
            self.raw.push(value);
        } else {
            self.spill();
            self.hist.saturating_record(value);
        }
    }

    /// Moves the raw values into the histogram (the record then answers from it).
    fn spill(&mut self) {
        for &v in &self.raw {
            self.hist.saturating_record(v);
        }
        self.raw.clear();
        self.sorted = true;
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty() && self.hist.is_empty()
    }

    /// Forgets every value; cheap when the histogram was never used.
    pub fn reset(&mut self) {
        self.raw.clear();
        self.sorted = true;
        if !self.hist.is_empty() {
            self.hist.reset();
        }
    }

    /// Sorts the raw values, so that [`Latencies::quantiles`] reads them without a copy.
    pub fn prepare(&mut self) {
        if !self.sorted {
            self.raw.sort_unstable();
            self.sorted = true;
        }
    }

    /// The recorded values ready for percentile queries (a sorted copy of the raw values
    /// unless [`Latencies::prepare`] sorted them already).
    pub fn quantiles(&self) -> Quantiles<'_> {
        let sorted = if self.sorted {
            Cow::Borrowed(self.raw.as_slice())
        } else {
            let mut copy = self.raw.clone();
            copy.sort_unstable();
            Cow::Owned(copy)
        };
        Quantiles {
            sorted,
            hist: &self.hist,
        }
    }
}

/// Percentile queries over a [`Latencies`], answered as its HdrHistogram would answer them.
pub struct Quantiles<'a> {
    sorted: Cow<'a, [u64]>,
    hist: &'a Histogram<u64>,
}

impl Quantiles<'_> {
    /// `Histogram::value_at_quantile` for `quantile` in (0, 1].
    pub fn value_at_quantile(&self, quantile: f64) -> u64 {
        let n = self.sorted.len();
        if n == 0 {
            return self.hist.value_at_quantile(quantile);
        }
        // HdrHistogram's rank: ceil(q · count), at least 1, at most count.
        let rank = ((quantile.min(1.0) * n as f64).ceil() as usize).clamp(1, n);
        self.hist.highest_equivalent(self.sorted[rank - 1])
    }

    /// `Histogram::max`: the highest value equivalent to the largest recorded one.
    pub fn max(&self) -> u64 {
        match self.sorted.last() {
            Some(&v) => self.hist.highest_equivalent(v),
            None => self.hist.max(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist() -> Histogram<u64> {
        Histogram::new_with_bounds(1, 86_400_000_000, 3).unwrap()
    }

    /// A deterministic spread of values over six decades, with repeats.
    fn values(n: usize) -> Vec<u64> {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let decade = 10u64.pow((x % 7) as u32);
                1 + (x >> 8) % (decade * 9)
            })
            .collect()
    }

    #[test]
    fn answers_as_the_histogram_does_before_and_after_spilling() {
        for n in [
            1,
            2,
            3,
            10,
            999,
            1000,
            1001,
            SPILL_AT,
            SPILL_AT + 1,
            3 * SPILL_AT,
        ] {
            let mut record = Latencies::new(hist());
            let mut reference = hist();
            for v in values(n) {
                record.record(v);
                reference.saturating_record(v);
            }
            if n % 2 == 0 {
                record.prepare();
            }
            let record = record.quantiles();
            for q in [1e-9, 0.001, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0] {
                assert_eq!(
                    record.value_at_quantile(q),
                    reference.value_at_quantile(q),
                    "n = {n}, q = {q}"
                );
            }
            assert_eq!(record.max(), reference.max(), "max of {n} values");
        }
    }

    #[test]
    fn values_outside_the_range_are_clamped_like_saturating_record() {
        let mut record = Latencies::new(hist());
        let mut reference = hist();
        for v in [0, 5, 86_400_000_001, u64::MAX] {
            record.record(v);
            reference.saturating_record(v);
        }
        let record = record.quantiles();
        assert_eq!(
            record.value_at_quantile(1.0),
            reference.value_at_quantile(1.0)
        );
        assert_eq!(
            record.value_at_quantile(0.25),
            reference.value_at_quantile(0.25)
        );
        assert_eq!(record.max(), reference.max());
    }

    #[test]
    fn reset_forgets_everything() {
        let mut record = Latencies::new(hist());
        for v in values(2 * SPILL_AT) {
            record.record(v);
        }
        record.reset();
        assert!(record.is_empty());
        record.record(42);
        assert_eq!(
            record.quantiles().value_at_quantile(0.5),
            hist().highest_equivalent(42)
        );
    }
}

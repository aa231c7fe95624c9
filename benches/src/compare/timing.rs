//! Interleaved timing: ours, peer, ours, peer, … so that a change in the machine's load during
//! the run falls on both sides alike.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Times of one pair: per operation, one value per round for each side.
#[derive(Clone, Debug, Default)]
pub struct PairTiming {
    /// Seconds per operation of ours, one per round.
    pub ours: Vec<f64>,
    /// Seconds per operation of the peer, one per round.
    pub peer: Vec<f64>,
}

impl PairTiming {
    /// Median seconds per operation of ours.
    pub fn ours_median(&self) -> f64 {
        median(&self.ours)
    }
    /// Median seconds per operation of the peer.
    pub fn peer_median(&self) -> f64 {
        median(&self.peer)
    }
    /// Median over the rounds of ours / peer (each round's two measurements were taken one
    /// right after the other).
    pub fn ratio(&self) -> f64 {
        let ratios: Vec<f64> = self.ours.iter().zip(&self.peer).map(|(o, p)| o / p).collect();
        median(&ratios)
    }
}

/// The median of some values (0 for none).
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

/// How long one side's batch of calls should take, and how many rounds to run.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// Rounds (each: one batch of ours, one batch of the peer).
    pub rounds: usize,
    /// Wanted duration of one batch; a batch is at least one call.
    pub batch: Duration,
}

/// How many calls make a batch of about `plan.batch`, from one timed call (after a warm-up call).
fn calibrate<R>(plan: &Plan, f: &mut impl FnMut() -> R) -> usize {
    black_box(f());
    let start = Instant::now();
    black_box(f());
    let once = start.elapsed().max(Duration::from_nanos(1));
    let calls = plan.batch.as_secs_f64() / once.as_secs_f64();
    (calls.ceil() as usize).clamp(1, 1_000_000)
}

/// Runs one batch of `calls` calls; the results are kept until the clock has stopped, so that
/// dropping them is not timed. Returns seconds per call.
fn batch<R>(calls: usize, f: &mut impl FnMut() -> R) -> f64 {
    let mut results = Vec::with_capacity(calls);
    let start = Instant::now();
    for _ in 0..calls {
        results.push(black_box(f()));
    }
    let elapsed = start.elapsed();
    drop(results);
    elapsed.as_secs_f64() / calls as f64
}

/// Times `ours` and `peer` interleaved. Each call of either performs `ops` operations (e.g. 1,024
/// lookups); the figures are seconds per operation.
pub fn interleave<A, B>(
    plan: &Plan,
    ops: usize,
    mut ours: impl FnMut() -> A,
    mut peer: impl FnMut() -> B,
) -> PairTiming {
    let calls_ours = calibrate(plan, &mut ours);
    let calls_peer = calibrate(plan, &mut peer);
    let mut t = PairTiming::default();
    let ops = ops.max(1) as f64;
    for _ in 0..plan.rounds.max(1) {
        t.ours.push(batch(calls_ours, &mut ours) / ops);
        t.peer.push(batch(calls_peer, &mut peer) / ops);
    }
    t
}

/// Times single calls of `ours` and `peer` interleaved, without calibration (for calls that take
/// seconds): `rounds` calls of each, after one untimed warm-up call of each.
pub fn interleave_once<A, B>(rounds: usize, mut ours: impl FnMut() -> A, mut peer: impl FnMut() -> B) -> PairTiming {
    black_box(ours());
    black_box(peer());
    let mut t = PairTiming::default();
    for _ in 0..rounds.max(1) {
        t.ours.push(batch(1, &mut ours));
        t.peer.push(batch(1, &mut peer));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ratios() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
        let t = PairTiming { ours: vec![1.0, 2.0, 9.0], peer: vec![2.0, 2.0, 3.0] };
        assert_eq!(t.ratio(), 1.0);
        assert_eq!(t.ours_median(), 2.0);
    }

    #[test]
    fn interleave_counts_every_call() {
        let plan = Plan { rounds: 3, batch: Duration::from_millis(1) };
        let (mut a, mut b) = (0usize, 0usize);
        let t = interleave(
            &plan,
            10,
            || {
                a += 1;
                a
            },
            || {
                b += 1;
                b
            },
        );
        assert_eq!((t.ours.len(), t.peer.len()), (3, 3));
        assert!(a >= 5 && b >= 5, "two calibration calls and three batches each");
        assert!(t.ours.iter().chain(&t.peer).all(|s| *s > 0.0));
    }
}

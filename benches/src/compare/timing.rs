//! Interleaved timing: ours, peer, ours, peer, … so that a change in the machine's load during
//! the run falls on both sides alike.
//!
//! Each batch is measured twice: by the wall clock and by the CPU time of the measuring thread
//! (`CLOCK_THREAD_CPUTIME_ID`). The CPU time is the figure reported: on a machine shared with
//! other work it counts only the time this thread ran, not the slices other processes took.
//! Every side of every pair runs on the measuring thread alone (SQLite in memory, the exports in
//! constant-memory mode), so its CPU time is all the work it did.

use cpu_time::ThreadTime;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A moment by both clocks.
#[derive(Clone, Copy, Debug)]
pub struct Stamp {
    wall: Instant,
    cpu: Option<ThreadTime>,
}

impl Stamp {
    /// Now.
    pub fn now() -> Stamp {
        Stamp { wall: Instant::now(), cpu: ThreadTime::try_now().ok() }
    }

    /// Seconds since the stamp: (wall clock, this thread's CPU time when it can be read).
    pub fn elapsed(&self) -> (f64, Option<f64>) {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = self.cpu.and_then(|c| c.try_elapsed().ok()).map(|d| d.as_secs_f64());
        (wall, cpu)
    }

    /// Seconds since the stamp by the clock reported (CPU time, or the wall clock without it).
    pub fn seconds(&self) -> f64 {
        let (wall, cpu) = self.elapsed();
        cpu.unwrap_or(wall)
    }
}

/// Times of one pair: per operation, one value per round for each side.
#[derive(Clone, Debug, Default)]
pub struct PairTiming {
    /// Seconds per operation of ours, one per round (CPU time, or wall clock without it).
    pub ours: Vec<f64>,
    /// Seconds per operation of the peer, one per round.
    pub peer: Vec<f64>,
    /// Wall-clock seconds per operation of ours, one per round.
    pub ours_wall: Vec<f64>,
    /// Wall-clock seconds per operation of the peer, one per round.
    pub peer_wall: Vec<f64>,
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
    /// The same ratio by the wall clock.
    pub fn wall_ratio(&self) -> Option<f64> {
        let ratios: Vec<f64> = self.ours_wall.iter().zip(&self.peer_wall).map(|(o, p)| o / p).collect();
        (!ratios.is_empty()).then(|| median(&ratios))
    }
    /// The same timing by the wall clock alone: for work done outside the measuring thread (a
    /// database server's processes), which its CPU time does not count.
    pub fn by_wall_clock(mut self) -> PairTiming {
        self.ours.clone_from(&self.ours_wall);
        self.peer.clone_from(&self.peer_wall);
        self
    }
    fn push(&mut self, ours: (f64, Option<f64>), peer: (f64, Option<f64>)) {
        self.ours.push(ours.1.unwrap_or(ours.0));
        self.peer.push(peer.1.unwrap_or(peer.0));
        self.ours_wall.push(ours.0);
        self.peer_wall.push(peer.0);
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
pub fn calibrate<R>(plan: &Plan, f: &mut impl FnMut() -> R) -> usize {
    black_box(f());
    let start = Stamp::now();
    black_box(f());
    let once = start.seconds().max(1e-9);
    let calls = plan.batch.as_secs_f64() / once;
    (calls.ceil() as usize).clamp(1, 10_000_000)
}

/// Runs one batch of `calls` calls; the results are kept until the clocks have stopped, so that
/// dropping them is not timed. Returns seconds per call by both clocks.
pub fn batch<R>(calls: usize, f: &mut impl FnMut() -> R) -> (f64, Option<f64>) {
    let mut results = Vec::with_capacity(calls);
    let start = Stamp::now();
    for _ in 0..calls {
        results.push(black_box(f()));
    }
    let (wall, cpu) = start.elapsed();
    drop(results);
    let n = calls.max(1) as f64;
    (wall / n, cpu.map(|c| c / n))
}

fn per_op((wall, cpu): (f64, Option<f64>), ops: f64) -> (f64, Option<f64>) {
    (wall / ops, cpu.map(|c| c / ops))
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
        let o = per_op(batch(calls_ours, &mut ours), ops);
        let p = per_op(batch(calls_peer, &mut peer), ops);
        t.push(o, p);
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
        let o = batch(1, &mut ours);
        let p = batch(1, &mut peer);
        t.push(o, p);
    }
    t
}

/// Seconds by the wall clock and, when it can be read, in CPU time.
pub type Seconds = (f64, Option<f64>);

/// A pair timing from figures measured elsewhere (child processes): (ours, peer) per round.
pub fn from_rounds(rounds: &[(Seconds, Seconds)]) -> PairTiming {
    let mut t = PairTiming::default();
    for (o, p) in rounds {
        t.push(*o, *p);
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
        let t = from_rounds(&[((1.0, None), (2.0, None)), ((2.0, None), (2.0, None)), ((9.0, None), (3.0, None))]);
        assert_eq!(t.ratio(), 1.0);
        assert_eq!(t.ours_median(), 2.0);
        let t = from_rounds(&[((4.0, Some(1.0)), (4.0, Some(2.0)))]);
        assert_eq!(t.ratio(), 0.5, "CPU time when there is one");
        assert_eq!(t.wall_ratio(), Some(1.0));
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
        assert_eq!((t.ours.len(), t.peer.len(), t.ours_wall.len()), (3, 3, 3));
        assert!(a >= 5 && b >= 5, "two calibration calls and three batches each");
        assert!(t.ours_wall.iter().chain(&t.peer_wall).all(|s| *s > 0.0));
    }

    #[test]
    fn cpu_time_counts_work_not_sleep() {
        let start = Stamp::now();
        std::thread::sleep(Duration::from_millis(50));
        let (wall, cpu) = start.elapsed();
        assert!(wall >= 0.05);
        if let Some(cpu) = cpu {
            assert!(cpu < 0.04, "sleeping uses no CPU: {cpu}");
        }
    }
}

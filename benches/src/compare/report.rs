//! The rows of the comparison table, printed as Markdown and written as JSON.

use serde::Serialize;
use std::fmt::Write as _;

/// What a row measures, which decides how its figures are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Seconds per operation.
    Seconds,
    /// Bytes (peak memory increase).
    Bytes,
    /// A count per operation (heap allocations).
    Count,
}

/// The target of a row.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// ours / peer at most this.
    AtMost {
        /// The largest ratio allowed.
        ratio: f64,
    },
    /// peer / ours at least this (ours this many times faster).
    FasterBy {
        /// How many times faster ours must be.
        factor: f64,
    },
    /// ours at most the peer's figure plus this many bytes.
    WithinBytes {
        /// The allowance.
        bytes: f64,
    },
    /// ours exactly zero.
    Zero,
}

impl Target {
    /// Whether the figures meet the target.
    pub fn met(&self, ours: f64, peer: Option<f64>) -> Option<bool> {
        match (*self, peer) {
            (Target::AtMost { ratio }, Some(p)) => Some(ours / p <= ratio),
            (Target::FasterBy { factor }, Some(p)) => Some(p / ours >= factor),
            (Target::WithinBytes { bytes }, Some(p)) => Some(ours <= p + bytes),
            (Target::Zero, _) => Some(ours == 0.0),
            (_, None) => None,
        }
    }

    fn describe(&self) -> String {
        match *self {
            Target::AtMost { ratio } => format!("≤ {ratio}x"),
            Target::FasterBy { factor } => format!("≥ {factor}x faster"),
            Target::WithinBytes { bytes } => format!("≤ peer + {} MB", bytes / 1e6),
            Target::Zero => "0".to_owned(),
        }
    }
}

/// One row of the table.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// What is measured.
    pub operation: String,
    /// The peer it is compared with.
    pub peer_name: String,
    /// How the figures read.
    pub unit: Unit,
    /// Our figure (median), when measured.
    pub ours: Option<f64>,
    /// The peer's figure (median), when measured.
    pub peer: Option<f64>,
    /// ours / peer: the median of the per-round ratios for times, else the ratio of the figures.
    pub ratio: Option<f64>,
    /// For times: the same ratio by the wall clock (the figures are CPU time).
    pub wall_ratio: Option<f64>,
    /// For times: our median by the wall clock.
    pub ours_wall: Option<f64>,
    /// For times: the peer's median by the wall clock.
    pub peer_wall: Option<f64>,
    /// The target.
    pub target: Target,
    /// The target as text.
    pub target_text: String,
    /// Whether it is met (none when not measured).
    pub met: Option<bool>,
    /// Set when the row was not run: why.
    pub not_run: Option<String>,
    /// What else the reader should know (sizes, samples, caveats).
    pub note: String,
}

impl Row {
    /// A measured row.
    pub fn measured(
        operation: impl Into<String>,
        peer_name: impl Into<String>,
        unit: Unit,
        ours: f64,
        peer: Option<f64>,
        ratio: Option<f64>,
        target: Target,
    ) -> Row {
        let ratio = ratio.or_else(|| peer.filter(|p| *p != 0.0).map(|p| ours / p));
        let met = match (target, ratio) {
            (Target::AtMost { ratio: most }, Some(r)) => Some(r <= most),
            (Target::FasterBy { factor }, Some(r)) => Some(r > 0.0 && 1.0 / r >= factor),
            _ => target.met(ours, peer),
        };
        Row {
            operation: operation.into(),
            peer_name: peer_name.into(),
            unit,
            ours: Some(ours),
            peer,
            ratio,
            wall_ratio: None,
            ours_wall: None,
            peer_wall: None,
            target_text: target.describe(),
            target,
            met,
            not_run: None,
            note: String::new(),
        }
    }

    /// A row that was not run, and why.
    pub fn not_run(
        operation: impl Into<String>,
        peer_name: impl Into<String>,
        target: Target,
        reason: impl Into<String>,
    ) -> Row {
        Row {
            operation: operation.into(),
            peer_name: peer_name.into(),
            unit: Unit::Seconds,
            ours: None,
            peer: None,
            ratio: None,
            wall_ratio: None,
            ours_wall: None,
            peer_wall: None,
            target_text: target.describe(),
            target,
            met: None,
            not_run: Some(reason.into()),
            note: String::new(),
        }
    }

    /// A timed row from an interleaved pair timing: medians and the median ratio of the CPU
    /// times (wall-clock figures kept beside them).
    pub fn timed(
        operation: impl Into<String>,
        peer_name: impl Into<String>,
        t: &super::timing::PairTiming,
        target: Target,
    ) -> Row {
        let mut row = Row::measured(
            operation,
            peer_name,
            Unit::Seconds,
            t.ours_median(),
            Some(t.peer_median()),
            Some(t.ratio()),
            target,
        );
        row.wall_ratio = t.wall_ratio();
        row.ours_wall = Some(super::timing::median(&t.ours_wall));
        row.peer_wall = Some(super::timing::median(&t.peer_wall));
        row
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Row {
        self.note = note.into();
        self
    }

    /// Replaces the peer's figure shown (keeps the ratio).
    pub fn with_peer_figure(mut self, peer: Option<f64>) -> Row {
        self.peer = peer;
        self
    }
}

/// A figure in its unit, readable.
pub fn show(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Seconds => {
            if value >= 1.0 {
                format!("{value:.2} s")
            } else if value >= 1e-3 {
                format!("{:.2} ms", value * 1e3)
            } else if value >= 1e-6 {
                format!("{:.2} µs", value * 1e6)
            } else {
                format!("{:.1} ns", value * 1e9)
            }
        }
        Unit::Bytes => format!("{:.1} MB", value / 1e6),
        Unit::Count => {
            if value == value.round() {
                format!("{value:.0}")
            } else {
                format!("{value:.2}")
            }
        }
    }
}

fn show_ratio(row: &Row) -> String {
    match (row.unit, row.ratio) {
        (Unit::Bytes, _) => match (row.ours, row.peer) {
            (Some(o), Some(p)) => format!("{:+.1} MB", (o - p) / 1e6),
            _ => "–".to_owned(),
        },
        (_, Some(r)) if r > 0.0 && r < 1.0 => format!("{r:.3}x ({:.1}x faster)", 1.0 / r),
        (_, Some(r)) => format!("{r:.2}x"),
        (_, None) => "–".to_owned(),
    }
}

/// The table as Markdown.
pub fn markdown(rows: &[Row]) -> String {
    let mut out =
        String::from("| operation | ours | peer | ratio (ours/peer) | target | met |\n|---|---|---|---|---|---|\n");
    for r in rows {
        let ours = r.ours.map_or_else(|| "–".to_owned(), |v| show(r.unit, v));
        let peer = match r.peer {
            Some(v) => format!("{} ({})", show(r.unit, v), r.peer_name),
            None => r.peer_name.clone(),
        };
        let met = match (&r.not_run, r.met) {
            (Some(why), _) => format!("not run: {why}"),
            (None, Some(true)) => "yes".to_owned(),
            (None, Some(false)) => "**no**".to_owned(),
            (None, None) => "–".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.operation,
            ours,
            peer,
            show_ratio(r),
            r.target_text,
            met
        );
    }
    out
}

/// The whole report, as written to JSON.
#[derive(Debug, Serialize)]
pub struct Report {
    /// `full` or `quick`.
    pub mode: String,
    /// The command that produced it.
    pub command: String,
    /// Machine: processor, cores, memory.
    pub machine: Machine,
    /// Load average (1 minute) when the run started and when it ended.
    pub load_start: Option<f64>,
    /// See `load_start`.
    pub load_end: Option<f64>,
    /// Wall-clock seconds of the whole run.
    pub seconds: f64,
    /// Which clock the times are: the measuring thread's CPU time, or the wall clock.
    pub clock: String,
    /// The dataset sizes used.
    pub datasets: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
    /// How SQLite ran the SQLite peer's queries (`EXPLAIN QUERY PLAN`), when that peer ran.
    pub sqlite_plans: Vec<super::sql::QueryPlan>,
}

/// The machine a run was made on (Linux: from /proc).
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// Processor model.
    pub cpu: String,
    /// Logical cores.
    pub cores: usize,
    /// Memory in GiB.
    pub memory_gib: f64,
    /// Operating system.
    pub os: String,
}

impl Machine {
    /// Reads the machine's description.
    pub fn detect() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split(':').nth(1))
            .map_or_else(|| "unknown".to_owned(), |s| s.trim().to_owned());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_kib: f64 = meminfo
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_gib: (memory_kib / 1024.0 / 1024.0 * 10.0).round() / 10.0,
            os: std::env::consts::OS.to_owned(),
        }
    }
}

/// The 1-minute load average (Linux).
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_decide_met() {
        let r = Row::measured("x", "p", Unit::Seconds, 2.0, Some(1.0), None, Target::AtMost { ratio: 2.0 });
        assert_eq!(r.met, Some(true));
        let r = Row::measured("x", "p", Unit::Seconds, 2.1, Some(1.0), None, Target::AtMost { ratio: 2.0 });
        assert_eq!(r.met, Some(false));
        let r = Row::measured("x", "p", Unit::Seconds, 1.0, Some(5.0), None, Target::FasterBy { factor: 5.0 });
        assert_eq!(r.met, Some(true));
        let r = Row::measured("x", "p", Unit::Seconds, 1.0, Some(4.9), None, Target::FasterBy { factor: 5.0 });
        assert_eq!(r.met, Some(false));
        let r = Row::measured("x", "p", Unit::Bytes, 60e6, Some(20e6), None, Target::WithinBytes { bytes: 50e6 });
        assert_eq!(r.met, Some(true));
        let r = Row::measured("x", "p", Unit::Bytes, 80e6, Some(20e6), None, Target::WithinBytes { bytes: 50e6 });
        assert_eq!(r.met, Some(false));
        let r = Row::measured("x", "–", Unit::Count, 3.0, None, None, Target::Zero);
        assert_eq!(r.met, Some(false));
        let r = Row::not_run("x", "p", Target::Zero, "no venv");
        assert_eq!(r.met, None);
        let table = markdown(&[r]);
        assert!(table.contains("not run: no venv"), "{table}");
    }

    #[test]
    fn figures_read_well() {
        assert_eq!(show(Unit::Seconds, 1.5), "1.50 s");
        assert_eq!(show(Unit::Seconds, 0.0025), "2.50 ms");
        assert_eq!(show(Unit::Seconds, 2.5e-6), "2.50 µs");
        assert_eq!(show(Unit::Seconds, 2.5e-8), "25.0 ns");
        assert_eq!(show(Unit::Bytes, 12.34e6), "12.3 MB");
        assert_eq!(show(Unit::Count, 3.0), "3");
    }
}

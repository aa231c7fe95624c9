//! `vastuu numbering`: the numbering report.

use crate::args::Global;
use crate::error::Result;
use crate::output::{self, Named};
use crate::Outcome;
use serde::Serialize;
use std::fmt::Write as _;
use vastuu::{Directory, NumberingConflict, SeriesId, SeriesReport};

#[derive(Serialize)]
struct Report {
    series: Vec<Series>,
    conflicts: Vec<Conflict>,
}

#[derive(Serialize)]
struct Series {
    /// `null` for the default series.
    group: Option<Named>,
    start: u64,
    end: u64,
    explicit_end: bool,
    next_number: u64,
    used: u64,
    capacity_left: u64,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Conflict {
    OverlappingRanges { first: Option<Named>, second: Option<Named>, from: u64, to: u64 },
    NumberInOtherSeries { customer: output::CustomerRef, number: u64, series: Option<Named>, own_series: Option<Named> },
}

/// A series as JSON: its group, or `None` for the default series.
fn series_group(dir: &Directory, series: SeriesId) -> Option<Named> {
    match series {
        SeriesId::Default => None,
        SeriesId::Group(g) => Some(Named { id: g.get(), name: dir.customer_group(g).ok().map(|g| g.name.clone()) }),
    }
}

/// `default series` or `Pohjoinen (#1)`.
fn series_label(dir: &Directory, series: SeriesId) -> String {
    match series {
        SeriesId::Default => "default series".to_owned(),
        SeriesId::Group(g) => match dir.customer_group(g) {
            Ok(group) => format!("{} (#{})", group.name, g.get()),
            Err(_) => g.to_string(),
        },
    }
}

fn series_json(dir: &Directory, s: &SeriesReport) -> Series {
    Series {
        group: series_group(dir, s.series),
        start: s.start,
        end: s.end,
        explicit_end: s.explicit_end,
        next_number: s.next_number,
        used: s.used,
        capacity_left: s.capacity_left,
    }
}

fn conflict_json(dir: &Directory, c: &NumberingConflict) -> Conflict {
    match *c {
        NumberingConflict::OverlappingRanges { first, second, from, to } => {
            Conflict::OverlappingRanges { first: series_group(dir, first), second: series_group(dir, second), from, to }
        }
        NumberingConflict::NumberInOtherSeries { customer, number, series, own_series } => {
            Conflict::NumberInOtherSeries {
                customer: output::customer_ref(dir, customer),
                number,
                series: series_group(dir, series),
                own_series: series_group(dir, own_series),
            }
        }
    }
}

fn conflict_text(dir: &Directory, c: &NumberingConflict) -> String {
    match *c {
        NumberingConflict::OverlappingRanges { first, second, from, to } => format!(
            "the {} and the {} overlap from {from} to {to}",
            series_label(dir, first),
            series_label(dir, second)
        ),
        NumberingConflict::NumberInOtherSeries { customer, number, series, own_series } => format!(
            "{} holds number {number}, in the {} rather than its own {}",
            output::customer_label(dir, customer),
            series_label(dir, series),
            series_label(dir, own_series)
        ),
    }
}

fn text(dir: &Directory) -> String {
    let report = dir.numbering_report();
    let mut out = String::new();
    let _ =
        writeln!(out, "{:<32} {:>16} {:>17} {:>16} {:>10} {:>16}", "Series", "Start", "End", "Next", "Used", "Left");
    for s in &report.series {
        let end = if s.explicit_end { s.end.to_string() } else { format!("({})", s.end) };
        let _ = writeln!(
            out,
            "{:<32} {:>16} {:>17} {:>16} {:>10} {:>16}",
            series_label(dir, s.series),
            s.start,
            end,
            s.next_number,
            s.used,
            s.capacity_left
        );
    }
    if report.conflicts.is_empty() {
        out.push_str("No conflicts.\n");
    } else {
        let _ = writeln!(out, "Conflicts ({}):", report.conflicts.len());
        for c in &report.conflicts {
            let _ = writeln!(out, "  {}", conflict_text(dir, c));
        }
    }
    out
}

/// Prints the report (an end in parentheses is implied by the next series).
pub(super) fn run(dir: &Directory, global: &Global) -> Result<Outcome> {
    if global.json {
        let report = dir.numbering_report();
        output::json(&Report {
            series: report.series.iter().map(|s| series_json(dir, s)).collect(),
            conflicts: report.conflicts.iter().map(|c| conflict_json(dir, c)).collect(),
        })?;
    } else {
        output::text(&text(dir))?;
    }
    Ok(Outcome::Clean)
}

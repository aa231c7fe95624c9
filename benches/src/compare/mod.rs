//! The side-by-side comparison: each operation of the library against what a user would
//! otherwise use, interleaved in the same run, after checking that both give the same answer.
//!
//! `cargo run --release -p vastuu-benches -- compare [--quick]` runs it (see BENCHMARKS.md); the
//! pieces live here so that this crate's tests can check every peer against ours on small data.

pub mod allocs;
pub mod bulk;
pub mod count;
pub mod import;
pub mod memory;
pub mod postgres;
pub mod python;
pub mod reopen;
pub mod report;
pub mod sql;
pub mod timing;
pub mod visibility;
pub mod xlsx;

use crate::Workload;
use report::{Report, Row, Target, Unit};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use timing::{interleave, interleave_once, Plan};
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{Directory, Page};

/// Why the comparison could not finish: a peer gave another answer than ours, or something
/// failed to run.
#[derive(Debug)]
pub enum HarnessError {
    /// Ours and a peer disagree: the comparison would be meaningless.
    Disagree(String),
    /// Something failed (a library call, SQLite, a file, a child process).
    Failed(String),
}

impl std::fmt::Display for HarnessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HarnessError::Disagree(s) => write!(f, "a peer disagrees with ours: {s}"),
            HarnessError::Failed(s) => write!(f, "{s}"),
        }
    }
}

impl std::error::Error for HarnessError {}

macro_rules! failed_from {
    ($($t:ty),*) => {$(
        impl From<$t> for HarnessError {
            fn from(e: $t) -> Self {
                HarnessError::Failed(e.to_string())
            }
        }
    )*};
}
failed_from!(
    vastuu::Error,
    vastuu::StoreError,
    rusqlite::Error,
    rust_xlsxwriter::XlsxError,
    std::io::Error,
    serde_json::Error
);

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The smaller datasets and fewer rounds.
    pub quick: bool,
    /// Only these sections (empty: all): `export`, `visibility`, `views`, `toggle`, `memory`,
    /// `reopen`, `import`, `python`, `bulk`, `growth`, `postgres`.
    pub only: Vec<String>,
    /// Where the JSON report goes.
    pub json: PathBuf,
    /// This program, to start export child processes.
    pub exe: PathBuf,
    /// The Python interpreter of the project's virtual environment, if there is one.
    pub python: Option<PathBuf>,
    /// The Python script of the Python rows.
    pub python_script: PathBuf,
    /// The repository's root folder.
    pub root: PathBuf,
    /// The command line, for the report.
    pub command: String,
}

/// What a child process of the comparison answered: the JSON after `RESULT ` on its output.
///
/// # Errors
/// When the child failed or printed no result.
pub(crate) fn child_result<T: serde::de::DeserializeOwned>(
    what: &str,
    out: &std::process::Output,
) -> Result<T, HarnessError> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(HarnessError::Failed(format!("{what} failed: {stdout}{}", String::from_utf8_lossy(&out.stderr))));
    }
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .ok_or_else(|| HarnessError::Failed(format!("{what} printed no result: {stdout}")))?;
    Ok(serde_json::from_str(line.trim())?)
}

/// Dataset sizes and repetitions of a run.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// The dataset of the views, visibility, toggles and the store.
    pub main: GeneratorConfig,
    /// The dataset of the large export (its list has one row per responsibility).
    pub export: GeneratorConfig,
    /// The dataset of the Python export.
    pub python_export: GeneratorConfig,
    /// The small directory of the growth rows.
    pub growth_small: GeneratorConfig,
    /// The large directory of the growth rows.
    pub growth_large: GeneratorConfig,
    /// Timing of the fast operations.
    pub plan: Plan,
    /// Timed rounds of each export side (each in a child process).
    pub export_rounds: usize,
    /// Timed rounds of the reopen pair, the Python export and catching up.
    pub slow_rounds: usize,
    /// Change sets another process stores before each timed catch-up.
    pub catch_up: usize,
    /// Toggles of the resident-memory row (on the file store).
    pub memory_toggles: u64,
}

/// The benchmark directory's shape at another size: per customer, 1/50 employee, 2 projects and
/// 5 responsibilities (the shape of [`GeneratorConfig::benchmark`]).
pub const fn scaled(customers: u32) -> GeneratorConfig {
    let mut c = GeneratorConfig::benchmark();
    c.customers = customers;
    c.employees = if customers / 50 > 10 { customers / 50 } else { 10 };
    c.projects = customers * 2;
    c.responsibilities = customers * 5;
    c
}

impl Sizes {
    /// The full run: the 100,000-customer benchmark directory, a 1,000,000-row export, growth
    /// from 10,000 to 1,000,000 customers.
    pub fn full() -> Sizes {
        let mut export = GeneratorConfig::benchmark();
        export.responsibilities = 1_000_000;
        let mut python_export = scaled(20_000);
        python_export.responsibilities = 200_000;
        Sizes {
            main: GeneratorConfig::benchmark(),
            export,
            python_export,
            growth_small: scaled(10_000),
            growth_large: scaled(1_000_000),
            plan: Plan { rounds: 7, batch: Duration::from_millis(200) },
            export_rounds: 3,
            slow_rounds: 3,
            catch_up: 10_000,
            memory_toggles: 1_000_000,
        }
    }

    /// The quick run: everything ten times smaller (or so), fewer rounds.
    pub fn quick() -> Sizes {
        let mut export = scaled(10_000);
        export.responsibilities = 100_000;
        let mut python_export = scaled(2_000);
        python_export.responsibilities = 20_000;
        Sizes {
            main: scaled(20_000),
            export,
            python_export,
            growth_small: scaled(10_000),
            growth_large: scaled(100_000),
            plan: Plan { rounds: 3, batch: Duration::from_millis(40) },
            export_rounds: 2,
            slow_rounds: 2,
            catch_up: 2_000,
            memory_toggles: 100_000,
        }
    }
}

fn describe(name: &str, c: &GeneratorConfig) -> String {
    format!(
        "{name}: {} customers, {} employees, {} projects, {} responsibilities (seed {})",
        c.customers, c.employees, c.projects, c.responsibilities, c.seed
    )
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Prints a line at once (progress goes to stderr, the table to stdout).
fn say(line: &str) {
    eprintln!("{line}");
}

/// The comparison program.
pub struct Comparison<'a> {
    opts: &'a Options,
    sizes: Sizes,
    rows: Vec<Row>,
    plans: Vec<sql::QueryPlan>,
}

impl std::fmt::Debug for Comparison<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Comparison").field("sizes", &self.sizes).field("rows", &self.rows.len()).finish()
    }
}

impl<'a> Comparison<'a> {
    /// A comparison.
    pub fn new(opts: &'a Options) -> Self {
        let sizes = if opts.quick { Sizes::quick() } else { Sizes::full() };
        Comparison { opts, sizes, rows: Vec::new(), plans: Vec::new() }
    }

    fn wants(&self, section: &str) -> bool {
        self.opts.only.is_empty() || self.opts.only.iter().any(|s| s == section)
    }

    fn push(&mut self, row: Row) {
        let figure = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| report::show(row.unit, v));
        say(&format!(
            "   {}: ours {}, peer {} -> {}",
            row.operation,
            figure(row.ours),
            figure(row.peer),
            match (&row.not_run, row.met) {
                (Some(why), _) => format!("not run: {why}"),
                (None, Some(true)) => "met".into(),
                (None, Some(false)) => "MISSED".into(),
                (None, None) => "-".into(),
            }
        ));
        self.rows.push(row);
    }

    /// Runs every section asked for and returns the report.
    ///
    /// # Errors
    /// A peer disagreeing with ours, or a failure to run.
    pub fn run(mut self) -> Result<Report, HarnessError> {
        let started = Instant::now();
        let load_start = report::load_average();
        let s = self.sizes;
        let mut datasets = vec![
            describe("main", &s.main),
            describe("export", &s.export),
            describe("Python export", &s.python_export),
            describe("growth, small", &s.growth_small),
            describe("growth, large", &s.growth_large),
        ];
        datasets.push(format!(
            "timing: {} rounds of about {} ms per side for fast operations; {} rounds of each export side",
            s.plan.rounds,
            s.plan.batch.as_millis(),
            s.export_rounds
        ));
        if self.wants("export") {
            self.export()?;
        }
        let needs_main =
            ["visibility", "views", "toggle", "reopen", "import", "python", "bulk"].iter().any(|x| self.wants(x));
        if needs_main {
            say(&format!("== {}", describe("main dataset", &s.main)));
            let dir = crate::try_directory(&s.main)?;
            let work = Workload::new(&dir);
            if self.wants("visibility") {
                self.visibility(&dir, &work)?;
            }
            let mut dir = dir;
            if self.wants("views") || self.wants("toggle") {
                self.sqlite(&mut dir, &work)?;
            }
            if self.wants("reopen") {
                self.reopen()?;
            }
            if self.wants("import") {
                self.import(&dir)?;
            }
            if self.wants("python") {
                self.python(&dir)?;
            }
            if self.wants("bulk") {
                self.bulk(&mut dir)?;
            }
        }
        if self.wants("memory") {
            self.memory()?;
        }
        if self.wants("growth") {
            self.growth()?;
        }
        if self.wants("postgres") {
            self.postgres()?;
        }
        Ok(Report {
            mode: if self.opts.quick { "quick" } else { "full" }.to_owned(),
            command: self.opts.command.clone(),
            machine: report::Machine::detect(),
            load_start,
            load_end: report::load_average(),
            seconds: started.elapsed().as_secs_f64(),
            clock: if timing::Stamp::now().elapsed().1.is_some() {
                "CPU time of the measuring thread (wall-clock figures in wall_* fields)"
            } else {
                "wall clock"
            }
            .to_owned(),
            datasets,
            rows: self.rows,
            sqlite_plans: self.plans,
        })
    }

    fn export(&mut self) -> Result<(), HarnessError> {
        let s = self.sizes;
        say(&format!("== export: {}", describe("dataset", &s.export)));
        let folder = std::env::temp_dir().join(format!("vastuu-compare-export-{}", std::process::id()));
        std::fs::create_dir_all(&folder)?;
        let result = self.export_in(&folder);
        let _ = std::fs::remove_dir_all(&folder);
        result
    }

    fn export_child(&self, side: xlsx::ExportSide, path: &Path) -> Result<xlsx::ExportRun, HarnessError> {
        let side_arg = match side {
            xlsx::ExportSide::Ours => "ours",
            xlsx::ExportSide::Peer => "peer",
        };
        let out = Command::new(&self.opts.exe)
            .arg("export-child")
            .arg(side_arg)
            .arg(xlsx::config_arg(&self.sizes.export))
            .arg(path)
            .output()?;
        child_result(&format!("export child ({side_arg})"), &out)
    }

    fn export_in(&mut self, folder: &Path) -> Result<(), HarnessError> {
        use xlsx::ExportSide::{Ours, Peer};
        let s = self.sizes;
        let ours_path = folder.join("ours.xlsx");
        let peer_path = folder.join("peer.xlsx");
        // The check: one run of each side, read back and compared cell by cell.
        say("   check: one export of each side, read back with calamine and compared");
        let ours = self.export_child(Ours, &ours_path)?;
        let peer = self.export_child(Peer, &peer_path)?;
        if ours.rows != peer.rows || ours.rows != u64::from(s.export.responsibilities) {
            return Err(HarnessError::Disagree(format!(
                "export rows: ours {}, peer {}, responsibilities {}",
                ours.rows, peer.rows, s.export.responsibilities
            )));
        }
        let compared = xlsx::compare_books(
            std::io::BufReader::new(std::fs::File::open(&ours_path)?),
            std::io::BufReader::new(std::fs::File::open(&peer_path)?),
            "rust_xlsxwriter",
        )?;
        if u64::from(compared.last_row) != ours.rows {
            return Err(HarnessError::Disagree(format!(
                "export read back: last row {} for {} rows",
                compared.last_row, ours.rows
            )));
        }
        say(&format!("   {} cells equal", thousands(compared.cells)));
        let mut runs: Vec<(xlsx::ExportRun, xlsx::ExportRun)> = Vec::new();
        for round in 0..s.export_rounds {
            let o = self.export_child(Ours, &ours_path)?;
            let p = self.export_child(Peer, &peer_path)?;
            say(&format!(
                "   round {}: ours {:.2} s ({:.2} s CPU), peer {:.2} s ({:.2} s CPU)",
                round + 1,
                o.seconds,
                o.cpu_seconds.unwrap_or(f64::NAN),
                p.seconds,
                p.cpu_seconds.unwrap_or(f64::NAN)
            ));
            runs.push((o, p));
        }
        let t = timing::from_rounds(
            &runs.iter().map(|(o, p)| ((o.seconds, o.cpu_seconds), (p.seconds, p.cpu_seconds))).collect::<Vec<_>>(),
        );
        let rows = thousands(ours.rows);
        let note = format!(
            "responsible-persons list with project participants and archived customers: {rows} rows × 10 columns, \
             {} non-empty cells; peer: the same cells computed before the clock starts; each run in its own process",
            thousands(compared.cells)
        );
        self.push(
            Row::timed(
                format!("export {rows} responsible-person rows to xlsx (time)"),
                "rust_xlsxwriter, same cells, constant memory",
                &t,
                Target::AtMost { ratio: 1.10 },
            )
            .note(note),
        );
        let peaks = |pick: fn(&(xlsx::ExportRun, xlsx::ExportRun)) -> Option<u64>| -> Option<f64> {
            let v: Option<Vec<f64>> = runs.iter().map(|r| pick(r).map(|b| b as f64)).collect();
            v.map(|v| v.into_iter().fold(0.0, f64::max))
        };
        let ours_peak = peaks(|(o, _)| o.peak_increase);
        let peer_peak = peaks(|(_, p)| p.peak_increase);
        let operation = format!("export {rows} rows: peak memory increase");
        let target = Target::WithinBytes { bytes: 50e6 };
        match ours_peak {
            Some(o) => {
                self.push(Row::measured(operation, "rust_xlsxwriter", Unit::Bytes, o, peer_peak, None, target).note(
                    "peak resident memory during the export minus resident memory before it (VmHWM after \
                     resetting it through /proc/self/clear_refs); the largest of the rounds",
                ))
            }
            None => {
                self.push(Row::not_run(operation, "rust_xlsxwriter", target, "the peak memory cannot be reset here"))
            }
        }
        Ok(())
    }

    fn visibility(&mut self, dir: &Directory, work: &Workload) -> Result<(), HarnessError> {
        say("== visibility");
        let day = work.day;
        let peer = visibility::VisibilityPeer::build(dir, day)?;
        let mut pairs = work.random_pairs.clone();
        pairs.extend_from_slice(&work.responsible_pairs);
        let mut rng = vastuu::generate::Rng::new(7);
        let active: Vec<vastuu::EmployeeId> = dir.employees().filter(|e| e.active).map(|e| e.id).collect();
        let sample: Vec<vastuu::EmployeeId> =
            (0..64).filter_map(|_| active.get(rng.below(active.len() as u64) as usize).copied()).collect();
        let mut everyone: Vec<vastuu::EmployeeId> = dir.employees().map(|e| e.id).collect();
        if self.opts.quick {
            everyone.truncate(200);
        }
        say(&format!(
            "   check: can_view for {} pairs, visible_customers for {} employees",
            pairs.len(),
            everyone.len()
        ));
        visibility::check(dir, &peer, &pairs, &everyone, day)?;
        self.can_view_rows(dir, work, &peer, &pairs)?;
        let plan = self.sizes.plan;
        let cases: Vec<(String, Vec<vastuu::EmployeeId>)> = vec![
            (format!("{} random active employees", sample.len()), sample.clone()),
            ("a salesperson (customers of the groups sold)".to_owned(), vec![work.salesperson]),
            ("an admin (every customer)".to_owned(), work.admin.into_iter().collect()),
        ];
        for (what, employees) in cases {
            if employees.is_empty() {
                continue;
            }
            let total: usize = employees.iter().map(|e| peer.visible_customers(*e).len()).sum();
            let t = interleave(
                &plan,
                employees.len(),
                || employees.iter().map(|e| dir.visible_customers(*e, day).map_or(0, |v| v.len())).sum::<usize>(),
                || employees.iter().map(|e| peer.visible_customers(*e).len()).sum::<usize>(),
            );
            self.push(
                Row::timed(
                    format!("`visible_customers(employee, date)`, {what}"),
                    "per-employee bitset",
                    &t,
                    Target::AtMost { ratio: 2.0 },
                )
                .note(format!(
                    "{} customers per call on average, in Finnish order (the peer's bits are positions in that order)",
                    total / employees.len()
                )),
            );
        }
        Ok(())
    }

    /// `can_view` against both forms of the peer.
    fn can_view_rows(
        &mut self,
        dir: &Directory,
        work: &Workload,
        peer: &visibility::VisibilityPeer,
        pairs: &[(vastuu::EmployeeId, vastuu::CustomerId)],
    ) -> Result<(), HarnessError> {
        let (plan, day) = (self.sizes.plan, work.day);
        let t =
            interleave(&plan, pairs.len(), || visibility::count_visible(dir, pairs, day), || peer.count_in_set(pairs));
        let visible = peer.count_in_set(pairs);
        self.push(
            Row::timed("`can_view(employee, customer, date)`",
                "HashSet<(u32, u32)>", &t, Target::AtMost { ratio: 2.0 })
            .note(format!(
                "{} pairs per batch ({} random, {} from responsibilities; {visible} visible); ours returns every reason",
                pairs.len(),
                work.random_pairs.len(),
                work.responsible_pairs.len()
            )),
        );
        let t = interleave(
            &plan,
            pairs.len(),
            || visibility::count_visible(dir, pairs, day),
            || peer.count_in_bitsets(pairs),
        );
        self.push(
            Row::timed(
                "`can_view(employee, customer, date)`",
                "per-employee bitset",
                &t,
                Target::AtMost { ratio: 1.5 },
            )
            .note("the same pairs; the peer looks up the employee's bitset and the customer's bit position"),
        );
        Ok(())
    }

    fn sqlite(&mut self, dir: &mut Directory, work: &Workload) -> Result<(), HarnessError> {
        say("== SQLite peer: loading the same data");
        let started = Instant::now();
        let peer = sql::SqlPeer::load(dir)?;
        say(&format!("   loaded in {:.1} s", started.elapsed().as_secs_f64()));
        self.plans = peer.plans()?;
        let plan = self.sizes.plan;
        if self.wants("views") {
            let text = "öljy";
            let (rows, columns) = (Page::first(50), Page::first(50));
            let q = sql::matrix_query(work.group, text, rows, columns);
            let group = work.group.get();
            say("   check: matrix page and list page");
            let m = dir.matrix(&q)?;
            sql::check_matrix(&m, &peer.matrix_page(group, text, rows, columns)?)?;
            for offset in [50, 100] {
                let p = Page::new(offset, 50);
                sql::check_matrix(
                    &dir.matrix(&sql::matrix_query(work.group, text, p, Page::new(offset, 50)))?,
                    &peer.matrix_page(group, text, p, Page::new(offset, 50))?,
                )?;
            }
            let t = interleave(&plan, 1, || dir.matrix(&q), || peer.matrix_page(group, text, rows, columns));
            self.push(
                Row::timed(
                    "matrix page 50 × 50, filtered by group and text",
                    "SQLite (rusqlite, in memory, same indexes)",
                    &t,
                    Target::FasterBy { factor: 5.0 },
                )
                .note(format!(
                    "the largest customer group and the text {text:?}: {} rows, {} columns, {} cells on the page, \
                     {} rows in all",
                    m.rows.len(),
                    m.columns.len(),
                    m.cells.len(),
                    m.total_rows
                )),
            );
            let page = Page::first(100);
            let lq = sql::list_query(page);
            let ours = dir.responsible_persons(&lq)?;
            sql::check_list(&ours, &peer.list_page(page)?)?;
            sql::check_list(
                &dir.responsible_persons(&sql::list_query(Page::new(12_345, 100)))?,
                &peer.list_page(Page::new(12_345, 100))?,
            )?;
            let t = interleave(&plan, 1, || dir.responsible_persons(&lq), || peer.list_page(page));
            self.push(
                Row::timed(
                    "responsible-persons list, first page of 100",
                    "SQLite (rusqlite, in memory, same indexes)",
                    &t,
                    Target::FasterBy { factor: 5.0 },
                )
                .note(format!(
                    "customers' own responsibilities, archived customers left out: {} rows in all, with the total",
                    thousands(ours.total)
                )),
            );
        }
        if self.wants("toggle") {
            self.toggle(dir, &peer)?;
        }
        Ok(())
    }

    fn toggle(&mut self, dir: &mut Directory, peer: &sql::SqlPeer) -> Result<(), HarnessError> {
        let toggles = sql::Toggles::pick(dir, 512, 99)?;
        say(&format!("   check: {} toggles, then the same again", toggles.ours.len()));
        for _ in 0..2 {
            toggles.run_ours(dir)?;
            for (c, p, e) in &toggles.peer {
                peer.toggle(*c, *p, *e)?;
            }
            sql::check_toggles(dir, peer, &toggles)?;
        }
        let n = toggles.ours.len() * 2;
        let dir_cell = std::cell::RefCell::new(dir);
        let ours = || -> usize {
            let mut d = dir_cell.borrow_mut();
            let mut added = 0;
            for _ in 0..2 {
                added += toggles.run_ours(&mut d).unwrap_or(0);
            }
            added
        };
        let theirs = || -> usize {
            let mut added = 0;
            for _ in 0..2 {
                for (c, p, e) in &toggles.peer {
                    added += usize::from(peer.toggle(*c, *p, *e).unwrap_or(false));
                }
            }
            added
        };
        let t = interleave(&self.sizes.plan, n, ours, theirs);
        let dir = dir_cell.into_inner();
        sql::check_toggles(dir, peer, &toggles)?;
        self.push(
            Row::timed(
                "toggle a responsibility",
                "SQLite (rusqlite, in memory, same indexes): DELETE, else INSERT",
                &t,
                Target::FasterBy { factor: 8.0 },
            )
            .note(format!(
                "{} pairs (half existing responsibilities, half new), each toggled twice per batch; ours: the \
                 whole mutation (validation, change set, history, in-memory store, every index)",
                toggles.ours.len()
            )),
        );
        self.transaction_toggle(dir, &toggles)?;
        let operation = "toggle: heap allocations per toggle, steady state";
        let count = allocs::count_in_child(&self.opts.exe, &self.sizes.main)?;
        let n = count.toggles.max(1) as f64;
        let per = count.allocations as f64 / n;
        let bytes = count.bytes_allocated as f64 / n;
        let kept = (count.bytes_allocated as f64 - count.bytes_deallocated as f64) / n;
        self.push(Row::measured(operation, "–", Unit::Count, per, None, None, Target::Zero).note(format!(
            "counted by `{}` (the only program with a counting allocator, so the timed rows pay no \
             count) over {} toggles of the same pick on a directory of the same configuration, after \
             two untimed passes: {per:.2} allocations, {bytes:.0} bytes allocated and {kept:.0} bytes \
             kept per toggle (what is kept, the memory store's encoded change set and the history \
             index's entries, goes into fixed-size chunks: one allocation when a chunk fills, about \
             every 25,000 toggles)",
            allocs::PROGRAM,
            count.toggles
        )));
        Ok(())
    }

    /// A transaction holding one toggle against the same toggle alone, on the same directory.
    fn transaction_toggle(&mut self, dir: &mut Directory, toggles: &sql::Toggles) -> Result<(), HarnessError> {
        let n = toggles.ours.len() * 2;
        let dir_cell = std::cell::RefCell::new(dir);
        let in_transactions = || -> usize {
            let mut d = dir_cell.borrow_mut();
            let mut done = 0;
            for _ in 0..2 {
                for op in &toggles.ours {
                    done += usize::from(d.transaction(|d| vastuu_tests::op::run(d, op)).is_ok());
                }
            }
            done
        };
        let alone = || -> usize {
            let mut d = dir_cell.borrow_mut();
            (0..2).map(|_| toggles.run_ours(&mut d).map_or(0, |_| toggles.ours.len())).sum()
        };
        let t = interleave(&self.sizes.plan, n, in_transactions, alone);
        let dir = dir_cell.into_inner();
        let changes = dir.change_set_range(dir.last_seq(), dir.last_seq())?.last().map_or(0, |cs| cs.changes.len());
        if changes != 1 {
            return Err(HarnessError::Disagree(format!("a transaction of one toggle stored {changes} changes")));
        }
        self.push(
            Row::timed("a transaction holding one toggle", "the same toggle alone", &t, Target::AtMost { ratio: 3.0 })
                .note(format!(
                    "{} pairs, each toggled twice per batch, each toggle in `transaction(|d| ...)` of its own on \
                     the main dataset (one change set each, as alone)",
                    toggles.ours.len()
                )),
        );
        Ok(())
    }

    /// Resident memory after many toggles on the file store, in a child process.
    fn memory(&mut self) -> Result<(), HarnessError> {
        let n = self.sizes.memory_toggles;
        let operation = format!("resident memory growth over {} toggles on the file store", thousands(n));
        let target = Target::WithinBytes { bytes: 50e6 };
        say(&format!("== {operation}"));
        if crate::compare::xlsx::status_kib("VmRSS:").is_none() {
            self.push(Row::not_run(operation, "–", target, "no /proc/self/status here"));
            return Ok(());
        }
        let m = memory::run_in_child(&self.opts.exe, &self.sizes.main, n)?;
        let per_toggle = |bytes: f64| bytes / m.toggles.max(1) as f64;
        self.push(Row::measured(operation, "none", Unit::Bytes, m.growth() as f64, Some(0.0), None, target).note(
            format!(
                "VmRSS after minus before, in `{}`: a directory of the main dataset on a new file store in {} \
                 (tmpfs where there is one: the fsync of each change set costs a microsecond there, a \
                 millisecond on this disk), the toggle rows' 512 pairs toggled twice, then {} more toggles \
                 ({:.1} s, {:.2} µs each); heap bytes allocated and not freed during them: {:.1} MB ({:.1} \
                 bytes per toggle, {:.3} allocations per toggle)",
                allocs::PROGRAM,
                m.folder,
                thousands(m.toggles),
                m.seconds,
                per_toggle(m.seconds) * 1e6,
                m.heap_kept as f64 / 1e6,
                per_toggle(m.heap_kept as f64),
                per_toggle(m.allocations as f64),
            ),
        ));
        Ok(())
    }

    fn reopen(&mut self) -> Result<(), HarnessError> {
        say("== reopening the file store");
        let folder = reopen::StoreFolder::create(generate(&self.sizes.main), "reopen")?;
        say("   check: the reopened directory's data equals the decoded snapshot");
        folder.check()?;
        let size = std::fs::metadata(folder.path().join("vastuu.snapshot"))?.len();
        // Both sides' results are dropped after the clocks stop (as `batch` keeps them).
        let t = interleave_once(self.sizes.slow_rounds, || folder.open(), || folder.decode());
        self.push(
            Row::timed(
                "reopen the file store",
                "serde/postcard decoding into plain structs",
                &t,
                Target::AtMost { ratio: 1.5 },
            )
            .note(format!(
                "a snapshot of {:.1} MB; ours: read, checksums, decode, every index built, every rule checked",
                size as f64 / 1e6
            )),
        );
        Ok(())
    }

    fn import(&mut self, dir: &Directory) -> Result<(), HarnessError> {
        say("== import");
        let book = import::Workbook::customers_of(dir)?;
        say("   check: the import creates a customer per row calamine reads");
        book.check(dir)?;
        let size = std::fs::metadata(book.path())?.len();
        // Both sides' results (our directory, calamine's cells) are dropped after the clocks stop.
        let t = interleave_once(self.sizes.slow_rounds, || book.import(), || book.read());
        self.push(
            Row::timed(
                format!("import {} customers from .xlsx", thousands(book.rows)),
                "calamine reading the same workbook",
                &t,
                Target::AtMost { ratio: 2.0 },
            )
            .note(format!(
                "the customers export ({:.1} MB) into an empty directory, creating its groups, special \
                 groups and responsible employees; ours: read with calamine, every cell checked, one change set",
                size as f64 / 1e6
            )),
        );
        Ok(())
    }

    /// Bulk plans and their apply over about 10,000 customers (a tenth of the main dataset's),
    /// against a toggle per customer changed.
    fn bulk(&mut self, dir: &mut Directory) -> Result<(), HarnessError> {
        let wanted = (self.sizes.main.customers as usize / 10).min(10_000);
        let case = bulk::BulkCase::pick(dir, wanted)?;
        say(&format!("== bulk assignment: the largest {} customer groups", case.groups.len()));
        let plan = case.check(dir)?;
        let changed: Vec<vastuu::CustomerId> = plan.changes.iter().map(|c| c.customer).collect();
        let (selected, n) = (plan.customers(), changed.len().max(1) as f64);
        say(&format!(
            "   check: {} customers selected, {} changed, applied and toggled alike",
            selected,
            changed.len()
        ));
        let per = |(wall, cpu): timing::Seconds, ops: f64| (wall / ops, cpu.map(|c| c / ops));
        let mut rounds: [Vec<(timing::Seconds, timing::Seconds)>; 4] = Default::default();
        for round in 0..=self.sizes.plan.rounds {
            let start = timing::Stamp::now();
            let add = dir.plan_bulk(&case.add)?;
            let plan_add = start.elapsed();
            let start = timing::Stamp::now();
            dir.apply_bulk(&add)?;
            let apply_add = start.elapsed();
            let start = timing::Stamp::now();
            let remove = dir.plan_bulk(&case.remove)?;
            let plan_remove = start.elapsed();
            let start = timing::Stamp::now();
            dir.apply_bulk(&remove)?;
            let apply_remove = start.elapsed();
            let start = timing::Stamp::now();
            case.toggle_each(dir, &changed)?;
            let toggle = per(start.elapsed(), 2.0 * n);
            drop((add, remove));
            // Round 0 warms up, untimed.
            if round > 0 {
                for (i, t) in [plan_add, apply_add, plan_remove, apply_remove].into_iter().enumerate() {
                    rounds[i].push((per(t, n), toggle));
                }
            }
        }
        let peer = "a toggle per customer changed";
        let note = format!(
            "{selected} customers selected (the largest {} groups of the main dataset), {} changed: a new employee \
             made responsible with a customer role from 2027-01-01 where no active employee holds it, then \
             removed; figures per customer changed; peer: `toggle` of each of those customers on, then off \
             (the whole mutation, a change set each); {} rounds",
            case.groups.len(),
            changed.len(),
            self.sizes.plan.rounds
        );
        let names = [
            "bulk: plan adding an employee with a role, only where the role is missing",
            "bulk: apply that plan as one change set",
            "bulk: plan removing the employee from the same customers",
            "bulk: apply the removal as one change set",
        ];
        for (name, r) in names.into_iter().zip(&rounds) {
            let t = timing::from_rounds(r);
            self.push(Row::timed(name, peer, &t, Target::AtMost { ratio: 20.0 }).note(note.clone()));
        }
        Ok(())
    }

    fn python(&mut self, dir: &Directory) -> Result<(), HarnessError> {
        say("== Python");
        let rows = python::run(self.opts, &self.sizes, dir)?;
        for row in rows {
            self.push(row);
        }
        Ok(())
    }

    fn growth(&mut self) -> Result<(), HarnessError> {
        let s = self.sizes;
        say(&format!(
            "== growth: {} against {}",
            describe("small", &s.growth_small),
            describe("large", &s.growth_large)
        ));
        let small = crate::try_directory(&s.growth_small)?;
        let large = crate::try_directory(&s.growth_large)?;
        let (ws, wl) = (Workload::new(&small), Workload::new(&large));
        let pairs = |w: &Workload| {
            let mut p = w.random_pairs.clone();
            p.extend_from_slice(&w.responsible_pairs);
            p
        };
        let (ps, pl) = (pairs(&ws), pairs(&wl));
        let t = interleave(
            &s.plan,
            pl.len(),
            || visibility::count_visible(&large, &pl, wl.day),
            || visibility::count_visible(&small, &ps, ws.day),
        );
        let label = |c: &GeneratorConfig| thousands(u64::from(c.customers));
        let (small_n, large_n) = (label(&s.growth_small), label(&s.growth_large));
        self.push(
            Row::timed(
                format!("growth: `can_view` at {large_n} customers against {small_n}"),
                format!("itself at {small_n} customers"),
                &t,
                Target::AtMost { ratio: 1.5 },
            )
            .note("the same mix of random and responsible pairs, picked the same way in each directory"),
        );
        self.page_growth((&small, &ws), (&large, &wl))?;
        let (ts, tl) = (sql::Toggles::pick(&small, 512, 99)?, sql::Toggles::pick(&large, 512, 99)?);
        let (small, large) = (std::cell::RefCell::new(small), std::cell::RefCell::new(large));
        let toggle_all = |d: &std::cell::RefCell<Directory>, t: &sql::Toggles| -> usize {
            let mut d = d.borrow_mut();
            let mut added = 0;
            for _ in 0..2 {
                added += t.run_ours(&mut d).unwrap_or(0);
            }
            added
        };
        let t = interleave(&s.plan, tl.ours.len() * 2, || toggle_all(&large, &tl), || toggle_all(&small, &ts));
        self.push(
            Row::timed(
                format!("growth: toggle at {large_n} customers against {small_n}"),
                format!("itself at {small_n} customers"),
                &t,
                Target::AtMost { ratio: 1.5 },
            )
            .note("512 pairs toggled twice per batch in each directory"),
        );
        self.matrix_export_growth(&large.into_inner())
    }

    /// Pages of the views at the large growth size against the small one (the same query in
    /// each), and a deep page of the list against its first page: O(page), not O(directory)?
    fn page_growth(
        &mut self,
        small: (&Directory, &Workload),
        large: (&Directory, &Workload),
    ) -> Result<(), HarnessError> {
        let s = self.sizes;
        let label = |c: &GeneratorConfig| thousands(u64::from(c.customers));
        let (small_n, large_n) = (label(&s.growth_small), label(&s.growth_large));
        let list =
            |d: &Directory, page: Page| d.responsible_persons(&sql::list_query(page)).map_or(0, |p| p.rows.len());
        let listing = |(d, w): (&Directory, &Workload)| {
            let q =
                vastuu::ListingQuery { active: Page::first(50), prospects: Page::first(50), include_archived: false };
            d.customer_listing(Some(w.group), &q).map_or(0, |l| l.active.customers.len())
        };
        let matrix = |(d, w): (&Directory, &Workload)| {
            let q = sql::matrix_query(w.group, "öljy", Page::first(50), Page::first(50));
            d.matrix(&q).map_or(0, |m| m.cells.len())
        };
        let t = interleave(&s.plan, 1, || list(large.0, Page::first(100)), || list(small.0, Page::first(100)));
        let itself = format!("itself at {small_n} customers");
        self.push(
            Row::timed(
                format!(
                    "growth: responsible-persons list, first page of 100, at {large_n} customers against {small_n}"
                ),
                &itself,
                &t,
                Target::AtMost { ratio: 1.5 },
            )
            .note("the unfiltered list (archived customers left out), with its total"),
        );
        let t = interleave(&s.plan, 1, || listing(large), || listing(small));
        self.push(
            Row::timed(
                format!(
                    "growth: customer listing of the largest group, first pages of 50, at {large_n} against {small_n}"
                ),
                &itself,
                &t,
                Target::AtMost { ratio: 1.5 },
            )
            .note("the first 50 of each tab (Active, Prospects) with their totals"),
        );
        let t = interleave(&s.plan, 1, || matrix(large), || matrix(small));
        self.push(
            Row::timed(
                format!("growth: matrix page 50 × 50 filtered by group and text, at {large_n} against {small_n}"),
                &itself,
                &t,
                Target::AtMost { ratio: 1.5 },
            )
            .note("the query of the matrix row above; the text filter reads every customer of the group"),
        );
        let deep = Page::new(50_000, 100);
        let t = interleave(&s.plan, 1, || list(large.0, deep), || list(large.0, Page::first(100)));
        self.push(
            Row::timed(
                format!("responsible-persons list at {large_n} customers: the page of 100 at offset 50,000"),
                "its first page",
                &t,
                Target::AtMost { ratio: 5.0 },
            )
            .note("the unfiltered list; the rows before the page are counted customer by customer"),
        );
        Ok(())
    }

    /// The matrix export of the large growth directory against one ten times smaller: linear?
    fn matrix_export_growth(&mut self, large: &Directory) -> Result<(), HarnessError> {
        let tenth = scaled(self.sizes.growth_large.customers / 10);
        say(&format!("   matrix export: {} against a tenth of it", describe("large", &self.sizes.growth_large)));
        let small = crate::try_directory(&tenth)?;
        let folder = std::env::temp_dir().join(format!("vastuu-compare-matrix-{}", std::process::id()));
        std::fs::create_dir_all(&folder)?;
        // The same 20 columns' worth of employees in each (every active employee would make more
        // columns than a sheet holds at 1,000,000 customers).
        let export = |d: &Directory, name: &str| -> Result<u64, HarnessError> {
            let employees = d.employees().filter(|e| e.active).map(|e| e.id).take(20).collect();
            let query = vastuu::MatrixQuery { employees, ..vastuu::MatrixQuery::new() };
            let path = folder.join(name);
            Ok(d.export_to_path(&vastuu::Export::Matrix(query), &path, vastuu::ExportOptions::default())?.rows)
        };
        let result = (|| {
            let (rows_large, rows_small) = (export(large, "large.xlsx")?, export(&small, "small.xlsx")?);
            let t = interleave_once(
                self.sizes.slow_rounds,
                || export(large, "large.xlsx"),
                || export(&small, "small.xlsx"),
            );
            Ok::<_, HarnessError>((rows_large, rows_small, t))
        })();
        let _ = std::fs::remove_dir_all(&folder);
        let (rows_large, rows_small, t) = result?;
        let growth = rows_large as f64 / rows_small.max(1) as f64;
        self.push(
            Row::timed(
                format!("matrix export of {} rows against {} rows", thousands(rows_large), thousands(rows_small)),
                format!("itself at {} rows", thousands(rows_small)),
                &t,
                Target::AtMost { ratio: 12.0 },
            )
            .note(format!(
                "{growth:.1}x the rows; 20 employee columns; each export written to a file; linear is the rows' ratio"
            )),
        );
        Ok(())
    }
}

impl Comparison<'_> {
    fn postgres(&mut self) -> Result<(), HarnessError> {
        const TOGGLE: &str = "toggle a responsibility through the PostgreSQL store";
        const PEER: &str = "the same DELETE, else INSERT, by the same client on the same server";
        let catch_up =
            format!("catching up {} change sets another process stored", thousands(self.sizes.catch_up as u64));
        let Some(dsn) = postgres::dsn() else {
            let why = "no server: VASTUU_POSTGRES_DSN is not set (scripts/postgres.sh starts one)";
            self.push(Row::not_run(TOGGLE, PEER, Target::AtMost { ratio: 1.5 }, why));
            self.push(Row::not_run(catch_up, "applying them locally", Target::AtMost { ratio: 2.0 }, why));
            return Ok(());
        };
        let server = postgres::server_settings(&dsn)?;
        say(&format!("== PostgreSQL store: {server}; {}", describe("dataset", &self.sizes.main)));
        let schema = postgres::schema_name("store");
        let _dropped_at_end = postgres::SchemaGuard::new(&dsn, &schema);
        let mut dir = postgres::directory_on(&dsn, &schema, generate(&self.sizes.main))?;
        let peer = postgres::PgPeer::load(&dsn, &dir)?;
        let toggles = sql::Toggles::pick(&dir, 64, 99)?;
        say(&format!("   check: {} toggles, then the same again, on both sides", toggles.ours.len()));
        for _ in 0..2 {
            toggles.run_ours(&mut dir)?;
            for (c, p, e) in &toggles.peer {
                peer.toggle(*c, *p, *e)?;
            }
            sql::check_toggles(&dir, &peer, &toggles)?;
        }
        postgres::check_stored(&dsn, &schema, &dir)?;
        let n = toggles.ours.len() * 2;
        let dir_cell = std::cell::RefCell::new(dir);
        let ours = || -> usize {
            let mut d = dir_cell.borrow_mut();
            (0..2).map(|_| toggles.run_ours(&mut d).unwrap_or(0)).sum()
        };
        let theirs = || -> usize {
            let pass = || toggles.peer.iter().filter(|(c, p, e)| peer.toggle(*c, *p, *e).unwrap_or(false)).count();
            pass() + pass()
        };
        let t = interleave(&self.sizes.plan, n, ours, theirs).by_wall_clock();
        let dir = dir_cell.into_inner();
        sql::check_toggles(&dir, &peer, &toggles)?;
        postgres::check_stored(&dsn, &schema, &dir)?;
        self.push(Row::timed(TOGGLE, PEER, &t, Target::AtMost { ratio: 1.5 }).note(format!(
            "{server}; wall clock; {} pairs (half existing responsibilities, half new), each toggled twice per \
             batch; ours: the whole mutation and its commit (a change set of its own, the head moved, a \
             notification); peer: tables of responsibilities and their roles (foreign key, cascade), prepared \
             statements, autocommit; afterwards a directory opened anew on the store holds the same data",
            toggles.ours.len()
        )));
        let data = dir.data();
        drop(dir);
        self.catch_up(&dsn, &schema, data, &catch_up, &server)
    }

    fn catch_up(
        &mut self,
        dsn: &str,
        schema: &str,
        data: vastuu::Data,
        operation: &str,
        server: &str,
    ) -> Result<(), HarnessError> {
        let n = self.sizes.catch_up;
        let mut local = postgres::LocalPair::new(data)?;
        let mut reader = postgres::open(dsn, schema)?;
        say(&format!("   catching up: another process stores {n} change sets before each round"));
        let mut rounds = Vec::new();
        for round in 0..=self.sizes.slow_rounds {
            // Round 0 warms up, untimed.
            let pairs = if round == 0 { 50 } else { n / 2 };
            let seed = 1_000 + round as u64;
            postgres::write_toggles(&mut local.writer, pairs, seed)?;
            let start = timing::Stamp::now();
            let applied_locally = local.reader.sync()?;
            let peer_time = start.elapsed().0;
            let stored = postgres::write_in_child(&self.opts.exe, dsn, schema, pairs, seed)?;
            let start = timing::Stamp::now();
            let caught_up = reader.sync()?;
            let ours_time = start.elapsed().0;
            let made = pairs as u64 * 2;
            if caught_up != made || applied_locally != made {
                return Err(HarnessError::Disagree(format!(
                    "catching up {made} change sets: PostgreSQL gave {caught_up}, locally {applied_locally}"
                )));
            }
            postgres::check_caught_up(&reader, &local.reader, stored)?;
            if round > 0 {
                say(&format!("   round {round}: ours {ours_time:.3} s, locally {peer_time:.3} s"));
                rounds.push(((ours_time, None), (peer_time, None)));
            }
        }
        let t = timing::from_rounds(&rounds);
        self.push(
            Row::timed(
                operation,
                "applying them locally (a MemoryStore shared in this process)",
                &t,
                Target::AtMost { ratio: 2.0 },
            )
            .note(format!(
                "{server}; wall clock; a directory of the main dataset catches up (`sync`) with {n} toggles (each \
                     pair twice) that a child process stored through its own handle; peer: the same toggles made by \
                     a directory on a MemoryStore and caught up with by another directory on that store (the change \
                     sets handed over in memory, no server, no decoding); both then hold the same data"
            )),
        );
        Ok(())
    }
}

/// Runs the comparison, prints the table and writes the JSON report.
///
/// # Errors
/// A peer disagreeing with ours, or a failure to run.
pub fn main(opts: &Options) -> Result<Report, HarnessError> {
    let report = Comparison::new(opts).run()?;
    if let Some(parent) = opts.json.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&opts.json, serde_json::to_string_pretty(&report)?)?;
    let m = &report.machine;
    println!();
    println!("Machine: {} ({} cores, {} GiB), {}", m.cpu, m.cores, m.memory_gib, m.os);
    println!("Times: {}", report.clock);
    println!(
        "Load average: {} at the start, {} at the end; {:.0} s in all ({} run)",
        report.load_start.map_or_else(|| "?".into(), |l| format!("{l:.2}")),
        report.load_end.map_or_else(|| "?".into(), |l| format!("{l:.2}")),
        report.seconds,
        report.mode
    );
    for d in &report.datasets {
        println!("  {d}");
    }
    println!();
    print!("{}", report::markdown(&report.rows));
    println!();
    for r in report.rows.iter().filter(|r| !r.note.is_empty()) {
        println!("- {}: {}", r.operation, r.note);
    }
    println!();
    println!("JSON: {}", opts.json.display());
    Ok(report)
}

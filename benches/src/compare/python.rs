//! The Python rows: the script `benches/python/compare.py` runs in the project's virtual
//! environment as a child process that takes one command per line on its standard input and
//! answers one JSON line each, so that its timings interleave with ours.
//!
//! - export called from Python (the `vastuu` package) against Python XlsxWriter (constant
//!   memory) and polars `write_excel` writing the same rows, which the script loads before the
//!   clock starts from a JSON file this program writes; every file is read back and compared
//!   with our export cell by cell;
//! - a 100-row page of the responsible-persons list called from Python against the same call in
//!   Rust, after checking that both give the same rows.

use super::report::{Row, Target};
use super::timing;
use super::xlsx::{self, PeerSheet};
use super::{say, thousands, HarnessError, Options, Sizes};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use vastuu::export::ExportOptions;
use vastuu::generate::GeneratorConfig;
use vastuu::{Directory, Page, ResponsiblePersonRow, ResponsiblePersonsQuery};

const EXPORT_OURS: &str = "export called from Python";
const LIST: &str = "a 100-row list page called from Python";

fn config_json(c: &GeneratorConfig) -> Value {
    json!({
        "seed": c.seed, "customers": c.customers, "employees": c.employees, "projects": c.projects,
        "responsibilities": c.responsibilities, "customer_groups": c.customer_groups,
        "special_groups": c.special_groups, "teams": c.teams,
    })
}

/// The rows of the Python export as JSON, the export's columns in order: texts, the customer
/// number as a number, the salesperson flag as a boolean, dates as ISO text (the script turns
/// the date columns into dates), `null` for empty cells.
fn rows_json(sheet: &PeerSheet, rows: &[ResponsiblePersonRow]) -> Value {
    let text = |s: Option<&str>| s.map_or(Value::Null, Value::from);
    let date = |d: Option<jiff::civil::Date>| d.map_or(Value::Null, |d| Value::from(d.to_string()));
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            let roles: Vec<&str> = r.roles.iter().map(|role| role.name.as_str()).collect();
            json!([
                r.customer_number,
                r.customer_name,
                text(r.customer_group_name.as_deref()),
                text(r.project_name.as_deref()),
                r.employee_name,
                text(r.email.as_deref()),
                r.salesperson,
                date(r.valid_from),
                date(r.valid_to),
                if roles.is_empty() { Value::Null } else { Value::from(roles.join(", ")) },
            ])
        })
        .collect();
    json!({
        "sheet": sheet.name, "headers": sheet.headers, "widths": sheet.widths, "date_columns": [7, 8], "rows": rows,
    })
}

/// The Python child process.
struct Script {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Script {
    fn start(python: &Path, script: &Path) -> Result<Script, HarnessError> {
        let mut child = Command::new(python)
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let input = child.stdin.take().ok_or_else(|| HarnessError::Failed("no stdin for Python".into()))?;
        let output = child.stdout.take().ok_or_else(|| HarnessError::Failed("no stdout from Python".into()))?;
        Ok(Script { child, input, output: BufReader::new(output) })
    }

    fn ask(&mut self, command: &Value) -> Result<Value, HarnessError> {
        writeln!(self.input, "{command}")?;
        self.input.flush()?;
        let mut line = String::new();
        if self.output.read_line(&mut line)? == 0 {
            return Err(HarnessError::Failed(format!("the Python script ended while asked {command}")));
        }
        let answer: Value = serde_json::from_str(&line)?;
        if answer["ok"] != Value::Bool(true) {
            return Err(HarnessError::Failed(format!("the Python script failed on {command}: {}", answer["error"])));
        }
        Ok(answer)
    }

    /// Asks for a timed command: (wall-clock seconds, CPU seconds of the process).
    fn seconds(&mut self, command: &Value) -> Result<(f64, Option<f64>), HarnessError> {
        let answer = self.ask(command)?;
        let wall = answer["seconds"]
            .as_f64()
            .ok_or_else(|| HarnessError::Failed(format!("no seconds in the answer to {command}")))?;
        Ok((wall, answer["cpu"].as_f64()))
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let _ = writeln!(self.input, "{}", json!({"cmd": "quit"}));
        let _ = self.input.flush();
        let _ = self.child.wait();
    }
}

/// Makes sure the Python peers are installed in the environment (pip install when missing);
/// returns why not when they cannot be.
fn ensure_packages(python: &Path) -> Option<String> {
    let has = |module: &str| {
        Command::new(python).args(["-c", &format!("import {module}")]).output().is_ok_and(|o| o.status.success())
    };
    let missing: Vec<&str> =
        [("xlsxwriter", "xlsxwriter"), ("polars", "polars")].iter().filter(|(m, _)| !has(m)).map(|(_, p)| *p).collect();
    if missing.is_empty() {
        return None;
    }
    say(&format!("   installing {} into the virtual environment", missing.join(", ")));
    let ok = Command::new(python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
        .args(&missing)
        .status()
        .is_ok_and(|s| s.success());
    (!ok).then(|| format!("pip could not install {}", missing.join(", ")))
}

/// Builds and installs the `vastuu` package in release mode (`maturin develop --release`: the
/// test script installs a debug build, which would measure the compiler's debug output, not the
/// library). Cargo reuses what is built, so after the first time this takes seconds. Returns why
/// not when it cannot.
fn release_build(python: &Path, root: &Path) -> Option<String> {
    let Some(bin) = python.parent() else { return Some("no virtual environment folder".into()) };
    let maturin = bin.join("maturin");
    if !maturin.exists() {
        return Some("no maturin in the virtual environment (scripts/test-python.sh installs it)".into());
    }
    say("   building the Python package in release mode (maturin develop --release)");
    let venv = bin.parent().unwrap_or(bin);
    let ok = Command::new(&maturin)
        .args(["develop", "--release", "--quiet"])
        .current_dir(root.join("bindings-python"))
        .env("VIRTUAL_ENV", venv)
        .status()
        .is_ok_and(|s| s.success());
    (!ok).then(|| "maturin develop --release failed".to_owned())
}

fn not_run_all(reason: &str) -> Vec<Row> {
    vec![
        Row::not_run(EXPORT_OURS, "Python XlsxWriter (constant_memory)", Target::FasterBy { factor: 6.0 }, reason),
        Row::not_run(EXPORT_OURS, "polars write_excel", Target::FasterBy { factor: 4.0 }, reason),
        Row::not_run(LIST, "the same call in Rust", Target::AtMost { ratio: 1.2 }, reason),
    ]
}

/// Runs the Python rows against `main` (the main dataset, for the list page).
///
/// # Errors
/// A Python answer that disagrees with ours, or a failure of the script.
pub fn run(opts: &Options, sizes: &Sizes, main: &Directory) -> Result<Vec<Row>, HarnessError> {
    let Some(python) = opts.python.as_deref() else {
        return Ok(not_run_all("no .venv/bin/python (scripts/test-python.sh creates it)"));
    };
    if let Some(why) = ensure_packages(python) {
        return Ok(not_run_all(&why));
    }
    if let Some(why) = release_build(python, &opts.root) {
        return Ok(not_run_all(&why));
    }
    let folder = std::env::temp_dir().join(format!("vastuu-compare-python-{}", std::process::id()));
    std::fs::create_dir_all(&folder)?;
    let result = run_in(opts, sizes, main, python, &folder);
    let _ = std::fs::remove_dir_all(&folder);
    result
}

fn run_in(
    opts: &Options,
    sizes: &Sizes,
    main: &Directory,
    python: &Path,
    folder: &Path,
) -> Result<Vec<Row>, HarnessError> {
    // The export's rows, our export of them, and the JSON the Python peers load.
    let export_dir = crate::try_directory(&sizes.python_export)?;
    let query = xlsx::export_query();
    let sheet = PeerSheet::compute(&export_dir, &query)?;
    let all = export_dir.responsible_persons(&query)?;
    let rows_path = folder.join("rows.json");
    std::fs::write(&rows_path, serde_json::to_vec(&rows_json(&sheet, &all.rows))?)?;
    drop(all);
    let reference = folder.join("reference.xlsx");
    let rows = export_dir.export_to_path(&xlsx::export(), &reference, ExportOptions::default())?.rows;
    drop(export_dir);

    say("   starting the Python script (generates the same directories)");
    let mut script = Script::start(python, &opts.python_script)?;
    let setup = script.ask(&json!({
        "cmd": "setup", "main": config_json(&sizes.main), "export": config_json(&sizes.python_export),
        "rows": rows_path, "out": folder,
    }))?;
    let mut session = Session { script, setup, failed: Vec::new(), folder, sizes };
    let mut out = session.export_rows(&reference, rows)?;
    out.push(session.list_row(main)?);
    Ok(out)
}

/// The Python script once set up, and the sides whose calls failed.
struct Session<'a> {
    script: Script,
    /// The script's answer to `setup`: which sides it has (`have`), and why not (`why`).
    setup: serde_json::Value,
    /// A side whose call fails (an API that changed, a package that breaks) is reported as not
    /// run, with the error; only a side that answers differently from ours stops the program.
    failed: Vec<(&'static str, String)>,
    folder: &'a Path,
    sizes: &'a Sizes,
}

impl Session<'_> {
    fn have(&self, what: &str) -> bool {
        self.setup["have"][what].as_bool() == Some(true) && !self.failed.iter().any(|(w, _)| *w == what)
    }

    fn why(&self, what: &str) -> String {
        self.failed
            .iter()
            .find(|(w, _)| *w == what)
            .map_or_else(|| self.setup["why"][what].as_str().unwrap_or("not available").to_owned(), |(_, e)| e.clone())
    }

    /// Checks each side's export against ours (`reference`, `rows` rows): the sides that can run.
    fn check_exports(&mut self, reference: &Path, rows: u64) -> Result<Vec<&'static str>, HarnessError> {
        let mut available = Vec::new();
        for who in ["vastuu", "xlsxwriter", "polars"] {
            if !self.have(who) {
                continue;
            }
            let path = self.folder.join(format!("{who}.xlsx"));
            say(&format!("   check: {who} from Python, read back and compared with our export"));
            if let Err(e) = self.script.seconds(&json!({"cmd": "export", "who": who, "path": path})) {
                self.failed.push((who, format!("the call failed: {e}")));
                continue;
            }
            let compared = xlsx::compare_books(
                BufReader::new(std::fs::File::open(reference)?),
                BufReader::new(std::fs::File::open(&path)?),
                who,
            )?;
            if u64::from(compared.last_row) != rows {
                return Err(HarnessError::Disagree(format!("{who} wrote {} rows, ours {rows}", compared.last_row)));
            }
            available.push(who);
        }
        Ok(available)
    }

    /// The export rows: ours from Python against each Python peer.
    fn export_rows(&mut self, reference: &Path, rows: u64) -> Result<Vec<Row>, HarnessError> {
        let available = self.check_exports(reference, rows)?;
        let mut times: Vec<(&str, Vec<timing::Seconds>)> = available.iter().map(|w| (*w, Vec::new())).collect();
        for _ in 0..self.sizes.slow_rounds {
            for (who, t) in times.iter_mut() {
                let path = self.folder.join(format!("{who}.xlsx"));
                t.push(self.script.seconds(&json!({"cmd": "export", "who": who, "path": path}))?);
            }
        }
        let figures = |who: &str| times.iter().find(|(w, _)| *w == who).map(|(_, t)| t.clone());
        let note = format!(
            "{} rows × 10 columns ({} customers); the peers get the rows as Python values loaded before the clock starts",
            thousands(rows),
            thousands(u64::from(self.sizes.python_export.customers))
        );
        let mut out = Vec::new();
        for (peer, name, factor) in
            [("xlsxwriter", "Python XlsxWriter (constant_memory)", 6.0), ("polars", "polars write_excel", 4.0)]
        {
            let target = Target::FasterBy { factor };
            let row = match (figures("vastuu"), figures(peer)) {
                (Some(o), Some(p)) => {
                    let t = timing::from_rounds(&o.into_iter().zip(p).collect::<Vec<_>>());
                    Row::timed(EXPORT_OURS, name, &t, target)
                }
                (None, Some(p)) => Row::not_run(EXPORT_OURS, name, target, self.why("vastuu")).with_peer_figure(Some(
                    timing::median(&p.iter().map(|(w, c)| c.unwrap_or(*w)).collect::<Vec<_>>()),
                )),
                (_, None) => Row::not_run(EXPORT_OURS, name, target, self.why(peer)),
            };
            out.push(row.note(note.clone()));
        }
        Ok(out)
    }

    /// The list page from Python against the same call in Rust, on `main`.
    fn list_row(&mut self, main: &Directory) -> Result<Row, HarnessError> {
        let target = Target::AtMost { ratio: 1.2 };
        let first = if self.have("list") {
            match self.script.ask(&json!({"cmd": "list", "calls": 1})) {
                Ok(answer) => Some(answer),
                Err(e) => {
                    self.failed.push(("list", format!("the call failed: {e}")));
                    None
                }
            }
        } else {
            None
        };
        let Some(answer) = first else {
            return Ok(Row::not_run(LIST, "the same call in Rust", target, self.why("list")));
        };
        let q = ResponsiblePersonsQuery::new().page(Page::first(100));
        let ours = main.responsible_persons(&q)?;
        let theirs: Vec<(u64, u64, Option<u64>)> = serde_json::from_value(answer["rows"].clone())?;
        let mine: Vec<(u64, u64, Option<u64>)> = ours
            .rows
            .iter()
            .map(|r| (u64::from(r.customer.get()), u64::from(r.employee.get()), r.project.map(|p| u64::from(p.get()))))
            .collect();
        if mine != theirs || answer["total"].as_u64() != Some(ours.total) {
            return Err(HarnessError::Disagree(format!(
                "the list page from Python: {} rows of {}, ours {} of {}",
                theirs.len(),
                answer["total"],
                mine.len(),
                ours.total
            )));
        }
        let mut call = || main.responsible_persons(&q).map(|p| p.rows.len());
        let calls = timing::calibrate(&self.sizes.plan, &mut call);
        let mut rounds = Vec::new();
        for _ in 0..self.sizes.plan.rounds {
            let rust = timing::batch(calls, &mut call);
            let python = self.script.seconds(&json!({"cmd": "list", "calls": calls}))?;
            rounds.push((python, rust));
        }
        let t = timing::from_rounds(&rounds);
        Ok(Row::timed(LIST, "the same call in Rust", &t, target).note(format!(
            "the first 100 rows of the responsible-persons list of the main dataset ({} rows in all), \
             converted to Python objects",
            thousands(ours.total)
        )))
    }
}

//! The side-by-side comparison program.
//!
//! ```text
//! cargo run --release -p vastuu-benches -- compare [--quick] [--only SECTION,...] [--json PATH]
//! ```
//!
//! Prints the comparison table (operation, ours, peer, ratio, target, met) and writes it as JSON
//! to `--json PATH`, by default to `bench-compare.json` in `$CARGO_TARGET_DIR` (when set) or in
//! `target/` under the current folder. Exits non-zero only when something fails to run or a peer
//! gives another answer than ours; a missed target is reported, not an error. See BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vastuu_benches::compare::{self, xlsx, HarnessError, Options};

const USAGE: &str = "usage: vastuu-benches compare [--quick] [--only SECTION,...] [--json PATH]
       vastuu-benches count [--quick]   (under callgrind: scripts/bench-instructions.sh)
sections: export, visibility, views, toggle, memory, reopen, import, python, bulk, growth, postgres
--json PATH: where the JSON report goes; by default bench-compare.json in $CARGO_TARGET_DIR
(when set) or in target/ under the current folder";

/// Where the JSON report goes without `--json`: `$CARGO_TARGET_DIR/bench-compare.json`, or
/// `target/bench-compare.json` under the current folder.
fn default_json() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| PathBuf::from("target"), PathBuf::from);
    target.join("bench-compare.json")
}

/// The repository root: two levels above this crate's manifest, or the current folder.
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn compare(args: &[String]) -> Result<(), HarnessError> {
    let root = root();
    let mut opts = Options {
        quick: false,
        only: Vec::new(),
        json: default_json(),
        exe: std::env::current_exe()?,
        python: Some(root.join(".venv").join("bin").join("python")).filter(|p| p.exists()),
        python_script: root.join("benches").join("python").join("compare.py"),
        root: root.clone(),
        command: String::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => opts.quick = true,
            "--only" => {
                let v = it.next().ok_or_else(|| HarnessError::Failed(USAGE.into()))?;
                opts.only.extend(v.split(',').map(str::to_owned));
            }
            "--json" => opts.json = PathBuf::from(it.next().ok_or_else(|| HarnessError::Failed(USAGE.into()))?),
            other => return Err(HarnessError::Failed(format!("unknown argument {other:?}\n{USAGE}"))),
        }
    }
    opts.command = format!(
        "cargo run --release -p vastuu-benches -- compare{}",
        args.iter().map(|a| format!(" {a}")).collect::<String>()
    );
    compare::main(&opts)?;
    Ok(())
}

fn export_child(args: &[String]) -> Result<(), HarnessError> {
    let [side, config, path] = args else {
        return Err(HarnessError::Failed("usage: vastuu-benches export-child ours|peer CONFIG PATH".into()));
    };
    let side = match side.as_str() {
        "ours" => xlsx::ExportSide::Ours,
        "peer" => xlsx::ExportSide::Peer,
        other => return Err(HarnessError::Failed(format!("unknown side {other:?}"))),
    };
    let run = xlsx::run_child(side, &xlsx::parse_config_arg(config)?, Path::new(path))?;
    println!("RESULT {}", serde_json::to_string(&run)?);
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("compare") => compare(&args[1..]),
        Some("count") => match &args[1..] {
            [] => compare::count::run(false),
            [quick] if quick == "--quick" => compare::count::run(true),
            _ => Err(HarnessError::Failed(USAGE.into())),
        },
        Some("export-child") => export_child(&args[1..]),
        Some("pg-writer-child") => compare::postgres::writer_child(&args[1..]).map(|seq| println!("RESULT {seq}")),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(HarnessError::Failed(USAGE.into())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

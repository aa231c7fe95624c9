//! Reopening a file store, alone in a process, so that callgrind can count its instructions
//! (CPU times move with the machine's load; instruction counts do not).
//!
//! ```text
//! cargo build --release -p vastuu-benches --example reopen
//! target/release/examples/reopen make 5     # a store of a fifth of the benchmark directory
//! valgrind --tool=callgrind --toggle-collect='*Directory::open*' target/release/examples/reopen open
//! valgrind --tool=callgrind --toggle-collect='*State*from_data*' target/release/examples/reopen load 5
//! ```
//!
//! `make N` writes the store (in the system's temporary folder), `open` opens it and prints the
//! time taken, `load N` builds the same directory from its data in memory (`Directory::from_data`:
//! the indexes and the rule checks, without the file and the decoding).

use std::path::PathBuf;
use std::time::Instant;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{Directory, FileStore};

/// The benchmark directory divided by `divisor` (customers, employees, projects and
/// responsibilities; the groups and teams as they are).
fn config(divisor: u32) -> GeneratorConfig {
    let c = GeneratorConfig::benchmark();
    let d = divisor.max(1);
    GeneratorConfig {
        customers: c.customers / d,
        employees: c.employees / d,
        projects: c.projects / d,
        responsibilities: c.responsibilities / d,
        ..c
    }
}

fn folder() -> PathBuf {
    std::env::temp_dir().join("vastuu-example-reopen")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let divisor = args.get(1).map(|a| a.parse::<u32>()).transpose()?.unwrap_or(1);
    match args.first().map(String::as_str) {
        Some("make") => {
            let _ = std::fs::remove_dir_all(folder());
            drop(Directory::from_data_in(generate(&config(divisor)), FileStore::open(folder())?)?);
            println!("stored in {}", folder().display());
        }
        Some("open") => {
            let start = Instant::now();
            let dir = Directory::open(folder())?;
            println!("opened in {:.1} ms: {} customers", start.elapsed().as_secs_f64() * 1e3, dir.customers().count());
        }
        Some("load") => {
            let data = generate(&config(divisor));
            let start = Instant::now();
            let dir = Directory::from_data(data)?;
            println!("loaded in {:.1} ms: {} customers", start.elapsed().as_secs_f64() * 1e3, dir.customers().count());
        }
        _ => return Err("usage: reopen make N | open | load N".into()),
    }
    Ok(())
}

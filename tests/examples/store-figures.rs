//! Measures the stores: writing and opening the 100,000-customer benchmark directory, the cost
//! of one acknowledged mutation, and opening after many change sets with and without a snapshot.
//!
//! ```text
//! cargo run --release -p vastuu-tests --example store-figures
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::{Duration, Instant};
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{CustomerId, Directory, EmployeeId, FileStore, SqliteStore, Store};
use vastuu_tests::workload::{clock, step};

fn size(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path).unwrap().map(|e| size(&e.unwrap().path())).sum()
    } else {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..n {
        drop(last.take()); // closes the previous store first
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.unwrap())
}

fn measure(name: &str, path: &Path, open: &dyn Fn() -> Box<dyn Store>) {
    let data = generate(&GeneratorConfig::benchmark());
    let start = Instant::now();
    let dir = Directory::from_data_in(data, open()).unwrap();
    let created = start.elapsed();
    drop(dir);
    let (opened, dir) = best_of(3, || Directory::with_store(open()).unwrap());
    println!(
        "{name}: 100k customers: create {}, open {} (best of 3), {:.1} MB on disk",
        ms(created),
        ms(opened),
        size(path) as f64 / 1e6
    );
    drop(dir);
    let (loaded, _) = best_of(3, || open().load().unwrap());
    println!("{name}: of which reading and decoding the store: {}", ms(loaded));

    // Acknowledged mutations on the big directory: each one is durable when it returns.
    let mut dir = Directory::with_store(open()).unwrap();
    let n = 500u32;
    let start = Instant::now();
    for i in 0..n {
        dir.toggle(CustomerId(1 + i * 37).into(), EmployeeId(1 + i % 7)).unwrap();
    }
    println!(
        "{name}: one acknowledged toggle: {:.3} ms on average over {n}",
        start.elapsed().as_secs_f64() * 1e3 / f64::from(n)
    );
    drop(dir);
}

fn history(name: &str, open: &dyn Fn() -> Box<dyn Store>) {
    let mut dir = Directory::with_store(open()).unwrap();
    dir.set_clock(clock());
    for _ in 0..10_000 {
        step(&mut dir, 4).unwrap();
    }
    drop(dir);
    let (replayed, _) = best_of(3, || Directory::with_store(open()).unwrap());
    let mut dir = Directory::with_store(open()).unwrap();
    let start = Instant::now();
    dir.compact().unwrap();
    let compact = start.elapsed();
    drop(dir);
    let (snapshotted, _) = best_of(3, || Directory::with_store(open()).unwrap());
    println!(
        "{name}: 10,000 change sets: open {} replaying all, compact {}, open {} from the snapshot",
        ms(replayed),
        ms(compact),
        ms(snapshotted)
    );
}

fn main() {
    let data = generate(&GeneratorConfig::benchmark());
    let (in_memory, _) = best_of(3, || Directory::from_data(data.clone()).unwrap());
    println!("memory: 100k customers: Directory::from_data (indexes and integrity check) {}", ms(in_memory));
    drop(data);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("big.vastuu");
    let sqlite = tmp.path().join("big.db");
    measure("file  ", &file, &|| Box::new(FileStore::open(&file).unwrap()));
    measure("sqlite", &sqlite, &|| Box::new(SqliteStore::open(&sqlite).unwrap()));
    let file = tmp.path().join("history.vastuu");
    let sqlite = tmp.path().join("history.db");
    history("file  ", &|| Box::new(FileStore::open(&file).unwrap()));
    history("sqlite", &|| Box::new(SqliteStore::open(&sqlite).unwrap()));
}

//! The crash test: a child process (`crash-child`) runs the workload on a store and reports each
//! acknowledged change set; this process kills it with SIGKILL at a random moment, reopens the
//! store, and checks that every acknowledged change set is there and that the store equals a
//! replay of a prefix of the workload (the same workload run in memory). The next child carries
//! on from there, so recovery from each kill is tested by the following run too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use vastuu::generate::Rng;
use vastuu::{Directory, SqliteStore};
use vastuu_tests::backends::Observed;
use vastuu_tests::workload::{advance_to, clock, memory_directory};

const KILLS: u32 = 60;

fn open(backend: &str, path: &Path) -> Directory {
    let mut dir = match backend {
        "file" => Directory::open(path).unwrap(),
        _ => Directory::with_store(SqliteStore::open(path).unwrap()).unwrap(),
    };
    dir.set_clock(clock());
    dir
}

/// What a crash loop saw.
#[derive(Debug, Default)]
struct Tally {
    kills: u32,
    /// Kills before the child acknowledged anything (while it opened the store).
    before_first_ack: u32,
    /// Kills after which the store held a change set that was written but not acknowledged.
    unacknowledged_kept: u32,
    acknowledged: u64,
}

/// Runs the kill-and-check loop.
fn crash_loop(backend: &str, path: &Path, seed: u64) -> Tally {
    let mut rng = Rng::new(seed);
    let mut reference = memory_directory();
    let mut acknowledged = 0u64;
    let mut tally = Tally::default();
    let mut runs = 0;
    while tally.kills < KILLS {
        runs += 1;
        assert!(runs < 3 * KILLS, "the child finishes before it can be killed");
        let until = reference.last_seq() + 400;
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-child"))
            .args(["run", backend, path.to_str().unwrap(), &seed.to_string(), &until.to_string(), "7"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Kill at a random moment: while it opens (and recovers) the store, or after a few
        // acknowledged change sets, with a random delay after the last one.
        let wait_for_acks = rng.below(12);
        let mut lines = Vec::new();
        for _ in 0..wait_for_acks {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => lines.push(line),
                Err(_) => break,
            }
        }
        thread::sleep(Duration::from_micros(rng.below(3_000)));
        let killed = child.kill().is_ok();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        let status = child.wait().unwrap();
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        if killed && status.code().is_none() {
            tally.kills += 1;
            if lines.is_empty() {
                tally.before_first_ack += 1;
            }
        } else {
            assert!(
                lines.last().is_some_and(|l| l == "done"),
                "{backend}: the child failed: {status:?} {lines:?} {stderr}"
            );
        }

        // Every acknowledged change set, in order.
        for line in lines.iter().filter(|l| *l != "done") {
            let seq: u64 = line.strip_prefix("ack ").and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(seq, acknowledged + 1, "{backend}: acknowledgements out of order");
            acknowledged = seq;
        }

        let dir = open(backend, path);
        let stored = dir.last_seq();
        assert!(
            stored >= acknowledged,
            "{backend}: acknowledged change set {acknowledged} is lost; the store ends at {stored} (kill {})",
            tally.kills
        );
        assert!(stored >= reference.last_seq(), "{backend}: the store went back from {}", reference.last_seq());
        advance_to(&mut reference, seed, stored).unwrap();
        assert_eq!(
            Observed::of(&dir),
            Observed::of(&reference),
            "{backend}: not a prefix of the workload (kill {})",
            tally.kills
        );
        dir.check_integrity().unwrap();
        if stored > acknowledged {
            tally.unacknowledged_kept += 1;
        }
        tally.acknowledged = acknowledged;
        // Unacknowledged change sets that made it to disk count as acknowledged from now on.
        acknowledged = stored;
    }
    tally
}

#[test]
fn file_store_loses_no_acknowledged_change_set_when_killed() {
    let tmp = tempfile::tempdir().unwrap();
    let tally = crash_loop("file", &tmp.path().join("store.vastuu"), 17);
    println!("file store: {tally:?}");
    assert!(tally.acknowledged > 0);
}

#[test]
fn sqlite_store_loses_no_acknowledged_change_set_when_killed() {
    let tmp = tempfile::tempdir().unwrap();
    let tally = crash_loop("sqlite", &tmp.path().join("store.db"), 18);
    println!("SQLite store: {tally:?}");
    assert!(tally.acknowledged > 0);
}

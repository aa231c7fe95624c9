//! PostgreSQL restarted while two writers store change sets: every acknowledged change set is
//! there, none twice; the handles go on after reconnecting, and a failed mutation says clearly
//! that it failed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use vastuu::{Directory, Error, NewCustomer, PostgresOptions, PostgresStore, StoreError};
use vastuu_tests::postgres_server::OwnServer;

const PER_WRITER: usize = 40;

fn open(dsn: &str, writer: usize) -> Option<Directory> {
    let options = PostgresOptions::new()
        .schema("restart")
        .writer(format!("writer {writer}"))
        .outcome_wait(Duration::from_secs(30));
    PostgresStore::connect_with(dsn, options).ok().and_then(|s| Directory::with_store(s).ok())
}

/// What one writer saw: the names it was told were stored, and the errors it got.
struct Report {
    acknowledged: Vec<String>,
    errors: Vec<Error>,
    reopened: usize,
}

/// Creates `PER_WRITER` customers, one per mutation; after an error, tries the same one again
/// (after opening the store anew when the handle asks for it, and only if it is not there).
fn write(dsn: &str, writer: usize, done: &AtomicUsize) -> Report {
    let mut report = Report { acknowledged: Vec::new(), errors: Vec::new(), reopened: 0 };
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut dir = open(dsn, writer).unwrap();
    let mut i = 0;
    while i < PER_WRITER {
        assert!(Instant::now() < deadline, "writer {writer} is stuck at customer {i}");
        let name = format!("Asiakas {writer}-{i}");
        match dir.create_customer(NewCustomer::new(name.clone())) {
            Ok(_) => {
                report.acknowledged.push(name);
                done.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
            Err(e) => {
                let reopen = matches!(&e, Error::Store(s) if s.needs_reopen());
                assert!(matches!(&e, Error::Store(StoreError::Io { .. })) || reopen, "writer {writer}: {e:?}");
                report.errors.push(e);
                std::thread::sleep(Duration::from_millis(50));
                if reopen {
                    report.reopened += 1;
                    dir = loop {
                        if let Some(d) = open(dsn, writer) {
                            break d;
                        }
                        assert!(Instant::now() < deadline, "writer {writer} cannot reopen the store");
                        std::thread::sleep(Duration::from_millis(100));
                    };
                    if dir.customers().any(|c| c.name == name) {
                        report.acknowledged.push(name);
                        i += 1;
                    }
                }
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    report
}

fn wait_for(done: &AtomicUsize, at_least: usize) {
    let start = Instant::now();
    while done.load(Ordering::Relaxed) < at_least {
        assert!(start.elapsed() < Duration::from_secs(60), "the writers stopped making progress");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn acknowledged_change_sets_survive_restarts_and_none_is_stored_twice() {
    // The server acknowledges commits before flushing its log unless the store's sessions
    // ask otherwise (they do): an immediate restart would lose acknowledged change sets.
    let Some(server) = OwnServer::start_with(&["synchronous_commit=off"]) else { return };
    drop(open(&server.dsn, 0).unwrap()); // creates the store
    let done = AtomicUsize::new(0);
    let reports: Vec<Report> = std::thread::scope(|s| {
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let (dsn, done) = (&server.dsn, &done);
                s.spawn(move || write(dsn, w, done))
            })
            .collect();
        wait_for(&done, 15);
        server.restart("fast");
        wait_for(&done, 35);
        server.restart("immediate");
        wait_for(&done, 55);
        server.stop("immediate");
        std::thread::sleep(Duration::from_millis(300));
        server.start_again();
        writers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let dir = open(&server.dsn, 9).unwrap();
    dir.check_integrity().unwrap();
    let mut names: Vec<String> = dir.customers().map(|c| c.name.clone()).collect();
    names.sort();
    let total = names.len();
    names.dedup();
    assert_eq!(names.len(), total, "no customer was stored twice");
    for (w, report) in reports.iter().enumerate() {
        assert_eq!(report.acknowledged.len(), PER_WRITER, "writer {w} finished");
        for name in &report.acknowledged {
            assert!(names.binary_search(name).is_ok(), "acknowledged {name} is stored");
        }
        eprintln!(
            "writer {w}: {} errors, {} reopens: {:?}",
            report.errors.len(),
            report.reopened,
            report.errors.iter().map(ToString::to_string).collect::<Vec<_>>()
        );
    }
    assert_eq!(total, 2 * PER_WRITER);
    let seqs: Vec<u64> = dir.change_sets().unwrap().iter().map(|cs| cs.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
    assert_eq!(seqs.len(), 2 * PER_WRITER);
    assert!(reports.iter().any(|r| !r.errors.is_empty()), "the restarts were noticed");
}

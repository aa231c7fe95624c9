//! The shared directory's promises: parallel reads, exports that do not block readers, closing,
//! re-entry, poisoning and transactions owned by tokens.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;
use vastuu::{Export, Language, NewCustomer};
use vastuu_host::{Error, ExportError, ExportRun, Kind, Misuse, SharedDirectory};

fn customers(n: usize) -> SharedDirectory {
    let mut dir = vastuu::Directory::new();
    for i in 0..n {
        dir.create_customer(NewCustomer::new(format!("Asiakas {i}"))).unwrap();
    }
    SharedDirectory::new(dir)
}

fn count(shared: &SharedDirectory) -> Result<usize, Error> {
    shared.read(None, |d| Ok(d.customers().count()))
}

#[test]
fn reads_and_mutations_from_many_threads_all_get_through() {
    let shared = customers(1);
    thread::scope(|s| {
        for t in 0..8 {
            let shared = &shared;
            s.spawn(move || {
                for i in 0..50 {
                    if t % 2 == 0 {
                        shared.write(None, |d| d.create_customer(NewCustomer::new(format!("{t}-{i}")))).unwrap();
                    } else {
                        let run = ExportRun::<()> {
                            language: Language::English,
                            progress: None,
                            cancel: None,
                            follow_symlinks: false,
                            external_ids: false,
                        };
                        let export = Export::Customers(Default::default());
                        shared.export(None, run, |d, o| d.export_to_bytes(&export, o)).unwrap();
                        count(shared).unwrap();
                    }
                }
            });
        }
    });
    assert_eq!(count(&shared), Ok(1 + 4 * 50));
}

#[test]
fn a_callback_cannot_call_a_directory_and_its_error_cancels_the_export() {
    let shared = customers(3);
    let other = customers(1);
    let mut seen = Vec::new();
    let mut progress = |_: u64, _: u64| -> Result<(), Error> {
        seen.push(count(&other).unwrap_err());
        seen.push(shared.close(None).unwrap_err());
        count(&shared).map(drop)
    };
    let cancel = AtomicBool::new(false);
    let run = ExportRun {
        language: Language::Finnish,
        progress: Some(&mut progress),
        cancel: Some(&cancel),
        follow_symlinks: false,
        external_ids: false,
    };
    let result = shared.export(None, run, |d, o| d.export_to_bytes(&Export::Customers(Default::default()), o));
    assert!(matches!(result, Err(ExportError::Callback(Error::Reentered))));
    assert_eq!(seen, [Error::Reentered, Error::Reentered]);
    assert!(cancel.load(Ordering::Relaxed), "the failing callback cancelled the export");
    assert_eq!(count(&shared), Ok(3), "usable after");
    assert_eq!(Error::Reentered.to_string(), "a directory cannot be called from an export's progress callback");
}

#[test]
fn a_cancelled_export_is_export_cancelled() {
    let shared = customers(3);
    let cancel = AtomicBool::new(true);
    let run = ExportRun::<()> {
        language: Language::Finnish,
        progress: None,
        cancel: Some(&cancel),
        follow_symlinks: false,
        external_ids: false,
    };
    let result = shared.export(None, run, |d, o| d.export_to_bytes(&Export::Customers(Default::default()), o));
    assert!(matches!(result, Err(ExportError::Host(Error::Core(vastuu::Error::ExportCancelled)))));
}

#[test]
fn closing_releases_the_store_at_once() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("store");
    let shared = SharedDirectory::new(vastuu::Directory::open(&path).unwrap());
    shared.write(None, |d| d.create_team("Huolto")).unwrap();
    assert!(matches!(vastuu::Directory::open(&path), Err(vastuu::Error::Store(vastuu::StoreError::Locked { .. }))));
    shared.close(None).unwrap();
    assert!(shared.is_closed());
    assert_eq!(count(&shared), Err(Error::Closed));
    assert_eq!(shared.close(None), Ok(()), "closing again does nothing");
    assert_eq!(vastuu::Directory::open(&path).unwrap().teams().count(), 1);
}

#[test]
fn a_forked_child_finds_the_directory_closed() {
    let shared = customers(2);
    let parent = std::process::id();
    shared.close_after_fork();
    assert!(!shared.is_closed(), "in the process that made it, closing after a fork does nothing");
    assert_eq!(count(&shared), Ok(2));

    let child = parent.wrapping_add(1);
    shared.close_as_if_forked(child);
    assert!(shared.is_closed());
    let closed = Error::ClosedAfterFork { opened_in: parent, used_in: child };
    assert_eq!(count(&shared), Err(closed.clone()));
    assert_eq!(shared.write(None, |d| d.create_team("Lapsi").map(drop)), Err(closed.clone()));
    assert_eq!(shared.begin(None).map(drop), Err(closed.clone()));
    assert_eq!(closed.kind(), Kind::Closed);
    let message = closed.to_string();
    assert!(message.contains("opened in the parent process") && message.contains(&parent.to_string()), "{message}");
    assert_eq!(shared.close(None), Ok(()), "closing does nothing");
}

#[test]
fn a_panic_poisons_the_handle_until_the_store_is_opened_again() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("store");
    let shared = SharedDirectory::new(vastuu::Directory::open(&path).unwrap());
    let level = shared.begin(None).unwrap();
    shared.write(Some(level.token), |d| d.create_team("Kesken")).unwrap();
    shared.panic_next_call();
    let first = shared.read(Some(level.token), |d| Ok(d.teams().count())).unwrap_err();
    let Error::Poisoned { message } = &first else { panic!("{first:?}") };
    assert!(message.contains("panic_next_call"), "{message}");
    assert_eq!(first.kind(), Kind::Poisoned);
    assert!(first.to_string().contains("open its store again"), "{first}");
    let later =
        [count(&shared).map(drop), shared.write(None, |d| d.create_team("B").map(drop)), shared.end(level, true)];
    for result in later {
        assert_eq!(result, Err(first.clone()), "every later call names the first panic");
    }
    assert_eq!(shared.transaction_depth(), 0);
    // The store was released with the directory, and the transaction never reached it.
    assert_eq!(vastuu::Directory::open(&path).unwrap().teams().count(), 0);
    assert_eq!(shared.close(None), Ok(()));
    assert_eq!(count(&shared), Err(Error::Closed));
}

#[test]
fn a_transaction_belongs_to_its_token() {
    let shared = Arc::new(customers(0));
    let level = shared.begin(None).unwrap();
    let token = Some(level.token);
    shared.write(token, |d| d.create_team("Sisällä")).unwrap();
    // Another caller on this thread: the owner may need this thread, so no waiting.
    assert_eq!(count(&shared), Err(Error::TransactionBusy));
    assert_eq!(shared.begin(None), Err(Error::TransactionBusy));
    assert_eq!(shared.close(None), Err(Error::TransactionBusy));
    // The owner's token works from any thread.
    let on_another = thread::scope(|s| s.spawn(|| shared.read(token, |d| Ok(d.teams().count()))).join().unwrap());
    assert_eq!(on_another, Ok(1));
    // A caller without the token on another thread waits for the end.
    let waiter = {
        let shared = Arc::clone(&shared);
        thread::spawn(move || shared.read(None, |d| Ok((d.teams().count(), d.last_seq()))))
    };
    thread::sleep(Duration::from_millis(50));
    assert!(!waiter.is_finished());
    let inner = shared.begin(token).unwrap();
    assert_eq!((inner.token, inner.depth, shared.transaction_depth()), (level.token, 2, 2));
    assert_eq!(shared.end(level, true), Err(Error::TransactionMisuse(Misuse::InnerOpen)));
    shared.end(inner, true).unwrap();
    shared.end(level, true).unwrap();
    assert_eq!(shared.end(level, true), Err(Error::TransactionMisuse(Misuse::NotOpen)));
    assert_eq!(waiter.join().unwrap(), Ok((1, 1)), "it saw the committed transaction");
    let next = shared.begin(None).unwrap();
    assert_ne!(next.token, level.token, "tokens are not reused");
    shared.end(next, false).unwrap();
}

#[test]
fn an_abandoned_transaction_is_rolled_back_from_any_thread() {
    let shared = customers(0);
    let level = shared.begin(None).unwrap();
    let inner = shared.begin(Some(level.token)).unwrap();
    shared.write(Some(inner.token), |d| d.create_team("Unohdettu")).unwrap();
    thread::scope(|s| s.spawn(|| shared.abandon(level)).join().unwrap());
    assert_eq!(shared.transaction_depth(), 0);
    assert_eq!(shared.read(None, |d| Ok((d.teams().count(), d.last_seq()))), Ok((0, 0)));
}

#[test]
fn closing_waits_for_other_threads_transactions_and_discards_its_own() {
    let shared = customers(0);
    let level = shared.begin(None).unwrap();
    thread::scope(|s| {
        let closer = s.spawn(|| shared.close(None));
        thread::sleep(Duration::from_millis(50));
        assert!(!closer.is_finished(), "close waits for the transaction");
        shared.write(Some(level.token), |d| d.create_team("Ensin")).unwrap();
        shared.end(level, true).unwrap();
        closer.join().unwrap().unwrap();
    });
    let own = customers(0);
    let level = own.begin(None).unwrap();
    own.close(Some(level.token)).unwrap();
    assert_eq!(own.end(level, true), Err(Error::Closed));
}

#[test]
fn host_kinds_have_codes_of_their_own() {
    let host = [Kind::Closed, Kind::Reentered, Kind::Poisoned, Kind::Panicked, Kind::TransactionBusy];
    let mut codes: Vec<&str> = host.iter().map(|k| k.code()).collect();
    codes.push(Kind::TransactionMisuse.code());
    codes.extend(vastuu::ErrorKind::ALL.iter().map(|&k| Kind::Core(k).code()));
    let unique: std::collections::HashSet<&&str> = codes.iter().collect();
    assert_eq!(unique.len(), codes.len());
    assert_eq!(vastuu_host::guarded(|| Ok(1)), Ok(1));
}

/// Two reads are inside the directory at the same moment: each waits, inside its read, for the
/// other to arrive (with a timeout, so a serialising gate fails the test instead of hanging it).
#[test]
fn reads_run_in_parallel() {
    let shared = customers(3);
    let (a_in, a_seen) = std::sync::mpsc::channel::<()>();
    let (b_in, b_seen) = std::sync::mpsc::channel::<()>();
    thread::scope(|s| {
        let shared = &shared;
        let a = s.spawn(move || {
            shared.read(None, |d| {
                a_in.send(()).unwrap();
                let together = b_seen.recv_timeout(Duration::from_secs(10)).is_ok();
                Ok((together, d.customers().count()))
            })
        });
        let b = s.spawn(move || {
            shared.read(None, |d| {
                b_in.send(()).unwrap();
                let together = a_seen.recv_timeout(Duration::from_secs(10)).is_ok();
                Ok((together, d.customers().count()))
            })
        });
        assert_eq!(a.join().unwrap().unwrap(), (true, 3));
        assert_eq!(b.join().unwrap().unwrap(), (true, 3));
    });
}

/// Reads see what another handle on the same store stored, without an explicit sync.
#[test]
fn reads_catch_up_with_other_writers_first() {
    let store = vastuu::MemoryStore::new();
    let web = SharedDirectory::new(vastuu::Directory::with_store(store.clone()).unwrap());
    let script = SharedDirectory::new(vastuu::Directory::with_store(store.clone()).unwrap());
    script.write(None, |d| d.create_customer(NewCustomer::new("Esimerkki"))).unwrap();
    assert_eq!(count(&web).unwrap(), 1);
    // Inside its own transaction a caller keeps the state the transaction began from.
    let level = web.begin(None).unwrap();
    script.write(None, |d| d.create_customer(NewCustomer::new("Toinen"))).unwrap();
    assert_eq!(web.read(Some(level.token), |d| Ok(d.customers().count())).unwrap(), 1);
    web.end(level, false).unwrap();
    assert_eq!(count(&web).unwrap(), 2);
}

/// `run_transaction` runs its body again when another writer stored first, gives up after the
/// attempts it was given, and rolls back on the body's error.
#[test]
fn run_transaction_retries_on_conflict() {
    let store = vastuu::MemoryStore::new();
    let web = SharedDirectory::new(vastuu::Directory::with_store(store.clone()).unwrap());
    let script = SharedDirectory::new(vastuu::Directory::with_store(store.clone()).unwrap());
    // A transaction begins on the store's latest state.
    script.write(None, |d| d.create_team("Ensin")).unwrap();
    let level = web.begin(None).unwrap();
    assert_eq!(web.read(Some(level.token), |d| Ok(d.last_seq())), Ok(1));
    web.end(level, false).unwrap();
    let mut runs = 0;
    let made = web.run_transaction(None, 3, |level| {
        runs += 1;
        let id = web.write(Some(level.token), |d| d.create_team(&format!("Tiimi {runs}")))?;
        if runs == 1 {
            script.write(None, |d| d.create_team("Väliin"))?;
        }
        Ok::<_, Error>(id)
    });
    assert_eq!(runs, 2);
    let names = web.read(None, |d| Ok(d.teams().map(|t| t.name.clone()).collect::<Vec<_>>())).unwrap();
    assert_eq!(names, ["Ensin", "Väliin", "Tiimi 2"]);
    assert_eq!(web.read(None, |d| Ok(d.team(made.unwrap())?.name.clone())).unwrap(), "Tiimi 2");

    let gave_up = web.run_transaction(None, 2, |level| {
        web.write(Some(level.token), |d| d.create_team(&format!("Yritys {}", d.last_seq())))?;
        script.write(None, |d| d.create_team(&format!("Taas {}", d.last_seq())))
    });
    assert_eq!(gave_up, Err(Error::Core(vastuu::Error::Conflict { attempts: 2 })));

    let before = web.read(None, |d| Ok(d.last_seq())).unwrap();
    let failed: Result<(), Error> = web.run_transaction(None, 3, |level| {
        web.write(Some(level.token), |d| d.create_team("Peruttu"))?;
        Err(Error::Closed)
    });
    assert_eq!(failed, Err(Error::Closed));
    assert_eq!((web.transaction_depth(), web.read(None, |d| Ok(d.last_seq())).unwrap()), (0, before));
}

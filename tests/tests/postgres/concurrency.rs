//! Several directories, each on its own handle (as each process has), on one PostgreSQL store:
//! the checks of `core/tests/concurrency.rs` (where `MemoryStore` clones stand in for processes),
//! here through the server.

use super::{directory, place, store};
use std::cell::Cell;
use std::time::{Duration, Instant};
use vastuu::{Directory, Error, NewCustomer, NewCustomerGroup, PostgresOptions, PostgresStore, Store};
use vastuu_tests::postgres_server::client;

#[test]
fn handles_see_each_others_change_sets_after_sync() {
    let Some(place) = place() else { return };
    let mut a = directory(&place);
    let mut b = directory(&place);
    let x = a.create_customer(NewCustomer::new("Yksi")).unwrap();
    assert_eq!(b.customers().count(), 0, "reads answer from memory until b catches up");
    assert_eq!(b.sync().unwrap(), 1);
    assert_eq!(b.customer(x).unwrap().name, "Yksi");
    b.create_team("Huolto").unwrap();
    assert_eq!(a.sync().unwrap(), 1);
    assert_eq!(a.data(), b.data());
    assert_eq!(a.change_sets().unwrap(), b.change_sets().unwrap());
    // A new handle starts from what the store holds.
    let c = directory(&place);
    assert_eq!(c.data(), a.data());
    assert_eq!(c.change_sets().unwrap(), a.change_sets().unwrap());
}

#[test]
fn a_stale_directory_is_refused_catches_up_and_plans_again() {
    let Some(place) = place() else { return };
    let mut a = directory(&place);
    let mut b = directory(&place);
    let north = a.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(100)).unwrap();
    let x = a.create_customer(NewCustomer::new("Yksi").group(north)).unwrap();
    let y = b.create_customer(NewCustomer::new("Kaksi").group(north)).unwrap();
    assert_ne!(x, y);
    assert_eq!(b.customer(y).unwrap().number, Some(101));
    // a is behind; its change set is refused (a conflict), it catches up and plans again.
    let z = a.create_customer(NewCustomer::new("Kolme").group(north)).unwrap();
    assert_eq!(a.customer(z).unwrap().number, Some(102));
    assert_eq!(a.customer(y).unwrap().name, "Kaksi");
    b.sync().unwrap();
    assert_eq!(a.data(), b.data());
    let stored = store(&place, PostgresOptions::new()).load().unwrap();
    let seqs: Vec<u64> = stored.change_sets.iter().map(|cs| cs.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
}

#[test]
fn the_store_refuses_a_change_set_that_is_not_the_next_one() {
    let Some(place) = place() else { return };
    let mut a = directory(&place);
    a.create_team("Huolto").unwrap();
    a.create_team("Myynti").unwrap();
    let first = a.change_sets().unwrap()[0].clone();
    let mut handle = store(&place, PostgresOptions::new());
    let err = handle.commit(&first).unwrap_err();
    assert_eq!(err, vastuu::StoreError::Conflict { seq: 1, head: 2 });
    let mut ahead = first;
    ahead.seq = 4;
    assert_eq!(handle.commit(&ahead).unwrap_err(), vastuu::StoreError::Conflict { seq: 4, head: 2 });
    assert_eq!(handle.load().unwrap().change_sets.len(), 2, "nothing was stored");
}

#[test]
fn a_transaction_is_run_again_after_a_conflict() {
    let Some(place) = place() else { return };
    let mut a = directory(&place);
    let mut b = directory(&place);
    let runs = Cell::new(0);
    a.transaction(|d| {
        runs.set(runs.get() + 1);
        if runs.get() == 1 {
            b.create_customer(NewCustomer::new("Väliin")).unwrap();
        }
        d.create_customer(NewCustomer::new("Yksi"))?;
        d.create_customer(NewCustomer::new("Kaksi"))?;
        Ok(())
    })
    .unwrap();
    assert_eq!(runs.get(), 2);
    let mut numbers: Vec<u64> = a.customers().filter_map(|c| c.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(a.change_sets().unwrap().len(), 2);
}

#[test]
fn an_explicit_transaction_that_conflicts_is_rolled_back() {
    let Some(place) = place() else { return };
    let mut a = directory(&place);
    let mut b = directory(&place);
    a.begin_transaction();
    a.create_customer(NewCustomer::new("Yksi")).unwrap();
    b.create_customer(NewCustomer::new("Väliin")).unwrap();
    assert_eq!(a.commit_transaction().unwrap_err(), Error::Conflict { attempts: 1 });
    let names: Vec<String> = a.customers().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["Väliin"], "rolled back and caught up");
    assert_eq!(store(&place, PostgresOptions::new()).load().unwrap().change_sets.len(), 1);
    a.check_integrity().unwrap();
}

/// Asks `dir` until it says the store moved, for at most five seconds.
fn hears_of_a_move(dir: &mut Directory) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if dir.store_has_moved().unwrap() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

#[test]
fn has_moved_hears_another_writers_notification() {
    let Some(place) = place() else { return };
    // Polling the head once an hour: only the notification can tell.
    let mut a =
        Directory::with_store(store(&place, PostgresOptions::new().poll_interval(Duration::from_secs(3600)))).unwrap();
    let mut b = directory(&place);
    assert!(!a.store_has_moved().unwrap());
    b.create_team("Huolto").unwrap();
    assert!(hears_of_a_move(&mut a), "the notification of b's commit reached a");
    assert!(a.store_has_moved().unwrap(), "it says so until a catches up");
    assert_eq!(a.sync().unwrap(), 1);
    assert!(!a.store_has_moved().unwrap());
    a.create_team("Myynti").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    assert!(!a.store_has_moved().unwrap(), "its own change set does not count");
    assert!(hears_of_a_move(&mut b));
}

#[test]
fn has_moved_asks_the_head_after_the_connections_were_lost() {
    let Some(place) = place() else { return };
    // A name for a's connections (the one it reads and writes through, and its listener's).
    let name = vastuu_tests::postgres_server::fresh_schema("app");
    let dsn = format!("{} application_name={name}", place.dsn());
    let options = PostgresOptions::new().schema(place.schema()).poll_interval(Duration::from_secs(3600));
    let mut a = Directory::with_store(PostgresStore::connect_with(&dsn, options).unwrap()).unwrap();
    let mut b = directory(&place);
    assert!(!a.store_has_moved().unwrap());
    b.create_team("Ensin").unwrap();
    assert!(hears_of_a_move(&mut a));
    a.sync().unwrap();
    // Both of a's connections are there (a may have heard of b's commit by asking the head
    // before its listener had connected).
    let mut admin = client(place.dsn());
    let start = std::time::Instant::now();
    while admin
        .query_one("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", &[&name])
        .unwrap()
        .get::<_, i64>(0)
        < 2
    {
        assert!(start.elapsed() < Duration::from_secs(30), "a's listener never connected");
        std::thread::sleep(Duration::from_millis(10));
    }
    // a's connections are ended; the notification of b's next commit cannot reach a.
    let ended: i64 = admin
        .query_one(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert_eq!(ended, 2, "a's connection and its listener's");
    b.create_team("Huolto").unwrap();
    assert!(hears_of_a_move(&mut a), "a reconnected and asked the head");
    assert_eq!(a.sync().unwrap(), 1);
    // It goes on writing on a new connection, and hears b again.
    a.create_team("Myynti").unwrap();
    assert!(hears_of_a_move(&mut b));
    b.sync().unwrap();
    b.create_team("Tuki").unwrap();
    assert!(hears_of_a_move(&mut a), "a listens again");
}

#[test]
fn writers_in_threads_keep_numbers_unique_and_end_with_the_same_data() {
    let Some(place) = place() else { return };
    let mut first = directory(&place);
    let group = first.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000)).unwrap();
    let dirs: Vec<Directory> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..3)
            .map(|w| {
                let place = &place;
                s.spawn(move || {
                    let mut d = directory(place);
                    for i in 0..20 {
                        let mut new = NewCustomer::new(format!("Asiakas {w}-{i}"));
                        if i % 2 == 0 {
                            new = new.group(group);
                        }
                        d.create_customer(new).unwrap();
                    }
                    d
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let mut all = dirs;
    all.push(first);
    for d in &mut all {
        d.sync().unwrap();
        d.check_integrity().unwrap();
    }
    for d in &all[1..] {
        assert_eq!(d.data(), all[0].data());
        assert_eq!(d.change_sets().unwrap(), all[0].change_sets().unwrap());
    }
    assert_eq!(all[0].customers().count(), 60);
    assert_eq!(all[0].change_sets().unwrap().len(), 61);
    let mut numbers: Vec<u64> = all[0].customers().filter_map(|c| c.number).collect();
    numbers.sort_unstable();
    let series: Vec<u64> = numbers.iter().copied().filter(|n| *n >= 1000).collect();
    assert_eq!(series, (1000..1030).collect::<Vec<_>>(), "gap-free and unique in the group's series");
    assert_eq!(numbers.len(), 60);
    numbers.dedup();
    assert_eq!(numbers.len(), 60, "unique");
}

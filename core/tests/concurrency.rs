//! Several directories on one store: each change set is stored only as the next one, a
//! directory that meets another writer's change set catches up and plans again, and transactions
//! are run again or rolled back. The stores here are clones of one `MemoryStore`, which behave as
//! processes sharing a database do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::Cell;
use vastuu::{
    ChangeSet, Directory, Error, MemoryStore, NewCustomer, NewCustomerGroup, NewEmployee, Snapshot, Store, StoreError,
    Stored, Toggled, MAX_ATTEMPTS,
};

fn two() -> (MemoryStore, Directory, Directory) {
    let store = MemoryStore::new();
    let a = Directory::with_store(store.clone()).unwrap();
    let b = Directory::with_store(store.clone()).unwrap();
    (store, a, b)
}

#[test]
fn a_stale_directory_catches_up_and_plans_again() {
    let (store, mut a, mut b) = two();
    let north = a.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(100)).unwrap();
    let x = a.create_customer(NewCustomer::new("Yksi").group(north)).unwrap();
    // b has seen neither; it catches up before planning, so it knows the group and takes the
    // next number of its series.
    let y = b.create_customer(NewCustomer::new("Kaksi").group(north)).unwrap();
    assert_ne!(x, y, "the same id was not handed out twice");
    assert_eq!(b.customer(y).unwrap().number, Some(101));
    // a is one change set behind; its next mutation conflicts, catches up and plans again.
    let z = a.create_customer(NewCustomer::new("Kolme").group(north)).unwrap();
    assert_eq!(a.customer(z).unwrap().number, Some(102));
    assert_eq!(a.customer(y).unwrap().name, "Kaksi", "a caught up with b's change set");
    b.sync().unwrap();
    assert_eq!(a.data(), b.data());
    assert_eq!(a.change_sets().unwrap(), b.change_sets().unwrap());
    let seqs: Vec<u64> = store.change_sets().unwrap().iter().map(|cs| cs.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
}

#[test]
fn names_taken_by_another_writer_are_refused_after_catching_up() {
    let (_, mut a, mut b) = two();
    a.create_team("Huolto").unwrap();
    let err = b.create_team("huolto").unwrap_err();
    assert!(matches!(err, Error::DuplicateName { .. }), "{err:?}");
    assert_eq!(b.teams().count(), 1, "b caught up while trying");
}

#[test]
fn toggle_flips_what_the_store_holds_when_it_is_stored() {
    let (_, mut a, mut b) = two();
    let e = a.create_employee(NewEmployee::new("Matti")).unwrap();
    let c = a.create_customer(NewCustomer::new("Esimerkki")).unwrap();
    b.sync().unwrap();
    assert_eq!(a.toggle(c.into(), e).unwrap(), Toggled::Added);
    // b still shows the cell empty, but its toggle is planned again on the store's state.
    assert_eq!(b.toggle(c.into(), e).unwrap(), Toggled::Removed);
    a.sync().unwrap();
    assert!(a.responsibility(c.into(), e).unwrap().is_none());
    // add/remove say what the caller wants, whatever others did.
    assert!(a.add_responsibility(c.into(), e).unwrap());
    assert!(!b.add_responsibility(c.into(), e).unwrap());
}

#[test]
fn a_transaction_is_run_again_after_a_conflict() {
    let (_, mut a, mut b) = two();
    let runs = Cell::new(0);
    a.transaction(|d| {
        runs.set(runs.get() + 1);
        if runs.get() == 1 {
            // Another writer stores a change set while this transaction is open.
            b.create_customer(NewCustomer::new("Väliin")).unwrap();
        }
        d.create_customer(NewCustomer::new("Yksi"))?;
        d.create_customer(NewCustomer::new("Kaksi"))?;
        Ok(())
    })
    .unwrap();
    assert_eq!(runs.get(), 2);
    assert_eq!(a.conflicts_retried(), 1, "the refused change set was planned again once");
    assert_eq!(b.conflicts_retried(), 0);
    let mut numbers: Vec<u64> = a.customers().filter_map(|c| c.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(a.change_sets().unwrap().len(), 2);
}

#[test]
fn a_transaction_catches_up_before_it_runs() {
    let (_, mut a, mut b) = two();
    let north = a.create_customer_group(NewCustomerGroup::new("Pohjoinen")).unwrap();
    a.create_team("Huolto").unwrap();
    // b has seen neither; inside its transaction it knows the group and the team's name.
    let runs = Cell::new(0);
    let c = b
        .transaction(|d| {
            runs.set(runs.get() + 1);
            assert!(d.create_team("huolto").is_err());
            d.create_customer(NewCustomer::new("Yksi").group(north))
        })
        .unwrap();
    assert_eq!((runs.get(), b.conflicts_retried()), (1, 0), "it ran once, on the stored state");
    assert_eq!(b.customer(c).unwrap().group, Some(north));
    a.sync().unwrap();
    assert_eq!(a.data(), b.data());
}

#[test]
fn an_explicit_transaction_that_conflicts_is_rolled_back() {
    let (store, mut a, mut b) = two();
    a.begin_transaction();
    a.create_customer(NewCustomer::new("Yksi")).unwrap();
    b.create_customer(NewCustomer::new("Väliin")).unwrap();
    let err = a.commit_transaction().unwrap_err();
    assert_eq!(err, Error::Conflict { attempts: 1 });
    assert_eq!(a.conflicts_retried(), 0, "the caller decides whether to run it again");
    assert_eq!(a.transaction_depth(), 0);
    let names: Vec<String> = a.customers().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["Väliin"], "rolled back and caught up");
    assert_eq!(store.change_sets().unwrap().len(), 1);
    a.check_integrity().unwrap();
}

#[test]
fn has_moved_says_when_another_writer_stored_something() {
    let (_, mut a, mut b) = two();
    assert!(!a.store_has_moved().unwrap());
    b.create_team("Huolto").unwrap();
    assert!(a.store_has_moved().unwrap());
    assert_eq!(a.sync().unwrap(), 1);
    assert!(!a.store_has_moved().unwrap());
    a.create_team("Myynti").unwrap();
    assert!(!a.store_has_moved().unwrap(), "its own change set does not count");
}

/// A store where another writer always got there first: every commit is refused.
struct AlwaysBehind {
    inner: MemoryStore,
}

impl Store for AlwaysBehind {
    fn load(&mut self) -> Result<Stored, StoreError> {
        self.inner.load()
    }
    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError> {
        Err(StoreError::Conflict { seq: change_set.seq, head: change_set.seq })
    }
    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError> {
        self.inner.write_snapshot(snapshot)
    }
    fn read_change_sets(&mut self, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError> {
        self.inner.read_change_sets(seqs)
    }
}

#[test]
fn endless_conflicts_end_in_a_conflict_error_that_changed_nothing() {
    let mut d = Directory::with_store(AlwaysBehind { inner: MemoryStore::new() }).unwrap();
    let err = d.create_customer(NewCustomer::new("Yksi")).unwrap_err();
    assert_eq!(err, Error::Conflict { attempts: MAX_ATTEMPTS });
    // Planned again after every refusal but the last, which ended the call.
    assert_eq!(d.conflicts_retried(), u64::from(MAX_ATTEMPTS - 1));
    assert_eq!(d.customers().count(), 0);
    assert_eq!(d.last_seq(), 0);
    let err = d.transaction(|d| d.create_team("Huolto")).unwrap_err();
    assert_eq!(err, Error::Conflict { attempts: MAX_ATTEMPTS });
    assert_eq!(d.conflicts_retried(), 2 * u64::from(MAX_ATTEMPTS - 1));
    assert_eq!(d.teams().count(), 0);
    d.check_integrity().unwrap();
}

#[test]
fn handles_interleaving_many_mutations_end_with_the_same_data() {
    let store = MemoryStore::new();
    let mut dirs: Vec<Directory> = (0..3).map(|_| Directory::with_store(store.clone()).unwrap()).collect();
    let g = dirs[0].create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000)).unwrap();
    for i in 0..60 {
        let d = &mut dirs[i % 3];
        let group = if i % 2 == 0 { Some(g) } else { None };
        let mut new = NewCustomer::new(format!("Asiakas {i}"));
        if let Some(g) = group {
            new = new.group(g);
        }
        d.create_customer(new).unwrap();
    }
    for d in &mut dirs {
        d.sync().unwrap();
        d.check_integrity().unwrap();
    }
    assert_eq!(dirs[0].data(), dirs[1].data());
    assert_eq!(dirs[1].data(), dirs[2].data());
    let mut numbers: Vec<u64> = dirs[0].customers().filter_map(|c| c.number).collect();
    numbers.sort_unstable();
    let before = numbers.len();
    numbers.dedup();
    assert_eq!(before, numbers.len(), "numbers are unique");
    let series: Vec<u64> = numbers.iter().copied().filter(|n| *n >= 1000).collect();
    assert_eq!(series, (1000..1000 + series.len() as u64).collect::<Vec<_>>(), "gap-free in the group's series");
}

#[test]
fn conflicts_retried_counts_only_refused_change_sets_planned_again() {
    let (_, mut a, mut b) = two();
    // Caught up before planning (the store said it moved): no conflict, nothing counted.
    a.create_team("Huolto").unwrap();
    b.create_team("Myynti").unwrap();
    a.create_team("Tuki").unwrap();
    assert_eq!((a.conflicts_retried(), b.conflicts_retried()), (0, 0));
    // Refused, rolled back and run again: counted once per run again.
    let runs = Cell::new(0);
    a.transaction(|d| {
        runs.set(runs.get() + 1);
        if runs.get() <= 2 {
            b.create_team(&format!("Väliin {}", runs.get())).unwrap();
        }
        d.create_team("Hallinto")
    })
    .unwrap();
    assert_eq!(runs.get(), 3);
    assert_eq!(a.conflicts_retried(), 2);
    assert_eq!(b.conflicts_retried(), 0, "b caught up before planning each time");
    // Refused errors and rejected plans are not conflicts.
    assert!(a.create_team("huolto").is_err());
    assert_eq!(a.conflicts_retried(), 2);
    // A new handle starts from zero.
    assert_eq!(Directory::with_store(MemoryStore::new()).unwrap().conflicts_retried(), 0);
}

/// A store on which another writer stores a change set just before this handle's next commit:
/// the moment between planning and storing that optimistic concurrency is about.
struct Racing {
    inner: MemoryStore,
    other: Option<Box<dyn FnOnce() + Send>>,
}

impl Store for Racing {
    fn load(&mut self) -> Result<Stored, StoreError> {
        self.inner.load()
    }
    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError> {
        if let Some(other) = self.other.take() {
            other();
        }
        self.inner.commit(change_set)
    }
    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError> {
        self.inner.write_snapshot(snapshot)
    }
    fn read_change_sets(&mut self, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError> {
        self.inner.read_change_sets(seqs)
    }
    fn changes_since(&mut self, seq: u64) -> Result<Vec<ChangeSet>, StoreError> {
        self.inner.changes_since(seq)
    }
    fn has_moved(&mut self) -> Result<bool, StoreError> {
        self.inner.has_moved()
    }
}

#[test]
fn a_change_set_refused_between_planning_and_storing_is_planned_again() {
    let store = MemoryStore::new();
    let mut other = Directory::with_store(store.clone()).unwrap();
    let racing = Racing {
        inner: store.clone(),
        other: Some(Box::new(move || {
            other.create_customer(NewCustomer::new("Ensin")).unwrap();
        })),
    };
    let mut d = Directory::with_store(racing).unwrap();
    // Planned with number 1 and id 1; refused; caught up; planned again with number 2 and id 2.
    let c = d.create_customer(NewCustomer::new("Sitten")).unwrap();
    assert_eq!(d.customer(c).unwrap().number, Some(2));
    assert_eq!(d.conflicts_retried(), 1);
    assert_eq!(c.get(), 2);
    let names: Vec<String> = d.customers().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["Ensin", "Sitten"]);
    assert_eq!(store.change_sets().unwrap().len(), 2);
    d.check_integrity().unwrap();
}

/// The same on a shared SQLite database: two connections, one file.
#[cfg(feature = "sqlite")]
mod sqlite {
    use super::*;
    use vastuu::SqliteStore;

    fn path(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("vastuu-concurrency-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("shared.db")
    }

    #[test]
    fn two_connections_share_one_database() {
        let path = path("share");
        let mut a = Directory::with_store(SqliteStore::open_shared(&path).unwrap()).unwrap();
        let mut b = Directory::with_store(SqliteStore::open_shared(&path).unwrap()).unwrap();
        let g = a.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(10)).unwrap();
        assert!(b.store_has_moved().unwrap());
        let x = b.create_customer(NewCustomer::new("Yksi").group(g)).unwrap();
        assert!(!b.store_has_moved().unwrap());
        let y = a.create_customer(NewCustomer::new("Kaksi").group(g)).unwrap();
        assert_eq!((a.customer(x).unwrap().number, a.customer(y).unwrap().number), (Some(10), Some(11)));
        // A transaction of b's meets a's change set at commit, and runs again.
        let runs = Cell::new(0);
        b.transaction(|d| {
            runs.set(runs.get() + 1);
            if runs.get() == 1 {
                a.create_team("Huolto").unwrap();
            }
            d.create_customer(NewCustomer::new("Kolme").group(g))?;
            Ok(())
        })
        .unwrap();
        assert_eq!(runs.get(), 2);
        a.sync().unwrap();
        assert_eq!(a.data(), b.data());
        drop((a, b));
        // A new connection starts from what is stored.
        let c = Directory::with_store(SqliteStore::open_shared(&path).unwrap()).unwrap();
        assert_eq!(c.change_sets().unwrap().len(), 5);
        assert_eq!(c.customers().count(), 3);
    }

    #[test]
    fn exclusive_and_shared_connections_exclude_each_other() {
        let path = path("exclusive");
        let shared = SqliteStore::open_shared(&path).unwrap();
        assert!(shared.is_shared());
        let err = SqliteStore::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
        assert!(err.to_string().contains("shared"), "{err}");
        drop(shared);
        let exclusive = SqliteStore::open(&path).unwrap();
        assert!(!exclusive.is_shared());
        assert!(matches!(SqliteStore::open_shared(&path), Err(StoreError::Locked { .. })));
    }

    #[test]
    fn a_new_shared_database_opened_twice_at_once_is_created_once() {
        for round in 0..20 {
            let path = path(&format!("race-{round}"));
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    let path = path.clone();
                    std::thread::spawn(move || SqliteStore::open_shared(&path).map(|_| ()))
                })
                .collect();
            for t in threads {
                t.join().unwrap().unwrap();
            }
            let mut d = Directory::with_store(SqliteStore::open_shared(&path).unwrap()).unwrap();
            d.create_team("Huolto").unwrap();
        }
    }
}

/// A `&Directory` can be shared between threads, so hosts can run reads in parallel.
#[test]
fn a_directory_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Directory>();
}

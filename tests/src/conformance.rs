//! The store conformance suite: what every [`Store`] backend must do, written
//! once. [`store_conformance_tests!`](crate::store_conformance_tests) turns it into `#[test]`s
//! for one backend.

use crate::backends::{open_directory, Backend, Observed, SharedBackend};
use crate::workload::{advance_to, memory_directory, step};
use vastuu::generate::{generate, GeneratorConfig, Rng};
use vastuu::{Directory, EntityRef, Error, NewCustomer, NewEmployee, Store, StoreError};

/// The change sets of `steps` workload steps, made in memory.
fn workload_change_sets(seed: u64, steps: u64) -> (Directory, Vec<vastuu::ChangeSet>) {
    let mut dir = memory_directory();
    advance_to(&mut dir, seed, steps).unwrap();
    let change_sets = dir.change_sets().unwrap();
    (dir, change_sets)
}

/// A new store holds nothing.
pub fn empty_store_loads_nothing<B: Backend>() {
    let place = B::new();
    let loaded = place.open().load().unwrap();
    assert_eq!(loaded, vastuu::Stored::default(), "{}", B::NAME);
    // Opening it again (now that it exists) still gives nothing.
    let loaded = place.open().load().unwrap();
    assert_eq!(loaded, vastuu::Stored::default(), "{}", B::NAME);
}

/// Committed change sets come back in order, equal, after reopening too.
pub fn change_sets_come_back_in_order<B: Backend>() {
    let (_, change_sets) = workload_change_sets(11, 40);
    let place = B::new();
    let mut store = place.open();
    for cs in &change_sets {
        store.commit(cs).unwrap();
    }
    assert_eq!(store.load().unwrap().change_sets, change_sets, "{}", B::NAME);
    drop(store);
    let mut store = place.open();
    let loaded = store.load().unwrap();
    assert_eq!(loaded.change_sets, change_sets, "{}", B::NAME);
    assert_eq!(loaded.snapshot, None);
    // Read back by their numbers, as a directory reads its history.
    let picked = [1, 2, 3, 7, 20, 21, 40];
    let want: Vec<_> = picked.iter().map(|&seq| change_sets[seq as usize - 1].clone()).collect();
    assert_eq!(store.read_change_sets(&picked).unwrap(), want, "{}", B::NAME);
    assert_eq!(store.read_change_set_range(5, 9).unwrap(), change_sets[4..9], "{}", B::NAME);
    assert_eq!(store.read_change_set_range(9, 5).unwrap(), [], "{}", B::NAME);
    for missing in [store.read_change_sets(&[40, 41]), store.read_change_set_range(39, 41)] {
        assert!(matches!(missing, Err(StoreError::Corrupt { .. })), "{}: {missing:?}", B::NAME);
    }
}

/// A snapshot replaces the previous one; the change sets stay.
pub fn snapshots_replace_each_other<B: Backend>() {
    let (mut dir, _) = workload_change_sets(12, 10);
    let at_ten = vastuu::Snapshot { seq: 10, data: dir.data() };
    advance_to(&mut dir, 12, 20).unwrap();
    let at_twenty = vastuu::Snapshot { seq: 20, data: dir.data() };
    let change_sets = dir.change_sets().unwrap();

    let place = B::new();
    let mut store = place.open();
    for cs in &change_sets {
        store.commit(cs).unwrap();
    }
    store.write_snapshot(&at_ten).unwrap();
    assert_eq!(store.load().unwrap().snapshot.as_ref(), Some(&at_ten));
    store.write_snapshot(&at_twenty).unwrap();
    drop(store);
    let loaded = place.open().load().unwrap();
    assert_eq!(loaded.snapshot, Some(at_twenty), "{}", B::NAME);
    assert_eq!(loaded.change_sets, change_sets, "{}", B::NAME);
}

/// Reopening after a sequence of mutations gives back exactly the state and the history, the
/// same as the same mutations in memory.
pub fn reopen_gives_back_state_and_history<B: Backend>() {
    for seed in [1, 2, 3] {
        let place = B::new();
        let mut dir = open_directory(&place);
        advance_to(&mut dir, seed, 60).unwrap();
        let before = Observed::of(&dir);
        drop(dir);

        let mut dir = open_directory(&place);
        assert_eq!(Observed::of(&dir), before, "{} seed {seed}", B::NAME);
        dir.check_integrity().unwrap();
        advance_to(&mut dir, seed, 90).unwrap();
        let later = Observed::of(&dir);
        drop(dir);
        assert_eq!(Observed::of(&open_directory(&place)), later, "{} seed {seed}", B::NAME);

        let mut reference = memory_directory();
        advance_to(&mut reference, seed, 90).unwrap();
        assert_eq!(Observed::of(&reference), later, "{} seed {seed}: differs from memory", B::NAME);
    }
}

/// Reopening after every single mutation, at random moments closing and reopening twice.
pub fn reopen_after_every_mutation<B: Backend>() {
    let place = B::new();
    let mut rng = Rng::new(99);
    let mut expected = Observed::of(&memory_directory());
    for k in 0..30 {
        let mut dir = open_directory(&place);
        assert_eq!(Observed::of(&dir), expected, "{} after {k} mutations", B::NAME);
        step(&mut dir, 5).unwrap();
        if rng.chance(20) {
            dir.compact().unwrap();
        }
        expected = Observed::of(&dir);
    }
}

/// Compaction writes a snapshot of the current state; state and history survive it and the
/// mutations after it.
pub fn compaction_keeps_state_and_history<B: Backend>() {
    let place = B::new();
    let mut dir = open_directory(&place);
    advance_to(&mut dir, 21, 30).unwrap();
    dir.compact().unwrap();
    advance_to(&mut dir, 21, 45).unwrap();
    dir.compact().unwrap();
    advance_to(&mut dir, 21, 50).unwrap();
    let before = Observed::of(&dir);
    let customers: Vec<_> = dir.customers().map(|c| c.id).collect();
    let histories: Vec<usize> = customers.iter().map(|c| dir.history(*c).unwrap().len()).collect();
    drop(dir);

    let loaded = place.open().load().unwrap();
    assert_eq!(loaded.snapshot.as_ref().map(|s| s.seq), Some(45), "{}", B::NAME);
    assert_eq!(loaded.change_sets.len(), 50, "{}: the history is kept", B::NAME);

    let dir = open_directory(&place);
    assert_eq!(Observed::of(&dir), before, "{}", B::NAME);
    let reopened: Vec<usize> = customers.iter().map(|c| dir.history(*c).unwrap().len()).collect();
    assert_eq!(reopened, histories, "{}", B::NAME);
}

/// Compaction inside a transaction is refused: the transaction's changes are not stored yet.
pub fn compaction_inside_a_transaction_is_refused<B: Backend>() {
    let place = B::new();
    let mut dir = open_directory(&place);
    let result = dir.transaction(|d| {
        d.create_team("Huolto")?;
        d.compact()
    });
    assert!(matches!(result, Err(Error::Store(StoreError::Failed(_)))), "{}: {result:?}", B::NAME);
    assert_eq!(dir.teams().count(), 0);
    drop(dir);
    assert_eq!(place.open().load().unwrap(), vastuu::Stored::default(), "{}", B::NAME);
}

/// A directory made from data (a generated one here) is stored as a snapshot and comes back.
pub fn directory_from_data_round_trips<B: Backend>() {
    let data = generate(&GeneratorConfig::small());
    let place = B::new();
    let dir = Directory::from_data_in(data.clone(), place.open()).unwrap();
    assert_eq!(dir.data(), data);
    drop(dir);
    let mut dir = open_directory(&place);
    assert_eq!(dir.data(), data, "{}", B::NAME);
    assert!(dir.change_sets().unwrap().is_empty());
    advance_to(&mut dir, 31, 10).unwrap();
    let later = Observed::of(&dir);
    drop(dir);
    assert_eq!(Observed::of(&open_directory(&place)), later, "{}", B::NAME);
    // The store is no longer empty: making a directory from data in it is refused.
    let refused = Directory::from_data_in(data, place.open());
    assert!(matches!(refused, Err(Error::Store(StoreError::Failed(_)))), "{}", B::NAME);
    assert_eq!(Observed::of(&open_directory(&place)), later, "{}", B::NAME);
}

/// Refused mutations and failed transactions reach no store.
pub fn refused_mutations_store_nothing<B: Backend>() {
    let place = B::new();
    let mut dir = open_directory(&place);
    let team = dir.create_team("Huolto").unwrap();
    assert!(dir.create_team("huolto").is_err());
    assert!(dir.create_employee(NewEmployee::new("  ")).is_err());
    assert!(dir.create_employee(NewEmployee::new("Matti").team(vastuu::TeamId(team.0 + 1))).is_err());
    let failed: vastuu::Result<()> = dir.transaction(|d| {
        d.create_customer(NewCustomer::new("Yksi"))?;
        d.create_customer(NewCustomer::new("Kaksi").number(1))?;
        Ok(())
    });
    assert!(failed.is_err());
    drop(dir);
    let loaded = place.open().load().unwrap();
    assert_eq!(loaded.change_sets.len(), 1, "{}", B::NAME);
    let dir = open_directory(&place);
    assert_eq!(dir.teams().count(), 1);
    assert_eq!(dir.customers().count(), 0);
}

/// One change set with thousands of changes, and texts of every kind, round-trip.
pub fn large_change_sets_round_trip<B: Backend>() {
    let place = B::new();
    let mut dir = open_directory(&place);
    let long = "Ä".repeat(vastuu::MAX_NAME_LEN);
    dir.transaction(|d| {
        for i in 0..3000 {
            let name = match i % 4 {
                0 => format!("Asiakas {i}"),
                1 => long.clone(),
                2 => format!("Åsa \u{1F600} \"{i}\" <&> '\\'"),
                _ => format!("客户 {i}"),
            };
            d.create_customer(NewCustomer::new(name))?;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(dir.change_sets().unwrap().len(), 1);
    assert!(dir.change_sets().unwrap()[0].changes.len() >= 3000);
    let before = Observed::of(&dir);
    drop(dir);
    assert_eq!(Observed::of(&open_directory(&place)), before, "{}", B::NAME);
}

/// The history of each entity reads the same after reopening.
pub fn history_survives_reopening<B: Backend>() {
    let place = B::new();
    let mut dir = open_directory(&place);
    dir.set_actor(Some("Tarja Tarkastaja")).unwrap();
    advance_to(&mut dir, 41, 70).unwrap();
    let keys: Vec<EntityRef> = dir
        .customers()
        .map(|c| EntityRef::Customer(c.id))
        .chain(dir.employees().map(|e| EntityRef::Employee(e.id)))
        .chain(dir.customer_groups().map(|g| EntityRef::CustomerGroup(g.id)))
        .chain(dir.special_groups().map(|g| EntityRef::SpecialGroup(g.id)))
        .chain(dir.roles().map(|r| EntityRef::Role(r.id)))
        .chain(dir.teams().map(|t| EntityRef::Team(t.id)))
        .chain(dir.projects().map(|p| EntityRef::Project(p.id)))
        .collect();
    let histories: Vec<Vec<vastuu::ChangeSet>> = keys.iter().map(|k| dir.history(*k).unwrap()).collect();
    assert!(histories.iter().any(|h| !h.is_empty()));
    drop(dir);
    let dir = open_directory(&place);
    for (key, history) in keys.iter().zip(&histories) {
        let reopened: Vec<vastuu::ChangeSet> = dir.history(*key).unwrap();
        assert_eq!(&reopened, history, "{} {key:?}", B::NAME);
    }
    assert!(dir.change_sets().unwrap().iter().all(|cs| cs.actor.as_deref() == Some("Tarja Tarkastaja")));
}

/// Different workloads, closed and reopened at random moments, with compactions in between,
/// equal the same workload run in memory without interruption.
pub fn random_reopens_match_an_uninterrupted_run<B: Backend>() {
    for seed in 100..106 {
        let mut rng = Rng::new(seed);
        let place = B::new();
        let mut dir = open_directory(&place);
        let total = 20 + rng.below(40);
        while dir.last_seq() < total {
            step(&mut dir, seed).unwrap();
            if rng.chance(10) {
                dir.compact().unwrap();
            }
            if rng.chance(15) {
                drop(dir);
                dir = open_directory(&place);
            }
        }
        let got = Observed::of(&dir);
        drop(dir);
        let mut reference = memory_directory();
        advance_to(&mut reference, seed, total).unwrap();
        assert_eq!(got, Observed::of(&reference), "{} seed {seed}", B::NAME);
        assert_eq!(Observed::of(&open_directory(&place)), got, "{} seed {seed}", B::NAME);
    }
}

/// Several handles open on one store at once (as several processes): each sees the others'
/// change sets after `sync`, a stale one catches up before it plans (a name taken elsewhere is
/// refused), a change set that is not the store's next one is refused with nothing stored, a
/// snapshot written by one handle serves them all, and a new handle loads what they stored
/// together: the same as the same steps made by one directory in memory.
pub fn handles_on_one_store_keep_in_step<B: SharedBackend>() {
    let place = B::new();
    let mut a = open_directory(&place);
    let mut b = open_directory(&place);
    advance_to(&mut a, 51, 20).unwrap();
    assert!(b.store_has_moved().unwrap(), "{}: b hears of a's change sets", B::NAME);
    assert_eq!(b.sync().unwrap(), 20, "{}", B::NAME);
    assert!(!b.store_has_moved().unwrap(), "{}", B::NAME);
    assert_eq!(Observed::of(&b), Observed::of(&a), "{}", B::NAME);
    advance_to(&mut b, 51, 35).unwrap();
    b.compact().unwrap();
    // a is 15 change sets behind: it catches up before planning, and its change set is the 36th.
    a.create_team("Yhteinen").unwrap();
    assert_eq!(a.last_seq(), 36, "{}", B::NAME);
    let err = b.create_team("yhteinen").unwrap_err();
    assert!(matches!(err, Error::DuplicateName { .. }), "{}: {err:?}", B::NAME);
    assert_eq!(b.last_seq(), 36, "{}: b caught up while trying", B::NAME);
    let mut reference = memory_directory();
    advance_to(&mut reference, 51, 35).unwrap();
    reference.create_team("Yhteinen").unwrap();
    assert_eq!(Observed::of(&a), Observed::of(&reference), "{}", B::NAME);
    assert_eq!(Observed::of(&b), Observed::of(&reference), "{}", B::NAME);

    let mut raw = place.open();
    let first = reference.change_sets().unwrap()[0].clone();
    assert_eq!(raw.commit(&first), Err(StoreError::Conflict { seq: 1, head: 36 }), "{}", B::NAME);
    let mut ahead = first;
    ahead.seq = 38;
    assert_eq!(raw.commit(&ahead), Err(StoreError::Conflict { seq: 38, head: 36 }), "{}", B::NAME);
    assert_eq!(raw.changes_since(30).unwrap(), reference.change_sets().unwrap()[30..], "{}", B::NAME);
    let loaded = raw.load().unwrap();
    assert_eq!(loaded.snapshot.map(|s| s.seq), Some(35), "{}", B::NAME);
    assert_eq!(loaded.change_sets, reference.change_sets().unwrap(), "{}: nothing refused was stored", B::NAME);
    drop(raw);
    drop((a, b));
    assert_eq!(Observed::of(&open_directory(&place)), Observed::of(&reference), "{}", B::NAME);
}

/// Expands to one `#[test]` per conformance check for a [`Backend`](crate::backends::Backend).
///
/// ```text
/// mod file {
///     vastuu_tests::store_conformance_tests!(vastuu_tests::backends::File);
/// }
/// mod sqlite_shared {
///     // A SharedBackend: also the checks of several handles on one store.
///     vastuu_tests::store_conformance_tests!(shared vastuu_tests::backends::SqliteShared);
/// }
/// ```
#[macro_export]
macro_rules! store_conformance_tests {
    ($backend:ty) => {
        $crate::store_conformance_tests!(@tests $backend;
            empty_store_loads_nothing,
            change_sets_come_back_in_order,
            snapshots_replace_each_other,
            reopen_gives_back_state_and_history,
            reopen_after_every_mutation,
            compaction_keeps_state_and_history,
            compaction_inside_a_transaction_is_refused,
            directory_from_data_round_trips,
            refused_mutations_store_nothing,
            large_change_sets_round_trip,
            history_survives_reopening,
            random_reopens_match_an_uninterrupted_run,
        );
    };
    // A backend several handles may have open at once: the checks above, and those of several
    // handles on one store.
    (shared $backend:ty) => {
        $crate::store_conformance_tests!($backend);
        $crate::store_conformance_tests!(@tests $backend; handles_on_one_store_keep_in_step);
    };
    (@tests $backend:ty; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                if <$backend as $crate::backends::Backend>::available() {
                    $crate::conformance::$name::<$backend>();
                }
            }
        )*
    };
}

//! Fault injection: every write, fsync, rename, truncation (file store) or statement (SQLite) of a
//! mutation is made to fail in turn. Each time the mutation must return an error, the in-memory
//! state must be unchanged, and reopening must give the state before or after the mutation,
//! never anything else.

use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{Directory, Error, FaultPlan, NewCustomer, StoreError};
use vastuu_tests::backends::{open_directory, Backend, FaultyBackend, File, Observed, Sqlite};
use vastuu_tests::workload::{advance_to, clock, step};

type Mutation = dyn Fn(&mut Directory) -> vastuu::Result<()>;

/// A store with `steps` workload steps, compacted at `compact_at`.
fn prepared<B: FaultyBackend>(seed: u64, steps: u64, compact_at: Option<u64>) -> B {
    let place = B::new();
    let mut dir = open_directory(&place);
    if let Some(at) = compact_at {
        advance_to(&mut dir, seed, at).unwrap();
        dir.compact().unwrap();
    }
    advance_to(&mut dir, seed, steps).unwrap();
    drop(dir);
    place
}

fn open_faulty<B: FaultyBackend>(place: &B, plan: &FaultPlan) -> Directory {
    let mut dir = Directory::with_store(place.open_with_faults(plan).unwrap()).unwrap();
    dir.set_clock(clock());
    dir
}

/// Runs `mutation` on copies of `template`, failing its 1st, 2nd, … operation, until it succeeds.
/// Returns how many operations could be made to fail.
fn every_failure_point<B: FaultyBackend>(template: &B, mutation: &Mutation, what: &str) -> u64 {
    let before = Observed::of(&open_directory(template));
    let after = {
        let place = template.fork();
        let mut dir = open_directory(&place);
        mutation(&mut dir).unwrap();
        Observed::of(&dir)
    };
    for n in 1..1000 {
        for sticky in [false, true] {
            let context =
                format!("{} {what}: operation {n} failing{}", B::NAME, if sticky { " and all after" } else { "" });
            let place = template.fork();
            let plan = FaultPlan::new();
            let mut dir = open_faulty(&place, &plan);
            if sticky {
                plan.fail_from_nth(n);
            } else {
                plan.fail_nth(n);
            }
            let result = mutation(&mut dir);
            let injected = plan.injected();
            if result.is_ok() {
                assert!(injected.is_empty(), "{context}: succeeded despite {injected:?}");
                assert_eq!(Observed::of(&dir), after, "{context}");
                drop(dir);
                assert_eq!(Observed::of(&open_directory(&place)), after, "{context}: reopened");
                if !sticky {
                    return n - 1;
                }
                continue;
            }
            assert!(matches!(result, Err(Error::Store(_))), "{context}: {result:?}");
            assert!(!injected.is_empty(), "{context}: failed without an injected fault: {result:?}");
            assert_eq!(Observed::of(&dir), before, "{context}: memory changed by a failed mutation");

            if sticky {
                // The disk stays dead: later writes fail too, and memory stays as it was.
                let again = mutation(&mut dir);
                assert!(matches!(again, Err(Error::Store(_))), "{context}: {again:?}");
                assert_eq!(Observed::of(&dir), before, "{context}");
                drop(dir);
            } else {
                // A passing failure: the store is still usable and the retry succeeds.
                let copy = {
                    drop(dir);
                    let reopened = Observed::of(&open_directory(&place));
                    assert!(reopened == before || reopened == after, "{context}: reopened to another state");
                    place.fork()
                };
                let plan = FaultPlan::new();
                let mut dir = open_faulty(&copy, &plan);
                plan.fail_nth(n);
                assert!(mutation(&mut dir).is_err(), "{context}: the same failure again");
                plan.disarm();
                mutation(&mut dir).unwrap_or_else(|e| panic!("{context}: retry failed: {e}"));
                assert_eq!(Observed::of(&dir), after, "{context}: retried");
                drop(dir);
                assert_eq!(Observed::of(&open_directory(&copy)), after, "{context}: retried and reopened");
                continue;
            }
            let reopened = Observed::of(&open_directory(&place));
            assert!(reopened == before || reopened == after, "{context}: reopened to another state");
        }
    }
    panic!("{} {what}: the mutation never succeeded", B::NAME);
}

fn mutations() -> Vec<(&'static str, Box<Mutation>)> {
    vec![
        ("a workload step", Box::new(|d: &mut Directory| step(d, 7))),
        ("another workload step", Box::new(|d: &mut Directory| step(d, 8))),
        (
            "a transaction of 60 customers",
            Box::new(|d: &mut Directory| {
                d.transaction(|d| {
                    for i in 0..60 {
                        d.create_customer(NewCustomer::new(format!("Asiakas {i} {}", "x".repeat(150))))?;
                    }
                    Ok(())
                })
            }),
        ),
        ("compaction", Box::new(|d: &mut Directory| d.compact())),
    ]
}

fn all_mutations_at_every_failure_point<B: FaultyBackend>() {
    for (template, state) in [
        (B::new(), "a new store"),
        (prepared::<B>(3, 25, None), "25 change sets"),
        (prepared::<B>(4, 30, Some(20)), "30 change sets and a snapshot"),
    ] {
        for (what, mutation) in mutations() {
            let points = every_failure_point(&template, mutation.as_ref(), &format!("{what} on {state}"));
            assert!(points >= 1, "{} {what} on {state}: no operation to fail", B::NAME);
        }
    }
}

#[test]
fn file_store_failures_lose_nothing_and_corrupt_nothing() {
    all_mutations_at_every_failure_point::<File>();
}

#[test]
fn sqlite_failures_lose_nothing_and_corrupt_nothing() {
    all_mutations_at_every_failure_point::<Sqlite>();
}

/// Creating a directory from data writes a snapshot into a new store; every failure of that
/// leaves an empty store or the whole snapshot.
fn directory_from_data_at_every_failure_point<B: FaultyBackend>() {
    let data = generate(&GeneratorConfig::small().with_seed(5));
    for n in 1..100 {
        let place = B::new();
        let plan = FaultPlan::new();
        let store = place.open_with_faults(&plan).unwrap();
        plan.fail_nth(n);
        match Directory::from_data_in(data.clone(), store) {
            Ok(dir) => {
                assert!(plan.injected().is_empty());
                drop(dir);
                assert_eq!(open_directory(&place).data(), data);
                return;
            }
            Err(e) => {
                assert!(matches!(e, Error::Store(_)), "{} operation {n}: {e:?}", B::NAME);
                let reopened = open_directory(&place).data();
                assert!(reopened == data || reopened == Directory::new().data(), "{} operation {n}", B::NAME);
            }
        }
    }
    panic!("never succeeded");
}

#[test]
fn directory_from_data_survives_every_failure() {
    directory_from_data_at_every_failure_point::<File>();
    directory_from_data_at_every_failure_point::<Sqlite>();
}

/// Opening the file store writes too: creating a new store, cutting off a torn last record,
/// removing a leftover temporary file. A failure there is an error; the next open succeeds and
/// finds what was acknowledged.
#[test]
fn file_store_opening_survives_every_failure() {
    // A new store.
    for n in 1..100 {
        let place = File::new();
        let plan = FaultPlan::new();
        plan.fail_nth(n);
        match vastuu::FileStore::open_with_faults(place.path(), &plan) {
            Ok(store) => {
                assert!(plan.injected().is_empty());
                drop(store);
                break;
            }
            Err(e) => {
                assert!(matches!(e, StoreError::Io { .. }), "operation {n}: {e:?}");
                assert_eq!(Observed::of(&open_directory(&place)), Observed::of(&Directory::new()), "operation {n}");
            }
        }
    }
    // A store with a torn last record and a leftover temporary snapshot.
    let template = prepared::<File>(9, 12, Some(6));
    let expected = Observed::of(&open_directory(&template));
    let journal = template.path().join("vastuu.journal");
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes.extend_from_slice(&[7, 0, 0, 0, 1, 2]);
    std::fs::write(&journal, &bytes).unwrap();
    std::fs::write(template.path().join("vastuu.snapshot.tmp"), b"half a snapshot").unwrap();
    for n in 1..100 {
        let place = template.fork();
        let plan = FaultPlan::new();
        plan.fail_nth(n);
        match vastuu::FileStore::open_with_faults(place.path(), &plan) {
            Ok(store) => {
                assert!(plan.injected().is_empty());
                plan.disarm();
                let mut dir = Directory::with_store(store).unwrap();
                assert_eq!(Observed::of(&dir), expected);
                dir.set_clock(clock());
                step(&mut dir, 9).unwrap();
                let later = Observed::of(&dir);
                drop(dir);
                assert_eq!(Observed::of(&open_directory(&place)), later);
                return;
            }
            Err(e) => {
                assert!(matches!(e, StoreError::Io { .. }), "operation {n}: {e:?}");
                let mut dir = open_directory(&place);
                assert_eq!(Observed::of(&dir), expected, "operation {n}");
                step(&mut dir, 9).unwrap();
            }
        }
    }
    panic!("opening never succeeded");
}

/// SQLite's own error path: the database may not grow, so SQLite itself fails the commit with
/// "database or disk is full".
#[test]
fn sqlite_full_disk_fails_the_commit_and_loses_nothing() {
    let place = prepared::<Sqlite>(6, 20, Some(10));
    let before = Observed::of(&open_directory(&place));
    let store = place.open();
    store.limit_growth(0).unwrap();
    let mut dir = Directory::with_store(store).unwrap();
    dir.set_clock(clock());
    let result = dir.transaction(|d| {
        for i in 0..400 {
            d.create_customer(NewCustomer::new(format!("Iso asiakas {i} {}", "y".repeat(180))))?;
        }
        Ok(())
    });
    match &result {
        Err(Error::Store(StoreError::Io { message, .. })) => assert!(message.contains("full"), "{message}"),
        other => panic!("expected a full database, got {other:?}"),
    }
    assert_eq!(Observed::of(&dir), before);
    // Small writes that fit in the free pages may still succeed; the state stays consistent.
    drop(dir);
    let mut dir = open_directory(&place);
    assert_eq!(Observed::of(&dir), before);
    advance_to(&mut dir, 6, 25).unwrap();
    let later = Observed::of(&dir);
    drop(dir);
    assert_eq!(Observed::of(&open_directory(&place)), later);
}

/// When a failed append cannot be undone either, the file store refuses every later write, even
/// once the disk works again, until it is reopened; reopening gives the state before or after.
#[test]
fn file_store_refuses_writes_after_a_failure_it_could_not_undo() {
    let place = prepared::<File>(10, 8, None);
    let before = Observed::of(&open_directory(&place));
    let plan = FaultPlan::new();
    let mut dir = open_faulty(&place, &plan);
    plan.fail_from_nth(1); // the append's write fails, and so does cutting the journal back
    let seq = dir.last_seq() + 1;
    match step(&mut dir, 10) {
        Err(Error::Store(StoreError::OutcomeUnknown { seq: unknown, cause })) => {
            assert_eq!(unknown, seq);
            assert!(cause.contains("cutting it back failed"), "{cause}");
        }
        other => panic!("expected OutcomeUnknown, got {other:?}"),
    }
    plan.disarm();
    match step(&mut dir, 10) {
        Err(Error::Store(StoreError::NeedsReopen { cause })) => assert!(cause.contains("cutting"), "{cause}"),
        other => panic!("expected NeedsReopen, got {other:?}"),
    }
    assert!(matches!(dir.compact(), Err(Error::Store(StoreError::NeedsReopen { .. }))));
    assert_eq!(Observed::of(&dir), before);
    drop(dir);
    let mut dir = open_directory(&place);
    assert_eq!(Observed::of(&dir), before, "the half-written record was a torn tail");
    step(&mut dir, 10).unwrap();
}

/// A failed fsync whose undo fails too leaves the change set written but not known to be
/// durable: the error says the outcome is unknown, and the reopened store tells which it was.
#[test]
fn an_unknown_outcome_is_told_by_reopening() {
    let place = prepared::<File>(11, 8, None);
    let before = Observed::of(&open_directory(&place));
    let plan = FaultPlan::new();
    let mut dir = open_faulty(&place, &plan);
    let seq = dir.last_seq() + 1;
    plan.fail_from_nth(2); // the append's write succeeds; its fsync and the cut back fail
    match dir.create_team("Epävarma") {
        Err(Error::Store(StoreError::OutcomeUnknown { seq: unknown, cause })) => {
            assert_eq!(unknown, seq);
            assert!(cause.contains("fsync") || cause.contains("injected"), "{cause}");
        }
        other => panic!("expected OutcomeUnknown, got {other:?}"),
    }
    assert_eq!(Observed::of(&dir), before, "the directory did not apply the change");
    plan.disarm();
    let again = dir.create_team("Toinen").unwrap_err();
    assert!(matches!(&again, Error::Store(s) if s.needs_reopen()), "{again:?}");
    drop(dir);
    // The whole record reached the file (only its fsync failed), so reopening finds it.
    let reopened = open_directory(&place);
    assert_eq!(reopened.last_seq(), seq);
    assert_eq!(reopened.teams().filter(|t| t.name == "Epävarma").count(), 1);
}

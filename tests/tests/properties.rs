//! Property tests of the core invariants over random operation sequences, drawn with the shared
//! strategies (`vastuu_tests::op::strategy`) from ids `0..=10` of every kind, so unknown ids come
//! up too: a customer is in at most one group; customer numbers are unique; toggling twice
//! restores the state; a rejected operation changes nothing (memory, history, store); numbering
//! never allocates a taken number or one outside its series; reopening the store gives the same
//! data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use vastuu::*;
use vastuu_tests::op::strategy::{simple_op, transaction, Pool};
use vastuu_tests::op::{run, starting_directory, Op, Value};

/// A directory over a memory store the test keeps a handle to, made from the starting directory.
struct Fixture {
    dir: Directory,
    store: MemoryStore,
}

fn setup() -> Fixture {
    let store = MemoryStore::new();
    let mut dir = Directory::with_store(store.clone()).unwrap();
    run(&mut dir, &starting_directory()).unwrap();
    Fixture { dir, store }
}

/// Everything a rejected operation must leave as it was.
#[derive(Debug, PartialEq)]
struct Observed {
    data: Data,
    seq: u64,
    history: Vec<ChangeSet>,
    stored: Vec<ChangeSet>,
}

impl Fixture {
    fn observe(&self) -> Observed {
        Observed {
            data: self.dir.data(),
            seq: self.dir.last_seq(),
            history: self.dir.change_sets().unwrap(),
            stored: self.store.change_sets().unwrap(),
        }
    }
}

/// Any single operation, now and then a transaction (whose failure, when it stops on the first
/// error, must undo all of it).
fn op() -> BoxedStrategy<Op> {
    let pool = Pool::up_to(10);
    prop_oneof![20 => simple_op(&pool), 1 => transaction(&pool)].boxed()
}

/// What a successful allocation must satisfy: the series the customer's group numbers from.
fn expected_series(dir: &Directory, group: Option<CustomerGroupId>) -> SeriesId {
    match group.and_then(|g| dir.customer_group(g).ok()) {
        Some(g) if g.numbering_start.is_some() => SeriesId::Group(g.id),
        _ => SeriesId::Default,
    }
}

/// The customer whose number the operation allocated, if it is an allocating call that succeeded.
fn allocated(op: &Op, value: &Value) -> Option<CustomerId> {
    match (op, value) {
        (Op::CreateCustomer(new), Value::Created(EntityRef::Customer(c)))
            if matches!(new.number, NumberChoice::Next) =>
        {
            Some(*c)
        }
        (Op::RenumberCustomer(c), Value::Number(_)) => Some(*c),
        _ => None,
    }
}

fn check_invariants(dir: &Directory) {
    dir.check_integrity().unwrap();
    // A customer is in at most one group, and the group listings agree with the customers.
    let mut seen = BTreeMap::new();
    for g in dir.customer_groups() {
        for c in dir.group_customers(g.id).unwrap() {
            assert!(seen.insert(c, g.id).is_none(), "{c} is listed in two groups");
            assert_eq!(dir.customer(c).unwrap().group, Some(g.id));
        }
    }
    for c in dir.customers() {
        assert_eq!(c.group, seen.get(&c.id).copied(), "{} group listing disagrees", c.id);
    }
    // Customer numbers are unique.
    let mut numbers = BTreeSet::new();
    for c in dir.customers() {
        if let Some(n) = c.number {
            assert!(numbers.insert(n), "number {n} held twice");
        }
    }
}

/// Runs the operations from the starting directory, checking after each one.
fn invariants_hold_and_rejections_change_nothing(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut f = setup();
    for op in ops {
        let before = f.observe();
        let report_before = f.dir.numbering_report();
        let held_before: BTreeSet<u64> = f.dir.customers().filter_map(|c| c.number).collect();
        match run(&mut f.dir, op) {
            Err(_) => prop_assert_eq!(f.observe(), before, "rejected {:?} changed something", op),
            Ok(value) => {
                if let Some(customer) = allocated(op, &value) {
                    let c = f.dir.customer(customer).unwrap();
                    let n = c.number.unwrap();
                    prop_assert!(!held_before.contains(&n), "{:?} allocated the taken number {}", op, n);
                    let series = expected_series(&f.dir, c.group);
                    let line = report_before.series.iter().find(|s| s.series == series).unwrap();
                    prop_assert!(line.start <= n && n <= line.end, "{} outside {:?}", n, line);
                    prop_assert!(n >= line.next_number, "{} below the counter of {:?}", n, line);
                }
            }
        }
        check_invariants(&f.dir);
    }
    let reopened = Directory::with_store(f.store.clone()).unwrap();
    prop_assert_eq!(reopened.data(), f.dir.data());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_and_rejections_change_nothing_in_random_sequences(ops in vec(op(), 1..60)) {
        invariants_hold_and_rejections_change_nothing(&ops)?;
    }

    #[test]
    fn toggling_twice_restores_the_state(
        ops in vec(op(), 0..30),
        project in any::<bool>(),
        s in 1u32..4,
        e in 1u32..6,
    ) {
        let mut f = setup();
        for op in &ops {
            let _ = run(&mut f.dir, op);
        }
        let sub = if project { Subject::Project(ProjectId(s)) } else { Subject::Customer(CustomerId(s)) };
        let emp = EmployeeId(e);
        let before = f.dir.data();
        let cell = f.dir.responsibility(sub, emp).ok().flatten().cloned();
        match f.dir.toggle(sub, emp) {
            Err(_) => prop_assert_eq!(f.dir.data(), before),
            Ok(first) if !f.dir.employee(emp).unwrap().active => {
                // An inactive employee's responsibility can be toggled off but not on again
                // (only active employees get new responsibilities): the second toggle is refused
                // and changes nothing.
                prop_assert_eq!(first, Toggled::Removed);
                let after_first = f.dir.data();
                let second = f.dir.toggle(sub, emp);
                prop_assert!(matches!(second, Err(Error::EmployeeInactive { .. })), "{:?}", second);
                prop_assert_eq!(f.dir.data(), after_first);
            }
            Ok(first) => {
                let second = f.dir.toggle(sub, emp).unwrap();
                prop_assert_ne!(first, second);
                match cell {
                    // An empty cell, or a plain responsibility: exactly restored.
                    None => prop_assert_eq!(f.dir.data(), before),
                    Some(r) if r.roles.is_empty() && r.period.is_always() => prop_assert_eq!(f.dir.data(), before),
                    // Toggling off drops roles and period (rule 4), so toggling back on gives a
                    // plain responsibility; everything else is as before.
                    Some(_) => {
                        let now = f.dir.responsibility(sub, emp).unwrap().unwrap();
                        prop_assert!(now.roles.is_empty() && now.period.is_always());
                        let mut expected = before.clone();
                        for r in &mut expected.responsibilities {
                            if r.subject == sub && r.employee == emp {
                                r.roles.clear();
                                r.period = Period::ALWAYS;
                            }
                        }
                        prop_assert_eq!(f.dir.data(), expected);
                    }
                }
            }
        }
    }
}

/// Failures proptest once found, kept as sequences: renumbering a customer whose number was
/// set by hand, and renumbering the same customer again and again between creations.
#[test]
fn renumbering_sequences_found_before() {
    // Customers 7, 8, … are the ones these sequences create, in the default series.
    let create = || Op::CreateCustomer(NewCustomer::new("Uusi"));
    let (c7, c8) = (CustomerId(7), CustomerId(8));
    let cases = [
        vec![create(), Op::SetCustomerNumber(c7, Some(5)), Op::RenumberCustomer(c7)],
        vec![
            create(),
            create(),
            Op::RenumberCustomer(c7),
            Op::RenumberCustomer(c7),
            create(),
            Op::RenumberCustomer(c8),
            Op::RenumberCustomer(c7),
            create(),
        ],
    ];
    for ops in cases {
        invariants_hold_and_rejections_change_nothing(&ops).unwrap();
    }
}

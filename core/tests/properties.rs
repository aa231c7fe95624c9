//! Property tests of the core invariants over random operation sequences: a customer is in at
//! most one group; customer numbers are unique; toggling twice restores the state; a rejected
//! mutation changes nothing; numbering never allocates a taken number or one outside its series.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::fixture;
use jiff::civil::date;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use vastuu::*;

#[derive(Clone, Debug)]
enum Op {
    CreateEmployee { active: bool, sales: bool },
    SetActive(u32, bool),
    SetSalesRights(u32, bool),
    CreateCustomer { group: Option<u32>, number: Option<u64>, unnumbered: bool },
    CreateProject(u32),
    CreateGroup { start: Option<u64>, end: Option<u64>, customers: Vec<u32>, move_them: bool },
    SetGroupNumbering(u32, Option<u64>, Option<u64>),
    SetGroupCustomers(u32, Vec<u32>, bool),
    AddToGroup(u32, u32),
    MoveToGroup(u32, u32),
    RemoveFromGroup(u32),
    DeleteGroup(u32),
    AddSalesperson(u32, u32),
    Toggle { project: bool, subject: u32, employee: u32 },
    AddRole { project: bool, subject: u32, employee: u32, role: u32 },
    SetPeriod { project: bool, subject: u32, employee: u32, from: Option<i8>, to: Option<i8> },
    SetNumber(u32, Option<u64>),
    Renumber(u32),
    DeleteCustomer(u32),
    DeleteProject(u32),
    DeleteEmployee(u32),
    CreateSpecial(Vec<u32>),
    AddToSpecial(u32, u32),
    DeleteSpecial(u32),
}

// Ids are drawn a little past what exists, so unknown ids come up too.
fn id() -> impl Strategy<Value = u32> {
    0u32..10
}

fn number() -> impl Strategy<Value = u64> {
    prop_oneof![8 => 0u64..20, 1 => Just(MAX_CUSTOMER_NUMBER), 1 => Just(MAX_CUSTOMER_NUMBER + 1)]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (any::<bool>(), any::<bool>()).prop_map(|(active, sales)| Op::CreateEmployee { active, sales }),
        1 => (id(), any::<bool>()).prop_map(|(e, a)| Op::SetActive(e, a)),
        1 => (id(), any::<bool>()).prop_map(|(e, s)| Op::SetSalesRights(e, s)),
        8 => (proptest::option::of(id()), proptest::option::weighted(0.4, number()), proptest::bool::weighted(0.1))
            .prop_map(|(group, number, unnumbered)| Op::CreateCustomer { group, number, unnumbered }),
        1 => (proptest::option::of(number()), proptest::option::of(number()), proptest::collection::vec(id(), 0..5), any::<bool>())
            .prop_map(|(start, end, customers, move_them)| Op::CreateGroup { start, end, customers, move_them }),
        1 => id().prop_map(Op::CreateProject),
        1 => (id(), proptest::option::of(number()), proptest::option::of(number()))
            .prop_map(|(g, s, e)| Op::SetGroupNumbering(g, s, e)),
        1 => (id(), proptest::collection::vec(id(), 0..6), any::<bool>()).prop_map(|(g, c, m)| Op::SetGroupCustomers(g, c, m)),
        1 => (id(), id()).prop_map(|(g, c)| Op::AddToGroup(g, c)),
        1 => (id(), id()).prop_map(|(g, c)| Op::MoveToGroup(g, c)),
        1 => id().prop_map(Op::RemoveFromGroup),
        1 => id().prop_map(Op::DeleteGroup),
        1 => (id(), id()).prop_map(|(g, e)| Op::AddSalesperson(g, e)),
        4 => (any::<bool>(), id(), id()).prop_map(|(project, subject, employee)| Op::Toggle { project, subject, employee }),
        1 => (any::<bool>(), id(), id(), 0u32..5)
            .prop_map(|(project, subject, employee, role)| Op::AddRole { project, subject, employee, role }),
        1 => (any::<bool>(), id(), id(), proptest::option::of(-3i8..3), proptest::option::of(-3i8..3)).prop_map(
            |(project, subject, employee, from, to)| Op::SetPeriod { project, subject, employee, from, to }
        ),
        4 => (id(), proptest::option::of(number())).prop_map(|(c, n)| Op::SetNumber(c, n)),
        3 => id().prop_map(Op::Renumber),
        1 => id().prop_map(Op::DeleteCustomer),
        1 => id().prop_map(Op::DeleteProject),
        1 => id().prop_map(Op::DeleteEmployee),
        1 => proptest::collection::vec(id(), 0..4).prop_map(Op::CreateSpecial),
        1 => (id(), id()).prop_map(|(g, c)| Op::AddToSpecial(g, c)),
        1 => id().prop_map(Op::DeleteSpecial),
    ]
}

fn subject(project: bool, id: u32) -> Subject {
    if project {
        Subject::Project(ProjectId(id))
    } else {
        Subject::Customer(CustomerId(id))
    }
}

fn day(offset: i8) -> jiff::civil::Date {
    date(2026, 6, 15).saturating_add(jiff::Span::new().days(i64::from(offset)))
}

/// What a successful allocation must satisfy: the series the customer's group numbers from.
fn expected_series(dir: &Directory, group: Option<CustomerGroupId>) -> SeriesId {
    match group.and_then(|g| dir.customer_group(g).ok()) {
        Some(g) if g.numbering_start.is_some() => SeriesId::Group(g.id),
        _ => SeriesId::Default,
    }
}

fn apply(dir: &mut Directory, op: &Op) -> Result<Option<CustomerId>> {
    let roles = [RoleId(1), RoleId(2), RoleId(3), RoleId(4)];
    match op.clone() {
        Op::CreateEmployee { active, sales } => {
            dir.create_employee(NewEmployee::new("E").active(active).sales_rights(sales)).map(|_| None)
        }
        Op::SetActive(e, a) => {
            dir.update_employee(EmployeeId(e), EmployeeUpdate { active: Some(a), ..Default::default() }).map(|_| None)
        }
        Op::SetSalesRights(e, s) => dir
            .update_employee(EmployeeId(e), EmployeeUpdate { sales_rights: Some(s), ..Default::default() })
            .map(|_| None),
        Op::CreateCustomer { group, number, unnumbered } => {
            let mut new = NewCustomer::new("C");
            new.group = group.map(CustomerGroupId);
            if let Some(n) = number {
                new = new.number(n);
            } else if unnumbered {
                new = new.unnumbered();
            }
            dir.create_customer(new).map(Some)
        }
        Op::CreateProject(c) => dir.create_project(CustomerId(c), "P").map(|_| None),
        Op::CreateGroup { start, end, customers, move_them } => {
            let name = format!("G{}", dir.customer_groups().count());
            let new = NewCustomerGroup {
                name,
                numbering_start: start,
                numbering_end: end,
                customers: customers.into_iter().map(CustomerId).collect(),
                move_customers: move_them,
                ..Default::default()
            };
            dir.create_customer_group(new).map(|_| None)
        }
        Op::SetGroupNumbering(g, s, e) => dir
            .update_customer_group(
                CustomerGroupId(g),
                CustomerGroupUpdate { numbering_start: Some(s), numbering_end: Some(e), ..Default::default() },
            )
            .map(|_| None),
        Op::SetGroupCustomers(g, c, m) => dir
            .update_customer_group(
                CustomerGroupId(g),
                CustomerGroupUpdate {
                    customers: Some(c.into_iter().map(CustomerId).collect()),
                    move_customers: m,
                    ..Default::default()
                },
            )
            .map(|_| None),
        Op::AddToGroup(g, c) => dir.add_customer_to_group(CustomerGroupId(g), CustomerId(c)).map(|_| None),
        Op::MoveToGroup(g, c) => dir.move_customer_to_group(CustomerGroupId(g), CustomerId(c)).map(|_| None),
        Op::RemoveFromGroup(c) => dir.remove_customer_from_group(CustomerId(c)).map(|_| None),
        Op::DeleteGroup(g) => dir.delete_customer_group(CustomerGroupId(g)).map(|_| None),
        Op::AddSalesperson(g, e) => dir.add_group_salesperson(CustomerGroupId(g), EmployeeId(e)).map(|_| None),
        Op::Toggle { project, subject: s, employee } => {
            dir.toggle(subject(project, s), EmployeeId(employee)).map(|_| None)
        }
        Op::AddRole { project, subject: s, employee, role } => {
            dir.add_role(subject(project, s), EmployeeId(employee), roles[role as usize % 4]).map(|_| None)
        }
        Op::SetPeriod { project, subject: s, employee, from, to } => dir
            .set_period(subject(project, s), EmployeeId(employee), Period { from: from.map(day), to: to.map(day) })
            .map(|_| None),
        Op::SetNumber(c, n) => dir.set_customer_number(CustomerId(c), n).map(|_| None),
        Op::Renumber(c) => dir.renumber_customer(CustomerId(c)).map(|_| Some(CustomerId(c))),
        Op::DeleteCustomer(c) => dir.delete_customer(CustomerId(c)).map(|_| None),
        Op::DeleteProject(p) => dir.delete_project(ProjectId(p)).map(|_| None),
        Op::DeleteEmployee(e) => dir.delete_employee(EmployeeId(e)).map(|_| None),
        Op::CreateSpecial(c) => {
            let name = format!("S{}", dir.special_groups().count());
            dir.create_special_group(NewSpecialGroup::new(name).customers(c.into_iter().map(CustomerId))).map(|_| None)
        }
        Op::AddToSpecial(g, c) => dir.add_to_special_group(SpecialGroupId(g), CustomerId(c)).map(|_| None),
        Op::DeleteSpecial(g) => dir.delete_special_group(SpecialGroupId(g)).map(|_| None),
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

fn setup() -> common::Fixture {
    let mut f = fixture();
    let d = &mut f.dir;
    for i in 0..3 {
        d.create_employee(NewEmployee::new(format!("E{i}")).sales_rights(i != 1)).unwrap();
    }
    d.create_role(NewRole::new("A", RoleScope::Customer)).unwrap();
    d.create_role(NewRole::new("B", RoleScope::Customer)).unwrap();
    d.create_role(NewRole::new("C", RoleScope::Project)).unwrap();
    d.create_role(NewRole::new("D", RoleScope::Project)).unwrap();
    d.create_customer_group(NewCustomerGroup::new("G").numbering_start(10).numbering_end(14)).unwrap();
    for i in 0..3 {
        let c = d.create_customer(NewCustomer::new(format!("C{i}"))).unwrap();
        d.create_project(c, "P").unwrap();
    }
    f
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_and_rejections_change_nothing(ops in proptest::collection::vec(op(), 1..60)) {
        let mut f = setup();
        for op in &ops {
            let before = f.observe();
            let report_before = f.dir.numbering_report();
            let held_before: BTreeSet<u64> = f.dir.customers().filter_map(|c| c.number).collect();
            let allocates = matches!(op, Op::CreateCustomer { number: None, unnumbered: false, .. } | Op::Renumber(_));
            match apply(&mut f.dir, op) {
                Err(_) => prop_assert_eq!(f.observe(), before, "rejected {:?} changed something", op),
                Ok(Some(customer)) if allocates => {
                    let c = f.dir.customer(customer).unwrap();
                    let n = c.number.unwrap();
                    prop_assert!(!held_before.contains(&n), "{:?} allocated the taken number {}", op, n);
                    let series = expected_series(&f.dir, c.group);
                    let line = report_before.series.iter().find(|s| s.series == series).unwrap();
                    prop_assert!(line.start <= n && n <= line.end, "{} outside {:?}", n, line);
                    prop_assert!(n >= line.next_number, "{} below the counter of {:?}", n, line);
                }
                Ok(_) => {}
            }
            check_invariants(&f.dir);
        }
        let reopened = Directory::with_store(f.store.clone()).unwrap();
        prop_assert_eq!(reopened.data(), f.dir.data());
    }

    #[test]
    fn toggling_twice_restores_the_state(
        ops in proptest::collection::vec(op(), 0..30),
        project in any::<bool>(),
        s in 1u32..4,
        e in 1u32..4,
    ) {
        let mut f = setup();
        for op in &ops {
            let _ = apply(&mut f.dir, op);
        }
        let (sub, emp) = (subject(project, s), EmployeeId(e));
        let before = f.dir.data();
        let cell = f.dir.responsibility(sub, emp).ok().flatten().cloned();
        match f.dir.toggle(sub, emp) {
            Err(_) => prop_assert_eq!(f.dir.data(), before),
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

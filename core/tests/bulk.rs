//! Bulk assignment: adding with roles and a period, only where a role is missing, removing,
//! skipped customers and their reasons, empty selections, bad requests, stale plans, atomicity
//! and history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, Fixture};
use jiff::civil::{date, Date};
use vastuu::*;

struct World {
    f: Fixture,
    liisa: EmployeeId,
    pekka: EmployeeId,
    retired: EmployeeId,
    accountant: RoleId,
    payroll: RoleId,
    manager: RoleId,
    uusimaa: CustomerGroupId,
    /// Uusimaa customers, in name order: nobody, Pekka accountant, the retired accountant,
    /// Pekka accountant until the end of 2026.
    a: CustomerId,
    b: CustomerId,
    c: CustomerId,
    d: CustomerId,
    /// Outside the group.
    other: CustomerId,
}

fn from(day: Date) -> Period {
    Period::new(Some(day), None).unwrap()
}

const JAN_1: Date = date(2027, 1, 1);

fn world() -> World {
    let mut f = fixture();
    let d = &mut f.dir;
    let liisa = d.create_employee(NewEmployee::new("Liisa")).unwrap();
    let pekka = d.create_employee(NewEmployee::new("Pekka")).unwrap();
    let retired = d.create_employee(NewEmployee::new("Eläkeläinen")).unwrap();
    let accountant = d.create_role(NewRole::new("Kirjanpitäjä", RoleScope::Customer)).unwrap();
    let payroll = d.create_role(NewRole::new("Palkat", RoleScope::Customer)).unwrap();
    let manager = d.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project)).unwrap();
    let uusimaa = d.create_customer_group(NewCustomerGroup::new("Uusimaa")).unwrap();
    let a = d.create_customer(NewCustomer::new("A Oy").group(uusimaa)).unwrap();
    let b = d.create_customer(NewCustomer::new("B Oy").group(uusimaa)).unwrap();
    let c = d.create_customer(NewCustomer::new("C Oy").group(uusimaa)).unwrap();
    let dd = d.create_customer(NewCustomer::new("D Oy").group(uusimaa)).unwrap();
    let other = d.create_customer(NewCustomer::new("Muu Oy")).unwrap();
    d.add_role(b.into(), pekka, accountant).unwrap();
    d.add_role(c.into(), retired, accountant).unwrap();
    d.set_responsibility(dd.into(), pekka, &[accountant], Period::new(None, Some(date(2026, 12, 31))).unwrap())
        .unwrap();
    d.archive_employee(retired).unwrap();
    World { f, liisa, pekka, retired, accountant, payroll, manager, uusimaa, a, b, c, d: dd, other }
}

impl World {
    fn in_uusimaa(&self) -> CustomerFilter {
        CustomerFilter::new().group(self.uusimaa)
    }
    fn resp(&self, customer: CustomerId, e: EmployeeId) -> Option<Responsibility> {
        self.f.dir.responsibility(customer.into(), e).unwrap().cloned()
    }
}

fn changed(plan: &BulkPlan) -> Vec<CustomerId> {
    plan.changes.iter().map(|c| c.customer).collect()
}

fn skip(customer: CustomerId, reason: BulkSkipReason) -> BulkSkipped {
    BulkSkipped { customer, reason }
}

#[test]
fn the_user_story_liisa_accountant_from_january_where_there_is_none() {
    let mut w = world();
    let request =
        BulkRequest::add(w.liisa, w.in_uusimaa()).roles([w.accountant]).period(from(JAN_1)).only_missing_role(true);
    let plan = w.f.dir.plan_bulk(&request).unwrap();
    // A: nobody. C: an accountant who has left. D: an accountant whose period ends before.
    assert_eq!(changed(&plan), [w.a, w.c, w.d]);
    assert_eq!(plan.skipped, [skip(w.b, BulkSkipReason::RoleAlreadyHeld { role: w.accountant, by: w.pekka })]);
    assert_eq!(plan.customers(), 4);
    let made =
        Responsibility { subject: w.a.into(), employee: w.liisa, roles: [w.accountant].into(), period: from(JAN_1) };
    assert_eq!(plan.changes[0], BulkChange { customer: w.a, before: None, after: Some(made.clone()) });
    let seq = w.f.dir.last_seq();
    w.f.dir.apply_bulk(&plan).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1, "one change set");
    assert_eq!(w.resp(w.a, w.liisa), Some(made));
    assert!(w.resp(w.b, w.liisa).is_none() && w.resp(w.other, w.liisa).is_none());
    w.f.dir.check_integrity().unwrap();
    // Planned again, everything is done: the plan is empty.
    let again = w.f.dir.plan_bulk(&request).unwrap();
    assert!(again.is_empty());
    assert_eq!(again.skipped.len(), 4);
}

#[test]
fn without_only_missing_role_every_selected_customer_gets_the_employee() {
    let mut w = world();
    let plan = w.f.dir.plan_bulk(&BulkRequest::add(w.liisa, w.in_uusimaa()).roles([w.accountant])).unwrap();
    assert_eq!(changed(&plan), [w.a, w.b, w.c, w.d]);
    assert!(plan.skipped.is_empty());
    w.f.dir.apply_bulk(&plan).unwrap();
    assert_eq!(w.resp(w.b, w.pekka).unwrap().roles, [w.accountant].into(), "others keep their roles");
    assert_eq!(w.resp(w.b, w.liisa).unwrap().period, Period::ALWAYS);
}

#[test]
fn only_missing_roles_are_given_and_a_holder_in_an_overlapping_period_counts() {
    let mut w = world();
    // Pekka's accountant role on D ends 2026-12-31: a period reaching into 2026 overlaps it.
    let request = BulkRequest::add(w.liisa, CustomerFilter::new().customers([w.b, w.d]))
        .roles([w.accountant, w.payroll])
        .period(Period::new(Some(date(2026, 12, 31)), None).unwrap())
        .only_missing_role(true);
    let plan = w.f.dir.plan_bulk(&request).unwrap();
    let given: Vec<_> = plan.changes.iter().map(|c| c.after.as_ref().unwrap().roles.clone()).collect();
    assert_eq!(given, [[w.payroll].into(), [w.payroll].into()], "accountant is held on both");
    // A project responsibility does not count.
    let p = w.f.dir.create_project(w.a, "Projekti").unwrap();
    w.f.dir.add_role(p.into(), w.pekka, w.manager).unwrap();
    let plan =
        w.f.dir.plan_bulk(&BulkRequest::add(w.liisa, CustomerFilter::new().customers([w.a])).only_missing_role(true));
    assert_eq!(changed(&plan.unwrap()), [w.a]);
}

#[test]
fn with_no_roles_only_missing_means_customers_nobody_is_responsible_for() {
    let w = world();
    let request = BulkRequest::add(w.liisa, w.in_uusimaa()).only_missing_role(true);
    let plan = w.f.dir.plan_bulk(&request).unwrap();
    assert_eq!(changed(&plan), [w.a, w.c], "C's only holder has left");
    assert_eq!(
        plan.skipped,
        [
            skip(w.b, BulkSkipReason::AlreadyCovered { by: w.pekka }),
            skip(w.d, BulkSkipReason::AlreadyCovered { by: w.pekka })
        ]
    );
    // From 2027 Pekka's responsibility for D has ended.
    let plan = w.f.dir.plan_bulk(&request.period(from(JAN_1))).unwrap();
    assert_eq!(changed(&plan), [w.a, w.c, w.d]);
}

#[test]
fn an_existing_responsibility_gets_missing_roles_only_in_the_same_period() {
    let mut w = world();
    let (a, b, c, liisa) = (w.a, w.b, w.c, w.liisa);
    w.f.dir.toggle(a.into(), liisa).unwrap();
    w.f.dir.add_role(b.into(), liisa, w.accountant).unwrap();
    w.f.dir.set_responsibility(c.into(), liisa, &[], from(JAN_1)).unwrap();
    let plan = w.f.dir.plan_bulk(&BulkRequest::add(liisa, w.in_uusimaa()).roles([w.accountant])).unwrap();
    let before = w.resp(a, liisa);
    let after = Responsibility { roles: [w.accountant].into(), ..before.clone().unwrap() };
    assert_eq!(plan.changes[0], BulkChange { customer: a, before, after: Some(after) });
    assert_eq!(changed(&plan), [a, w.d]);
    assert_eq!(
        plan.skipped,
        [
            skip(b, BulkSkipReason::AlreadyResponsible),
            skip(c, BulkSkipReason::ResponsibleInOtherPeriod { period: from(JAN_1) }),
        ]
    );
    // With no roles to add, being responsible in any period is enough.
    let plan = w.f.dir.plan_bulk(&BulkRequest::add(liisa, w.in_uusimaa()).period(from(JAN_1))).unwrap();
    assert_eq!(plan.skipped.iter().map(|s| s.reason).collect::<Vec<_>>(), [BulkSkipReason::AlreadyResponsible; 3]);
}

#[test]
fn archived_customers_are_skipped_when_adding_and_removed_from_when_removing() {
    let mut w = world();
    let (a, b, liisa) = (w.a, w.b, w.liisa);
    w.f.dir.toggle(b.into(), liisa).unwrap();
    w.f.dir.archive_customer(a).unwrap();
    w.f.dir.archive_customer(b).unwrap();
    let with_archived = w.in_uusimaa().archived(ArchivedFilter::Include);
    let plan = w.f.dir.plan_bulk(&BulkRequest::add(liisa, with_archived.clone())).unwrap();
    assert_eq!(plan.skipped[0], skip(a, BulkSkipReason::CustomerArchived));
    assert_eq!(plan.skipped[1], skip(b, BulkSkipReason::CustomerArchived), "archived comes first");
    // The default filter leaves archived customers out altogether.
    assert_eq!(w.f.dir.plan_bulk(&BulkRequest::add(liisa, w.in_uusimaa())).unwrap().customers(), 2);
    let plan = w.f.dir.plan_bulk(&BulkRequest::remove(liisa, with_archived)).unwrap();
    assert_eq!(plan.changes, [BulkChange { customer: b, before: w.resp(b, liisa), after: None }]);
    assert_eq!(plan.skipped, [a, w.c, w.d].map(|c| skip(c, BulkSkipReason::NotResponsible)));
    w.f.dir.apply_bulk(&plan).unwrap();
    assert!(w.resp(b, liisa).is_none());
}

#[test]
fn removing_takes_the_customers_responsibility_with_its_roles_and_leaves_projects() {
    let mut w = world();
    let p = w.f.dir.create_project(w.b, "Projekti").unwrap();
    w.f.dir.add_role(p.into(), w.pekka, w.manager).unwrap();
    let plan = w.f.dir.plan_bulk(&BulkRequest::remove(w.pekka, w.in_uusimaa()).actor("Maija")).unwrap();
    assert_eq!(changed(&plan), [w.b, w.d]);
    let seq = w.f.dir.last_seq();
    w.f.dir.apply_bulk(&plan).unwrap();
    assert!(w.resp(w.b, w.pekka).is_none() && w.resp(w.d, w.pekka).is_none());
    assert!(w.f.dir.responsibility(p.into(), w.pekka).unwrap().is_some(), "the project's stays");
    let cs = w.f.dir.change_sets().unwrap().pop().unwrap();
    assert_eq!((cs.seq, cs.actor.as_deref(), cs.changes.len()), (seq + 1, Some("Maija"), 2));
    for key in [HistoryKey::Employee(w.pekka), HistoryKey::Customer(w.b), HistoryKey::Customer(w.d)] {
        assert_eq!(w.f.dir.history(key).unwrap().last().unwrap().seq, cs.seq, "{key:?}");
    }
    assert!(w.f.dir.history(HistoryKey::Customer(w.a)).unwrap().last().unwrap().seq < cs.seq, "A untouched");
    // Removing an inactive employee's responsibilities is allowed (the usual clean-up).
    let plan = w.f.dir.plan_bulk(&BulkRequest::remove(w.retired, CustomerFilter::new())).unwrap();
    assert_eq!(changed(&plan), [w.c]);
}

#[test]
fn a_filter_that_selects_no_customer_gives_an_empty_plan_that_commits_nothing() {
    let mut w = world();
    let nobody = CustomerFilter::new().text("no such customer");
    for request in [BulkRequest::add(w.liisa, nobody.clone()), BulkRequest::remove(w.liisa, nobody)] {
        let plan = w.f.dir.plan_bulk(&request).unwrap();
        assert!(plan.is_empty() && plan.skipped.is_empty() && plan.customers() == 0);
        let before = w.f.observe();
        w.f.dir.apply_bulk(&plan).unwrap();
        assert_eq!(w.f.observe(), before, "no change set");
    }
    // An empty group: the same.
    let empty = w.f.dir.create_customer_group(NewCustomerGroup::new("Tyhjä")).unwrap();
    assert_eq!(
        w.f.dir.plan_bulk(&BulkRequest::add(w.liisa, CustomerFilter::new().group(empty))).unwrap().customers(),
        0
    );
}

#[test]
fn bad_requests_are_errors_naming_what_is_wrong() {
    let w = world();
    let d = &w.f.dir;
    let all = CustomerFilter::new;
    let plan = |r: BulkRequest| d.plan_bulk(&r).unwrap_err();
    assert_eq!(plan(BulkRequest::add(EmployeeId(99), all())), Error::NotFound(EmployeeId(99).into()));
    assert_eq!(plan(BulkRequest::remove(EmployeeId(99), all())), Error::NotFound(EmployeeId(99).into()));
    assert_eq!(plan(BulkRequest::add(w.liisa, all()).roles([RoleId(77)])), Error::NotFound(RoleId(77).into()));
    assert_eq!(
        plan(BulkRequest::add(w.liisa, all()).roles([w.accountant, w.manager])),
        Error::WrongRoleScope { role: w.manager, role_scope: RoleScope::Project, needed: RoleScope::Customer }
    );
    let backwards = Period { from: Some(JAN_1), to: Some(date(2026, 1, 1)) };
    assert_eq!(
        plan(BulkRequest::add(w.liisa, all()).period(backwards)),
        Error::InvalidPeriod { from: JAN_1, to: date(2026, 1, 1) }
    );
    assert_eq!(plan(BulkRequest::add(w.retired, all())), Error::EmployeeInactive { employee: w.retired });
    assert_eq!(
        plan(BulkRequest::add(w.liisa, all().group(CustomerGroupId(55)))),
        Error::NotFound(CustomerGroupId(55).into())
    );
    assert_eq!(
        plan(BulkRequest::remove(w.liisa, all().customers([CustomerId(66)]))),
        Error::NotFound(CustomerId(66).into())
    );
    assert!(matches!(
        plan(BulkRequest::add(w.liisa, all()).actor(" ")),
        Error::InvalidText { field: Field::Actor, .. }
    ));
    // The checks' order: employee, roles, period, active, filter, actor.
    let everything_wrong =
        BulkRequest::add(w.retired, all().group(CustomerGroupId(55))).roles([w.manager]).period(backwards).actor(" ");
    assert!(matches!(plan(everything_wrong.clone()), Error::WrongRoleScope { .. }));
    assert!(matches!(plan(everything_wrong.clone().roles([])), Error::InvalidPeriod { .. }));
    assert!(matches!(plan(everything_wrong.roles([]).period(Period::ALWAYS)), Error::EmployeeInactive { .. }));
    // A removal has no roles or period to check: the builder leaves it as it is.
    let removal = BulkRequest::remove(w.liisa, all()).roles([w.manager]).period(backwards).only_missing_role(true);
    assert_eq!(removal.action, BulkAction::Remove);
}

#[test]
fn a_stale_plan_is_refused_naming_the_customers_and_changes_nothing() {
    let mut w = world();
    let request = BulkRequest::add(w.liisa, w.in_uusimaa()).roles([w.accountant]).only_missing_role(true);
    let plan = w.f.dir.plan_bulk(&request).unwrap();
    // Unrelated changes, and renaming a selected customer, leave the plan as it is.
    w.f.dir.create_team("Muuta").unwrap();
    w.f.dir.update_customer(w.a, CustomerUpdate { name: Some("Ö Oy".into()), ..Default::default() }).unwrap();
    w.f.dir.toggle(w.other.into(), w.pekka).unwrap();
    // Pekka gives up B's accountant role (B changes from skipped to changed), a customer
    // joins the group, and C leaves it.
    let (b, pekka, accountant, uusimaa, c) = (w.b, w.pekka, w.accountant, w.uusimaa, w.c);
    w.f.dir.remove_role(b.into(), pekka, accountant).unwrap();
    let e = w.f.dir.create_customer(NewCustomer::new("E Oy").group(uusimaa)).unwrap();
    w.f.dir.remove_customer_from_group(c).unwrap();
    let err = w.f.reject(|d| d.apply_bulk(&plan));
    assert_eq!(err, Error::StaleBulkPlan { employee: w.liisa, customers: vec![b, c, e] });
    assert!(err.to_string().contains("customer #2, customer #3, customer #6"), "{err}");
    // A plan edited by hand is stale too.
    let mut edited = w.f.dir.plan_bulk(&request).unwrap();
    edited.changes[0].after.as_mut().unwrap().roles.clear();
    let customer = edited.changes[0].customer;
    assert_eq!(
        w.f.reject(|d| d.apply_bulk(&edited)),
        Error::StaleBulkPlan { employee: w.liisa, customers: vec![customer] }
    );
    let mut twice = w.f.dir.plan_bulk(&request).unwrap();
    twice.skipped.push(twice.skipped[0]);
    assert!(matches!(w.f.reject(|d| d.apply_bulk(&twice)), Error::StaleBulkPlan { .. }));
    // A plan whose request has become bad fails with that error.
    let plan = w.f.dir.plan_bulk(&request).unwrap();
    w.f.dir.archive_employee(w.liisa).unwrap();
    assert_eq!(w.f.reject(|d| d.apply_bulk(&plan)), Error::EmployeeInactive { employee: w.liisa });
}

#[test]
fn a_failing_store_changes_nothing_and_the_actor_is_restored() {
    let mut w = world();
    let plan = w.f.dir.plan_bulk(&BulkRequest::add(w.liisa, w.in_uusimaa()).actor("esimies")).unwrap();
    w.f.store.fail_next_commits(1);
    assert!(matches!(w.f.reject(|d| d.apply_bulk(&plan)), Error::Store(_)));
    w.f.dir.apply_bulk(&plan).unwrap();
    assert_eq!(w.f.dir.change_sets().unwrap().pop().unwrap().actor.as_deref(), Some("esimies"));
    assert_eq!(w.f.dir.actor(), None);
    let reopened = Directory::with_store(w.f.store.clone()).unwrap();
    assert_eq!(reopened.data(), w.f.dir.data());
}

#[test]
fn inside_a_transaction_the_plan_is_one_part_of_the_change_set() {
    let mut w = world();
    let plan = w.f.dir.plan_bulk(&BulkRequest::add(w.liisa, w.in_uusimaa())).unwrap();
    let seq = w.f.dir.last_seq();
    let other = w.other;
    let liisa = w.liisa;
    w.f.dir
        .transaction(|d| {
            d.apply_bulk(&plan)?;
            d.toggle(other.into(), liisa).map(|_| ())
        })
        .unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1);
    assert_eq!(w.f.dir.responsibilities_held_by(liisa).unwrap().len(), 5);
    // A failing transaction undoes the plan's changes.
    let plan = w.f.dir.plan_bulk(&BulkRequest::remove(liisa, CustomerFilter::new())).unwrap();
    let err = w.f.reject(|d| {
        d.transaction(|d| {
            d.apply_bulk(&plan)?;
            d.toggle(other.into(), EmployeeId(99)).map(|_| ())
        })
    });
    assert_eq!(err, Error::NotFound(EmployeeId(99).into()));
}

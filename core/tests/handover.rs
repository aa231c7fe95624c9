//! Handover plans: replace, add, dated, selected roles, projects, salesperson places, skips,
//! stale plans, atomicity and history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, Fixture};
use jiff::civil::{date, Date};
use vastuu::*;

struct World {
    f: Fixture,
    old: EmployeeId,
    new: EmployeeId,
    service: RoleId,
    billing: RoleId,
    manager: RoleId,
    group: CustomerGroupId,
    a: CustomerId,
    b: CustomerId,
    p: ProjectId,
}

fn world() -> World {
    let mut f = fixture();
    let d = &mut f.dir;
    let old = d.create_employee(NewEmployee::new("Lähtevä").sales_rights(true)).unwrap();
    let new = d.create_employee(NewEmployee::new("Jatkaja").sales_rights(true)).unwrap();
    let service = d.create_role(NewRole::new("Huolto", RoleScope::Customer)).unwrap();
    let billing = d.create_role(NewRole::new("Laskutus", RoleScope::Customer)).unwrap();
    let manager = d.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project)).unwrap();
    let group = d.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([old])).unwrap();
    let a = d.create_customer(NewCustomer::new("A").group(group)).unwrap();
    let b = d.create_customer(NewCustomer::new("B")).unwrap();
    let p = d.create_project(a, "P").unwrap();
    d.set_roles(a.into(), old, &[service, billing]).unwrap();
    d.set_responsibility(b.into(), old, &[], Period::new(Some(date(2026, 1, 1)), Some(date(2027, 6, 30))).unwrap())
        .unwrap();
    d.add_role(p.into(), old, manager).unwrap();
    World { f, old, new, service, billing, manager, group, a, b, p }
}

fn resp(dir: &Directory, subject: impl Into<Subject>, e: EmployeeId) -> Option<Responsibility> {
    dir.responsibility(subject.into(), e).unwrap().cloned()
}

fn period(from: Option<Date>, to: Option<Date>) -> Period {
    Period::new(from, to).unwrap()
}

#[test]
fn replace_moves_everything_at_once() {
    let mut w = world();
    let before_a = resp(&w.f.dir, w.a, w.old).unwrap();
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new)).unwrap();
    assert_eq!(plan.steps.len(), 4, "{plan:#?}");
    assert!(plan.skipped.is_empty());
    w.f.dir.apply_handover(&plan).unwrap();
    let d = &w.f.dir;
    assert!(d.responsibilities_held_by(w.old).unwrap().is_empty());
    let new_a = resp(d, w.a, w.new).unwrap();
    assert_eq!((new_a.roles, new_a.period), (before_a.roles, before_a.period));
    assert_eq!(resp(d, w.b, w.new).unwrap().period, period(Some(date(2026, 1, 1)), Some(date(2027, 6, 30))));
    assert_eq!(resp(d, w.p, w.new).unwrap().roles, [w.manager].into());
    assert_eq!(d.customer_group(w.group).unwrap().salespeople, [w.new].into());
    d.check_integrity().unwrap();
}

#[test]
fn add_keeps_the_old_holder() {
    let mut w = world();
    let before = w.f.dir.responsibilities_held_by(w.old).unwrap().into_iter().cloned().collect::<Vec<_>>();
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new).mode(HandoverMode::Add)).unwrap();
    w.f.dir.apply_handover(&plan).unwrap();
    let after = w.f.dir.responsibilities_held_by(w.old).unwrap().into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(before, after);
    assert_eq!(w.f.dir.responsibilities_held_by(w.new).unwrap().len(), 3);
    assert_eq!(w.f.dir.customer_group(w.group).unwrap().salespeople, [w.old, w.new].into());
    assert!(plan.steps.iter().any(|s| matches!(s, HandoverStep::SalespersonPlace { from_stays: true, .. })));
}

#[test]
fn a_dated_handover_ends_the_old_validity_the_day_before() {
    let mut w = world();
    let day = date(2027, 1, 1);
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new).effective(day).salesperson_places(false)).unwrap();
    w.f.dir.apply_handover(&plan).unwrap();
    let d = &w.f.dir;
    // Open-ended: old ends 2026-12-31, new starts 2027-01-01, open end kept.
    assert_eq!(resp(d, w.a, w.old).unwrap().period, period(None, Some(date(2026, 12, 31))));
    assert_eq!(resp(d, w.a, w.new).unwrap().period, period(Some(day), None));
    // Bounded: the new holder takes the rest of the old period.
    assert_eq!(resp(d, w.b, w.old).unwrap().period, period(Some(date(2026, 1, 1)), Some(date(2026, 12, 31))));
    assert_eq!(resp(d, w.b, w.new).unwrap().period, period(Some(day), Some(date(2027, 6, 30))));
    // On 2026-12-31 only the old holder counts, on 2027-01-01 only the new one.
    for (on, holder) in [(date(2026, 12, 31), w.old), (day, w.new)] {
        let valid: Vec<EmployeeId> = d
            .responsibilities_for(w.a.into())
            .unwrap()
            .into_iter()
            .filter(|r| r.is_valid_on(Some(on)))
            .map(|r| r.employee)
            .collect();
        assert_eq!(valid, vec![holder], "on {on}");
    }
    // Roles go along unchanged.
    assert_eq!(resp(d, w.a, w.new).unwrap().roles, [w.service, w.billing].into());
}

#[test]
fn dated_handover_edge_periods() {
    let mut f = fixture();
    let old = f.dir.create_employee(NewEmployee::new("Vanha")).unwrap();
    let new = f.dir.create_employee(NewEmployee::new("Uusi")).unwrap();
    let day = date(2027, 1, 1);
    let mk = |f: &mut Fixture, name: &str, p: Period| {
        let c = f.dir.create_customer(NewCustomer::new(name)).unwrap();
        f.dir.set_responsibility(c.into(), old, &[], p).unwrap();
        c
    };
    let ended = mk(&mut f, "päättynyt", period(None, Some(date(2026, 12, 31))));
    let ends_on_day = mk(&mut f, "päättyy", period(None, Some(day)));
    let starts_later = mk(&mut f, "alkaa myöhemmin", period(Some(date(2027, 3, 1)), None));
    let starts_on_day = mk(&mut f, "alkaa samana päivänä", period(Some(day), None));
    let plan = f.dir.plan_handover(&Handover::new(old, new).effective(day)).unwrap();
    assert_eq!(
        plan.skipped,
        vec![Skipped { item: HandoverItem::Responsibility(ended.into()), reason: SkipReason::EndsBeforeEffectiveDate }]
    );
    f.dir.apply_handover(&plan).unwrap();
    let d = &f.dir;
    assert_eq!(resp(d, ended, old).unwrap().period, period(None, Some(date(2026, 12, 31))));
    assert_eq!(resp(d, ended, new), None);
    assert_eq!(resp(d, ends_on_day, old).unwrap().period, period(None, Some(date(2026, 12, 31))));
    assert_eq!(resp(d, ends_on_day, new).unwrap().period, period(Some(day), Some(day)));
    // Not started before the day: the old holder goes, the new one starts when it would have.
    assert_eq!(resp(d, starts_later, old), None);
    assert_eq!(resp(d, starts_later, new).unwrap().period, period(Some(date(2027, 3, 1)), None));
    assert_eq!(resp(d, starts_on_day, old), None);
    assert_eq!(resp(d, starts_on_day, new).unwrap().period, period(Some(day), None));
}

#[test]
fn selected_roles_move_alone() {
    let mut w = world();
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new).only_roles([w.service])).unwrap();
    // Only customer A's responsibility holds the role (B has none, P has a project role).
    let subjects: Vec<_> = plan
        .steps
        .iter()
        .filter_map(|s| match s {
            HandoverStep::Responsibility { subject, .. } => Some(*subject),
            HandoverStep::SalespersonPlace { .. } => None,
        })
        .collect();
    assert_eq!(subjects, vec![Subject::Customer(w.a)]);
    w.f.dir.apply_handover(&plan).unwrap();
    assert_eq!(resp(&w.f.dir, w.a, w.old).unwrap().roles, [w.billing].into(), "the old holder keeps billing");
    assert_eq!(resp(&w.f.dir, w.a, w.new).unwrap().roles, [w.service].into());
    assert!(resp(&w.f.dir, w.b, w.new).is_none());

    // Dated and partial: cannot be scheduled, so it is skipped.
    let mut w = world();
    let plan =
        w.f.dir
            .plan_handover(&Handover::new(w.old, w.new).only_roles([w.service]).effective(date(2027, 1, 1)))
            .unwrap();
    assert!(plan.skipped.contains(&Skipped {
        item: HandoverItem::Responsibility(w.a.into()),
        reason: SkipReason::PartialRolesCannotBeScheduled
    }));
    // All roles of a responsibility selected: the whole responsibility moves, dated.
    let plan =
        w.f.dir
            .plan_handover(&Handover::new(w.old, w.new).only_roles([w.service, w.billing]).effective(date(2027, 1, 1)))
            .unwrap();
    w.f.dir.apply_handover(&plan).unwrap();
    assert_eq!(resp(&w.f.dir, w.a, w.old).unwrap().period.to, Some(date(2026, 12, 31)));
}

#[test]
fn customers_projects_and_chosen_subjects() {
    let mut w = world();
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new).customers(false).salesperson_places(false)).unwrap();
    assert_eq!(plan.steps.len(), 1);
    assert!(
        matches!(plan.steps[0], HandoverStep::Responsibility { subject: Subject::Project(p), customer, .. } if p == w.p && customer == w.a)
    );
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new).projects(false).only_subjects([w.b.into()])).unwrap();
    let kinds: Vec<_> = plan.steps.iter().map(std::mem::discriminant).collect();
    assert_eq!(kinds.len(), 2, "B and the salesperson place");
    w.f.dir.apply_handover(&plan).unwrap();
    assert!(resp(&w.f.dir, w.b, w.new).is_some());
    assert!(resp(&w.f.dir, w.a, w.new).is_none());
    assert!(resp(&w.f.dir, w.p, w.old).is_some());
}

#[test]
fn skipped_items_name_their_reasons() {
    let mut w = world();
    // The target already holds B; has no sales rights.
    w.f.dir.toggle(w.b.into(), w.new).unwrap();
    w.f.dir.update_employee(w.new, EmployeeUpdate { sales_rights: Some(false), ..Default::default() }).unwrap();
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new)).unwrap();
    assert_eq!(
        plan.skipped,
        vec![
            Skipped { item: HandoverItem::Responsibility(w.b.into()), reason: SkipReason::TargetAlreadyResponsible },
            Skipped { item: HandoverItem::SalespersonPlace(w.group), reason: SkipReason::TargetHasNoSalesRights },
        ]
    );
    w.f.dir.apply_handover(&plan).unwrap();
    assert!(resp(&w.f.dir, w.b, w.old).is_some(), "a skipped item is left as it was");
    // Already a salesperson; dated salesperson places.
    let mut w = world();
    w.f.dir.add_group_salesperson(w.group, w.new).unwrap();
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new)).unwrap();
    assert!(plan.skipped.contains(&Skipped {
        item: HandoverItem::SalespersonPlace(w.group),
        reason: SkipReason::TargetAlreadySalesperson
    }));
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new).effective(date(2027, 1, 1))).unwrap();
    assert!(plan.skipped.contains(&Skipped {
        item: HandoverItem::SalespersonPlace(w.group),
        reason: SkipReason::SalespersonPlacesAreNotDated
    }));
    // An inactive target gets nothing.
    let w2 = world();
    let mut w2 = w2;
    w2.f.dir.archive_employee(w2.new).unwrap();
    let plan = w2.f.dir.plan_handover(&Handover::new(w2.old, w2.new)).unwrap();
    assert!(plan.is_empty());
    assert_eq!(plan.skipped.len(), 4);
    assert!(plan.skipped.iter().all(|s| s.reason == SkipReason::TargetInactive));
}

#[test]
fn a_stale_plan_is_refused_and_an_unrelated_change_is_not_staleness() {
    let mut w = world();
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new)).unwrap();
    w.f.dir.create_team("Muuta").unwrap(); // unrelated
    let (b, new) = (w.b, w.new);
    w.f.dir.toggle(b.into(), new).unwrap(); // changes what the plan would do for B
    let err = w.f.reject(|d| d.apply_handover(&plan));
    assert_eq!(err, Error::StalePlan { from: w.old, to: w.new });
    let fresh = w.f.dir.plan_handover(&Handover::new(w.old, w.new)).unwrap();
    w.f.dir.create_team("Vielä muuta").unwrap();
    // Renaming the group whose salesperson place moves leaves the preview as it was.
    w.f.dir
        .update_customer_group(w.group, CustomerGroupUpdate { name: Some("Uusi nimi".into()), ..Default::default() })
        .unwrap();
    w.f.dir.apply_handover(&fresh).unwrap();
    let group = w.f.dir.customer_group(w.group).unwrap();
    assert_eq!(group.name, "Uusi nimi", "the rename survives the handover");
    assert_eq!(group.salespeople, [w.new].into());
}

#[test]
fn a_failing_apply_changes_nothing_and_a_success_is_one_change_set_with_the_actor() {
    let mut w = world();
    let plan = w.f.dir.plan_handover(&Handover::new(w.old, w.new).actor("esimies@example.fi")).unwrap();
    w.f.store.fail_next_commits(1);
    let err = w.f.reject(|d| d.apply_handover(&plan));
    assert!(matches!(err, Error::Store(_)));
    let seq = w.f.dir.last_seq();
    w.f.dir.apply_handover(&plan).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1);
    let cs = w.f.dir.change_sets().unwrap().pop().unwrap();
    assert_eq!(cs.actor.as_deref(), Some("esimies@example.fi"));
    for key in
        [HistoryKey::Employee(w.old), HistoryKey::Employee(w.new), HistoryKey::Customer(w.a), HistoryKey::Customer(w.b)]
    {
        assert_eq!(w.f.dir.history(key).unwrap().last().unwrap().seq, cs.seq, "{key:?}");
    }
    assert_eq!(w.f.dir.actor(), None, "the directory's own actor is restored");
}

#[test]
fn bad_requests_are_errors() {
    let w = world();
    let d = &w.f.dir;
    assert_eq!(d.plan_handover(&Handover::new(w.old, w.old)).unwrap_err(), Error::HandoverToSelf { employee: w.old });
    assert_eq!(
        d.plan_handover(&Handover::new(w.old, EmployeeId(99))).unwrap_err(),
        Error::NotFound(EmployeeId(99).into())
    );
    assert_eq!(
        d.plan_handover(&Handover::new(EmployeeId(98), w.new)).unwrap_err(),
        Error::NotFound(EmployeeId(98).into())
    );
    assert_eq!(
        d.plan_handover(&Handover::new(w.old, w.new).only_roles([RoleId(77)])).unwrap_err(),
        Error::NotFound(RoleId(77).into())
    );
    assert_eq!(
        d.plan_handover(&Handover::new(w.old, w.new).only_subjects([ProjectId(55).into()])).unwrap_err(),
        Error::NotFound(ProjectId(55).into())
    );
    assert!(matches!(
        d.plan_handover(&Handover::new(w.old, w.new).actor(" ")),
        Err(Error::InvalidText { field: Field::Actor, .. })
    ));
}

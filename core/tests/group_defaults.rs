//! A customer group's default team: setting it (and every bad input), adding it to customers
//! created in the group or joining it, the cascades of deleting employees and roles, and applying
//! it to the group's existing customers through bulk plans.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, Fixture};
use jiff::civil::date;
use vastuu::*;

struct World {
    f: Fixture,
    liisa: EmployeeId,
    pekka: EmployeeId,
    /// Inactive.
    retired: EmployeeId,
    accountant: RoleId,
    payroll: RoleId,
    manager: RoleId,
    north: CustomerGroupId,
    south: CustomerGroupId,
}

fn world() -> World {
    let mut f = fixture();
    let d = &mut f.dir;
    let liisa = d.create_employee(NewEmployee::new("Liisa")).unwrap();
    let pekka = d.create_employee(NewEmployee::new("Pekka").sales_rights(true)).unwrap();
    let retired = d.create_employee(NewEmployee::new("Eläkeläinen").active(false)).unwrap();
    let accountant = d.create_role(NewRole::new("Kirjanpitäjä", RoleScope::Customer)).unwrap();
    let payroll = d.create_role(NewRole::new("Palkat", RoleScope::Customer)).unwrap();
    let manager = d.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project)).unwrap();
    let north = d.create_customer_group(NewCustomerGroup::new("Pohjoinen")).unwrap();
    let south = d.create_customer_group(NewCustomerGroup::new("Etelä")).unwrap();
    World { f, liisa, pekka, retired, accountant, payroll, manager, north, south }
}

impl World {
    /// North's team: Liisa accountant and payroll, the retired employee, Pekka with no role.
    fn north_team(&self) -> Vec<GroupDefault> {
        vec![
            GroupDefault::new(self.liisa, [self.accountant, self.payroll]),
            GroupDefault::new(self.retired, [self.accountant]),
            GroupDefault::new(self.pekka, []),
        ]
    }
    fn with_north_team(mut self) -> Self {
        let team = self.north_team();
        self.f.dir.set_group_default_team(self.north, team).unwrap();
        self
    }
    fn resp(&self, customer: CustomerId, e: EmployeeId) -> Option<Responsibility> {
        self.f.dir.responsibility(customer.into(), e).unwrap().cloned()
    }
    fn roles(&self, customer: CustomerId, e: EmployeeId) -> Option<Vec<RoleId>> {
        self.resp(customer, e).map(|r| r.roles.into_iter().collect())
    }
    fn responsible(&self, customer: CustomerId) -> Vec<EmployeeId> {
        self.f.dir.responsibilities_for(customer.into()).unwrap().iter().map(|r| r.employee).collect()
    }
    fn customer(&mut self, name: &str) -> CustomerId {
        self.f.dir.create_customer(NewCustomer::new(name)).unwrap()
    }
    /// The indexes agree with the entities, and the store with memory.
    fn check_stored(&self) {
        self.f.dir.check_integrity().unwrap();
        let reopened = Directory::with_store(self.f.store.clone()).unwrap();
        assert_eq!(reopened.data(), self.f.dir.data());
    }
    fn team(&self, g: CustomerGroupId) -> Vec<GroupDefault> {
        self.f.dir.customer_group(g).unwrap().default_team.clone()
    }
}

#[test]
fn a_customer_created_in_the_group_gets_its_active_defaults_in_the_same_change_set() {
    let mut w = world().with_north_team();
    assert_eq!(w.team(w.north), w.north_team(), "kept in the order given");
    let seq = w.f.dir.last_seq();
    let c = w.f.dir.create_customer(NewCustomer::new("Esimerkki Oy").group(w.north)).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1, "one change set");
    assert_eq!(w.roles(c, w.liisa), Some(vec![w.accountant, w.payroll]));
    assert_eq!(w.resp(c, w.liisa).unwrap().period, Period::ALWAYS);
    assert_eq!(w.roles(c, w.pekka), Some(vec![]));
    assert_eq!(w.resp(c, w.retired), None, "an inactive default is skipped");
    let history = w.f.dir.history(w.liisa).unwrap();
    assert_eq!(history.last().unwrap().seq, seq + 1, "the default's history has the creation");
    // No group, or another group: nothing.
    let other = w.f.dir.create_customer(NewCustomer::new("Muu Oy").group(w.south)).unwrap();
    let none = w.customer("Ei ryhmää Oy");
    assert!(w.responsible(other).is_empty() && w.responsible(none).is_empty());
    w.check_stored();
}

#[test]
fn customers_joining_get_the_defaults_and_keep_what_they_had() {
    let mut w = world().with_north_team();
    let (a, b, c, d) = (w.customer("A Oy"), w.customer("B Oy"), w.customer("C Oy"), w.customer("D Oy"));
    // B: Liisa already responsible, as accountant: payroll is added, nothing duplicated.
    w.f.dir.add_role(b.into(), w.liisa, w.accountant).unwrap();
    // C: Liisa responsible in a dated period: left as it is (a default never changes a period).
    let dated = Period::new(None, Some(date(2026, 12, 31))).unwrap();
    w.f.dir.set_responsibility(c.into(), w.liisa, &[], dated).unwrap();
    // D: archived: nobody is made responsible.
    w.f.dir.archive_customer(d).unwrap();
    for x in [a, b, c, d] {
        w.f.dir.add_customer_to_group(w.north, x).unwrap();
    }
    assert_eq!(w.roles(a, w.liisa), Some(vec![w.accountant, w.payroll]));
    assert_eq!(w.roles(b, w.liisa), Some(vec![w.accountant, w.payroll]));
    assert_eq!(
        w.resp(c, w.liisa).unwrap(),
        Responsibility { period: dated, ..Responsibility::plain(c.into(), w.liisa) }
    );
    assert_eq!(w.roles(c, w.pekka), Some(vec![]), "the other defaults still apply");
    assert!(w.responsible(d).is_empty());
    // Moving out keeps everything; moving in again adds nothing new.
    let before: Vec<Responsibility> = w.f.dir.responsibilities().into_iter().cloned().collect();
    w.f.dir.move_customer_to_group(w.south, a).unwrap();
    w.f.dir.remove_customer_from_group(b).unwrap();
    w.f.dir.move_customer_to_group(w.north, a).unwrap();
    assert_eq!(w.f.dir.responsibilities().into_iter().cloned().collect::<Vec<_>>(), before);
    w.f.dir.check_integrity().unwrap();
}

#[test]
fn a_move_into_the_group_adds_the_new_group_s_defaults() {
    let mut w = world().with_north_team();
    w.f.dir.set_group_default_team(w.south, vec![GroupDefault::new(w.pekka, [w.payroll])]).unwrap();
    let c = w.f.dir.create_customer(NewCustomer::new("Esimerkki").group(w.south)).unwrap();
    assert_eq!(w.responsible(c), [w.pekka]);
    let seq = w.f.dir.last_seq();
    w.f.dir.move_customer_to_group(w.north, c).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1, "one change set");
    assert_eq!(w.roles(c, w.pekka), Some(vec![w.payroll]), "Pekka's role from the south stays");
    assert_eq!(w.roles(c, w.liisa), Some(vec![w.accountant, w.payroll]));
}

#[test]
fn group_create_and_update_give_the_joining_customers_the_team_saved_with_them() {
    let mut w = world();
    let (a, b, c) = (w.customer("A Oy"), w.customer("B Oy"), w.customer("C Oy"));
    w.f.dir.add_customer_to_group(w.south, c).unwrap();
    let team = vec![GroupDefault::new(w.liisa, [w.accountant])];
    let g = NewCustomerGroup::new("Länsi").customers([a, c]).move_customers(true).default_team(team.clone());
    let west = w.f.dir.create_customer_group(g).unwrap();
    assert_eq!(w.team(west), team);
    assert_eq!(w.responsible(a), [w.liisa]);
    assert_eq!(w.responsible(c), [w.liisa], "moved from another group");
    // An update replacing the team and adding B: B gets the new team, A is not touched.
    let update = CustomerGroupUpdate {
        customers: Some(vec![a, b, c]),
        default_team: Some(vec![GroupDefault::new(w.pekka, [w.payroll])]),
        ..Default::default()
    };
    w.f.dir.update_customer_group(west, update).unwrap();
    assert_eq!(w.responsible(b), [w.pekka]);
    assert_eq!(w.responsible(a), [w.liisa], "a member already: the new team is not applied");
    // An update with the same team changes nothing.
    let seq = w.f.dir.last_seq();
    let same = CustomerGroupUpdate { default_team: Some(w.team(west)), ..Default::default() };
    w.f.dir.update_customer_group(west, same).unwrap();
    w.f.dir.set_group_default_team(west, w.team(west)).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq);
}

#[test]
fn an_import_creating_customers_in_a_group_adds_the_defaults() {
    let mut w = world().with_north_team();
    let rows = "Name;Customer group\nTuonti Oy;Pohjoinen\nToinen Oy;\n".as_bytes().to_vec();
    w.f.dir.import(&ImportSource::bytes(&rows, ImportFormat::Csv, "asiakkaat.csv"), ImportOptions::default()).unwrap();
    let by_name = |w: &World, name: &str| w.f.dir.customers().find(|c| c.name == name).unwrap().id;
    let (imported, other) = (by_name(&w, "Tuonti Oy"), by_name(&w, "Toinen Oy"));
    assert_eq!(w.responsible(imported), [w.liisa, w.pekka]);
    assert!(w.responsible(other).is_empty());
}

#[test]
fn bad_default_teams_are_refused_naming_the_ids_and_change_nothing() {
    let mut w = world();
    let (north, liisa, accountant, manager) = (w.north, w.liisa, w.accountant, w.manager);
    let ghost = EmployeeId(99);
    let ghost_role = RoleId(99);
    let cases: Vec<(Vec<GroupDefault>, Error)> = vec![
        (vec![GroupDefault::new(ghost, [])], Error::NotFound(ghost.into())),
        (vec![GroupDefault::new(liisa, [accountant, ghost_role])], Error::NotFound(ghost_role.into())),
        (
            vec![GroupDefault::new(liisa, [manager])],
            Error::WrongRoleScope { role: manager, role_scope: RoleScope::Project, needed: RoleScope::Customer },
        ),
        (
            vec![GroupDefault::new(liisa, [accountant]), GroupDefault::new(liisa, [])],
            Error::DuplicateGroupDefault { employee: liisa },
        ),
    ];
    for (team, expected) in cases {
        let t = team.clone();
        assert_eq!(w.f.reject(|d| d.set_group_default_team(north, t)), expected);
        let t = team.clone();
        let g = NewCustomerGroup::new("Uusi").default_team(t);
        assert_eq!(w.f.reject(|d| d.create_customer_group(g)), expected);
        let update = CustomerGroupUpdate { default_team: Some(team), ..Default::default() };
        assert_eq!(w.f.reject(|d| d.update_customer_group(north, update)), expected);
    }
    let ghost_group = CustomerGroupId(99);
    assert_eq!(w.f.reject(|d| d.set_group_default_team(ghost_group, vec![])), Error::NotFound(ghost_group.into()));
    assert_eq!(w.f.dir.plan_group_defaults(ghost_group).unwrap_err(), Error::NotFound(ghost_group.into()));
    let err = Error::DuplicateGroupDefault { employee: liisa };
    assert_eq!(err.to_string(), format!("{liisa} is listed twice in the default team"));
}

#[test]
fn deleting_an_employee_or_a_role_removes_it_from_the_teams_in_the_same_change_set() {
    let mut w = world().with_north_team();
    let south_team = vec![GroupDefault::new(w.pekka, [w.accountant])];
    w.f.dir.set_group_default_team(w.south, south_team).unwrap();
    w.f.dir.add_group_salesperson(w.north, w.pekka).unwrap();
    let seq = w.f.dir.last_seq();
    w.f.dir.delete_employee(w.pekka).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1);
    let sets = w.f.dir.change_sets().unwrap();
    let puts = sets.last().unwrap().changes.iter().filter(|c| matches!(c, Change::PutCustomerGroup(_))).count();
    assert_eq!(puts, 2, "one put per group, salesperson place and default together");
    assert!(w.team(w.south).is_empty());
    assert_eq!(w.team(w.north), w.north_team()[..2]);
    assert!(w.f.dir.customer_group(w.north).unwrap().salespeople.is_empty());

    w.f.dir.delete_role(w.accountant).unwrap();
    let expected = vec![GroupDefault::new(w.liisa, [w.payroll]), GroupDefault::new(w.retired, [])];
    assert_eq!(w.team(w.north), expected, "the defaults stay, without the role");
    w.check_stored();
}

#[test]
fn a_role_s_scope_cannot_change_while_a_default_team_gives_it() {
    let mut w = world().with_north_team();
    let (payroll, north) = (w.payroll, w.north);
    let to_project = RoleUpdate { scope: Some(RoleScope::Project), ..Default::default() };
    let err = w.f.reject(|d| d.update_role(payroll, to_project));
    assert_eq!(err, Error::RoleInGroupDefaults { role: payroll, groups: vec![north] });
    assert_eq!(err.kind().code(), "role_in_group_defaults");
    // Renaming is fine.
    w.f.dir.update_role(payroll, RoleUpdate { name: Some("Palkanlaskenta".into()), ..Default::default() }).unwrap();
}

#[test]
fn the_defaults_apply_to_existing_customers_through_bulk_plans() {
    let mut w = world();
    let (a, b) = (w.customer("A Oy"), w.customer("B Oy"));
    let archived = w.customer("C Oy");
    for c in [a, b, archived] {
        w.f.dir.add_customer_to_group(w.north, c).unwrap();
    }
    w.f.dir.archive_customer(archived).unwrap();
    w.f.dir.add_role(b.into(), w.liisa, w.accountant).unwrap();
    w.f.dir.add_role(b.into(), w.pekka, w.payroll).unwrap();
    assert!(w.f.dir.plan_group_defaults(w.north).unwrap().is_empty(), "no team, no plan");
    let team = w.north_team();
    w.f.dir.set_group_default_team(w.north, team).unwrap();
    assert_eq!(w.responsible(a), [], "setting the team does not touch the members");

    let plans = w.f.dir.plan_group_defaults(w.north).unwrap();
    let employees: Vec<EmployeeId> = plans.iter().map(|p| p.request.employee).collect();
    assert_eq!(employees, [w.liisa, w.retired, w.pekka], "a plan per default, in the team's order");
    let skipped = |p: &BulkPlan| p.skipped.iter().map(|s| (s.customer, s.reason)).collect::<Vec<_>>();
    // Liisa: A new, B gets payroll added; the archived customer is not selected.
    let changed: Vec<CustomerId> = plans[0].changes.iter().map(|c| c.customer).collect();
    assert_eq!(changed, [a, b]);
    assert_eq!(plans[0].changes[1].after.as_ref().unwrap().roles, [w.accountant, w.payroll].into());
    // The inactive default: every customer skipped, with the reason.
    assert!(plans[1].is_empty());
    assert_eq!(skipped(&plans[1]), [(a, BulkSkipReason::EmployeeInactive), (b, BulkSkipReason::EmployeeInactive)]);
    // Pekka: already responsible for B.
    assert_eq!(skipped(&plans[2]), [(b, BulkSkipReason::AlreadyResponsible)]);

    let seq = w.f.dir.last_seq();
    w.f.dir.transaction(|d| plans.iter().try_for_each(|p| d.apply_bulk(p))).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1, "one change set");
    assert_eq!(w.responsible(a), [w.liisa, w.pekka]);
    assert_eq!(w.roles(b, w.liisa), Some(vec![w.accountant, w.payroll]));
    assert!(w.responsible(archived).is_empty());
    let again = w.f.dir.plan_group_defaults(w.north).unwrap();
    assert!(again.iter().all(BulkPlan::is_empty));
}

#[test]
fn a_stale_defaults_plan_is_refused_and_an_inactive_one_applies_as_nothing() {
    let mut w = world().with_north_team();
    let a = w.customer("A Oy");
    w.f.dir.add_customer_to_group(w.north, a).unwrap();
    w.f.dir.remove_responsibility(a.into(), w.liisa).unwrap();
    let plans = w.f.dir.plan_group_defaults(w.north).unwrap();
    assert_eq!(plans[0].changes.len(), 1);
    // The inactive default's plan applies and changes nothing.
    let seq = w.f.dir.last_seq();
    w.f.dir.apply_bulk(&plans[1]).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq);
    // A customer joining since the plan was made: refused, naming it.
    let b = w.f.dir.create_customer(NewCustomer::new("B Oy").group(w.north)).unwrap();
    let (liisa, stale) = (w.liisa, plans[0].clone());
    let err = w.f.reject(|d| d.apply_bulk(&stale));
    assert_eq!(err, Error::StaleBulkPlan { employee: liisa, customers: vec![b] });
    // The retired employee reactivated: their old plan is stale too.
    w.f.dir.reactivate_employee(w.retired).unwrap();
    let (retired, stale) = (w.retired, plans[1].clone());
    let err = w.f.reject(|d| d.apply_bulk(&stale));
    assert_eq!(err, Error::StaleBulkPlan { employee: retired, customers: vec![a, b] });
}

#[test]
fn a_bulk_request_skipping_inactive_employees_and_one_refusing_them() {
    let w = world();
    let all = CustomerFilter::new();
    let refused = w.f.dir.plan_bulk(&BulkRequest::add(w.retired, all.clone())).unwrap_err();
    assert_eq!(refused, Error::EmployeeInactive { employee: w.retired });
    let plan = w.f.dir.plan_bulk(&BulkRequest::add(w.retired, all.clone()).skip_inactive(true)).unwrap();
    assert!(plan.is_empty() && plan.skipped.is_empty(), "no customers yet");
    // Removing is not affected by skip_inactive.
    let plan = w.f.dir.plan_bulk(&BulkRequest::remove(w.retired, all).skip_inactive(true)).unwrap();
    assert!(plan.is_empty());
}

//! Team leads: setting them, the refusals (a lead who is not a member, unknown ids), the
//! cascades that end leading (leaving the team, the team or the employee deleted), and the
//! visibility reason a lead gets from their team members' responsibilities, in `can_view` and
//! both set forms.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::{date, Date};
use std::collections::BTreeSet;
use vastuu::{
    Change, CustomerGroupId, CustomerId, Directory, EmployeeId, EmployeeUpdate, EntityRef, Error, MemoryStore,
    NewCustomer, NewCustomerGroup, NewEmployee, Period, ProjectId, Subject, TeamId, Visibility, VisibilityReason,
};

/// A team with a lead (Liisa) and three other members (Matti, Aino, Pekka), an employee of
/// another team (Ulla) and one without a team (Oskari).
struct Fixture {
    dir: Directory,
    team: TeamId,
    other_team: TeamId,
    liisa: EmployeeId,
    matti: EmployeeId,
    aino: EmployeeId,
    pekka: EmployeeId,
    ulla: EmployeeId,
    oskari: EmployeeId,
    north: CustomerGroupId,
    /// Matti's customer.
    esim: CustomerId,
    /// Aino's, through a project (`remontti`) valid in 2026 only.
    oljy: CustomerId,
    remontti: ProjectId,
    /// Ulla's (another team).
    zeta: CustomerId,
    /// In Pekka's group (Pekka sells it with sales rights), nobody responsible.
    aland: CustomerId,
    /// Liisa's own.
    apu: CustomerId,
}

const DAY: Date = date(2026, 3, 1);

fn fixture() -> Fixture {
    let mut dir = Directory::new();
    let team = dir.create_team("Huolto").unwrap();
    let other_team = dir.create_team("Myynti").unwrap();
    let liisa = dir.create_employee(NewEmployee::new("Liisa").team(team)).unwrap();
    let matti = dir.create_employee(NewEmployee::new("Matti").team(team)).unwrap();
    let aino = dir.create_employee(NewEmployee::new("Aino").team(team)).unwrap();
    let pekka = dir.create_employee(NewEmployee::new("Pekka").team(team).sales_rights(true)).unwrap();
    let ulla = dir.create_employee(NewEmployee::new("Ulla").team(other_team)).unwrap();
    let oskari = dir.create_employee(NewEmployee::new("Oskari")).unwrap();
    let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([pekka])).unwrap();
    let esim = dir.create_customer(NewCustomer::new("Esimerkki Oy")).unwrap();
    let oljy = dir.create_customer(NewCustomer::new("Öljy Ab")).unwrap();
    let remontti = dir.create_project(oljy, "Remontti").unwrap();
    let zeta = dir.create_customer(NewCustomer::new("Zeta")).unwrap();
    let aland = dir.create_customer(NewCustomer::new("Åland Oy").group(north)).unwrap();
    let apu = dir.create_customer(NewCustomer::new("Apu")).unwrap();
    dir.toggle(esim.into(), matti).unwrap();
    dir.toggle(remontti.into(), aino).unwrap();
    dir.set_period(remontti.into(), aino, Period { from: Some(date(2026, 1, 1)), to: Some(date(2026, 12, 31)) })
        .unwrap();
    dir.toggle(zeta.into(), ulla).unwrap();
    dir.toggle(apu.into(), liisa).unwrap();
    dir.set_team_leads(team, [liisa]).unwrap();
    Fixture {
        dir,
        team,
        other_team,
        liisa,
        matti,
        aino,
        pekka,
        ulla,
        oskari,
        north,
        esim,
        oljy,
        remontti,
        zeta,
        aland,
        apu,
    }
}

fn leads(dir: &Directory, team: TeamId) -> Vec<EmployeeId> {
    dir.team(team).unwrap().leads.iter().copied().collect()
}

/// `can_view`, `visible_customers` and `who_can_view` agree for every pair on `on`.
fn check_set_forms(dir: &Directory, on: Date) {
    let employees: Vec<EmployeeId> = dir.employees().map(|e| e.id).collect();
    let customers: Vec<CustomerId> = dir.customers().map(|c| c.id).collect();
    for &e in &employees {
        let visible = dir.visible_customers(e, on).unwrap();
        for &c in &customers {
            let v = dir.can_view(e, c, on).unwrap();
            assert_eq!(v.visible, !v.reasons().is_empty(), "{e} {c} {on}");
            assert_eq!(visible.contains(&c), v.visible, "{e} {c} {on}");
            assert_eq!(dir.who_can_view(c, on).unwrap().contains(&e), v.visible, "{e} {c} {on}");
        }
    }
}

#[test]
fn leads_are_set_added_and_removed() {
    let Fixture { mut dir, team, liisa, matti, aino, .. } = fixture();
    assert_eq!(leads(&dir, team), [liisa]);
    let seq = dir.last_seq();
    dir.set_team_leads(team, [aino, matti, aino]).unwrap();
    assert_eq!(leads(&dir, team), [matti, aino]);
    assert_eq!(dir.last_seq(), seq + 1);
    // The same set again changes nothing and commits nothing.
    dir.set_team_leads(team, [matti, aino]).unwrap();
    assert_eq!(dir.last_seq(), seq + 1);
    dir.add_team_lead(team, liisa).unwrap();
    dir.add_team_lead(team, liisa).unwrap();
    assert_eq!(leads(&dir, team), [liisa, matti, aino]);
    dir.remove_team_lead(team, matti).unwrap();
    dir.remove_team_lead(team, matti).unwrap();
    assert_eq!(leads(&dir, team), [liisa, aino]);
    assert_eq!(dir.last_seq(), seq + 3);
    dir.set_team_leads(team, []).unwrap();
    assert!(leads(&dir, team).is_empty());
    // The team's history has every change of its leads; the rename keeps them.
    dir.set_team_leads(team, [aino]).unwrap();
    dir.rename_team(team, "Kenttähuolto").unwrap();
    assert_eq!(leads(&dir, team), [aino]);
    assert!(dir.history(team).unwrap().len() >= 6);
}

#[test]
fn bad_leads_are_refused_and_change_nothing() {
    let Fixture { mut dir, team, other_team, liisa, matti, ulla, oskari, .. } = fixture();
    let before = dir.data();
    let seq = dir.last_seq();
    // A lead of a team they are not in: in another team, or in none.
    assert_eq!(dir.set_team_leads(team, [matti, ulla]), Err(Error::NotTeamMember { team, employee: ulla }));
    assert_eq!(dir.add_team_lead(team, oskari), Err(Error::NotTeamMember { team, employee: oskari }));
    assert_eq!(dir.add_team_lead(other_team, liisa), Err(Error::NotTeamMember { team: other_team, employee: liisa }));
    // Unknown ids.
    let nobody = EmployeeId::new(999);
    let no_team = TeamId::new(999);
    assert_eq!(dir.set_team_leads(team, [matti, nobody]), Err(Error::NotFound(nobody.into())));
    assert_eq!(dir.set_team_leads(no_team, [matti]), Err(Error::NotFound(no_team.into())));
    assert_eq!(dir.add_team_lead(no_team, matti), Err(Error::NotFound(no_team.into())));
    assert_eq!(dir.add_team_lead(team, nobody), Err(Error::NotFound(nobody.into())));
    assert_eq!(dir.remove_team_lead(no_team, liisa), Err(Error::NotFound(no_team.into())));
    assert_eq!(dir.remove_team_lead(team, nobody), Err(Error::NotFound(nobody.into())));
    assert_eq!(dir.data(), before);
    assert_eq!(dir.last_seq(), seq);
    // The error names both ids.
    let message = Error::NotTeamMember { team, employee: ulla }.to_string();
    assert!(message.contains(&ulla.to_string()) && message.contains(&team.to_string()), "{message}");
}

#[test]
fn leaving_the_team_ends_leading_it_in_the_same_change_set() {
    let Fixture { mut dir, team, other_team, liisa, matti, aino, .. } = fixture();
    dir.set_team_leads(team, [liisa, matti, aino]).unwrap();
    // Moving to another team.
    let seq = dir.last_seq();
    dir.update_employee(liisa, EmployeeUpdate { team: Some(Some(other_team)), ..Default::default() }).unwrap();
    assert_eq!(dir.last_seq(), seq + 1);
    assert_eq!(leads(&dir, team), [matti, aino]);
    let set = dir.history(liisa).unwrap().pop().unwrap();
    assert!(set.changes.iter().any(|c| matches!(c, Change::PutEmployee(e) if e.id == liisa)));
    assert!(set.changes.iter().any(|c| matches!(c, Change::PutTeam(t) if t.id == team && !t.leads.contains(&liisa))));
    // An update that keeps the team keeps the lead.
    dir.update_employee(
        matti,
        EmployeeUpdate { team: Some(Some(team)), sales_rights: Some(true), ..Default::default() },
    )
    .unwrap();
    assert_eq!(leads(&dir, team), [matti, aino]);
    // Archiving keeps the lead (an inactive lead sees nothing).
    dir.archive_employee(matti).unwrap();
    assert_eq!(leads(&dir, team), [matti, aino]);
    // Clearing the team.
    dir.update_employee(matti, EmployeeUpdate { team: Some(None), ..Default::default() }).unwrap();
    assert_eq!(leads(&dir, team), [aino]);
    // Deleting the employee.
    let seq = dir.last_seq();
    dir.delete_employee(aino).unwrap();
    assert_eq!(dir.last_seq(), seq + 1);
    assert!(leads(&dir, team).is_empty());
    let set = dir.history(team).unwrap().pop().unwrap();
    assert!(set.changes.iter().any(|c| matches!(c, Change::DeleteEmployee(e) if *e == aino)));
    // Deleting the team: its members are left without one, and nobody leads a team.
    dir.set_team_leads(other_team, [liisa]).unwrap();
    dir.delete_team(other_team).unwrap();
    assert_eq!(dir.employee(liisa).unwrap().team, None);
    assert!(dir.teams().all(|t| t.leads.is_empty()));
    dir.check_integrity().unwrap();
}

#[test]
fn a_lead_sees_what_the_members_see_through_responsibilities() {
    let f = fixture();
    let d = &f.dir;
    let lead = |c| VisibilityReason::TeamLead { team: f.team, member: c };
    // Through Matti's customer responsibility, and Aino's project responsibility.
    assert_eq!(d.can_view(f.liisa, f.esim, DAY).unwrap().reasons(), [lead(f.matti)]);
    let v = d.can_view(f.liisa, f.oljy, DAY).unwrap();
    assert_eq!(
        v,
        Visibility { visible: true, lead_of: Some(f.team), through_members: vec![f.aino], ..Visibility::default() }
    );
    // Only while the member's responsibility is valid.
    assert!(!d.can_view(f.liisa, f.oljy, date(2027, 1, 1)).unwrap().visible);
    // Her own responsibility is her own reason, not a lead's.
    assert_eq!(d.can_view(f.liisa, f.apu, DAY).unwrap().reasons(), [VisibilityReason::Responsible]);
    // Not through another team's member, nor through a member's salesperson place.
    assert!(!d.can_view(f.liisa, f.zeta, DAY).unwrap().visible);
    assert!(d.can_view(f.pekka, f.aland, DAY).unwrap().visible);
    assert!(!d.can_view(f.liisa, f.aland, DAY).unwrap().visible);
    // Members who are not leads see only their own.
    assert!(!d.can_view(f.matti, f.oljy, DAY).unwrap().visible);
    assert!(!d.can_view(f.oskari, f.esim, DAY).unwrap().visible);
    // The set forms, in Finnish order.
    assert_eq!(d.visible_customers(f.liisa, DAY).unwrap(), [f.apu, f.esim, f.oljy]);
    assert_eq!(d.visible_customers(f.liisa, date(2027, 1, 1)).unwrap(), [f.apu, f.esim]);
    assert_eq!(d.who_can_view(f.esim, DAY).unwrap(), [f.liisa, f.matti]);
    assert_eq!(d.who_can_view(f.oljy, DAY).unwrap(), [f.aino, f.liisa]);
    assert_eq!(d.who_can_view(f.zeta, DAY).unwrap(), [f.ulla]);
    for on in [DAY, date(2025, 6, 1), date(2027, 1, 1)] {
        check_set_forms(d, on);
    }
}

#[test]
fn several_members_are_each_a_reason_and_a_selling_lead_merges_both() {
    let mut f = fixture();
    // Matti and Aino both hold Öljy; Liisa sells the north group.
    f.dir.toggle(f.oljy.into(), f.matti).unwrap();
    f.dir.update_employee(f.liisa, EmployeeUpdate { sales_rights: Some(true), ..Default::default() }).unwrap();
    f.dir.add_group_salesperson(f.north, f.liisa).unwrap();
    let d = &f.dir;
    let v = d.can_view(f.liisa, f.oljy, DAY).unwrap();
    assert_eq!(
        v.reasons(),
        [
            VisibilityReason::TeamLead { team: f.team, member: f.matti },
            VisibilityReason::TeamLead { team: f.team, member: f.aino }
        ]
    );
    assert_eq!(d.visible_customers(f.liisa, DAY).unwrap(), [f.apu, f.esim, f.aland, f.oljy]);
    check_set_forms(d, DAY);
    // Two leads of one team see through each other's responsibilities.
    f.dir.add_team_lead(f.team, f.matti).unwrap();
    let d = &f.dir;
    assert_eq!(
        d.can_view(f.matti, f.apu, DAY).unwrap().reasons(),
        [VisibilityReason::TeamLead { team: f.team, member: f.liisa }]
    );
    assert_eq!(d.who_can_view(f.apu, DAY).unwrap(), [f.liisa, f.matti]);
    check_set_forms(d, DAY);
}

#[test]
fn inactive_leads_see_nothing_and_inactive_members_give_nothing() {
    let mut f = fixture();
    f.dir.archive_employee(f.matti).unwrap();
    assert!(!f.dir.can_view(f.liisa, f.esim, DAY).unwrap().visible);
    assert_eq!(f.dir.who_can_view(f.esim, DAY).unwrap(), []);
    check_set_forms(&f.dir, DAY);
    f.dir.reactivate_employee(f.matti).unwrap();
    f.dir.archive_employee(f.liisa).unwrap();
    assert_eq!(f.dir.can_view(f.liisa, f.esim, DAY).unwrap(), Visibility::default());
    assert_eq!(f.dir.visible_customers(f.liisa, DAY).unwrap(), []);
    assert_eq!(f.dir.who_can_view(f.esim, DAY).unwrap(), [f.matti]);
    check_set_forms(&f.dir, DAY);
    // Unknown ids are errors, never visible.
    let nobody = EmployeeId::new(999);
    assert_eq!(f.dir.can_view(nobody, f.esim, DAY), Err(Error::NotFound(EntityRef::Employee(nobody))));
}

#[test]
fn leads_survive_rollback_and_reopening() {
    let f = fixture();
    let mut dir = f.dir;
    dir.begin_transaction();
    dir.set_team_leads(f.team, [f.matti]).unwrap();
    dir.delete_employee(f.matti).unwrap();
    assert!(leads(&dir, f.team).is_empty());
    dir.rollback_transaction();
    assert_eq!(leads(&dir, f.team), [f.liisa]);
    assert_eq!(dir.visible_customers(f.liisa, DAY).unwrap(), [f.apu, f.esim, f.oljy]);
    // A store replays the leads.
    let mut stored = Directory::with_store(MemoryStore::new()).unwrap();
    let team = stored.create_team("Huolto").unwrap();
    let a = stored.create_employee(NewEmployee::new("A").team(team)).unwrap();
    let b = stored.create_employee(NewEmployee::new("B").team(team)).unwrap();
    let c = stored.create_customer(NewCustomer::new("C")).unwrap();
    stored.toggle(Subject::Customer(c), b).unwrap();
    stored.set_team_leads(team, [a]).unwrap();
    let again = Directory::from_data(stored.data()).unwrap();
    assert_eq!(leads(&again, team), [a]);
    assert_eq!(again.visible_customers(a, DAY).unwrap(), [c]);
}

#[test]
fn data_with_a_lead_outside_the_team_is_refused() {
    let f = fixture();
    let mut data = f.dir.data();
    let team = data.teams.iter_mut().find(|t| t.id == f.team).unwrap();
    team.leads = BTreeSet::from([f.liisa, f.ulla]);
    let err = Directory::from_data(data).err().unwrap();
    assert!(err.to_string().contains(&f.ulla.to_string()), "{err}");
    let _ = (f.other_team, f.remontti, f.pekka);
}

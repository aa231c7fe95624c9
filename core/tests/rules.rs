//! The rules of the model ("Rules" and "Numbering" of the spec), and every error variant, each
//! checked to change nothing when it is returned.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

/// A boxed mutation, for tables of cases.
type Mutation = Box<dyn FnOnce(&mut Directory) -> Result<()>>;

use common::{fixture, Fixture};
use jiff::civil::date;
use vastuu::*;

struct World {
    f: Fixture,
    matti: EmployeeId,
    maija: EmployeeId,
    seller: EmployeeId,
    customer_role: RoleId,
    project_role: RoleId,
    north: CustomerGroupId,
    south: CustomerGroupId,
    a: CustomerId,
    b: CustomerId,
    project: ProjectId,
}

fn world() -> World {
    let mut f = fixture();
    let d = &mut f.dir;
    let matti = d.create_employee(NewEmployee::new("Matti Meikäläinen").email("matti@example.fi")).unwrap();
    let maija = d.create_employee(NewEmployee::new("Maija")).unwrap();
    let seller = d.create_employee(NewEmployee::new("Myyjä").sales_rights(true)).unwrap();
    let customer_role = d.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer)).unwrap();
    let project_role = d.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project)).unwrap();
    let north = d.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000)).unwrap();
    let south = d.create_customer_group(NewCustomerGroup::new("Etelä")).unwrap();
    let a = d.create_customer(NewCustomer::new("Esimerkki Oy").group(north)).unwrap();
    let b = d.create_customer(NewCustomer::new("Öljy Ab")).unwrap();
    let project = d.create_project(a, "Remontti").unwrap();
    World { f, matti, maija, seller, customer_role, project_role, north, south, a, b, project }
}

// ---- Rule 1: a customer belongs to at most one customer group -----------------------------

#[test]
fn a_customer_joins_a_second_group_only_when_moved_explicitly() {
    let mut w = world();
    let (a, north, south) = (w.a, w.north, w.south);
    let err = w.f.reject(|d| d.add_customer_to_group(south, a));
    assert_eq!(
        err,
        Error::CustomerInOtherGroup {
            customer: a,
            current: north,
            current_name: "Pohjoinen".into(),
            requested: south,
            requested_name: "Etelä".into(),
        }
    );
    assert!(err.to_string().contains("Pohjoinen") && err.to_string().contains("Etelä"));
    // Adding to the group it is in changes nothing and commits nothing.
    let seq = w.f.dir.last_seq();
    w.f.dir.add_customer_to_group(north, a).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq);
    // The explicit move works and keeps the number.
    let number = w.f.dir.customer(a).unwrap().number;
    w.f.dir.move_customer_to_group(south, a).unwrap();
    assert_eq!(w.f.dir.customer(a).unwrap().group, Some(south));
    assert_eq!(w.f.dir.customer(a).unwrap().number, number);
    assert_eq!(w.f.dir.group_customers(north).unwrap(), vec![]);
    assert_eq!(w.f.dir.group_customers(south).unwrap(), vec![a]);
    w.f.dir.remove_customer_from_group(a).unwrap();
    assert_eq!(w.f.dir.customer(a).unwrap().group, None);
}

#[test]
fn saving_a_group_with_a_customer_of_another_group_is_refused_whole() {
    let mut w = world();
    let mut many = Vec::new();
    for i in 0..499 {
        many.push(w.f.dir.create_customer(NewCustomer::new(format!("Asiakas {i}"))).unwrap());
    }
    many.push(w.a); // in "Pohjoinen"
    let south = w.south;
    let list = many.clone();
    let err = w.f.reject(|d| {
        d.update_customer_group(south, CustomerGroupUpdate { customers: Some(list), ..Default::default() })
    });
    assert!(matches!(err, Error::CustomerInOtherGroup { customer, .. } if customer == w.a));
    // With an unknown id among 500, nothing changes either.
    let mut with_unknown = many[..499].to_vec();
    with_unknown.push(CustomerId(9999));
    let err = w.f.reject(|d| {
        d.update_customer_group(south, CustomerGroupUpdate { customers: Some(with_unknown), ..Default::default() })
    });
    assert_eq!(err, Error::NotFound(EntityRef::Customer(CustomerId(9999))));
    // Asked to move, all 500 join.
    w.f.dir
        .update_customer_group(
            south,
            CustomerGroupUpdate { customers: Some(many.clone()), move_customers: true, ..Default::default() },
        )
        .unwrap();
    let mut members = w.f.dir.group_customers(south).unwrap();
    members.sort();
    let mut expected = many;
    expected.sort();
    assert_eq!(members, expected);
    // Saving the group with fewer customers returns the others to "No group".
    let keep = expected[..10].to_vec();
    w.f.dir
        .update_customer_group(south, CustomerGroupUpdate { customers: Some(keep.clone()), ..Default::default() })
        .unwrap();
    assert_eq!(w.f.dir.group_customers(south).unwrap(), keep);
    assert_eq!(w.f.dir.customer(expected[20]).unwrap().group, None);
}

#[test]
fn creating_a_group_with_customers_respects_exclusivity() {
    let mut w = world();
    let a = w.a;
    let err = w.f.reject(|d| d.create_customer_group(NewCustomerGroup::new("Itä").customers([a])));
    assert!(matches!(err, Error::CustomerInOtherGroup { requested_name, .. } if requested_name == "Itä"));
    let east = w.f.dir.create_customer_group(NewCustomerGroup::new("Itä").customers([a]).move_customers(true)).unwrap();
    assert_eq!(w.f.dir.customer(a).unwrap().group, Some(east));
}

// ---- Rule 2: deleting a customer group --------------------------------------------------------

#[test]
fn deleting_a_group_returns_its_customers_to_no_group_untouched_otherwise() {
    let mut w = world();
    let (a, north, matti) = (w.a, w.north, w.matti);
    let special = w.f.dir.create_special_group(NewSpecialGroup::new("Avainasiakkaat").customers([a])).unwrap();
    w.f.dir.toggle(a.into(), matti).unwrap();
    w.f.dir.add_group_salesperson(north, w.seller).unwrap();
    let before = w.f.dir.customer(a).unwrap().clone();
    w.f.dir.delete_customer_group(north).unwrap();
    let after = w.f.dir.customer(a).unwrap();
    assert_eq!(after.group, None);
    assert_eq!(after.number, before.number);
    assert_eq!(after.special_groups, [special].into());
    assert!(w.f.dir.responsibility(a.into(), matti).unwrap().is_some());
    assert_eq!(w.f.dir.customer_group(north), Err(Error::NotFound(north.into())));
    assert_eq!(w.f.dir.salesperson_groups(w.seller).unwrap(), vec![]);
    w.f.dir.check_integrity().unwrap();
    // The name is free again.
    w.f.dir.create_customer_group(NewCustomerGroup::new("pohjoinen")).unwrap();
}

// ---- Rule 3: special groups ---------------------------------------------------------------

#[test]
fn special_groups_are_many_to_many_and_delete_only_themselves() {
    let mut w = world();
    let (a, b) = (w.a, w.b);
    let key =
        w.f.dir
            .create_special_group(NewSpecialGroup::new("Avain").description("Tärkeät\nasiakkaat").customers([a, b]))
            .unwrap();
    let vip = w.f.dir.create_special_group(NewSpecialGroup::new("VIP").customers([a])).unwrap();
    assert_eq!(w.f.dir.customer(a).unwrap().special_groups, [key, vip].into());
    assert_eq!(w.f.dir.special_group_customers(key).unwrap(), vec![a, b]);
    assert_eq!(w.f.dir.special_group(key).unwrap().description.as_deref(), Some("Tärkeät\nasiakkaat"));
    w.f.dir.remove_from_special_group(key, b).unwrap();
    assert_eq!(w.f.dir.special_group_customers(key).unwrap(), vec![a]);
    w.f.dir.add_to_special_group(key, b).unwrap();
    let group_before = w.f.dir.customer(a).unwrap().group;
    w.f.dir.delete_special_group(key).unwrap();
    assert_eq!(w.f.dir.customer(a).unwrap().special_groups, [vip].into());
    assert_eq!(w.f.dir.customer(b).unwrap().special_groups, Default::default());
    assert_eq!(w.f.dir.customer(a).unwrap().group, group_before);
    w.f.dir
        .update_special_group(
            vip,
            SpecialGroupUpdate { name: Some("V.I.P.".into()), description: Some(None), customers: Some(vec![b]) },
        )
        .unwrap();
    assert_eq!(w.f.dir.special_group_customers(vip).unwrap(), vec![b]);
    assert_eq!(w.f.dir.special_group(vip).unwrap().name, "V.I.P.");
    w.f.dir.check_integrity().unwrap();
}

// ---- Rule 4: toggling -----------------------------------------------------------------------

#[test]
fn toggling_twice_restores_the_state() {
    let mut w = world();
    let (a, p, matti) = (w.a, w.project, w.matti);
    for subject in [Subject::Customer(a), Subject::Project(p)] {
        let before = w.f.dir.data();
        assert_eq!(w.f.dir.toggle(subject, matti).unwrap(), Toggled::Added);
        let r = w.f.dir.responsibility(subject, matti).unwrap().unwrap();
        assert!(r.roles.is_empty() && r.period.is_always());
        assert_eq!(w.f.dir.toggle(subject, matti).unwrap(), Toggled::Removed);
        assert_eq!(w.f.dir.data(), before);
    }
}

#[test]
fn toggling_off_removes_the_roles_too() {
    let mut w = world();
    let (a, matti, role) = (w.a, w.matti, w.customer_role);
    w.f.dir.add_role(a.into(), matti, role).unwrap();
    w.f.dir.toggle(a.into(), matti).unwrap();
    assert_eq!(w.f.dir.responsibility(a.into(), matti).unwrap(), None);
    w.f.dir.toggle(a.into(), matti).unwrap();
    assert!(w.f.dir.responsibility(a.into(), matti).unwrap().unwrap().roles.is_empty());
}

// ---- Rule 5: roles -------------------------------------------------------------------------

#[test]
fn adding_a_role_makes_the_employee_responsible() {
    let mut w = world();
    let (a, p, matti) = (w.a, w.project, w.matti);
    w.f.dir.add_role(a.into(), matti, w.customer_role).unwrap();
    let r = w.f.dir.responsibility(a.into(), matti).unwrap().unwrap();
    assert_eq!(r.roles, [w.customer_role].into());
    w.f.dir.add_role(p.into(), matti, w.project_role).unwrap();
    assert!(w.f.dir.responsibility(p.into(), matti).unwrap().is_some());
    // Removing the role keeps the responsibility.
    w.f.dir.remove_role(a.into(), matti, w.customer_role).unwrap();
    assert!(w.f.dir.responsibility(a.into(), matti).unwrap().unwrap().roles.is_empty());
    // set_roles replaces, and creates a responsibility when needed.
    let extra = w.f.dir.create_role(NewRole::new("Laskutus", RoleScope::Customer)).unwrap();
    w.f.dir.set_roles(w.b.into(), w.maija, &[w.customer_role, extra]).unwrap();
    assert_eq!(w.f.dir.responsibility(w.b.into(), w.maija).unwrap().unwrap().roles, [w.customer_role, extra].into());
    w.f.dir.set_roles(w.b.into(), w.maija, &[extra]).unwrap();
    assert_eq!(w.f.dir.responsibility(w.b.into(), w.maija).unwrap().unwrap().roles, [extra].into());
}

#[test]
fn a_role_must_match_the_subject_kind() {
    let mut w = world();
    let (a, p, matti, cr, pr) = (w.a, w.project, w.matti, w.customer_role, w.project_role);
    let err = w.f.reject(|d| d.add_role(a.into(), matti, pr));
    assert_eq!(
        err,
        Error::RoleScopeMismatch { role: pr, role_scope: RoleScope::Project, subject: Subject::Customer(a) }
    );
    let err = w.f.reject(|d| d.set_roles(p.into(), matti, &[cr]));
    assert!(matches!(err, Error::RoleScopeMismatch { role, .. } if role == cr));
    let err = w.f.reject(|d| d.set_responsibility(p.into(), matti, &[pr, cr], Period::ALWAYS));
    assert!(matches!(err, Error::RoleScopeMismatch { .. }));
}

#[test]
fn roles_work_without_any_roles_defined() {
    let mut f = fixture();
    let e = f.dir.create_employee(NewEmployee::new("Ainoa")).unwrap();
    let c = f.dir.create_customer(NewCustomer::new("Asiakas")).unwrap();
    f.dir.toggle(c.into(), e).unwrap();
    f.dir.set_roles(c.into(), e, &[]).unwrap();
    assert_eq!(f.dir.responsibilities_for(c.into()).unwrap().len(), 1);
}

#[test]
fn a_role_changes_scope_only_while_unused_and_deleting_it_cascades() {
    let mut w = world();
    let (a, matti, role) = (w.a, w.matti, w.customer_role);
    w.f.dir.add_role(a.into(), matti, role).unwrap();
    let err = w.f.reject(|d| d.update_role(role, RoleUpdate { scope: Some(RoleScope::Project), ..Default::default() }));
    assert_eq!(err, Error::RoleInUse { role, responsibilities: 1 });
    w.f.dir.update_role(role, RoleUpdate { portal_visible: Some(true), ..Default::default() }).unwrap();
    assert!(w.f.dir.role(role).unwrap().portal_visible);
    w.f.dir.delete_role(role).unwrap();
    let r = w.f.dir.responsibility(a.into(), matti).unwrap().unwrap();
    assert!(r.roles.is_empty(), "the responsibility stays, without the role");
    w.f.dir.check_integrity().unwrap();
    // Unused now: a new role may change scope.
    let spare = w.f.dir.create_role(NewRole::new("Vara", RoleScope::Customer)).unwrap();
    w.f.dir.update_role(spare, RoleUpdate { scope: Some(RoleScope::Project), ..Default::default() }).unwrap();
    assert_eq!(w.f.dir.role(spare).unwrap().scope, RoleScope::Project);
}

// ---- Rule 6: active employees and sales rights ---------------------------------------------

#[test]
fn inactive_employees_get_nothing_new_but_keep_what_they_have() {
    let mut w = world();
    let (a, b, matti, role, north) = (w.a, w.b, w.matti, w.customer_role, w.north);
    w.f.dir.toggle(a.into(), matti).unwrap();
    w.f.dir.update_employee(matti, EmployeeUpdate { sales_rights: Some(true), ..Default::default() }).unwrap();
    w.f.dir.add_group_salesperson(north, matti).unwrap();
    w.f.dir.archive_employee(matti).unwrap();
    assert!(!w.f.dir.employee(matti).unwrap().active);
    assert!(w.f.dir.responsibility(a.into(), matti).unwrap().is_some(), "kept for history");
    assert_eq!(w.f.dir.salesperson_groups(matti).unwrap(), vec![north]);
    let expected = Error::EmployeeInactive { employee: matti };
    assert_eq!(w.f.reject(|d| d.toggle(b.into(), matti)), expected);
    assert_eq!(w.f.reject(|d| d.add_responsibility(b.into(), matti)), expected);
    assert_eq!(w.f.reject(|d| d.add_role(a.into(), matti, role)), expected);
    assert_eq!(w.f.reject(|d| d.set_roles(a.into(), matti, &[role])), expected);
    assert_eq!(w.f.reject(|d| d.set_responsibility(b.into(), matti, &[], Period::ALWAYS)), expected);
    let south = w.south;
    assert_eq!(w.f.reject(|d| d.add_group_salesperson(south, matti)), expected);
    let err = w.f.reject(|d| {
        d.update_customer_group(south, CustomerGroupUpdate { salespeople: Some(vec![matti]), ..Default::default() })
    });
    assert_eq!(err, expected);
    // What they have can still be ended or removed.
    w.f.dir.set_period(a.into(), matti, Period::new(None, Some(date(2026, 12, 31))).unwrap()).unwrap();
    // Re-saving the group with its existing (now inactive) salesperson is fine.
    w.f.dir
        .update_customer_group(north, CustomerGroupUpdate { salespeople: Some(vec![matti]), ..Default::default() })
        .unwrap();
    w.f.dir.toggle(a.into(), matti).unwrap();
    assert!(w.f.dir.responsibility(a.into(), matti).unwrap().is_none());
    w.f.dir.reactivate_employee(matti).unwrap();
    w.f.dir.toggle(b.into(), matti).unwrap();
}

#[test]
fn only_employees_with_sales_rights_become_salespeople() {
    let mut w = world();
    let (north, maija, seller) = (w.north, w.maija, w.seller);
    assert_eq!(w.f.reject(|d| d.add_group_salesperson(north, maija)), Error::NoSalesRights { employee: maija });
    let err = w.f.reject(|d| d.create_customer_group(NewCustomerGroup::new("Uusi").salespeople([seller, maija])));
    assert_eq!(err, Error::NoSalesRights { employee: maija });
    w.f.dir.add_group_salesperson(north, seller).unwrap();
    assert_eq!(w.f.dir.customer_group(north).unwrap().salespeople, [seller].into());
    w.f.dir.remove_group_salesperson(north, seller).unwrap();
    assert!(w.f.dir.customer_group(north).unwrap().salespeople.is_empty());
}

// ---- Rule 7: deletes never leave dangling references ----------------------------------------

#[test]
fn deleting_an_employee_removes_their_responsibilities_and_salesperson_places() {
    let mut w = world();
    let (a, p, seller, north) = (w.a, w.project, w.seller, w.north);
    w.f.dir.toggle(a.into(), seller).unwrap();
    w.f.dir.toggle(p.into(), seller).unwrap();
    w.f.dir.add_group_salesperson(north, seller).unwrap();
    w.f.dir.delete_employee(seller).unwrap();
    assert_eq!(w.f.dir.employee(seller), Err(Error::NotFound(seller.into())));
    assert!(w.f.dir.responsibilities_for(a.into()).unwrap().is_empty());
    assert!(w.f.dir.responsibilities_for(p.into()).unwrap().is_empty());
    assert!(w.f.dir.customer_group(north).unwrap().salespeople.is_empty());
    w.f.dir.check_integrity().unwrap();
    // Ids are never reused.
    let next = w.f.dir.create_employee(NewEmployee::new("Uusi")).unwrap();
    assert!(next.get() > seller.get());
}

#[test]
fn deleting_a_customer_with_projects_is_refused() {
    let mut w = world();
    let (a, p, matti) = (w.a, w.project, w.matti);
    let err = w.f.reject(|d| d.delete_customer(a));
    assert_eq!(err, Error::CustomerHasProjects { customer: a, projects: vec![p] });
    w.f.dir.toggle(p.into(), matti).unwrap();
    w.f.dir.toggle(a.into(), matti).unwrap();
    w.f.dir.delete_project(p).unwrap();
    assert!(w.f.dir.responsibilities_held_by(matti).unwrap().iter().all(|r| r.subject == Subject::Customer(a)));
    w.f.dir.delete_customer(a).unwrap();
    assert!(w.f.dir.responsibilities_held_by(matti).unwrap().is_empty());
    assert_eq!(w.f.dir.group_customers(w.north).unwrap(), vec![]);
    w.f.dir.check_integrity().unwrap();
}

#[test]
fn deleting_a_team_leaves_its_members_without_a_team() {
    let mut w = world();
    let team = w.f.dir.create_team("Huolto").unwrap();
    w.f.dir.update_employee(w.matti, EmployeeUpdate { team: Some(Some(team)), ..Default::default() }).unwrap();
    w.f.dir.delete_team(team).unwrap();
    assert_eq!(w.f.dir.employee(w.matti).unwrap().team, None);
    w.f.dir.check_integrity().unwrap();
}

#[test]
fn archiving_customers_and_projects() {
    let mut w = world();
    w.f.dir.archive_customer(w.a).unwrap();
    assert!(w.f.dir.customer(w.a).unwrap().archived);
    w.f.dir.unarchive_customer(w.a).unwrap();
    assert!(!w.f.dir.customer(w.a).unwrap().archived);
    w.f.dir.archive_project(w.project).unwrap();
    assert!(w.f.dir.project(w.project).unwrap().archived);
    w.f.dir
        .update_project(
            w.project,
            ProjectUpdate { name: Some(" Uusi nimi ".into()), archived: Some(false), external_id: None },
        )
        .unwrap();
    assert_eq!(w.f.dir.project(w.project).unwrap().name, "Uusi nimi");
    w.f.dir
        .update_customer(
            w.b,
            CustomerUpdate {
                status: Some(CustomerStatus::Prospect),
                name: Some("Öljy Oy".into()),
                archived: None,
                external_id: None,
            },
        )
        .unwrap();
    assert_eq!(w.f.dir.customer(w.b).unwrap().status, CustomerStatus::Prospect);
    assert_eq!(w.f.dir.customer(w.b).unwrap().name, "Öljy Oy");
}

// ---- Rule 8: atomicity, also when the store fails --------------------------------------------

#[test]
fn a_failing_store_changes_nothing() {
    let mut w = world();
    let (a, matti, north) = (w.a, w.matti, w.north);
    w.f.store.fail_next_commits(1);
    let err = w.f.reject(|d| d.delete_customer_group(north));
    assert!(matches!(err, Error::Store(StoreError::Failed(_))));
    w.f.store.fail_next_commits(1);
    let err = w.f.reject(|d| {
        d.transaction(|t| {
            t.toggle(a.into(), matti)?;
            t.create_customer(NewCustomer::new("Uusi"))
        })
    });
    assert!(matches!(err, Error::Store(_)));
    // The next commit goes through.
    w.f.dir.delete_customer_group(north).unwrap();
}

#[test]
fn transactions_are_atomic_and_nest() {
    let mut w = world();
    let (a, b, matti) = (w.a, w.b, w.matti);
    let seq = w.f.dir.last_seq();
    let err = w.f.reject(|d| {
        d.transaction(|t| {
            t.toggle(a.into(), matti)?;
            t.toggle(b.into(), matti)?;
            t.create_team("  ")
        })
    });
    assert!(matches!(err, Error::InvalidText { field: Field::TeamName, .. }));
    // An inner transaction that fails is undone; the outer one goes on and commits once.
    w.f.dir
        .transaction(|t| {
            t.toggle(a.into(), matti)?;
            let inner: Result<()> = t.transaction(|u| {
                u.toggle(b.into(), matti)?;
                u.create_customer(NewCustomer::new("X").number(1000)).map(|_| ())
            });
            assert!(matches!(inner, Err(Error::DuplicateCustomerNumber { .. })));
            Ok(())
        })
        .unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1);
    assert!(w.f.dir.responsibility(a.into(), matti).unwrap().is_some());
    assert!(w.f.dir.responsibility(b.into(), matti).unwrap().is_none());
    let reopened = Directory::with_store(w.f.store.clone()).unwrap();
    assert_eq!(reopened.data(), w.f.dir.data());
}

// ---- Numbering ---------------------------------------------------------------------------

#[test]
fn customers_are_numbered_from_their_series() {
    let mut w = world();
    // world: "Esimerkki Oy" in Pohjoinen (start 1000) got 1000; "Öljy Ab" got 1 (default).
    assert_eq!(w.f.dir.customer(w.a).unwrap().number, Some(1000));
    assert_eq!(w.f.dir.customer(w.b).unwrap().number, Some(1));
    let c = w.f.dir.create_customer(NewCustomer::new("C").group(w.north)).unwrap();
    assert_eq!(w.f.dir.customer(c).unwrap().number, Some(1001));
    // A group without numbering uses the default series.
    let d = w.f.dir.create_customer(NewCustomer::new("D").group(w.south)).unwrap();
    assert_eq!(w.f.dir.customer(d).unwrap().number, Some(2));
    let e = w.f.dir.create_customer(NewCustomer::new("E").unnumbered()).unwrap();
    assert_eq!(w.f.dir.customer(e).unwrap().number, None);
    let f = w.f.dir.create_customer(NewCustomer::new("F").number(500)).unwrap();
    assert_eq!(w.f.dir.customer_by_number(500).unwrap().id, f);
}

#[test]
fn freed_numbers_are_not_reused_and_taken_numbers_are_skipped() {
    let mut f = fixture();
    let first = f.dir.create_customer(NewCustomer::new("Yksi")).unwrap();
    assert_eq!(f.dir.customer(first).unwrap().number, Some(1));
    f.dir.delete_customer(first).unwrap();
    let second = f.dir.create_customer(NewCustomer::new("Kaksi")).unwrap();
    assert_eq!(f.dir.customer(second).unwrap().number, Some(2), "1 was freed but is not reused");
    // Hand-set (imported) numbers are skipped.
    f.dir.create_customer(NewCustomer::new("Tuotu 3").number(3)).unwrap();
    f.dir.create_customer(NewCustomer::new("Tuotu 4").number(4)).unwrap();
    let next = f.dir.create_customer(NewCustomer::new("Seuraava")).unwrap();
    assert_eq!(f.dir.customer(next).unwrap().number, Some(5));
    // Clearing a number frees it, but the counter does not go back.
    f.dir.set_customer_number(second, None).unwrap();
    let after = f.dir.create_customer(NewCustomer::new("Jälkeen")).unwrap();
    assert_eq!(f.dir.customer(after).unwrap().number, Some(6));
}

#[test]
fn a_series_ends_below_the_next_start_and_exhaustion_is_an_error() {
    let mut f = fixture();
    let g1 = f.dir.create_customer_group(NewCustomerGroup::new("A").numbering_start(10)).unwrap();
    let _g2 = f.dir.create_customer_group(NewCustomerGroup::new("B").numbering_start(13)).unwrap();
    for expected in 10..=12 {
        let c = f.dir.create_customer(NewCustomer::new(format!("A{expected}")).group(g1)).unwrap();
        assert_eq!(f.dir.customer(c).unwrap().number, Some(expected));
    }
    let err = f.reject(|d| d.create_customer(NewCustomer::new("Liikaa").group(g1)));
    assert_eq!(err, Error::NumberRangeExhausted { series: SeriesId::Group(g1), start: 10, end: 12 });
    // The default series (1..=9) runs into nothing either.
    for _ in 1..=9 {
        f.dir.create_customer(NewCustomer::new("Oletus")).unwrap();
    }
    let err = f.reject(|d| d.create_customer(NewCustomer::new("Oletus")));
    assert_eq!(err, Error::NumberRangeExhausted { series: SeriesId::Default, start: 1, end: 9 });
    // Renumbering into a full series is refused too.
    let loose = f.dir.create_customer(NewCustomer::new("Irrallinen").unnumbered()).unwrap();
    f.dir.move_customer_to_group(g1, loose).unwrap();
    let err = f.reject(|d| d.renumber_customer(loose));
    assert!(matches!(err, Error::NumberRangeExhausted { .. }));
}

#[test]
fn an_explicit_end_limits_the_series() {
    let mut f = fixture();
    let g =
        f.dir.create_customer_group(NewCustomerGroup::new("Pieni").numbering_start(100).numbering_end(101)).unwrap();
    f.dir.create_customer(NewCustomer::new("1").group(g)).unwrap();
    f.dir.create_customer(NewCustomer::new("2").group(g)).unwrap();
    let err = f.reject(|d| d.create_customer(NewCustomer::new("3").group(g)));
    assert_eq!(err, Error::NumberRangeExhausted { series: SeriesId::Group(g), start: 100, end: 101 });
    // Widening the range lets numbering go on.
    f.dir
        .update_customer_group(g, CustomerGroupUpdate { numbering_end: Some(Some(105)), ..Default::default() })
        .unwrap();
    let c = f.dir.create_customer(NewCustomer::new("3").group(g)).unwrap();
    assert_eq!(f.dir.customer(c).unwrap().number, Some(102));
}

#[test]
fn numbering_is_not_retroactive_and_renumbering_is_explicit() {
    let mut f = fixture();
    let a = f.dir.create_customer(NewCustomer::new("A")).unwrap();
    let b = f.dir.create_customer(NewCustomer::new("B")).unwrap();
    // Creating a group with them does not renumber them.
    let g = f.dir.create_customer_group(NewCustomerGroup::new("G").numbering_start(5000).customers([a])).unwrap();
    assert_eq!(f.dir.customer(a).unwrap().number, Some(1));
    // Nor does moving one in, nor changing the start.
    f.dir.add_customer_to_group(g, b).unwrap();
    f.dir
        .update_customer_group(g, CustomerGroupUpdate { numbering_start: Some(Some(6000)), ..Default::default() })
        .unwrap();
    assert_eq!(f.dir.customer(a).unwrap().number, Some(1));
    assert_eq!(f.dir.customer(b).unwrap().number, Some(2));
    // The explicit call renumbers one customer into the group's series.
    assert_eq!(f.dir.renumber_customer(a).unwrap(), 6000);
    assert_eq!(f.dir.customer(a).unwrap().number, Some(6000));
    assert_eq!(f.dir.customer(b).unwrap().number, Some(2));
    // Lowering the start does not move the counter back.
    f.dir
        .update_customer_group(g, CustomerGroupUpdate { numbering_start: Some(Some(5000)), ..Default::default() })
        .unwrap();
    assert_eq!(f.dir.renumber_customer(b).unwrap(), 6001);
}

#[test]
fn explicit_numbers_must_be_unique_and_in_range() {
    let mut w = world();
    let (a, b) = (w.a, w.b);
    let err = w.f.reject(|d| d.set_customer_number(b, Some(1000)));
    assert_eq!(err, Error::DuplicateCustomerNumber { number: 1000, holder: a });
    let err = w.f.reject(|d| d.create_customer(NewCustomer::new("X").number(1)));
    assert_eq!(err, Error::DuplicateCustomerNumber { number: 1, holder: b });
    let err = w.f.reject(|d| d.create_customer(NewCustomer::new("X").number(0)));
    assert_eq!(err, Error::InvalidCustomerNumber { number: 0, max: MAX_CUSTOMER_NUMBER });
    let err = w.f.reject(|d| d.set_customer_number(a, Some(MAX_CUSTOMER_NUMBER + 1)));
    assert!(matches!(err, Error::InvalidCustomerNumber { .. }));
    // Setting a customer's own number again is fine.
    w.f.dir.set_customer_number(a, Some(1000)).unwrap();
}

#[test]
fn invalid_numbering_ranges_are_refused() {
    let mut f = fixture();
    let cases = [
        (Some(0), None, RangeProblem::StartBelowOne),
        (Some(10), Some(9), RangeProblem::EndBelowStart),
        (None, Some(9), RangeProblem::EndWithoutStart),
        (Some(MAX_CUSTOMER_NUMBER + 1), None, RangeProblem::AboveMaximum),
    ];
    for (start, end, problem) in cases {
        let new =
            NewCustomerGroup { name: "G".into(), numbering_start: start, numbering_end: end, ..Default::default() };
        let err = f.reject(|d| d.create_customer_group(new));
        assert_eq!(err, Error::InvalidNumberingRange { start, end, problem });
    }
    let err = f.reject(|d| d.set_default_series(0, None));
    assert!(matches!(err, Error::InvalidNumberingRange { problem: RangeProblem::StartBelowOne, .. }));
    f.dir.set_default_series(100, Some(199)).unwrap();
    let c = f.dir.create_customer(NewCustomer::new("C")).unwrap();
    assert_eq!(f.dir.customer(c).unwrap().number, Some(100));
}

#[test]
fn the_numbering_report_lists_series_and_conflicts() {
    let mut f = fixture();
    let north = f.dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000)).unwrap();
    let wide =
        f.dir.create_customer_group(NewCustomerGroup::new("Laaja").numbering_start(2000).numbering_end(3500)).unwrap();
    let late = f.dir.create_customer_group(NewCustomerGroup::new("Myöhäinen").numbering_start(3000)).unwrap();
    f.dir.create_customer(NewCustomer::new("n1").group(north)).unwrap();
    f.dir.create_customer(NewCustomer::new("n2").group(north)).unwrap();
    f.dir.create_customer(NewCustomer::new("d1")).unwrap();
    // A hand-set number inside Pohjoinen's range, on a customer of no group.
    let stray = f.dir.create_customer(NewCustomer::new("käsin").number(1500)).unwrap();
    let report = f.dir.numbering_report();
    let series: Vec<_> = report.series.iter().map(|s| (s.series, s.start, s.end, s.next_number, s.used)).collect();
    assert_eq!(
        series,
        vec![
            (SeriesId::Default, 1, 999, 2, 1),
            (SeriesId::Group(north), 1000, 1999, 1002, 3),
            (SeriesId::Group(wide), 2000, 3500, 2000, 0),
            (SeriesId::Group(late), 3000, MAX_CUSTOMER_NUMBER, 3000, 0),
        ]
    );
    assert_eq!(report.series[0].capacity_left, 998);
    assert_eq!(report.series[1].capacity_left, 1999 - 1002 + 1 - 1, "1500 is taken");
    assert_eq!(report.series[1].group_name.as_deref(), Some("Pohjoinen"));
    assert!(report.series[2].explicit_end && !report.series[3].explicit_end);
    assert_eq!(
        report.conflicts,
        vec![
            NumberingConflict::OverlappingRanges {
                first: SeriesId::Group(wide),
                second: SeriesId::Group(late),
                from: 3000,
                to: 3500
            },
            NumberingConflict::NumberInOtherSeries {
                customer: stray,
                number: 1500,
                series: SeriesId::Group(north),
                own_series: SeriesId::Default
            },
        ]
    );
}

// ---- Names, text and ids ----------------------------------------------------------------------

#[test]
fn names_are_validated_everywhere() {
    let mut w = world();
    let long = "x".repeat(MAX_NAME_LEN + 1);
    let (a, matti, north, role) = (w.a, w.matti, w.north, w.customer_role);
    let cases: Vec<(Field, Mutation)> = vec![
        (Field::EmployeeName, Box::new(|d| d.create_employee(NewEmployee::new("")).map(drop))),
        (Field::Email, Box::new(|d| d.create_employee(NewEmployee::new("E").email("ei-osoite")).map(drop))),
        (Field::TeamName, Box::new(|d| d.create_team("a\u{0}b").map(drop))),
        (Field::RoleName, Box::new(|d| d.create_role(NewRole::new(" ", RoleScope::Project)).map(drop))),
        (Field::CustomerName, Box::new(move |d| d.create_customer(NewCustomer::new(long)).map(drop))),
        (Field::ProjectName, Box::new(move |d| d.create_project(a, "\t").map(drop))),
        (Field::CustomerGroupName, Box::new(|d| d.create_customer_group(NewCustomerGroup::new("")).map(drop))),
        (
            Field::LedgerAccount,
            Box::new(|d| d.create_customer_group(NewCustomerGroup::new("G").ledger_account("a\u{1b}")).map(drop)),
        ),
        (
            Field::CostCenter,
            Box::new(|d| d.create_customer_group(NewCustomerGroup::new("G").cost_centers([" "])).map(drop)),
        ),
        (Field::SpecialGroupName, Box::new(|d| d.create_special_group(NewSpecialGroup::new("")).map(drop))),
        (
            Field::Description,
            Box::new(|d| d.create_special_group(NewSpecialGroup::new("S").description("x".repeat(2001))).map(drop)),
        ),
        (
            Field::EmployeeName,
            Box::new(move |d| d.update_employee(matti, EmployeeUpdate { name: Some("".into()), ..Default::default() })),
        ),
        (
            Field::CustomerGroupName,
            Box::new(move |d| {
                d.update_customer_group(north, CustomerGroupUpdate { name: Some(" ".into()), ..Default::default() })
            }),
        ),
        (
            Field::RoleName,
            Box::new(move |d| d.update_role(role, RoleUpdate { name: Some("".into()), ..Default::default() })),
        ),
    ];
    for (field, op) in cases {
        let err = w.f.reject(op);
        assert!(matches!(err, Error::InvalidText { field: f, .. } if f == field), "{field}: {err:?}");
    }
    let err = w.f.dir.set_actor(Some("")).unwrap_err();
    assert!(matches!(err, Error::InvalidText { field: Field::Actor, .. }));
}

#[test]
fn names_are_unique_case_insensitively_where_the_spec_says() {
    let mut w = world();
    let team = w.f.dir.create_team("Huolto").unwrap();
    let err = w.f.reject(|d| d.create_team("HUOLTO"));
    assert_eq!(err, Error::DuplicateName { kind: EntityKind::Team, name: "HUOLTO".into(), existing: team.into() });
    let north = w.north;
    let err = w.f.reject(|d| d.create_customer_group(NewCustomerGroup::new("pohjoinen")));
    assert_eq!(
        err,
        Error::DuplicateName { kind: EntityKind::CustomerGroup, name: "pohjoinen".into(), existing: north.into() }
    );
    let south = w.south;
    let err = w.f.reject(|d| {
        d.update_customer_group(south, CustomerGroupUpdate { name: Some("POHJOINEN".into()), ..Default::default() })
    });
    assert!(matches!(err, Error::DuplicateName { .. }));
    let sg = w.f.dir.create_special_group(NewSpecialGroup::new("Ääni")).unwrap();
    let err = w.f.reject(|d| d.create_special_group(NewSpecialGroup::new("ÄÄNI")));
    assert_eq!(err, Error::DuplicateName { kind: EntityKind::SpecialGroup, name: "ÄÄNI".into(), existing: sg.into() });
    // Role names are unique within a scope only.
    let cr = w.customer_role;
    let err = w.f.reject(|d| d.create_role(NewRole::new("huoltovastaava", RoleScope::Customer)));
    assert_eq!(
        err,
        Error::DuplicateName { kind: EntityKind::Role, name: "huoltovastaava".into(), existing: cr.into() }
    );
    w.f.dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Project)).unwrap();
    // Renaming to a different case of its own name is fine.
    w.f.dir.rename_team(team, "HUOLTO").unwrap();
    assert_eq!(w.f.dir.team(team).unwrap().name, "HUOLTO");
    // Customer and employee names need not be unique.
    w.f.dir.create_customer(NewCustomer::new("Esimerkki Oy")).unwrap();
}

#[test]
fn cost_centers_are_limited() {
    let mut f = fixture();
    let err = f.reject(|d| d.create_customer_group(NewCustomerGroup::new("G").cost_centers(["1", "2", "3", "4", "5"])));
    assert_eq!(err, Error::TooManyCostCenters { count: 5, max: MAX_COST_CENTERS });
    let err = f.reject(|d| d.create_customer_group(NewCustomerGroup::new("G").cost_centers(["1", " 1 "])));
    assert_eq!(err, Error::DuplicateCostCenter { code: "1".into() });
    let g = f
        .dir
        .create_customer_group(NewCustomerGroup::new("G").cost_centers(["4", "1"]).ledger_account(" 3000 "))
        .unwrap();
    let group = f.dir.customer_group(g).unwrap();
    assert_eq!(group.cost_centers, vec!["4".to_string(), "1".to_string()]);
    assert_eq!(group.ledger_account.as_deref(), Some("3000"));
}

#[test]
fn unknown_ids_are_errors_for_every_kind() {
    let mut w = world();
    let (a, matti, north) = (w.a, w.matti, w.north);
    let cases: Vec<(EntityRef, Mutation)> = vec![
        (EmployeeId(99).into(), Box::new(move |d| d.toggle(a.into(), EmployeeId(99)).map(drop))),
        (CustomerId(99).into(), Box::new(move |d| d.toggle(CustomerId(99).into(), matti).map(drop))),
        (ProjectId(99).into(), Box::new(move |d| d.toggle(ProjectId(99).into(), matti).map(drop))),
        (RoleId(99).into(), Box::new(move |d| d.add_role(a.into(), matti, RoleId(99)))),
        (TeamId(99).into(), Box::new(|d| d.create_employee(NewEmployee::new("X").team(TeamId(99))).map(drop))),
        (CustomerGroupId(99).into(), Box::new(move |d| d.add_customer_to_group(CustomerGroupId(99), a))),
        (SpecialGroupId(99).into(), Box::new(move |d| d.add_to_special_group(SpecialGroupId(99), a))),
        (
            CustomerGroupId(99).into(),
            Box::new(|d| d.create_customer(NewCustomer::new("X").group(CustomerGroupId(99))).map(drop)),
        ),
        (EmployeeId(99).into(), Box::new(move |d| d.add_group_salesperson(north, EmployeeId(99)))),
        (CustomerId(0).into(), Box::new(|d| d.delete_customer(CustomerId(0)))),
    ];
    for (missing, op) in cases {
        assert_eq!(w.f.reject(op), Error::NotFound(missing));
    }
    assert_eq!(w.f.dir.history(CustomerId(99)).unwrap_err(), Error::NotFound(CustomerId(99).into()));
}

#[test]
fn responsibilities_need_to_exist_for_period_and_role_removal() {
    let mut w = world();
    let (a, maija, role) = (w.a, w.maija, w.customer_role);
    let missing = Error::NotResponsible { subject: a.into(), employee: maija };
    assert_eq!(w.f.reject(|d| d.set_period(a.into(), maija, Period::ALWAYS)), missing);
    assert_eq!(w.f.reject(|d| d.remove_role(a.into(), maija, role)), missing);
    assert_eq!(w.f.reject(|d| d.remove_responsibility(a.into(), maija)), missing);
}

#[test]
fn validity_periods() {
    let mut w = world();
    let (a, matti) = (w.a, w.matti);
    w.f.dir.toggle(a.into(), matti).unwrap();
    let bad = Period { from: Some(date(2026, 3, 1)), to: Some(date(2026, 2, 28)) };
    let err = w.f.reject(|d| d.set_period(a.into(), matti, bad));
    assert_eq!(err, Error::InvalidPeriod { from: date(2026, 3, 1), to: date(2026, 2, 28) });
    let err = w.f.reject(|d| d.set_responsibility(a.into(), matti, &[], bad));
    assert!(matches!(err, Error::InvalidPeriod { .. }));
    let one_day = Period::new(Some(date(2026, 3, 1)), Some(date(2026, 3, 1))).unwrap();
    w.f.dir.set_period(a.into(), matti, one_day).unwrap();
    let r = w.f.dir.responsibility(a.into(), matti).unwrap().unwrap().clone();
    assert!(r.is_valid_on(Some(date(2026, 3, 1))));
    assert!(!r.is_valid_on(Some(date(2026, 3, 2))));
    assert!(!r.is_valid_on(Some(date(2026, 2, 28))));
    assert!(r.is_valid_on(None));
    w.f.dir.clear_period(a.into(), matti).unwrap();
    assert!(w.f.dir.responsibility(a.into(), matti).unwrap().unwrap().period.is_always());
}

// ---- History ------------------------------------------------------------------------------

#[test]
fn change_sets_carry_seq_time_and_actor_and_history_reads_them_back() {
    let mut f = fixture();
    let t0: jiff::Timestamp = "2026-11-27T08:00:00Z".parse().unwrap();
    f.dir.set_clock(FixedClock(t0));
    f.dir.set_actor(Some("admin@example.fi")).unwrap();
    let e = f.dir.create_employee(NewEmployee::new("Matti")).unwrap();
    let c = f.dir.create_customer(NewCustomer::new("Esimerkki")).unwrap();
    let p = f.dir.create_project(c, "P").unwrap();
    f.dir.set_actor(None).unwrap();
    f.dir.toggle(p.into(), e).unwrap();
    f.dir.toggle(c.into(), e).unwrap();
    let other = f.dir.create_customer(NewCustomer::new("Muu")).unwrap();

    let all = f.dir.change_sets().unwrap();
    assert_eq!(all.iter().map(|cs| cs.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    assert!(all.iter().all(|cs| cs.time == t0));
    assert_eq!(all[0].actor.as_deref(), Some("admin@example.fi"));
    assert_eq!(all[3].actor, None);

    let seqs = |v: Vec<ChangeSet>| v.iter().map(|cs| cs.seq).collect::<Vec<_>>();
    assert_eq!(seqs(f.dir.history(c).unwrap()), vec![2, 3, 4, 5]);
    assert_eq!(seqs(f.dir.history(e).unwrap()), vec![1, 4, 5]);
    assert_eq!(seqs(f.dir.history(other).unwrap()), vec![6]);
    // History survives a delete and a reopen.
    f.dir.delete_project(p).unwrap();
    f.dir.delete_customer(c).unwrap();
    assert_eq!(seqs(f.dir.history(c).unwrap()), vec![2, 3, 4, 5, 7, 8]);
    let reopened = Directory::with_store(f.store.clone()).unwrap();
    assert_eq!(seqs(reopened.history(c).unwrap()), vec![2, 3, 4, 5, 7, 8]);
    assert_eq!(reopened.last_seq(), 8);
    assert_eq!(reopened.data(), f.dir.data());
}

#[test]
fn salesperson_changes_are_in_the_employees_history() {
    let mut w = world();
    let before = w.f.dir.history(w.seller).unwrap().len();
    w.f.dir.add_group_salesperson(w.north, w.seller).unwrap();
    assert_eq!(w.f.dir.history(w.seller).unwrap().len(), before + 1);
}

#[test]
fn no_op_mutations_commit_nothing() {
    let mut w = world();
    let seq = w.f.dir.last_seq();
    w.f.dir.update_customer(w.a, CustomerUpdate::default()).unwrap();
    w.f.dir
        .update_employee(w.matti, EmployeeUpdate { name: Some("Matti Meikäläinen".into()), ..Default::default() })
        .unwrap();
    w.f.dir.remove_customer_from_group(w.b).unwrap();
    let s = w.f.dir.create_special_group(NewSpecialGroup::new("S")).unwrap();
    w.f.dir.remove_from_special_group(s, w.a).unwrap();
    assert_eq!(w.f.dir.last_seq(), seq + 1, "only the special group creation committed");
}

// ---- Loading data ----------------------------------------------------------------------------

#[test]
fn generated_data_is_deterministic_and_valid() {
    let config = generate::GeneratorConfig::small();
    let one = generate::generate(&config);
    let two = generate::generate(&config);
    assert_eq!(one, two);
    assert_ne!(one, generate::generate(&config.with_seed(8)));
    assert_eq!(one.customers.len(), 300);
    assert_eq!(one.responsibilities.len(), 1200);
    let dir = Directory::from_data(one.clone()).unwrap();
    assert_eq!(dir.data(), one);
    dir.check_integrity().unwrap();
}

#[test]
fn a_directory_opened_from_data_continues_numbering_and_ids() {
    let data = generate::generate(&generate::GeneratorConfig::small());
    let customers = data.customers.len() as u32;
    let mut dir = Directory::from_data(data).unwrap();
    let c = dir.create_customer(NewCustomer::new("Uusi")).unwrap();
    assert_eq!(c.get(), customers + 1);
    let n = dir.customer(c).unwrap().number.unwrap();
    assert!(dir.customers().filter(|x| x.number == Some(n)).count() == 1);
}

#[test]
fn data_breaking_a_rule_is_refused() {
    let base = generate::generate(&generate::GeneratorConfig::small());
    let mut dup_number = base.clone();
    let n = dup_number.customers[0].number;
    dup_number.customers[1].number = n;
    assert!(matches!(Directory::from_data(dup_number), Err(Error::Store(StoreError::Corrupt { .. }))));
    let mut dangling = base.clone();
    dangling.projects[0].customer = CustomerId(999_999);
    assert!(matches!(Directory::from_data(dangling), Err(Error::Store(StoreError::Corrupt { .. }))));
    let mut dup_name = base.clone();
    dup_name.teams[1].name = dup_name.teams[0].name.to_uppercase();
    assert!(Directory::from_data(dup_name).is_err());
    let mut bad_role = base;
    let project_role = bad_role.roles.iter().find(|r| r.scope == RoleScope::Project).unwrap().id;
    let r = bad_role.responsibilities.iter_mut().find(|r| matches!(r.subject, Subject::Customer(_))).unwrap();
    r.roles.insert(project_role);
    assert!(matches!(Directory::from_data(bad_role), Err(Error::RoleScopeMismatch { .. })));
}

#[test]
fn ids_are_never_given_out_twice_even_at_the_end_of_the_range() {
    let mut dir = Directory::new();
    let first = dir.create_customer(NewCustomer::new("Ensimmäinen")).unwrap();
    dir.create_team("Huolto").unwrap();
    let mut data = dir.data();
    // The last id a customer can get is u32::MAX - 1.
    data.next_ids.customer = u32::MAX - 1;
    let mut dir = Directory::from_data(data.clone()).unwrap();
    let last = dir.create_customer(NewCustomer::new("Viimeinen")).unwrap();
    assert_eq!(last, CustomerId(u32::MAX - 1));
    let before = dir.data();
    assert_eq!(
        dir.create_customer(NewCustomer::new("Yksi liikaa")),
        Err(Error::IdsExhausted { kind: EntityKind::Customer })
    );
    assert_eq!(dir.data(), before, "nothing changed");
    assert_eq!(dir.customer(last).unwrap().name, "Viimeinen", "the last customer was not overwritten");
    assert_eq!(dir.customer(first).unwrap().name, "Ensimmäinen");
    // Other kinds go on.
    dir.create_team("Myynti").unwrap();
    // Data whose next id would give an existing id is refused, naming the kind and the ids.
    let mut low = dir.data();
    low.next_ids.customer = u32::MAX - 1;
    assert_eq!(
        Directory::from_data(low).map(drop),
        Err(Error::NextIdTooLow { kind: EntityKind::Customer, next_id: u32::MAX - 1, highest_id: u32::MAX - 1 })
    );
    let mut low = dir.data();
    low.next_ids.team = 1;
    let err = Directory::from_data(low).map(drop).unwrap_err();
    assert_eq!(err, Error::NextIdTooLow { kind: EntityKind::Team, next_id: 1, highest_id: 2 });
    assert_eq!(err.to_string(), "the next team id 1 is not above the highest team id 2 of the data");
    let mut zero = Directory::new().data();
    zero.next_ids.employee = 0;
    assert!(matches!(Directory::from_data(zero), Err(Error::NextIdTooLow { kind: EntityKind::Employee, .. })));
    // An entity with the id u32::MAX cannot be imported: no next id is above it.
    let mut max = data;
    max.customers[0].id = CustomerId(u32::MAX);
    max.next_ids.customer = u32::MAX;
    assert!(matches!(Directory::from_data(max), Err(Error::NextIdTooLow { kind: EntityKind::Customer, .. })));
}

#[test]
fn names_are_normalised_and_lookalikes_collide() {
    let mut dir = Directory::new();
    let c = dir.create_customer(NewCustomer::new(" A\u{308}ka\u{308}s Oy ")).unwrap();
    assert_eq!(dir.customer(c).unwrap().name, "Äkäs Oy", "trimmed and NFC-normalised");
    let acme = dir.create_team("ACME").unwrap();
    for lookalike in ["acme", "ＡＣＭＥ", " Acme "] {
        let err = dir.create_team(lookalike).unwrap_err();
        assert!(
            matches!(&err, Error::DuplicateName { existing, .. } if *existing == acme.into()),
            "{lookalike}: {err:?}"
        );
    }
    let finance = dir.create_special_group(NewSpecialGroup::new("ﬁnanssi")).unwrap();
    assert_eq!(dir.special_group(finance).unwrap().name, "ﬁnanssi", "stored as given (NFC keeps the ligature)");
    assert!(matches!(dir.create_special_group(NewSpecialGroup::new("FINANSSI")), Err(Error::DuplicateName { .. })));
    let north = dir.create_customer_group(NewCustomerGroup::new("Kärki")).unwrap();
    let err = dir.create_customer_group(NewCustomerGroup::new("KA\u{308}RKI")).unwrap_err();
    assert!(matches!(err, Error::DuplicateName { existing, .. } if existing == north.into()));
    dir.create_role(NewRole::new("Huolto²", RoleScope::Customer)).unwrap();
    assert!(matches!(dir.create_role(NewRole::new("huolto2", RoleScope::Customer)), Err(Error::DuplicateName { .. })));
    // A bidirectional override, a zero-width space, a line separator: refused with the position.
    let before = dir.data();
    let err = dir.create_customer(NewCustomer::new("Oy \u{202E}bA")).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidText {
            field: Field::CustomerName,
            value: "Oy \u{202E}bA".into(),
            problem: TextProblem::BidiControl { at: 3 }
        }
    );
    assert!(err.to_string().contains("bidirectional control character at position 3"), "{err}");
    let err = dir.create_team("Huol\u{200B}to").unwrap_err();
    assert!(matches!(err, Error::InvalidText { problem: TextProblem::ZeroWidth { at: 4 }, .. }));
    let err = dir.create_special_group(NewSpecialGroup::new("VIP").description("a\u{2028}b")).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidText { field: Field::Description, problem: TextProblem::LineSeparator { at: 1 }, .. }
    ));
    assert_eq!(dir.data(), before);
}

#[test]
fn a_store_written_before_the_text_rules_still_opens() {
    let mut data = Directory::new().data();
    // Names the old rules accepted: not normalised, invisible characters, and two that only now
    // share a uniqueness key.
    data.teams = vec![
        Team { leads: Default::default(), id: TeamId(1), name: "ACME".into() },
        Team { leads: Default::default(), id: TeamId(2), name: "ＡＣＭＥ".into() },
    ];
    data.special_groups = vec![SpecialGroup { id: SpecialGroupId(1), name: "VIP\u{200B}".into(), description: None }];
    let mut c = Directory::new();
    c.create_customer(NewCustomer::new("x")).unwrap();
    let mut customer = c.data().customers.remove(0);
    customer.name = "A\u{308}ka\u{202E}s".into();
    data.customers = vec![customer.clone()];
    data.employees = vec![];
    data.next_ids.team = 3;
    data.next_ids.special_group = 2;
    data.next_ids.customer = 2;
    let path = std::env::temp_dir().join(format!("vastuu-legacy-names-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    drop(Directory::from_data_in(data.clone(), FileStore::open(&path).unwrap()).unwrap());
    let mut dir = Directory::open(&path).unwrap();
    assert_eq!(dir.data(), data, "opened as stored, nothing normalised");
    dir.check_integrity().unwrap();
    // The old entities keep working; new names meet the new rules.
    dir.update_customer(customer.id, CustomerUpdate { archived: Some(true), ..Default::default() }).unwrap();
    assert!(matches!(dir.create_team("acme"), Err(Error::DuplicateName { .. })));
    dir.rename_team(TeamId(2), "Toinen").unwrap();
    assert!(matches!(dir.create_team("Acme"), Err(Error::DuplicateName { .. })), "team 1 still holds the name");
    drop(dir);
    let dir = Directory::open(&path).unwrap();
    assert_eq!(dir.team(TeamId(2)).unwrap().name, "Toinen");
    drop(dir);
    std::fs::remove_dir_all(&path).unwrap();
}

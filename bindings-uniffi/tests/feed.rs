//! `ChangeSet::to_json` of the binding writes the core's document: a change set converted to the
//! binding's record and back gives the same JSON, for every kind of change.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use vastuu::{
    CustomerGroupUpdate, Directory, NewCustomer, NewCustomerGroup, NewEmployee, NewRole, NewSpecialGroup, Period,
    RoleScope,
};
use vastuu_uniffi::{ChangeSet, VastuuError};

/// A directory whose change sets hold every kind of change.
fn every_kind_of_change() -> Directory {
    let mut dir = Directory::new();
    dir.set_actor(Some("Maija")).unwrap();
    let team = dir.create_team("Huolto").unwrap();
    let seller =
        dir.create_employee(NewEmployee::new("Myyjä").team(team).sales_rights(true).email("m@example.fi")).unwrap();
    let role = dir.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project).portal_visible(true)).unwrap();
    let north = dir
        .create_customer_group(
            NewCustomerGroup::new("Pohjoinen").numbering_start(1000).ledger_account("3000").cost_centers(["K1"]),
        )
        .unwrap();
    dir.add_group_salesperson(north, seller).unwrap();
    let vip = dir.create_special_group(NewSpecialGroup::new("VIP").description("Tärkeät")).unwrap();
    let c = dir.create_customer(NewCustomer::new("Esimerkki").group(north).special_group(vip)).unwrap();
    let p = dir.create_project(c, "Remontti").unwrap();
    let from = jiff::civil::date(2026, 1, 1);
    dir.set_responsibility(p.into(), seller, &[role], Period { from: Some(from), to: None }).unwrap();
    dir.set_default_series(500, Some(999)).unwrap();
    dir.update_customer_group(north, CustomerGroupUpdate { name: Some("Pohjola".into()), ..Default::default() })
        .unwrap();
    dir.delete_project(p).unwrap();
    dir.delete_customer(c).unwrap();
    dir.delete_special_group(vip).unwrap();
    dir.delete_customer_group(north).unwrap();
    dir.delete_employee(seller).unwrap();
    dir.delete_role(role).unwrap();
    dir.delete_team(team).unwrap();
    dir
}

#[test]
fn the_binding_s_json_is_the_core_s() {
    let sets = every_kind_of_change().change_sets().unwrap();
    assert!(sets.len() > 15);
    for core in sets {
        let converted = ChangeSet::from(&core);
        assert_eq!(converted.to_json().unwrap(), core.to_json(), "change set {}", core.seq);
    }
}

#[test]
fn a_time_outside_the_range_is_an_invalid_date() {
    let core = &every_kind_of_change().change_sets().unwrap()[0];
    let mut far = ChangeSet::from(core);
    far.time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(400_000 * 366 * 86_400);
    match far.to_json() {
        Err(VastuuError::InvalidDate { reason, .. }) => assert!(reason.contains("-9999..=9999"), "{reason}"),
        other => panic!("expected InvalidDate, got {other:?}"),
    }
}

//! Reverting a change set: the compensating change set, its refusals, and the rules it keeps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use vastuu::{Change, Directory, EmployeeUpdate, EntityRef, Error, MemoryStore, NewCustomer, NewEmployee, Subject};

/// A directory's data and last change set: what a refused revert must leave as it was.
fn fingerprint(dir: &Directory) -> (vastuu::Data, u64) {
    (dir.data(), dir.last_seq())
}

#[test]
fn an_update_is_put_back_and_the_revert_is_in_the_history() {
    let mut dir = Directory::new();
    let team = dir.create_team("Huolto").unwrap();
    dir.rename_team(team, "Tuki").unwrap();
    let seq = dir.revert(2, false).unwrap();
    assert_eq!(seq, 3);
    assert_eq!(dir.team(team).unwrap().name, "Huolto");
    let history = dir.history(team).unwrap();
    assert_eq!(history.iter().map(|cs| cs.seq).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(history[2].reverts, Some(2));
    assert_eq!(history[1].reverts, None);
}

#[test]
fn a_creation_is_undone_by_deleting_and_a_deletion_by_putting_back() {
    let mut dir = Directory::new();
    let matti = dir.create_employee(NewEmployee::new("Matti")).unwrap(); // 1
    let esim = dir.create_customer(NewCustomer::new("Esimerkki Oy")).unwrap(); // 2
    let project = dir.create_project(esim, "Piha").unwrap(); // 3
    dir.toggle(Subject::Customer(esim), matti).unwrap(); // 4
    dir.toggle(Subject::Project(project), matti).unwrap(); // 5
    let before = dir.data();
    dir.delete_project(project).unwrap(); // 6: the project and its responsibility
    dir.revert(6, false).unwrap(); // 7
    assert_eq!(dir.data().projects, before.projects);
    assert_eq!(dir.data().responsibilities, before.responsibilities);
    dir.check_integrity().unwrap();
    // Making the customer's responsibility is undone by removing it.
    dir.revert(4, false).unwrap(); // 8
    assert!(dir.responsibilities_for(Subject::Customer(esim)).unwrap().is_empty());
    assert_eq!(dir.history(matti).unwrap().last().unwrap().reverts, Some(4));
    dir.check_integrity().unwrap();
}

#[test]
fn numbering_counters_do_not_move_back() {
    let mut dir = Directory::new();
    let esim = dir.create_customer(NewCustomer::new("Esimerkki Oy")).unwrap(); // 1: number 1
    assert_eq!(dir.customer(esim).unwrap().number, Some(1));
    let next = dir.default_series().next_number;
    dir.revert(1, false).unwrap();
    assert!(dir.customer(esim).is_err());
    assert_eq!(dir.default_series().next_number, next, "number 1 is not handed out again");
    let other = dir.create_customer(NewCustomer::new("Toinen Oy")).unwrap();
    assert_eq!(dir.customer(other).unwrap().number, Some(2));

    // The series' range is put back, its counter kept.
    dir.set_default_series(500, Some(900)).unwrap(); // 4
    let moved = dir.create_customer(NewCustomer::new("Kolmas Oy")).unwrap(); // 5
    assert_eq!(dir.customer(moved).unwrap().number, Some(500));
    dir.revert(4, true).unwrap();
    let series = dir.default_series();
    assert_eq!((series.start, series.end, series.next_number), (1, None, 501));
}

#[test]
fn later_change_sets_on_the_same_entities_refuse_unless_forced() {
    let mut dir = Directory::new();
    let team = dir.create_team("Huolto").unwrap(); // 1
    dir.rename_team(team, "Tuki").unwrap(); // 2
    let other = dir.create_team("Myynti").unwrap(); // 3: another entity
    dir.rename_team(team, "Apu").unwrap(); // 4
    let plan = dir.plan_revert(2).unwrap();
    assert_eq!(plan.later, [4]);
    assert!(matches!(&plan.changes[..], [Change::PutTeam(t)] if t.name == "Huolto"));
    let was = fingerprint(&dir);
    let err = dir.revert(2, false).unwrap_err();
    assert_eq!(err, Error::RevertConflict { seq: 2, later: vec![4] });
    assert!(err.to_string().contains("later change sets changed the same entities (4)"), "{err}");
    assert_eq!(fingerprint(&dir), was);
    // Forced: the name from before change set 2, undoing change set 4's rename too.
    dir.revert(2, true).unwrap();
    assert_eq!(dir.team(team).unwrap().name, "Huolto");
    assert_eq!(dir.team(other).unwrap().name, "Myynti");
    // A revert is a later change set too.
    assert_eq!(dir.plan_revert(1).unwrap().later, [2, 4, 5]);
}

#[test]
fn bad_change_set_numbers_are_refused() {
    let mut dir = Directory::new();
    assert_eq!(dir.revert(1, false), Err(Error::NoSuchChangeSet { seq: 1, last_seq: 0 }));
    let team = dir.create_team("Huolto").unwrap();
    dir.rename_team(team, "Tuki").unwrap();
    let was = fingerprint(&dir);
    for seq in [0, 3, u64::MAX] {
        let err = dir.revert(seq, true).unwrap_err();
        assert_eq!(err, Error::NoSuchChangeSet { seq, last_seq: 2 });
        assert_eq!(dir.plan_revert(seq).unwrap_err(), err);
    }
    assert!(Error::NoSuchChangeSet { seq: 0, last_seq: 2 }.to_string().contains("no change set 0"));
    assert_eq!(fingerprint(&dir), was);
}

#[test]
fn a_revert_is_not_reverted_and_a_change_set_is_reverted_once() {
    let mut dir = Directory::new();
    let team = dir.create_team("Huolto").unwrap();
    dir.rename_team(team, "Tuki").unwrap();
    dir.revert(2, false).unwrap(); // 3
    let was = fingerprint(&dir);
    for force in [false, true] {
        assert_eq!(dir.revert(3, force), Err(Error::RevertOfRevert { seq: 3, reverts: 2 }));
        assert_eq!(dir.revert(2, force), Err(Error::AlreadyReverted { seq: 2, by: 3 }));
    }
    assert_eq!(dir.plan_revert(2), Err(Error::AlreadyReverted { seq: 2, by: 3 }));
    assert_eq!(fingerprint(&dir), was);
    let text = Error::AlreadyReverted { seq: 2, by: 3 }.to_string();
    assert!(text.contains("change set 2") && text.contains("change set 3"), "{text}");
    let text = Error::RevertOfRevert { seq: 3, reverts: 2 }.to_string();
    assert!(text.contains("change set 3") && text.contains("change set 2"), "{text}");
}

#[test]
fn a_revert_that_would_break_a_rule_changes_nothing() {
    let mut dir = Directory::new();
    // A number another customer took since.
    let esim = dir.create_customer(NewCustomer::new("Esimerkki Oy")).unwrap(); // 1: number 1
    dir.set_customer_number(esim, None).unwrap(); // 2
    let taker = dir.create_customer(NewCustomer::new("Toinen Oy").number(1)).unwrap(); // 3
    let was = fingerprint(&dir);
    assert_eq!(dir.revert(2, false), Err(Error::DuplicateCustomerNumber { number: 1, holder: taker }));
    assert_eq!(fingerprint(&dir), was);

    // A responsibility whose employee was deleted since.
    let matti = dir.create_employee(NewEmployee::new("Matti")).unwrap(); // 4
    dir.toggle(Subject::Customer(esim), matti).unwrap(); // 5
    dir.toggle(Subject::Customer(esim), matti).unwrap(); // 6
    dir.delete_employee(matti).unwrap(); // 7
    let was = fingerprint(&dir);
    assert_eq!(dir.revert(6, false), Err(Error::NotFound(EntityRef::Employee(matti))));
    assert_eq!(fingerprint(&dir), was);

    // Deleting a team an employee joined since.
    let team = dir.create_team("Huolto").unwrap(); // 8
    let maija = dir.create_employee(NewEmployee::new("Maija").team(team)).unwrap(); // 9
    let was = fingerprint(&dir);
    let err = dir.revert(8, false).unwrap_err();
    assert_eq!(err, Error::Referenced { entity: team.into(), by: maija.into() });
    assert!(err.to_string().contains("refers to it"), "{err}");
    assert_eq!(fingerprint(&dir), was);

    // A name another team took since.
    dir.rename_team(team, "Tuki").unwrap(); // 10
    let other = dir.create_team("Huolto").unwrap(); // 11
    let was = fingerprint(&dir);
    assert!(matches!(dir.revert(10, false), Err(Error::DuplicateName { existing, .. }) if existing == other.into()));
    assert_eq!(fingerprint(&dir), was);
}

#[test]
fn a_revert_that_changes_nothing_is_refused() {
    let mut dir = Directory::new();
    let team = dir.create_team("Huolto").unwrap(); // 1
    dir.delete_team(team).unwrap(); // 2
    assert_eq!(dir.revert(1, false), Err(Error::RevertConflict { seq: 1, later: vec![2] }));
    // Forced: the team did not exist before change set 1, and does not now.
    assert_eq!(dir.revert(1, true), Err(Error::NothingToRevert { seq: 1 }));
    assert_eq!(dir.last_seq(), 2);
    // Reverting the deletion instead brings it back.
    dir.revert(2, false).unwrap();
    assert_eq!(dir.team(team).unwrap().name, "Huolto");
}

#[test]
fn reverts_are_stored_and_survive_reopening_and_compaction() {
    let store = MemoryStore::new();
    let mut dir = Directory::with_store(store.clone()).unwrap();
    let esim = dir.create_customer(NewCustomer::new("Esimerkki Oy")).unwrap(); // 1
    dir.archive_customer(esim).unwrap(); // 2
    dir.compact().unwrap();
    drop(dir);
    let mut dir = Directory::with_store(store.clone()).unwrap();
    // A store that began empty: the customer did not exist before change set 1.
    assert_eq!(dir.plan_revert(1).unwrap().changes, [Change::DeleteCustomer(esim)]);
    dir.revert(2, false).unwrap();
    drop(dir);
    let dir = Directory::with_store(store).unwrap();
    assert!(!dir.customer(esim).unwrap().archived);
    assert_eq!(dir.change_sets().unwrap()[2].reverts, Some(2));
}

#[test]
fn a_directory_made_from_data_refuses_what_its_history_cannot_tell() {
    let mut source = Directory::new();
    source.create_customer(NewCustomer::new("Ensimmäinen Oy")).unwrap();
    let esim = source.create_customer(NewCustomer::new("Esimerkki Oy")).unwrap();
    let store = MemoryStore::new();
    let mut dir = Directory::from_data_in(source.data(), store.clone()).unwrap();
    dir.archive_customer(esim).unwrap(); // 1: the customer came with the data
    let was = fingerprint(&dir);
    assert_eq!(dir.revert(1, false), Err(Error::RevertStateUnknown { seq: 1 }));
    assert_eq!(fingerprint(&dir), was);
    // What the history does tell is reverted.
    dir.unarchive_customer(esim).unwrap(); // 2
    dir.revert(2, false).unwrap();
    assert!(dir.customer(esim).unwrap().archived);
    // Still known after a snapshot replaced the data and the store is opened again (the change
    // sets touched customer 2 before any customer 1 was made).
    dir.compact().unwrap();
    drop(dir);
    let mut dir = Directory::with_store(store).unwrap();
    assert_eq!(dir.revert(1, true), Err(Error::RevertStateUnknown { seq: 1 }));
    // Empty data is an empty beginning.
    let mut dir = Directory::from_data(vastuu::Data::default()).unwrap();
    dir.create_team("Huolto").unwrap();
    dir.revert(1, false).unwrap();
    assert_eq!(dir.teams().count(), 0);
}

#[test]
fn a_revert_inside_a_transaction_is_refused() {
    let mut dir = Directory::new();
    dir.create_team("Huolto").unwrap();
    dir.begin_transaction();
    assert!(matches!(dir.revert(1, false), Err(Error::Store(_))));
    dir.rollback_transaction();
    dir.revert(1, false).unwrap();
}

#[test]
fn error_details_name_the_change_sets() {
    let err = Error::RevertConflict { seq: 2, later: vec![4, 7] };
    let details = err.details();
    assert_eq!(details[0], ("seq", vastuu::Detail::Number(2)));
    assert_eq!(details[1], ("later", vastuu::Detail::Numbers(vec![4, 7])));
    assert_eq!(err.kind().code(), "revert_conflict");
}

#[test]
fn a_forced_revert_keeps_team_leads_members_of_their_teams() {
    let mut dir = Directory::new();
    let team = dir.create_team("Huolto").unwrap(); // 1
    let matti = dir.create_employee(NewEmployee::new("Matti")).unwrap(); // 2
    dir.update_employee(matti, EmployeeUpdate { team: Some(Some(team)), ..Default::default() }).unwrap(); // 3
    dir.set_team_leads(team, [matti]).unwrap(); // 4
    dir.rename_team(team, "Tuki").unwrap(); // 5
    dir.delete_team(team).unwrap(); // 6: Matti leaves the team
                                    // Putting back the team as it was before 5 would make Matti its lead outside it.
    let before = fingerprint(&dir);
    let refused = dir.revert(5, true);
    assert!(matches!(refused, Err(Error::NotTeamMember { team: t, employee }) if t == team && employee == matti));
    assert_eq!(fingerprint(&dir), before);
    // Reverting the deletion puts back the team and Matti's membership together.
    dir.revert(6, false).unwrap(); // 7
    assert_eq!(dir.team(team).unwrap().leads.iter().copied().collect::<Vec<_>>(), [matti]);
    assert_eq!(dir.employee(matti).unwrap().team, Some(team));
    dir.check_integrity().unwrap();
    // Taking Matti out of the team he leads now (undoing 3) is refused the same way.
    let before = fingerprint(&dir);
    let refused = dir.revert(3, true);
    assert!(matches!(refused, Err(Error::NotTeamMember { team: t, employee }) if t == team && employee == matti));
    assert_eq!(fingerprint(&dir), before);
}

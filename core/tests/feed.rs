//! The change feed (`Directory::changes_since`, `ChangeSet::to_json`) and the history of every
//! kind of entity (groups, special groups, roles, teams and projects besides customers and
//! employees).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::fixture;
use std::collections::BTreeSet;
use vastuu::{
    Change, ChangeSet, Customer, CustomerGroup, CustomerGroupId, CustomerGroupUpdate, CustomerId, CustomerStatus,
    DefaultSeries, Directory, Employee, EmployeeId, EmployeeUpdate, EntityRef, Error, FileStore, FixedClock,
    GroupDefault, HistoryKey, MemoryStore, NewCustomer, NewCustomerGroup, NewEmployee, NewRole, NewSpecialGroup,
    Period, Project, ProjectId, Responsibility, Role, RoleId, RoleScope, RoleUpdate, SpecialGroup, SpecialGroupId,
    Subject, Team, TeamId, FEED_VERSION, MAX_CHANGES_LIMIT,
};

fn seqs(sets: &[ChangeSet]) -> Vec<u64> {
    sets.iter().map(|cs| cs.seq).collect()
}

fn history(dir: &Directory, of: impl Into<EntityRef>) -> Vec<u64> {
    seqs(&dir.history(of).unwrap())
}

// ---- the JSON document ------------------------------------------------------------------------

/// Change sets holding every kind of change, every optional field set and unset, extreme ids
/// and numbers, a time with and without fractional seconds, with and without an actor.
fn sample() -> Vec<ChangeSet> {
    let date = |y, m, d| jiff::civil::date(y, m, d);
    let employee = Employee {
        external_id: Some("HR-0003".into()),
        id: EmployeeId(3),
        name: "Matti Meikäläinen".into(),
        email: Some("matti@example.fi".into()),
        team: Some(TeamId(2)),
        sales_rights: true,
        active: true,
        sees_all: false,
    };
    let customer = Customer {
        external_id: Some("crm:\"1\"".into()),
        id: CustomerId(u32::MAX - 1),
        name: "Esimerkki \"Oy\"\n".into(),
        number: Some(999_999_999_999_999),
        status: CustomerStatus::Prospect,
        archived: false,
        group: Some(CustomerGroupId(5)),
        special_groups: BTreeSet::from([SpecialGroupId(9), SpecialGroupId(1)]),
    };
    let group = CustomerGroup {
        default_team: vec![
            GroupDefault { employee: EmployeeId(4), roles: BTreeSet::from([RoleId(2), RoleId(1)]) },
            GroupDefault { employee: EmployeeId(3), roles: BTreeSet::new() },
        ],
        external_id: Some("G5".into()),
        id: CustomerGroupId(5),
        name: "Pohjoinen".into(),
        numbering_start: Some(1000),
        numbering_end: Some(1999),
        next_number: 1001,
        ledger_account: Some("3000".into()),
        cost_centers: vec!["K2".into(), "K1".into()],
        salespeople: BTreeSet::from([EmployeeId(4), EmployeeId(3)]),
    };
    let bare_group = CustomerGroup {
        default_team: Vec::new(),
        external_id: None,
        id: CustomerGroupId(6),
        name: "Etelä".into(),
        numbering_start: None,
        numbering_end: None,
        next_number: 1,
        ledger_account: None,
        cost_centers: Vec::new(),
        salespeople: BTreeSet::new(),
    };
    let responsibility = Responsibility {
        subject: Subject::Project(ProjectId(7)),
        employee: EmployeeId(3),
        roles: BTreeSet::from([RoleId(2), RoleId(1)]),
        period: Period { from: Some(date(2026, 1, 1)), to: Some(date(2026, 12, 31)) },
    };
    let first = ChangeSet {
        reverts: None,
        seq: 42,
        time: "2026-03-01T12:00:00Z".parse().unwrap(),
        actor: Some("Maija".into()),
        keys: vec![HistoryKey::Customer(customer.id), HistoryKey::Employee(employee.id)],
        changes: vec![
            Change::PutTeam(Team {
                id: TeamId(2),
                name: "Huolto".into(),
                leads: BTreeSet::from([EmployeeId(4), EmployeeId(3)]),
            }),
            Change::PutEmployee(employee.clone()),
            Change::PutEmployee(Employee { email: None, team: None, sees_all: true, active: false, ..employee }),
            Change::PutRole(Role {
                id: RoleId(1),
                name: "Huoltovastaava".into(),
                scope: RoleScope::Customer,
                portal_visible: true,
            }),
            Change::PutRole(Role {
                id: RoleId(2),
                name: "Projektipäällikkö".into(),
                scope: RoleScope::Project,
                portal_visible: false,
            }),
            Change::PutCustomerGroup(group),
            Change::PutCustomerGroup(bare_group),
            Change::PutSpecialGroup(SpecialGroup {
                id: SpecialGroupId(1),
                name: "VIP".into(),
                description: Some("Tärkeät".into()),
            }),
            Change::PutSpecialGroup(SpecialGroup { id: SpecialGroupId(9), name: "Kampanja".into(), description: None }),
            Change::PutCustomer(customer.clone()),
            Change::PutCustomer(Customer {
                id: CustomerId(1),
                number: None,
                status: CustomerStatus::Active,
                archived: true,
                group: None,
                special_groups: BTreeSet::new(),
                ..customer
            }),
            Change::PutProject(Project {
                external_id: Some("P-7".into()),
                id: ProjectId(7),
                customer: CustomerId(1),
                name: "Remontti".into(),
                archived: false,
            }),
            Change::PutResponsibility(responsibility.clone()),
            Change::PutResponsibility(Responsibility {
                subject: Subject::Customer(CustomerId(1)),
                roles: BTreeSet::new(),
                period: Period { from: None, to: None },
                ..responsibility
            }),
            Change::SetDefaultSeries(DefaultSeries { start: 1, end: Some(99_999), next_number: 17 }),
            Change::SetDefaultSeries(DefaultSeries { start: 100, end: None, next_number: 100 }),
        ],
    };
    let second = ChangeSet {
        reverts: Some(42),
        seq: 43,
        time: "2026-03-01T12:00:00.250Z".parse().unwrap(),
        actor: None,
        keys: Vec::new(),
        changes: vec![
            Change::DeleteResponsibility { subject: Subject::Project(ProjectId(7)), employee: EmployeeId(3) },
            Change::DeleteResponsibility { subject: Subject::Customer(CustomerId(1)), employee: EmployeeId(3) },
            Change::DeleteProject(ProjectId(7)),
            Change::DeleteCustomer(CustomerId(1)),
            Change::DeleteSpecialGroup(SpecialGroupId(9)),
            Change::DeleteCustomerGroup(CustomerGroupId(6)),
            Change::DeleteRole(RoleId(2)),
            Change::DeleteEmployee(EmployeeId(3)),
            Change::DeleteTeam(TeamId(2)),
        ],
    };
    let empty = ChangeSet {
        reverts: None,
        seq: u64::from(u32::MAX),
        time: jiff::Timestamp::UNIX_EPOCH,
        actor: None,
        keys: Vec::new(),
        changes: Vec::new(),
    };
    vec![first, second, empty]
}

/// The documents of the sample, field names and order included, equal the committed ones. A
/// missing golden file is written, and the test fails until it is committed.
#[test]
fn the_document_of_version_1_is_the_committed_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/feed-v1.json");
    let sample = sample();
    let entries: Vec<_> = sample.iter().map(ChangeSet::to_feed).collect();
    let written = serde_json::to_string_pretty(&entries).unwrap() + "\n";
    let Ok(golden) = std::fs::read_to_string(&path) else {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &written).unwrap();
        panic!("{} was missing and has been written: check it and commit it", path.display());
    };
    assert_eq!(FEED_VERSION, 1, "a new version gets a golden file of its own");
    assert_eq!(written, golden, "the feed document changed: a changed field needs a new FEED_VERSION");
    // `to_json` is the same document on one line.
    let parsed: serde_json::Value = serde_json::from_str(&golden).unwrap();
    for (cs, doc) in sample.iter().zip(parsed.as_array().unwrap()) {
        let json = cs.to_json();
        assert!(!json.contains('\n'), "{json}");
        assert_eq!(&serde_json::from_str::<serde_json::Value>(&json).unwrap(), doc);
    }
}

#[test]
fn every_change_names_its_entity_and_a_put_carries_its_value() {
    for cs in sample() {
        let doc: serde_json::Value = serde_json::from_str(&cs.to_json()).unwrap();
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["seq"], cs.seq);
        assert!(doc.get("actor").is_some(), "actor is always there, null when not set");
        for (change, json) in cs.changes.iter().zip(doc["changes"].as_array().unwrap()) {
            let entity = &json["entity"];
            let kind = entity["kind"].as_str().unwrap();
            let put = json["op"] == "put";
            assert_eq!(json["op"] == "delete", !put, "{json}");
            assert_eq!(json["value"].is_null(), !put, "{json}");
            match change {
                Change::PutResponsibility(r) => {
                    assert_eq!(kind, "responsibility");
                    assert_eq!(entity["employee"], r.employee.get());
                    assert_eq!(json["value"]["subject"], entity["subject"]);
                }
                Change::DeleteResponsibility { employee, .. } => assert_eq!(entity["employee"], employee.get()),
                Change::SetDefaultSeries(s) => {
                    assert_eq!(kind, "default_series");
                    assert_eq!(json["value"]["next_number"], s.next_number);
                }
                _ if put => assert_eq!(json["value"]["id"], entity["id"], "{json}"),
                _ => assert!(entity["id"].is_u64(), "{json}"),
            }
        }
    }
}

// ---- changes_since ----------------------------------------------------------------------------

fn teams(dir: &mut Directory, n: usize) {
    for _ in 0..n {
        let name = format!("Tiimi {}", dir.last_seq() + 1);
        dir.create_team(&name).unwrap();
    }
}

#[test]
fn pages_follow_each_other_to_every_change_set() {
    let mut dir = Directory::new();
    teams(&mut dir, 23);
    let mut cursor = 0;
    let mut read = Vec::new();
    loop {
        let page = dir.changes_since(cursor, 5).unwrap();
        assert!(page.change_sets.len() <= 5);
        assert_eq!(page.last_seq, 23);
        read.extend(page.change_sets.iter().cloned());
        assert_eq!(page.cursor, read.last().map_or(0, |cs| cs.seq));
        assert_eq!(page.has_more, page.cursor < 23);
        cursor = page.cursor;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(read, dir.change_sets().unwrap());
    // From the middle, and the whole feed in one page.
    assert_eq!(seqs(&dir.changes_since(20, 100).unwrap().change_sets), [21, 22, 23]);
    assert_eq!(dir.changes_since(0, MAX_CHANGES_LIMIT).unwrap().change_sets.len(), 23);
}

#[test]
fn at_the_end_the_page_is_empty_and_keeps_the_cursor() {
    let mut dir = Directory::new();
    let page = dir.changes_since(0, 10).unwrap();
    assert!(page.change_sets.is_empty() && !page.has_more);
    assert_eq!((page.cursor, page.last_seq), (0, 0));
    teams(&mut dir, 2);
    let page = dir.changes_since(2, 10).unwrap();
    assert!(page.change_sets.is_empty() && !page.has_more);
    assert_eq!((page.cursor, page.last_seq), (2, 2));
    // A new change set shows up at the cursor.
    teams(&mut dir, 1);
    assert_eq!(seqs(&dir.changes_since(2, 10).unwrap().change_sets), [3]);
}

#[test]
fn a_bad_limit_or_a_cursor_beyond_the_last_change_set_is_refused_by_name() {
    let mut dir = Directory::new();
    teams(&mut dir, 3);
    let max = MAX_CHANGES_LIMIT as u64;
    assert_eq!(dir.changes_since(0, 0).unwrap_err(), Error::InvalidLimit { limit: 0, max });
    let over = MAX_CHANGES_LIMIT + 1;
    assert_eq!(dir.changes_since(0, over).unwrap_err(), Error::InvalidLimit { limit: max + 1, max });
    assert_eq!(
        dir.changes_since(0, usize::MAX).unwrap_err(),
        Error::InvalidLimit { limit: u64::try_from(usize::MAX).unwrap(), max }
    );
    assert_eq!(dir.changes_since(4, 10).unwrap_err(), Error::SeqBeyondLast { seq: 4, last_seq: 3 });
    assert_eq!(dir.changes_since(u64::MAX, 10).unwrap_err(), Error::SeqBeyondLast { seq: u64::MAX, last_seq: 3 });
    let err = dir.changes_since(0, 0).unwrap_err();
    assert_eq!(err.to_string(), format!("a limit of 0 change sets is not in 1..={MAX_CHANGES_LIMIT}"));
    assert_eq!(err.kind().code(), "invalid_limit");
    let err = dir.changes_since(7, 1).unwrap_err();
    assert_eq!(err.to_string(), "change set 7 is beyond the last change set, 3");
    assert_eq!(err.kind().code(), "seq_beyond_last");
}

#[test]
fn pages_are_read_from_the_store_after_reopening_and_compacting() {
    let path = std::env::temp_dir().join(format!("vastuu-feed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    let mut dir = Directory::open(&path).unwrap();
    teams(&mut dir, 7);
    dir.compact().unwrap();
    teams(&mut dir, 3);
    let before = dir.changes_since(4, 4).unwrap();
    drop(dir);
    let dir = Directory::with_store(FileStore::open(&path).unwrap()).unwrap();
    let after = dir.changes_since(4, 4).unwrap();
    assert_eq!(after, before);
    assert_eq!(seqs(&after.change_sets), [5, 6, 7, 8]);
    assert_eq!(after.cursor, 8);
    assert!(after.has_more);
    drop(dir);
    std::fs::remove_dir_all(&path).unwrap();
}

#[test]
fn a_second_handle_sees_the_others_change_sets_once_caught_up() {
    let store = MemoryStore::new();
    let mut writer = Directory::with_store(store.clone()).unwrap();
    let mut reader = Directory::with_store(store).unwrap();
    teams(&mut writer, 4);
    // Not caught up: the writer's cursor is beyond what the reader knows.
    assert_eq!(reader.changes_since(4, 10).unwrap_err(), Error::SeqBeyondLast { seq: 4, last_seq: 0 });
    reader.sync().unwrap();
    assert_eq!(reader.changes_since(1, 10).unwrap().change_sets, writer.changes_since(1, 10).unwrap().change_sets);
}

#[test]
fn a_transaction_is_one_entry_with_its_changes_in_order() {
    let mut dir = Directory::new();
    dir.set_clock(FixedClock("2026-05-04T08:30:00Z".parse().unwrap()));
    dir.transaction(|d| {
        let t = d.create_team("Huolto")?;
        d.create_employee(NewEmployee::new("Matti").team(t))?;
        d.delete_team(t)
    })
    .unwrap();
    let page = dir.changes_since(0, 1).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&page.change_sets[0].to_json()).unwrap();
    let ops: Vec<(String, String)> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["op"].as_str().unwrap().to_owned(), c["entity"]["kind"].as_str().unwrap().to_owned()))
        .collect();
    let want = [("put", "team"), ("put", "employee"), ("put", "employee"), ("delete", "team")];
    assert_eq!(ops, want.map(|(a, b)| (a.to_owned(), b.to_owned())));
    assert_eq!(doc["at"], "2026-05-04T08:30:00Z");
    assert_eq!(doc["actor"], serde_json::Value::Null);
    // The cascade: the employee left the team before it was deleted.
    assert_eq!(doc["changes"][2]["value"]["team"], serde_json::Value::Null);
}

// ---- the history of every kind of entity ------------------------------------------------------

/// A directory where groups, special groups, roles, teams and projects each see creation,
/// changes, members coming and going, and deletion.
struct Scenario {
    dir: Directory,
    north: CustomerGroupId,
    south: CustomerGroupId,
    vip: SpecialGroupId,
    service: RoleId,
    team: TeamId,
    other_team: TeamId,
    project: ProjectId,
    customer: CustomerId,
}

fn scenario(store: MemoryStore) -> Scenario {
    let mut dir = Directory::with_store(store).unwrap();
    let team = dir.create_team("Huolto").unwrap(); // 1
    let other_team = dir.create_team("Myynti").unwrap(); // 2
    let matti = dir.create_employee(NewEmployee::new("Matti").team(team)).unwrap(); // 3
    dir.update_employee(matti, EmployeeUpdate { team: Some(Some(other_team)), ..Default::default() }).unwrap(); // 4
    let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000)).unwrap(); // 5
    let south = dir.create_customer_group(NewCustomerGroup::new("Etelä")).unwrap(); // 6
    let vip = dir.create_special_group(NewSpecialGroup::new("VIP")).unwrap(); // 7
    let customer = dir.create_customer(NewCustomer::new("Esimerkki").group(north).special_group(vip)).unwrap(); // 8
    dir.update_customer_group(north, CustomerGroupUpdate { name: Some("Pohjola".into()), ..Default::default() })
        .unwrap(); // 9
    dir.move_customer_to_group(south, customer).unwrap(); // 10
    dir.remove_from_special_group(vip, customer).unwrap(); // 11
    let service = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Project)).unwrap(); // 12
    let project = dir.create_project(customer, "Remontti").unwrap(); // 13
    dir.toggle(project.into(), matti).unwrap(); // 14
    dir.add_role(project.into(), matti, service).unwrap(); // 15
    dir.update_role(service, RoleUpdate { name: Some("Huolto".into()), ..Default::default() }).unwrap(); // 16
    dir.toggle(customer.into(), matti).unwrap(); // 17: the customer's own, no project
    dir.add_group_salesperson(south, matti).unwrap_err(); // no sales rights: nothing stored
    dir.transaction(|d| {
        d.add_to_special_group(vip, customer)?;
        d.move_customer_to_group(north, customer)?;
        d.move_customer_to_group(south, customer)
    })
    .unwrap(); // 18: through north and back
    dir.delete_employee(matti).unwrap(); // 19: leaves its team, its responsibilities go
    dir.delete_role(service).unwrap(); // 20: held by no one any more
    dir.delete_team(team).unwrap(); // 21
    dir.delete_customer(customer).unwrap_err(); // it has a project
    dir.delete_project(project).unwrap(); // 22
    dir.delete_customer(customer).unwrap(); // 23: leaves south and VIP
    Scenario { dir, north, south, vip, service, team, other_team, project, customer }
}

fn check(s: &Scenario, dir: &Directory, what: &str) {
    assert_eq!(dir.last_seq(), 23, "{what}");
    assert_eq!(history(dir, s.team), [1, 3, 4, 21], "team, {what}");
    assert_eq!(history(dir, s.other_team), [2, 4, 19], "other team, {what}");
    assert_eq!(history(dir, s.north), [5, 8, 9, 10, 18], "north, {what}");
    assert_eq!(history(dir, s.south), [6, 10, 18, 23], "south, {what}");
    assert_eq!(history(dir, s.vip), [7, 8, 11, 18, 23], "VIP, {what}");
    assert_eq!(history(dir, s.service), [12, 16, 20], "role, {what}");
    assert_eq!(history(dir, s.project), [13, 14, 15, 19, 22], "project, {what}");
    assert_eq!(history(dir, s.customer), [8, 10, 11, 13, 14, 15, 17, 18, 19, 22, 23], "customer, {what}");
}

#[test]
fn groups_special_groups_roles_teams_and_projects_have_a_history() {
    let store = MemoryStore::new();
    let s = scenario(store.clone());
    check(&s, &s.dir, "as made");
    // Opened again: found from the stored change sets.
    check(&s, &Directory::with_store(store).unwrap(), "reopened");
}

#[test]
fn a_handle_that_syncs_files_the_others_change_sets_by_entity() {
    let store = MemoryStore::new();
    let mut reader = Directory::with_store(store.clone()).unwrap();
    let s = scenario(store);
    assert_eq!(reader.sync().unwrap(), 23);
    check(&s, &reader, "caught up");
}

#[test]
fn change_sets_before_a_snapshot_are_filed_as_well() {
    let store = MemoryStore::new();
    let mut s = scenario(store.clone());
    s.dir.compact().unwrap();
    check(&s, &Directory::with_store(store.clone()).unwrap(), "reopened after compacting");
    // Half before the snapshot, half after.
    let store = MemoryStore::new();
    let mut dir = Directory::with_store(store.clone()).unwrap();
    let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen")).unwrap();
    let h = dir.create_customer_group(NewCustomerGroup::new("Etelä")).unwrap();
    let c = dir.create_customer(NewCustomer::new("Esimerkki").group(g)).unwrap();
    dir.compact().unwrap();
    dir.move_customer_to_group(h, c).unwrap();
    let reopened = Directory::with_store(store).unwrap();
    assert_eq!(history(&reopened, g), [1, 3, 4]);
    assert_eq!(history(&reopened, h), [2, 4]);
}

#[test]
fn a_history_of_an_id_never_given_is_refused() {
    let s = scenario(MemoryStore::new());
    let refs = [
        EntityRef::CustomerGroup(CustomerGroupId(3)),
        EntityRef::SpecialGroup(SpecialGroupId(2)),
        EntityRef::Role(RoleId(2)),
        EntityRef::Team(TeamId(3)),
        EntityRef::Project(ProjectId(2)),
        EntityRef::Customer(CustomerId(0)),
        EntityRef::Employee(EmployeeId(2)),
    ];
    for r in refs {
        assert_eq!(s.dir.history(r).unwrap_err(), Error::NotFound(r));
    }
    // Deleted ones still have theirs; an entity nothing touched since has a short one.
    assert!(!history(&s.dir, s.team).is_empty());
    let mut dir = Directory::new();
    let idle = dir.create_role(NewRole::new("Tyhjä", RoleScope::Customer)).unwrap();
    dir.create_team("Muu").unwrap();
    assert_eq!(history(&dir, idle), [1]);
    // A history key and an entity reference name the same history as the id.
    assert_eq!(history(&s.dir, HistoryKey::Customer(s.customer)), history(&s.dir, s.customer));
    assert_eq!(history(&s.dir, EntityRef::Team(s.team)), history(&s.dir, s.team));
}

#[test]
fn what_a_transaction_rolled_back_is_not_filed() {
    let mut f = fixture();
    let g = f.dir.create_customer_group(NewCustomerGroup::new("Pohjoinen")).unwrap(); // 1
    f.dir.begin_transaction();
    let c = f.dir.create_customer(NewCustomer::new("Esimerkki").group(g)).unwrap();
    f.dir.begin_transaction();
    let t = f.dir.create_team("Huolto").unwrap();
    f.dir.rollback_transaction();
    f.dir.commit_transaction().unwrap(); // 2: the customer, not the team
    assert_eq!(history(&f.dir, g), [1, 2]);
    assert_eq!(f.dir.history(t).unwrap_err(), Error::NotFound(t.into()));
    f.dir.begin_transaction();
    f.dir.remove_customer_from_group(c).unwrap();
    f.dir.rollback_transaction();
    assert_eq!(history(&f.dir, g), [1, 2]);
    // The team's id is given again, to a team whose history starts now.
    assert_eq!(f.dir.create_team("Myynti").unwrap(), t); // 3
    assert_eq!(history(&f.dir, t), [3]);
    let reopened = Directory::with_store(f.store.clone()).unwrap();
    assert_eq!((history(&reopened, g), history(&reopened, t)), (vec![1, 2], vec![3]));
}

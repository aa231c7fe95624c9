//! The golden bytes of every stored format.
//!
//! A canonical sample (every kind of record and every variant, optional fields set and unset,
//! extreme numbers and times) is encoded as the current format writes it and compared with the
//! committed bytes of that format in `golden/format-N.hex`; the committed bytes of every format
//! this library reads are decoded and must give the sample back, and must come out the same
//! through that format's record types. So a change to what is stored fails here until it becomes
//! a new format version with golden bytes of its own. A golden file
//! is never edited: when the current format's file is missing, the test writes it (and fails, so
//! that it is looked at and committed).

use crate::store::Snapshot;
use crate::{
    Change, ChangeSet, Customer, CustomerGroup, CustomerGroupId, CustomerId, CustomerStatus, Data, DefaultSeries,
    Employee, EmployeeId, GroupDefault, HistoryKey, NextIds, Period, Project, ProjectId, Responsibility, Role, RoleId,
    RoleScope, SpecialGroup, SpecialGroupId, Subject, Team, TeamId, MAX_CUSTOMER_NUMBER,
};
use jiff::civil::date;
use jiff::Timestamp;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn employee_full() -> Employee {
    Employee {
        id: EmployeeId(1),
        name: "Matti Meikäläinen".into(),
        email: Some("matti@example.fi".into()),
        team: Some(TeamId(2)),
        sales_rights: true,
        active: true,
        sees_all: true,
        external_id: Some("HR-0001 Ä".into()),
    }
}

fn employee_bare() -> Employee {
    Employee {
        id: EmployeeId(u32::MAX),
        name: "Ömer".into(),
        email: None,
        team: None,
        sales_rights: false,
        active: false,
        sees_all: false,
        external_id: None,
    }
}

fn customer_full() -> Customer {
    Customer {
        id: CustomerId(300),
        name: "Esimerkki Oy".into(),
        number: Some(MAX_CUSTOMER_NUMBER),
        status: CustomerStatus::Prospect,
        archived: true,
        group: Some(CustomerGroupId(7)),
        special_groups: BTreeSet::from([SpecialGroupId(1), SpecialGroupId(128)]),
        external_id: Some("crm:300".into()),
    }
}

fn customer_bare() -> Customer {
    Customer {
        id: CustomerId(1),
        name: "Åbo Ab".into(),
        number: None,
        status: CustomerStatus::Active,
        archived: false,
        group: None,
        special_groups: BTreeSet::new(),
        external_id: None,
    }
}

fn group_full() -> CustomerGroup {
    CustomerGroup {
        id: CustomerGroupId(7),
        name: "Pohjoinen".into(),
        numbering_start: Some(1000),
        numbering_end: Some(1999),
        next_number: 1002,
        ledger_account: Some("3000".into()),
        cost_centers: vec!["K1".into(), "Kustannuspaikka ÅÄÖ".into()],
        salespeople: BTreeSet::from([EmployeeId(1), EmployeeId(70_000)]),
        default_team: vec![
            GroupDefault { employee: EmployeeId(70_000), roles: BTreeSet::from([RoleId(1), RoleId(3)]) },
            GroupDefault { employee: EmployeeId(1), roles: BTreeSet::new() },
        ],
        external_id: Some("G7".into()),
    }
}

fn group_bare() -> CustomerGroup {
    CustomerGroup {
        id: CustomerGroupId(8),
        name: "Etelä".into(),
        numbering_start: None,
        numbering_end: None,
        next_number: 0,
        ledger_account: None,
        cost_centers: Vec::new(),
        salespeople: BTreeSet::new(),
        default_team: Vec::new(),
        external_id: None,
    }
}

fn responsibility_customer() -> Responsibility {
    Responsibility {
        subject: Subject::Customer(CustomerId(300)),
        employee: EmployeeId(1),
        roles: BTreeSet::from([RoleId(1), RoleId(3)]),
        period: Period { from: Some(date(2026, 1, 1)), to: Some(date(2026, 12, 31)) },
    }
}

fn responsibility_project() -> Responsibility {
    Responsibility {
        subject: Subject::Project(ProjectId(5)),
        employee: EmployeeId(u32::MAX),
        roles: BTreeSet::new(),
        period: Period::ALWAYS,
    }
}

/// Change sets holding every kind of change, both kinds of history key, and times at the
/// limits, with and without a fraction of a second, before and after 1970.
pub(super) fn sample_change_sets() -> Vec<ChangeSet> {
    vec![
        ChangeSet {
            seq: 1,
            time: Timestamp::new(1_772_438_400, 123_456_789).unwrap(),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Customer(CustomerId(1)), HistoryKey::Employee(EmployeeId(u32::MAX))],
            changes: vec![
                Change::PutEmployee(employee_full()),
                Change::PutEmployee(employee_bare()),
                Change::DeleteEmployee(EmployeeId(u32::MAX)),
                Change::PutTeam(Team {
                    id: TeamId(2),
                    name: "Huolto".into(),
                    leads: BTreeSet::from([EmployeeId(1), EmployeeId(u32::MAX)]),
                }),
                Change::DeleteTeam(TeamId(2)),
            ],
            reverts: None,
        },
        ChangeSet {
            seq: 2,
            time: Timestamp::new(-1, -500_000_000).unwrap(),
            actor: None,
            keys: Vec::new(),
            changes: vec![
                Change::PutRole(Role {
                    id: RoleId(1),
                    name: "Huoltovastaava".into(),
                    scope: RoleScope::Customer,
                    portal_visible: true,
                }),
                Change::PutRole(Role {
                    id: RoleId(3),
                    name: "Projektipäällikkö".into(),
                    scope: RoleScope::Project,
                    portal_visible: false,
                }),
                Change::DeleteRole(RoleId(3)),
                Change::PutCustomer(customer_full()),
                Change::PutCustomer(customer_bare()),
                Change::DeleteCustomer(CustomerId(1)),
                Change::PutProject(Project {
                    id: ProjectId(5),
                    customer: CustomerId(300),
                    name: "Lämpöremontti".into(),
                    archived: true,
                    external_id: Some("P-5".into()),
                }),
                Change::DeleteProject(ProjectId(5)),
            ],
            reverts: Some(1),
        },
        ChangeSet {
            seq: 300,
            time: Timestamp::MAX,
            actor: Some("Integraatio".into()),
            keys: vec![HistoryKey::Employee(EmployeeId(1))],
            changes: vec![
                Change::PutCustomerGroup(group_full()),
                Change::PutCustomerGroup(group_bare()),
                Change::DeleteCustomerGroup(CustomerGroupId(8)),
                Change::PutSpecialGroup(SpecialGroup {
                    id: SpecialGroupId(128),
                    name: "Avainasiakkaat".into(),
                    description: Some("Tärkeimmät".into()),
                }),
                Change::PutSpecialGroup(SpecialGroup {
                    id: SpecialGroupId(1),
                    name: "Kampanja".into(),
                    description: None,
                }),
                Change::DeleteSpecialGroup(SpecialGroupId(1)),
                Change::PutResponsibility(responsibility_customer()),
                Change::PutResponsibility(responsibility_project()),
                Change::PutResponsibility(Responsibility {
                    subject: Subject::Customer(CustomerId(1)),
                    employee: EmployeeId(1),
                    roles: BTreeSet::new(),
                    period: Period { from: Some(date(-9999, 1, 1)), to: None },
                }),
                Change::PutResponsibility(Responsibility {
                    subject: Subject::Customer(CustomerId(1)),
                    employee: EmployeeId(2),
                    roles: BTreeSet::new(),
                    period: Period { from: None, to: Some(date(9999, 12, 31)) },
                }),
                Change::DeleteResponsibility { subject: Subject::Customer(CustomerId(1)), employee: EmployeeId(1) },
                Change::DeleteResponsibility { subject: Subject::Project(ProjectId(5)), employee: EmployeeId(2) },
                Change::SetDefaultSeries(DefaultSeries { start: 10, end: Some(499), next_number: 11 }),
                Change::SetDefaultSeries(DefaultSeries { start: 1, end: None, next_number: 1 }),
            ],
            reverts: None,
        },
        ChangeSet {
            seq: u64::MAX,
            time: Timestamp::MIN,
            actor: None,
            keys: Vec::new(),
            changes: Vec::new(),
            reverts: Some(u64::MAX - 1),
        },
    ]
}

/// Snapshots: one holding every kind of entity, and an empty one.
pub(super) fn sample_snapshots() -> Vec<Snapshot> {
    vec![
        Snapshot {
            seq: 300,
            data: Data {
                default_series: DefaultSeries { start: 10, end: Some(499), next_number: 11 },
                next_ids: NextIds {
                    employee: 1,
                    team: 2,
                    role: 3,
                    customer: 4,
                    project: 5,
                    customer_group: 6,
                    special_group: u32::MAX,
                },
                employees: vec![employee_full(), employee_bare()],
                teams: vec![Team { id: TeamId(2), name: "Huolto".into(), leads: BTreeSet::new() }],
                roles: vec![Role {
                    id: RoleId(1),
                    name: "Huoltovastaava".into(),
                    scope: RoleScope::Customer,
                    portal_visible: true,
                }],
                customers: vec![customer_full(), customer_bare()],
                projects: vec![Project {
                    id: ProjectId(5),
                    customer: CustomerId(300),
                    name: "Lämpöremontti".into(),
                    archived: false,
                    external_id: None,
                }],
                customer_groups: vec![group_full(), group_bare()],
                special_groups: vec![SpecialGroup {
                    id: SpecialGroupId(128),
                    name: "Avainasiakkaat".into(),
                    description: Some("Tärkeimmät".into()),
                }],
                responsibilities: vec![responsibility_customer(), responsibility_project()],
            },
        },
        Snapshot { seq: 0, data: Data::default() },
    ]
}

/// What format `version` keeps of a sample value: the fields it does not have are left out
/// (reading it gives them their defaults).
fn as_of_change(version: u32, change: &mut Change) {
    if version >= 3 {
        return;
    }
    match change {
        Change::PutEmployee(e) => e.external_id = None,
        Change::PutTeam(t) => t.leads.clear(),
        Change::PutCustomer(c) => c.external_id = None,
        Change::PutProject(p) => p.external_id = None,
        Change::PutCustomerGroup(g) => {
            g.default_team.clear();
            g.external_id = None;
        }
        _ => {}
    }
}

fn change_set_as_of(version: u32, mut cs: ChangeSet) -> ChangeSet {
    if version < 3 {
        cs.reverts = None;
    }
    cs.changes.iter_mut().for_each(|c| as_of_change(version, c));
    cs
}

fn snapshot_as_of(version: u32, mut snapshot: Snapshot) -> Snapshot {
    let d = &mut snapshot.data;
    let mut changes: Vec<Change> = (d.employees.drain(..).map(Change::PutEmployee))
        .chain(d.teams.drain(..).map(Change::PutTeam))
        .chain(d.customers.drain(..).map(Change::PutCustomer))
        .chain(d.projects.drain(..).map(Change::PutProject))
        .chain(d.customer_groups.drain(..).map(Change::PutCustomerGroup))
        .collect();
    for mut change in changes.drain(..) {
        as_of_change(version, &mut change);
        match change {
            Change::PutEmployee(e) => d.employees.push(e),
            Change::PutTeam(t) => d.teams.push(t),
            Change::PutCustomer(c) => d.customers.push(c),
            Change::PutProject(p) => d.projects.push(p),
            Change::PutCustomerGroup(g) => d.customer_groups.push(g),
            _ => unreachable!("only entities were taken out"),
        }
    }
    snapshot
}

/// The index of a change's variant; a new variant does not compile until it is listed here
/// (and then fails [`the_sample_has_every_kind_of_change`] until the sample holds one).
fn change_kind(change: &Change) -> usize {
    match change {
        Change::PutEmployee(_) => 0,
        Change::DeleteEmployee(_) => 1,
        Change::PutTeam(_) => 2,
        Change::DeleteTeam(_) => 3,
        Change::PutRole(_) => 4,
        Change::DeleteRole(_) => 5,
        Change::PutCustomer(_) => 6,
        Change::DeleteCustomer(_) => 7,
        Change::PutProject(_) => 8,
        Change::DeleteProject(_) => 9,
        Change::PutCustomerGroup(_) => 10,
        Change::DeleteCustomerGroup(_) => 11,
        Change::PutSpecialGroup(_) => 12,
        Change::DeleteSpecialGroup(_) => 13,
        Change::PutResponsibility(_) => 14,
        Change::DeleteResponsibility { .. } => 15,
        Change::SetDefaultSeries(_) => 16,
    }
}
const CHANGE_KINDS: usize = 17;

#[test]
fn the_sample_has_every_kind_of_change() {
    let change_sets = sample_change_sets();
    let kinds: BTreeSet<usize> = change_sets.iter().flat_map(|cs| &cs.changes).map(change_kind).collect();
    assert_eq!(kinds, (0..CHANGE_KINDS).collect());
    let snapshot = &sample_snapshots()[0].data;
    let Data {
        default_series: _,
        next_ids: _,
        employees,
        teams,
        roles,
        customers,
        projects,
        customer_groups,
        special_groups,
        responsibilities,
    } = snapshot;
    assert!(!employees.is_empty() && !teams.is_empty() && !roles.is_empty() && !customers.is_empty());
    assert!(!projects.is_empty() && !customer_groups.is_empty() && !special_groups.is_empty());
    assert!(!responsibilities.is_empty());
}

/// The sample encoded, one line per value: a name and the bytes in hex.
fn render(encoded: &[(String, Vec<u8>)]) -> String {
    let mut out = String::from(
        "# Golden bytes of a stored format: the canonical sample of core/src/store/record/tests.rs,\n\
         # one value per line, its name and its postcard bytes in hex. Never edit this file.\n",
    );
    for (name, bytes) in encoded {
        out.push_str(name);
        out.push(' ');
        for b in bytes {
            out.push_str(&format!("{b:02x}"));
        }
        out.push('\n');
    }
    out
}

/// Reads a golden file back into named byte strings.
fn parse(text: &str) -> Vec<(String, Vec<u8>)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (name, hex) = l.split_once(' ').unwrap();
            let bytes = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
            (name.to_owned(), bytes)
        })
        .collect()
}

fn golden_path(version: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("src/store/record/golden/format-{version}.hex"))
}

/// Compares `encoded` with the golden file of `version`, writing the file if it does not exist.
fn assert_golden(version: u32, encoded: &[(String, Vec<u8>)]) {
    let path = golden_path(version);
    let rendered = render(encoded);
    let Ok(golden) = std::fs::read_to_string(&path) else {
        std::fs::write(&path, &rendered).unwrap();
        panic!("wrote {}: check it and commit it", path.display());
    };
    let golden = parse(&golden);
    let names: Vec<&String> = golden.iter().map(|(n, _)| n).collect();
    assert_eq!(names, encoded.iter().map(|(n, _)| n).collect::<Vec<_>>(), "the sample's values");
    for ((name, want), (_, got)) in golden.iter().zip(encoded) {
        let Some(at) = (0..want.len().max(got.len())).find(|&i| want.get(i) != got.get(i)) else { continue };
        let hex = |bytes: &[u8]| bytes.iter().skip(at).take(24).map(|b| format!("{b:02x}")).collect::<String>();
        panic!(
            "format {version}: {name} is not encoded as the golden bytes say, from byte {at} on \
             (golden {}…, now {}…). A stored record type changed: if that is meant, it is a new \
             format version (see store/record.rs); the golden file of a released format never \
             changes.",
            hex(want),
            hex(got),
        );
    }
}

fn encoded_sample() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (i, cs) in sample_change_sets().iter().enumerate() {
        out.push((format!("change-set-{}", i + 1), super::encode_change_set(cs).unwrap()));
    }
    for (i, s) in sample_snapshots().iter().enumerate() {
        out.push((format!("snapshot-{}", i + 1), super::encode_snapshot(s).unwrap()));
    }
    out
}

#[test]
fn the_current_format_writes_its_golden_bytes() {
    assert_golden(super::FORMAT_VERSION, &encoded_sample());
}

/// The change-set writer that works without the record types writes the very bytes the record
/// types give (so the golden bytes above hold for it too), after whatever the buffer holds.
#[test]
fn writing_straight_from_a_change_set_gives_the_same_bytes() {
    let mut out = b"before".to_vec();
    for cs in sample_change_sets() {
        let start = out.len();
        super::encode_change_set_into(&cs, &mut out).unwrap();
        assert_eq!(out[start..], super::encode_change_set(&cs).unwrap(), "change set {}", cs.seq);
    }
    assert!(out.starts_with(b"before"));
}

/// Decodes `bytes` into the record type `T` and encodes it again.
fn through<T: serde::Serialize + serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let value: T = super::decode(bytes)?;
    super::encode(&value).map_err(|e| e.to_string())
}

/// Decodes `bytes` into the record types of format `version` and encodes them again.
fn reencode(version: u32, snapshot: bool, bytes: &[u8]) -> Vec<u8> {
    use super::{v1, v2, v3};
    let again = match (version, snapshot) {
        (1, false) => through::<v1::ChangeSet>(bytes),
        (1, true) => through::<v1::Snapshot>(bytes),
        (2, false) => through::<v2::ChangeSet>(bytes),
        (2, true) => through::<v2::Snapshot>(bytes),
        (3, false) => through::<v3::ChangeSet>(bytes),
        (3, true) => through::<v3::Snapshot>(bytes),
        _ => panic!("the record types of format {version} are not listed here"),
    };
    again.unwrap_or_else(|e| panic!("format {version}: not read by its record types: {e}"))
}

#[test]
fn the_golden_bytes_of_every_format_decode_to_the_sample() {
    for version in 1..=super::FORMAT_VERSION {
        let golden = parse(&std::fs::read_to_string(golden_path(version)).unwrap());
        let change_sets: Vec<_> = sample_change_sets().into_iter().map(|cs| change_set_as_of(version, cs)).collect();
        let snapshots: Vec<_> = sample_snapshots().into_iter().map(|s| snapshot_as_of(version, s)).collect();
        let (cs_bytes, snapshot_bytes) = golden.split_at(change_sets.len());
        for ((name, bytes), want) in cs_bytes.iter().zip(&change_sets) {
            let got =
                super::decode_change_set(version, bytes).unwrap_or_else(|e| panic!("format {version}: {name}: {e}"));
            assert_eq!(&got, want, "format {version}: {name}");
            assert_eq!(&reencode(version, false, bytes), bytes, "format {version}: {name} through its record types");
        }
        for ((name, bytes), want) in snapshot_bytes.iter().zip(&snapshots) {
            let got =
                super::decode_snapshot(version, bytes).unwrap_or_else(|e| panic!("format {version}: {name}: {e}"));
            assert_eq!(&got, want, "format {version}: {name}");
            assert_eq!(&reencode(version, true, bytes), bytes, "format {version}: {name} through its record types");
        }
    }
}

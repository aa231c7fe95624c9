//! The golden stores of format 1 (`tests/fixtures/format-1`, see its README): written by the
//! library when format 1 was what it wrote, they must open with this library and give back the
//! directory and the whole history they hold, which are written out here (not read from a store).
//! Opening one rewrites it in the current format, atomically: an upgrade cut short at any write
//! leaves a store that opens whole, and so does a crash after any of its operations (on a
//! simulated disk). The tests open copies; the fixtures themselves are never written.

use jiff::civil::date;
use jiff::Timestamp;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use vastuu::{
    Change, ChangeSet, Crash, Customer, CustomerGroup, CustomerGroupId, CustomerId, CustomerStatus, Data,
    DefaultSeries, Directory, Employee, EmployeeId, Error, FaultPlan, FileStore, HistoryKey, MemoryStore, NewCustomer,
    NextIds, Period, Project, ProjectId, Responsibility, Role, RoleId, RoleScope, SimulatedDisk, SpecialGroup,
    SpecialGroupId, SqliteStore, Store, StoreError, Subject, Team, TeamId, FORMAT_VERSION, SQLITE_SCHEMA_VERSION,
};

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// The directory both stores hold after their last change set, 45.
fn expected_data() -> Data {
    Data {
        default_series: DefaultSeries { start: 10, end: None, next_number: 11 },
        next_ids: NextIds {
            employee: 5,
            team: 4,
            role: 4,
            customer: 6,
            project: 3,
            customer_group: 3,
            special_group: 3,
        },
        employees: vec![
            Employee {
                external_id: None,
                id: EmployeeId(1),
                name: "Matti Meikäläinen".into(),
                email: Some("matti@example.fi".into()),
                team: Some(TeamId(1)),
                sales_rights: true,
                active: true,
                sees_all: false,
            },
            Employee {
                external_id: None,
                id: EmployeeId(2),
                name: "Liisa Ek".into(),
                email: Some("liisa.ek@example.fi".into()),
                team: Some(TeamId(2)),
                sales_rights: false,
                active: true,
                sees_all: true,
            },
            Employee {
                external_id: None,
                id: EmployeeId(3),
                name: "Ömer Åkerlund".into(),
                email: None,
                team: None,
                sales_rights: false,
                active: false,
                sees_all: false,
            },
        ],
        teams: vec![
            Team { leads: Default::default(), id: TeamId(1), name: "Huolto".into() },
            Team { leads: Default::default(), id: TeamId(2), name: "Myynti".into() },
        ],
        roles: vec![
            Role { id: RoleId(1), name: "Huoltovastaava".into(), scope: RoleScope::Customer, portal_visible: true },
            Role {
                id: RoleId(2), name: "Projektipäällikkö".into(), scope: RoleScope::Project, portal_visible: false
            },
        ],
        customers: vec![
            Customer {
                external_id: None,
                id: CustomerId(1),
                name: "Esimerkki Oy".into(),
                number: Some(1000),
                status: CustomerStatus::Active,
                archived: false,
                group: Some(CustomerGroupId(1)),
                special_groups: BTreeSet::from([SpecialGroupId(1)]),
            },
            Customer {
                external_id: None,
                id: CustomerId(2),
                name: "Prospekti Ab".into(),
                number: Some(10),
                status: CustomerStatus::Prospect,
                archived: false,
                group: None,
                special_groups: BTreeSet::from([SpecialGroupId(1)]),
            },
            Customer {
                external_id: None,
                id: CustomerId(3),
                name: "Numeroton Tmi".into(),
                number: None,
                status: CustomerStatus::Active,
                archived: true,
                group: None,
                special_groups: BTreeSet::new(),
            },
            Customer {
                external_id: None,
                id: CustomerId(5),
                name: "Uusi Asiakas Oy".into(),
                number: Some(1001),
                status: CustomerStatus::Active,
                archived: false,
                group: Some(CustomerGroupId(1)),
                special_groups: BTreeSet::new(),
            },
        ],
        projects: vec![Project {
            external_id: None,
            id: ProjectId(1),
            customer: CustomerId(1),
            name: "Lämpöremontti".into(),
            archived: true,
        }],
        customer_groups: vec![CustomerGroup {
            default_team: Vec::new(),
            external_id: None,
            id: CustomerGroupId(1),
            name: "Pohjoinen".into(),
            numbering_start: Some(1000),
            numbering_end: Some(1999),
            next_number: 1002,
            ledger_account: Some("3000".into()),
            cost_centers: vec!["K1".into(), "Kustannuspaikka ÅÄÖ".into()],
            salespeople: BTreeSet::from([EmployeeId(1)]),
        }],
        special_groups: vec![SpecialGroup {
            id: SpecialGroupId(1),
            name: "Avainasiakkaat".into(),
            description: Some("Tärkeimmät asiakkaat".into()),
        }],
        responsibilities: vec![
            Responsibility {
                subject: Subject::Customer(CustomerId(1)),
                employee: EmployeeId(1),
                roles: BTreeSet::from([RoleId(1)]),
                period: Period { from: Some(date(2026, 1, 1)), to: None },
            },
            Responsibility {
                subject: Subject::Customer(CustomerId(5)),
                employee: EmployeeId(1),
                roles: BTreeSet::from([RoleId(1)]),
                period: Period { from: None, to: None },
            },
            Responsibility {
                subject: Subject::Project(ProjectId(1)),
                employee: EmployeeId(2),
                roles: BTreeSet::from([RoleId(2)]),
                period: Period { from: Some(date(2026, 2, 1)), to: Some(date(2026, 12, 31)) },
            },
        ],
    }
}

/// Every change set both stores hold, 1 to 45.
fn expected_history() -> Vec<ChangeSet> {
    vec![
        ChangeSet {
            reverts: None,
            seq: 1,
            time: ts("2026-03-02T08:00:00Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutTeam(Team { leads: Default::default(), id: TeamId(1), name: "Huolto".into() })],
        },
        ChangeSet {
            reverts: None,
            seq: 2,
            time: ts("2026-03-02T08:01:30.123456789Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutTeam(Team { leads: Default::default(), id: TeamId(2), name: "Myynti".into() })],
        },
        ChangeSet {
            reverts: None,
            seq: 3,
            time: ts("2026-03-02T08:03:00.246913578Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutTeam(Team {
                leads: Default::default(),
                id: TeamId(3),
                name: "Lakkautettu tiimi".into(),
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 4,
            time: ts("2026-03-02T08:04:30.370370367Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Employee(EmployeeId(1))],
            changes: vec![Change::PutEmployee(Employee {
                external_id: None,
                id: EmployeeId(1),
                name: "Matti Meikäläinen".into(),
                email: Some("matti@example.fi".into()),
                team: Some(TeamId(1)),
                sales_rights: true,
                active: true,
                sees_all: false,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 5,
            time: ts("2026-03-02T08:06:00.493827156Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Employee(EmployeeId(2))],
            changes: vec![Change::PutEmployee(Employee {
                external_id: None,
                id: EmployeeId(2),
                name: "Liisa Ek".into(),
                email: None,
                team: Some(TeamId(2)),
                sales_rights: false,
                active: true,
                sees_all: true,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 6,
            time: ts("2026-03-02T08:07:30.617283945Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Employee(EmployeeId(3))],
            changes: vec![Change::PutEmployee(Employee {
                external_id: None,
                id: EmployeeId(3),
                name: "Ömer Åkerlund".into(),
                email: None,
                team: Some(TeamId(3)),
                sales_rights: false,
                active: false,
                sees_all: false,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 7,
            time: ts("2026-03-02T08:09:00.740740734Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Employee(EmployeeId(4))],
            changes: vec![Change::PutEmployee(Employee {
                external_id: None,
                id: EmployeeId(4),
                name: "Pekka Poistuva".into(),
                email: None,
                team: None,
                sales_rights: true,
                active: true,
                sees_all: false,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 8,
            time: ts("2026-03-02T08:10:30.864197523Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutRole(Role {
                id: RoleId(1),
                name: "Huoltovastaava".into(),
                scope: RoleScope::Customer,
                portal_visible: true,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 9,
            time: ts("2026-03-02T08:12:00.987654312Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutRole(Role {
                id: RoleId(2),
                name: "Projektipäällikkö".into(),
                scope: RoleScope::Project,
                portal_visible: false,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 10,
            time: ts("2026-03-02T08:13:30.111111101Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutRole(Role {
                id: RoleId(3),
                name: "Vanha rooli".into(),
                scope: RoleScope::Customer,
                portal_visible: false,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 11,
            time: ts("2026-03-02T08:15:00.23456789Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::SetDefaultSeries(DefaultSeries { start: 10, end: Some(499), next_number: 10 })],
        },
        ChangeSet {
            reverts: None,
            seq: 12,
            time: ts("2026-03-02T08:16:30.358024679Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Employee(EmployeeId(1)), HistoryKey::Employee(EmployeeId(4))],
            changes: vec![Change::PutCustomerGroup(CustomerGroup {
                default_team: Vec::new(),
                external_id: None,
                id: CustomerGroupId(1),
                name: "Pohjoinen".into(),
                numbering_start: Some(1000),
                numbering_end: Some(1999),
                next_number: 1000,
                ledger_account: Some("3000".into()),
                cost_centers: vec!["K1".into(), "Kustannuspaikka ÅÄÖ".into()],
                salespeople: BTreeSet::from([EmployeeId(1), EmployeeId(4)]),
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 13,
            time: ts("2026-03-02T08:18:00.481481468Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutCustomerGroup(CustomerGroup {
                default_team: Vec::new(),
                external_id: None,
                id: CustomerGroupId(2),
                name: "Etelä".into(),
                numbering_start: None,
                numbering_end: None,
                next_number: 0,
                ledger_account: None,
                cost_centers: vec![],
                salespeople: BTreeSet::new(),
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 14,
            time: ts("2026-03-02T08:19:30.604938257Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutSpecialGroup(SpecialGroup {
                id: SpecialGroupId(1),
                name: "Avainasiakkaat".into(),
                description: Some("Tärkeimmät asiakkaat".into()),
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 15,
            time: ts("2026-03-02T08:21:00.728395046Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![],
            changes: vec![Change::PutSpecialGroup(SpecialGroup {
                id: SpecialGroupId(2),
                name: "Kampanja 2026".into(),
                description: None,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 16,
            time: ts("2026-03-02T08:22:30.851851835Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Customer(CustomerId(1))],
            changes: vec![
                Change::PutCustomer(Customer {
                    external_id: None,
                    id: CustomerId(1),
                    name: "Esimerkki Oy".into(),
                    number: Some(1000),
                    status: CustomerStatus::Active,
                    archived: false,
                    group: Some(CustomerGroupId(1)),
                    special_groups: BTreeSet::from([SpecialGroupId(1)]),
                }),
                Change::PutCustomerGroup(CustomerGroup {
                    default_team: Vec::new(),
                    external_id: None,
                    id: CustomerGroupId(1),
                    name: "Pohjoinen".into(),
                    numbering_start: Some(1000),
                    numbering_end: Some(1999),
                    next_number: 1001,
                    ledger_account: Some("3000".into()),
                    cost_centers: vec!["K1".into(), "Kustannuspaikka ÅÄÖ".into()],
                    salespeople: BTreeSet::from([EmployeeId(1), EmployeeId(4)]),
                }),
            ],
        },
        ChangeSet {
            reverts: None,
            seq: 17,
            time: ts("2026-03-02T08:24:00.975308624Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Customer(CustomerId(2))],
            changes: vec![
                Change::PutCustomer(Customer {
                    external_id: None,
                    id: CustomerId(2),
                    name: "Prospekti Ab".into(),
                    number: Some(10),
                    status: CustomerStatus::Prospect,
                    archived: false,
                    group: None,
                    special_groups: BTreeSet::new(),
                }),
                Change::SetDefaultSeries(DefaultSeries { start: 10, end: Some(499), next_number: 11 }),
            ],
        },
        ChangeSet {
            reverts: None,
            seq: 18,
            time: ts("2026-03-02T08:25:30.098765413Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Customer(CustomerId(3))],
            changes: vec![Change::PutCustomer(Customer {
                external_id: None,
                id: CustomerId(3),
                name: "Numeroton Tmi".into(),
                number: None,
                status: CustomerStatus::Active,
                archived: false,
                group: Some(CustomerGroupId(2)),
                special_groups: BTreeSet::new(),
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 19,
            time: ts("2026-03-02T08:27:00.222222202Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Customer(CustomerId(4))],
            changes: vec![Change::PutCustomer(Customer {
                external_id: None,
                id: CustomerId(4),
                name: "Poistuva Oy".into(),
                number: Some(77),
                status: CustomerStatus::Active,
                archived: false,
                group: None,
                special_groups: BTreeSet::from([SpecialGroupId(2)]),
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 20,
            time: ts("2026-03-02T08:28:30.345678991Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Customer(CustomerId(1))],
            changes: vec![Change::PutProject(Project {
                external_id: None,
                id: ProjectId(1),
                customer: CustomerId(1),
                name: "Lämpöremontti".into(),
                archived: false,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 21,
            time: ts("2026-03-02T08:30:00.46913578Z"),
            actor: Some("Pääkäyttäjä Åsa".into()),
            keys: vec![HistoryKey::Customer(CustomerId(1))],
            changes: vec![Change::PutProject(Project {
                external_id: None,
                id: ProjectId(2),
                customer: CustomerId(1),
                name: "Poistuva projekti".into(),
                archived: false,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 22,
            time: ts("2026-03-02T08:31:30.592592569Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(1)), HistoryKey::Employee(EmployeeId(1))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Customer(CustomerId(1)),
                employee: EmployeeId(1),
                roles: BTreeSet::new(),
                period: Period { from: None, to: None },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 23,
            time: ts("2026-03-02T08:33:00.716049358Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(1)), HistoryKey::Employee(EmployeeId(1))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Customer(CustomerId(1)),
                employee: EmployeeId(1),
                roles: BTreeSet::from([RoleId(1)]),
                period: Period { from: None, to: None },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 24,
            time: ts("2026-03-02T08:34:30.839506147Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(1)), HistoryKey::Employee(EmployeeId(1))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Customer(CustomerId(1)),
                employee: EmployeeId(1),
                roles: BTreeSet::from([RoleId(1)]),
                period: Period { from: Some(date(2026, 1, 1)), to: None },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 25,
            time: ts("2026-03-02T08:36:00.962962936Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(1)), HistoryKey::Employee(EmployeeId(2))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Project(ProjectId(1)),
                employee: EmployeeId(2),
                roles: BTreeSet::new(),
                period: Period { from: None, to: None },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 26,
            time: ts("2026-03-02T08:37:30.086419725Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(1)), HistoryKey::Employee(EmployeeId(2))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Project(ProjectId(1)),
                employee: EmployeeId(2),
                roles: BTreeSet::from([RoleId(2)]),
                period: Period { from: None, to: None },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 27,
            time: ts("2026-03-02T08:39:00.209876514Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(1)), HistoryKey::Employee(EmployeeId(2))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Project(ProjectId(1)),
                employee: EmployeeId(2),
                roles: BTreeSet::from([RoleId(2)]),
                period: Period { from: Some(date(2026, 2, 1)), to: Some(date(2026, 12, 31)) },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 28,
            time: ts("2026-03-02T08:40:30.333333303Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(2)), HistoryKey::Employee(EmployeeId(2))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Customer(CustomerId(2)),
                employee: EmployeeId(2),
                roles: BTreeSet::new(),
                period: Period { from: None, to: None },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 29,
            time: ts("2026-03-02T08:42:00.456790092Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(2)), HistoryKey::Employee(EmployeeId(2))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Customer(CustomerId(2)),
                employee: EmployeeId(2),
                roles: BTreeSet::new(),
                period: Period { from: None, to: Some(date(2026, 6, 30)) },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 30,
            time: ts("2026-03-02T08:43:30.580246881Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(4)), HistoryKey::Employee(EmployeeId(4))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Customer(CustomerId(4)),
                employee: EmployeeId(4),
                roles: BTreeSet::new(),
                period: Period { from: None, to: None },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 31,
            time: ts("2026-03-02T08:45:00.70370367Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(4)), HistoryKey::Employee(EmployeeId(4))],
            changes: vec![Change::PutResponsibility(Responsibility {
                subject: Subject::Customer(CustomerId(4)),
                employee: EmployeeId(4),
                roles: BTreeSet::from([RoleId(3)]),
                period: Period { from: None, to: None },
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 32,
            time: ts("2026-03-02T08:46:30.827160459Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(3))],
            changes: vec![Change::PutCustomer(Customer {
                external_id: None,
                id: CustomerId(3),
                name: "Numeroton Tmi".into(),
                number: None,
                status: CustomerStatus::Active,
                archived: true,
                group: Some(CustomerGroupId(2)),
                special_groups: BTreeSet::new(),
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 33,
            time: ts("2026-03-02T08:48:00.950617248Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(4)), HistoryKey::Employee(EmployeeId(4))],
            changes: vec![
                Change::DeleteResponsibility { subject: Subject::Customer(CustomerId(4)), employee: EmployeeId(4) },
                Change::PutCustomerGroup(CustomerGroup {
                    default_team: Vec::new(),
                    external_id: None,
                    id: CustomerGroupId(1),
                    name: "Pohjoinen".into(),
                    numbering_start: Some(1000),
                    numbering_end: Some(1999),
                    next_number: 1001,
                    ledger_account: Some("3000".into()),
                    cost_centers: vec!["K1".into(), "Kustannuspaikka ÅÄÖ".into()],
                    salespeople: BTreeSet::from([EmployeeId(1)]),
                }),
                Change::DeleteEmployee(EmployeeId(4)),
            ],
        },
        ChangeSet {
            reverts: None,
            seq: 34,
            time: ts("2026-03-02T08:49:30.074074037Z"),
            actor: Some("Integraatio".into()),
            keys: vec![HistoryKey::Customer(CustomerId(5)), HistoryKey::Employee(EmployeeId(1))],
            changes: vec![
                Change::PutCustomer(Customer {
                    external_id: None,
                    id: CustomerId(5),
                    name: "Uusi Asiakas Oy".into(),
                    number: Some(1001),
                    status: CustomerStatus::Active,
                    archived: false,
                    group: Some(CustomerGroupId(1)),
                    special_groups: BTreeSet::new(),
                }),
                Change::PutCustomerGroup(CustomerGroup {
                    default_team: Vec::new(),
                    external_id: None,
                    id: CustomerGroupId(1),
                    name: "Pohjoinen".into(),
                    numbering_start: Some(1000),
                    numbering_end: Some(1999),
                    next_number: 1002,
                    ledger_account: Some("3000".into()),
                    cost_centers: vec!["K1".into(), "Kustannuspaikka ÅÄÖ".into()],
                    salespeople: BTreeSet::from([EmployeeId(1)]),
                }),
                Change::PutResponsibility(Responsibility {
                    subject: Subject::Customer(CustomerId(5)),
                    employee: EmployeeId(1),
                    roles: BTreeSet::new(),
                    period: Period { from: None, to: None },
                }),
                Change::PutResponsibility(Responsibility {
                    subject: Subject::Customer(CustomerId(5)),
                    employee: EmployeeId(1),
                    roles: BTreeSet::from([RoleId(1)]),
                    period: Period { from: None, to: None },
                }),
            ],
        },
        ChangeSet {
            reverts: None,
            seq: 35,
            time: ts("2026-03-02T08:51:00.197530826Z"),
            actor: Some("Integraatio".into()),
            keys: vec![HistoryKey::Customer(CustomerId(2)), HistoryKey::Employee(EmployeeId(2))],
            changes: vec![Change::DeleteResponsibility {
                subject: Subject::Customer(CustomerId(2)),
                employee: EmployeeId(2),
            }],
        },
        ChangeSet {
            reverts: None,
            seq: 36,
            time: ts("2026-03-02T08:52:30.320987615Z"),
            actor: Some("Integraatio".into()),
            keys: vec![HistoryKey::Customer(CustomerId(1))],
            changes: vec![Change::DeleteProject(ProjectId(2))],
        },
        ChangeSet {
            reverts: None,
            seq: 37,
            time: ts("2026-03-02T08:54:00.444444404Z"),
            actor: Some("Integraatio".into()),
            keys: vec![HistoryKey::Customer(CustomerId(4))],
            changes: vec![Change::DeleteCustomer(CustomerId(4))],
        },
        ChangeSet {
            reverts: None,
            seq: 38,
            time: ts("2026-03-02T08:55:30.567901193Z"),
            actor: Some("Integraatio".into()),
            keys: vec![],
            changes: vec![Change::DeleteRole(RoleId(3))],
        },
        ChangeSet {
            reverts: None,
            seq: 39,
            time: ts("2026-03-02T08:57:00.691357982Z"),
            actor: Some("Integraatio".into()),
            keys: vec![],
            changes: vec![Change::DeleteSpecialGroup(SpecialGroupId(2))],
        },
        ChangeSet {
            reverts: None,
            seq: 40,
            time: ts("2026-03-02T08:58:30.814814771Z"),
            actor: Some("Integraatio".into()),
            keys: vec![HistoryKey::Customer(CustomerId(3))],
            changes: vec![
                Change::PutCustomer(Customer {
                    external_id: None,
                    id: CustomerId(3),
                    name: "Numeroton Tmi".into(),
                    number: None,
                    status: CustomerStatus::Active,
                    archived: true,
                    group: None,
                    special_groups: BTreeSet::new(),
                }),
                Change::DeleteCustomerGroup(CustomerGroupId(2)),
            ],
        },
        ChangeSet {
            reverts: None,
            seq: 41,
            time: ts("2026-03-02T09:00:00.93827156Z"),
            actor: Some("Integraatio".into()),
            keys: vec![HistoryKey::Employee(EmployeeId(3))],
            changes: vec![
                Change::PutEmployee(Employee {
                    external_id: None,
                    id: EmployeeId(3),
                    name: "Ömer Åkerlund".into(),
                    email: None,
                    team: None,
                    sales_rights: false,
                    active: false,
                    sees_all: false,
                }),
                Change::DeleteTeam(TeamId(3)),
            ],
        },
        ChangeSet {
            reverts: None,
            seq: 42,
            time: ts("2026-03-02T09:01:30.061728349Z"),
            actor: None,
            keys: vec![HistoryKey::Employee(EmployeeId(2))],
            changes: vec![Change::PutEmployee(Employee {
                external_id: None,
                id: EmployeeId(2),
                name: "Liisa Ek".into(),
                email: Some("liisa.ek@example.fi".into()),
                team: Some(TeamId(2)),
                sales_rights: false,
                active: true,
                sees_all: true,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 43,
            time: ts("2026-03-02T09:03:00.185185138Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(2))],
            changes: vec![Change::PutCustomer(Customer {
                external_id: None,
                id: CustomerId(2),
                name: "Prospekti Ab".into(),
                number: Some(10),
                status: CustomerStatus::Prospect,
                archived: false,
                group: None,
                special_groups: BTreeSet::from([SpecialGroupId(1)]),
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 44,
            time: ts("2026-03-02T09:04:30.308641927Z"),
            actor: None,
            keys: vec![HistoryKey::Customer(CustomerId(1))],
            changes: vec![Change::PutProject(Project {
                external_id: None,
                id: ProjectId(1),
                customer: CustomerId(1),
                name: "Lämpöremontti".into(),
                archived: true,
            })],
        },
        ChangeSet {
            reverts: None,
            seq: 45,
            time: ts("2026-03-02T09:06:00.432098716Z"),
            actor: None,
            keys: vec![],
            changes: vec![Change::SetDefaultSeries(DefaultSeries { start: 10, end: None, next_number: 11 })],
        },
    ]
}

/// The golden stores of format `version`.
fn fixtures(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/format-{version}"))
}

/// A copy of the file store of format `version`, in a temporary folder.
fn file_store_copy_of(place: &tempfile::TempDir, version: u32) -> PathBuf {
    let path = place.path().join("store.vastuu");
    fs::create_dir(&path).unwrap();
    for name in ["vastuu.journal", "vastuu.snapshot"] {
        fs::copy(fixtures(version).join("file-store").join(name), path.join(name)).unwrap();
    }
    path
}

/// A copy of the SQLite store of format `version`, in a temporary folder.
fn sqlite_copy_of(place: &tempfile::TempDir, version: u32) -> PathBuf {
    let path = place.path().join("store.db");
    fs::copy(fixtures(version).join("sqlite.db"), &path).unwrap();
    path
}

fn file_store_copy(place: &tempfile::TempDir) -> PathBuf {
    file_store_copy_of(place, 1)
}

fn sqlite_copy(place: &tempfile::TempDir) -> PathBuf {
    sqlite_copy_of(place, 1)
}

/// The directory opened from a golden store is the expected one, with the expected history.
fn assert_expected(dir: &Directory) {
    let history = expected_history();
    assert_eq!(dir.data(), expected_data());
    assert_eq!(dir.change_sets().unwrap(), history.as_slice());
    assert_eq!(dir.last_seq(), 45);
    dir.check_integrity().unwrap();
    // The history index agrees: each customer's and employee's change sets are those whose keys
    // name them.
    for key in
        [HistoryKey::Customer(CustomerId(1)), HistoryKey::Customer(CustomerId(4)), HistoryKey::Employee(EmployeeId(4))]
    {
        let expected: Vec<u64> = history.iter().filter(|cs| cs.keys.contains(&key)).map(|cs| cs.seq).collect();
        let found: Vec<u64> = dir.history(key).unwrap().iter().map(|cs| cs.seq).collect();
        assert_eq!(found, expected, "{key:?}");
    }
    assert_eq!(
        dir.history(CustomerId(4)).unwrap().iter().map(|cs| cs.seq).collect::<Vec<_>>(),
        [19, 30, 31, 33, 37],
        "the deleted customer's history"
    );
}

/// What a store holds, read directly: the whole history, and the snapshot of change set 33,
/// which is the state those 33 change sets make.
fn assert_expected_stored(store: &mut impl Store) {
    let stored = store.load().unwrap();
    let history = expected_history();
    assert_eq!(stored.change_sets, history);
    let snapshot = stored.snapshot.expect("a snapshot");
    assert_eq!(snapshot.seq, 33);
    let mut replay = MemoryStore::new();
    for cs in &history[..33] {
        replay.commit(cs).unwrap();
    }
    assert_eq!(snapshot.data, Directory::with_store(replay).unwrap().data());
}

/// The directory takes a new change set and a compaction, and opens again with them.
fn assert_writable(mut dir: Directory, reopen: impl Fn() -> Directory) {
    let id = dir.create_customer(NewCustomer::new("Jälkeen Oy")).unwrap();
    let mut expected = dir.data();
    drop(dir);
    let mut dir = reopen();
    assert_eq!(dir.data(), expected);
    assert_eq!(dir.last_seq(), 46);
    assert_eq!(&dir.change_sets().unwrap()[..45], expected_history().as_slice());
    dir.update_customer(id, vastuu::CustomerUpdate { archived: Some(true), ..Default::default() }).unwrap();
    dir.compact().unwrap();
    expected = dir.data();
    drop(dir);
    let dir = reopen();
    assert_eq!(dir.data(), expected);
    assert_eq!(dir.last_seq(), 47);
    assert_eq!(dir.customer(id).unwrap().number, Some(11));
}

#[test]
fn the_golden_file_stores_of_every_format_open_with_their_data_and_history() {
    for version in 1..=FORMAT_VERSION {
        let place = tempfile::tempdir().unwrap();
        let path = file_store_copy_of(&place, version);
        assert_eq!(header_version(&path.join("vastuu.journal")), version);
        assert_expected_stored(&mut FileStore::open(&path).unwrap());
        let dir = Directory::open(&path).unwrap();
        assert_expected(&dir);
        assert_writable(dir, || Directory::open(&path).unwrap());
    }
}

#[test]
fn the_golden_sqlite_stores_of_every_format_open_with_their_data_and_history() {
    for version in 1..=SQLITE_SCHEMA_VERSION {
        let place = tempfile::tempdir().unwrap();
        let path = sqlite_copy_of(&place, version);
        assert_eq!(user_version(&path), version);
        assert_expected_stored(&mut SqliteStore::open(&path).unwrap());
        let dir = Directory::with_store(SqliteStore::open(&path).unwrap()).unwrap();
        assert_expected(&dir);
        assert_writable(dir, || Directory::with_store(SqliteStore::open(&path).unwrap()).unwrap());
    }
}

/// The format version in a store file's header.
fn header_version(path: &Path) -> u32 {
    u32::from_le_bytes(fs::read(path).unwrap()[8..12].try_into().unwrap())
}

fn user_version(path: &Path) -> u32 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

#[test]
fn opening_a_format_1_file_store_rewrites_it_in_the_current_format() {
    let place = tempfile::tempdir().unwrap();
    let path = file_store_copy(&place);
    let (journal, snapshot) = (path.join("vastuu.journal"), path.join("vastuu.snapshot"));
    assert_eq!((header_version(&journal), header_version(&snapshot)), (1, 1));
    let journal_before = fs::metadata(&journal).unwrap().len();

    let store = FileStore::open(&path).unwrap();
    assert_eq!((header_version(&journal), header_version(&snapshot)), (FORMAT_VERSION, FORMAT_VERSION));
    assert_expected(&Directory::with_store(store).unwrap());
    // Read back as files of the current format.
    let (change_sets, _) = FileStore::decode_journal(&fs::read(&journal).unwrap()).unwrap();
    assert_eq!(change_sets, expected_history());
    assert_eq!(FileStore::decode_snapshot(&fs::read(&snapshot).unwrap()).unwrap().seq, 33);
    // Format 2 stores a change set's time as two numbers instead of 20 to 30 characters.
    let journal_after = fs::metadata(&journal).unwrap().len();
    assert!(journal_after + 45 * 15 < journal_before, "{journal_before} bytes before, {journal_after} after");
    // The upgrade writes the very files the library writes for the same directory.
    for name in ["vastuu.journal", "vastuu.snapshot"] {
        let written = fs::read(fixtures(FORMAT_VERSION).join("file-store").join(name)).unwrap();
        assert!(fs::read(path.join(name)).unwrap() == written, "{name} differs from format {FORMAT_VERSION}'s");
    }
}

#[test]
fn opening_a_format_1_sqlite_store_rewrites_it_in_the_current_format() {
    let place = tempfile::tempdir().unwrap();
    let path = sqlite_copy(&place);
    assert_eq!(user_version(&path), 1);
    assert_expected(&Directory::with_store(SqliteStore::open(&path).unwrap()).unwrap());
    assert_eq!(user_version(&path), SQLITE_SCHEMA_VERSION);
    assert_expected_stored(&mut SqliteStore::open(&path).unwrap());
}

/// Opens a copy of the format-1 file store with the `n`-th write failing (and, if `sticky`,
/// every one after it), then without faults. Returns whether the faulty open reached the `n`-th
/// write, and each file's format version after it.
fn file_upgrade_failing_at(n: u64, sticky: bool) -> (bool, u32, u32) {
    let place = tempfile::tempdir().unwrap();
    let path = file_store_copy(&place);
    let faults = FaultPlan::new();
    if sticky {
        faults.fail_from_nth(n);
    } else {
        faults.fail_nth(n);
    }
    let opened = FileStore::open_with_faults(&path, &faults);
    let injected = !faults.injected().is_empty();
    match opened {
        Err(StoreError::Io { .. }) => assert!(injected, "write {n}: an error without an injected failure"),
        Err(other) => panic!("write {n}: {other:?}"),
        Ok(store) => {
            assert!(!injected, "write {n}: opened although a write failed");
            drop(store);
        }
    }
    let versions = (header_version(&path.join("vastuu.journal")), header_version(&path.join("vastuu.snapshot")));
    for (name, version) in [("journal", versions.0), ("snapshot", versions.1)] {
        assert!(version == 1 || version == FORMAT_VERSION, "write {n}: {name} of version {version}");
    }
    let dir = Directory::open(&path).unwrap();
    assert_expected(&dir);
    assert_writable(dir, || Directory::open(&path).unwrap());
    (injected, versions.0, versions.1)
}

#[test]
fn a_file_store_upgrade_cut_short_at_any_write_leaves_a_store_that_opens_whole() {
    let mut states = BTreeSet::new();
    for sticky in [false, true] {
        for n in 1.. {
            let (injected, journal, snapshot) = file_upgrade_failing_at(n, sticky);
            if !injected {
                assert!(n > 6, "an upgrade writes, syncs and renames two files");
                break;
            }
            states.insert((journal, snapshot));
        }
    }
    // Cut short before, between and after the two files were replaced.
    assert!(states.contains(&(1, 1)) && states.contains(&(FORMAT_VERSION, 1)), "{states:?}");
}

/// Opens the crash image after the last operation `replay` applied. Returns its files' format
/// versions as the crash left them, and the change sets it holds, checked against the golden
/// history and the customer added after the upgrade.
fn open_upgrade_image(replay: &vastuu::CrashReplay, crash: Crash, path: &Path, copy: &Path) -> ((u32, u32), u64) {
    assert!(replay.image(crash).restore(path, copy).unwrap());
    let versions = (header_version(&copy.join("vastuu.journal")), header_version(&copy.join("vastuu.snapshot")));
    let context = format!("crash ({crash:?}) after {}", replay.last_operation().unwrap());
    let dir = Directory::open(copy).unwrap_or_else(|e| panic!("{context}: {e}"));
    let seq = dir.last_seq();
    if seq == 45 {
        assert_expected(&dir);
        assert_writable(dir, || Directory::open(copy).unwrap());
    } else {
        assert_eq!(seq, 46, "{context}");
        assert_eq!(&dir.change_sets().unwrap()[..45], expected_history().as_slice(), "{context}");
        assert_eq!(dir.customers().filter(|c| c.name == "Uusi Oy").count(), 1, "{context}");
    }
    (versions, seq)
}

#[test]
fn a_crash_after_any_operation_of_a_file_store_upgrade_leaves_a_store_that_opens_whole() {
    let place = tempfile::tempdir().unwrap();
    let path = file_store_copy(&place);
    let disk = SimulatedDisk::new();
    let mut dir = Directory::with_store(FileStore::open_on_simulated_disk(&path, &disk).unwrap()).unwrap();
    let (journal, snapshot) = (path.join("vastuu.journal"), path.join("vastuu.snapshot"));
    assert_eq!((header_version(&journal), header_version(&snapshot)), (FORMAT_VERSION, FORMAT_VERSION));
    let upgraded = disk.operations();
    // The first change set appended to the upgraded journal: a crash after it is acknowledged
    // must keep it, so the journal that replaced the old one must be durably in place by then.
    dir.create_customer(NewCustomer::new("Uusi Oy")).unwrap();
    let acknowledged = disk.operations();
    drop(dir);
    let mut replay = disk.replay();
    let mut states = BTreeSet::new();
    while let Some(k) = replay.advance() {
        let torn = Crash::Torn { keep: replay.last_write_len().unwrap_or(0) / 2 };
        for (i, crash) in [Crash::Durable, torn, Crash::ZeroFilled, Crash::UnsyncedData, Crash::UnsyncedEntries]
            .into_iter()
            .enumerate()
        {
            let copy = place.path().join(format!("crash-{k}-{i}"));
            // Each file is whole, of either format, whatever the crash left of the other.
            let (versions, seq) = open_upgrade_image(&replay, crash, &path, &copy);
            states.insert(versions);
            assert!(seq == 45 || k > upgraded, "crash ({crash:?}) after operation {k}: {seq} change sets");
            assert!(seq == 46 || k < acknowledged, "crash ({crash:?}) after operation {k}: change set 46 lost");
        }
    }
    assert!(upgraded >= 10, "an upgrade writes, syncs and renames two files and syncs the folder");
    assert!(states.contains(&(1, 1)) && states.contains(&(FORMAT_VERSION, 1)), "{states:?}");
    assert!(states.contains(&(FORMAT_VERSION, FORMAT_VERSION)), "{states:?}");
}

#[test]
fn a_sqlite_upgrade_cut_short_at_any_statement_leaves_the_database_as_it_was() {
    let mut failed = 0;
    for n in 1.. {
        let place = tempfile::tempdir().unwrap();
        let path = sqlite_copy(&place);
        let faults = FaultPlan::new();
        faults.fail_nth(n);
        match SqliteStore::open_with_faults(&path, &faults) {
            Err(StoreError::Io { .. }) => {
                assert_eq!(user_version(&path), 1, "statement {n}: rolled back");
                failed += 1;
            }
            Err(other) => panic!("statement {n}: {other:?}"),
            Ok(store) => {
                assert!(faults.injected().is_empty());
                drop(store);
                assert_eq!(user_version(&path), SQLITE_SCHEMA_VERSION);
                break;
            }
        }
        let dir = Directory::with_store(SqliteStore::open(&path).unwrap()).unwrap();
        assert_expected(&dir);
    }
    // A statement per change set, the snapshot, the schema version and the commit.
    assert_eq!(failed, 45 + 3);
}

#[test]
fn the_upgrade_drops_a_torn_last_record_of_a_format_1_journal() {
    let place = tempfile::tempdir().unwrap();
    let path = file_store_copy(&place);
    let journal = path.join("vastuu.journal");
    let bytes = fs::read(&journal).unwrap();
    // The last record's offset: walk the records (a length, two checksums, the payload).
    let mut last = 20;
    while let Some(len) = bytes.get(last..last + 4).map(|b| u32::from_le_bytes(b.try_into().unwrap()) as usize) {
        if last + 12 + len >= bytes.len() {
            break;
        }
        last += 12 + len;
    }
    fs::write(&journal, &bytes[..last + 20]).unwrap();
    let dir = Directory::open(&path).unwrap();
    assert_eq!(dir.change_sets().unwrap(), &expected_history()[..44]);
    assert_eq!(header_version(&journal), FORMAT_VERSION);
}

#[test]
fn a_format_1_store_with_a_newer_file_is_refused_and_left_as_it_was() {
    let place = tempfile::tempdir().unwrap();
    let path = file_store_copy(&place);
    let snapshot = path.join("vastuu.snapshot");
    let mut bytes = fs::read(&snapshot).unwrap();
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    fs::write(&snapshot, &bytes).unwrap();
    let journal = fs::read(path.join("vastuu.journal")).unwrap();
    match Directory::open(&path) {
        Err(Error::Store(StoreError::UnsupportedVersion { found, supported, .. })) => {
            assert_eq!((found, supported), (FORMAT_VERSION + 1, FORMAT_VERSION));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read(path.join("vastuu.journal")).unwrap(), journal, "the format-1 journal is not upgraded");
    assert_eq!(fs::read(&snapshot).unwrap(), bytes);
}

//! Format 1: the records as the library wrote them before stored records had types of their own
//! (the public types in postcard). Frozen: nothing here may change; see [`super`]. Format 2 uses
//! all of these but [`ChangeSet`] as they are.
//!
//! Field order and variant order are the encoding (postcard writes fields in order and a variant
//! as its index), so they mirror the public types as they were. Ids are their `u32`, sets are
//! sequences in ascending order, and times and dates are jiff's serde text forms (RFC 3339 with
//! `Z` and up to nine fraction digits; ISO 8601 dates), which is what jiff's types encode to.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A change set.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ChangeSet {
    pub(crate) seq: u64,
    pub(crate) time: Timestamp,
    pub(crate) actor: Option<String>,
    pub(crate) keys: Vec<HistoryKey>,
    pub(crate) changes: Vec<Change>,
}

/// What a change set is about.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum HistoryKey {
    Customer(u32),
    Employee(u32),
}

/// One change.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Change {
    PutEmployee(Employee),
    DeleteEmployee(u32),
    PutTeam(Team),
    DeleteTeam(u32),
    PutRole(Role),
    DeleteRole(u32),
    PutCustomer(Customer),
    DeleteCustomer(u32),
    PutProject(Project),
    DeleteProject(u32),
    PutCustomerGroup(CustomerGroup),
    DeleteCustomerGroup(u32),
    PutSpecialGroup(SpecialGroup),
    DeleteSpecialGroup(u32),
    PutResponsibility(Responsibility),
    DeleteResponsibility { subject: Subject, employee: u32 },
    SetDefaultSeries(DefaultSeries),
}

/// An employee.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Employee {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) team: Option<u32>,
    pub(crate) sales_rights: bool,
    pub(crate) active: bool,
    pub(crate) sees_all: bool,
}

/// A team.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Team {
    pub(crate) id: u32,
    pub(crate) name: String,
}

/// Whether a role is held on customers or on projects.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum RoleScope {
    Customer,
    Project,
}

/// A role.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Role {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) scope: RoleScope,
    pub(crate) portal_visible: bool,
}

/// A customer's status.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum CustomerStatus {
    Active,
    Prospect,
}

/// A customer.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Customer {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) number: Option<u64>,
    pub(crate) status: CustomerStatus,
    pub(crate) archived: bool,
    pub(crate) group: Option<u32>,
    pub(crate) special_groups: Vec<u32>,
}

/// A project.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Project {
    pub(crate) id: u32,
    pub(crate) customer: u32,
    pub(crate) name: String,
    pub(crate) archived: bool,
}

/// A customer group.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CustomerGroup {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) numbering_start: Option<u64>,
    pub(crate) numbering_end: Option<u64>,
    pub(crate) next_number: u64,
    pub(crate) ledger_account: Option<String>,
    pub(crate) cost_centers: Vec<String>,
    pub(crate) salespeople: Vec<u32>,
}

/// A special group.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SpecialGroup {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
}

/// A customer or a project.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Subject {
    Customer(u32),
    Project(u32),
}

/// A validity period.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Period {
    pub(crate) from: Option<Date>,
    pub(crate) to: Option<Date>,
}

/// A responsibility.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Responsibility {
    pub(crate) subject: Subject,
    pub(crate) employee: u32,
    /// Written as the sequence of role ids a `Vec<u32>` writes (a set is a sequence on the
    /// wire, and a role id is its number), and read straight into the model's set: no vector
    /// to convert per responsibility.
    pub(crate) roles: BTreeSet<crate::RoleId>,
    pub(crate) period: Period,
}

/// The default customer-number series.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DefaultSeries {
    pub(crate) start: u64,
    pub(crate) end: Option<u64>,
    pub(crate) next_number: u64,
}

/// The next id of each kind.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct NextIds {
    pub(crate) employee: u32,
    pub(crate) team: u32,
    pub(crate) role: u32,
    pub(crate) customer: u32,
    pub(crate) project: u32,
    pub(crate) customer_group: u32,
    pub(crate) special_group: u32,
}

/// The whole directory.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Data {
    pub(crate) default_series: DefaultSeries,
    pub(crate) next_ids: NextIds,
    pub(crate) employees: Vec<Employee>,
    pub(crate) teams: Vec<Team>,
    pub(crate) roles: Vec<Role>,
    pub(crate) customers: Vec<Customer>,
    pub(crate) projects: Vec<Project>,
    pub(crate) customer_groups: Vec<CustomerGroup>,
    pub(crate) special_groups: Vec<SpecialGroup>,
    pub(crate) responsibilities: Vec<Responsibility>,
}

/// A snapshot: the whole directory after change set `seq`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub(crate) seq: u64,
    pub(crate) data: Data,
}

// Conversions. From records to the public types: how this format is read, for as long as the
// library reads it (they follow the public types: a new public field gets its value for records
// that do not have it). From the public types to records: how records are written, kept only for
// the types the written format uses (for format 3: `HistoryKey`, `Role`, `SpecialGroup`,
// `Responsibility` and what they hold, `DefaultSeries`, `NextIds`); each destructures
// the public type without `..`, so a field added to a public type does not build until the stored
// format says what becomes of it.

pub(super) fn ids<I: crate::Id>(set: &BTreeSet<I>) -> Vec<u32> {
    set.iter().map(|id| id.get()).collect()
}

pub(super) fn id_set<I: crate::Id>(ids: Vec<u32>) -> BTreeSet<I> {
    // A few ids (a responsibility's roles) are inserted one by one into the set's one node:
    // collecting would first sort them in a vector and build the tree from it.
    if ids.len() <= 8 {
        let mut set = BTreeSet::new();
        ids.into_iter().for_each(|id| {
            set.insert(I::from_raw(id));
        });
        return set;
    }
    ids.into_iter().map(I::from_raw).collect()
}

impl From<ChangeSet> for crate::ChangeSet {
    fn from(cs: ChangeSet) -> Self {
        let ChangeSet { seq, time, actor, keys, changes } = cs;
        crate::ChangeSet {
            seq,
            time,
            actor,
            keys: keys.into_iter().map(crate::HistoryKey::from).collect(),
            changes: changes.into_iter().map(crate::Change::from).collect(),
            reverts: None,
        }
    }
}

impl From<&crate::HistoryKey> for HistoryKey {
    fn from(key: &crate::HistoryKey) -> Self {
        match *key {
            crate::HistoryKey::Customer(id) => HistoryKey::Customer(id.get()),
            crate::HistoryKey::Employee(id) => HistoryKey::Employee(id.get()),
        }
    }
}

impl From<HistoryKey> for crate::HistoryKey {
    fn from(key: HistoryKey) -> Self {
        match key {
            HistoryKey::Customer(id) => crate::HistoryKey::Customer(crate::CustomerId(id)),
            HistoryKey::Employee(id) => crate::HistoryKey::Employee(crate::EmployeeId(id)),
        }
    }
}

impl From<Change> for crate::Change {
    fn from(change: Change) -> Self {
        use crate::Change as C;
        match change {
            Change::PutEmployee(e) => C::PutEmployee(e.into()),
            Change::DeleteEmployee(id) => C::DeleteEmployee(crate::EmployeeId(id)),
            Change::PutTeam(t) => C::PutTeam(t.into()),
            Change::DeleteTeam(id) => C::DeleteTeam(crate::TeamId(id)),
            Change::PutRole(r) => C::PutRole(r.into()),
            Change::DeleteRole(id) => C::DeleteRole(crate::RoleId(id)),
            Change::PutCustomer(c) => C::PutCustomer(c.into()),
            Change::DeleteCustomer(id) => C::DeleteCustomer(crate::CustomerId(id)),
            Change::PutProject(p) => C::PutProject(p.into()),
            Change::DeleteProject(id) => C::DeleteProject(crate::ProjectId(id)),
            Change::PutCustomerGroup(g) => C::PutCustomerGroup(g.into()),
            Change::DeleteCustomerGroup(id) => C::DeleteCustomerGroup(crate::CustomerGroupId(id)),
            Change::PutSpecialGroup(g) => C::PutSpecialGroup(g.into()),
            Change::DeleteSpecialGroup(id) => C::DeleteSpecialGroup(crate::SpecialGroupId(id)),
            Change::PutResponsibility(r) => C::PutResponsibility(r.into()),
            Change::DeleteResponsibility { subject, employee } => {
                C::DeleteResponsibility { subject: subject.into(), employee: crate::EmployeeId(employee) }
            }
            Change::SetDefaultSeries(s) => C::SetDefaultSeries(s.into()),
        }
    }
}

impl From<Employee> for crate::Employee {
    fn from(e: Employee) -> Self {
        let Employee { id, name, email, team, sales_rights, active, sees_all } = e;
        crate::Employee {
            id: crate::EmployeeId(id),
            name,
            email,
            team: team.map(crate::TeamId),
            sales_rights,
            active,
            sees_all,
            external_id: None,
        }
    }
}

impl From<Team> for crate::Team {
    fn from(t: Team) -> Self {
        let Team { id, name } = t;
        crate::Team { id: crate::TeamId(id), name, leads: std::collections::BTreeSet::new() }
    }
}

impl From<&crate::Role> for Role {
    fn from(r: &crate::Role) -> Self {
        let crate::Role { id, name, scope, portal_visible } = r;
        let scope = match scope {
            crate::RoleScope::Customer => RoleScope::Customer,
            crate::RoleScope::Project => RoleScope::Project,
        };
        Role { id: id.get(), name: name.clone(), scope, portal_visible: *portal_visible }
    }
}

impl From<Role> for crate::Role {
    fn from(r: Role) -> Self {
        let Role { id, name, scope, portal_visible } = r;
        let scope = match scope {
            RoleScope::Customer => crate::RoleScope::Customer,
            RoleScope::Project => crate::RoleScope::Project,
        };
        crate::Role { id: crate::RoleId(id), name, scope, portal_visible }
    }
}

impl From<Customer> for crate::Customer {
    fn from(c: Customer) -> Self {
        let Customer { id, name, number, status, archived, group, special_groups } = c;
        let status = match status {
            CustomerStatus::Active => crate::CustomerStatus::Active,
            CustomerStatus::Prospect => crate::CustomerStatus::Prospect,
        };
        crate::Customer {
            id: crate::CustomerId(id),
            name,
            number,
            status,
            archived,
            group: group.map(crate::CustomerGroupId),
            special_groups: id_set(special_groups),
            external_id: None,
        }
    }
}

impl From<Project> for crate::Project {
    fn from(p: Project) -> Self {
        let Project { id, customer, name, archived } = p;
        crate::Project {
            id: crate::ProjectId(id),
            customer: crate::CustomerId(customer),
            name,
            archived,
            external_id: None,
        }
    }
}

impl From<CustomerGroup> for crate::CustomerGroup {
    fn from(g: CustomerGroup) -> Self {
        let CustomerGroup {
            id,
            name,
            numbering_start,
            numbering_end,
            next_number,
            ledger_account,
            cost_centers,
            salespeople,
        } = g;
        crate::CustomerGroup {
            id: crate::CustomerGroupId(id),
            name,
            numbering_start,
            numbering_end,
            next_number,
            ledger_account,
            cost_centers,
            salespeople: id_set(salespeople),
            default_team: Vec::new(),
            external_id: None,
        }
    }
}

impl From<&crate::SpecialGroup> for SpecialGroup {
    fn from(g: &crate::SpecialGroup) -> Self {
        let crate::SpecialGroup { id, name, description } = g;
        SpecialGroup { id: id.get(), name: name.clone(), description: description.clone() }
    }
}

impl From<SpecialGroup> for crate::SpecialGroup {
    fn from(g: SpecialGroup) -> Self {
        let SpecialGroup { id, name, description } = g;
        crate::SpecialGroup { id: crate::SpecialGroupId(id), name, description }
    }
}

impl From<&crate::Subject> for Subject {
    fn from(subject: &crate::Subject) -> Self {
        match *subject {
            crate::Subject::Customer(id) => Subject::Customer(id.get()),
            crate::Subject::Project(id) => Subject::Project(id.get()),
        }
    }
}

impl From<Subject> for crate::Subject {
    fn from(subject: Subject) -> Self {
        match subject {
            Subject::Customer(id) => crate::Subject::Customer(crate::CustomerId(id)),
            Subject::Project(id) => crate::Subject::Project(crate::ProjectId(id)),
        }
    }
}

impl From<&crate::Period> for Period {
    fn from(p: &crate::Period) -> Self {
        let crate::Period { from, to } = *p;
        Period { from, to }
    }
}

impl From<Period> for crate::Period {
    fn from(p: Period) -> Self {
        let Period { from, to } = p;
        crate::Period { from, to }
    }
}

impl From<&crate::Responsibility> for Responsibility {
    fn from(r: &crate::Responsibility) -> Self {
        let crate::Responsibility { subject, employee, roles, period } = r;
        Responsibility {
            subject: subject.into(),
            employee: employee.get(),
            roles: roles.clone(),
            period: period.into(),
        }
    }
}

impl From<Responsibility> for crate::Responsibility {
    fn from(r: Responsibility) -> Self {
        let Responsibility { subject, employee, roles, period } = r;
        crate::Responsibility {
            subject: subject.into(),
            employee: crate::EmployeeId(employee),
            roles,
            period: period.into(),
        }
    }
}

impl From<&crate::DefaultSeries> for DefaultSeries {
    fn from(s: &crate::DefaultSeries) -> Self {
        let crate::DefaultSeries { start, end, next_number } = *s;
        DefaultSeries { start, end, next_number }
    }
}

impl From<DefaultSeries> for crate::DefaultSeries {
    fn from(s: DefaultSeries) -> Self {
        let DefaultSeries { start, end, next_number } = s;
        crate::DefaultSeries { start, end, next_number }
    }
}

impl From<&crate::NextIds> for NextIds {
    fn from(n: &crate::NextIds) -> Self {
        let crate::NextIds { employee, team, role, customer, project, customer_group, special_group } = *n;
        NextIds { employee, team, role, customer, project, customer_group, special_group }
    }
}

impl From<NextIds> for crate::NextIds {
    fn from(n: NextIds) -> Self {
        let NextIds { employee, team, role, customer, project, customer_group, special_group } = n;
        crate::NextIds { employee, team, role, customer, project, customer_group, special_group }
    }
}

impl From<Data> for crate::Data {
    fn from(d: Data) -> Self {
        let Data {
            default_series,
            next_ids,
            employees,
            teams,
            roles,
            customers,
            projects,
            customer_groups,
            special_groups,
            responsibilities,
        } = d;
        crate::Data {
            default_series: default_series.into(),
            next_ids: next_ids.into(),
            employees: employees.into_iter().map(crate::Employee::from).collect(),
            teams: teams.into_iter().map(crate::Team::from).collect(),
            roles: roles.into_iter().map(crate::Role::from).collect(),
            customers: customers.into_iter().map(crate::Customer::from).collect(),
            projects: projects.into_iter().map(crate::Project::from).collect(),
            customer_groups: customer_groups.into_iter().map(crate::CustomerGroup::from).collect(),
            special_groups: special_groups.into_iter().map(crate::SpecialGroup::from).collect(),
            responsibilities: responsibilities.into_iter().map(crate::Responsibility::from).collect(),
        }
    }
}

impl From<Snapshot> for crate::Snapshot {
    fn from(s: Snapshot) -> Self {
        let Snapshot { seq, data } = s;
        crate::Snapshot { seq, data: data.into() }
    }
}

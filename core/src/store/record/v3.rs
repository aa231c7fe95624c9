//! Format 3: an external id on employees, customers, projects and customer groups; a team's
//! leads; a customer group's default team; and the change set a change set reverts. Records that
//! hold none of these are as in format 2, whose types are used as they are. Frozen: nothing here
//! may change; see [`super`].

use serde::{Deserialize, Serialize};

use super::v1::{id_set, ids};
pub(crate) use super::v1::{
    CustomerStatus, DefaultSeries, HistoryKey, NextIds, Responsibility, Role, SpecialGroup, Subject,
};
pub(crate) use super::v2::Time;

/// A change set.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ChangeSet {
    pub(crate) seq: u64,
    pub(crate) time: Time,
    pub(crate) actor: Option<String>,
    pub(crate) keys: Vec<HistoryKey>,
    pub(crate) changes: Vec<Change>,
    pub(crate) reverts: Option<u64>,
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
    pub(crate) external_id: Option<String>,
}

/// A team.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Team {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) leads: Vec<u32>,
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
    pub(crate) external_id: Option<String>,
}

/// A project.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Project {
    pub(crate) id: u32,
    pub(crate) customer: u32,
    pub(crate) name: String,
    pub(crate) archived: bool,
    pub(crate) external_id: Option<String>,
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
    pub(crate) default_team: Vec<GroupDefault>,
    pub(crate) external_id: Option<String>,
}

/// One of a customer group's default responsible persons.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct GroupDefault {
    pub(crate) employee: u32,
    pub(crate) roles: Vec<u32>,
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

// Conversions; see the notes in `v1`.

impl From<&crate::ChangeSet> for ChangeSet {
    fn from(cs: &crate::ChangeSet) -> Self {
        let crate::ChangeSet { seq, time, actor, keys, changes, reverts } = cs;
        ChangeSet {
            seq: *seq,
            time: (*time).into(),
            actor: actor.clone(),
            keys: keys.iter().map(HistoryKey::from).collect(),
            changes: changes.iter().map(Change::from).collect(),
            reverts: *reverts,
        }
    }
}

impl TryFrom<ChangeSet> for crate::ChangeSet {
    type Error = String;

    fn try_from(cs: ChangeSet) -> Result<Self, String> {
        let ChangeSet { seq, time, actor, keys, changes, reverts } = cs;
        Ok(crate::ChangeSet {
            seq,
            time: time.try_into()?,
            actor,
            keys: keys.into_iter().map(crate::HistoryKey::from).collect(),
            changes: changes.into_iter().map(crate::Change::from).collect(),
            reverts,
        })
    }
}

impl From<&crate::Change> for Change {
    fn from(change: &crate::Change) -> Self {
        use crate::Change as C;
        match change {
            C::PutEmployee(e) => Change::PutEmployee(e.into()),
            C::DeleteEmployee(id) => Change::DeleteEmployee(id.get()),
            C::PutTeam(t) => Change::PutTeam(t.into()),
            C::DeleteTeam(id) => Change::DeleteTeam(id.get()),
            C::PutRole(r) => Change::PutRole(r.into()),
            C::DeleteRole(id) => Change::DeleteRole(id.get()),
            C::PutCustomer(c) => Change::PutCustomer(c.into()),
            C::DeleteCustomer(id) => Change::DeleteCustomer(id.get()),
            C::PutProject(p) => Change::PutProject(p.into()),
            C::DeleteProject(id) => Change::DeleteProject(id.get()),
            C::PutCustomerGroup(g) => Change::PutCustomerGroup(g.into()),
            C::DeleteCustomerGroup(id) => Change::DeleteCustomerGroup(id.get()),
            C::PutSpecialGroup(g) => Change::PutSpecialGroup(g.into()),
            C::DeleteSpecialGroup(id) => Change::DeleteSpecialGroup(id.get()),
            C::PutResponsibility(r) => Change::PutResponsibility(r.into()),
            C::DeleteResponsibility { subject, employee } => {
                Change::DeleteResponsibility { subject: subject.into(), employee: employee.get() }
            }
            C::SetDefaultSeries(s) => Change::SetDefaultSeries(s.into()),
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

impl From<&crate::Employee> for Employee {
    fn from(e: &crate::Employee) -> Self {
        let crate::Employee { id, name, email, team, sales_rights, active, sees_all, external_id } = e;
        Employee {
            id: id.get(),
            name: name.clone(),
            email: email.clone(),
            team: team.map(crate::TeamId::get),
            sales_rights: *sales_rights,
            active: *active,
            sees_all: *sees_all,
            external_id: external_id.clone(),
        }
    }
}

impl From<Employee> for crate::Employee {
    fn from(e: Employee) -> Self {
        let Employee { id, name, email, team, sales_rights, active, sees_all, external_id } = e;
        crate::Employee {
            id: crate::EmployeeId(id),
            name,
            email,
            team: team.map(crate::TeamId),
            sales_rights,
            active,
            sees_all,
            external_id,
        }
    }
}

impl From<&crate::Team> for Team {
    fn from(t: &crate::Team) -> Self {
        let crate::Team { id, name, leads } = t;
        Team { id: id.get(), name: name.clone(), leads: ids(leads) }
    }
}

impl From<Team> for crate::Team {
    fn from(t: Team) -> Self {
        let Team { id, name, leads } = t;
        crate::Team { id: crate::TeamId(id), name, leads: id_set(leads) }
    }
}

impl From<&crate::Customer> for Customer {
    fn from(c: &crate::Customer) -> Self {
        let crate::Customer { id, name, number, status, archived, group, special_groups, external_id } = c;
        let status = match status {
            crate::CustomerStatus::Active => CustomerStatus::Active,
            crate::CustomerStatus::Prospect => CustomerStatus::Prospect,
        };
        Customer {
            id: id.get(),
            name: name.clone(),
            number: *number,
            status,
            archived: *archived,
            group: group.map(crate::CustomerGroupId::get),
            special_groups: ids(special_groups),
            external_id: external_id.clone(),
        }
    }
}

impl From<Customer> for crate::Customer {
    fn from(c: Customer) -> Self {
        let Customer { id, name, number, status, archived, group, special_groups, external_id } = c;
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
            external_id,
        }
    }
}

impl From<&crate::Project> for Project {
    fn from(p: &crate::Project) -> Self {
        let crate::Project { id, customer, name, archived, external_id } = p;
        Project {
            id: id.get(),
            customer: customer.get(),
            name: name.clone(),
            archived: *archived,
            external_id: external_id.clone(),
        }
    }
}

impl From<Project> for crate::Project {
    fn from(p: Project) -> Self {
        let Project { id, customer, name, archived, external_id } = p;
        crate::Project { id: crate::ProjectId(id), customer: crate::CustomerId(customer), name, archived, external_id }
    }
}

impl From<&crate::GroupDefault> for GroupDefault {
    fn from(d: &crate::GroupDefault) -> Self {
        let crate::GroupDefault { employee, roles } = d;
        GroupDefault { employee: employee.get(), roles: ids(roles) }
    }
}

impl From<GroupDefault> for crate::GroupDefault {
    fn from(d: GroupDefault) -> Self {
        let GroupDefault { employee, roles } = d;
        crate::GroupDefault { employee: crate::EmployeeId(employee), roles: id_set(roles) }
    }
}

impl From<&crate::CustomerGroup> for CustomerGroup {
    fn from(g: &crate::CustomerGroup) -> Self {
        let crate::CustomerGroup {
            id,
            name,
            numbering_start,
            numbering_end,
            next_number,
            ledger_account,
            cost_centers,
            salespeople,
            default_team,
            external_id,
        } = g;
        CustomerGroup {
            id: id.get(),
            name: name.clone(),
            numbering_start: *numbering_start,
            numbering_end: *numbering_end,
            next_number: *next_number,
            ledger_account: ledger_account.clone(),
            cost_centers: cost_centers.clone(),
            salespeople: ids(salespeople),
            default_team: default_team.iter().map(GroupDefault::from).collect(),
            external_id: external_id.clone(),
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
            default_team,
            external_id,
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
            default_team: default_team.into_iter().map(crate::GroupDefault::from).collect(),
            external_id,
        }
    }
}

impl From<&crate::Data> for Data {
    fn from(d: &crate::Data) -> Self {
        let crate::Data {
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
        Data {
            default_series: default_series.into(),
            next_ids: next_ids.into(),
            employees: employees.iter().map(Employee::from).collect(),
            teams: teams.iter().map(Team::from).collect(),
            roles: roles.iter().map(Role::from).collect(),
            customers: customers.iter().map(Customer::from).collect(),
            projects: projects.iter().map(Project::from).collect(),
            customer_groups: customer_groups.iter().map(CustomerGroup::from).collect(),
            special_groups: special_groups.iter().map(SpecialGroup::from).collect(),
            responsibilities: responsibilities.iter().map(Responsibility::from).collect(),
        }
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

impl From<&crate::Snapshot> for Snapshot {
    fn from(s: &crate::Snapshot) -> Self {
        let crate::Snapshot { seq, data } = s;
        Snapshot { seq: *seq, data: data.into() }
    }
}

impl From<Snapshot> for crate::Snapshot {
    fn from(s: Snapshot) -> Self {
        let Snapshot { seq, data } = s;
        crate::Snapshot { seq, data: data.into() }
    }
}

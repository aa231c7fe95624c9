//! Change sets: what every mutation hands to the store, and what history reads back.

use crate::customer::{Customer, Project};
use crate::employee::{Employee, Team};
use crate::group::CustomerGroup;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId, SpecialGroupId, TeamId};
use crate::numbering::DefaultSeries;
use crate::responsibility::{Responsibility, Subject};
use crate::role::Role;
use crate::special_group::SpecialGroup;
use crate::state::State;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One primitive change. A mutation's cascades are spelled out as changes of their own, so
/// applying a change never needs to look anything up, and replaying a journal is exact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Change {
    PutEmployee(Employee),
    DeleteEmployee(EmployeeId),
    PutTeam(Team),
    DeleteTeam(TeamId),
    PutRole(Role),
    DeleteRole(RoleId),
    PutCustomer(Customer),
    DeleteCustomer(CustomerId),
    PutProject(Project),
    DeleteProject(ProjectId),
    PutCustomerGroup(CustomerGroup),
    DeleteCustomerGroup(CustomerGroupId),
    PutSpecialGroup(SpecialGroup),
    DeleteSpecialGroup(SpecialGroupId),
    PutResponsibility(Responsibility),
    DeleteResponsibility { subject: Subject, employee: EmployeeId },
    SetDefaultSeries(DefaultSeries),
}

/// What a change set is about, for [`Directory::history`](crate::Directory::history).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HistoryKey {
    /// A customer (including its projects and responsibilities).
    Customer(CustomerId),
    /// An employee (including their responsibilities and salesperson places).
    Employee(EmployeeId),
}

impl From<CustomerId> for HistoryKey {
    fn from(id: CustomerId) -> Self {
        HistoryKey::Customer(id)
    }
}

impl From<EmployeeId> for HistoryKey {
    fn from(id: EmployeeId) -> Self {
        HistoryKey::Employee(id)
    }
}

/// One committed mutation: a sequence number, a time, an optional actor, and its changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// Sequence number: 1 for the first change set of a store, then consecutive.
    pub seq: u64,
    /// When it was committed (from the directory's clock).
    pub time: Timestamp,
    /// Who made it, if the host said.
    pub actor: Option<String>,
    /// The customers and employees it touches.
    pub keys: Vec<HistoryKey>,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

/// Where [`history_keys`] puts the keys it finds.
pub(crate) trait KeySet {
    /// Adds a key.
    fn insert(&mut self, key: HistoryKey);
}

impl KeySet for BTreeSet<HistoryKey> {
    fn insert(&mut self, key: HistoryKey) {
        BTreeSet::insert(self, key);
    }
}

impl KeySet for Vec<HistoryKey> {
    fn insert(&mut self, key: HistoryKey) {
        self.push(key);
    }
}

/// The customers and employees a list of changes touches, read against the state before the
/// changes are applied (a key may be added more than once).
pub(crate) fn history_keys(state: &State, changes: &[Change], keys: &mut impl KeySet) {
    let mut new_projects: Vec<(ProjectId, CustomerId)> = Vec::new();
    let project_customer = |p: ProjectId, new: &[(ProjectId, CustomerId)]| {
        new.iter()
            .rev()
            .find(|(id, _)| *id == p)
            .map(|(_, c)| *c)
            .or_else(|| state.views.projects.get(&p).map(|p| p.customer))
    };
    for change in changes {
        match change {
            Change::PutEmployee(e) => {
                keys.insert(HistoryKey::Employee(e.id));
            }
            Change::DeleteEmployee(id) => {
                keys.insert(HistoryKey::Employee(*id));
            }
            Change::PutCustomer(c) => {
                keys.insert(HistoryKey::Customer(c.id));
            }
            Change::DeleteCustomer(id) => {
                keys.insert(HistoryKey::Customer(*id));
            }
            Change::PutProject(p) => {
                new_projects.push((p.id, p.customer));
                keys.insert(HistoryKey::Customer(p.customer));
            }
            Change::DeleteProject(id) => {
                if let Some(c) = project_customer(*id, &new_projects) {
                    keys.insert(HistoryKey::Customer(c));
                }
            }
            Change::PutResponsibility(Responsibility { subject, employee, .. })
            | Change::DeleteResponsibility { subject, employee } => {
                keys.insert(HistoryKey::Employee(*employee));
                let customer = match subject {
                    Subject::Customer(c) => Some(*c),
                    Subject::Project(p) => project_customer(*p, &new_projects),
                };
                if let Some(c) = customer {
                    keys.insert(HistoryKey::Customer(c));
                }
            }
            Change::PutCustomerGroup(g) => {
                let before = state.groups.get(&g.id).map(|old| &old.salespeople);
                for e in g.salespeople.symmetric_difference(before.unwrap_or(&BTreeSet::new())) {
                    keys.insert(HistoryKey::Employee(*e));
                }
            }
            Change::DeleteCustomerGroup(id) => {
                // The group's salespeople lose their places.
                for e in state.groups.get(id).into_iter().flat_map(|g| &g.salespeople) {
                    keys.insert(HistoryKey::Employee(*e));
                }
            }
            Change::PutTeam(_)
            | Change::DeleteTeam(_)
            | Change::PutRole(_)
            | Change::DeleteRole(_)
            | Change::PutSpecialGroup(_)
            | Change::DeleteSpecialGroup(_)
            | Change::SetDefaultSeries(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Directory, NewCustomerGroup, NewEmployee};

    #[test]
    fn deleting_a_group_is_in_the_history_of_its_salespeople() {
        let mut dir = Directory::new();
        let seller = dir.create_employee(NewEmployee::new("Myyjä").sales_rights(true)).unwrap();
        let other = dir.create_employee(NewEmployee::new("Muu")).unwrap();
        let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([seller])).unwrap();
        dir.delete_customer_group(g).unwrap();
        let seqs: Vec<u64> = dir.history(seller).unwrap().iter().map(|cs| cs.seq).collect();
        assert_eq!(seqs, [1, 3, 4], "created, made a salesperson, lost the place");
        assert_eq!(dir.history(other).unwrap().len(), 1);
    }
}

//! The plain reads of a `Directory`: entities by id, memberships, responsibilities, and the
//! history.

use super::Directory;
use crate::error::{Error, Result};
use crate::model::{
    ChangeSet, Customer, CustomerGroup, CustomerGroupId, CustomerId, Data, Employee, EmployeeId, HistoryKey, Project,
    ProjectId, Responsibility, Role, RoleId, SpecialGroup, SpecialGroupId, Subject, Team, TeamId,
};

impl Directory {
    /// Sequence number of the last committed change set (0 before any).
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// The change sets that touched a customer (its fields, memberships, projects and
    /// responsibilities) or an employee (their fields, responsibilities and salesperson places),
    /// oldest first. Works for deleted entities too.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an id the directory never assigned.
    pub fn history(&self, key: impl Into<HistoryKey>) -> Result<Vec<&ChangeSet>> {
        let key = key.into();
        let next = self.state.next_ids();
        let known = match key {
            HistoryKey::Customer(id) => id.0 >= 1 && id.0 < next.customer,
            HistoryKey::Employee(id) => id.0 >= 1 && id.0 < next.employee,
        };
        if !known {
            return Err(Error::NotFound(match key {
                HistoryKey::Customer(id) => id.into(),
                HistoryKey::Employee(id) => id.into(),
            }));
        }
        Ok(self.history.of(key).collect())
    }

    /// Every change set this directory knows, oldest first.
    pub fn change_sets(&self) -> &[ChangeSet] {
        self.history.all()
    }

    /// The whole state as plain data (id order).
    pub fn data(&self) -> Data {
        self.state.to_data()
    }

    /// Checks every rule of the data model against the current state.
    ///
    /// # Errors
    /// The first broken rule.
    pub fn check_integrity(&self) -> Result<()> {
        self.state.check_integrity()
    }

    /// An employee.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn employee(&self, id: EmployeeId) -> Result<&Employee> {
        self.state.employee(id)
    }

    /// All employees, by id.
    pub fn employees(&self) -> impl Iterator<Item = &Employee> + '_ {
        self.state.employees()
    }

    /// A team.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn team(&self, id: TeamId) -> Result<&Team> {
        self.state.team(id)
    }

    /// All teams, by id.
    pub fn teams(&self) -> impl Iterator<Item = &Team> + '_ {
        self.state.teams()
    }

    /// A role.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn role(&self, id: RoleId) -> Result<&Role> {
        self.state.role(id)
    }

    /// All roles, by id.
    pub fn roles(&self) -> impl Iterator<Item = &Role> + '_ {
        self.state.roles()
    }

    /// A customer.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn customer(&self, id: CustomerId) -> Result<&Customer> {
        self.state.customer(id)
    }

    /// All customers, by id.
    pub fn customers(&self) -> impl Iterator<Item = &Customer> + '_ {
        self.state.customers()
    }

    /// The customer holding a number, if any.
    pub fn customer_by_number(&self, number: u64) -> Option<&Customer> {
        self.state.customer_with_number(number).and_then(|id| self.state.customer(id).ok())
    }

    /// A project.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn project(&self, id: ProjectId) -> Result<&Project> {
        self.state.project(id)
    }

    /// All projects, by id.
    pub fn projects(&self) -> impl Iterator<Item = &Project> + '_ {
        self.state.projects()
    }

    /// A customer's projects, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn projects_of(&self, customer: CustomerId) -> Result<Vec<&Project>> {
        self.state.customer(customer)?;
        let ids = self.state.projects_of(customer).map(|of| of.ids()).unwrap_or_default();
        Ok(ids.iter().filter_map(|p| self.state.project(*p).ok()).collect())
    }

    /// A customer group.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn customer_group(&self, id: CustomerGroupId) -> Result<&CustomerGroup> {
        self.state.customer_group(id)
    }

    /// All customer groups, by id.
    pub fn customer_groups(&self) -> impl Iterator<Item = &CustomerGroup> + '_ {
        self.state.customer_groups()
    }

    /// A customer group's customers, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn group_customers(&self, group: CustomerGroupId) -> Result<Vec<CustomerId>> {
        self.state.customer_group(group)?;
        Ok(self.state.group_members(group).collect())
    }

    /// A special group.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn special_group(&self, id: SpecialGroupId) -> Result<&SpecialGroup> {
        self.state.special_group(id)
    }

    /// All special groups, by id.
    pub fn special_groups(&self) -> impl Iterator<Item = &SpecialGroup> + '_ {
        self.state.special_groups()
    }

    /// A special group's customers, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn special_group_customers(&self, group: SpecialGroupId) -> Result<Vec<CustomerId>> {
        self.state.special_group(group)?;
        Ok(self.state.special_members(group).into_iter().flatten().copied().collect())
    }

    /// The employee's responsibility for the subject, if any.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown subject or employee.
    pub fn responsibility(&self, subject: Subject, employee: EmployeeId) -> Result<Option<&Responsibility>> {
        self.state.subject_customer(subject)?;
        self.state.employee(employee)?;
        Ok(self.state.responsibility(subject, employee))
    }

    /// Every responsibility, ordered by subject, then employee id.
    pub fn responsibilities(&self) -> Vec<&Responsibility> {
        let mut all: Vec<&Responsibility> = self.state.responsibilities().collect();
        all.sort_by_key(|r| (r.subject, r.employee));
        all
    }

    /// The responsibilities for a subject, by employee id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn responsibilities_for(&self, subject: Subject) -> Result<Vec<&Responsibility>> {
        self.state.subject_customer(subject)?;
        Ok(self.state.responsible_employees(subject).filter_map(|e| self.state.responsibility(subject, e)).collect())
    }

    /// The responsibilities an employee holds, by subject.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn responsibilities_held_by(&self, employee: EmployeeId) -> Result<Vec<&Responsibility>> {
        self.state.employee(employee)?;
        Ok(self.state.subjects_of(employee).filter_map(|s| self.state.responsibility(s, employee)).collect())
    }

    /// The groups where the employee is a salesperson, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn salesperson_groups(&self, employee: EmployeeId) -> Result<Vec<CustomerGroupId>> {
        self.state.employee(employee)?;
        Ok(self.state.groups_sold_by(employee).to_vec())
    }
}

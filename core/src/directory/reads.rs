//! The plain reads of a `Directory`: entities by id, memberships, responsibilities, and the
//! history.

use super::Directory;
use crate::error::{Error, Result};
use crate::model::{
    ChangeSet, Customer, CustomerGroup, CustomerGroupId, CustomerId, Data, Employee, EmployeeId, HistoryKey, Project,
    ProjectId, Responsibility, Role, RoleId, SpecialGroup, SpecialGroupId, Subject, Team, TeamId,
};
use std::sync::PoisonError;

impl Directory {
    /// Sequence number of the last committed change set (0 before any).
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// The change sets that touched a customer (its fields, memberships, projects and
    /// responsibilities) or an employee (their fields, responsibilities and salesperson places),
    /// oldest first. Works for deleted entities too.
    ///
    /// The directory keeps only which change sets these are; the change sets are read back from
    /// the store (the file store reads their records from its journal and checks them again).
    /// So this reaches the store, and in a forked process it is refused as every other use of
    /// the parent's store is (see [Forked processes](Directory#forked-processes)).
    ///
    /// # Errors
    /// [`Error::NotFound`] for an id the directory never assigned; [`Error::Store`] when the
    /// store cannot give the change sets back (a damaged journal record is
    /// [`StoreError::CorruptFile`](crate::StoreError::CorruptFile)).
    pub fn history(&self, key: impl Into<HistoryKey>) -> Result<Vec<ChangeSet>> {
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
        let seqs = self.history.of(key);
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let found = self.store.lock().unwrap_or_else(PoisonError::into_inner).read_change_sets(&seqs)?;
        crate::store::check_read(&seqs, &found, "the store")?;
        Ok(found)
    }

    /// Every change set this directory knows (up to [`Directory::last_seq`]), oldest first,
    /// read back from the store.
    ///
    /// # Errors
    /// [`Error::Store`] when the store cannot give them back.
    pub fn change_sets(&self) -> Result<Vec<ChangeSet>> {
        self.change_set_range(1, self.last_seq)
    }

    /// The change sets numbered `first` to `last` (both included) of those this directory knows
    /// (1 to [`Directory::last_seq`]; numbers outside are left out), oldest first, read back from
    /// the store: a page of [`Directory::change_sets`] without reading the rest.
    ///
    /// # Errors
    /// [`Error::Store`] when the store cannot give them back.
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let mut dir = Directory::new();
    /// for name in ["Myynti", "Huolto", "Tuki"] {
    ///     dir.create_team(name)?;
    /// }
    /// let page: Vec<u64> = dir.change_set_range(2, 10)?.iter().map(|cs| cs.seq).collect();
    /// assert_eq!(page, [2, 3]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn change_set_range(&self, first: u64, last: u64) -> Result<Vec<ChangeSet>> {
        let (first, last) = (first.max(1), last.min(self.last_seq));
        if first > last {
            return Ok(Vec::new());
        }
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let found = store.read_change_set_range(first, last)?;
        drop(store);
        if found.len() as u64 != last - first + 1 || found.iter().zip(first..).any(|(cs, seq)| cs.seq != seq) {
            return Err(Error::Store(crate::StoreError::Corrupt {
                detail: format!("the store did not give back change sets {first} to {last}"),
            }));
        }
        Ok(found)
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

//! The plain reads of a `Directory`: entities by id, memberships, responsibilities, and the
//! history.

use super::Directory;
use crate::error::{Error, Result};
use crate::model::{
    ChangeSet, Customer, CustomerGroup, CustomerGroupId, CustomerId, Data, Employee, EmployeeId, EntityRef, FeedPage,
    Project, ProjectId, Responsibility, Role, RoleId, SpecialGroup, SpecialGroupId, Subject, Team, TeamId,
    MAX_CHANGES_LIMIT,
};
use std::sync::PoisonError;

impl Directory {
    /// Sequence number of the last committed change set (0 before any).
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let mut dir = Directory::new();
    /// assert_eq!(dir.last_seq(), 0);
    /// dir.create_team("Huolto")?;
    /// dir.create_team("Myynti")?;
    /// assert_eq!(dir.last_seq(), 2);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// The change sets that touched an entity, oldest first. Works for deleted entities too. What
    /// touches an entity:
    /// - a customer: its fields, memberships, projects and responsibilities;
    /// - an employee: their fields, responsibilities and salesperson places;
    /// - a customer group: its fields (salespeople and numbering included), its creation and
    ///   deletion, and customers joining or leaving it (created in it, moved, deleted);
    /// - a special group: its fields, creation and deletion, and customers joining or leaving it;
    /// - a team: its name, creation and deletion, and employees joining or leaving it;
    /// - a role: its fields, creation and deletion (with what the deletion takes along); who holds
    ///   it is in the customers' and employees' histories;
    /// - a project: its fields, creation and deletion, and its responsibilities.
    ///
    /// `of` is any id (`CustomerId`, `EmployeeId`, `CustomerGroupId`, `SpecialGroupId`, `RoleId`,
    /// `TeamId`, `ProjectId`), an [`EntityRef`] or a [`HistoryKey`](crate::model::HistoryKey).
    ///
    /// The directory keeps only which change sets these are; the change sets are read back from
    /// the store (the file store reads their records from its journal and checks them again).
    /// So this reaches the store, and in a forked process it is refused as every other use of
    /// the parent's store is (see [Forked processes](Directory#forked-processes)). A change set
    /// is stored with the customers and employees it touches; the other entities are found from
    /// its changes when the directory files it, and when a store is opened, from the change sets
    /// themselves. For a store whose first snapshot held data before its first change set (a
    /// directory made with [`Directory::from_data`] or [`Directory::from_data_in`]) and that
    /// has been compacted since, a customer or employee of that data leaving a group or team in
    /// its first change set after it is not seen by the group's or team's history.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an id the directory never assigned; [`Error::Store`] when the
    /// store cannot give the change sets back (a damaged journal record is
    /// [`StoreError::CorruptFile`](crate::StoreError::CorruptFile)).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// dir.delete_customer(c)?;
    /// // Created, made Matti's, deleted: still there to read.
    /// let seqs: Vec<u64> = dir.history(c)?.iter().map(|cs| cs.seq).collect();
    /// assert_eq!(seqs, [2, 3, 4]);
    /// assert_eq!(dir.history(matti)?.len(), 3); // created, the toggle, the cascade of the delete
    ///
    /// // A group's history: created, a customer created in it, the customer moved away.
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// let south = dir.create_customer_group(NewCustomerGroup::new("Etelä"))?;
    /// let d = dir.create_customer(NewCustomer::new("Toinen").group(north))?;
    /// dir.move_customer_to_group(south, d)?;
    /// assert_eq!(dir.history(north)?.len(), 3);
    /// assert_eq!(dir.history(south)?.len(), 2);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn history(&self, of: impl Into<EntityRef>) -> Result<Vec<ChangeSet>> {
        let of = of.into();
        let next = self.state.next_ids();
        let (raw, next) = match of {
            EntityRef::Customer(id) => (id.get(), next.customer),
            EntityRef::Employee(id) => (id.get(), next.employee),
            EntityRef::CustomerGroup(id) => (id.get(), next.customer_group),
            EntityRef::SpecialGroup(id) => (id.get(), next.special_group),
            EntityRef::Role(id) => (id.get(), next.role),
            EntityRef::Team(id) => (id.get(), next.team),
            EntityRef::Project(id) => (id.get(), next.project),
        };
        if raw < 1 || raw >= next {
            return Err(Error::NotFound(of));
        }
        let seqs = self.history.of(of);
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
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Change, Directory};
    /// let mut dir = Directory::new();
    /// dir.create_team("Huolto")?;
    /// dir.transaction(|d| {
    ///     d.create_team("Myynti")?;
    ///     d.create_team("Tuki")
    /// })?;
    /// let sets = dir.change_sets()?;
    /// assert_eq!(sets.len(), 2);
    /// assert_eq!(sets[1].changes.iter().filter(|c| matches!(c, Change::PutTeam(_))).count(), 2);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
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

    /// The change feed: the change sets after change set `seq`, oldest first, at most `limit` of
    /// them, read back from the store (only the page is read). A host that passes the
    /// directory's changes on (webhooks, an audit log, a search index) keeps the page's
    /// [`cursor`](FeedPage::cursor) and asks from it next; [`has_more`](FeedPage::has_more) says
    /// whether to ask again at once. Start from 0 for every change set. Each change set gives
    /// its JSON document with [`ChangeSet::to_json`] (see [`FeedEntry`](crate::FeedEntry)).
    ///
    /// `seq` equal to [`Directory::last_seq`] gives an empty page. A `seq` beyond it is an error
    /// rather than an empty page: a cursor that is ahead of the directory comes from another
    /// store, or from this one before it was restored from an older copy, and waiting for change
    /// sets to reach it would skip those stored in between. A directory that shares its store
    /// with other writers shows their change sets once it has caught up
    /// ([`Directory::sync`]; the bindings catch up before every call).
    ///
    /// # Errors
    /// [`Error::InvalidLimit`] for a `limit` of 0 or above [`MAX_CHANGES_LIMIT`];
    /// [`Error::SeqBeyondLast`] for a `seq` above [`Directory::last_seq`]; [`Error::Store`] when
    /// the store cannot give the change sets back.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error};
    /// let mut dir = Directory::new();
    /// for name in ["Myynti", "Huolto", "Tuki"] {
    ///     dir.create_team(name)?;
    /// }
    /// let page = dir.changes_since(0, 2)?;
    /// assert_eq!(page.change_sets.iter().map(|cs| cs.seq).collect::<Vec<_>>(), [1, 2]);
    /// assert!(page.has_more);
    /// let page = dir.changes_since(page.cursor, 2)?;
    /// assert_eq!((page.change_sets.len(), page.cursor, page.has_more), (1, 3, false));
    /// // Nothing new yet: an empty page that keeps the cursor.
    /// assert_eq!(dir.changes_since(3, 100)?.cursor, 3);
    /// assert!(matches!(dir.changes_since(0, 0), Err(Error::InvalidLimit { limit: 0, .. })));
    /// assert!(matches!(dir.changes_since(9, 10), Err(Error::SeqBeyondLast { seq: 9, last_seq: 3 })));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn changes_since(&self, seq: u64, limit: usize) -> Result<FeedPage> {
        if limit == 0 || limit > MAX_CHANGES_LIMIT {
            let wide = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
            return Err(Error::InvalidLimit { limit: wide(limit), max: wide(MAX_CHANGES_LIMIT) });
        }
        let last_seq = self.last_seq;
        if seq > last_seq {
            return Err(Error::SeqBeyondLast { seq, last_seq });
        }
        let limit = u64::try_from(limit).unwrap_or(u64::MAX);
        let change_sets = self.change_set_range(seq.saturating_add(1), seq.saturating_add(limit))?;
        let cursor = change_sets.last().map_or(seq, |cs| cs.seq);
        Ok(FeedPage { change_sets, cursor, has_more: cursor < last_seq, last_seq })
    }

    /// The whole state as plain data (id order).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let data = dir.data();
    /// assert_eq!(data.customers[0].name, "Esimerkki");
    /// let copy = Directory::from_data(data)?;
    /// assert_eq!(copy.customers().count(), 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn data(&self) -> Data {
        self.state.to_data()
    }

    /// Checks every rule of the data model against the current state.
    ///
    /// # Errors
    /// The first broken rule.
    ///
    /// # Examples
    /// ```
    /// use vastuu::generate::{generate, GeneratorConfig};
    /// use vastuu::Directory;
    /// let mut data = generate(&GeneratorConfig::small());
    /// let dir = Directory::from_data(data.clone())?;
    /// dir.check_integrity()?;
    /// // Data that breaks a rule never becomes a directory: two customers with one number.
    /// data.customers[1].number = data.customers[0].number;
    /// assert!(Directory::from_data(data).is_err());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn check_integrity(&self) -> Result<()> {
        self.state.check_integrity()
    }

    /// An employee.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti").email("matti@example.fi"))?;
    /// assert_eq!(dir.employee(matti)?.email.as_deref(), Some("matti@example.fi"));
    /// dir.delete_employee(matti)?;
    /// assert!(matches!(dir.employee(matti), Err(Error::NotFound(_))));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn employee(&self, id: EmployeeId) -> Result<&Employee> {
        self.state.employee(id)
    }

    /// All employees, by id.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewEmployee};
    /// let mut dir = Directory::new();
    /// dir.create_employee(NewEmployee::new("Matti"))?;
    /// dir.create_employee(NewEmployee::new("Aino"))?;
    /// let names: Vec<&str> = dir.employees().map(|e| e.name.as_str()).collect();
    /// assert_eq!(names, ["Matti", "Aino"]); // by id, not by name
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn employees(&self) -> impl Iterator<Item = &Employee> + '_ {
        self.state.employees()
    }

    /// A team.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let mut dir = Directory::new();
    /// let team = dir.create_team("Huolto")?;
    /// assert_eq!(dir.team(team)?.name, "Huolto");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn team(&self, id: TeamId) -> Result<&Team> {
        self.state.team(id)
    }

    /// All teams, by id.
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let mut dir = Directory::new();
    /// dir.create_team("Myynti")?;
    /// dir.create_team("Huolto")?;
    /// let names: Vec<&str> = dir.teams().map(|t| t.name.as_str()).collect();
    /// assert_eq!(names, ["Myynti", "Huolto"]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn teams(&self) -> impl Iterator<Item = &Team> + '_ {
        self.state.teams()
    }

    /// A role.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// let role = dir.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project))?;
    /// assert_eq!(dir.role(role)?.name, "Projektipäällikkö");
    /// assert!(!dir.role(role)?.portal_visible);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn role(&self, id: RoleId) -> Result<&Role> {
        self.state.role(id)
    }

    /// All roles, by id.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer))?;
    /// dir.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project))?;
    /// let project_roles = dir.roles().filter(|r| r.scope == RoleScope::Project).count();
    /// assert_eq!(project_roles, 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn roles(&self) -> impl Iterator<Item = &Role> + '_ {
        self.state.roles()
    }

    /// A customer.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{CustomerStatus, Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki").number(42))?;
    /// let customer = dir.customer(c)?;
    /// assert_eq!((customer.name.as_str(), customer.number), ("Esimerkki", Some(42)));
    /// assert_eq!(customer.status, CustomerStatus::Active);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customer(&self, id: CustomerId) -> Result<&Customer> {
        self.state.customer(id)
    }

    /// All customers, by id.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// dir.create_customer(NewCustomer::new("Öljy"))?;
    /// dir.create_customer(NewCustomer::new("Apu"))?;
    /// let numbers: Vec<Option<u64>> = dir.customers().map(|c| c.number).collect();
    /// assert_eq!(numbers, [Some(1), Some(2)]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customers(&self) -> impl Iterator<Item = &Customer> + '_ {
        self.state.customers()
    }

    /// The customer holding a number, if any.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki").number(1234))?;
    /// assert_eq!(dir.customer_by_number(1234).map(|c| c.id), Some(c));
    /// assert!(dir.customer_by_number(1).is_none());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customer_by_number(&self, number: u64) -> Option<&Customer> {
        self.state.customer_with_number(number).and_then(|id| self.state.customer(id).ok())
    }

    /// The customer with a host system key (external id), if any: compared exactly, one hash
    /// look-up.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki").external_id("CRM-1042"))?;
    /// assert_eq!(dir.customer_by_external_id("CRM-1042").map(|c| c.id), Some(c));
    /// assert!(dir.customer_by_external_id("crm-1042").is_none());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customer_by_external_id(&self, key: &str) -> Option<&Customer> {
        self.state.customer_with_external_id(key).and_then(|id| self.state.customer(id).ok())
    }

    /// The employee with a host system key (external id), if any.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewEmployee};
    /// let mut dir = Directory::new();
    /// let e = dir.create_employee(NewEmployee::new("Liisa").external_id("HR-7"))?;
    /// assert_eq!(dir.employee_by_external_id("HR-7").map(|e| e.id), Some(e));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn employee_by_external_id(&self, key: &str) -> Option<&Employee> {
        self.state.employee_with_external_id(key).and_then(|id| self.state.employee(id).ok())
    }

    /// The project with a host system key (external id), if any.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, ProjectUpdate};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(c, "Remontti")?;
    /// dir.update_project(p, ProjectUpdate { external_id: Some(Some("ERP-77".into())), ..Default::default() })?;
    /// assert_eq!(dir.project_by_external_id("ERP-77").map(|p| p.id), Some(p));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn project_by_external_id(&self, key: &str) -> Option<&Project> {
        self.state.project_with_external_id(key).and_then(|id| self.state.project(id).ok())
    }

    /// The customer group with a host system key (external id), if any.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").external_id("AREA-N"))?;
    /// assert_eq!(dir.customer_group_by_external_id("AREA-N").map(|g| g.id), Some(g));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customer_group_by_external_id(&self, key: &str) -> Option<&CustomerGroup> {
        self.state.group_with_external_id(key).and_then(|id| self.state.customer_group(id).ok())
    }

    /// A project.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(c, "Remontti")?;
    /// let project = dir.project(p)?;
    /// assert_eq!((project.customer, project.name.as_str(), project.archived), (c, "Remontti", false));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn project(&self, id: ProjectId) -> Result<&Project> {
        self.state.project(id)
    }

    /// All projects, by id.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let a = dir.create_customer(NewCustomer::new("Apu"))?;
    /// let b = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// dir.create_project(a, "Remontti")?;
    /// dir.create_project(b, "Huolto 2026")?;
    /// assert_eq!(dir.projects().map(|p| p.customer).collect::<Vec<_>>(), [a, b]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn projects(&self) -> impl Iterator<Item = &Project> + '_ {
        self.state.projects()
    }

    /// A customer's projects, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let a = dir.create_customer(NewCustomer::new("Apu"))?;
    /// let b = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// let p = dir.create_project(a, "Remontti")?;
    /// assert_eq!(dir.projects_of(a)?.iter().map(|p| p.id).collect::<Vec<_>>(), [p]);
    /// assert!(dir.projects_of(b)?.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn projects_of(&self, customer: CustomerId) -> Result<Vec<&Project>> {
        self.state.customer(customer)?;
        let ids = self.state.projects_of(customer).map(|of| of.ids()).unwrap_or_default();
        Ok(ids.iter().filter_map(|p| self.state.project(*p).ok()).collect())
    }

    /// A customer group.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000).ledger_account("3001"))?;
    /// let group = dir.customer_group(g)?;
    /// assert_eq!((group.name.as_str(), group.numbering_start), ("Pohjoinen", Some(1000)));
    /// assert_eq!(group.ledger_account.as_deref(), Some("3001"));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customer_group(&self, id: CustomerGroupId) -> Result<&CustomerGroup> {
        self.state.customer_group(id)
    }

    /// All customer groups, by id.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// dir.create_customer_group(NewCustomerGroup::new("Etelä"))?;
    /// let names: Vec<&str> = dir.customer_groups().map(|g| g.name.as_str()).collect();
    /// assert_eq!(names, ["Pohjoinen", "Etelä"]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customer_groups(&self) -> impl Iterator<Item = &CustomerGroup> + '_ {
        self.state.customer_groups()
    }

    /// A customer group's customers, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// let a = dir.create_customer(NewCustomer::new("Zeta").group(g))?;
    /// dir.create_customer(NewCustomer::new("Ilman ryhmää"))?;
    /// let b = dir.create_customer(NewCustomer::new("Apu").group(g))?;
    /// assert_eq!(dir.group_customers(g)?, [a, b]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn group_customers(&self, group: CustomerGroupId) -> Result<Vec<CustomerId>> {
        self.state.customer_group(group)?;
        Ok(self.state.group_members(group).collect())
    }

    /// A special group.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewSpecialGroup};
    /// let mut dir = Directory::new();
    /// let vip = dir.create_special_group(NewSpecialGroup::new("VIP").description("Avainasiakkaat"))?;
    /// assert_eq!(dir.special_group(vip)?.name, "VIP");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn special_group(&self, id: SpecialGroupId) -> Result<&SpecialGroup> {
        self.state.special_group(id)
    }

    /// All special groups, by id.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewSpecialGroup};
    /// let mut dir = Directory::new();
    /// dir.create_special_group(NewSpecialGroup::new("VIP"))?;
    /// dir.create_special_group(NewSpecialGroup::new("Julkinen sektori"))?;
    /// assert_eq!(dir.special_groups().count(), 2);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn special_groups(&self) -> impl Iterator<Item = &SpecialGroup> + '_ {
        self.state.special_groups()
    }

    /// A special group's customers, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewSpecialGroup};
    /// let mut dir = Directory::new();
    /// let a = dir.create_customer(NewCustomer::new("Apu"))?;
    /// let b = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// let vip = dir.create_special_group(NewSpecialGroup::new("VIP").customers([b, a]))?;
    /// assert_eq!(dir.special_group_customers(vip)?, [a, b]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn special_group_customers(&self, group: SpecialGroupId) -> Result<Vec<CustomerId>> {
        self.state.special_group(group)?;
        Ok(self.state.special_members(group).into_iter().flatten().copied().collect())
    }

    /// The employee's responsibility for the subject, if any.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown subject or employee.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// assert!(dir.responsibility(c.into(), matti)?.is_none());
    /// dir.toggle(c.into(), matti)?;
    /// let held = dir.responsibility(c.into(), matti)?.expect("responsible");
    /// assert!(held.roles.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn responsibility(&self, subject: Subject, employee: EmployeeId) -> Result<Option<&Responsibility>> {
        self.state.subject_customer(subject)?;
        self.state.employee(employee)?;
        Ok(self.state.responsibility(subject, employee))
    }

    /// Every responsibility, ordered by subject, then employee id.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee, Subject};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let aino = dir.create_employee(NewEmployee::new("Aino"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), aino)?;
    /// dir.toggle(c.into(), matti)?;
    /// let all: Vec<(Subject, _)> = dir.responsibilities().iter().map(|r| (r.subject, r.employee)).collect();
    /// assert_eq!(all, [(c.into(), matti), (c.into(), aino)]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn responsibilities(&self) -> Vec<&Responsibility> {
        let mut all: Vec<&Responsibility> = self.state.responsibilities().collect();
        all.sort_by_key(|r| (r.subject, r.employee));
        all
    }

    /// The responsibilities for a subject, by employee id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(c, "Remontti")?;
    /// dir.toggle(p.into(), matti)?;
    /// assert!(dir.responsibilities_for(c.into())?.is_empty()); // the project's are its own
    /// assert_eq!(dir.responsibilities_for(p.into())?[0].employee, matti);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn responsibilities_for(&self, subject: Subject) -> Result<Vec<&Responsibility>> {
        self.state.subject_customer(subject)?;
        Ok(self.state.responsible_employees(subject).filter_map(|e| self.state.responsibility(subject, e)).collect())
    }

    /// The responsibilities an employee holds, by subject.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let a = dir.create_customer(NewCustomer::new("Apu"))?;
    /// let b = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// dir.toggle(a.into(), matti)?;
    /// dir.toggle(b.into(), matti)?;
    /// assert_eq!(dir.responsibilities_held_by(matti)?.len(), 2);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn responsibilities_held_by(&self, employee: EmployeeId) -> Result<Vec<&Responsibility>> {
        self.state.employee(employee)?;
        Ok(self.state.subjects_of(employee).filter_map(|s| self.state.responsibility(s, employee)).collect())
    }

    /// The groups where the employee is a salesperson, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomerGroup, NewEmployee};
    /// let mut dir = Directory::new();
    /// let maija = dir.create_employee(NewEmployee::new("Maija").sales_rights(true))?;
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([maija]))?;
    /// let south = dir.create_customer_group(NewCustomerGroup::new("Etelä").salespeople([maija]))?;
    /// assert_eq!(dir.salesperson_groups(maija)?, [north, south]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn salesperson_groups(&self, employee: EmployeeId) -> Result<Vec<CustomerGroupId>> {
        self.state.employee(employee)?;
        Ok(self.state.groups_sold_by(employee).to_vec())
    }
}

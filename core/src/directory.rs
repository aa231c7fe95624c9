//! [`Directory`], the main handle: how a mutation flows from call to store to memory, and the
//! plain reads.

use crate::change::{history_keys, Change, ChangeSet, HistoryKey};
use crate::clock::{Clock, SystemClock};
use crate::customer::{Customer, Project};
use crate::employee::{Employee, Team};
use crate::error::{Error, Field, Result, StoreError};
use crate::group::CustomerGroup;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId, SpecialGroupId, TeamId};
use crate::index::FastMap;
use crate::responsibility::{Responsibility, Subject};
use crate::role::Role;
use crate::special_group::SpecialGroup;
use crate::state::{Data, State};
use crate::store::{MemoryStore, Snapshot, Store};
use crate::text;
use std::collections::BTreeSet;

/// The changes of the open transactions, not yet handed to the store.
#[derive(Default)]
struct Pending {
    changes: Vec<Change>,
    keys: BTreeSet<HistoryKey>,
    /// One entry per open transaction, outermost first.
    open: Vec<Savepoint>,
}

/// What rolling back one open transaction restores.
struct Savepoint {
    state: State,
    changes: usize,
    keys: BTreeSet<HistoryKey>,
}

#[derive(Default)]
struct History {
    change_sets: Vec<ChangeSet>,
    by_key: FastMap<HistoryKey, Vec<usize>>,
}

impl History {
    fn push(&mut self, cs: ChangeSet) {
        let index = self.change_sets.len();
        for key in &cs.keys {
            self.by_key.entry(*key).or_default().push(index);
        }
        self.change_sets.push(cs);
    }
}

/// The customer responsibility directory: every entity, every rule, and a store behind it.
///
/// Every mutation is validated first; then its changes go to the store as one [`ChangeSet`];
/// only when the store accepted them does the in-memory state change. A call that returns an
/// error has changed nothing.
///
/// # Examples
/// ```
/// use vastuu::{Directory, NewCustomer, NewEmployee};
/// let mut dir = Directory::new();
/// let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen"))?;
/// let esim = dir.create_customer(NewCustomer::new("Esimerkki"))?;
/// dir.toggle(esim.into(), matti)?;
/// assert_eq!(dir.responsibilities_for(esim.into())?.len(), 1);
/// # Ok::<(), vastuu::Error>(())
/// ```
pub struct Directory {
    pub(crate) state: State,
    store: Box<dyn Store>,
    clock: Box<dyn Clock>,
    actor: Option<String>,
    last_seq: u64,
    history: History,
    pending: Option<Pending>,
}

impl Default for Directory {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Directory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Directory")
            .field("employees", &self.state.employees.len())
            .field("customers", &self.state.customers.len())
            .field("projects", &self.state.projects.len())
            .field("responsibilities", &self.state.responsibilities.len())
            .field("last_seq", &self.last_seq)
            .finish_non_exhaustive()
    }
}

impl Directory {
    /// An empty directory in a new [`MemoryStore`], with the system clock.
    pub fn new() -> Self {
        Directory {
            state: State::default(),
            store: Box::new(MemoryStore::new()),
            clock: Box::new(SystemClock),
            actor: None,
            last_seq: 0,
            history: History::default(),
            pending: None,
        }
    }

    /// Opens a directory on a store: loads its snapshot, replays the change sets after it, and
    /// checks every rule of the result.
    ///
    /// # Errors
    /// [`Error::Store`] when the store cannot be read or its contents break a rule.
    pub fn with_store(mut store: impl Store + 'static) -> Result<Self> {
        let stored = store.load()?;
        let (mut state, base_seq) = match stored.snapshot {
            Some(snapshot) => (State::from_data(snapshot.data)?, snapshot.seq),
            None => (State::default(), 0),
        };
        let mut history = History::default();
        let mut last_seq = base_seq;
        let mut previous = 0;
        let mut replayed = false;
        for cs in stored.change_sets {
            // The history is complete: 1, 2, 3, … with nothing missing.
            if cs.seq != previous + 1 {
                return Err(corrupt(format!("change set {} follows change set {previous}", cs.seq)));
            }
            previous = cs.seq;
            if cs.seq > base_seq {
                for change in &cs.changes {
                    state.apply(change);
                }
                last_seq = cs.seq;
                replayed = true;
            }
            history.push(cs);
        }
        if previous < base_seq {
            return Err(corrupt(format!(
                "the snapshot is of change set {base_seq}, but the history ends at {previous}"
            )));
        }
        if replayed {
            state.check_integrity()?;
        }
        Ok(Directory {
            state,
            store: Box::new(store),
            clock: Box::new(SystemClock),
            actor: None,
            last_seq,
            history,
            pending: None,
        })
    }

    /// Opens (or creates) the directory stored in the folder `path` with the embedded
    /// [`FileStore`](crate::FileStore), the default on-disk store: the same as
    /// `Directory::with_store(FileStore::open(path)?)`.
    ///
    /// A new store is created if `path` does not exist (its parent must) or is an empty folder.
    /// The folder stays locked while the directory is open.
    ///
    /// # Errors
    /// [`Error::Store`] with [`StoreError::NotAStore`], [`StoreError::UnsupportedVersion`],
    /// [`StoreError::Locked`], [`StoreError::CorruptFile`] or [`StoreError::Io`]; see
    /// [`FileStore::open`](crate::FileStore::open) and [`Directory::with_store`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewEmployee};
    /// # let path = std::env::temp_dir().join(format!("vastuu-doc-open-{}", std::process::id()));
    /// # let _ = std::fs::remove_dir_all(&path);
    /// let mut dir = Directory::open(&path)?;
    /// let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen"))?;
    /// drop(dir); // closes the store
    ///
    /// let dir = Directory::open(&path)?;
    /// assert_eq!(dir.employee(matti)?.name, "Matti Meikäläinen");
    /// assert_eq!(dir.history(matti)?.len(), 1);
    /// # drop(dir); std::fs::remove_dir_all(&path).unwrap();
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Self> {
        Self::with_store(crate::store::FileStore::open(path)?)
    }

    /// Writes a snapshot of the current state to the store, so that opening it next time loads
    /// the snapshot instead of replaying every change set. The history is kept.
    ///
    /// # Errors
    /// [`Error::Store`] when the store fails (nothing changed then, and the store is still
    /// usable), or when called inside a [`transaction`](Directory::transaction), whose changes
    /// are not stored yet.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MemoryStore};
    /// let store = MemoryStore::new();
    /// let mut dir = Directory::with_store(store.clone())?;
    /// dir.create_team("Huolto")?;
    /// dir.compact()?;
    /// assert_eq!(store.snapshot().map(|s| s.seq), Some(1));
    /// assert_eq!(store.change_sets().len(), 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn compact(&mut self) -> Result<()> {
        if self.pending.is_some() {
            return Err(Error::Store(StoreError::Failed("cannot compact inside a transaction".into())));
        }
        self.store.write_snapshot(&Snapshot { seq: self.last_seq, data: self.state.to_data() })?;
        Ok(())
    }

    /// A directory holding `data` (from an import or the generator), in a new [`MemoryStore`].
    ///
    /// # Errors
    /// The first rule the data breaks, as an [`Error`].
    pub fn from_data(data: Data) -> Result<Self> {
        Self::from_data_in(data, MemoryStore::new())
    }

    /// A directory holding `data`, written as the first snapshot of an empty store.
    ///
    /// # Errors
    /// The first rule the data breaks; [`Error::Store`] when the store is not empty or fails.
    pub fn from_data_in(data: Data, mut store: impl Store + 'static) -> Result<Self> {
        let existing = store.load()?;
        if existing.snapshot.is_some() || !existing.change_sets.is_empty() {
            return Err(Error::Store(StoreError::Failed("the store already holds a directory".into())));
        }
        let state = State::from_data(data)?;
        store.write_snapshot(&Snapshot { seq: 0, data: state.to_data() })?;
        let mut dir = Directory::new();
        dir.state = state;
        dir.store = Box::new(store);
        Ok(dir)
    }

    /// Replaces the clock change-set times are read from.
    pub fn set_clock(&mut self, clock: impl Clock + 'static) {
        self.clock = Box::new(clock);
    }

    /// Names who makes the following mutations (recorded in their change sets); `None` clears it.
    ///
    /// # Errors
    /// [`Error::InvalidText`] for a blank, over-long or control-character actor.
    pub fn set_actor(&mut self, actor: Option<&str>) -> Result<()> {
        self.actor = match actor {
            Some(a) => Some(text::name(Field::Actor, a)?),
            None => None,
        };
        Ok(())
    }

    /// Runs `f` with another actor, restoring the current one afterwards.
    pub(crate) fn with_actor<R>(&mut self, actor: Option<String>, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        let saved = std::mem::replace(&mut self.actor, actor);
        let result = f(self);
        self.actor = saved;
        result
    }

    /// The current actor.
    pub fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// Runs several mutations as one atomic change set: if `f` returns an error (or the store
    /// refuses the change set), nothing of what `f` did remains. Transactions nest.
    ///
    /// # Errors
    /// The error `f` returned, or [`Error::Store`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, Error};
    /// let mut dir = Directory::new();
    /// let result: Result<(), Error> = dir.transaction(|d| {
    ///     d.create_customer(NewCustomer::new("Yksi"))?;
    ///     d.create_customer(NewCustomer::new("Kaksi").number(1))?; // 1 is taken: fails
    ///     Ok(())
    /// });
    /// assert!(matches!(result, Err(Error::DuplicateCustomerNumber { number: 1, .. })));
    /// assert_eq!(dir.customers().count(), 0);
    /// ```
    pub fn transaction<R>(&mut self, f: impl FnOnce(&mut Directory) -> Result<R>) -> Result<R> {
        self.begin_transaction();
        let depth = self.transaction_depth();
        match f(self) {
            Ok(out) => {
                self.end_transactions(depth, true)?;
                Ok(out)
            }
            Err(e) => {
                // Also ends any transaction `f` began and left open.
                let _ = self.end_transactions(depth, false);
                Err(e)
            }
        }
    }

    /// Opens a transaction without a closure, for hosts whose callers cannot pass one (such as a
    /// Python `with` block): the mutations until the matching [`Directory::commit_transaction`]
    /// form one change set, and [`Directory::rollback_transaction`] undoes them all. Transactions
    /// nest; each commit or rollback ends the innermost open one. Prefer
    /// [`Directory::transaction`] where a closure fits.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// dir.begin_transaction();
    /// dir.create_customer(NewCustomer::new("Yksi"))?;
    /// dir.create_customer(NewCustomer::new("Kaksi"))?;
    /// dir.commit_transaction()?;
    /// assert_eq!(dir.change_sets().len(), 1);
    ///
    /// dir.begin_transaction();
    /// dir.create_customer(NewCustomer::new("Kolme"))?;
    /// dir.rollback_transaction();
    /// assert_eq!(dir.customers().count(), 2);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn begin_transaction(&mut self) {
        let pending = self.pending.get_or_insert_with(Pending::default);
        pending.open.push(Savepoint {
            state: self.state.clone(),
            changes: pending.changes.len(),
            keys: pending.keys.clone(),
        });
    }

    /// Ends the innermost open transaction, keeping its mutations. Ending the outermost one hands
    /// all the collected changes to the store as one change set; if the store refuses it, the
    /// state is restored to where the outermost transaction began. With no transaction open,
    /// does nothing.
    ///
    /// # Errors
    /// [`Error::Store`] when the store refuses the change set.
    pub fn commit_transaction(&mut self) -> Result<()> {
        let depth = self.transaction_depth();
        self.end_transactions(depth, true)
    }

    /// Ends the innermost open transaction, undoing every mutation made since it began. With no
    /// transaction open, does nothing.
    pub fn rollback_transaction(&mut self) {
        let depth = self.transaction_depth();
        // A rollback hands nothing to the store, so it cannot fail.
        let _ = self.end_transactions(depth, false);
    }

    /// How many transactions are open (0 outside any).
    pub fn transaction_depth(&self) -> usize {
        self.pending.as_ref().map_or(0, |p| p.open.len())
    }

    /// Ends the open transactions from `depth` (1: the outermost) inwards.
    fn end_transactions(&mut self, depth: usize, commit: bool) -> Result<()> {
        let Some(pending) = &mut self.pending else { return Ok(()) };
        if depth == 0 || depth > pending.open.len() {
            return Ok(());
        }
        // The savepoint of the transaction at `depth`; the ones inside it end with it.
        let Some(savepoint) = pending.open.drain(depth - 1..).next() else { return Ok(()) };
        if !commit {
            self.state = savepoint.state;
            pending.changes.truncate(savepoint.changes);
            pending.keys = savepoint.keys;
            if pending.open.is_empty() {
                self.pending = None;
            }
            return Ok(());
        }
        if !pending.open.is_empty() {
            return Ok(());
        }
        let pending = self.pending.take().unwrap_or_default();
        if pending.changes.is_empty() {
            return Ok(());
        }
        if let Err(e) = self.persist(pending.changes, pending.keys.into_iter().collect(), false) {
            self.state = savepoint.state;
            return Err(e);
        }
        Ok(())
    }

    /// The one path every mutation takes: plan against the current state, then persist, then
    /// apply. Inside a transaction, changes are applied at once and persisted at its end.
    pub(crate) fn mutate<R>(&mut self, plan: impl FnOnce(&State) -> Result<(Vec<Change>, R)>) -> Result<R> {
        let (changes, out) = plan(&self.state)?;
        if changes.is_empty() {
            return Ok(out);
        }
        if let Some(pending) = &mut self.pending {
            history_keys(&self.state, &changes, &mut pending.keys);
            for change in &changes {
                self.state.apply(change);
            }
            pending.changes.extend(changes);
            return Ok(out);
        }
        let mut keys = Vec::with_capacity(2);
        history_keys(&self.state, &changes, &mut keys);
        keys.sort_unstable();
        keys.dedup();
        self.persist(changes, keys, true)?;
        Ok(out)
    }

    /// Hands a change set to the store, then applies it (unless already applied) and records it.
    /// `keys` are sorted and without duplicates.
    fn persist(&mut self, changes: Vec<Change>, keys: Vec<HistoryKey>, apply: bool) -> Result<()> {
        let cs = ChangeSet { seq: self.last_seq + 1, time: self.clock.now(), actor: self.actor.clone(), keys, changes };
        self.store.commit(&cs)?;
        if apply {
            for change in &cs.changes {
                self.state.apply(change);
            }
        }
        self.last_seq = cs.seq;
        self.history.push(cs);
        Ok(())
    }

    // ---- history -------------------------------------------------------------------------

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
        let known = match key {
            HistoryKey::Customer(id) => id.0 >= 1 && id.0 < self.state.next_ids.customer,
            HistoryKey::Employee(id) => id.0 >= 1 && id.0 < self.state.next_ids.employee,
        };
        if !known {
            return Err(Error::NotFound(match key {
                HistoryKey::Customer(id) => id.into(),
                HistoryKey::Employee(id) => id.into(),
            }));
        }
        Ok(self
            .history
            .by_key
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.history.change_sets.get(i))
            .collect())
    }

    /// Every change set this directory knows, oldest first.
    pub fn change_sets(&self) -> &[ChangeSet] {
        &self.history.change_sets
    }

    // ---- plain reads ---------------------------------------------------------------------

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
        self.state.employees.values()
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
        self.state.teams.values()
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
        self.state.roles.values()
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
        self.state.customers.values()
    }

    /// The customer holding a number, if any.
    pub fn customer_by_number(&self, number: u64) -> Option<&Customer> {
        self.state.numbers.get(&number).and_then(|id| self.state.customers.get(id))
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
        self.state.projects.values()
    }

    /// A customer's projects, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn projects_of(&self, customer: CustomerId) -> Result<Vec<&Project>> {
        self.state.customer(customer)?;
        Ok(self.state.project_ids_of(customer).iter().filter_map(|p| self.state.projects.get(p)).collect())
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
        self.state.groups.values()
    }

    /// A customer group's customers, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn group_customers(&self, group: CustomerGroupId) -> Result<Vec<CustomerId>> {
        self.state.customer_group(group)?;
        Ok(self.state.group_member_ids(group))
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
        self.state.special_groups.values()
    }

    /// A special group's customers, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn special_group_customers(&self, group: SpecialGroupId) -> Result<Vec<CustomerId>> {
        self.state.special_group(group)?;
        Ok(self.state.special_member_ids(group))
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
        let mut all: Vec<&Responsibility> = self.state.responsibilities.values().collect();
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
        Ok(self
            .state
            .subjects_of(employee)
            .into_iter()
            .filter_map(|s| self.state.responsibility(s, employee))
            .collect())
    }

    /// The groups where the employee is a salesperson, by id.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn salesperson_groups(&self, employee: EmployeeId) -> Result<Vec<CustomerGroupId>> {
        self.state.employee(employee)?;
        Ok(self.state.groups_where_salesperson(employee))
    }
}

fn corrupt(detail: String) -> Error {
    Error::Store(StoreError::Corrupt { detail })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewCustomer;

    fn names(dir: &Directory) -> Vec<String> {
        dir.customers().map(|c| c.name.clone()).collect()
    }

    #[test]
    fn explicit_transactions_nest_and_end_innermost_first() {
        let store = MemoryStore::new();
        let mut dir = Directory::with_store(store.clone()).unwrap();
        dir.begin_transaction();
        dir.create_customer(NewCustomer::new("Yksi")).unwrap();
        dir.begin_transaction();
        dir.create_customer(NewCustomer::new("Kaksi")).unwrap();
        assert_eq!(dir.transaction_depth(), 2);
        dir.rollback_transaction();
        assert_eq!(names(&dir), ["Yksi"]);
        dir.begin_transaction();
        dir.create_customer(NewCustomer::new("Kolme")).unwrap();
        dir.commit_transaction().unwrap();
        assert!(store.change_sets().is_empty(), "nothing reaches the store before the outermost commit");
        dir.commit_transaction().unwrap();
        assert_eq!(dir.transaction_depth(), 0);
        assert_eq!(names(&dir), ["Yksi", "Kolme"]);
        let committed = store.change_sets();
        assert_eq!(committed.len(), 1);
        assert_eq!(committed[0].changes.len(), 4, "two customers, each with a series counter change");
        // With nothing open, both ends do nothing.
        dir.commit_transaction().unwrap();
        dir.rollback_transaction();
        assert_eq!(names(&dir), ["Yksi", "Kolme"]);
    }

    #[test]
    fn a_refused_commit_restores_the_state_before_the_outermost_begin() {
        let store = MemoryStore::new();
        let mut dir = Directory::with_store(store.clone()).unwrap();
        dir.create_customer(NewCustomer::new("Ennen")).unwrap();
        dir.begin_transaction();
        dir.create_customer(NewCustomer::new("Sitten")).unwrap();
        store.fail_next_commits(1);
        assert!(matches!(dir.commit_transaction(), Err(Error::Store(_))));
        assert_eq!(dir.transaction_depth(), 0);
        assert_eq!(names(&dir), ["Ennen"]);
        assert_eq!(dir.last_seq(), 1);
        dir.check_integrity().unwrap();
    }

    #[test]
    fn the_closure_form_ends_what_it_began() {
        let mut dir = Directory::new();
        let result = dir.transaction(|d| {
            d.create_customer(NewCustomer::new("Yksi"))?;
            d.begin_transaction(); // left open by mistake
            d.create_customer(NewCustomer::new("Kaksi"))?;
            Ok(())
        });
        assert!(result.is_ok());
        assert_eq!(dir.transaction_depth(), 0);
        assert_eq!(dir.change_sets().len(), 1);
        assert_eq!(names(&dir), ["Yksi", "Kaksi"]);
    }
}

//! Transactions: several mutations as one change set, all or nothing.
//!
//! Each mutation inside a transaction is planned and applied to the state at once (so later ones
//! see earlier ones) and its changes are collected; when the outermost transaction ends, they go
//! to the store as one change set. With each change applied, the change that undoes it is kept
//! (read from the state just before); rolling back (or a refused commit) applies those in reverse
//! and puts the next ids back, so beginning a transaction costs nothing that grows with the
//! directory.

use super::{Directory, MAX_ATTEMPTS};
use crate::error::{Error, Result, StoreError};
use crate::model::{Change, EntityRef, HistoryKey, NextIds};
use crate::state::{entity_keys, State};
use std::collections::BTreeSet;

/// The changes of the open transactions, not yet handed to the store.
#[derive(Default)]
pub(super) struct Pending {
    pub(super) changes: Vec<Change>,
    pub(super) keys: BTreeSet<HistoryKey>,
    /// The entity keys of the changes (see `Directory::entity_keys`), duplicates included.
    pub(super) entity_keys: Vec<EntityRef>,
    /// The changes that undo those applied so far, in the order they were applied.
    undo: Vec<Change>,
    /// One entry per open transaction, outermost first.
    open: Vec<Savepoint>,
}

impl Pending {
    /// Applies `change` to `state`, keeping what undoes it.
    pub(super) fn apply(&mut self, state: &mut State, change: &Change) {
        if let Some(undo) = state.undo_of(change) {
            self.undo.push(undo);
        }
        state.apply(change);
    }
}

/// Where one open transaction began: what rolling it back restores.
struct Savepoint {
    /// How many undo changes there were.
    undo: usize,
    next_ids: NextIds,
    changes: usize,
    keys: BTreeSet<HistoryKey>,
    entity_keys: usize,
}

/// Undoes the changes applied since `savepoint` (the last first) and puts the next ids back.
fn roll_back(state: &mut State, undo: &mut Vec<Change>, savepoint: &Savepoint) {
    let mut since = undo.split_off(savepoint.undo.min(undo.len()));
    since.reverse();
    state.apply_many(&since, None);
    state.set_next_ids(savepoint.next_ids);
}

impl Directory {
    /// Runs several mutations as one atomic change set: if `f` returns an error (or the store
    /// refuses the change set), nothing of what `f` did remains. Transactions nest.
    ///
    /// With other writers on the same store, the directory first catches up when the store says
    /// it moved (as a single mutation does), so `f` sees what they stored. And `f` may run more
    /// than once: when the store refuses the change set because another writer stored one
    /// first, the directory rolls back, catches up with their changes and runs `f` again on the
    /// new state, at most [`MAX_ATTEMPTS`](crate::MAX_ATTEMPTS) times. So `f` should only change
    /// the directory, not the world outside it.
    ///
    /// # Errors
    /// The error `f` returned; [`Error::Store`](crate::Error::Store);
    /// [`Error::Conflict`](crate::Error::Conflict) when other writers kept storing first.
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
    pub fn transaction<R>(&mut self, mut f: impl FnMut(&mut Directory) -> Result<R>) -> Result<R> {
        // Run `f` on what the store holds (inside another transaction, on where that one began).
        if self.pending.is_none() && self.store_mut().has_moved()? {
            self.sync()?;
        }
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.begin_transaction();
            let depth = self.transaction_depth();
            match f(self) {
                Ok(out) => match self.end_transactions(depth, true) {
                    Ok(()) => return Ok(out),
                    // The outermost transaction met another writer's change set: the state is
                    // back where it began and caught up; run `f` again on it.
                    Err(Error::Conflict { .. }) if attempts < MAX_ATTEMPTS => {
                        self.conflicts_retried += 1;
                        super::back_off(attempts);
                    }
                    Err(Error::Conflict { .. }) => return Err(Error::Conflict { attempts }),
                    Err(e) => return Err(e),
                },
                Err(e) => {
                    // Also ends any transaction `f` began and left open.
                    let _ = self.end_transactions(depth, false);
                    return Err(e);
                }
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
    /// assert_eq!(dir.change_sets()?.len(), 1);
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
            undo: pending.undo.len(),
            next_ids: self.state.next_ids(),
            changes: pending.changes.len(),
            keys: pending.keys.clone(),
            entity_keys: pending.entity_keys.len(),
        });
    }

    /// Ends the innermost open transaction, keeping its mutations. Ending the outermost one hands
    /// all the collected changes to the store as one change set; if the store refuses it, the
    /// state is restored to where the outermost transaction began. With no transaction open,
    /// does nothing.
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store refuses the change set;
    /// [`Error::Conflict`](crate::Error::Conflict) when another writer stored a change set since
    /// the transaction began: the transaction is rolled back and the directory caught up, so the
    /// caller can run it again.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MemoryStore, NewCustomer};
    /// let store = MemoryStore::new();
    /// let mut dir = Directory::with_store(store.clone())?;
    /// dir.begin_transaction();
    /// dir.create_customer(NewCustomer::new("Yksi"))?;
    /// dir.begin_transaction();
    /// dir.create_customer(NewCustomer::new("Kaksi"))?;
    /// dir.commit_transaction()?; // the inner one: nothing stored yet
    /// assert!(store.change_sets()?.is_empty());
    /// dir.commit_transaction()?; // the outermost: one change set
    /// assert_eq!(store.change_sets()?.len(), 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn commit_transaction(&mut self) -> Result<()> {
        let depth = self.transaction_depth();
        self.end_transactions(depth, true)
    }

    /// Ends the innermost open transaction, undoing every mutation made since it began. With no
    /// transaction open, does nothing.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// dir.begin_transaction();
    /// dir.create_customer(NewCustomer::new("Yksi"))?;
    /// dir.begin_transaction();
    /// dir.create_customer(NewCustomer::new("Kaksi"))?;
    /// dir.rollback_transaction(); // undoes "Kaksi" only
    /// dir.commit_transaction()?;
    /// assert_eq!(dir.customers().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Yksi"]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn rollback_transaction(&mut self) {
        let depth = self.transaction_depth();
        // A rollback hands nothing to the store, so it cannot fail.
        let _ = self.end_transactions(depth, false);
    }

    /// Inside a transaction: applies `changes`, planned by the caller against the current state
    /// with every rule checked, as one mutation would (a bulk import's rows; see
    /// `State::apply_many`). Outside one, does nothing.
    pub(crate) fn stage_planned(&mut self, mut changes: Vec<Change>) {
        let Some(pending) = &mut self.pending else { return };
        self.state.history_keys(&changes, &mut pending.keys);
        entity_keys(&self.state, &changes, &mut pending.entity_keys);
        self.state.apply_many(&changes, Some(&mut pending.undo));
        // The shorter list goes into the longer one (a batch is often far longer).
        if pending.changes.len() < changes.len() {
            changes.splice(0..0, pending.changes.drain(..));
            pending.changes = changes;
        } else {
            pending.changes.append(&mut changes);
        }
        debug_assert!(self.state.check_integrity().is_ok(), "a planned batch broke a rule");
    }

    /// The ids the next entities of each kind get.
    pub(crate) fn next_ids(&self) -> NextIds {
        self.state.next_ids()
    }

    /// How many transactions are open (0 outside any).
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let mut dir = Directory::new();
    /// assert_eq!(dir.transaction_depth(), 0);
    /// dir.begin_transaction();
    /// dir.begin_transaction();
    /// assert_eq!(dir.transaction_depth(), 2);
    /// dir.rollback_transaction();
    /// dir.rollback_transaction();
    /// assert_eq!(dir.transaction_depth(), 0);
    /// ```
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
            roll_back(&mut self.state, &mut pending.undo, &savepoint);
            pending.changes.truncate(savepoint.changes);
            pending.keys = savepoint.keys;
            pending.entity_keys.truncate(savepoint.entity_keys);
            if pending.open.is_empty() {
                self.pending = None;
            }
            return Ok(());
        }
        if !pending.open.is_empty() {
            return Ok(());
        }
        let Pending { changes, keys, entity_keys, mut undo, .. } = self.pending.take().unwrap_or_default();
        if changes.is_empty() {
            return Ok(());
        }
        self.scratch.changes = changes;
        self.scratch.keys.clear();
        self.scratch.keys.extend(keys);
        self.entity_keys = entity_keys;
        match self.persist(false, None) {
            Ok(()) => Ok(()),
            Err(Error::Store(StoreError::Conflict { .. })) => {
                // Another writer stored first: the transaction's changes were planned against a
                // state that is no longer the store's. Roll back and catch up.
                roll_back(&mut self.state, &mut undo, &savepoint);
                self.sync()?;
                Err(Error::Conflict { attempts: 1 })
            }
            Err(e) => {
                roll_back(&mut self.state, &mut undo, &savepoint);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::generate::{generate, GeneratorConfig};
    use crate::state::State;
    use crate::{Directory, Error, MemoryStore, NewCustomer, Subject};

    /// A held-list entry names its responsibility's set of roles: after roles are set and added,
    /// a held role deleted and a project archived, the index equals one built from the data, the
    /// list's rows carry each responsibility's roles, and a rollback gives back the state.
    #[test]
    fn the_held_lists_follow_every_edit_of_roles() {
        use crate::{NewRole, ProjectUpdate, ResponsiblePersonsQuery, RoleId, RoleScope};
        let mut dir = Directory::from_data(generate(&GeneratorConfig::small())).unwrap();
        let before = dir.state.clone();
        let scoped = |dir: &Directory| -> Vec<RoleId> {
            dir.roles().filter(|r| r.scope == RoleScope::Customer).map(|r| r.id).collect()
        };
        let roles = scoped(&dir);
        let held: Vec<_> = dir
            .responsibilities()
            .iter()
            .filter(|r| matches!(r.subject, Subject::Customer(_)))
            .filter(|r| dir.employee(r.employee).is_ok_and(|e| e.active))
            .take(30)
            .map(|r| (r.subject, r.employee))
            .collect();
        assert!(roles.len() >= 2 && held.len() == 30);
        dir.begin_transaction();
        for (i, (s, e)) in held.iter().enumerate() {
            let set: Vec<RoleId> = roles.iter().copied().cycle().skip(i).take(i % 3).collect();
            dir.set_roles(*s, *e, &set).unwrap();
        }
        let added = dir.create_role(NewRole::new("Uusi rooli", RoleScope::Customer)).unwrap();
        for (s, e) in &held[..10] {
            dir.add_role(*s, *e, added).unwrap();
        }
        dir.delete_role(roles[0]).unwrap();
        let project = dir.projects().find(|p| !p.archived).map(|p| p.id).unwrap();
        dir.update_project(project, ProjectUpdate { archived: Some(true), ..Default::default() }).unwrap();
        let rebuilt = State::from_data(dir.state.to_data()).unwrap();
        assert_eq!(dir.state.differences(&rebuilt), Vec::<&str>::new(), "against an index built from the data");
        let q = ResponsiblePersonsQuery::new().include_projects(true).include_archived(true);
        let rows = dir.responsible_persons(&q).unwrap().rows;
        for (s, e) in &held {
            let row =
                rows.iter().find(|r| Subject::Customer(r.customer) == *s && r.project.is_none() && r.employee == *e);
            let mut listed: Vec<RoleId> = row.unwrap().roles.iter().map(|r| r.id).collect();
            listed.sort();
            let stored: Vec<RoleId> = dir.responsibility(*s, *e).unwrap().unwrap().roles.iter().copied().collect();
            assert_eq!(listed, stored, "{s:?} {e}");
            assert!(!stored.contains(&roles[0]));
        }
        dir.rollback_transaction();
        assert_eq!(dir.state.differences(&before), Vec::<&str>::new(), "after the rollback");
    }

    /// Undoing change by change gives back the very state, indexes included (and the next ids:
    /// the ids handed out inside are handed out again).
    #[test]
    fn a_rollback_leaves_the_state_exactly_as_it_was() {
        let mut dir = Directory::from_data(generate(&GeneratorConfig::small())).unwrap();
        let before = dir.state.clone();
        let customers: Vec<_> = dir.customers().map(|c| c.id).take(40).collect();
        let employees: Vec<_> = dir.employees().filter(|e| e.active).map(|e| e.id).take(10).collect();
        let groups: Vec<_> = dir.customer_groups().map(|g| g.id).collect();
        let held: Vec<_> = dir.responsibilities().iter().take(30).map(|r| (r.subject, r.employee)).collect();
        let projects: Vec<_> = dir.projects().map(|p| p.id).take(10).collect();
        let mut done = 0;
        let mut count = |ok: bool| done += usize::from(ok);
        dir.begin_transaction();
        // Responsibilities with roles and periods go, new ones come, customers change group.
        for (s, e) in &held {
            count(dir.toggle(*s, *e).is_ok());
        }
        for (i, c) in customers.iter().enumerate() {
            count(dir.toggle(Subject::Customer(*c), employees[i % employees.len()]).is_ok());
            count(dir.move_customer_to_group(groups[i % groups.len()], *c).is_ok());
        }
        count(dir.create_customer(NewCustomer::new("Uusi Oy")).is_ok());
        dir.begin_transaction();
        count(dir.create_team("Uusi tiimi").is_ok());
        count(dir.delete_project(projects[0]).is_ok());
        count(dir.set_default_series(900_000, None).is_ok());
        dir.commit_transaction().unwrap();
        count(dir.archive_employee(employees[0]).is_ok());
        count(dir.archive_customer(customers[1]).is_ok());
        assert!(done >= 100, "only {done} mutations went through");
        assert!(dir.state != before);
        dir.rollback_transaction();
        assert_eq!(dir.state.differences(&before), Vec::<&str>::new(), "after the rollback");
        dir.check_integrity().unwrap();
        assert_eq!(dir.change_sets().unwrap().len(), 0);
    }

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
        assert!(store.change_sets().unwrap().is_empty(), "nothing reaches the store before the outermost commit");
        dir.commit_transaction().unwrap();
        assert_eq!(dir.transaction_depth(), 0);
        assert_eq!(names(&dir), ["Yksi", "Kolme"]);
        let committed = store.change_sets().unwrap();
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
        assert_eq!(dir.change_sets().unwrap().len(), 1);
        assert_eq!(names(&dir), ["Yksi", "Kaksi"]);
    }
}

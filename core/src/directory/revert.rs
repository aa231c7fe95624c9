//! Reverting a change set: the states before it, found from the history (see `ops::revert` for
//! the compensating changes and their checks).
//!
//! The state an entity had just before change set `seq` is what the last earlier change set
//! touching it left (found through the history index: the change sets filed under the entity,
//! a responsibility's under its employee; the default series' by reading back change set by
//! change set). An entity no earlier change set touched did not exist before, when the
//! directory's history began from an empty directory; the directory knows whether it did
//! ([`began_empty`]). When it did not (a directory made from data, or a store that began with
//! some), such an entity's earlier state is unknown and the revert is refused with
//! [`Error::RevertStateUnknown`]. Once a snapshot replaced such a store's first one, it is told
//! from the change sets, which leaves one case out: data whose every entity the first change
//! sets touched in id order before any new one was made is taken for an empty beginning.

use super::Directory;
use crate::error::{Error, Result, StoreError};
use crate::model::{Change, ChangeSet, Data, DefaultSeries, EntityKind};
use crate::ops::revert::{check_keys, check_references, compensate, image, targets, RevertPlan, Target};
use crate::store::Stored;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::PoisonError;

/// How many change sets are read back at once while looking for an entity's earlier state.
const BATCH: usize = 32;

/// The states before a change set of the entities it touched, and the later change sets that
/// touched them.
struct Sources {
    before: Vec<(Target, Option<Change>)>,
    later: Vec<u64>,
}

/// Whether data holds nothing: no entity, and the default series as a new directory has it.
pub(super) fn empty_data(data: &Data) -> bool {
    let empty = Data { next_ids: data.next_ids, ..Data::default() };
    *data == empty
}

/// Whether a store's history began from an empty directory: it has no snapshot, or its snapshot
/// is of change set 0 and empty; or, for a snapshot of a later change set, the change sets up to
/// it account for everything the snapshot holds. That is, they bring in every id in the order a
/// directory hands them out (1, 2, 3, … of each kind, each first put, never first deleted), the
/// snapshot holds no entity with an id they never brought in nor a responsibility they never
/// put, and its default series is the new directory's unless they set it. Data a directory
/// began with has ids of its own, which break that order or are left over; only data whose
/// every entity the first change sets touched in id order, before any new one was made, passes
/// for an empty beginning.
pub(super) fn began_empty(stored: &Stored) -> bool {
    let Some(snapshot) = &stored.snapshot else { return true };
    if snapshot.seq == 0 {
        return empty_data(&snapshot.data);
    }
    let mut highest: BTreeMap<EntityKind, u32> = BTreeMap::new();
    let mut responsibilities = BTreeSet::new();
    let mut series_set = false;
    for cs in stored.change_sets.iter().take_while(|cs| cs.seq <= snapshot.seq) {
        for change in &cs.changes {
            let target = Target::of(change);
            match target {
                Target::Responsibility(subject, employee) => {
                    responsibilities.insert((subject, employee));
                }
                Target::Series => series_set = true,
                _ => {}
            }
            let Some(entity) = target.entity() else { continue };
            let top = highest.entry(entity.kind()).or_insert(0);
            if entity.raw() > *top {
                if target.delete().as_ref() == Some(change) || entity.raw() != *top + 1 {
                    return false;
                }
                *top = entity.raw();
            }
        }
    }
    let d = &snapshot.data;
    let within = |kind: EntityKind, raw: u32| raw <= highest.get(&kind).copied().unwrap_or(0);
    (series_set || d.default_series == DefaultSeries::default())
        && d.responsibilities.iter().all(|r| responsibilities.contains(&(r.subject, r.employee)))
        && d.employees.iter().all(|x| within(EntityKind::Employee, x.id.0))
        && d.teams.iter().all(|x| within(EntityKind::Team, x.id.0))
        && d.roles.iter().all(|x| within(EntityKind::Role, x.id.0))
        && d.customers.iter().all(|x| within(EntityKind::Customer, x.id.0))
        && d.projects.iter().all(|x| within(EntityKind::Project, x.id.0))
        && d.customer_groups.iter().all(|x| within(EntityKind::CustomerGroup, x.id.0))
        && d.special_groups.iter().all(|x| within(EntityKind::SpecialGroup, x.id.0))
}

impl Directory {
    /// Previews reverting change set `seq`: the compensating changes
    /// [`Directory::revert`] would write (each entity the change set changed put back as it was
    /// just before it, or deleted when it did not exist then) and the later change sets that
    /// changed the same entities (a revert is refused while there are any, unless forced).
    /// Nothing changes. The rules are checked when the revert is made.
    ///
    /// # Errors
    /// [`Error::NoSuchChangeSet`] for 0 or a number beyond [`Directory::last_seq`];
    /// [`Error::RevertOfRevert`] for a change set that is itself a revert;
    /// [`Error::AlreadyReverted`] for one a later change set reverted;
    /// [`Error::RevertStateUnknown`] when an entity's state before it cannot be known (see
    /// [`Directory::revert`]); [`Error::Store`] when the history cannot be read.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Change, Directory};
    /// let mut dir = Directory::new();
    /// let team = dir.create_team("Huolto")?;
    /// dir.rename_team(team, "Tuki")?;
    /// let plan = dir.plan_revert(2)?;
    /// assert!(matches!(&plan.changes[..], [Change::PutTeam(t)] if t.name == "Huolto"));
    /// assert!(plan.later.is_empty());
    /// assert_eq!(dir.team(team)?.name, "Tuki"); // nothing changed
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn plan_revert(&self, seq: u64) -> Result<RevertPlan> {
        let sources = self.revert_sources(seq)?;
        Ok(RevertPlan { seq, changes: compensate(&self.state, &sources.before), later: sources.later })
    }

    /// Reverts change set `seq` by writing a compensating one: every entity it changed
    /// (employees, teams, roles, customers, projects, customer groups, special groups,
    /// responsibilities, the default series) is put back as it was just before it, or deleted
    /// when it did not exist then. The new change set records what it reverts
    /// ([`ChangeSet::reverts`](crate::ChangeSet::reverts)) and is in the history of every
    /// entity it changes. Returns its number.
    ///
    /// When later change sets changed any of the same entities, the revert is refused with
    /// [`Error::RevertConflict`] naming them, unless `force`: then the states from before `seq`
    /// are put back anyway, which also undoes those later edits of those entities (their edits
    /// of other entities stay). Numbering counters never move back: a customer group or the
    /// default series put back keeps the higher counter, so no number is handed out twice.
    ///
    /// The result keeps every rule, checked as for any mutation; a revert that would break one
    /// is refused and changes nothing: putting back a customer whose number another customer
    /// holds now ([`Error::DuplicateCustomerNumber`]) or a name another entity holds now
    /// ([`Error::DuplicateName`], also when that entity is one the revert changes too), an
    /// entity that refers to one deleted since ([`Error::NotFound`] of the deleted one), or
    /// deleting an entity something the revert leaves as it is refers to
    /// ([`Error::Referenced`], [`Error::CustomerHasProjects`], [`Error::RoleInUse`]), or a team
    /// lead outside the team (a forced revert putting back a team whose lead has left it since,
    /// or an employee outside the team that leads it now: [`Error::NotTeamMember`]).
    ///
    /// # Errors
    /// Those above; [`Error::NoSuchChangeSet`] for 0 or a number beyond
    /// [`Directory::last_seq`]; [`Error::RevertOfRevert`] for a change set that is itself a
    /// revert (to have the reverted edits again, make them anew); [`Error::AlreadyReverted`] for a change set reverted before;
    /// [`Error::NothingToRevert`] when every entity it changed already is as it was before it;
    /// [`Error::RevertStateUnknown`] when an entity it touched was not made by any earlier
    /// change set and the directory did not begin empty (made from data), so its state before
    /// is unknown; [`Error::Store`] when the history cannot be read, the store fails, or inside
    /// a transaction; [`Error::Conflict`] when another writer stored a change set while the
    /// revert was being stored (nothing was stored; call again).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer};
    /// let mut dir = Directory::new();
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki Oy"))?; // change set 1
    /// dir.archive_customer(esim)?; // change set 2
    /// let undo = dir.revert(2, false)?;
    /// assert_eq!(undo, 3);
    /// assert!(!dir.customer(esim)?.archived);
    /// assert_eq!(dir.change_sets()?[2].reverts, Some(2));
    /// assert_eq!(dir.history(esim)?.len(), 3);
    ///
    /// // Change set 1 made the customer, which changed later: refused unless forced.
    /// assert!(matches!(dir.revert(1, false), Err(Error::RevertConflict { seq: 1, ref later }) if later == &[2, 3]));
    /// dir.revert(1, true)?;
    /// assert!(dir.customer(esim).is_err());
    /// // A revert is not reverted, and a change set is reverted once.
    /// assert!(matches!(dir.revert(3, false), Err(Error::RevertOfRevert { seq: 3, reverts: 2 })));
    /// assert!(matches!(dir.revert(2, true), Err(Error::AlreadyReverted { seq: 2, by: 3 })));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn revert(&mut self, seq: u64, force: bool) -> Result<u64> {
        if self.pending.is_some() {
            return Err(Error::Store(StoreError::Failed("cannot revert inside a transaction".into())));
        }
        if self.store_mut().has_moved()? {
            self.sync()?;
        }
        let Sources { before, later } = self.revert_sources(seq)?;
        if !later.is_empty() && !force {
            return Err(Error::RevertConflict { seq, later });
        }
        let changes = compensate(&self.state, &before);
        if changes.is_empty() {
            return Err(Error::NothingToRevert { seq });
        }
        check_keys(&self.state, &changes)?;
        check_references(&self.state, &before)?;
        self.stage(changes);
        match self.persist(true, Some(seq)) {
            // Planned against a state that is no longer the store's: the caller calls again.
            Err(Error::Store(StoreError::Conflict { .. })) => {
                self.sync()?;
                Err(Error::Conflict { attempts: 1 })
            }
            result => result.map(|()| self.last_seq),
        }
    }

    /// What reverting `seq` puts back and the later change sets in its way, after the refusals
    /// that do not depend on `force`. Only the entities the change set changed count: one it
    /// put as it was (a transaction that changed it and changed it back) is left alone, and a
    /// later change set is in the way when it changed one of them.
    fn revert_sources(&self, seq: u64) -> Result<Sources> {
        if seq == 0 || seq > self.last_seq {
            return Err(Error::NoSuchChangeSet { seq, last_seq: self.last_seq });
        }
        let mut cache = BTreeMap::new();
        self.fetch(&mut cache, &[seq])?;
        let cs = &cache[&seq];
        if let Some(reverts) = cs.reverts {
            return Err(Error::RevertOfRevert { seq, reverts });
        }
        let (targets, changes) = (targets(&cs.changes), cs.changes.clone());
        let candidates = self.later_candidates(seq, &targets, &mut cache)?;
        let mut changed = Vec::with_capacity(targets.len());
        for target in targets {
            let was = self.state_before(seq, target, &mut cache)?;
            let after = image(&changes, target).flatten();
            if was != after {
                changed.push((target, was, after));
            }
        }
        changed.sort_by_key(|(target, ..)| *target);
        let mut later = BTreeSet::new();
        for (target, _, after) in &changed {
            let mut now = after.clone();
            for s in &candidates {
                if let Some(next) = image(&cache[s].changes, *target) {
                    if next != now {
                        later.insert(*s);
                    }
                    now = next;
                }
            }
        }
        let before = changed.into_iter().map(|(target, was, _)| (target, was)).collect();
        Ok(Sources { before, later: later.into_iter().collect() })
    }

    /// The change sets after `seq` that may touch any of `targets` (read into `cache`), in
    /// order; refuses a change set reverted by one of them.
    fn later_candidates(&self, seq: u64, targets: &[Target], cache: &mut BTreeMap<u64, ChangeSet>) -> Result<Vec<u64>> {
        let mut seqs = BTreeSet::new();
        for target in targets {
            match target.key() {
                Some(key) => seqs.extend(self.history.of(key).into_iter().filter(|&s| s > seq)),
                None => seqs.extend(seq + 1..=self.last_seq),
            }
        }
        let seqs: Vec<u64> = seqs.into_iter().collect();
        for batch in seqs.chunks(BATCH) {
            self.fetch(cache, batch)?;
        }
        if let Some(&by) = seqs.iter().find(|s| cache[*s].reverts == Some(seq)) {
            return Err(Error::AlreadyReverted { seq, by });
        }
        Ok(seqs)
    }

    /// The state `target` had just before change set `seq` (as the change that puts it, or
    /// `None`: it did not exist), from the last earlier change set that touched it.
    fn state_before(&self, seq: u64, target: Target, cache: &mut BTreeMap<u64, ChangeSet>) -> Result<Option<Change>> {
        let earlier: Vec<u64> = match target.key() {
            Some(key) => self.history.of(key).into_iter().filter(|&s| s < seq).collect(),
            None => (1..seq).collect(),
        };
        for batch in earlier.rchunks(BATCH) {
            self.fetch(cache, batch)?;
            for s in batch.iter().rev() {
                if let Some(was) = image(&cache[s].changes, target) {
                    return Ok(was);
                }
            }
        }
        match target {
            _ if !self.began_empty => Err(Error::RevertStateUnknown { seq }),
            Target::Series => Ok(Some(Change::SetDefaultSeries(DefaultSeries::default()))),
            _ => Ok(None),
        }
    }

    /// Reads the change sets `seqs` not in `cache` yet into it.
    fn fetch(&self, cache: &mut BTreeMap<u64, ChangeSet>, seqs: &[u64]) -> Result<()> {
        let missing: Vec<u64> = seqs.iter().copied().filter(|s| !cache.contains_key(s)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let found = self.store.lock().unwrap_or_else(PoisonError::into_inner).read_change_sets(&missing)?;
        crate::store::check_read(&missing, &found, "the store")?;
        cache.extend(found.into_iter().map(|cs| (cs.seq, cs)));
        Ok(())
    }
}

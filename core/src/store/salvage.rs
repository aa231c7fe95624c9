//! Salvage: recovering what is readable of a damaged file store into a new one.
//!
//! Opening a store refuses what it cannot load without losing data: a record damaged in the
//! middle of the journal, a snapshot of a later change set than the journal's last (a copy
//! taken while the store was written). [`salvage`] reads such a store leniently and writes the
//! best state it can prove into a new store, leaving the old one as it was.

use super::file::{self, DAMAGED_PREFIX, JOURNAL, SNAPSHOT, SNAPSHOT_PREV, SNAPSHOT_TMP};
use super::format;
use super::record;
use crate::error::{Error, Result, StoreError};
use crate::model::{Change, ChangeSet, Data, HistoryKey};
use crate::state::State;
use crate::store::{FileStore, Snapshot, Store};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The actor of the change set a salvage adds to bring the journal's state to a newer
/// snapshot's.
pub const SALVAGE_ACTOR: &str = "vastuu salvage";

/// What [`salvage`] recovered, and what it could not.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SalvageReport {
    /// Change sets copied from the old journal, from its first on (1 up to this number, with
    /// no gap): the new store's history up to there is the old one's.
    pub change_sets_kept: u64,
    /// The snapshot whose state the new store holds when it is newer than those change sets:
    /// its file and the change set it was of.
    pub snapshot_used: Option<(PathBuf, u64)>,
    /// The change set added (by [`SALVAGE_ACTOR`]) to bring the kept change sets' state to the
    /// snapshot's, if one was needed; the change sets the old store had in between are lost,
    /// but not their result.
    pub bridge_seq: Option<u64>,
    /// Change sets of the old journal after the snapshot used, replayed on it and copied
    /// (renumbered after the bridge).
    pub change_sets_after_snapshot: u64,
    /// The last change set of the new store.
    pub last_seq: u64,
    /// What could not be read or used, one line each: damaged stretches of the journal (with
    /// their offsets), undecodable records, readable change sets after a gap, unusable
    /// snapshots.
    pub problems: Vec<String>,
}

/// Recovers what is readable of the file store in the folder `from` into a new file store in
/// the folder `to` (which must not exist yet, or be empty), leaving `from` as it was.
///
/// The journal is read record by record, skipping damaged stretches; its change sets from the
/// first on, up to the first gap, are copied with their history. When a readable snapshot
/// (newest, previous, set aside, or half-replaced) is of a later change set than those, its
/// state is taken too: one change set by [`SALVAGE_ACTOR`] brings the copied state to it, and
/// readable change sets after it are replayed and copied. Everything else is listed in
/// [`SalvageReport::problems`]. The new store is then opened and checked against every rule.
///
/// # Errors
/// - [`StoreError::Locked`]: `from` is open (by this or another process).
/// - [`StoreError::NotAStore`]: `from` has no journal; `to` is not a new or empty folder.
/// - [`StoreError::UnsupportedVersion`]: written by a newer version of the library.
/// - [`StoreError::Corrupt`]: nothing readable forms a state that keeps every rule.
/// - [`StoreError::Io`].
///
/// # Examples
/// ```
/// use vastuu::{salvage, Directory};
/// # let tmp = std::env::temp_dir().join(format!("vastuu-doc-salvage-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&tmp);
/// # std::fs::create_dir(&tmp)?;
/// let (old, new) = (tmp.join("old"), tmp.join("new"));
/// let mut dir = Directory::open(&old)?;
/// for name in ["Huolto", "Myynti", "Asennus"] {
///     dir.create_team(name)?;
/// }
/// drop(dir);
/// // A byte of the second change set's record is damaged: the store no longer opens.
/// let journal = old.join("vastuu.journal");
/// let mut bytes = std::fs::read(&journal)?;
/// let (_, first_end) = vastuu::FileStore::decode_journal(&bytes[..bytes.len() / 2])?;
/// bytes[first_end as usize + 14] ^= 1;
/// std::fs::write(&journal, &bytes)?;
/// assert!(Directory::open(&old).is_err());
///
/// let report = salvage(&old, &new)?;
/// assert_eq!(report.change_sets_kept, 1);
/// assert_eq!(report.problems.len(), 2); // the damaged record; the third, after the gap
/// let dir = Directory::open(&new)?;
/// assert_eq!(dir.teams().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Huolto"]);
/// # drop(dir); std::fs::remove_dir_all(&tmp)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn salvage(from: impl AsRef<Path>, to: impl AsRef<Path>) -> Result<SalvageReport> {
    let (from, to) = (from.as_ref(), to.as_ref());
    let _lock = file::lock_existing(from)?;
    let mut report = SalvageReport::default();
    let (kept, after_gap) = read_journal(from, &mut report)?;
    let (snapshots, any_snapshot) = read_snapshots(from, &mut report)?;
    let k = kept.last().map_or(0, |cs| cs.seq);
    let state_k = replay_kept(&snapshots, any_snapshot, &kept, &mut report)?;
    let newer = snapshots.into_iter().filter(|(_, s)| s.seq > k).max_by_key(|(_, s)| s.seq);

    let mut store = new_store(to)?;
    for cs in &kept {
        store.commit(cs)?;
    }
    let (mut last, mut data) = (k, state_k.to_data());
    if let Some((path, snapshot)) = newer {
        let mut state = State::from_data(snapshot.data.clone())?;
        let bridge = bridge(&data, &snapshot.data, &state_k);
        check_bridge(&state_k, &bridge, &snapshot.data)?;
        report.snapshot_used = Some((path, snapshot.seq));
        if !bridge.changes.is_empty() {
            last += 1;
            store.commit(&ChangeSet { seq: last, ..bridge })?;
            report.bridge_seq = Some(last);
        }
        let after = after_gap.into_iter().filter(|cs| cs.seq > snapshot.seq);
        for (expected, cs) in (snapshot.seq + 1..).zip(after) {
            if cs.seq != expected || !replays(&mut state, &cs, &mut report) {
                break;
            }
            last += 1;
            store.commit(&ChangeSet { seq: last, ..cs })?;
            report.change_sets_after_snapshot += 1;
        }
        data = state.to_data();
    }
    store.write_snapshot(&Snapshot { seq: last, data: data.clone() })?;
    drop(store);
    verify(to, &data)?;
    report.change_sets_kept = k;
    report.last_seq = last;
    Ok(report)
}

/// Applies `cs` to `state` if the result keeps every rule (otherwise notes it and leaves
/// `state` as it was).
fn replays(state: &mut State, cs: &ChangeSet, report: &mut SalvageReport) -> bool {
    let mut trial = state.clone();
    cs.changes.iter().for_each(|c| trial.apply(c));
    match trial.check_integrity() {
        Ok(()) => {
            *state = trial;
            true
        }
        Err(broken) => {
            report.problems.push(format!("change set {} breaks a rule on the snapshot: {broken}", cs.seq));
            false
        }
    }
}

/// The journal's change sets 1, 2, 3, … up to the first gap, and the readable ones after it.
fn read_journal(from: &Path, report: &mut SalvageReport) -> Result<(Vec<ChangeSet>, Vec<ChangeSet>)> {
    let path = from.join(JOURNAL);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let reason = format!("no {JOURNAL}: not a file store, or not one salvage can read");
            return Err(StoreError::NotAStore { path: from.to_path_buf(), reason }.into());
        }
        Err(e) => return Err(io(format!("reading {}", path.display()), &e)),
    };
    let scan = format::scan_leniently(&bytes, &path)?;
    if let Some(problem) = &scan.header_problem {
        report.problems.push(format!("{problem}; its records were read as of format {}", scan.version));
    }
    for &(offset, len, problem) in &scan.skipped {
        report.problems.push(format!("{}: {len} bytes at byte {offset} skipped ({problem})", path.display()));
    }
    let (mut kept, mut after_gap) = (Vec::new(), Vec::new());
    for &(offset, payload) in &scan.records {
        match record::decode_change_set(scan.version, payload) {
            Ok(cs) if after_gap.is_empty() && cs.seq == kept.len() as u64 + 1 => kept.push(cs),
            Ok(cs) => after_gap.push(cs),
            Err(e) => {
                report.problems.push(format!("{}: the record at byte {offset} is undecodable: {e}", path.display()))
            }
        }
    }
    if let Some(first) = after_gap.first() {
        let seqs: Vec<String> = after_gap.iter().map(|cs| cs.seq.to_string()).collect();
        report.problems.push(format!(
            "change sets {} are readable but follow a gap after change set {} (from {} on, only a newer snapshot \
             can carry them)",
            seqs.join(", "),
            kept.len(),
            first.seq
        ));
    }
    Ok((kept, after_gap))
}

/// Every readable snapshot in the folder whose state keeps the rules: the newest, the previous,
/// those set aside, and a half-replaced temporary one; and whether there was any snapshot file.
fn read_snapshots(from: &Path, report: &mut SalvageReport) -> Result<(Vec<(PathBuf, Snapshot)>, bool)> {
    let entries = fs::read_dir(from).map_err(|e| io(format!("listing {}", from.display()), &e))?;
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io(format!("listing {}", from.display()), &e))?;
        if let Some(name) = entry.file_name().to_str() {
            if [SNAPSHOT, SNAPSHOT_PREV, SNAPSHOT_TMP].contains(&name) || name.starts_with(DAMAGED_PREFIX) {
                names.push(name.to_owned());
            }
        }
    }
    names.sort();
    let any = !names.is_empty();
    let mut found = Vec::new();
    for name in names {
        let path = from.join(&name);
        let bytes = fs::read(&path).map_err(|e| io(format!("reading {}", path.display()), &e))?;
        let snapshot = match format::decode_snapshot_file(&bytes, &path) {
            Ok(snapshot) => snapshot,
            Err(e) => {
                report.problems.push(format!("{}: unusable ({e})", path.display()));
                continue;
            }
        };
        match State::from_data(snapshot.data.clone()) {
            Ok(_) => found.push((path, snapshot)),
            Err(e) => report.problems.push(format!("{}: its state breaks a rule ({e})", path.display())),
        }
    }
    Ok((found, any))
}

/// The state after the kept change sets: replayed on the newest snapshot at or before the last
/// of them (or on an empty directory when there is none).
fn replay_kept(
    snapshots: &[(PathBuf, Snapshot)],
    any_snapshot: bool,
    kept: &[ChangeSet],
    report: &mut SalvageReport,
) -> Result<State> {
    let k = kept.last().map_or(0, |cs| cs.seq);
    let base = snapshots.iter().filter(|(_, s)| s.seq <= k).max_by_key(|(_, s)| s.seq);
    let (mut state, base_seq) = match base {
        Some((_, snapshot)) => (State::from_data(snapshot.data.clone())?, snapshot.seq),
        None => {
            // A store that never had a snapshot began empty; one that had snapshots may have
            // begun from data that only they held.
            if any_snapshot {
                report.problems.push(format!(
                    "no readable snapshot of change set {k} or earlier: the change sets were replayed on an empty \
                     directory (right unless the store was created from data)"
                ));
            }
            (State::default(), 0)
        }
    };
    for cs in kept.iter().filter(|cs| cs.seq > base_seq) {
        cs.changes.iter().for_each(|c| state.apply(c));
    }
    state.check_integrity().map_err(|broken| corrupt(format!("the readable change sets break a rule: {broken}")))?;
    Ok(state)
}

fn new_store(to: &Path) -> Result<FileStore> {
    let mut store = FileStore::open(to)?;
    let existing = store.load()?;
    if existing.snapshot.is_some() || !existing.change_sets.is_empty() {
        let reason = "a store already; salvage writes into a new or empty folder".to_owned();
        return Err(StoreError::NotAStore { path: to.to_path_buf(), reason }.into());
    }
    Ok(store)
}

/// Reads the new store back as opening it does and checks it holds `data` and a whole history.
fn verify(to: &Path, data: &Data) -> Result<()> {
    let stored = FileStore::open(to)?.load()?;
    let last = stored.change_sets.len() as u64;
    let numbered = stored.change_sets.iter().zip(1..).all(|(cs, seq)| cs.seq == seq);
    let state = match stored.snapshot {
        Some(snapshot) if numbered && snapshot.seq == last => State::from_data(snapshot.data)?,
        _ => return Err(corrupt(format!("the salvaged store in {} is not whole", to.display()))),
    };
    state.check_integrity()?;
    if state.to_data() != *data {
        return Err(corrupt(format!("the salvaged store in {} does not read back as written", to.display())));
    }
    Ok(())
}

/// The change set (numbered later) that turns `from` into `to`: deletes first (dependents before
/// what they depend on), then puts (the other way round).
fn bridge(from: &Data, to: &Data, state: &State) -> ChangeSet {
    let mut deletes: Vec<Vec<Change>> = Vec::new();
    let mut puts: Vec<Change> = Vec::new();
    let mut kind = |d: Vec<Change>, p: Vec<Change>| {
        deletes.push(d);
        puts.extend(p);
    };
    kind_diff(&from.teams, &to.teams, |t| t.id, Change::PutTeam, Change::DeleteTeam, &mut kind);
    kind_diff(&from.employees, &to.employees, |e| e.id, Change::PutEmployee, Change::DeleteEmployee, &mut kind);
    kind_diff(&from.roles, &to.roles, |r| r.id, Change::PutRole, Change::DeleteRole, &mut kind);
    let (fg, tg) = (&from.customer_groups, &to.customer_groups);
    kind_diff(fg, tg, |g| g.id, Change::PutCustomerGroup, Change::DeleteCustomerGroup, &mut kind);
    let (fs, ts) = (&from.special_groups, &to.special_groups);
    kind_diff(fs, ts, |g| g.id, Change::PutSpecialGroup, Change::DeleteSpecialGroup, &mut kind);
    kind_diff(&from.customers, &to.customers, |c| c.id, Change::PutCustomer, Change::DeleteCustomer, &mut kind);
    kind_diff(&from.projects, &to.projects, |p| p.id, Change::PutProject, Change::DeleteProject, &mut kind);
    let (fr, tr) = (&from.responsibilities, &to.responsibilities);
    let gone = |(subject, employee)| Change::DeleteResponsibility { subject, employee };
    kind_diff(fr, tr, |r| (r.subject, r.employee), Change::PutResponsibility, gone, &mut kind);
    if from.default_series != to.default_series {
        puts.push(Change::SetDefaultSeries(to.default_series));
    }
    let changes: Vec<Change> = deletes.into_iter().rev().flatten().chain(puts).collect();
    let mut keys = BTreeSet::<HistoryKey>::new();
    state.history_keys(&changes, &mut keys);
    let time = jiff::Timestamp::now();
    ChangeSet {
        seq: 0,
        time,
        actor: Some(SALVAGE_ACTOR.to_owned()),
        keys: keys.into_iter().collect(),
        changes,
        reverts: None,
    }
}

/// Checks that replaying `bridge` on `state` gives `target` (but for the next ids, which the
/// snapshot written after it carries), so that the new journal alone gives the same state.
fn check_bridge(state: &State, bridge: &ChangeSet, target: &Data) -> Result<()> {
    let mut bridged = state.clone();
    bridge.changes.iter().for_each(|c| bridged.apply(c));
    let mut reached = bridged.to_data();
    reached.next_ids = target.next_ids;
    if reached != *target {
        return Err(corrupt("the change set bridging the journal to the snapshot does not reach its state".into()));
    }
    bridged.check_integrity()
}

/// The deletes and puts of one kind of entity between two lists of it.
fn kind_diff<T: Clone + PartialEq, K: Ord + Copy>(
    from: &[T],
    to: &[T],
    key: impl Fn(&T) -> K,
    put: impl Fn(T) -> Change,
    delete: impl Fn(K) -> Change,
    out: &mut impl FnMut(Vec<Change>, Vec<Change>),
) {
    let old: BTreeMap<K, &T> = from.iter().map(|x| (key(x), x)).collect();
    let new: BTreeMap<K, &T> = to.iter().map(|x| (key(x), x)).collect();
    let deletes = old.keys().filter(|k| !new.contains_key(k)).map(|&k| delete(k)).collect();
    let puts = new.iter().filter(|(k, x)| old.get(k) != Some(x)).map(|(_, &x)| put(x.clone())).collect();
    out(deletes, puts);
}

fn io(operation: String, e: &std::io::Error) -> Error {
    StoreError::Io { operation, message: e.to_string() }.into()
}

fn corrupt(detail: String) -> Error {
    StoreError::Corrupt { detail }.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerUpdate, NewCustomer, NewCustomerGroup, NewEmployee, NewSpecialGroup};
    use crate::Directory;

    /// Two directories that differ in entities of every kind: some only in one, some changed.
    fn two_states() -> Result<(Data, Data)> {
        let mut a = Directory::new();
        let team = a.create_team("Huolto")?;
        let (aino, matti) =
            (a.create_employee(NewEmployee::new("Aino"))?, a.create_employee(NewEmployee::new("Matti"))?);
        let north = a.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(100))?;
        let vip = a.create_special_group(NewSpecialGroup::new("VIP"))?;
        let one = a.create_customer(NewCustomer::new("Yksi").group(north).special_group(vip))?;
        let two = a.create_customer(NewCustomer::new("Kaksi"))?;
        let project = a.create_project(two, "Remontti")?;
        a.toggle(one.into(), aino)?;
        a.toggle(project.into(), matti)?;
        a.toggle(two.into(), matti)?;
        let from = a.data();
        // Gone: a customer with its project and responsibilities, an employee, the team, the
        // groups; changed: a customer; new: a customer, a group, a responsibility.
        a.delete_project(project)?;
        a.toggle(two.into(), matti)?;
        a.delete_customer(two)?;
        a.delete_employee(matti)?;
        a.delete_team(team)?;
        a.delete_special_group(vip)?;
        a.delete_customer_group(north)?;
        a.update_customer(one, CustomerUpdate { name: Some("Yksi Oy".into()), ..CustomerUpdate::default() })?;
        let south = a.create_customer_group(NewCustomerGroup::new("Etelä"))?;
        let three = a.create_customer(NewCustomer::new("Kolme").group(south))?;
        a.toggle(three.into(), aino)?;
        Ok((from, a.data()))
    }

    #[test]
    fn the_bridge_reaches_one_state_from_another_every_way() -> Result<()> {
        let (a, b) = two_states()?;
        assert_ne!(a, b);
        for (from, to) in [(&a, &b), (&b, &a), (&Data::default(), &b), (&a, &Data::default()), (&a, &a)] {
            let state = State::from_data(from.clone())?;
            let bridge = bridge(from, to, &state);
            check_bridge(&state, &bridge, to)?;
            assert_eq!(bridge.changes.is_empty(), from == to);
            assert_eq!(bridge.actor.as_deref(), Some(SALVAGE_ACTOR));
        }
        // A bridge that misses a change is caught.
        let state = State::from_data(a.clone())?;
        let mut short = bridge(&a, &b, &state);
        short.changes.retain(|c| !matches!(c, Change::DeleteCustomer(_)));
        assert!(check_bridge(&state, &short, &b).is_err());
        Ok(())
    }
}

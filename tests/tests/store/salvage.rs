//! Salvage: what a damaged file store still holds, recovered into a new store, the old one left
//! as it was.

use std::fs;
use std::path::Path;
use vastuu::{salvage, Directory, Error, StoreError, SALVAGE_ACTOR};
use vastuu_tests::backends::{open_directory, Backend, File, Observed};
use vastuu_tests::workload::{advance_to, memory_directory};

const JOURNAL: &str = "vastuu.journal";
const FILE_HEADER_LEN: usize = 20;

fn reference(seed: u64, seq: u64) -> Observed {
    let mut dir = memory_directory();
    advance_to(&mut dir, seed, seq).unwrap();
    Observed::of(&dir)
}

/// Where each record of a journal starts, from the length prefixes.
fn record_starts(journal: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut pos = FILE_HEADER_LEN;
    while pos < journal.len() {
        starts.push(pos);
        pos += 12 + u32::from_le_bytes(journal[pos..pos + 4].try_into().unwrap()) as usize;
    }
    starts
}

/// Every file of a folder and its bytes.
fn contents(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn salvaged(old: &File) -> (tempfile::TempDir, vastuu::SalvageReport, Observed) {
    let before = contents(&old.path());
    let target = tempfile::tempdir().unwrap();
    let new = target.path().join("salvaged");
    let report = salvage(old.path(), &new).unwrap();
    assert_eq!(contents(&old.path()), before, "the old store is left as it was");
    let dir = Directory::open(&new).unwrap();
    assert!(dir.open_report().is_clean());
    dir.check_integrity().unwrap();
    let observed = Observed::of(&dir);
    assert_eq!(observed.change_sets.last().map_or(0, |cs| cs.seq), report.last_seq);
    (target, report, observed)
}

/// A record damaged in the middle, no snapshot: the change sets before it, with their history.
#[test]
fn a_damaged_record_keeps_the_change_sets_before_it() {
    let old = File::new();
    let mut dir = open_directory(&old);
    advance_to(&mut dir, 21, 12).unwrap();
    drop(dir);
    let path = old.path().join(JOURNAL);
    let mut journal = fs::read(&path).unwrap();
    let starts = record_starts(&journal);
    journal[starts[4] + 15] ^= 0x40; // change set 5
    fs::write(&path, &journal).unwrap();
    assert!(Directory::open(old.path()).is_err(), "the store no longer opens");

    let (_keep, report, observed) = salvaged(&old);
    assert_eq!(observed, reference(21, 4));
    assert_eq!((report.change_sets_kept, report.last_seq, report.bridge_seq), (4, 4, None));
    assert_eq!(report.snapshot_used, None);
    let problems = report.problems.join("\n");
    assert!(problems.contains(&format!("at byte {}", starts[4])), "{problems}");
    assert!(problems.contains("6, 7, 8, 9, 10, 11, 12 are readable but follow a gap"), "{problems}");
}

/// A record damaged in the middle, and a snapshot after it: the change sets before the damage,
/// one change set that brings them to the snapshot's state, and the change sets after the
/// snapshot replayed on it. The state is the undamaged store's.
#[test]
fn a_newer_snapshot_carries_the_state_past_the_damage() {
    let old = File::new();
    let mut dir = open_directory(&old);
    advance_to(&mut dir, 22, 8).unwrap();
    dir.compact().unwrap();
    advance_to(&mut dir, 22, 12).unwrap();
    drop(dir);
    let path = old.path().join(JOURNAL);
    let mut journal = fs::read(&path).unwrap();
    let starts = record_starts(&journal);
    journal[starts[4] + 13] ^= 0x01;
    fs::write(&path, &journal).unwrap();

    let (keep, report, observed) = salvaged(&old);
    let expected = reference(22, 12);
    assert_eq!(observed.data, expected.data);
    assert_eq!(observed.change_sets[..4], expected.change_sets[..4], "the history before the damage");
    assert_eq!(report.change_sets_kept, 4);
    assert_eq!(report.snapshot_used.as_ref().map(|(p, seq)| (p.ends_with("vastuu.snapshot"), *seq)), Some((true, 8)));
    assert_eq!((report.bridge_seq, report.change_sets_after_snapshot, report.last_seq), (Some(5), 4, 9));
    let bridge = &observed.change_sets[4];
    assert_eq!(bridge.actor.as_deref(), Some(SALVAGE_ACTOR));
    assert!(!bridge.changes.is_empty() && !bridge.keys.is_empty());
    // The new journal alone (without the snapshot salvage wrote) gives the same state.
    let new = keep.path().join("salvaged");
    fs::remove_file(new.join("vastuu.snapshot")).unwrap();
    let mut replayed = Directory::open(&new).unwrap().data();
    replayed.next_ids = expected.data.next_ids;
    assert_eq!(replayed, expected.data);
    // After the bridge, the old change sets 9..=12, renumbered, with their changes and actors.
    for (new, old) in observed.change_sets[5..].iter().zip(&expected.change_sets[8..]) {
        assert_eq!((new.seq, &new.changes, &new.actor, new.time), (old.seq - 3, &old.changes, &old.actor, old.time));
    }
}

/// A snapshot of a later change set than the journal's last (a copy taken while the store was
/// written) is refused by opening; salvage recovers its state.
#[test]
fn a_snapshot_newer_than_the_journal_is_recovered() {
    let old = File::new();
    let mut dir = open_directory(&old);
    advance_to(&mut dir, 23, 11).unwrap();
    let cut = fs::metadata(old.path().join(JOURNAL)).unwrap().len();
    advance_to(&mut dir, 23, 14).unwrap();
    dir.compact().unwrap();
    drop(dir);
    let journal = fs::read(old.path().join(JOURNAL)).unwrap();
    fs::write(old.path().join(JOURNAL), &journal[..cut as usize]).unwrap();
    assert!(Directory::open(old.path()).is_err());

    let (_keep, report, observed) = salvaged(&old);
    let expected = reference(23, 14);
    assert_eq!(observed.data, expected.data);
    assert_eq!(observed.change_sets[..11], expected.change_sets[..11]);
    assert_eq!((report.change_sets_kept, report.bridge_seq, report.last_seq), (11, Some(12), 12));
    assert_eq!(report.snapshot_used.map(|(_, seq)| seq), Some(14));
}

#[test]
fn salvage_refuses_an_open_store_a_non_store_and_a_used_target() {
    let old = File::new();
    let mut dir = open_directory(&old);
    advance_to(&mut dir, 24, 3).unwrap();
    let target = tempfile::tempdir().unwrap();
    let err = salvage(old.path(), target.path().join("new")).unwrap_err();
    assert!(matches!(err, Error::Store(StoreError::Locked { .. })), "{err:?}");
    assert!(!target.path().join("new").exists(), "nothing written when refused");
    drop(dir);

    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("notes.txt"), "not a store").unwrap();
    let err = salvage(other.path(), target.path().join("new")).unwrap_err();
    assert!(matches!(err, Error::Store(StoreError::NotAStore { .. })), "{err:?}");
    let err = salvage(other.path().join("notes.txt"), target.path().join("new")).unwrap_err();
    assert!(matches!(err, Error::Store(StoreError::NotAStore { .. })), "{err:?}");

    // Into a store that holds something: refused, and that store left alone.
    let used = File::new();
    let mut dir = open_directory(&used);
    advance_to(&mut dir, 25, 2).unwrap();
    let before = Observed::of(&dir);
    drop(dir);
    let err = salvage(old.path(), used.path()).unwrap_err();
    assert!(matches!(err, Error::Store(StoreError::NotAStore { .. })), "{err:?}");
    assert_eq!(Observed::of(&open_directory(&used)), before);
    // A whole store salvages to itself, history and all.
    let (_keep, report, observed) = salvaged(&old);
    assert_eq!(observed, reference(24, 3));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

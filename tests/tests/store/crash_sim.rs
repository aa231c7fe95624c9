//! Crashes on a simulated disk: the workload runs on a file store whose disk (`SimulatedDisk`)
//! keeps what each fsync made durable, and for every one of its operations the folder a crash
//! right after it would leave is opened with the ordinary `Directory::open`: with nothing unsynced
//! kept, with the write in flight cut short or only its length on the disk, with the unsynced
//! data kept, and with the unsynced folder entries kept. Each must hold every acknowledged change
//! set and nothing but the workload's own (the one in flight at most), take the workload's next
//! change set, and reopen with it. Some of the torn ones are then opened on a simulated disk of
//! their own and crashed again, after every operation of keeping the torn record aside, cutting
//! it off and appending the next change set.
//!
//! Unlike killing a process (`tests/crash.rs`), where the page cache survives, this fails when an
//! fsync the store relies on is missing: `a_disk_that_ignores_fsyncs_loses_acknowledged_change_sets`
//! checks that, with the journal's fsync, and then the store folder's, turned into no-ops.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use vastuu::{ChangeSet, Crash, CrashImage, CrashReplay, Data, Directory, FileStore, SimulatedDisk};
use vastuu_tests::backends::Observed;
use vastuu_tests::workload::{clock, step};

const SEED: u64 = 0x5EED_D15C;

/// What the workload made: the data after each change set and the change sets.
struct Workload {
    /// By sequence number (0: empty).
    data: Vec<Data>,
    change_sets: Vec<ChangeSet>,
}

impl Workload {
    /// What a store must hold after change set `seq`.
    fn after(&self, seq: u64) -> Option<Observed> {
        let n = usize::try_from(seq).unwrap();
        Some(Observed { data: self.data.get(n)?.clone(), change_sets: self.change_sets.get(..n)?.to_vec() })
    }
}

/// A store on a simulated disk, and what it acknowledged when.
struct Run {
    disk: SimulatedDisk,
    /// The store's folder.
    path: PathBuf,
    /// Each acknowledgement (the store opened, a change set, a compaction): the operations the
    /// disk had counted when it was given, and the directory's last change set then.
    acks: Vec<(u64, u64)>,
}

impl Run {
    /// After operation `k`: the last change set acknowledged, and the most the store may hold
    /// (the next acknowledgement's, in flight).
    fn allowed(&self, k: u64) -> (u64, u64) {
        let done = self.acks.iter().rposition(|&(ops, _)| ops <= k);
        let acknowledged = done.map_or(0, |i| self.acks[i].1);
        let next = done.map_or(0, |i| i + 1);
        let in_flight = self.acks.get(next).map_or(acknowledged, |&(_, seq)| seq);
        (acknowledged, in_flight)
    }
}

/// Opens the store in `path` on `disk` and makes `mutations` workload steps, compacting after
/// every `compact_every` of them. Returns the run, the data after opening and after each step,
/// and the directory.
fn run_on(disk: SimulatedDisk, path: PathBuf, mutations: u64, compact_every: u64) -> (Run, Vec<Data>, Directory) {
    let mut dir = Directory::with_store(FileStore::open_on_simulated_disk(&path, &disk).unwrap()).unwrap();
    dir.set_clock(clock());
    // What the folder held before it was opened was on the disk already: a crash while opening
    // must keep it.
    let mut run = Run { acks: vec![(0, dir.last_seq())], disk, path };
    let mut data = vec![dir.data()];
    for i in 1..=mutations {
        step(&mut dir, SEED).unwrap();
        run.acks.push((run.disk.operations(), dir.last_seq()));
        data.push(dir.data());
        if i.is_multiple_of(compact_every) {
            dir.compact().unwrap();
            run.acks.push((run.disk.operations(), dir.last_seq()));
        }
    }
    (run, data, dir)
}

/// Runs `mutations` workload steps on a new store on a simulated disk, compacting after every
/// `compact_every` of them; `lie` may make the disk ignore some fsyncs first.
fn run_workload(
    root: &Path,
    mutations: u64,
    compact_every: u64,
    lie: impl FnOnce(&SimulatedDisk, &Path),
) -> (Run, Workload) {
    let (disk, path) = (SimulatedDisk::new(), root.join("store"));
    lie(&disk, &path);
    let (run, data, dir) = run_on(disk, path, mutations, compact_every);
    let workload = Workload { data, change_sets: dir.change_sets().unwrap() };
    assert_eq!(workload.change_sets.len() as u64, mutations, "each step is one change set");
    (run, workload)
}

/// Why a crash image is not acceptable.
#[derive(Debug)]
enum Violation {
    /// The reopened store lacks an acknowledged change set.
    Lost(String),
    /// It does not open, holds what the workload never made, or does not take a new change set.
    Wrong(String),
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Violation::Lost(what) => write!(f, "an acknowledged change set lost: {what}"),
            Violation::Wrong(what) => write!(f, "{what}"),
        }
    }
}

/// What opening a crash image gave: the change sets it holds (all of them as the workload made
/// them, with the data after them), or why not.
type Outcome = Result<u64, String>;

/// Opens a crash image restored in `folder` with the ordinary store, checks it holds a prefix of
/// the workload, makes the next workload step on it and reopens it once more.
fn open_image(workload: &Workload, folder: &Path) -> Outcome {
    // A store folder the crash did not leave is created anew, as `Directory::open` does.
    let mut dir = Directory::open(folder).map_err(|e| format!("opening failed: {e}"))?;
    dir.set_clock(clock());
    let seq = dir.last_seq();
    match workload.after(seq) {
        Some(expected) if Observed::of(&dir) == expected => {}
        _ => return Err(format!("holds {seq} change sets that are not the workload's first {seq}")),
    }
    step(&mut dir, SEED).map_err(|e| format!("the next change set was refused: {e}"))?;
    let after = Observed::of(&dir);
    if workload.after(seq + 1).is_some_and(|expected| after != expected) {
        return Err(format!("change set {} after reopening is not the workload's", seq + 1));
    }
    drop(dir);
    let again = Directory::open(folder).map_err(|e| format!("reopening after change set {}: {e}", seq + 1))?;
    if Observed::of(&again) != after {
        return Err(format!("reopening lost change set {}", seq + 1));
    }
    Ok(seq)
}

/// The crashes tried after an operation: nothing unsynced kept, the unsynced data kept, the
/// unsynced folder entries kept, and, after a write, the write cut short (at a point that moves
/// with `k`, never all or none of it) and the write's length without its bytes.
fn crashes(k: u64, replay: &CrashReplay) -> Vec<Crash> {
    let mut crashes = vec![Crash::Durable, Crash::UnsyncedData, Crash::UnsyncedEntries];
    if let Some(len) = replay.last_write_len() {
        crashes.push(Crash::ZeroFilled);
        if len > 1 {
            let keep = 1 + usize::try_from(k.wrapping_mul(7919)).unwrap() % (len - 1);
            crashes.push(Crash::Torn { keep });
        }
    }
    crashes
}

/// What the check went through.
#[derive(Debug, Default)]
struct Checked {
    operations: u64,
    images: u64,
    /// Images opened (the others equal one opened just before).
    opened: u64,
    /// Images with a write cut short.
    torn: u64,
    /// Images holding the change set in flight, not yet acknowledged.
    in_flight_kept: u64,
    /// Images with the previous snapshot and no newest one (a compaction between its renames).
    previous_snapshot_only: u64,
    /// Torn images opened on a simulated disk and crashed again.
    nested: u64,
    nested_operations: u64,
}

/// Checks one crash image after operation `k`: restores it, opens it (or takes the outcome of
/// an equal image opened just before), and compares what it holds with what `run` acknowledged.
struct Checker<'a> {
    run: &'a Run,
    workload: &'a Workload,
    scratch: &'a Path,
    /// The last few images opened: the same image opens to the same outcome.
    recent: VecDeque<(CrashImage, Outcome)>,
    checked: Checked,
}

impl Checker<'_> {
    fn outcome(&mut self, image: CrashImage) -> Outcome {
        if let Some((_, outcome)) = self.recent.iter().find(|(seen, _)| *seen == image) {
            return outcome.clone();
        }
        self.checked.opened += 1;
        let folder = self.scratch.join("image");
        let _ = std::fs::remove_dir_all(&folder);
        let outcome = image
            .restore(&self.run.path, &folder)
            .map_err(|e| format!("restoring the image: {e}"))
            .and_then(|_| open_image(self.workload, &folder));
        if self.recent.len() == 4 {
            self.recent.pop_front();
        }
        self.recent.push_back((image, outcome.clone()));
        outcome
    }

    fn check(&mut self, k: u64, crash: Crash, replay: &CrashReplay) -> Result<(), Violation> {
        self.checked.images += 1;
        self.checked.torn += u64::from(matches!(crash, Crash::Torn { .. }));
        let (acknowledged, in_flight) = self.run.allowed(k);
        let context = || format!("crash ({crash:?}) after {}", replay.last_operation().unwrap_or("?"));
        let image = replay.image(crash);
        let file = |name: &str| image.file(self.run.path.join(name));
        self.checked.previous_snapshot_only +=
            u64::from(file("vastuu.snapshot").is_none() && file("vastuu.snapshot.prev").is_some());
        match self.outcome(image) {
            Err(e) => Err(Violation::Wrong(format!("{}: {e}", context()))),
            Ok(seq) if seq < acknowledged => Err(Violation::Lost(format!(
                "{}: change set {acknowledged} was acknowledged, the store holds {seq}",
                context()
            ))),
            Ok(seq) if seq > in_flight => Err(Violation::Wrong(format!(
                "{}: the store holds {seq} change sets, at most {in_flight} were written",
                context()
            ))),
            Ok(seq) => {
                self.checked.in_flight_kept += u64::from(seq > acknowledged);
                Ok(())
            }
        }
    }

    /// Opens the torn image after the last operation on a simulated disk of its own, cuts the
    /// torn record off and appends the next change set there, and checks the crash after each of
    /// those operations.
    fn check_recovery(&mut self, crash: Crash, replay: &CrashReplay) -> Result<(), Violation> {
        let folder = self.scratch.join(format!("recovery-{}", replay.operations()));
        assert!(replay.image(crash).restore(&self.run.path, &folder).unwrap());
        let (run, _, dir) = run_on(SimulatedDisk::new(), folder.clone(), 1, u64::MAX);
        drop(dir);
        let scratch = self.scratch.join("nested");
        std::fs::create_dir_all(&scratch).unwrap();
        let found = check_every_crash(&run, self.workload, &scratch, None).map_err(|v| {
            let context = format!("after reopening a crash ({crash:?}) after operation {}", replay.operations());
            match v {
                Violation::Lost(what) => Violation::Lost(format!("{context}: {what}")),
                Violation::Wrong(what) => Violation::Wrong(format!("{context}: {what}")),
            }
        })?;
        self.checked.nested += 1;
        self.checked.nested_operations += found.operations;
        std::fs::remove_dir_all(&folder).unwrap();
        Ok(())
    }
}

/// Checks the crash after every operation of `run`; the first violation found. Every
/// `recover_every`-th torn image is also checked with [`Checker::check_recovery`].
fn check_every_crash(
    run: &Run,
    workload: &Workload,
    scratch: &Path,
    recover_every: Option<u64>,
) -> Result<Checked, Violation> {
    let mut checker = Checker { run, workload, scratch, recent: VecDeque::new(), checked: Checked::default() };
    let mut replay = run.disk.replay();
    while let Some(k) = replay.advance() {
        checker.checked.operations = k;
        for crash in crashes(k, &replay) {
            checker.check(k, crash, &replay)?;
            if matches!(crash, Crash::Torn { .. })
                && recover_every.is_some_and(|n| checker.checked.torn.is_multiple_of(n))
            {
                checker.check_recovery(crash, &replay)?;
            }
        }
    }
    Ok(checker.checked)
}

#[test]
fn every_crash_on_a_simulated_disk_keeps_what_was_acknowledged() {
    let started = std::time::Instant::now();
    let (root, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (run, workload) = run_workload(root.path(), 240, 60, |_, _| {});
    assert!(
        workload.change_sets.iter().filter(|cs| cs.changes.len() > 1).count() >= 10,
        "the workload makes transactions of several changes"
    );
    let checked = check_every_crash(&run, &workload, scratch.path(), Some(8)).unwrap_or_else(|v| panic!("{v}"));
    let total = run.disk.operations();
    assert_eq!(checked.operations, total, "every operation was crashed after");
    assert!(total > 2 * 240, "each commit is a write and an fsync: {total} operations");
    // The cases that matter occurred: every append was also torn, a change set in flight that
    // reached the disk unsynced was kept, a compaction was caught between its renames, and
    // recovering from torn appends was crashed too.
    assert!(checked.torn >= 240 && checked.in_flight_kept > 0 && checked.previous_snapshot_only > 0, "{checked:?}");
    assert!(checked.nested >= 30, "{checked:?}");
    println!("{checked:?} in {:?}", started.elapsed());
}

#[test]
fn a_disk_that_ignores_fsyncs_loses_acknowledged_change_sets() {
    // The journal's fdatasync made a no-op: an appended change set is acknowledged, then lost.
    let (root, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (run, workload) = run_workload(root.path(), 12, 5, |disk, _| disk.ignore_syncs_of("vastuu.journal"));
    let found = check_every_crash(&run, &workload, scratch.path(), None);
    assert!(matches!(&found, Err(Violation::Lost(_))), "{found:?}");
    println!("{}", found.err().unwrap());

    // The store folder's fsync made a no-op: the journal renamed into place is not durable.
    let (root, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (run, workload) = run_workload(root.path(), 12, 5, |disk, path| disk.ignore_folder_syncs_of(path));
    let found = check_every_crash(&run, &workload, scratch.path(), None);
    assert!(matches!(&found, Err(Violation::Lost(_))), "{found:?}");
    println!("{}", found.err().unwrap());
}

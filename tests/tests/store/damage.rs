//! Damaged and foreign files: torn journals, flipped bytes, files that are not stores, newer
//! format versions, and a store opened twice. Each gives back what was acknowledged or a clear
//! error; none panics or changes a file it does not own.

use std::fs;
use std::path::Path;
use vastuu::{
    Directory, Error, FileStore, NewCustomer, RepairKind, SqliteStore, StoreError, FORMAT_VERSION,
    SQLITE_SCHEMA_VERSION,
};
use vastuu_tests::backends::{open_directory, Backend, File, Observed, Sqlite};
use vastuu_tests::workload::{advance_to, memory_directory, step};

const JOURNAL: &str = "vastuu.journal";
const SNAPSHOT: &str = "vastuu.snapshot";
const PREVIOUS: &str = "vastuu.snapshot.prev";
const FILE_HEADER_LEN: usize = 20;

fn store_error(result: Result<Directory, Error>) -> StoreError {
    match result {
        Err(Error::Store(e)) => e,
        Err(other) => panic!("expected a store error, got {other:?}"),
        Ok(dir) => panic!("expected an error, opened {dir:?}"),
    }
}

fn reference(seed: u64, seq: u64) -> Observed {
    let mut dir = memory_directory();
    advance_to(&mut dir, seed, seq).unwrap();
    Observed::of(&dir)
}

/// A file store with `n` change sets; returns it and the journal length after `n - 1` of them.
fn store_with(seed: u64, n: u64) -> (File, u64) {
    let place = File::new();
    let mut dir = open_directory(&place);
    advance_to(&mut dir, seed, n - 1).unwrap();
    let before_last = fs::metadata(place.path().join(JOURNAL)).unwrap().len();
    step(&mut dir, seed).unwrap();
    drop(dir);
    (place, before_last)
}

#[test]
fn a_journal_cut_at_every_byte_of_its_last_record_opens_without_it() {
    let place = File::new();
    let mut dir = open_directory(&place);
    advance_to(&mut dir, 2, 11).unwrap();
    let without_last = Observed::of(&dir);
    let last_start = fs::metadata(place.path().join(JOURNAL)).unwrap().len();
    // The last record: a few customers with long names, several hundred bytes.
    dir.transaction(|d| {
        for i in 0..4 {
            d.create_customer(NewCustomer::new(format!("Viimeinen {i} {}", "ö".repeat(60))))?;
        }
        Ok(())
    })
    .unwrap();
    let with_last = Observed::of(&dir);
    drop(dir);
    let journal = fs::read(place.path().join(JOURNAL)).unwrap();
    let full = journal.len() as u64;
    assert!(full - last_start > 500, "the last record is {} bytes", full - last_start);
    for cut in last_start..=full {
        let copy = place.fork();
        let path = copy.path().join(JOURNAL);
        fs::write(&path, &journal[..cut as usize]).unwrap();
        let mut dir = open_directory(&copy);
        let expected = if cut == full { &with_last } else { &without_last };
        assert_eq!(&Observed::of(&dir), expected, "cut at byte {cut}");
        // The torn record was cut away on opening, so what is appended next is readable.
        assert_eq!(fs::metadata(&path).unwrap().len(), if cut == full { cut } else { last_start });
        // What was cut off is reported, and kept byte for byte beside the store.
        let report = dir.open_report();
        if cut == full || cut == last_start {
            assert!(report.is_clean(), "cut at byte {cut}: {report:?}");
        } else {
            let [repair] = &report.repairs[..] else { panic!("cut at byte {cut}: {report:?}") };
            assert_eq!(repair.kind, RepairKind::TornRecord, "cut at byte {cut}: {}", repair.detail);
            assert_eq!((repair.offset, repair.bytes), (last_start, cut - last_start));
            let saved = repair.saved_to.as_ref().unwrap();
            assert_eq!(fs::read(saved).unwrap(), &journal[last_start as usize..cut as usize]);
            assert!(repair.detail.contains("never acknowledged"), "{}", repair.detail);
        }
        if cut % 32 == 0 || cut == last_start + 1 {
            step(&mut dir, 2).unwrap();
            let later = Observed::of(&dir);
            drop(dir);
            assert_eq!(Observed::of(&open_directory(&copy)), later, "cut at byte {cut}, then a mutation");
        }
    }
}

#[test]
fn a_flipped_byte_in_an_earlier_record_is_a_clear_error() {
    let (place, _) = store_with(3, 10);
    let journal = fs::read(place.path().join(JOURNAL)).unwrap();
    let (_, valid_len) = FileStore::decode_journal(&journal).unwrap();
    assert_eq!(valid_len, journal.len() as u64);
    // Record boundaries, from the length prefixes.
    let mut starts = Vec::new();
    let mut pos = FILE_HEADER_LEN;
    while pos < journal.len() {
        starts.push(pos);
        pos += 12 + u32::from_le_bytes(journal[pos..pos + 4].try_into().unwrap()) as usize;
    }
    assert_eq!(starts.len(), 10);
    // Every byte of a record in the middle, and a few bytes of the others before the last.
    let middle = starts[5]..starts[6];
    let spots = middle.chain(starts[..9].iter().map(|s| s + 13)).chain(starts[1..9].iter().map(|s| s - 1));
    for spot in spots {
        let copy = place.fork();
        let mut damaged = journal.clone();
        damaged[spot] ^= 0x10;
        fs::write(copy.path().join(JOURNAL), &damaged).unwrap();
        let record = *starts.iter().rfind(|&&s| s <= spot).unwrap() as u64;
        match store_error(Directory::open(copy.path())) {
            StoreError::CorruptFile { path, offset, detail } => {
                assert_eq!(offset, record, "byte {spot}: {detail}");
                assert!(path.ends_with(JOURNAL));
                assert!(detail.contains("valid record after it"), "{detail}");
            }
            other => panic!("byte {spot}: expected corruption, got {other:?}"),
        }
        // The damaged file is left as it was, for a person to look at.
        assert_eq!(fs::read(copy.path().join(JOURNAL)).unwrap(), damaged);
    }
}

/// The history is read back from the journal when asked for, and each record's checksums are
/// checked again then: a record damaged while the store is open is a clear error naming it, the
/// other change sets still read, and the store still takes writes.
#[test]
fn history_read_from_a_record_damaged_while_open_is_a_clear_error() {
    let place = File::new();
    let mut dir = open_directory(&place);
    let first = dir.create_customer(NewCustomer::new("Ensimmäinen")).unwrap();
    let second_start = fs::metadata(place.path().join(JOURNAL)).unwrap().len();
    let second = dir.create_customer(NewCustomer::new("Toinen")).unwrap();
    let third_start = fs::metadata(place.path().join(JOURNAL)).unwrap().len();
    dir.archive_customer(first).unwrap();
    assert_eq!(dir.history(second).unwrap().len(), 1);
    let expected = dir.history(first).unwrap();

    // Another program flips a byte of the second change set's payload.
    let path = place.path().join(JOURNAL);
    let mut journal = fs::read(&path).unwrap();
    let spot = usize::try_from(second_start).unwrap() + 14;
    assert!(spot < usize::try_from(third_start).unwrap());
    journal[spot] ^= 0x20;
    fs::write(&path, &journal).unwrap();

    match dir.history(second) {
        Err(Error::Store(StoreError::CorruptFile { path, offset, detail })) => {
            assert!(path.ends_with(JOURNAL));
            assert_eq!(offset, second_start);
            assert!(detail.contains("checksum"), "{detail}");
        }
        other => panic!("expected a corrupt record, got {other:?}"),
    }
    assert!(matches!(dir.change_sets(), Err(Error::Store(StoreError::CorruptFile { .. }))));
    assert_eq!(dir.history(first).unwrap(), expected, "the undamaged records still read");
    dir.create_team("Huolto").unwrap();
    assert_eq!(dir.change_set_range(4, 4).unwrap()[0].seq, 4);
}

/// A damaged *last* record cannot be told from a write cut short by a crash: it is dropped,
/// as a torn record is (it was the one write that may not have been acknowledged).
#[test]
fn a_flipped_byte_in_the_last_record_counts_as_a_torn_write() {
    let (place, last_start) = store_with(3, 10);
    let journal = fs::read(place.path().join(JOURNAL)).unwrap();
    let mut damaged = journal.clone();
    damaged[last_start as usize + 20] ^= 1;
    fs::write(place.path().join(JOURNAL), &damaged).unwrap();
    let dir = open_directory(&place);
    assert_eq!(Observed::of(&dir), reference(3, 9));
    // Unlike a record cut short, a whole one may have been acknowledged: it is reported as
    // damaged, and its bytes are kept.
    let report = dir.open_report();
    let [repair] = &report.repairs[..] else { panic!("{report:?}") };
    assert_eq!(repair.kind, RepairKind::DamagedLastRecord, "{}", repair.detail);
    assert_eq!((repair.offset, repair.bytes), (last_start, journal.len() as u64 - last_start));
    assert_eq!(fs::read(repair.saved_to.as_ref().unwrap()).unwrap(), &damaged[last_start as usize..]);
    assert!(repair.detail.contains("checksum"), "{}", repair.detail);
    drop(dir);
    // Opening again finds nothing more to mend, and keeps the first copy.
    assert!(open_directory(&place).open_report().is_clean());
    assert!(repair.saved_to.as_ref().unwrap().exists());
}

/// A damaged newest snapshot is set aside and the previous one loaded, with the journal after
/// it: the same state, reported, the damaged bytes kept.
#[test]
fn a_damaged_snapshot_falls_back_to_the_previous_one() {
    let place = File::new();
    let mut dir = open_directory(&place);
    advance_to(&mut dir, 4, 10).unwrap();
    dir.compact().unwrap();
    advance_to(&mut dir, 4, 20).unwrap();
    dir.compact().unwrap();
    advance_to(&mut dir, 4, 25).unwrap();
    drop(dir);
    let expected = reference(4, 25);
    let snapshot = fs::read(place.path().join(SNAPSHOT)).unwrap();
    assert!(place.path().join(PREVIOUS).exists(), "compacting keeps the previous snapshot");
    for spot in [0, 16, 20, 25, snapshot.len() / 2, snapshot.len() - 1] {
        let copy = place.fork();
        let mut damaged = snapshot.clone();
        damaged[spot] ^= 0x01;
        fs::write(copy.path().join(SNAPSHOT), &damaged).unwrap();
        let mut dir = open_directory(&copy);
        assert_eq!(Observed::of(&dir), expected, "byte {spot}");
        let report = dir.open_report();
        let [repair] = &report.repairs[..] else { panic!("byte {spot}: {report:?}") };
        assert_eq!(repair.kind, RepairKind::SnapshotFallback);
        assert!(repair.path.ends_with(SNAPSHOT));
        assert!(repair.detail.contains("change set 10"), "{}", repair.detail);
        assert_eq!(fs::read(repair.saved_to.as_ref().unwrap()).unwrap(), damaged, "byte {spot}");
        // The store goes on: a mutation, a new snapshot, and a clean reopening.
        step(&mut dir, 4).unwrap();
        dir.compact().unwrap();
        let later = Observed::of(&dir);
        drop(dir);
        let dir = open_directory(&copy);
        assert!(dir.open_report().is_clean());
        assert_eq!(Observed::of(&dir), later);
    }
    // A crash between setting the newest snapshot aside as the previous one and renaming the
    // new one into place leaves only the previous one: it is loaded.
    let copy = place.fork();
    fs::remove_file(copy.path().join(SNAPSHOT)).unwrap();
    let dir = open_directory(&copy);
    assert_eq!(Observed::of(&dir), expected);
    assert!(dir.open_report().is_clean());
}

/// A snapshot of a later change set than the journal's last (a copy of a store taken while it
/// was written) is refused: loading an older one would drop the change sets only it holds.
#[test]
fn a_snapshot_newer_than_the_journal_is_refused_naming_salvage() {
    let (place, before_last) = store_with(6, 12);
    let copy = place.fork();
    let mut dir = open_directory(&copy);
    dir.compact().unwrap();
    drop(dir);
    let journal = fs::read(copy.path().join(JOURNAL)).unwrap();
    fs::write(copy.path().join(JOURNAL), &journal[..before_last as usize]).unwrap();
    match store_error(Directory::open(copy.path())) {
        StoreError::Corrupt { detail } => {
            assert!(detail.contains("change set 12") && detail.contains("salvage"), "{detail}")
        }
        other => panic!("expected corruption, got {other:?}"),
    }
}

#[test]
fn a_damaged_snapshot_or_file_header_is_a_clear_error() {
    let place = File::new();
    let mut dir = open_directory(&place);
    advance_to(&mut dir, 4, 10).unwrap();
    dir.compact().unwrap();
    drop(dir);
    let snapshot = fs::read(place.path().join(SNAPSHOT)).unwrap();
    for spot in [16, 20, 25, 33, snapshot.len() / 2, snapshot.len() - 1] {
        let copy = place.fork();
        let mut damaged = snapshot.clone();
        damaged[spot] ^= 0x01;
        fs::write(copy.path().join(SNAPSHOT), &damaged).unwrap();
        match store_error(Directory::open(copy.path())) {
            StoreError::CorruptFile { path, offset, .. } => {
                assert!(path.ends_with(SNAPSHOT));
                assert_eq!(offset, if spot < FILE_HEADER_LEN { 0 } else { FILE_HEADER_LEN as u64 }, "byte {spot}");
            }
            other => panic!("byte {spot}: expected corruption, got {other:?}"),
        }
    }
    for cut in [0, 5, 19, 20, 31, snapshot.len() - 1] {
        let copy = place.fork();
        fs::write(copy.path().join(SNAPSHOT), &snapshot[..cut]).unwrap();
        let error = store_error(Directory::open(copy.path()));
        assert!(matches!(error, StoreError::CorruptFile { .. } | StoreError::NotAStore { .. }), "cut {cut}: {error:?}");
    }
    let journal = fs::read(place.path().join(JOURNAL)).unwrap();
    for spot in [12, 16, 19] {
        let copy = place.fork();
        let mut damaged = journal.clone();
        damaged[spot] ^= 0x01;
        fs::write(copy.path().join(JOURNAL), &damaged).unwrap();
        let error = store_error(Directory::open(copy.path()));
        assert!(matches!(error, StoreError::CorruptFile { offset: 0, .. }), "byte {spot}: {error:?}");
    }
    // A snapshot without its journal.
    let copy = place.fork();
    fs::remove_file(copy.path().join(JOURNAL)).unwrap();
    assert!(matches!(store_error(Directory::open(copy.path())), StoreError::Corrupt { .. }));
}

/// Bytes of a SQLite database changed behind the store's back are an error, not a panic.
#[test]
fn a_damaged_sqlite_store_is_a_clear_error() {
    let place = Sqlite::new();
    let mut dir = open_directory(&place);
    advance_to(&mut dir, 5, 10).unwrap();
    drop(dir);
    let conn = rusqlite::Connection::open(place.path()).unwrap();
    conn.execute("UPDATE change_set SET data = X'FF00FF' WHERE seq = 4", []).unwrap();
    drop(conn);
    match store_error(Directory::with_store(place.open())) {
        StoreError::Corrupt { detail } => assert!(detail.contains("change set 4"), "{detail}"),
        other => panic!("{other:?}"),
    }
    let conn = rusqlite::Connection::open(place.path()).unwrap();
    conn.execute("DELETE FROM change_set WHERE seq = 4", []).unwrap();
    drop(conn);
    assert!(matches!(store_error(Directory::with_store(place.open())), StoreError::Corrupt { .. }));

    // Garbage over the page headers of every page but the first.
    let place = Sqlite::new();
    let mut dir = open_directory(&place);
    advance_to(&mut dir, 5, 40).unwrap();
    drop(dir);
    let mut bytes = fs::read(place.path()).unwrap();
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    assert!(bytes.len() > 2 * page);
    for start in (page..bytes.len()).step_by(page) {
        for b in &mut bytes[start..start + 16] {
            *b = 0xA5;
        }
    }
    fs::write(place.path(), &bytes).unwrap();
    match SqliteStore::open(place.path()) {
        Err(e) => assert!(matches!(e, StoreError::Corrupt { .. } | StoreError::Io { .. }), "{e:?}"),
        Ok(store) => assert!(Directory::with_store(store).is_err()),
    }
}

#[test]
fn something_that_is_not_a_store_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("notes.txt");
    fs::write(&text, "muistiinpanoja\n").unwrap();
    let folder = tmp.path().join("photos");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("kesä.jpg"), [0xFF, 0xD8, 0xFF]).unwrap();
    let other_db = tmp.path().join("other.db");
    let conn = rusqlite::Connection::open(&other_db).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1);").unwrap();
    drop(conn);
    let other_db_bytes = fs::read(&other_db).unwrap();
    let fake_journal = tmp.path().join("fake");
    fs::create_dir(&fake_journal).unwrap();
    fs::write(fake_journal.join(JOURNAL), "this is no journal").unwrap();
    let file_store = File::new();
    drop(open_directory(&file_store));
    let sqlite_store = Sqlite::new();
    drop(open_directory(&sqlite_store));

    let not_a_store = |e: StoreError, what: &str| assert!(matches!(e, StoreError::NotAStore { .. }), "{what}: {e:?}");
    // The file store.
    not_a_store(store_error(Directory::open(&text)), "a text file");
    not_a_store(store_error(Directory::open(&folder)), "a folder of photos");
    not_a_store(store_error(Directory::open(&other_db)), "a SQLite database");
    not_a_store(store_error(Directory::open(sqlite_store.path())), "a vastuu SQLite store");
    not_a_store(store_error(Directory::open(&fake_journal)), "a folder with a fake journal");
    // The SQLite store.
    not_a_store(SqliteStore::open(&text).unwrap_err(), "a text file");
    not_a_store(SqliteStore::open(&other_db).unwrap_err(), "another application's database");
    not_a_store(SqliteStore::open(file_store.path()).unwrap_err(), "a file store folder");
    not_a_store(SqliteStore::open(file_store.path().join(JOURNAL)).unwrap_err(), "a file store journal");

    assert_eq!(fs::read_to_string(&text).unwrap(), "muistiinpanoja\n");
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 1, "nothing was added to the photos");
    assert_eq!(fs::read(&other_db).unwrap(), other_db_bytes);
    assert_eq!(fs::read_to_string(fake_journal.join(JOURNAL)).unwrap(), "this is no journal");
    // The real stores still open.
    open_directory(&file_store);
    open_directory(&sqlite_store);
    // Error messages say what happened.
    let message = Error::from(SqliteStore::open(&text).unwrap_err()).to_string();
    assert!(message.contains("not a vastuu store"), "{message}");
}

/// Rewrites a file header as a newer version would (with its checksum right).
fn with_version(bytes: &[u8], version: u32) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[8..12].copy_from_slice(&version.to_le_bytes());
    let crc = crc32(&out[..16]);
    out[16..20].copy_from_slice(&crc.to_le_bytes());
    out
}

/// CRC-32 (IEEE), bit by bit: independent of the library's implementation.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn a_newer_format_version_is_refused() {
    let place = File::new();
    let mut dir = open_directory(&place);
    advance_to(&mut dir, 6, 5).unwrap();
    dir.compact().unwrap();
    drop(dir);
    // The header check itself is right: the current version with a recomputed checksum opens.
    for name in [JOURNAL, SNAPSHOT] {
        let copy = place.fork();
        let path = copy.path().join(name);
        fs::write(&path, with_version(&fs::read(&path).unwrap(), FORMAT_VERSION)).unwrap();
        assert_eq!(Observed::of(&open_directory(&copy)), reference(6, 5));
    }
    for name in [JOURNAL, SNAPSHOT] {
        let copy = place.fork();
        let path = copy.path().join(name);
        let newer = with_version(&fs::read(&path).unwrap(), FORMAT_VERSION + 1);
        fs::write(&path, &newer).unwrap();
        match store_error(Directory::open(copy.path())) {
            StoreError::UnsupportedVersion { path: p, found, supported } => {
                assert_eq!((found, supported), (FORMAT_VERSION + 1, FORMAT_VERSION));
                assert!(p.ends_with(name));
            }
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(fs::read(&path).unwrap(), newer, "{name} untouched");
    }

    let place = Sqlite::new();
    drop(open_directory(&place));
    let conn = rusqlite::Connection::open(place.path()).unwrap();
    conn.pragma_update(None, "user_version", SQLITE_SCHEMA_VERSION + 1).unwrap();
    drop(conn);
    match SqliteStore::open(place.path()).unwrap_err() {
        StoreError::UnsupportedVersion { found, supported, .. } => {
            assert_eq!((found, supported), (SQLITE_SCHEMA_VERSION + 1, SQLITE_SCHEMA_VERSION));
        }
        other => panic!("{other:?}"),
    }
}

fn assert_locked(e: StoreError, path: &Path) {
    match e {
        StoreError::Locked { path: p } => assert_eq!(p, path),
        other => panic!("expected Locked, got {other:?}"),
    }
}

#[test]
fn a_store_opens_once_at_a_time_in_one_process() {
    let file = File::new();
    let first = Directory::open(file.path()).unwrap();
    assert_locked(store_error(Directory::open(file.path())), &file.path());
    drop(first);
    Directory::open(file.path()).unwrap();

    let sqlite = Sqlite::new();
    let first = SqliteStore::open(sqlite.path()).unwrap();
    assert_locked(SqliteStore::open(sqlite.path()).unwrap_err(), &sqlite.path());
    drop(first);
    SqliteStore::open(sqlite.path()).unwrap();
}

/// Another process holding the store open: opening it here is refused until that process ends.
#[test]
fn a_store_another_process_has_open_is_refused() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let file = File::new();
    let sqlite = Sqlite::new();
    for (backend, path) in [("file", file.path()), ("sqlite", sqlite.path())] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-child"))
            .args(["hold", backend, path.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "open", "{backend}");
        let error = match backend {
            "file" => FileStore::open(&path).unwrap_err(),
            _ => SqliteStore::open(&path).unwrap_err(),
        };
        assert_locked(error, &path);
        // The child writes one change set on request while we are refused, then exits.
        child.stdin.take().unwrap().write_all(b"write\n").unwrap();
        assert!(child.wait().unwrap().success(), "{backend}");
        let dir = match backend {
            "file" => Directory::open(&path).unwrap(),
            _ => Directory::with_store(SqliteStore::open(&path).unwrap()).unwrap(),
        };
        assert_eq!(dir.last_seq(), 1, "{backend}: the other process's change set is there");
    }
}

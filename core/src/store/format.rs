//! The file store's on-disk format: file headers, checksummed records, and decoding them.
//!
//! Every file starts with a 20-byte header:
//!
//! | bytes | content |
//! |---|---|
//! | 0..8 | magic `VASTUUst` |
//! | 8..12 | format version, u32 little-endian: 1 up to [`FORMAT_VERSION`] (the one written) |
//! | 12..16 | file kind, u32 little-endian: 1 journal, 2 snapshot |
//! | 16..20 | CRC-32 of bytes 0..16 |
//!
//! Then records, each a 12-byte record header and a payload:
//!
//! | bytes | content |
//! |---|---|
//! | 0..4 | payload length, u32 little-endian, at least 1 |
//! | 4..8 | CRC-32 of the payload |
//! | 8..12 | CRC-32 of bytes 0..8 (so a damaged length is recognised as such) |
//! | 12.. | payload: one stored record (see [`record`](mod@record)) in postcard encoding |
//!
//! A journal holds one record per change set, in sequence order; a snapshot file holds exactly
//! one record, the [`Snapshot`]. A file's records are in the format version of its header.
//!
//! Decoding never panics and never allocates more than the input justifies: every length is
//! checked against the bytes actually present before use, and postcard bounds the capacity it
//! reserves for sequences.

use super::record::{self, FORMAT_VERSION};
use crate::error::StoreError;
use crate::model::ChangeSet;
use crate::store::Snapshot;
use std::path::Path;

/// The first eight bytes of every file of a file store.
pub(crate) const MAGIC: [u8; 8] = *b"VASTUUst";
/// Length of a file header.
pub(crate) const FILE_HEADER_LEN: usize = 20;
/// Length of a record header.
pub(crate) const RECORD_HEADER_LEN: usize = 12;

/// What a file of a file store holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    Journal = 1,
    Snapshot = 2,
}

impl FileKind {
    fn name(self) -> &'static str {
        match self {
            FileKind::Journal => "journal",
            FileKind::Snapshot => "snapshot",
        }
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

/// The header of a new file of `kind`.
pub(crate) fn file_header(kind: FileKind) -> [u8; FILE_HEADER_LEN] {
    let mut h = [0u8; FILE_HEADER_LEN];
    h[..8].copy_from_slice(&MAGIC);
    h[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    h[12..16].copy_from_slice(&(kind as u32).to_le_bytes());
    let crc = crc32fast::hash(&h[..16]);
    h[16..20].copy_from_slice(&crc.to_le_bytes());
    h
}

/// Checks a file's header: a vastuu file, of a version this library reads, of the expected kind.
/// Returns the file's format version.
pub(crate) fn check_file_header(bytes: &[u8], path: &Path, kind: FileKind) -> Result<u32, StoreError> {
    if bytes.get(..8) != Some(&MAGIC[..]) {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
            reason: format!("the file does not start with the vastuu {} header", kind.name()),
        });
    }
    let corrupt = |detail: &str| StoreError::CorruptFile { path: path.to_path_buf(), offset: 0, detail: detail.into() };
    let version = u32_at(bytes, 8).ok_or_else(|| corrupt("the file header is cut short"))?;
    if version > FORMAT_VERSION {
        return Err(StoreError::UnsupportedVersion {
            path: path.to_path_buf(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let (Some(found_kind), Some(crc), Some(head)) = (u32_at(bytes, 12), u32_at(bytes, 16), bytes.get(..16)) else {
        return Err(corrupt("the file header is cut short"));
    };
    if crc32fast::hash(head) != crc {
        return Err(corrupt("file header checksum mismatch"));
    }
    if version == 0 {
        return Err(corrupt("format version 0"));
    }
    if found_kind != kind as u32 {
        return Err(corrupt(&format!(
            "file kind {found_kind} where a {} (kind {}) was expected",
            kind.name(),
            kind as u32
        )));
    }
    Ok(version)
}

/// Frames a payload as a record: header with length and checksums, then the payload.
pub(crate) fn record(payload: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut out = Vec::with_capacity(RECORD_HEADER_LEN + payload.len());
    out.extend_from_slice(&[0; RECORD_HEADER_LEN]);
    out.extend_from_slice(payload);
    frame(&mut out, 0)?;
    Ok(out)
}

/// Appends the record of a change set (header and payload) to `out`, reusing its room: what the
/// file store appends to its journal. On an error `out` is as it was.
pub(crate) fn append_change_set_record(change_set: &ChangeSet, out: &mut Vec<u8>) -> Result<(), StoreError> {
    let start = out.len();
    out.extend_from_slice(&[0; RECORD_HEADER_LEN]);
    let framed = record::encode_change_set_into(change_set, out).and_then(|()| frame(out, start));
    if framed.is_err() {
        out.truncate(start);
    }
    framed
}

/// Fills in the header of the record starting at `start` in `bytes`, whose payload is the rest.
fn frame(bytes: &mut [u8], start: usize) -> Result<(), StoreError> {
    let record = bytes.get_mut(start..).unwrap_or_default();
    let payload_len = record.len().saturating_sub(RECORD_HEADER_LEN);
    let len = u32::try_from(payload_len)
        .ok()
        .filter(|&l| l > 0)
        .ok_or_else(|| StoreError::Failed(format!("a record of {payload_len} bytes cannot be stored")))?;
    let (head, payload) = record.split_at_mut(RECORD_HEADER_LEN);
    head[..4].copy_from_slice(&len.to_le_bytes());
    head[4..8].copy_from_slice(&crc32fast::hash(payload).to_le_bytes());
    let header_crc = crc32fast::hash(&head[..8]);
    head[8..12].copy_from_slice(&header_crc.to_le_bytes());
    Ok(())
}

/// A whole journal file of the current format holding `change_sets`.
pub(crate) fn journal_file(change_sets: &[ChangeSet]) -> Result<Vec<u8>, StoreError> {
    let mut out = file_header(FileKind::Journal).to_vec();
    for cs in change_sets {
        out.extend(record(&record::encode_change_set(cs)?)?);
    }
    Ok(out)
}

/// A whole snapshot file of the current format holding `snapshot`.
pub(crate) fn snapshot_file(snapshot: &Snapshot) -> Result<Vec<u8>, StoreError> {
    let mut out = file_header(FileKind::Snapshot).to_vec();
    out.extend(record(&record::encode_snapshot(snapshot)?)?);
    Ok(out)
}

/// The record starting at `pos`: its payload and where the next one starts, or what is wrong.
/// What [`record_at`] says of a record the file ends inside of.
const HEADER_CUT_SHORT: &str = "record header cut short";
const PAST_THE_END: &str = "record runs past the end of the file";

/// Whether a problem [`record_at`] found means the record was cut short (the file ends before
/// the record does), rather than whole and damaged.
pub(crate) fn is_cut_short(problem: &str) -> bool {
    problem == HEADER_CUT_SHORT || problem == PAST_THE_END
}

fn record_at(bytes: &[u8], pos: usize) -> Result<(&[u8], usize), &'static str> {
    let head = bytes.get(pos..pos.saturating_add(RECORD_HEADER_LEN)).ok_or(HEADER_CUT_SHORT)?;
    let (Some(len), Some(payload_crc), Some(header_crc)) = (u32_at(head, 0), u32_at(head, 4), u32_at(head, 8)) else {
        return Err(HEADER_CUT_SHORT);
    };
    if crc32fast::hash(head.get(..8).unwrap_or_default()) != header_crc {
        return Err("record header checksum mismatch");
    }
    if len == 0 {
        return Err("empty record");
    }
    let start = pos + RECORD_HEADER_LEN;
    let end = start.checked_add(len as usize).ok_or(PAST_THE_END)?;
    let payload = bytes.get(start..end).ok_or(PAST_THE_END)?;
    if crc32fast::hash(payload) != payload_crc {
        return Err("record checksum mismatch");
    }
    Ok((payload, end))
}

/// The first offset after `from` where a whole valid record starts, if any.
fn valid_record_after(bytes: &[u8], from: usize) -> Option<usize> {
    let last = bytes.len().checked_sub(RECORD_HEADER_LEN)?;
    (from..=last).find(|&p| record_at(bytes, p).is_ok())
}

/// A journal's records, found by [`scan_journal`].
#[derive(Debug)]
pub(crate) struct ScannedJournal<'a> {
    /// The format version of the journal's header, and so of its records.
    pub(crate) version: u32,
    /// Offset and payload of each valid record, in file order.
    pub(crate) records: Vec<(usize, &'a [u8])>,
    /// Where the valid records end; bytes after this are a torn last record.
    pub(crate) valid_len: usize,
    /// Offset of a torn last record, and what is wrong with it.
    pub(crate) torn: Option<(usize, &'static str)>,
}

/// Splits a journal (header included) into records. A damaged record with no valid record after
/// it is a torn last write and ends the journal; one with a valid record after it is corruption.
pub(crate) fn scan_journal<'a>(bytes: &'a [u8], path: &Path) -> Result<ScannedJournal<'a>, StoreError> {
    let version = check_file_header(bytes, path, FileKind::Journal)?;
    let mut records = Vec::new();
    let mut pos = FILE_HEADER_LEN;
    while pos < bytes.len() {
        match record_at(bytes, pos) {
            Ok((payload, end)) => {
                records.push((pos, payload));
                pos = end;
            }
            Err(problem) => {
                if let Some(next) = valid_record_after(bytes, pos + 1) {
                    return Err(StoreError::CorruptFile {
                        path: path.to_path_buf(),
                        offset: pos as u64,
                        detail: format!("{problem}, with a valid record after it at byte {next}"),
                    });
                }
                return Ok(ScannedJournal { version, records, valid_len: pos, torn: Some((pos, problem)) });
            }
        }
    }
    Ok(ScannedJournal { version, records, valid_len: pos, torn: None })
}

/// A journal read as far as it can be (for salvage): every valid record, and the damaged
/// stretches between them.
#[derive(Debug)]
pub(crate) struct LenientScan<'a> {
    /// The header's format version (the current one when the header is damaged).
    pub(crate) version: u32,
    /// What is wrong with the header, if anything.
    pub(crate) header_problem: Option<String>,
    /// Offset and payload of each valid record, in file order.
    pub(crate) records: Vec<(usize, &'a [u8])>,
    /// Offset and length of each damaged stretch skipped, and what was wrong at its start.
    pub(crate) skipped: Vec<(usize, usize, &'static str)>,
}

/// Reads every valid record of a journal, skipping damaged stretches (up to the next place a
/// valid record starts) instead of stopping at the first.
///
/// # Errors
/// [`StoreError::UnsupportedVersion`]: a journal of a newer format cannot be read at all.
pub(crate) fn scan_leniently<'a>(bytes: &'a [u8], path: &Path) -> Result<LenientScan<'a>, StoreError> {
    let (version, header_problem) = match check_file_header(bytes, path, FileKind::Journal) {
        Ok(version) => (version, None),
        Err(newer @ StoreError::UnsupportedVersion { .. }) => return Err(newer),
        Err(problem) => (FORMAT_VERSION, Some(problem.to_string())),
    };
    let (mut records, mut skipped) = (Vec::new(), Vec::new());
    let mut pos = FILE_HEADER_LEN;
    while pos < bytes.len() {
        match record_at(bytes, pos) {
            Ok((payload, end)) => {
                records.push((pos, payload));
                pos = end;
            }
            Err(problem) => {
                let next = valid_record_after(bytes, pos + 1).unwrap_or(bytes.len());
                skipped.push((pos, next - pos, problem));
                pos = next;
            }
        }
    }
    Ok(LenientScan { version, header_problem, records, skipped })
}

/// Decodes the change sets of a scanned journal and checks they are numbered 1, 2, 3, …
pub(crate) fn decode_change_sets(journal: &ScannedJournal<'_>, path: &Path) -> Result<Vec<ChangeSet>, StoreError> {
    let mut out: Vec<ChangeSet> = Vec::with_capacity(journal.records.len());
    for &(offset, payload) in &journal.records {
        let corrupt =
            |detail: String| StoreError::CorruptFile { path: path.to_path_buf(), offset: offset as u64, detail };
        let cs = record::decode_change_set(journal.version, payload)
            .map_err(|e| corrupt(format!("undecodable change set: {e}")))?;
        let expected = out.last().map_or(1, |prev| prev.seq.saturating_add(1));
        if cs.seq != expected {
            return Err(corrupt(format!("change set {} where change set {expected} was expected", cs.seq)));
        }
        out.push(cs);
    }
    Ok(out)
}

/// Decodes records read back from a journal of format `version`: `bytes`, read from byte `at`,
/// must be whole records back to back, of change sets `first`, `first + 1`, … Each record's
/// checksums are checked again; a record that fails them, or does not decode to the change set
/// expected there, is [`StoreError::CorruptFile`] at its offset. The change sets go to `out`.
pub(crate) fn decode_records_at(
    bytes: &[u8],
    at: u64,
    version: u32,
    first: u64,
    path: &Path,
    out: &mut Vec<ChangeSet>,
) -> Result<(), StoreError> {
    let mut pos = 0;
    let mut expected = first;
    while pos < bytes.len() {
        let corrupt =
            |detail: String| StoreError::CorruptFile { path: path.to_path_buf(), offset: at + pos as u64, detail };
        let (payload, end) =
            record_at(bytes, pos).map_err(|problem| corrupt(format!("{problem} (change set {expected})")))?;
        let cs =
            record::decode_change_set(version, payload).map_err(|e| corrupt(format!("undecodable change set: {e}")))?;
        if cs.seq != expected {
            return Err(corrupt(format!("change set {} where change set {expected} was expected", cs.seq)));
        }
        out.push(cs);
        pos = end;
        expected += 1;
    }
    Ok(())
}

/// Decodes a whole snapshot file (header included).
pub(crate) fn decode_snapshot_file(bytes: &[u8], path: &Path) -> Result<Snapshot, StoreError> {
    let version = check_file_header(bytes, path, FileKind::Snapshot)?;
    let corrupt =
        |detail: String| StoreError::CorruptFile { path: path.to_path_buf(), offset: FILE_HEADER_LEN as u64, detail };
    let (payload, end) = record_at(bytes, FILE_HEADER_LEN).map_err(|p| corrupt(p.to_owned()))?;
    if end != bytes.len() {
        return Err(corrupt(format!("{} bytes after the snapshot record", bytes.len() - end)));
    }
    record::decode_snapshot(version, payload).map_err(|e| corrupt(format!("undecodable snapshot: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal_with(payloads: &[&[u8]]) -> Vec<u8> {
        let mut bytes = file_header(FileKind::Journal).to_vec();
        for p in payloads {
            bytes.extend(record(p).unwrap());
        }
        bytes
    }

    #[test]
    fn records_round_trip_and_torn_tails_are_found() {
        let bytes = journal_with(&[b"one", b"second record"]);
        let full = scan_journal(&bytes, Path::new("j")).unwrap();
        assert_eq!(full.records.iter().map(|r| r.1).collect::<Vec<_>>(), vec![&b"one"[..], &b"second record"[..]]);
        assert!(full.torn.is_none());
        let second = full.records[1].0;
        for cut in second + 1..bytes.len() {
            let scanned = scan_journal(&bytes[..cut], Path::new("j")).unwrap();
            assert_eq!(scanned.records.len(), 1, "cut at {cut}");
            assert_eq!(scanned.valid_len, second);
            assert_eq!(scanned.torn.map(|t| t.0), Some(second));
        }
    }

    #[test]
    fn a_damaged_record_before_a_valid_one_is_corruption() {
        let mut bytes = journal_with(&[b"one", b"two", b"three"]);
        let second = FILE_HEADER_LEN + RECORD_HEADER_LEN + 3;
        bytes[second + RECORD_HEADER_LEN + 1] ^= 0x40;
        match scan_journal(&bytes, Path::new("j")) {
            Err(StoreError::CorruptFile { offset, .. }) => assert_eq!(offset, second as u64),
            other => panic!("expected corruption, got {other:?}"),
        }
    }

    #[test]
    fn headers_are_checked() {
        let mut bytes = file_header(FileKind::Snapshot).to_vec();
        assert!(check_file_header(&bytes, Path::new("s"), FileKind::Snapshot).is_ok());
        assert!(matches!(
            check_file_header(&bytes, Path::new("s"), FileKind::Journal),
            Err(StoreError::CorruptFile { offset: 0, .. })
        ));
        let newer = FORMAT_VERSION + 1;
        bytes[8..12].copy_from_slice(&newer.to_le_bytes());
        assert!(matches!(
            check_file_header(&bytes, Path::new("s"), FileKind::Snapshot),
            Err(StoreError::UnsupportedVersion { found, supported: FORMAT_VERSION, .. }) if found == newer
        ));
        assert!(matches!(
            check_file_header(b"SQLite format 3\0", Path::new("s"), FileKind::Snapshot),
            Err(StoreError::NotAStore { .. })
        ));
        assert!(matches!(
            check_file_header(b"", Path::new("s"), FileKind::Snapshot),
            Err(StoreError::NotAStore { .. })
        ));
    }

    /// Valid encodings of real change sets and a snapshot, to damage.
    fn samples() -> Vec<Vec<u8>> {
        let mut dir = crate::Directory::new();
        let e = dir.create_employee(crate::NewEmployee::new("Matti").email("matti@example.fi")).unwrap();
        let g = dir.create_customer_group(crate::NewCustomerGroup::new("Pohjoinen").numbering_start(100)).unwrap();
        let c = dir.create_customer(crate::NewCustomer::new("Esimerkki Oy").group(g)).unwrap();
        dir.toggle(c.into(), e).unwrap();
        let mut out: Vec<Vec<u8>> =
            dir.change_sets().unwrap().iter().map(|cs| record::encode_change_set(cs).unwrap()).collect();
        out.push(record::encode_snapshot(&Snapshot { seq: 4, data: dir.data() }).unwrap());
        out
    }

    proptest::proptest! {
        /// Damaged payloads that still pass the checksum (as a bug or a hostile file could give)
        /// decode to an error or a value, never a panic or a huge allocation.
        #[test]
        fn decoding_damaged_payloads_never_panics(
            which in 0usize..5,
            flips in proptest::collection::vec((proptest::prelude::any::<usize>(), 1u8..=255), 1..6),
            cut in proptest::prelude::any::<usize>(),
        ) {
            let mut payload = samples().swap_remove(which);
            for (at, bits) in flips {
                let len = payload.len();
                payload[at % len] ^= bits;
            }
            payload.truncate(1 + cut % payload.len());
            let mut journal = file_header(FileKind::Journal).to_vec();
            journal.extend(record(&payload).unwrap());
            let scanned = scan_journal(&journal, Path::new("j")).unwrap();
            let _ = decode_change_sets(&scanned, Path::new("j"));
            let mut snapshot = file_header(FileKind::Snapshot).to_vec();
            snapshot.extend(record(&payload).unwrap());
            let _ = decode_snapshot_file(&snapshot, Path::new("s"));
        }

        #[test]
        fn decoding_arbitrary_bytes_never_panics(tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut journal = file_header(FileKind::Journal).to_vec();
            journal.extend(&tail);
            if let Ok(scanned) = scan_journal(&journal, Path::new("j")) {
                let _ = decode_change_sets(&scanned, Path::new("j"));
            }
            let mut snapshot = file_header(FileKind::Snapshot).to_vec();
            snapshot.extend(record(&tail).unwrap_or_default());
            let _ = decode_snapshot_file(&snapshot, Path::new("s"));
            let _ = decode_snapshot_file(&tail, Path::new("s"));
        }
    }
}

//! Writes seed inputs for the fuzz targets into `fuzz/corpus/` (committed; `scripts/test-fuzz.sh`
//! starts from them). For `journal_decode` and `snapshot_decode`, made from a real workload:
//! whole journal and snapshot files, and the same change sets and snapshot as framed payloads
//! (see `fuzz/fuzz_targets/framing.rs`), so that the fuzzer starts from valid records and mutates
//! what they hold. For `operations`, a few operation sequences (eight bytes an operation, see
//! `vastuu_tests::fuzz::operations`) from an empty and from the starting directory, each checked
//! to run.
//!
//! ```text
//! cargo run -p vastuu-tests --example fuzz-seeds
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use vastuu::{Directory, FileStore, Store};
use vastuu_tests::workload::{advance_to, clock};

/// Payloads as the framed mode reads them: `1`, then each a `u16` length and the bytes.
fn framed(payloads: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![1u8];
    for p in payloads {
        let len = u16::try_from(p.len()).expect("a seed payload fits in 64 KiB");
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(p);
    }
    out
}

/// The payloads of a store file's records, as the store wrote them: after the 20-byte file header,
/// each record is a length (u32 little-endian), two checksums and the payload.
fn payloads_of(file: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut pos = 20;
    while pos < file.len() {
        let len = u32::from_le_bytes(file[pos..pos + 4].try_into().unwrap()) as usize;
        out.push(file[pos + 12..pos + 12 + len].to_vec());
        pos += 12 + len;
    }
    out
}

fn raw(file: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8];
    out.extend_from_slice(file);
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let journals = root.join("journal_decode");
    let snapshots = root.join("snapshot_decode");
    fs::create_dir_all(&journals).unwrap();
    fs::create_dir_all(&snapshots).unwrap();

    let place = tempfile::tempdir().unwrap();
    let path = place.path().join("store.vastuu");
    let mut written = 0;
    for (seed, steps) in [(1u64, 3u64), (2, 12), (3, 40)] {
        let _ = fs::remove_dir_all(&path);
        let mut dir = Directory::with_store(FileStore::open(&path).unwrap()).unwrap();
        dir.set_clock(clock());
        advance_to(&mut dir, seed, steps).unwrap();
        dir.compact().unwrap();
        let change_sets = dir.change_sets().unwrap();
        drop(dir);

        let journal = fs::read(path.join("vastuu.journal")).unwrap();
        let snapshot = fs::read(path.join("vastuu.snapshot")).unwrap();
        let stored = FileStore::open(&path).unwrap().load().unwrap();
        assert_eq!(stored.change_sets, change_sets);

        let payloads = payloads_of(&journal);
        assert_eq!(payloads.len(), change_sets.len());
        let snapshot_payloads = payloads_of(&snapshot);
        assert_eq!(snapshot_payloads.len(), 1);
        for (name, bytes) in [
            (journals.join(format!("raw-{seed}")), raw(&journal)),
            (journals.join(format!("framed-{seed}")), framed(&payloads)),
            (snapshots.join(format!("raw-{seed}")), raw(&snapshot)),
            (snapshots.join(format!("framed-{seed}")), framed(&snapshot_payloads)),
        ] {
            fs::write(name, bytes).unwrap();
            written += 1;
        }
    }
    written += operation_seeds(&root.join("operations"));
    println!("wrote {written} seeds under {}", root.display());
}

/// Seeds of the `operations` target: `steps` operations of eight pseudo-random bytes each (a
/// fixed generator, so the seeds do not change between runs), the first byte odd to start from
/// the starting directory. Each is run once here, as the target runs it.
fn operation_seeds(dir: &Path) -> usize {
    fs::create_dir_all(dir).unwrap();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut written = 0;
    for (name, start, steps) in [("empty-8", 0u8, 8), ("start-8", 1, 8), ("start-32", 3, 32)] {
        let mut bytes: Vec<u8> = (0..steps).flat_map(|_| next().to_le_bytes()).collect();
        bytes[0] = (bytes[0] & !1) | start;
        vastuu_tests::fuzz::operations(&bytes);
        fs::write(dir.join(name), bytes).unwrap();
        written += 1;
    }
    written
}

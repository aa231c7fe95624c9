//! Turns fuzz input into the bytes of a store file. The first byte picks how:
//! - even: the rest is the file, as is (headers, lengths and checksums included);
//! - odd: the rest is a list of payloads, each a little-endian `u16` length and that many bytes
//!   (the last may be shorter), framed with a valid file header and valid record headers and
//!   checksums, so that the fuzzer's mutations reach the decoding of what records hold instead of
//!   stopping at a checksum. The header names a format version the library reads (from 1 to
//!   `vastuu::FORMAT_VERSION`), chosen by the first byte's other bits, so every version's
//!   decoder is fuzzed.
//!
//! `cargo run -p vastuu-tests --example fuzz-seeds` writes seed inputs of both kinds, made from
//! real change sets and snapshots, into `fuzz/corpus/`.

/// File kind of a journal.
pub const JOURNAL: u32 = 1;
/// File kind of a snapshot.
pub const SNAPSHOT: u32 = 2;

const MAGIC: &[u8; 8] = b"VASTUUst";

fn header(kind: u32, version: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(20);
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&version.to_le_bytes());
    h.extend_from_slice(&kind.to_le_bytes());
    let crc = crc32fast::hash(&h);
    h.extend_from_slice(&crc.to_le_bytes());
    h
}

fn record(out: &mut Vec<u8>, payload: &[u8]) {
    let len = payload.len() as u32;
    let start = out.len();
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    let header_crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&header_crc.to_le_bytes());
    out.extend_from_slice(payload);
}

fn payloads(mut bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while bytes.len() >= 2 {
        let len = usize::from(u16::from_le_bytes([bytes[0], bytes[1]]));
        let rest = &bytes[2..];
        let (payload, after) = rest.split_at(len.min(rest.len()));
        out.push(payload);
        bytes = after;
    }
    out
}

/// The file of `kind` the input stands for.
pub fn file(kind: u32, data: &[u8]) -> Vec<u8> {
    let Some((&mode, rest)) = data.split_first() else { return Vec::new() };
    if mode % 2 == 0 {
        return rest.to_vec();
    }
    let version = 1 + u32::from(mode >> 1) % vastuu::FORMAT_VERSION;
    let mut out = header(kind, version);
    for payload in payloads(rest) {
        record(&mut out, payload);
    }
    out
}

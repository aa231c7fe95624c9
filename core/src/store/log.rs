//! The memory store's change sets, encoded back to back in fixed-size chunks.
//!
//! One growing buffer would reallocate (and copy everything held so far) each time it doubled;
//! here a full chunk is left as it is and the next one allocated, so storing a change set
//! allocates only when a chunk fills (about once per 25,000 toggles with 1 MiB chunks), and
//! nothing already stored is ever copied again. A change set never spans two chunks (one larger
//! than a chunk gets a chunk of its own).

/// Bytes per chunk.
const CHUNK_BYTES: usize = 1 << 20;
/// Spans per chunk of the span table.
const CHUNK_SPANS: usize = 1 << 16;
/// The room the encoding buffer keeps between change sets (a big transaction's is given back).
const SCRATCH_ROOM: usize = 1 << 16;

/// Where one change set's bytes are.
#[derive(Clone, Copy, Debug)]
struct Span {
    chunk: u32,
    start: u32,
    end: u32,
}

/// Encoded change sets in order (see the module documentation).
#[derive(Debug, Default)]
pub(super) struct Log {
    chunks: Vec<Vec<u8>>,
    /// The span of each change set, in chunks of [`CHUNK_SPANS`].
    spans: Vec<Vec<Span>>,
    len: usize,
    /// Where a change set is encoded before it is placed.
    scratch: Vec<u8>,
}

impl Log {
    /// How many change sets the log holds.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Whether the log is empty.
    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Encodes a change set with `encode` (which appends to the buffer it is given, or fails
    /// having appended nothing) and stores its bytes as the next entry.
    pub(super) fn push<E>(&mut self, encode: impl FnOnce(&mut Vec<u8>) -> Result<(), E>) -> Result<(), E> {
        self.scratch.clear();
        encode(&mut self.scratch)?;
        let size = self.scratch.len();
        let fits = self.chunks.last().is_some_and(|c| c.capacity() - c.len() >= size);
        if !fits {
            self.chunks.push(Vec::with_capacity(size.max(CHUNK_BYTES)));
        }
        let chunk_index = self.chunks.len() - 1;
        let Some(chunk) = self.chunks.last_mut() else { return Ok(()) };
        let start = chunk.len();
        chunk.extend_from_slice(&self.scratch);
        let span = Span {
            chunk: u32::try_from(chunk_index).unwrap_or(u32::MAX),
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(chunk.len()).unwrap_or(u32::MAX),
        };
        match self.spans.last_mut() {
            Some(spans) if spans.len() < CHUNK_SPANS => spans.push(span),
            _ => {
                let mut spans = Vec::with_capacity(CHUNK_SPANS);
                spans.push(span);
                self.spans.push(spans);
            }
        }
        self.len += 1;
        self.scratch.shrink_to(SCRATCH_ROOM);
        Ok(())
    }

    /// The bytes of entry `i` (0 = the first stored).
    pub(super) fn get(&self, i: usize) -> Option<&[u8]> {
        let span = self.spans.get(i / CHUNK_SPANS)?.get(i % CHUNK_SPANS)?;
        self.chunks.get(span.chunk as usize)?.get(span.start as usize..span.end as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_across_chunks_and_big_ones_get_their_own() {
        let mut log = Log::default();
        let entry = |i: usize| -> Vec<u8> {
            let size = if i % 1000 == 999 { CHUNK_BYTES + 10 } else { 1 + i % 300 };
            (0..size).map(|b| (b + i) as u8).collect()
        };
        let n = CHUNK_SPANS + 5_000;
        for i in 0..n {
            log.push(|out: &mut Vec<u8>| -> Result<(), ()> {
                out.extend(entry(i));
                Ok(())
            })
            .unwrap();
        }
        assert_eq!(log.len(), n);
        assert_eq!(log.spans.len(), 2);
        for i in (0..n).step_by(97).chain([n - 1, 999, CHUNK_SPANS]) {
            assert_eq!(log.get(i), Some(&entry(i)[..]), "entry {i}");
        }
        assert_eq!(log.get(n), None);
        // Every chunk kept its first allocation: none grew past its capacity.
        assert!(log.chunks.iter().all(|c| c.capacity() == CHUNK_BYTES || c.len() > CHUNK_BYTES));
        // A failed encoding stores nothing.
        assert!(log.push(|_: &mut Vec<u8>| -> Result<(), ()> { Err(()) }).is_err());
        assert_eq!(log.len(), n);
    }
}

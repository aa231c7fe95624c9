//! An employee's `reach` list: every responsibility touching a customer as (rank, customer,
//! project, period), in (rank, customer, project) order, kept as short sorted blocks.
//!
//! One sorted vector per employee made every toggle move half of the employee's list (a few
//! kilobytes for an employee with hundreds of responsibilities) to open or close a gap. Blocks of
//! at most [`MAX`] entries bound that move; the first key of each block is kept beside the
//! blocks, so finding the block is a search in one short array. A block that fills is split in
//! two (the only allocation, after which toggles at that place find room); an emptied block is
//! dropped. Reading the list in order is a walk over the blocks.

use super::Reach;
use crate::model::{CustomerId, ProjectId};

/// Most entries in one block; a block that would exceed it is split in two.
const MAX: usize = 64;

/// The sort key of an entry.
type Key = (u64, CustomerId, Option<ProjectId>);

/// An employee's responsibilities in rank order (see the module documentation). Two lists are
/// equal when they hold the same entries, however they are split into blocks.
#[derive(Clone, Debug, Default)]
pub(crate) struct ReachList {
    /// Non-empty blocks (an emptied list keeps one empty block), each sorted, every entry of a
    /// block before every entry of the next.
    blocks: Vec<Vec<Reach>>,
    /// The key of each block's first entry.
    firsts: Vec<Key>,
    len: usize,
}

impl PartialEq for ReachList {
    fn eq(&self, other: &ReachList) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for ReachList {}

impl ReachList {
    /// A list of `entries` already in order, in half-full blocks.
    pub(super) fn from_sorted(entries: &[Reach]) -> ReachList {
        let mut list = ReachList { len: entries.len(), ..ReachList::default() };
        for chunk in entries.chunks(MAX / 2) {
            list.firsts.extend(chunk.first().map(Reach::key));
            // Room for a quarter more, so that toggles near here do not reallocate.
            let mut block = Vec::with_capacity(chunk.len() + MAX / 4);
            block.extend_from_slice(chunk);
            list.blocks.push(block);
        }
        list
    }

    /// The empty list.
    pub(super) const EMPTY: ReachList = ReachList { blocks: Vec::new(), firsts: Vec::new(), len: 0 };

    /// How many entries the list holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether the list is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Reach> + '_ {
        self.blocks.iter().flatten()
    }

    /// Every entry, in order, as one vector.
    pub(super) fn to_vec(&self) -> Vec<Reach> {
        self.iter().copied().collect()
    }

    /// The block that holds `key` or would: the last whose first key is not after it.
    fn block_for(&self, key: &Key) -> usize {
        self.firsts.partition_point(|first| first <= key).saturating_sub(1)
    }

    /// Inserts `entry`, or updates the period of the entry with its key.
    pub(super) fn put(&mut self, entry: Reach) {
        let key = entry.key();
        let b = self.block_for(&key);
        let Some(block) = self.blocks.get_mut(b) else {
            let mut block = Vec::with_capacity(MAX);
            block.push(entry);
            self.blocks.push(block);
            self.firsts.push(key);
            self.len = 1;
            return;
        };
        match block.binary_search_by_key(&key, Reach::key) {
            Ok(at) => block[at].period = entry.period,
            Err(at) => {
                block.insert(at, entry);
                self.len += 1;
                if at == 0 {
                    self.firsts[b] = key;
                }
                if block.len() > MAX {
                    let mut second = Vec::with_capacity(MAX);
                    second.extend(block.drain(MAX / 2..));
                    self.firsts.insert(b + 1, second[0].key());
                    self.blocks.insert(b + 1, second);
                }
            }
        }
    }

    /// Removes the entry with `key`; whether there was one.
    pub(super) fn remove(&mut self, key: &Key) -> bool {
        let b = self.block_for(key);
        let only_block = self.blocks.len() == 1;
        let Some(block) = self.blocks.get_mut(b) else { return false };
        let Ok(at) = block.binary_search_by_key(key, Reach::key) else { return false };
        block.remove(at);
        self.len -= 1;
        match block.first() {
            // The last block of an emptied list stays, with its room, for the next entry.
            None if only_block => {}
            None => {
                self.blocks.remove(b);
                self.firsts.remove(b);
            }
            Some(first) if at == 0 => self.firsts[b] = first.key(),
            Some(_) => {}
        }
        true
    }

    /// The key of the first entry for `customer` and `project`, found by walking the list (for
    /// when the customer's rank is not known).
    pub(super) fn find(&self, customer: CustomerId, project: Option<ProjectId>) -> Option<Key> {
        self.iter().find(|r| r.customer == customer && r.project == project).map(Reach::key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    fn entry(rank: u64) -> Reach {
        Reach { rank, customer: CustomerId(u32::try_from(rank).unwrap()), project: None, period: Period::ALWAYS }
    }

    fn check(list: &ReachList, want: &[u64]) {
        let ranks: Vec<u64> = list.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, want);
        assert_eq!(list.len(), want.len());
        assert_eq!(list.blocks.len(), list.firsts.len());
        for (block, first) in list.blocks.iter().zip(&list.firsts) {
            assert!(!block.is_empty() && block.len() <= MAX);
            assert_eq!(block[0].key(), *first);
        }
    }

    fn check_empty(list: &ReachList) {
        assert!(list.is_empty() && list.iter().next().is_none());
        assert!(list.blocks.iter().all(Vec::is_empty));
    }

    #[test]
    fn puts_and_removes_keep_order_across_splits() {
        let mut list = ReachList::default();
        let mut want = Vec::new();
        // A scrambled order of 1..=1000, inserted, then every third removed, then put back.
        let ranks: Vec<u64> = (1..=1000u64).map(|i| (i * 7919) % 1000 + 1).collect();
        for &r in &ranks {
            list.put(entry(r));
            want.push(r);
        }
        want.sort_unstable();
        check(&list, &want);
        assert!(list.blocks.len() > 1000 / MAX);
        for &r in ranks.iter().step_by(3) {
            assert!(list.remove(&entry(r).key()));
            assert!(!list.remove(&entry(r).key()), "removed twice");
        }
        want.retain(|r| !ranks.iter().step_by(3).any(|x| x == r));
        check(&list, &want);
        for &r in ranks.iter().step_by(3) {
            list.put(entry(r));
        }
        want = (1..=1000).collect();
        check(&list, &want);
        // Updating a period keeps one entry.
        let mut later = entry(500);
        later.period = Period { from: Some(jiff::civil::date(2026, 1, 1)), to: None };
        list.put(later);
        check(&list, &want);
        assert_eq!(list.iter().find(|r| r.rank == 500).map(|r| r.period), Some(later.period));
        assert_eq!(list, ReachList::from_sorted(&list.to_vec()));
        assert_eq!(list.find(CustomerId(500), None), Some(entry(500).key()));
        for r in 1..=1000 {
            assert!(list.remove(&entry(r).key()));
        }
        check_empty(&list);
        // An emptied list keeps one block's room and takes entries again.
        assert_eq!(list.blocks.len(), 1);
        list.put(entry(7));
        list.put(entry(3));
        check(&list, &[3, 7]);
    }
}

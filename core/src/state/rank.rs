//! Order labels: every customer carries a `u64` rank that orders customers exactly as
//! `customer_order` does (Finnish order of the names, then id), so ordered results sort and merge
//! integers instead of comparing sort keys behind pointers.
//!
//! Ranks are gap-numbered: a new or renamed customer takes the midpoint between its neighbours'
//! ranks (or the last rank plus [`SPACING`] at the end); when two neighbours leave no gap, every
//! customer is renumbered [`SPACING`] apart ([`Index::renumber`], O(customers + responsibilities),
//! rare: a gap of 2^32 halves 32 times before it closes). Loading renumbers once at the end
//! instead of placing each customer ([`Index::bulk`]).
//!
//! What is kept by rank:
//! - the listing sets (`listing`): customers by (group, status, archived), by rank;
//! - `reach`: per employee, every responsibility touching a customer (its own or a project's) as
//!   (rank, customer, project, period), sorted: an employee's visible customers on a date are one
//!   sequential pass with the date applied at query time;
//! - `in_order`: every customer id in order with its rank, and each group's customers as
//!   positions in it, built on first use after the order or a group membership changed (an
//!   admin's visible customers are a copy of it; a salesperson's are the bits of their groups'
//!   positions, merged with their responsibilities by rank).

use super::reach::ReachList;
use super::{FastMap, HeldCounts, Index, Reach};
use crate::collation::SortKey;
use crate::model::{CustomerGroupId, CustomerId, EmployeeId, Period, ProjectId};
use std::ops::Bound;
use std::sync::OnceLock;

/// The distance between consecutive ranks after a renumbering, and between the last customer's
/// rank and a customer appended after it.
pub(crate) const SPACING: u64 = 1 << 32;

/// Every customer in order, built on first use after the order or a group membership changed:
/// the ids and their ranks by position, and each group's customers as positions. Derived data:
/// a clone starts empty and two caches always compare equal.
#[derive(Debug, Default)]
pub(crate) struct OrderCache(OnceLock<InOrder>);

/// The content of an [`OrderCache`].
#[derive(Debug, Default)]
pub(crate) struct InOrder {
    /// Every customer, in order.
    ids: Vec<CustomerId>,
    /// The rank of each of them.
    ranks: Vec<u64>,
    /// The positions (in `ids`) of each group's customers, ascending.
    by_group: FastMap<CustomerGroupId, Vec<u32>>,
    /// For each group holding at least one customer in [`BIG_GROUP`], its positions as a
    /// bitset over every position (at most `BIG_GROUP` such groups, as groups are disjoint: the
    /// bitsets take at most as many bytes as `ids` does).
    bits_of: FastMap<CustomerGroupId, Vec<u64>>,
    /// For each run of [`BLOCK`] positions, the held counts of its customers summed, for those
    /// not archived (0) and archived (1): a deep page of the list skips whole blocks. Kept up to
    /// date per change while the cache lives (`Index::edit_held`).
    blocks: Vec<[HeldCounts; 2]>,
    /// Each group's customers' name keys end to end, in order, built on the first text search
    /// in the group (see [`GroupText`]).
    texts: FastMap<CustomerGroupId, OnceLock<GroupText>>,
}

/// A group's customers' name keys end to end, in order: a text search reads one buffer with a
/// SIMD substring search instead of one key behind a pointer per customer.
#[derive(Debug, Default)]
pub(crate) struct GroupText {
    keys: Vec<u8>,
    /// Where each customer's key starts in `keys`, in the order of the group's positions.
    starts: Vec<u32>,
}

/// Positions per entry of [`InOrder::blocks`].
pub(crate) const BLOCK: usize = 64;

/// A group with at least one customer in this many gets a cached bitset (see [`InOrder`]).
const BIG_GROUP: usize = 64;

impl InOrder {
    /// Every customer, in order.
    pub(crate) fn ids(&self) -> &[CustomerId] {
        &self.ids
    }
    /// The positions of a group's customers, ascending (empty for a group with none).
    pub(crate) fn group_positions(&self, group: CustomerGroupId) -> &[u32] {
        self.by_group.get(&group).map_or(&[], Vec::as_slice)
    }
    /// The position of the customer with this rank, if any: a guess by interpolation (ranks are
    /// spread about evenly: [`SPACING`] apart after a renumbering, midpoints after inserts),
    /// then a galloping search from there.
    pub(crate) fn position_of_rank(&self, rank: u64) -> Option<usize> {
        let ranks = &self.ranks;
        let (first, last) = (*ranks.first()?, *ranks.last()?);
        if rank < first || rank > last {
            return None;
        }
        let span = u128::from(last - first).max(1);
        let guess = (u128::from(rank - first) * (ranks.len() as u128 - 1) / span) as usize;
        let guess = guess.min(ranks.len() - 1);
        // Widen a window around the guess until it holds the rank, then search it.
        let mut step = 1;
        let (mut lo, mut hi) = (guess, guess + 1);
        while lo > 0 && ranks[lo] > rank {
            lo = lo.saturating_sub(step);
            step *= 2;
        }
        step = 1;
        while hi < ranks.len() && ranks[hi - 1] < rank {
            hi = (hi + step).min(ranks.len());
            step *= 2;
        }
        ranks[lo..hi].binary_search(&rank).ok().map(|at| lo + at)
    }

    /// The held counts of each run of [`BLOCK`] positions (see the field).
    pub(crate) fn blocks(&self) -> &[[HeldCounts; 2]] {
        &self.blocks
    }

    /// Adds `plus` less `minus` to the block of the customer with `rank`, for customers
    /// archived or not.
    pub(super) fn shift_block(&mut self, rank: u64, archived: bool, plus: HeldCounts, minus: HeldCounts) {
        if let Some(at) = self.position_of_rank(rank) {
            if let Some(block) = self.blocks.get_mut(at / BLOCK) {
                block[usize::from(archived)].shift(plus, minus);
            }
        }
    }

    /// Marks a group's positions in `bits` (one bit per position of `ids`): ORs its cached
    /// bitset when it has one, sets each position's bit otherwise.
    pub(crate) fn mark_group(&self, group: CustomerGroupId, bits: &mut [u64]) {
        match self.bits_of.get(&group) {
            Some(cached) => bits.iter_mut().zip(cached).for_each(|(word, c)| *word |= c),
            None => self.group_positions(group).iter().for_each(|&at| set_bit(bits, at as usize)),
        }
    }
}

/// Sets bit `at` of a bitset (nothing when out of range).
pub(crate) fn set_bit(bits: &mut [u64], at: usize) {
    if let Some(word) = bits.get_mut(at / 64) {
        *word |= 1 << (at % 64);
    }
}

impl Clone for OrderCache {
    fn clone(&self) -> OrderCache {
        OrderCache::default()
    }
}

impl PartialEq for OrderCache {
    fn eq(&self, _: &OrderCache) -> bool {
        true
    }
}

impl OrderCache {
    pub(crate) fn clear(&mut self) {
        self.0 = OnceLock::new();
    }

    /// The cache, if it is built.
    pub(super) fn get_mut(&mut self) -> Option<&mut InOrder> {
        self.0.get_mut()
    }
}

impl Index {
    /// Every customer in order, with ranks and group positions (cached until the order or a
    /// group membership changes).
    pub(super) fn in_order(&self) -> &InOrder {
        self.in_order.0.get_or_init(|| {
            let n = self.customer_order.len();
            let mut cache = InOrder { ids: Vec::with_capacity(n), ranks: Vec::with_capacity(n), ..InOrder::default() };
            for (at, (_, c)) in (0u32..).zip(&self.customer_order) {
                let entry = self.customers.get(c);
                cache.ids.push(*c);
                cache.ranks.push(entry.map_or(0, |e| e.rank));
                if let Some(g) = entry.and_then(|e| e.group) {
                    cache.by_group.entry(g).or_default().push(at);
                }
            }
            cache.blocks = vec![[HeldCounts::default(); 2]; n.div_ceil(BLOCK)];
            for (at, c) in cache.ids.iter().enumerate() {
                let (Some(held), Some(entry)) = (self.customer_holders.get(c), self.customers.get(c)) else { continue };
                if let Some(block) = cache.blocks.get_mut(at / BLOCK) {
                    block[usize::from(entry.archived)].shift(held.counts(), HeldCounts::default());
                }
            }
            cache.texts = cache.by_group.keys().map(|g| (*g, OnceLock::new())).collect();
            for (g, positions) in &cache.by_group {
                if positions.len().saturating_mul(BIG_GROUP) >= n {
                    let mut bits = vec![0u64; n.div_ceil(64)];
                    positions.iter().for_each(|&at| set_bit(&mut bits, at as usize));
                    cache.bits_of.insert(*g, bits);
                }
            }
            cache
        })
    }

    /// The positions in the order cache (ascending) of a group's customers whose name key
    /// contains `part`. The group's keys are put end to end on the first search after the
    /// cache was built.
    pub(super) fn group_text_matches(&self, group: CustomerGroupId, part: &memchr::memmem::Finder<'_>) -> Vec<u32> {
        let order = self.in_order();
        let positions = order.group_positions(group);
        if part.needle().is_empty() {
            return positions.to_vec();
        }
        let Some(cell) = order.texts.get(&group) else { return Vec::new() };
        let text = cell.get_or_init(|| {
            let mut text = GroupText { keys: Vec::new(), starts: Vec::with_capacity(positions.len()) };
            for &at in positions {
                text.starts.push(u32::try_from(text.keys.len()).unwrap_or(u32::MAX));
                let id = order.ids.get(at as usize);
                if let Some(entry) = id.and_then(|c| self.customers.get(c)) {
                    text.keys.extend_from_slice(entry.key.as_bytes());
                }
            }
            text
        });
        let (keys, starts) = (&text.keys, &text.starts);
        let end_of = |i: usize| starts.get(i + 1).map_or(keys.len(), |&e| e as usize);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(hit) = keys.get(from..).and_then(|rest| part.find(rest)).map(|at| at + from) {
            // The key the match starts in: the last one starting at or before it.
            let i = starts.partition_point(|&s| s as usize <= hit).saturating_sub(1);
            if hit + part.needle().len() <= end_of(i) {
                found.extend(positions.get(i).copied());
            }
            // A match starting later in the same key would run past its end too, so the next
            // one to look for starts in the next key.
            from = end_of(i);
        }
        found
    }

    /// The rank of a customer, if indexed.
    pub(super) fn rank_of(&self, c: CustomerId) -> Option<u64> {
        self.customers.get(&c).map(|e| e.rank)
    }

    /// A rank for `(key, id)`, already in `customer_order`, between its neighbours' ranks; `None`
    /// when they leave no gap (the caller then renumbers). 0 while loading.
    pub(super) fn rank_for(&self, key: &SortKey, id: CustomerId) -> Option<u64> {
        if self.bulk {
            return Some(0);
        }
        let item = (key.clone(), id);
        let rank = |(_, c): &(SortKey, CustomerId)| self.rank_of(*c).unwrap_or(0);
        let lo = self.customer_order.range(..&item).next_back().map_or(0, rank);
        let next = self.customer_order.range((Bound::Excluded(&item), Bound::Unbounded)).next();
        match next.map(rank) {
            None => Some(lo.checked_add(SPACING).unwrap_or(lo + (u64::MAX - lo) / 2)).filter(|r| *r > lo),
            Some(hi) => (hi > lo && hi - lo >= 2).then(|| lo + (hi - lo) / 2),
        }
    }

    /// Gives every customer a rank [`SPACING`] apart, in order, and re-sorts what is kept by rank.
    pub(super) fn renumber(&mut self) {
        let mut rank = 0u64;
        for (_, c) in &self.customer_order {
            rank += SPACING;
            if let Some(e) = self.customers.get_mut(c) {
                e.rank = rank;
            }
        }
        let customers = &self.customers;
        let rank_of = |c: &CustomerId| customers.get(c).map_or(0, |e| e.rank);
        for set in self.listing.values_mut() {
            *set = set.iter().map(|(_, c)| (rank_of(c), *c)).collect();
        }
        for (_, list) in self.reach.iter_mut() {
            let mut entries = list.to_vec();
            for r in &mut entries {
                r.rank = rank_of(&r.customer);
            }
            entries.sort_unstable_by_key(Reach::key);
            *list = ReachList::from_sorted(&entries);
        }
        self.in_order.clear();
    }

    /// Records (or updates the period of) a responsibility of `e` touching customer `c`.
    pub(super) fn reach_put(&mut self, e: EmployeeId, c: CustomerId, project: Option<ProjectId>, period: Period) {
        if self.bulk {
            // Loading builds every list at the end, in order, from the held lists (see
            // `Index::build_reach`).
            return;
        }
        let rank = self.rank_of(c).unwrap_or(0);
        let spare = &mut self.spare_reach;
        self.reach.get_or_insert_with(e, || spare.take()).put(Reach { rank, customer: c, project, period });
    }

    /// Forgets a responsibility of `e` touching customer `c`, found by the customer's `rank`
    /// (its current one when `None`).
    pub(super) fn reach_remove(&mut self, e: EmployeeId, c: CustomerId, project: Option<ProjectId>, rank: Option<u64>) {
        let rank = rank.or_else(|| self.rank_of(c));
        let Some(list) = self.reach.get_mut(&e) else { return };
        let key = match rank {
            Some(rank) => Some((rank, c, project)),
            None => list.find(c, project),
        };
        if let Some(key) = key {
            list.remove(&key);
        }
        if list.is_empty() {
            if let Some(gone) = self.reach.remove(&e) {
                self.spare_reach.keep(gone);
            }
        }
    }

    /// A customer's rank changed from `old` to `new`: moves its responsibilities in `reach`.
    pub(super) fn rerank_reach(&mut self, c: CustomerId, old: u64, new: u64) {
        let held: Vec<(EmployeeId, Option<ProjectId>, Period)> = self
            .customer_holders
            .get(&c)
            .into_iter()
            .flat_map(|h| h.list.iter().map(|h| (h.employee, h.project, h.period)))
            .collect();
        for (e, project, period) in held {
            self.reach_remove(e, c, project, Some(old));
            self.reach.get_or_insert_with(e, ReachList::default).put(Reach { rank: new, customer: c, project, period });
        }
    }
}

impl Reach {
    pub(super) fn key(&self) -> (u64, CustomerId, Option<ProjectId>) {
        (self.rank, self.customer, self.project)
    }
}

#[cfg(test)]
impl Index {
    /// Every rank invariant, as a list of what is wrong (empty: all hold).
    pub(super) fn rank_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let ranks: Vec<u64> = self.customer_order.iter().filter_map(|(_, c)| self.rank_of(*c)).collect();
        if ranks.windows(2).any(|w| w[0] >= w[1]) {
            out.push("ranks do not increase along the customer order".to_owned());
        }
        for (key, set) in &self.listing {
            if set.iter().any(|(rank, c)| self.rank_of(*c) != Some(*rank)) {
                out.push(format!("listing {key:?} holds a stale rank"));
            }
        }
        let mut derived: Vec<(EmployeeId, Reach)> = Vec::new();
        for (c, held) in self.customer_holders.iter() {
            for h in &held.list {
                let rank = self.rank_of(c).unwrap_or(0);
                derived.push((h.employee, Reach { rank, customer: c, project: h.project, period: h.period }));
            }
        }
        derived.sort_unstable_by_key(|(e, r)| (*e, r.key()));
        let mut kept: Vec<(EmployeeId, Reach)> =
            self.reach.iter().flat_map(|(e, list)| list.iter().map(move |r| (e, *r))).collect();
        kept.sort_by_key(|(e, _)| *e); // stable: each list keeps its own order
        if kept != derived {
            out.push(format!("reach differs from the responsibilities: {kept:?} against {derived:?}"));
        }
        let mut totals = [super::HeldCounts::default(); 2];
        for (c, held) in self.customer_holders.iter() {
            let archived = self.customers.get(&c).is_some_and(|e| e.archived);
            totals[usize::from(archived)].shift(held.counts(), super::HeldCounts::default());
        }
        if totals != self.held_totals {
            out.push(format!("the list totals {:?} differ from the lists' {totals:?}", self.held_totals));
        }
        if let Some(cached) = self.in_order.0.get() {
            if !cached.ids.iter().copied().eq(self.customer_order.iter().map(|(_, c)| *c))
                || cached.ids.iter().map(|c| self.rank_of(*c).unwrap_or(0)).ne(cached.ranks.iter().copied())
            {
                out.push("the cached order is stale".to_owned());
            }
            for (g, positions) in &cached.by_group {
                if positions
                    .iter()
                    .any(|p| self.customers.get(&cached.ids[*p as usize]).and_then(|e| e.group) != Some(*g))
                {
                    out.push(format!("the cached positions of {g} are stale"));
                }
            }
            for (at, rank) in cached.ranks.iter().enumerate() {
                let absent = [rank - 1, rank + 1].into_iter().filter(|r| cached.ranks.binary_search(r).is_err());
                if cached.position_of_rank(*rank) != Some(at)
                    || absent.into_iter().any(|r| cached.position_of_rank(r).is_some())
                {
                    out.push(format!("position_of_rank is wrong around rank {rank} at position {at}"));
                }
            }
            let mut blocks = vec![[HeldCounts::default(); 2]; cached.ids.len().div_ceil(BLOCK)];
            for (at, c) in cached.ids.iter().enumerate() {
                if let (Some(held), Some(entry)) = (self.customer_holders.get(c), self.customers.get(c)) {
                    blocks[at / BLOCK][usize::from(entry.archived)].shift(held.counts(), HeldCounts::default());
                }
            }
            if blocks != cached.blocks {
                out.push("the cached block counts differ from the held lists".to_owned());
            }
            for (g, bits) in &cached.bits_of {
                let mut expected = vec![0u64; cached.ids.len().div_ceil(64)];
                cached.group_positions(*g).iter().for_each(|&at| set_bit(&mut expected, at as usize));
                if *bits != expected {
                    out.push(format!("the cached bitset of {g} differs from its positions"));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::SPACING;
    use crate::model::{Change, CustomerId, Employee, EmployeeId, Period, Responsibility};
    use crate::model::{CustomerGroup, CustomerGroupId, Project, ProjectId, Subject};
    use crate::state::apply::tests::customer;
    use crate::state::State;
    use crate::view::visibility::visible_customers;
    use jiff::civil::date;
    use std::collections::BTreeSet;

    fn in_group(id: u32, name: &str) -> Change {
        let Change::PutCustomer(mut c) = customer(id, name) else { unreachable!() };
        c.group = Some(CustomerGroupId(1));
        Change::PutCustomer(c)
    }

    fn responsibility(subject: Subject, employee: u32) -> Change {
        Change::PutResponsibility(Responsibility {
            subject,
            employee: EmployeeId(employee),
            roles: BTreeSet::new(),
            period: Period::ALWAYS,
        })
    }

    fn order_by_name(s: &State) -> Vec<CustomerId> {
        s.customer_order().iter().map(|(_, c)| *c).collect()
    }

    fn assert_consistent(s: &State, step: &str) {
        assert_eq!(s.index.rank_problems(), Vec::<String>::new(), "{step}");
        let visible = visible_customers(s, EmployeeId(1), date(2026, 1, 1)).unwrap();
        let want: Vec<CustomerId> =
            order_by_name(s).into_iter().filter(|c| !s.held_by(EmployeeId(1), *c).is_empty()).collect();
        assert_eq!(visible, want, "{step}");
        // Employee 3 sells group 1 and holds responsibilities too.
        let visible = visible_customers(s, EmployeeId(3), date(2026, 1, 1)).unwrap();
        let want: Vec<CustomerId> = order_by_name(s)
            .into_iter()
            .filter(|c| {
                !s.held_by(EmployeeId(3), *c).is_empty()
                    || s.customer_entry(*c).is_some_and(|e| e.group() == Some(CustomerGroupId(1)))
            })
            .collect();
        assert_eq!(visible, want, "{step}: the salesperson");
        let admin = visible_customers(s, EmployeeId(2), date(2026, 1, 1)).unwrap();
        assert_eq!(admin, order_by_name(s), "{step}");
    }

    /// The block counts of the order cache follow toggles and archiving while the cache lives.
    #[test]
    fn block_counts_follow_changes_while_the_cache_lives() {
        let mut s = State::default();
        s.apply(&Change::PutEmployee(Employee {
            external_id: None,
            id: EmployeeId(1),
            name: "E".into(),
            email: None,
            team: None,
            sales_rights: false,
            active: true,
            sees_all: false,
        }));
        for id in 1..=200 {
            s.apply(&customer(id, &format!("Asiakas {id:03}")));
            if id % 3 == 0 {
                s.apply(&responsibility(Subject::Customer(CustomerId(id)), 1));
            }
        }
        let _ = s.in_order();
        assert_eq!(s.index.rank_problems(), Vec::<String>::new(), "built");
        for id in (1..=200).step_by(7) {
            let Change::PutCustomer(mut c) = customer(id, &format!("Asiakas {id:03}")) else { unreachable!() };
            c.archived = true;
            s.apply(&Change::PutCustomer(c));
            assert_eq!(s.index.rank_problems(), Vec::<String>::new(), "archived {id}");
            s.apply(&responsibility(Subject::Customer(CustomerId(id)), 1));
            assert_eq!(s.index.rank_problems(), Vec::<String>::new(), "toggled {id}");
        }
    }

    /// Customers squeezed into one gap, renamed across the order, given projects and deleted:
    /// the ranks renumber when the gap closes, and every structure kept by rank follows.
    #[test]
    fn ranks_follow_inserts_renames_and_renumbering() {
        let mut s = State::default();
        for (id, sees_all) in [(1, false), (2, true), (3, false)] {
            s.apply(&Change::PutEmployee(Employee {
                external_id: None,
                id: EmployeeId(id),
                name: format!("E{id}"),
                email: None,
                team: None,
                sales_rights: id == 3,
                active: true,
                sees_all,
            }));
        }
        s.apply(&Change::PutCustomerGroup(CustomerGroup {
            default_team: Vec::new(),
            external_id: None,
            id: CustomerGroupId(1),
            name: "G".into(),
            numbering_start: None,
            numbering_end: None,
            next_number: 1,
            ledger_account: None,
            cost_centers: Vec::new(),
            salespeople: BTreeSet::from([EmployeeId(3)]),
        }));
        s.apply(&customer(1, "a"));
        s.apply(&customer(2, "b"));
        let first_gap = s.index.rank_of(CustomerId(2)).unwrap() - s.index.rank_of(CustomerId(1)).unwrap();
        assert_eq!(first_gap, SPACING);
        // Same name, falling ids: each lands right after (a, 1), halving the same gap.
        let mut renumbered = 0;
        for id in (3..=120).rev() {
            let before = s.index.rank_of(CustomerId(2));
            s.apply(&customer(id, "a"));
            if s.index.rank_of(CustomerId(2)) != before {
                renumbered += 1;
            }
            if id % 3 == 0 {
                s.apply(&responsibility(Subject::Customer(CustomerId(id)), 1));
            }
            if id % 4 == 0 {
                s.apply(&responsibility(Subject::Customer(CustomerId(id)), 3));
            }
            if id % 5 < 2 {
                s.apply(&in_group(id, "a"));
            }
            assert_consistent(&s, &format!("insert {id}"));
        }
        assert!(renumbered >= 3, "renumbered {renumbered} times");
        // A project of customer 2 and a responsibility for it, then renames that move customers.
        s.apply(&Change::PutProject(Project {
            external_id: None,
            id: ProjectId(1),
            customer: CustomerId(2),
            name: "P".into(),
            archived: false,
        }));
        s.apply(&responsibility(Subject::Project(ProjectId(1)), 1));
        for (id, name) in [(2, "0 first"), (9, "zz last"), (2, "m middle"), (60, "0 first too"), (9, "a")] {
            s.apply(&customer(id, name));
            assert_consistent(&s, &format!("rename {id} to {name}"));
        }
        for (id, name) in [(10, "a"), (11, "a"), (60, "0 first too")] {
            s.apply(&customer(id, name)); // out of the group
            assert_consistent(&s, &format!("{id} leaves the group"));
        }
        s.apply(&in_group(2, "0 first"));
        assert_consistent(&s, "2 joins the group");
        for id in [2, 9, 60, 3] {
            s.apply(&Change::DeleteCustomer(CustomerId(id)));
            assert_consistent(&s, &format!("delete {id}"));
        }
        assert!(!s.index.reach.is_empty());
    }
}

//! [`IdMap`]: a map keyed by one kind of the library's ids, kept as a vector indexed by the raw
//! id. Ids are handed out 1, 2, 3, … per kind, so the vector is about as long as the map is
//! full, and a look-up is one read at a known place: no hashing, no probe of a control array
//! and then of a bucket (two likely cache misses in a large hash map, one here). Ids far beyond
//! the others (a directory given data with ids near the end of the range) are kept apart.

use crate::model::Id;
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// A map from ids of one kind to values, as a vector of slots indexed by the raw id. An id far
/// beyond the ones held (more than twice as many slots as entries, plus [`SLACK`]) is kept in an
/// ordered map beside it instead, so a few huge ids cannot make the vector huge; it moves into the
/// vector when the vector grows past it.
#[derive(Clone)]
pub(crate) struct IdMap<K, V> {
    slots: Vec<Option<V>>,
    /// Ordered, so that growing the vector moves in the ids it reaches without reading the others
    /// (data listing many far ids before the ordinary ones must not make loading quadratic).
    far: BTreeMap<u32, V>,
    len: usize,
    kind: PhantomData<K>,
}

/// Slots the vector may have beyond twice its entries.
const SLACK: usize = 4096;

impl<K, V> Default for IdMap<K, V> {
    fn default() -> Self {
        IdMap { slots: Vec::new(), far: BTreeMap::new(), len: 0, kind: PhantomData }
    }
}

impl<K: Id, V: std::fmt::Debug> std::fmt::Debug for IdMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Equal when they hold the same ids with equal values (however they keep them).
impl<K: Id, V: PartialEq> PartialEq for IdMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<K: Id, V> IdMap<K, V> {
    fn at(id: K) -> usize {
        id.get() as usize
    }

    /// Makes room for ids up to `ids` without growing again, for a map about to hold `entries`
    /// entries in all; nothing when such ids would leave the vector mostly empty (they will be
    /// kept apart, see the type's documentation).
    pub(crate) fn reserve(&mut self, ids: usize, entries: usize) {
        if ids <= 2 * self.len.max(entries) + SLACK {
            self.slots.reserve((ids + 1).saturating_sub(self.slots.len()));
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn get(&self, id: &K) -> Option<&V> {
        match self.slots.get(Self::at(*id)) {
            Some(slot) => slot.as_ref(),
            None => self.far.get(&id.get()),
        }
    }

    pub(crate) fn get_mut(&mut self, id: &K) -> Option<&mut V> {
        match self.slots.get_mut(Self::at(*id)) {
            Some(slot) => slot.as_mut(),
            None => self.far.get_mut(&id.get()),
        }
    }

    pub(crate) fn contains_key(&self, id: &K) -> bool {
        self.get(id).is_some()
    }

    /// Puts `value` under `id`; the value it replaces.
    pub(crate) fn insert(&mut self, id: K, value: V) -> Option<V> {
        let at = Self::at(id);
        self.grow_to(at);
        let old = match self.slots.get_mut(at) {
            Some(slot) => slot.replace(value),
            None => self.far.insert(id.get(), value),
        };
        self.len += usize::from(old.is_none());
        old
    }

    /// Lengthens the vector to reach `at` when that is near enough (see the type's
    /// documentation), moving in the far ids it then reaches.
    fn grow_to(&mut self, at: usize) {
        if at < self.slots.len() || at > 2 * self.len + SLACK {
            return;
        }
        self.slots.resize_with(at + 1, || None);
        while let Some(first) = self.far.first_entry() {
            let k = *first.key() as usize;
            match self.slots.get_mut(k) {
                Some(slot) => *slot = Some(first.remove()),
                None => break,
            }
        }
    }

    pub(crate) fn remove(&mut self, id: &K) -> Option<V> {
        let old = match self.slots.get_mut(Self::at(*id)) {
            Some(slot) => slot.take(),
            None => self.far.remove(&id.get()),
        };
        self.len -= usize::from(old.is_some());
        old
    }

    /// The value under `id`, made with `make` when there is none.
    pub(crate) fn get_or_insert_with(&mut self, id: K, make: impl FnOnce() -> V) -> &mut V {
        let at = Self::at(id);
        self.grow_to(at);
        match self.slots.get_mut(at) {
            Some(slot) => {
                self.len += usize::from(slot.is_none());
                slot.get_or_insert_with(make)
            }
            None => {
                let len = &mut self.len;
                self.far.entry(id.get()).or_insert_with(|| {
                    *len += 1;
                    make()
                })
            }
        }
    }

    /// The entries in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (K, &V)> + '_ {
        let far = self.far.iter().map(|(k, v)| (K::from_raw(*k), v));
        let near = self.slots.iter().enumerate().filter_map(|(at, v)| Some((K::from_raw(at as u32), v.as_ref()?)));
        near.chain(far)
    }

    /// The values in id order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.iter().map(|(_, v)| v)
    }

    /// The highest id held.
    pub(crate) fn last_id(&self) -> Option<K> {
        let far = self.far.keys().next_back().copied();
        let near = || self.slots.iter().rposition(Option::is_some).map(|at| at as u32);
        far.or_else(near).map(K::from_raw)
    }

    /// The entries (those in the vector in id order, then the others), the values mutable.
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = (K, &mut V)> + '_ {
        let near = self.slots.iter_mut().enumerate().filter_map(|(at, v)| Some((K::from_raw(at as u32), v.as_mut()?)));
        near.chain(self.far.iter_mut().map(|(k, v)| (K::from_raw(*k), v)))
    }
}

/// `map[&id]`: the value under `id`; panics when there is none (for tests).
#[cfg(test)]
impl<K: Id, V> std::ops::Index<&K> for IdMap<K, V> {
    type Output = V;
    fn index(&self, id: &K) -> &V {
        self.get(id).unwrap_or_else(|| panic!("no {id} in the map"))
    }
}

#[cfg(test)]
mod tests {
    use super::IdMap;
    use crate::model::CustomerId;

    #[test]
    fn the_last_id_and_the_values_in_id_order() {
        let mut m: IdMap<CustomerId, u32> = IdMap::default();
        assert_eq!(m.last_id(), None);
        m.insert(CustomerId(7), 7);
        m.insert(CustomerId(3), 3);
        assert_eq!(m.last_id(), Some(CustomerId(7)));
        // Far beyond the others: kept apart, still the last.
        m.insert(CustomerId(4_000_000_000), 4);
        assert_eq!(m.last_id(), Some(CustomerId(4_000_000_000)));
        assert_eq!(m.values().copied().collect::<Vec<_>>(), vec![3, 7, 4]);
        m.remove(&CustomerId(4_000_000_000));
        assert_eq!(m.last_id(), Some(CustomerId(7)));
        m.remove(&CustomerId(7));
        assert_eq!((m.last_id(), m.len()), (Some(CustomerId(3)), 1));
    }

    #[test]
    fn an_id_map_behaves_as_a_map() {
        let mut m: IdMap<CustomerId, &str> = IdMap::default();
        assert!(m.is_empty() && m.get(&CustomerId(3)).is_none() && m.remove(&CustomerId(9)).is_none());
        assert_eq!(m.insert(CustomerId(3), "c"), None);
        assert_eq!(m.insert(CustomerId(1), "a"), None);
        assert_eq!(m.insert(CustomerId(3), "C"), Some("c"));
        *m.get_or_insert_with(CustomerId(2), || "b") = "B";
        assert_eq!(*m.get_or_insert_with(CustomerId(2), || "x"), "B");
        assert_eq!(m.len(), 3);
        assert_eq!(m.iter().collect::<Vec<_>>(), [(CustomerId(1), &"a"), (CustomerId(2), &"B"), (CustomerId(3), &"C")]);
        assert_eq!(m.remove(&CustomerId(3)), Some("C"));
        assert!(!m.contains_key(&CustomerId(3)) && m.len() == 2);
        // Equal to a map holding the same, however long its vector.
        let mut other = IdMap::default();
        other.reserve(100, 0);
        other.insert(CustomerId(2), "B");
        other.insert(CustomerId(1), "a");
        assert_eq!(m, other);
        other.iter_mut().for_each(|(_, v)| *v = "z");
        assert_ne!(m, other);
    }

    /// Data listing many far ids before the ordinary ones: each time the vector grows it moves in
    /// only the far ids it reaches (it read every far id at each step, which made loading such
    /// data quadratic).
    #[test]
    fn far_ids_met_first_move_in_as_the_vector_reaches_them() {
        let mut m: IdMap<CustomerId, u32> = IdMap::default();
        let far: Vec<u32> = (0..50_000).map(|i| 100_000 + 2 * i).collect();
        for &id in &far {
            m.insert(CustomerId(id), id);
        }
        assert_eq!(m.far.len(), 50_000);
        for id in 1..200_000 {
            m.insert(CustomerId(id), id);
        }
        assert!(m.far.is_empty(), "every far id was reached");
        assert_eq!(m.len(), 200_000 - 1);
        assert!(m.values().copied().eq(1..200_000), "one value per id, in id order");
        assert_eq!(m.last_id(), Some(CustomerId(199_999)));
    }

    #[test]
    fn room_is_made_for_the_ids_the_entries_will_fill() {
        let mut m: IdMap<CustomerId, u32> = IdMap::default();
        m.reserve(1_000_000, 10);
        assert!(m.slots.capacity() < 1_000_000, "ten entries do not fill a million slots");
        m.reserve(50_000, 30_000);
        assert!(m.slots.capacity() > 50_000);
    }

    #[test]
    fn ids_far_beyond_the_others_do_not_grow_the_vector() {
        let mut m: IdMap<CustomerId, u32> = IdMap::default();
        let huge = CustomerId(u32::MAX - 1);
        m.insert(huge, 1);
        m.insert(CustomerId(9_000), 2);
        m.insert(CustomerId(3), 3);
        assert!(m.slots.len() < 10_000 && m.far.len() == 2);
        assert_eq!((m.get(&huge), m.get(&CustomerId(9_000)), m.get(&CustomerId(3))), (Some(&1), Some(&2), Some(&3)));
        // Enough entries, and the vector reaches 9,000: it moves in.
        for id in 10..5_000 {
            m.insert(CustomerId(id), id);
        }
        m.insert(CustomerId(9_001), 4);
        assert_eq!(m.far.len(), 1);
        assert_eq!(m.get(&CustomerId(9_000)), Some(&2));
        *m.get_or_insert_with(huge, || 0) += 1;
        assert_eq!(m.iter().last(), Some((huge, &2)));
        assert_eq!(m.remove(&huge), Some(2));
        assert_eq!(m.len(), 4_993);
        // A new far id made in place stays far and is counted.
        assert_eq!(*m.get_or_insert_with(CustomerId(u32::MAX - 5), || 7), 7);
        assert_eq!((m.len(), m.far.len()), (4_994, 1));
        // A new id just past the vector lengthens it.
        *m.get_or_insert_with(CustomerId(9_010), || 0) += 5;
        assert_eq!((m.get(&CustomerId(9_010)), m.len(), m.far.len()), (Some(&5), 4_995, 1));
        assert!(m.slots.len() > 9_010);
    }
}

//! The distinct sets of roles the responsibilities hold, each kept once and named by its place.
//!
//! A held-list entry (`Held`) carries its responsibility's roles as such a place, four bytes, so
//! that the responsible-persons list and its export read a row's roles from the list they walk
//! instead of looking the responsibility up in the entity map (a cache miss per row on a large
//! directory), and an export names each distinct set once instead of once per row.

use super::FastMap;
use crate::model::RoleId;
use std::collections::BTreeSet;

/// How many roles a set may have to be looked up without allocating.
const INLINE: usize = 8;

/// Every distinct set of roles held since the index was built. A set is never removed: there
/// are as many as distinct combinations of roles ever held together, a handful in practice
/// (and never more than the responsibilities ever written). Place 0 is the empty set.
#[derive(Clone, Debug)]
pub(crate) struct RoleSets {
    /// The sets by place, each sorted by id.
    sets: Vec<Box<[RoleId]>>,
    places: FastMap<Box<[RoleId]>, u32>,
    /// The places of the sets of one or two roles (most responsibilities hold no more), by the
    /// ids packed into one integer: the lower id above, the higher (or the same, for one role)
    /// below. A pair's ids differ, so the two kinds never share a key.
    small: FastMap<u64, u32>,
}

impl Default for RoleSets {
    fn default() -> Self {
        let mut sets = RoleSets { sets: Vec::new(), places: FastMap::default(), small: FastMap::default() };
        sets.place_of(&[]);
        sets
    }
}

/// Two indexes are equal whatever order their sets were met in: what is compared is the sets
/// the held lists name (see `State::differences`).
#[cfg(test)]
impl PartialEq for RoleSets {
    fn eq(&self, _: &RoleSets) -> bool {
        true
    }
}

impl RoleSets {
    /// The place of a set of roles, kept if it is new.
    pub(super) fn place(&mut self, roles: &BTreeSet<RoleId>) -> u32 {
        if let (1 | 2, Some(low), Some(high)) = (roles.len(), roles.first(), roles.last()) {
            let key = u64::from(low.0) << 32 | u64::from(high.0);
            if let Some(place) = self.small.get(&key) {
                return *place;
            }
            let ids = [*low, *high];
            let place = self.place_of(&ids[..roles.len()]);
            self.small.insert(key, place);
            return place;
        }
        if roles.is_empty() {
            return 0;
        }
        if roles.len() <= INLINE {
            let mut ids = [RoleId(0); INLINE];
            ids.iter_mut().zip(roles).for_each(|(slot, r)| *slot = *r);
            self.place_of(&ids[..roles.len()])
        } else {
            self.place_of(&roles.iter().copied().collect::<Vec<_>>())
        }
    }

    fn place_of(&mut self, roles: &[RoleId]) -> u32 {
        if let Some(place) = self.places.get(roles) {
            return *place;
        }
        // Each set costs more than 40 bytes: memory runs out long before 2^32 of them.
        let place = u32::try_from(self.sets.len()).unwrap_or(u32::MAX);
        self.sets.push(roles.into());
        self.places.insert(roles.into(), place);
        place
    }

    /// The roles at a place, by id (none for a place not handed out).
    pub(crate) fn get(&self, place: u32) -> &[RoleId] {
        self.sets.get(place as usize).map_or(&[], |set| set)
    }

    /// Every set, by place.
    pub(crate) fn all(&self) -> impl ExactSizeIterator<Item = &[RoleId]> + '_ {
        self.sets.iter().map(|set| &**set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[u32]) -> BTreeSet<RoleId> {
        ids.iter().map(|&i| RoleId(i)).collect()
    }

    #[test]
    fn each_distinct_set_gets_one_place_and_reads_back_in_id_order() {
        let mut sets = RoleSets::default();
        assert_eq!(sets.place(&set(&[])), 0);
        let a = sets.place(&set(&[3, 1]));
        let b = sets.place(&set(&[1]));
        assert_ne!(a, b);
        assert_eq!(sets.place(&set(&[1, 3])), a);
        assert_eq!(sets.get(a), &[RoleId(1), RoleId(3)]);
        assert_eq!(sets.get(b), &[RoleId(1)]);
        assert_eq!(sets.get(0), &[] as &[RoleId]);
        assert_eq!(sets.get(99), &[] as &[RoleId]);
        // One role and two roles sharing an id are different sets.
        let d = sets.place(&set(&[3]));
        assert!(d != a && d != b);
        assert_eq!(sets.get(d), &[RoleId(3)]);
        assert_eq!(sets.place(&set(&[3])), d);
        // Larger than the inline buffer: the same place every time.
        let many: Vec<u32> = (1..=20).collect();
        let c = sets.place(&set(&many));
        assert_eq!(sets.place(&set(&many)), c);
        assert_eq!(sets.get(c).len(), 20);
        assert_eq!(sets.all().len(), 5);
        assert_eq!(sets.all().nth(c as usize), Some(sets.get(c)));
    }
}

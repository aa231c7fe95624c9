//! The read side: the reporting filter, the responsibility matrix, the responsible-persons list,
//! the customer listing by group, visibility, coverage checks and the numbering report, and the
//! types they share. Every view is a pure function of the current `State`, answered from its
//! indexes, sorted in Finnish/Swedish order ([`collation`](crate::collation)) with ties broken by
//! id, and paginated with a [`Page`]. The `Directory` methods of the same names call them.

pub(crate) mod coverage;
pub(crate) mod filter;
pub mod list;
pub mod listing;
pub mod matrix;
pub(crate) mod numbering;
pub(crate) mod visibility;

use crate::collation::SortKey;
use crate::model::{CustomerId, ProjectId, RoleId};
use crate::state::State;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Which part of a sorted result to return: `limit` items starting at `offset` (0-based).
/// An offset past the end gives an empty page; the result's `total` always counts everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Page {
    /// Items to skip.
    pub offset: u64,
    /// Most items to return.
    pub limit: u64,
}

impl Page {
    /// Everything.
    pub const ALL: Page = Page { offset: 0, limit: u64::MAX };

    /// `limit` items from `offset`.
    pub const fn new(offset: u64, limit: u64) -> Page {
        Page { offset, limit }
    }

    /// The first `limit` items.
    pub const fn first(limit: u64) -> Page {
        Page { offset: 0, limit }
    }

    /// The index range of this page in a result of `total` items.
    pub(crate) fn window(&self, total: usize) -> Range<usize> {
        let start = usize::try_from(self.offset).unwrap_or(usize::MAX).min(total);
        let end = start.saturating_add(usize::try_from(self.limit).unwrap_or(usize::MAX)).min(total);
        start..end
    }

    /// The index range of this page without a known total (end may be `usize::MAX`).
    pub(crate) fn open_window(&self) -> Range<usize> {
        let start = usize::try_from(self.offset).unwrap_or(usize::MAX);
        start..start.saturating_add(usize::try_from(self.limit).unwrap_or(usize::MAX))
    }
}

impl Default for Page {
    /// [`Page::ALL`].
    fn default() -> Self {
        Page::ALL
    }
}

/// A role as views show it: its id (to link) and its name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleRef {
    /// The role.
    pub id: RoleId,
    /// Its name.
    pub name: String,
}

/// `usize` to the `u64` of view results.
pub(crate) fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// The roles, with their names, in Finnish order.
pub(crate) fn role_refs<'r>(s: &State, roles: impl IntoIterator<Item = &'r RoleId>) -> Vec<RoleRef> {
    let mut refs: Vec<(&SortKey, RoleRef)> = roles
        .into_iter()
        .filter_map(|id| {
            let role = s.role(*id).ok()?;
            let key = s.role_key(*id)?;
            Some((key, RoleRef { id: *id, name: role.name.clone() }))
        })
        .collect();
    refs.sort_by(|a, b| a.0.cmp(b.0).then(a.1.id.cmp(&b.1.id)));
    refs.into_iter().map(|(_, r)| r).collect()
}

/// A customer's projects that `keep` (given the project and whether it is archived) admits, with
/// their sort keys, by id.
pub(crate) fn projects_with_keys<'a>(
    s: &'a State,
    customer: CustomerId,
    keep: impl Fn(ProjectId, bool) -> bool + 'a,
) -> impl Iterator<Item = (&'a SortKey, ProjectId)> + 'a {
    s.projects_of(customer).into_iter().flat_map(|of| of.ids()).filter_map(move |p| {
        let entry = s.project_entry(*p)?;
        keep(*p, entry.archived()).then_some((entry.key(), *p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_windows() {
        assert_eq!(Page::ALL.window(5), 0..5);
        assert_eq!(Page::new(2, 2).window(5), 2..4);
        assert_eq!(Page::new(4, 10).window(5), 4..5);
        assert_eq!(Page::new(5, 10).window(5), 5..5);
        assert_eq!(Page::new(u64::MAX, u64::MAX).window(5), 5..5);
        assert_eq!(Page::new(0, 0).window(5), 0..0);
        assert_eq!(Page::first(3).window(0), 0..0);
        assert_eq!(Page::new(3, u64::MAX).open_window(), 3..usize::MAX);
    }
}

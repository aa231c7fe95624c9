//! The customer listing by group: a group's customers (or those in no group) split into Active
//! and Prospects, and the counts per group.

use crate::collation::SortKey;
use crate::error::Result;
use crate::model::{Customer, CustomerGroupId, CustomerId, CustomerStatus};
use crate::state::{Ranked, State};
use crate::view::{count, Page};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::iter::Peekable;

/// A customer as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    /// The customer.
    pub id: CustomerId,
    /// Its name.
    pub name: String,
    /// Its number.
    pub number: Option<u64>,
    /// Active or prospect.
    pub status: CustomerStatus,
    /// Archived.
    pub archived: bool,
    /// Its customer group.
    pub group: Option<CustomerGroupId>,
}

impl CustomerSummary {
    pub(crate) fn of(c: &Customer) -> CustomerSummary {
        CustomerSummary {
            id: c.id,
            name: c.name.clone(),
            number: c.number,
            status: c.status,
            archived: c.archived,
            group: c.group,
        }
    }
}

/// A page of customers and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPage {
    /// The customers of the page, in Finnish/Swedish order of their names, then by id.
    pub customers: Vec<CustomerSummary>,
    /// How many customers the whole result has.
    pub total: u64,
}

/// Input for [`Directory::customer_listing`](crate::Directory::customer_listing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ListingQuery {
    /// Also list archived customers (default: not).
    pub include_archived: bool,
    /// The page of the Active tab.
    pub active: Page,
    /// The page of the Prospects tab.
    pub prospects: Page,
}

/// A customer group's (or "No group"'s) customers, split into Active and Prospects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupListing {
    /// The group; `None` for "No group".
    pub group: Option<CustomerGroupId>,
    /// The group's name; `None` for "No group".
    pub group_name: Option<String>,
    /// The active customers.
    pub active: CustomerPage,
    /// The prospects.
    pub prospects: CustomerPage,
}

/// How many customers a group (or "No group") has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    /// The group; `None` for "No group".
    pub group: Option<CustomerGroupId>,
    /// The group's name; `None` for "No group".
    pub name: Option<String>,
    /// Active customers.
    pub active: u64,
    /// Prospects.
    pub prospects: u64,
}

/// Two sorted sequences merged into one sorted sequence.
struct Merge<A: Iterator, B: Iterator> {
    a: Peekable<A>,
    b: Peekable<B>,
}

impl<'s, A, B> Iterator for Merge<A, B>
where
    A: Iterator<Item = &'s (u64, CustomerId)>,
    B: Iterator<Item = &'s (u64, CustomerId)>,
{
    type Item = &'s (u64, CustomerId);
    fn next(&mut self) -> Option<Self::Item> {
        match (self.a.peek(), self.b.peek()) {
            (Some(x), Some(y)) if y < x => self.b.next(),
            (Some(_), _) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

fn listing_page(
    s: &State,
    group: Option<CustomerGroupId>,
    status: CustomerStatus,
    include_archived: bool,
    page: Page,
) -> CustomerPage {
    static EMPTY: Ranked = BTreeSet::new();
    let current = s.listing((group, status, false)).unwrap_or(&EMPTY);
    let archived = if include_archived { s.listing((group, status, true)) } else { None };
    let archived = archived.unwrap_or(&EMPTY);
    let total = current.len() + archived.len();
    let window = page.window(total);
    let merged = Merge { a: current.iter().peekable(), b: archived.iter().peekable() };
    let customers = merged
        .skip(window.start)
        .take(window.len())
        .filter_map(|(_, id)| s.customer(*id).ok())
        .map(CustomerSummary::of)
        .collect();
    CustomerPage { customers, total: count(total) }
}

/// A group's customers (or those in no group), active and prospects, one page each.
pub(crate) fn customer_listing(
    s: &State,
    group: Option<CustomerGroupId>,
    query: &ListingQuery,
) -> Result<GroupListing> {
    let group_name = match group {
        Some(g) => Some(s.customer_group(g)?.name.clone()),
        None => None,
    };
    Ok(GroupListing {
        group,
        group_name,
        active: listing_page(s, group, CustomerStatus::Active, query.include_archived, query.active),
        prospects: listing_page(s, group, CustomerStatus::Prospect, query.include_archived, query.prospects),
    })
}

/// How many active customers and prospects each group has, groups in Finnish order, then
/// "No group".
pub(crate) fn group_counts(s: &State, include_archived: bool) -> Vec<GroupCount> {
    let count_of = |g: Option<CustomerGroupId>, status| {
        let len = |archived| s.listing((g, status, archived)).map_or(0, BTreeSet::len);
        count(len(false) + if include_archived { len(true) } else { 0 })
    };
    let mut groups: Vec<(SortKey, CustomerGroupId, &str)> =
        s.customer_groups().map(|g| (SortKey::new(&g.name), g.id, g.name.as_str())).collect();
    groups.sort_unstable();
    let mut out: Vec<GroupCount> = groups
        .into_iter()
        .map(|(_, id, name)| GroupCount {
            group: Some(id),
            name: Some(name.to_owned()),
            active: count_of(Some(id), CustomerStatus::Active),
            prospects: count_of(Some(id), CustomerStatus::Prospect),
        })
        .collect();
    out.push(GroupCount {
        group: None,
        name: None,
        active: count_of(None, CustomerStatus::Active),
        prospects: count_of(None, CustomerStatus::Prospect),
    });
    out
}

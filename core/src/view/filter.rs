//! The reporting customer filter, shared by the matrix, the lists and the exports.

use crate::collation::SortKey;
use crate::error::Result;
use crate::model::{CustomerGroupId, CustomerId, CustomerStatus, EmployeeId, SpecialGroupId, Subject};
use crate::state::{CustomerEntry, FastSet, Ranked, State};
use crate::view::listing::{CustomerPage, CustomerSummary};
use crate::view::{count, Page};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How the special groups of a [`CustomerFilter`] combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpecialGroupMatch {
    /// The customer is in at least one of the special groups.
    #[default]
    AnyOf,
    /// The customer is in every one of the special groups.
    AllOf,
}

/// Which customers a [`CustomerFilter`] keeps by their archived flag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ArchivedFilter {
    /// Only customers that are not archived (the default).
    #[default]
    Exclude,
    /// Archived and other customers alike.
    Include,
    /// Only archived customers.
    Only,
}

impl ArchivedFilter {
    /// Whether a customer (or project) with this archived flag passes.
    pub fn admits(self, archived: bool) -> bool {
        match self {
            ArchivedFilter::Exclude => !archived,
            ArchivedFilter::Include => true,
            ArchivedFilter::Only => archived,
        }
    }
}

/// The reporting customer filter. Every criterion that is set must hold (they combine with
/// "and"); an empty filter keeps every customer that is not archived.
///
/// Ids that name nothing are errors ([`Error::NotFound`](crate::Error::NotFound)) in every call that takes a filter.
///
/// # Examples
/// ```
/// use vastuu::{CustomerFilter, CustomerStatus, Directory, NewCustomer, NewCustomerGroup};
/// let mut dir = Directory::new();
/// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
/// let a = dir.create_customer(NewCustomer::new("Öljy Oy").group(north))?;
/// let b = dir.create_customer(NewCustomer::new("Apu Ab").group(north).status(CustomerStatus::Prospect))?;
/// let c = dir.create_customer(NewCustomer::new("Zeta Ky"))?;
/// assert_eq!(dir.filter_customers(&CustomerFilter::new())?, [b, c, a]);
/// assert_eq!(dir.filter_customers(&CustomerFilter::new().group(north))?, [b, a]);
/// assert_eq!(dir.filter_customers(&CustomerFilter::new().no_group())?, [c]);
/// assert_eq!(dir.filter_customers(&CustomerFilter::new().group(north).status(CustomerStatus::Active))?, [a]);
/// assert_eq!(dir.filter_customers(&CustomerFilter::new().text("öljy"))?, [a]);
/// # Ok::<(), vastuu::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFilter {
    /// Only these customers (empty: no restriction).
    pub customers: Vec<CustomerId>,
    /// Customers of these customer groups; together with `no_group`, customers in any of the
    /// groups or in none. When both are empty / false, the group does not matter.
    pub groups: Vec<CustomerGroupId>,
    /// Customers in no customer group ("No group").
    pub no_group: bool,
    /// Customers of these special groups, combined as `special_groups_match` says (empty: no
    /// restriction).
    pub special_groups: Vec<SpecialGroupId>,
    /// Any-of or all-of for `special_groups`.
    pub special_groups_match: SpecialGroupMatch,
    /// Only active customers or only prospects.
    pub status: Option<CustomerStatus>,
    /// Archived customers: excluded (default), included, or only those.
    pub archived: ArchivedFilter,
    /// Free text: kept when the customer's name contains it, compared as the Finnish order
    /// compares names (case-insensitively; `é` matches `e`, but `ä` does not match `a`; see
    /// [`SortKey::contains`]), or when the customer's number contains it as digits. Leading and
    /// trailing spaces are ignored; blank text is no restriction.
    pub text: Option<String>,
    /// Customers the employee is responsible for: holds a customer responsibility (not one for a
    /// project), valid on the view's as-of date when the view has one.
    pub responsible: Option<EmployeeId>,
    /// Customers of the customer groups where the employee is a salesperson.
    pub salesperson: Option<EmployeeId>,
}

impl CustomerFilter {
    /// The empty filter: every customer that is not archived.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds customers to the explicit selection.
    pub fn customers(mut self, ids: impl IntoIterator<Item = CustomerId>) -> Self {
        self.customers.extend(ids);
        self
    }
    /// Adds a customer group.
    pub fn group(mut self, group: CustomerGroupId) -> Self {
        self.groups.push(group);
        self
    }
    /// Adds "No group".
    pub fn no_group(mut self) -> Self {
        self.no_group = true;
        self
    }
    /// Adds a special group.
    pub fn special_group(mut self, group: SpecialGroupId) -> Self {
        self.special_groups.push(group);
        self
    }
    /// Sets how special groups combine.
    pub fn special_groups_match(mut self, how: SpecialGroupMatch) -> Self {
        self.special_groups_match = how;
        self
    }
    /// Sets the status.
    pub fn status(mut self, status: CustomerStatus) -> Self {
        self.status = Some(status);
        self
    }
    /// Sets the archived criterion.
    pub fn archived(mut self, archived: ArchivedFilter) -> Self {
        self.archived = archived;
        self
    }
    /// Sets the free text.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }
    /// Sets the responsible employee.
    pub fn responsible(mut self, employee: EmployeeId) -> Self {
        self.responsible = Some(employee);
        self
    }
    /// Sets the salesperson.
    pub fn salesperson(mut self, employee: EmployeeId) -> Self {
        self.salesperson = Some(employee);
        self
    }
}

/// A filter checked against the state, with its sets built.
pub(crate) struct Compiled<'a> {
    state: &'a State,
    customers: Option<FastSet<CustomerId>>,
    /// Allowed groups, and whether "No group" is allowed.
    groups: Option<(FastSet<CustomerGroupId>, bool)>,
    special: Vec<SpecialGroupId>,
    special_all: bool,
    status: Option<CustomerStatus>,
    archived: ArchivedFilter,
    /// A searcher for the text's key, and the text itself when it is all digits (for the
    /// number).
    text: Option<(memchr::memmem::Finder<'static>, Option<String>)>,
    responsible: Option<FastSet<CustomerId>>,
    sold_groups: Option<FastSet<CustomerGroupId>>,
    restrict: Option<&'a FastSet<CustomerId>>,
}

/// Where candidates come from: the smallest index-backed criterion.
enum Source<'a> {
    Ids(Vec<CustomerId>),
    Sorted(Vec<&'a Ranked>),
    Sets(Vec<&'a BTreeSet<CustomerId>>),
}

impl<'a> Compiled<'a> {
    /// Checks the filter's ids and builds its sets. `as_of` applies to the `responsible`
    /// criterion; `restrict`, when given, is one more set the customer must be in.
    pub(crate) fn new(
        state: &'a State,
        f: &CustomerFilter,
        as_of: Option<Date>,
        restrict: Option<&'a FastSet<CustomerId>>,
    ) -> Result<Compiled<'a>> {
        let mut customers = None;
        if !f.customers.is_empty() {
            let mut set = FastSet::default();
            for &c in &f.customers {
                state.customer(c)?;
                set.insert(c);
            }
            customers = Some(set);
        }
        let mut groups = None;
        if !f.groups.is_empty() || f.no_group {
            let mut set = FastSet::default();
            for &g in &f.groups {
                state.customer_group(g)?;
                set.insert(g);
            }
            groups = Some((set, f.no_group));
        }
        let mut special = Vec::new();
        for &g in &f.special_groups {
            state.special_group(g)?;
            if !special.contains(&g) {
                special.push(g);
            }
        }
        let mut responsible = None;
        if let Some(e) = f.responsible {
            state.employee(e)?;
            let set: FastSet<CustomerId> = state
                .subjects_of(e)
                .filter_map(|subject| match subject {
                    Subject::Customer(c) => Some(c),
                    Subject::Project(_) => None,
                })
                .filter(|c| state.responsibility(Subject::Customer(*c), e).is_some_and(|r| r.is_valid_on(as_of)))
                .collect();
            responsible = Some(set);
        }
        let mut sold_groups = None;
        if let Some(e) = f.salesperson {
            state.employee(e)?;
            sold_groups = Some(state.groups_sold_by(e).iter().copied().collect());
        }
        let text = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(|t| {
            let digits = t.bytes().all(|b| b.is_ascii_digit()).then(|| t.to_owned());
            (memchr::memmem::Finder::new(SortKey::new(t).as_bytes()).into_owned(), digits)
        });
        Ok(Compiled {
            state,
            customers,
            groups,
            special,
            special_all: f.special_groups_match == SpecialGroupMatch::AllOf,
            status: f.status,
            archived: f.archived,
            text,
            responsible,
            sold_groups,
            restrict,
        })
    }

    /// Whether a customer passes every criterion.
    pub(crate) fn matches(&self, id: CustomerId, entry: &CustomerEntry) -> bool {
        if self.customers.as_ref().is_some_and(|s| !s.contains(&id)) {
            return false;
        }
        if let Some((groups, none_ok)) = &self.groups {
            let ok = match entry.group() {
                Some(g) => groups.contains(&g),
                None => *none_ok,
            };
            if !ok {
                return false;
            }
        }
        if self.status.is_some_and(|s| s != entry.status()) || !self.archived.admits(entry.archived()) {
            return false;
        }
        if let Some(sold) = &self.sold_groups {
            if !entry.group().is_some_and(|g| sold.contains(&g)) {
                return false;
            }
        }
        if self.responsible.as_ref().is_some_and(|s| !s.contains(&id))
            || self.restrict.is_some_and(|s| !s.contains(&id))
        {
            return false;
        }
        if !self.special.is_empty() {
            let Ok(c) = self.state.customer(id) else { return false };
            let ok = if self.special_all {
                self.special.iter().all(|g| c.special_groups.contains(g))
            } else {
                self.special.iter().any(|g| c.special_groups.contains(g))
            };
            if !ok {
                return false;
            }
        }
        self.text_matches(entry.key(), entry.number())
    }

    /// Whether the text criterion holds for a customer's name key and number.
    fn text_matches(&self, key: &SortKey, number: Option<u64>) -> bool {
        match &self.text {
            None => true,
            Some((part, digits)) => {
                part.find(key.as_bytes()).is_some() || digits.as_deref().is_some_and(|d| number_contains(number, d))
            }
        }
    }

    /// Whether a customer can pass, judged from its name key alone (no lookup): false only
    /// when the text criterion surely fails.
    fn may_match(&self, key: &SortKey) -> bool {
        match &self.text {
            Some((part, None)) => part.find(key.as_bytes()).is_some(),
            _ => true,
        }
    }

    /// The archived criterion, when it is the only one (every other is absent).
    pub(crate) fn archived_only(&self) -> Option<ArchivedFilter> {
        let none = self.customers.is_none()
            && self.groups.is_none()
            && self.special.is_empty()
            && self.status.is_none()
            && self.text.is_none()
            && self.responsible.is_none()
            && self.sold_groups.is_none()
            && self.restrict.is_none();
        none.then_some(self.archived)
    }

    /// Whether projects with this archived flag are shown next to the filtered customers:
    /// archived projects are hidden when archived customers are.
    pub(crate) fn admits_project(&self, archived: bool) -> bool {
        self.archived != ArchivedFilter::Exclude || !archived
    }

    /// The sorted listing sets of these groups (`None`: "No group") that the status and archived
    /// criteria allow.
    fn listing_sets(&self, groups: impl Iterator<Item = Option<CustomerGroupId>>) -> Vec<&'a Ranked> {
        let statuses: &[CustomerStatus] = match self.status {
            Some(CustomerStatus::Active) => &[CustomerStatus::Active],
            Some(CustomerStatus::Prospect) => &[CustomerStatus::Prospect],
            None => &[CustomerStatus::Active, CustomerStatus::Prospect],
        };
        let archived: &[bool] = match self.archived {
            ArchivedFilter::Exclude => &[false],
            ArchivedFilter::Include => &[false, true],
            ArchivedFilter::Only => &[true],
        };
        let mut out = Vec::new();
        for g in groups {
            for s in statuses {
                for a in archived {
                    if let Some(set) = self.state.listing((g, *s, *a)) {
                        out.push(set);
                    }
                }
            }
        }
        out
    }

    /// The smallest index-backed source of candidates and its size, if any criterion has one.
    fn source(&self) -> Option<(usize, Source<'a>)> {
        let state = self.state;
        let mut best: Option<(usize, Source<'a>)> = None;
        let mut consider = |size: usize, make: &mut dyn FnMut() -> Source<'a>| {
            if best.as_ref().is_none_or(|(s, _)| size < *s) {
                best = Some((size, make()));
            }
        };
        if let Some(ids) = &self.customers {
            consider(ids.len(), &mut || Source::Ids(ids.iter().copied().collect()));
        }
        if let Some(set) = self.restrict {
            consider(set.len(), &mut || Source::Ids(set.iter().copied().collect()));
        }
        if let Some(set) = &self.responsible {
            consider(set.len(), &mut || Source::Ids(set.iter().copied().collect()));
        }
        if let Some((groups, none_ok)) = &self.groups {
            let keys: Vec<Option<CustomerGroupId>> =
                groups.iter().map(|g| Some(*g)).chain(none_ok.then_some(None)).collect();
            let sets = self.listing_sets(keys.into_iter());
            consider(sets.iter().map(|s| s.len()).sum(), &mut || Source::Sorted(sets.clone()));
        }
        if let Some(sold) = &self.sold_groups {
            let sets = self.listing_sets(sold.iter().map(|g| Some(*g)));
            consider(sets.iter().map(|s| s.len()).sum(), &mut || Source::Sorted(sets.clone()));
        }
        if !self.special.is_empty() {
            let empty = &EMPTY_IDS;
            let sets: Vec<&'a BTreeSet<CustomerId>> =
                self.special.iter().map(|g| state.special_members(*g).unwrap_or(empty)).collect();
            if self.special_all {
                if let Some(smallest) = sets.iter().min_by_key(|s| s.len()) {
                    let smallest = *smallest;
                    consider(smallest.len(), &mut || Source::Sets(vec![smallest]));
                }
            } else {
                consider(sets.iter().map(|s| s.len()).sum(), &mut || Source::Sets(sets.clone()));
            }
        }
        best
    }

    /// The matching customers in Finnish order of their names, then by id.
    pub(crate) fn run(&self) -> Vec<CustomerId> {
        let state = self.state;
        // A text within groups: each group's keys searched end to end, then the other criteria.
        if let (Some((part, None)), Some((groups, false))) = (&self.text, &self.groups) {
            let mut positions: Vec<u32> = groups.iter().flat_map(|g| state.group_text_matches(*g, part)).collect();
            positions.sort_unstable();
            let ids = state.in_order().ids();
            return positions
                .into_iter()
                .filter_map(|at| ids.get(at as usize).copied())
                .filter(|id| state.customer_entry(*id).is_some_and(|e| self.matches(*id, e)))
                .collect();
        }
        let walk = || {
            state
                .customer_order()
                .iter()
                .filter(|(key, id)| {
                    self.may_match(key) && state.customer_entry(*id).is_some_and(|e| self.matches(*id, e))
                })
                .map(|(_, id)| *id)
                .collect()
        };
        let Some((size, source)) = self.source() else { return walk() };
        // Sorting k candidates costs about k·log2(k) key comparisons, walking the ordered set one
        // test per customer: take the cheaper.
        let log2 = usize::try_from(size.max(1).ilog2()).unwrap_or(usize::MAX);
        if size.saturating_mul(log2.saturating_add(1)) > state.customer_order().len() {
            return walk();
        }
        let mut found: Vec<(u64, CustomerId)> = Vec::new();
        let mut take = |id: CustomerId| {
            if let Some(entry) = state.customer_entry(id) {
                if self.matches(id, entry) {
                    found.push((entry.rank(), id));
                }
            }
        };
        match source {
            Source::Ids(ids) => ids.into_iter().for_each(&mut take),
            Source::Sorted(sets) => sets.into_iter().flatten().for_each(|(_, id)| take(*id)),
            Source::Sets(sets) => sets.into_iter().flatten().for_each(|id| take(*id)),
        }
        found.sort_unstable();
        found.dedup_by_key(|(_, id)| *id);
        found.into_iter().map(|(_, id)| id).collect()
    }
}

static EMPTY_IDS: BTreeSet<CustomerId> = BTreeSet::new();

/// Whether the decimal digits of `number` contain `text`.
fn number_contains(number: Option<u64>, text: &str) -> bool {
    let Some(mut n) = number else { return false };
    if text.is_empty() || text.len() > 20 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf[at..].windows(text.len()).any(|w| w == text.as_bytes())
}

/// The customers a filter selects, in Finnish order; `as_of` dates the `responsible` criterion.
pub(crate) fn filter_customers(s: &State, filter: &CustomerFilter, as_of: Option<Date>) -> Result<Vec<CustomerId>> {
    Ok(Compiled::new(s, filter, as_of, None)?.run())
}

/// One page of the customers a filter selects.
pub(crate) fn filter_customers_page(s: &State, filter: &CustomerFilter, page: Page) -> Result<CustomerPage> {
    let ids = filter_customers(s, filter, None)?;
    let window = page.window(ids.len());
    let customers = ids[window].iter().filter_map(|id| s.customer(*id).ok()).map(CustomerSummary::of).collect();
    Ok(CustomerPage { customers, total: count(ids.len()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_text() {
        assert!(number_contains(Some(12345), "234"));
        assert!(number_contains(Some(12345), "12345"));
        assert!(number_contains(Some(0), "0"));
        assert!(!number_contains(Some(12345), "123456"));
        assert!(!number_contains(Some(12345), "2a"));
        assert!(!number_contains(None, "1"));
        assert!(number_contains(Some(u64::MAX), "18446744073709551615"));
        assert!(!number_contains(Some(1), "000000000000000000001"));
    }

    #[test]
    fn archived_filter() {
        assert!(ArchivedFilter::Exclude.admits(false) && !ArchivedFilter::Exclude.admits(true));
        assert!(ArchivedFilter::Include.admits(false) && ArchivedFilter::Include.admits(true));
        assert!(!ArchivedFilter::Only.admits(false) && ArchivedFilter::Only.admits(true));
    }
}

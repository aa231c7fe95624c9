//! The library's views held to the model's ([`check_views`]): the look-ups by external id, the numbering report, the group
//! counts and listings, the customer filter and its pages, the matrix, the responsible-persons
//! list, the responsible persons of every subject, the coverage checks, and all three
//! visibility forms for every pair. Queries are drawn from a seed, with unknown ids now and then,
//! and pages before, across and past the end.
//!
//! The model test checks a small directory after every step ([`Sizes::SMALL`]); the view test
//! (`tests/views.rs`) a generated one of a few hundred customers ([`Sizes::LARGE`]), where the
//! views' indexes choose other paths.

use super::{views, Model};
use crate::op::strategy::DATES;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt::Debug;
use vastuu::generate::Rng;
use vastuu::{
    ArchivedFilter, Customer, CustomerFilter, CustomerGroupId, CustomerId, CustomerPage, CustomerStatus, Directory,
    Employee, EmployeeId, Error, ListingQuery, MatrixQuery, Page, ProjectId, ResponsiblePersonsQuery, RoleId,
    SpecialGroupId, SpecialGroupMatch, Subject, TeamId,
};

/// How many queries of each kind, how many ids a query names, how large pages are.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Customer filters.
    pub filters: usize,
    /// Matrix queries and responsible-persons queries, each.
    pub queries: usize,
    /// The most customers a filter names, and (up to 8) employees a matrix query names.
    pub ids: usize,
    /// The usual page length.
    pub page: usize,
    /// The days on which visibility is checked for every pair.
    pub visibility_days: usize,
}

impl Sizes {
    /// For a directory of a few of everything, checked after every step.
    pub const SMALL: Sizes = Sizes { filters: 4, queries: 3, ids: 3, page: 4, visibility_days: 2 };
    /// For a directory of a few hundred customers, checked now and then.
    pub const LARGE: Sizes = Sizes { filters: 12, queries: 8, ids: 30, page: 20, visibility_days: 1 };
}

/// Both answers are equal, or both errors of the same kind (and `NotFound` of the same entity).
///
/// # Panics
/// When they differ.
pub fn agree<T: PartialEq + Debug>(what: &dyn Debug, got: vastuu::Result<T>, want: vastuu::Result<T>) {
    match (&got, &want) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{what:?}"),
        (Err(Error::NotFound(a)), Err(Error::NotFound(b))) => assert_eq!(a, b, "{what:?}"),
        (Err(a), Err(b)) => assert_eq!(std::mem::discriminant(a), std::mem::discriminant(b), "{what:?}: {a} / {b}"),
        _ => panic!("{what:?}\n  library: {got:?}\n  model:   {want:?}"),
    }
}

/// Queries drawn from a seed against the model's ids.
struct Gen<'a> {
    rng: Rng,
    m: &'a Model,
    sizes: Sizes,
}

impl Gen<'_> {
    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.rng.chance(percent)
    }
    /// An id out of `ids`; now and then one that names nothing.
    fn pick<T: Copy>(&mut self, ids: &[T], unknown: T) -> T {
        if ids.is_empty() || self.chance(4) {
            unknown
        } else {
            ids[self.below(ids.len())]
        }
    }
    fn day(&mut self) -> Date {
        DATES[self.below(DATES.len())]
    }
    fn as_of(&mut self) -> Option<Date> {
        self.chance(60).then(|| self.day())
    }
    /// A page of a list of `total` items: all, the first few, anywhere, the last items, past
    /// the end, or without a limit.
    fn page(&mut self, total: usize) -> Page {
        let length = self.sizes.page;
        match self.below(6) {
            0 => Page::ALL,
            1 => Page::first(self.below(length) as u64),
            2 => Page::new(self.below(total + 3) as u64, 1 + self.below(length) as u64),
            3 => Page::new(total.saturating_sub(1 + self.below(2)) as u64, 3),
            4 => Page::new((total + self.below(3)) as u64, 2),
            _ => Page::new(self.below(length + length / 2) as u64, u64::MAX),
        }
    }
    fn employee(&mut self) -> EmployeeId {
        let ids: Vec<EmployeeId> = self.m.employees.keys().copied().collect();
        self.pick(&ids, EmployeeId(self.m.next_ids.employee))
    }
    fn customer(&mut self) -> CustomerId {
        let ids: Vec<CustomerId> = self.m.customers.keys().copied().collect();
        self.pick(&ids, CustomerId(self.m.next_ids.customer))
    }
    fn group(&mut self) -> CustomerGroupId {
        let ids: Vec<CustomerGroupId> = self.m.groups.keys().copied().collect();
        self.pick(&ids, CustomerGroupId(self.m.next_ids.customer_group))
    }
    fn special(&mut self) -> SpecialGroupId {
        let ids: Vec<SpecialGroupId> = self.m.special_groups.keys().copied().collect();
        self.pick(&ids, SpecialGroupId(self.m.next_ids.special_group))
    }
    fn role(&mut self) -> RoleId {
        let ids: Vec<RoleId> = self.m.roles.keys().copied().collect();
        self.pick(&ids, RoleId(self.m.next_ids.role))
    }
    fn team(&mut self) -> TeamId {
        let ids: Vec<TeamId> = self.m.teams.keys().copied().collect();
        self.pick(&ids, TeamId(self.m.next_ids.team))
    }

    fn filter(&mut self) -> CustomerFilter {
        let mut f = CustomerFilter::new();
        if self.chance(15) {
            for _ in 0..1 + self.below(self.sizes.ids) {
                f.customers.push(self.customer());
            }
        }
        if self.chance(30) {
            for _ in 0..1 + self.below(3) {
                f.groups.push(self.group());
            }
        }
        f.no_group = self.chance(20);
        if self.chance(25) {
            for _ in 0..1 + self.below(3) {
                f.special_groups.push(self.special());
            }
            if self.chance(50) {
                f.special_groups_match = SpecialGroupMatch::AllOf;
            }
        }
        if self.chance(25) {
            f.status = Some(if self.chance(50) { CustomerStatus::Active } else { CustomerStatus::Prospect });
        }
        f.archived = match self.below(4) {
            0 => ArchivedFilter::Include,
            1 => ArchivedFilter::Only,
            _ => ArchivedFilter::Exclude,
        };
        if self.chance(20) {
            let texts = ["ö", "ÖLJY", "apu", "  zeta ", "1", "12", "10", "oy 1", "oy", "ä", "", "Huo", "x#", "Aa"];
            f.text = Some(texts[self.below(texts.len())].to_owned());
        }
        if self.chance(20) {
            f.responsible = Some(self.employee());
        }
        if self.chance(15) {
            f.salesperson = Some(self.employee());
        }
        f
    }
}

/// Checks every view of the directory against the model's, with queries drawn from `seed`.
///
/// # Panics
/// At the first answer that differs from the model's.
pub fn check_views(dir: &Directory, m: &Model, seed: u64, sizes: Sizes) {
    let mut g = Gen { rng: Rng::new(seed), m, sizes };

    assert_eq!(dir.numbering_report(), m.numbering_report(), "numbering report");
    // The look-ups by external id, for the keys the generated operations use and one never used.
    for key in ["K1", "K2", "K3", "k1", "ERP-7", "K9"] {
        use vastuu::{EntityKind as K, EntityRef};
        let got = [
            dir.employee_by_external_id(key).map(|e| EntityRef::from(e.id)),
            dir.customer_by_external_id(key).map(|c| c.id.into()),
            dir.project_by_external_id(key).map(|p| p.id.into()),
            dir.customer_group_by_external_id(key).map(|g| g.id.into()),
        ];
        let want = [K::Employee, K::Customer, K::Project, K::CustomerGroup].map(|kind| m.key_holder(kind, key));
        assert_eq!(got, want, "look-ups by the external id {key:?}");
    }
    for include_archived in [false, true] {
        assert_eq!(dir.group_counts(include_archived), m.group_counts(include_archived), "group counts");
    }
    let mut groups: Vec<Option<CustomerGroupId>> = m.groups.keys().map(|id| Some(*id)).collect();
    groups.push(None);
    groups.push(Some(CustomerGroupId(m.next_ids.customer_group)));
    for group in groups {
        let q = ListingQuery {
            include_archived: g.chance(50),
            active: g.page(sizes.page),
            prospects: g.page(sizes.page / 2),
        };
        agree(&(group, &q), dir.customer_listing(group, &q), m.listing(group, &q));
    }

    for _ in 0..sizes.filters {
        let f = g.filter();
        let as_of = g.as_of();
        agree(&(&f, as_of), dir.filter_customers_on(&f, as_of), m.filter(&f, as_of));
    }
    let f = g.filter();
    let p = g.page(m.customers.len());
    let want = m.filter(&f, None).map(|ids| CustomerPage {
        total: ids.len() as u64,
        customers: views::page(&ids, p).iter().map(|id| views::summary(&m.customers[id])).collect(),
    });
    agree(&(&f, p), dir.filter_customers_page(&f, p), want);

    for _ in 0..sizes.queries {
        let mut q = MatrixQuery::new().customers(g.filter());
        if g.chance(20) {
            q.teams.push(g.team());
        }
        if g.chance(20) {
            for _ in 0..1 + g.below(sizes.ids.min(8)) {
                q.employees.push(g.employee());
            }
        }
        if g.chance(40) {
            q.role = Some(g.role());
        }
        q.by_role = g.chance(50);
        q.include_projects = g.chance(60);
        q.as_of = g.as_of();
        q.rows = g.page(m.customers.len() + m.projects.len());
        q.columns = g.page(m.employees.len());
        agree(&q, dir.matrix(&q), m.matrix(&q));
    }

    for _ in 0..sizes.queries {
        let mut q = ResponsiblePersonsQuery::new().customers(g.filter());
        if g.chance(30) {
            for _ in 0..1 + g.below(sizes.ids.min(4)) {
                q.employees.push(g.employee());
            }
        }
        q.include_projects = g.chance(60);
        q.as_of = g.as_of();
        q.page = g.page(m.responsibilities.len());
        agree(&q, dir.responsible_persons(&q), m.responsible_persons(&q));
    }

    let mut subjects: Vec<Subject> = m.customers.keys().map(|c| Subject::Customer(*c)).collect();
    subjects.extend(m.projects.keys().map(|p| Subject::Project(*p)));
    subjects.push(Subject::Project(ProjectId(m.next_ids.project)));
    for subject in subjects {
        let role = g.chance(40).then(|| g.role());
        let on = g.as_of();
        agree(&(subject, role, on), dir.responsible_persons_of(subject, role, on), m.persons_of(subject, role, on));
    }

    // The coverage checks.
    let on = g.day();
    for only_active in [false, true] {
        assert_eq!(
            dir.customers_without_responsible(on, only_active),
            m.customers_without_responsible(on, only_active)
        );
    }
    assert_eq!(dir.responsibilities_of_inactive_employees(), m.responsibilities_of_inactive_employees());
    assert_eq!(dir.salespeople_without_sales_rights(), m.salespeople_without_sales_rights());
    let days = [0, 1, 180, 365, 400][g.below(5)];
    assert_eq!(
        dir.responsibilities_ending_within(on, days),
        m.responsibilities_ending_within(on, days),
        "{on} +{days}"
    );
    let percent = [0, 10, 50, 100, 101][g.below(5)];
    agree(&percent, dir.series_near_exhaustion(percent), m.series_near_exhaustion(percent));

    // Visibility: every pair, with an unknown id of each kind, and both set forms, which must
    // hold exactly the pairs the model's `can_view` allows.
    let mut employees: Vec<EmployeeId> = m.employees.keys().copied().collect();
    employees.push(EmployeeId(m.next_ids.employee));
    let mut customers: Vec<CustomerId> = m.customers.keys().copied().collect();
    customers.push(CustomerId(m.next_ids.customer));
    for _ in 0..sizes.visibility_days {
        let on = g.day();
        let mut seen: BTreeMap<EmployeeId, Vec<&Customer>> = BTreeMap::new();
        let mut viewers: BTreeMap<CustomerId, Vec<&Employee>> = BTreeMap::new();
        for &e in &employees {
            for &c in &customers {
                let want = m.can_view(e, c, on);
                if want.as_ref().is_ok_and(|v| v.visible) {
                    seen.entry(e).or_default().push(&m.customers[&c]);
                    viewers.entry(c).or_default().push(&m.employees[&e]);
                }
                agree(&(e, c, on), dir.can_view(e, c, on), want);
            }
        }
        for &e in &employees {
            let want = if m.employees.contains_key(&e) {
                Ok(m.sorted_customers(seen.remove(&e).unwrap_or_default()))
            } else {
                m.visible_customers(e, on)
            };
            agree(&(e, on), dir.visible_customers(e, on), want);
        }
        for &c in &customers {
            let want = if m.customers.contains_key(&c) {
                Ok(m.sorted_employees(viewers.remove(&c).unwrap_or_default()))
            } else {
                m.who_can_view(c, on)
            };
            agree(&(c, on), dir.who_can_view(c, on), want);
        }
    }
}

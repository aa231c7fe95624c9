//! The workload of the view and visibility benchmarks: which employees, customers, pairs and
//! queries they run, chosen deterministically from a generated directory, and the peer the
//! visibility check is compared with (a plain `HashSet<(u32, u32)>` of the visible pairs).
//!
//! The benchmarks (`benches/views.rs`) run these on the 100,000-customer directory of
//! [`GeneratorConfig::benchmark`]; this crate's tests run the same workload on a small one.

use jiff::civil::{date, Date};
use std::collections::HashSet;
use vastuu::generate::{generate, GeneratorConfig, Rng};
use vastuu::{
    CustomerFilter, CustomerGroupId, CustomerId, Directory, EmployeeId, ListingQuery, MatrixQuery, Page,
    ResponsiblePersonsQuery, RoleId, RoleScope, SpecialGroupId, SpecialGroupMatch, Subject, TeamId,
};

/// How many lookups one visibility benchmark iteration makes.
pub const BATCH: usize = 1024;

/// The employees, customers, pairs and ids the benchmarks use.
#[derive(Clone, Debug)]
pub struct Workload {
    /// The date visibility and as-of views are asked for.
    pub day: Date,
    /// [`BATCH`] random (employee, customer) pairs: mostly denied.
    pub random_pairs: Vec<(EmployeeId, CustomerId)>,
    /// [`BATCH`] pairs taken from responsibilities: mostly allowed.
    pub responsible_pairs: Vec<(EmployeeId, CustomerId)>,
    /// The active, non-admin employee with the most responsibilities.
    pub busy_employee: EmployeeId,
    /// An active salesperson with sales rights.
    pub salesperson: EmployeeId,
    /// An active admin (`sees_all`), if the directory has one.
    pub admin: Option<EmployeeId>,
    /// The customer with the most responsible persons.
    pub busy_customer: CustomerId,
    /// The customer group with the most customers.
    pub group: CustomerGroupId,
    /// Two special groups.
    pub special_groups: Vec<SpecialGroupId>,
    /// A customer role.
    pub customer_role: RoleId,
    /// A team.
    pub team: Option<TeamId>,
}

/// The generated benchmark directory (100,000 customers).
///
/// # Panics
/// Never for the built-in configuration; the generator's data obeys every rule.
pub fn benchmark_directory() -> Directory {
    directory(&GeneratorConfig::benchmark())
}

/// A generated directory, or the rule the generated data breaks (a generator bug).
///
/// # Errors
/// The first rule the generated data breaks.
pub fn try_directory(config: &GeneratorConfig) -> Result<Directory, vastuu::Error> {
    Directory::from_data(generate(config))
}

/// A generated directory.
///
/// # Panics
/// If the generated data breaks a rule (a generator bug).
#[allow(clippy::expect_used)]
pub fn directory(config: &GeneratorConfig) -> Directory {
    Directory::from_data(generate(config)).expect("generated data obeys every rule")
}

impl Workload {
    /// Picks the workload from a directory, deterministically.
    pub fn new(dir: &Directory) -> Workload {
        let day = date(2026, 3, 1);
        let mut rng = Rng::new(42);
        let employees: Vec<EmployeeId> = dir.employees().map(|e| e.id).collect();
        let customers: Vec<CustomerId> = dir.customers().map(|c| c.id).collect();
        let mut random_pairs = Vec::with_capacity(BATCH);
        if !employees.is_empty() && !customers.is_empty() {
            while random_pairs.len() < BATCH {
                random_pairs.push((*rng.pick(&employees), *rng.pick(&customers)));
            }
        }
        let customer_of = |s: Subject| match s {
            Subject::Customer(c) => Some(c),
            Subject::Project(p) => dir.project(p).ok().map(|p| p.customer),
        };
        let all = dir.responsibilities();
        let mut responsible_pairs = Vec::with_capacity(BATCH);
        if !all.is_empty() {
            while responsible_pairs.len() < BATCH {
                let r = rng.pick(&all);
                if let Some(c) = customer_of(r.subject) {
                    responsible_pairs.push((r.employee, c));
                }
            }
        }
        let active_plain = |id: &EmployeeId| dir.employee(*id).is_ok_and(|e| e.active && !e.sees_all);
        let busy_employee = employees
            .iter()
            .filter(|e| active_plain(e))
            .max_by_key(|e| dir.responsibilities_held_by(**e).map_or(0, |r| r.len()))
            .copied()
            .unwrap_or(EmployeeId(1));
        let salesperson = employees
            .iter()
            .filter(|e| active_plain(e) && dir.employee(**e).is_ok_and(|e| e.sales_rights))
            .find(|e| dir.salesperson_groups(**e).is_ok_and(|g| !g.is_empty()))
            .copied()
            .unwrap_or(busy_employee);
        let admin = dir.employees().find(|e| e.active && e.sees_all).map(|e| e.id);
        let busy_customer = customers
            .iter()
            .max_by_key(|c| dir.responsibilities_for((**c).into()).map_or(0, |r| r.len()))
            .copied()
            .unwrap_or(CustomerId(1));
        let group = dir
            .customer_groups()
            .max_by_key(|g| dir.group_customers(g.id).map_or(0, |c| c.len()))
            .map_or(CustomerGroupId(1), |g| g.id);
        let special_groups = dir.special_groups().take(2).map(|g| g.id).collect();
        let customer_role = dir.roles().find(|r| r.scope == RoleScope::Customer).map_or(RoleId(1), |r| r.id);
        let team = dir.teams().next().map(|t| t.id);
        Workload {
            day,
            random_pairs,
            responsible_pairs,
            busy_employee,
            salesperson,
            admin,
            busy_customer,
            group,
            special_groups,
            customer_role,
            team,
        }
    }

    /// The filters the filter benchmarks run, by name.
    pub fn filters(&self) -> Vec<(&'static str, CustomerFilter)> {
        let mut special = CustomerFilter::new().special_groups_match(SpecialGroupMatch::AllOf);
        special.special_groups.clone_from(&self.special_groups);
        vec![
            ("all", CustomerFilter::new()),
            ("group", CustomerFilter::new().group(self.group)),
            ("no_group_prospects", CustomerFilter::new().no_group().status(vastuu::CustomerStatus::Prospect)),
            ("text", CustomerFilter::new().text("öljy")),
            ("special_all_of", special),
            ("responsible", CustomerFilter::new().responsible(self.busy_employee)),
            ("salesperson", CustomerFilter::new().salesperson(self.salesperson)),
        ]
    }

    /// The matrix queries the matrix benchmarks run, by name.
    pub fn matrices(&self) -> Vec<(&'static str, MatrixQuery)> {
        let page = |q: MatrixQuery| q.rows(Page::first(50)).columns(Page::first(40));
        let mut out = vec![
            ("first_page", page(MatrixQuery::new())),
            ("projects_by_role", page(MatrixQuery::new().include_projects(true).by_role(true))),
            ("deep_page", MatrixQuery::new().rows(Page::new(90_000, 50)).columns(Page::new(1_900, 40))),
            ("as_of", page(MatrixQuery::new().as_of(self.day).include_projects(true))),
            ("role", page(MatrixQuery::new().role(self.customer_role).by_role(true))),
            ("group_rows", page(MatrixQuery::new().customers(CustomerFilter::new().group(self.group)))),
        ];
        if let Some(team) = self.team {
            out.push(("team_columns", page(MatrixQuery::new().team(team))));
        }
        out
    }

    /// The responsible-persons queries, by name.
    pub fn lists(&self) -> Vec<(&'static str, ResponsiblePersonsQuery)> {
        vec![
            ("first_page", ResponsiblePersonsQuery::new().page(Page::first(100))),
            (
                "projects_as_of",
                ResponsiblePersonsQuery::new().include_projects(true).as_of(self.day).page(Page::first(100)),
            ),
            ("deep_page", ResponsiblePersonsQuery::new().include_projects(true).page(Page::new(250_000, 100))),
            (
                "employee",
                ResponsiblePersonsQuery::new()
                    .include_projects(true)
                    .employee(self.busy_employee)
                    .page(Page::first(100)),
            ),
            (
                "group",
                ResponsiblePersonsQuery::new()
                    .customers(CustomerFilter::new().group(self.group))
                    .include_projects(true)
                    .page(Page::first(100)),
            ),
        ]
    }

    /// The listing query: the first 50 of each tab.
    pub fn listing(&self) -> ListingQuery {
        ListingQuery { include_archived: false, active: Page::first(50), prospects: Page::first(50) }
    }
}

/// The peer of `can_view`: every visible (employee, customer) pair on `day` as raw numbers in a
/// standard `HashSet`, built from [`Directory::visible_customers`].
pub fn visible_pairs(dir: &Directory, day: Date) -> HashSet<(u32, u32)> {
    let mut set = HashSet::new();
    for e in dir.employees() {
        for c in dir.visible_customers(e.id, day).unwrap_or_default() {
            set.insert((e.id.get(), c.get()));
        }
    }
    set
}

/// How many of `pairs` `can_view` allows on `day` (the benchmarked loop).
pub fn count_visible(dir: &Directory, pairs: &[(EmployeeId, CustomerId)], day: Date) -> usize {
    pairs.iter().filter(|(e, c)| dir.can_view(*e, *c, day).is_ok_and(|v| v.visible)).count()
}

/// How many of `pairs` the peer set holds (the peer's benchmarked loop).
pub fn count_in_set(set: &HashSet<(u32, u32)>, pairs: &[(EmployeeId, CustomerId)]) -> usize {
    pairs.iter().filter(|(e, c)| set.contains(&(e.get(), c.get()))).count()
}

pub mod compare;

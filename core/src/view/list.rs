//! The responsible-persons list (one row per responsibility) and the responsible persons of one
//! subject for work orders.

use crate::collation::SortKey;
use crate::error::Result;
use crate::model::{
    Customer, CustomerGroupId, CustomerId, Employee, EmployeeId, Period, Project, ProjectId, Responsibility, RoleId,
    Subject,
};
use crate::state::{FastSet, HeldCounts, State, BLOCK};
use crate::view::filter::{ArchivedFilter, Compiled, CustomerFilter};
use crate::view::{count, projects_with_keys, role_refs, Page, RoleRef};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Input for [`Directory::responsible_persons`](crate::Directory::responsible_persons).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsiblePersonsQuery {
    /// Whose responsible persons: the customers the filter keeps (default: every customer that is
    /// not archived; "include archived customers" is `ArchivedFilter::Include`, see
    /// [`ResponsiblePersonsQuery::include_archived`]). Archived projects are listed only when
    /// archived customers are.
    pub customers: CustomerFilter,
    /// Only responsibilities of these employees (empty: everyone's, inactive employees included).
    pub employees: Vec<EmployeeId>,
    /// Also list project participants: the responsibilities for the customers' projects.
    pub include_projects: bool,
    /// Only responsibilities valid on this date (both ends inclusive); `None`: all.
    pub as_of: Option<Date>,
    /// Which rows.
    pub page: Page,
}

impl ResponsiblePersonsQuery {
    /// Every responsibility for a non-archived customer, no project participants, all rows.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the customer filter.
    pub fn customers(mut self, filter: CustomerFilter) -> Self {
        self.customers = filter;
        self
    }
    /// Adds an employee to the employee filter.
    pub fn employee(mut self, employee: EmployeeId) -> Self {
        self.employees.push(employee);
        self
    }
    /// Includes archived customers (and their archived projects) or not: sets the customer
    /// filter's `archived` to [`ArchivedFilter::Include`] or [`ArchivedFilter::Exclude`].
    pub fn include_archived(mut self, yes: bool) -> Self {
        self.customers.archived = if yes { ArchivedFilter::Include } else { ArchivedFilter::Exclude };
        self
    }
    /// Lists project participants too.
    pub fn include_projects(mut self, yes: bool) -> Self {
        self.include_projects = yes;
        self
    }
    /// Sets the as-of date.
    pub fn as_of(mut self, date: Date) -> Self {
        self.as_of = Some(date);
        self
    }
    /// Sets the page.
    pub fn page(mut self, page: Page) -> Self {
        self.page = page;
        self
    }
}

/// One responsibility as the responsible-persons list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsiblePersonRow {
    /// The customer (the project's customer on a project row).
    pub customer: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's number.
    pub customer_number: Option<u64>,
    /// The customer's group.
    pub customer_group: Option<CustomerGroupId>,
    /// The group's name.
    pub customer_group_name: Option<String>,
    /// The project, on a project participant's row.
    pub project: Option<ProjectId>,
    /// The project's name.
    pub project_name: Option<String>,
    /// The responsible person.
    pub employee: EmployeeId,
    /// Their name.
    pub employee_name: String,
    /// Their email.
    pub email: Option<String>,
    /// Salesperson information: whether they have sales rights.
    pub salesperson: bool,
    /// Whether they are active.
    pub employee_active: bool,
    /// First valid day of the responsibility, if set.
    pub valid_from: Option<Date>,
    /// Last valid day, if set.
    pub valid_to: Option<Date>,
    /// Roles held, in Finnish order of their names.
    pub roles: Vec<RoleRef>,
}

/// A page of the responsible-persons list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsiblePersonsPage {
    /// The rows of the page.
    pub rows: Vec<ResponsiblePersonRow>,
    /// Rows in the whole list.
    pub total: u64,
}

/// A responsible person of one subject, for work orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsiblePerson {
    /// The employee.
    pub employee: EmployeeId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: Option<String>,
    /// First valid day of the responsibility, if set.
    pub valid_from: Option<Date>,
    /// Last valid day, if set.
    pub valid_to: Option<Date>,
    /// Roles held, in Finnish order of their names.
    pub roles: Vec<RoleRef>,
}

/// A row of one customer's part of the list, before sorting (see `Holders::rows_of`).
struct HeldRow<'a> {
    /// 0 for the customer's own responsibilities, 1 + the project's place for a project's.
    place: u32,
    /// The person's place in Finnish order when the walk numbered the staff (see [`Staff`]),
    /// else 0 and their sort key.
    rank: u32,
    key: Option<&'a SortKey>,
    employee: &'a Employee,
    period: Period,
    /// The roles' place (see `State::role_set`).
    roles: u32,
    project: Option<&'a Project>,
}

/// Every employee by id with their place in Finnish order, prepared once by a walk that may hand
/// out more rows than there are employees (an export, a page of every row): each row then finds
/// its employee at a known place, and a customer's rows sort by integers instead of by sort keys.
struct Staff<'a> {
    by_id: Vec<Option<(u32, &'a Employee)>>,
}

impl<'a> Staff<'a> {
    /// `None` when the employees' ids reach far beyond their number (a mostly empty table).
    fn new(s: &'a State) -> Option<Staff<'a>> {
        let order = s.employee_order();
        let len = order.iter().map(|(_, e)| e.0 as usize + 1).max().unwrap_or(0);
        if len > 2 * order.len() + 4096 {
            return None;
        }
        let mut by_id = vec![None; len];
        for (rank, (_, id)) in (0..).zip(order) {
            if let (Some(slot), Ok(e)) = (by_id.get_mut(id.0 as usize), s.employee(*id)) {
                *slot = Some((rank, e));
            }
        }
        Some(Staff { by_id })
    }

    fn get(&self, id: EmployeeId) -> Option<(u32, &'a Employee)> {
        self.by_id.get(id.0 as usize).copied().flatten()
    }
}

/// How the list picks a subject's responsibilities.
struct Holders<'a> {
    state: &'a State,
    chosen: Option<FastSet<EmployeeId>>,
    as_of: Option<Date>,
    staff: Option<Staff<'a>>,
}

impl Holders<'_> {
    /// The employees kept for a subject, unsorted.
    fn kept(&self, subject: Subject) -> impl Iterator<Item = EmployeeId> + '_ {
        let s = self.state;
        let (customer, project) = match subject {
            Subject::Customer(c) => (Some(c), None),
            Subject::Project(p) => (s.project_entry(p).map(|e| e.customer()), Some(p)),
        };
        let held = customer.and_then(|c| s.holders(c)).into_iter().flat_map(|h| h.list());
        held.filter_map(move |h| {
            let chosen = self.chosen.as_ref().is_none_or(|c| c.contains(&h.employee()));
            (h.project() == project && chosen && self.as_of.is_none_or(|d| h.period().contains(d)))
                .then_some(h.employee())
        })
    }

    /// How many list rows a customer has.
    fn count_customer(&self, customer: CustomerId, projects: bool, with_archived: bool) -> usize {
        let Some(held) = self.state.holders(customer) else { return 0 };
        if self.chosen.is_none() && self.as_of.is_none() {
            let archived = if with_archived { held.in_archived_projects() } else { 0 };
            return held.own() + if projects { held.in_projects() + archived } else { 0 };
        }
        held.list()
            .iter()
            .filter(|h| match h.project() {
                None => true,
                Some(_) => projects && (with_archived || !h.archived()),
            })
            .filter(|h| self.chosen.as_ref().is_none_or(|c| c.contains(&h.employee())))
            .filter(|h| self.as_of.is_none_or(|d| h.period().contains(d)))
            .count()
    }

    /// A customer's rows, unsorted: its own responsibilities (place 0) and those of the shown
    /// projects (`positions`: project id → place, sorted by id).
    fn rows_of<'s>(&'s self, customer: CustomerId, positions: &[(ProjectId, u32)], rows: &mut Vec<HeldRow<'s>>) {
        let s = self.state;
        let Some(held) = s.holders(customer) else { return };
        for h in held.list() {
            let place = match h.project() {
                None => 0,
                Some(p) => match positions.binary_search_by_key(&p, |(id, _)| *id) {
                    Ok(i) => positions[i].1,
                    Err(_) => continue,
                },
            };
            if self.chosen.as_ref().is_some_and(|c| !c.contains(&h.employee()))
                || self.as_of.is_some_and(|d| !h.period().contains(d))
            {
                continue;
            }
            // The held list carries the period and the roles: the row needs no look-up of the
            // responsibility itself (a cache miss per row on a large directory).
            let person = match &self.staff {
                Some(staff) => staff.get(h.employee()).map(|(rank, e)| (rank, None, e)),
                None => match (s.employee_entry(h.employee()), s.employee(h.employee())) {
                    (Some(entry), Ok(e)) => Some((0, Some(entry.key()), e)),
                    _ => None,
                },
            };
            let Some((rank, key, employee)) = person else { continue };
            let project = match h.project() {
                Some(p) => match s.project(p) {
                    Ok(project) => Some(project),
                    Err(_) => continue,
                },
                None => None,
            };
            let (period, roles) = (h.period(), h.roles());
            rows.push(HeldRow { place, rank, key, employee, period, roles, project });
        }
    }

    /// The responsibilities kept for a subject, by person.
    fn sorted(&self, subject: Subject) -> Vec<&Responsibility> {
        let s = self.state;
        let mut found: Vec<(&SortKey, EmployeeId)> =
            self.kept(subject).filter_map(|e| Some((s.employee_entry(e)?.key(), e))).collect();
        found.sort_unstable();
        found.into_iter().filter_map(|(_, e)| s.responsibility(subject, e)).collect()
    }
}

/// One row of the list as the walk hands it out: a responsibility (its employee, period and
/// roles, as the customer's held list keeps them) with its customer and project, looked up once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ListRow<'a> {
    pub(crate) employee: &'a Employee,
    pub(crate) period: Period,
    /// The roles' place: [`State::role_set`] gives them.
    pub(crate) roles: u32,
    pub(crate) customer: &'a Customer,
    pub(crate) project: Option<&'a Project>,
}

/// A list row as the view returns it.
fn person_row(s: &State, row: ListRow<'_>) -> Option<ResponsiblePersonRow> {
    let (c, project) = (row.customer, row.project);
    let e = row.employee;
    Some(ResponsiblePersonRow {
        customer: c.id,
        customer_name: c.name.clone(),
        customer_number: c.number,
        customer_group: c.group,
        customer_group_name: c.group.and_then(|g| s.customer_group(g).ok()).map(|g| g.name.clone()),
        project: project.map(|p| p.id),
        project_name: project.map(|p| p.name.clone()),
        employee: e.id,
        employee_name: e.name.clone(),
        email: e.email.clone(),
        salesperson: e.sales_rights,
        employee_active: e.active,
        valid_from: row.period.from,
        valid_to: row.period.to,
        roles: role_refs(s, s.role_set(row.roles)),
    })
}

/// One page of the responsible-persons list.
pub(crate) fn responsible_persons(s: &State, q: &ResponsiblePersonsQuery) -> Result<ResponsiblePersonsPage> {
    let mut rows = Vec::new();
    let total = walk_responsible_persons(s, q, q.page.open_window(), |row| {
        rows.extend(person_row(s, row));
        Ok(())
    })?;
    Ok(ResponsiblePersonsPage { rows, total: count(total) })
}

/// With chosen employees: the employees, and the customers where they hold something.
fn chosen_employees(
    s: &State,
    q: &ResponsiblePersonsQuery,
) -> Result<Option<(FastSet<EmployeeId>, FastSet<CustomerId>)>> {
    if q.employees.is_empty() {
        return Ok(None);
    }
    let mut employees = FastSet::default();
    let mut customers = FastSet::default();
    for &e in &q.employees {
        s.employee(e)?;
        employees.insert(e);
        for subject in s.subjects_of(e) {
            match subject {
                Subject::Customer(c) => {
                    customers.insert(c);
                }
                Subject::Project(p) if q.include_projects => {
                    if let Some(entry) = s.project_entry(p) {
                        customers.insert(entry.customer());
                    }
                }
                Subject::Project(_) => {}
            }
        }
    }
    Ok(Some((employees, customers)))
}

/// Walks the list in order, handing the rows at positions in `window` to `visit`; returns the
/// number of rows in all. The view and the export share it.
pub(crate) fn walk_responsible_persons(
    s: &State,
    q: &ResponsiblePersonsQuery,
    window: std::ops::Range<usize>,
    mut visit: impl FnMut(ListRow<'_>) -> Result<()>,
) -> Result<usize> {
    let (chosen, restrict) = chosen_employees(s, q)?.unzip();
    let compiled = Compiled::new(s, &q.customers, q.as_of, restrict.as_ref())?;
    // An export numbers the staff once (see `Staff`); a page looks its few rows' employees up.
    let staff = if window.len() > s.employee_order().len() { Staff::new(s) } else { None };
    let holders = Holders { state: s, chosen, as_of: q.as_of, staff };
    let keep = |_: ProjectId, archived: bool| compiled.admits_project(archived);
    let mut total = 0usize;
    let with_archived = compiled.admits_project(true);
    // Scratch space reused for every customer: its projects in order, their positions by
    // id, and its rows (see `Holders::rows_of`).
    let mut projects: Vec<(&SortKey, ProjectId)> = Vec::new();
    let mut positions: Vec<(ProjectId, u32)> = Vec::new();
    let mut rows: Vec<HeldRow<'_>> = Vec::new();
    let simple = holders.chosen.is_none() && q.as_of.is_none();
    let (candidates, skipped, known_total) =
        list_candidates(s, &compiled, simple, q.include_projects, with_archived, window.start);
    total += skipped;
    for c in candidates {
        if known_total.is_some() && total >= window.end {
            break;
        }
        let n = holders.count_customer(c, q.include_projects, with_archived);
        if n > 0 && total < window.end && window.start < total + n {
            let Ok(customer) = s.customer(c) else {
                total += n;
                continue;
            };
            projects.clear();
            positions.clear();
            if q.include_projects {
                projects.extend(projects_with_keys(s, c, keep));
                projects.sort_unstable();
                positions.extend(projects.iter().enumerate().map(|(i, (_, p))| (*p, i as u32 + 1)));
                positions.sort_unstable();
            }
            rows.clear();
            holders.rows_of(c, &positions, &mut rows);
            rows.sort_unstable_by(|a, b| {
                (a.place, a.rank, a.key, a.employee.id).cmp(&(b.place, b.rank, b.key, b.employee.id))
            });
            for (at, row) in (total..).zip(&rows) {
                if window.contains(&at) {
                    let (employee, period, roles, project) = (row.employee, row.period, row.roles, row.project);
                    visit(ListRow { employee, period, roles, customer, project })?;
                }
            }
        }
        total += n;
    }
    Ok(known_total.unwrap_or(total))
}

/// The customers the list walks, in order; how many rows come before the first of them; and
/// the list's total when it is kept as counters. That is so with no criterion but the archived
/// one, no employee and no date (`simple`): then the customers are taken in order from the
/// order cache, whole blocks of them before `window_start` skipped by their summed counts, and
/// the walk may stop at the end of its window. Otherwise every customer the filter selects.
fn list_candidates<'s>(
    s: &'s State,
    compiled: &'s Compiled<'s>,
    simple: bool,
    projects: bool,
    with_archived: bool,
    window_start: usize,
) -> (Box<dyn Iterator<Item = CustomerId> + 's>, usize, Option<usize>) {
    let Some(a) = compiled.archived_only().filter(|_| simple) else {
        return (Box::new(compiled.run().into_iter()), 0, None);
    };
    let rows_of = |counts: &[HeldCounts; 2]| {
        let rows = |c: &HeldCounts| c.rows(projects, with_archived);
        usize::from(a.admits(false)) * rows(&counts[0]) + usize::from(a.admits(true)) * rows(&counts[1])
    };
    let total = rows_of(&[s.held_totals(false), s.held_totals(true)]);
    let order = s.in_order();
    let (mut skipped, mut start) = (0, 0);
    for block in order.blocks() {
        let n = rows_of(block);
        if skipped + n > window_start {
            break;
        }
        skipped += n;
        start += BLOCK;
    }
    let ids = order.ids().get(start..).unwrap_or_default().iter().copied();
    let candidates = ids.filter(move |c| s.customer_entry(*c).is_some_and(|e| compiled.matches(*c, e)));
    (Box::new(candidates), skipped, Some(total))
}

/// The active employees responsible for a subject on a date (holding a role when given), for
/// work orders, in Finnish order.
pub(crate) fn responsible_persons_of(
    s: &State,
    subject: Subject,
    role: Option<RoleId>,
    on: Option<Date>,
) -> Result<Vec<ResponsiblePerson>> {
    s.subject_customer(subject)?;
    if let Some(role) = role {
        s.check_role_fits(role, subject)?;
    }
    let holders = Holders { state: s, chosen: None, as_of: on, staff: None };
    Ok(holders
        .sorted(subject)
        .into_iter()
        .filter(|r| role.is_none_or(|role| r.roles.contains(&role)))
        .filter_map(|r| {
            let e = s.employee(r.employee).ok().filter(|e| e.active)?;
            Some(ResponsiblePerson {
                employee: e.id,
                name: e.name.clone(),
                email: e.email.clone(),
                valid_from: r.period.from,
                valid_to: r.period.to,
                roles: role_refs(s, &r.roles),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GeneratorConfig};
    use crate::view::Page;

    /// A walk handing out every row sorts by the employees' places in Finnish order (`Staff`);
    /// a page of a few rows by their sort keys. Both give the same rows in the same order, with
    /// the roles each held-list entry names.
    #[test]
    fn numbered_staff_and_sort_keys_give_the_same_rows() {
        let s = State::from_data(generate(&GeneratorConfig::small())).unwrap();
        let q = ResponsiblePersonsQuery::new().include_projects(true).include_archived(true);
        let all = responsible_persons(&s, &q).unwrap();
        assert!(s.employee_order().len() > 3 && all.rows.len() > 100, "a directory worth walking");
        assert!(all.rows.iter().any(|r| r.roles.len() > 1), "rows with several roles");
        let mut paged = Vec::new();
        for offset in (0..all.total).step_by(3) {
            let page = responsible_persons(&s, &q.clone().page(Page::new(offset, 3))).unwrap();
            assert_eq!(page.total, all.total);
            paged.extend(page.rows);
        }
        assert_eq!(paged, all.rows);
        for row in &all.rows {
            let subject = row.project.map_or(Subject::Customer(row.customer), Subject::Project);
            let r = s.responsibility(subject, row.employee).unwrap();
            let ids: Vec<RoleId> = row.roles.iter().map(|x| x.id).collect();
            let mut held: Vec<RoleId> = r.roles.iter().copied().collect();
            held.sort_by_key(|id| (s.role_key(*id), *id));
            assert_eq!(ids, held, "{subject:?} {}", row.employee);
            assert_eq!((row.valid_from, row.valid_to), (r.period.from, r.period.to));
        }
    }
}

//! The responsible-persons list (one row per responsibility) and the responsible persons of one
//! subject for work orders.

use crate::customer::{Customer, Project};
use crate::error::Result;
use crate::filter::{ArchivedFilter, Compiled, CustomerFilter};
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId};
use crate::index::FastSet;
use crate::responsibility::{Responsibility, Subject};
use crate::state::State;
use crate::view::{count, Page, RoleRef};
use crate::{Directory, SortKey};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Input for [`Directory::responsible_persons`].
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
    /// The person's sort key.
    key: &'a SortKey,
    employee: EmployeeId,
    responsibility: &'a Responsibility,
    project: Option<&'a Project>,
}

/// How the list picks a subject's responsibilities.
struct Holders<'a> {
    state: &'a State,
    chosen: Option<FastSet<EmployeeId>>,
    as_of: Option<Date>,
}

impl Holders<'_> {
    /// The employees whose responsibilities for a subject are kept.
    fn kept(&self, subject: Subject) -> impl Iterator<Item = EmployeeId> + '_ {
        let views = &self.state.views;
        let (customer, project) = match subject {
            Subject::Customer(c) => (Some(c), None),
            Subject::Project(p) => (views.projects.get(&p).map(|e| e.customer), Some(p)),
        };
        let held = customer.and_then(|c| views.customer_holders.get(&c)).into_iter().flat_map(|h| &h.list);
        held.filter_map(move |h| {
            let chosen = self.chosen.as_ref().is_none_or(|c| c.contains(&h.employee));
            (h.project == project && chosen && self.as_of.is_none_or(|d| h.period.contains(d))).then_some(h.employee)
        })
    }

    /// The list rows of a customer: its own kept responsibilities and, with `projects`, those
    /// of its projects shown (`with_archived`: archived projects too). One lookup.
    fn count_customer(&self, customer: CustomerId, projects: bool, with_archived: bool) -> usize {
        let Some(held) = self.state.views.customer_holders.get(&customer) else { return 0 };
        if self.chosen.is_none() && self.as_of.is_none() {
            let archived = if with_archived { held.in_archived_projects } else { 0 };
            return held.own + if projects { held.in_projects + archived } else { 0 };
        }
        held.list
            .iter()
            .filter(|h| match h.project {
                None => true,
                Some(_) => projects && (with_archived || !h.archived),
            })
            .filter(|h| self.chosen.as_ref().is_none_or(|c| c.contains(&h.employee)))
            .filter(|h| self.as_of.is_none_or(|d| h.period.contains(d)))
            .count()
    }

    /// The kept responsibilities touching a customer (its own, and those of the projects in
    /// `positions`, which gives each shown project's place among them), as list rows to sort by
    /// place, person's key and person: sorted, they are the customer's rows in list order.
    ///
    /// What a row needs besides (the responsibility, the project) is looked up here, once.
    fn rows_of<'s>(&'s self, customer: CustomerId, positions: &[(ProjectId, u32)], rows: &mut Vec<HeldRow<'s>>) {
        let state = self.state;
        let views = &state.views;
        let Some(held) = views.customer_holders.get(&customer) else { return };
        for h in &held.list {
            let (place, subject) = match h.project {
                None => (0, Subject::Customer(customer)),
                Some(p) => match positions.binary_search_by_key(&p, |(id, _)| *id) {
                    Ok(i) => (positions[i].1, Subject::Project(p)),
                    Err(_) => continue,
                },
            };
            if self.chosen.as_ref().is_some_and(|c| !c.contains(&h.employee))
                || self.as_of.is_some_and(|d| !h.period.contains(d))
            {
                continue;
            }
            let (Some(entry), Some(r)) = (views.employees.get(&h.employee), state.responsibility(subject, h.employee))
            else {
                continue;
            };
            let project = match h.project {
                Some(p) => match state.projects.get(&p) {
                    Some(project) => Some(project),
                    None => continue,
                },
                None => None,
            };
            rows.push(HeldRow { place, key: &entry.key, employee: h.employee, responsibility: r, project });
        }
    }

    /// The kept responsibilities of a subject in Finnish order of the employees' names.
    fn sorted(&self, subject: Subject) -> Vec<&Responsibility> {
        let views = &self.state.views;
        let mut found: Vec<(&SortKey, EmployeeId)> =
            self.kept(subject).filter_map(|e| Some((&views.employees.get(&e)?.key, e))).collect();
        found.sort_unstable();
        found.into_iter().filter_map(|(_, e)| self.state.responsibility(subject, e)).collect()
    }
}

/// One row of the responsible-persons list as the walk hands it out: the responsibility with
/// its customer and, on a project participant's row, the project.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ListRow<'a> {
    pub(crate) responsibility: &'a Responsibility,
    pub(crate) customer: &'a Customer,
    pub(crate) project: Option<&'a Project>,
}

impl State {
    fn person_row(&self, row: ListRow<'_>) -> Option<ResponsiblePersonRow> {
        let (r, c, project) = (row.responsibility, row.customer, row.project);
        let e = self.employees.get(&r.employee)?;
        Some(ResponsiblePersonRow {
            customer: c.id,
            customer_name: c.name.clone(),
            customer_number: c.number,
            customer_group: c.group,
            customer_group_name: c.group.and_then(|g| self.groups.get(&g)).map(|g| g.name.clone()),
            project: project.map(|p| p.id),
            project_name: project.map(|p| p.name.clone()),
            employee: e.id,
            employee_name: e.name.clone(),
            email: e.email.clone(),
            salesperson: e.sales_rights,
            employee_active: e.active,
            valid_from: r.period.from,
            valid_to: r.period.to,
            roles: self.role_refs(&r.roles),
        })
    }
}

impl Directory {
    /// The responsible-persons list: one row per responsibility, sorted by customer name
    /// (Finnish/Swedish order, then customer id); within a customer its own responsibilities
    /// first, then each project's (projects by name, then id); within a subject by person name
    /// (then employee id).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown employee or an id in the customer filter.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee, ResponsiblePersonsQuery};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti").email("matti@example.fi"))?;
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(esim, "Remontti")?;
    /// dir.toggle(esim.into(), matti)?;
    /// dir.toggle(p.into(), matti)?;
    /// let list = dir.responsible_persons(&ResponsiblePersonsQuery::new())?;
    /// assert_eq!(list.total, 1);
    /// assert_eq!(list.rows[0].email.as_deref(), Some("matti@example.fi"));
    /// let list = dir.responsible_persons(&ResponsiblePersonsQuery::new().include_projects(true))?;
    /// assert_eq!(list.total, 2);
    /// assert_eq!(list.rows[1].project_name.as_deref(), Some("Remontti"));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn responsible_persons(&self, q: &ResponsiblePersonsQuery) -> Result<ResponsiblePersonsPage> {
        let mut rows = Vec::new();
        let total = self.walk_responsible_persons(q, q.page.open_window(), |row| {
            rows.extend(self.state.person_row(row));
            Ok(())
        })?;
        Ok(ResponsiblePersonsPage { rows, total: count(total) })
    }

    /// Walks the list in order, calling `visit` for each row inside `window` (rows outside it
    /// are only counted, cheaply); returns the number of rows in the whole list. Nothing is
    /// copied: exports write each row as it is visited.
    pub(crate) fn walk_responsible_persons(
        &self,
        q: &ResponsiblePersonsQuery,
        window: std::ops::Range<usize>,
        mut visit: impl FnMut(ListRow<'_>) -> Result<()>,
    ) -> Result<usize> {
        let s = &self.state;
        let mut chosen = None;
        let mut restrict = None;
        if !q.employees.is_empty() {
            let mut employees = FastSet::default();
            let mut customers = FastSet::default();
            for &e in &q.employees {
                s.employee(e)?;
                employees.insert(e);
                for subject in s.by_employee.get(&e).into_iter().flatten() {
                    match subject {
                        Subject::Customer(c) => {
                            customers.insert(*c);
                        }
                        Subject::Project(p) if q.include_projects => {
                            if let Some(entry) = s.views.projects.get(p) {
                                customers.insert(entry.customer);
                            }
                        }
                        Subject::Project(_) => {}
                    }
                }
            }
            chosen = Some(employees);
            restrict = Some(customers);
        }
        let compiled = Compiled::new(s, &q.customers, q.as_of, restrict.as_ref())?;
        let holders = Holders { state: s, chosen, as_of: q.as_of };
        let keep = |_: ProjectId, archived: bool| compiled.admits_project(archived);

        let mut total = 0usize;
        let with_archived = compiled.admits_project(true);
        // Scratch space reused for every customer: its projects in order, their positions by
        // id, and its rows (see `Holders::rows_of`).
        let mut projects: Vec<(&SortKey, ProjectId)> = Vec::new();
        let mut positions: Vec<(ProjectId, u32)> = Vec::new();
        let mut rows: Vec<HeldRow<'_>> = Vec::new();
        for c in compiled.run() {
            let n = holders.count_customer(c, q.include_projects, with_archived);
            if n > 0 && total < window.end && window.start < total + n {
                let Some(customer) = s.customers.get(&c) else {
                    total += n;
                    continue;
                };
                projects.clear();
                positions.clear();
                if q.include_projects {
                    projects.extend(s.projects_with_keys(c, keep));
                    projects.sort_unstable();
                    positions.extend(projects.iter().enumerate().map(|(i, (_, p))| (*p, i as u32 + 1)));
                    positions.sort_unstable();
                }
                rows.clear();
                holders.rows_of(c, &positions, &mut rows);
                rows.sort_unstable_by(|a, b| (a.place, a.key, a.employee).cmp(&(b.place, b.key, b.employee)));
                for (at, row) in (total..).zip(&rows) {
                    if window.contains(&at) {
                        visit(ListRow { responsibility: row.responsibility, customer, project: row.project })?;
                    }
                }
            }
            total += n;
        }
        Ok(total)
    }

    /// The responsible persons of a customer or project for work orders: active employees
    /// holding a responsibility for it, valid on `on` (`None`: validity ignored), holding `role`
    /// when one is given; in Finnish/Swedish order of their names, then by id.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown subject or role;
    /// [`Error::RoleScopeMismatch`](crate::Error::RoleScopeMismatch) for a
    /// role of the other scope than the subject.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let aino = dir.create_employee(NewEmployee::new("Aino"))?;
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let huolto = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer))?;
    /// dir.toggle(esim.into(), matti)?;
    /// dir.add_role(esim.into(), aino, huolto)?;
    /// let all = dir.responsible_persons_of(esim.into(), None, None)?;
    /// assert_eq!(all.iter().map(|p| p.employee).collect::<Vec<_>>(), [aino, matti]);
    /// let service = dir.responsible_persons_of(esim.into(), Some(huolto), None)?;
    /// assert_eq!(service.len(), 1);
    /// assert_eq!(service[0].roles[0].name, "Huoltovastaava");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn responsible_persons_of(
        &self,
        subject: Subject,
        role: Option<RoleId>,
        on: Option<Date>,
    ) -> Result<Vec<ResponsiblePerson>> {
        let s = &self.state;
        s.subject_customer(subject)?;
        if let Some(role) = role {
            s.check_role_fits(role, subject)?;
        }
        let holders = Holders { state: s, chosen: None, as_of: on };
        Ok(holders
            .sorted(subject)
            .into_iter()
            .filter(|r| role.is_none_or(|role| r.roles.contains(&role)))
            .filter_map(|r| {
                let e = s.employees.get(&r.employee).filter(|e| e.active)?;
                Some(ResponsiblePerson {
                    employee: e.id,
                    name: e.name.clone(),
                    email: e.email.clone(),
                    valid_from: r.period.from,
                    valid_to: r.period.to,
                    roles: s.role_refs(&r.roles),
                })
            })
            .collect())
    }
}

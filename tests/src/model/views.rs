//! Every view and visibility form recomputed from the model's maps with loops: the filter, the
//! matrix, the responsible-persons list, the customer listing and counts, the responsible
//! persons of a subject, and `can_view` with its set forms.
//!
//! Names are ordered with the library's [`SortKey`] (the Finnish/Swedish collation is tested on
//! its own); everything else here is written out again.

use super::{period_contains, Model, Result};
use jiff::civil::Date;
use std::collections::BTreeSet;
use vastuu::{
    ArchivedFilter, Customer, CustomerFilter, CustomerGroupId, CustomerId, CustomerPage, CustomerStatus,
    CustomerSummary, Employee, EmployeeId, Error, GroupCount, GroupListing, ListingQuery, Matrix, MatrixCell,
    MatrixColumn, MatrixQuery, MatrixRow, Page, Project, ProjectId, Responsibility, ResponsiblePerson,
    ResponsiblePersonRow, ResponsiblePersonsPage, ResponsiblePersonsQuery, Role, RoleId, RoleRef, SortKey,
    SpecialGroupMatch, Subject, Visibility,
};

fn key(name: &str) -> SortKey {
    SortKey::new(name)
}

/// The items of a page.
pub fn page<T: Clone>(all: &[T], p: Page) -> Vec<T> {
    let offset = usize::try_from(p.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(p.limit).unwrap_or(usize::MAX);
    all.iter().skip(offset).take(limit).cloned().collect()
}

fn valid(r: &Responsibility, on: Option<Date>) -> bool {
    match on {
        None => true,
        Some(d) => period_contains(&r.period, d),
    }
}

/// A customer as lists show it.
pub fn summary(c: &Customer) -> CustomerSummary {
    CustomerSummary {
        id: c.id,
        name: c.name.clone(),
        number: c.number,
        status: c.status,
        archived: c.archived,
        group: c.group,
    }
}

fn archived_ok(f: ArchivedFilter, archived: bool) -> bool {
    match f {
        ArchivedFilter::Exclude => !archived,
        ArchivedFilter::Include => true,
        ArchivedFilter::Only => archived,
    }
}

impl Model {
    fn role_refs(&self, ids: &BTreeSet<RoleId>) -> Vec<RoleRef> {
        let mut v: Vec<&Role> = ids.iter().filter_map(|id| self.roles.get(id)).collect();
        v.sort_by_key(|r| (key(&r.name), r.id));
        v.into_iter().map(|r| RoleRef { id: r.id, name: r.name.clone() }).collect()
    }

    /// Customers sorted by name, then id.
    pub fn sorted_customers(&self, mut v: Vec<&Customer>) -> Vec<CustomerId> {
        v.sort_by_key(|c| (key(&c.name), c.id));
        v.into_iter().map(|c| c.id).collect()
    }

    fn check_filter(&self, f: &CustomerFilter) -> Result<()> {
        for c in &f.customers {
            if !self.customers.contains_key(c) {
                return Err(Error::NotFound((*c).into()));
            }
        }
        for g in &f.groups {
            self.group(*g)?;
        }
        for g in &f.special_groups {
            if !self.special_groups.contains_key(g) {
                return Err(Error::NotFound((*g).into()));
            }
        }
        if let Some(e) = f.responsible {
            self.employee(e)?;
        }
        if let Some(e) = f.salesperson {
            self.employee(e)?;
        }
        Ok(())
    }

    /// The customer filter.
    ///
    /// # Errors
    /// `NotFound` for an id in the filter that names nothing.
    pub fn filter(&self, f: &CustomerFilter, as_of: Option<Date>) -> Result<Vec<CustomerId>> {
        self.check_filter(f)?;
        let text = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let sold: Vec<CustomerGroupId> = match f.salesperson {
            Some(e) => self.groups.values().filter(|g| g.salespeople.contains(&e)).map(|g| g.id).collect(),
            None => Vec::new(),
        };
        let keep = |c: &Customer| {
            (f.customers.is_empty() || f.customers.contains(&c.id))
                && ((f.groups.is_empty() && !f.no_group)
                    || match c.group {
                        Some(g) => f.groups.contains(&g),
                        None => f.no_group,
                    })
                && (f.special_groups.is_empty()
                    || match f.special_groups_match {
                        SpecialGroupMatch::AnyOf => f.special_groups.iter().any(|g| c.special_groups.contains(g)),
                        SpecialGroupMatch::AllOf => f.special_groups.iter().all(|g| c.special_groups.contains(g)),
                    })
                && f.status.is_none_or(|s| s == c.status)
                && archived_ok(f.archived, c.archived)
                && text.is_none_or(|t| {
                    key(&c.name).contains(&key(t))
                        || (t.bytes().all(|b| b.is_ascii_digit())
                            && c.number.is_some_and(|n| n.to_string().contains(t)))
                })
                && f.responsible
                    .is_none_or(|e| self.responsibility(Subject::Customer(c.id), e).is_some_and(|r| valid(r, as_of)))
                && f.salesperson.is_none_or(|_| c.group.is_some_and(|g| sold.contains(&g)))
        };
        Ok(self.sorted_customers(self.customers.values().filter(|c| keep(c)).collect()))
    }

    fn project_shown(archived_filter: ArchivedFilter, p: &Project) -> bool {
        archived_filter != ArchivedFilter::Exclude || !p.archived
    }

    fn sorted_projects(&self, customer: CustomerId) -> Vec<&Project> {
        let mut v: Vec<&Project> = self.projects.values().filter(|p| p.customer == customer).collect();
        v.sort_by_key(|p| (key(&p.name), p.id));
        v
    }

    /// The responsibility matrix.
    ///
    /// # Errors
    /// `NotFound` for an unknown team, employee, role or id in the filter.
    pub fn matrix(&self, q: &MatrixQuery) -> Result<Matrix> {
        for t in &q.teams {
            if !self.teams.contains_key(t) {
                return Err(Error::NotFound((*t).into()));
            }
        }
        for e in &q.employees {
            self.employee(*e)?;
        }
        if let Some(role) = q.role {
            if !self.roles.contains_key(&role) {
                return Err(Error::NotFound(role.into()));
            }
        }
        let mut columns: Vec<&Employee> = self
            .employees
            .values()
            .filter(|e| {
                e.active
                    && (q.teams.is_empty() || e.team.is_some_and(|t| q.teams.contains(&t)))
                    && (q.employees.is_empty() || q.employees.contains(&e.id))
            })
            .collect();
        columns.sort_by_key(|e| (key(&e.name), e.id));
        let cell = |subject: Subject, e: EmployeeId| -> Option<&Responsibility> {
            let r = self.responsibility(subject, e)?;
            (valid(r, q.as_of) && q.role.is_none_or(|role| r.roles.contains(&role))).then_some(r)
        };
        let any_cell = |subject: Subject| columns.iter().any(|e| cell(subject, e.id).is_some());
        let mut rows: Vec<MatrixRow> = Vec::new();
        for c in self.filter(&q.customers, q.as_of)? {
            let customer = &self.customers[&c];
            let projects: Vec<&Project> = if q.include_projects {
                self.sorted_projects(c)
                    .into_iter()
                    .filter(|p| Self::project_shown(q.customers.archived, p))
                    .filter(|p| q.role.is_none() || any_cell(Subject::Project(p.id)))
                    .collect()
            } else {
                Vec::new()
            };
            if q.role.is_some() && !any_cell(Subject::Customer(c)) && projects.is_empty() {
                continue;
            }
            rows.push(MatrixRow {
                subject: Subject::Customer(c),
                customer: c,
                name: customer.name.clone(),
                customer_number: customer.number,
                archived: customer.archived,
            });
            for p in projects {
                rows.push(MatrixRow {
                    subject: Subject::Project(p.id),
                    customer: c,
                    name: p.name.clone(),
                    customer_number: customer.number,
                    archived: p.archived,
                });
            }
        }
        let page_rows = page(&rows, q.rows);
        let page_columns = page(&columns, q.columns);
        let mut cells = Vec::new();
        for (i, row) in page_rows.iter().enumerate() {
            for (j, e) in page_columns.iter().enumerate() {
                if let Some(r) = cell(row.subject, e.id) {
                    cells.push(MatrixCell {
                        row: i as u32,
                        column: j as u32,
                        period: r.period,
                        roles: if q.by_role { self.role_refs(&r.roles) } else { Vec::new() },
                    });
                }
            }
        }
        Ok(Matrix {
            columns: page_columns
                .iter()
                .map(|e| MatrixColumn { employee: e.id, name: e.name.clone(), team: e.team })
                .collect(),
            rows: page_rows,
            cells,
            total_rows: rows.len() as u64,
            total_columns: columns.len() as u64,
        })
    }

    fn person_row(&self, r: &Responsibility, c: &Customer) -> ResponsiblePersonRow {
        let e = &self.employees[&r.employee];
        let project = match r.subject {
            Subject::Project(p) => self.projects.get(&p),
            Subject::Customer(_) => None,
        };
        ResponsiblePersonRow {
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
        }
    }

    fn holders(&self, subject: Subject, employees: &[EmployeeId], on: Option<Date>) -> Vec<&Responsibility> {
        let mut v: Vec<&Responsibility> = self
            .responsibilities
            .values()
            .filter(|r| r.subject == subject && valid(r, on))
            .filter(|r| employees.is_empty() || employees.contains(&r.employee))
            .collect();
        v.sort_by_key(|r| (key(&self.employees[&r.employee].name), r.employee));
        v
    }

    /// The responsible-persons list.
    ///
    /// # Errors
    /// `NotFound` for an unknown employee or id in the filter.
    pub fn responsible_persons(&self, q: &ResponsiblePersonsQuery) -> Result<ResponsiblePersonsPage> {
        for e in &q.employees {
            self.employee(*e)?;
        }
        let mut rows = Vec::new();
        for c in self.filter(&q.customers, q.as_of)? {
            let customer = &self.customers[&c];
            for r in self.holders(Subject::Customer(c), &q.employees, q.as_of) {
                rows.push(self.person_row(r, customer));
            }
            if q.include_projects {
                for p in self.sorted_projects(c) {
                    if Self::project_shown(q.customers.archived, p) {
                        for r in self.holders(Subject::Project(p.id), &q.employees, q.as_of) {
                            rows.push(self.person_row(r, customer));
                        }
                    }
                }
            }
        }
        Ok(ResponsiblePersonsPage { total: rows.len() as u64, rows: page(&rows, q.page) })
    }

    fn listing_page(
        &self,
        group: Option<CustomerGroupId>,
        status: CustomerStatus,
        archived: bool,
        p: Page,
    ) -> CustomerPage {
        let all = self.sorted_customers(
            self.customers
                .values()
                .filter(|c| c.group == group && c.status == status && (archived || !c.archived))
                .collect(),
        );
        CustomerPage {
            total: all.len() as u64,
            customers: page(&all, p).into_iter().map(|id| summary(&self.customers[&id])).collect(),
        }
    }

    /// A group's (or "No group"'s) customers, split into active ones and prospects.
    ///
    /// # Errors
    /// `NotFound` for an unknown group.
    pub fn listing(&self, group: Option<CustomerGroupId>, q: &ListingQuery) -> Result<GroupListing> {
        let group_name = match group {
            Some(g) => Some(self.group(g)?.name.clone()),
            None => None,
        };
        Ok(GroupListing {
            group,
            group_name,
            active: self.listing_page(group, CustomerStatus::Active, q.include_archived, q.active),
            prospects: self.listing_page(group, CustomerStatus::Prospect, q.include_archived, q.prospects),
        })
    }

    /// Active customers and prospects per group, then "No group".
    pub fn group_counts(&self, include_archived: bool) -> Vec<GroupCount> {
        let count = |g: Option<CustomerGroupId>, s: CustomerStatus| {
            self.customers
                .values()
                .filter(|c| c.group == g && c.status == s && (include_archived || !c.archived))
                .count() as u64
        };
        let mut groups: Vec<_> = self.groups.values().collect();
        groups.sort_by_key(|g| (key(&g.name), g.id));
        let mut out: Vec<GroupCount> = groups
            .into_iter()
            .map(|g| GroupCount {
                group: Some(g.id),
                name: Some(g.name.clone()),
                active: count(Some(g.id), CustomerStatus::Active),
                prospects: count(Some(g.id), CustomerStatus::Prospect),
            })
            .collect();
        out.push(GroupCount {
            group: None,
            name: None,
            active: count(None, CustomerStatus::Active),
            prospects: count(None, CustomerStatus::Prospect),
        });
        out
    }

    /// The responsible persons of a subject for work orders.
    ///
    /// # Errors
    /// `NotFound`; `RoleScopeMismatch`.
    pub fn persons_of(
        &self,
        subject: Subject,
        role: Option<RoleId>,
        on: Option<Date>,
    ) -> Result<Vec<ResponsiblePerson>> {
        self.subject_customer(subject)?;
        if let Some(role) = role {
            self.role_fits(role, subject)?;
        }
        Ok(self
            .holders(subject, &[], on)
            .into_iter()
            .filter(|r| self.employees[&r.employee].active && role.is_none_or(|role| r.roles.contains(&role)))
            .map(|r| {
                let e = &self.employees[&r.employee];
                ResponsiblePerson {
                    employee: e.id,
                    name: e.name.clone(),
                    email: e.email.clone(),
                    valid_from: r.period.from,
                    valid_to: r.period.to,
                    roles: self.role_refs(&r.roles),
                }
            })
            .collect())
    }

    /// Whether the employee sees the customer on the day, with every reason.
    ///
    /// # Errors
    /// `NotFound` for an unknown employee or customer.
    pub fn can_view(&self, e: EmployeeId, c: CustomerId, on: Date) -> Result<Visibility> {
        let employee = self.employee(e)?;
        let Some(customer) = self.customers.get(&c) else { return Err(Error::NotFound(c.into())) };
        if !employee.active {
            return Ok(Visibility::default());
        }
        let (responsible, projects) = self.responsible_on(e, c, on);
        let salesperson_of = customer
            .group
            .filter(|g| employee.sales_rights && self.groups.get(g).is_some_and(|x| x.salespeople.contains(&e)));
        // A lead sees through every other active member of the team who sees the customer
        // through a responsibility.
        let led = employee.team.filter(|t| self.teams.get(t).is_some_and(|t| t.leads.contains(&e)));
        let through_members: Vec<EmployeeId> = self
            .employees
            .values()
            .filter(|m| led.is_some() && m.team == led && m.id != e && m.active)
            .filter(|m| {
                let (own, in_projects) = self.responsible_on(m.id, c, on);
                own || !in_projects.is_empty()
            })
            .map(|m| m.id)
            .collect();
        Ok(Visibility {
            visible: employee.sees_all
                || responsible
                || !projects.is_empty()
                || salesperson_of.is_some()
                || !through_members.is_empty(),
            admin: employee.sees_all,
            responsible,
            projects,
            salesperson_of,
            lead_of: led.filter(|_| !through_members.is_empty()),
            through_members,
        })
    }

    /// Whether the employee holds a responsibility for the customer valid on the day, and the
    /// customer's projects they hold one for.
    fn responsible_on(&self, e: EmployeeId, c: CustomerId, on: Date) -> (bool, Vec<ProjectId>) {
        let responsible = self.responsibility(Subject::Customer(c), e).is_some_and(|r| valid(r, Some(on)));
        let projects: Vec<ProjectId> = self
            .projects
            .values()
            .filter(|p| p.customer == c)
            .filter(|p| self.responsibility(Subject::Project(p.id), e).is_some_and(|r| valid(r, Some(on))))
            .map(|p| p.id)
            .collect();
        (responsible, projects)
    }

    /// The customers the employee sees, in name order.
    ///
    /// # Errors
    /// `NotFound` for an unknown employee.
    pub fn visible_customers(&self, e: EmployeeId, on: Date) -> Result<Vec<CustomerId>> {
        self.employee(e)?;
        let mut seen = Vec::new();
        for c in self.customers.values() {
            if self.can_view(e, c.id, on)?.visible {
                seen.push(c);
            }
        }
        Ok(self.sorted_customers(seen))
    }

    /// The employees who see the customer, in name order.
    ///
    /// # Errors
    /// `NotFound` for an unknown customer.
    pub fn who_can_view(&self, c: CustomerId, on: Date) -> Result<Vec<EmployeeId>> {
        if !self.customers.contains_key(&c) {
            return Err(Error::NotFound(c.into()));
        }
        let mut viewers = Vec::new();
        for e in self.employees.values() {
            if self.can_view(e.id, c, on)?.visible {
                viewers.push(e);
            }
        }
        Ok(self.sorted_employees(viewers))
    }

    /// Employees sorted by name, then id.
    pub fn sorted_employees(&self, mut v: Vec<&Employee>) -> Vec<EmployeeId> {
        v.sort_by_key(|e| (key(&e.name), e.id));
        v.into_iter().map(|e| e.id).collect()
    }
}

//! Every view and all three visibility forms, checked against a plain recomputation from the raw
//! entities (`Directory::data`) while thousands of random mutations run on a generated directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::{date, Date};
use std::collections::{BTreeMap, HashMap};
use vastuu::generate::{generate, GeneratorConfig, Rng};
use vastuu::{
    ArchivedFilter, Customer, CustomerFilter, CustomerGroupId, CustomerId, CustomerPage, CustomerStatus,
    CustomerSummary, CustomerUpdate, Data, Directory, Employee, EmployeeId, EmployeeUpdate, GroupCount, GroupListing,
    ListingQuery, Matrix, MatrixCell, MatrixColumn, MatrixQuery, MatrixRow, NewCustomer, NewEmployee, Page, Period,
    Project, ProjectId, ProjectUpdate, Responsibility, ResponsiblePerson, ResponsiblePersonRow, ResponsiblePersonsPage,
    ResponsiblePersonsQuery, Role, RoleId, RoleRef, SortKey, SpecialGroupId, SpecialGroupMatch, Subject, TeamId,
    Visibility,
};

/// Dates used both in periods and as query dates, so period ends coincide with query dates.
const DATES: [Date; 5] = [date(2025, 1, 1), date(2025, 6, 30), date(2026, 1, 1), date(2026, 6, 30), date(2027, 1, 1)];

const NAMES: &[&str] = &["Åland", "Äänekoski", "Öljy", "Zeta", "apu", "APU", "Apu Oy", "Wärtsilä", "Vaasa", "Ärrä"];

// ---- the plain model ---------------------------------------------------------------------------

struct Model {
    data: Data,
    customers: BTreeMap<CustomerId, Customer>,
    employees: BTreeMap<EmployeeId, Employee>,
    projects: BTreeMap<ProjectId, Project>,
    roles: BTreeMap<RoleId, Role>,
    resp: HashMap<(Subject, EmployeeId), Responsibility>,
}

fn key(name: &str) -> SortKey {
    SortKey::new(name)
}

fn page<T: Clone>(all: &[T], p: Page) -> Vec<T> {
    let offset = usize::try_from(p.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(p.limit).unwrap_or(usize::MAX);
    all.iter().skip(offset).take(limit).cloned().collect()
}

fn valid(r: &Responsibility, on: Option<Date>) -> bool {
    match on {
        None => true,
        Some(d) => r.period.from.is_none_or(|f| f <= d) && r.period.to.is_none_or(|t| d <= t),
    }
}

impl Model {
    fn new(dir: &Directory) -> Model {
        let data = dir.data();
        Model {
            customers: data.customers.iter().map(|c| (c.id, c.clone())).collect(),
            employees: data.employees.iter().map(|e| (e.id, e.clone())).collect(),
            projects: data.projects.iter().map(|p| (p.id, p.clone())).collect(),
            roles: data.roles.iter().map(|r| (r.id, r.clone())).collect(),
            resp: data.responsibilities.iter().map(|r| ((r.subject, r.employee), r.clone())).collect(),
            data,
        }
    }

    fn roles(&self, ids: &std::collections::BTreeSet<RoleId>) -> Vec<RoleRef> {
        let mut v: Vec<&Role> = ids.iter().map(|id| &self.roles[id]).collect();
        v.sort_by_key(|r| (key(&r.name), r.id));
        v.into_iter().map(|r| RoleRef { id: r.id, name: r.name.clone() }).collect()
    }

    fn sorted_customers(&self, mut v: Vec<&Customer>) -> Vec<CustomerId> {
        v.sort_by_key(|c| (key(&c.name), c.id));
        v.into_iter().map(|c| c.id).collect()
    }

    fn filter(&self, f: &CustomerFilter, as_of: Option<Date>) -> Vec<CustomerId> {
        let text = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let sold: Vec<CustomerGroupId> = match f.salesperson {
            Some(e) => self.data.customer_groups.iter().filter(|g| g.salespeople.contains(&e)).map(|g| g.id).collect(),
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
                && match f.archived {
                    ArchivedFilter::Exclude => !c.archived,
                    ArchivedFilter::Include => true,
                    ArchivedFilter::Only => c.archived,
                }
                && text.is_none_or(|t| {
                    key(&c.name).contains(&key(t))
                        || (t.bytes().all(|b| b.is_ascii_digit())
                            && c.number.is_some_and(|n| n.to_string().contains(t)))
                })
                && f.responsible
                    .is_none_or(|e| self.resp.get(&(Subject::Customer(c.id), e)).is_some_and(|r| valid(r, as_of)))
                && f.salesperson.is_none_or(|_| c.group.is_some_and(|g| sold.contains(&g)))
        };
        self.sorted_customers(self.customers.values().filter(|c| keep(c)).collect())
    }

    fn project_shown(&self, archived_filter: ArchivedFilter, p: &Project) -> bool {
        archived_filter != ArchivedFilter::Exclude || !p.archived
    }

    fn sorted_projects(&self, customer: CustomerId) -> Vec<&Project> {
        let mut v: Vec<&Project> = self.projects.values().filter(|p| p.customer == customer).collect();
        v.sort_by_key(|p| (key(&p.name), p.id));
        v
    }

    fn matrix(&self, q: &MatrixQuery) -> Matrix {
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
            let r = self.resp.get(&(subject, e))?;
            (valid(r, q.as_of) && q.role.is_none_or(|role| r.roles.contains(&role))).then_some(r)
        };
        let any_cell = |subject: Subject| columns.iter().any(|e| cell(subject, e.id).is_some());
        let mut rows: Vec<MatrixRow> = Vec::new();
        for c in self.filter(&q.customers, q.as_of) {
            let customer = &self.customers[&c];
            let projects: Vec<&Project> = if q.include_projects {
                self.sorted_projects(c)
                    .into_iter()
                    .filter(|p| self.project_shown(q.customers.archived, p))
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
                        roles: if q.by_role { self.roles(&r.roles) } else { Vec::new() },
                    });
                }
            }
        }
        Matrix {
            columns: page_columns
                .iter()
                .map(|e| MatrixColumn { employee: e.id, name: e.name.clone(), team: e.team })
                .collect(),
            rows: page_rows,
            cells,
            total_rows: rows.len() as u64,
            total_columns: columns.len() as u64,
        }
    }

    fn person_row(&self, r: &Responsibility, c: &Customer) -> ResponsiblePersonRow {
        let e = &self.employees[&r.employee];
        let project = match r.subject {
            Subject::Project(p) => Some(&self.projects[&p]),
            Subject::Customer(_) => None,
        };
        ResponsiblePersonRow {
            customer: c.id,
            customer_name: c.name.clone(),
            customer_number: c.number,
            customer_group: c.group,
            customer_group_name: c
                .group
                .map(|g| self.data.customer_groups.iter().find(|x| x.id == g).unwrap().name.clone()),
            project: project.map(|p| p.id),
            project_name: project.map(|p| p.name.clone()),
            employee: e.id,
            employee_name: e.name.clone(),
            email: e.email.clone(),
            salesperson: e.sales_rights,
            employee_active: e.active,
            valid_from: r.period.from,
            valid_to: r.period.to,
            roles: self.roles(&r.roles),
        }
    }

    fn holders(&self, subject: Subject, employees: &[EmployeeId], on: Option<Date>) -> Vec<&Responsibility> {
        let mut v: Vec<&Responsibility> = self
            .resp
            .values()
            .filter(|r| r.subject == subject && valid(r, on))
            .filter(|r| employees.is_empty() || employees.contains(&r.employee))
            .collect();
        v.sort_by_key(|r| (key(&self.employees[&r.employee].name), r.employee));
        v
    }

    fn responsible_persons(&self, q: &ResponsiblePersonsQuery) -> ResponsiblePersonsPage {
        let mut rows = Vec::new();
        for c in self.filter(&q.customers, q.as_of) {
            let customer = &self.customers[&c];
            for r in self.holders(Subject::Customer(c), &q.employees, q.as_of) {
                rows.push(self.person_row(r, customer));
            }
            if q.include_projects {
                for p in self.sorted_projects(c) {
                    if self.project_shown(q.customers.archived, p) {
                        for r in self.holders(Subject::Project(p.id), &q.employees, q.as_of) {
                            rows.push(self.person_row(r, customer));
                        }
                    }
                }
            }
        }
        ResponsiblePersonsPage { total: rows.len() as u64, rows: page(&rows, q.page) }
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

    fn listing(&self, group: Option<CustomerGroupId>, q: &ListingQuery) -> GroupListing {
        GroupListing {
            group,
            group_name: group.map(|g| self.data.customer_groups.iter().find(|x| x.id == g).unwrap().name.clone()),
            active: self.listing_page(group, CustomerStatus::Active, q.include_archived, q.active),
            prospects: self.listing_page(group, CustomerStatus::Prospect, q.include_archived, q.prospects),
        }
    }

    fn group_counts(&self, include_archived: bool) -> Vec<GroupCount> {
        let count = |g: Option<CustomerGroupId>, s: CustomerStatus| {
            self.customers
                .values()
                .filter(|c| c.group == g && c.status == s && (include_archived || !c.archived))
                .count() as u64
        };
        let mut groups: Vec<_> = self.data.customer_groups.iter().collect();
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

    fn persons_of(&self, subject: Subject, role: Option<RoleId>, on: Option<Date>) -> Vec<ResponsiblePerson> {
        self.holders(subject, &[], on)
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
                    roles: self.roles(&r.roles),
                }
            })
            .collect()
    }

    fn can_view(&self, e: EmployeeId, c: CustomerId, on: Date) -> Visibility {
        let employee = &self.employees[&e];
        let customer = &self.customers[&c];
        if !employee.active {
            return Visibility::default();
        }
        let responsible = self.resp.get(&(Subject::Customer(c), e)).is_some_and(|r| valid(r, Some(on)));
        let projects: Vec<ProjectId> = self
            .projects
            .values()
            .filter(|p| p.customer == c)
            .filter(|p| self.resp.get(&(Subject::Project(p.id), e)).is_some_and(|r| valid(r, Some(on))))
            .map(|p| p.id)
            .collect();
        let salesperson_of = customer.group.filter(|g| {
            employee.sales_rights && self.data.customer_groups.iter().any(|x| x.id == *g && x.salespeople.contains(&e))
        });
        Visibility {
            visible: employee.sees_all || responsible || !projects.is_empty() || salesperson_of.is_some(),
            admin: employee.sees_all,
            responsible,
            projects,
            salesperson_of,
        }
    }
}

fn summary(c: &Customer) -> CustomerSummary {
    CustomerSummary {
        id: c.id,
        name: c.name.clone(),
        number: c.number,
        status: c.status,
        archived: c.archived,
        group: c.group,
    }
}

// ---- random input ------------------------------------------------------------------------------

struct Gen {
    rng: Rng,
}

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.rng.chance(percent)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }
    fn date(&mut self) -> Date {
        DATES[self.below(DATES.len())]
    }
    fn as_of(&mut self) -> Option<Date> {
        self.chance(60).then(|| self.date())
    }
    fn page(&mut self, total_hint: usize) -> Page {
        match self.below(6) {
            0 => Page::ALL,
            1 => Page::first(self.below(10) as u64),
            2 => Page::new(self.below(total_hint + 3) as u64, 1 + self.below(20) as u64),
            3 => Page::new(total_hint.saturating_sub(2) as u64, 5),
            4 => Page::new(total_hint as u64 + self.below(3) as u64, 10),
            _ => Page::new(self.below(30) as u64, u64::MAX),
        }
    }
    fn period(&mut self) -> Period {
        let mut a = self.chance(70).then(|| self.date());
        let mut b = self.chance(70).then(|| self.date());
        if let (Some(x), Some(y)) = (a, b) {
            if x > y {
                (a, b) = (Some(y), Some(x));
            }
        }
        Period { from: a, to: b }
    }

    fn filter(&mut self, m: &Model) -> CustomerFilter {
        let groups: Vec<CustomerGroupId> = m.data.customer_groups.iter().map(|g| g.id).collect();
        let specials: Vec<SpecialGroupId> = m.data.special_groups.iter().map(|g| g.id).collect();
        let employees: Vec<EmployeeId> = m.employees.keys().copied().collect();
        let customers: Vec<CustomerId> = m.customers.keys().copied().collect();
        let mut f = CustomerFilter::new();
        if self.chance(10) {
            for _ in 0..1 + self.below(30) {
                f.customers.extend(self.pick(&customers));
            }
        }
        if self.chance(30) {
            for _ in 0..1 + self.below(3) {
                f.groups.extend(self.pick(&groups));
            }
        }
        f.no_group = self.chance(15);
        if self.chance(25) {
            for _ in 0..1 + self.below(3) {
                f.special_groups.extend(self.pick(&specials));
            }
            if self.chance(50) {
                f.special_groups_match = SpecialGroupMatch::AllOf;
            }
        }
        if self.chance(25) {
            f.status = Some(if self.chance(50) { CustomerStatus::Active } else { CustomerStatus::Prospect });
        }
        f.archived = match self.below(5) {
            0 => ArchivedFilter::Include,
            1 => ArchivedFilter::Only,
            _ => ArchivedFilter::Exclude,
        };
        if self.chance(15) {
            f.text =
                Some(["ö", "ÖLJY", "apu", "  zeta ", "1", "12", "oy", "ä", "", "x#", "Aa"][self.below(11)].to_owned());
        }
        if self.chance(15) {
            f.responsible = self.pick(&employees);
        }
        if self.chance(15) {
            f.salesperson = self.pick(&employees);
        }
        f
    }
}

// ---- mutations ---------------------------------------------------------------------------------

fn mutate(dir: &mut Directory, g: &mut Gen) {
    let data = dir.data();
    let customers: Vec<CustomerId> = data.customers.iter().map(|c| c.id).collect();
    let projects: Vec<ProjectId> = data.projects.iter().map(|p| p.id).collect();
    let employees: Vec<EmployeeId> = data.employees.iter().map(|e| e.id).collect();
    let roles: Vec<RoleId> = data.roles.iter().map(|r| r.id).collect();
    let groups: Vec<CustomerGroupId> = data.customer_groups.iter().map(|g| g.id).collect();
    let specials: Vec<SpecialGroupId> = data.special_groups.iter().map(|g| g.id).collect();
    let teams: Vec<TeamId> = data.teams.iter().map(|t| t.id).collect();
    let subject = |g: &mut Gen| -> Option<Subject> {
        if g.chance(35) {
            g.pick(&projects).map(Subject::Project)
        } else {
            g.pick(&customers).map(Subject::Customer)
        }
    };
    // Errors are expected for some random inputs (inactive employee, wrong role scope, …):
    // the rules are tested elsewhere; here only the views must follow whatever happened.
    let _ = match g.below(30) {
        0..=5 => match (subject(g), g.pick(&employees)) {
            (Some(s), Some(e)) => dir.toggle(s, e).map(|_| ()),
            _ => Ok(()),
        },
        6..=7 => match (subject(g), g.pick(&employees), g.pick(&roles)) {
            (Some(s), Some(e), Some(r)) => dir.add_role(s, e, r),
            _ => Ok(()),
        },
        8 => match (subject(g), g.pick(&employees), g.pick(&roles)) {
            (Some(s), Some(e), Some(r)) => dir.remove_role(s, e, r),
            _ => Ok(()),
        },
        9..=11 => {
            // Change the period of an existing responsibility.
            match g.pick(&(0..data.responsibilities.len()).collect::<Vec<_>>()) {
                Some(i) => {
                    let r = &data.responsibilities[i];
                    let period = g.period();
                    dir.set_period(r.subject, r.employee, period)
                }
                None => Ok(()),
            }
        }
        12 => match (g.pick(&groups), g.pick(&customers)) {
            (Some(grp), Some(c)) => dir.move_customer_to_group(grp, c),
            _ => Ok(()),
        },
        13 => g.pick(&customers).map_or(Ok(()), |c| dir.remove_customer_from_group(c)),
        14 => g.pick(&customers).map_or(Ok(()), |c| {
            let archived = g.chance(60);
            dir.update_customer(c, CustomerUpdate { archived: Some(archived), ..Default::default() })
        }),
        15 => g.pick(&employees).map_or(Ok(()), |e| {
            if g.chance(60) {
                dir.archive_employee(e)
            } else {
                dir.reactivate_employee(e)
            }
        }),
        16 => g.pick(&employees).map_or(Ok(()), |e| {
            let update = match g.below(3) {
                0 => EmployeeUpdate { sales_rights: Some(g.chance(50)), ..Default::default() },
                1 => EmployeeUpdate { sees_all: Some(g.chance(20)), ..Default::default() },
                _ => EmployeeUpdate { team: Some(g.pick(&teams)), ..Default::default() },
            };
            dir.update_employee(e, update)
        }),
        17 => match (g.pick(&groups), g.pick(&employees)) {
            (Some(grp), Some(e)) => {
                if g.chance(60) {
                    dir.add_group_salesperson(grp, e)
                } else {
                    dir.remove_group_salesperson(grp, e)
                }
            }
            _ => Ok(()),
        },
        18 => match (g.pick(&specials), g.pick(&customers)) {
            (Some(sg), Some(c)) => {
                if g.chance(50) {
                    dir.add_to_special_group(sg, c)
                } else {
                    dir.remove_from_special_group(sg, c)
                }
            }
            _ => Ok(()),
        },
        19 => g.pick(&customers).map_or(Ok(()), |c| {
            let name = format!("{} {}", NAMES[g.below(NAMES.len())], g.below(5));
            let status = if g.chance(70) { CustomerStatus::Active } else { CustomerStatus::Prospect };
            dir.update_customer(c, CustomerUpdate { name: Some(name), status: Some(status), ..Default::default() })
        }),
        20 => g.pick(&employees).map_or(Ok(()), |e| {
            let name = NAMES[g.below(NAMES.len())].to_owned();
            dir.update_employee(e, EmployeeUpdate { name: Some(name), ..Default::default() })
        }),
        21 => {
            let mut new = NewCustomer::new(NAMES[g.below(NAMES.len())]);
            if let Some(grp) = g.pick(&groups).filter(|_| g.chance(50)) {
                new = new.group(grp);
            }
            dir.create_customer(new).map(|_| ())
        }
        22 => g.pick(&customers).map_or(Ok(()), |c| dir.create_project(c, NAMES[g.below(NAMES.len())]).map(|_| ())),
        23 => dir.create_employee(NewEmployee::new(NAMES[g.below(NAMES.len())]).sales_rights(g.chance(50))).map(|_| ()),
        24 => g.pick(&projects).map_or(Ok(()), |p| match g.below(3) {
            0 => dir.delete_project(p),
            1 => dir.archive_project(p),
            _ => {
                let name = NAMES[g.below(NAMES.len())].to_owned();
                dir.update_project(p, ProjectUpdate { archived: Some(false), name: Some(name) })
            }
        }),
        25 => g.pick(&customers).map_or(Ok(()), |c| dir.delete_customer(c)),
        26 => g.pick(&employees).filter(|_| g.chance(30)).map_or(Ok(()), |e| dir.delete_employee(e)),
        27 => match g.below(10) {
            0 => g.pick(&groups).map_or(Ok(()), |grp| dir.delete_customer_group(grp)),
            1 => g.pick(&specials).map_or(Ok(()), |sg| dir.delete_special_group(sg)),
            2 => g.pick(&roles).map_or(Ok(()), |r| dir.delete_role(r)),
            _ => Ok(()),
        },
        28 => g.pick(&customers).map_or(Ok(()), |c| {
            let number = if g.chance(20) { None } else { Some(1 + g.below(3000) as u64) };
            dir.set_customer_number(c, number)
        }),
        _ => match (subject(g), g.pick(&employees)) {
            (Some(s), Some(e)) => {
                let scoped: Vec<RoleId> = data
                    .roles
                    .iter()
                    .filter(|r| {
                        matches!(
                            (r.scope, s),
                            (vastuu::RoleScope::Customer, Subject::Customer(_))
                                | (vastuu::RoleScope::Project, Subject::Project(_))
                        )
                    })
                    .map(|r| r.id)
                    .collect();
                let chosen: Vec<RoleId> = scoped.into_iter().filter(|_| g.chance(40)).collect();
                let period = g.period();
                dir.set_responsibility(s, e, &chosen, period)
            }
            _ => Ok(()),
        },
    };
}

// ---- the check ---------------------------------------------------------------------------------

fn check_everything(dir: &Directory, g: &mut Gen) {
    let m = Model::new(dir);
    let employees: Vec<EmployeeId> = m.employees.keys().copied().collect();
    let customers: Vec<CustomerId> = m.customers.keys().copied().collect();
    let roles: Vec<RoleId> = m.roles.keys().copied().collect();
    let teams: Vec<TeamId> = m.data.teams.iter().map(|t| t.id).collect();

    for _ in 0..12 {
        let f = g.filter(&m);
        let as_of = g.as_of();
        assert_eq!(dir.filter_customers_on(&f, as_of).unwrap(), m.filter(&f, as_of), "filter {f:?} on {as_of:?}");
    }
    let f = g.filter(&m);
    let p = g.page(m.customers.len());
    let expected = m.filter(&f, None);
    assert_eq!(
        dir.filter_customers_page(&f, p).unwrap(),
        CustomerPage {
            total: expected.len() as u64,
            customers: page(&expected, p).iter().map(|id| summary(&m.customers[id])).collect()
        }
    );

    for _ in 0..8 {
        let mut q = MatrixQuery::new().customers(g.filter(&m));
        if g.chance(25) {
            q.teams.extend(g.pick(&teams));
        }
        if g.chance(20) {
            for _ in 0..1 + g.below(8) {
                q.employees.extend(g.pick(&employees));
            }
        }
        if g.chance(35) {
            q.role = g.pick(&roles);
        }
        q.by_role = g.chance(50);
        q.include_projects = g.chance(50);
        q.as_of = g.as_of();
        q.rows = g.page(m.customers.len());
        q.columns = g.page(m.employees.len());
        assert_eq!(dir.matrix(&q).unwrap(), m.matrix(&q), "{q:?}");
    }

    for _ in 0..8 {
        let mut q = ResponsiblePersonsQuery::new().customers(g.filter(&m));
        if g.chance(30) {
            for _ in 0..1 + g.below(4) {
                q.employees.extend(g.pick(&employees));
            }
        }
        q.include_projects = g.chance(50);
        q.as_of = g.as_of();
        q.page = g.page(m.resp.len());
        assert_eq!(dir.responsible_persons(&q).unwrap(), m.responsible_persons(&q), "{q:?}");
    }

    let groups: Vec<Option<CustomerGroupId>> =
        m.data.customer_groups.iter().map(|x| Some(x.id)).chain(std::iter::once(None)).collect();
    for group in groups {
        let q = ListingQuery { include_archived: g.chance(50), active: g.page(60), prospects: g.page(10) };
        assert_eq!(dir.customer_listing(group, &q).unwrap(), m.listing(group, &q), "{group:?} {q:?}");
    }
    for include_archived in [false, true] {
        assert_eq!(dir.group_counts(include_archived), m.group_counts(include_archived));
    }

    for _ in 0..20 {
        let subject = if g.chance(40) {
            match g.pick(&m.projects.keys().copied().collect::<Vec<_>>()) {
                Some(p) => Subject::Project(p),
                None => continue,
            }
        } else {
            match g.pick(&customers) {
                Some(c) => Subject::Customer(c),
                None => continue,
            }
        };
        let on = g.as_of();
        let role = g.pick(&roles).filter(|r| g.chance(50) && vastuu::RoleScope::of(subject) == m.roles[r].scope);
        assert_eq!(dir.responsible_persons_of(subject, role, on).unwrap(), m.persons_of(subject, role, on));
    }

    // Visibility, all three forms, for every pair on one date.
    let on = g.date();
    let mut visible_by_employee: HashMap<EmployeeId, Vec<&Customer>> = HashMap::new();
    let mut viewers_by_customer: HashMap<CustomerId, Vec<&Employee>> = HashMap::new();
    for &e in &employees {
        for &c in &customers {
            let expected = m.can_view(e, c, on);
            assert_eq!(dir.can_view(e, c, on).unwrap(), expected, "{e} {c} on {on}");
            if expected.visible {
                visible_by_employee.entry(e).or_default().push(&m.customers[&c]);
                viewers_by_customer.entry(c).or_default().push(&m.employees[&e]);
            }
        }
    }
    for &e in &employees {
        let expected = m.sorted_customers(visible_by_employee.remove(&e).unwrap_or_default());
        assert_eq!(dir.visible_customers(e, on).unwrap(), expected, "visible_customers({e}, {on})");
    }
    for &c in &customers {
        let mut viewers = viewers_by_customer.remove(&c).unwrap_or_default();
        viewers.sort_by_key(|e| (key(&e.name), e.id));
        let expected: Vec<EmployeeId> = viewers.into_iter().map(|e| e.id).collect();
        assert_eq!(dir.who_can_view(c, on).unwrap(), expected, "who_can_view({c}, {on})");
    }
}

#[test]
fn views_match_a_plain_recomputation_under_random_mutations() {
    let config = GeneratorConfig {
        customers: 150,
        employees: 25,
        projects: 200,
        responsibilities: 700,
        ..GeneratorConfig::small()
    };
    let mut dir = Directory::from_data(generate(&config)).unwrap();
    let mut g = Gen { rng: Rng::new(0x5eed) };
    check_everything(&dir, &mut g);
    for step in 1..=3000 {
        mutate(&mut dir, &mut g);
        if step % 100 == 0 {
            check_everything(&dir, &mut g);
        }
    }
    // The directory changed a lot, and still holds data to check.
    assert!(dir.last_seq() > 1500, "only {} mutations succeeded", dir.last_seq());
    assert!(dir.customers().count() > 50);
}

#[test]
fn set_forms_agree_with_can_view_for_every_pair() {
    let dir = Directory::from_data(generate(&GeneratorConfig::small().with_seed(11))).unwrap();
    let employees: Vec<EmployeeId> = dir.employees().map(|e| e.id).collect();
    let customers: Vec<CustomerId> = dir.customers().map(|c| c.id).collect();
    let mut allowed_somewhere = 0;
    let mut denied_somewhere = 0;
    for on in [date(2024, 12, 31), date(2025, 10, 17), date(2026, 1, 1), date(2027, 3, 4)] {
        let visible: HashMap<EmployeeId, Vec<CustomerId>> =
            employees.iter().map(|e| (*e, dir.visible_customers(*e, on).unwrap())).collect();
        let viewers: HashMap<CustomerId, Vec<EmployeeId>> =
            customers.iter().map(|c| (*c, dir.who_can_view(*c, on).unwrap())).collect();
        for &e in &employees {
            for &c in &customers {
                let v = dir.can_view(e, c, on).unwrap();
                assert_eq!(v.visible, !v.reasons().is_empty());
                assert_eq!(visible[&e].contains(&c), v.visible, "{e} {c} {on}");
                assert_eq!(viewers[&c].contains(&e), v.visible, "{e} {c} {on}");
                if v.visible {
                    allowed_somewhere += 1;
                } else {
                    denied_somewhere += 1;
                }
            }
        }
        // Each set form lists every member once.
        for list in visible.values() {
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len());
        }
    }
    assert!(allowed_somewhere > 1000 && denied_somewhere > 1000, "{allowed_somewhere} {denied_somewhere}");
}

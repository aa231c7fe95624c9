//! Records applied to a directory, inside the import's transaction: each row matched with what
//! the directory has (customers by number, employees by email and else by name, groups by
//! name), then created, changed or left alone. A row the directory refuses is a problem of that
//! row and the import goes on, so that every problem is found; the caller rolls everything back
//! when there is any.

use super::columns::Col;
use super::parse::{CustomerRow, EmployeeRow, GroupRow, Records, ResponsibilityRow, SpecialGroupRow};
use super::{problem, ImportItem, ImportItemKind, ImportKind, ImportProgress, ImportReport};
use crate::directory::Directory;
use crate::error::{Error, ErrorKind, ImportErrors, ImportProblem, ImportProblemKind as P, Result};
use crate::model::{
    CustomerGroupId, CustomerGroupUpdate, CustomerId, CustomerStatus, CustomerUpdate, EmployeeId, EmployeeUpdate,
    EntityRef, NewCustomer, NewCustomerGroup, NewEmployee, NewRole, NewSpecialGroup, NumberChoice, RoleId, RoleScope,
    SpecialGroupId, SpecialGroupUpdate, Subject, TeamId,
};
use crate::text::fold;
use std::collections::{BTreeSet, HashMap};

/// What an import needs besides the records.
pub(super) struct Run<'r, 'p> {
    pub(super) file: &'r str,
    pub(super) sheet: Option<&'r str>,
    pub(super) kind: ImportKind,
    pub(super) create_missing: bool,
    pub(super) dry_run: bool,
    /// Whether the customers sheet has a number column (without one, new customers are numbered
    /// from their series).
    pub(super) numbered: bool,
    /// The header of each column, as the file spells it.
    pub(super) headers: HashMap<Col, String>,
    pub(super) progress: Option<&'r mut (dyn FnMut(ImportProgress) + 'p)>,
    /// Whether customer rows may be applied in one batch (see `bulk.rs`).
    pub(super) bulk: bool,
    /// Set when they were.
    pub(super) batched: bool,
}

/// Applies `records` to `dir`: the report, or every problem found (`Error::Import`), or the
/// store's error.
pub(super) fn apply(dir: &mut Directory, records: &Records, run: &mut Run<'_, '_>) -> Result<ImportReport> {
    let mut a = Applier::new(dir, run);
    let total = match records {
        Records::Employees(rows) => a.rows(rows, Applier::employee),
        Records::Customers(rows) => a.customers(rows),
        Records::CustomerGroups(rows) => a.rows(rows, Applier::group),
        Records::SpecialGroups(rows) => a.rows(rows, Applier::special_group),
        Records::Responsibilities(rows) => a.rows(rows, Applier::responsibility),
    }?;
    if !a.problems.is_empty() {
        a.problems.sort_by_key(|p| p.row);
        return Err(Error::Import(ImportErrors { problems: a.problems }));
    }
    a.report.rows = total;
    Ok(a.report)
}

/// The directory's names, kept current as the import creates entities.
#[derive(Default)]
struct Names {
    groups: HashMap<String, CustomerGroupId>,
    special: HashMap<String, SpecialGroupId>,
    teams: HashMap<String, TeamId>,
    roles: HashMap<(RoleScope, String), RoleId>,
    emails: HashMap<String, EmployeeId>,
    employees: HashMap<String, Vec<EmployeeId>>,
    /// Customers by name, made when first needed (a row without a number).
    customers: Option<HashMap<String, Vec<CustomerId>>>,
}

impl Names {
    fn of(dir: &Directory) -> Self {
        let mut n = Names::default();
        n.groups.extend(dir.customer_groups().map(|g| (fold(&g.name), g.id)));
        n.special.extend(dir.special_groups().map(|g| (fold(&g.name), g.id)));
        n.teams.extend(dir.teams().map(|t| (fold(&t.name), t.id)));
        n.roles.extend(dir.roles().map(|r| ((r.scope, fold(&r.name)), r.id)));
        n.employees.reserve(dir.employees().size_hint().0);
        for e in dir.employees() {
            if let Some(email) = &e.email {
                n.emails.insert(email.to_lowercase(), e.id);
            }
            n.employees.entry(fold(&e.name)).or_default().push(e.id);
        }
        n
    }
}

/// A row's failure: a problem of that row (the import goes on), or the store's error (it stops).
pub(super) enum Failure {
    Row(P, Option<Col>, String),
    Stop(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let kind = match e.kind() {
            k if k.is_store() => return Failure::Stop(e),
            ErrorKind::Conflict => return Failure::Stop(e),
            ErrorKind::DuplicateCustomerNumber => P::NumberTaken,
            ErrorKind::InvalidText => P::BadText,
            ErrorKind::InvalidPeriod => P::BadPeriod,
            ErrorKind::DuplicateName | ErrorKind::DuplicateExternalId => P::Duplicate,
            ErrorKind::NotFound => P::UnknownReference,
            _ => P::Refused,
        };
        Failure::Row(kind, None, e.to_string())
    }
}

pub(super) type Step<T> = std::result::Result<T, Failure>;

fn fail<T>(kind: P, column: Col, reason: String) -> Step<T> {
    Err(Failure::Row(kind, Some(column), reason))
}

pub(super) struct Applier<'d, 'r, 'x, 'p> {
    pub(super) dir: &'d mut Directory,
    pub(super) run: &'r mut Run<'x, 'p>,
    names: Names,
    report: ImportReport,
    problems: Vec<ImportProblem>,
}

impl<'d, 'r, 'x, 'p> Applier<'d, 'r, 'x, 'p> {
    fn new(dir: &'d mut Directory, run: &'r mut Run<'x, 'p>) -> Self {
        let names = Names::of(dir);
        let report = ImportReport {
            kind: run.kind,
            dry_run: run.dry_run,
            rows: 0,
            created: Vec::new(),
            changed: Vec::new(),
            unchanged: Vec::new(),
        };
        Applier { dir, run, names, report, problems: Vec::new() }
    }

    /// Applies customer rows: in one batch when they only create customers the plain way (see
    /// `bulk.rs`), else one by one.
    fn customers(&mut self, rows: &[CustomerRow]) -> Result<u64> {
        if !self.run.bulk {
            return self.rows(rows, Applier::customer);
        }
        self.dir.begin_transaction();
        match self.customers_in_bulk(rows) {
            Ok(Some(total)) => {
                self.run.batched = true;
                self.dir.commit_transaction().map(|()| total)
            }
            Ok(None) => {
                // Undo the names created on the way, and start again row by row.
                self.dir.rollback_transaction();
                self.names = Names::of(self.dir);
                self.report.created.clear();
                self.rows(rows, Applier::customer)
            }
            Err(e) => {
                self.dir.rollback_transaction();
                Err(e)
            }
        }
    }

    /// Applies each row with `one`; the number of rows.
    fn rows<R: HasRow>(&mut self, rows: &[R], mut one: impl FnMut(&mut Self, &R) -> Step<()>) -> Result<u64> {
        let total = rows.len() as u64;
        self.tick(0, total);
        for (i, r) in rows.iter().enumerate() {
            match one(self, r) {
                Ok(()) => {}
                Err(Failure::Stop(e)) => return Err(e),
                Err(Failure::Row(kind, column, reason)) => {
                    let column = column.and_then(|c| self.run.headers.get(&c).cloned()).or_else(|| r.column());
                    let p = problem(self.run.file, self.run.sheet, Some(r.row()), column, kind, reason);
                    self.problems.push(p);
                }
            }
            let done = i as u64 + 1;
            if done.is_multiple_of(1024) || done == total {
                self.tick(done, total);
            }
        }
        Ok(total)
    }

    pub(super) fn tick(&mut self, rows_done: u64, total: u64) {
        if let Some(p) = self.run.progress.as_mut() {
            p(ImportProgress { rows_done, total });
        }
    }

    fn note(&mut self, row: u64, kind: ImportItemKind, id: Option<EntityRef>, label: String, fields: Vec<&str>) {
        let created = fields.first() == Some(&"*");
        let item = ImportItem {
            row,
            kind,
            id,
            label,
            fields: fields.into_iter().filter(|f| *f != "*").map(str::to_owned).collect(),
        };
        if created {
            self.report.created.push(item);
        } else if item.fields.is_empty() {
            self.report.unchanged.push(item);
        } else {
            self.report.changed.push(item);
        }
    }

    pub(super) fn created(&mut self, row: u64, kind: ImportItemKind, id: Option<EntityRef>, label: String) {
        self.note(row, kind, id, label, vec!["*"]);
    }

    // --- names that rows refer to ---

    pub(super) fn group_named(&mut self, row: u64, name: &str, column: Col) -> Step<CustomerGroupId> {
        if let Some(id) = self.names.groups.get(&fold(name)) {
            return Ok(*id);
        }
        if !self.run.create_missing {
            return fail(P::UnknownReference, column, format!("the directory has no customer group {name:?}"));
        }
        let id = self.dir.create_customer_group(NewCustomerGroup::new(name))?;
        self.names.groups.insert(fold(name), id);
        self.created(row, ImportItemKind::CustomerGroup, Some(id.into()), name.to_owned());
        Ok(id)
    }

    pub(super) fn special_named(&mut self, row: u64, name: &str, column: Col) -> Step<SpecialGroupId> {
        if let Some(id) = self.names.special.get(&fold(name)) {
            return Ok(*id);
        }
        if !self.run.create_missing {
            return fail(P::UnknownReference, column, format!("the directory has no special group {name:?}"));
        }
        let id = self.dir.create_special_group(NewSpecialGroup::new(name))?;
        self.names.special.insert(fold(name), id);
        self.created(row, ImportItemKind::SpecialGroup, Some(id.into()), name.to_owned());
        Ok(id)
    }

    fn team_named(&mut self, row: u64, name: &str) -> Step<TeamId> {
        if let Some(id) = self.names.teams.get(&fold(name)) {
            return Ok(*id);
        }
        if !self.run.create_missing {
            return fail(P::UnknownReference, Col::Team, format!("the directory has no team {name:?}"));
        }
        let id = self.dir.create_team(name)?;
        self.names.teams.insert(fold(name), id);
        self.created(row, ImportItemKind::Team, Some(id.into()), name.to_owned());
        Ok(id)
    }

    fn role_named(&mut self, row: u64, name: &str, scope: RoleScope) -> Step<RoleId> {
        if let Some(id) = self.names.roles.get(&(scope, fold(name))) {
            return Ok(*id);
        }
        if !self.run.create_missing {
            return fail(P::UnknownReference, Col::Roles, format!("the directory has no {scope} role {name:?}"));
        }
        let id = self.dir.create_role(NewRole::new(name, scope))?;
        self.names.roles.insert((scope, fold(name)), id);
        self.created(row, ImportItemKind::Role, Some(id.into()), name.to_owned());
        Ok(id)
    }

    /// The employee with this email address, or else with this name (unique).
    fn find_employee(&self, name: &str, email: Option<&str>) -> Step<Option<EmployeeId>> {
        if let Some(id) = email.and_then(|e| self.names.emails.get(&e.to_lowercase())) {
            return Ok(Some(*id));
        }
        match self.names.employees.get(&fold(name)).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => Ok(Some(*one)),
            Some(many) => fail(
                P::Ambiguous,
                Col::ResponsiblePerson,
                format!("{} employees are named {name:?}; give their email addresses", many.len()),
            ),
        }
    }

    fn remember_employee(&mut self, id: EmployeeId, name: &str, email: Option<&str>) {
        if let Some(e) = email {
            self.names.emails.insert(e.to_lowercase(), id);
        }
        let same = self.names.employees.entry(fold(name)).or_default();
        if !same.contains(&id) {
            same.push(id);
        }
    }

    /// The employee a row names, created when missing and allowed.
    pub(super) fn employee_named(
        &mut self,
        row: u64,
        name: &str,
        email: Option<&str>,
        sales: Option<bool>,
    ) -> Step<EmployeeId> {
        if let Some(id) = self.find_employee(name, email)? {
            return Ok(id);
        }
        if !self.run.create_missing {
            return fail(
                P::UnknownReference,
                Col::ResponsiblePerson,
                format!("the directory has no employee {name:?}"),
            );
        }
        let mut new = NewEmployee::new(name).sales_rights(sales.unwrap_or(false));
        new.email = email.map(str::to_owned);
        let id = self.dir.create_employee(new)?;
        self.remember_employee(id, name, email);
        self.created(row, ImportItemKind::Employee, Some(id.into()), name.to_owned());
        Ok(id)
    }

    // --- one row of each kind ---

    fn employee(&mut self, r: &EmployeeRow) -> Step<()> {
        let team = match &r.team {
            Some(t) => Some(self.team_named(r.row, t)?),
            None => None,
        };
        let by_key = r.external_id.as_deref().and_then(|k| self.dir.employee_by_external_id(k)).map(|e| e.id);
        let found = match by_key {
            Some(id) => Some(id),
            None => self.find_employee(&r.name, r.email.as_deref())?,
        };
        let Some(id) = found else {
            let mut new =
                NewEmployee::new(&r.name).active(r.active.unwrap_or(true)).sales_rights(r.sales.unwrap_or(false));
            new.email = r.email.clone();
            new.team = team;
            new.external_id = r.external_id.clone();
            let id = self.dir.create_employee(new)?;
            self.remember_employee(id, &r.name, r.email.as_deref());
            self.created(r.row, ImportItemKind::Employee, Some(id.into()), r.name.clone());
            return Ok(());
        };
        let e = self.dir.employee(id)?;
        let mut update = EmployeeUpdate::default();
        let mut fields = Vec::new();
        if e.name != r.name {
            update.name = Some(r.name.clone());
            fields.push("name");
        }
        if r.email.is_some() && e.email.as_ref().map(|m| m.to_lowercase()) != r.email.as_ref().map(|m| m.to_lowercase())
        {
            update.email = Some(r.email.clone());
            fields.push("email");
        }
        if team.is_some() && e.team != team {
            update.team = Some(team);
            fields.push("team");
        }
        if r.active.is_some_and(|a| a != e.active) {
            update.active = r.active;
            fields.push("active");
        }
        if r.sales.is_some_and(|s| s != e.sales_rights) {
            update.sales_rights = r.sales;
            fields.push("sales_rights");
        }
        if r.external_id.is_some() && e.external_id != r.external_id {
            update.external_id = Some(r.external_id.clone());
            fields.push("external_id");
        }
        if !fields.is_empty() {
            self.dir.update_employee(id, update)?;
            self.remember_employee(id, &r.name, r.email.as_deref());
        }
        self.note(r.row, ImportItemKind::Employee, Some(id.into()), r.name.clone(), fields);
        Ok(())
    }

    fn group(&mut self, r: &GroupRow) -> Step<()> {
        let by_key = r.external_id.as_deref().and_then(|k| self.dir.customer_group_by_external_id(k)).map(|g| g.id);
        let Some(id) = by_key.or_else(|| self.names.groups.get(&fold(&r.name)).copied()) else {
            let mut new = NewCustomerGroup::new(&r.name);
            new.numbering_start = r.start;
            new.numbering_end = r.end;
            new.ledger_account = r.ledger.clone();
            new.cost_centers = r.cost_centers.clone().unwrap_or_default();
            new.external_id = r.external_id.clone();
            let id = self.dir.create_customer_group(new)?;
            self.names.groups.insert(fold(&r.name), id);
            self.created(r.row, ImportItemKind::CustomerGroup, Some(id.into()), r.name.clone());
            return Ok(());
        };
        let g = self.dir.customer_group(id)?;
        let mut update = CustomerGroupUpdate::default();
        let mut fields = Vec::new();
        // Matched by its key, a group takes the row's name.
        if by_key.is_some() && g.name != r.name {
            update.name = Some(r.name.clone());
            fields.push("name");
        }
        if r.external_id.is_some() && g.external_id != r.external_id {
            update.external_id = Some(r.external_id.clone());
            fields.push("external_id");
        }
        if r.start.is_some() && g.numbering_start != r.start {
            update.numbering_start = Some(r.start);
            fields.push("numbering_start");
        }
        if r.end.is_some() && g.numbering_end != r.end {
            update.numbering_end = Some(r.end);
            fields.push("numbering_end");
        }
        if r.ledger.is_some() && g.ledger_account != r.ledger {
            update.ledger_account = Some(r.ledger.clone());
            fields.push("ledger_account");
        }
        if let Some(centers) = r.cost_centers.as_ref().filter(|c| **c != g.cost_centers) {
            update.cost_centers = Some(centers.clone());
            fields.push("cost_centers");
        }
        if !fields.is_empty() {
            let old = fold(&g.name);
            self.dir.update_customer_group(id, update)?;
            if fields.contains(&"name") {
                self.names.groups.remove(&old);
                self.names.groups.insert(fold(&r.name), id);
            }
        }
        self.note(r.row, ImportItemKind::CustomerGroup, Some(id.into()), r.name.clone(), fields);
        Ok(())
    }

    fn special_group(&mut self, r: &SpecialGroupRow) -> Step<()> {
        let Some(&id) = self.names.special.get(&fold(&r.name)) else {
            let mut new = NewSpecialGroup::new(&r.name);
            new.description = r.description.clone();
            let id = self.dir.create_special_group(new)?;
            self.names.special.insert(fold(&r.name), id);
            self.created(r.row, ImportItemKind::SpecialGroup, Some(id.into()), r.name.clone());
            return Ok(());
        };
        let mut fields = Vec::new();
        if r.description.is_some() && self.dir.special_group(id)?.description != r.description {
            let update = SpecialGroupUpdate { description: Some(r.description.clone()), ..Default::default() };
            self.dir.update_special_group(id, update)?;
            fields.push("description");
        }
        self.note(r.row, ImportItemKind::SpecialGroup, Some(id.into()), r.name.clone(), fields);
        Ok(())
    }

    /// The customer a row with this number (or, without one, this name) matches.
    fn find_customer(&mut self, number: Option<u64>, name: &str, column: Col) -> Step<Option<CustomerId>> {
        if let Some(n) = number {
            let Some(c) = self.dir.customer_by_number(n) else { return Ok(None) };
            if fold(&c.name) != fold(name) {
                let reason = format!(
                    "customer number {n} is already held by {:?} ({}), not {name:?}",
                    c.name,
                    EntityRef::Customer(c.id)
                );
                return fail(P::NumberTaken, Col::Number, reason);
            }
            return Ok(Some(c.id));
        }
        let dir = &*self.dir;
        let by_name = self.names.customers.get_or_insert_with(|| {
            let mut map: HashMap<String, Vec<CustomerId>> = HashMap::with_capacity(dir.customers().size_hint().0);
            for c in dir.customers() {
                map.entry(fold(&c.name)).or_default().push(c.id);
            }
            map
        });
        match by_name.get(&fold(name)).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => Ok(Some(*one)),
            Some(many) => fail(
                P::Ambiguous,
                column,
                format!("{} customers are named {name:?}; give the customer number", many.len()),
            ),
        }
    }

    fn remember_customer(&mut self, id: CustomerId, name: &str) {
        if let Some(map) = self.names.customers.as_mut() {
            map.entry(fold(name)).or_default().push(id);
        }
    }

    fn customer(&mut self, r: &CustomerRow) -> Step<()> {
        let group = match &r.group {
            Some(Some(g)) => Some(self.group_named(r.row, g, Col::Group)?),
            _ => None,
        };
        let mut special = BTreeSet::new();
        for name in r.special_groups.iter().flatten() {
            special.insert(self.special_named(r.row, name, Col::SpecialGroups)?);
        }
        let mut people = Vec::new();
        for name in r.responsible.iter().flatten() {
            people.push(self.employee_named(r.row, name, None, None)?);
        }
        let label = customer_label(r.number, &r.name);
        let by_key = r.external_id.as_deref().and_then(|k| self.dir.customer_by_external_id(k)).map(|c| c.id);
        let found = match by_key {
            Some(id) => Some(id),
            None => self.find_customer(r.number, &r.name, Col::Name)?,
        };
        let (id, mut fields) = match found {
            Some(id) => (id, self.update_customer(id, r, by_key.is_some(), group, &special)?),
            None => {
                let mut new = NewCustomer::new(&r.name).status(r.status.unwrap_or(CustomerStatus::Active));
                new.number = match r.number {
                    Some(n) => NumberChoice::Explicit(n),
                    None if self.run.numbered => NumberChoice::Unnumbered,
                    None => NumberChoice::Next,
                };
                new.group = group;
                new.special_groups = special.into_iter().collect();
                new.external_id = r.external_id.clone();
                let id = self.dir.create_customer(new)?;
                self.remember_customer(id, &r.name);
                (id, vec!["*"])
            }
        };
        let mut added = false;
        for employee in people {
            added |= self.dir.add_responsibility(Subject::Customer(id), employee)?;
        }
        if added && fields.is_empty() {
            fields.push("responsible_persons");
        }
        if r.archived == Some(true) && !self.dir.customer(id)?.archived {
            self.dir.archive_customer(id)?;
            if fields.is_empty() {
                fields.push("archived");
            }
        }
        self.note(r.row, ImportItemKind::Customer, Some(id.into()), label, fields);
        Ok(())
    }

    /// Brings an existing customer in line with its row: the fields changed. A customer matched
    /// by its key (`by_key`) also takes the row's name.
    fn update_customer(
        &mut self,
        id: CustomerId,
        r: &CustomerRow,
        by_key: bool,
        group: Option<CustomerGroupId>,
        special: &BTreeSet<SpecialGroupId>,
    ) -> Step<Vec<&'static str>> {
        let c = self.dir.customer(id)?.clone();
        let mut fields = Vec::new();
        let mut update = CustomerUpdate::default();
        if r.status.is_some_and(|s| s != c.status) {
            update.status = r.status;
            fields.push("status");
        }
        if r.archived == Some(false) && c.archived {
            update.archived = Some(false);
            fields.push("archived");
        }
        if by_key && c.name != r.name {
            update.name = Some(r.name.clone());
            fields.push("name");
        }
        if r.external_id.is_some() && c.external_id != r.external_id {
            update.external_id = Some(r.external_id.clone());
            fields.push("external_id");
        }
        if !fields.is_empty() {
            self.dir.update_customer(id, update)?;
            if fields.contains(&"name") {
                self.remember_customer(id, &r.name);
            }
        }
        if r.group.is_some() && c.group != group {
            match group {
                Some(g) => self.dir.move_customer_to_group(g, id)?,
                None => self.dir.remove_customer_from_group(id)?,
            }
            fields.push("group");
        }
        if r.special_groups.is_some() && c.special_groups != *special {
            for g in special.difference(&c.special_groups) {
                self.dir.add_to_special_group(*g, id)?;
            }
            for g in c.special_groups.difference(special) {
                self.dir.remove_from_special_group(*g, id)?;
            }
            fields.push("special_groups");
        }
        Ok(fields)
    }

    /// The customer of a responsibility row, created when missing and allowed.
    fn responsibility_customer(&mut self, r: &ResponsibilityRow) -> Step<CustomerId> {
        if let Some(id) = self.find_customer(r.number, &r.customer, Col::Customer)? {
            return Ok(id);
        }
        if !self.run.create_missing {
            let which = r.number.map_or_else(|| format!("{:?}", r.customer), |n| format!("number {n}"));
            return fail(P::UnknownReference, Col::Customer, format!("the directory has no customer {which}"));
        }
        let mut new = NewCustomer::new(&r.customer);
        new.number = r.number.map_or(NumberChoice::Unnumbered, NumberChoice::Explicit);
        if let Some(g) = &r.group {
            new.group = Some(self.group_named(r.row, g, Col::Group)?);
        }
        let id = self.dir.create_customer(new)?;
        self.remember_customer(id, &r.customer);
        self.created(r.row, ImportItemKind::Customer, Some(id.into()), customer_label(r.number, &r.customer));
        Ok(id)
    }

    /// The subject of a responsibility row: its customer, or the customer's project.
    fn subject(&mut self, r: &ResponsibilityRow) -> Step<Subject> {
        let customer = self.responsibility_customer(r)?;
        let Some(name) = &r.project else { return Ok(Subject::Customer(customer)) };
        let key = fold(name);
        if let Some(p) = self.dir.projects_of(customer)?.into_iter().find(|p| fold(&p.name) == key) {
            return Ok(Subject::Project(p.id));
        }
        if !self.run.create_missing {
            return fail(P::UnknownReference, Col::Project, format!("{:?} has no project {name:?}", r.customer));
        }
        let id = self.dir.create_project(customer, name)?;
        self.created(r.row, ImportItemKind::Project, Some(id.into()), format!("{} / {name}", r.customer));
        Ok(Subject::Project(id))
    }

    fn responsibility(&mut self, r: &ResponsibilityRow) -> Step<()> {
        let subject = self.subject(r)?;
        let employee = self.employee_named(r.row, &r.employee, r.email.as_deref(), r.sales)?;
        let roles = match &r.roles {
            Some(names) => {
                let scope = RoleScope::of(subject);
                let mut ids = BTreeSet::new();
                for name in names {
                    ids.insert(self.role_named(r.row, name, scope)?);
                }
                Some(ids)
            }
            None => None,
        };
        let label = format!("{} / {}", r.project.as_ref().unwrap_or(&r.customer), r.employee);
        let existing = self.dir.responsibility(subject, employee)?.cloned();
        let (roles, period, fields) = match existing {
            Some(old) => {
                let roles = roles.unwrap_or_else(|| old.roles.clone());
                let period = r.period.unwrap_or(old.period);
                let mut fields = Vec::new();
                if roles != old.roles {
                    fields.push("roles");
                }
                if period != old.period {
                    fields.push("period");
                }
                (roles, period, fields)
            }
            None => (roles.unwrap_or_default(), r.period.unwrap_or_default(), vec!["*"]),
        };
        if !fields.is_empty() {
            let roles: Vec<RoleId> = roles.into_iter().collect();
            self.dir.set_responsibility(subject, employee, &roles, period)?;
        }
        self.note(r.row, ImportItemKind::Responsibility, None, label, fields);
        Ok(())
    }
}

pub(super) fn customer_label(number: Option<u64>, name: &str) -> String {
    match number {
        Some(n) => format!("{n} {name}"),
        None => name.to_owned(),
    }
}

/// A record's row, and the column a problem of the whole row is in (the matrix's cell).
trait HasRow {
    fn row(&self) -> u64;
    fn column(&self) -> Option<String> {
        None
    }
}

macro_rules! has_row {
    ($($t:ty),*) => {$(impl HasRow for $t { fn row(&self) -> u64 { self.row } })*};
}
has_row!(EmployeeRow, GroupRow, SpecialGroupRow, CustomerRow);

impl HasRow for ResponsibilityRow {
    fn row(&self) -> u64 {
        self.row
    }
    fn column(&self) -> Option<String> {
        self.column.clone()
    }
}

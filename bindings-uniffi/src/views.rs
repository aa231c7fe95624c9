//! The read side: the responsibility matrix (sparse), the responsible-persons list, the
//! responsible persons of one customer or project (work orders), and the customer listing by
//! group. Each call returns one page.

use crate::convert::{convert_record, Convert};
use crate::customers::CustomerPage;
use crate::date::{IsoDate, Period};
use crate::directory::{calls, Directory};
use crate::error::Result;
use crate::filter::{customer_page, CustomerFilter, Page};
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId, Subject, TeamId};
use crate::numbers::{Count, CustomerNumber, SmallCount};

/// A role as views show it: its id (to link) and its name.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoleRef {
    /// The role.
    pub id: RoleId,
    /// Its name.
    pub name: String,
}

convert_record!(
    vastuu::RoleRef => RoleRef { id, name }
    vastuu::MatrixRow => MatrixRow { subject, customer, name, customer_number, archived }
    vastuu::MatrixColumn => MatrixColumn { employee, name, team }
    vastuu::MatrixCell => MatrixCell { row, column, period, roles }
    vastuu::Matrix => Matrix { rows, columns, cells, total_rows, total_columns }
    vastuu::GroupCount => GroupCount { group, name, active, prospects }
    vastuu::ResponsiblePerson => ResponsiblePerson { employee, name, email, period = (valid_from, valid_to), roles }
    MatrixQuery => vastuu::MatrixQuery { customers, teams, employees, role, by_role, include_projects, as_of, .. }
    ResponsiblePersonsQuery => vastuu::ResponsiblePersonsQuery { customers, employees, include_projects, as_of, .. }
);

/// What the matrix shows (its pages are arguments of [`Directory::matrix`]).
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct MatrixQuery {
    /// Which customers are rows (default: every customer that is not archived). Archived
    /// projects are shown only when the filter includes archived customers.
    #[uniffi(default)]
    pub customers: CustomerFilter,
    /// Columns: only employees of these teams (empty: any team or none).
    #[uniffi(default)]
    pub teams: Vec<TeamId>,
    /// Columns: only these employees (empty: every active employee). Inactive employees are
    /// never columns.
    #[uniffi(default)]
    pub employees: Vec<EmployeeId>,
    /// Only rows and cells holding this role.
    #[uniffi(default)]
    pub role: Option<RoleId>,
    /// Fill each cell's roles (the "by role" view).
    #[uniffi(default = false)]
    pub by_role: bool,
    /// Follow each customer row with its projects.
    #[uniffi(default = false)]
    pub include_projects: bool,
    /// Only responsibilities valid on this date count; none: validity is ignored.
    #[uniffi(default)]
    pub as_of: Option<IsoDate>,
}

/// A row header: a customer, or a project right after its customer.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MatrixRow {
    /// The customer or project.
    pub subject: Subject,
    /// The customer (the project's customer on a project row).
    pub customer: CustomerId,
    /// The customer's or the project's name.
    pub name: String,
    /// The customer's number.
    pub customer_number: Option<CustomerNumber>,
    /// Whether the customer (on a project row: the project) is archived.
    pub archived: bool,
}

/// A column header: an active employee.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MatrixColumn {
    /// The employee.
    pub employee: EmployeeId,
    /// Their name.
    pub name: String,
    /// Their team.
    pub team: Option<TeamId>,
}

/// A set cell: the column's employee is responsible for the row's subject.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MatrixCell {
    /// Index into [`Matrix::rows`].
    pub row: SmallCount,
    /// Index into [`Matrix::columns`].
    pub column: SmallCount,
    /// The responsibility's validity period.
    pub period: Period,
    /// The roles held, when the query asked `by_role`; empty otherwise.
    pub roles: Vec<RoleRef>,
}

/// One page of the matrix, sparse: the row and column headers of the page and its set cells,
/// ordered by row, then column.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Matrix {
    /// Row headers of the page.
    pub rows: Vec<MatrixRow>,
    /// Column headers of the page.
    pub columns: Vec<MatrixColumn>,
    /// Set cells of the page.
    pub cells: Vec<MatrixCell>,
    /// Rows in the whole matrix.
    pub total_rows: Count,
    /// Columns in the whole matrix.
    pub total_columns: Count,
}

/// What the responsible-persons list shows (its page is an argument of
/// [`Directory::responsible_persons`]).
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ResponsiblePersonsQuery {
    /// Whose responsible persons: the customers the filter keeps (default: every customer that
    /// is not archived). Archived projects are listed only when archived customers are.
    #[uniffi(default)]
    pub customers: CustomerFilter,
    /// Only responsibilities of these employees (empty: everyone's, inactive employees included).
    #[uniffi(default)]
    pub employees: Vec<EmployeeId>,
    /// Also list project participants.
    #[uniffi(default = false)]
    pub include_projects: bool,
    /// Only responsibilities valid on this date; none: all.
    #[uniffi(default)]
    pub as_of: Option<IsoDate>,
}

/// One responsibility as the responsible-persons list shows it.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResponsiblePersonRow {
    /// The customer (the project's customer on a project row).
    pub customer: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's number.
    pub customer_number: Option<CustomerNumber>,
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
    /// Whether they have sales rights.
    pub salesperson: bool,
    /// Whether they are active.
    pub employee_active: bool,
    /// The responsibility's validity period.
    pub period: Period,
    /// Roles held, in Finnish order of their names.
    pub roles: Vec<RoleRef>,
}

convert_record!(vastuu::ResponsiblePersonRow => ResponsiblePersonRow {
    customer,
    customer_name,
    customer_number,
    customer_group,
    customer_group_name,
    project,
    project_name,
    employee,
    employee_name,
    email,
    salesperson,
    employee_active,
    period = (valid_from, valid_to),
    roles,
});

/// One page of the responsible-persons list.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResponsiblePersonsPage {
    /// Rows in the whole list.
    pub total: Count,
    /// Position of the first item of this page.
    pub offset: Count,
    /// The rows of this page.
    pub items: Vec<ResponsiblePersonRow>,
}

/// A responsible person of one customer or project, for work orders.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResponsiblePerson {
    /// The employee.
    pub employee: EmployeeId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: Option<String>,
    /// The responsibility's validity period.
    pub period: Period,
    /// Roles held, in Finnish order of their names.
    pub roles: Vec<RoleRef>,
}

/// A customer group's (or "No group"'s) customers, split into the Active and Prospects tabs.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct GroupListing {
    /// The group; none for "No group".
    pub group: Option<CustomerGroupId>,
    /// The group's name; none for "No group".
    pub group_name: Option<String>,
    /// A page of the active customers, in Finnish/Swedish order.
    pub active: CustomerPage,
    /// A page of the prospects, in Finnish/Swedish order.
    pub prospects: CustomerPage,
}

/// How many customers a group (or "No group") has.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct GroupCount {
    /// The group; none for "No group".
    pub group: Option<CustomerGroupId>,
    /// The group's name; none for "No group".
    pub name: Option<String>,
    /// Active customers.
    pub active: Count,
    /// Prospects.
    pub prospects: Count,
}

#[uniffi::export]
impl Directory {
    /// One page of the responsibility matrix, sparse. Rows are the filtered customers in
    /// Finnish/Swedish order (each optionally followed by its projects), columns the active
    /// employees in the same order; a cell is set when the column's employee holds a
    /// responsibility for the row's subject that counts (valid on `as_of`, holding `role`).
    ///
    /// # Errors
    /// `NotFound` for an unknown team, employee, role or an id in the customer filter;
    /// `InvalidDate`.
    pub fn matrix(&self, query: MatrixQuery, rows: Page, columns: Page) -> Result<Matrix> {
        let query = vastuu::MatrixQuery::from(query).rows(rows.into()).columns(columns.into());
        self.try_read(|d| d.matrix(&query).map(Matrix::from))
    }

    /// One page of the responsible-persons list: one row per responsibility, customers in
    /// Finnish/Swedish order, each followed by its projects' participants when asked.
    ///
    /// # Errors
    /// `NotFound` for an unknown employee or an id in the customer filter; `InvalidDate`.
    pub fn responsible_persons(&self, query: ResponsiblePersonsQuery, page: Page) -> Result<ResponsiblePersonsPage> {
        let query = vastuu::ResponsiblePersonsQuery::from(query).page(page.into());
        self.try_read(|d| {
            let list = d.responsible_persons(&query)?;
            Ok(ResponsiblePersonsPage { total: Count(list.total), offset: page.offset, items: list.rows.convert() })
        })
    }

    /// A customer group's customers, or with `group` none those in no group, split into the
    /// Active and Prospects tabs, each in Finnish/Swedish order, one page of each.
    ///
    /// # Errors
    /// `NotFound` for an unknown group.
    pub fn customer_listing(
        &self,
        group: Option<CustomerGroupId>,
        include_archived: bool,
        active: Page,
        prospects: Page,
    ) -> Result<GroupListing> {
        let query = vastuu::ListingQuery { include_archived, active: active.into(), prospects: prospects.into() };
        self.try_read(|d| {
            let listing = d.customer_listing(group.map(Into::into), &query)?;
            Ok(GroupListing {
                group: listing.group.map(Into::into),
                group_name: listing.group_name,
                active: customer_page(d, listing.active, active.offset),
                prospects: customer_page(d, listing.prospects, prospects.offset),
            })
        })
    }
}

calls! {
    /// The number of active customers and prospects of every customer group, in
    /// Finnish/Swedish order of the group names, followed by "No group" (always present, with
    /// `group` none). Archived customers count only with `include_archived`.
    read group_counts(include_archived: bool) -> Vec<GroupCount>, throws "`DirectoryClosed`.";
    /// The responsible persons of a customer or project for work orders: active employees
    /// holding a responsibility for it, valid on `on` (none: validity ignored), holding `role`
    /// when one is given; in Finnish/Swedish order of their names.
    #[uniffi::method(default(role = None, on = None))]
    try_read responsible_persons_of(
        subject: Subject,
        role: Option<RoleId>,
        on: Option<IsoDate>
    ) -> Vec<ResponsiblePerson>,
        throws "`NotFound` for an unknown subject or role; `RoleScopeMismatch` for a role of the other"
        "scope; `InvalidDate`.";
}

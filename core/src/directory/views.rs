//! The `Directory` calls that read views: the filter, the matrix, the responsible-persons list,
//! the listing by group, visibility, coverage checks and exports; the views are in `view::*`
//! and `export`.

use super::Directory;
use crate::error::Result;
use crate::export::{self, Export, ExportOptions, ExportSummary};
use crate::model::{CustomerGroupId, CustomerId, EmployeeId, RoleId, Subject};
use crate::view::coverage::{EndingResponsibility, InactiveHolder, SalespersonWithoutRights, SeriesNearExhaustion};
use crate::view::filter::CustomerFilter;
use crate::view::list::{ResponsiblePerson, ResponsiblePersonsPage, ResponsiblePersonsQuery};
use crate::view::listing::{CustomerPage, GroupCount, GroupListing, ListingQuery};
use crate::view::matrix::{Matrix, MatrixQuery};
use crate::view::visibility::Visibility;
use crate::view::{self, Page};
use jiff::civil::Date;
use std::path::Path;

impl Directory {
    /// The customers the filter keeps, in Finnish/Swedish order of their names (then by id).
    /// Validity periods are ignored for the `responsible` criterion; see
    /// [`Directory::filter_customers_on`].
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an id in the filter that names nothing.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{CustomerFilter, Directory, NewCustomer, NewSpecialGroup, SpecialGroupMatch};
    /// let mut dir = Directory::new();
    /// let a = dir.create_customer(NewCustomer::new("Apu"))?;
    /// let b = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// let vip = dir.create_special_group(NewSpecialGroup::new("VIP").customers([a, b]))?;
    /// let north = dir.create_special_group(NewSpecialGroup::new("Pohjoinen").customers([b]))?;
    /// let any = CustomerFilter::new().special_group(vip).special_group(north);
    /// assert_eq!(dir.filter_customers(&any)?, [a, b]);
    /// let all = any.special_groups_match(SpecialGroupMatch::AllOf);
    /// assert_eq!(dir.filter_customers(&all)?, [b]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn filter_customers(&self, filter: &CustomerFilter) -> Result<Vec<CustomerId>> {
        view::filter::filter_customers(&self.state, filter, None)
    }

    /// As [`Directory::filter_customers`], with the `responsible` criterion counting only
    /// responsibilities valid on `as_of` (`None`: validity ignored), as the views do.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an id in the filter that names nothing.
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{CustomerFilter, Directory, NewCustomer, NewEmployee, Period};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// dir.set_period(c.into(), matti, Period::new(None, Some(date(2026, 6, 30)))?)?;
    /// let mine = CustomerFilter::new().responsible(matti);
    /// assert_eq!(dir.filter_customers_on(&mine, Some(date(2026, 6, 30)))?, [c]);
    /// assert!(dir.filter_customers_on(&mine, Some(date(2026, 7, 1)))?.is_empty());
    /// assert_eq!(dir.filter_customers_on(&mine, None)?, [c]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn filter_customers_on(&self, filter: &CustomerFilter, as_of: Option<Date>) -> Result<Vec<CustomerId>> {
        view::filter::filter_customers(&self.state, filter, as_of)
    }

    /// A page of the filtered customers with their names, numbers and groups (for customer
    /// lists and exports), in the order of [`Directory::filter_customers`].
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an id in the filter that names nothing.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{CustomerFilter, Directory, NewCustomer, Page};
    /// let mut dir = Directory::new();
    /// dir.create_customer(NewCustomer::new("Öljy"))?;
    /// dir.create_customer(NewCustomer::new("Apu"))?;
    /// dir.create_customer(NewCustomer::new("Zeta"))?;
    /// let page = dir.filter_customers_page(&CustomerFilter::new(), Page::new(1, 2))?;
    /// assert_eq!(page.total, 3);
    /// let names: Vec<&str> = page.customers.iter().map(|c| c.name.as_str()).collect();
    /// assert_eq!(names, ["Zeta", "Öljy"]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn filter_customers_page(&self, filter: &CustomerFilter, page: Page) -> Result<CustomerPage> {
        view::filter::filter_customers_page(&self.state, filter, page)
    }

    /// The responsibility matrix, one page of rows and columns at a time, sparse.
    ///
    /// Rows are the filtered customers in Finnish/Swedish order (then by id), each optionally
    /// followed by its projects (same order); columns are active employees in the same order. A
    /// cell is set when the column's employee holds a responsibility for the row's subject that
    /// counts (valid on `as_of`, holding `role` when one is given).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown team, employee, role or an id in
    /// the customer filter.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MatrixQuery, NewCustomer, NewEmployee, Page};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let aino = dir.create_employee(NewEmployee::new("Aino"))?;
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let apu = dir.create_customer(NewCustomer::new("Apu"))?;
    /// dir.toggle(esim.into(), matti)?;
    /// let m = dir.matrix(&MatrixQuery::new())?;
    /// assert_eq!((m.total_rows, m.total_columns), (2, 2));
    /// assert_eq!(m.rows[0].customer, apu); // Apu before Esimerkki
    /// assert_eq!(m.columns[0].employee, aino); // Aino before Matti
    /// assert_eq!((m.cells[0].row, m.cells[0].column), (1, 1));
    /// // The second row alone:
    /// let m = dir.matrix(&MatrixQuery::new().rows(Page::new(1, 1)))?;
    /// assert_eq!(m.rows.len(), 1);
    /// assert_eq!(m.cells[0].row, 0);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn matrix(&self, q: &MatrixQuery) -> Result<Matrix> {
        view::matrix::matrix(&self.state, q)
    }

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
        view::list::responsible_persons(&self.state, q)
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
        view::list::responsible_persons_of(&self.state, subject, role, on)
    }

    /// A customer group's customers, or with `group: None` those in no group, split into the
    /// Active and Prospects tabs, each sorted in Finnish/Swedish order and paginated.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown group.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{CustomerStatus, Directory, ListingQuery, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// dir.create_customer(NewCustomer::new("Öljy").group(g))?;
    /// dir.create_customer(NewCustomer::new("Apu").group(g))?;
    /// dir.create_customer(NewCustomer::new("Zeta").group(g).status(CustomerStatus::Prospect))?;
    /// dir.create_customer(NewCustomer::new("Ilman ryhmää"))?;
    /// let listing = dir.customer_listing(Some(g), &ListingQuery::default())?;
    /// let names: Vec<&str> = listing.active.customers.iter().map(|c| c.name.as_str()).collect();
    /// assert_eq!(names, ["Apu", "Öljy"]);
    /// assert_eq!(listing.prospects.total, 1);
    /// assert_eq!(dir.customer_listing(None, &ListingQuery::default())?.active.total, 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customer_listing(&self, group: Option<CustomerGroupId>, query: &ListingQuery) -> Result<GroupListing> {
        view::listing::customer_listing(&self.state, group, query)
    }

    /// The number of active customers and prospects of every customer group, in Finnish/Swedish
    /// order of the group names, followed by "No group" (always present, `group: None`).
    /// Archived customers count only with `include_archived`.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{CustomerStatus, Directory, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// dir.create_customer(NewCustomer::new("Apu").group(g))?;
    /// dir.create_customer(NewCustomer::new("Zeta").group(g).status(CustomerStatus::Prospect))?;
    /// let archived = dir.create_customer(NewCustomer::new("Vanha"))?;
    /// dir.archive_customer(archived)?;
    /// let counts = dir.group_counts(false);
    /// assert_eq!((counts[0].group, counts[0].active, counts[0].prospects), (Some(g), 1, 1));
    /// assert_eq!((counts[1].group, counts[1].active), (None, 0)); // "No group"
    /// assert_eq!(dir.group_counts(true)[1].active, 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn group_counts(&self, include_archived: bool) -> Vec<GroupCount> {
        view::listing::group_counts(&self.state, include_archived)
    }

    /// Whether the employee sees the customer on `date`, with every reason that holds.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown employee or customer.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup, NewEmployee, Period, VisibilityReason};
    /// use jiff::civil::date;
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let myyja = dir.create_employee(NewEmployee::new("Maija").sales_rights(true))?;
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([myyja]))?;
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki").group(g))?;
    /// let day = date(2026, 3, 1);
    /// assert!(!dir.can_view(matti, esim, day)?.visible);
    /// dir.toggle(esim.into(), matti)?;
    /// dir.set_period(esim.into(), matti, Period::new(None, Some(date(2026, 3, 1)))?)?;
    /// assert_eq!(dir.can_view(matti, esim, day)?.reasons(), [VisibilityReason::Responsible]);
    /// assert!(!dir.can_view(matti, esim, date(2026, 3, 2))?.visible);
    /// assert_eq!(dir.can_view(myyja, esim, day)?.reasons(), [VisibilityReason::Salesperson(g)]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    #[inline]
    pub fn can_view(&self, employee: EmployeeId, customer: CustomerId, date: Date) -> Result<Visibility> {
        view::visibility::can_view(&self.state, employee, customer, date)
    }

    /// Every customer the employee sees on `date` (exactly those [`Directory::can_view`]
    /// allows), archived ones included, in Finnish/Swedish order of their names, then by id.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown employee.
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{Directory, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let a = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// let b = dir.create_customer(NewCustomer::new("Apu"))?;
    /// dir.create_customer(NewCustomer::new("Muu"))?;
    /// dir.toggle(a.into(), matti)?;
    /// dir.toggle(b.into(), matti)?;
    /// assert_eq!(dir.visible_customers(matti, date(2026, 3, 1))?, [b, a]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn visible_customers(&self, employee: EmployeeId, date: Date) -> Result<Vec<CustomerId>> {
        view::visibility::visible_customers(&self.state, employee, date)
    }

    /// Every employee who sees the customer on `date` (exactly those [`Directory::can_view`]
    /// allows), in Finnish/Swedish order of their names, then by id.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown customer.
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let maija = dir.create_employee(NewEmployee::new("Maija").sales_rights(true))?;
    /// dir.create_employee(NewEmployee::new("Muu"))?;
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([maija]))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki").group(g))?;
    /// dir.toggle(c.into(), matti)?;
    /// assert_eq!(dir.who_can_view(c, date(2026, 3, 1))?, [maija, matti]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn who_can_view(&self, customer: CustomerId, date: Date) -> Result<Vec<EmployeeId>> {
        view::visibility::who_can_view(&self.state, customer, date)
    }

    /// Customers with no responsible person on `date`: no active employee holds a responsibility
    /// for the customer itself that is valid on that day (project responsibilities do not count).
    /// With `only_active`, only non-archived customers with status Active are checked. By id.
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{Directory, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let a = dir.create_customer(NewCustomer::new("Apu"))?;
    /// let b = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// dir.toggle(a.into(), matti)?;
    /// assert_eq!(dir.customers_without_responsible(date(2026, 3, 1), true), [b]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn customers_without_responsible(&self, date: Date, only_active: bool) -> Vec<CustomerId> {
        view::coverage::customers_without_responsible(&self.state, date, only_active)
    }

    /// Responsibilities held by inactive employees, by employee, then subject.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// assert!(dir.responsibilities_of_inactive_employees().is_empty());
    /// dir.archive_employee(matti)?;
    /// let left = dir.responsibilities_of_inactive_employees();
    /// assert_eq!((left[0].customer, left[0].employee), (c, matti));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn responsibilities_of_inactive_employees(&self) -> Vec<InactiveHolder> {
        view::coverage::responsibilities_of_inactive_employees(&self.state)
    }

    /// Salespeople of customer groups who have no sales rights, by group, then employee.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, EmployeeUpdate, NewCustomerGroup, NewEmployee};
    /// let mut dir = Directory::new();
    /// let maija = dir.create_employee(NewEmployee::new("Maija").sales_rights(true))?;
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([maija]))?;
    /// assert!(dir.salespeople_without_sales_rights().is_empty());
    /// dir.update_employee(maija, EmployeeUpdate { sales_rights: Some(false), ..Default::default() })?;
    /// let found = dir.salespeople_without_sales_rights();
    /// assert_eq!((found[0].group, found[0].employee), (g, maija));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn salespeople_without_sales_rights(&self) -> Vec<SalespersonWithoutRights> {
        view::coverage::salespeople_without_sales_rights(&self.state)
    }

    /// Responsibilities whose last valid day falls within `days` days from `from` (both ends
    /// inclusive: `days = 0` means ending on `from`), ordered by end date, subject, employee.
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{Directory, NewCustomer, NewEmployee, Period};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// dir.set_period(c.into(), matti, Period::new(None, Some(date(2026, 3, 31)))?)?;
    /// let ending = dir.responsibilities_ending_within(date(2026, 3, 1), 30);
    /// assert_eq!((ending[0].employee, ending[0].ends), (matti, date(2026, 3, 31)));
    /// assert!(dir.responsibilities_ending_within(date(2026, 3, 1), 29).is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn responsibilities_ending_within(&self, from: Date, days: u32) -> Vec<EndingResponsibility> {
        view::coverage::responsibilities_ending_within(&self.state, from, days)
    }

    /// Numbering series with less than `percent_left` percent of their capacity left.
    ///
    /// # Errors
    /// [`Error::InvalidPercent`](crate::Error::InvalidPercent) when `percent_left` is above 100.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer, NewCustomerGroup, SeriesId};
    /// let mut dir = Directory::new();
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000).numbering_end(1009))?;
    /// for i in 0..9 {
    ///     dir.create_customer(NewCustomer::new(format!("Asiakas {i}")).group(g))?;
    /// }
    /// let near = dir.series_near_exhaustion(20)?;
    /// assert_eq!(near.len(), 1);
    /// assert_eq!((near[0].series, near[0].capacity, near[0].capacity_left), (SeriesId::Group(g), 10, 1));
    /// assert!(matches!(dir.series_near_exhaustion(101), Err(Error::InvalidPercent { .. })));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn series_near_exhaustion(&self, percent_left: u32) -> Result<Vec<SeriesNearExhaustion>> {
        view::coverage::series_near_exhaustion(&self.state, percent_left)
    }

    /// Writes an export to a file at `path`; returns the rows written and how many over-long
    /// cells were cut ([`ExportSummary`]).
    ///
    /// The file is written beside `path` under a temporary name, flushed to disk and renamed
    /// over `path`: an existing file is replaced only when the export succeeds, and is left as
    /// it was when the export fails or is cancelled (the temporary file is removed). A `path`
    /// that is a symbolic link is refused unless [`ExportOptions::follow_symlinks`] is set.
    /// Text cells longer than Excel's 32,767 characters are cut, ending in
    /// [`CUT_MARKER`](crate::export::CUT_MARKER), and counted in
    /// [`ExportSummary::cells_cut`]; they never fail the export.
    ///
    /// # Errors
    /// The errors of the view the export mirrors (e.g. [`Error::NotFound`](crate::Error::NotFound));
    /// [`Error::ExportSymlink`](crate::Error::ExportSymlink) for a symbolic link;
    /// [`Error::Export`](crate::Error::Export) when the file cannot be written;
    /// [`Error::ExportCancelled`](crate::Error::ExportCancelled).
    ///
    /// # Examples
    /// ```
    /// use vastuu::export::{Export, ExportOptions, Language};
    /// use vastuu::{Directory, NewCustomer, NewEmployee, ResponsiblePersonsQuery};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// let path = std::env::temp_dir().join(format!("vastuu-doc-{}.xlsx", std::process::id()));
    /// let written = dir.export_to_path(
    ///     &Export::ResponsiblePersons(ResponsiblePersonsQuery::new()),
    ///     &path,
    ///     ExportOptions::language(Language::English),
    /// )?;
    /// assert_eq!((written.rows, written.cells_cut), (1, 0));
    /// # std::fs::remove_file(path).ok();
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn export_to_path(
        &self,
        export: &Export,
        path: impl AsRef<Path>,
        options: ExportOptions<'_>,
    ) -> Result<ExportSummary> {
        export::to_path(&self.state, export, path.as_ref(), options)
    }

    /// Writes an export to `writer` (a file, a socket, a buffer: the .xlsx file is written in
    /// one pass at the end); returns what [`Directory::export_to_path`] returns. Nothing is
    /// written to `writer` when the export fails before its end (e.g. is cancelled).
    ///
    /// # Errors
    /// As [`Directory::export_to_path`], with [`Error::Export`](crate::Error::Export) when
    /// `writer` fails.
    ///
    /// # Examples
    /// ```
    /// use vastuu::export::{Export, ExportOptions};
    /// use vastuu::{CustomerFilter, Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let mut file = Vec::new();
    /// let summary = dir.export_to_writer(&Export::Customers(CustomerFilter::new()), &mut file, ExportOptions::default())?;
    /// assert_eq!(summary.rows, 1);
    /// assert!(file.starts_with(b"PK")); // an .xlsx file is a zip archive
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn export_to_writer(
        &self,
        export: &Export,
        writer: impl std::io::Write + Send,
        options: ExportOptions<'_>,
    ) -> Result<ExportSummary> {
        export::to_writer(&self.state, export, writer, options)
    }

    /// Writes an export and returns the file's bytes. To learn how many over-long cells were
    /// cut as well, write to a `Vec` with [`Directory::export_to_writer`].
    ///
    /// # Errors
    /// As [`Directory::export_to_path`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::export::{Export, ExportOptions};
    /// use vastuu::{CustomerFilter, Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let export = Export::Customers(CustomerFilter::new());
    /// let mut bytes = Vec::new();
    /// let summary = dir.export_to_writer(&export, &mut bytes, ExportOptions::default())?;
    /// assert_eq!((summary.rows, summary.cells_cut), (1, 0));
    /// assert_eq!(bytes.len(), dir.export_to_bytes(&export, ExportOptions::default())?.len());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn export_to_bytes(&self, export: &Export, options: ExportOptions<'_>) -> Result<Vec<u8>> {
        export::to_bytes(&self.state, export, options)
    }
}

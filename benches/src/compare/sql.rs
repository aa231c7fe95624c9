//! The SQLite peer: an in-memory database holding the same data, with indexes mirroring the
//! core's (customers and employees in Finnish order by the same sort keys, customers by group,
//! responsibilities by subject and by employee), and the queries an application would run for
//! a matrix page, a page of the responsible-persons list and a toggle.
//!
//! The Finnish order is the core's collation key ([`SortKey::as_bytes`]) stored in a BLOB
//! column: SQLite compares BLOBs byte by byte, which is the order the keys define, and
//! `instr(key, part)` on BLOBs is the core's text match ([`SortKey::contains`]).

use super::HarnessError;
use jiff::civil::Date;
use rusqlite::{params, Connection, OptionalExtension};
use vastuu::{
    CustomerFilter, CustomerId, Directory, EmployeeId, Matrix, MatrixQuery, Page, ProjectId, ResponsiblePersonsPage,
    ResponsiblePersonsQuery, SortKey, Subject, TeamId, Toggled,
};
use vastuu_tests::op::{run, Op, Value};

const SCHEMA: &str = "
PRAGMA foreign_keys = ON;
CREATE TABLE customer_group (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE customer (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, sort_key BLOB NOT NULL, number INTEGER,
    group_id INTEGER REFERENCES customer_group(id), status INTEGER NOT NULL, archived INTEGER NOT NULL);
CREATE TABLE employee (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, sort_key BLOB NOT NULL, email TEXT, team_id INTEGER,
    sales_rights INTEGER NOT NULL, active INTEGER NOT NULL, sees_all INTEGER NOT NULL);
CREATE TABLE project (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer(id), name TEXT NOT NULL,
    sort_key BLOB NOT NULL, archived INTEGER NOT NULL);
CREATE TABLE role (id INTEGER PRIMARY KEY, name TEXT NOT NULL, sort_key BLOB NOT NULL, scope INTEGER NOT NULL);
-- project_id 0: the customer's own responsibility.
CREATE TABLE responsibility (
    customer_id INTEGER NOT NULL REFERENCES customer(id), project_id INTEGER NOT NULL,
    employee_id INTEGER NOT NULL REFERENCES employee(id), valid_from TEXT, valid_to TEXT,
    PRIMARY KEY (customer_id, project_id, employee_id)) WITHOUT ROWID;
CREATE TABLE responsibility_role (
    customer_id INTEGER NOT NULL, project_id INTEGER NOT NULL, employee_id INTEGER NOT NULL,
    role_id INTEGER NOT NULL REFERENCES role(id),
    PRIMARY KEY (customer_id, project_id, employee_id, role_id),
    FOREIGN KEY (customer_id, project_id, employee_id)
        REFERENCES responsibility (customer_id, project_id, employee_id) ON DELETE CASCADE) WITHOUT ROWID;
";

const INDEXES: &str = "
CREATE INDEX customer_order ON customer (sort_key, id);
CREATE INDEX customer_listing ON customer (group_id, status, archived, sort_key, id);
CREATE INDEX customer_group_order ON customer (group_id, archived, sort_key, id);
CREATE INDEX employee_order ON employee (sort_key, id);
CREATE INDEX project_of ON project (customer_id, sort_key, id);
CREATE INDEX responsibility_by_employee ON responsibility (employee_id, customer_id);
CREATE INDEX role_of ON responsibility_role (role_id);
ANALYZE;
";

/// The filter of the matrix page: one customer group and a text (not all digits: the text
/// then matches names only, which the peer's query implements).
const MATRIX_ROWS_WHERE: &str = "group_id = ?1 AND archived = 0 AND instr(sort_key, ?2) > 0";

fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn parse_date(s: Option<String>) -> Result<Option<Date>, HarnessError> {
    s.map(|s| s.parse::<Date>().map_err(|e| HarnessError::Failed(format!("date {s:?} from SQLite: {e}")))).transpose()
}

/// A subject as the peers' key: (customer, project), project 0 for the customer's own.
///
/// # Errors
/// When the project does not exist.
pub fn subject_key(dir: &Directory, subject: Subject) -> Result<(u32, u32), HarnessError> {
    Ok(match subject {
        Subject::Customer(c) => (c.get(), 0),
        Subject::Project(p) => (dir.project(p)?.customer.get(), p.get()),
    })
}

/// The in-memory SQLite database of the peer.
#[derive(Debug)]
pub struct SqlPeer {
    conn: Connection,
    sql: Queries,
}

/// The peer's queries, by what they are for.
#[derive(Debug)]
struct Queries {
    matrix_rows: String,
    matrix_count: String,
    columns: String,
    columns_count: String,
    cells: String,
    list: String,
    list_count: String,
    toggle_delete: String,
    toggle_insert: String,
    exists: String,
}

impl Queries {
    fn new() -> Queries {
        Queries {
            matrix_rows: format!(
                "SELECT id, name, number, archived FROM customer WHERE {MATRIX_ROWS_WHERE}
                 ORDER BY sort_key, id LIMIT ?3 OFFSET ?4"
            ),
            matrix_count: format!("SELECT count(*) FROM customer WHERE {MATRIX_ROWS_WHERE}"),
            columns: "SELECT id, name, team_id FROM employee WHERE active = 1 ORDER BY sort_key, id LIMIT ?1 OFFSET ?2"
                .into(),
            columns_count: "SELECT count(*) FROM employee WHERE active = 1".into(),
            cells: "SELECT r.customer_id, r.employee_id, r.valid_from, r.valid_to FROM responsibility r
                    WHERE r.project_id = 0 AND r.customer_id IN rarray(?1) AND r.employee_id IN rarray(?2)"
                .into(),
            list: LIST_QUERY.into(),
            list_count:
                "SELECT count(*) FROM customer c JOIN responsibility r ON r.customer_id = c.id AND r.project_id = 0
                         WHERE c.archived = 0"
                    .into(),
            toggle_delete: "DELETE FROM responsibility WHERE customer_id = ?1 AND project_id = ?2 AND employee_id = ?3"
                .into(),
            toggle_insert: "INSERT INTO responsibility (customer_id, project_id, employee_id) VALUES (?1, ?2, ?3)"
                .into(),
            exists: "SELECT 1 FROM responsibility WHERE customer_id = ?1 AND project_id = ?2 AND employee_id = ?3"
                .into(),
        }
    }

    /// Each query the timed calls run, by name.
    fn timed(&self) -> [(&'static str, &str); 9] {
        [
            ("matrix page: rows", &self.matrix_rows),
            ("matrix page: row count", &self.matrix_count),
            ("matrix page: columns", &self.columns),
            ("matrix page: column count", &self.columns_count),
            ("matrix page: cells", &self.cells),
            ("list page", &self.list),
            ("list page: total", &self.list_count),
            ("toggle: delete", &self.toggle_delete),
            ("toggle: insert", &self.toggle_insert),
        ]
    }
}

/// How SQLite runs one of the peer's queries (`EXPLAIN QUERY PLAN`), for the report.
#[derive(Clone, Debug, serde::Serialize)]
pub struct QueryPlan {
    /// What the query is for.
    pub name: String,
    /// The query.
    pub sql: String,
    /// The plan's lines.
    pub plan: Vec<String>,
}

/// The list page's query: a customer's own responsibilities with the customer, group, person and
/// roles (in Finnish order of the role names).
const LIST_QUERY: &str =
    "SELECT c.id, c.name, c.number, c.group_id, g.name, e.id, e.name, e.email, e.sales_rights, e.active,
        r.valid_from, r.valid_to,
        (SELECT group_concat(rr.role_id, ',' ORDER BY ro.sort_key, ro.id)
           FROM responsibility_role rr JOIN role ro ON ro.id = rr.role_id
          WHERE rr.customer_id = r.customer_id AND rr.project_id = r.project_id
            AND rr.employee_id = r.employee_id)
   FROM customer c
   JOIN responsibility r ON r.customer_id = c.id AND r.project_id = 0
   JOIN employee e ON e.id = r.employee_id
   LEFT JOIN customer_group g ON g.id = c.group_id
  WHERE c.archived = 0
  ORDER BY c.sort_key, c.id, e.sort_key, e.id
  LIMIT ?1 OFFSET ?2";

impl SqlPeer {
    /// Creates the tables, loads the directory's data and builds the indexes.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn load(dir: &Directory) -> Result<SqlPeer, HarnessError> {
        let mut conn = Connection::open_in_memory()?;
        rusqlite::vtab::array::load_module(&conn)?;
        conn.execute_batch(SCHEMA)?;
        let tx = conn.transaction()?;
        {
            let mut put = tx.prepare("INSERT INTO customer_group (id, name) VALUES (?1, ?2)")?;
            for g in dir.customer_groups() {
                put.execute(params![g.id.get(), g.name])?;
            }
            let mut put = tx.prepare("INSERT INTO role (id, name, sort_key, scope) VALUES (?1, ?2, ?3, ?4)")?;
            for r in dir.roles() {
                let scope = matches!(r.scope, vastuu::RoleScope::Project) as i64;
                put.execute(params![r.id.get(), r.name, SortKey::new(&r.name).as_bytes(), scope])?;
            }
            let mut put = tx.prepare(
                "INSERT INTO customer (id, name, sort_key, number, group_id, status, archived)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for c in dir.customers() {
                let prospect = matches!(c.status, vastuu::CustomerStatus::Prospect) as i64;
                put.execute(params![
                    c.id.get(),
                    c.name,
                    SortKey::new(&c.name).as_bytes(),
                    c.number.map(|n| n as i64),
                    c.group.map(|g| g.get()),
                    prospect,
                    c.archived
                ])?;
            }
            let mut put = tx.prepare(
                "INSERT INTO employee (id, name, sort_key, email, team_id, sales_rights, active, sees_all)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for e in dir.employees() {
                put.execute(params![
                    e.id.get(),
                    e.name,
                    SortKey::new(&e.name).as_bytes(),
                    e.email,
                    e.team.map(|t| t.get()),
                    e.sales_rights,
                    e.active,
                    e.sees_all
                ])?;
            }
            let mut put = tx.prepare(
                "INSERT INTO project (id, customer_id, name, sort_key, archived) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for p in dir.projects() {
                put.execute(params![
                    p.id.get(),
                    p.customer.get(),
                    p.name,
                    SortKey::new(&p.name).as_bytes(),
                    p.archived
                ])?;
            }
            let mut put = tx.prepare(
                "INSERT INTO responsibility (customer_id, project_id, employee_id, valid_from, valid_to)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut put_role = tx.prepare(
                "INSERT INTO responsibility_role (customer_id, project_id, employee_id, role_id) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for r in dir.responsibilities() {
                let (c, p) = subject_key(dir, r.subject)?;
                put.execute(params![c, p, r.employee.get(), date_text(r.period.from), date_text(r.period.to)])?;
                for role in &r.roles {
                    put_role.execute(params![c, p, r.employee.get(), role.get()])?;
                }
            }
        }
        tx.commit()?;
        conn.execute_batch(INDEXES)?;
        Ok(SqlPeer { conn, sql: Queries::new() })
    }

    /// Toggles a responsibility: deletes it (its roles go with it) or, when there was none,
    /// inserts one without roles or period. Returns whether it now exists.
    ///
    /// # Errors
    /// SQLite errors (a foreign key naming a missing customer or employee among them).
    pub fn toggle(&self, customer: u32, project: u32, employee: u32) -> Result<bool, HarnessError> {
        let mut delete = self.conn.prepare_cached(&self.sql.toggle_delete)?;
        if delete.execute(params![customer, project, employee])? > 0 {
            return Ok(false);
        }
        let mut insert = self.conn.prepare_cached(&self.sql.toggle_insert)?;
        insert.execute(params![customer, project, employee])?;
        Ok(true)
    }

    /// Whether a responsibility exists.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn exists(&self, customer: u32, project: u32, employee: u32) -> Result<bool, HarnessError> {
        let mut q = self.conn.prepare_cached(&self.sql.exists)?;
        Ok(q.query_row(params![customer, project, employee], |_| Ok(())).optional()?.is_some())
    }

    /// How many responsibilities there are.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn count(&self) -> Result<u64, HarnessError> {
        Ok(self.conn.query_row("SELECT count(*) FROM responsibility", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// A matrix page: customers of `group` (not archived) whose name contains `text`, in Finnish
    /// order, against active employees in Finnish order; cells for the page's rows and columns.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn matrix_page(&self, group: u32, text: &str, rows: Page, columns: Page) -> Result<SqlMatrix, HarnessError> {
        let key = SortKey::new(text);
        let key = key.as_bytes();
        let lim = |p: Page| (i64::try_from(p.limit).unwrap_or(i64::MAX), i64::try_from(p.offset).unwrap_or(i64::MAX));
        let (row_limit, row_offset) = lim(rows);
        let (col_limit, col_offset) = lim(columns);
        let mut out = SqlMatrix::default();
        let mut q = self.conn.prepare_cached(&self.sql.matrix_rows)?;
        let mut found = q.query(params![group, key, row_limit, row_offset])?;
        while let Some(r) = found.next()? {
            out.rows.push((r.get(0)?, r.get(1)?, r.get::<_, Option<i64>>(2)?.map(|n| n as u64), r.get(3)?));
        }
        let mut q = self.conn.prepare_cached(&self.sql.matrix_count)?;
        out.total_rows = q.query_row(params![group, key], |r| r.get::<_, i64>(0))? as u64;
        let mut q = self.conn.prepare_cached(&self.sql.columns)?;
        let mut found = q.query(params![col_limit, col_offset])?;
        while let Some(r) = found.next()? {
            out.columns.push((r.get(0)?, r.get(1)?, r.get(2)?));
        }
        let mut q = self.conn.prepare_cached(&self.sql.columns_count)?;
        out.total_columns = q.query_row([], |r| r.get::<_, i64>(0))? as u64;
        // The cells of the rows and columns found above, by their ids (not by running the
        // filters again).
        let ids = |v: Vec<i64>| std::rc::Rc::new(v.into_iter().map(rusqlite::types::Value::from).collect::<Vec<_>>());
        let row_ids = ids(out.rows.iter().map(|r| i64::from(r.0)).collect());
        let column_ids = ids(out.columns.iter().map(|c| i64::from(c.0)).collect());
        let mut q = self.conn.prepare_cached(&self.sql.cells)?;
        let mut found = q.query(params![row_ids, column_ids])?;
        while let Some(r) = found.next()? {
            out.cells.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
        }
        Ok(out)
    }

    /// A page of the responsible-persons list: every customer's own responsibilities (customers
    /// not archived), by customer name, then person name, with the customer's group and the
    /// person's roles (in Finnish order of the role names); and the total.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn list_page(&self, page: Page) -> Result<SqlList, HarnessError> {
        let limit = i64::try_from(page.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(page.offset).unwrap_or(i64::MAX);
        let mut q = self.conn.prepare_cached(&self.sql.list)?;
        let mut out = SqlList::default();
        let mut found = q.query(params![limit, offset])?;
        while let Some(r) = found.next()? {
            let roles: Option<String> = r.get(12)?;
            out.rows.push(SqlListRow {
                customer: r.get(0)?,
                customer_name: r.get(1)?,
                customer_number: r.get::<_, Option<i64>>(2)?.map(|n| n as u64),
                group: r.get(3)?,
                group_name: r.get(4)?,
                employee: r.get(5)?,
                employee_name: r.get(6)?,
                email: r.get(7)?,
                salesperson: r.get(8)?,
                employee_active: r.get(9)?,
                valid_from: parse_date(r.get(10)?)?,
                valid_to: parse_date(r.get(11)?)?,
                roles: roles.map(|s| s.split(',').filter_map(|id| id.parse().ok()).collect()).unwrap_or_default(),
            });
        }
        let mut q = self.conn.prepare_cached(&self.sql.list_count)?;
        out.total = q.query_row([], |r| r.get::<_, i64>(0))? as u64;
        Ok(out)
    }

    /// How SQLite runs each query the timed calls run (for the report).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn plans(&self) -> Result<Vec<QueryPlan>, HarnessError> {
        let mut out = Vec::new();
        for (name, sql) in self.sql.timed() {
            let mut q = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            // The plan is made without the values (they are NULL here).
            let nulls = rusqlite::params_from_iter(std::iter::repeat_n(rusqlite::types::Null, q.parameter_count()));
            let mut rows = q.query(nulls)?;
            let mut plan = Vec::new();
            while let Some(r) = rows.next()? {
                plan.push(r.get::<_, String>(3)?);
            }
            out.push(QueryPlan {
                name: name.to_owned(),
                sql: sql.split_whitespace().collect::<Vec<_>>().join(" "),
                plan,
            });
        }
        Ok(out)
    }
}

/// A matrix page as the peer returns it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SqlMatrix {
    /// Rows: customer id, name, number, archived.
    pub rows: Vec<(u32, String, Option<u64>, bool)>,
    /// Columns: employee id, name, team.
    pub columns: Vec<(u32, String, Option<u32>)>,
    /// Cells: customer id, employee id, valid from, valid to (as stored).
    pub cells: Vec<(u32, u32, Option<String>, Option<String>)>,
    /// Rows in the whole matrix.
    pub total_rows: u64,
    /// Columns in the whole matrix.
    pub total_columns: u64,
}

/// A row of the peer's list page.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlListRow {
    /// Customer id.
    pub customer: u32,
    /// Customer name.
    pub customer_name: String,
    /// Customer number.
    pub customer_number: Option<u64>,
    /// Customer group id.
    pub group: Option<u32>,
    /// Its name.
    pub group_name: Option<String>,
    /// Employee id.
    pub employee: u32,
    /// Employee name.
    pub employee_name: String,
    /// Email.
    pub email: Option<String>,
    /// Sales rights.
    pub salesperson: bool,
    /// Active.
    pub employee_active: bool,
    /// Valid from.
    pub valid_from: Option<Date>,
    /// Valid to.
    pub valid_to: Option<Date>,
    /// Role ids in Finnish order of the names.
    pub roles: Vec<u32>,
}

/// A page of the peer's list.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SqlList {
    /// The rows.
    pub rows: Vec<SqlListRow>,
    /// Rows in the whole list.
    pub total: u64,
}

/// The query of ours that the peer's matrix page answers.
pub fn matrix_query(group: vastuu::CustomerGroupId, text: &str, rows: Page, columns: Page) -> MatrixQuery {
    MatrixQuery::new().customers(CustomerFilter::new().group(group).text(text)).rows(rows).columns(columns)
}

/// The query of ours that the peer's list page answers.
pub fn list_query(page: Page) -> ResponsiblePersonsQuery {
    ResponsiblePersonsQuery::new().page(page)
}

fn disagree(what: &str, detail: String) -> HarnessError {
    HarnessError::Disagree(format!("{what}: {detail}"))
}

/// Checks a matrix page of ours against the peer's: same rows, columns, cells and totals.
///
/// # Errors
/// [`HarnessError::Disagree`] with the first difference.
pub fn check_matrix(ours: &Matrix, peer: &SqlMatrix) -> Result<(), HarnessError> {
    let what = "matrix page";
    if (ours.total_rows, ours.total_columns) != (peer.total_rows, peer.total_columns) {
        return Err(disagree(
            what,
            format!(
                "totals ours {}x{}, SQLite {}x{}",
                ours.total_rows, ours.total_columns, peer.total_rows, peer.total_columns
            ),
        ));
    }
    let rows: Vec<(u32, String, Option<u64>, bool)> =
        ours.rows.iter().map(|r| (r.customer.get(), r.name.clone(), r.customer_number, r.archived)).collect();
    if rows != peer.rows {
        return Err(disagree(what, format!("rows differ: ours {:?}… SQLite {:?}…", rows.first(), peer.rows.first())));
    }
    let columns: Vec<(u32, String, Option<u32>)> =
        ours.columns.iter().map(|c| (c.employee.get(), c.name.clone(), c.team.map(TeamId::get))).collect();
    if columns != peer.columns {
        return Err(disagree(what, "columns differ".into()));
    }
    let mut cells: Vec<(u32, u32, Option<String>, Option<String>)> = ours
        .cells
        .iter()
        .filter_map(|c| {
            let row = ours.rows.get(c.row as usize)?;
            let column = ours.columns.get(c.column as usize)?;
            Some((row.customer.get(), column.employee.get(), date_text(c.period.from), date_text(c.period.to)))
        })
        .collect();
    let mut theirs = peer.cells.clone();
    cells.sort();
    theirs.sort();
    if cells != theirs {
        return Err(disagree(what, format!("cells differ: ours {}, SQLite {}", cells.len(), theirs.len())));
    }
    if ours.cells.len() != cells.len() {
        return Err(disagree(what, "a cell of ours points outside the page".into()));
    }
    Ok(())
}

/// Checks a list page of ours against the peer's: same rows in the same order, same total.
///
/// # Errors
/// [`HarnessError::Disagree`] with the first difference.
pub fn check_list(ours: &ResponsiblePersonsPage, peer: &SqlList) -> Result<(), HarnessError> {
    let what = "responsible-persons page";
    if ours.total != peer.total || ours.rows.len() != peer.rows.len() {
        return Err(disagree(
            what,
            format!("ours {} of {}, SQLite {} of {}", ours.rows.len(), ours.total, peer.rows.len(), peer.total),
        ));
    }
    for (i, (o, p)) in ours.rows.iter().zip(&peer.rows).enumerate() {
        let mine = SqlListRow {
            customer: o.customer.get(),
            customer_name: o.customer_name.clone(),
            customer_number: o.customer_number,
            group: o.customer_group.map(|g| g.get()),
            group_name: o.customer_group_name.clone(),
            employee: o.employee.get(),
            employee_name: o.employee_name.clone(),
            email: o.email.clone(),
            salesperson: o.salesperson,
            employee_active: o.employee_active,
            valid_from: o.valid_from,
            valid_to: o.valid_to,
            roles: o.roles.iter().map(|r| r.id.get()).collect(),
        };
        if o.project.is_some() {
            return Err(disagree(what, format!("row {i} of ours is a project row")));
        }
        if &mine != p {
            return Err(disagree(what, format!("row {i}: ours {mine:?}, SQLite {p:?}")));
        }
    }
    Ok(())
}

/// The toggles the toggle benchmark makes: existing responsibilities and new pairs of active
/// employees, as operations of the tests' vocabulary ([`Op::Toggle`], made by the same
/// [`run`] every test oracle uses) and as the peer's (customer, project, employee).
#[derive(Debug, Clone, Default)]
pub struct Toggles {
    /// Ours: each an [`Op::Toggle`].
    pub ours: Vec<Op>,
    /// The peer's keys, one per toggle of ours.
    pub peer: Vec<(u32, u32, u32)>,
}

impl Toggles {
    /// Picks `n` toggles, half existing responsibilities and half new pairs, deterministically.
    ///
    /// # Errors
    /// When the directory has no active employee or no customer.
    pub fn pick(dir: &Directory, n: usize, seed: u64) -> Result<Toggles, HarnessError> {
        let mut rng = vastuu::generate::Rng::new(seed);
        let active: Vec<EmployeeId> = dir.employees().filter(|e| e.active).map(|e| e.id).collect();
        let customers: Vec<CustomerId> = dir.customers().map(|c| c.id).collect();
        let projects: Vec<ProjectId> = dir.projects().map(|p| p.id).collect();
        let all = dir.responsibilities();
        if active.is_empty() || customers.is_empty() {
            return Err(HarnessError::Failed("no active employee or no customer to toggle".into()));
        }
        let mut out = Toggles::default();
        let mut seen = std::collections::HashSet::new();
        let mut tries = 0;
        while out.ours.len() < n && tries < n * 100 {
            tries += 1;
            let (subject, employee) = if out.ours.len() % 2 == 0 && !all.is_empty() {
                let r = rng.pick(&all);
                if !dir.employee(r.employee)?.active {
                    continue;
                }
                (r.subject, r.employee)
            } else {
                let subject = if !projects.is_empty() && rng.chance(30) {
                    Subject::Project(*rng.pick(&projects))
                } else {
                    Subject::Customer(*rng.pick(&customers))
                };
                (subject, *rng.pick(&active))
            };
            if !seen.insert((subject, employee)) {
                continue;
            }
            let (c, p) = subject_key(dir, subject)?;
            out.ours.push(Op::Toggle(subject, employee));
            out.peer.push((c, p, employee.get()));
        }
        Ok(out)
    }

    /// Makes each of our toggles once; how many added a responsibility.
    ///
    /// # Errors
    /// The first toggle the directory refuses.
    pub fn run_ours(&self, dir: &mut Directory) -> vastuu::Result<usize> {
        let mut added = 0;
        for op in &self.ours {
            added += usize::from(matches!(run(dir, op)?, Value::Toggled(Toggled::Added)));
        }
        Ok(added)
    }
}

/// A peer that toggles responsibilities in tables of its own: what [`check_toggles`] asks it.
pub trait TogglePeer {
    /// The peer's name in messages.
    fn name(&self) -> &'static str;
    /// Whether the responsibility exists.
    ///
    /// # Errors
    /// The peer's errors.
    fn exists(&self, customer: u32, project: u32, employee: u32) -> Result<bool, HarnessError>;
    /// How many responsibilities there are.
    ///
    /// # Errors
    /// The peer's errors.
    fn count(&self) -> Result<u64, HarnessError>;
}

impl TogglePeer for SqlPeer {
    fn name(&self) -> &'static str {
        "SQLite"
    }
    fn exists(&self, customer: u32, project: u32, employee: u32) -> Result<bool, HarnessError> {
        SqlPeer::exists(self, customer, project, employee)
    }
    fn count(&self) -> Result<u64, HarnessError> {
        SqlPeer::count(self)
    }
}

/// Checks that ours and the peer hold the same responsibilities for every toggled pair, and the
/// same number in all.
///
/// # Errors
/// [`HarnessError::Disagree`] naming the first pair that differs.
pub fn check_toggles(dir: &Directory, peer: &impl TogglePeer, toggles: &Toggles) -> Result<(), HarnessError> {
    let name = peer.name();
    for (op, (c, p, pe)) in toggles.ours.iter().zip(&toggles.peer) {
        let &Op::Toggle(subject, e) = op else {
            return Err(disagree("toggle", format!("{op:?} is not a toggle")));
        };
        let ours = dir.responsibility(subject, e)?.is_some();
        let theirs = peer.exists(*c, *p, *pe)?;
        if ours != theirs {
            return Err(disagree("toggle", format!("{subject} / {e}: ours {ours}, {name} {theirs}")));
        }
    }
    let (ours, theirs) = (dir.responsibilities().len() as u64, peer.count()?);
    if ours != theirs {
        return Err(disagree("toggle", format!("ours holds {ours} responsibilities, {name} {theirs}")));
    }
    Ok(())
}

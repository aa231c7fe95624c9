//! The export pair: our responsible-persons export against rust_xlsxwriter writing the same cells
//! directly, in the same constant-memory mode, from cell values computed before the clock
//! starts. Each side runs in a child process of its own so that its peak memory can be read
//! (Linux: `/proc/self/clear_refs` resets the peak, `VmHWM` in `/proc/self/status` reads it).
//! The files are read back with calamine and compared cell by cell.

use super::timing::Stamp;
use super::HarnessError;
use calamine::{DataRef, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek};
use std::path::Path;
use vastuu::export::{headers, Export, ExportOptions, Language};
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{Directory, Page, ResponsiblePersonRow, ResponsiblePersonsQuery};

/// The list every export of this pair writes: every responsibility, project participants and
/// archived customers included.
pub fn export_query() -> ResponsiblePersonsQuery {
    ResponsiblePersonsQuery::new().include_projects(true).include_archived(true)
}

/// The export of this pair.
pub fn export() -> Export {
    Export::ResponsiblePersons(export_query())
}

/// One precomputed cell of the peer.
#[derive(Clone, Debug, PartialEq)]
pub enum PeerCell {
    /// A text cell.
    Text(String),
    /// A number.
    Number(f64),
    /// A date, written with the date format (as an `ExcelDateTime`, made while writing, as the
    /// export does).
    Date(jiff::civil::Date),
    /// A boolean.
    Bool(bool),
    /// Nothing written.
    Empty,
}

/// A cell as the peer keeps it: a text is a range of [`PeerSheet`]'s one text buffer.
#[derive(Clone, Copy, Debug)]
enum Packed {
    Text { start: usize, len: usize },
    Number(f64),
    Date(jiff::civil::Date),
    Bool(bool),
    Empty,
}

/// Every cell of the export, computed from the list view before the clock starts, with the
/// column widths the export sets. The cells are kept compact (the texts end to end in one
/// buffer, the cells in one vector, row after row), so that the writing reads them in order
/// instead of from millions of separate allocations.
#[derive(Debug, Default)]
pub struct PeerSheet {
    /// Sheet name.
    pub name: String,
    /// Header row.
    pub headers: Vec<String>,
    /// Every text cell's text, end to end.
    text: String,
    /// Every cell, row after row, `headers.len()` to a row.
    cells: Vec<Packed>,
    /// Column widths.
    pub widths: Vec<f64>,
}

/// A cell as [`PeerSheet`] keeps it, its text appended to `text`.
fn pack(text: &mut String, cell: PeerCell) -> Packed {
    match cell {
        PeerCell::Text(s) => {
            text.push_str(&s);
            Packed::Text { start: text.len() - s.len(), len: s.len() }
        }
        PeerCell::Number(n) => Packed::Number(n),
        PeerCell::Date(d) => Packed::Date(d),
        PeerCell::Bool(b) => Packed::Bool(b),
        PeerCell::Empty => Packed::Empty,
    }
}

fn text(s: &str) -> PeerCell {
    PeerCell::Text(s.to_owned())
}

fn opt_text(s: Option<&str>) -> PeerCell {
    s.map_or(PeerCell::Empty, text)
}

fn date_cell(d: Option<jiff::civil::Date>) -> PeerCell {
    match d {
        None => PeerCell::Empty,
        // Excel has no dates before 1900: such a date is written as ISO text.
        Some(d) if d.year() < 1900 => PeerCell::Text(d.to_string()),
        Some(d) => PeerCell::Date(d),
    }
}

/// The cells of one list row, as the export's columns define them.
pub fn row_cells(r: &ResponsiblePersonRow) -> Vec<PeerCell> {
    let roles: Vec<&str> = r.roles.iter().map(|role| role.name.as_str()).collect();
    vec![
        r.customer_number.map_or(PeerCell::Empty, |n| PeerCell::Number(n as f64)),
        text(&r.customer_name),
        opt_text(r.customer_group_name.as_deref()),
        opt_text(r.project_name.as_deref()),
        text(&r.employee_name),
        opt_text(r.email.as_deref()),
        PeerCell::Bool(r.salesperson),
        date_cell(r.valid_from),
        date_cell(r.valid_to),
        if roles.is_empty() { PeerCell::Empty } else { PeerCell::Text(roles.join(", ")) },
    ]
}

fn width(cell: &PeerCell) -> usize {
    match cell {
        PeerCell::Text(s) => s.chars().count(),
        PeerCell::Number(n) => format!("{n}").len(),
        PeerCell::Date(_) => 10,
        PeerCell::Bool(_) => 5,
        PeerCell::Empty => 0,
    }
}

impl PeerSheet {
    /// Computes every cell of the export of `query` from the list view, a chunk of rows at a
    /// time (so no second copy of the whole list is held).
    ///
    /// # Errors
    /// The list view's errors.
    pub fn compute(dir: &Directory, query: &ResponsiblePersonsQuery) -> Result<PeerSheet, HarnessError> {
        const CHUNK: u64 = 50_000;
        let export = Export::ResponsiblePersons(query.clone());
        let headers = headers(&export, Language::Finnish);
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 2).collect();
        let (mut text, mut cells) = (String::new(), Vec::new());
        let mut offset = 0;
        loop {
            let page = dir.responsible_persons(&query.clone().page(Page::new(offset, CHUNK)))?;
            if cells.capacity() == 0 {
                cells.reserve_exact(usize::try_from(page.total).unwrap_or(0) * headers.len());
            }
            for r in &page.rows {
                let row = row_cells(r);
                if row.len() != headers.len() {
                    // The cells are kept row after row, `headers.len()` to a row.
                    return Err(HarnessError::Failed(format!(
                        "a row of {} cells under {} headers",
                        row.len(),
                        headers.len()
                    )));
                }
                for (w, c) in widths.iter_mut().zip(&row) {
                    *w = (*w).max(width(c) + 2);
                }
                cells.extend(row.into_iter().map(|c| pack(&mut text, c)));
            }
            offset += page.rows.len() as u64;
            if page.rows.is_empty() || offset >= page.total {
                break;
            }
        }
        Ok(PeerSheet {
            name: "Vastuuhenkilöt".to_owned(),
            headers,
            text,
            cells,
            widths: widths.into_iter().map(|w| w.min(60) as f64).collect(),
        })
    }

    /// Replaces the cell at data row `row` (from 0) and column `col`; `false` when there is
    /// no such cell. (For tests of the comparison: a sheet that differs in one cell.)
    pub fn set_cell(&mut self, row: usize, col: usize, cell: PeerCell) -> bool {
        let width = self.headers.len();
        if col >= width {
            return false;
        }
        let packed = pack(&mut self.text, cell);
        match self.cells.get_mut(row * width + col) {
            Some(slot) => {
                *slot = packed;
                true
            }
            None => false,
        }
    }

    /// How many data rows the sheet has.
    pub fn row_count(&self) -> usize {
        self.cells.len().checked_div(self.headers.len()).unwrap_or(0)
    }

    /// Writes the sheet with rust_xlsxwriter in constant-memory mode: bold frozen header, the
    /// cells, an autofilter and the column widths, as the export does.
    ///
    /// # Errors
    /// rust_xlsxwriter's errors.
    pub fn write(&self, path: &Path) -> Result<(), HarnessError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(&self.name)?;
        for (col, h) in self.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, h, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let mut row = 1u32;
        for cells in self.cells.chunks(self.headers.len().max(1)) {
            for (col, cell) in cells.iter().enumerate() {
                let col = col as u16;
                match *cell {
                    Packed::Text { start, len } => {
                        sheet.write_string(row, col, &self.text[start..start + len])?;
                    }
                    Packed::Number(n) => {
                        sheet.write_number(row, col, n)?;
                    }
                    Packed::Date(d) => {
                        let d = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                        sheet.write_date_with_format(row, col, &d, &date)?;
                    }
                    Packed::Bool(b) => {
                        sheet.write_boolean(row, col, b)?;
                    }
                    Packed::Empty => {}
                }
            }
            row += 1;
        }
        let last_col = self.headers.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, row - 1, last_col)?;
        for (col, w) in self.widths.iter().enumerate() {
            sheet.set_column_width(col as u16, *w)?;
        }
        book.save(path)?;
        Ok(())
    }
}

/// Which side an export child process runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportSide {
    /// `Directory::export_to_path`.
    Ours,
    /// rust_xlsxwriter from precomputed cells.
    Peer,
}

/// What an export child process reports.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExportRun {
    /// The side.
    pub side: ExportSide,
    /// Seconds of the export (or the writing of the precomputed cells), wall clock.
    pub seconds: f64,
    /// The same in CPU time of the thread, when it can be read.
    pub cpu_seconds: Option<f64>,
    /// Peak resident memory during the export minus the resident memory just before it, in
    /// bytes; `None` when the peak cannot be reset or read on this system.
    pub peak_increase: Option<u64>,
    /// Data rows written.
    pub rows: u64,
    /// Resident memory before the export, in bytes.
    pub resident_before: Option<u64>,
}

/// A generator configuration as one command-line word.
pub fn config_arg(c: &GeneratorConfig) -> String {
    format!(
        "{}:{}:{}:{}:{}:{}:{}:{}",
        c.seed, c.customers, c.employees, c.projects, c.responsibilities, c.customer_groups, c.special_groups, c.teams
    )
}

/// Reads [`config_arg`] back.
///
/// # Errors
/// A malformed word.
pub fn parse_config_arg(s: &str) -> Result<GeneratorConfig, HarnessError> {
    let n: Vec<u64> = s
        .split(':')
        .map(|p| p.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|e| HarnessError::Failed(format!("configuration {s:?}: {e}")))?;
    let small = |i: usize| -> Result<u32, HarnessError> {
        n.get(i)
            .and_then(|v| u32::try_from(*v).ok())
            .ok_or_else(|| HarnessError::Failed(format!("configuration {s:?}: field {i}")))
    };
    Ok(GeneratorConfig {
        seed: n.first().copied().unwrap_or(0),
        customers: small(1)?,
        employees: small(2)?,
        projects: small(3)?,
        responsibilities: small(4)?,
        customer_groups: small(5)?,
        special_groups: small(6)?,
        teams: small(7)?,
    })
}

/// A field of `/proc/self/status` given in KiB (`VmRSS:`, `VmHWM:`), if there is one.
pub(crate) fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak resident memory (`VmHWM`) to the current resident memory; false when the
/// system does not allow it.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Runs one side of the export in this process: generates and loads the directory (and, for
/// the peer, computes the cells), then resets the peak memory and times the export to `path`.
///
/// # Errors
/// Generation, export or writing errors.
pub fn run_child(side: ExportSide, config: &GeneratorConfig, path: &Path) -> Result<ExportRun, HarnessError> {
    let dir = Directory::from_data(generate(config))?;
    let query = export_query();
    // What each side writes from. The floor's process holds its cells only: the directory it
    // computed them from is dropped before the clock starts (ours needs it: it is what the
    // export reads).
    enum Source {
        Directory(Box<Directory>),
        Cells(PeerSheet),
    }
    let source = match side {
        ExportSide::Ours => Source::Directory(Box::new(dir)),
        ExportSide::Peer => {
            let sheet = PeerSheet::compute(&dir, &query)?;
            drop(dir);
            Source::Cells(sheet)
        }
    };
    let resident_before = status_kib("VmRSS:").map(|k| k * 1024);
    let can_reset = reset_peak();
    let start = Stamp::now();
    let rows = match &source {
        Source::Cells(sheet) => {
            sheet.write(path)?;
            sheet.row_count() as u64
        }
        Source::Directory(dir) => {
            dir.export_to_path(&Export::ResponsiblePersons(query), path, ExportOptions::default())?.rows
        }
    };
    let (seconds, cpu_seconds) = start.elapsed();
    let peak = status_kib("VmHWM:").map(|k| k * 1024);
    let peak_increase = match (can_reset, peak, resident_before) {
        (true, Some(p), Some(b)) => Some(p.saturating_sub(b)),
        _ => None,
    };
    Ok(ExportRun { side, seconds, cpu_seconds, peak_increase, rows, resident_before })
}

/// A cell value as read back, for comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadCell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date (Excel serial day).
    Date(f64),
    /// Anything else (errors, ISO texts), as debug text.
    Other(String),
}

fn read_cell(v: &DataRef<'_>) -> Option<ReadCell> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::String(s) => ReadCell::Text(s.clone()),
        DataRef::SharedString(s) => ReadCell::Text((*s).to_owned()),
        DataRef::Float(f) => ReadCell::Number(*f),
        DataRef::Int(i) => ReadCell::Number(*i as f64),
        DataRef::Bool(b) => ReadCell::Bool(*b),
        DataRef::DateTime(d) => ReadCell::Date(d.as_f64()),
        other => ReadCell::Other(format!("{other:?}")),
    })
}

fn read_error(e: calamine::XlsxError) -> HarnessError {
    HarnessError::Failed(format!("reading a sheet back: {e}"))
}

/// A cell read back with its (row, column).
type Positioned = ((u32, u32), ReadCell);

/// The next non-empty cell of a sheet, with its position.
fn next_value<R: Read + Seek>(r: &mut calamine::XlsxCellReader<'_, R>) -> Result<Option<Positioned>, HarnessError> {
    while let Some(c) = r.next_cell().map_err(read_error)? {
        if let Some(v) = read_cell(c.get_value()) {
            return Ok(Some((c.get_position(), v)));
        }
    }
    Ok(None)
}

/// What comparing two files found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// Non-empty cells compared.
    pub cells: u64,
    /// Last row index seen (0-based; the header is row 0).
    pub last_row: u32,
}

fn open_book<R: Read + Seek>(reader: R, what: &str) -> Result<Xlsx<R>, HarnessError> {
    Xlsx::new(reader).map_err(|e| HarnessError::Failed(format!("reading {what}: {e}")))
}

/// Reads two workbooks back with calamine and compares the first sheet of each cell by cell
/// (position and value; empty cells skipped), streaming both.
///
/// # Errors
/// [`HarnessError::Disagree`] at the first differing cell; read errors.
pub fn compare_books<A: Read + Seek, B: Read + Seek>(
    ours: A,
    peer: B,
    peer_name: &str,
) -> Result<Compared, HarnessError> {
    let mut a = open_book(ours, "our export")?;
    let mut b = open_book(peer, peer_name)?;
    let name_a = a.sheet_names().first().cloned().unwrap_or_default();
    let name_b = b.sheet_names().first().cloned().unwrap_or_default();
    let mut ra = a.worksheet_cells_reader(&name_a).map_err(read_error)?;
    let mut rb = b.worksheet_cells_reader(&name_b).map_err(read_error)?;
    let mut cells = 0u64;
    let mut last_row = 0u32;
    loop {
        match (next_value(&mut ra)?, next_value(&mut rb)?) {
            (None, None) => break,
            (x, y) if x == y => {
                if let Some(((row, _), _)) = x {
                    last_row = row;
                }
                cells += 1;
            }
            (x, y) => {
                return Err(HarnessError::Disagree(format!(
                    "xlsx read back: after {cells} equal cells, ours has {x:?}, {peer_name} has {y:?}"
                )))
            }
        }
    }
    Ok(Compared { cells, last_row })
}

//! The streaming sheet writer every export uses: constant memory, text always as text, dates as
//! Excel dates, bold frozen header with an autofilter, column widths from the content, and
//! continuation sheets past Excel's row limit.

use super::file;
use crate::error::{Error, Result};
use jiff::civil::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Excel's row limit per sheet (including the header row).
pub(crate) const EXCEL_MAX_ROWS: u32 = 1_048_576;
const MAX_SHEET_NAME: usize = 31;
const MAX_WIDTH: usize = 60;
/// Excel's limit on the text of one cell, in UTF-16 code units (what Excel counts as
/// characters; a character outside the Basic Multilingual Plane counts twice).
pub const EXCEL_MAX_CELL: usize = 32_767;
/// Ends a text cut to fit [`EXCEL_MAX_CELL`].
pub const CUT_MARKER: &str = "… [cut]";

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ExportSummary {
    /// Data rows written (without header rows).
    pub rows: u64,
    /// Text cells longer than Excel allows (32,767 characters, e.g. a joined list of many
    /// long role or group names), written cut and ending in `… [cut]`.
    pub cells_cut: u64,
}

/// The text cut to fit Excel's limit with [`CUT_MARKER`] at its end, or `None` when it fits.
pub(crate) fn cut_to_fit(text: &str) -> Option<String> {
    // UTF-16 code units never outnumber UTF-8 bytes: most texts need no counting.
    if text.len() <= EXCEL_MAX_CELL || text.encode_utf16().count() <= EXCEL_MAX_CELL {
        return None;
    }
    let room = EXCEL_MAX_CELL - CUT_MARKER.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > room {
            break;
        }
        end = i + c.len_utf8();
    }
    Some(format!("{}{CUT_MARKER}", &text[..end]))
}

/// Progress of an export: rows written so far (without headers) of the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Progress {
    /// Data rows written so far.
    pub rows_written: u64,
    /// Data rows the export will write.
    pub total: u64,
}

/// One cell value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Written as a text cell, never as a formula.
    Text(Cow<'a, str>),
    /// Written as a number (exact up to 2^53).
    Integer(u64),
    /// Written as an Excel date with a date format.
    Date(Date),
    /// Written as an Excel boolean.
    Bool(bool),
    /// Nothing written.
    Empty,
}

impl Cell<'_> {
    /// The same value, its text borrowed from this cell.
    pub(crate) fn borrowed(&self) -> Cell<'_> {
        match self {
            Cell::Text(text) => Cell::Text(Cow::Borrowed(text)),
            Cell::Integer(n) => Cell::Integer(*n),
            Cell::Date(d) => Cell::Date(*d),
            Cell::Bool(b) => Cell::Bool(*b),
            Cell::Empty => Cell::Empty,
        }
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(s))
    }
}

pub(crate) fn xlsx_error(e: XlsxError) -> Error {
    Error::Export { message: e.to_string() }
}

/// Makes a name valid for an Excel sheet: no `[ ] : * ? / \`, no leading or trailing
/// apostrophe, 1 to 31 characters, not "History", and unique (case-insensitively) among `taken`.
pub(crate) fn sheet_name(wanted: &str, taken: &mut HashSet<String>) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '_' } else { c })
        .collect();
    let mut base: String = cleaned.trim().trim_matches('\'').trim().chars().take(MAX_SHEET_NAME).collect();
    if base.is_empty() || base.eq_ignore_ascii_case("history") {
        base = format!("{base} 1").trim().chars().take(MAX_SHEET_NAME).collect();
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep = MAX_SHEET_NAME - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>().trim_end());
        n += 1;
    }
    taken.insert(name.to_lowercase());
    name
}

fn display_width(cell: &Cell<'_>) -> usize {
    match cell {
        Cell::Text(s) => s.chars().count(),
        Cell::Integer(n) => digits(*n),
        Cell::Date(_) => 10,
        Cell::Bool(_) => 5,
        Cell::Empty => 0,
    }
}

/// Decimal digits of a number.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// Widens a column width (content width + 2) to fit a cell. A text is counted in characters
/// only when its length in bytes (never less than its characters) could widen the column.
fn widen(width: &mut usize, cell: &Cell<'_>) {
    if let Cell::Text(s) = cell {
        if s.len() + 2 <= *width {
            return;
        }
    }
    *width = (*width).max(display_width(cell) + 2);
}

/// Streams rows into one or more constant-memory worksheets.
pub(crate) struct SheetWriter<'p> {
    workbook: Workbook,
    names: HashSet<String>,
    base_name: String,
    headers: Vec<String>,
    widths: Vec<usize>,
    header_format: Format,
    date_format: Format,
    sheet: usize,
    row: u32,
    written: u64,
    cells_cut: u64,
    total: u64,
    progress: Option<&'p mut dyn FnMut(Progress)>,
    cancel: Option<&'p AtomicBool>,
}

impl<'p> SheetWriter<'p> {
    pub(crate) fn new(
        sheet_name: &str,
        headers: Vec<String>,
        total: u64,
        progress: Option<&'p mut dyn FnMut(Progress)>,
        cancel: Option<&'p AtomicBool>,
    ) -> Result<Self> {
        let widths = headers.iter().map(|h| h.chars().count() + 2).collect();
        let mut w = SheetWriter {
            workbook: Workbook::new(),
            names: HashSet::new(),
            base_name: sheet_name.to_owned(),
            headers,
            widths,
            header_format: Format::new().set_bold(),
            date_format: Format::new().set_num_format("yyyy-mm-dd"),
            sheet: 0,
            row: 0,
            written: 0,
            cells_cut: 0,
            total,
            progress,
            cancel,
        };
        w.start_sheet()?;
        if let Some(p) = w.progress.as_mut() {
            p(Progress { rows_written: 0, total });
        }
        w.check_cancel()?;
        Ok(w)
    }

    /// [`Error::ExportCancelled`] once the cancel flag is set.
    fn check_cancel(&self) -> Result<()> {
        match self.cancel {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::ExportCancelled),
            _ => Ok(()),
        }
    }

    fn current(&mut self) -> Result<&mut Worksheet> {
        self.workbook.worksheet_from_index(self.sheet).map_err(xlsx_error)
    }

    fn start_sheet(&mut self) -> Result<()> {
        let name = sheet_name(&self.base_name, &mut self.names);
        let sheet = self.workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
        sheet.set_name(name).map_err(xlsx_error)?;
        self.sheet = self.workbook.worksheets().len() - 1;
        let headers = std::mem::take(&mut self.headers);
        let bold = self.header_format.clone();
        let sheet = self.current()?;
        for (col, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, h, &bold).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        self.headers = headers;
        self.row = 1;
        Ok(())
    }

    fn finish_sheet(&mut self) -> Result<()> {
        let last_col = self.headers.len().saturating_sub(1) as u16;
        let last_row = self.row.saturating_sub(1);
        let widths = self.widths.clone();
        let sheet = self.current()?;
        sheet.autofilter(0, 0, last_row, last_col).map_err(xlsx_error)?;
        for (col, w) in widths.iter().enumerate() {
            sheet.set_column_width(col as u16, (*w).min(MAX_WIDTH) as f64).map_err(xlsx_error)?;
        }
        Ok(())
    }

    /// Writes one data row (as many cells as there are headers, or fewer).
    pub(crate) fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        self.check_cancel()?;
        if self.row >= EXCEL_MAX_ROWS {
            self.finish_sheet()?;
            self.start_sheet()?;
        }
        let row = self.row;
        for (w, cell) in self.widths.iter_mut().zip(cells) {
            widen(w, cell);
        }
        let date_format = &self.date_format;
        let sheet = self.workbook.worksheet_from_index(self.sheet).map_err(xlsx_error)?;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) => match cut_to_fit(s) {
                    Some(cut) => {
                        self.cells_cut += 1;
                        sheet.write_string(row, col, cut).map(drop)
                    }
                    None => sheet.write_string(row, col, s.as_ref()).map(drop),
                },
                Cell::Integer(n) => sheet.write_number(row, col, *n as f64).map(drop),
                // Excel has no dates before 1900: such a date is written as ISO text.
                Cell::Date(d) if d.year() < 1900 => sheet.write_string(row, col, d.to_string()).map(drop),
                Cell::Date(d) => ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .and_then(|date| sheet.write_date_with_format(row, col, &date, date_format).map(drop)),
                Cell::Bool(b) => sheet.write_boolean(row, col, *b).map(drop),
                Cell::Empty => Ok(()),
            }
            .map_err(xlsx_error)?;
        }
        self.row += 1;
        self.written += 1;
        let (written, total) = (self.written, self.total);
        if let Some(p) = self.progress.as_mut() {
            if written % 1024 == 0 || written == total {
                p(Progress { rows_written: written, total });
            }
        }
        Ok(())
    }

    fn close(mut self) -> Result<Workbook> {
        self.finish_sheet()?;
        if self.written != self.total {
            if let Some(p) = self.progress.as_mut() {
                p(Progress { rows_written: self.written, total: self.written });
            }
        }
        self.check_cancel()?;
        Ok(self.workbook)
    }

    /// Finishes and writes the file to `target` (see [`file::write_replacing`]).
    pub(crate) fn save(self, target: &Path) -> Result<ExportSummary> {
        let summary = self.summary();
        let mut workbook = self.close()?;
        file::write_replacing(target, |f| workbook.save_to_writer(f).map_err(xlsx_error))?;
        Ok(summary)
    }

    /// Finishes and writes the file to `writer`.
    pub(crate) fn write_to(self, writer: impl std::io::Write + Send) -> Result<ExportSummary> {
        let summary = self.summary();
        self.close()?.save_to_writer(writer).map_err(xlsx_error)?;
        Ok(summary)
    }

    fn summary(&self) -> ExportSummary {
        ExportSummary { rows: self.written, cells_cut: self.cells_cut }
    }

    /// Finishes and returns the file's bytes.
    pub(crate) fn into_bytes(self) -> Result<Vec<u8>> {
        self.close()?.save_to_buffer().map_err(xlsx_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use jiff::civil::date;

    #[test]
    fn rows_read_back_with_types_and_progress() {
        let mut seen = Vec::new();
        let mut progress = |p: Progress| seen.push(p);
        let mut w = SheetWriter::new(
            "Testi",
            vec!["Nimi".into(), "Numero".into(), "Pvm".into(), "Myyjä".into()],
            3,
            Some(&mut progress),
            None,
        )
        .unwrap();
        w.row(&[
            Cell::from("=SUM(A1:A2)"),
            Cell::Integer(999_999_999_999_999),
            Cell::Date(date(2026, 2, 28)),
            Cell::Bool(true),
        ])
        .unwrap();
        w.row(&[Cell::from("Öljy 🛢"), Cell::Empty, Cell::Date(date(1899, 12, 31)), Cell::Bool(false)]).unwrap();
        w.row(&[Cell::from("+358 40"), Cell::Integer(0), Cell::Empty, Cell::Empty]).unwrap();
        let bytes = w.into_bytes().unwrap();
        if let Ok(path) = std::env::var("VASTUU_KEEP_XLSX") {
            std::fs::write(path, &bytes).unwrap();
        }
        assert_eq!(seen.first(), Some(&Progress { rows_written: 0, total: 3 }));
        assert_eq!(seen.last(), Some(&Progress { rows_written: 3, total: 3 }));
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Testi".to_string()]);
        let range = book.worksheet_range("Testi").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(
            rows[0],
            vec![
                Data::String("Nimi".into()),
                Data::String("Numero".into()),
                Data::String("Pvm".into()),
                Data::String("Myyjä".into())
            ]
        );
        assert_eq!(rows[1][0], Data::String("=SUM(A1:A2)".into()), "text stays text");
        assert_eq!(rows[1][1], Data::Float(999_999_999_999_999.0));
        assert!(matches!(&rows[1][2], Data::DateTime(d) if d.as_f64() == 46081.0), "{:?}", rows[1][2]);
        assert_eq!(rows[1][3], Data::Bool(true));
        assert_eq!(rows[2][0], Data::String("Öljy 🛢".into()));
        assert_eq!(rows[2][1], Data::Empty);
        assert_eq!(rows[2][2], Data::String("1899-12-31".into()));
        assert_eq!(rows[3][0], Data::String("+358 40".into()));
        let formulas = book.worksheet_formula("Testi").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula anywhere");
    }

    #[test]
    fn over_long_texts_are_cut_with_a_marker() {
        assert_eq!(cut_to_fit(&"ä".repeat(EXCEL_MAX_CELL)), None, "bytes over the limit, characters not");
        let cut = cut_to_fit(&"x".repeat(EXCEL_MAX_CELL + 1)).unwrap();
        assert_eq!(cut.encode_utf16().count(), EXCEL_MAX_CELL);
        assert!(cut.ends_with(CUT_MARKER));
        // Characters outside the BMP count twice and are never split.
        let cut = cut_to_fit(&"😀".repeat(20_000)).unwrap();
        assert!(cut.encode_utf16().count() <= EXCEL_MAX_CELL);
        assert!(cut.strip_suffix(CUT_MARKER).unwrap().chars().all(|c| c == '😀'));
    }

    #[test]
    fn widths_count_characters_and_digits() {
        assert_eq!(digits(0), 1);
        assert_eq!(digits(9), 1);
        assert_eq!(digits(10), 2);
        assert_eq!(digits(999_999_999_999_999), 15);
        assert_eq!(digits(u64::MAX), 20);
        let mut w = 4;
        widen(&mut w, &Cell::from("ab"));
        assert_eq!(w, 4, "fits already");
        widen(&mut w, &Cell::from("äöå"));
        assert_eq!(w, 5, "three characters, six bytes");
        widen(&mut w, &Cell::Integer(123_456));
        assert_eq!(w, 8);
        widen(&mut w, &Cell::Date(date(2026, 1, 1)));
        assert_eq!(w, 12);
        widen(&mut w, &Cell::Empty);
        assert_eq!(w, 12);
    }

    #[test]
    fn sheet_names_are_made_valid_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(sheet_name("Asiakkaat: Pohjoinen/Etelä [2026]?", &mut taken), "Asiakkaat_ Pohjoinen_Etelä _202");
        assert_eq!(sheet_name("'Öljy'", &mut taken), "Öljy");
        assert_eq!(sheet_name("ÖLJY", &mut taken), "ÖLJY (2)");
        assert_eq!(sheet_name("öljy", &mut taken), "öljy (3)");
        assert_eq!(sheet_name("", &mut taken), "1");
        assert_eq!(sheet_name("History", &mut taken), "History 1");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut taken), "x".repeat(31));
        assert_eq!(sheet_name(&long, &mut taken), format!("{} (2)", "x".repeat(27)));
        for name in &taken {
            assert!(name.chars().count() <= 31);
        }
    }
}

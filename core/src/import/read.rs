//! Reading a file into a table of cells: .xlsx through calamine (after the zip directory was
//! checked against the size limits), .csv through the csv crate (delimiter and encoding
//! detected).

use super::{problem, ImportFormat, ImportOptions, MAX_IMPORT_CELL_CHARS, MAX_IMPORT_ROWS};
use crate::error::{ImportProblem, ImportProblemKind as P};
use jiff::civil::Date;
use std::borrow::Cow;
use std::io::Cursor;
use std::mem::take;

/// One cell's value as read.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(Date),
}

/// A sheet (or a CSV file) as read: its header row and its data rows.
#[derive(Debug)]
pub(super) struct Table {
    /// The file's name, for problems.
    pub(super) file: String,
    /// The sheet's name; `None` for CSV.
    pub(super) sheet: Option<String>,
    /// The header row's cells, trimmed.
    pub(super) headers: Vec<String>,
    /// The data rows, each with its row number as a spreadsheet shows it (the header is 1 when
    /// it is the first row); rows with no value are left out.
    pub(super) rows: Vec<(u64, Vec<Value>)>,
}

impl Table {
    /// A problem of the whole file.
    pub(super) fn problem(&self, kind: crate::error::ImportProblemKind, reason: String) -> ImportProblem {
        problem(&self.file, self.sheet.as_deref(), None, None, kind, reason)
    }
}

/// Reads `data` (named `file`) as `format`.
pub(super) fn table(
    file: &str,
    data: &[u8],
    format: ImportFormat,
    options: &ImportOptions<'_>,
) -> Result<Table, ImportProblem> {
    let whole = |kind, reason: String| problem(file, None, None, None, kind, reason);
    if data.len() as u64 > options.max_file_bytes {
        return Err(whole(
            P::TooLarge,
            format!("the file has {} bytes, more than the limit of {}", data.len(), options.max_file_bytes),
        ));
    }
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(whole(P::Empty, "the file is empty".into()));
    }
    match format {
        ImportFormat::Xlsx => xlsx(file, data, options),
        ImportFormat::Csv => csv_table(file, data),
    }
}

/// Checks a workbook's zip directory: the entries' declared sizes, all together, against the
/// limit. What an entry really unpacks to is held to its declared size by the zip reader
/// calamine reads through (an entry that unpacks to more fails there, see [`LIE`]), so calamine
/// never unpacks more than the limit.
fn check_zip(file: &str, data: &[u8], limit: u64) -> Result<(), ImportProblem> {
    let whole = |kind, reason: String| problem(file, None, None, None, kind, reason);
    let mut archive = zip::ZipArchive::new(Cursor::new(data))
        .map_err(|e| whole(P::Unreadable, format!("not an .xlsx workbook: not a zip archive ({e})")))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| whole(P::Unreadable, format!("damaged zip archive: {e}")))?;
        total = total.saturating_add(entry.size());
    }
    if total > limit {
        return Err(whole(
            P::TooLarge,
            format!("the workbook unpacks to {total} bytes, more than the limit of {limit}"),
        ));
    }
    Ok(())
}

/// How the zip reader refuses an entry that unpacks to more than its declared size.
const LIE: &str = "larger than its declared uncompressed size";

fn xlsx(file: &str, data: &[u8], options: &ImportOptions<'_>) -> Result<Table, ImportProblem> {
    use calamine::Reader;
    check_zip(file, data, options.max_unpacked_bytes)?;
    let whole = |kind, reason: String| problem(file, None, None, None, kind, reason);
    // calamine is not expected to panic, but the input is untrusted: a panic is a bad file.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut book = calamine::Xlsx::new(Cursor::new(data)).map_err(|e| format!("not an .xlsx workbook: {e}"))?;
        let names = book.sheet_names();
        let sheet = match &options.sheet {
            Some(wanted) => names
                .iter()
                .find(|n| *n == wanted)
                .cloned()
                .ok_or_else(|| format!("the workbook has no sheet {wanted:?} (it has {names:?})"))?,
            None => names.first().cloned().ok_or_else(|| "the workbook has no sheet".to_owned())?,
        };
        let range = book.worksheet_range(&sheet).map_err(|e| format!("sheet {sheet:?} cannot be read: {e}"))?;
        Ok::<_, String>((sheet, range))
    }));
    let (sheet, mut range) = match read {
        Ok(Ok(read)) => read,
        Ok(Err(reason)) if reason.contains(LIE) => {
            let reason = format!("an entry unpacks to more than its zip directory says ({reason})");
            return Err(whole(P::TooLarge, reason));
        }
        Ok(Err(reason)) => return Err(whole(P::Unreadable, reason)),
        Err(_) => return Err(whole(P::Unreadable, "not an .xlsx workbook that can be read".into())),
    };
    let first_row = u64::from(range.start().map_or(0, |(row, _)| row)) + 1;
    let height = range.height();
    let headers: Vec<String> = match height {
        0 => Vec::new(),
        _ => range[0].iter_mut().map(|cell| header_text(take(cell))).collect(),
    };
    let mut out = Vec::with_capacity(height.saturating_sub(1));
    for i in 1..height {
        // The cells are moved out of calamine's range (their strings are not copied).
        let values: Vec<Value> = range[i].iter_mut().map(|cell| cell_value(take(cell))).collect();
        if values.iter().any(|v| *v != Value::Empty) {
            out.push((first_row + i as u64, values));
        }
    }
    let table = Table { file: file.to_owned(), sheet: Some(sheet), headers, rows: out };
    check_shape(table)
}

fn header_text(cell: calamine::Data) -> String {
    match cell_value(cell) {
        Value::Text(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Empty => String::new(),
    }
}

fn cell_value(cell: calamine::Data) -> Value {
    use calamine::Data as D;
    match cell {
        D::Empty => Value::Empty,
        D::String(s) if s.trim().is_empty() => Value::Empty,
        D::String(s) => Value::Text(s),
        D::Int(n) => Value::Number(n as f64),
        D::Float(f) => Value::Number(f),
        D::Bool(b) => Value::Bool(b),
        D::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match Date::new(y as i16, m as i8, d as i8) {
                Ok(date) => Value::Date(date),
                Err(_) => Value::Text(dt.as_f64().to_string()),
            }
        }
        D::DateTimeIso(s) | D::DurationIso(s) => Value::Text(s),
        D::Error(e) => Value::Text(format!("#{e}")),
    }
}

/// Refuses a table without a header or with more rows than a sheet can have.
fn check_shape(table: Table) -> Result<Table, ImportProblem> {
    if table.headers.iter().all(String::is_empty) {
        let reason = "no header row: the first row must name the columns".to_owned();
        return Err(table.problem(P::Empty, reason));
    }
    if table.rows.len() > MAX_IMPORT_ROWS {
        let reason = format!("{} rows, more than the {MAX_IMPORT_ROWS} a sheet can have", table.rows.len());
        return Err(table.problem(P::TooLarge, reason));
    }
    Ok(table)
}

/// Decodes a CSV file's bytes: UTF-8 (a byte order mark is dropped) when they are valid UTF-8,
/// otherwise Windows-1252 (as Excel writes CSV on Finnish Windows).
pub(super) fn decode(data: &[u8]) -> Cow<'_, str> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match std::str::from_utf8(data) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(data).0,
    }
}

/// The delimiter of a CSV file: `;` (Excel in Finnish and Swedish) or `,`, whichever the header
/// line has more of outside quotes (`,` when neither).
pub(super) fn delimiter(text: &str) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            '\n' | '\r' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

fn csv_table(file: &str, data: &[u8]) -> Result<Table, ImportProblem> {
    let text = decode(data);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut line: u64 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(problem(file, None, Some(line + 1), None, P::Unreadable, format!("not a CSV file: {e}")));
            }
        }
        // The row as a spreadsheet opening the file numbers it (a quoted cell may span lines).
        line += 1;
        if headers.is_none() {
            headers = Some(record.iter().map(|h| h.trim().to_owned()).collect::<Vec<_>>());
            continue;
        }
        let values: Vec<Value> =
            record.iter().map(|s| if s.trim().is_empty() { Value::Empty } else { Value::Text(s.to_owned()) }).collect();
        if values.iter().any(|v| *v != Value::Empty) {
            rows.push((line, values));
        }
        if rows.len() > MAX_IMPORT_ROWS {
            break;
        }
    }
    let table = Table { file: file.to_owned(), sheet: None, headers: headers.unwrap_or_default(), rows };
    check_shape(table)
}

/// Whether a text cell is longer than [`MAX_IMPORT_CELL_CHARS`]: its length in characters.
pub(super) fn too_long(text: &str) -> Option<usize> {
    // Bytes bound characters from above: most cells are decided without counting.
    if text.len() <= MAX_IMPORT_CELL_CHARS {
        return None;
    }
    let len = text.chars().count();
    (len > MAX_IMPORT_CELL_CHARS).then_some(len)
}

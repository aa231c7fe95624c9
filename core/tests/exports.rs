//! Every export read back (calamine) and compared cell by cell with the view it mirrors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calamine::{Data, Reader, Xlsx};
use jiff::civil::{date, Date};
use vastuu::export::headers;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::*;

struct Book {
    sheets: Vec<String>,
    rows: Vec<Vec<Data>>,
}

fn read(bytes: Vec<u8>) -> Book {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheets = book.sheet_names();
    let range = book.worksheet_range(&sheets[0]).unwrap();
    let formulas = book.worksheet_formula(&sheets[0]).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "an export wrote a formula");
    let width = range.width();
    let rows = range
        .rows()
        .map(|r| {
            let mut r = r.to_vec();
            r.resize(width, Data::Empty);
            r
        })
        .collect();
    Book { sheets, rows }
}

fn export(dir: &Directory, what: &Export, language: Language) -> Book {
    read(dir.export_to_bytes(what, ExportOptions::language(language)).unwrap())
}

fn text(s: &str) -> Data {
    Data::String(s.to_owned())
}

fn opt_text(s: Option<&str>) -> Data {
    s.map_or(Data::Empty, text)
}

fn number(n: Option<u64>) -> Data {
    n.map_or(Data::Empty, |n| Data::Float(n as f64))
}

fn serial(d: Date) -> f64 {
    d.since(date(1899, 12, 30)).unwrap().get_days() as f64
}

/// A date cell as its Excel serial number, to compare with the view's date.
fn cell_date(cell: &Data) -> Option<f64> {
    match cell {
        Data::DateTime(d) => Some(d.as_f64()),
        Data::Empty => None,
        other => panic!("not a date cell: {other:?}"),
    }
}

fn joined(names: &[&str]) -> Data {
    if names.is_empty() {
        Data::Empty
    } else {
        text(&names.join(", "))
    }
}

struct World {
    dir: Directory,
    north: CustomerGroupId,
    special: SpecialGroupId,
    matti: EmployeeId,
    service: RoleId,
}

fn world() -> World {
    let mut d = Directory::new();
    let matti =
        d.create_employee(NewEmployee::new("Matti Meikäläinen").email("matti@example.fi").sales_rights(true)).unwrap();
    let aino = d.create_employee(NewEmployee::new("Äänekoski Aino 🙂")).unwrap();
    let formula = d.create_employee(NewEmployee::new("=HYPERLINK(\"x\")").email("f@example.fi")).unwrap();
    let gone = d.create_employee(NewEmployee::new("Öhman Lähtenyt")).unwrap();
    let service = d.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer)).unwrap();
    let billing = d.create_role(NewRole::new("Laskutus", RoleScope::Customer)).unwrap();
    let manager = d.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project)).unwrap();
    let north = d.create_customer_group(NewCustomerGroup::new("Pohjoinen/Etelä: [A]").numbering_start(1000)).unwrap();
    let special = d.create_special_group(NewSpecialGroup::new("Avainasiakkaat")).unwrap();
    let vip = d.create_special_group(NewSpecialGroup::new("VIP")).unwrap();
    let names = ["Öljy Ab", "=SUM(A1:A3)", "+358 40 123", "-alennus", "@koti", "Åland 🛢 Oy", "apu", "Zeta"];
    let mut customers = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut new = NewCustomer::new(*name);
        if i % 2 == 0 {
            new = new.group(north);
        }
        if i == 3 {
            new = new.unnumbered().status(CustomerStatus::Prospect);
        }
        if i % 3 == 0 {
            new = new.special_group(special).special_group(vip);
        }
        customers.push(d.create_customer(new).unwrap());
    }
    d.archive_customer(customers[7]).unwrap();
    let p = d.create_project(customers[0], "Remontti ⚡").unwrap();
    let q = d.create_project(customers[1], "+projekti").unwrap();
    d.set_responsibility(
        customers[0].into(),
        matti,
        &[service, billing],
        Period::new(Some(date(2026, 1, 1)), Some(date(2026, 12, 31))).unwrap(),
    )
    .unwrap();
    d.toggle(customers[0].into(), aino).unwrap();
    d.toggle(customers[1].into(), formula).unwrap();
    d.set_responsibility(customers[2].into(), aino, &[service], Period::new(None, Some(date(2027, 3, 31))).unwrap())
        .unwrap();
    d.toggle(customers[5].into(), matti).unwrap();
    d.toggle(customers[7].into(), matti).unwrap();
    d.toggle(customers[4].into(), gone).unwrap();
    d.archive_employee(gone).unwrap();
    d.add_role(p.into(), aino, manager).unwrap();
    d.set_responsibility(q.into(), matti, &[], Period::new(Some(date(2026, 6, 1)), None).unwrap()).unwrap();
    World { dir: d, north, special, matti, service }
}

fn person_rows(dir: &Directory, q: &ResponsiblePersonsQuery) -> Vec<Vec<Data>> {
    dir.responsible_persons(q)
        .unwrap()
        .rows
        .iter()
        .map(|r| {
            let roles: Vec<&str> = r.roles.iter().map(|r| r.name.as_str()).collect();
            vec![
                number(r.customer_number),
                text(&r.customer_name),
                opt_text(r.customer_group_name.as_deref()),
                opt_text(r.project_name.as_deref()),
                text(&r.employee_name),
                opt_text(r.email.as_deref()),
                Data::Bool(r.salesperson),
                r.valid_from.map_or(Data::Empty, |d| Data::Float(serial(d))),
                r.valid_to.map_or(Data::Empty, |d| Data::Float(serial(d))),
                joined(&roles),
            ]
        })
        .collect()
}

/// Dates come back as DateTime cells; compare them as serial numbers.
fn normalise(rows: &[Vec<Data>], date_columns: &[usize]) -> Vec<Vec<Data>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(
                    |(i, c)| {
                        if date_columns.contains(&i) {
                            cell_date(c).map_or(Data::Empty, Data::Float)
                        } else {
                            c.clone()
                        }
                    },
                )
                .collect()
        })
        .collect()
}

#[test]
fn the_responsible_persons_export_is_the_list_cell_by_cell() {
    let w = world();
    let queries = [
        ResponsiblePersonsQuery::new(),
        ResponsiblePersonsQuery::new().include_projects(true),
        ResponsiblePersonsQuery::new().include_projects(true).include_archived(true),
        ResponsiblePersonsQuery::new().as_of(date(2027, 1, 1)),
        ResponsiblePersonsQuery::new().employee(w.matti).include_projects(true),
    ];
    for q in queries {
        let expected = person_rows(&w.dir, &q);
        assert!(!expected.is_empty());
        let book = export(&w.dir, &Export::ResponsiblePersons(q.clone().page(Page::first(1))), Language::Finnish);
        assert_eq!(
            book.rows[0],
            headers(&Export::ResponsiblePersons(q.clone()), Language::Finnish)
                .iter()
                .map(|h| text(h))
                .collect::<Vec<_>>()
        );
        assert_eq!(normalise(&book.rows[1..], &[7, 8]), expected, "{q:?}");
        assert_eq!(book.sheets, vec!["Vastuuhenkilöt".to_string()]);
    }
}

fn customer_rows(dir: &Directory, filter: &CustomerFilter, language: Language) -> Vec<Vec<Data>> {
    let status = |s: CustomerStatus| match (s, language) {
        (CustomerStatus::Active, Language::Finnish) => "Asiakas",
        (CustomerStatus::Prospect, Language::Finnish) => "Prospekti",
        (CustomerStatus::Active, Language::Swedish) => "Kund",
        (CustomerStatus::Prospect, Language::Swedish) => "Prospekt",
        (CustomerStatus::Active, _) => "Customer",
        (CustomerStatus::Prospect, _) => "Prospect",
    };
    dir.filter_customers(filter)
        .unwrap()
        .into_iter()
        .map(|id| {
            let c = dir.customer(id).unwrap();
            let mut special: Vec<&str> =
                c.special_groups.iter().map(|g| dir.special_group(*g).unwrap().name.as_str()).collect();
            special.sort_by(|a, b| compare_names(a, b));
            let mut people: Vec<&str> = dir
                .responsibilities_for(id.into())
                .unwrap()
                .iter()
                .map(|r| dir.employee(r.employee).unwrap().name.as_str())
                .collect();
            people.sort_by(|a, b| compare_names(a, b));
            vec![
                number(c.number),
                text(&c.name),
                text(status(c.status)),
                Data::Bool(c.archived),
                opt_text(c.group.map(|g| dir.customer_group(g).unwrap().name.as_str())),
                joined(&special),
                joined(&people),
            ]
        })
        .collect()
}

#[test]
fn customer_exports_are_their_filters_cell_by_cell() {
    let w = world();
    let all = CustomerFilter { archived: ArchivedFilter::Include, ..CustomerFilter::new() };
    let cases = [
        (Export::Customers(CustomerFilter::new()), CustomerFilter::new(), "Asiakkaat"),
        (Export::Customers(CustomerFilter::new().text("ö")), CustomerFilter::new().text("ö"), "Asiakkaat"),
        (Export::GroupCustomers(Some(w.north)), all.clone().group(w.north), "Pohjoinen_Etelä_ _A_"),
        (Export::GroupCustomers(None), all.clone().no_group(), "Ei ryhmää"),
        (Export::SpecialGroupCustomers(w.special), all.clone().special_group(w.special), "Avainasiakkaat"),
    ];
    for (what, filter, sheet) in cases {
        let expected = customer_rows(&w.dir, &filter, Language::Finnish);
        assert!(!expected.is_empty(), "{what:?}");
        let book = export(&w.dir, &what, Language::Finnish);
        assert_eq!(book.sheets, vec![sheet.to_string()]);
        assert_eq!(book.rows[1..].to_vec(), expected, "{what:?}");
    }
    // Formula-looking names stay text; emoji and Finnish letters survive.
    let book = export(&w.dir, &Export::Customers(CustomerFilter::new()), Language::Finnish);
    let names: Vec<&Data> = book.rows.iter().map(|r| &r[1]).collect();
    for n in ["=SUM(A1:A3)", "+358 40 123", "-alennus", "@koti", "Åland 🛢 Oy"] {
        assert!(names.contains(&&text(n)), "{n}");
    }
    // An unknown group is an error, not an empty file.
    let err = w
        .dir
        .export_to_bytes(&Export::GroupCustomers(Some(CustomerGroupId(99))), ExportOptions::default())
        .unwrap_err();
    assert_eq!(err, Error::NotFound(CustomerGroupId(99).into()));
}

fn matrix_rows(dir: &Directory, q: &MatrixQuery) -> Vec<Vec<Data>> {
    let m = dir.matrix(&q.clone().rows(Page::ALL).columns(Page::ALL)).unwrap();
    let mut out: Vec<Vec<Data>> = m
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                number(r.customer_number),
                match r.subject {
                    Subject::Customer(_) => text(&r.name),
                    Subject::Project(_) => text(&format!("  └ {}", r.name)),
                },
            ];
            row.resize(m.columns.len() + 2, Data::Empty);
            row
        })
        .collect();
    for c in &m.cells {
        let value = if q.by_role && !c.roles.is_empty() {
            text(&c.roles.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "))
        } else {
            text("x")
        };
        out[c.row as usize][c.column as usize + 2] = value;
    }
    out
}

#[test]
fn matrix_exports_are_the_matrix_cell_by_cell() {
    let w = world();
    for q in [
        MatrixQuery::new(),
        MatrixQuery::new().by_role(true).include_projects(true),
        MatrixQuery::new().include_projects(true).as_of(date(2027, 1, 1)),
        MatrixQuery::new().by_role(true).role(w.service),
    ] {
        let book = export(&w.dir, &Export::Matrix(q.clone()), Language::English);
        let m = w.dir.matrix(&q.clone().rows(Page::ALL).columns(Page::ALL)).unwrap();
        let mut header = vec![text("Customer number"), text("Customer / project")];
        header.extend(m.columns.iter().map(|c| text(&c.name)));
        assert_eq!(book.rows[0], header);
        assert_eq!(book.rows[1..].to_vec(), matrix_rows(&w.dir, &q), "{q:?}");
        assert_eq!(book.sheets, vec!["Responsibilities".to_string()]);
    }
}

#[test]
fn headers_in_all_three_languages() {
    let w = world();
    let expected = [
        (
            Language::Finnish,
            ["Asiakasnumero", "Nimi", "Tila", "Arkistoitu", "Asiakasryhmä", "Erikoisryhmät", "Vastuuhenkilöt"],
        ),
        (
            Language::Swedish,
            ["Kundnummer", "Namn", "Status", "Arkiverad", "Kundgrupp", "Specialgrupper", "Ansvarspersoner"],
        ),
        (
            Language::English,
            [
                "Customer number",
                "Name",
                "Status",
                "Archived",
                "Customer group",
                "Special groups",
                "Responsible persons",
            ],
        ),
    ];
    for (language, header) in expected {
        let book = export(&w.dir, &Export::Customers(CustomerFilter::new()), language);
        assert_eq!(book.rows[0], header.iter().map(|h| text(h)).collect::<Vec<_>>());
        assert_eq!(book.rows[1..].to_vec(), customer_rows(&w.dir, &CustomerFilter::new(), language));
    }
    let list = [
        (
            Language::Finnish,
            [
                "Asiakasnumero",
                "Asiakas",
                "Asiakasryhmä",
                "Projekti",
                "Vastuuhenkilö",
                "Sähköposti",
                "Myyjä",
                "Voimassa alkaen",
                "Voimassa asti",
                "Roolit",
            ],
            "Vastuuhenkilöt",
        ),
        (
            Language::Swedish,
            [
                "Kundnummer",
                "Kund",
                "Kundgrupp",
                "Projekt",
                "Ansvarsperson",
                "E-post",
                "Säljare",
                "Giltig från",
                "Giltig till",
                "Roller",
            ],
            "Ansvarspersoner",
        ),
        (
            Language::English,
            [
                "Customer number",
                "Customer",
                "Customer group",
                "Project",
                "Responsible person",
                "Email",
                "Salesperson",
                "Valid from",
                "Valid to",
                "Roles",
            ],
            "Responsible persons",
        ),
    ];
    for (language, header, sheet) in list {
        let book = export(&w.dir, &Export::ResponsiblePersons(ResponsiblePersonsQuery::new()), language);
        assert_eq!(book.rows[0], header.iter().map(|h| text(h)).collect::<Vec<_>>());
        assert_eq!(book.sheets, vec![sheet.to_string()]);
    }
    for (language, first, sheet) in [
        (Language::Finnish, "Asiakas / projekti", "Vastuut"),
        (Language::Swedish, "Kund / projekt", "Ansvar"),
        (Language::English, "Customer / project", "Responsibilities"),
    ] {
        let book = export(&w.dir, &Export::Matrix(MatrixQuery::new()), language);
        assert_eq!(book.rows[0][1], text(first));
        assert_eq!(book.sheets, vec![sheet.to_string()]);
    }
    let book = export(&w.dir, &Export::GroupCustomers(None), Language::Swedish);
    assert_eq!(book.sheets, vec!["Ingen grupp".to_string()]);
}

#[test]
fn progress_is_monotonic_and_ends_at_the_total() {
    let dir = Directory::from_data(generate(&GeneratorConfig {
        customers: 3_000,
        responsibilities: 9_000,
        ..GeneratorConfig::small()
    }))
    .unwrap();
    let cases = [
        Export::ResponsiblePersons(ResponsiblePersonsQuery::new().include_projects(true)),
        Export::Customers(CustomerFilter::new()),
        Export::Matrix(MatrixQuery::new().include_projects(true)),
    ];
    for what in cases {
        let mut seen = Vec::new();
        let mut record = |p: Progress| seen.push(p);
        let bytes = dir.export_to_bytes(&what, ExportOptions::default().with_progress(&mut record)).unwrap();
        let rows = read(bytes).rows.len() as u64 - 1;
        assert!(rows > 2048, "{rows} rows: enough for several progress reports");
        assert_eq!(seen.first().unwrap().rows_written, 0);
        assert_eq!(*seen.last().unwrap(), Progress { rows_written: rows, total: rows });
        assert!(seen.windows(2).all(|p| p[0].rows_written < p[1].rows_written), "monotonic");
        assert!(seen.iter().all(|p| p.total == rows && p.rows_written <= p.total));
        assert!(seen.len() as u64 >= rows / 1024);
    }
}

#[test]
fn a_generated_directory_exports_exactly_its_list() {
    let dir = Directory::from_data(generate(&GeneratorConfig::small())).unwrap();
    let q = ResponsiblePersonsQuery::new().include_projects(true).include_archived(true);
    let book = export(&dir, &Export::ResponsiblePersons(q.clone()), Language::Finnish);
    let expected = person_rows(&dir, &q);
    // With archived customers and project participants, the list shows every responsibility.
    assert_eq!(expected.len(), dir.responsibilities().len());
    assert_eq!(normalise(&book.rows[1..], &[7, 8]), expected);
}

#[test]
fn writing_to_a_path_and_failing_to() {
    let w = world();
    let dir = std::env::temp_dir().join(format!("vastuu-export-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vastuut.xlsx");
    let written = w.dir.export_to_path(&Export::Matrix(MatrixQuery::new()), &path, ExportOptions::default()).unwrap();
    let book = read(std::fs::read(&path).unwrap());
    assert_eq!(written.rows as usize, book.rows.len() - 1);
    assert_eq!(written.cells_cut, 0);
    let err = w.dir.export_to_path(
        &Export::Matrix(MatrixQuery::new()),
        dir.join("no/such/dir/x.xlsx"),
        ExportOptions::default(),
    );
    assert!(matches!(err, Err(Error::Export { .. })), "{err:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_cancelled_export_stops_and_writes_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = Directory::from_data(generate(&GeneratorConfig {
        customers: 3_000,
        responsibilities: 9_000,
        ..GeneratorConfig::small()
    }))
    .unwrap();
    let out = std::env::temp_dir().join(format!("vastuu-export-cancel-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let cases = [
        Export::Customers(CustomerFilter::new()),
        Export::ResponsiblePersons(ResponsiblePersonsQuery::new()),
        Export::Matrix(MatrixQuery::new()),
    ];
    for (i, what) in cases.iter().enumerate() {
        // Cancelled by the progress callback at its second report: no row after it is written.
        for stop_after in [0, 1024] {
            let cancel = AtomicBool::new(false);
            let mut seen = Vec::new();
            let mut progress = |p: Progress| {
                seen.push(p.rows_written);
                if p.rows_written >= stop_after {
                    cancel.store(true, Ordering::Relaxed);
                }
            };
            let path = out.join(format!("{i}-{stop_after}.xlsx"));
            let options = ExportOptions::default().with_progress(&mut progress).with_cancel(&cancel);
            assert_eq!(dir.export_to_path(what, &path, options), Err(Error::ExportCancelled));
            assert_eq!(seen.last(), Some(&stop_after), "no progress after the cancel");
            assert!(!path.exists(), "a cancelled export writes no file");
        }
        // A flag set before the export starts stops it at once; unset, the export is complete.
        let set = AtomicBool::new(true);
        let options = ExportOptions::default().with_cancel(&set);
        assert_eq!(dir.export_to_bytes(what, options), Err(Error::ExportCancelled));
        let unset = AtomicBool::new(false);
        let bytes = dir.export_to_bytes(what, ExportOptions::default().with_cancel(&unset)).unwrap();
        let plain = dir.export_to_bytes(what, ExportOptions::default()).unwrap();
        assert_eq!(read(bytes).rows, read(plain).rows);
    }
    std::fs::remove_dir_all(out).unwrap();
}

/// A fresh, empty folder for one test.
fn folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("vastuu-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn an_existing_file_is_replaced_only_by_a_complete_export() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir =
        Directory::from_data(generate(&GeneratorConfig { customers: 3_000, ..GeneratorConfig::small() })).unwrap();
    let out = folder("replace");
    let path = out.join("asiakkaat.xlsx");
    let old = b"the export of last week".to_vec();
    std::fs::write(&path, &old).unwrap();
    let what = Export::Customers(CustomerFilter::new());
    // Cancelled through the progress callback half-way: the old file is untouched, nothing is left.
    let cancel = AtomicBool::new(false);
    let mut progress = |p: Progress| {
        if p.rows_written >= 1024 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let options = ExportOptions::default().with_progress(&mut progress).with_cancel(&cancel);
    assert_eq!(dir.export_to_path(&what, &path, options), Err(Error::ExportCancelled));
    assert_eq!(std::fs::read(&path).unwrap(), old, "the old file is byte for byte as it was");
    assert_eq!(files_in(&out), ["asiakkaat.xlsx"], "no temporary file is left");
    // Failing at the last step (a folder where the file should go): the temporary file is removed.
    let taken = out.join("kansio.xlsx");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("sisältö"), "x").unwrap();
    let err = dir.export_to_path(&what, &taken, ExportOptions::default());
    assert!(matches!(err, Err(Error::Export { .. })), "{err:?}");
    assert_eq!(files_in(&out), ["asiakkaat.xlsx", "kansio.xlsx"]);
    // A complete export replaces the file, keeping its permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let written = dir.export_to_path(&what, &path, ExportOptions::default()).unwrap();
    assert_eq!(written.rows as usize, read(std::fs::read(&path).unwrap()).rows.len() - 1);
    assert_eq!(files_in(&out), ["asiakkaat.xlsx", "kansio.xlsx"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }
    std::fs::remove_dir_all(out).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_written_through_only_when_asked() {
    let w = world();
    let out = folder("symlink");
    let real = out.join("real.xlsx");
    let link = out.join("link.xlsx");
    std::fs::write(&real, b"old").unwrap();
    std::os::unix::fs::symlink("real.xlsx", &link).unwrap();
    let what = Export::Customers(CustomerFilter::new());
    let err = w.dir.export_to_path(&what, &link, ExportOptions::default());
    assert_eq!(err, Err(Error::ExportSymlink { path: link.clone() }));
    assert!(err.unwrap_err().to_string().contains("link.xlsx"));
    assert_eq!(std::fs::read(&real).unwrap(), b"old");
    // A dangling link is refused too.
    let dangling = out.join("dangling.xlsx");
    std::os::unix::fs::symlink("nowhere.xlsx", &dangling).unwrap();
    assert_eq!(
        w.dir.export_to_path(&what, &dangling, ExportOptions::default()),
        Err(Error::ExportSymlink { path: dangling.clone() })
    );
    assert!(!out.join("nowhere.xlsx").exists());
    // Asked to, the export replaces the file the link points to; the link stays a link.
    let written = w.dir.export_to_path(&what, &link, ExportOptions::default().follow_symlinks(true)).unwrap();
    assert_eq!(written.rows as usize, read(std::fs::read(&real).unwrap()).rows.len() - 1);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn over_long_cells_are_cut_counted_and_readable() {
    let mut dir = Directory::new();
    let c = dir.create_customer(NewCustomer::new("Monen ryhmän asiakas")).unwrap();
    let other = dir.create_customer(NewCustomer::new("Tavallinen")).unwrap();
    // 170 special groups with 200-character names: the joined cell is over 34,000 characters.
    for i in 0..170 {
        let name = format!("{i:03} {}", "ä".repeat(196));
        dir.create_special_group(NewSpecialGroup::new(name).customers([c])).unwrap();
    }
    dir.create_special_group(NewSpecialGroup::new("Lyhyt").customers([other])).unwrap();
    let what = Export::Customers(CustomerFilter::new());
    let mut buffer = std::io::Cursor::new(Vec::new());
    let written = dir.export_to_writer(&what, &mut buffer, ExportOptions::default()).unwrap();
    assert_eq!((written.rows, written.cells_cut), (2, 1));
    let book = read(buffer.into_inner());
    let Data::String(cut) = &book.rows[1][5] else { panic!("{:?}", book.rows[1][5]) };
    assert!(cut.ends_with(vastuu::export::CUT_MARKER), "{}", &cut[cut.len() - 40..]);
    assert!(cut.encode_utf16().count() <= vastuu::export::EXCEL_MAX_CELL);
    assert!(cut.starts_with("000 ä"));
    assert_eq!(book.rows[2][5], text("Lyhyt"));
    // The same to a path and as bytes.
    let out = folder("cut");
    let path = out.join("ryhmät.xlsx");
    let written = dir.export_to_path(&what, &path, ExportOptions::default()).unwrap();
    assert_eq!((written.rows, written.cells_cut), (2, 1));
    assert_eq!(read(std::fs::read(&path).unwrap()).rows, book.rows);
    assert_eq!(read(dir.export_to_bytes(&what, ExportOptions::default()).unwrap()).rows, book.rows);
    std::fs::remove_dir_all(out).unwrap();
}

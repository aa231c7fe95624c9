//! Imports: every export imported back into an empty directory and exported again (the same
//! cells), the import-only sheets, matching and dry runs, and every kind of bad file, each
//! reported with its place and changing nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calamine::{Data, Reader, Xlsx};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::io::Write;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::*;

fn source() -> Directory {
    Directory::from_data(generate(&GeneratorConfig::small())).unwrap()
}

/// The first sheet's cells as text, row by row.
fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::DateTime(d) => format!("{:?}", d.to_ymd_hms_milli()),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn xlsx<'a>(bytes: &'a [u8], name: &'a str) -> ImportSource<'a> {
    ImportSource::bytes(bytes, ImportFormat::Xlsx, name)
}

fn csv(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// The problems of a failed import.
fn problems(result: Result<ImportReport>) -> Vec<ImportProblem> {
    match result {
        Err(Error::Import(errors)) => errors.problems,
        other => panic!("expected import problems, got {other:?}"),
    }
}

fn import_csv(dir: &mut Directory, text: &str, options: ImportOptions<'_>) -> Result<ImportReport> {
    let bytes = csv(text);
    dir.import(&ImportSource::bytes(&bytes, ImportFormat::Csv, "tiedosto.csv"), options)
}

fn customer_filter_all() -> CustomerFilter {
    CustomerFilter::new().archived(ArchivedFilter::Include)
}

#[test]
fn the_customers_export_imports_back_in_every_language() {
    let src = source();
    let export = Export::Customers(customer_filter_all());
    for language in [Language::Finnish, Language::Swedish, Language::English] {
        let bytes = src.export_to_bytes(&export, ExportOptions::language(language)).unwrap();
        let mut dst = Directory::new();
        let report =
            dst.import(&xlsx(&bytes, "asiakkaat.xlsx"), ImportOptions::default().create_missing(true)).unwrap();
        assert_eq!(report.kind, ImportKind::Customers);
        assert_eq!(report.rows, src.customers().count() as u64);
        let again = dst.export_to_bytes(&export, ExportOptions::language(language)).unwrap();
        assert_eq!(cells(&again), cells(&bytes), "{language:?}");
        // Customers, groups and special groups, compared as data.
        for c in src.customers() {
            let d = match c.number {
                Some(n) => dst.customer_by_number(n).unwrap(),
                None => dst.customers().find(|d| d.name == c.name).unwrap(),
            };
            assert_eq!((&d.name, d.status, d.archived), (&c.name, c.status, c.archived));
            let group =
                |dir: &Directory, g: Option<CustomerGroupId>| g.map(|g| dir.customer_group(g).unwrap().name.clone());
            assert_eq!(group(&dst, d.group), group(&src, c.group));
            let specials = |dir: &Directory, c: &Customer| -> BTreeSet<String> {
                c.special_groups.iter().map(|g| dir.special_group(*g).unwrap().name.clone()).collect()
            };
            assert_eq!(specials(&dst, d), specials(&src, c));
        }
        // Importing the same file again leaves everything alone.
        let report = dst.import(&xlsx(&bytes, "asiakkaat.xlsx"), ImportOptions::default()).unwrap();
        assert!(report.created.is_empty() && report.changed.is_empty(), "{:?}", report.changed.first());
        assert_eq!(report.unchanged.len(), src.customers().count());
    }
}

/// A customer as the customer exports carry it: number, name, status, archived, group name and
/// special group names.
type CustomerFacts = (Option<u64>, String, CustomerStatus, bool, Option<String>, BTreeSet<String>);

fn customer_facts(dir: &Directory) -> BTreeSet<CustomerFacts> {
    dir.customers()
        .map(|c| {
            let group = c.group.map(|g| dir.customer_group(g).unwrap().name.clone());
            let specials = c.special_groups.iter().map(|g| dir.special_group(*g).unwrap().name.clone()).collect();
            (c.number, c.name.clone(), c.status, c.archived, group, specials)
        })
        .collect()
}

#[test]
fn every_group_s_and_special_group_s_export_imports_back() {
    let src = source();
    let mut exports: Vec<Export> = src.customer_groups().map(|g| Export::GroupCustomers(Some(g.id))).collect();
    exports.push(Export::GroupCustomers(None));
    exports.extend(src.special_groups().map(|g| Export::SpecialGroupCustomers(g.id)));
    let mut dst = Directory::new();
    for (i, export) in exports.iter().enumerate() {
        let language = [Language::Finnish, Language::Swedish, Language::English][i % 3];
        let bytes = src.export_to_bytes(export, ExportOptions::language(language)).unwrap();
        let report = dst.import(&xlsx(&bytes, "ryhma.xlsx"), ImportOptions::default().create_missing(true)).unwrap();
        assert_eq!(report.kind, ImportKind::Customers, "{export:?}");
    }
    // Every customer is in exactly one group's export (or "No group"'s): all of them come back,
    // with their groups and special groups.
    assert_eq!(customer_facts(&dst), customer_facts(&src));
    let special_names = |dir: &Directory| -> BTreeSet<String> {
        dir.special_groups()
            .filter(|g| dir.customers().any(|c| c.special_groups.contains(&g.id)))
            .map(|g| g.name.clone())
            .collect()
    };
    assert_eq!(special_names(&dst), special_names(&src));
}

#[test]
fn the_responsible_persons_list_imports_back_with_roles_and_periods() {
    let src = source();
    let export =
        Export::ResponsiblePersons(ResponsiblePersonsQuery::new().include_archived(true).include_projects(true));
    let bytes = src.export_to_bytes(&export, ExportOptions::language(Language::Swedish)).unwrap();
    let mut dst = Directory::new();
    let report = dst.import(&xlsx(&bytes, "lista.xlsx"), ImportOptions::default().create_missing(true)).unwrap();
    assert_eq!(report.kind, ImportKind::Responsibilities);
    let again = dst.export_to_bytes(&export, ExportOptions::language(Language::Swedish)).unwrap();
    assert_eq!(cells(&again), cells(&bytes));
    assert_eq!(dst.responsibilities().len(), src.responsibilities().len());
    let with_periods = dst.responsibilities().iter().filter(|r| !r.period.is_always()).count();
    assert!(with_periods > 0 && dst.responsibilities().iter().any(|r| !r.roles.is_empty()));
}

#[test]
fn the_matrix_imports_back_as_responsibilities_without_periods() {
    let src = source();
    let export = Export::Matrix(MatrixQuery::new().by_role(true).include_projects(true));
    let bytes = src.export_to_bytes(&export, ExportOptions::default()).unwrap();
    let mut dst = Directory::new();
    dst.import(&xlsx(&bytes, "matriisi.xlsx"), ImportOptions::default().create_missing(true)).unwrap();
    let again = dst.export_to_bytes(&export, ExportOptions::default()).unwrap();
    // Only the marked cells travel (customers and employees without any are not in the file's
    // cells): compare (row label, column, value) of every marked cell.
    let marked = |rows: Vec<Vec<String>>| -> BTreeSet<(String, String, String, String)> {
        let header = rows[0].clone();
        let mut out = BTreeSet::new();
        let mut customer = String::new();
        for r in &rows[1..] {
            if !r[1].trim_start().starts_with('└') {
                customer = r[1].clone();
            }
            for (i, v) in r.iter().enumerate().skip(2) {
                if !v.is_empty() {
                    out.insert((customer.clone(), r[1].clone(), header[i].clone(), v.clone()));
                }
            }
        }
        out
    };
    let (before, after) = (marked(cells(&bytes)), marked(cells(&again)));
    assert!(!before.is_empty());
    assert_eq!(after, before);
    assert!(dst.responsibilities().iter().all(|r| r.period.is_always()));
}

#[test]
fn import_only_sheets_create_change_and_leave_alone() {
    let mut dir = Directory::new();
    let employees = "Nimi;Sähköposti;Tiimi;Aktiivinen;Myyjä\nMatti Meikäläinen;matti@example.fi;Huolto;kyllä;ei\n\
                     Maija Myyjä;maija@example.fi;;x;x\n";
    let r = import_csv(&mut dir, employees, ImportOptions::default().create_missing(true)).unwrap();
    assert_eq!(r.kind, ImportKind::Employees);
    let kinds: Vec<ImportItemKind> = r.created.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [ImportItemKind::Team, ImportItemKind::Employee, ImportItemKind::Employee]);
    let maija = dir.employees().find(|e| e.name == "Maija Myyjä").unwrap();
    assert!(maija.sales_rights && maija.active);
    // Matched by email: the name changes, the rest is left as it is.
    let renamed = "Name,Email\nMatti Virtanen,MATTI@example.fi\nMaija Myyjä,maija@example.fi\n";
    let r = import_csv(&mut dir, renamed, ImportOptions::default()).unwrap();
    assert_eq!((r.changed.len(), r.unchanged.len()), (1, 1));
    assert_eq!(r.changed[0].fields, ["name"]);
    assert!(dir.employees().any(|e| e.name == "Matti Virtanen"));

    let groups = "Namn;Numrering börjar;Bokföringskonto;Kostnadsställen\nNorr;1000;3000;K1, K2\nSyd;;;\n";
    let r = import_csv(&mut dir, groups, ImportOptions::default()).unwrap();
    assert_eq!((r.kind, r.created.len()), (ImportKind::CustomerGroups, 2));
    let norr = dir.customer_groups().find(|g| g.name == "Norr").unwrap();
    assert_eq!((norr.numbering_start, norr.cost_centers.clone()), (Some(1000), vec!["K1".to_owned(), "K2".to_owned()]));
    let r = import_csv(&mut dir, "Name,Ledger account\nnorr,3100\n", ImportOptions::default()).unwrap();
    assert_eq!(r.changed[0].fields, ["ledger_account"]);

    let specials = "Name,Description\nVIP,Tärkeät asiakkaat\n";
    let r = import_csv(&mut dir, specials, ImportOptions::default()).unwrap();
    assert_eq!((r.kind, r.created.len()), (ImportKind::SpecialGroups, 1));

    // Customers without a number column are numbered from their group's series.
    let customers = "Name;Customer group;Special groups\nEsimerkki Oy;Norr;VIP\nÖljy Ab;;\n";
    let r = import_csv(&mut dir, customers, ImportOptions::default()).unwrap();
    assert_eq!(r.created.len(), 2);
    assert_eq!(dir.customer_by_number(1000).unwrap().name, "Esimerkki Oy");
    // A move to another group and a status change.
    let moved = "Asiakasnumero;Nimi;Tila;Asiakasryhmä\n1000;Esimerkki Oy;Prospekti;Syd\n";
    let r = import_csv(&mut dir, moved, ImportOptions::default()).unwrap();
    assert_eq!(r.changed[0].fields, ["status", "group"]);
}

#[test]
fn a_dry_run_reports_the_same_and_changes_nothing() {
    let src = source();
    let bytes = src.export_to_bytes(&Export::Customers(customer_filter_all()), ExportOptions::default()).unwrap();
    let mut dst = Directory::new();
    let mut seen = Vec::new();
    let mut progress = |p: ImportProgress| seen.push(p);
    let options = ImportOptions::default().create_missing(true).with_progress(&mut progress);
    let plan = dst.plan_import(&xlsx(&bytes, "a.xlsx"), options).unwrap();
    assert!(plan.dry_run);
    assert_eq!((dst.customers().count(), dst.last_seq()), (0, 0));
    assert_eq!(seen.first().map(|p| p.rows_done), Some(0));
    assert_eq!(seen.last().map(|p| (p.rows_done, p.total)), Some((plan.rows, plan.rows)));
    let done = dst.import(&xlsx(&bytes, "a.xlsx"), ImportOptions::default().create_missing(true)).unwrap();
    assert_eq!((done.created.clone(), done.changed.clone()), (plan.created, plan.changed));
    assert_eq!(dst.last_seq(), 1, "one import is one change set");
}

#[test]
fn csv_encodings_and_delimiters_are_detected() {
    // Windows-1252 as Finnish Excel writes it: ä is 0xE4, ö 0xF6, the euro sign 0x80.
    let mut latin = b"Nimi;Kuvaus\n".to_vec();
    latin.extend_from_slice(b"P\xe4\xe4kaupunki;Hinta \x80 ja \xf6ljy\n");
    let mut dir = Directory::new();
    dir.import(&ImportSource::bytes(&latin, ImportFormat::Csv, "w.csv"), ImportOptions::default()).unwrap();
    let g = dir.special_groups().next().unwrap();
    assert_eq!((g.name.as_str(), g.description.as_deref()), ("Pääkaupunki", Some("Hinta € ja öljy")));
    // UTF-8 with a byte order mark, commas, quotes around a comma.
    let bom = "\u{feff}Name,Description\n\"Etelä, ja länsi\",\"a; b\"\n";
    let r = import_csv(&mut dir, bom, ImportOptions::default()).unwrap();
    assert_eq!(r.created[0].label, "Etelä, ja länsi");
    // A file saved from Excel on disk, found by its extension.
    let path = std::env::temp_dir().join(format!("vastuu-import-{}.csv", std::process::id()));
    std::fs::write(&path, "Nimi;Kuvaus\nLevyltä;\n").unwrap();
    let r = dir.import(&ImportSource::path(&path), ImportOptions::default()).unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(r.created[0].label, "Levyltä");
}

/// Asserts that every problem is there, with its place, and that nothing changed.
fn assert_refused(
    dir: &mut Directory,
    text: &str,
    options: ImportOptions<'_>,
    expected: &[(Option<u64>, Option<&str>, ImportProblemKind)],
) {
    let before = dir.data();
    let found = problems(import_csv(dir, text, options));
    let got: Vec<(Option<u64>, Option<&str>, ImportProblemKind)> =
        found.iter().map(|p| (p.row, p.column.as_deref(), p.kind)).collect();
    assert_eq!(got, expected, "{found:#?}");
    assert!(found.iter().all(|p| p.file == "tiedosto.csv" && p.sheet.is_none() && !p.reason.is_empty()));
    assert_eq!(dir.data(), before, "a refused import changed nothing");
}

#[test]
fn every_bad_row_is_reported_and_nothing_changes() {
    use ImportProblemKind as P;
    let mut dir = Directory::new();
    dir.create_customer_group(NewCustomerGroup::new("Pohjoinen")).unwrap();
    dir.create_customer(NewCustomer::new("Vanha Oy").number(500)).unwrap();
    let long = "x".repeat(40_000);
    let text = format!(
        "Asiakasnumero;Nimi;Asiakasryhmä\n1;Yksi;Pohjoinen\n1;Kaksi;\n500;Uusi Oy;\n2;Kolme;Tuntematon\n3;{long};\n4;;\n"
    );
    assert_refused(
        &mut dir,
        &text,
        ImportOptions::default(),
        &[
            (Some(3), None, P::Duplicate),
            (Some(4), Some("Asiakasnumero"), P::NumberTaken),
            (Some(5), Some("Asiakasryhmä"), P::UnknownReference),
            (Some(6), Some("Nimi"), P::CellTooLong),
            (Some(7), Some("Nimi"), P::BadText),
        ],
    );
    // Responsibilities: a bad email, a period that ends before it starts, an unknown customer.
    let list = "Asiakasnumero;Asiakas;Vastuuhenkilö;Sähköposti;Voimassa alkaen;Voimassa asti\n\
                500;Vanha Oy;Matti;ei-osoite;;\n500;Vanha Oy;Maija;;2026-05-01;2026-04-30\n\
                501;Puuttuva Oy;Maija;;1.1.2026;\n";
    assert_refused(
        &mut dir,
        list,
        ImportOptions::default().create_missing(false),
        &[
            (Some(2), Some("Sähköposti"), P::BadText),
            (Some(3), Some("Voimassa asti"), P::BadPeriod),
            (Some(4), Some("Asiakas"), P::UnknownReference),
        ],
    );
}

#[test]
fn wrong_missing_and_unknown_headers_are_reported() {
    use ImportProblemKind as P;
    let mut dir = Directory::new();
    assert_refused(&mut dir, "Puhelin;Osoite\n1;2\n", ImportOptions::default(), &[(None, None, P::UnknownKind)]);
    assert_refused(
        &mut dir,
        "Nimi;Sähköposti;Puhelin\nMatti;m@example.fi;1\n",
        ImportOptions::default(),
        &[(Some(1), Some("Puhelin"), P::UnknownColumn)],
    );
    assert_refused(
        &mut dir,
        "Asiakasnumero;Tila\n1;Asiakas\n",
        ImportOptions::default(),
        &[(Some(1), None, P::MissingColumn)],
    );
    assert_refused(
        &mut dir,
        "Nimi;Nimi\na;b\n",
        ImportOptions::default().kind(ImportKind::SpecialGroups),
        &[(Some(1), Some("Nimi"), P::UnknownColumn)],
    );
    assert_refused(
        &mut dir,
        "Nimi;Asiakasnumero\na;1\n",
        ImportOptions::default().kind(ImportKind::Employees),
        &[(Some(1), Some("Asiakasnumero"), P::UnknownColumn)],
    );
}

#[test]
fn empty_and_unreadable_files_are_refused() {
    use ImportProblemKind as P;
    let mut dir = Directory::new();
    let kind_of = |dir: &mut Directory, bytes: &[u8], format: ImportFormat| -> Vec<P> {
        let r = dir.import(&ImportSource::bytes(bytes, format, "f"), ImportOptions::default());
        problems(r).into_iter().map(|p| p.kind).collect()
    };
    assert_eq!(kind_of(&mut dir, b"", ImportFormat::Csv), [P::Empty]);
    assert_eq!(kind_of(&mut dir, b"  \n\n", ImportFormat::Csv), [P::Empty]);
    assert_eq!(kind_of(&mut dir, b"", ImportFormat::Xlsx), [P::Empty]);
    let random: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert_eq!(kind_of(&mut dir, &random, ImportFormat::Xlsx), [P::Unreadable]);
    // A zip archive that is not a workbook.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(b"not a workbook").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert_eq!(kind_of(&mut dir, &bytes, ImportFormat::Xlsx), [P::Unreadable]);
    // A header and no rows is fine (nothing to do); a missing file is unreadable.
    let r = import_csv(&mut dir, "Nimi;Kuvaus\n", ImportOptions::default()).unwrap();
    assert_eq!(r.rows, 0);
    let missing = std::path::Path::new("/nonexistent/vastuu/asiakkaat.xlsx");
    let found = problems(dir.import(&ImportSource::Path(missing), ImportOptions::default()));
    assert_eq!((found[0].kind, found[0].file.as_str()), (P::Unreadable, "/nonexistent/vastuu/asiakkaat.xlsx"));
}

/// A zip archive with one entry of `size` zeros, deflated.
fn zeros_zip(name: &str, size: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(name, options).unwrap();
    zip.write_all(&vec![0u8; size]).unwrap();
    zip.finish().unwrap().into_inner()
}

/// An export whose sheet is padded with 1 MiB of spaces while its zip headers keep the size
/// without them.
fn lying_workbook() -> Vec<u8> {
    use std::io::Read;
    let mut src = Directory::new();
    src.create_special_group(NewSpecialGroup::new("VIP")).unwrap();
    let real = src.export_to_bytes(&Export::Customers(CustomerFilter::new()), ExportOptions::default()).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(real)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut true_size = 0u32;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            true_size = content.len() as u32;
            let at = content.windows(12).position(|w| w == b"</worksheet>").unwrap();
            content.splice(at..at, std::iter::repeat_n(b' ', 1 << 20));
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    let mut bytes = out.finish().unwrap().into_inner();
    let padded = (true_size + (1 << 20)).to_le_bytes();
    let mut patched = 0;
    for at in 0..bytes.len() - 4 {
        if bytes[at..at + 4] == padded {
            bytes[at..at + 4].copy_from_slice(&true_size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "the local header and the central directory");
    bytes
}

#[test]
fn zip_bombs_are_refused_before_they_unpack() {
    use ImportProblemKind as P;
    let mut dir = Directory::new();
    let bomb = zeros_zip("xl/worksheets/sheet1.xml", 4 << 20);
    assert!(bomb.len() < 64 << 10, "compressed {}", bomb.len());
    let options = ImportOptions::default().max_unpacked_bytes(1 << 20);
    let found = problems(dir.import(&xlsx(&bomb, "pommi.xlsx"), options));
    assert_eq!(found[0].kind, P::TooLarge);
    assert!(found[0].reason.contains("unpacks to 4194304 bytes"), "{}", found[0].reason);
    // A real workbook whose sheet unpacks to more than its zip directory says: the zip reader
    // stops at the declared size.
    let mut liar = lying_workbook();
    let found = problems(dir.import(&xlsx(&liar, "valehtelija.xlsx"), ImportOptions::default()));
    assert_eq!(found[0].kind, P::TooLarge, "{found:?}");
    liar.truncate(liar.len() / 2);
    let found = problems(dir.import(&xlsx(&liar, "puolikas.xlsx"), ImportOptions::default()));
    assert_eq!(found[0].kind, P::Unreadable, "{found:?}");
    // And a file larger than the file limit.
    let found = problems(dir.import(&xlsx(&bomb, "iso.xlsx"), ImportOptions::default().max_file_bytes(100)));
    assert_eq!(found[0].kind, P::TooLarge);
}

#[test]
fn an_xlsx_with_bad_rows_names_the_sheet() {
    let mut src = Directory::new();
    let e = src.create_employee(NewEmployee::new("Matti")).unwrap();
    let c = src.create_customer(NewCustomer::new("Esimerkki").number(7)).unwrap();
    src.toggle(c.into(), e).unwrap();
    let bytes = src
        .export_to_bytes(&Export::ResponsiblePersons(ResponsiblePersonsQuery::new()), ExportOptions::default())
        .unwrap();
    let mut dst = Directory::new();
    let found = problems(dst.import(&xlsx(&bytes, "lista.xlsx"), ImportOptions::default()));
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].sheet.as_deref(), found[0].row), (Some("Vastuuhenkilöt"), Some(2)));
    assert_eq!(found[0].kind, ImportProblemKind::UnknownReference);
    let message = Error::Import(ImportErrors { problems: found }).to_string();
    assert!(message.contains("lista.xlsx, sheet \"Vastuuhenkilöt\", row 2"), "{message}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Any bytes, as either format: an answer, never a panic; a refusal changes nothing.
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), xlsx in any::<bool>(), zip_head in any::<bool>()) {
        let mut data = bytes;
        if zip_head {
            data.splice(0..0, *b"PK\x03\x04");
        }
        let format = if xlsx { ImportFormat::Xlsx } else { ImportFormat::Csv };
        let mut dir = Directory::new();
        let result = dir.import(&ImportSource::bytes(&data, format, "satunnainen"), ImportOptions::default());
        if result.is_err() {
            prop_assert_eq!(dir.last_seq(), 0);
        }
    }

    /// Random CSV text in the shape of a customers sheet: never a panic.
    #[test]
    fn random_csv_rows_never_panic(rows in proptest::collection::vec(("[0-9]{0,3}", "\\PC{0,12}", "[;,\"x]{0,2}"), 0..20)) {
        let mut text = String::from("Asiakasnumero;Nimi;Arkistoitu\n");
        for (n, name, arch) in rows {
            text.push_str(&format!("{n};{name};{arch}\n"));
        }
        let mut dir = Directory::new();
        let _ = import_csv(&mut dir, &text, ImportOptions::default().create_missing(true));
    }
}

#[test]
fn import_headers_name_the_columns_an_import_reads() {
    let headers = import_headers(ImportKind::Employees, Language::English);
    assert_eq!(headers, ["Name", "Email", "Team", "Active", "Salesperson", "External id"]);
    let mut text = import_headers(ImportKind::CustomerGroups, Language::Finnish).join(";");
    text.push_str("\nPohjoinen;1000;1999;3000;K1\n");
    let mut dir = Directory::new();
    let r = import_csv(&mut dir, &text, ImportOptions::default()).unwrap();
    assert_eq!(r.kind, ImportKind::CustomerGroups);
    assert_eq!(dir.customer_groups().next().unwrap().numbering_end, Some(1999));
}

//! External ids: the host system's key on employees, customers, projects and customer groups.
//! Set on create and update, cleared, freed by a delete, unique per kind and compared exactly,
//! looked up by key, kept by the file store, checked when data is loaded, and refused to a
//! revert that would give a key to a second entity.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use vastuu::{
    CustomerGroupUpdate, CustomerUpdate, Directory, EmployeeUpdate, EntityKind, EntityRef, Error, Field, NewCustomer,
    NewCustomerGroup, NewEmployee, NewProject, ProjectUpdate, StoreError, TextProblem, MAX_EXTERNAL_ID_LEN,
};

fn duplicate(err: Error) -> (EntityKind, String, EntityRef) {
    match err {
        Error::DuplicateExternalId { kind, external_id, existing } => (kind, external_id, existing),
        other => panic!("expected DuplicateExternalId, got {other:?}"),
    }
}

#[test]
fn every_kind_takes_a_key_and_is_found_by_it() {
    let mut dir = Directory::new();
    let e = dir.create_employee(NewEmployee::new("Liisa").external_id(" HR-7 ")).unwrap();
    let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").external_id("AREA-N")).unwrap();
    let c = dir.create_customer(NewCustomer::new("Esimerkki Oy").group(g).external_id("CRM-1042")).unwrap();
    let p = dir.create_project_with(c, &NewProject::new("Remontti").external_id("ERP-77")).unwrap();

    // Trimmed as every text is.
    assert_eq!(dir.employee(e).unwrap().external_id.as_deref(), Some("HR-7"));
    assert_eq!(dir.employee_by_external_id("HR-7").map(|x| x.id), Some(e));
    assert_eq!(dir.customer_group_by_external_id("AREA-N").map(|x| x.id), Some(g));
    assert_eq!(dir.customer_by_external_id("CRM-1042").map(|x| x.id), Some(c));
    assert_eq!(dir.project_by_external_id("ERP-77").map(|x| x.id), Some(p));
    // Exact comparison: another case is another key; keys of one kind are not looked up in another.
    assert!(dir.customer_by_external_id("crm-1042").is_none());
    assert!(dir.employee_by_external_id("CRM-1042").is_none());
    // A customer of another kind's key: kinds do not share keys.
    let other = dir.create_customer(NewCustomer::new("Toinen Oy").external_id("HR-7")).unwrap();
    assert_eq!(dir.customer_by_external_id("HR-7").map(|x| x.id), Some(other));
    assert_eq!(dir.employee_by_external_id("HR-7").map(|x| x.id), Some(e));
}

#[test]
fn updates_change_and_clear_keys_and_deletes_free_them() {
    let mut dir = Directory::new();
    let e = dir.create_employee(NewEmployee::new("Liisa").external_id("HR-7")).unwrap();
    let c = dir.create_customer(NewCustomer::new("Esimerkki Oy").external_id("CRM-1")).unwrap();
    let p = dir.create_project(c, "Remontti").unwrap();
    let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen")).unwrap();

    dir.update_employee(e, EmployeeUpdate { external_id: Some(Some("HR-8".into())), ..Default::default() }).unwrap();
    assert!(dir.employee_by_external_id("HR-7").is_none());
    assert_eq!(dir.employee_by_external_id("HR-8").map(|x| x.id), Some(e));
    dir.update_project(p, ProjectUpdate { external_id: Some(Some("ERP-1".into())), ..Default::default() }).unwrap();
    assert_eq!(dir.project_by_external_id("ERP-1").map(|x| x.id), Some(p));
    dir.update_customer_group(g, CustomerGroupUpdate { external_id: Some(Some("A".into())), ..Default::default() })
        .unwrap();
    assert_eq!(dir.customer_group_by_external_id("A").map(|x| x.id), Some(g));

    // Clearing, by `Some(None)` or by a blank key.
    dir.update_customer(c, CustomerUpdate { external_id: Some(None), ..Default::default() }).unwrap();
    assert_eq!(dir.customer(c).unwrap().external_id, None);
    assert!(dir.customer_by_external_id("CRM-1").is_none());
    dir.update_customer_group(g, CustomerGroupUpdate { external_id: Some(Some("  ".into())), ..Default::default() })
        .unwrap();
    assert!(dir.customer_group_by_external_id("A").is_none());
    // Leaving the key out leaves it as it is.
    dir.update_employee(e, EmployeeUpdate { name: Some("Liisa Ek".into()), ..Default::default() }).unwrap();
    assert_eq!(dir.employee(e).unwrap().external_id.as_deref(), Some("HR-8"));
    // Giving an entity its own key again changes nothing.
    let seq = dir.last_seq();
    dir.update_employee(e, EmployeeUpdate { external_id: Some(Some("HR-8".into())), ..Default::default() }).unwrap();
    assert_eq!(dir.last_seq(), seq);

    // A delete frees the key for another entity.
    dir.delete_project(p).unwrap();
    assert!(dir.project_by_external_id("ERP-1").is_none());
    let p2 = dir.create_project_with(c, &NewProject::new("Uusi").external_id("ERP-1")).unwrap();
    assert_eq!(dir.project_by_external_id("ERP-1").map(|x| x.id), Some(p2));
    dir.delete_employee(e).unwrap();
    let e2 = dir.create_employee(NewEmployee::new("Matti").external_id("HR-8")).unwrap();
    assert_eq!(dir.employee_by_external_id("HR-8").map(|x| x.id), Some(e2));
    dir.check_integrity().unwrap();
}

#[test]
fn a_key_held_by_another_entity_of_the_kind_is_refused_and_nothing_changes() {
    let mut dir = Directory::new();
    let e = dir.create_employee(NewEmployee::new("Liisa").external_id("HR-7")).unwrap();
    let e2 = dir.create_employee(NewEmployee::new("Matti")).unwrap();
    let c = dir.create_customer(NewCustomer::new("Esimerkki Oy").external_id("CRM-1")).unwrap();
    let c2 = dir.create_customer(NewCustomer::new("Toinen Oy")).unwrap();
    let p = dir.create_project_with(c, &NewProject::new("Remontti").external_id("ERP-1")).unwrap();
    let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").external_id("A")).unwrap();
    let before = dir.data();
    let seq = dir.last_seq();

    let err = dir.create_employee(NewEmployee::new("Aino").external_id("HR-7")).unwrap_err();
    assert_eq!(duplicate(err), (EntityKind::Employee, "HR-7".to_owned(), e.into()));
    let err = dir
        .update_employee(e2, EmployeeUpdate { external_id: Some(Some(" HR-7".into())), ..Default::default() })
        .unwrap_err();
    assert_eq!(duplicate(err), (EntityKind::Employee, "HR-7".to_owned(), e.into()));
    let err = dir.create_customer(NewCustomer::new("Kolmas Oy").external_id("CRM-1")).unwrap_err();
    assert_eq!(duplicate(err.clone()), (EntityKind::Customer, "CRM-1".to_owned(), c.into()));
    assert_eq!(err.to_string(), "customer #1 already has the external id \"CRM-1\"");
    let err = dir
        .update_customer(c2, CustomerUpdate { external_id: Some(Some("CRM-1".into())), ..Default::default() })
        .unwrap_err();
    assert_eq!(duplicate(err), (EntityKind::Customer, "CRM-1".to_owned(), c.into()));
    let err = dir.create_project_with(c2, &NewProject::new("Toinen").external_id("ERP-1")).unwrap_err();
    assert_eq!(duplicate(err), (EntityKind::Project, "ERP-1".to_owned(), p.into()));
    let err = dir.create_customer_group(NewCustomerGroup::new("Etelä").external_id("A")).unwrap_err();
    assert_eq!(duplicate(err), (EntityKind::CustomerGroup, "A".to_owned(), g.into()));

    // Bad text is refused with the field named.
    let err = dir.create_customer(NewCustomer::new("X").external_id("CRM\u{7}2")).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidText { field: Field::ExternalId, problem: TextProblem::ControlCharacter { at: 3 }, .. }
    ));
    let long = "k".repeat(MAX_EXTERNAL_ID_LEN + 1);
    let err = dir
        .update_project(p, ProjectUpdate { external_id: Some(Some(long)), archived: Some(true), ..Default::default() })
        .unwrap_err();
    assert!(matches!(err, Error::InvalidText { field: Field::ExternalId, problem: TextProblem::TooLong { .. }, .. }));

    assert_eq!(dir.data(), before);
    assert_eq!(dir.last_seq(), seq);
    // A key of the longest length is taken.
    let longest = "k".repeat(MAX_EXTERNAL_ID_LEN);
    dir.update_project(p, ProjectUpdate { external_id: Some(Some(longest.clone())), ..Default::default() }).unwrap();
    assert_eq!(dir.project_by_external_id(&longest).map(|x| x.id), Some(p));
}

#[test]
fn the_file_store_keeps_keys_and_loading_refuses_shared_ones() {
    let path = std::env::temp_dir().join(format!("vastuu-external-ids-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    let (c, e) = {
        let mut dir = Directory::open(&path).unwrap();
        let e = dir.create_employee(NewEmployee::new("Liisa").external_id("HR-7")).unwrap();
        let c = dir.create_customer(NewCustomer::new("Esimerkki Oy").external_id("CRM-1")).unwrap();
        dir.compact().unwrap();
        dir.update_customer(c, CustomerUpdate { external_id: Some(Some("CRM-2".into())), ..Default::default() })
            .unwrap();
        (c, e)
    };
    let dir = Directory::open(&path).unwrap();
    assert_eq!(dir.customer_by_external_id("CRM-2").map(|x| x.id), Some(c));
    assert!(dir.customer_by_external_id("CRM-1").is_none());
    assert_eq!(dir.employee_by_external_id("HR-7").map(|x| x.id), Some(e));

    // Two customers with one key in hand-built data: refused as corrupt data.
    let mut data = dir.data();
    let mut twin = data.customers[0].clone();
    twin.id = vastuu::CustomerId(data.next_ids.customer);
    twin.number = None;
    data.next_ids.customer += 1;
    data.customers.push(twin);
    let err = Directory::from_data(data).unwrap_err();
    assert!(
        matches!(&err, Error::Store(StoreError::Corrupt { detail }) if detail.contains("share an external id")),
        "{err:?}"
    );
    drop(dir);
    std::fs::remove_dir_all(&path).unwrap();
}

#[test]
fn a_revert_that_would_give_a_key_to_a_second_entity_is_refused() {
    let mut dir = Directory::new();
    let c = dir.create_customer(NewCustomer::new("Esimerkki Oy").external_id("CRM-1")).unwrap();
    dir.delete_customer(c).unwrap();
    let deleted = dir.last_seq();
    let other = dir.create_customer(NewCustomer::new("Toinen Oy").external_id("CRM-1")).unwrap();
    let before = dir.data();
    let err = dir.revert(deleted, true).unwrap_err();
    assert_eq!(duplicate(err), (EntityKind::Customer, "CRM-1".to_owned(), other.into()));
    assert_eq!(dir.data(), before);
    // Once the key is free again, the revert puts the customer back with it.
    dir.update_customer(other, CustomerUpdate { external_id: Some(None), ..Default::default() }).unwrap();
    dir.revert(deleted, true).unwrap();
    assert_eq!(dir.customer_by_external_id("CRM-1").map(|x| x.id), Some(c));
}

#[test]
fn the_customer_export_writes_keys_on_request_and_imports_back_by_them() {
    use vastuu::{CustomerFilter, Export, ExportOptions, ImportFormat, ImportOptions, ImportSource, Language};
    let mut src = Directory::new();
    let g = src.create_customer_group(NewCustomerGroup::new("Pohjoinen")).unwrap();
    src.create_customer(NewCustomer::new("Esimerkki Oy").group(g).number(10).external_id("CRM-1")).unwrap();
    src.create_customer(NewCustomer::new("Öljy Oy").number(11)).unwrap();
    let export = Export::Customers(CustomerFilter::new());

    let plain = src.export_to_bytes(&export, ExportOptions::language(Language::English)).unwrap();
    let keyed = src.export_to_bytes(&export, ExportOptions::language(Language::English).external_ids(true)).unwrap();
    let header = |bytes: &[u8]| -> Vec<String> {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        range.rows().next().unwrap().iter().map(ToString::to_string).collect()
    };
    assert!(!header(&plain).contains(&"External id".to_owned()));
    assert_eq!(header(&keyed).last().map(String::as_str), Some("External id"));

    // Into an empty directory: the keys come along.
    let mut dst = Directory::new();
    let source = ImportSource::bytes(&keyed, ImportFormat::Xlsx, "asiakkaat.xlsx");
    dst.import(&source, ImportOptions::default().create_missing(true)).unwrap();
    let c = dst.customer_by_external_id("CRM-1").unwrap();
    assert_eq!((c.name.as_str(), c.number), ("Esimerkki Oy", Some(10)));
    assert_eq!(dst.customer_by_number(11).unwrap().external_id, None);

    // The host system renamed and renumbered nothing but the name: the key finds the customer,
    // which takes the new name instead of a second customer being made.
    let csv = "Nimi;Ulkoinen tunnus\nEsimerkki Oyj;CRM-1\nUusi Oy;CRM-2\n";
    let source = ImportSource::bytes(csv.as_bytes(), ImportFormat::Csv, "asiakkaat.csv");
    let report = dst.import(&source, ImportOptions::default().kind(vastuu::ImportKind::Customers)).unwrap();
    assert_eq!(report.changed.len(), 1, "{report:?}");
    assert_eq!(report.changed[0].fields, ["name"]);
    assert_eq!(report.created.len(), 1);
    assert_eq!(dst.customer_by_external_id("CRM-1").unwrap().name, "Esimerkki Oyj");
    assert_eq!(dst.customer_by_external_id("CRM-2").unwrap().name, "Uusi Oy");
    assert_eq!(dst.customers().count(), 3);

    // A key given twice in one file: reported, nothing changes.
    let before = dst.data();
    let csv = "Nimi;Ulkoinen tunnus\nA Oy;CRM-9\nB Oy;CRM-9\n";
    let source = ImportSource::bytes(csv.as_bytes(), ImportFormat::Csv, "asiakkaat.csv");
    let err = dst.import(&source, ImportOptions::default().kind(vastuu::ImportKind::Customers)).unwrap_err();
    let Error::Import(problems) = err else { panic!("expected an import error, got {err:?}") };
    assert_eq!(problems.problems.len(), 1, "{problems:?}");
    assert_eq!(problems.problems[0].row, Some(3));
    assert!(problems.problems[0].reason.contains("CRM-9"), "{problems:?}");
    assert_eq!(dst.data(), before);
}

#[test]
fn employee_and_group_imports_match_by_key_first() {
    use vastuu::{ImportFormat, ImportKind, ImportOptions, ImportSource};
    let mut dir = Directory::new();
    let e = dir.create_employee(NewEmployee::new("Liisa Ek").external_id("HR-7")).unwrap();
    let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").external_id("AREA-N")).unwrap();
    let csv = "Nimi;Sähköposti;External id\nLiisa Virtanen;liisa@example.fi;HR-7\nMatti;;HR-8\n";
    let source = ImportSource::bytes(csv.as_bytes(), ImportFormat::Csv, "tyontekijat.csv");
    dir.import(&source, ImportOptions::default().kind(ImportKind::Employees)).unwrap();
    let liisa = dir.employee(e).unwrap();
    assert_eq!((liisa.name.as_str(), liisa.email.as_deref()), ("Liisa Virtanen", Some("liisa@example.fi")));
    assert_eq!(dir.employee_by_external_id("HR-8").unwrap().name, "Matti");

    let csv = "Nimi;Ulkoinen tunnus\nPohjois-Suomi;AREA-N\n";
    let source = ImportSource::bytes(csv.as_bytes(), ImportFormat::Csv, "ryhmat.csv");
    dir.import(&source, ImportOptions::default().kind(ImportKind::CustomerGroups)).unwrap();
    assert_eq!(dir.customer_group(g).unwrap().name, "Pohjois-Suomi");
    assert_eq!(dir.customer_groups().count(), 1);

    // A bad key is a problem of its row and column.
    let csv = "Nimi;Ulkoinen tunnus\nEtelä;AREA\u{7}S\n";
    let source = ImportSource::bytes(csv.as_bytes(), ImportFormat::Csv, "ryhmat.csv");
    let err = dir.import(&source, ImportOptions::default().kind(ImportKind::CustomerGroups)).unwrap_err();
    let Error::Import(problems) = err else { panic!("expected an import error, got {err:?}") };
    assert_eq!(problems.problems[0].column.as_deref(), Some("Ulkoinen tunnus"), "{problems:?}");
}

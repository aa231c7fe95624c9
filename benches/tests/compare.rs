//! Every peer of the comparison program gives the same answers as ours on a small generated
//! directory, and the checks catch a peer that does not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;
use vastuu::export::ExportOptions;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{Directory, Page};
use vastuu_benches::compare::{bulk, postgres, reopen, sql, visibility, xlsx, HarnessError};
use vastuu_benches::{directory, Workload};
use vastuu_tests::op::{run, Value};

fn small() -> Directory {
    directory(&GeneratorConfig::small())
}

#[test]
fn the_visibility_peers_agree_with_can_view_and_visible_customers() {
    let dir = small();
    let w = Workload::new(&dir);
    let peer = visibility::VisibilityPeer::build(&dir, w.day).unwrap();
    let mut pairs = w.random_pairs.clone();
    pairs.extend_from_slice(&w.responsible_pairs);
    let everyone: Vec<_> = dir.employees().map(|e| e.id).collect();
    visibility::check(&dir, &peer, &pairs, &everyone, w.day).unwrap();
    assert_eq!(visibility::count_visible(&dir, &pairs, w.day), peer.count_in_set(&pairs));
    assert!(peer.count_in_set(&pairs) > 0);
    // Every customer in every bitset's order, once.
    assert_eq!(peer.order.len(), dir.customers().count());

    // A peer missing one visible pair is caught.
    let mut wrong = visibility::VisibilityPeer::build(&dir, w.day).unwrap();
    let (e, c) = *w.responsible_pairs.iter().find(|(e, c)| wrong.pairs.contains(&(e.get(), c.get()))).unwrap();
    wrong.pairs.remove(&(e.get(), c.get()));
    assert!(matches!(visibility::check(&dir, &wrong, &pairs, &[], w.day), Err(HarnessError::Disagree(_))));
    // A bitset missing a customer is caught.
    let mut wrong = visibility::VisibilityPeer::build(&dir, w.day).unwrap();
    let bits = wrong.bitsets.get_mut(&w.busy_employee.get()).unwrap();
    let word = bits.iter().position(|b| *b != 0).unwrap();
    bits[word] &= bits[word] - 1;
    assert!(matches!(visibility::check(&dir, &wrong, &[], &[w.busy_employee], w.day), Err(HarnessError::Disagree(_))));
}

#[test]
fn the_sqlite_peer_answers_the_matrix_and_list_pages_as_ours_do() {
    let dir = small();
    let w = Workload::new(&dir);
    let peer = sql::SqlPeer::load(&dir).unwrap();
    let group = w.group;
    for text in ["oy", "öljy", "a"] {
        for (rows, columns) in [(Page::first(50), Page::first(50)), (Page::new(5, 10), Page::new(3, 7))] {
            let ours = dir.matrix(&sql::matrix_query(group, text, rows, columns)).unwrap();
            let theirs = peer.matrix_page(group.get(), text, rows, columns).unwrap();
            sql::check_matrix(&ours, &theirs).unwrap();
        }
    }
    let m = dir.matrix(&sql::matrix_query(group, "a", Page::first(50), Page::first(50))).unwrap();
    assert!(!m.rows.is_empty() && !m.cells.is_empty(), "the check compared something");

    for page in [Page::first(100), Page::new(250, 100), Page::new(1_000_000, 100)] {
        let ours = dir.responsible_persons(&sql::list_query(page)).unwrap();
        let theirs = peer.list_page(page).unwrap();
        sql::check_list(&ours, &theirs).unwrap();
    }
    let ours = dir.responsible_persons(&sql::list_query(Page::first(100))).unwrap();
    assert_eq!(ours.rows.len(), 100);
    assert!(ours.rows.iter().any(|r| !r.roles.is_empty()), "roles are compared too");

    // A different row is caught.
    let mut theirs = peer.list_page(Page::first(100)).unwrap();
    theirs.rows.swap(0, 1);
    assert!(matches!(sql::check_list(&ours, &theirs), Err(HarnessError::Disagree(_))));
    let mut theirs = peer.matrix_page(group.get(), "a", Page::first(50), Page::first(50)).unwrap();
    theirs.cells.pop();
    assert!(matches!(sql::check_matrix(&m, &theirs), Err(HarnessError::Disagree(_))));
}

#[test]
fn toggles_leave_ours_and_the_sqlite_peer_holding_the_same_responsibilities() {
    let mut dir = small();
    let peer = sql::SqlPeer::load(&dir).unwrap();
    let toggles = sql::Toggles::pick(&dir, 64, 5).unwrap();
    assert_eq!(toggles.ours.len(), 64);
    sql::check_toggles(&dir, &peer, &toggles).unwrap();
    for round in 0..3 {
        for (op, (c, p, pe)) in toggles.ours.iter().zip(&toggles.peer) {
            let ours = run(&mut dir, op).unwrap() == Value::Toggled(vastuu::Toggled::Added);
            assert_eq!(ours, peer.toggle(*c, *p, *pe).unwrap(), "round {round}: {op:?}");
        }
        sql::check_toggles(&dir, &peer, &toggles).unwrap();
    }
    // A toggle made on one side only is caught.
    let (c, p, e) = toggles.peer[0];
    peer.toggle(c, p, e).unwrap();
    assert!(matches!(sql::check_toggles(&dir, &peer, &toggles), Err(HarnessError::Disagree(_))));
}

#[test]
fn a_bulk_plan_applied_and_a_toggle_per_customer_leave_the_same_responsibilities() {
    let mut dir = small();
    let case = bulk::BulkCase::pick(&mut dir, 100).unwrap();
    let before = case.held(&dir).unwrap();
    assert!(before.is_empty(), "a new employee");
    let plan = case.check(&mut dir).unwrap();
    assert!(plan.changes.len() >= 50 && plan.customers() >= 100, "{} of {}", plan.changes.len(), plan.customers());
    assert!(!plan.skipped.is_empty(), "some customers have someone in the role");
    let changed: Vec<vastuu::CustomerId> = plan.changes.iter().map(|c| c.customer).collect();
    assert_eq!(case.toggle_each(&mut dir, &changed).unwrap(), changed.len());
    assert!(case.held(&dir).unwrap().is_empty(), "toggled on and off");
    // A responsibility left behind on one side is caught.
    dir.toggle(changed[0].into(), case.employee).unwrap();
    assert!(matches!(case.check(&mut dir), Err(HarnessError::Disagree(_))));
}

#[test]
fn the_rust_xlsxwriter_peer_writes_the_cells_our_export_writes() {
    let dir = small();
    let query = xlsx::export_query();
    let total = dir.responsibilities().len();
    let sheet = xlsx::PeerSheet::compute(&dir, &query).unwrap();
    assert_eq!(sheet.row_count(), total, "every responsibility is a row");
    let folder = std::env::temp_dir().join(format!("vastuu-compare-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let peer_path = folder.join("peer.xlsx");
    sheet.write(&peer_path).unwrap();
    let ours = dir.export_to_bytes(&xlsx::export(), ExportOptions::default()).unwrap();
    let compared = xlsx::compare_books(
        Cursor::new(ours.clone()),
        std::io::BufReader::new(std::fs::File::open(&peer_path).unwrap()),
        "peer",
    )
    .unwrap();
    assert_eq!(compared.last_row as usize, total);
    assert!(compared.cells > (total * 6) as u64, "{compared:?}");

    // One cell changed is caught.
    let mut wrong = xlsx::PeerSheet::compute(&dir, &query).unwrap();
    assert!(wrong.set_cell(7, 4, xlsx::PeerCell::Text("Someone Else".into())));
    wrong.write(&peer_path).unwrap();
    let result = xlsx::compare_books(
        Cursor::new(ours),
        std::io::BufReader::new(std::fs::File::open(&peer_path).unwrap()),
        "peer",
    );
    assert!(matches!(result, Err(HarnessError::Disagree(_))), "{result:?}");
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn an_export_child_run_reports_rows_time_and_memory() {
    let config = GeneratorConfig::small();
    assert_eq!(xlsx::parse_config_arg(&xlsx::config_arg(&config)).unwrap(), config);
    let folder = std::env::temp_dir().join(format!("vastuu-compare-child-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    for side in [xlsx::ExportSide::Ours, xlsx::ExportSide::Peer] {
        let run = xlsx::run_child(side, &config, &folder.join("x.xlsx")).unwrap();
        assert_eq!(run.rows, u64::from(config.responsibilities));
        assert!(run.seconds > 0.0);
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn the_postcard_peer_decodes_the_data_the_reopened_store_holds() {
    let folder = reopen::StoreFolder::create(generate(&GeneratorConfig::small()), "reopen-test").unwrap();
    folder.check().unwrap();
    let decoded = folder.decode().unwrap();
    assert_eq!(decoded.data.customers.len(), GeneratorConfig::small().customers as usize);
    let path = folder.path().to_path_buf();
    drop(folder);
    assert!(!path.exists(), "the folder is removed");
}

/// The PostgreSQL server of the test script, if there is one (required under `CI=true`).
fn postgres_server() -> Option<String> {
    let dsn = postgres::dsn();
    if dsn.is_none() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "{} is not set", postgres::DSN_VAR);
        eprintln!("skipped: {} is not set (scripts/postgres.sh starts a server)", postgres::DSN_VAR);
    }
    dsn
}

#[test]
fn toggles_through_the_postgres_store_and_the_postgres_peer_hold_the_same_responsibilities() {
    let Some(dsn) = postgres_server() else { return };
    let schema = postgres::schema_name("test");
    let _dropped = postgres::SchemaGuard::new(&dsn, &schema);
    let mut dir = postgres::directory_on(&dsn, &schema, generate(&GeneratorConfig::small())).unwrap();
    let peer = postgres::PgPeer::load(&dsn, &dir).unwrap();
    let toggles = sql::Toggles::pick(&dir, 32, 5).unwrap();
    sql::check_toggles(&dir, &peer, &toggles).unwrap();
    for round in 0..3 {
        for (op, (c, p, pe)) in toggles.ours.iter().zip(&toggles.peer) {
            let ours = run(&mut dir, op).unwrap() == Value::Toggled(vastuu::Toggled::Added);
            assert_eq!(ours, peer.toggle(*c, *p, *pe).unwrap(), "round {round}: {op:?}");
        }
        sql::check_toggles(&dir, &peer, &toggles).unwrap();
    }
    postgres::check_stored(&dsn, &schema, &dir).unwrap();
    // A toggle made on one side only is caught.
    let (c, p, e) = toggles.peer[0];
    peer.toggle(c, p, e).unwrap();
    assert!(matches!(sql::check_toggles(&dir, &peer, &toggles), Err(HarnessError::Disagree(_))));
}

#[test]
fn catching_up_with_a_writer_process_gives_what_catching_up_locally_gives() {
    let Some(dsn) = postgres_server() else { return };
    let schema = postgres::schema_name("test");
    let _dropped = postgres::SchemaGuard::new(&dsn, &schema);
    let data = generate(&GeneratorConfig::small());
    drop(postgres::directory_on(&dsn, &schema, data.clone()).unwrap());
    let mut local = postgres::LocalPair::new(data).unwrap();
    let mut reader = postgres::open(&dsn, &schema).unwrap();
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_vastuu-benches"));
    for (pairs, seed) in [(20, 3), (7, 4)] {
        postgres::write_toggles(&mut local.writer, pairs, seed).unwrap();
        assert_eq!(local.reader.sync().unwrap(), 2 * pairs as u64);
        let stored = postgres::write_in_child(exe, &dsn, &schema, pairs, seed).unwrap();
        assert_eq!(reader.sync().unwrap(), 2 * pairs as u64);
        postgres::check_caught_up(&reader, &local.reader, stored).unwrap();
    }
    // A directory that has not caught up is caught; so is one that holds other data.
    let stored = postgres::write_in_child(exe, &dsn, &schema, 3, 9).unwrap();
    assert!(matches!(postgres::check_caught_up(&reader, &local.reader, stored), Err(HarnessError::Disagree(_))));
    reader.sync().unwrap();
    postgres::write_toggles(&mut local.writer, 3, 9).unwrap();
    local.reader.sync().unwrap();
    postgres::check_caught_up(&reader, &local.reader, stored).unwrap();
    sql::Toggles::pick(&local.writer, 1, 10).unwrap().run_ours(&mut local.writer).unwrap();
    local.reader.sync().unwrap();
    assert!(matches!(postgres::check_caught_up(&reader, &local.reader, stored), Err(HarnessError::Disagree(_))));
}

#[test]
fn the_sqlite_peer_reports_how_it_runs_each_timed_query() {
    let dir = small();
    let peer = sql::SqlPeer::load(&dir).unwrap();
    let plans = peer.plans().unwrap();
    assert_eq!(plans.len(), 9);
    // Every query that reads has a plan (an INSERT of values reads nothing).
    assert!(plans.iter().all(|p| p.plan.is_empty() == (p.name == "toggle: insert") && !p.sql.is_empty()), "{plans:#?}");
    // The page queries walk the indexes in order; the toggle finds its row by the primary key.
    let plan = |name: &str| plans.iter().find(|p| p.name == name).unwrap().plan.join("\n");
    assert!(plan("list page").contains("customer_order"), "{}", plan("list page"));
    assert!(plan("toggle: delete").contains("PRIMARY KEY"), "{}", plan("toggle: delete"));
}

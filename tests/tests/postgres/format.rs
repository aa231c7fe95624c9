//! What the PostgreSQL store refuses: rows of a newer format, tables of a newer schema version,
//! a schema holding something else, a snapshot older than the one stored or beyond the head.

use super::{directory, place, store};
use vastuu::{
    Directory, PostgresOptions, PostgresStore, Snapshot, Store, StoreError, FORMAT_VERSION, POSTGRES_SCHEMA_VERSION,
};
use vastuu_tests::postgres_server::client;

fn sql(place: &vastuu_tests::backends::Postgres, statement: &str) {
    client(place.dsn()).batch_execute(&statement.replace("{s}", &format!("\"{}\"", place.schema()))).unwrap();
}

#[test]
fn rows_of_a_newer_format_are_refused() {
    let Some(place) = place() else { return };
    let mut dir = directory(&place);
    dir.create_team("Huolto").unwrap();
    let mut reader = store(&place, PostgresOptions::new());
    reader.load().unwrap();
    dir.create_team("Myynti").unwrap();
    let newer = FORMAT_VERSION + 1;
    sql(&place, &format!("UPDATE {{s}}.change_set SET format = {newer} WHERE seq = 2"));
    let unsupported = |e: StoreError| matches!(e, StoreError::UnsupportedVersion { found, supported, .. } if found == newer && supported == FORMAT_VERSION);
    let err = store(&place, PostgresOptions::new()).load().unwrap_err();
    assert!(unsupported(err.clone()), "{err:?}");
    let err = reader.changes_since(1).unwrap_err();
    assert!(unsupported(err.clone()), "{err:?}");
    sql(&place, &format!("UPDATE {{s}}.change_set SET format = {FORMAT_VERSION}"));
    dir.compact().unwrap();
    sql(&place, &format!("UPDATE {{s}}.snapshot SET format = {newer}"));
    let err = store(&place, PostgresOptions::new()).load().unwrap_err();
    assert!(unsupported(err.clone()), "{err:?}");
}

#[test]
fn a_schema_of_a_newer_version_is_refused() {
    let Some(place) = place() else { return };
    drop(store(&place, PostgresOptions::new()));
    sql(&place, &format!("UPDATE {{s}}.head SET schema_version = {}", POSTGRES_SCHEMA_VERSION + 1));
    let err = PostgresStore::connect_with(place.dsn(), place.options()).unwrap_err();
    assert!(
        matches!(err, StoreError::UnsupportedVersion { found, supported, .. } if found == POSTGRES_SCHEMA_VERSION + 1 && supported == POSTGRES_SCHEMA_VERSION),
        "{err:?}"
    );
}

#[test]
fn a_schema_holding_something_else_is_not_a_store_and_is_left_alone() {
    let Some(place) = place() else { return };
    sql(&place, "CREATE SCHEMA {s}; CREATE TABLE {s}.invoice (id int); INSERT INTO {s}.invoice VALUES (7);");
    let err = PostgresStore::connect_with(place.dsn(), place.options()).unwrap_err();
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");
    let tables: i64 = client(place.dsn())
        .query_one("SELECT count(*) FROM pg_tables WHERE schemaname = $1", &[&place.schema()])
        .unwrap()
        .get(0);
    assert_eq!(tables, 1);
}

#[test]
fn unusable_schema_names_are_refused() {
    let Some(place) = place() else { return };
    for name in ["", "Sales", "1st", "a-b", "x\"; DROP TABLE y; --", &"a".repeat(49)] {
        let err = PostgresStore::connect_with(place.dsn(), PostgresOptions::new().schema(name)).unwrap_err();
        assert!(matches!(err, StoreError::Failed(_)), "{name:?}: {err:?}");
    }
}

#[test]
fn a_snapshot_never_replaces_a_newer_one_and_only_the_newest_is_kept() {
    let Some(place) = place() else { return };
    let mut dir = directory(&place);
    dir.create_team("Huolto").unwrap();
    let at_one = Snapshot { seq: 1, data: dir.data() };
    dir.create_team("Myynti").unwrap();
    dir.compact().unwrap();
    let mut handle = store(&place, PostgresOptions::new());
    handle.write_snapshot(&at_one).unwrap();
    let loaded = handle.load().unwrap();
    assert_eq!(loaded.snapshot.map(|s| s.seq), Some(2));
    let rows: i64 = client(place.dsn())
        .query_one(&format!("SELECT count(*) FROM \"{}\".snapshot", place.schema()), &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
    // The store holds change sets up to 2 only.
    let beyond = Snapshot { seq: 3, data: dir.data() };
    assert!(matches!(handle.write_snapshot(&beyond), Err(StoreError::Failed(_))));
    let reopened = directory(&place);
    assert_eq!(reopened.data(), dir.data());
}

#[test]
fn two_directories_made_from_different_data_in_one_store_are_refused() {
    let Some(place) = place() else { return };
    let mut first = store(&place, PostgresOptions::new());
    let mut second = store(&place, PostgresOptions::new());
    // Both looked before either wrote.
    assert_eq!(first.load().unwrap(), vastuu::Stored::default());
    assert_eq!(second.load().unwrap(), vastuu::Stored::default());
    let mut a = Directory::new();
    a.create_team("Huolto").unwrap();
    let mut b = Directory::new();
    b.create_team("Myynti").unwrap();
    first.write_snapshot(&Snapshot { seq: 0, data: a.data() }).unwrap();
    let err = second.write_snapshot(&Snapshot { seq: 0, data: b.data() }).unwrap_err();
    assert!(matches!(err, StoreError::Failed(_)), "{err:?}");
    // The same data again is no conflict.
    second.write_snapshot(&Snapshot { seq: 0, data: a.data() }).unwrap();
    assert_eq!(directory(&place).data(), a.data());
}

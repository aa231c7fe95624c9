//! Lost connections and lost acknowledgements while a change set is being stored: a change set
//! is stored once or not at all, `commit` says which, and the handle goes on on a new
//! connection.
//!
//! The fault plan drops the store's connection at one step of storing a change set
//! (`PostgresStore::connect_with_faults`): 1 `begin`, 2 `store change set` (before the statement
//! that stores it is sent), 3 `commit` (as if that statement was sent and lost on the way: the
//! server never runs it), 4 `acknowledgement` (after the server committed, as if its answer was
//! lost).

use super::{directory, place, store};
use std::time::{Duration, Instant};
use vastuu::{Directory, Error, FaultPlan, PostgresOptions, PostgresStore, Store, StoreError};
use vastuu_tests::backends::Postgres;
use vastuu_tests::postgres_server::{client, OwnServer};

fn faulty(place: &Postgres, options: PostgresOptions) -> (FaultPlan, Directory) {
    let faults = FaultPlan::new();
    let handle = PostgresStore::connect_with_faults(place.dsn(), options.schema(place.schema()), &faults).unwrap();
    (faults, Directory::with_store(handle).unwrap())
}

fn team_names(place: &Postgres) -> Vec<String> {
    let dir = directory(place);
    let mut names: Vec<String> = dir.teams().map(|t| t.name.clone()).collect();
    names.sort();
    names
}

#[test]
fn a_lost_acknowledgement_of_a_stored_change_set_is_success_and_it_is_stored_once() {
    let Some(place) = place() else { return };
    let (faults, mut dir) = faulty(&place, PostgresOptions::new());
    dir.create_team("Ensin").unwrap();
    faults.fail_nth(4);
    dir.create_team("Huolto").unwrap();
    let injected = faults.injected();
    assert_eq!(injected.len(), 1);
    assert!(injected[0].starts_with("acknowledgement"), "{injected:?}");
    assert_eq!(dir.teams().count(), 2);
    // Stored once, as change set 2; the handle goes on.
    dir.create_team("Myynti").unwrap();
    assert_eq!(team_names(&place), ["Ensin", "Huolto", "Myynti"]);
    let stored = store(&place, PostgresOptions::new()).load().unwrap();
    assert_eq!(stored.change_sets, dir.change_sets().unwrap());
    assert_eq!(stored.change_sets.len(), 3);
}

#[test]
fn a_commit_lost_on_the_way_is_an_error_and_stores_nothing() {
    let Some(place) = place() else { return };
    let (faults, mut dir) = faulty(&place, PostgresOptions::new());
    dir.create_team("Ensin").unwrap();
    faults.fail_nth(3);
    let err = dir.create_team("Huolto").unwrap_err();
    match &err {
        Error::Store(StoreError::Io { operation, .. }) => {
            assert!(operation.contains("was not stored"), "{operation}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(dir.teams().count(), 1, "the directory did not change");
    assert_eq!(team_names(&place), ["Ensin"]);
    // The next call reconnects; the change set is planned and stored anew.
    dir.create_team("Huolto").unwrap();
    assert_eq!(team_names(&place), ["Ensin", "Huolto"]);
    assert_eq!(store(&place, PostgresOptions::new()).load().unwrap().change_sets, dir.change_sets().unwrap());
}

#[test]
fn a_connection_lost_before_commit_stores_nothing() {
    let Some(place) = place() else { return };
    for step in [1, 2] {
        let (faults, mut dir) = faulty(&place, PostgresOptions::new().poll_interval(Duration::ZERO));
        let before = dir.teams().count();
        faults.fail_nth(step);
        let err = dir.create_team(&format!("Tiimi {step}")).unwrap_err();
        match &err {
            Error::Store(StoreError::Io { operation, .. }) => {
                assert!(operation.contains("nothing was stored"), "step {step}: {operation}");
            }
            other => panic!("step {step}: {other:?}"),
        }
        assert_eq!(dir.teams().count(), before);
        dir.create_team(&format!("Tiimi {step}")).unwrap();
    }
    assert_eq!(team_names(&place), ["Tiimi 1", "Tiimi 2"]);
}

#[test]
fn a_server_process_ended_while_its_commit_waits_for_the_head_stores_nothing() {
    let Some(place) = place() else { return };
    let handle = store(&place, PostgresOptions::new());
    let pid = handle.backend_pid().unwrap();
    let mut dir = Directory::with_store(handle).unwrap();
    dir.create_team("Ensin").unwrap();
    // Another session holds the head: dir's commit waits for it.
    let mut holder = client(place.dsn());
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute(&format!("SELECT seq FROM \"{}\".head FOR UPDATE", place.schema())).unwrap();
    let result = std::thread::scope(|s| {
        let writer = s.spawn(|| dir.create_team("Huolto"));
        let mut admin = client(place.dsn());
        let start = Instant::now();
        loop {
            let waiting: bool = admin
                .query_one(
                    "SELECT count(*) > 0 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
                    &[&pid],
                )
                .unwrap()
                .get(0);
            if waiting {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "the commit never waited for the head");
            std::thread::sleep(Duration::from_millis(10));
        }
        let ended: bool = admin.query_one("SELECT pg_terminate_backend($1)", &[&pid]).unwrap().get(0);
        assert!(ended);
        writer.join().unwrap()
    });
    tx.rollback().unwrap();
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::Store(StoreError::Io { operation, .. }) if operation.contains("nothing was stored")),
        "{err:?}"
    );
    assert_eq!(team_names(&place), ["Ensin"]);
    dir.create_team("Huolto").unwrap();
    assert_eq!(team_names(&place), ["Ensin", "Huolto"]);
}

/// Lets connections to the own server's database in, or not.
fn allow_connections(server: &OwnServer, allow: bool) {
    // From another database: the current one's connections cannot be disallowed.
    client(&server.dsn.replace("dbname=vastuu", "dbname=postgres"))
        .batch_execute(&format!("ALTER DATABASE vastuu WITH ALLOW_CONNECTIONS {allow}"))
        .unwrap();
}

#[test]
fn a_commit_whose_outcome_cannot_be_found_out_needs_reopening() {
    let Some(server) = OwnServer::start() else { return };
    let options = || PostgresOptions::new().schema("lost").outcome_wait(Duration::from_secs(1));
    // step 4: the server committed; step 3: it rolled back. Either way nobody can be asked.
    for (step, name, stored) in [(4, "Huolto", true), (3, "Myynti", false)] {
        let faults = FaultPlan::new();
        let mut dir =
            Directory::with_store(PostgresStore::connect_with_faults(&server.dsn, options(), &faults).unwrap())
                .unwrap();
        let (before, before_seq) = (dir.teams().count(), dir.last_seq());
        // Connections already made stay; new ones are refused.
        allow_connections(&server, false);
        faults.fail_nth(step);
        let err = dir.create_team(name).unwrap_err();
        assert!(
            matches!(&err, Error::Store(StoreError::OutcomeUnknown { seq, cause })
                if cause.contains("open the store anew") && *seq == before_seq + 1),
            "{err:?}"
        );
        assert_eq!(dir.teams().count(), before);
        allow_connections(&server, true);
        // This handle refuses writes from now on; a new one sees what the store holds.
        let again = dir.create_team("Vielä").unwrap_err();
        assert!(matches!(again, Error::Store(StoreError::NeedsReopen { .. })), "{again:?}");
        let reopened = Directory::with_store(PostgresStore::connect_with(&server.dsn, options()).unwrap()).unwrap();
        let count = reopened.teams().filter(|t| t.name == name).count();
        assert_eq!(count, usize::from(stored), "step {step}");
        assert_eq!(reopened.teams().count(), before + usize::from(stored));
        // The reopened directory tells which it was, as the error says.
        assert_eq!(reopened.last_seq() > before_seq, stored, "step {step}");
    }
}

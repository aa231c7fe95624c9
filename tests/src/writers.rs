//! Several writer processes on one store: what each of them does (the `writer-child` binary
//! runs [`run_writer`]) and what the test that starts them (`tests/processes.rs`) needs to
//! check the store afterwards.
//!
//! Every writer works on one directory made by [`set_up`]: two groups with numbering series of
//! their own, a few employees, and customers every writer makes responsibilities for. Each
//! writer names itself as the actor of its change sets and makes mixed mutations, chosen at
//! random against what it has seen: numbered customers created into the groups with series (or
//! into the default series), also two at a time in a transaction; customers moved between
//! groups; responsibilities added to and removed from the shared customers; teams and groups
//! created under a few names, which collide across the writers. Numbered customers are never
//! deleted, so each series stays gap-free; every customer's name is unique to the attempt that
//! created it, so a change set stored twice would show.
//!
//! A writer talks with the test over lines: it prints `ready` once it opened the store and
//! waits for `go`; then `ack <seq> <conflicts>` for each change set the store acknowledged
//! (with the number of conflicts it met and retried so far), `error <code> <message>` for each
//! store error (after which it goes on, opening the store anew when the handle asks for it);
//! `finished <acks> <attempts> <refused>` when done, after which it waits for `sync`, catches
//! up, and prints `conflicts <n>` and `final <last seq> <fingerprint of its data>`.

use std::io::{BufRead, Write};
use std::path::Path;
use std::time::{Duration, Instant};
use vastuu::generate::Rng;
use vastuu::{
    CustomerGroupId, CustomerId, Data, Directory, EmployeeId, Error, NewCustomer, NewCustomerGroup, NewEmployee,
    PostgresOptions, PostgresStore, SqliteStore, Subject,
};

/// The first number of the series of the group [`SERIES_A`] (the default series runs below it).
pub const START_A: u64 = 100_000;
/// The first number of the series of the group [`SERIES_B`].
pub const START_B: u64 = 200_000;
/// A group with a numbering series.
pub const SERIES_A: &str = "Sarja A";
/// Another group with a numbering series.
pub const SERIES_B: &str = "Sarja B";
/// How many shared customers [`set_up`] makes (named `Yhteinen 0`, …).
pub const SHARED_CUSTOMERS: u64 = 6;

/// Where the writers' store is.
#[derive(Clone, Debug)]
pub enum Location {
    /// A SQLite database opened for sharing.
    Sqlite(std::path::PathBuf),
    /// A schema on a PostgreSQL server.
    Postgres {
        /// The server's connection string.
        dsn: String,
        /// The store's schema.
        schema: String,
    },
}

impl Location {
    /// The command-line arguments of `writer-child` that name this place.
    pub fn args(&self) -> Vec<String> {
        match self {
            Location::Sqlite(path) => vec!["sqlite".into(), path.display().to_string(), "-".into()],
            Location::Postgres { dsn, schema } => vec!["postgres".into(), dsn.clone(), schema.clone()],
        }
    }

    /// The place named by `writer-child`'s arguments.
    pub fn from_args(backend: &str, location: &str, schema: &str) -> Location {
        match backend {
            "sqlite" => Location::Sqlite(Path::new(location).to_path_buf()),
            "postgres" => Location::Postgres { dsn: location.to_owned(), schema: schema.to_owned() },
            other => panic!("unknown backend {other}"),
        }
    }

    /// Opens a directory on the store, with `writer` as the store's writer id (PostgreSQL).
    ///
    /// # Errors
    /// The store's error.
    pub fn open(&self, writer: &str) -> vastuu::Result<Directory> {
        match self {
            Location::Sqlite(path) => Directory::with_store(SqliteStore::open_shared(path)?),
            Location::Postgres { dsn, schema } => {
                let options = PostgresOptions::new().schema(schema).writer(writer);
                Directory::with_store(PostgresStore::connect_with(dsn, options)?)
            }
        }
    }
}

/// Makes the directory the writers share.
///
/// # Panics
/// When the store fails.
pub fn set_up(place: &Location) {
    let mut dir = place.open("setup").unwrap();
    dir.set_actor(Some("setup")).unwrap();
    dir.transaction(|d| {
        for name in ["Matti", "Aino", "Pekka", "Liisa"] {
            d.create_employee(NewEmployee::new(name))?;
        }
        d.create_customer_group(NewCustomerGroup::new(SERIES_A).numbering_start(START_A))?;
        d.create_customer_group(NewCustomerGroup::new(SERIES_B).numbering_start(START_B))?;
        for k in 0..SHARED_CUSTOMERS {
            d.create_customer(NewCustomer::new(format!("Yhteinen {k}")))?;
        }
        Ok(())
    })
    .unwrap();
}

/// A fingerprint of the data (FNV-1a of its debug text), to compare processes' data by.
pub fn fingerprint(data: &Data) -> u64 {
    format!("{data:?}").bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The ids a writer draws its mutations' arguments from, as it has seen them.
struct Seen {
    groups: Vec<CustomerGroupId>,
    series: [Option<CustomerGroupId>; 2],
    shared: Vec<CustomerId>,
    customers: Vec<CustomerId>,
    employees: Vec<EmployeeId>,
}

impl Seen {
    fn of(dir: &Directory) -> Seen {
        let group_named = |name: &str| dir.customer_groups().find(|g| g.name == name).map(|g| g.id);
        Seen {
            groups: dir.customer_groups().map(|g| g.id).collect(),
            series: [group_named(SERIES_A), group_named(SERIES_B)],
            shared: dir.customers().filter(|c| c.name.starts_with("Yhteinen ")).map(|c| c.id).collect(),
            customers: dir.customers().map(|c| c.id).collect(),
            employees: dir.employees().map(|e| e.id).collect(),
        }
    }
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> Option<T> {
    (!items.is_empty()).then(|| *rng.pick(items))
}

/// A new numbered customer: into one of the groups with a series, or into the default series.
fn numbered(rng: &mut Rng, seen: &Seen, name: String) -> NewCustomer {
    let group = match rng.below(10) {
        0..=3 => seen.series[0],
        4..=6 => seen.series[1],
        _ => None,
    };
    let new = NewCustomer::new(name);
    match group {
        Some(g) => new.group(g),
        None => new,
    }
}

/// One mutation chosen at random against what the writer has seen; `i` makes its names unique.
fn mutation(dir: &mut Directory, rng: &mut Rng, me: &str, i: u64) -> vastuu::Result<()> {
    let seen = Seen::of(dir);
    let shared = |rng: &mut Rng| -> Option<(Subject, EmployeeId)> {
        Some((Subject::Customer(pick(rng, &seen.shared)?), pick(rng, &seen.employees)?))
    };
    match rng.below(100) {
        0..=29 => dir.create_customer(numbered(rng, &seen, format!("{me} {i}"))).map(drop),
        30..=37 => {
            let (first, second) =
                (numbered(rng, &seen, format!("{me} {i}a")), numbered(rng, &seen, format!("{me} {i}b")));
            dir.transaction(|d| {
                d.create_customer(first.clone())?;
                d.create_customer(second.clone())
            })
            .map(drop)
        }
        38..=57 => match (pick(rng, &seen.groups), pick(rng, &seen.customers)) {
            (Some(g), Some(c)) => dir.move_customer_to_group(g, c),
            _ => Ok(()),
        },
        58..=72 => shared(rng).map_or(Ok(()), |(s, e)| dir.add_responsibility(s, e).map(drop)),
        73..=84 => shared(rng).map_or(Ok(()), |(s, e)| dir.remove_responsibility(s, e)),
        85..=92 => dir.create_team(&format!("Tiimi {}", rng.below(15))).map(drop),
        _ => dir.create_customer_group(NewCustomerGroup::new(format!("Ryhmä {}", rng.below(10)))).map(drop),
    }
}

/// Whether the error is the store's (or a conflict given up), not a rule's refusal.
fn store_error(e: &Error) -> bool {
    matches!(e, Error::Store(_) | Error::Conflict { .. })
}

/// The directory's last change set, read back from the store (which keeps the history), trying
/// again for up to a minute while the store cannot be reached (a server being restarted right
/// after the mutation): the mutation was acknowledged whatever happens to the store after it.
fn last_change_set(dir: &Directory, me: &str) -> Option<vastuu::ChangeSet> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match dir.change_set_range(dir.last_seq(), dir.last_seq()) {
            Ok(mut found) => return found.pop(),
            Err(e) => {
                assert!(store_error(&e) && Instant::now() < deadline, "{me}: cannot read the last change set: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// Opens the store, trying again for up to a minute (a server being restarted).
fn open_patiently(place: &Location, me: &str, out: &mut impl Write) -> Directory {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match place.open(me) {
            Ok(mut dir) => {
                dir.set_actor(Some(me)).unwrap();
                return dir;
            }
            Err(e) => {
                assert!(Instant::now() < deadline, "{me}: cannot open the store: {e}");
                say(out, &format!("error {} opening: {}", e.kind().code(), one_line(&e)));
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

fn one_line(e: &Error) -> String {
    e.to_string().replace('\n', " ")
}

fn say(out: &mut impl Write, line: &str) {
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

fn wait_for(input: &mut impl BufRead, word: &str) {
    let mut line = String::new();
    input.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), word, "expected {word} from the test");
}

/// What `writer-child` does: opens the store at `place` as the actor `me`, makes mutations
/// drawn from `seed` until `acks` of them were acknowledged, and reports over `out` as the
/// module documentation says, waiting on `input` where it says so.
///
/// # Panics
/// When the store cannot be opened for a minute, or the test says something unexpected.
pub fn run_writer(place: &Location, me: &str, seed: u64, acks: u64, input: &mut impl BufRead, out: &mut impl Write) {
    let mut dir = open_patiently(place, me, out);
    say(out, "ready");
    wait_for(input, "go");
    let mut rng = Rng::new(seed);
    let (mut acked, mut attempts, mut refused) = (0u64, 0u64, 0u64);
    // Conflicts retried by the handles closed before the current one.
    let mut earlier_conflicts = 0;
    while acked < acks {
        attempts += 1;
        let before = dir.last_seq();
        let began = Instant::now();
        match mutation(&mut dir, &mut rng, me, attempts) {
            Ok(()) => {
                let ours = last_change_set(&dir, me).filter(|cs| cs.seq > before && cs.actor.as_deref() == Some(me));
                if let Some(cs) = ours {
                    acked += 1;
                    say(out, &format!("ack {} {}", cs.seq, earlier_conflicts + dir.conflicts_retried()));
                }
            }
            Err(e) if store_error(&e) => {
                let (code, after, ms) = (e.kind().code(), dir.last_seq(), began.elapsed().as_millis());
                say(out, &format!("error {code} {} (at change set {before}, then {after}, {ms} ms)", one_line(&e)));
                if matches!(&e, Error::Store(s) if s.needs_reopen()) {
                    earlier_conflicts += dir.conflicts_retried();
                    drop(dir);
                    dir = open_patiently(place, me, out);
                } else {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            Err(_) => refused += 1,
        }
    }
    say(out, &format!("finished {acked} {attempts} {refused}"));
    wait_for(input, "sync");
    let deadline = Instant::now() + Duration::from_secs(60);
    while let Err(e) = dir.sync() {
        assert!(Instant::now() < deadline, "{me}: cannot catch up: {e}");
        say(out, &format!("error {} {}", e.kind().code(), one_line(&e)));
        std::thread::sleep(Duration::from_millis(100));
    }
    say(out, &format!("conflicts {}", earlier_conflicts + dir.conflicts_retried()));
    say(out, &format!("final {} {}", dir.last_seq(), fingerprint(&dir.data())));
}

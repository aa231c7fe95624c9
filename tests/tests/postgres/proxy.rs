//! Lost acknowledgements on the wire: the store talks to the server through a proxy on loopback
//! that reads the PostgreSQL protocol's messages as it passes them on, and cuts the connection
//! at the right message. No fault hook in the store: the server really commits (or really never
//! receives the statement that stores the change set), and the store only sees its connection
//! break.

use super::place;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use vastuu::{Directory, Error, PostgresOptions, PostgresStore, StoreError};

/// Where the proxy cuts the next connection that stores a change set.
const PASS: u8 = 0;
/// The server's `ReadyForQuery` that answers the `Sync` after the statement that stores a change
/// set: the server ran and committed it; its answer is dropped.
const CUT_ACKNOWLEDGEMENT: u8 = 1;
/// The client's `Bind` of the statement that stores a change set: dropped before the server
/// sees it.
const CUT_COMMIT: u8 = 2;

/// One side of a connection: reading, writing, and closing both ways.
type Ends = (Box<dyn Read + Send>, Box<dyn Write + Send>, Box<dyn Fn() + Send + Sync>);

/// A connection to the server, by Unix socket or TCP.
enum Upstream {
    Unix(PathBuf),
    Tcp(String, u16),
}

impl Upstream {
    fn of(dsn: &str) -> Upstream {
        let config = postgres::Config::from_str(dsn).unwrap();
        let port = config.get_ports().first().copied().unwrap_or(5432);
        match config.get_hosts().first() {
            Some(postgres::config::Host::Unix(dir)) => Upstream::Unix(dir.join(format!(".s.PGSQL.{port}"))),
            Some(postgres::config::Host::Tcp(host)) => Upstream::Tcp(host.clone(), port),
            None => Upstream::Tcp("localhost".into(), port),
        }
    }

    fn connect(&self) -> io::Result<Ends> {
        match self {
            Upstream::Unix(path) => {
                let s = UnixStream::connect(path)?;
                let (r, w, c) = (s.try_clone()?, s.try_clone()?, s);
                Ok((Box::new(r), Box::new(w), Box::new(move || drop(c.shutdown(Shutdown::Both)))))
            }
            Upstream::Tcp(host, port) => {
                let s = TcpStream::connect((host.as_str(), *port))?;
                let (r, w, c) = (s.try_clone()?, s.try_clone()?, s);
                Ok((Box::new(r), Box::new(w), Box::new(move || drop(c.shutdown(Shutdown::Both)))))
            }
        }
    }
}

/// The proxy: a loopback port whose connections are passed on to the server.
struct Proxy {
    port: u16,
    mode: Arc<AtomicU8>,
    cuts: Arc<AtomicUsize>,
}

/// Reads one protocol message: a type byte (none for the client's first message) and a
/// length that counts itself.
fn read_message(from: &mut dyn Read, typed: bool) -> io::Result<Vec<u8>> {
    let mut head = vec![0u8; if typed { 5 } else { 4 }];
    from.read_exact(&mut head)?;
    let len_at = usize::from(typed);
    let len = u32::from_be_bytes(head[len_at..len_at + 4].try_into().unwrap()) as usize;
    let mut body = vec![0u8; len.saturating_sub(4)];
    from.read_exact(&mut body)?;
    head.extend_from_slice(&body);
    Ok(head)
}

/// Whether `message` is the client's `Bind` of the statement that stores a change set: the only
/// statement whose parameters name the store's notification channel.
fn binds_a_change_set(message: &[u8]) -> bool {
    message.first() == Some(&b'B') && message.windows(b".change_set".len()).any(|w| w == b".change_set")
}

/// The sync points of one connection: the client's `Sync` and `Query` messages, each answered
/// by one `ReadyForQuery` in order.
#[derive(Default)]
struct SyncPoints {
    /// Sent by the client so far.
    sent: AtomicUsize,
    /// Answered by the server so far, counting the start-up's `ReadyForQuery` (so answer `n`
    /// is that of sync point `n`).
    answered: AtomicUsize,
    /// The sync point that ends the last statement storing a change set (0: none).
    storing: AtomicUsize,
}

/// Passes messages from one side to the other until either side closes, or the message to
/// cut comes by.
fn pump(
    mut from: Box<dyn Read + Send>,
    mut to: Box<dyn Write + Send>,
    client_side: bool,
    mode: &AtomicU8,
    cuts: &AtomicUsize,
    sync: &SyncPoints,
    close: &(dyn Fn() + Sync),
) {
    let mut typed = !client_side;
    while let Ok(message) = read_message(&mut from, typed) {
        typed = true;
        let cut = if client_side {
            let binds = binds_a_change_set(&message);
            match message.first() {
                Some(b'S' | b'Q') => drop(sync.sent.fetch_add(1, Ordering::AcqRel)),
                // The next sync point ends the statement's transaction.
                _ if binds => sync.storing.store(sync.sent.load(Ordering::Acquire) + 1, Ordering::Release),
                _ => {}
            }
            binds && mode.compare_exchange(CUT_COMMIT, PASS, Ordering::AcqRel, Ordering::Acquire).is_ok()
        } else {
            // The statement's transaction has committed when the server answers the sync point
            // after it (the first `ReadyForQuery`, number 0, ends the start-up).
            message.first() == Some(&b'Z')
                && sync.answered.fetch_add(1, Ordering::AcqRel) == sync.storing.load(Ordering::Acquire)
                && mode.compare_exchange(CUT_ACKNOWLEDGEMENT, PASS, Ordering::AcqRel, Ordering::Acquire).is_ok()
        };
        if cut {
            cuts.fetch_add(1, Ordering::AcqRel);
            break;
        }
        if to.write_all(&message).and_then(|()| to.flush()).is_err() {
            break;
        }
    }
    close();
}

impl Proxy {
    fn start(dsn: &str) -> Proxy {
        let upstream = Arc::new(Upstream::of(dsn));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = Arc::new(AtomicU8::new(PASS));
        let cuts = Arc::new(AtomicUsize::new(0));
        let (m, c) = (Arc::clone(&mode), Arc::clone(&cuts));
        // Ends with the test process (the accept loop blocks until then).
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok((server_read, server_write, close_server)) = upstream.connect() else { continue };
                let close_client = {
                    let c = client.try_clone().unwrap();
                    move || drop(c.shutdown(Shutdown::Both))
                };
                let close: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
                    close_client();
                    close_server();
                });
                let client_read = client.try_clone().unwrap();
                let sync = Arc::new(SyncPoints::default());
                for (from, to, client_side) in [
                    (Box::new(client_read) as Box<dyn Read + Send>, server_write, true),
                    (server_read, Box::new(client) as Box<dyn Write + Send>, false),
                ] {
                    let (m, c, close, sync) = (Arc::clone(&m), Arc::clone(&c), Arc::clone(&close), Arc::clone(&sync));
                    std::thread::spawn(move || pump(from, to, client_side, &m, &c, &sync, &*close));
                }
            }
        });
        Proxy { port, mode, cuts }
    }

    /// A connection string through the proxy, with the user and database of `dsn`.
    fn dsn(&self, dsn: &str) -> String {
        let config = postgres::Config::from_str(dsn).unwrap();
        let user = config.get_user().unwrap_or("postgres");
        let db = config.get_dbname().unwrap_or(user);
        format!("host=127.0.0.1 port={} user={user} dbname={db} sslmode=disable", self.port)
    }

    fn arm(&self, mode: u8) {
        self.mode.store(mode, Ordering::Release);
    }

    fn cuts(&self) -> usize {
        self.cuts.load(Ordering::Acquire)
    }
}

fn team_count(dir: &Directory, name: &str) -> usize {
    dir.teams().filter(|t| t.name == name).count()
}

#[test]
fn an_acknowledgement_lost_on_the_wire_after_the_server_committed_is_success_stored_once() {
    let Some(place) = place() else { return };
    let proxy = Proxy::start(place.dsn());
    let options = PostgresOptions::new().schema(place.schema());
    let mut dir =
        Directory::with_store(PostgresStore::connect_with(&proxy.dsn(place.dsn()), options).unwrap()).unwrap();
    dir.create_team("Ensin").unwrap();
    proxy.arm(CUT_ACKNOWLEDGEMENT);
    dir.create_team("Huolto").unwrap();
    assert_eq!(proxy.cuts(), 1, "the acknowledgement was cut");
    dir.create_team("Myynti").unwrap();
    let direct = super::directory(&place);
    assert_eq!(team_count(&direct, "Huolto"), 1);
    assert_eq!(direct.change_sets().unwrap(), dir.change_sets().unwrap());
    assert_eq!(direct.change_sets().unwrap().len(), 3);
}

#[test]
fn a_commit_lost_on_the_wire_before_the_server_got_it_is_an_error_and_stores_nothing() {
    let Some(place) = place() else { return };
    let proxy = Proxy::start(place.dsn());
    let options = PostgresOptions::new().schema(place.schema());
    let mut dir =
        Directory::with_store(PostgresStore::connect_with(&proxy.dsn(place.dsn()), options).unwrap()).unwrap();
    dir.create_team("Ensin").unwrap();
    proxy.arm(CUT_COMMIT);
    let err = dir.create_team("Huolto").unwrap_err();
    assert_eq!(proxy.cuts(), 1, "the statement was cut");
    assert!(
        matches!(&err, Error::Store(StoreError::Io { operation, .. }) if operation.contains("was not stored")),
        "{err:?}"
    );
    assert_eq!(team_count(&dir, "Huolto"), 0);
    assert_eq!(team_count(&super::directory(&place), "Huolto"), 0);
    dir.create_team("Huolto").unwrap();
    let direct = super::directory(&place);
    assert_eq!(team_count(&direct, "Huolto"), 1);
    assert_eq!(direct.change_sets().unwrap(), dir.change_sets().unwrap());
}

//! Several processes on one store (shared SQLite, PostgreSQL): `writer-child` processes (what
//! they do is in `vastuu_tests::writers`) write at once to one store, each as an actor of its
//! own, and this test checks what the store holds afterwards.
//!
//! - Four writers started together, each until 500 of its mixed mutations were acknowledged:
//!   every acknowledged change set is in the store once, as that writer's; every writer ends
//!   with the same data after `sync`, and so does a directory opened anew; customer numbers are
//!   unique and gap-free within each series; conflicts were met and retried (their count is
//!   printed). The writers write as fast as they can, so now and then one loses the race at
//!   every one of its `MAX_ATTEMPTS` attempts and gets `Error::Conflict`: nothing was stored,
//!   and it goes on (printed too; no other error is allowed).
//! - Four writers at a time, one of them killed with SIGKILL at a random moment (at least 20
//!   times) and replaced by a new one; on PostgreSQL the server is also restarted twice mid-run
//!   (`fast` and `immediate`): every acknowledged change set is there once, no customer was
//!   stored twice, each writer that was not killed stored exactly what it was told was stored
//!   (give or take the outcomes it was told are unknown), went on to its end and got only store
//!   errors that say what happened, and all end with the same data; after each restart, a
//!   writer that was running across it stored change sets again.
//!
//! PostgreSQL runs on the server of `VASTUU_POSTGRES_DSN` (the restarts on a server of the
//! test's own); without one it is skipped with a notice (failed under `CI=true`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};
use tempfile::TempDir;
use vastuu::generate::Rng;
use vastuu::Directory;
use vastuu_tests::backends::{Backend, Postgres};
use vastuu_tests::postgres_server::{self, OwnServer};
use vastuu_tests::writers::{fingerprint, set_up, Location, START_A, START_B};

/// How many writers run at once.
const WRITERS: usize = 4;
/// The acknowledged mutations each of the four writers makes.
const ACKS: u64 = 500;
/// The writers killed in the kill test, and the mutations each of them is to make.
const KILLS: u32 = 30;
const KILL_TEST_ACKS: u64 = 120;

/// One writer process and what it said.
struct Writer {
    name: String,
    child: Child,
    stdin: ChildStdin,
    stderr: std::path::PathBuf,
    /// Sends `go` as soon as it is ready (writers started during the kill test).
    auto_go: bool,
    ready: bool,
    acks: Vec<u64>,
    /// The conflicts it met and retried, as it last said.
    conflicts: u64,
    errors: Vec<String>,
    finished: bool,
    last: Option<(u64, u64)>,
    killed: bool,
    /// Its output ended.
    closed: bool,
}

/// Every writer process started on one store, the killed ones too, and their lines.
struct Writers {
    place: Location,
    logs: TempDir,
    all: Vec<Writer>,
    tx: Sender<(usize, Option<String>)>,
    rx: Receiver<(usize, Option<String>)>,
}

impl Writers {
    fn new(place: Location) -> Writers {
        let (tx, rx) = mpsc::channel();
        Writers { place, logs: tempfile::tempdir().unwrap(), all: Vec::new(), tx, rx }
    }

    /// Starts a writer; returns its index in `all`.
    fn start(&mut self, name: String, seed: u64, acks: u64, auto_go: bool) -> usize {
        let index = self.all.len();
        let stderr = self.logs.path().join(format!("writer-{index}.stderr"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_writer-child"))
            .args(self.place.args())
            .args([name.clone(), seed.to_string(), acks.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let tx = self.tx.clone();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send((index, Some(line))).is_err() {
                    return;
                }
            }
            let _ = tx.send((index, None));
        });
        let stdin = child.stdin.take().unwrap();
        self.all.push(Writer {
            name,
            child,
            stdin,
            stderr,
            auto_go,
            ready: false,
            acks: Vec::new(),
            conflicts: 0,
            errors: Vec::new(),
            finished: false,
            last: None,
            killed: false,
            closed: false,
        });
        index
    }

    fn send(&mut self, index: usize, word: &str) {
        let w = &mut self.all[index];
        writeln!(w.stdin, "{word}").unwrap_or_else(|e| panic!("{}: sending {word}: {e}", w.name));
        w.stdin.flush().unwrap();
    }

    fn failure(&self, index: usize) -> String {
        let w = &self.all[index];
        let stderr = std::fs::read_to_string(&w.stderr).unwrap_or_default();
        format!("{} stopped: acks {}, errors {:?}\n{stderr}", w.name, w.acks.len(), w.errors)
    }

    fn take(&mut self, index: usize, line: Option<String>) {
        let Some(line) = line else {
            self.all[index].closed = true;
            let w = &self.all[index];
            assert!(w.killed || w.last.is_some(), "{}", self.failure(index));
            return;
        };
        let mut words = line.split(' ');
        let word = words.next().unwrap_or_default();
        let numbers: Vec<u64> = words.map(|n| n.parse().unwrap_or(u64::MAX)).collect();
        let number = |i: usize| -> u64 {
            let n = numbers.get(i).copied().unwrap_or(u64::MAX);
            assert_ne!(n, u64::MAX, "{}: {line}", self.all[index].name);
            n
        };
        match word {
            "ready" => {
                self.all[index].ready = true;
                // (A writer killed before its "ready" was read is not told.)
                if self.all[index].auto_go && !self.all[index].killed {
                    self.send(index, "go");
                }
            }
            "ack" => {
                let (seq, conflicts) = (number(0), number(1));
                let w = &mut self.all[index];
                w.conflicts = conflicts;
                w.acks.push(seq);
            }
            "error" => self.all[index].errors.push(line.clone()),
            "finished" => self.all[index].finished = true,
            "conflicts" => self.all[index].conflicts = number(0),
            "final" => self.all[index].last = Some((number(0), number(1))),
            _ => panic!("{}: unexpected line {line}", self.all[index].name),
        }
    }

    /// Takes the writers' lines until `done`, for at most `limit`.
    fn until(&mut self, what: &str, limit: Duration, done: impl Fn(&Writers) -> bool) {
        let deadline = Instant::now() + limit;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((index, line)) => self.take(index, line),
                Err(_) => {
                    let states: Vec<String> = self
                        .all
                        .iter()
                        .map(|w| {
                            format!(
                                "{}: {} acks, finished {}, errors {}",
                                w.name,
                                w.acks.len(),
                                w.finished,
                                w.errors.len()
                            )
                        })
                        .collect();
                    panic!("waiting for {what} for {limit:?}: {states:#?}");
                }
            }
        }
    }

    /// Takes the lines the writers have sent so far, without waiting.
    fn drain(&mut self) {
        while let Ok((index, line)) = self.rx.try_recv() {
            self.take(index, line);
        }
    }

    /// The writers still running, each with how many acknowledgements it has had.
    fn running(&self) -> Vec<(usize, usize)> {
        (0..self.all.len())
            .filter(|&i| !self.all[i].killed && !self.all[i].finished)
            .map(|i| (i, self.all[i].acks.len()))
            .collect()
    }

    /// SIGKILLs a writer and takes what it said before it died.
    fn kill(&mut self, index: usize) {
        let w = &mut self.all[index];
        w.child.kill().unwrap();
        w.child.wait().unwrap();
        w.killed = true;
        self.until("the output of a killed writer to end", Duration::from_secs(10), |ws| ws.all[index].closed);
    }

    /// Tells every writer that was not killed to catch up, and waits for their last lines.
    fn finish(&mut self) {
        let living: Vec<usize> = (0..self.all.len()).filter(|&i| !self.all[i].killed).collect();
        self.until("every writer to finish", Duration::from_secs(300), |ws| living.iter().all(|&i| ws.all[i].finished));
        for &i in &living {
            self.send(i, "sync");
        }
        self.until("every writer's data", Duration::from_secs(60), |ws| living.iter().all(|&i| ws.all[i].closed));
        for &i in &living {
            let status = self.all[i].child.wait().unwrap();
            assert!(status.success(), "{}", self.failure(i));
        }
    }
}

/// What the store holds checked against what the writers were told: every acknowledged change
/// set there once, as its writer's; no customer stored twice; numbers unique and gap-free in
/// each series; every writer that was not killed at the store's last change set with the same
/// data as a directory opened anew, which is returned.
fn check_store(ws: &Writers) -> Directory {
    let fresh = ws.place.open("checker").unwrap();
    fresh.check_integrity().unwrap();
    let sets = fresh.change_sets().unwrap();
    let mut acknowledged: HashMap<u64, &str> = HashMap::new();
    for w in &ws.all {
        for &seq in &w.acks {
            assert!(acknowledged.insert(seq, &w.name).is_none(), "change set {seq} acknowledged twice");
            let cs = sets.get((seq - 1) as usize).unwrap_or_else(|| panic!("{}: acknowledged {seq} is lost", w.name));
            assert_eq!(cs.seq, seq);
            assert_eq!(cs.actor.as_deref(), Some(w.name.as_str()), "change set {seq} is not {}'s", w.name);
        }
        if !w.killed {
            // What it stored is what it was told it stored, but for outcomes it was told are
            // unknown.
            let stored = sets.iter().filter(|cs| cs.actor.as_deref() == Some(w.name.as_str())).count();
            let unknown = w.errors.iter().filter(|e| e.starts_with("error store_needs_reopen")).count();
            assert!(
                stored >= w.acks.len() && stored <= w.acks.len() + unknown,
                "{}: {stored} change sets stored, {} acknowledged, {unknown} unknown; errors {:?}",
                w.name,
                w.acks.len(),
                w.errors
            );
            assert_eq!(w.last, Some((fresh.last_seq(), fingerprint(&fresh.data()))), "{}: its data after sync", w.name);
        }
    }
    // Each customer's name belongs to one attempt to create it.
    let mut names = HashSet::new();
    for c in fresh.customers() {
        assert!(names.insert(c.name.as_str()), "customer {} stored twice", c.name);
    }
    let mut series: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for number in fresh.customers().filter_map(|c| c.number) {
        let start = [START_B, START_A, 1].into_iter().find(|s| number >= *s).unwrap();
        series.entry(start).or_default().push(number);
    }
    for (start, mut numbers) in series {
        numbers.sort_unstable();
        let want: Vec<u64> = (start..start + numbers.len() as u64).collect();
        assert_eq!(numbers, want, "the series from {start}: unique and gap-free");
    }
    fresh
}

/// Four writers started together on one store.
fn four_writers(place: Location, backend: &str) {
    let started = Instant::now();
    set_up(&place);
    let mut ws = Writers::new(place);
    for i in 0..WRITERS {
        ws.start(format!("kirjoittaja {i}"), 40 + i as u64, ACKS, false);
    }
    ws.until("every writer to open the store", Duration::from_secs(60), |ws| ws.all.iter().all(|w| w.ready));
    for i in 0..WRITERS {
        ws.send(i, "go");
    }
    ws.finish();
    let fresh = check_store(&ws);
    let conflicts: u64 = ws.all.iter().map(|w| w.conflicts).sum();
    for w in &ws.all {
        assert_eq!(w.acks.len() as u64, ACKS, "{}", w.name);
        // The store stays up: the only error is a mutation given up after every attempt met
        // another writer's change set first (nothing stored; the writer goes on).
        assert!(w.errors.iter().all(|e| e.starts_with("error conflict ")), "{}: {:?}", w.name, w.errors);
    }
    let per: Vec<u64> = ws.all.iter().map(|w| w.conflicts).collect();
    let given_up: usize = ws.all.iter().map(|w| w.errors.len()).sum();
    println!(
        "{backend}: {WRITERS} processes, {} change sets, {} customers, conflicts retried {conflicts} {per:?}, \
         mutations given up after {} attempts {given_up}, {:.1} s",
        fresh.last_seq(),
        fresh.customers().count(),
        vastuu::MAX_ATTEMPTS,
        started.elapsed().as_secs_f64()
    );
    assert!(conflicts > 0, "{backend}: the writers never met a conflict");
}

/// Four writers at a time, one killed at a random moment `KILLS` times and replaced; the server
/// restarted (`fast`, then `immediate`) a third and two thirds of the way when given.
fn killed_writers(place: Location, backend: &str, server: Option<&OwnServer>, seed: u64) {
    let started = Instant::now();
    set_up(&place);
    let mut rng = Rng::new(seed);
    let mut ws = Writers::new(place);
    let mut slots: Vec<usize> =
        (0..WRITERS).map(|s| ws.start(format!("w{s}.0"), seed + s as u64, KILL_TEST_ACKS, true)).collect();
    let (mut kills, mut started_writers, mut before_first_ack) = (0, WRITERS, 0);
    // Per restart: the writers running right after it, with their acknowledgements by then.
    let mut across_restarts: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut restarted = Vec::new();
    while kills < KILLS {
        let slot = rng.below(WRITERS as u64) as usize;
        let index = slots[slot];
        // Kill at a random moment: while it opens the store, or after some acknowledged change
        // sets, with a random delay after the last one.
        let target = ws.all[index].acks.len() + rng.below(25) as usize;
        ws.until("a writer's acknowledgements", Duration::from_secs(60), |ws| {
            ws.all[index].acks.len() >= target || ws.all[index].finished
        });
        thread::sleep(Duration::from_micros(rng.below(4_000)));
        if !ws.all[index].finished {
            if ws.all[index].acks.is_empty() {
                before_first_ack += 1;
            }
            ws.kill(index);
            kills += 1;
        }
        // Killed or done: a new writer takes its place.
        slots[slot] =
            ws.start(format!("w{slot}.{started_writers}"), seed + started_writers as u64, KILL_TEST_ACKS, true);
        started_writers += 1;
        let restart = match kills {
            k if k == KILLS / 3 => Some("fast"),
            k if k == 2 * KILLS / 3 => Some("immediate"),
            _ => None,
        };
        if let (Some(server), Some(mode)) = (server, restart.filter(|_| !restarted.contains(&kills))) {
            restarted.push(kills);
            // Mid-run: once the new writer stores.
            let new = slots[slot];
            ws.until("the new writer's first acknowledgement", Duration::from_secs(60), |ws| {
                !ws.all[new].acks.is_empty() || ws.all[new].finished
            });
            server.restart(mode);
            // Every line written before the restart has reached the channel by now.
            thread::sleep(Duration::from_millis(50));
            ws.drain();
            let running = ws.running();
            // The restart ended every connection the writers had: one that was running across
            // it reconnects and stores again (it may get a store error while the server is
            // down, or none at all when it was between calls).
            ws.until("a writer running across the restart to store again", Duration::from_secs(60), |ws| {
                running.iter().any(|&(i, acks)| ws.all[i].acks.len() > acks)
            });
            across_restarts.push(running);
        }
    }
    ws.finish();
    let fresh = check_store(&ws);
    // Every error any writer got says what happened: the store could not be reached, the
    // outcome of a commit is unknown (the handle was opened anew), or the mutation was given up
    // after meeting other writers' change sets at every attempt.
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for w in &ws.all {
        for e in &w.errors {
            let code = e.split(' ').nth(1).unwrap_or_default().to_owned();
            assert!(
                ["store_io", "store_needs_reopen", "conflict"].contains(&code.as_str()),
                "{}: an unclear error: {e}",
                w.name
            );
            *errors.entry(code).or_default() += 1;
        }
    }
    for w in ws.all.iter().filter(|w| !w.killed) {
        assert_eq!(w.acks.len() as u64, KILL_TEST_ACKS, "{}: went on to its end", w.name);
    }
    let unavailable = errors.keys().filter(|code| *code != "conflict").count();
    if server.is_none() {
        assert_eq!(unavailable, 0, "{backend}: killing a writer disturbed another: {errors:?}");
    }
    if server.is_some() {
        assert_eq!(across_restarts.len(), 2, "{backend}: two restarts");
        assert!(across_restarts.iter().all(|running| !running.is_empty()), "{backend}: {across_restarts:?}");
    }
    let killed: Vec<&Writer> = ws.all.iter().filter(|w| w.killed).collect();
    let stored_unacknowledged: usize = killed
        .iter()
        .map(|w| {
            fresh.change_sets().unwrap().iter().filter(|cs| cs.actor.as_deref() == Some(w.name.as_str())).count()
                - w.acks.len()
        })
        .sum();
    let conflicts: u64 = ws.all.iter().map(|w| w.conflicts).sum();
    println!(
        "{backend}: {kills} kills ({before_first_ack} before the first acknowledgement), {} writers, {} change sets, \
         {} acknowledged to killed writers, {stored_unacknowledged} stored unacknowledged, errors {errors:?}, \
         conflicts retried {conflicts}, {:.1} s",
        ws.all.len(),
        fresh.last_seq(),
        killed.iter().map(|w| w.acks.len()).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
}

fn sqlite_place(tmp: &TempDir) -> Location {
    Location::Sqlite(tmp.path().join("store.db"))
}

#[test]
fn four_processes_on_shared_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    four_writers(sqlite_place(&tmp), "shared SQLite");
}

#[test]
fn four_processes_on_postgres() {
    if !Postgres::available() {
        return;
    }
    let place = Postgres::new();
    four_writers(Location::Postgres { dsn: place.dsn().to_owned(), schema: place.schema().to_owned() }, "PostgreSQL");
}

#[test]
fn writers_killed_on_shared_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    killed_writers(sqlite_place(&tmp), "shared SQLite", None, 70);
}

#[test]
fn writers_killed_and_the_server_restarted_on_postgres() {
    let Some(server) = OwnServer::start() else { return };
    let schema = postgres_server::fresh_schema("killed");
    killed_writers(Location::Postgres { dsn: server.dsn.clone(), schema }, "PostgreSQL", Some(&server), 80);
}

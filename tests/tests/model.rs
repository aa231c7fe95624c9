//! Model-based test: random sequences of operations, valid and invalid, run against the library
//! and against the plain reference model (`vastuu_tests::model`), on every store backend. The
//! operations and their strategies are the shared ones (`vastuu_tests::op`), starting from the
//! shared starting directory; this test adds reopening and compacting the store as steps.
//!
//! After every step: the same result (the same value, or an error of the same kind and, for an
//! unknown id, the same entity), the same data, change-set count and history of every customer
//! and employee, the invariants of the specification, the series counters never moving back,
//! and the plain reads, every view, the numbering report, the coverage checks and all three
//! visibility forms equal to the model's (`vastuu_tests::model::compare`). The persistent stores are also closed and reopened,
//! and compacted, between steps. Universes are kept small (a small starting directory, few
//! names, few numbers) so that unknown ids, duplicates, collisions and full number ranges come
//! up often.
//!
//! The stores several handles may have open at once (MemoryStore clones, shared SQLite,
//! PostgreSQL) are also run with three handles on one store, interleaving their calls against
//! the one model: each step is made by a handle drawn with it, which is behind when others
//! stored since it last caught up, and now and then every handle catches up (`sync`). After
//! every step the handle that made it, and every handle that is caught up, is compared with the
//! model as above; one that is behind holds a prefix of the history. At the end every handle
//! catches up and equals the model, and so does a handle opened anew.
//!
//! `PROPTEST_CASES=1000 cargo test -p vastuu-tests --test model` runs more cases, and
//! `MODEL_STEPS=100` longer sequences (default 40); `MODEL_SHARED_CASES` the number of cases of
//! the runs with several handles (default 96; 32 on PostgreSQL).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};
use std::fmt::Debug;
use std::marker::PhantomData;
use std::time::Duration;
use vastuu::*;
use vastuu_tests::backends::{open_directory, Backend, File, Memory, Postgres, SharedBackend, Sqlite, SqliteShared};
use vastuu_tests::model::compare::{check_views, Sizes};
use vastuu_tests::model::{invariants, Model};
use vastuu_tests::op::strategy::{any_op, revert_op, Pool, DATES};
use vastuu_tests::op::{run, same_outcome, starting_directory, Op, Outcome, Value};

// ---- the reference state machine ----------------------------------------------------------------

// A step of a generated test case: a few hundred bytes each, a few dozen per case; boxing the
// operation would only add an allocation per step.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum Step {
    Op(Op),
    /// Close the store and open it again.
    Reopen,
    /// Write a snapshot.
    Compact,
}

#[derive(Clone, Debug)]
struct Transition {
    step: Step,
    /// Seeds the queries checked after the step.
    seed: u64,
}

#[derive(Clone, Debug, Default)]
struct RefState {
    model: Model,
    /// The model's outcome of the last operation.
    last: Option<Outcome>,
}

struct Reference;

impl ReferenceStateMachine for Reference {
    type State = RefState;
    type Transition = Transition;

    fn init_state() -> BoxedStrategy<RefState> {
        let mut model = Model::default();
        let outcome = model.apply(&starting_directory());
        assert!(outcome.is_ok(), "the setup fails in the model: {outcome:?}");
        Just(RefState { model, last: None }).boxed()
    }

    fn transitions(state: &RefState) -> BoxedStrategy<Transition> {
        let pool = Pool::of(&state.model);
        let step = prop_oneof![
            43 => any_op(&pool).prop_map(Step::Op),
            4 => revert_op(state.model.seq).prop_map(Step::Op),
            1 => Just(Step::Reopen),
            1 => Just(Step::Compact),
        ];
        (step, any::<u64>()).prop_map(|(step, seed)| Transition { step, seed }).boxed()
    }

    fn apply(mut state: RefState, t: &Transition) -> RefState {
        state.last = match &t.step {
            Step::Op(op) => Some(state.model.apply(op)),
            Step::Reopen | Step::Compact => None,
        };
        state
    }
}

// ---- the system under test ----------------------------------------------------------------------

struct Sut<B: Backend> {
    place: B,
    dir: Directory,
    /// The data before the last step.
    before: Data,
    seed: u64,
}

struct ModelTest<B>(PhantomData<B>);

impl<B: Backend> StateMachineTest for ModelTest<B> {
    type SystemUnderTest = Sut<B>;
    type Reference = Reference;

    fn init_test(_: &RefState) -> Sut<B> {
        let place = B::new();
        let mut dir = open_directory(&place);
        let outcome = run(&mut dir, &starting_directory());
        assert!(outcome.is_ok(), "the setup fails: {outcome:?}");
        Sut { before: dir.data(), place, dir, seed: 0 }
    }

    fn apply(mut sut: Sut<B>, ref_state: &RefState, t: Transition) -> Sut<B> {
        sut.seed = t.seed;
        sut.before = sut.dir.data();
        match t.step {
            Step::Op(op) => {
                let got = run(&mut sut.dir, &op);
                let want = ref_state.last.as_ref().expect("the model ran the operation");
                assert!(same_outcome(&got, want), "{op:?}\n  library: {got:?}\n  model:   {want:?}");
            }
            Step::Reopen => {
                let history = sut.dir.change_sets().unwrap();
                let Sut { place, dir, before, seed } = sut;
                drop(dir);
                let dir = open_directory(&place);
                assert_eq!(
                    dir.change_sets().unwrap(),
                    history.as_slice(),
                    "{} store: history after reopening",
                    B::NAME
                );
                sut = Sut { place, dir, before, seed };
            }
            Step::Compact => sut.dir.compact().unwrap(),
        }
        sut
    }

    fn check_invariants(sut: &Sut<B>, ref_state: &RefState) {
        check_directory(&sut.dir, &ref_state.model, &sut.before, sut.seed, B::NAME);
    }
}

/// Everything the model test compares after a step: the data, the change sets, the invariants,
/// the counters, the histories, the plain reads and the views.
fn check_directory(dir: &Directory, m: &Model, before: &Data, seed: u64, name: &str) {
    let data = dir.data();
    assert_eq!(data, m.to_data(), "{name} store: data differ from the model");
    assert_eq!(dir.last_seq(), m.seq, "change sets committed");
    assert_eq!(dir.change_sets().unwrap().len() as u64, m.seq);
    if let Err(broken) = invariants::check(&data) {
        panic!("{broken}");
    }
    dir.check_integrity().unwrap();
    counters_move_forward(before, &data);
    check_history(dir, m);
    check_plain_reads(dir, m);
    check_views(dir, m, seed, Sizes::SMALL);
}

// ---- several handles on one store --------------------------------------------------------------

/// How many handles the runs with several handles hold on one store.
const HANDLES: usize = 3;

/// A step of the reference machine, made by one of the handles.
#[derive(Clone, Debug)]
struct SharedTransition {
    step: Transition,
    /// The handle that makes the step.
    handle: usize,
    /// Whether every handle catches up after the step.
    sync_all: bool,
}

/// The reference machine of [`Reference`], each step given to a handle.
struct SharedReference;

impl ReferenceStateMachine for SharedReference {
    type State = RefState;
    type Transition = SharedTransition;

    fn init_state() -> BoxedStrategy<RefState> {
        Reference::init_state()
    }

    fn transitions(state: &RefState) -> BoxedStrategy<SharedTransition> {
        (Reference::transitions(state), 0..HANDLES, prop::bool::weighted(0.25))
            .prop_map(|(step, handle, sync_all)| SharedTransition { step, handle, sync_all })
            .boxed()
    }

    fn apply(state: RefState, t: &SharedTransition) -> RefState {
        Reference::apply(state, &t.step)
    }
}

struct SharedSut<B: SharedBackend> {
    /// Before `place`, so the handles are closed before the store is removed.
    dirs: Vec<Directory>,
    place: B,
    /// The handle that made the last step, and what the step was.
    last: usize,
    compacted: bool,
    /// The data of that handle before the step.
    before: Data,
    seed: u64,
}

/// Whether the call reads the directory before it mutates (a handover's or bulk plan, a group's
/// default team's plans; an explicit transaction, rolled back here, which runs on the state it
/// began from): a host catches up before it, as the bindings do before every call. The mutations and `Directory::transaction`
/// catch up by themselves when the store says it moved.
fn reads_first(op: &Op) -> bool {
    matches!(
        op,
        Op::Handover(_)
            | Op::HandoverAfter(..)
            | Op::Bulk(_)
            | Op::BulkAfter(..)
            | Op::GroupDefaults(_)
            | Op::Transaction { rollback: true, .. }
    )
}

struct SharedModelTest<B>(PhantomData<B>);

impl<B: SharedBackend> StateMachineTest for SharedModelTest<B> {
    type SystemUnderTest = SharedSut<B>;
    type Reference = SharedReference;

    fn init_test(_: &RefState) -> SharedSut<B> {
        let place = B::new();
        let mut first = open_directory(&place);
        let outcome = run(&mut first, &starting_directory());
        assert!(outcome.is_ok(), "the setup fails: {outcome:?}");
        let mut dirs = vec![first];
        dirs.extend((1..HANDLES).map(|_| open_directory(&place)));
        SharedSut { before: dirs[0].data(), dirs, place, last: 0, compacted: false, seed: 0 }
    }

    fn apply(mut sut: SharedSut<B>, ref_state: &RefState, t: SharedTransition) -> SharedSut<B> {
        let h = t.handle;
        sut.seed = t.step.seed;
        sut.last = h;
        sut.compacted = false;
        sut.before = sut.dirs[h].data();
        match t.step.step {
            Step::Op(op) => {
                let dir = &mut sut.dirs[h];
                if reads_first(&op) && dir.store_has_moved().unwrap() {
                    dir.sync().unwrap();
                }
                let got = run(dir, &op);
                let want = ref_state.last.as_ref().expect("the model ran the operation");
                assert!(same_outcome(&got, want), "handle {h}: {op:?}\n  library: {got:?}\n  model:   {want:?}");
            }
            Step::Reopen => {
                let history = sut.dirs[h].change_sets().unwrap();
                sut.dirs[h] = open_directory(&sut.place);
                let reopened = sut.dirs[h].change_sets().unwrap();
                assert_eq!(&reopened[..history.len()], history.as_slice(), "{}: history after reopening", B::NAME);
            }
            Step::Compact => {
                sut.dirs[h].compact().unwrap();
                sut.compacted = true;
            }
        }
        if t.sync_all {
            for dir in &mut sut.dirs {
                dir.sync().unwrap();
            }
        }
        sut
    }

    fn check_invariants(sut: &SharedSut<B>, ref_state: &RefState) {
        let m = &ref_state.model;
        let acting = &sut.dirs[sut.last];
        // Only compacting leaves the handle that made the step behind: the others caught up
        // before they planned, read or reopened.
        assert!(
            sut.compacted || acting.last_seq() == m.seq,
            "{}: handle {} is at change set {} after its step, the model at {}",
            B::NAME,
            sut.last,
            acting.last_seq(),
            m.seq
        );
        let current = sut.dirs.iter().find(|d| d.last_seq() == m.seq);
        for (h, dir) in sut.dirs.iter().enumerate() {
            if dir.last_seq() == m.seq {
                // A handle that only caught up went forward from its own older data; that the
                // counters moved forward is checked on the one that made the step.
                let own;
                let before = if h == sut.last {
                    &sut.before
                } else {
                    own = dir.data();
                    &own
                };
                check_directory(dir, m, before, sut.seed, B::NAME);
            } else {
                assert!(dir.last_seq() < m.seq, "{}: handle {h} is ahead of the model", B::NAME);
                if let Some(current) = current {
                    let n = dir.change_sets().unwrap().len();
                    assert_eq!(
                        dir.change_sets().unwrap(),
                        &current.change_sets().unwrap()[..n],
                        "{}: handle {h}",
                        B::NAME
                    );
                }
            }
        }
    }

    fn teardown(mut sut: SharedSut<B>, ref_state: RefState) {
        let m = &ref_state.model;
        for dir in &mut sut.dirs {
            dir.sync().unwrap();
            assert_eq!(dir.data(), m.to_data(), "{}: a handle after catching up", B::NAME);
            assert_eq!(dir.last_seq(), m.seq);
        }
        let fresh = open_directory(&sut.place);
        assert_eq!(fresh.data(), m.to_data(), "{}: a new handle", B::NAME);
        for dir in &sut.dirs {
            assert_eq!(dir.change_sets().unwrap(), fresh.change_sets().unwrap(), "{}: the history", B::NAME);
        }
    }
}

/// PostgreSQL whose handles ask the head at every `has_moved` (poll interval zero), so that a
/// handle always knows, before it plans, of what another handle of this thread just stored (a
/// notification may still be on its way). With the default interval a stale handle may plan on
/// what it has seen, which the store refuses; but a refused or no-op call would answer from the
/// older state, which one sequential model cannot follow.
struct PostgresAsking(Postgres);

impl Backend for PostgresAsking {
    type Store = PostgresStore;
    const NAME: &'static str = "postgres";
    fn new() -> Self {
        PostgresAsking(Postgres::new())
    }
    fn open(&self) -> PostgresStore {
        PostgresStore::connect_with(self.0.dsn(), self.0.options().poll_interval(Duration::ZERO)).unwrap()
    }
    fn fork(&self) -> Self {
        PostgresAsking(self.0.fork())
    }
    fn available() -> bool {
        Postgres::available()
    }
}

impl SharedBackend for PostgresAsking {}

/// The plain reads, which the directory answers from its own indexes.
fn check_plain_reads(dir: &Directory, m: &Model) {
    for c in m.customers.values() {
        let want: Vec<&Project> = m.projects.values().filter(|p| p.customer == c.id).collect();
        assert_eq!(dir.projects_of(c.id).unwrap(), want, "projects of {}", c.id);
        let want: Vec<&Responsibility> =
            m.responsibilities.values().filter(|r| r.subject == Subject::Customer(c.id)).collect();
        assert_eq!(dir.responsibilities_for(c.id.into()).unwrap(), want, "responsibilities for {}", c.id);
    }
    for p in m.projects.values() {
        let want: Vec<&Responsibility> =
            m.responsibilities.values().filter(|r| r.subject == Subject::Project(p.id)).collect();
        assert_eq!(dir.responsibilities_for(p.id.into()).unwrap(), want, "responsibilities for {}", p.id);
    }
    for e in m.employees.values() {
        let want: Vec<&Responsibility> = m.responsibilities.values().filter(|r| r.employee == e.id).collect();
        assert_eq!(dir.responsibilities_held_by(e.id).unwrap(), want, "responsibilities of {}", e.id);
        let want: Vec<CustomerGroupId> =
            m.groups.values().filter(|g| g.salespeople.contains(&e.id)).map(|g| g.id).collect();
        assert_eq!(dir.salesperson_groups(e.id).unwrap(), want, "groups sold by {}", e.id);
    }
    for g in m.groups.values() {
        let want: Vec<CustomerId> = m.customers.values().filter(|c| c.group == Some(g.id)).map(|c| c.id).collect();
        assert_eq!(dir.group_customers(g.id).unwrap(), want, "customers of {}", g.id);
    }
    for g in m.special_groups.values() {
        let want: Vec<CustomerId> =
            m.customers.values().filter(|c| c.special_groups.contains(&g.id)).map(|c| c.id).collect();
        assert_eq!(dir.special_group_customers(g.id).unwrap(), want, "customers of {}", g.id);
    }
    for number in 0..26 {
        assert_eq!(dir.customer_by_number(number).map(|c| c.id), m.holder_of(number), "holder of {number}");
    }
    let all: Vec<&Responsibility> = m.responsibilities.values().collect();
    assert_eq!(dir.responsibilities(), all);
}

/// The entity of one kind with a raw id.
type IdOf = fn(u32) -> EntityRef;

/// The history of every entity ever created (deleted ones too), and the refusal of ids never
/// handed out.
fn check_history(dir: &Directory, m: &Model) {
    let n = &m.next_ids;
    let kinds: [(u32, IdOf); 7] = [
        (n.customer, |i| EntityRef::Customer(CustomerId(i))),
        (n.employee, |i| EntityRef::Employee(EmployeeId(i))),
        (n.customer_group, |i| EntityRef::CustomerGroup(CustomerGroupId(i))),
        (n.special_group, |i| EntityRef::SpecialGroup(SpecialGroupId(i))),
        (n.role, |i| EntityRef::Role(RoleId(i))),
        (n.team, |i| EntityRef::Team(TeamId(i))),
        (n.project, |i| EntityRef::Project(ProjectId(i))),
    ];
    for (next, make) in kinds {
        for raw in 0..=next {
            let key = make(raw);
            let known = raw >= 1 && raw < next;
            match dir.history(key) {
                Ok(sets) => {
                    assert!(known, "history of {key:?}, which was never created");
                    let got: Vec<u64> = sets.iter().map(|cs| cs.seq).collect();
                    let want = m.history.get(&key).cloned().unwrap_or_default();
                    assert_eq!(got, want, "history of {key:?}");
                }
                Err(e) => assert!(!known && matches!(e, Error::NotFound(_)), "history of {key:?}: {e}"),
            }
        }
    }
}

fn counters_move_forward(before: &Data, now: &Data) {
    assert!(now.default_series.next_number >= before.default_series.next_number, "default series counter went back");
    for g in &now.customer_groups {
        if let Some(old) = before.customer_groups.iter().find(|o| o.id == g.id) {
            assert!(g.next_number >= old.next_number, "the counter of {} went back", g.id);
        }
    }
}

/// The longest sequence of steps after the starting directory (`MODEL_STEPS`, default 40).
fn max_steps() -> usize {
    std::env::var("MODEL_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(40)
}

prop_state_machine! {
    #![proptest_config(ProptestConfig {
        // Shrunk failures are kept beside this file and run first every time.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn memory_store(sequential 1..max_steps() => ModelTest<Memory>);

    #[test]
    fn file_store(sequential 1..max_steps() => ModelTest<File>);

    #[test]
    fn sqlite_store(sequential 1..max_steps() => ModelTest<Sqlite>);
}

/// The cases of the runs with several handles (`MODEL_SHARED_CASES`, default `default`).
fn shared_cases(default: u32) -> u32 {
    std::env::var("MODEL_SHARED_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

fn shared_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: shared_cases(cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    }
}

prop_state_machine! {
    #![proptest_config(shared_config(96))]

    #[test]
    fn memory_store_with_several_handles(sequential 1..max_steps() => SharedModelTest<Memory>);

    #[test]
    fn shared_sqlite_store_with_several_handles(sequential 1..max_steps() => SharedModelTest<SqliteShared>);
}

#[test]
fn postgres_store_with_several_handles() {
    if !PostgresAsking::available() {
        return;
    }
    postgres_runs();
}

prop_state_machine! {
    #![proptest_config(shared_config(32))]

    fn postgres_runs(sequential 1..max_steps() => SharedModelTest<PostgresAsking>);
}

/// Runs a hand-written sequence through the same machinery as the generated ones.
fn scenario<B: Backend>(steps: Vec<Step>) {
    let transitions: Vec<Transition> = steps.into_iter().map(|step| Transition { step, seed: 7 }).collect();
    let mut initial = RefState::default();
    initial.model.apply(&starting_directory()).unwrap();
    ModelTest::<B>::test_sequential(ProptestConfig::default(), initial, transitions, None);
}

#[test]
fn cases_chosen_by_hand() {
    let (c1, e1, e2) = (Subject::Customer(CustomerId(1)), EmployeeId(1), EmployeeId(2));
    let toggle_twice = vec![Op::Toggle(c1, e2), Op::Toggle(c1, e2)];
    let tx = |ops: Vec<Op>, stop_on_error, rollback| Op::Transaction { ops, stop_on_error, rollback };
    let steps = vec![
        // Changes that cancel out still make a change set.
        Step::Op(tx(toggle_twice.clone(), true, false)),
        Step::Op(tx(vec![tx(toggle_twice.clone(), true, false)], false, false)),
        // A failing nested transaction is undone; the outer one goes on.
        Step::Op(tx(vec![Op::Toggle(c1, e2), tx(vec![Op::Toggle(c1, EmployeeId(99))], true, false)], false, false)),
        Step::Op(tx(vec![Op::ArchiveCustomer(CustomerId(2)), tx(toggle_twice, false, true)], true, false)),
        // Renaming a group whose salesperson place the plan moves leaves the preview as it was:
        // the plan applies, and the rename stays.
        Step::Op(Op::HandoverAfter(
            Handover::new(e1, e2).mode(HandoverMode::Add),
            Box::new(Op::UpdateGroup(
                CustomerGroupId(1),
                CustomerGroupUpdate { name: Some("Pohjola".into()), ..Default::default() },
            )),
        )),
        // A plan made stale: between planning and applying, the target stops being responsible
        // for a customer the plan skipped, so the preview would now differ.
        Step::Op(Op::HandoverAfter(Handover::new(e1, e2), Box::new(Op::Toggle(c1, e2)))),
        Step::Op(Op::Handover(Handover::new(e1, e2).effective(DATES[3]))),
        Step::Compact,
        Step::Op(Op::DeleteGroup(CustomerGroupId(2))),
        Step::Reopen,
        Step::Op(Op::DeleteEmployee(e2)),
        Step::Reopen,
    ];
    // What the model says, so the library is held to these answers.
    let mut m = Model::default();
    m.apply(&starting_directory()).unwrap();
    let seq = m.seq;
    let mut state = RefState { model: m, last: None };
    let mut kinds = Vec::new();
    for step in &steps {
        state = Reference::apply(state, &Transition { step: step.clone(), seed: 0 });
        kinds.push(match &state.last {
            None => "store",
            Some(Ok(_)) => "ok",
            Some(Err(Error::StalePlan { .. })) => "stale",
            Some(Err(_)) => "error",
        });
    }
    assert_eq!(kinds, ["ok", "ok", "ok", "ok", "ok", "stale", "ok", "store", "ok", "store", "ok", "store"]);
    // Ten change sets: the two cancelling transactions, the outer part of the one with a
    // failing nested transaction, the archive, the group rename and the handover after it, the
    // toggle before the stale plan, the dated handover, two deletes.
    assert_eq!(state.model.seq, seq + 10);
    scenario::<Memory>(steps.clone());
    scenario::<File>(steps.clone());
    scenario::<Sqlite>(steps.clone());
    // The same steps made by the handles in turn, each catching up only when it must.
    shared_scenario::<Memory>(steps.clone());
    shared_scenario::<SqliteShared>(steps);
}

#[test]
fn bulk_cases_chosen_by_hand() {
    let (e1, e2, e4, e5) = (EmployeeId(1), EmployeeId(2), EmployeeId(4), EmployeeId(5));
    let (c2, c3) = (CustomerId(2), CustomerId(3));
    let north = CustomerFilter::new().group(CustomerGroupId(1));
    let steps = vec![
        // Huolto for Pohjoinen's customers where nobody holds it: Aino holds it on Esimerkki.
        Step::Op(Op::Bulk(BulkRequest::add(e5, north.clone()).roles([RoleId(2)]).only_missing_role(true))),
        // Stale: between planning and applying, Åland gets a Vastaava, so it would be skipped.
        Step::Op(Op::BulkAfter(
            BulkRequest::add(e2, CustomerFilter::new()).roles([RoleId(1)]).only_missing_role(true),
            Box::new(Op::AddRole(c2.into(), e1, RoleId(1))),
        )),
        Step::Op(Op::Bulk(BulkRequest::add(e4, north.clone()))),
        Step::Op(Op::Bulk(BulkRequest::add(e1, north).roles([RoleId(3)]))),
        Step::Op(Op::Bulk(BulkRequest::remove(e1, CustomerFilter::new().archived(ArchivedFilter::Include)))),
        Step::Reopen,
        Step::Op(Op::Bulk(BulkRequest::add(e1, CustomerFilter::new().text("no such customer")))),
        // An unrelated change between planning and applying leaves the plan as it is.
        Step::Op(Op::BulkAfter(
            BulkRequest::add(e1, CustomerFilter::new().group(CustomerGroupId(2)))
                .period(Period { from: Some(DATES[3]), to: None }),
            Box::new(Op::CreateTeam("Muuta".into())),
        )),
        Step::Compact,
    ];
    let mut m = Model::default();
    m.apply(&starting_directory()).unwrap();
    let seq = m.seq;
    let mut state = RefState { model: m, last: None };
    let mut kinds = Vec::new();
    for step in &steps {
        state = Reference::apply(state, &Transition { step: step.clone(), seed: 0 });
        kinds.push(match &state.last {
            None => "store",
            Some(Ok(Value::Bulk { changes, .. })) if changes.is_empty() => "empty",
            Some(Ok(_)) => "ok",
            Some(Err(Error::StaleBulkPlan { employee, customers })) => {
                assert_eq!((*employee, customers.as_slice()), (e2, [c2].as_slice()));
                "stale"
            }
            Some(Err(Error::EmployeeInactive { .. })) => "inactive",
            Some(Err(Error::WrongRoleScope { .. })) => "scope",
            Some(Err(e)) => panic!("{e}"),
        });
    }
    assert_eq!(kinds, ["ok", "stale", "inactive", "scope", "ok", "store", "empty", "ok", "store"]);
    assert!(state.model.responsibility(c3.into(), e1).is_some_and(|r| r.period.from == Some(DATES[3])));
    // The first plan, the role added before the stale one, the removal, the team and the last plan.
    assert_eq!(state.model.seq, seq + 5);
    scenario::<Memory>(steps.clone());
    scenario::<File>(steps.clone());
    scenario::<Sqlite>(steps.clone());
    shared_scenario::<Memory>(steps.clone());
    shared_scenario::<SqliteShared>(steps);
}

#[test]
fn group_default_cases_chosen_by_hand() {
    // Etelä (2) starts with Matti (1) as Huolto (2) and the inactive Öljy-Pekka (3) as defaults.
    let (south, west) = (CustomerGroupId(2), CustomerGroupId(3));
    let (e1, e2) = (EmployeeId(1), EmployeeId(2));
    let (c1, c3, c4, c7) = (CustomerId(1), CustomerId(3), CustomerId(4), CustomerId(7));
    let ledger = RoleId(4);
    let steps = vec![
        // Created in Etelä: Matti as Huolto, Öljy-Pekka skipped.
        Step::Op(Op::CreateCustomer(NewCustomer::new("Uusi Oy").group(south))),
        // Moved in: Matti, already responsible for Esimerkki, gets the role added.
        Step::Op(Op::MoveToGroup(south, c1)),
        // The team over Etelä's customers: Öljy Oy gets Matti; Öljy-Pekka's plan skips each.
        Step::Op(Op::GroupDefaults(south)),
        Step::Op(Op::SetGroupDefaultTeam(south, vec![GroupDefault::new(e2, []), GroupDefault::new(e2, [])])),
        Step::Op(Op::SetGroupDefaultTeam(west, vec![GroupDefault::new(e2, [RoleId(3)])])),
        Step::Op(Op::CreateRole(NewRole::new("Kirjanpito", RoleScope::Customer))),
        Step::Op(Op::SetGroupDefaultTeam(west, vec![GroupDefault::new(e2, [ledger])])),
        Step::Op(Op::UpdateRole(ledger, RoleUpdate { scope: Some(RoleScope::Project), ..Default::default() })),
        Step::Reopen,
        Step::Op(Op::DeleteRole(ledger)),
        Step::Op(Op::DeleteEmployee(e1)),
        // A group created with a team and a customer: apu gets Aino.
        Step::Op(Op::CreateGroup(
            NewCustomerGroup::new("Itä").customers([c4]).default_team([GroupDefault::new(e2, [])]),
        )),
        Step::Compact,
    ];
    let (state, seq, kinds) = on_the_model(&steps, |state| {
        if let Some(Ok(Value::Each(plans))) = &state.last {
            let [Ok(Value::Bulk { changes, skipped: matti }), Ok(Value::Bulk { skipped: inactive, .. })] = &plans[..]
            else {
                panic!("{plans:?}")
            };
            assert_eq!(changes.iter().map(|c| c.customer).collect::<Vec<_>>(), [c3]);
            assert!(matti.iter().all(|s| s.reason == BulkSkipReason::AlreadyResponsible));
            assert_eq!(
                inactive.iter().map(|s| (s.customer, s.reason)).collect::<Vec<_>>(),
                [
                    (c1, BulkSkipReason::EmployeeInactive),
                    (c7, BulkSkipReason::EmployeeInactive),
                    (c3, BulkSkipReason::EmployeeInactive),
                ]
            );
        }
        match &state.last {
            None => "store",
            Some(Ok(_)) => "ok",
            Some(Err(Error::DuplicateGroupDefault { employee })) if *employee == e2 => "twice",
            Some(Err(Error::WrongRoleScope { .. })) => "scope",
            Some(Err(Error::RoleInGroupDefaults { role, groups }))
                if (*role, groups.as_slice()) == (ledger, &[west][..]) =>
            {
                "in team"
            }
            Some(Err(e)) => panic!("{e}"),
        }
    });
    assert_eq!(kinds, ["ok", "ok", "ok", "twice", "scope", "ok", "ok", "in team", "store", "ok", "ok", "ok", "store"]);
    let m = &state.model;
    assert!(m.responsibility(c7.into(), e1).is_none(), "Matti deleted");
    assert!(m.responsibility(c4.into(), e2).is_some());
    assert_eq!(m.group(west).unwrap().default_team, [GroupDefault::new(e2, [])]);
    assert!(m.group(south).unwrap().default_team.iter().all(|d| d.employee != e1));
    // The creation, the move, the plans, the role, the team, the role's and Matti's deletes and
    // the new group.
    assert_eq!(m.seq, seq + 8);
    everywhere(steps);
}

/// Runs hand-written steps on the model from the starting directory: the state at the end, the
/// number of change sets before the steps, and what `kind` says of the state after each step.
fn on_the_model(steps: &[Step], mut kind: impl FnMut(&RefState) -> &'static str) -> (RefState, u64, Vec<&'static str>) {
    let mut m = Model::default();
    m.apply(&starting_directory()).unwrap();
    let seq = m.seq;
    let mut state = RefState { model: m, last: None };
    let mut kinds = Vec::new();
    for step in steps {
        state = Reference::apply(state, &Transition { step: step.clone(), seed: 0 });
        kinds.push(kind(&state));
    }
    (state, seq, kinds)
}

/// Runs hand-written steps on every store the scenarios cover, on one handle and on several.
fn everywhere(steps: Vec<Step>) {
    scenario::<Memory>(steps.clone());
    scenario::<File>(steps.clone());
    scenario::<Sqlite>(steps.clone());
    shared_scenario::<Memory>(steps.clone());
    shared_scenario::<SqliteShared>(steps);
}

/// Runs a hand-written sequence on several handles, made by each in turn, all catching up
/// after every fourth step.
fn shared_scenario<B: SharedBackend>(steps: Vec<Step>) {
    let transitions: Vec<SharedTransition> = steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| SharedTransition {
            step: Transition { step, seed: 7 },
            handle: i % HANDLES,
            sync_all: i % 4 == 3,
        })
        .collect();
    let mut initial = RefState::default();
    initial.model.apply(&starting_directory()).unwrap();
    SharedModelTest::<B>::test_sequential(ProptestConfig::default(), initial, transitions, None);
}

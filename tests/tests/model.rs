//! Model-based test: random sequences of operations, valid and invalid, run against the library
//! and against the plain reference model (`vastuu_tests::model`), on every store backend.
//!
//! After every step: the same result (the same value, or an error of the same kind and, for an
//! unknown id, the same entity), the same data, change-set count and history of every customer
//! and employee, the invariants of the specification, the series counters never moving back,
//! and the plain reads, every view, the numbering report, the coverage checks and all three
//! visibility forms equal to the model's. The persistent stores are also closed and reopened,
//! and compacted, between steps. Universes are kept small (a small starting directory, few
//! names, few numbers) so that unknown ids, duplicates, collisions and full number ranges come
//! up often.
//!
//! `PROPTEST_CASES=1000 cargo test -p vastuu-tests --test model` runs more cases, and
//! `MODEL_STEPS=100` longer sequences (default 40).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::Date;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};
use std::fmt::Debug;
use std::marker::PhantomData;
use vastuu::generate::Rng;
use vastuu::*;
use vastuu_tests::backends::{open_directory, Backend, File, Memory, Sqlite};
use vastuu_tests::model::{invariants, Model};
use vastuu_tests::op::strategy::{handover_after, simple_op, transaction, Pool, DATES};
use vastuu_tests::op::{run, same_outcome, starting_directory, Op, Outcome};

// ---- the reference state machine ----------------------------------------------------------------

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
            40 => simple_op(&pool).prop_map(Step::Op),
            2 => transaction(&pool).prop_map(Step::Op),
            1 => handover_after(&pool).prop_map(Step::Op),
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
                let history = sut.dir.change_sets().to_vec();
                let Sut { place, dir, before, seed } = sut;
                drop(dir);
                let dir = open_directory(&place);
                assert_eq!(dir.change_sets(), history.as_slice(), "{} store: history after reopening", B::NAME);
                sut = Sut { place, dir, before, seed };
            }
            Step::Compact => sut.dir.compact().unwrap(),
        }
        sut
    }

    fn check_invariants(sut: &Sut<B>, ref_state: &RefState) {
        let m = &ref_state.model;
        let dir = &sut.dir;
        let data = dir.data();
        assert_eq!(data, m.to_data(), "{} store: data differ from the model", B::NAME);
        assert_eq!(dir.last_seq(), m.seq, "change sets committed");
        assert_eq!(dir.change_sets().len() as u64, m.seq);
        if let Err(broken) = invariants::check(&data) {
            panic!("{broken}");
        }
        dir.check_integrity().unwrap();
        counters_move_forward(&sut.before, &data);
        check_history(dir, m);
        check_plain_reads(dir, m);
        check_views(dir, m, sut.seed);
    }
}

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

/// The history of every customer and employee ever created (deleted ones too), and the
/// refusal of ids never handed out.
fn check_history(dir: &Directory, m: &Model) {
    let mut keys: Vec<HistoryKey> = (0..=m.next_ids.customer).map(|c| HistoryKey::Customer(CustomerId(c))).collect();
    keys.extend((0..=m.next_ids.employee).map(|e| HistoryKey::Employee(EmployeeId(e))));
    for key in keys {
        let known = match key {
            HistoryKey::Customer(c) => c.0 >= 1 && c.0 < m.next_ids.customer,
            HistoryKey::Employee(e) => e.0 >= 1 && e.0 < m.next_ids.employee,
        };
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

fn counters_move_forward(before: &Data, now: &Data) {
    assert!(now.default_series.next_number >= before.default_series.next_number, "default series counter went back");
    for g in &now.customer_groups {
        if let Some(old) = before.customer_groups.iter().find(|o| o.id == g.id) {
            assert!(g.next_number >= old.next_number, "the counter of {} went back", g.id);
        }
    }
}

// ---- the views ----------------------------------------------------------------------------------

/// Both answers are equal, or both errors of the same kind (and `NotFound` of the same entity).
fn agree<T: PartialEq + Debug>(what: &dyn Debug, got: Result<T>, want: Result<T>) {
    match (&got, &want) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{what:?}"),
        (Err(Error::NotFound(a)), Err(Error::NotFound(b))) => assert_eq!(a, b, "{what:?}"),
        (Err(a), Err(b)) => assert_eq!(std::mem::discriminant(a), std::mem::discriminant(b), "{what:?}: {a} / {b}"),
        _ => panic!("{what:?}\n  library: {got:?}\n  model:   {want:?}"),
    }
}

struct Gen<'a> {
    rng: Rng,
    m: &'a Model,
}

impl Gen<'_> {
    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.rng.chance(percent)
    }
    /// An id out of `ids`; now and then one that names nothing.
    fn pick<T: Copy>(&mut self, ids: &[T], unknown: T) -> T {
        if ids.is_empty() || self.chance(4) {
            unknown
        } else {
            ids[self.below(ids.len())]
        }
    }
    fn day(&mut self) -> Date {
        DATES[self.below(DATES.len())]
    }
    fn as_of(&mut self) -> Option<Date> {
        self.chance(60).then(|| self.day())
    }
    fn page(&mut self, total: usize) -> Page {
        match self.below(6) {
            0 => Page::ALL,
            1 => Page::first(self.below(4) as u64),
            2 => Page::new(self.below(total + 2) as u64, 1 + self.below(4) as u64),
            3 => Page::new(total.saturating_sub(1) as u64, 3),
            4 => Page::new(total as u64 + self.below(2) as u64, 2),
            _ => Page::new(self.below(4) as u64, u64::MAX),
        }
    }
    fn employee(&mut self) -> EmployeeId {
        let ids: Vec<EmployeeId> = self.m.employees.keys().copied().collect();
        self.pick(&ids, EmployeeId(self.m.next_ids.employee))
    }
    fn customer(&mut self) -> CustomerId {
        let ids: Vec<CustomerId> = self.m.customers.keys().copied().collect();
        self.pick(&ids, CustomerId(self.m.next_ids.customer))
    }
    fn group(&mut self) -> CustomerGroupId {
        let ids: Vec<CustomerGroupId> = self.m.groups.keys().copied().collect();
        self.pick(&ids, CustomerGroupId(self.m.next_ids.customer_group))
    }
    fn special(&mut self) -> SpecialGroupId {
        let ids: Vec<SpecialGroupId> = self.m.special_groups.keys().copied().collect();
        self.pick(&ids, SpecialGroupId(self.m.next_ids.special_group))
    }
    fn role(&mut self) -> RoleId {
        let ids: Vec<RoleId> = self.m.roles.keys().copied().collect();
        self.pick(&ids, RoleId(self.m.next_ids.role))
    }
    fn team(&mut self) -> TeamId {
        let ids: Vec<TeamId> = self.m.teams.keys().copied().collect();
        self.pick(&ids, TeamId(self.m.next_ids.team))
    }

    fn filter(&mut self) -> CustomerFilter {
        let mut f = CustomerFilter::new();
        if self.chance(15) {
            for _ in 0..1 + self.below(3) {
                f.customers.push(self.customer());
            }
        }
        if self.chance(30) {
            for _ in 0..1 + self.below(2) {
                f.groups.push(self.group());
            }
        }
        f.no_group = self.chance(20);
        if self.chance(25) {
            for _ in 0..1 + self.below(2) {
                f.special_groups.push(self.special());
            }
            if self.chance(50) {
                f.special_groups_match = SpecialGroupMatch::AllOf;
            }
        }
        if self.chance(20) {
            f.status = Some(if self.chance(50) { CustomerStatus::Active } else { CustomerStatus::Prospect });
        }
        f.archived = match self.below(4) {
            0 => ArchivedFilter::Include,
            1 => ArchivedFilter::Only,
            _ => ArchivedFilter::Exclude,
        };
        if self.chance(20) {
            let texts = ["ö", "ÖLJY", "apu", "  zeta ", "1", "12", "10", "oy 1", "ä", "", "Huo"];
            f.text = Some(texts[self.below(texts.len())].to_owned());
        }
        if self.chance(20) {
            f.responsible = Some(self.employee());
        }
        if self.chance(15) {
            f.salesperson = Some(self.employee());
        }
        f
    }
}

fn check_views(dir: &Directory, m: &Model, seed: u64) {
    let mut g = Gen { rng: Rng::new(seed), m };

    assert_eq!(dir.numbering_report(), m.numbering_report(), "numbering report");
    for include_archived in [false, true] {
        assert_eq!(dir.group_counts(include_archived), m.group_counts(include_archived), "group counts");
    }
    let mut groups: Vec<Option<CustomerGroupId>> = m.groups.keys().map(|id| Some(*id)).collect();
    groups.push(None);
    groups.push(Some(CustomerGroupId(m.next_ids.customer_group)));
    for group in groups {
        let q = ListingQuery { include_archived: g.chance(50), active: g.page(4), prospects: g.page(2) };
        agree(&(group, &q), dir.customer_listing(group, &q), m.listing(group, &q));
    }

    for _ in 0..4 {
        let f = g.filter();
        let as_of = g.as_of();
        agree(&(&f, as_of), dir.filter_customers_on(&f, as_of), m.filter(&f, as_of));
    }
    let f = g.filter();
    let p = g.page(m.customers.len());
    let want = m.filter(&f, None).map(|ids| CustomerPage {
        total: ids.len() as u64,
        customers: vastuu_tests::model::views::page(&ids, p)
            .iter()
            .map(|id| vastuu_tests::model::views::summary(&m.customers[id]))
            .collect(),
    });
    agree(&(&f, p), dir.filter_customers_page(&f, p), want);

    for _ in 0..3 {
        let mut q = MatrixQuery::new().customers(g.filter());
        if g.chance(20) {
            q.teams.push(g.team());
        }
        if g.chance(20) {
            for _ in 0..1 + g.below(3) {
                q.employees.push(g.employee());
            }
        }
        if g.chance(40) {
            q.role = Some(g.role());
        }
        q.by_role = g.chance(50);
        q.include_projects = g.chance(60);
        q.as_of = g.as_of();
        q.rows = g.page(m.customers.len() + m.projects.len());
        q.columns = g.page(m.employees.len());
        agree(&q, dir.matrix(&q), m.matrix(&q));
    }

    for _ in 0..3 {
        let mut q = ResponsiblePersonsQuery::new().customers(g.filter());
        if g.chance(30) {
            for _ in 0..1 + g.below(2) {
                q.employees.push(g.employee());
            }
        }
        q.include_projects = g.chance(60);
        q.as_of = g.as_of();
        q.page = g.page(m.responsibilities.len());
        agree(&q, dir.responsible_persons(&q), m.responsible_persons(&q));
    }

    let mut subjects: Vec<Subject> = m.customers.keys().map(|c| Subject::Customer(*c)).collect();
    subjects.extend(m.projects.keys().map(|p| Subject::Project(*p)));
    subjects.push(Subject::Project(ProjectId(m.next_ids.project)));
    for subject in subjects {
        let role = g.chance(40).then(|| g.role());
        let on = g.as_of();
        agree(&(subject, role, on), dir.responsible_persons_of(subject, role, on), m.persons_of(subject, role, on));
    }

    // The coverage checks.
    let on = g.day();
    for only_active in [false, true] {
        assert_eq!(
            dir.customers_without_responsible(on, only_active),
            m.customers_without_responsible(on, only_active)
        );
    }
    assert_eq!(dir.responsibilities_of_inactive_employees(), m.responsibilities_of_inactive_employees());
    assert_eq!(dir.salespeople_without_sales_rights(), m.salespeople_without_sales_rights());
    let days = [0, 1, 180, 365, 400][g.below(5)];
    assert_eq!(
        dir.responsibilities_ending_within(on, days),
        m.responsibilities_ending_within(on, days),
        "{on} +{days}"
    );
    let percent = [0, 10, 50, 100, 101][g.below(5)];
    agree(&percent, dir.series_near_exhaustion(percent), m.series_near_exhaustion(percent));

    // Visibility: every pair on two dates, and both set forms, with an unknown id of each kind.
    let mut employees: Vec<EmployeeId> = m.employees.keys().copied().collect();
    employees.push(EmployeeId(m.next_ids.employee));
    let mut customers: Vec<CustomerId> = m.customers.keys().copied().collect();
    customers.push(CustomerId(m.next_ids.customer));
    for on in [g.day(), g.day()] {
        for &e in &employees {
            for &c in &customers {
                agree(&(e, c, on), dir.can_view(e, c, on), m.can_view(e, c, on));
            }
            agree(&(e, on), dir.visible_customers(e, on), m.visible_customers(e, on));
        }
        for &c in &customers {
            agree(&(c, on), dir.who_can_view(c, on), m.who_can_view(c, on));
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
    scenario::<Sqlite>(steps);
}

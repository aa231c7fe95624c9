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

use jiff::civil::{date, Date};
use proptest::collection::{btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};
use std::fmt::Debug;
use std::marker::PhantomData;
use vastuu::generate::Rng;
use vastuu::*;
use vastuu_tests::backends::{open_directory, Backend, File, Memory, Sqlite};
use vastuu_tests::model::op::{run, same_outcome, Op, Outcome};
use vastuu_tests::model::{invariants, Model};

/// Dates used in periods, handovers and queries, so that period ends coincide with query dates.
const DATES: [Date; 4] = [date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30)];

/// Names, with case-insensitive twins, Nordic letters and digits (the text filter also matches
/// numbers); `name()` adds bad ones (blank, control character, too long).
const NAMES: &[&str] = &[
    "Huolto",
    "huolto",
    " Huolto ",
    "Myynti",
    "Öljy",
    "Åland",
    "Äänekoski",
    "apu",
    "APU",
    "Zeta",
    "Wärtsilä",
    "Oy 12",
    "10",
];

const EMAILS: &[&str] = &["matti@example.fi", " aino@example.fi ", "", "matti", "a@b@c", "ma tti@x.fi"];

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

/// The directory every sequence starts from, made in one transaction: a few of everything, so
/// that most generated operations meet existing entities.
fn setup() -> Op {
    let customer = |name: &str, group: Option<u32>, number: NumberChoice, status: CustomerStatus, special: &[u32]| {
        Op::CreateCustomer(NewCustomer {
            name: name.to_owned(),
            number,
            status,
            group: group.map(CustomerGroupId),
            special_groups: special.iter().map(|s| SpecialGroupId(*s)).collect(),
        })
    };
    let (c, p) = (|id: u32| Subject::Customer(CustomerId(id)), |id: u32| Subject::Project(ProjectId(id)));
    let ops = vec![
        Op::CreateTeam("Huolto".into()),
        Op::CreateTeam("Myynti".into()),
        Op::CreateRole(NewRole::new("Vastaava", RoleScope::Customer)),
        Op::CreateRole(NewRole::new("Huolto", RoleScope::Customer).portal_visible(true)),
        Op::CreateRole(NewRole::new("Projektipäällikkö", RoleScope::Project)),
        Op::CreateEmployee(NewEmployee::new("Matti").sales_rights(true).team(TeamId(1)).email("matti@example.fi")),
        Op::CreateEmployee(NewEmployee::new("Aino").sales_rights(true).team(TeamId(2))),
        Op::CreateEmployee(NewEmployee::new("Öljy-Pekka").team(TeamId(1))),
        Op::CreateEmployee(NewEmployee::new("Zeta").sales_rights(true).active(false)),
        Op::CreateEmployee(NewEmployee::new("apu").sees_all(true)),
        Op::CreateGroup(
            NewCustomerGroup::new("Pohjoinen").numbering_start(10).numbering_end(12).salespeople([EmployeeId(1)]),
        ),
        Op::CreateGroup(NewCustomerGroup::new("Etelä").salespeople([EmployeeId(2)])),
        Op::CreateGroup(NewCustomerGroup::new("Länsi").numbering_start(20)),
        Op::CreateSpecialGroup(NewSpecialGroup::new("VIP").description("Tärkeät")),
        customer("Esimerkki Oy", Some(1), NumberChoice::Next, CustomerStatus::Active, &[1]),
        customer("Åland Ab", Some(1), NumberChoice::Next, CustomerStatus::Prospect, &[]),
        customer("Öljy Oy", Some(2), NumberChoice::Next, CustomerStatus::Active, &[1]),
        customer("apu", None, NumberChoice::Explicit(3), CustomerStatus::Active, &[]),
        customer("Zeta Ky", Some(3), NumberChoice::Unnumbered, CustomerStatus::Prospect, &[]),
        customer("Äänekoski", None, NumberChoice::Next, CustomerStatus::Active, &[]),
        Op::CreateProject(CustomerId(1), "Kattoremontti".into()),
        Op::CreateProject(CustomerId(1), "Huolto 2026".into()),
        Op::CreateProject(CustomerId(3), "Piha".into()),
        Op::Toggle(c(1), EmployeeId(1)),
        Op::AddRole(c(1), EmployeeId(2), RoleId(2)),
        Op::SetResponsibility(c(3), EmployeeId(3), vec![RoleId(1)], Period { from: Some(DATES[1]), to: None }),
        Op::SetResponsibility(p(1), EmployeeId(2), vec![RoleId(3)], Period { from: None, to: Some(DATES[2]) }),
        Op::Toggle(p(3), EmployeeId(1)),
        Op::Toggle(c(6), EmployeeId(3)),
        Op::ArchiveEmployee(EmployeeId(3)),
    ];
    Op::Transaction { ops, stop_on_error: true, rollback: false }
}

struct Reference;

impl ReferenceStateMachine for Reference {
    type State = RefState;
    type Transition = Transition;

    fn init_state() -> BoxedStrategy<RefState> {
        let mut model = Model::default();
        let outcome = model.apply(&setup());
        assert!(outcome.is_ok(), "the setup fails in the model: {outcome:?}");
        Just(RefState { model, last: None }).boxed()
    }

    fn transitions(state: &RefState) -> BoxedStrategy<Transition> {
        let m = &state.model;
        let step = prop_oneof![
            40 => simple_op(m).prop_map(Step::Op),
            2 => transaction(m).prop_map(Step::Op),
            1 => (handover(m), simple_op(m)).prop_map(|(h, op)| Step::Op(Op::HandoverAfter(h, Box::new(op)))),
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

// ---- strategies ------------------------------------------------------------------------------------

/// An id: mostly one that exists, sometimes 0 or the next one (unknown), or one that existed.
fn pick_id<I: Copy + Debug + 'static>(existing: Vec<I>, next: u32, make: fn(u32) -> I) -> BoxedStrategy<I> {
    let unknown = prop_oneof![Just(make(0)), Just(make(next)), (1..next.max(2)).prop_map(make)];
    if existing.is_empty() {
        unknown.boxed()
    } else {
        prop_oneof![12 => select(existing), 1 => unknown].boxed()
    }
}

fn employee(m: &Model) -> BoxedStrategy<EmployeeId> {
    pick_id(m.employees.keys().copied().collect(), m.next_ids.employee, EmployeeId)
}
fn team(m: &Model) -> BoxedStrategy<TeamId> {
    pick_id(m.teams.keys().copied().collect(), m.next_ids.team, TeamId)
}
fn role(m: &Model) -> BoxedStrategy<RoleId> {
    pick_id(m.roles.keys().copied().collect(), m.next_ids.role, RoleId)
}
fn customer(m: &Model) -> BoxedStrategy<CustomerId> {
    pick_id(m.customers.keys().copied().collect(), m.next_ids.customer, CustomerId)
}
fn project(m: &Model) -> BoxedStrategy<ProjectId> {
    pick_id(m.projects.keys().copied().collect(), m.next_ids.project, ProjectId)
}
fn group(m: &Model) -> BoxedStrategy<CustomerGroupId> {
    pick_id(m.groups.keys().copied().collect(), m.next_ids.customer_group, CustomerGroupId)
}
fn special(m: &Model) -> BoxedStrategy<SpecialGroupId> {
    pick_id(m.special_groups.keys().copied().collect(), m.next_ids.special_group, SpecialGroupId)
}
fn subject(m: &Model) -> BoxedStrategy<Subject> {
    prop_oneof![3 => customer(m).prop_map(Subject::Customer), 2 => project(m).prop_map(Subject::Project)].boxed()
}

/// A (subject, employee) pair: mostly one that holds a responsibility.
fn held(m: &Model) -> BoxedStrategy<(Subject, EmployeeId)> {
    let any_pair = (subject(m), employee(m));
    let keys: Vec<(Subject, EmployeeId)> = m.responsibilities.keys().copied().collect();
    if keys.is_empty() {
        any_pair.boxed()
    } else {
        prop_oneof![3 => select(keys), 1 => any_pair].boxed()
    }
}

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        30 => select(NAMES).prop_map(str::to_owned),
        1 => Just(String::new()),
        1 => Just("  ".to_owned()),
        1 => Just("a\u{7}b".to_owned()),
        1 => Just("x".repeat(200)),
        1 => Just("x".repeat(201)),
        // Any text: other scripts, Unicode spaces and control characters.
        1 => any::<String>(),
        1 => "[ \t\n\u{85}\u{a0}\u{3000}\u{200b}aÄ\u{308}ß]{0,6}",
    ]
    .boxed()
}

fn email() -> BoxedStrategy<Option<String>> {
    let text = prop_oneof![8 => select(EMAILS).prop_map(str::to_owned), 1 => "[a@ .\u{a0}\u{7}]{0,6}"];
    option::weighted(0.4, text).boxed()
}

/// A customer number: small ones collide often; 0 and past the maximum are invalid.
fn number() -> BoxedStrategy<u64> {
    prop_oneof![12 => 1u64..24, 1 => Just(0), 1 => Just(MAX_CUSTOMER_NUMBER), 1 => Just(MAX_CUSTOMER_NUMBER + 1)]
        .boxed()
}

fn series_start() -> BoxedStrategy<u64> {
    prop_oneof![10 => select(vec![1u64, 5, 10, 15, 20]), 1 => Just(0), 1 => Just(MAX_CUSTOMER_NUMBER)].boxed()
}

fn series_end() -> BoxedStrategy<Option<u64>> {
    option::weighted(0.5, prop_oneof![8 => select(vec![3u64, 6, 11, 12, 16, 25]), 1 => Just(MAX_CUSTOMER_NUMBER + 1)])
        .boxed()
}

fn day() -> BoxedStrategy<Date> {
    select(DATES.to_vec()).boxed()
}

/// A period; from after to (invalid) comes up by chance.
fn period() -> BoxedStrategy<Period> {
    (option::weighted(0.5, day()), option::weighted(0.5, day())).prop_map(|(from, to)| Period { from, to }).boxed()
}

fn roles(m: &Model) -> BoxedStrategy<Vec<RoleId>> {
    vec(role(m), 0..3).boxed()
}

fn status() -> BoxedStrategy<CustomerStatus> {
    prop_oneof![3 => Just(CustomerStatus::Active), 1 => Just(CustomerStatus::Prospect)].boxed()
}

fn scope() -> BoxedStrategy<RoleScope> {
    prop_oneof![Just(RoleScope::Customer), Just(RoleScope::Project)].boxed()
}

fn employee_ops(m: &Model) -> BoxedStrategy<Op> {
    let new = (
        name(),
        email(),
        option::weighted(0.3, team(m)),
        any::<bool>(),
        prop::bool::weighted(0.85),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(name, email, team, sales_rights, active, sees_all)| {
            Op::CreateEmployee(NewEmployee { name, email, team, sales_rights, active, sees_all })
        });
    let update = (
        employee(m),
        option::weighted(0.2, name()),
        option::weighted(0.2, email()),
        option::weighted(0.2, option::of(team(m))),
        option::weighted(0.3, any::<bool>()),
        option::weighted(0.3, any::<bool>()),
        option::weighted(0.2, any::<bool>()),
    )
        .prop_map(|(id, name, email, team, sales_rights, active, sees_all)| {
            Op::UpdateEmployee(id, EmployeeUpdate { name, email, team, sales_rights, active, sees_all })
        });
    prop_oneof![
        6 => new,
        4 => update,
        1 => employee(m).prop_map(Op::ArchiveEmployee),
        1 => employee(m).prop_map(Op::ReactivateEmployee),
        1 => employee(m).prop_map(Op::DeleteEmployee),
        2 => name().prop_map(Op::CreateTeam),
        1 => (team(m), name()).prop_map(|(t, n)| Op::RenameTeam(t, n)),
        1 => team(m).prop_map(Op::DeleteTeam),
    ]
    .boxed()
}

fn role_ops(m: &Model) -> BoxedStrategy<Op> {
    prop_oneof![
        3 => (name(), scope(), any::<bool>())
            .prop_map(|(name, scope, portal_visible)| Op::CreateRole(NewRole { name, scope, portal_visible })),
        1 => (role(m), option::weighted(0.4, name()), option::weighted(0.5, scope()), option::of(any::<bool>()))
            .prop_map(|(id, name, scope, portal_visible)| Op::UpdateRole(id, RoleUpdate { name, scope, portal_visible })),
        1 => role(m).prop_map(Op::DeleteRole),
    ]
    .boxed()
}

fn customer_ops(m: &Model) -> BoxedStrategy<Op> {
    let choice = prop_oneof![
        6 => Just(NumberChoice::Next),
        3 => number().prop_map(NumberChoice::Explicit),
        1 => Just(NumberChoice::Unnumbered),
    ];
    let new = (name(), choice, status(), option::weighted(0.5, group(m)), vec(special(m), 0..2)).prop_map(
        |(name, number, status, group, special_groups)| {
            Op::CreateCustomer(NewCustomer { name, number, status, group, special_groups })
        },
    );
    let update =
        (customer(m), option::weighted(0.3, name()), option::weighted(0.4, status()), option::of(any::<bool>()))
            .prop_map(|(id, name, status, archived)| Op::UpdateCustomer(id, CustomerUpdate { name, status, archived }));
    let project_update = (project(m), option::weighted(0.5, name()), option::of(any::<bool>()))
        .prop_map(|(id, name, archived)| Op::UpdateProject(id, ProjectUpdate { name, archived }));
    prop_oneof![
        10 => new,
        3 => update,
        1 => customer(m).prop_map(Op::ArchiveCustomer),
        1 => customer(m).prop_map(Op::UnarchiveCustomer),
        3 => (customer(m), option::weighted(0.85, number())).prop_map(|(c, n)| Op::SetCustomerNumber(c, n)),
        3 => customer(m).prop_map(Op::RenumberCustomer),
        1 => customer(m).prop_map(Op::DeleteCustomer),
        4 => (customer(m), name()).prop_map(|(c, n)| Op::CreateProject(c, n)),
        1 => project_update,
        1 => project(m).prop_map(Op::ArchiveProject),
        1 => project(m).prop_map(Op::DeleteProject),
    ]
    .boxed()
}

fn ledger() -> BoxedStrategy<String> {
    select(vec!["1000", " 3001 ", "", "a\u{7}"]).prop_map(str::to_owned).boxed()
}

fn cost_centers() -> BoxedStrategy<Vec<String>> {
    vec(select(vec!["A1", "B2", "a1", "A1 ", " ", "C\u{7}"]).prop_map(str::to_owned), 0..6).boxed()
}

fn group_ops(m: &Model) -> BoxedStrategy<Op> {
    let new = (
        name(),
        option::weighted(0.6, series_start()),
        series_end(),
        option::weighted(0.2, ledger()),
        prop_oneof![3 => Just(Vec::new()), 1 => cost_centers()],
        vec(employee(m), 0..3),
        vec(customer(m), 0..4),
        any::<bool>(),
    )
        .prop_map(
            |(
                name,
                numbering_start,
                numbering_end,
                ledger_account,
                cost_centers,
                salespeople,
                customers,
                move_customers,
            )| {
                Op::CreateGroup(NewCustomerGroup {
                    name,
                    numbering_start,
                    numbering_end,
                    ledger_account,
                    cost_centers,
                    salespeople,
                    customers,
                    move_customers,
                })
            },
        );
    let update = (
        group(m),
        option::weighted(0.2, name()),
        option::weighted(0.3, option::weighted(0.8, series_start())),
        option::weighted(0.3, series_end()),
        option::weighted(0.1, option::of(ledger())),
        option::weighted(0.1, cost_centers()),
        option::weighted(0.3, vec(employee(m), 0..3)),
        option::weighted(0.3, vec(customer(m), 0..5)),
        any::<bool>(),
    )
        .prop_map(
            |(
                id,
                name,
                numbering_start,
                numbering_end,
                ledger_account,
                cost_centers,
                salespeople,
                customers,
                move_customers,
            )| {
                Op::UpdateGroup(
                    id,
                    CustomerGroupUpdate {
                        name,
                        numbering_start,
                        numbering_end,
                        ledger_account,
                        cost_centers,
                        salespeople,
                        customers,
                        move_customers,
                    },
                )
            },
        );
    prop_oneof![
        4 => new,
        3 => update,
        1 => group(m).prop_map(Op::DeleteGroup),
        3 => (group(m), customer(m)).prop_map(|(g, c)| Op::AddToGroup(g, c)),
        2 => (group(m), customer(m)).prop_map(|(g, c)| Op::MoveToGroup(g, c)),
        1 => customer(m).prop_map(Op::RemoveFromGroup),
        3 => (group(m), employee(m)).prop_map(|(g, e)| Op::AddSalesperson(g, e)),
        1 => (group(m), employee(m)).prop_map(|(g, e)| Op::RemoveSalesperson(g, e)),
        1 => (series_start(), series_end()).prop_map(|(s, e)| Op::SetDefaultSeries(s, e)),
    ]
    .boxed()
}

fn description() -> BoxedStrategy<String> {
    prop_oneof![10 => select(vec!["Kuvaus", "rivi\nrivi\tsarake", "  ", "a\u{1}b"]).prop_map(str::to_owned), 1 => Just("k".repeat(2001))]
        .boxed()
}

fn special_ops(m: &Model) -> BoxedStrategy<Op> {
    let update = (
        special(m),
        option::weighted(0.3, name()),
        option::weighted(0.3, option::of(description())),
        option::weighted(0.5, vec(customer(m), 0..4)),
    )
        .prop_map(|(id, name, description, customers)| {
            Op::UpdateSpecialGroup(id, SpecialGroupUpdate { name, description, customers })
        });
    prop_oneof![
        2 => (name(), option::weighted(0.3, description()), vec(customer(m), 0..4))
            .prop_map(|(name, description, customers)| Op::CreateSpecialGroup(NewSpecialGroup { name, description, customers })),
        1 => update,
        1 => special(m).prop_map(Op::DeleteSpecialGroup),
        2 => (special(m), customer(m)).prop_map(|(g, c)| Op::AddToSpecialGroup(g, c)),
        1 => (special(m), customer(m)).prop_map(|(g, c)| Op::RemoveFromSpecialGroup(g, c)),
    ]
    .boxed()
}

fn responsibility_ops(m: &Model) -> BoxedStrategy<Op> {
    prop_oneof![
        6 => (subject(m), employee(m)).prop_map(|(s, e)| Op::Toggle(s, e)),
        2 => held(m).prop_map(|(s, e)| Op::Toggle(s, e)),
        2 => (subject(m), employee(m)).prop_map(|(s, e)| Op::AddResponsibility(s, e)),
        1 => held(m).prop_map(|(s, e)| Op::RemoveResponsibility(s, e)),
        2 => (held(m), roles(m)).prop_map(|((s, e), r)| Op::SetRoles(s, e, r)),
        3 => (held(m), role(m)).prop_map(|((s, e), r)| Op::AddRole(s, e, r)),
        2 => (held(m), role(m)).prop_map(|((s, e), r)| Op::RemoveRole(s, e, r)),
        4 => (held(m), period()).prop_map(|((s, e), p)| Op::SetPeriod(s, e, p)),
        1 => held(m).prop_map(|(s, e)| Op::ClearPeriod(s, e)),
        2 => (held(m), roles(m), period()).prop_map(|((s, e), r, p)| Op::SetResponsibility(s, e, r, p)),
    ]
    .boxed()
}

fn handover(m: &Model) -> BoxedStrategy<Handover> {
    let roles = prop_oneof![3 => Just(RoleSelection::All), 1 => btree_set(role(m), 0..3).prop_map(RoleSelection::Only)];
    let parts = (
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.8),
        option::weighted(0.2, btree_set(subject(m), 0..3)),
        option::weighted(0.1, select(vec!["Maija", "  "]).prop_map(str::to_owned)),
    );
    (employee(m), employee(m), any::<bool>(), option::weighted(0.4, day()), roles, parts)
        .prop_map(|(from, to, add, effective, roles, (customers, projects, salesperson_places, subjects, actor))| {
            Handover {
                from,
                to,
                mode: if add { HandoverMode::Add } else { HandoverMode::Replace },
                effective,
                roles,
                customers,
                projects,
                salesperson_places,
                subjects,
                actor,
            }
        })
        .boxed()
}

/// Any single operation (no transaction, no stale plan).
fn simple_op(m: &Model) -> BoxedStrategy<Op> {
    prop_oneof![
        5 => employee_ops(m),
        2 => role_ops(m),
        7 => customer_ops(m),
        5 => group_ops(m),
        2 => special_ops(m),
        9 => responsibility_ops(m),
        1 => handover(m).prop_map(Op::Handover),
    ]
    .boxed()
}

/// A transaction of a few operations, now and then with a nested one.
fn transaction(m: &Model) -> BoxedStrategy<Op> {
    let inner = (vec(simple_op(m), 1..4), any::<bool>(), prop::bool::weighted(0.3))
        .prop_map(|(ops, stop_on_error, rollback)| Op::Transaction { ops, stop_on_error, rollback });
    let op = prop_oneof![8 => simple_op(m), 1 => inner];
    (vec(op, 1..5), any::<bool>(), prop::bool::weighted(0.2))
        .prop_map(|(ops, stop_on_error, rollback)| Op::Transaction { ops, stop_on_error, rollback })
        .boxed()
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
        let outcome = run(&mut dir, &setup());
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
    initial.model.apply(&setup()).unwrap();
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
        Step::Op(Op::Handover(Handover::new(e1, e2).effective(DATES[2]))),
        Step::Compact,
        Step::Op(Op::DeleteGroup(CustomerGroupId(2))),
        Step::Reopen,
        Step::Op(Op::DeleteEmployee(e2)),
        Step::Reopen,
    ];
    // What the model says, so the library is held to these answers.
    let mut m = Model::default();
    m.apply(&setup()).unwrap();
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

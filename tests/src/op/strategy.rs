//! Generated operations: proptest strategies over a [`Pool`] of ids, valid and invalid (unknown
//! ids, duplicate names and numbers, bad text, bad periods, inactive employees, full number
//! ranges, handovers, bulk assignments, nested transactions), and [`Draw`], which takes values of the same
//! strategies from a seed.
//!
//! Universes are small (few names, few numbers, few dates) so that duplicates, collisions,
//! coinciding period ends and full number ranges come up often.

use super::Op;
use crate::model::Model;
use jiff::civil::{date, Date};
use proptest::collection::{btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::fmt::Debug;
use vastuu::{
    ArchivedFilter, BulkAction, BulkRequest, CustomerFilter, CustomerGroupId, CustomerGroupUpdate, CustomerId,
    CustomerStatus, CustomerUpdate, EmployeeId, EmployeeUpdate, GroupDefault, Handover, HandoverMode, NewCustomer,
    NewCustomerGroup, NewEmployee, NewProject, NewRole, NewSpecialGroup, NextIds, NumberChoice, Period, ProjectId,
    ProjectUpdate, RoleId, RoleScope, RoleSelection, RoleUpdate, SpecialGroupId, SpecialGroupMatch, SpecialGroupUpdate,
    Subject, TeamId, MAX_CUSTOMER_NUMBER,
};

/// Dates used in periods, handovers and queries, so that period ends coincide with query dates.
pub const DATES: [Date; 6] =
    [date(2025, 1, 1), date(2025, 6, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30), date(2027, 1, 1)];

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

/// The ids operations are drawn from: those that exist, and the next one of each kind (unknown
/// ids are 0, the next one, or one below it that no longer exists).
#[derive(Clone, Debug, Default)]
#[allow(missing_docs)]
pub struct Pool {
    pub employees: Vec<EmployeeId>,
    pub teams: Vec<TeamId>,
    pub roles: Vec<RoleId>,
    pub customers: Vec<CustomerId>,
    pub projects: Vec<ProjectId>,
    pub groups: Vec<CustomerGroupId>,
    pub special_groups: Vec<SpecialGroupId>,
    /// Each team with members, and its members.
    pub members: Vec<(TeamId, Vec<EmployeeId>)>,
    /// The (subject, employee) pairs that hold a responsibility.
    pub held: Vec<(Subject, EmployeeId)>,
    pub next: NextIds,
}

impl Pool {
    /// The ids of the model's entities.
    pub fn of(m: &Model) -> Pool {
        Pool {
            employees: m.employees.keys().copied().collect(),
            teams: m.teams.keys().copied().collect(),
            roles: m.roles.keys().copied().collect(),
            customers: m.customers.keys().copied().collect(),
            projects: m.projects.keys().copied().collect(),
            groups: m.groups.keys().copied().collect(),
            special_groups: m.special_groups.keys().copied().collect(),
            members: m
                .teams
                .keys()
                .map(|t| (*t, m.employees.values().filter(|e| e.team == Some(*t)).map(|e| e.id).collect::<Vec<_>>()))
                .filter(|(_, members)| !members.is_empty())
                .collect(),
            held: m.responsibilities.keys().copied().collect(),
            next: m.next_ids,
        }
    }

    /// Ids `1..n` of every kind, whether or not they exist: for sequences drawn before any of
    /// them runs (ids of entities the sequence creates come up too).
    pub fn up_to(n: u32) -> Pool {
        Pool {
            employees: (1..n).map(EmployeeId).collect(),
            teams: (1..n).map(TeamId).collect(),
            roles: (1..n).map(RoleId).collect(),
            customers: (1..n).map(CustomerId).collect(),
            projects: (1..n).map(ProjectId).collect(),
            groups: (1..n).map(CustomerGroupId).collect(),
            special_groups: (1..n).map(SpecialGroupId).collect(),
            members: Vec::new(),
            held: Vec::new(),
            next: NextIds {
                employee: n,
                team: n,
                role: n,
                customer: n,
                project: n,
                customer_group: n,
                special_group: n,
            },
        }
    }
}

/// An id: mostly one that exists, sometimes 0 or the next one (unknown), or one that existed.
fn pick_id<I: Copy + Debug + 'static>(existing: Vec<I>, next: u32, make: fn(u32) -> I) -> BoxedStrategy<I> {
    let unknown = prop_oneof![Just(make(0)), Just(make(next)), (1..next.max(2)).prop_map(make)];
    if existing.is_empty() {
        unknown.boxed()
    } else {
        prop_oneof![12 => select(existing), 1 => unknown].boxed()
    }
}

fn employee(p: &Pool) -> BoxedStrategy<EmployeeId> {
    pick_id(p.employees.clone(), p.next.employee, EmployeeId)
}
fn team(p: &Pool) -> BoxedStrategy<TeamId> {
    pick_id(p.teams.clone(), p.next.team, TeamId)
}
fn role(p: &Pool) -> BoxedStrategy<RoleId> {
    pick_id(p.roles.clone(), p.next.role, RoleId)
}
fn customer(p: &Pool) -> BoxedStrategy<CustomerId> {
    pick_id(p.customers.clone(), p.next.customer, CustomerId)
}
fn project(p: &Pool) -> BoxedStrategy<ProjectId> {
    pick_id(p.projects.clone(), p.next.project, ProjectId)
}
fn group(p: &Pool) -> BoxedStrategy<CustomerGroupId> {
    pick_id(p.groups.clone(), p.next.customer_group, CustomerGroupId)
}
fn special(p: &Pool) -> BoxedStrategy<SpecialGroupId> {
    pick_id(p.special_groups.clone(), p.next.special_group, SpecialGroupId)
}
fn subject(p: &Pool) -> BoxedStrategy<Subject> {
    prop_oneof![3 => customer(p).prop_map(Subject::Customer), 2 => project(p).prop_map(Subject::Project)].boxed()
}

/// A (subject, employee) pair: mostly one that holds a responsibility.
fn held(p: &Pool) -> BoxedStrategy<(Subject, EmployeeId)> {
    let any_pair = (subject(p), employee(p));
    let keys = p.held.clone();
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
        // Lookalikes (full-width, ligature, decomposed) and invisible or direction characters.
        1 => "[aAＡﬁf i\u{308}\u{202e}\u{2066}\u{feff}\u{2028}]{1,4}",
    ]
    .boxed()
}

fn email() -> BoxedStrategy<Option<String>> {
    let text = prop_oneof![8 => select(EMAILS).prop_map(str::to_owned), 1 => "[a@ .\u{a0}\u{7}]{0,6}"];
    option::weighted(0.4, text).boxed()
}

/// An external id: a few keys that collide often (one differing only in case, one with spaces
/// around it), blanks and a refused one.
fn key() -> BoxedStrategy<String> {
    prop_oneof![
        8 => select(vec!["K1", "K2", "K3", "k1", " K2 ", "ERP-7"]).prop_map(str::to_owned),
        1 => Just("  ".to_owned()),
        1 => Just("K\u{7}".to_owned()),
        1 => Just("x".repeat(201)),
    ]
    .boxed()
}

/// An optional external id for a new entity.
fn new_key() -> BoxedStrategy<Option<String>> {
    option::weighted(0.35, key()).boxed()
}

/// An external id change: none, a key, or clearing (`Some(None)`).
fn key_update() -> BoxedStrategy<Option<Option<String>>> {
    option::weighted(0.2, option::weighted(0.8, key())).boxed()
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

/// One of [`DATES`].
pub fn day() -> BoxedStrategy<Date> {
    select(DATES.to_vec()).boxed()
}

/// A period; from after to (invalid) comes up by chance.
pub fn period() -> BoxedStrategy<Period> {
    (option::weighted(0.5, day()), option::weighted(0.5, day())).prop_map(|(from, to)| Period { from, to }).boxed()
}

fn roles(p: &Pool) -> BoxedStrategy<Vec<RoleId>> {
    vec(role(p), 0..3).boxed()
}

fn status() -> BoxedStrategy<CustomerStatus> {
    prop_oneof![3 => Just(CustomerStatus::Active), 1 => Just(CustomerStatus::Prospect)].boxed()
}

fn scope() -> BoxedStrategy<RoleScope> {
    prop_oneof![Just(RoleScope::Customer), Just(RoleScope::Project)].boxed()
}

/// Setting, adding and removing team leads: mostly members of the team (some of them), now and
/// then an employee of another team or of none, or an unknown id.
fn lead_ops(p: &Pool) -> BoxedStrategy<Op> {
    let any = (team(p), vec(employee(p), 0..3)).prop_map(|(t, leads)| Op::SetTeamLeads(t, leads));
    let add = (team(p), employee(p)).prop_map(|(t, e)| Op::AddTeamLead(t, e));
    let remove = (team(p), employee(p)).prop_map(|(t, e)| Op::RemoveTeamLead(t, e));
    if p.members.is_empty() {
        return prop_oneof![any, add, remove].boxed();
    }
    let members = select(p.members.clone())
        .prop_flat_map(|(t, members)| {
            let n = members.len();
            subsequence(members, 0..=n).prop_map(move |leads| (t, leads))
        })
        .boxed();
    prop_oneof![
        4 => members.clone().prop_map(|(t, leads)| Op::SetTeamLeads(t, leads)),
        2 => members.clone().prop_map(|(t, leads)| match leads.first() {
            Some(&e) => Op::AddTeamLead(t, e),
            None => Op::SetTeamLeads(t, leads),
        }),
        2 => members.prop_map(|(t, leads)| match leads.last() {
            Some(&e) => Op::RemoveTeamLead(t, e),
            None => Op::SetTeamLeads(t, leads),
        }),
        1 => any,
        1 => add,
        1 => remove,
    ]
    .boxed()
}

fn employee_ops(p: &Pool) -> BoxedStrategy<Op> {
    let new = (
        name(),
        email(),
        option::weighted(0.3, team(p)),
        any::<bool>(),
        prop::bool::weighted(0.85),
        prop::bool::weighted(0.15),
        new_key(),
    )
        .prop_map(|(name, email, team, sales_rights, active, sees_all, external_id)| {
            Op::CreateEmployee(NewEmployee { name, email, team, sales_rights, active, sees_all, external_id })
        });
    let update = (
        employee(p),
        option::weighted(0.2, name()),
        option::weighted(0.2, email()),
        option::weighted(0.2, option::of(team(p))),
        option::weighted(0.3, any::<bool>()),
        option::weighted(0.3, any::<bool>()),
        option::weighted(0.2, any::<bool>()),
        key_update(),
    )
        .prop_map(|(id, name, email, team, sales_rights, active, sees_all, external_id)| {
            Op::UpdateEmployee(id, EmployeeUpdate { name, email, team, sales_rights, active, sees_all, external_id })
        });
    prop_oneof![
        6 => new,
        4 => update,
        1 => employee(p).prop_map(Op::ArchiveEmployee),
        1 => employee(p).prop_map(Op::ReactivateEmployee),
        1 => employee(p).prop_map(Op::DeleteEmployee),
        2 => name().prop_map(Op::CreateTeam),
        1 => (team(p), name()).prop_map(|(t, n)| Op::RenameTeam(t, n)),
        1 => team(p).prop_map(Op::DeleteTeam),
        3 => lead_ops(p),
    ]
    .boxed()
}

fn role_ops(p: &Pool) -> BoxedStrategy<Op> {
    prop_oneof![
        3 => (name(), scope(), any::<bool>())
            .prop_map(|(name, scope, portal_visible)| Op::CreateRole(NewRole { name, scope, portal_visible })),
        1 => (role(p), option::weighted(0.4, name()), option::weighted(0.5, scope()), option::of(any::<bool>()))
            .prop_map(|(id, name, scope, portal_visible)| Op::UpdateRole(id, RoleUpdate { name, scope, portal_visible })),
        1 => role(p).prop_map(Op::DeleteRole),
    ]
    .boxed()
}

fn customer_ops(p: &Pool) -> BoxedStrategy<Op> {
    let choice = prop_oneof![
        6 => Just(NumberChoice::Next),
        3 => number().prop_map(NumberChoice::Explicit),
        1 => Just(NumberChoice::Unnumbered),
    ];
    let new = (name(), choice, status(), option::weighted(0.5, group(p)), vec(special(p), 0..2), new_key()).prop_map(
        |(name, number, status, group, special_groups, external_id)| {
            Op::CreateCustomer(NewCustomer { name, number, status, group, special_groups, external_id })
        },
    );
    let update = (
        customer(p),
        option::weighted(0.3, name()),
        option::weighted(0.4, status()),
        option::of(any::<bool>()),
        key_update(),
    )
        .prop_map(|(id, name, status, archived, external_id)| {
            Op::UpdateCustomer(id, CustomerUpdate { name, status, archived, external_id })
        });
    let project_update = (project(p), option::weighted(0.5, name()), option::of(any::<bool>()), key_update()).prop_map(
        |(id, name, archived, external_id)| Op::UpdateProject(id, ProjectUpdate { name, archived, external_id }),
    );
    prop_oneof![
        10 => new,
        3 => update,
        1 => customer(p).prop_map(Op::ArchiveCustomer),
        1 => customer(p).prop_map(Op::UnarchiveCustomer),
        3 => (customer(p), option::weighted(0.85, number())).prop_map(|(c, n)| Op::SetCustomerNumber(c, n)),
        3 => customer(p).prop_map(Op::RenumberCustomer),
        1 => customer(p).prop_map(Op::DeleteCustomer),
        3 => (customer(p), name()).prop_map(|(c, n)| Op::CreateProject(c, n)),
        1 => (customer(p), name(), new_key())
            .prop_map(|(c, name, external_id)| Op::CreateProjectWith(c, NewProject { name, external_id })),
        1 => project_update,
        1 => project(p).prop_map(Op::ArchiveProject),
        1 => project(p).prop_map(Op::DeleteProject),
    ]
    .boxed()
}

fn ledger() -> BoxedStrategy<String> {
    select(vec!["1000", " 3001 ", "", "a\u{7}"]).prop_map(str::to_owned).boxed()
}

fn cost_centers() -> BoxedStrategy<Vec<String>> {
    vec(select(vec!["A1", "B2", "a1", "A1 ", " ", "C\u{7}"]).prop_map(str::to_owned), 0..6).boxed()
}

/// A default team: mostly one or two employees with a customer role or none; now and then an
/// employee twice, a project role or an unknown id.
fn default_team(p: &Pool) -> BoxedStrategy<Vec<GroupDefault>> {
    vec((employee(p), btree_set(role(p), 0..2)).prop_map(|(e, roles)| GroupDefault { employee: e, roles }), 0..3)
        .boxed()
}

fn group_ops(p: &Pool) -> BoxedStrategy<Op> {
    let new = (
        name(),
        option::weighted(0.6, series_start()),
        series_end(),
        option::weighted(0.2, ledger()),
        prop_oneof![3 => Just(Vec::new()), 1 => cost_centers()],
        vec(employee(p), 0..3),
        vec(customer(p), 0..4),
        any::<bool>(),
        prop_oneof![3 => Just(Vec::new()), 1 => default_team(p)],
        new_key(),
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
                default_team,
                external_id,
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
                    default_team,
                    external_id,
                })
            },
        );
    let update = (
        group(p),
        option::weighted(0.2, name()),
        option::weighted(0.3, option::weighted(0.8, series_start())),
        option::weighted(0.3, series_end()),
        option::weighted(0.1, option::of(ledger())),
        option::weighted(0.1, cost_centers()),
        option::weighted(0.3, vec(employee(p), 0..3)),
        option::weighted(0.3, vec(customer(p), 0..5)),
        any::<bool>(),
        option::weighted(0.15, default_team(p)),
        key_update(),
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
                default_team,
                external_id,
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
                        default_team,
                        external_id,
                    },
                )
            },
        );
    prop_oneof![
        4 => new,
        3 => update,
        1 => group(p).prop_map(Op::DeleteGroup),
        3 => (group(p), customer(p)).prop_map(|(g, c)| Op::AddToGroup(g, c)),
        2 => (group(p), customer(p)).prop_map(|(g, c)| Op::MoveToGroup(g, c)),
        1 => customer(p).prop_map(Op::RemoveFromGroup),
        3 => (group(p), employee(p)).prop_map(|(g, e)| Op::AddSalesperson(g, e)),
        1 => (group(p), employee(p)).prop_map(|(g, e)| Op::RemoveSalesperson(g, e)),
        1 => (series_start(), series_end()).prop_map(|(s, e)| Op::SetDefaultSeries(s, e)),
        2 => (group(p), default_team(p)).prop_map(|(g, team)| Op::SetGroupDefaultTeam(g, team)),
        1 => group(p).prop_map(Op::GroupDefaults),
    ]
    .boxed()
}

fn description() -> BoxedStrategy<String> {
    prop_oneof![10 => select(vec!["Kuvaus", "rivi\nrivi\tsarake", "  ", "a\u{1}b"]).prop_map(str::to_owned), 1 => Just("k".repeat(2001))]
        .boxed()
}

fn special_ops(p: &Pool) -> BoxedStrategy<Op> {
    let update = (
        special(p),
        option::weighted(0.3, name()),
        option::weighted(0.3, option::of(description())),
        option::weighted(0.5, vec(customer(p), 0..4)),
    )
        .prop_map(|(id, name, description, customers)| {
            Op::UpdateSpecialGroup(id, SpecialGroupUpdate { name, description, customers })
        });
    prop_oneof![
        2 => (name(), option::weighted(0.3, description()), vec(customer(p), 0..4))
            .prop_map(|(name, description, customers)| Op::CreateSpecialGroup(NewSpecialGroup { name, description, customers })),
        1 => update,
        1 => special(p).prop_map(Op::DeleteSpecialGroup),
        2 => (special(p), customer(p)).prop_map(|(g, c)| Op::AddToSpecialGroup(g, c)),
        1 => (special(p), customer(p)).prop_map(|(g, c)| Op::RemoveFromSpecialGroup(g, c)),
    ]
    .boxed()
}

fn responsibility_ops(p: &Pool) -> BoxedStrategy<Op> {
    prop_oneof![
        6 => (subject(p), employee(p)).prop_map(|(s, e)| Op::Toggle(s, e)),
        2 => held(p).prop_map(|(s, e)| Op::Toggle(s, e)),
        2 => (subject(p), employee(p)).prop_map(|(s, e)| Op::AddResponsibility(s, e)),
        1 => held(p).prop_map(|(s, e)| Op::RemoveResponsibility(s, e)),
        2 => (held(p), roles(p)).prop_map(|((s, e), r)| Op::SetRoles(s, e, r)),
        3 => (held(p), role(p)).prop_map(|((s, e), r)| Op::AddRole(s, e, r)),
        2 => (held(p), role(p)).prop_map(|((s, e), r)| Op::RemoveRole(s, e, r)),
        4 => (held(p), period()).prop_map(|((s, e), p)| Op::SetPeriod(s, e, p)),
        1 => held(p).prop_map(|(s, e)| Op::ClearPeriod(s, e)),
        2 => (held(p), roles(p), period()).prop_map(|((s, e), r, p)| Op::SetResponsibility(s, e, r, p)),
    ]
    .boxed()
}

/// A handover request between two employees, with every kind of selection.
pub fn handover(p: &Pool) -> BoxedStrategy<Handover> {
    let roles = prop_oneof![3 => Just(RoleSelection::All), 1 => btree_set(role(p), 0..3).prop_map(RoleSelection::Only)];
    let parts = (
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.8),
        option::weighted(0.2, btree_set(subject(p), 0..3)),
        option::weighted(0.1, select(vec!["Maija", "  "]).prop_map(str::to_owned)),
    );
    (employee(p), employee(p), any::<bool>(), option::weighted(0.4, day()), roles, parts)
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

/// A reporting customer filter: mostly a few criteria, sometimes none (every customer that is
/// not archived); ids unknown now and then.
pub fn customer_filter(p: &Pool) -> BoxedStrategy<CustomerFilter> {
    let ids = (
        option::weighted(0.2, vec(customer(p), 1..4)),
        option::weighted(0.35, vec(group(p), 1..3)),
        prop::bool::weighted(0.1),
        option::weighted(0.1, (vec(special(p), 1..3), any::<bool>())),
    );
    let texts = vec!["ö", "ÖLJY", "apu", " zeta ", "1", "oy", "", "x#"];
    let archived = prop_oneof![
        5 => Just(ArchivedFilter::Exclude),
        2 => Just(ArchivedFilter::Include),
        1 => Just(ArchivedFilter::Only),
    ];
    let more = (
        option::weighted(0.15, status()),
        archived,
        option::weighted(0.1, select(texts).prop_map(str::to_owned)),
        option::weighted(0.1, employee(p)),
        option::weighted(0.05, employee(p)),
    );
    (ids, more)
        .prop_map(|((customers, groups, no_group, special), (status, archived, text, responsible, salesperson))| {
            let (special_groups, all_of) = special.unwrap_or_default();
            CustomerFilter {
                customers: customers.unwrap_or_default(),
                groups: groups.unwrap_or_default(),
                no_group,
                special_groups,
                special_groups_match: if all_of { SpecialGroupMatch::AllOf } else { SpecialGroupMatch::AnyOf },
                status,
                archived,
                text,
                responsible,
                salesperson,
            }
        })
        .boxed()
}

/// A bulk assignment: adding (mostly one role or none, a period, only where a role is missing)
/// or removing.
pub fn bulk(p: &Pool) -> BoxedStrategy<BulkRequest> {
    let roles = prop_oneof![
        3 => option::of(role(p)).prop_map(|r| r.into_iter().collect()),
        1 => btree_set(role(p), 0..3),
    ];
    let add = (roles, period(), any::<bool>()).prop_map(|(roles, period, only_missing_role)| BulkAction::Add {
        roles,
        period,
        only_missing_role,
    });
    let action = prop_oneof![3 => add, 1 => Just(BulkAction::Remove)];
    let actor = option::weighted(0.1, select(vec!["Maija", "  "]).prop_map(str::to_owned));
    (customer_filter(p), employee(p), action, actor)
        .prop_map(|(customers, employee, action, actor)| BulkRequest {
            customers,
            employee,
            action,
            actor,
            skip_inactive: false,
        })
        .boxed()
}

/// Any single operation (no transaction, no stale plan).
pub fn simple_op(p: &Pool) -> BoxedStrategy<Op> {
    prop_oneof![
        5 => employee_ops(p),
        2 => role_ops(p),
        7 => customer_ops(p),
        5 => group_ops(p),
        2 => special_ops(p),
        9 => responsibility_ops(p),
        1 => handover(p).prop_map(Op::Handover),
        1 => bulk(p).prop_map(Op::Bulk),
    ]
    .boxed()
}

/// A transaction of a few operations, now and then with a nested one.
pub fn transaction(p: &Pool) -> BoxedStrategy<Op> {
    let inner = (vec(simple_op(p), 1..4), any::<bool>(), prop::bool::weighted(0.3))
        .prop_map(|(ops, stop_on_error, rollback)| Op::Transaction { ops, stop_on_error, rollback });
    let op = prop_oneof![8 => simple_op(p), 1 => inner];
    (vec(op, 1..5), any::<bool>(), prop::bool::weighted(0.2))
        .prop_map(|(ops, stop_on_error, rollback)| Op::Transaction { ops, stop_on_error, rollback })
        .boxed()
}

/// A handover planned, another operation run, then the (possibly stale) plan applied.
pub fn handover_after(p: &Pool) -> BoxedStrategy<Op> {
    (handover(p), simple_op(p)).prop_map(|(h, op)| Op::HandoverAfter(h, Box::new(op))).boxed()
}

/// A bulk plan made, another operation run (often a toggle of the plan's employee, or another
/// change of responsibilities or customers, which can make the plan stale), then the plan
/// applied.
pub fn bulk_after(p: &Pool) -> BoxedStrategy<Op> {
    let (others, customers) =
        (prop_oneof![1 => simple_op(p), 2 => responsibility_ops(p), 1 => customer_ops(p)], customer(p));
    (bulk(p), others, customers)
        .prop_map(|(b, other, c)| {
            let between = if c.get() % 2 == 0 { Op::Toggle(c.into(), b.employee) } else { other };
            Op::BulkAfter(b, Box::new(between))
        })
        .boxed()
}

/// A revert of one of the last few change sets (now and then of change set 0, or of one beyond
/// `last_seq`), forced or not: `last_seq` is the model's.
pub fn revert_op(last_seq: u64) -> BoxedStrategy<Op> {
    let recent = last_seq.saturating_sub(6).max(1)..=last_seq.max(1);
    let seq = prop_oneof![8 => recent, 1 => Just(0u64), 1 => Just(last_seq + 1), 1 => 1..=last_seq.max(1)];
    (seq, prop::bool::weighted(0.4)).prop_map(|(seq, force)| Op::Revert { seq, force }).boxed()
}

/// The mix of operations the model test, the view test and the fuzz target draw: mostly single
/// operations, some transactions, now and then a handover or a bulk plan made stale by an
/// operation between planning and applying.
pub fn any_op(p: &Pool) -> BoxedStrategy<Op> {
    prop_oneof![40 => simple_op(p), 2 => transaction(p), 1 => handover_after(p), 1 => bulk_after(p)].boxed()
}

/// Takes values of strategies, without shrinking them, from a seed: so that code outside
/// proptest's runner (the view test, the fuzz target, which makes a seed of every eight bytes of
/// its input) generates operations with the same strategies.
///
/// (proptest's pass-through generator, which reads the random numbers from given bytes, does not
/// serve here: the option strategies fork the generator, each fork halving the bytes left, and
/// the uniform sampling loops forever on the zeros that follow the end.)
pub struct Draw {
    runner: TestRunner,
}

impl Draw {
    /// Values determined by the seed.
    pub fn from_seed(seed: u64) -> Draw {
        let bytes: Vec<u8> =
            (0..4u64).flat_map(|i| (seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).to_le_bytes()).collect();
        Draw::with_rng(TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
    }

    fn with_rng(rng: TestRng) -> Draw {
        Draw { runner: TestRunner::new_with_rng(Config::default(), rng) }
    }

    /// One value of the strategy.
    pub fn value<S: Strategy>(&mut self, strategy: S) -> S::Value {
        strategy.new_tree(&mut self.runner).expect("these strategies never reject a value").current()
    }
}

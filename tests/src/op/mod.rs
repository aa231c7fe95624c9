//! The one vocabulary of operations every test oracle drives: the model test, the property
//! tests, the random-mutation view test, the fuzz target, the store workload and the
//! benchmarks' timed mutations.
//!
//! [`Op`] is one call on the directory with its arguments; [`run`] makes that call on a
//! [`Directory`], [`crate::model::Model::apply`] makes it on the reference model, and
//! [`strategy`] generates operations (proptest strategies, also drawn from a seed by
//! [`strategy::Draw`]).

pub mod strategy;

use vastuu::{
    BulkChange, BulkRequest, BulkSkipped, CustomerGroupId, CustomerGroupUpdate, CustomerId, CustomerUpdate, Directory,
    EmployeeId, EmployeeUpdate, EntityRef, Error, GroupDefault, Handover, HandoverStep, NewCustomer, NewCustomerGroup,
    NewEmployee, NewProject, NewRole, NewSpecialGroup, Period, ProjectId, ProjectUpdate, RoleId, RoleUpdate, Skipped,
    SpecialGroupId, SpecialGroupUpdate, Subject, TeamId, Toggled,
};

/// One call on the directory, with its arguments.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum Op {
    CreateEmployee(NewEmployee),
    UpdateEmployee(EmployeeId, EmployeeUpdate),
    ArchiveEmployee(EmployeeId),
    ReactivateEmployee(EmployeeId),
    DeleteEmployee(EmployeeId),
    CreateTeam(String),
    RenameTeam(TeamId, String),
    DeleteTeam(TeamId),
    SetTeamLeads(TeamId, Vec<EmployeeId>),
    AddTeamLead(TeamId, EmployeeId),
    RemoveTeamLead(TeamId, EmployeeId),
    CreateRole(NewRole),
    UpdateRole(RoleId, RoleUpdate),
    DeleteRole(RoleId),
    CreateCustomer(NewCustomer),
    UpdateCustomer(CustomerId, CustomerUpdate),
    ArchiveCustomer(CustomerId),
    UnarchiveCustomer(CustomerId),
    SetCustomerNumber(CustomerId, Option<u64>),
    RenumberCustomer(CustomerId),
    DeleteCustomer(CustomerId),
    CreateProject(CustomerId, String),
    CreateProjectWith(CustomerId, NewProject),
    UpdateProject(ProjectId, ProjectUpdate),
    ArchiveProject(ProjectId),
    DeleteProject(ProjectId),
    CreateGroup(NewCustomerGroup),
    UpdateGroup(CustomerGroupId, CustomerGroupUpdate),
    DeleteGroup(CustomerGroupId),
    AddToGroup(CustomerGroupId, CustomerId),
    MoveToGroup(CustomerGroupId, CustomerId),
    RemoveFromGroup(CustomerId),
    AddSalesperson(CustomerGroupId, EmployeeId),
    RemoveSalesperson(CustomerGroupId, EmployeeId),
    SetGroupDefaultTeam(CustomerGroupId, Vec<GroupDefault>),
    /// Plan applying a group's default team to its customers (a bulk plan per default) and
    /// apply the plans in one transaction.
    GroupDefaults(CustomerGroupId),
    CreateSpecialGroup(NewSpecialGroup),
    UpdateSpecialGroup(SpecialGroupId, SpecialGroupUpdate),
    DeleteSpecialGroup(SpecialGroupId),
    AddToSpecialGroup(SpecialGroupId, CustomerId),
    RemoveFromSpecialGroup(SpecialGroupId, CustomerId),
    Toggle(Subject, EmployeeId),
    AddResponsibility(Subject, EmployeeId),
    RemoveResponsibility(Subject, EmployeeId),
    SetRoles(Subject, EmployeeId, Vec<RoleId>),
    AddRole(Subject, EmployeeId, RoleId),
    RemoveRole(Subject, EmployeeId, RoleId),
    SetPeriod(Subject, EmployeeId, Period),
    ClearPeriod(Subject, EmployeeId),
    SetResponsibility(Subject, EmployeeId, Vec<RoleId>, Period),
    SetDefaultSeries(u64, Option<u64>),
    /// Plan a handover and apply the plan.
    Handover(Handover),
    /// Plan a handover, run another operation, then apply the (possibly stale) plan.
    HandoverAfter(Handover, Box<Op>),
    /// Plan a bulk assignment and apply the plan.
    Bulk(BulkRequest),
    /// Plan a bulk assignment, run another operation, then apply the (possibly stale) plan.
    BulkAfter(BulkRequest, Box<Op>),
    /// Revert a change set (by its number), forced or not.
    Revert {
        /// The change set's number.
        seq: u64,
        /// Whether later change sets of the same entities do not stop it.
        force: bool,
    },
    /// Several operations in one transaction.
    Transaction {
        /// The operations, in order.
        ops: Vec<Op>,
        /// Whether the first error ends the transaction (rolled back, the error returned); if
        /// not, errors are collected and the rest goes on.
        stop_on_error: bool,
        /// Whether the transaction is rolled back at its end instead of committed.
        rollback: bool,
    },
}

/// What a successful call returned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Value {
    Unit,
    Created(EntityRef),
    Toggled(Toggled),
    Added(bool),
    Number(u64),
    Handover {
        steps: Vec<HandoverStep>,
        skipped: Vec<Skipped>,
    },
    Bulk {
        changes: Vec<BulkChange>,
        skipped: Vec<BulkSkipped>,
    },
    /// The outcome of each operation of a transaction.
    Each(Vec<Outcome>),
}

/// What a call gave.
pub type Outcome = Result<Value, Error>;

/// Whether two outcomes are the same: equal values, or errors of the same kind (and, for
/// `NotFound`, the same entity, so the order of the checks is compared too; a stale bulk plan
/// names the same customers).
pub fn same_outcome(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Ok(Value::Each(x)), Ok(Value::Each(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_outcome(a, b))
        }
        (Ok(x), Ok(y)) => x == y,
        (Err(Error::NotFound(x)), Err(Error::NotFound(y))) => x == y,
        (Err(x @ Error::StaleBulkPlan { .. }), Err(y)) => x == y,
        (Err(x), Err(y)) => std::mem::discriminant(x) == std::mem::discriminant(y),
        _ => false,
    }
}

fn unit(r: vastuu::Result<()>) -> Outcome {
    r.map(|()| Value::Unit)
}

fn created<I: Into<EntityRef>>(r: vastuu::Result<I>) -> Outcome {
    r.map(|id| Value::Created(id.into()))
}

/// Runs one operation on the directory. A toggle, the benchmarks' timed mutation, neither
/// clones nor allocates here.
pub fn run(d: &mut Directory, op: &Op) -> Outcome {
    match op {
        Op::CreateEmployee(new) => created(d.create_employee(new.clone())),
        Op::UpdateEmployee(id, u) => unit(d.update_employee(*id, u.clone())),
        Op::ArchiveEmployee(id) => unit(d.archive_employee(*id)),
        Op::ReactivateEmployee(id) => unit(d.reactivate_employee(*id)),
        Op::DeleteEmployee(id) => unit(d.delete_employee(*id)),
        Op::CreateTeam(name) => created(d.create_team(name)),
        Op::RenameTeam(id, name) => unit(d.rename_team(*id, name)),
        Op::DeleteTeam(id) => unit(d.delete_team(*id)),
        Op::SetTeamLeads(id, leads) => unit(d.set_team_leads(*id, leads.iter().copied())),
        Op::AddTeamLead(id, lead) => unit(d.add_team_lead(*id, *lead)),
        Op::RemoveTeamLead(id, lead) => unit(d.remove_team_lead(*id, *lead)),
        Op::CreateRole(new) => created(d.create_role(new.clone())),
        Op::UpdateRole(id, u) => unit(d.update_role(*id, u.clone())),
        Op::DeleteRole(id) => unit(d.delete_role(*id)),
        Op::CreateCustomer(new) => created(d.create_customer(new.clone())),
        Op::UpdateCustomer(id, u) => unit(d.update_customer(*id, u.clone())),
        Op::ArchiveCustomer(id) => unit(d.archive_customer(*id)),
        Op::UnarchiveCustomer(id) => unit(d.unarchive_customer(*id)),
        Op::SetCustomerNumber(id, n) => unit(d.set_customer_number(*id, *n)),
        Op::RenumberCustomer(id) => d.renumber_customer(*id).map(Value::Number),
        Op::DeleteCustomer(id) => unit(d.delete_customer(*id)),
        Op::CreateProject(c, name) => created(d.create_project(*c, name)),
        Op::CreateProjectWith(c, new) => created(d.create_project_with(*c, new)),
        Op::UpdateProject(id, u) => unit(d.update_project(*id, u.clone())),
        Op::ArchiveProject(id) => unit(d.archive_project(*id)),
        Op::DeleteProject(id) => unit(d.delete_project(*id)),
        Op::CreateGroup(new) => created(d.create_customer_group(new.clone())),
        Op::UpdateGroup(id, u) => unit(d.update_customer_group(*id, u.clone())),
        Op::DeleteGroup(id) => unit(d.delete_customer_group(*id)),
        Op::AddToGroup(g, c) => unit(d.add_customer_to_group(*g, *c)),
        Op::MoveToGroup(g, c) => unit(d.move_customer_to_group(*g, *c)),
        Op::RemoveFromGroup(c) => unit(d.remove_customer_from_group(*c)),
        Op::AddSalesperson(g, e) => unit(d.add_group_salesperson(*g, *e)),
        Op::RemoveSalesperson(g, e) => unit(d.remove_group_salesperson(*g, *e)),
        Op::SetGroupDefaultTeam(g, team) => unit(d.set_group_default_team(*g, team.clone())),
        Op::GroupDefaults(g) => {
            let plans = d.plan_group_defaults(*g)?;
            d.transaction(|d| plans.iter().try_for_each(|p| d.apply_bulk(p)))?;
            let each = plans.into_iter().map(|p| Ok(Value::Bulk { changes: p.changes, skipped: p.skipped }));
            Ok(Value::Each(each.collect()))
        }
        Op::CreateSpecialGroup(new) => created(d.create_special_group(new.clone())),
        Op::UpdateSpecialGroup(id, u) => unit(d.update_special_group(*id, u.clone())),
        Op::DeleteSpecialGroup(id) => unit(d.delete_special_group(*id)),
        Op::AddToSpecialGroup(g, c) => unit(d.add_to_special_group(*g, *c)),
        Op::RemoveFromSpecialGroup(g, c) => unit(d.remove_from_special_group(*g, *c)),
        Op::Toggle(s, e) => d.toggle(*s, *e).map(Value::Toggled),
        Op::AddResponsibility(s, e) => d.add_responsibility(*s, *e).map(Value::Added),
        Op::RemoveResponsibility(s, e) => unit(d.remove_responsibility(*s, *e)),
        Op::SetRoles(s, e, roles) => unit(d.set_roles(*s, *e, roles)),
        Op::AddRole(s, e, r) => unit(d.add_role(*s, *e, *r)),
        Op::RemoveRole(s, e, r) => unit(d.remove_role(*s, *e, *r)),
        Op::SetPeriod(s, e, p) => unit(d.set_period(*s, *e, *p)),
        Op::ClearPeriod(s, e) => unit(d.clear_period(*s, *e)),
        Op::SetResponsibility(s, e, roles, p) => unit(d.set_responsibility(*s, *e, roles, *p)),
        Op::SetDefaultSeries(start, end) => unit(d.set_default_series(*start, *end)),
        Op::Handover(request) => {
            let plan = d.plan_handover(request)?;
            d.apply_handover(&plan)?;
            Ok(Value::Handover { steps: plan.steps, skipped: plan.skipped })
        }
        Op::HandoverAfter(request, between) => {
            let plan = d.plan_handover(request)?;
            let _ = run(d, between);
            d.apply_handover(&plan)?;
            Ok(Value::Handover { steps: plan.steps, skipped: plan.skipped })
        }
        Op::Bulk(request) => {
            let plan = d.plan_bulk(request)?;
            d.apply_bulk(&plan)?;
            Ok(Value::Bulk { changes: plan.changes, skipped: plan.skipped })
        }
        Op::BulkAfter(request, between) => {
            let plan = d.plan_bulk(request)?;
            let _ = run(d, between);
            d.apply_bulk(&plan)?;
            Ok(Value::Bulk { changes: plan.changes, skipped: plan.skipped })
        }
        Op::Revert { seq, force } => d.revert(*seq, *force).map(Value::Number),
        Op::Transaction { ops, stop_on_error, rollback } => {
            if *rollback {
                d.begin_transaction();
                let each = ops.iter().map(|op| run(d, op)).collect();
                d.rollback_transaction();
                return Ok(Value::Each(each));
            }
            d.transaction(|d| {
                let mut each = Vec::new();
                for op in ops {
                    let outcome = run(d, op);
                    if *stop_on_error {
                        outcome.clone()?;
                    }
                    each.push(outcome);
                }
                Ok(Value::Each(each))
            })
        }
    }
}

/// The directory the model test, the property tests and the fuzz target start from, made in
/// one transaction: a few of everything (teams, roles of both scopes, an inactive employee, an
/// admin, numbered and unnumbered groups with salespeople, a special group, projects, dated
/// responsibilities with roles, a team lead), so that most generated operations meet existing entities.
pub fn starting_directory() -> Op {
    use strategy::DATES;
    use vastuu::{CustomerStatus, NumberChoice, RoleScope};
    let customer = |name: &str, group: Option<u32>, number: NumberChoice, status: CustomerStatus, special: &[u32]| {
        Op::CreateCustomer(NewCustomer {
            name: name.to_owned(),
            number,
            status,
            group: group.map(CustomerGroupId),
            special_groups: special.iter().map(|s| SpecialGroupId(*s)).collect(),
            external_id: None,
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
        Op::SetResponsibility(c(3), EmployeeId(3), vec![RoleId(1)], Period { from: Some(DATES[2]), to: None }),
        Op::SetResponsibility(p(1), EmployeeId(2), vec![RoleId(3)], Period { from: None, to: Some(DATES[3]) }),
        Op::Toggle(p(3), EmployeeId(1)),
        Op::Toggle(c(6), EmployeeId(3)),
        Op::ArchiveEmployee(EmployeeId(3)),
        Op::SetTeamLeads(TeamId(1), vec![EmployeeId(1)]),
        // Etelä's default team: Matti with a role, and the inactive Öljy-Pekka.
        Op::SetGroupDefaultTeam(
            CustomerGroupId(2),
            vec![GroupDefault::new(EmployeeId(1), [RoleId(2)]), GroupDefault::new(EmployeeId(3), [])],
        ),
    ];
    Op::Transaction { ops, stop_on_error: true, rollback: false }
}

//! Handover: moving a departing employee's responsibilities and salesperson places to someone
//! else, previewed as a plan and applied atomically.

use crate::error::{Error, Field, Result};
use crate::model::{
    Change, CustomerGroupId, CustomerId, Employee, EmployeeId, Period, Responsibility, RoleId, Subject,
};
use crate::state::State;
use crate::text;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Whether the old holder leaves or stays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HandoverMode {
    /// The old holder leaves (from the effective date, when one is given).
    #[default]
    Replace,
    /// Both hold: the new holder is added, the old one keeps everything.
    Add,
}

/// Which responsibilities move, by role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleSelection {
    /// Every responsibility, with all its roles (including those with no roles).
    #[default]
    All,
    /// Only responsibilities holding at least one of these roles; only these roles move. In
    /// replace mode the old holder keeps the other roles (and stays responsible if any remain).
    Only(BTreeSet<RoleId>),
}

/// What to hand over: built with [`Handover::new`] and its builder methods, previewed with
/// [`Directory::plan_handover`](crate::Directory::plan_handover), applied with [`Directory::apply_handover`](crate::Directory::apply_handover).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    /// The employee handing over.
    pub from: EmployeeId,
    /// The employee taking over.
    pub to: EmployeeId,
    /// Replace or add.
    pub mode: HandoverMode,
    /// The first day the new holder is responsible; the old holder's validity ends the day
    /// before (replace mode). `None`: at once, keeping the old validity period.
    pub effective: Option<Date>,
    /// Which roles.
    pub roles: RoleSelection,
    /// Include customer responsibilities.
    pub customers: bool,
    /// Include project responsibilities.
    pub projects: bool,
    /// Include salesperson places of customer groups.
    pub salesperson_places: bool,
    /// Only these customers/projects (`None`: all of them).
    pub subjects: Option<BTreeSet<Subject>>,
    /// Recorded as the actor of the change set when applied.
    pub actor: Option<String>,
}

impl Handover {
    /// Everything of `from` to `to`, replacing, at once.
    pub fn new(from: EmployeeId, to: EmployeeId) -> Self {
        Handover {
            from,
            to,
            mode: HandoverMode::Replace,
            effective: None,
            roles: RoleSelection::All,
            customers: true,
            projects: true,
            salesperson_places: true,
            subjects: None,
            actor: None,
        }
    }
    /// Sets the mode.
    pub fn mode(mut self, mode: HandoverMode) -> Self {
        self.mode = mode;
        self
    }
    /// Schedules the handover from a date.
    pub fn effective(mut self, date: Date) -> Self {
        self.effective = Some(date);
        self
    }
    /// Moves only responsibilities holding these roles, and only these roles.
    pub fn only_roles(mut self, roles: impl IntoIterator<Item = RoleId>) -> Self {
        self.roles = RoleSelection::Only(roles.into_iter().collect());
        self
    }
    /// Includes customer responsibilities or not.
    pub fn customers(mut self, yes: bool) -> Self {
        self.customers = yes;
        self
    }
    /// Includes project responsibilities or not.
    pub fn projects(mut self, yes: bool) -> Self {
        self.projects = yes;
        self
    }
    /// Includes salesperson places or not.
    pub fn salesperson_places(mut self, yes: bool) -> Self {
        self.salesperson_places = yes;
        self
    }
    /// Limits the handover to these customers and projects.
    pub fn only_subjects(mut self, subjects: impl IntoIterator<Item = Subject>) -> Self {
        self.subjects = Some(subjects.into_iter().collect());
        self
    }
    /// Names who makes the handover.
    pub fn actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = Some(actor.into());
        self
    }
}

/// One change a plan will make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandoverStep {
    /// A responsibility moves (or is shared, in add mode).
    Responsibility {
        /// The customer or project.
        subject: Subject,
        /// The customer (the subject itself, or the project's customer).
        customer: CustomerId,
        /// The old holder's responsibility now.
        from_before: Responsibility,
        /// The old holder's responsibility after (`None`: removed).
        from_after: Option<Responsibility>,
        /// The new holder's responsibility after.
        to_after: Responsibility,
    },
    /// A salesperson place moves (or is shared, in add mode).
    SalespersonPlace {
        /// The customer group.
        group: CustomerGroupId,
        /// Whether the old holder stays a salesperson.
        from_stays: bool,
    },
}

/// What a skipped item was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HandoverItem {
    /// A responsibility for this customer or project.
    Responsibility(Subject),
    /// A salesperson place in this group.
    SalespersonPlace(CustomerGroupId),
}

/// Why an item is left as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SkipReason {
    /// The new holder is inactive and gets nothing new.
    TargetInactive,
    /// The new holder is already responsible for the subject; their responsibility is left as
    /// it is (and so is the old holder's).
    TargetAlreadyResponsible,
    /// The new holder is already a salesperson of the group.
    TargetAlreadySalesperson,
    /// The new holder has no sales rights.
    TargetHasNoSalesRights,
    /// The old holder's validity ends before the effective date: nothing left to hand over.
    EndsBeforeEffectiveDate,
    /// In a dated replace of some roles, the old holder would keep other roles; roles have no
    /// dates of their own, so the change cannot be scheduled.
    PartialRolesCannotBeScheduled,
    /// Salesperson places have no validity period, so a dated handover leaves them alone.
    SalespersonPlacesAreNotDated,
}

/// An item the plan leaves alone, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Skipped {
    /// The item.
    pub item: HandoverItem,
    /// Why.
    pub reason: SkipReason,
}

/// A previewable handover: what will change and what is skipped. Apply it with
/// [`Directory::apply_handover`](crate::Directory::apply_handover); if the directory changed in a way that alters the plan, the
/// apply is refused with [`Error::StalePlan`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverPlan {
    /// The request it was made from.
    pub request: Handover,
    /// What will change, customers first (by subject), then salesperson places.
    pub steps: Vec<HandoverStep>,
    /// What is left alone, and why.
    pub skipped: Vec<Skipped>,
    changes: Vec<Change>,
}

impl HandoverPlan {
    /// Whether applying the plan would change nothing.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The changes applying the plan makes.
    pub(crate) fn into_changes(self) -> Vec<Change> {
        self.changes
    }
}

/// Checks the request's ids and actor; returns the new holder.
fn check_request<'s>(s: &'s State, request: &Handover) -> Result<&'s Employee> {
    s.employee(request.from)?;
    let target = s.employee(request.to)?;
    if request.from == request.to {
        return Err(Error::HandoverToSelf { employee: request.from });
    }
    if let RoleSelection::Only(roles) = &request.roles {
        for role in roles {
            s.role(*role)?;
        }
    }
    if let Some(subjects) = &request.subjects {
        for subject in subjects {
            s.subject_customer(*subject)?;
        }
    }
    if let Some(actor) = &request.actor {
        text::name(Field::Actor, actor)?;
    }
    Ok(target)
}

/// What the plan is collecting.
#[derive(Default)]
struct Planned {
    steps: Vec<HandoverStep>,
    skipped: Vec<Skipped>,
    changes: Vec<Change>,
}

/// Plans a handover: a pure read of the state.
pub(crate) fn plan(s: &State, request: &Handover) -> Result<HandoverPlan> {
    let target = check_request(s, request)?;
    let mut planned = Planned::default();
    let subjects: Vec<Subject> = s.subjects_of(request.from).collect();
    for subject in subjects {
        let wanted_kind = match subject {
            Subject::Customer(_) => request.customers,
            Subject::Project(_) => request.projects,
        };
        if !wanted_kind || request.subjects.as_ref().is_some_and(|only| !only.contains(&subject)) {
            continue;
        }
        let Some(r) = s.responsibility(subject, request.from) else { continue };
        plan_responsibility(s, request, target, r, &mut planned)?;
    }
    if request.salesperson_places {
        plan_salesperson_places(s, request, target, &mut planned)?;
    }
    let Planned { steps, skipped, changes } = planned;
    Ok(HandoverPlan { request: request.clone(), steps, skipped, changes })
}

/// Plans moving one of the old holder's responsibilities, or skips it with a reason.
fn plan_responsibility(
    s: &State,
    request: &Handover,
    target: &Employee,
    r: &Responsibility,
    planned: &mut Planned,
) -> Result<()> {
    let subject = r.subject;
    let moved: BTreeSet<RoleId> = match &request.roles {
        RoleSelection::All => r.roles.clone(),
        RoleSelection::Only(selected) => r.roles.intersection(selected).copied().collect(),
    };
    if matches!(request.roles, RoleSelection::Only(_)) && moved.is_empty() {
        return Ok(());
    }
    let remaining: BTreeSet<RoleId> = r.roles.difference(&moved).copied().collect();
    let skip = |reason| Skipped { item: HandoverItem::Responsibility(subject), reason };
    if !target.active {
        planned.skipped.push(skip(SkipReason::TargetInactive));
        return Ok(());
    }
    if s.responsibility(subject, request.to).is_some() {
        planned.skipped.push(skip(SkipReason::TargetAlreadyResponsible));
        return Ok(());
    }
    let (from_after, to_period) = match after_handover(request, r, &remaining) {
        Ok(after) => after,
        Err(reason) => {
            planned.skipped.push(skip(reason));
            return Ok(());
        }
    };
    let to_after = Responsibility { subject, employee: request.to, roles: moved, period: to_period };
    match &from_after {
        None => planned.changes.push(Change::DeleteResponsibility { subject, employee: request.from }),
        Some(after) if after != r => planned.changes.push(Change::PutResponsibility(after.clone())),
        Some(_) => {}
    }
    planned.changes.push(Change::PutResponsibility(to_after.clone()));
    planned.steps.push(HandoverStep::Responsibility {
        subject,
        customer: s.subject_customer(subject)?,
        from_before: r.clone(),
        from_after,
        to_after,
    });
    Ok(())
}

/// The old holder's responsibility after the handover (`None`: removed) and the new holder's
/// period, or why the responsibility cannot be handed over as asked.
fn after_handover(
    request: &Handover,
    r: &Responsibility,
    remaining: &BTreeSet<RoleId>,
) -> std::result::Result<(Option<Responsibility>, Period), SkipReason> {
    let Some(day) = request.effective else {
        let from_after = match request.mode {
            HandoverMode::Add => Some(r.clone()),
            HandoverMode::Replace if remaining.is_empty() => None,
            HandoverMode::Replace => Some(Responsibility { roles: remaining.clone(), ..r.clone() }),
        };
        return Ok((from_after, r.period));
    };
    if r.period.to.is_some_and(|to| to < day) {
        return Err(SkipReason::EndsBeforeEffectiveDate);
    }
    let start = r.period.from.map_or(day, |from| from.max(day));
    let to_period = Period { from: Some(start), to: r.period.to };
    let from_after = match request.mode {
        HandoverMode::Add => Some(r.clone()),
        HandoverMode::Replace if !remaining.is_empty() => return Err(SkipReason::PartialRolesCannotBeScheduled),
        HandoverMode::Replace => match day.yesterday() {
            Ok(eve) if r.period.from.is_none_or(|from| from <= eve) => {
                Some(Responsibility { period: Period { from: r.period.from, to: Some(eve) }, ..r.clone() })
            }
            _ => None,
        },
    };
    Ok((from_after, to_period))
}

/// Plans moving the old holder's salesperson places, or skips each with a reason.
fn plan_salesperson_places(s: &State, request: &Handover, target: &Employee, planned: &mut Planned) -> Result<()> {
    for &group in s.groups_sold_by(request.from) {
        let g = s.customer_group(group)?;
        let reason = if request.effective.is_some() {
            Some(SkipReason::SalespersonPlacesAreNotDated)
        } else if !target.active {
            Some(SkipReason::TargetInactive)
        } else if !target.sales_rights {
            Some(SkipReason::TargetHasNoSalesRights)
        } else if g.salespeople.contains(&request.to) {
            Some(SkipReason::TargetAlreadySalesperson)
        } else {
            None
        };
        if let Some(reason) = reason {
            planned.skipped.push(Skipped { item: HandoverItem::SalespersonPlace(group), reason });
            continue;
        }
        let mut g = g.clone();
        let from_stays = request.mode == HandoverMode::Add;
        if !from_stays {
            g.salespeople.remove(&request.from);
        }
        g.salespeople.insert(request.to);
        planned.changes.push(Change::PutCustomerGroup(g));
        planned.steps.push(HandoverStep::SalespersonPlace { group, from_stays });
    }
    Ok(())
}

//! Handover, planned plainly: which responsibilities and salesperson places move, which are
//! skipped and why.

use super::{text, Model, Result};
use std::collections::BTreeSet;
use vastuu::{
    CustomerGroup, Error, Field, Handover, HandoverItem, HandoverMode, HandoverStep, Period, Responsibility, RoleId,
    RoleSelection, SkipReason, Skipped, Subject,
};

/// A handover plan: what the preview shows, and the groups as they will be saved. Only the
/// preview decides staleness: a group renamed after planning is saved with its new name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The steps, as the preview lists them.
    pub steps: Vec<HandoverStep>,
    /// What is left alone, and why.
    pub skipped: Vec<Skipped>,
    /// Each group whose salespeople change, as it will be saved.
    pub groups: Vec<CustomerGroup>,
}

impl Model {
    /// Plans a handover.
    ///
    /// # Errors
    /// `NotFound`, `HandoverToSelf`, `InvalidText` for the actor.
    pub fn plan_handover(&self, request: &Handover) -> Result<Plan> {
        self.employee(request.from)?;
        let target = self.employee(request.to)?.clone();
        if request.from == request.to {
            return Err(Error::HandoverToSelf { employee: request.from });
        }
        if let RoleSelection::Only(roles) = &request.roles {
            for role in roles {
                if !self.roles.contains_key(role) {
                    return Err(Error::NotFound((*role).into()));
                }
            }
        }
        if let Some(subjects) = &request.subjects {
            for subject in subjects {
                self.subject_customer(*subject)?;
            }
        }
        if let Some(actor) = &request.actor {
            text::name(Field::Actor, actor)?;
        }
        let mut plan = Plan { steps: Vec::new(), skipped: Vec::new(), groups: Vec::new() };
        // The responsibilities map is ordered by subject: customers first, then projects.
        for r in self.responsibilities.values().filter(|r| r.employee == request.from) {
            let subject = r.subject;
            let wanted = match subject {
                Subject::Customer(_) => request.customers,
                Subject::Project(_) => request.projects,
            };
            if !wanted {
                continue;
            }
            if let Some(only) = &request.subjects {
                if !only.contains(&subject) {
                    continue;
                }
            }
            let moved: BTreeSet<RoleId> = match &request.roles {
                RoleSelection::All => r.roles.clone(),
                RoleSelection::Only(selected) => r.roles.iter().filter(|x| selected.contains(x)).copied().collect(),
            };
            let some_roles = matches!(request.roles, RoleSelection::Only(_));
            if some_roles && moved.is_empty() {
                continue;
            }
            let remaining: BTreeSet<RoleId> = r.roles.iter().filter(|x| !moved.contains(x)).copied().collect();
            let skip = |reason| Skipped { item: HandoverItem::Responsibility(subject), reason };
            if !target.active {
                plan.skipped.push(skip(SkipReason::TargetInactive));
                continue;
            }
            if self.responsibility(subject, request.to).is_some() {
                plan.skipped.push(skip(SkipReason::TargetAlreadyResponsible));
                continue;
            }
            let from_after;
            let to_period;
            match request.effective {
                None => {
                    to_period = r.period;
                    from_after = match request.mode {
                        HandoverMode::Add => Some(r.clone()),
                        HandoverMode::Replace if remaining.is_empty() => None,
                        HandoverMode::Replace => Some(Responsibility { roles: remaining.clone(), ..r.clone() }),
                    };
                }
                Some(day) => {
                    if r.period.to.is_some_and(|to| to < day) {
                        plan.skipped.push(skip(SkipReason::EndsBeforeEffectiveDate));
                        continue;
                    }
                    let start = match r.period.from {
                        Some(from) if from > day => from,
                        _ => day,
                    };
                    to_period = Period { from: Some(start), to: r.period.to };
                    from_after = match request.mode {
                        HandoverMode::Add => Some(r.clone()),
                        HandoverMode::Replace if !remaining.is_empty() => {
                            plan.skipped.push(skip(SkipReason::PartialRolesCannotBeScheduled));
                            continue;
                        }
                        HandoverMode::Replace => {
                            // The old holder's validity ends the day before, if it began by then.
                            match day.yesterday() {
                                Ok(eve) if r.period.from.is_none() || r.period.from.is_some_and(|f| f <= eve) => {
                                    let period = Period { from: r.period.from, to: Some(eve) };
                                    Some(Responsibility { period, ..r.clone() })
                                }
                                _ => None,
                            }
                        }
                    };
                }
            }
            plan.steps.push(HandoverStep::Responsibility {
                subject,
                customer: self.subject_customer(subject)?,
                from_before: r.clone(),
                from_after,
                to_after: Responsibility { subject, employee: request.to, roles: moved, period: to_period },
            });
        }
        if request.salesperson_places {
            for g in self.groups.values().filter(|g| g.salespeople.contains(&request.from)) {
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
                    plan.skipped.push(Skipped { item: HandoverItem::SalespersonPlace(g.id), reason });
                    continue;
                }
                let from_stays = request.mode == HandoverMode::Add;
                let mut after = g.clone();
                if !from_stays {
                    after.salespeople.remove(&request.from);
                }
                after.salespeople.insert(request.to);
                plan.groups.push(after);
                plan.steps.push(HandoverStep::SalespersonPlace { group: g.id, from_stays });
            }
        }
        Ok(plan)
    }

    /// Applies a plan made against the current state.
    pub fn apply_handover_plan(&mut self, plan: &Plan) {
        for step in &plan.steps {
            if let HandoverStep::Responsibility { subject, from_before, from_after, to_after, .. } = step {
                match from_after {
                    None => {
                        self.responsibilities.remove(&(*subject, from_before.employee));
                    }
                    Some(after) => {
                        self.responsibilities.insert((*subject, after.employee), after.clone());
                    }
                }
                self.responsibilities.insert((*subject, to_after.employee), to_after.clone());
            }
        }
        for g in &plan.groups {
            self.groups.insert(g.id, g.clone());
        }
    }
}

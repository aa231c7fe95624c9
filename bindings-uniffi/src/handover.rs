//! Handover: moving a departing employee's responsibilities and salesperson places to someone
//! else, previewed as a plan and applied atomically.
//!
//! The plan is a plain record the app can show. Applying it plans again from the plan's request
//! and refuses with `StalePlan` when the new preview (steps and skipped items) differs from the
//! one passed in, so what is applied is exactly what the user saw.

use crate::convert::{convert_record, mirror, Convert};
use crate::date::IsoDate;
use crate::directory::Directory;
use crate::error::Result;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, RoleId, Subject};
use crate::responsibilities::Responsibility;

/// Whether the old holder leaves or stays.
pub type HandoverMode = vastuu::HandoverMode;

/// Whether the old holder leaves or stays.
#[uniffi::remote(Enum)]
pub enum HandoverMode {
    /// The old holder leaves (from the effective date, when one is given).
    Replace,
    /// Both hold: the new holder is added, the old one keeps everything.
    Add,
}

/// What to hand over. Only `from` and `to` are required: the defaults hand over everything
/// (customer and project responsibilities with all roles, salesperson places), replacing, at once.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Handover {
    /// The employee handing over.
    pub from: EmployeeId,
    /// The employee taking over.
    pub to: EmployeeId,
    /// Replace or add; none means [`HandoverMode::Replace`].
    #[uniffi(default)]
    pub mode: Option<HandoverMode>,
    /// The first day the new holder is responsible; in replace mode the old holder's validity
    /// ends the day before. None: at once, keeping the old validity period.
    #[uniffi(default)]
    pub effective: Option<IsoDate>,
    /// Only responsibilities holding at least one of these roles, and only these roles, move
    /// (in replace mode the old holder keeps the others). None: every responsibility, with all
    /// its roles.
    #[uniffi(default)]
    pub only_roles: Option<Vec<RoleId>>,
    /// Include customer responsibilities.
    #[uniffi(default = true)]
    pub customers: bool,
    /// Include project responsibilities.
    #[uniffi(default = true)]
    pub projects: bool,
    /// Include salesperson places of customer groups.
    #[uniffi(default = true)]
    pub salesperson_places: bool,
    /// Only these customers and projects. None: all of them.
    #[uniffi(default)]
    pub only_subjects: Option<Vec<Subject>>,
    /// Recorded as the actor of the change set when applied.
    #[uniffi(default)]
    pub actor: Option<String>,
}

convert_record!(
    Handover => vastuu::Handover {
        from,
        to,
        mode,
        effective,
        roles = only_roles,
        customers,
        projects,
        salesperson_places,
        subjects = only_subjects,
        actor,
    }
    vastuu::Handover => Handover {
        from,
        to,
        mode,
        effective,
        only_roles = roles,
        customers,
        projects,
        salesperson_places,
        only_subjects = subjects,
        actor,
    }
);

/// One change a plan will make.
#[derive(uniffi::Enum, Clone, Debug, PartialEq, Eq, Hash)]
pub enum HandoverStep {
    /// A responsibility moves (or is shared, in add mode).
    ResponsibilityChange {
        /// The customer or project.
        subject: Subject,
        /// The customer (the subject itself, or the project's customer).
        customer: CustomerId,
        /// The old holder's responsibility now.
        from_before: Responsibility,
        /// The old holder's responsibility after (none: removed).
        from_after: Option<Responsibility>,
        /// The new holder's responsibility after.
        to_after: Responsibility,
    },
    /// A salesperson place moves (or is shared, in add mode).
    SalespersonPlaceChange {
        /// The customer group.
        group: CustomerGroupId,
        /// Whether the old holder stays a salesperson.
        from_stays: bool,
    },
}

mirror!(from_core vastuu::HandoverStep => HandoverStep {
    Responsibility { subject, customer, from_before, from_after, to_after } => ResponsibilityChange,
    SalespersonPlace { group, from_stays } => SalespersonPlaceChange,
});

/// What a skipped item was.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HandoverItem {
    /// A responsibility for this customer or project.
    ResponsibilityFor {
        /// The customer or project.
        subject: Subject,
    },
    /// A salesperson place in this group.
    SalespersonPlaceIn {
        /// The customer group.
        group: CustomerGroupId,
    },
}

mirror!(from_core vastuu::HandoverItem => HandoverItem {
    Responsibility(subject) => ResponsibilityFor,
    SalespersonPlace(group) => SalespersonPlaceIn,
});

/// Why an item is left as it is.
pub type SkipReason = vastuu::SkipReason;

/// Why an item is left as it is.
#[uniffi::remote(Enum)]
pub enum SkipReason {
    /// The new holder is inactive and gets nothing new.
    TargetInactive,
    /// The new holder is already responsible for the subject; both responsibilities are left
    /// as they are.
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
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Skipped {
    /// The item.
    pub item: HandoverItem,
    /// Why.
    pub reason: SkipReason,
}

convert_record!(vastuu::Skipped => Skipped { item, reason });

/// A previewable handover: what will change and what is skipped. Apply it with
/// [`Directory::apply_handover`].
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct HandoverPlan {
    /// The request it was made from.
    pub request: Handover,
    /// What will change, customers first (by subject), then salesperson places.
    pub steps: Vec<HandoverStep>,
    /// What is left alone, and why.
    pub skipped: Vec<Skipped>,
}

convert_record!(vastuu::HandoverPlan => HandoverPlan { request, steps, skipped });

#[uniffi::export]
impl Directory {
    /// Plans a handover without changing anything: the preview of what will change, per
    /// customer, project and salesperson place, and what is skipped and why.
    ///
    /// # Errors
    /// `NotFound` for an unknown employee, role or subject; `HandoverToSelf`; `InvalidText` for
    /// a bad actor; `InvalidDate`.
    pub fn plan_handover(&self, request: Handover) -> Result<HandoverPlan> {
        let request = vastuu::Handover::from(request);
        self.try_read(|d| d.plan_handover(&request).map(Convert::convert))
    }

    /// Applies a plan as one atomic change set, recorded with the plan's actor (or the
    /// directory's). Nothing is applied when planning the same request again would give another
    /// preview.
    ///
    /// # Errors
    /// `StalePlan`; the errors of [`Directory::plan_handover`]; `Store`.
    pub fn apply_handover(&self, plan: HandoverPlan) -> Result<()> {
        let request = vastuu::Handover::from(&plan.request);
        self.write(|d| {
            let fresh = d.plan_handover(&request)?;
            let preview = HandoverPlan::from(&fresh);
            if preview.steps != plan.steps || preview.skipped != plan.skipped {
                return Err(vastuu::Error::StalePlan { from: request.from, to: request.to });
            }
            d.apply_handover(&fresh)
        })
    }
}

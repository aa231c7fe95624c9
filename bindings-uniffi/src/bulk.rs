//! Bulk assignment: one employee made responsible for (or removed from) every customer a filter
//! selects, previewed as a plan and applied atomically.
//!
//! The plan is a plain record the app can show, and converts back to the core's plan whole:
//! applying it plans the request again and refuses with `StaleBulkPlan`, naming the customers,
//! when the new plan differs from the one passed in, so what is applied is what the user saw.

use crate::convert::{convert_record, mirror, Convert};
use crate::date::Period;
use crate::directory::Directory;
use crate::error::Result;
use crate::filter::CustomerFilter;
use crate::ids::{CustomerId, EmployeeId, RoleId};
use crate::responsibilities::Responsibility;

/// What a bulk plan does for its employee.
#[derive(uniffi::Enum, Clone, Debug, PartialEq, Eq, Hash)]
pub enum BulkAction {
    /// Makes the employee responsible for each customer, holding `roles`, valid in `period`.
    Add {
        /// The roles to give (customer roles); none: responsible, with no role.
        #[uniffi(default)]
        roles: Vec<RoleId>,
        /// The validity of the responsibilities made (both ends open: no dates).
        #[uniffi(default)]
        period: Period,
        /// Only where a role is missing: roles an active employee already holds in an
        /// overlapping period are not given, and a customer is skipped when all are held (with
        /// no roles: when someone is responsible for it).
        #[uniffi(default = false)]
        only_missing_role: bool,
    },
    /// Removes the employee's responsibility (with its roles) for each customer.
    Remove,
}

mirror!(both vastuu::BulkAction => BulkAction { Add { roles, period, only_missing_role }, Remove });

/// A bulk assignment: which customers, which employee, add or remove.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct BulkRequest {
    /// The customers: the reporting filter of the views and exports (the empty filter selects
    /// every customer that is not archived).
    pub customers: CustomerFilter,
    /// The employee made responsible, or whose responsibilities are removed.
    pub employee: EmployeeId,
    /// Add (with roles, a period, only where a role is missing) or remove.
    pub action: BulkAction,
    /// Recorded as the actor of the change set when applied.
    #[uniffi(default)]
    pub actor: Option<String>,
    /// Adding an inactive employee skips each customer with
    /// [`BulkSkipReason::EmployeeInactive`] instead of refusing the request (so in the plans of
    /// [`Directory::plan_group_defaults`]).
    #[uniffi(default = false)]
    pub skip_inactive: bool,
}

convert_record!(
    BulkRequest => vastuu::BulkRequest { customers, employee, action, actor, skip_inactive }
    vastuu::BulkRequest => BulkRequest { customers, employee, action, actor, skip_inactive }
);

/// What a plan changes for one customer: the employee's responsibility before and after.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct BulkChange {
    /// The customer.
    pub customer: CustomerId,
    /// The employee's responsibility now (none: not responsible).
    pub before: Option<Responsibility>,
    /// The employee's responsibility after applying (none: removed).
    pub after: Option<Responsibility>,
}

convert_record!(
    BulkChange => vastuu::BulkChange { customer, before, after }
    vastuu::BulkChange => BulkChange { customer, before, after }
);

/// Why a plan leaves a customer as it is.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BulkSkipReason {
    /// The employee is already responsible, holding every role to add.
    AlreadyResponsible,
    /// The employee is already responsible in another period (this one); a bulk plan does not
    /// change the period of an existing responsibility.
    ResponsibleInOtherPeriod {
        /// The period of the employee's responsibility.
        period: Period,
    },
    /// Only where a role is missing: every role to add is held; the first of them, and its
    /// holder.
    RoleAlreadyHeld {
        /// The role.
        role: RoleId,
        /// An active employee holding it in an overlapping period.
        by: EmployeeId,
    },
    /// Only where a role is missing, with no roles to add: someone is already responsible.
    AlreadyCovered {
        /// An active employee responsible in an overlapping period.
        by: EmployeeId,
    },
    /// The customer is archived (the filter included archived customers).
    CustomerArchived,
    /// Removing: the employee is not responsible for the customer.
    NotResponsible,
    /// Adding with `skip_inactive`: the employee is inactive, so nobody is made responsible (a
    /// group default team's inactive member).
    EmployeeInactive,
}

mirror!(both vastuu::BulkSkipReason => BulkSkipReason {
    AlreadyResponsible,
    ResponsibleInOtherPeriod { period },
    RoleAlreadyHeld { role, by },
    AlreadyCovered { by },
    CustomerArchived,
    NotResponsible,
    EmployeeInactive,
});

/// A customer a plan leaves as it is, and why.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BulkSkipped {
    /// The customer.
    pub customer: CustomerId,
    /// Why.
    pub reason: BulkSkipReason,
}

convert_record!(
    BulkSkipped => vastuu::BulkSkipped { customer, reason }
    vastuu::BulkSkipped => BulkSkipped { customer, reason }
);

/// A previewable bulk assignment: for every customer the filter selects, in the filter's order,
/// what changes or why it is skipped. Apply it with [`Directory::apply_bulk`].
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct BulkPlan {
    /// The request it was made from.
    pub request: BulkRequest,
    /// What changes, customer by customer.
    pub changes: Vec<BulkChange>,
    /// The customers left as they are, and why.
    pub skipped: Vec<BulkSkipped>,
}

convert_record!(
    BulkPlan => vastuu::BulkPlan { request, changes, skipped }
    vastuu::BulkPlan => BulkPlan { request, changes, skipped }
);

#[uniffi::export]
impl Directory {
    /// Plans a bulk assignment without changing anything: for every customer the request's
    /// filter selects, what changes (the employee's responsibility before and after) or why it
    /// is skipped. A filter that selects no customer gives an empty plan. Only the customers'
    /// own responsibilities are planned, not their projects'.
    ///
    /// # Errors
    /// `NotFound` for an unknown employee, role or id in the filter; `WrongRoleScope` for a
    /// project role; `InvalidDate`; `InvalidPeriod`; `EmployeeInactive` when adding an inactive
    /// employee; `InvalidText` for a bad actor.
    pub fn plan_bulk(&self, request: BulkRequest) -> Result<BulkPlan> {
        let request = vastuu::BulkRequest::from(request);
        self.try_read(|d| d.plan_bulk(&request).map(Convert::convert))
    }

    /// Applies a plan as one atomic change set, recorded with the plan's actor (or the
    /// directory's). Nothing is applied when planning the same request again gives another plan
    /// for any customer; an empty plan commits nothing.
    ///
    /// # Errors
    /// `StaleBulkPlan` naming those customers; the errors of [`Directory::plan_bulk`]; `Store`.
    pub fn apply_bulk(&self, plan: BulkPlan) -> Result<()> {
        let plan = vastuu::BulkPlan::from(plan);
        self.write(|d| d.apply_bulk(&plan))
    }
}

//! The `Directory` calls that change responsibilities, handovers and bulk assignments; the rules
//! are in `ops::responsibility`, `ops::handover` and `ops::bulk`.

use super::Directory;
use crate::error::{Error, Result};
use crate::model::{EmployeeId, Period, RoleId, Subject, Toggled};
use crate::ops;
use crate::ops::bulk::{BulkPlan, BulkRequest};
use crate::ops::handover::{Handover, HandoverPlan};

impl Directory {
    /// Toggles a matrix cell: removes the responsibility (with its roles) if it exists, otherwise
    /// creates one with no roles and no period. Toggling twice restores the state.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown subject or employee; [`Error::EmployeeInactive`] when a
    /// responsibility would be created for an inactive employee.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee, Toggled};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen")).unwrap();
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki")).unwrap();
    /// assert_eq!(dir.toggle(esim.into(), matti).unwrap(), Toggled::Added);
    /// assert!(dir.responsibility(esim.into(), matti).unwrap().is_some());
    /// assert_eq!(dir.toggle(esim.into(), matti).unwrap(), Toggled::Removed);
    /// ```
    pub fn toggle(&mut self, subject: Subject, employee: EmployeeId) -> Result<Toggled> {
        self.mutate_into(|s, out| ops::responsibility::toggle(s, subject, employee, out))
    }

    /// Makes the employee responsible for the subject (no roles, no period) if they are not already.
    /// Returns whether a responsibility was created.
    ///
    /// # Errors
    /// As [`Directory::toggle`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// assert!(dir.add_responsibility(c.into(), matti)?);
    /// assert!(!dir.add_responsibility(c.into(), matti)?); // already responsible: no change
    /// assert_eq!(dir.last_seq(), 3);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn add_responsibility(&mut self, subject: Subject, employee: EmployeeId) -> Result<bool> {
        self.mutate_into(|s, out| ops::responsibility::add(s, subject, employee, out))
    }

    /// Removes the employee's responsibility for the subject, with its roles.
    ///
    /// # Errors
    /// [`Error::NotFound`] for unknown ids; [`Error::NotResponsible`] when there is none.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// dir.remove_responsibility(c.into(), matti)?;
    /// assert!(matches!(dir.remove_responsibility(c.into(), matti), Err(Error::NotResponsible { .. })));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn remove_responsibility(&mut self, subject: Subject, employee: EmployeeId) -> Result<()> {
        self.mutate_into(|s, out| ops::responsibility::remove(s, subject, employee, out))
    }

    /// Sets the roles the employee holds for the subject, replacing the previous set. Makes the
    /// employee responsible if they were not (an empty set then means "responsible, no roles").
    ///
    /// # Errors
    /// [`Error::NotFound`] for unknown ids; [`Error::RoleScopeMismatch`] for a role of the other
    /// scope; [`Error::EmployeeInactive`] when an inactive employee would get a new responsibility
    /// or a role they did not hold.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer, NewEmployee, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let service = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer))?;
    /// let sales = dir.create_role(NewRole::new("Myyntivastaava", RoleScope::Customer))?;
    /// let lead = dir.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project))?;
    /// dir.set_roles(c.into(), matti, &[service, sales])?;
    /// assert_eq!(dir.responsibility(c.into(), matti)?.map(|r| r.roles.len()), Some(2));
    /// assert!(matches!(dir.set_roles(c.into(), matti, &[lead]), Err(Error::RoleScopeMismatch { .. })));
    /// dir.set_roles(c.into(), matti, &[])?; // responsible, no roles
    /// assert_eq!(dir.responsibility(c.into(), matti)?.map(|r| r.roles.len()), Some(0));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_roles(&mut self, subject: Subject, employee: EmployeeId, roles: &[RoleId]) -> Result<()> {
        self.mutate(|s| ops::responsibility::set_roles(s, subject, employee, roles))
    }

    /// Adds one role to the employee for the subject; makes them responsible if they were not
    /// (as the source product does). Adding a role already held changes nothing.
    ///
    /// # Errors
    /// As [`Directory::set_roles`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let service = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer))?;
    /// dir.add_role(c.into(), matti, service)?; // makes Matti responsible too
    /// let held = dir.responsibility(c.into(), matti)?.expect("responsible");
    /// assert!(held.roles.contains(&service));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn add_role(&mut self, subject: Subject, employee: EmployeeId, role: RoleId) -> Result<()> {
        self.mutate(|s| ops::responsibility::add_role(s, subject, employee, role))
    }

    /// Removes one role from the employee's responsibility for the subject; the employee stays
    /// responsible. Removing a role not held changes nothing.
    ///
    /// # Errors
    /// [`Error::NotFound`] for unknown ids; [`Error::NotResponsible`] when there is no
    /// responsibility.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let service = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer))?;
    /// dir.add_role(c.into(), matti, service)?;
    /// dir.remove_role(c.into(), matti, service)?;
    /// let held = dir.responsibility(c.into(), matti)?.expect("still responsible");
    /// assert!(held.roles.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn remove_role(&mut self, subject: Subject, employee: EmployeeId, role: RoleId) -> Result<()> {
        self.mutate(|s| ops::responsibility::remove_role(s, subject, employee, role))
    }

    /// Sets the validity period of an existing responsibility (`Period::ALWAYS` clears it).
    ///
    /// # Errors
    /// [`Error::InvalidPeriod`]; [`Error::NotFound`] for unknown ids; [`Error::NotResponsible`].
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{Directory, Error, NewCustomer, NewEmployee, Period};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// let year = Period::new(Some(date(2026, 1, 1)), Some(date(2026, 12, 31)))?;
    /// dir.set_period(c.into(), matti, year)?;
    /// assert_eq!(dir.responsibility(c.into(), matti)?.map(|r| r.period), Some(year));
    /// assert!(matches!(Period::new(Some(date(2026, 2, 1)), Some(date(2026, 1, 1))), Err(Error::InvalidPeriod { .. })));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_period(&mut self, subject: Subject, employee: EmployeeId, period: Period) -> Result<()> {
        self.mutate(|s| ops::responsibility::set_period(s, subject, employee, period))
    }

    /// Clears the validity period of an existing responsibility.
    ///
    /// # Errors
    /// As [`Directory::set_period`].
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{Directory, NewCustomer, NewEmployee, Period};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// dir.set_period(c.into(), matti, Period::new(None, Some(date(2026, 6, 30)))?)?;
    /// dir.clear_period(c.into(), matti)?;
    /// assert_eq!(dir.responsibility(c.into(), matti)?.map(|r| r.period), Some(Period::ALWAYS));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn clear_period(&mut self, subject: Subject, employee: EmployeeId) -> Result<()> {
        self.set_period(subject, employee, Period::ALWAYS)
    }

    /// Creates or replaces a whole responsibility: roles and period (for imports and forms).
    ///
    /// # Errors
    /// As [`Directory::set_roles`] and [`Directory::set_period`].
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{Directory, NewCustomer, NewEmployee, NewRole, Period, RoleScope};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let service = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer))?;
    /// let from_march = Period::new(Some(date(2026, 3, 1)), None)?;
    /// dir.set_responsibility(c.into(), matti, &[service], from_march)?;
    /// let held = dir.responsibility(c.into(), matti)?.expect("responsible");
    /// assert!(held.roles.contains(&service));
    /// assert_eq!(held.period, from_march);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_responsibility(
        &mut self,
        subject: Subject,
        employee: EmployeeId,
        roles: &[RoleId],
        period: Period,
    ) -> Result<()> {
        self.mutate(|s| ops::responsibility::set(s, subject, employee, roles, period))
    }

    /// Plans a handover without changing anything: the preview of what will change, per
    /// customer/project and salesperson place, and what is skipped and why.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown employee, role or subject; [`Error::HandoverToSelf`];
    /// [`Error::InvalidText`] for a bad actor.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Handover, NewCustomer, NewEmployee};
    /// use jiff::civil::date;
    /// let mut dir = Directory::new();
    /// let leaving = dir.create_employee(NewEmployee::new("Lähtijä"))?;
    /// let staying = dir.create_employee(NewEmployee::new("Jatkaja"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), leaving)?;
    /// let plan = dir.plan_handover(&Handover::new(leaving, staying).effective(date(2027, 1, 1)))?;
    /// assert_eq!(plan.steps.len(), 1);
    /// dir.apply_handover(&plan)?;
    /// let old = dir.responsibility(c.into(), leaving)?.unwrap();
    /// assert_eq!(old.period.to, Some(date(2026, 12, 31)));
    /// let new = dir.responsibility(c.into(), staying)?.unwrap();
    /// assert_eq!(new.period.from, Some(date(2027, 1, 1)));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn plan_handover(&self, request: &Handover) -> Result<HandoverPlan> {
        ops::handover::plan(&self.state, request)
    }

    /// Applies a plan as one atomic change set, recorded with the plan's actor. If the directory
    /// changed so that planning again would give a different plan, nothing is applied.
    ///
    /// # Errors
    /// [`Error::StalePlan`]; the errors of [`Directory::plan_handover`]; [`Error::Store`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, Handover, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let leaving = dir.create_employee(NewEmployee::new("Lähtijä"))?;
    /// let staying = dir.create_employee(NewEmployee::new("Jatkaja"))?;
    /// let a = dir.create_customer(NewCustomer::new("Apu"))?;
    /// let b = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// dir.toggle(a.into(), leaving)?;
    /// let plan = dir.plan_handover(&Handover::new(leaving, staying))?;
    /// // The directory changed since the preview: the plan is refused, nothing applied.
    /// dir.toggle(b.into(), leaving)?;
    /// assert!(matches!(dir.apply_handover(&plan), Err(Error::StalePlan { .. })));
    /// let plan = dir.plan_handover(&Handover::new(leaving, staying))?;
    /// dir.apply_handover(&plan)?;
    /// assert_eq!(dir.responsibilities_held_by(staying)?.len(), 2);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn apply_handover(&mut self, plan: &HandoverPlan) -> Result<()> {
        let actor = plan.request.actor.clone().or_else(|| self.actor().map(str::to_owned));
        self.with_actor(actor, |d| {
            d.mutate(|s| {
                let fresh = ops::handover::plan(s, &plan.request)?;
                // Stale means the preview no longer tells what would happen: compare what the
                // host was shown, not the changes behind it (renaming a group, say, alters those
                // but not the plan).
                if fresh.steps != plan.steps || fresh.skipped != plan.skipped {
                    return Err(Error::StalePlan { from: plan.request.from, to: plan.request.to });
                }
                Ok((fresh.into_changes(), ()))
            })
        })
    }

    /// Plans a bulk assignment without changing anything: for every customer the request's
    /// filter selects, what changes (the employee's responsibility before and after) or why the
    /// customer is left as it is. A filter that selects no customer gives an empty plan.
    ///
    /// Adding makes the employee responsible with the roles, in the period; with
    /// `only_missing_role`, only where an active employee does not already hold the role in an
    /// overlapping period. Removing removes the employee's responsibilities. Only the customers'
    /// own responsibilities are planned, not their projects'. [`BulkAction`](crate::BulkAction)
    /// and [`BulkSkipReason`](crate::BulkSkipReason) document every rule.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown employee, role, or id in the filter;
    /// [`Error::WrongRoleScope`] for a project role; [`Error::InvalidPeriod`];
    /// [`Error::EmployeeInactive`] when adding an inactive employee; [`Error::InvalidText`] for a
    /// bad actor. Checked in that order.
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{BulkRequest, BulkSkipReason, CustomerFilter, Directory, NewCustomer, NewCustomerGroup,
    ///              NewEmployee, NewRole, Period, RoleScope};
    /// let mut dir = Directory::new();
    /// let liisa = dir.create_employee(NewEmployee::new("Liisa"))?;
    /// let pekka = dir.create_employee(NewEmployee::new("Pekka"))?;
    /// let accountant = dir.create_role(NewRole::new("Kirjanpitäjä", RoleScope::Customer))?;
    /// let uusimaa = dir.create_customer_group(NewCustomerGroup::new("Uusimaa"))?;
    /// let a = dir.create_customer(NewCustomer::new("Apu Oy").group(uusimaa))?;
    /// let b = dir.create_customer(NewCustomer::new("Beta Oy").group(uusimaa))?;
    /// dir.add_role(b.into(), pekka, accountant)?;
    ///
    /// // Liisa, accountant from 1 January, for every Uusimaa customer with no accountant.
    /// let request = BulkRequest::add(liisa, CustomerFilter::new().group(uusimaa))
    ///     .roles([accountant])
    ///     .period(Period::new(Some(date(2027, 1, 1)), None)?)
    ///     .only_missing_role(true);
    /// let plan = dir.plan_bulk(&request)?;
    /// assert_eq!(plan.changes.len(), 1);
    /// assert_eq!(plan.changes[0].customer, a);
    /// assert_eq!(plan.skipped[0].reason, BulkSkipReason::RoleAlreadyHeld { role: accountant, by: pekka });
    /// assert!(dir.responsibility(a.into(), liisa)?.is_none()); // a preview: nothing changed
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn plan_bulk(&self, request: &BulkRequest) -> Result<BulkPlan> {
        ops::bulk::plan(&self.state, request)
    }

    /// Applies a bulk plan as one atomic change set, recorded with the plan's actor (or the
    /// directory's). The request is planned again first: if that gives another plan for any
    /// customer (another change, another reason to skip it, or a customer the filter now
    /// selects or no longer does), nothing is applied. An empty plan commits nothing.
    ///
    /// # Errors
    /// [`Error::StaleBulkPlan`] naming those customers; the errors of
    /// [`Directory::plan_bulk`]; [`Error::Store`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{BulkRequest, CustomerFilter, Directory, Error, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let liisa = dir.create_employee(NewEmployee::new("Liisa"))?;
    /// let a = dir.create_customer(NewCustomer::new("Apu Oy"))?;
    /// let plan = dir.plan_bulk(&BulkRequest::add(liisa, CustomerFilter::new()))?;
    /// // A customer created since the preview: the plan is refused, nothing applied.
    /// let b = dir.create_customer(NewCustomer::new("Beta Oy"))?;
    /// let Err(Error::StaleBulkPlan { customers, .. }) = dir.apply_bulk(&plan) else { panic!() };
    /// assert_eq!(customers, [b]);
    /// let plan = dir.plan_bulk(&BulkRequest::add(liisa, CustomerFilter::new()))?;
    /// dir.apply_bulk(&plan)?;
    /// assert_eq!(dir.responsibilities_held_by(liisa)?.len(), 2);
    /// // And taken away again, as one more change set.
    /// dir.apply_bulk(&dir.plan_bulk(&BulkRequest::remove(liisa, CustomerFilter::new().customers([a])))?)?;
    /// assert_eq!(dir.responsibilities_held_by(liisa)?.len(), 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn apply_bulk(&mut self, plan: &BulkPlan) -> Result<()> {
        let actor = plan.request.actor.clone().or_else(|| self.actor().map(str::to_owned));
        self.with_actor(actor, |d| {
            d.mutate(|s| {
                let fresh = ops::bulk::plan(s, &plan.request)?;
                let stale = ops::bulk::stale_customers(plan, &fresh);
                if !stale.is_empty() {
                    return Err(Error::StaleBulkPlan { employee: plan.request.employee, customers: stale });
                }
                Ok((fresh.to_changes(), ()))
            })
        })
    }
}

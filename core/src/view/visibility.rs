//! Who may see which customer, and why.
//!
//! An active employee sees a customer on a date when any of these holds:
//! - they have admin visibility (`sees_all`);
//! - they hold a responsibility for the customer valid on the date;
//! - they hold a responsibility for one of the customer's projects valid on the date;
//! - they are a salesperson of the customer's group and have sales rights;
//! - they are a lead of their team, and another active member of the team holds a
//!   responsibility for the customer or one of its projects valid on the date (what a member
//!   sees as a salesperson or as an admin does not count).
//!
//! Inactive employees see nothing. Unknown ids are errors, never "visible". Anything not listed
//! is denied. [`Directory::can_view`] answers for one pair with the reasons;
//! [`Directory::visible_customers`] and [`Directory::who_can_view`] are its set forms and give
//! exactly the pairs it allows.

use crate::collation::SortKey;
use crate::error::{Error, Result};
use crate::model::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, TeamId};
use crate::state::{set_bit, FastSet, State};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The answer of [`Directory::can_view`](crate::Directory::can_view): whether the employee sees the customer, and every
/// reason that holds (none when denied).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Visibility {
    /// Whether the employee sees the customer: true exactly when some reason below holds.
    pub visible: bool,
    /// The employee has admin visibility (`sees_all`).
    pub admin: bool,
    /// The employee holds a responsibility for the customer, valid on the date.
    pub responsible: bool,
    /// The customer's projects the employee holds a responsibility for, valid on the date (by id).
    pub projects: Vec<ProjectId>,
    /// The customer's group, when the employee is one of its salespeople and has sales rights.
    pub salesperson_of: Option<CustomerGroupId>,
    /// The employee's team, when they are one of its leads and another active member of it
    /// holds a responsibility for the customer or one of its projects, valid on the date.
    pub lead_of: Option<TeamId>,
    /// Those members of the team (`lead_of`), by id.
    pub through_members: Vec<EmployeeId>,
}

/// One reason why an employee sees a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisibilityReason {
    /// Admin visibility (`sees_all`).
    Admin,
    /// A responsibility for the customer.
    Responsible,
    /// A responsibility for this project of the customer.
    ProjectResponsible(ProjectId),
    /// Salesperson, with sales rights, of the customer's group.
    Salesperson(CustomerGroupId),
    /// A lead of `team`, whose member `member` holds a responsibility for the customer or one of
    /// its projects.
    TeamLead {
        /// The team the employee leads.
        team: TeamId,
        /// The member of the team the responsibility is held by.
        member: EmployeeId,
    },
}

impl Visibility {
    /// The reasons as a list, in the order admin, responsible, projects, salesperson, team
    /// members.
    pub fn reasons(&self) -> Vec<VisibilityReason> {
        let mut out = Vec::new();
        if self.admin {
            out.push(VisibilityReason::Admin);
        }
        if self.responsible {
            out.push(VisibilityReason::Responsible);
        }
        out.extend(self.projects.iter().map(|p| VisibilityReason::ProjectResponsible(*p)));
        out.extend(self.salesperson_of.map(VisibilityReason::Salesperson));
        if let Some(team) = self.lead_of {
            out.extend(self.through_members.iter().map(|&member| VisibilityReason::TeamLead { team, member }));
        }
        out
    }
}

/// Whether `employee` may see `customer` on `date`, with every reason that holds.
#[inline]
pub(crate) fn can_view(s: &State, employee: EmployeeId, customer: CustomerId, date: Date) -> Result<Visibility> {
    let e = s.employee_entry(employee).ok_or(Error::NotFound(employee.into()))?;
    // A customer with a held list exists (the index keeps lists of existing customers only), so
    // its entry is read only when there is no list, or for its group when the employee sells
    // some group: one hashed look-up (a likely cache miss) fewer in the common case.
    let holders = s.holders(customer);
    let sells = e.sales_rights() && !e.sells().is_empty();
    let group = match (holders, sells) {
        (Some(_), false) => None,
        _ => s.customer_entry(customer).ok_or(Error::NotFound(customer.into()))?.group(),
    };
    if !e.active() {
        return Ok(Visibility::default());
    }
    let mut v = Visibility { admin: e.sees_all(), ..Visibility::default() };
    for held in holders.map_or(&[][..], |h| h.of_employee(employee)) {
        if held.period().contains(date) {
            match held.project() {
                None => v.responsible = true,
                Some(project) => v.projects.push(project),
            }
        }
    }
    if e.sells_with_rights(group) {
        v.salesperson_of = group;
    }
    if let Some(team) = s.led_team_of(employee, e.team()) {
        // The customer's held list is in (employee, project) order: each member comes once.
        for held in holders.into_iter().flat_map(|h| h.list()) {
            let member = held.employee();
            if member != employee
                && v.through_members.last() != Some(&member)
                && held.period().contains(date)
                && s.employee_entry(member).is_some_and(|m| m.active() && m.team() == Some(team))
            {
                v.through_members.push(member);
            }
        }
        v.lead_of = Some(team).filter(|_| !v.through_members.is_empty());
    }
    v.visible = v.admin
        || v.responsible
        || !v.projects.is_empty()
        || v.salesperson_of.is_some()
        || !v.through_members.is_empty();
    Ok(v)
}

/// The active members of the team `employee` leads, other than `employee`: the ones whose
/// responsibilities the lead sees through (none when they lead no team).
fn led_members(s: &State, employee: EmployeeId) -> Vec<EmployeeId> {
    let Some(team) = s.led_team(employee) else { return Vec::new() };
    s.team_members(team).filter(|m| *m != employee && s.employee_entry(*m).is_some_and(|e| e.active())).collect()
}

/// The customers `employee` may see on `date`, in Finnish order.
///
/// An admin's answer is a copy of the cached ordered array. Otherwise the employee's
/// responsibilities (kept by customer rank, see `state/rank.rs`) are one pass with the date
/// applied; a lead's and their team members' lists, each in rank order, are merged. A
/// salesperson's groups (a cached bitset per large group) and responsibilities are marked as bits
/// over the positions of the ordered array and read back in order.
pub(crate) fn visible_customers(s: &State, employee: EmployeeId, date: Date) -> Result<Vec<CustomerId>> {
    let e = s.employee_entry(employee).ok_or(Error::NotFound(employee.into()))?;
    if !e.active() {
        return Ok(Vec::new());
    }
    if e.sees_all() {
        return Ok(s.in_order().ids().to_vec());
    }
    let members = led_members(s, employee);
    let lists = || {
        std::iter::once(employee)
            .chain(members.iter().copied())
            .flat_map(|m| s.reach_of(m).iter())
            .filter(|r| r.period().contains(date))
    };
    let sold = if e.sales_rights() { e.sells() } else { &[] };
    if sold.is_empty() {
        if members.is_empty() {
            // Responsibilities only: one pass in rank order (a customer may come more than once).
            let mut out: Vec<CustomerId> = Vec::with_capacity(s.reach_of(employee).len());
            for r in lists() {
                if out.last() != Some(&r.customer()) {
                    out.push(r.customer());
                }
            }
            return Ok(out);
        }
        // A lead: the lists are runs in rank order, which the stable sort finds and merges.
        let mut ranked: Vec<(u64, CustomerId)> = lists().map(|r| (r.rank(), r.customer())).collect();
        ranked.sort();
        ranked.dedup();
        return Ok(ranked.into_iter().map(|(_, c)| c).collect());
    }
    // A salesperson: their groups and the responsibilities marked as bits over the positions of
    // the ordered array, read back in order.
    let order = s.in_order();
    let mut bits = vec![0u64; order.ids().len().div_ceil(64)];
    let mut count = 0;
    for g in sold {
        order.mark_group(*g, &mut bits);
        count += order.group_positions(*g).len();
    }
    for r in lists() {
        if let Some(at) = order.position_of_rank(r.rank()) {
            set_bit(&mut bits, at);
        }
    }
    let mut out: Vec<CustomerId> = Vec::with_capacity(count + s.reach_of(employee).len());
    for (w, word) in (0usize..).zip(bits) {
        let mut rest = word;
        while rest != 0 {
            if let Some(id) = order.ids().get(w * 64 + rest.trailing_zeros() as usize) {
                out.push(*id);
            }
            rest &= rest - 1;
        }
    }
    Ok(out)
}

/// The active employees who may see `customer` on `date`, in Finnish order.
pub(crate) fn who_can_view(s: &State, customer: CustomerId, date: Date) -> Result<Vec<EmployeeId>> {
    let c = s.customer_entry(customer).ok_or(Error::NotFound(customer.into()))?;
    let mut ids: FastSet<EmployeeId> = s.admins().collect();
    // The teams of the active holders: their leads see the customer too.
    let mut teams: FastSet<TeamId> = FastSet::default();
    for held in s.holders(customer).into_iter().flat_map(|h| h.list()) {
        if held.period().contains(date) {
            ids.insert(held.employee());
            teams.extend(s.employee_entry(held.employee()).filter(|e| e.active()).and_then(|e| e.team()));
        }
    }
    for team in teams {
        ids.extend(s.team_leads(team));
    }
    if let Some(group) = c.group().and_then(|g| s.customer_group(g).ok()) {
        ids.extend(
            group
                .salespeople
                .iter()
                .copied()
                .filter(|e| s.employee_entry(*e).is_some_and(|e| e.sells_with_rights(c.group()))),
        );
    }
    let mut found: Vec<(&SortKey, EmployeeId)> =
        ids.into_iter().filter_map(|id| s.employee_entry(id).filter(|e| e.active()).map(|e| (e.key(), id))).collect();
    found.sort_unstable();
    Ok(found.into_iter().map(|(_, e)| e).collect())
}

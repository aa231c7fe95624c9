//! Coverage checks: the customers and responsibilities that have fallen through the cracks.

use crate::error::{Error, Result};
use crate::model::{CustomerGroupId, CustomerId, CustomerStatus, EmployeeId, SeriesId, Subject};
use crate::state::State;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A responsibility held by an inactive employee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InactiveHolder {
    /// The customer or project.
    pub subject: Subject,
    /// The customer (the subject itself, or the project's customer).
    pub customer: CustomerId,
    /// The inactive employee.
    pub employee: EmployeeId,
}

/// A salesperson of a group who has no sales rights (any more).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SalespersonWithoutRights {
    /// The group.
    pub group: CustomerGroupId,
    /// The employee.
    pub employee: EmployeeId,
}

/// A responsibility whose validity ends soon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EndingResponsibility {
    /// The customer or project.
    pub subject: Subject,
    /// The customer (the subject itself, or the project's customer).
    pub customer: CustomerId,
    /// The employee.
    pub employee: EmployeeId,
    /// The last valid day.
    pub ends: Date,
}

/// A numbering series with little capacity left.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeriesNearExhaustion {
    /// The series.
    pub series: SeriesId,
    /// The group's name (`None` for the default series).
    pub group_name: Option<String>,
    /// Numbers in the series (`end - start + 1`).
    pub capacity: u64,
    /// Numbers still free from the counter to the end.
    pub capacity_left: u64,
}

/// The customers with no active employee responsible for them on `date`, by id.
pub(crate) fn customers_without_responsible(s: &State, date: Date, only_active: bool) -> Vec<CustomerId> {
    s.customers()
        .filter(|c| !only_active || (!c.archived && c.status == CustomerStatus::Active))
        .filter(|c| {
            let subject = Subject::Customer(c.id);
            !s.responsible_employees(subject).any(|e| {
                s.employee(e).is_ok_and(|e| e.active)
                    && s.responsibility(subject, e).is_some_and(|r| r.period.contains(date))
            })
        })
        .map(|c| c.id)
        .collect()
}

/// The responsibilities inactive employees still hold, by employee then subject.
pub(crate) fn responsibilities_of_inactive_employees(s: &State) -> Vec<InactiveHolder> {
    let mut out = Vec::new();
    for e in s.employees().filter(|e| !e.active) {
        for subject in s.subjects_of(e.id) {
            if let Ok(customer) = s.subject_customer(subject) {
                out.push(InactiveHolder { subject, customer, employee: e.id });
            }
        }
    }
    out
}

/// The salesperson places held by employees without sales rights, by group then employee.
pub(crate) fn salespeople_without_sales_rights(s: &State) -> Vec<SalespersonWithoutRights> {
    s.customer_groups()
        .flat_map(|g| g.salespeople.iter().map(move |e| (g.id, *e)))
        .filter(|(_, e)| s.employee(*e).is_ok_and(|e| !e.sales_rights))
        .map(|(group, employee)| SalespersonWithoutRights { group, employee })
        .collect()
}

/// The responsibilities ending within `days` days from `from` (both ends included).
pub(crate) fn responsibilities_ending_within(s: &State, from: Date, days: u32) -> Vec<EndingResponsibility> {
    let until = from.saturating_add(jiff::Span::new().days(i64::from(days.min(3_000_000))));
    let mut out: Vec<EndingResponsibility> = s
        .responsibilities()
        .filter_map(|r| {
            let ends = r.period.to?;
            (from <= ends && ends <= until).then_some((r, ends))
        })
        .filter_map(|(r, ends)| {
            let customer = s.subject_customer(r.subject).ok()?;
            Some(EndingResponsibility { subject: r.subject, customer, employee: r.employee, ends })
        })
        .collect();
    out.sort_by_key(|e| (e.ends, e.subject, e.employee));
    out
}

/// The series with less than `percent_left` per cent of their numbers left.
pub(crate) fn series_near_exhaustion(s: &State, percent_left: u32) -> Result<Vec<SeriesNearExhaustion>> {
    if percent_left > 100 {
        return Err(Error::InvalidPercent { value: percent_left });
    }
    Ok(super::numbering::report(s)
        .series
        .into_iter()
        .map(|s| SeriesNearExhaustion {
            series: s.series,
            group_name: s.group_name,
            capacity: s.end - s.start + 1,
            capacity_left: s.capacity_left,
        })
        .filter(|s| u128::from(s.capacity_left) * 100 < u128::from(s.capacity) * u128::from(percent_left))
        .collect())
}

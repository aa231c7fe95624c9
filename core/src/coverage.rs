//! Coverage checks: the customers and responsibilities that have fallen through the cracks.

use crate::error::{Error, Result};
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId};
use crate::numbering::SeriesId;
use crate::responsibility::Subject;
use crate::{CustomerStatus, Directory};
use jiff::civil::Date;

/// A responsibility held by an inactive employee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InactiveHolder {
    /// The customer or project.
    pub subject: Subject,
    /// The customer (the subject itself, or the project's customer).
    pub customer: CustomerId,
    /// The inactive employee.
    pub employee: EmployeeId,
}

/// A salesperson of a group who has no sales rights (any more).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SalespersonWithoutRights {
    /// The group.
    pub group: CustomerGroupId,
    /// The employee.
    pub employee: EmployeeId,
}

/// A responsibility whose validity ends soon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

impl Directory {
    /// Customers with no responsible person on `date`: no active employee holds a responsibility
    /// for the customer itself that is valid on that day (project responsibilities do not count).
    /// With `only_active`, only non-archived customers with status Active are checked. By id.
    pub fn customers_without_responsible(&self, date: Date, only_active: bool) -> Vec<CustomerId> {
        let s = &self.state;
        s.customers
            .values()
            .filter(|c| !only_active || (!c.archived && c.status == CustomerStatus::Active))
            .filter(|c| {
                let subject = Subject::Customer(c.id);
                !s.responsible_employees(subject).any(|e| {
                    s.employees.get(&e).is_some_and(|e| e.active)
                        && s.responsibility(subject, e).is_some_and(|r| r.period.contains(date))
                })
            })
            .map(|c| c.id)
            .collect()
    }

    /// Responsibilities held by inactive employees, by employee, then subject.
    pub fn responsibilities_of_inactive_employees(&self) -> Vec<InactiveHolder> {
        let s = &self.state;
        let mut out = Vec::new();
        for e in s.employees.values().filter(|e| !e.active) {
            for subject in s.subjects_of(e.id) {
                if let Ok(customer) = s.subject_customer(subject) {
                    out.push(InactiveHolder { subject, customer, employee: e.id });
                }
            }
        }
        out
    }

    /// Salespeople of customer groups who have no sales rights, by group, then employee.
    pub fn salespeople_without_sales_rights(&self) -> Vec<SalespersonWithoutRights> {
        let s = &self.state;
        s.groups
            .values()
            .flat_map(|g| g.salespeople.iter().map(move |e| (g.id, *e)))
            .filter(|(_, e)| s.employees.get(e).is_some_and(|e| !e.sales_rights))
            .map(|(group, employee)| SalespersonWithoutRights { group, employee })
            .collect()
    }

    /// Responsibilities whose last valid day falls within `days` days from `from` (both ends
    /// inclusive: `days = 0` means ending on `from`), ordered by end date, subject, employee.
    pub fn responsibilities_ending_within(&self, from: Date, days: u32) -> Vec<EndingResponsibility> {
        let s = &self.state;
        let until = from.saturating_add(jiff::Span::new().days(i64::from(days.min(3_000_000))));
        let mut out: Vec<EndingResponsibility> = s
            .responsibilities
            .values()
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

    /// Numbering series with less than `percent_left` percent of their capacity left.
    ///
    /// # Errors
    /// [`Error::InvalidPercent`] when `percent_left` is above 100.
    pub fn series_near_exhaustion(&self, percent_left: u32) -> Result<Vec<SeriesNearExhaustion>> {
        if percent_left > 100 {
            return Err(Error::InvalidPercent { value: percent_left });
        }
        Ok(self
            .numbering_report()
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
}

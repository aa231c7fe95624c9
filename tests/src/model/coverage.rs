//! The coverage checks, recomputed plainly.

use super::{period_contains, Model, Result};
use jiff::civil::Date;
use vastuu::{
    CustomerId, CustomerStatus, EndingResponsibility, Error, InactiveHolder, SalespersonWithoutRights,
    SeriesNearExhaustion, Subject,
};

impl Model {
    /// Customers that no active employee is responsible for on the day (by id).
    pub fn customers_without_responsible(&self, day: Date, only_active: bool) -> Vec<CustomerId> {
        let mut out = Vec::new();
        for c in self.customers.values() {
            if only_active && (c.archived || c.status != CustomerStatus::Active) {
                continue;
            }
            let covered = self.responsibilities.values().any(|r| {
                r.subject == Subject::Customer(c.id)
                    && self.employees.get(&r.employee).is_some_and(|e| e.active)
                    && period_contains(&r.period, day)
            });
            if !covered {
                out.push(c.id);
            }
        }
        out
    }

    /// Responsibilities held by inactive employees, by employee, then subject.
    pub fn responsibilities_of_inactive_employees(&self) -> Vec<InactiveHolder> {
        let mut out = Vec::new();
        for e in self.employees.values().filter(|e| !e.active) {
            for r in self.responsibilities.values().filter(|r| r.employee == e.id) {
                if let Ok(customer) = self.subject_customer(r.subject) {
                    out.push(InactiveHolder { subject: r.subject, customer, employee: e.id });
                }
            }
        }
        out
    }

    /// Salespeople without sales rights, by group, then employee.
    pub fn salespeople_without_sales_rights(&self) -> Vec<SalespersonWithoutRights> {
        let mut out = Vec::new();
        for g in self.groups.values() {
            for e in &g.salespeople {
                if self.employees.get(e).is_some_and(|e| !e.sales_rights) {
                    out.push(SalespersonWithoutRights { group: g.id, employee: *e });
                }
            }
        }
        out
    }

    /// Responsibilities whose last day is within `days` days from `from`.
    pub fn responsibilities_ending_within(&self, from: Date, days: u32) -> Vec<EndingResponsibility> {
        let until = from.saturating_add(jiff::Span::new().days(i64::from(days)));
        let mut out = Vec::new();
        for r in self.responsibilities.values() {
            let Some(ends) = r.period.to else { continue };
            if from <= ends && ends <= until {
                if let Ok(customer) = self.subject_customer(r.subject) {
                    out.push(EndingResponsibility { subject: r.subject, customer, employee: r.employee, ends });
                }
            }
        }
        out.sort_by_key(|e| (e.ends, e.subject, e.employee));
        out
    }

    /// Series with less than `percent_left` percent of their numbers left.
    ///
    /// # Errors
    /// `InvalidPercent` above 100.
    pub fn series_near_exhaustion(&self, percent_left: u32) -> Result<Vec<SeriesNearExhaustion>> {
        if percent_left > 100 {
            return Err(Error::InvalidPercent { value: percent_left });
        }
        let mut out = Vec::new();
        for s in self.numbering_report().series {
            let capacity = s.end - s.start + 1;
            if u128::from(s.capacity_left) * 100 < u128::from(capacity) * u128::from(percent_left) {
                out.push(SeriesNearExhaustion {
                    series: s.series,
                    group_name: s.group_name,
                    capacity,
                    capacity_left: s.capacity_left,
                });
            }
        }
        Ok(out)
    }
}

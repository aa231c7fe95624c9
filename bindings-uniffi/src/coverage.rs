//! Coverage checks: the customers and responsibilities that have fallen through the cracks.

use crate::convert::convert_record;
use crate::date::IsoDate;
use crate::directory::{calls, Directory};
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, Subject};
use crate::numbering::SeriesId;
use crate::numbers::{Count, SmallCount};

/// A responsibility held by an inactive employee.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InactiveHolder {
    /// The customer or project.
    pub subject: Subject,
    /// The customer (the subject itself, or the project's customer).
    pub customer: CustomerId,
    /// The inactive employee.
    pub employee: EmployeeId,
}

/// A salesperson of a group who has no sales rights (any more).
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SalespersonWithoutRights {
    /// The group.
    pub group: CustomerGroupId,
    /// The employee.
    pub employee: EmployeeId,
}

/// A responsibility whose validity ends soon.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EndingResponsibility {
    /// The customer or project.
    pub subject: Subject,
    /// The customer (the subject itself, or the project's customer).
    pub customer: CustomerId,
    /// The employee.
    pub employee: EmployeeId,
    /// The last valid day.
    pub ends: IsoDate,
}

/// A numbering series with little capacity left.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct SeriesNearExhaustion {
    /// The series.
    pub series: SeriesId,
    /// The group's name (none for the default series).
    pub group_name: Option<String>,
    /// Numbers in the series (`end - start + 1`).
    pub capacity: Count,
    /// Numbers still free from the counter to the end.
    pub capacity_left: Count,
}

convert_record!(
    vastuu::InactiveHolder => InactiveHolder { subject, customer, employee }
    vastuu::SalespersonWithoutRights => SalespersonWithoutRights { group, employee }
    vastuu::EndingResponsibility => EndingResponsibility { subject, customer, employee, ends }
    vastuu::SeriesNearExhaustion => SeriesNearExhaustion { series, group_name, capacity, capacity_left }
);

calls! {
    /// Customers with no responsible person on `date`: no active employee holds a responsibility
    /// for the customer itself valid on that day (project responsibilities do not count). With
    /// `only_active`, only non-archived customers with status Active are checked. By id.
    read customers_without_responsible(date: IsoDate, only_active: bool) -> Vec<CustomerId>, throws "`InvalidDate`.";
    /// Responsibilities held by inactive employees, by employee, then subject.
    read responsibilities_of_inactive_employees() -> Vec<InactiveHolder>;
    /// Salespeople of customer groups who have no sales rights, by group, then employee.
    read salespeople_without_sales_rights() -> Vec<SalespersonWithoutRights>;
    /// Responsibilities whose last valid day falls within `days` days from `from` (both ends
    /// inclusive: `days = 0` means ending on `from`), by end date, subject, employee.
    read responsibilities_ending_within(from: IsoDate, days: SmallCount) -> Vec<EndingResponsibility>, throws "`InvalidDate`.";
    /// Numbering series with less than `percent_left` percent of their capacity left.
    try_read series_near_exhaustion(percent_left: SmallCount) -> Vec<SeriesNearExhaustion>,
        throws "`InvalidPercent` above 100.";
}

//! The plain entity types: what the directory holds and what mutations take, with no rules that
//! need other data. Everything above (the state, the plans, the views, the `Directory`) is built
//! on these.

pub(crate) mod change;
pub(crate) mod customer;
pub(crate) mod data;
pub(crate) mod employee;
pub(crate) mod feed;
pub(crate) mod group;
pub(crate) mod ids;
pub(crate) mod numbering;
pub(crate) mod responsibility;
pub(crate) mod role;
pub(crate) mod special_group;

pub use change::{Change, ChangeSet, HistoryKey};
pub use customer::{
    Customer, CustomerStatus, CustomerUpdate, NewCustomer, NewProject, NumberChoice, Project, ProjectUpdate,
};
pub use data::{Data, NextIds};
pub use employee::{Employee, EmployeeUpdate, NewEmployee, Team};
pub use feed::{FeedEntry, FeedPage, FEED_VERSION, MAX_CHANGES_LIMIT};
pub use group::{CustomerGroup, CustomerGroupUpdate, GroupDefault, NewCustomerGroup, MAX_COST_CENTERS};
pub use ids::{
    CustomerGroupId, CustomerId, EmployeeId, EntityKind, EntityRef, Id, ProjectId, RoleId, SpecialGroupId, TeamId,
};
pub use numbering::{DefaultSeries, SeriesId, MAX_CUSTOMER_NUMBER};
pub use responsibility::{Period, Responsibility, Subject, Toggled};
pub use role::{NewRole, Role, RoleScope, RoleUpdate};
pub use special_group::{NewSpecialGroup, SpecialGroup, SpecialGroupUpdate};

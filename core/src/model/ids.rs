//! Typed ids: a customer id cannot be passed where an employee id is expected.
//!
//! Ids are assigned by the library, start at 1 and are never reused, not even after a delete.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Common behaviour of every typed id.
pub trait Id: Copy + Eq + Ord + std::hash::Hash + fmt::Debug + fmt::Display {
    /// The kind of entity this id names.
    const KIND: EntityKind;
    /// The raw number.
    fn get(self) -> u32;
    /// Wraps a raw number. Any number is accepted; an id that names nothing is reported as
    /// [`Error::NotFound`](crate::Error::NotFound) by the call that receives it.
    fn from_raw(raw: u32) -> Self;
    /// The id as an [`EntityRef`].
    fn entity(self) -> EntityRef;
}

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $kind:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// Wraps a raw number.
            pub const fn new(raw: u32) -> Self {
                Self(raw)
            }
            /// The raw number.
            pub const fn get(self) -> u32 {
                self.0
            }
        }

        impl Id for $name {
            const KIND: EntityKind = EntityKind::$kind;
            fn get(self) -> u32 {
                self.0
            }
            fn from_raw(raw: u32) -> Self {
                Self(raw)
            }
            fn entity(self) -> EntityRef {
                EntityRef::$kind(self)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "#{}"), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, " #{}"), self.0)
            }
        }

        impl From<$name> for EntityRef {
            fn from(id: $name) -> EntityRef {
                EntityRef::$kind(id)
            }
        }
    };
}

typed_id!(
    /// Id of an [`Employee`](crate::Employee).
    EmployeeId, Employee, "employee"
);
typed_id!(
    /// Id of a [`Team`](crate::Team).
    TeamId, Team, "team"
);
typed_id!(
    /// Id of a [`Role`](crate::Role).
    RoleId, Role, "role"
);
typed_id!(
    /// Id of a [`Customer`](crate::Customer).
    CustomerId, Customer, "customer"
);
typed_id!(
    /// Id of a [`Project`](crate::Project).
    ProjectId, Project, "project"
);
typed_id!(
    /// Id of a [`CustomerGroup`](crate::CustomerGroup).
    CustomerGroupId, CustomerGroup, "customer group"
);
typed_id!(
    /// Id of a [`SpecialGroup`](crate::SpecialGroup).
    SpecialGroupId, SpecialGroup, "special group"
);

/// The kinds of entity the library stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    /// An employee.
    Employee,
    /// A team.
    Team,
    /// A role.
    Role,
    /// A customer.
    Customer,
    /// A project.
    Project,
    /// A customer group.
    CustomerGroup,
    /// A special group.
    SpecialGroup,
}

impl EntityKind {
    /// Lower-case English name, as used in error messages.
    pub const fn name(self) -> &'static str {
        match self {
            EntityKind::Employee => "employee",
            EntityKind::Team => "team",
            EntityKind::Role => "role",
            EntityKind::Customer => "customer",
            EntityKind::Project => "project",
            EntityKind::CustomerGroup => "customer group",
            EntityKind::SpecialGroup => "special group",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A reference to any entity: its kind and its typed id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum EntityRef {
    Employee(EmployeeId),
    Team(TeamId),
    Role(RoleId),
    Customer(CustomerId),
    Project(ProjectId),
    CustomerGroup(CustomerGroupId),
    SpecialGroup(SpecialGroupId),
}

impl EntityRef {
    /// The kind of the referenced entity.
    pub const fn kind(self) -> EntityKind {
        match self {
            EntityRef::Employee(_) => EntityKind::Employee,
            EntityRef::Team(_) => EntityKind::Team,
            EntityRef::Role(_) => EntityKind::Role,
            EntityRef::Customer(_) => EntityKind::Customer,
            EntityRef::Project(_) => EntityKind::Project,
            EntityRef::CustomerGroup(_) => EntityKind::CustomerGroup,
            EntityRef::SpecialGroup(_) => EntityKind::SpecialGroup,
        }
    }

    /// The raw id number.
    pub const fn raw(self) -> u32 {
        match self {
            EntityRef::Employee(id) => id.0,
            EntityRef::Team(id) => id.0,
            EntityRef::Role(id) => id.0,
            EntityRef::Customer(id) => id.0,
            EntityRef::Project(id) => id.0,
            EntityRef::CustomerGroup(id) => id.0,
            EntityRef::SpecialGroup(id) => id.0,
        }
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} #{}", self.kind(), self.raw())
    }
}

//! Ids and references: one record per id kind, so a customer id cannot be passed where an
//! employee id is expected, in Kotlin and Swift alike.
//!
//! uniffi offers two ways to carry an id number: a custom type (`uniffi::custom_newtype!`),
//! which becomes a mere `typealias CustomerId = Long` in Kotlin and `typealias CustomerId = Int64`
//! in Swift, so ids of different kinds mix freely; or a one-field record, which becomes a
//! `data class CustomerId(val raw: RawId)` / `struct CustomerId { let raw: RawId }` (`RawId` being
//! `Long` / `Int64`, see [`crate::numbers`]), a distinct type the compiler keeps apart. The records
//! cost nothing on the wire (a record of one number is serialised as that number), so ids are
//! records. A negative id, or one above 4,294,967,295 (the core's ids are `u32`), is refused with
//! `NumberOutOfRange` before the call does anything.

use crate::convert::{mirror, Convert};
use crate::error::Wire;
use crate::numbers::RawId;
use vastuu::{Detail, Id as _};

/// The id records, one per kind of entity (`Kind: IdType, "the kind's documentation"`), their
/// conversions, and [`EntityRef`], which names an entity of any kind by its id.
macro_rules! ids {
    ($($(#[doc = $doc:literal])* $kind:ident: $name:ident, $kind_doc:literal;)*) => {
        $(
            $(#[doc = $doc])*
            #[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub struct $name {
                /// The number the library assigned (from 1, never reused).
                pub raw: RawId,
            }

            impl From<vastuu::$name> for $name {
                fn from(id: vastuu::$name) -> Self {
                    $name { raw: RawId(id.get()) }
                }
            }

            impl From<$name> for vastuu::$name {
                fn from(id: $name) -> Self {
                    vastuu::$name::from_raw(id.raw.0)
                }
            }

            impl Convert<$name> for vastuu::$name {
                fn convert(self) -> $name {
                    self.into()
                }
            }

            impl Convert<vastuu::$name> for $name {
                fn convert(self) -> vastuu::$name {
                    self.into()
                }
            }

            impl From<$name> for EntityRef {
                fn from(id: $name) -> Self {
                    EntityRef::$kind { id }
                }
            }

            impl Wire for $name {
                fn from_detail(detail: Detail) -> Option<Self> {
                    match EntityRef::from_detail(detail)? {
                        EntityRef::$kind { id } => Some(id),
                        _ => None,
                    }
                }
                fn to_detail(&self) -> Detail {
                    EntityRef::from(*self).to_detail()
                }
            }
        )*

        /// A reference to any entity: its kind and its typed id.
        #[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum EntityRef {
            $(
                #[doc = $kind_doc]
                $kind {
                    /// Its id.
                    id: $name,
                },
            )*
        }

        mirror!(both vastuu::EntityRef => EntityRef { $($kind(id)),* });
    };
}

ids! {
    /// Id of an [`Employee`](crate::Employee).
    Employee: EmployeeId, "An employee.";
    /// Id of a [`Team`](crate::Team).
    Team: TeamId, "A team.";
    /// Id of a [`Role`](crate::Role).
    Role: RoleId, "A role.";
    /// Id of a [`Customer`](crate::Customer).
    Customer: CustomerId, "A customer.";
    /// Id of a [`Project`](crate::Project).
    Project: ProjectId, "A project.";
    /// Id of a [`CustomerGroup`](crate::CustomerGroup).
    CustomerGroup: CustomerGroupId, "A customer group.";
    /// Id of a [`SpecialGroup`](crate::SpecialGroup).
    SpecialGroup: SpecialGroupId, "A special group.";
}

/// The kinds of entity the library stores.
pub type EntityKind = vastuu::EntityKind;

/// The kinds of entity the library stores.
#[uniffi::remote(Enum)]
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

/// What a responsibility is for: a customer or one of its projects.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A customer.
    Customer {
        /// The customer.
        id: CustomerId,
    },
    /// A project.
    Project {
        /// The project.
        id: ProjectId,
    },
}

mirror!(both vastuu::Subject => Subject { Customer(id), Project(id) });

//! The [`Directory`] object: one core directory shared by every thread of the host, through the
//! host layer's [`SharedDirectory`]. The other modules add their calls to it: with `calls!`
//! the calls that only convert, in `#[uniffi::export] impl Directory` blocks the others.

use crate::error::Result;
use crate::numbers::{Count, Seed};
use std::sync::Arc;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu_host::{Convert, SharedDirectory, ThreadOwner, Token};

/// The customer responsibility directory. Safe to share between threads: it is a
/// [`SharedDirectory`] of the host layer, which lets reads in together and mutations alone, so
/// each call sees the effects of the ones before it.
///
/// Every mutation is validated first, then handed to the store as one change set, and applied in
/// memory only when the store accepted it. A call that fails has changed nothing.
///
/// A directory opened on a file or SQLite store keeps the store locked until it is closed
/// ([`Directory::close_store`], or in Kotlin `close()`/`use {}`, which frees the whole object).
#[derive(uniffi::Object)]
pub struct Directory {
    host: SharedDirectory,
    memory: Option<vastuu::MemoryStore>,
    /// The thread that began the open transaction: that thread's calls run inside it (see
    /// [`crate::transactions`]).
    pub(crate) owner: ThreadOwner,
}

/// Sizes of a generated demo directory (see [`Directory::generated`]).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GeneratedSize {
    /// 300 customers, 40 employees, 400 projects, 1,200 responsibilities.
    Small,
    /// 100,000 customers, 2,000 employees, 200,000 projects, 500,000 responsibilities.
    Benchmark,
}

impl Directory {
    fn in_memory(build: impl FnOnce(vastuu::MemoryStore) -> vastuu::Result<vastuu::Directory>) -> Result<Self> {
        let store = vastuu::MemoryStore::new();
        let dir = vastuu_host::guarded(|| build(store.clone()))?;
        Ok(Directory::wrap(dir, Some(store)))
    }

    /// Wraps a core directory opened on a persistent store.
    pub(crate) fn persistent(open: impl FnOnce() -> vastuu::Result<vastuu::Directory>) -> Result<Arc<Self>> {
        let dir = vastuu_host::guarded(open)?;
        Ok(Arc::new(Directory::wrap(dir, None)))
    }

    fn wrap(dir: vastuu::Directory, memory: Option<vastuu::MemoryStore>) -> Self {
        Directory { host: SharedDirectory::new(dir), memory, owner: ThreadOwner::default() }
    }

    /// The token the calling thread's calls carry (see [`ThreadOwner::caller`]).
    pub(crate) fn caller(&self) -> Option<Token> {
        self.owner.caller()
    }

    /// The shared directory (for the exports).
    pub(crate) fn host(&self) -> &SharedDirectory {
        &self.host
    }

    /// Runs a read that cannot fail.
    pub(crate) fn read<R>(&self, f: impl FnOnce(&vastuu::Directory) -> R) -> Result<R> {
        self.try_read(|d| Ok(f(d)))
    }

    /// Runs a fallible read, converting the error.
    pub(crate) fn try_read<R>(&self, f: impl FnOnce(&vastuu::Directory) -> vastuu::Result<R>) -> Result<R> {
        Ok(self.host.read(self.caller(), f)?)
    }

    /// Runs a mutation, converting the error.
    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut vastuu::Directory) -> vastuu::Result<R>) -> Result<R> {
        Ok(self.host.write(self.caller(), f)?)
    }
}

/// Calls that only convert: each forwards to the core method of the same name, its arguments
/// and result converted with [`Convert`](crate::convert::Convert). A `read` cannot fail and a `list` reads
/// a sequence; a `try_read` or a `write` can fail, as its `throws` clause says (the documentation
/// lists it under "Errors").
macro_rules! calls {
    ($(
        $(#[$($attr:tt)*])*
        $access:ident $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)? $(, throws $($errors:literal)+)?;
    )*) => {$(
        $crate::directory::calls!(
            @method [$(#[$($attr)*])*] [$($($errors)+)?] $access $name($($arg: $ty),*) [$($ret)?]
        );
    )*};
    (@method $attrs:tt $errors:tt $access:ident $name:ident $args:tt []) => {
        $crate::directory::calls!(@method $attrs $errors $access $name $args [()]);
    };
    (@method [$($attr:tt)*] [$($errors:tt)+] $access:ident $name:ident $args:tt $ret:tt) => {
        $crate::directory::calls!(
            @method [$($attr)* #[doc = ""] #[doc = "# Errors"] $(#[doc = $errors])+] [] $access $name $args $ret
        );
    };
    (@method [$($attr:tt)*] [] $access:ident $name:ident($($arg:ident: $ty:ty),*) [$ret:ty]) => {
        #[uniffi::export]
        impl Directory {
            $($attr)*
            pub fn $name(&self, $($arg: $ty),*) -> $crate::error::Result<$ret> {
                use $crate::convert::Convert;
                $crate::directory::calls!(@$access self.$name($($arg.convert()),*))
            }
        }
    };
    (@read $s:ident.$name:ident($($arg:expr),*)) => { $s.read(|d| d.$name($($arg),*).convert()) };
    (@list $s:ident.$name:ident($($arg:expr),*)) => { $s.read(|d| d.$name($($arg),*).map(Convert::convert).collect()) };
    (@try_read $s:ident.$name:ident($($arg:expr),*)) => { $s.try_read(|d| d.$name($($arg),*).map(Convert::convert)) };
    (@write $s:ident.$name:ident($($arg:expr),*)) => { $s.write(|d| d.$name($($arg),*).map(Convert::convert)) };
}
pub(crate) use calls;

#[uniffi::export]
impl Directory {
    /// An empty directory, kept in memory.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        let dir = Directory::in_memory(vastuu::Directory::with_store)
            .unwrap_or_else(|_| Directory::wrap(vastuu::Directory::new(), None));
        Arc::new(dir)
    }

    /// A directory filled with seeded, deterministic demo data (the same seed gives the same
    /// data), kept in memory. For demos, tests and measurements.
    ///
    /// # Errors
    /// None in practice: the generated data obeys every rule.
    #[uniffi::constructor]
    pub fn generated(seed: Seed, size: GeneratedSize) -> Result<Arc<Self>> {
        let config = match size {
            GeneratedSize::Small => GeneratorConfig::small(),
            GeneratedSize::Benchmark => GeneratorConfig::benchmark(),
        }
        .with_seed(seed.0);
        let data = generate(&config);
        Ok(Arc::new(Directory::in_memory(|store| vastuu::Directory::from_data_in(data, store))?))
    }

    /// Names who makes the following mutations (recorded in their change sets); `null`/`nil`
    /// clears it.
    ///
    /// # Errors
    /// `InvalidText` for a blank, over-long or control-character actor.
    pub fn set_actor(&self, actor: Option<String>) -> Result<()> {
        self.write(|d| d.set_actor(actor.as_deref()))
    }

    /// A testing aid for hosts: makes the next `count` commits of this in-memory directory fail
    /// with `VastuuError.Store`, so the host can check how it handles a failed save. The failed
    /// mutations change nothing.
    ///
    /// # Errors
    /// `NumberOutOfRange` for a negative `count` (as every call that takes a number; see
    /// [`crate::numbers`]).
    pub fn fail_next_commits(&self, count: Count) -> Result<()> {
        if let Some(store) = &self.memory {
            store.fail_next_commits(count.0);
        }
        Ok(())
    }

    /// A testing aid for hosts: makes the next call that reaches the core panic inside the
    /// library's panic boundary, as a bug would, so the host can check what its users see. The
    /// call throws `DirectoryPoisoned`, and so does every later call until the store is opened
    /// again.
    pub fn panic_next_call(&self) {
        self.host.panic_next_call();
    }

    /// How many entities of each kind the directory holds.
    ///
    /// # Errors
    /// `DirectoryClosed`.
    pub fn counts(&self) -> Result<Counts> {
        self.read(|d| Counts {
            employees: d.employees().count().convert(),
            teams: d.teams().count().convert(),
            roles: d.roles().count().convert(),
            customers: d.customers().count().convert(),
            projects: d.projects().count().convert(),
            customer_groups: d.customer_groups().count().convert(),
            special_groups: d.special_groups().count().convert(),
        })
    }
}

/// How many entities of each kind a directory holds.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Counts {
    /// Employees (active or not).
    pub employees: Count,
    /// Teams.
    pub teams: Count,
    /// Roles.
    pub roles: Count,
    /// Customers (archived ones included).
    pub customers: Count,
    /// Projects (archived ones included).
    pub projects: Count,
    /// Customer groups.
    pub customer_groups: Count,
    /// Special groups.
    pub special_groups: Count,
}

calls! {
    /// Checks every rule of the data model against the current state.
    try_read check_integrity(), throws "The first broken rule.";
    /// The current actor.
    read actor() -> Option<String>, throws "`DirectoryClosed`.";
}

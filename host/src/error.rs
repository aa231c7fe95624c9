//! The host's error: a core error, or one of the host's own refusals, each with a kind.

use std::fmt;

/// Why a call on a [`SharedDirectory`](crate::SharedDirectory) failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The core refused the call (its message is the core's).
    Core(vastuu::Error),
    /// The directory was closed; every call on it fails this way.
    Closed,
    /// The directory was opened in process `opened_in`, and this process, `used_in`, was forked
    /// from it: the directory is closed here (see
    /// [`SharedDirectory::close_after_fork`](crate::SharedDirectory::close_after_fork)). Its
    /// kind is [`Kind::Closed`].
    ClosedAfterFork {
        /// The process that opened the directory (the parent).
        opened_in: u32,
        /// This process (the forked child).
        used_in: u32,
    },
    /// The calling thread is inside a call on a directory already (an export's progress
    /// callback): waiting for the directory there could never end.
    Reentered,
    /// An earlier call panicked, so the directory's state may not match its store; it was
    /// dropped, and every call fails this way until the store is opened again.
    Poisoned {
        /// The panic's message.
        message: String,
    },
    /// A panic outside any directory (while opening one, or generating data).
    Panicked {
        /// The panic's message.
        message: String,
    },
    /// A transaction of another token is open and was begun or used on this thread: waiting
    /// here for it to end would block what has to end it.
    TransactionBusy,
    /// A transaction was ended out of turn.
    TransactionMisuse(Misuse),
}

/// How a transaction was ended out of turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Misuse {
    /// The transaction is not open (it ended, was rolled back when abandoned, or the directory
    /// was closed).
    NotOpen,
    /// A transaction begun inside it is still open.
    InnerOpen,
}

/// The kind of an [`Error`]: the core's kinds and the host's own. Exhaustive, so a binding
/// mapping kinds fails to compile when either side gains one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A core error of this kind.
    Core(vastuu::ErrorKind),
    /// [`Error::Closed`] and [`Error::ClosedAfterFork`].
    Closed,
    /// [`Error::Reentered`].
    Reentered,
    /// [`Error::Poisoned`].
    Poisoned,
    /// [`Error::Panicked`].
    Panicked,
    /// [`Error::TransactionBusy`].
    TransactionBusy,
    /// [`Error::TransactionMisuse`].
    TransactionMisuse,
}

impl Kind {
    /// The kind's stable code: the core's [`code`](vastuu::ErrorKind::code), or the host's own.
    pub const fn code(self) -> &'static str {
        match self {
            Kind::Core(kind) => kind.code(),
            Kind::Closed => "directory_closed",
            Kind::Reentered => "called_from_callback",
            Kind::Poisoned => "directory_poisoned",
            Kind::Panicked => "internal_error",
            Kind::TransactionBusy => "transaction_busy",
            Kind::TransactionMisuse => "transaction_misuse",
        }
    }
}

impl Error {
    /// The error's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Error::Core(error) => Kind::Core(error.kind()),
            Error::Closed | Error::ClosedAfterFork { .. } => Kind::Closed,
            Error::Reentered => Kind::Reentered,
            Error::Poisoned { .. } => Kind::Poisoned,
            Error::Panicked { .. } => Kind::Panicked,
            Error::TransactionBusy => Kind::TransactionBusy,
            Error::TransactionMisuse(_) => Kind::TransactionMisuse,
        }
    }

    /// The values the error carries (see [`vastuu::Error::details`]); the panic message of
    /// `Poisoned` and `Panicked` as `message`.
    pub fn details(&self) -> vastuu::Details {
        match self {
            Error::Core(error) => error.details(),
            Error::Poisoned { message } | Error::Panicked { message } => {
                vec![("message", vastuu::Detail::Text(message.clone()))]
            }
            Error::ClosedAfterFork { opened_in, used_in } => vec![
                ("opened_in", vastuu::Detail::Number(u64::from(*opened_in))),
                ("used_in", vastuu::Detail::Number(u64::from(*used_in))),
            ],
            Error::Closed | Error::Reentered | Error::TransactionBusy | Error::TransactionMisuse(_) => vec![],
        }
    }
}

impl From<vastuu::Error> for Error {
    fn from(error: vastuu::Error) -> Self {
        Error::Core(error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Core(error) => error.fmt(f),
            Error::Closed => f.write_str("the directory is closed"),
            Error::ClosedAfterFork { opened_in, used_in } => write!(
                f,
                "the directory is closed in this process ({used_in}): it was opened in the parent process \
                 ({opened_in}), and a forked process must not use its parent's store; open the store again here"
            ),
            Error::Reentered => f.write_str("a directory cannot be called from an export's progress callback"),
            Error::Poisoned { message } => write!(
                f,
                "the directory is unusable after an internal error ({message}); open its store again to continue"
            ),
            Error::Panicked { message } => write!(f, "internal error in vastuu: {message}"),
            Error::TransactionBusy => f.write_str(
                "a transaction of another caller on this thread is open (another task or context); waiting here \
                 for it to end would never end",
            ),
            Error::TransactionMisuse(Misuse::NotOpen) => f.write_str("the transaction is not open"),
            Error::TransactionMisuse(Misuse::InnerOpen) => {
                f.write_str("a transaction opened inside this one is still open; end that one first")
            }
        }
    }
}

impl std::error::Error for Error {}

/// The error of a host call that runs a binding's own code (the body of
/// [`SharedDirectory::run_transaction`](crate::SharedDirectory::run_transaction)): the host's, or
/// the one that code returned.
#[derive(Debug)]
pub enum Failure<E> {
    /// The directory or the core refused.
    Host(Error),
    /// The binding's code failed with this error.
    Body(E),
}

impl<E> From<Error> for Failure<E> {
    fn from(error: Error) -> Self {
        Failure::Host(error)
    }
}

/// Result of the host's calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `message` with the first decimal number `number` that stands alone (no digit or minus sign
/// beside it) written as `shown`: for a binding that handed the core a number other than the one
/// its caller gave (one the core could not even be given), so the message names the number as
/// given.
///
/// ```
/// let message = "customer number 18446744073709551615 is outside 1..=999999999999999";
/// assert_eq!(
///     vastuu_host::with_number_shown(message, "18446744073709551615", "10**30"),
///     "customer number 10**30 is outside 1..=999999999999999"
/// );
/// ```
pub fn with_number_shown(message: &str, number: &str, shown: &str) -> String {
    let bytes = message.as_bytes();
    let mut from = 0;
    while let Some(found) = message.get(from..).and_then(|rest| rest.find(number)) {
        let at = from + found;
        let end = at + number.len();
        let alone = |i: Option<&u8>| i.is_none_or(|b| !b.is_ascii_digit() && *b != b'-');
        if alone(at.checked_sub(1).and_then(|i| bytes.get(i))) && alone(bytes.get(end)) {
            return format!("{}{}{}", &message[..at], shown, &message[end..]);
        }
        from = end;
    }
    message.to_owned()
}

//! The command's errors: the core's typed errors (shown with their own messages), and what the
//! command itself refuses.

use std::fmt;

/// Why a command failed (exit status 2).
#[derive(Debug)]
pub(crate) enum CliError {
    /// The library refused or failed; its message names the ids and values at fault.
    Core(vastuu::Error),
    /// The arguments do not make sense together, or name nothing.
    Usage(String),
    /// Writing the output failed.
    Output(std::io::Error),
}

impl CliError {
    /// A usage error with this message.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// Whether the output's reader went away (`vastuu … | head`): nothing to tell anyone.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Core(e) => write!(f, "{e}"),
            CliError::Usage(message) => f.write_str(message),
            CliError::Output(e) => write!(f, "writing the output failed: {e}"),
        }
    }
}

impl From<vastuu::Error> for CliError {
    fn from(e: vastuu::Error) -> Self {
        CliError::Core(e)
    }
}

impl From<vastuu::StoreError> for CliError {
    fn from(e: vastuu::StoreError) -> Self {
        CliError::Core(vastuu::Error::Store(e))
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Output(e)
    }
}

/// The command's results.
pub(crate) type Result<T> = std::result::Result<T, CliError>;

//! Validation and normalisation of names and other text fields.

use crate::error::{Error, Field, Result, TextProblem};

/// Longest allowed name, in characters.
pub const MAX_NAME_LEN: usize = 200;
/// Longest allowed description, in characters.
pub const MAX_DESCRIPTION_LEN: usize = 2000;
/// Longest allowed email address, in characters.
pub const MAX_EMAIL_LEN: usize = 254;

fn invalid(field: Field, value: &str, problem: TextProblem) -> Error {
    Error::InvalidText { field, value: value.to_owned(), problem }
}

fn check(field: Field, raw: &str, max: usize, allow_newlines: bool) -> Result<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(invalid(field, raw, TextProblem::Empty));
    }
    let mut len = 0;
    for (at, c) in trimmed.chars().enumerate() {
        let allowed_control = allow_newlines && (c == '\n' || c == '\t');
        if c.is_control() && !allowed_control {
            return Err(invalid(field, raw, TextProblem::ControlCharacter { at }));
        }
        len = at + 1;
    }
    if len > max {
        return Err(invalid(field, raw, TextProblem::TooLong { len, max }));
    }
    Ok(trimmed.to_owned())
}

/// A required name: trimmed, non-empty, at most [`MAX_NAME_LEN`] characters, no control characters.
pub(crate) fn name(field: Field, raw: &str) -> Result<String> {
    check(field, raw, MAX_NAME_LEN, false)
}

/// An optional single-line text: `None` or blank means "not set".
pub(crate) fn optional_line(field: Field, raw: Option<&str>) -> Result<Option<String>> {
    match raw {
        Some(s) if !s.trim().is_empty() => check(field, s, MAX_NAME_LEN, false).map(Some),
        _ => Ok(None),
    }
}

/// An optional description: may span lines, at most [`MAX_DESCRIPTION_LEN`] characters.
pub(crate) fn optional_description(raw: Option<&str>) -> Result<Option<String>> {
    match raw {
        Some(s) if !s.trim().is_empty() => check(Field::Description, s, MAX_DESCRIPTION_LEN, true).map(Some),
        _ => Ok(None),
    }
}

/// An optional email address: one `@` with text on both sides, no whitespace.
pub(crate) fn optional_email(raw: Option<&str>) -> Result<Option<String>> {
    let Some(s) = raw else { return Ok(None) };
    if s.trim().is_empty() {
        return Ok(None);
    }
    let value = check(Field::Email, s, MAX_EMAIL_LEN, false)?;
    let mut parts = value.split('@');
    let ok = match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty() && !domain.is_empty() && !value.chars().any(char::is_whitespace)
        }
        _ => false,
    };
    if ok {
        Ok(Some(value))
    } else {
        Err(invalid(Field::Email, s, TextProblem::NotAnEmail))
    }
}

/// The key under which names are compared for uniqueness: case-insensitive.
pub(crate) fn fold(name: &str) -> String {
    name.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(name(Field::TeamName, "  Huolto ").unwrap(), "Huolto");
        assert!(matches!(name(Field::TeamName, "   "), Err(Error::InvalidText { problem: TextProblem::Empty, .. })));
        let long = "ä".repeat(201);
        assert!(matches!(
            name(Field::TeamName, &long),
            Err(Error::InvalidText { problem: TextProblem::TooLong { len: 201, max: 200 }, .. })
        ));
        assert!(name(Field::TeamName, &"ä".repeat(200)).is_ok());
        assert!(matches!(
            name(Field::TeamName, "a\u{7}b"),
            Err(Error::InvalidText { problem: TextProblem::ControlCharacter { at: 1 }, .. })
        ));
        assert!(name(Field::TeamName, "a\nb").is_err());
        assert_eq!(optional_description(Some("a\nb")).unwrap().as_deref(), Some("a\nb"));
    }

    #[test]
    fn emails() {
        assert_eq!(optional_email(Some(" matti@example.fi ")).unwrap().as_deref(), Some("matti@example.fi"));
        assert_eq!(optional_email(Some("  ")).unwrap(), None);
        for bad in ["matti", "@x", "x@", "a@b@c", "ma tti@x.fi"] {
            assert!(matches!(optional_email(Some(bad)), Err(Error::InvalidText { field: Field::Email, .. })), "{bad}");
        }
    }
}

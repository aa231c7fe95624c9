//! Text rules of the specification, written out again: names are trimmed, non-empty, at most
//! 200 characters and free of control characters; emails have one `@` with text on both sides
//! and no spaces; descriptions may span lines and are at most 2,000 characters.

use vastuu::{Error, Field, TextProblem};

fn invalid(field: Field, raw: &str, problem: TextProblem) -> Error {
    Error::InvalidText { field, value: raw.to_owned(), problem }
}

fn checked(field: Field, raw: &str, max: usize, newlines: bool) -> Result<String, Error> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(invalid(field, raw, TextProblem::Empty));
    }
    let chars: Vec<char> = trimmed.chars().collect();
    for (at, c) in chars.iter().enumerate() {
        let allowed = newlines && (*c == '\n' || *c == '\t');
        if c.is_control() && !allowed {
            return Err(invalid(field, raw, TextProblem::ControlCharacter { at }));
        }
    }
    if chars.len() > max {
        return Err(invalid(field, raw, TextProblem::TooLong { len: chars.len(), max }));
    }
    Ok(trimmed.to_owned())
}

/// A required name.
pub fn name(field: Field, raw: &str) -> Result<String, Error> {
    checked(field, raw, 200, false)
}

/// An optional one-line text: missing or blank is "not set".
pub fn optional_line(field: Field, raw: Option<&str>) -> Result<Option<String>, Error> {
    match raw {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => checked(field, s, 200, false).map(Some),
    }
}

/// An optional description.
pub fn optional_description(raw: Option<&str>) -> Result<Option<String>, Error> {
    match raw {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => checked(Field::Description, s, 2000, true).map(Some),
    }
}

/// An optional email address.
pub fn optional_email(raw: Option<&str>) -> Result<Option<String>, Error> {
    let Some(s) = raw else { return Ok(None) };
    if s.trim().is_empty() {
        return Ok(None);
    }
    let value = checked(Field::Email, s, 254, false)?;
    let at_signs = value.chars().filter(|c| *c == '@').count();
    let has_space = value.chars().any(char::is_whitespace);
    let ok = at_signs == 1 && !value.starts_with('@') && !value.ends_with('@') && !has_space;
    if ok {
        Ok(Some(value))
    } else {
        Err(invalid(Field::Email, s, TextProblem::NotAnEmail))
    }
}

/// Whether two names are the same for uniqueness: compared case-insensitively.
pub fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

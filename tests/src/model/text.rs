//! Text rules of the specification, written out again: names are trimmed, NFC-normalised,
//! non-empty, at most 200 characters and free of control characters, bidirectional controls,
//! zero-width characters and line separators; emails have one `@` with text on both sides and no
//! spaces; descriptions may span lines and are at most 2,000 characters. Names are the same
//! when their NFKC-normalised lower-cased forms are.

use unicode_normalization::UnicodeNormalization;
use vastuu::{Error, Field, TextProblem};

fn invalid(field: Field, raw: &str, problem: TextProblem) -> Error {
    // The library's own constructor: how it shortens a long value is not a rule of the model.
    Error::invalid_text(field, raw, problem)
}

/// The problem with character `c` at `at`, if any.
fn problem_of(c: char, at: usize, newlines: bool) -> Option<TextProblem> {
    let bidi = ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}']
        .into_iter()
        .chain(['\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}']);
    let zero_width = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];
    if newlines && (c == '\n' || c == '\t') {
        None
    } else if c.is_control() {
        Some(TextProblem::ControlCharacter { at })
    } else if bidi.into_iter().any(|b| b == c) {
        Some(TextProblem::BidiControl { at })
    } else if zero_width.contains(&c) {
        Some(TextProblem::ZeroWidth { at })
    } else if c == '\u{2028}' || c == '\u{2029}' {
        Some(TextProblem::LineSeparator { at })
    } else {
        None
    }
}

fn checked(field: Field, raw: &str, max: usize, newlines: bool) -> Result<String, Error> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(invalid(field, raw, TextProblem::Empty));
    }
    for (at, c) in trimmed.chars().enumerate() {
        if let Some(problem) = problem_of(c, at, newlines) {
            return Err(invalid(field, raw, problem));
        }
    }
    let chars: Vec<char> = trimmed.nfc().collect();
    if chars.len() > max {
        return Err(invalid(field, raw, TextProblem::TooLong { len: chars.len(), max }));
    }
    Ok(chars.into_iter().collect())
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

/// An optional external id: one line of at most 200 characters; missing or blank is "not set".
pub fn optional_external_id(raw: Option<&str>) -> Result<Option<String>, Error> {
    optional_line(Field::ExternalId, raw)
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

/// The form names are compared in for uniqueness: NFKC, lower-cased.
pub fn name_key(name: &str) -> String {
    name.nfkc().collect::<String>().to_lowercase().nfkc().collect()
}

/// Whether two names are the same for uniqueness.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

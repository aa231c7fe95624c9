//! Validation and normalisation of names and other text fields.
//!
//! Every accepted text is trimmed and NFC-normalised (Unicode Normalization Form C: a letter and
//! its combining accent become the one precomposed character, so `"a\u{308}"` is stored as `"ä"`)
//! before it is stored. Refused, each with the character position of the first one: control
//! characters (descriptions may hold line feeds and tabs), bidirectional overrides, isolates and
//! marks (which can make a name display as something else), zero-width characters (which make
//! names that look the same differ) and the line and paragraph separators U+2028 and U+2029.
//!
//! Names are unique by [`fold`]: the NFKC-normalised, lower-cased form, so names that differ
//! only in case or in compatibility forms (full-width letters, ligatures such as `ﬁ`,
//! superscripts) are the same name.

use crate::error::{Error, Field, Result, TextProblem};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Longest allowed name, in characters.
pub const MAX_NAME_LEN: usize = 200;
/// Longest allowed description, in characters.
pub const MAX_DESCRIPTION_LEN: usize = 2000;
/// Longest allowed email address, in characters.
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest allowed external id (a host system's key), in characters.
pub const MAX_EXTERNAL_ID_LEN: usize = 200;

fn invalid(field: Field, value: &str, problem: TextProblem) -> Error {
    Error::invalid_text(field, value, problem)
}

/// What is wrong with a character of a text, if anything (`newlines`: line feeds and tabs are
/// allowed).
fn refused(c: char, at: usize, newlines: bool) -> Option<TextProblem> {
    match c {
        '\n' | '\t' if newlines => None,
        // Bidirectional embeddings and overrides, isolates, and the left-to-right,
        // right-to-left and Arabic letter marks.
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => {
            Some(TextProblem::BidiControl { at })
        }
        // Zero-width space, non-joiner and joiner, word joiner, and the zero-width no-break space
        // (byte order mark).
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Some(TextProblem::ZeroWidth { at }),
        '\u{2028}' | '\u{2029}' => Some(TextProblem::LineSeparator { at }),
        c if c.is_control() => Some(TextProblem::ControlCharacter { at }),
        _ => None,
    }
}

/// Trims, checks and NFC-normalises a text. Positions count characters of the trimmed text as
/// given; the length is that of the normalised text (what is stored).
fn check(field: Field, raw: &str, max: usize, allow_newlines: bool) -> Result<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(invalid(field, raw, TextProblem::Empty));
    }
    // Text of characters below U+0300 none of which is refused (ASCII, Latin-1 and the Latin
    // extensions: every Finnish and Swedish name typed on a keyboard) is NFC as it is: no
    // combining marks, nothing that composes. It is checked and counted in one pass.
    if let Some(len) = plain_len(trimmed, allow_newlines) {
        return match len {
            len if len > max => Err(invalid(field, raw, TextProblem::TooLong { len, max })),
            _ => Ok(trimmed.to_owned()),
        };
    }
    check_any(field, raw, trimmed, max, allow_newlines)
}

/// The number of characters of `text` when every one is below U+0300 and none is refused
/// ([`refused`]: below U+0300 only control characters are); `None` otherwise.
fn plain_len(text: &str, newlines: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut at, mut chars) = (0, 0);
    while let Some(&b) = bytes.get(at) {
        match b {
            0..=0x7F if refused(char::from(b), 0, newlines).is_some() => return None,
            0..=0x7F => at += 1,
            // U+0080..U+02FF in two bytes; U+0080..U+009F (0xC2 0x80..0x9F) are control characters.
            0xC2 if bytes.get(at + 1).is_some_and(|next| *next < 0xA0) => return None,
            0xC2..=0xCB => at += 2,
            _ => return None,
        }
        chars += 1;
    }
    Some(chars)
}

/// [`check`] for any text (`trimmed`: `raw` trimmed, not empty).
fn check_any(field: Field, raw: &str, trimmed: &str, max: usize, allow_newlines: bool) -> Result<String> {
    if let Some(problem) = trimmed.chars().enumerate().find_map(|(at, c)| refused(c, at, allow_newlines)) {
        return Err(invalid(field, raw, problem));
    }
    // Text below U+0300 took the one pass in `check`; this text gets the quick check, and is
    // composed only when that is unsure.
    let normalised: String = match is_nfc_quick(trimmed.chars()) {
        IsNormalized::Yes => trimmed.to_owned(),
        IsNormalized::No | IsNormalized::Maybe => trimmed.nfc().collect(),
    };
    let len = normalised.chars().count();
    if len > max {
        return Err(invalid(field, raw, TextProblem::TooLong { len, max }));
    }
    Ok(normalised)
}

/// Whether a stored text keeps the rules every version of the library has had: trimmed,
/// non-empty, no control characters (but line feeds and tabs with `newlines`), at most `max`
/// characters. Stored data is checked with this, not with the stricter rules new text meets
/// (normalisation, bidirectional and zero-width characters), so a store written before those
/// rules still opens.
pub(crate) fn stored_text_ok(text: &str, max: usize, newlines: bool) -> bool {
    let allowed = |c: char| !c.is_control() || (newlines && (c == '\n' || c == '\t'));
    // An ASCII text is checked byte by byte; a text of at most `max` bytes has at most `max`
    // characters.
    let no_controls =
        if text.is_ascii() { text.bytes().all(|b| allowed(char::from(b))) } else { text.chars().all(allowed) };
    !text.is_empty() && text.trim() == text && no_controls && (text.len() <= max || text.chars().count() <= max)
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

/// An optional external id: one line of at most [`MAX_EXTERNAL_ID_LEN`] characters; `None` or
/// blank means "not set". Unlike names, external ids compare exactly (case-sensitively).
pub(crate) fn optional_external_id(raw: Option<&str>) -> Result<Option<String>> {
    match raw {
        Some(s) if !s.trim().is_empty() => check(Field::ExternalId, s, MAX_EXTERNAL_ID_LEN, false).map(Some),
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
    if email_shape_ok(&value) {
        Ok(Some(value))
    } else {
        Err(invalid(Field::Email, s, TextProblem::NotAnEmail))
    }
}

/// One `@` with text on both sides, no whitespace.
fn email_shape_ok(value: &str) -> bool {
    let mut parts = value.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty() && !domain.is_empty() && !value.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

/// Whether a stored email address keeps the rules every version of the library has had (see
/// [`stored_text_ok`]).
pub(crate) fn stored_email_ok(value: &str) -> bool {
    stored_text_ok(value, MAX_EMAIL_LEN, false) && email_shape_ok(value)
}

/// The key under which names are compared for uniqueness: the NFKC-normalised, lower-cased
/// form (normalised again, as lower-casing can undo a composition). It approximates Unicode's
/// `NFKC_Casefold` with [`str::to_lowercase`] in place of full case folding: names differing in
/// case or in compatibility forms (`ＡＢＣ`, `ﬁ`, `²`) collide, while `ß` and `ss` stay apart.
pub(crate) fn fold(name: &str) -> String {
    // ASCII and the Latin-1 letters (U+00C0 to U+00FF: ä, ö, å, é …) have no compatibility
    // forms, are NFC as they are, and lower-case within the same set: the key is the lower-cased
    // name (the common case, without the two normalisation passes).
    if name.chars().all(|c| c.is_ascii() || ('\u{C0}'..='\u{FF}').contains(&c)) {
        return name.to_lowercase();
    }
    let compatible: String = name.nfkc().collect();
    compatible.to_lowercase().nfkc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths of [`check`] and [`fold`] give what the full normalisation gives, for
    /// every character they take.
    #[test]
    fn the_fast_paths_agree_with_the_normalisation() {
        let slow_fold = |s: &str| -> String {
            let c: String = s.nfkc().collect();
            c.to_lowercase().nfkc().collect()
        };
        for c in (0u32..0x80).chain(0xC0..=0xFF).filter_map(char::from_u32) {
            for s in [format!("X{c}y"), format!("x{c}y{}", c.to_uppercase())] {
                assert_eq!(fold(&s), slow_fold(&s), "{c:?}");
            }
        }
        for c in (0u32..0x300).filter_map(char::from_u32) {
            let s = format!("a{c}");
            assert_eq!(s.nfc().collect::<String>(), s, "{c:?} is NFC as it is");
        }
    }

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
        assert_eq!(optional_email(Some("ma\u{308}tti@example.fi")).unwrap().as_deref(), Some("mätti@example.fi"));
        assert!(stored_email_ok("ma\u{308}tti@example.fi"), "a stored address is not normalised again");
        assert!(!stored_email_ok("matti"));
    }

    fn problem(raw: &str) -> TextProblem {
        match name(Field::CustomerName, raw) {
            Err(Error::InvalidText { problem, .. }) => problem,
            other => panic!("{raw:?} was accepted: {other:?}"),
        }
    }

    #[test]
    fn texts_are_nfc_normalised() {
        assert_eq!(name(Field::CustomerName, " A\u{308}ka\u{308}s ").unwrap(), "Äkäs");
        assert_eq!(name(Field::CustomerName, "Ǆ ﬁ").unwrap(), "Ǆ ﬁ", "NFC keeps compatibility forms");
        // The length counts the normalised text: 200 decomposed ä are 200 characters.
        assert_eq!(name(Field::CustomerName, &"a\u{308}".repeat(200)).unwrap(), "ä".repeat(200));
        let desc = optional_description(Some("rivi\nsarake\ta\u{30a}")).unwrap();
        assert_eq!(desc.as_deref(), Some("rivi\nsarake\tå"));
    }

    #[test]
    fn invisible_and_direction_characters_are_refused_with_their_position() {
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}'] {
            assert_eq!(problem(&format!("ab{c}c")), TextProblem::BidiControl { at: 2 }, "{c:?}");
        }
        for c in ['\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}'] {
            assert_eq!(problem(&format!(" x{c}")), TextProblem::BidiControl { at: 1 }, "{c:?}");
        }
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
            assert_eq!(problem(&format!("Oy{c}")), TextProblem::ZeroWidth { at: 2 }, "{c:?}");
        }
        assert_eq!(problem("a\u{2028}b"), TextProblem::LineSeparator { at: 1 });
        assert_eq!(problem("ab\u{2029}c"), TextProblem::LineSeparator { at: 2 });
        // Being whitespace, they are trimmed off the ends like spaces.
        assert_eq!(name(Field::CustomerName, "\u{2028}a\u{2029}").unwrap(), "a");
        // The first refused character is named, whichever kind it is.
        assert_eq!(problem("ä\u{7}\u{202E}"), TextProblem::ControlCharacter { at: 1 });
        for bad in ["a\u{2028}b", "a\u{202E}b", "a\u{200B}b"] {
            assert!(optional_description(Some(bad)).is_err(), "{bad:?}");
            assert!(optional_line(Field::LedgerAccount, Some(bad)).is_err(), "{bad:?}");
            assert!(optional_email(Some(&format!("{bad}@x.fi"))).is_err(), "{bad:?}");
        }
        // Characters that merely look unusual stay allowed.
        assert!(name(Field::CustomerName, "Oy\u{a0}Ab \u{3000} 😀 עברית").is_ok());
    }

    #[test]
    fn lookalike_names_fold_to_one_key() {
        assert_eq!(fold("ACME"), fold("acme"));
        assert_eq!(fold("ＡＣＭＥ"), fold("acme"), "full-width letters");
        assert_eq!(fold("ﬁnance"), fold("Finance"), "ligature");
        assert_eq!(fold("Ka\u{308}pa"), fold("KÄPA"), "decomposed and precomposed");
        assert_eq!(fold("Å"), fold("\u{212B}"), "the Ångström sign");
        assert_ne!(fold("Käpa"), fold("Kapa"), "ä is not a");
        assert_ne!(fold("Straße"), fold("Strasse"));
        assert_eq!(fold(&fold("ＡＢＣ")), fold("ＡＢＣ"), "folding twice changes nothing");
        assert_eq!(fold("ÅSA Öljynen"), "åsa öljynen");
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_check_gives_what_the_general_check_gives(
            raw in "[ -~\t\n\r\x00-\x1f\x7f\u{80}-\u{2ff}\u{300}-\u{36f}\u{200b}\u{2028}ä]{1,12}",
            max in 1usize..10,
            newlines: bool,
        ) {
            let trimmed = raw.trim();
            proptest::prop_assume!(!trimmed.is_empty());
            let fast = check(Field::CustomerName, &raw, max, newlines);
            let general = check_any(Field::CustomerName, &raw, trimmed, max, newlines);
            proptest::prop_assert_eq!(format!("{fast:?}"), format!("{general:?}"));
        }
    }

    #[test]
    fn stored_texts_keep_the_old_rules_only() {
        assert!(stored_text_ok("A\u{308}kä\u{200B}s", MAX_NAME_LEN, false), "written before normalisation");
        assert!(!stored_text_ok(" a", MAX_NAME_LEN, false));
        assert!(!stored_text_ok("", MAX_NAME_LEN, false));
        assert!(!stored_text_ok("a\u{7}", MAX_NAME_LEN, false));
        assert!(!stored_text_ok("a\nb", MAX_NAME_LEN, false));
        assert!(stored_text_ok("a\nb", MAX_DESCRIPTION_LEN, true));
        assert!(!stored_text_ok(&"x".repeat(201), MAX_NAME_LEN, false));
        assert!(stored_text_ok(&"ä".repeat(MAX_NAME_LEN), MAX_NAME_LEN, false), "counted in characters");
        assert!(!stored_text_ok(&"ä".repeat(MAX_NAME_LEN + 1), MAX_NAME_LEN, false));
        assert!(!stored_text_ok("ä\u{85}b", MAX_NAME_LEN, false), "a C1 control character");
        assert!(!stored_text_ok("a\u{7f}", MAX_NAME_LEN, false));
        assert!(stored_text_ok("a\tb", MAX_DESCRIPTION_LEN, true));
    }

    #[test]
    fn a_huge_bad_value_is_quoted_short() {
        let huge = "x".repeat(1_000_000);
        let err = name(Field::CustomerName, &huge).unwrap_err();
        let message = err.to_string();
        assert!(message.len() < 200, "{} bytes: {message}", message.len());
        assert!(message.contains("1,000,000 characters"), "{message}");
        let Error::InvalidText { value, problem, .. } = err else { panic!() };
        assert_eq!(problem, TextProblem::TooLong { len: 1_000_000, max: MAX_NAME_LEN });
        assert!(value.starts_with(&"x".repeat(64)), "{value}");
        assert!(value.chars().count() < 100, "{value}");
        // Cut on a character boundary.
        let emoji = "😀".repeat(100);
        let Err(Error::InvalidText { value, .. }) = name(Field::CustomerName, &format!("{emoji}\u{7}")) else {
            panic!()
        };
        assert!(value.starts_with(&"😀".repeat(64)) && value.contains('…'), "{value}");
        // A short value is quoted whole.
        let Err(Error::InvalidText { value, .. }) = name(Field::CustomerName, "a\u{7}") else { panic!() };
        assert_eq!(value, "a\u{7}");
    }
}

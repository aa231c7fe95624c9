//! Finnish/Swedish alphabetical order, used everywhere a list is sorted by name.
//!
//! The order is case-insensitive and follows the Finnish and Swedish alphabets:
//! `… x y z å ä ö`, so `ä` is a letter of its own after `å`, not a variant of `a`.
//! In detail, comparing two names character by character (after lower-casing):
//!
//! 1. whitespace sorts first, then punctuation and symbols (among themselves by code point),
//!    then digits `0`–`9`, then the letters `a`–`z`, `å`, `ä`, `ö`, then letters of other
//!    scripts (by code point);
//! 2. `w` is a letter of its own (not sorted as `v`), and digits compare one by one
//!    (`"10"` sorts before `"9"`);
//! 3. Latin letters with other diacritics sort as their base letter (`é` as `e`, `š` as `s`,
//!    `ž` as `z`), except `ü` as `y`, `æ` as `ä`, `ø` and `œ` as `ö` (the Swedish and Finnish
//!    convention), and `ß` as `ss`; combining marks written after a letter (decomposed input)
//!    give the same result as the composed letter;
//! 4. a name that is the beginning of another sorts first (`"Apu"` before `"Apu Oy"`).
//!
//! Names that are equal under these rules (`"apu"` and `"APU"`) are told apart by the id of
//! the entity they name, so every list has one total order.
//!
//! # Examples
//! ```
//! use vastuu::compare_names;
//! let mut names = vec!["Åland", "Äänekoski", "Öljy", "Zeta", "apu"];
//! names.sort_by(|a, b| compare_names(a, b));
//! assert_eq!(names, ["apu", "Zeta", "Åland", "Äänekoski", "Öljy"]);
//! ```

use std::cmp::Ordering;
use std::fmt;

const WHITESPACE: u8 = 0x01;
const SYMBOL: u8 = 0x02;
const DIGIT: u8 = 0x10;
const LETTER: u8 = 0x20;
const A_RING: u8 = LETTER + 26;
const A_UMLAUT: u8 = LETTER + 27;
const O_UMLAUT: u8 = LETTER + 28;
const OTHER: u8 = 0x40;

/// The precomputed collation key of a name: comparing two keys byte by byte gives the
/// Finnish/Swedish order of the names (see the [module documentation](self)).
///
/// The directory keeps one key per customer, project, employee and role name, so sorted views
/// never recompute them.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SortKey(Box<[u8]>);

impl SortKey {
    /// The key of a name.
    pub fn new(name: &str) -> SortKey {
        let mut out = Vec::with_capacity(name.len());
        let bytes = name.as_bytes();
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            // Most names are mostly ASCII: weighed byte by byte from a table.
            if b.is_ascii() {
                match ASCII_WEIGHTS[usize::from(b)] {
                    SYMBOL => push_wide(&mut out, SYMBOL, char::from(b)),
                    w => out.push(w),
                }
                at += 1;
                continue;
            }
            let mut chars = name[at..].chars();
            if let Some(c) = chars.next() {
                push_lowered(&mut out, c);
            }
            at = name.len() - chars.as_str().len();
        }
        SortKey(out.into_boxed_slice())
    }

    /// The key's bytes (for hosts that store keys themselves).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether the name of this key contains the name of `part`, compared as the order compares
    /// names: case-insensitively, other diacritics folded (`é` as `e`), but `å`, `ä`, `ö` letters
    /// of their own (`ä` does not match `a`). An empty `part` is contained in every key.
    ///
    /// # Examples
    /// ```
    /// use vastuu::SortKey;
    /// let name = SortKey::new("Äänekosken Kiinteistö Oy");
    /// assert!(name.contains(&SortKey::new("kiinteistö")));
    /// assert!(name.contains(&SortKey::new("ÄÄNE")));
    /// assert!(!name.contains(&SortKey::new("aane")));
    /// ```
    pub fn contains(&self, part: &SortKey) -> bool {
        memchr::memmem::find(&self.0, &part.0).is_some()
    }
}

impl fmt::Debug for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SortKey(")?;
        for b in self.0.iter() {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

/// Compares two names in Finnish/Swedish alphabetical order, case-insensitively.
///
/// Names equal under the collation compare [`Ordering::Equal`]; the views then order them by id.
pub fn compare_names(a: &str, b: &str) -> Ordering {
    SortKey::new(a).cmp(&SortKey::new(b))
}

/// A character outside the single-byte weights: its class byte, then its code point in three
/// 7-bit groups with the high bit set. Every byte after the class byte is >= 0x80 and every
/// single-byte weight and class byte is < 0x80, so a key never matches another key's bytes
/// starting in the middle of a character ([`SortKey::contains`]).
fn push_wide(out: &mut Vec<u8>, class: u8, c: char) {
    let cp = u32::from(c);
    out.push(class);
    for shift in [14, 7, 0] {
        out.push(0x80 | ((cp >> shift) & 0x7f) as u8);
    }
}

/// The one-byte weight of each ASCII character, the same as [`push_lowered`] gives it; [`SYMBOL`]
/// for the characters weighed by [`push_wide`] (punctuation, symbols, control characters).
const ASCII_WEIGHTS: [u8; 128] = {
    let mut table = [SYMBOL; 128];
    let mut b = 0;
    while b < 128 {
        table[b as usize] = match b {
            b'a'..=b'z' => LETTER + (b - b'a'),
            b'A'..=b'Z' => LETTER + (b - b'A'),
            b'0'..=b'9' => DIGIT + (b - b'0'),
            // The ASCII characters `char::is_whitespace` accepts.
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => WHITESPACE,
            _ => SYMBOL,
        };
        b += 1;
    }
    table
};

/// The weights of any character: lower-cased, a combining mark folded into the letter before it.
fn push_lowered(out: &mut Vec<u8>, c: char) {
    // The Finnish and Swedish letters, the most common characters outside ASCII here.
    match c {
        'å' | 'Å' => return out.push(A_RING),
        'ä' | 'Ä' => return out.push(A_UMLAUT),
        'ö' | 'Ö' => return out.push(O_UMLAUT),
        _ => {}
    }
    for lower in c.to_lowercase() {
        if is_combining_mark(lower) {
            combine(out, lower);
        } else {
            push_char(out, lower);
        }
    }
}

fn letter(c: u8) -> u8 {
    LETTER + (c - b'a')
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let base = match c {
        'a'..='z' => Some(letter(c as u8)),
        '0'..='9' => {
            out.push(DIGIT + (c as u8 - b'0'));
            return;
        }
        'å' => Some(A_RING),
        'ä' | 'æ' => Some(A_UMLAUT),
        'ö' | 'ø' | 'œ' => Some(O_UMLAUT),
        'ü' | 'ű' | 'ý' | 'ÿ' => Some(letter(b'y')),
        'ß' => {
            out.push(letter(b's'));
            out.push(letter(b's'));
            return;
        }
        _ => latin_base(c).map(letter),
    };
    match base {
        Some(w) => out.push(w),
        None if c.is_whitespace() => out.push(WHITESPACE),
        None if c.is_alphanumeric() => push_wide(out, OTHER, c),
        None => push_wide(out, SYMBOL, c),
    }
}

/// The base letter of a lower-case Latin letter with a diacritic, for those not handled above.
fn latin_base(c: char) -> Option<u8> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ā' | 'ă' | 'ą' => b'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => b'c',
        'ď' | 'đ' | 'ð' => b'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => b'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => b'g',
        'ĥ' | 'ħ' => b'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => b'i',
        'ĵ' => b'j',
        'ķ' => b'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => b'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => b'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ō' | 'ŏ' | 'ő' => b'o',
        'ŕ' | 'ŗ' | 'ř' => b'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => b's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => b't',
        'ù' | 'ú' | 'û' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ų' => b'u',
        'ŵ' => b'w',
        'ŷ' => b'y',
        'ź' | 'ż' | 'ž' => b'z',
        _ => return None,
    })
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// A combining mark after a letter: ring above on `a` gives `å`, diaeresis on `a`/`o`/`u`
/// gives `ä`/`ö`/`y`; any other mark leaves the letter as it is.
fn combine(out: &mut [u8], mark: char) {
    let Some(last) = out.last_mut() else { return };
    *last = match (mark, *last) {
        ('\u{030A}', w) if w == letter(b'a') => A_RING,
        ('\u{0308}', w) if w == letter(b'a') => A_UMLAUT,
        ('\u{0308}', w) if w == letter(b'o') => O_UMLAUT,
        ('\u{0308}', w) if w == letter(b'u') => letter(b'y'),
        (_, w) => w,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key character by character, without the ASCII shortcut.
    fn reference(name: &str) -> SortKey {
        let mut out = Vec::new();
        name.chars().for_each(|c| push_lowered(&mut out, c));
        SortKey(out.into_boxed_slice())
    }

    #[test]
    fn every_ascii_character_weighs_as_without_the_shortcut() {
        for b in 0..=127u8 {
            let one = char::from(b).to_string();
            assert_eq!(SortKey::new(&one), reference(&one), "byte {b:#04x}");
        }
        for name in
            ["Öljy-Huolto Oy", "ÅÄÖåäö", "A\u{308}ANEKOSKI 12", "  tab\there\r\n", "ß-Straße", "日本 Oy", "e\u{301}lan"]
        {
            assert_eq!(SortKey::new(name), reference(name), "{name:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcut_changes_no_key(name in "\\PC{0,24}", ascii in "[ -~\t\n]{0,24}") {
            let mixed = format!("{ascii}{name}{ascii}");
            proptest::prop_assert_eq!(SortKey::new(&mixed), reference(&mixed));
        }
    }

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        v.sort_by(|a, b| compare_names(a, b));
        v
    }

    #[test]
    fn finnish_alphabet_order() {
        assert_eq!(
            sorted(&["Åland", "Äänekoski", "Öljy", "Zeta", "apu"]),
            ["apu", "Zeta", "Åland", "Äänekoski", "Öljy"]
        );
        assert_eq!(sorted(&["ö", "ä", "å", "z", "y", "x"]), ["x", "y", "z", "å", "ä", "ö"]);
        // ä is not a: "Ära" sorts after every name starting with a..z.
        assert_eq!(sorted(&["Ära", "Arvo", "Zorro"]), ["Arvo", "Zorro", "Ära"]);
        // w is a letter of its own, between v and x.
        assert_eq!(sorted(&["Wahl", "Vaara", "Vuori", "Xylo"]), ["Vaara", "Vuori", "Wahl", "Xylo"]);
    }

    #[test]
    fn case_insensitive() {
        assert_eq!(compare_names("apu", "APU"), Ordering::Equal);
        assert_eq!(compare_names("ÅLAND", "åland"), Ordering::Equal);
        assert_eq!(compare_names("Äänekoski", "ÄÄNEKOSKI"), Ordering::Equal);
        assert_eq!(compare_names("apu", "Apua"), Ordering::Less);
    }

    #[test]
    fn digits_before_letters_whitespace_and_symbols_first() {
        assert_eq!(sorted(&["b", "2", "a", "10", "9"]), ["10", "2", "9", "a", "b"]);
        assert_eq!(sorted(&["Apu Oy", "Apu", "Apu-Oy", "Apua"]), ["Apu", "Apu Oy", "Apu-Oy", "Apua"]);
        assert_eq!(sorted(&["1a", "#1", "a"]), ["#1", "1a", "a"]);
    }

    #[test]
    fn diacritics_and_decomposed_input() {
        assert_eq!(compare_names("Café", "cafe"), Ordering::Equal);
        assert_eq!(compare_names("Müller", "Myller"), Ordering::Equal);
        assert_eq!(compare_names("Ørsted", "Örsted"), Ordering::Equal);
        assert_eq!(compare_names("Straße", "strasse"), Ordering::Equal);
        assert_eq!(compare_names("Šakki", "sakki"), Ordering::Equal);
        // Decomposed å, ä, ö (letter + combining mark) equal the composed letters.
        assert_eq!(compare_names("A\u{30A}land", "Åland"), Ordering::Equal);
        assert_eq!(compare_names("a\u{308}a\u{308}nekoski", "Äänekoski"), Ordering::Equal);
        assert_eq!(compare_names("O\u{308}ljy", "Öljy"), Ordering::Equal);
        assert_eq!(compare_names("e\u{301}", "e"), Ordering::Equal);
        assert_eq!(compare_names("\u{308}", ""), Ordering::Equal);
        assert_eq!(compare_names("\u{130}sa", "isa"), Ordering::Equal);
    }

    #[test]
    fn containment_respects_character_boundaries() {
        let key = |s: &str| SortKey::new(s);
        assert!(key("Café Öljy").contains(&key("CAFE")));
        assert!(key("Café Öljy").contains(&key("é ö")));
        assert!(!key("Öljy").contains(&key("olj")));
        assert!(key("Straße").contains(&key("ss")));
        // U+0420 has the byte 0x20 ("a") in its code point: no false match.
        assert!(!key("Р").contains(&key("a")));
        assert!(key("ПРИВЕТ мир").contains(&key("привет")));
        assert!(!key("Ωa").contains(&key("ω a")));
        assert!(key("abc").contains(&key("")));
        assert!(!key("ab").contains(&key("abc")));
    }

    #[test]
    fn other_scripts_after_finnish_letters() {
        assert_eq!(sorted(&["Юрий", "Öljy", "Åke"]), ["Åke", "Öljy", "Юрий"]);
        assert_eq!(sorted(&["б", "а"]), ["а", "б"]);
    }

    #[test]
    fn classes_in_order_and_wide_characters() {
        assert_eq!(
            sorted(&["Ωa", "ω", "#", "€", " x", "0", "ö", "日本", "a"]),
            [" x", "#", "€", "0", "a", "ö", "ω", "Ωa", "日本"]
        );
        assert_eq!(compare_names("Ω", "ω"), Ordering::Equal);
    }
}

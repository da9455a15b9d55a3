//! Pattern stage: Java's character properties (`\p{L}`, `\p{IsAlphabetic}`, `\p{Punct}`) and
//! Unicode case folding, with the Unicode tables of `regex-syntax` rather than tables of our own.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, HirKind};

use super::parse::Failure;
use super::set::Set;

/// The set a Java `\p{name}` names.
pub fn java_property(name: &str) -> Result<Set, Failure> {
    if let Some(set) = posix(name) {
        return Ok(set);
    }
    match name {
        "all" => return Ok(Set::range(0, 0x10_ffff)),
        "L1" => return Ok(Set::range(0, 0xff)),
        "LD" => return Ok(table("L")?.union(&table("Nd")?)),
        "LC" => return Ok(table("Lu")?.union(&table("Ll")?).union(&table("Lt")?)),
        _ => {}
    }
    if let Some(value) = name.strip_prefix("gc=").or_else(|| name.strip_prefix("general_category=")) {
        return general_category(value).ok_or_else(|| unknown(name));
    }
    if let Some(value) = name.strip_prefix("sc=").or_else(|| name.strip_prefix("script=")) {
        return table(&format!("sc={value}"));
    }
    if name.starts_with("In") || name.starts_with("blk=") || name.starts_with("block=") {
        return Err(Failure::Unsupported(format!("the Unicode block `\\p{{{name}}}`")));
    }
    if name.starts_with("java") {
        return Err(Failure::Unsupported(format!("the Java property `\\p{{{name}}}`")));
    }
    if let Some(category) = general_category(name) {
        return Ok(category);
    }
    if let Some(rest) = name.strip_prefix("Is") {
        if let Some(category) = general_category(rest) {
            return Ok(category);
        }
        if let Some(set) = binary(rest)? {
            return Ok(set);
        }
        // A script, by name (`IsLatin`).
        return table(&format!("sc={rest}")).map_err(|_| unknown(name));
    }
    Err(unknown(name))
}

fn unknown(name: &str) -> Failure {
    Failure::Invalid(format!("unknown character property `\\p{{{name}}}`"))
}

/// Java's POSIX classes, which are ASCII only unless `UNICODE_CHARACTER_CLASS` is set.
fn posix(name: &str) -> Option<Set> {
    let ranges: &[(u32, u32)] = match name {
        "Lower" => &[(0x61, 0x7a)],
        "Upper" => &[(0x41, 0x5a)],
        "ASCII" => &[(0x00, 0x7f)],
        "Alpha" => &[(0x41, 0x5a), (0x61, 0x7a)],
        "Digit" => &[(0x30, 0x39)],
        "Alnum" => &[(0x30, 0x39), (0x41, 0x5a), (0x61, 0x7a)],
        "Punct" => &[(0x21, 0x2f), (0x3a, 0x40), (0x5b, 0x60), (0x7b, 0x7e)],
        "Graph" => &[(0x21, 0x7e)],
        "Print" => &[(0x20, 0x7e)],
        "Blank" => &[(0x09, 0x09), (0x20, 0x20)],
        "Cntrl" => &[(0x00, 0x1f), (0x7f, 0x7f)],
        "XDigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
        "Space" => &[(0x09, 0x0d), (0x20, 0x20)],
        _ => return None,
    };
    Some(Set::from_ranges(ranges.to_vec()))
}

/// A general category by its one- or two-letter name (`L`, `Lu`).
fn general_category(name: &str) -> Option<Set> {
    let valid = matches!(name.len(), 1 | 2)
        && name.chars().next().is_some_and(|c| "LMNPSZC".contains(c))
        && name.chars().nth(1).is_none_or(|c| c.is_ascii_lowercase());
    if !valid {
        return None;
    }
    table(&format!("gc={name}")).ok()
}

/// Java's binary properties (`IsAlphabetic`), by name in any case, `_` optional.
fn binary(name: &str) -> Result<Option<Set>, Failure> {
    let key: String = name.chars().filter(|c| *c != '_').collect::<String>().to_ascii_uppercase();
    let query = match key.as_str() {
        "ALPHABETIC" => "Alphabetic",
        "LETTER" => "gc=L",
        "LOWERCASE" => "Lowercase",
        "UPPERCASE" => "Uppercase",
        "TITLECASE" => "gc=Lt",
        "PUNCTUATION" => "gc=P",
        "CONTROL" => "gc=Cc",
        "WHITESPACE" => "White_Space",
        "DIGIT" => "gc=Nd",
        "HEXDIGIT" => "Hex_Digit",
        "IDEOGRAPHIC" => "Ideographic",
        "JOINCONTROL" => "Join_Control",
        "NONCHARACTERCODEPOINT" => "Noncharacter_Code_Point",
        "ASSIGNED" => "Assigned",
        "EMOJI" => "Emoji",
        _ => return Ok(None),
    };
    table(query).map(Some)
}

/// A property as `regex-syntax` knows it (`gc=Lu`, `sc=Greek`, `Alphabetic`).
fn table(query: &str) -> Result<Set, Failure> {
    let pattern = format!("\\p{{{query}}}");
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&pattern)
        .map_err(|_| Failure::Invalid(format!("unknown character property `{query}`")))?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Ok(Set::from_ranges(class.ranges().iter().map(|r| (u32::from(r.start()), u32::from(r.end()))).collect())),
        _ => Err(Failure::Invalid(format!("unknown character property `{query}`"))),
    }
}

/// The set with the simple case variants of its characters added (Java's `(?iu)`).
pub fn case_fold(set: &Set) -> Set {
    // Surrogates are not characters and have no case: fold the ranges around them.
    let scalar = |low: u32, high: u32| Some(ClassUnicodeRange::new(char::from_u32(low)?, char::from_u32(high)?));
    let ranges = set.ranges().iter().flat_map(|&(low, high)| {
        let below = (low <= 0xd7ff).then(|| scalar(low, high.min(0xd7ff))).flatten();
        let above = (high >= 0xe000).then(|| scalar(low.max(0xe000), high.min(0x10_ffff))).flatten();
        below.into_iter().chain(above)
    });
    let mut class = ClassUnicode::new(ranges);
    class.case_fold_simple();
    let folded = Set::from_ranges(class.ranges().iter().map(|r| (u32::from(r.start()), u32::from(r.end()))).collect());
    set.union(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties() {
        let letters = java_property("L").unwrap();
        assert!(letters.contains(u32::from('Ä')) && letters.contains(u32::from('日')) && !letters.contains(u32::from('1')));
        assert_eq!(java_property("IsL").unwrap(), letters);
        assert!(java_property("IsAlphabetic").unwrap().contains(u32::from('Ⅻ')));
        assert!(java_property("IsLatin").unwrap().contains(u32::from('é')));
        assert_eq!(java_property("Punct").unwrap().ranges().len(), 4);
        assert!(matches!(java_property("InGreek"), Err(Failure::Unsupported(_))));
        assert!(matches!(java_property("Nope"), Err(Failure::Invalid(_))));
        assert!(case_fold(&Set::unit(u32::from('k'))).contains(0x212a), "KELVIN SIGN folds to k");
    }
}

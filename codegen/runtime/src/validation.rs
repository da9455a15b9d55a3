//! Validation of inputs against the model's constraint traits, before a request is encoded: a
//! request the service would reject for its shape never goes out.
//!
//! # The rule
//!
//! A client check may accept a value the service would reject (the service then says so), and
//! must never reject a value the service accepts. Everything below follows from it.
//!
//! Every violation is reported, each with its path (`startTimeFilter.oldestDate`, `tagList[3]`,
//! `tags["k"]`), the constraint and its limits, and what was found: a size or a count, never a
//! string (so a `@sensitive` member's value cannot leak into logs).
//!
//! Lengths count what the Smithy specification says: Unicode code points for strings (not bytes,
//! not UTF-16 units), bytes for blobs, entries for lists and maps. A value of the wrong length
//! is not also matched against its pattern. `@uniqueItems` sorts the items once (`n log n`);
//! floats compare by their bits, as Java's `Double.equals` does, and structures by their JSON.
//!
//! # Patterns
//!
//! The Smithy specification writes `@pattern` as an ECMA-262 regular expression, matched as
//! JavaScript's `RegExp` (no flags) matches: over UTF-16 code units, found anywhere unless the
//! pattern is anchored. The AWS services, though, apply their patterns with Java's
//! `java.util.regex`, and the two read some patterns differently:
//!
//! | pattern | ECMA-262 (no flags) | Java |
//! | --- | --- | --- |
//! | `\p{L}`, `\p{Alnum}`, `\p{IsAlphabetic}` | the text `p{L}` | a Unicode or POSIX property |
//! | `(?i)`, `(?s)` | invalid | case-insensitive (ASCII), dot matches all |
//! | `a?+`, `\d{2}+` | invalid | possessive quantifiers |
//! | `\s` | Unicode white space | ASCII white space |
//! | `$` | the end | the end, or before a line terminator that ends the text |
//! | `.` on `😀` | two units: no match for `^.$` | one character: a match |
//!
//! So each pattern is read both ways, and a value matches when either reading that compiles
//! finds a match; where the readings agree, nothing changes. What the generator cannot read
//! faithfully (a Unicode block `\p{InGreek}`, an inline flag such as `(?x)`) is not checked at
//! all, and the generator says so with a warning naming the shape. Back references and
//! possessive quantifiers are read wider than they are (a back reference as any text), which can
//! only accept more.
//!
//! Matching never backtracks: the generator compiles each reading into a small program, and the
//! `pattern` module runs it in time proportional to the length of the value times the size of
//! the program, whatever the value (look-arounds included, each answered by one pass of its
//! own). No regular-expression crate is needed.
//!
//! # Enums, and turning validation off
//!
//! A value of an enum that this model does not list is **accepted**: a newer service may accept
//! values an older model does not know, and a client must not refuse them. Constraint traits on
//! enum shapes are not checked, for the same reason.
//!
//! Validation is on by default. Smithy's own guidance is that clients should not enforce
//! constraints, because services relax them (EC2's longer instance ids broke SDKs that checked
//! the old length). Code generated here is regenerated when the models change, which keeps the
//! constraints current, and checking before sending turns a round trip and a service error into
//! an immediate, precise one. To skip it, build the crate without its default `validate`
//! feature (`default-features = false`). Responses are never validated: constraints do not
//! apply to output.

use std::fmt;

/// Where a value sits inside an input, built without allocating as validation descends; turned
/// into text only for a violation.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    Root,
    Member(&'a Path<'a>, &'static str),
    Index(&'a Path<'a>, usize),
    Key(&'a Path<'a>, &'a str),
    /// A map key that is `@sensitive`, shown as `[*** Sensitive Data Redacted ***]`.
    SensitiveKey(&'a Path<'a>),
}

impl Path<'_> {
    pub fn member<'b>(&'b self, name: &'static str) -> Path<'b> {
        Path::Member(self, name)
    }

    pub fn index(&self, index: usize) -> Path<'_> {
        Path::Index(self, index)
    }

    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path::Key(self, key)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Key(parent, key) => write!(f, "{parent}[{key:?}]"),
            Path::SensitiveKey(parent) => write!(f, "{parent}[*** Sensitive Data Redacted ***]"),
        }
    }
}

/// What a constraint asks and what was found.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Constraint {
    /// `@required`: the member must be set.
    Required,
    /// `@length`: a size within limits, counted in `unit`s.
    Length { min: Option<u64>, max: Option<u64>, found: usize, unit: &'static str },
    /// `@range`: a number within limits; `found` is the number, unless it is `@sensitive`.
    Range { min: Option<&'static str>, max: Option<&'static str>, found: Option<String> },
    /// `@pattern`: a string matching a regular expression.
    Pattern { pattern: &'static str },
    /// `@uniqueItems`: the item at `index` repeats an earlier one.
    UniqueItems { index: usize },
}

/// One constraint a value breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    path: String,
    constraint: Constraint,
}

impl Violation {
    /// The path of the value, as the model names members (`startTimeFilter.oldestDate`).
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn constraint(&self) -> &Constraint {
        &self.constraint
    }
}

fn limits<T: fmt::Display + PartialEq>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(min), Some(max)) if min == max => format!("exactly {min}"),
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "any".to_owned(),
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        match &self.constraint {
            Constraint::Required => write!(f, "`{path}` is required but not set"),
            Constraint::Length { min, max, found, unit } => {
                // A minimum of zero says nothing a reader needs.
                let min = min.filter(|&min| min > 0);
                write!(f, "`{path}` has {found} {unit}; it must have {} {unit}", limits(min, *max))
            }
            Constraint::Range { min, max, found: Some(found) } => write!(f, "`{path}` is {found}; it must be {}", limits(*min, *max)),
            Constraint::Range { min, max, found: None } => write!(f, "`{path}` must be {}", limits(*min, *max)),
            Constraint::Pattern { pattern } => write!(f, "`{path}` does not match the pattern `{pattern}`"),
            Constraint::UniqueItems { index } => write!(f, "`{path}[{index}]` repeats an earlier item; items must be unique"),
        }
    }
}

/// Every constraint an input breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violations.as_slice() {
            [one] => write!(f, "invalid input: {one}"),
            all => {
                write!(f, "invalid input, {} problems:", all.len())?;
                for violation in all {
                    write!(f, "\n- {violation}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationError {}

/// A number that `@range` bounds, compared as the `f64` it is closest to (an arbitrary-precision
/// one as its text reads, NaN if it cannot be read).
#[allow(dead_code)] // Used by the validators of some models only.
pub(crate) trait RangeValue: fmt::Display {
    fn as_f64(&self) -> f64;
}

macro_rules! range_value_as {
    ($($ty:ty),*) => {
        $(impl RangeValue for $ty {
            #[inline]
            fn as_f64(&self) -> f64 {
                *self as f64
            }
        })*
    };
}
range_value_as!(i8, i16, i32, i64, f32, f64);

impl RangeValue for crate::primitives::BigInteger {
    fn as_f64(&self) -> f64 {
        self.as_str().parse().unwrap_or(f64::NAN)
    }
}

impl RangeValue for crate::primitives::BigDecimal {
    fn as_f64(&self) -> f64 {
        self.as_str().parse().unwrap_or(f64::NAN)
    }
}

/// Collects violations while validation walks an input.
#[derive(Debug, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    pub fn add(&mut self, path: &Path<'_>, constraint: Constraint) {
        self.0.push(Violation { path: path.to_string(), constraint });
    }

    /// Checks that a `@required` member is set: its value, or `None` with the violation added.
    #[inline]
    pub fn required<'v, T>(&mut self, path: &Path<'_>, value: &'v Option<T>) -> Option<&'v T> {
        if value.is_none() {
            self.add(path, Constraint::Required);
        }
        value.as_ref()
    }

    /// A number outside its `@range` (`min` and `max` as the model writes them); `found` is the
    /// number as text, or `None` for a `@sensitive` one.
    #[inline(never)]
    pub fn out_of_range(&mut self, path: &Path<'_>, min: Option<&'static str>, max: Option<&'static str>, found: Option<String>) {
        self.add(path, Constraint::Range { min, max, found });
    }

    /// Checks a number against its `@range`, each bound given as the number it is compared with
    /// and as the model writes it; the violation shows the number unless `shown` is false (a
    /// `@sensitive` one). A number that is not one (NaN) is outside any two-sided range.
    /// Always inlined: it stands for the comparison the generated validators would otherwise
    /// spell out, with the bounds known where it is called.
    #[inline(always)]
    #[allow(dead_code)] // Used by the validators of some models only.
    pub(crate) fn range<N: RangeValue>(
        &mut self,
        path: &Path<'_>,
        value: &N,
        min: Option<(f64, &'static str)>,
        max: Option<(f64, &'static str)>,
        shown: bool,
    ) {
        let number = value.as_f64();
        let outside = match (min, max) {
            (Some((min, _)), Some((max, _))) => !(min..=max).contains(&number),
            (Some((min, _)), None) => number < min,
            (None, Some((max, _))) => number > max,
            (None, None) => false,
        };
        if outside {
            self.out_of_range(path, min.map(|(_, text)| text), max.map(|(_, text)| text), shown.then(|| value.to_string()));
        }
    }

    /// Checks a size against `@length` limits; says whether it is within them.
    pub fn length(&mut self, path: &Path<'_>, found: usize, min: Option<u64>, max: Option<u64>, unit: &'static str) -> bool {
        let found_u64 = found as u64;
        let fits = !(min.is_some_and(|min| found_u64 < min) || max.is_some_and(|max| found_u64 > max));
        if !fits {
            self.add(path, Constraint::Length { min, max, found, unit });
        }
        fits
    }

    /// Checks a string's length in characters (Unicode scalar values) against `@length`;
    /// says whether it is within the limits.
    #[inline]
    pub fn chars(&mut self, path: &Path<'_>, value: &str, min: Option<u64>, max: Option<u64>) -> bool {
        // A string of n bytes has between n/4 (rounded up) and n characters: when both are within
        // the limits, so is the count, which is then not taken.
        let bytes = value.len() as u64;
        if max.is_none_or(|max| bytes <= max) && min.is_none_or(|min| bytes.div_ceil(4) >= min) {
            return true;
        }
        self.length(path, value.chars().count(), min, max, "characters")
    }

    /// Checks that no item of a list repeats an earlier one, comparing items by `key`: sorts
    /// once, so a long list costs `n log n`, not `n²`. Reports the first repeated index.
    pub fn unique_by<'a, T, K: Ord>(&mut self, path: &Path<'_>, items: &'a [T], key: impl Fn(&'a T) -> K) {
        if items.len() < 2 {
            return;
        }
        let mut keyed: Vec<(K, usize)> = items.iter().map(key).zip(0..).collect();
        keyed.sort();
        let repeated = keyed.windows(2).filter(|pair| pair[0].0 == pair[1].0).map(|pair| pair[1].1).min();
        if let Some(index) = repeated {
            self.add(path, Constraint::UniqueItems { index });
        }
    }

    pub fn finish(self) -> Result<(), ValidationError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: self.0 })
        }
    }
}

/// The validator of a structure, as the generated `validate` modules write it: the checks of each
/// member that follows, `"name" => field: checks` (a member that is always there),
/// `"name" => field?: checks` (an optional one, checked when present) or
/// `"name" => field!: checks` (a `@required` one: its absence is a violation; it may have no
/// checks). Checks, on the member's value at its path, are
///
/// - a method of [`Violations`] with its arguments after the path and the value:
///   `chars(Some(1), Some(64))`, `pattern(&PATTERN_3)`, `range(Some((1f64, "1")), None, true)`;
/// - `length(..)`: the size of a blob, list or map (`v.len()`) against `@length`;
/// - `each(checks)`, `each_present(checks)`: each item of a list (of a sparse list, each item
///   that is there), at its index; `keys(checks)` and `entries([key checks], [value checks])`:
///   each key, or each key and value, of a map, at its key;
/// - a function name: the validator of a structure or union (`validate_ami`).
#[allow(unused_macros)] // Invoked by the generated `validate` modules.
macro_rules! validate_structure {
    (
        $name:ident($ty:ty)
        $(; $key:literal => $field:ident $(? $($optional:ident)*)? $(! $($required:ident)*)?
            $(: $($check:ident $(($($args:tt)*))?),+)?)+ $(;)?
    ) => {
        #[inline]
        pub(crate) fn $name(value: &$ty, path: &$crate::validation::Path<'_>, out: &mut $crate::validation::Violations) {
            $($crate::validation::validate_structure!(
                @member out, path, value, $key, $field,
                [$(optional $($optional)*)? $(required $($required)*)?],
                [$($($check $(($($args)*))?),+)?]
            );)+
        }
    };
    (@member $out:ident, $path:ident, $value:ident, $key:literal, $field:ident, [], [$($checks:tt)+]) => {{
        let member_path = $path.member($key);
        let v = &$value.$field;
        $crate::validation::validate_structure!(@checks $out, &member_path, v, $($checks)+);
    }};
    (@member $out:ident, $path:ident, $value:ident, $key:literal, $field:ident, [optional], [$($checks:tt)+]) => {
        if let ::core::option::Option::Some(v) = &$value.$field {
            let member_path = $path.member($key);
            $crate::validation::validate_structure!(@checks $out, &member_path, v, $($checks)+);
        }
    };
    (@member $out:ident, $path:ident, $value:ident, $key:literal, $field:ident, [required], []) => {
        $out.required(&$path.member($key), &$value.$field);
    };
    (@member $out:ident, $path:ident, $value:ident, $key:literal, $field:ident, [required], [$($checks:tt)+]) => {
        let member_path = $path.member($key);
        if let ::core::option::Option::Some(v) = $out.required(&member_path, &$value.$field) {
            $crate::validation::validate_structure!(@checks $out, &member_path, v, $($checks)+);
        }
    };
    (@checks $out:ident, $path:expr, $v:expr, $($check:ident $(($($args:tt)*))?),*) => {
        $($crate::validation::validate_structure!(@check $out, $path, $v, $check $(($($args)*))?);)*
    };
    (@check $out:ident, $path:expr, $v:expr, length($($args:tt)*)) => {
        $out.length($path, $v.len(), $($args)*);
    };
    (@check $out:ident, $path:expr, $v:expr, each($($checks:tt)*)) => {
        for (index, item) in $v.iter().enumerate() {
            let item_path = $crate::validation::Path::index($path, index);
            $crate::validation::validate_structure!(@checks $out, &item_path, item, $($checks)*);
        }
    };
    (@check $out:ident, $path:expr, $v:expr, each_present($($checks:tt)*)) => {
        for (index, item) in $v.iter().enumerate() {
            if let ::core::option::Option::Some(item) = item {
                let item_path = $crate::validation::Path::index($path, index);
                $crate::validation::validate_structure!(@checks $out, &item_path, item, $($checks)*);
            }
        }
    };
    (@check $out:ident, $path:expr, $v:expr, keys($($checks:tt)*)) => {
        for key in $v.keys() {
            let item_path = $crate::validation::Path::key($path, key.as_str());
            $crate::validation::validate_structure!(@checks $out, &item_path, key, $($checks)*);
        }
    };
    (@check $out:ident, $path:expr, $v:expr, entries([$($keys:tt)*], [$($values:tt)*])) => {
        for (key, item) in $v.iter() {
            let item_path = $crate::validation::Path::key($path, key.as_str());
            $crate::validation::validate_structure!(@checks $out, &item_path, key, $($keys)*);
            $crate::validation::validate_structure!(@checks $out, &item_path, item, $($values)*);
        }
    };
    (@check $out:ident, $path:expr, $v:expr, $method:ident($($args:tt)*)) => {
        $out.$method($path, $v, $($args)*);
    };
    (@check $out:ident, $path:expr, $v:expr, $validate:ident) => {
        $validate($v, $path, $out);
    };
}
#[allow(unused_imports)] // Used by the generated `validate` modules.
pub(crate) use validate_structure;

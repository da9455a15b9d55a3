//! Pattern stage: sets of text units as sorted, disjoint, inclusive ranges, and the fixed sets
//! both dialects share.

/// A set of units (UTF-16 code units or code points).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Set(Vec<(u32, u32)>);

impl Set {
    pub fn empty() -> Set {
        Set(Vec::new())
    }

    pub fn unit(unit: u32) -> Set {
        Set(vec![(unit, unit)])
    }

    pub fn range(low: u32, high: u32) -> Set {
        Set(vec![(low, high)])
    }

    pub fn from_units(units: &[u32]) -> Set {
        Set::from_ranges(units.iter().map(|&u| (u, u)).collect())
    }

    /// Normalizes any ranges (each with `low <= high`) into a set.
    pub fn from_ranges(mut ranges: Vec<(u32, u32)>) -> Set {
        ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (low, high) in ranges {
            match out.last_mut() {
                Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
                _ => out.push((low, high)),
            }
        }
        Set(out)
    }

    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, unit: u32) -> bool {
        let after = self.0.partition_point(|&(_, high)| high < unit);
        self.0.get(after).is_some_and(|&(low, _)| low <= unit)
    }

    pub fn union(&self, other: &Set) -> Set {
        Set::from_ranges(self.0.iter().chain(&other.0).copied().collect())
    }

    /// Every unit up to `max` that is not in the set.
    pub fn complement(&self, max: u32) -> Set {
        let mut out = Vec::new();
        // The first unit not yet covered; `None` once the ranges reach `u32::MAX`.
        let mut next = Some(0u32);
        for &(low, high) in &self.0 {
            if low > max {
                break;
            }
            if let Some(start) = next.filter(|start| low > *start) {
                out.push((start, low - 1));
            }
            next = high.checked_add(1);
        }
        if let Some(start) = next.filter(|start| *start <= max) {
            out.push((start, max));
        }
        Set(out)
    }

    pub fn intersect(&self, other: &Set) -> Set {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() && j < other.0.len() {
            let (a, b) = (self.0[i], other.0[j]);
            let (low, high) = (a.0.max(b.0), a.1.min(b.1));
            if low <= high {
                out.push((low, high));
            }
            if a.1 < b.1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        Set(out)
    }

    pub fn minus(&self, other: &Set) -> Set {
        self.intersect(&other.complement(u32::MAX))
    }

    /// The part of the set at or below `max`.
    pub fn clamp(&self, max: u32) -> Set {
        self.intersect(&Set::range(0, max))
    }
}

/// `\d`.
pub fn digit() -> Set {
    Set::range(u32::from('0'), u32::from('9'))
}

/// `\w`: ASCII letters, digits and `_` in both dialects.
pub fn word() -> Set {
    Set::from_ranges(vec![(0x30, 0x39), (0x41, 0x5a), (0x5f, 0x5f), (0x61, 0x7a)])
}

/// ECMA-262's `\s`: its white space and line terminators.
pub fn ecma_space() -> Set {
    let units = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
    Set::from_units(&units).union(&Set::range(0x2000, 0x200a))
}

/// The set with the other case of every ASCII letter in it added (Java's `(?i)` without `u`).
pub fn ascii_case_fold(set: &Set) -> Set {
    let lower = set.intersect(&Set::range(0x61, 0x7a));
    let upper = set.intersect(&Set::range(0x41, 0x5a));
    let shift = |s: &Set, up: bool| {
        Set(s.0.iter().map(|&(l, h)| if up { (l - 0x20, h - 0x20) } else { (l + 0x20, h + 0x20) }).collect())
    };
    set.union(&shift(&lower, true)).union(&shift(&upper, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_algebra() {
        let a = Set::from_ranges(vec![(5, 10), (1, 2), (3, 3), (20, 30)]);
        assert_eq!(a.ranges(), [(1, 3), (5, 10), (20, 30)]);
        assert_eq!(a.complement(40).ranges(), [(0, 0), (4, 4), (11, 19), (31, 40)]);
        assert_eq!(a.complement(25).ranges(), [(0, 0), (4, 4), (11, 19)]);
        assert_eq!(Set::range(0, 9).complement(9).ranges(), []);
        assert_eq!(a.intersect(&Set::range(2, 22)).ranges(), [(2, 3), (5, 10), (20, 22)]);
        assert_eq!(a.minus(&Set::range(6, 25)).ranges(), [(1, 3), (5, 5), (26, 30)]);
        assert!(a.contains(7) && !a.contains(4) && !a.contains(31));
        assert_eq!(ascii_case_fold(&Set::range(0x61, 0x63)).ranges(), [(0x41, 0x43), (0x61, 0x63)]);
    }
}

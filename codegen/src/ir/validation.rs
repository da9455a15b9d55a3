//! IR stage: what a service's validators check, worked out once: the types an input reaches
//! that have a constraint somewhere inside, and every `@pattern` they use, compiled into the
//! programs the generated code runs (or skipped, with a warning naming the shape).

use std::collections::{BTreeMap, BTreeSet};

use super::traits::{Bounds, Traits};
use super::{Member, TypeDef, TypeKind, TypeRef};
use crate::error::Error;
use crate::model::ShapeId;
use crate::pattern::{self, Compiled};

/// What a service validates.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    /// The structures and unions with something to check, directly or inside.
    pub checked: BTreeSet<ShapeId>,
    /// Each distinct pattern a check uses, by its text.
    pub patterns: BTreeMap<String, PatternCheck>,
}

/// One `@pattern` of the validators.
#[derive(Debug, Clone)]
pub struct PatternCheck {
    /// The name of the static that holds it (`PATTERN_3`).
    pub name: String,
    pub compiled: Compiled,
}

impl Validation {
    /// The check of a pattern, if it is checked at all.
    pub fn pattern(&self, source: &str) -> Option<&PatternCheck> {
        self.patterns.get(source).filter(|p| matches!(p.compiled, Compiled::Checked(_)))
    }
}

/// The constraints that apply to a value: the member's traits, else its target's.
pub struct Constraints<'a> {
    pub length: Option<&'a Bounds>,
    pub range: Option<&'a Bounds>,
    pub pattern: Option<&'a str>,
    pub unique: bool,
}

impl Constraints<'_> {
    pub fn any(&self) -> bool {
        self.length.is_some() || self.range.is_some() || self.pattern.is_some() || self.unique
    }
}

pub fn constraints<'a>(shape_traits: &'a BTreeMap<ShapeId, Traits>, member: Option<&'a Member>, ty: &TypeRef) -> Constraints<'a> {
    let target = shape_traits.get(&ty.shape);
    let pick = |f: fn(&Traits) -> Option<&Bounds>| member.and_then(|m| f(&m.traits)).or_else(|| target.and_then(f));
    // Constraints on enums and other named types are the enum's business, not a string's.
    let text = matches!(ty.kind, TypeKind::String);
    Constraints {
        length: pick(|t| t.length.as_ref()).filter(|_| !matches!(ty.kind, TypeKind::Named)),
        range: pick(|t| t.range.as_ref()).filter(|_| !matches!(ty.kind, TypeKind::Named)),
        pattern: member.and_then(|m| m.traits.pattern.as_deref()).or_else(|| target.and_then(|t| t.pattern.as_deref())).filter(|_| text),
        unique: (member.is_some_and(|m| m.traits.unique_items) || target.is_some_and(|t| t.unique_items))
            && matches!(ty.kind, TypeKind::List { .. }),
    }
}

/// Works out what the service validates: `validated` holds the types inputs reach.
pub fn analyse(
    types: &BTreeMap<ShapeId, TypeDef>,
    shape_traits: &BTreeMap<ShapeId, Traits>,
    validated: &BTreeSet<ShapeId>,
    file_of: impl Fn(&ShapeId) -> String,
    warnings: &mut Vec<Error>,
) -> Validation {
    let checked = checked_types(types, shape_traits, validated);
    let mut sources: BTreeMap<String, ShapeId> = BTreeMap::new();
    for id in &checked {
        for m in members(types, id) {
            let at = id.with_member(&m.name);
            walk(shape_traits, Some(m), &m.ty, &mut |c, ty| {
                if let Some(pattern) = c.pattern {
                    // The shape a warning names: the member, or the shape that carries it.
                    let owner = if m.traits.pattern.is_some() && std::ptr::eq(ty, &m.ty) { at.clone() } else { ty.shape.clone() };
                    sources.entry(pattern.to_owned()).or_insert(owner);
                }
            });
        }
    }
    let mut patterns = BTreeMap::new();
    let mut checked_count = 0;
    // Each pattern compiles on its own (an automaton can take a while to build).
    let sources: Vec<(String, ShapeId)> = sources.into_iter().collect();
    let compiled = crate::parallel::map(&sources, |(source, _)| pattern::compile(source));
    for ((source, owner), compiled) in sources.into_iter().zip(compiled) {
        let name = match &compiled {
            Compiled::Checked(_) => {
                checked_count += 1;
                format!("PATTERN_{checked_count}")
            }
            Compiled::Skipped(why) => {
                warnings.push(Error::shape(&owner, format!("@pattern `{source}` is not checked: {why}")).in_file(&file_of(&owner.root())));
                String::new()
            }
        };
        patterns.insert(source, PatternCheck { name, compiled });
    }
    Validation { checked, patterns }
}

fn members<'a>(types: &'a BTreeMap<ShapeId, TypeDef>, id: &ShapeId) -> &'a [Member] {
    match types.get(id) {
        Some(TypeDef::Structure(s)) => &s.members,
        Some(TypeDef::Union(u)) => &u.members,
        _ => &[],
    }
}

/// Calls `visit` with the constraints of a value and of every list item, map key and map value
/// inside it (not inside named types, which have validators of their own).
pub fn walk<'a>(shape_traits: &'a BTreeMap<ShapeId, Traits>, member: Option<&'a Member>, ty: &'a TypeRef, visit: &mut dyn FnMut(Constraints<'a>, &'a TypeRef)) {
    visit(constraints(shape_traits, member, ty), ty);
    match &ty.kind {
        TypeKind::List { item, .. } => walk(shape_traits, None, item, visit),
        TypeKind::Map { key, value, .. } => {
            walk(shape_traits, None, key, visit);
            walk(shape_traits, None, value, visit);
        }
        _ => {}
    }
}

/// The structures and unions inputs reach that have something to check, directly or inside.
fn checked_types(types: &BTreeMap<ShapeId, TypeDef>, shape_traits: &BTreeMap<ShapeId, Traits>, validated: &BTreeSet<ShapeId>) -> BTreeSet<ShapeId> {
    let seeds = validated
        .iter()
        .filter(|id| {
            members(types, id).iter().any(|m| {
                let mut any = m.traits.required && m.optional;
                walk(shape_traits, Some(m), &m.ty, &mut |c, _| any |= c.any());
                any
            })
        })
        .cloned()
        .collect();
    let mut checked = super::containers_of(types, seeds);
    checked.retain(|id| validated.contains(id));
    checked
}

//! Model stage: reads JSON AST files (`"smithy": "1.0"` or `"2.0"`), merges them, then applies
//! `apply` statements and flattens mixins, so later stages see every shape complete.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::json::{self, Json, Object};
use super::{prelude, IdlVersion, Member, Model, Operation, Origin, Resource, Service, Shape, ShapeId, ShapeKind, Traits};
use crate::error::{Error, Result};

/// One model file: a name to report in errors (usually its path) and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// An `apply` statement: traits to add to a shape or member defined elsewhere.
struct Apply {
    target: ShapeId,
    traits: Traits,
    origin: Origin,
}

/// Loads and merges model files into one model with the prelude.
pub fn load(sources: &[Source]) -> Result<Model> {
    let mut model = Model { shapes: prelude::shapes() };
    let mut applies = Vec::new();
    let read = sources.iter().map(|source| read_file(source, &mut model, &mut applies).map_err(|e| e.in_file(&source.name)));
    crate::error::collect(read.collect::<Vec<_>>())?;
    // Statements about members that a mixin brings in can only be applied after flattening.
    let deferred = apply_traits(&mut model, applies)?;
    flatten_mixins(&mut model)?;
    // A statement about a member a mixin brings into another mixin needs that mixin flattened.
    for apply in &deferred {
        let root = apply.target.root();
        if model.shapes.get(&root).is_some_and(|s| !s.mixins.is_empty()) {
            let members = flattened_members(&model, &root)?;
            if let Some(shape) = model.shapes.get_mut(&root) {
                shape.members = members;
            }
        }
    }
    if let Some(apply) = apply_traits(&mut model, deferred)?.first() {
        return Err(Error::shape(&apply.target, "`apply` targets a shape or member that does not exist").in_file(&apply.origin.file));
    }
    fill_implied_defaults(&mut model);
    check_references(&model)?;
    Ok(model)
}

fn read_file(source: &Source, model: &mut Model, applies: &mut Vec<Apply>) -> Result<()> {
    let document = json::parse(&source.text).map_err(|e| Error::new(format!("invalid JSON: {e}")))?;
    let root = document
        .as_object()
        .ok_or_else(|| Error::new(format!("a model file must be a JSON object, found {}", document.kind())))?;
    let version = match root.get("smithy") {
        Some(Json::String(v)) if v == "2.0" || v == "2" => IdlVersion::V2,
        Some(Json::String(v)) if v == "1.0" || v == "1" => IdlVersion::V1,
        Some(Json::String(v)) => return Err(Error::new(format!("unsupported Smithy IDL version `{v}` (expected 1.0 or 2.0)"))),
        Some(other) => return Err(Error::new(format!("`smithy` must be a string, found {}", other.kind()))),
        None => return Err(Error::new("missing the `smithy` version key; is this a Smithy JSON AST file?")),
    };
    let origin = Origin { file: Arc::from(source.name.as_str()), version };
    let shapes = match root.get("shapes") {
        None => return Ok(()),
        Some(Json::Object(shapes)) => shapes,
        Some(other) => return Err(Error::new(format!("`shapes` must be an object, found {}", other.kind()))),
    };
    for (key, value) in shapes.iter() {
        let id = ShapeId::parse(key)
            .filter(|id| id.member().is_none() || shape_type(value) == Some("apply"))
            .ok_or_else(|| Error::new(format!("`{key}` is not an absolute shape id (`namespace#Name`)")))?;
        let at = |message: String| Error::shape(&id, message);
        let body = value.as_object().ok_or_else(|| at(format!("a shape must be an object, found {}", value.kind())))?;
        if shape_type(value) == Some("apply") {
            let traits = read_traits(&id, body)?;
            applies.push(Apply { target: id, traits, origin: origin.clone() });
            continue;
        }
        let shape = read_shape(&id, body, &origin)?;
        insert_shape(model, shape)?;
    }
    Ok(())
}

fn shape_type(value: &Json) -> Option<&str> {
    value.as_object()?.get("type")?.as_str()
}

fn insert_shape(model: &mut Model, shape: Shape) -> Result<()> {
    if let Some(existing) = model.shapes.get(&shape.id) {
        if existing.origin.file.as_ref() == prelude::FILE {
            return Err(Error::shape(&shape.id, "redefines a shape of the Smithy prelude"));
        }
        // The same definition in two files is harmless; two different ones are a conflict.
        let same = existing.kind == shape.kind && existing.members == shape.members && existing.traits == shape.traits;
        if !same {
            return Err(Error::shape(
                &shape.id,
                format!("defined twice with different definitions (also in {})", existing.origin.file),
            ));
        }
        return Ok(());
    }
    model.shapes.insert(shape.id.clone(), shape);
    Ok(())
}

fn read_shape(id: &ShapeId, body: &Object, origin: &Origin) -> Result<Shape> {
    let at = |message: String| Error::shape(id, message);
    let type_name = match body.get("type") {
        Some(Json::String(t)) => t.as_str(),
        Some(other) => return Err(at(format!("`type` must be a string, found {}", other.kind()))),
        None => return Err(at("missing `type`".into())),
    };
    let mut traits = read_traits(id, body)?;
    let member = |name: &str| -> Result<Member> {
        match body.get(name) {
            Some(value) => read_member(id, name, value),
            None => Err(at(format!("a {type_name} needs a `{name}` member"))),
        }
    };
    let members_object = || -> Result<Vec<Member>> {
        match body.get("members") {
            None => Ok(Vec::new()),
            Some(Json::Object(members)) => members.iter().map(|(name, value)| read_member(id, name, value)).collect(),
            Some(other) => Err(at(format!("`members` must be an object, found {}", other.kind()))),
        }
    };
    let (kind, members) = match type_name {
        "blob" => (ShapeKind::Blob, vec![]),
        "boolean" => (ShapeKind::Boolean, vec![]),
        "string" => (ShapeKind::String, vec![]),
        "byte" => (ShapeKind::Byte, vec![]),
        "short" => (ShapeKind::Short, vec![]),
        "integer" => (ShapeKind::Integer, vec![]),
        "long" => (ShapeKind::Long, vec![]),
        "float" => (ShapeKind::Float, vec![]),
        "double" => (ShapeKind::Double, vec![]),
        "bigInteger" => (ShapeKind::BigInteger, vec![]),
        "bigDecimal" => (ShapeKind::BigDecimal, vec![]),
        "timestamp" => (ShapeKind::Timestamp, vec![]),
        "document" => (ShapeKind::Document, vec![]),
        "enum" => (ShapeKind::Enum, members_object()?),
        "intEnum" => (ShapeKind::IntEnum, members_object()?),
        "list" => (ShapeKind::List, vec![member("member")?]),
        "set" => {
            // IDL 1.0's set is a list whose items are unique (Smithy 2.0 made it exactly that).
            traits.entry("smithy.api#uniqueItems".into()).or_insert_with(|| Json::Object(Object::default()));
            (ShapeKind::List, vec![member("member")?])
        }
        "map" => (ShapeKind::Map, vec![member("key")?, member("value")?]),
        "structure" => (ShapeKind::Structure, members_object()?),
        "union" => (ShapeKind::Union, members_object()?),
        "operation" => (ShapeKind::Operation(read_operation(id, body)?), vec![]),
        "resource" => (ShapeKind::Resource(read_resource(id, body)?), vec![]),
        "service" => (ShapeKind::Service(read_service(id, body)?), vec![]),
        other => return Err(at(format!("unknown shape type `{other}`"))),
    };
    let mixins = reference_list(id, body, "mixins")?;
    Ok(Shape { id: id.clone(), kind, members, traits, mixins, origin: origin.clone() })
}

fn read_traits(id: &ShapeId, body: &Object) -> Result<Traits> {
    match body.get("traits") {
        None => Ok(Traits::new()),
        Some(Json::Object(traits)) => Ok(traits.iter().map(|(k, v)| (k.to_owned(), v.clone())).collect()),
        Some(other) => Err(Error::shape(id, format!("`traits` must be an object, found {}", other.kind()))),
    }
}

fn read_member(id: &ShapeId, name: &str, value: &Json) -> Result<Member> {
    let member_id = id.with_member(name);
    if ShapeId::parse(member_id.as_str()).is_none() {
        return Err(Error::shape(id, format!("`{name}` is not a valid member name")));
    }
    let body = value
        .as_object()
        .ok_or_else(|| Error::shape(&member_id, format!("a member must be an object, found {}", value.kind())))?;
    let target = reference(&member_id, body, "target")?
        .ok_or_else(|| Error::shape(&member_id, "a member needs a `target`"))?;
    let traits = read_traits(&member_id, body)?;
    Ok(Member { name: name.to_owned(), target, traits })
}

/// A shape id written as a string (`"target": "ns#X"`).
fn shape_id(at: &ShapeId, what: &str, value: &Json) -> Result<ShapeId> {
    let text = value
        .as_str()
        .ok_or_else(|| Error::shape(at, format!("`{what}` must be a shape id string, found {}", value.kind())))?;
    ShapeId::parse(text)
        .filter(|id| id.member().is_none())
        .ok_or_else(|| Error::shape(at, format!("`{what}` is not an absolute shape id: `{text}`")))
}

/// An optional reference: either a plain id (`target`) or `{"target": "ns#X"}` (the rest).
fn reference(at: &ShapeId, body: &Object, key: &str) -> Result<Option<ShapeId>> {
    match body.get(key) {
        None => Ok(None),
        Some(value) if key == "target" => shape_id(at, key, value).map(Some),
        Some(Json::Object(object)) => match object.get("target") {
            Some(target) => shape_id(at, key, target).map(Some),
            None => Err(Error::shape(at, format!("`{key}` needs a `target`"))),
        },
        Some(other) => Err(Error::shape(at, format!("`{key}` must be an object with a `target`, found {}", other.kind()))),
    }
}

fn reference_list(at: &ShapeId, body: &Object, key: &str) -> Result<Vec<ShapeId>> {
    match body.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Array(items)) => items
            .iter()
            .map(|item| match item.as_object().and_then(|o| o.get("target")) {
                Some(target) => shape_id(at, key, target),
                None => Err(Error::shape(at, format!("each entry of `{key}` must be an object with a `target`"))),
            })
            .collect(),
        Some(other) => Err(Error::shape(at, format!("`{key}` must be an array, found {}", other.kind()))),
    }
}

fn reference_map(at: &ShapeId, body: &Object, key: &str) -> Result<Vec<(String, ShapeId)>> {
    match body.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Object(entries)) => entries
            .iter()
            .map(|(name, value)| match value.as_object().and_then(|o| o.get("target")) {
                Some(target) => Ok((name.to_owned(), shape_id(at, key, target)?)),
                None => Err(Error::shape(at, format!("`{key}.{name}` must be an object with a `target`"))),
            })
            .collect(),
        Some(other) => Err(Error::shape(at, format!("`{key}` must be an object, found {}", other.kind()))),
    }
}

fn read_operation(id: &ShapeId, body: &Object) -> Result<Operation> {
    Ok(Operation {
        input: reference(id, body, "input")?,
        output: reference(id, body, "output")?,
        errors: reference_list(id, body, "errors")?,
    })
}

fn read_resource(id: &ShapeId, body: &Object) -> Result<Resource> {
    let mut operations = Vec::new();
    for key in ["create", "put", "read", "update", "delete", "list"] {
        operations.extend(reference(id, body, key)?);
    }
    operations.extend(reference_list(id, body, "operations")?);
    operations.extend(reference_list(id, body, "collectionOperations")?);
    Ok(Resource {
        identifiers: reference_map(id, body, "identifiers")?,
        operations,
        resources: reference_list(id, body, "resources")?,
    })
}

fn read_service(id: &ShapeId, body: &Object) -> Result<Service> {
    let version = match body.get("version") {
        None => None,
        Some(Json::String(v)) => Some(v.clone()),
        Some(other) => return Err(Error::shape(id, format!("`version` must be a string, found {}", other.kind()))),
    };
    let mut rename = BTreeMap::new();
    match body.get("rename") {
        None => {}
        Some(Json::Object(entries)) => {
            for (from, to) in entries.iter() {
                let from = shape_id(id, "rename", &Json::String(from.to_owned()))?;
                let to = to
                    .as_str()
                    .ok_or_else(|| Error::shape(id, format!("`rename` of `{from}` must be a string, found {}", to.kind())))?;
                rename.insert(from, to.to_owned());
            }
        }
        Some(other) => return Err(Error::shape(id, format!("`rename` must be an object, found {}", other.kind()))),
    }
    Ok(Service {
        version,
        operations: reference_list(id, body, "operations")?,
        resources: reference_list(id, body, "resources")?,
        errors: reference_list(id, body, "errors")?,
        rename,
    })
}

/// Adds one trait to a trait map the way `apply` does: equal values are fine, list values are
/// concatenated, anything else is a conflict.
fn add_trait(at: &ShapeId, traits: &mut Traits, key: &str, value: &Json) -> Result<()> {
    match traits.get_mut(key) {
        None => {
            traits.insert(key.to_owned(), value.clone());
        }
        Some(existing) if existing == value => {}
        Some(Json::Array(existing)) if matches!(value, Json::Array(_)) => {
            existing.extend(value.as_array().unwrap_or_default().iter().cloned());
        }
        Some(_) => return Err(Error::shape(at, format!("conflicting values for trait `{key}`"))),
    }
    Ok(())
}

fn traits_of<'m>(model: &'m mut Model, target: &ShapeId) -> Option<&'m mut Traits> {
    let shape = model.shapes.get_mut(&target.root())?;
    match target.member() {
        None => Some(&mut shape.traits),
        Some(name) => shape.members.iter_mut().find(|m| m.name == name).map(|m| &mut m.traits),
    }
}

/// Applies each statement whose target exists now and returns the others.
fn apply_traits(model: &mut Model, applies: Vec<Apply>) -> Result<Vec<Apply>> {
    let mut deferred = Vec::new();
    for apply in applies {
        match traits_of(model, &apply.target) {
            Some(traits) => {
                for (key, value) in &apply.traits {
                    add_trait(&apply.target, traits, key, value).map_err(|e| e.in_file(&apply.origin.file))?;
                }
            }
            None => deferred.push(apply),
        }
    }
    Ok(deferred)
}

/// Copies mixin members and traits into the shapes that use them. Mixins are visited in an
/// order where a mixin comes before the shapes that use it (found without recursion: a hostile
/// chain may be thousands long); a mixin's own traits are worked out once, its members are
/// gathered for each shape that uses it by walking its mixins, so a chain of `n` mixins costs
/// `n` per shape that uses it, not `n²`. Mixin shapes themselves keep their declared members:
/// nothing but `apply` looks at them later, and for that one is flattened on demand.
fn flatten_mixins(model: &mut Model) -> Result<()> {
    let order = mixin_order(model)?;
    // Each mixin's traits as a shape using it sees them (its own, and those it inherits).
    let mut effective: BTreeMap<ShapeId, Traits> = BTreeMap::new();
    for id in order {
        let shape = &model.shapes[&id];
        let mut traits = Traits::new();
        for mixin in &shape.mixins {
            let mixin_shape = &model.shapes[mixin];
            let local: BTreeSet<&str> = local_traits(mixin_shape);
            for (key, value) in &effective[mixin] {
                if key != "smithy.api#mixin" && !local.contains(key.as_str()) {
                    traits.insert(key.clone(), value.clone());
                }
            }
        }
        let is_mixin = shape.has_trait("smithy.api#mixin");
        let mut own = shape.traits.clone();
        traits.append(&mut own);
        if is_mixin {
            effective.insert(id, traits);
            continue;
        }
        let members = flattened_members(model, &id)?;
        let shape = model.shapes.get_mut(&id).expect("shape being flattened exists");
        shape.traits = traits;
        shape.members = members;
        shape.mixins.clear();
    }
    for (id, traits) in effective {
        if let Some(shape) = model.shapes.get_mut(&id) {
            shape.traits = traits;
        }
    }
    Ok(())
}

fn local_traits(mixin: &Shape) -> BTreeSet<&str> {
    match mixin.traits.get("smithy.api#mixin").and_then(|m| m.as_object()).and_then(|m| m.get("localTraits")) {
        Some(Json::Array(list)) => list.iter().filter_map(|t| t.as_str()).collect(),
        _ => BTreeSet::new(),
    }
}

/// Every shape with mixins, each after the mixins it uses; a cycle or a missing mixin is an
/// error.
fn mixin_order(model: &Model) -> Result<Vec<ShapeId>> {
    let mut order = Vec::new();
    let mut done: BTreeSet<ShapeId> = BTreeSet::new();
    for start in model.shapes.values().filter(|s| !s.mixins.is_empty()).map(|s| s.id.clone()) {
        let mut stack = vec![(start, false)];
        let mut on_path = BTreeSet::new();
        while let Some((current, expanded)) = stack.pop() {
            if done.contains(&current) {
                continue;
            }
            if expanded {
                on_path.remove(&current);
                done.insert(current.clone());
                order.push(current);
                continue;
            }
            let mixins = mixins_of(model, &current)?;
            if !on_path.insert(current.clone()) {
                let file = model.shapes.get(&current).map(|s| s.origin.file.to_string()).unwrap_or_default();
                return Err(Error::shape(&current, "its mixins form a cycle").in_file(&file));
            }
            stack.push((current, true));
            stack.extend(mixins.into_iter().filter(|m| !done.contains(m)).map(|m| (m, false)));
        }
    }
    Ok(order)
}

/// A shape's members with its mixins' first, each mixin's own mixins before it, each mixin once;
/// a member declared again (to add traits) keeps its place and gains the traits.
fn flattened_members(model: &Model, id: &ShapeId) -> Result<Vec<Member>> {
    // The mixins in the order their members come: a depth-first walk, post-order.
    let mut sequence: Vec<&ShapeId> = Vec::new();
    let mut seen: BTreeSet<&ShapeId> = BTreeSet::new();
    let root = &model.shapes[id];
    let mut stack: Vec<(&ShapeId, usize)> = vec![(&root.id, 0)];
    while let Some((current, next)) = stack.pop() {
        let mixins = &model.shapes[current].mixins;
        if let Some(mixin) = mixins.get(next) {
            stack.push((current, next + 1));
            if seen.insert(mixin) {
                stack.push((mixin, 0));
            }
        } else {
            sequence.push(current);
        }
    }
    let mut members: Vec<Member> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for shape_id in sequence {
        let shape = &model.shapes[shape_id];
        for member in &shape.members {
            match index.get(&member.name) {
                Some(&at) if members[at].target != member.target => {
                    return Err(Error::shape(shape_id.with_member(&member.name), format!("redeclares a mixin member with a different target (`{}`)", members[at].target))
                        .in_file(&shape.origin.file));
                }
                Some(&at) => members[at].traits.extend(member.traits.clone()),
                None => {
                    index.insert(member.name.clone(), members.len());
                    members.push(member.clone());
                }
            }
        }
    }
    Ok(members)
}

fn mixins_of(model: &Model, id: &ShapeId) -> Result<Vec<ShapeId>> {
    let shape = model.shapes.get(id).ok_or_else(|| Error::shape(id, "mixin does not exist"))?;
    let ids = shape.mixins.clone();
    for mixin in &ids {
        match model.shapes.get(mixin) {
            Some(m) if m.has_trait("smithy.api#mixin") => {}
            Some(_) => return Err(Error::shape(id, format!("uses `{mixin}` as a mixin, but it has no @mixin trait")).in_file(&shape.origin.file)),
            None => return Err(Error::shape(id, format!("mixin `{mixin}` does not exist")).in_file(&shape.origin.file)),
        }
    }
    Ok(ids)
}

/// Makes default values explicit on members: a member whose target has a default takes it (as
/// Smithy's own loader does), and in IDL 1.0 files, a member targeting a number or boolean shape
/// without `@box` is non-null with a zero default.
fn fill_implied_defaults(model: &mut Model) {
    let mut implied: Vec<(ShapeId, usize, Json)> = Vec::new();
    for shape in model.shapes.values().filter(|s| s.kind == ShapeKind::Structure) {
        for (index, member) in shape.members.iter().enumerate() {
            if member.traits.contains_key("smithy.api#default") || member.traits.contains_key("smithy.api#box") {
                continue;
            }
            let Some(target) = model.shapes.get(&member.target) else { continue };
            let value = match target.traits.get("smithy.api#default") {
                Some(value) => value.clone(),
                None if shape.origin.version == IdlVersion::V1 && !target.has_trait("smithy.api#box") => match target.kind {
                    ShapeKind::Boolean => Json::Bool(false),
                    ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => Json::Number(0.into()),
                    ShapeKind::Float | ShapeKind::Double => Json::Number(0.into()),
                    _ => continue,
                },
                None => continue,
            };
            implied.push((shape.id.clone(), index, value));
        }
    }
    for (id, index, value) in implied {
        if let Some(shape) = model.shapes.get_mut(&id) {
            shape.members[index].traits.insert("smithy.api#default".into(), value);
        }
    }
}

/// Every reference in the model must name an existing shape of a fitting kind.
fn check_references(model: &Model) -> Result<()> {
    let mut errors = Vec::new();
    for shape in model.shapes.values() {
        let mut fail = |at: ShapeId, message: String| errors.push(Error::shape(at, message).in_file(&shape.origin.file));
        for member in &shape.members {
            match model.shapes.get(&member.target) {
                None => fail(shape.id.with_member(&member.name), format!("targets `{}`, which is not defined", member.target)),
                Some(t) if t.has_trait("smithy.api#mixin") => fail(shape.id.with_member(&member.name), format!("targets the mixin `{}`", member.target)),
                Some(t) if matches!(t.kind, ShapeKind::Operation(_) | ShapeKind::Resource(_) | ShapeKind::Service(_)) => {
                    fail(shape.id.with_member(&member.name), format!("targets the {} `{}`", t.kind.name(), member.target))
                }
                Some(_) => {}
            }
        }
        let refs: Vec<(&str, &ShapeId)> = match &shape.kind {
            ShapeKind::Operation(op) => op
                .input
                .iter()
                .map(|i| ("input", i))
                .chain(op.output.iter().map(|o| ("output", o)))
                .chain(op.errors.iter().map(|e| ("errors", e)))
                .collect(),
            ShapeKind::Resource(r) => r
                .operations
                .iter()
                .map(|o| ("operation", o))
                .chain(r.resources.iter().map(|x| ("resource", x)))
                .chain(r.identifiers.iter().map(|(_, t)| ("identifier", t)))
                .collect(),
            ShapeKind::Service(s) => s
                .operations
                .iter()
                .map(|o| ("operation", o))
                .chain(s.resources.iter().map(|x| ("resource", x)))
                .chain(s.errors.iter().map(|e| ("errors", e)))
                .collect(),
            _ => Vec::new(),
        };
        for (role, target) in refs {
            let Some(found) = model.shapes.get(target) else {
                fail(shape.id.clone(), format!("its {role} `{target}` is not defined"));
                continue;
            };
            let fits = match role {
                "input" | "output" | "errors" => found.kind == ShapeKind::Structure,
                "operation" => matches!(found.kind, ShapeKind::Operation(_)),
                "resource" => matches!(found.kind, ShapeKind::Resource(_)),
                _ => true,
            };
            if !fits {
                let expected = match role {
                    "operation" => "an operation",
                    "resource" => "a resource",
                    _ => "a structure",
                };
                fail(shape.id.clone(), format!("its {role} `{target}` must be {expected}, but is a {}", found.kind.name()));
            }
        }
    }
    Error::combine(errors).map_or(Ok(()), Err)
}

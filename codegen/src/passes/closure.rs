//! Pass: selects each service's operations (directly and through resources, or only the ones
//! asked for) and the closure of shapes they reach through inputs, outputs, errors and members.

use std::collections::{BTreeSet, VecDeque};

use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeKind};

/// One service and what is generated for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub service: ShapeId,
    /// The selected operations, in the order the service lists them (resources after direct
    /// operations), each once.
    pub operations: Vec<ShapeId>,
    /// Every data shape the operations reach, including errors (the service's common ones too).
    pub shapes: BTreeSet<ShapeId>,
}

/// Selects every service of the model, or with a non-empty `services` only those (by shape name
/// or absolute id); with a non-empty `only`, just the operations named there (likewise), and just
/// the services that have one of them.
pub fn select(model: &Model, services: &[String], only: &[String]) -> Result<Vec<Selection>> {
    let named = |id: &ShapeId, names: &[String]| names.iter().any(|n| n == id.as_str() || n == id.name());
    let all: Vec<&ShapeId> =
        model.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Service(_))).map(|s| &s.id).collect();
    if all.is_empty() {
        return Err(Error::new("the model defines no service shape, so there are no operations to generate"));
    }
    let missing = services.iter().filter(|name| !all.iter().any(|id| named(id, std::slice::from_ref(name))));
    let mut names: Vec<&str> = all.iter().map(|id| id.name()).collect();
    names.sort_unstable();
    names.dedup();
    let unknown_service = |name: &String| {
        let mut text = format!("the model has no service named `{name}`");
        if let Some(near) = crate::naming::nearest(name, &names) {
            text.push_str(&format!("; did you mean `{near}`?"));
        }
        text.push_str(&format!(" (its services: {})", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")));
        Error::new(text)
    };
    if let Some(error) = Error::combine(missing.map(unknown_service).collect()) {
        return Err(error);
    }
    let services: Vec<&ShapeId> = all.into_iter().filter(|id| services.is_empty() || named(id, services)).collect();
    let mut matched = BTreeSet::new();
    let mut selections = Vec::new();
    for service in services {
        let mut operations = service_operations(model, service);
        if !only.is_empty() {
            operations.retain(|op| {
                let hit = only.iter().find(|name| *name == op.as_str() || *name == op.name());
                hit.inspect(|name| {
                    matched.insert(name.as_str());
                })
                .is_some()
            });
            if operations.is_empty() {
                continue;
            }
        }
        let shapes = closure(model, service, &operations);
        selections.push(Selection { service: service.clone(), operations, shapes });
    }
    let missing = only.iter().filter(|name| !matched.contains(name.as_str()));
    let operations: Vec<&str> = selections_all_operations(model);
    let unknown_operation = |name: &String| {
        let mut text = format!("no service of the model has an operation named `{name}`");
        match crate::naming::nearest(name, &operations) {
            Some(near) => text.push_str(&format!("; did you mean `{near}`?")),
            None if operations.len() <= 12 => {
                text.push_str(&format!(" (its operations: {})", operations.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")))
            }
            None => text.push_str(&format!(" (it has {} operations)", operations.len())),
        }
        Error::new(text)
    };
    if let Some(error) = Error::combine(missing.map(unknown_operation).collect()) {
        return Err(error);
    }
    Ok(selections)
}

/// The selection of one service's operations named in `names` (shape names), each once, with
/// what they reach; names the service does not have are left out.
pub fn select_named(model: &Model, service: &ShapeId, names: &[String]) -> Selection {
    let mut operations = service_operations(model, service);
    operations.retain(|op| names.iter().any(|name| name == op.name()));
    let shapes = closure(model, service, &operations);
    Selection { service: service.clone(), operations, shapes }
}

/// The names of every operation of every service, sorted, each once.
fn selections_all_operations(model: &Model) -> Vec<&str> {
    let mut names: Vec<&str> = model.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Operation(_))).map(|s| s.id.name()).collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn service_operations(model: &Model, service: &ShapeId) -> Vec<ShapeId> {
    let ShapeKind::Service(definition) = &model.shapes[service].kind else { unreachable!("selected a non-service") };
    let mut operations = definition.operations.clone();
    let mut resources: VecDeque<ShapeId> = definition.resources.iter().cloned().collect();
    let mut seen_resources = BTreeSet::new();
    while let Some(resource) = resources.pop_front() {
        if !seen_resources.insert(resource.clone()) {
            continue;
        }
        if let Some(ShapeKind::Resource(r)) = model.shape(&resource).map(|s| &s.kind) {
            operations.extend(r.operations.iter().cloned());
            resources.extend(r.resources.iter().cloned());
        }
    }
    let mut seen = BTreeSet::new();
    operations.retain(|op| seen.insert(op.clone()));
    operations
}

fn closure(model: &Model, service: &ShapeId, operations: &[ShapeId]) -> BTreeSet<ShapeId> {
    let mut queue: VecDeque<ShapeId> = VecDeque::new();
    if let ShapeKind::Service(definition) = &model.shapes[service].kind {
        queue.extend(definition.errors.iter().cloned());
    }
    for op in operations {
        if let Some(ShapeKind::Operation(o)) = model.shape(op).map(|s| &s.kind) {
            queue.extend(o.input.iter().chain(&o.output).chain(&o.errors).cloned());
        }
    }
    let mut shapes = BTreeSet::new();
    while let Some(id) = queue.pop_front() {
        if !shapes.insert(id.clone()) {
            continue;
        }
        if let Some(shape) = model.shape(&id) {
            queue.extend(shape.members.iter().map(|m| m.target.clone()).filter(|t| !shapes.contains(t)));
        }
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{load, Source};

    fn model(shapes: &str) -> Model {
        load(&[Source { name: "t.json".into(), text: format!(r#"{{"smithy": "2.0", "shapes": {{{shapes}}}}}"#) }]).unwrap()
    }

    const SERVICE: &str = r#"
        "ex#Svc": {"type": "service", "operations": [{"target": "ex#B"}, {"target": "ex#A"}],
                   "resources": [{"target": "ex#R"}], "errors": [{"target": "ex#Common"}]},
        "ex#R": {"type": "resource", "read": {"target": "ex#C"}, "operations": [{"target": "ex#A"}]},
        "ex#A": {"type": "operation", "input": {"target": "ex#AIn"}},
        "ex#B": {"type": "operation", "output": {"target": "ex#BOut"}, "errors": [{"target": "ex#Oops"}]},
        "ex#C": {"type": "operation"},
        "ex#AIn": {"type": "structure", "members": {"l": {"target": "ex#L"}}},
        "ex#L": {"type": "list", "member": {"target": "ex#Item"}},
        "ex#Item": {"type": "structure", "members": {"self": {"target": "ex#Item"}, "s": {"target": "smithy.api#String"}}},
        "ex#BOut": {"type": "structure"},
        "ex#Oops": {"type": "structure", "traits": {"smithy.api#error": "client"}},
        "ex#Common": {"type": "structure", "traits": {"smithy.api#error": "server"}},
        "ex#Unused": {"type": "structure"}
    "#;

    #[test]
    fn selects_operations_through_resources_once() {
        let selected = select(&model(SERVICE), &[], &[]).unwrap();
        let ops: Vec<&str> = selected[0].operations.iter().map(|o| o.name()).collect();
        assert_eq!(ops, ["B", "A", "C"]);
        let shapes: Vec<&str> = selected[0].shapes.iter().map(|s| s.as_str()).collect();
        assert_eq!(shapes, ["ex#AIn", "ex#BOut", "ex#Common", "ex#Item", "ex#L", "ex#Oops", "smithy.api#String"]);
    }

    #[test]
    fn only_named_operations() {
        let selected = select(&model(SERVICE), &[], &["A".into()]).unwrap();
        assert_eq!(selected[0].operations, [ShapeId::parse("ex#A").unwrap()]);
        assert!(!selected[0].shapes.contains(&ShapeId::parse("ex#Oops").unwrap()));
        let err = select(&model(SERVICE), &[], &["Nope".into()]).unwrap_err();
        assert_eq!(err.to_string(), "no service of the model has an operation named `Nope` (its operations: `A`, `B`, `C`)");
        let err = select(&model(SERVICE), &[], &["a".into()]).unwrap_err();
        assert_eq!(err.to_string(), "no service of the model has an operation named `a`; did you mean `A`?");
    }

    #[test]
    fn only_named_services() {
        let two = format!(r#"{SERVICE}, "other#Svc": {{"type": "service"}}"#);
        let selected = select(&model(&two), &["other#Svc".into()], &[]).unwrap();
        assert_eq!(selected.iter().map(|s| s.service.as_str()).collect::<Vec<_>>(), ["other#Svc"]);
        let selected = select(&model(&two), &["Svc".into()], &[]).unwrap();
        assert_eq!(selected.len(), 2, "a bare name selects every service of that name");
        let err = select(&model(&two), &["Nope".into()], &[]).unwrap_err();
        assert_eq!(err.to_string(), "the model has no service named `Nope` (its services: `Svc`)");
        let err = select(&model(&two), &["svx".into()], &[]).unwrap_err();
        assert_eq!(err.to_string(), "the model has no service named `svx`; did you mean `Svc`? (its services: `Svc`)");
    }
}

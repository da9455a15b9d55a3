//! IR stage: builds the IR of each selected service from the loaded model.

use std::collections::{BTreeMap, BTreeSet};

use super::traits::{EnumValue, Traits};
use super::{Crate, DefaultValue, Enum, EnumVariant, Member, Operation, OperationError, Service, Structure, TypeDef, TypeKind, TypeRef, Union};
use crate::docs;
use crate::error::{Error, Result};
use crate::model::{Json, Model, Shape, ShapeId, ShapeKind};
use crate::naming;
use crate::passes::closure::Selection;
use crate::passes::recursion;


/// Lists and maps nested deeper than this are refused: the generated types and the generator's
/// own recursion over them would grow without bound (real models nest a handful deep).
const MAX_COLLECTION_NESTING: usize = 32;

/// The test cases of the model the IR reads, beyond those the docs' examples use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tests {
    /// The protocol compliance cases (`smithy.test`) of the selected operations and errors.
    pub compliance: bool,
    /// The endpoint rules' test cases, read strictly: a case that does not parse is an error
    /// (otherwise they are read leniently, for the docs' examples only).
    pub endpoint: bool,
}

/// Builds the IR of every selection.
pub fn build(model: &Model, selections: &[Selection]) -> Result<Crate> {
    build_with(model, selections, Tests::default())
}

/// Builds the IR of every selection, with the test cases `tests` asks for.
pub fn build_with(model: &Model, selections: &[Selection], tests: Tests) -> Result<Crate> {
    // Each service on its own core, its warnings kept with it; both in the selections' order.
    let built = crate::parallel::map(selections, |s| {
        let mut warnings = Vec::new();
        (service(model, s, &mut warnings), warnings)
    });
    let (services, warnings): (Vec<_>, Vec<_>) = built.into_iter().unzip();
    let warnings: Vec<Error> = warnings.into_iter().flatten().collect();
    let mut services = crate::error::collect(services)?;
    let mut modules: Vec<String> = services.iter().map(|s| s.module.clone()).collect();
    let reserved: Vec<&str> = crate::runtime::reserved_names().collect();
    naming::deduplicate(&mut modules, &reserved);
    for (service, module) in services.iter_mut().zip(modules) {
        service.module = module;
    }
    services.sort_by(|a, b| a.module.cmp(&b.module));
    for service in &mut services {
        if tests.compliance {
            service.compliance = super::compliance::cases(model, service)?;
        }
        if tests.endpoint {
            service.endpoint_tests = super::endpoint::tests(&service.id, &model.shapes[&service.id].traits)?;
            super::endpoint::resolve_tests(service);
        }
    }
    Ok(Crate { services, warnings, partitions: Vec::new(), endpoint_tests: tests.endpoint })
}

fn parse_traits(shape: &Shape) -> Result<Traits> {
    Traits::parse(&shape.id, &shape.traits).map_err(|e| e.in_file(&shape.origin.file))
}

fn doc(traits: &Traits) -> Option<String> {
    traits.documentation.as_deref().map(docs::to_markdown).filter(|d| !d.is_empty())
}

/// What one service's IR is built from.
struct Context<'a> {
    model: &'a Model,
    traits: BTreeMap<ShapeId, Traits>,
    names: BTreeMap<ShapeId, String>,
    boxed: BTreeSet<ShapeId>,
}

fn service(model: &Model, selection: &Selection, warnings: &mut Vec<Error>) -> Result<Service> {
    let shape = &model.shapes[&selection.service];
    let ShapeKind::Service(definition) = &shape.kind else { unreachable!("selection of a non-service") };
    let service_traits = parse_traits(shape)?;
    let mut traits = BTreeMap::new();
    for id in &selection.shapes {
        traits.insert(id.clone(), parse_traits(&model.shapes[id])?);
    }
    let names = type_names(model, selection, &traits, &definition.rename);
    let boxed = recursion::boxed_members(model, &selection.shapes);
    let cx = Context { model, traits, names, boxed };

    // Every broken shape and operation is reported, not only the first.
    let ids: Vec<&ShapeId> = cx.names.keys().collect();
    let defs = crate::error::collect(crate::parallel::map(&ids, |id| cx.type_def(&model.shapes[*id])));
    let operations = operations(model, selection, &definition.errors, &cx.names);
    let (defs, mut operations) = match (defs, operations) {
        (Ok(defs), Ok(operations)) => (defs, operations),
        (defs, operations) => return Err(Error::combine([defs.err(), operations.err()].into_iter().flatten().collect()).expect("an error")),
    };
    let mut types: BTreeMap<ShapeId, TypeDef> = cx.names.keys().cloned().zip(defs).collect();
    // Outputs and errors keep what their response said besides their members.
    for id in operations.iter().flat_map(|op| op.output.iter().chain(op.error_shapes())) {
        if let Some(TypeDef::Structure(s)) = types.get_mut(id) {
            let mut names: Vec<String> = s.members.iter().map(|m| m.ident.clone()).collect();
            names.push("meta".to_owned());
            naming::deduplicate(&mut names, &[]);
            s.meta = names.pop();
        }
    }
    // Event streams, in and out. Input ones sign every message, which needs the client: they
    // are refused when a request is encoded, and said so now.
    let stream_of = |id: Option<&ShapeId>| match id.and_then(|id| types.get(id)) {
        Some(TypeDef::Structure(s)) => s.event_stream().map(|m| (m.clone(), m.ty.shape.clone())),
        _ => None,
    };
    for op in &mut operations {
        op.output_stream = stream_of(op.output.as_ref());
        op.input_stream = stream_of(op.input.as_ref());
        // A token the caller may leave unset is filled in before the request goes out.
        op.idempotency_token = match op.input.as_ref().and_then(|id| types.get(id)) {
            Some(TypeDef::Structure(input)) => input
                .members
                .iter()
                .find(|m| m.traits.idempotency_token && m.optional && m.ty.kind == TypeKind::String)
                .map(|m| m.ident.clone()),
            _ => None,
        };
        if op.input_stream.is_some() {
            let file = model.shapes[&op.id].origin.file.to_string();
            warnings.push(Error::shape(&op.id, "its input is an event stream, which is not supported yet: its requests fail to encode").in_file(&file));
        }
    }
    let paginations = operations.iter().map(|op| {
        let file = model.shapes[&op.id].origin.file.to_string();
        pagination(op, &types, service_traits.paginated.as_ref(), warnings).map_err(|e| e.in_file(&file))
    });
    let paginations = crate::error::collect(paginations.collect::<Vec<_>>())?;
    for (op, pagination) in operations.iter_mut().zip(paginations) {
        op.pagination = pagination;
    }
    check_required_cycles(&types, model)?;
    // Read leniently, for the docs' examples: test data never stops a generation
    // (`endpoint-tests` reads them strictly).
    let endpoint_tests = super::endpoint::tests(&selection.service, &shape.traits).unwrap_or_default();
    let endpoint = super::endpoint::rules(&selection.service, &shape.traits).map_err(|e| e.in_file(&shape.origin.file))?;
    if let Some(rules) = &endpoint {
        let bindings = operations.iter().map(|op| {
            let input = match op.input.as_ref().and_then(|id| types.get(id)) {
                Some(TypeDef::Structure(s)) => Some(s),
                _ => None,
            };
            super::endpoint::bindings(model, &op.id, input, &types, rules)
        });
        let bindings = crate::error::collect(bindings.collect::<Vec<_>>())?;
        for (op, bindings) in operations.iter_mut().zip(bindings) {
            op.endpoint_bindings = bindings;
        }
    }
    // Operations are emitted for a service with a protocol; one the generator does not know is
    // refused, but only when some operation of it was selected (its types are still generated).
    if let Some(protocol) = service_traits.protocol.as_ref().filter(|p| !p.is_supported() && !operations.is_empty()) {
        let message = format!("protocol `{}` is not supported (awsJson1_0, awsJson1_1 and restJson1 are)", protocol.trait_id());
        return Err(Error::shape(&selection.service, message).in_file(&shape.origin.file));
    }
    super::http::resolve(&mut operations, &mut types, &cx.traits, service_traits.protocol.as_ref())?;
    // restJson1 reads and writes operation inputs, outputs and errors as whole HTTP messages, so
    // its JSON code starts at their members; the awsJson protocols send them as JSON documents.
    let http_bound = service_traits.protocol.as_ref().is_some_and(super::Protocol::binds_http);
    // A restJson1 output or error without binding traits is just a JSON body, read and written
    // like any structure; inputs always have their body written in place.
    let roots = |tops: Vec<&ShapeId>, whole_if_unbound: bool| -> Vec<ShapeId> {
        tops.into_iter()
            .flat_map(|id| match types.get(id) {
                Some(TypeDef::Structure(s)) if http_bound && (!whole_if_unbound || s.response_bound()) => {
                    s.members.iter().flat_map(|m| m.ty.named()).cloned().collect::<Vec<_>>()
                }
                _ => vec![id.clone()],
            })
            .collect()
    };
    // An input event stream is never encoded (see `input_stream`).
    let inputs: Vec<&ShapeId> = operations.iter().filter(|op| op.input_stream.is_none()).filter_map(|op| op.input.as_ref()).collect();
    let outputs: Vec<&ShapeId> = operations.iter().filter_map(|op| op.output.as_ref()).collect();
    let errors: Vec<&ShapeId> = operations.iter().flat_map(Operation::error_shapes).collect();
    // A streaming union's `Event` impl reads and writes its events, whichever way they flow.
    let streams: Vec<ShapeId> = operations.iter().flat_map(|op| op.input_stream.iter().chain(&op.output_stream)).map(|(_, union)| union.clone()).collect();
    let written_roots = [roots(inputs.clone(), false), roots(outputs.clone(), true), streams.clone()].concat();
    let read_roots = [roots(outputs, true), roots(errors, true), streams].concat();
    let written = reachable(&types, written_roots.iter());
    let read = reachable(&types, read_roots.iter());
    let validated = reachable(&types, inputs.iter().copied());
    let sensitive = sensitive_types(&types);
    let decoded = read.iter().chain(operations.iter().flat_map(|op| op.output.iter().chain(op.error_shapes())));
    let zeroed = zero_values(&types, decoded);
    let file_of = |id: &ShapeId| model.shapes.get(id).map(|s| s.origin.file.to_string()).unwrap_or_default();
    let validation = super::validation::analyse(&types, &cx.traits, &validated, file_of, warnings);
    // The official SDKs name a service's crate or package after its `sdkId`, its spaces and
    // dashes removed (`CloudWatch Logs` -> `cloudwatchlogs`); a service without one is named
    // after its shape.
    let module = match service_traits.sdk_id.as_deref() {
        Some(sdk_id) => naming::module_from_sdk_id(sdk_id),
        None => naming::field(selection.service.name()),
    };
    let mut service = Service {
        id: selection.service.clone(),
        // A module named by a keyword (`type`) takes a `_`, so its folder and its path agree.
        module: module.strip_prefix("r#").map_or(module.clone(), |keyword| format!("{keyword}_")),
        doc: doc(&service_traits),
        traits: service_traits,
        version: definition.version.clone(),
        operations,
        types,
        shape_traits: cx.traits,
        written,
        read,
        validated,
        validation,
        sensitive,
        zeroed,
        compliance: Vec::new(),
        endpoint_examples: endpoint.as_ref().map(|rules| super::endpoint::examples(rules, &endpoint_tests)).unwrap_or_default(),
        endpoint_tests,
        endpoint,
    };
    super::endpoint::resolve_tests(&mut service);
    Ok(service)
}

/// The structures whose zero value a reader needs: those a decoded structure requires without a
/// default and that have no `Default`, and the ones their zero values require in turn.
fn zero_values<'a>(types: &BTreeMap<ShapeId, TypeDef>, decoded: impl Iterator<Item = &'a ShapeId>) -> BTreeSet<ShapeId> {
    let needs = |id: &ShapeId| -> Vec<ShapeId> {
        match types.get(id) {
            Some(TypeDef::Structure(s)) => s
                .members
                .iter()
                .filter(|m| !m.optional && m.default.is_none() && m.ty.kind == TypeKind::Named)
                .filter(|m| matches!(types.get(&m.ty.shape), Some(TypeDef::Structure(t)) if !t.infallible()))
                .map(|m| m.ty.shape.clone())
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut zeros = BTreeSet::new();
    let mut stack: Vec<ShapeId> = decoded.flat_map(needs).collect();
    while let Some(id) = stack.pop() {
        if zeros.insert(id.clone()) {
            stack.extend(needs(&id));
        }
    }
    zeros
}

/// Resolves an operation's `@paginated` (merged over the service's) to member paths, checking
/// that each names a member of a usable type. Tokens may be any type the input and output share
/// (strings, or DynamoDB's maps of attribute values); items a list or a map; the page size an
/// integer, long or string member of the input. What cannot be used is left out with a warning.
fn pagination(
    op: &Operation,
    types: &BTreeMap<ShapeId, TypeDef>,
    defaults: Option<&super::traits::Paginated>,
    warnings: &mut Vec<Error>,
) -> Result<Option<super::Pagination>> {
    let Some(own) = &op.traits.paginated else { return Ok(None) };
    let pick = |field: fn(&super::traits::Paginated) -> &Option<String>| field(own).clone().or_else(|| defaults.and_then(|d| field(d).clone()));
    let fail = |what: String| Error::shape(&op.id, format!("@paginated: {what}"));
    let structure = |id: Option<&ShapeId>, role: &str| match id.and_then(|id| types.get(id)) {
        Some(TypeDef::Structure(s)) => Ok(s),
        _ => Err(fail(format!("the operation has no {role} structure"))),
    };
    let input = structure(op.input.as_ref(), "input")?;
    let output = structure(op.output.as_ref(), "output")?;
    // Walks `a.b.c` through structures and returns the steps and the last member's type.
    let walk = |start: &Structure, path: &str, role: &str| -> Result<(Vec<super::PathStep>, TypeRef)> {
        let mut current = start;
        let mut steps = Vec::new();
        let segments: Vec<&str> = path.split('.').collect();
        for (index, segment) in segments.iter().enumerate() {
            let member = current
                .members
                .iter()
                .find(|m| m.name == *segment)
                .ok_or_else(|| fail(format!("{role} `{path}`: `{}` has no member `{segment}`", current.id)))?;
            steps.push(super::PathStep { field: member.ident.clone(), optional: member.optional });
            if index + 1 == segments.len() {
                return Ok((steps, member.ty.clone()));
            }
            current = match types.get(&member.ty.shape) {
                Some(TypeDef::Structure(s)) if member.ty.kind == TypeKind::Named => s,
                _ => return Err(fail(format!("{role} `{path}`: `{segment}` is not a structure"))),
            };
        }
        Err(fail(format!("{role} is empty")))
    };
    let input_token = pick(|p| &p.input_token).ok_or_else(|| fail("no inputToken".into()))?;
    let (mut input_steps, input_type) = walk(input, &input_token, "inputToken")?;
    if input_steps.len() != 1 {
        return Err(fail(format!("inputToken `{input_token}` must be a member of the input itself")));
    }
    let output_token = pick(|p| &p.output_token).ok_or_else(|| fail("no outputToken".into()))?;
    let (output_steps, output_type) = walk(output, &output_token, "outputToken")?;
    // The token goes back as it came: both members must hold the same Rust type.
    if !input_type.same_rust_type(&output_type) {
        return Err(fail(format!("inputToken `{input_token}` and outputToken `{output_token}` have different types")));
    }
    let items = match pick(|p| &p.items) {
        None => None,
        Some(path) => {
            let (steps, ty) = walk(output, &path, "items")?;
            if matches!(ty.kind, TypeKind::List { .. } | TypeKind::Map { .. }) {
                Some((steps, ty))
            } else {
                warnings.push(fail(format!("items `{path}` is neither a list nor a map, so pages can be walked but not items")).in_file(&op.file));
                None
            }
        }
    };
    let page_size = match pick(|p| &p.page_size) {
        None => None,
        Some(path) => {
            let (mut steps, ty) = walk(input, &path, "pageSize")?;
            if steps.len() == 1 && matches!(ty.kind, TypeKind::Integer | TypeKind::Long | TypeKind::String) {
                Some((steps.remove(0), ty.kind))
            } else {
                warnings.push(fail(format!("pageSize `{path}` is not an integer, long or string member of the input; the page size cannot be set")).in_file(&op.file));
                None
            }
        }
    };
    Ok(Some(super::Pagination { input_token: input_steps.remove(0), token: input_type, output_token: output_steps, items, page_size }))
}

/// The named types that hold `@sensitive` data somewhere inside: the type itself, a member, or
/// a type a member reaches.
fn sensitive_types(types: &BTreeMap<ShapeId, TypeDef>) -> BTreeSet<ShapeId> {
    let seeds = types
        .iter()
        .filter(|(_, def)| match def {
            TypeDef::Structure(s) => s.traits.sensitive || s.members.iter().any(|m| m.sensitive),
            TypeDef::Union(u) => u.traits.sensitive || u.members.iter().any(|m| m.sensitive),
            TypeDef::Enum(e) => e.traits.sensitive,
        })
        .map(|(id, _)| id.clone())
        .collect();
    super::containers_of(types, seeds)
}

/// The named types reachable from `roots` through members.
fn reachable<'a>(types: &BTreeMap<ShapeId, TypeDef>, roots: impl Iterator<Item = &'a ShapeId>) -> BTreeSet<ShapeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<ShapeId> = roots.cloned().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let members = match types.get(&id) {
            Some(TypeDef::Structure(s)) => &s.members,
            Some(TypeDef::Union(u)) if u.traits.streaming => {
                // An event is a message, not JSON: an event structure is read and written whole
                // only when none of its members travel in headers or as the raw payload.
                for event in u.members.iter().filter_map(|m| match types.get(&m.ty.shape) {
                    Some(TypeDef::Structure(s)) => Some(s),
                    _ => None,
                }) {
                    if event.members.iter().any(|m| m.traits.event_header || m.traits.event_payload) {
                        stack.extend(event.members.iter().flat_map(|m| m.ty.named()).cloned());
                    } else {
                        stack.push(event.id.clone());
                    }
                }
                continue;
            }
            Some(TypeDef::Union(u)) => &u.members,
            _ => continue,
        };
        stack.extend(members.iter().flat_map(|m| m.ty.named()).filter(|t| !seen.contains(*t)).cloned());
    }
    seen
}

/// A structure that needs itself through members that are required and have no default can
/// never be complete, and a parser filling in missing members could not stop: reject it.
fn check_required_cycles(types: &BTreeMap<ShapeId, TypeDef>, model: &Model) -> Result<()> {
    let needs = |id: &ShapeId| -> Vec<&ShapeId> {
        match types.get(id) {
            Some(TypeDef::Structure(s)) => s
                .members
                .iter()
                .filter(|m| !m.optional && m.default.is_none() && m.ty.kind == TypeKind::Named)
                .filter(|m| matches!(types.get(&m.ty.shape), Some(TypeDef::Structure(_))))
                .map(|m| &m.ty.shape)
                .collect(),
            _ => Vec::new(),
        }
    };
    // Depth-first with an explicit stack; `state` 1 = on the current path, 2 = finished.
    let mut state: BTreeMap<&ShapeId, u8> = BTreeMap::new();
    for root in types.keys() {
        if state.contains_key(root) {
            continue;
        }
        let mut stack: Vec<(&ShapeId, usize)> = vec![(root, 0)];
        state.insert(root, 1);
        while let Some((id, next)) = stack.last_mut() {
            let children = needs(id);
            if let Some(child) = children.get(*next) {
                *next += 1;
                match state.get(child) {
                    Some(1) => {
                        let file = model.shapes.get(*child).map(|s| s.origin.file.to_string()).unwrap_or_default();
                        return Err(Error::shape(child, "contains itself through required members without defaults, so no value of it can ever be complete").in_file(&file));
                    }
                    Some(_) => {}
                    None => {
                        state.insert(child, 1);
                        stack.push((child, 0));
                    }
                }
            } else {
                state.insert(id, 2);
                stack.pop();
            }
        }
    }
    Ok(())
}

/// Names the shapes that become Rust types: the service's `rename` first, then the shape name
/// in camel case; clashes go to the shape whose id sorts first, the others get `2`, `3`, ...
fn type_names(
    model: &Model,
    selection: &Selection,
    traits: &BTreeMap<ShapeId, Traits>,
    rename: &BTreeMap<ShapeId, String>,
) -> BTreeMap<ShapeId, String> {
    let ids: Vec<&ShapeId> = selection
        .shapes
        .iter()
        .filter(|id| {
            let shape = &model.shapes[*id];
            match shape.kind {
                ShapeKind::Structure => !traits[*id].unit_type,
                ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => true,
                ShapeKind::String => traits[*id].enum_definitions.is_some(),
                _ => false,
            }
        })
        .collect();
    let mut names: Vec<String> = ids.iter().map(|id| naming::type_name(rename.get(*id).map_or(id.name(), String::as_str))).collect();
    naming::deduplicate(&mut names, &[]);
    ids.into_iter().cloned().zip(names).collect()
}

fn operations(model: &Model, selection: &Selection, common_errors: &[ShapeId], names: &BTreeMap<ShapeId, String>) -> Result<Vec<Operation>> {
    let mut type_names: Vec<String> = selection.operations.iter().map(|op| naming::type_name(op.name())).collect();
    naming::deduplicate(&mut type_names, &[]);
    let operations = selection
        .operations
        .iter()
        .zip(type_names)
        .map(|(id, type_name)| {
            let shape = &model.shapes[id];
            let ShapeKind::Operation(op) = &shape.kind else {
                return Err(Error::shape(id, format!("is listed as an operation but is a {}", shape.kind.name())).in_file(&shape.origin.file));
            };
            let traits = parse_traits(shape)?;
            let not_unit = |target: &Option<ShapeId>| target.clone().filter(|t| t.as_str() != "smithy.api#Unit");
            // The operation's errors, then the service's, each once (a model may list one twice).
            let mut errors: Vec<ShapeId> = Vec::new();
            for error in op.errors.iter().chain(common_errors) {
                if !errors.contains(error) {
                    errors.push(error.clone());
                }
            }
            for error in &errors {
                if !model.shapes[error].has_trait("smithy.api#error") {
                    return Err(Error::shape(id, format!("lists `{error}` as an error, but it has no @error trait")).in_file(&shape.origin.file));
                }
            }
            let mut variants: Vec<String> = errors.iter().map(|e| names.get(e).cloned().unwrap_or_default()).collect();
            naming::deduplicate(&mut variants, &[naming::UNHANDLED, naming::INVALID_RESPONSE]);
            let errors = errors.into_iter().zip(variants).map(|(shape, variant)| OperationError { shape, variant }).collect();
            let fn_name = naming::field(id.name());
            Ok(Operation {
                error_enum: format!("{type_name}Error"),
                id: id.clone(),
                name: id.name().to_owned(),
                type_name,
                fn_name,
                doc: doc(&traits),
                traits,
                input: not_unit(&op.input),
                output: not_unit(&op.output),
                errors,
                pagination: None,
                output_stream: None,
                input_stream: None,
                idempotency_token: None,
                file: shape.origin.file.to_string(),
                endpoint_bindings: Vec::new(),
                route: None,
                host_prefix: None,
            })
        })
        .collect::<Vec<_>>();
    crate::error::collect(operations)
}

impl Context<'_> {
    fn fail(&self, at: impl std::fmt::Display, root: &ShapeId, message: String) -> Error {
        Error::shape(at, message).in_file(&self.model.shapes[root].origin.file)
    }

    fn type_def(&self, shape: &Shape) -> Result<TypeDef> {
        let traits = self.traits[&shape.id].clone();
        let name = self.names[&shape.id].clone();
        let doc = doc(&traits);
        Ok(match shape.kind {
            ShapeKind::Structure => {
                let members = self.members(shape, &traits)?;
                TypeDef::Structure(Structure { id: shape.id.clone(), name, doc, traits, members, meta: None })
            }
            ShapeKind::Union => {
                let mut members = self.members(shape, &traits)?;
                if members.is_empty() {
                    return Err(self.fail(&shape.id, &shape.id, "a union needs at least one member".into()));
                }
                let mut idents: Vec<String> = members.iter().map(|m| naming::type_name(&m.name)).collect();
                naming::deduplicate(&mut idents, &[naming::UNKNOWN]);
                for (member, ident) in members.iter_mut().zip(idents) {
                    member.ident = ident;
                    member.optional = false;
                    member.default = None;
                }
                TypeDef::Union(Union { id: shape.id.clone(), name, doc, traits, members, unknown: naming::UNKNOWN.into() })
            }
            ShapeKind::Enum | ShapeKind::IntEnum | ShapeKind::String => {
                let variants = self.enum_variants(shape, &traits)?;
                let int = shape.kind == ShapeKind::IntEnum;
                TypeDef::Enum(Enum { id: shape.id.clone(), name, doc, traits, int, variants, unknown: naming::UNKNOWN.into() })
            }
            _ => unreachable!("only structures, unions and enums are named types"),
        })
    }

    fn enum_variants(&self, shape: &Shape, traits: &Traits) -> Result<Vec<EnumVariant>> {
        let mut variants = Vec::new();
        if let Some(definitions) = &traits.enum_definitions {
            for definition in definitions {
                let source = definition.name.as_deref().unwrap_or(&definition.value);
                variants.push(EnumVariant {
                    name: naming::type_name(source),
                    value: EnumValue::String(definition.value.clone()),
                    doc: definition.documentation.as_deref().map(docs::to_markdown),
                    deprecated: definition.deprecated,
                });
            }
        } else {
            for member in &shape.members {
                let at = shape.id.with_member(&member.name);
                let member_traits = Traits::parse(&at, &member.traits).map_err(|e| e.in_file(&shape.origin.file))?;
                let value = match (&shape.kind, member_traits.enum_value.clone()) {
                    (ShapeKind::Enum, None) => EnumValue::String(member.name.clone()),
                    (ShapeKind::Enum, Some(v @ EnumValue::String(_))) => v,
                    (ShapeKind::IntEnum, Some(EnumValue::Int(v))) if i32::try_from(v).is_ok() => EnumValue::Int(v),
                    (ShapeKind::IntEnum, _) => {
                        return Err(self.fail(at, &shape.id, "an intEnum member needs an integer @enumValue that fits in 32 bits".into()))
                    }
                    _ => return Err(self.fail(at, &shape.id, "an enum member's @enumValue must be a string".into())),
                };
                variants.push(EnumVariant {
                    name: naming::type_name(&member.name),
                    value,
                    doc: doc(&member_traits),
                    deprecated: member_traits.deprecated.is_some(),
                });
            }
        }
        let mut seen = BTreeSet::new();
        for variant in &variants {
            let value = match &variant.value {
                EnumValue::String(s) => s.clone(),
                EnumValue::Int(i) => i.to_string(),
            };
            if !seen.insert(value.clone()) {
                return Err(self.fail(&shape.id, &shape.id, format!("the enum value `{value}` appears twice")));
            }
        }
        let mut names: Vec<String> = variants.iter().map(|v| v.name.clone()).collect();
        naming::deduplicate(&mut names, &[naming::UNKNOWN]);
        for (variant, name) in variants.iter_mut().zip(names) {
            variant.name = name;
        }
        Ok(variants)
    }

    fn members(&self, shape: &Shape, shape_traits: &Traits) -> Result<Vec<Member>> {
        let mut members = Vec::new();
        for member in &shape.members {
            let at = shape.id.with_member(&member.name);
            let traits = Traits::parse(&at, &member.traits).map_err(|e| e.in_file(&shape.origin.file))?;
            let ty = self.type_ref(&member.target, &at, &shape.id, &mut Vec::new())?;
            if ty.kind == TypeKind::Unit && shape.kind != ShapeKind::Union {
                return Err(self.fail(at, &shape.id, "only union members may target smithy.api#Unit".into()));
            }
            let target_traits = &self.traits[&member.target];
            let default = match traits.default.as_ref().filter(|d| **d != Json::Null) {
                Some(value) => Some(self.default_value(value, &ty, &at, &shape.id)?),
                None => None,
            };
            // Smithy 2.0 nullability for clients: members of @input structures and
            // @clientOptional members are always optional; otherwise @required and non-null
            // @default members are present.
            let optional = shape_traits.input || traits.client_optional || !(traits.required || default.is_some());
            members.push(Member {
                name: member.name.clone(),
                ident: String::new(),
                setter: String::new(),
                set_option: String::new(),
                doc: doc(&traits).or_else(|| doc(target_traits).filter(|_| member.target.namespace() != "smithy.api")),
                sensitive: traits.sensitive || target_traits.sensitive || self.holds_sensitive(&ty),
                boxed: self.boxed.contains(&at),
                traits,
                ty,
                optional,
                default,
                read_aliases: if shape_traits.error.is_some() && member.name.eq_ignore_ascii_case("message") {
                    vec!["message".to_owned(), "Message".to_owned()]
                } else {
                    Vec::new()
                },
                binding: Default::default(),
            });
        }
        let mut idents: Vec<String> = members.iter().map(|m| naming::field(&m.name)).collect();
        naming::deduplicate(&mut idents, &[]);
        // A builder has two methods per member, `x` and `set_x`: named together, so that members
        // `tags` and `setTags` cannot both get a `set_tags`.
        let mut methods: Vec<String> = idents
            .iter()
            .flat_map(|i| {
                // `build` is the builder's own; names of std traits' methods (`add`, `next`)
                // would read as those traits' (and clippy says so).
                let taken = naming::bare(i) == "build" || naming::TRAIT_METHODS.contains(&naming::bare(i));
                let setter = if taken { format!("{}_value", naming::bare(i)) } else { i.clone() };
                [setter, format!("set_{}", naming::bare(i))]
            })
            .collect();
        naming::deduplicate(&mut methods, &["build"]);
        let mut methods = methods.into_iter();
        for (member, ident) in members.iter_mut().zip(idents) {
            member.ident = ident;
            member.setter = methods.next().unwrap_or_default();
            member.set_option = methods.next().unwrap_or_default();
        }
        Ok(members)
    }

    /// Resolves a target; `through` holds the collections being resolved, so a list or map that
    /// contains itself without a structure in between is reported instead of looping.
    fn type_ref(&self, target: &ShapeId, at: &ShapeId, root: &ShapeId, through: &mut Vec<ShapeId>) -> Result<TypeRef> {
        let shape = &self.model.shapes[target];
        let kind = match &shape.kind {
            ShapeKind::Blob => TypeKind::Blob,
            ShapeKind::Boolean => TypeKind::Boolean,
            ShapeKind::String if self.names.contains_key(target) => TypeKind::Named,
            ShapeKind::String => TypeKind::String,
            ShapeKind::Byte => TypeKind::Byte,
            ShapeKind::Short => TypeKind::Short,
            ShapeKind::Integer => TypeKind::Integer,
            ShapeKind::Long => TypeKind::Long,
            ShapeKind::Float => TypeKind::Float,
            ShapeKind::Double => TypeKind::Double,
            ShapeKind::BigInteger => TypeKind::BigInteger,
            ShapeKind::BigDecimal => TypeKind::BigDecimal,
            ShapeKind::Timestamp => TypeKind::Timestamp,
            ShapeKind::Document => TypeKind::Document,
            ShapeKind::Structure if self.traits[target].unit_type => TypeKind::Unit,
            ShapeKind::Union if self.traits[target].streaming => TypeKind::EventStream,
            ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => TypeKind::Named,
            ShapeKind::List | ShapeKind::Map => {
                if through.len() >= MAX_COLLECTION_NESTING {
                    return Err(self.fail(at, root, format!("nests lists and maps more than {MAX_COLLECTION_NESTING} deep, which the generator does not support")));
                }
                if through.contains(target) {
                    return Err(self.fail(at, root, format!("`{target}` contains itself through lists or maps only, which has no finite value")));
                }
                through.push(target.clone());
                let sparse = self.traits[target].sparse;
                let mut resolve = |index: usize| -> Result<Box<TypeRef>> {
                    let member = &shape.members[index];
                    Ok(Box::new(self.type_ref(&member.target, &target.with_member(&member.name), target, through)?))
                };
                let kind = if shape.kind == ShapeKind::List {
                    TypeKind::List { item: resolve(0)?, sparse }
                } else {
                    let key = resolve(0)?;
                    if !matches!(key.kind, TypeKind::String) && !self.is_string_enum(&key.shape) {
                        return Err(self.fail(target.with_member("key"), target, "a map key must target a string shape".into()));
                    }
                    TypeKind::Map { key, value: resolve(1)?, sparse }
                };
                through.pop();
                kind
            }
            ShapeKind::Operation(_) | ShapeKind::Resource(_) | ShapeKind::Service(_) => {
                unreachable!("the loader rejects members targeting {}", shape.kind.name())
            }
        };
        Ok(TypeRef { shape: target.clone(), kind })
    }

    /// Whether a list or map holds `@sensitive` values or keys (a named type redacts its own).
    fn holds_sensitive(&self, ty: &TypeRef) -> bool {
        let sensitive = |t: &TypeRef| self.traits.get(&t.shape).is_some_and(|traits| traits.sensitive) || self.holds_sensitive(t);
        match &ty.kind {
            TypeKind::List { item, .. } => sensitive(item),
            TypeKind::Map { key, value, .. } => sensitive(key) || sensitive(value),
            _ => false,
        }
    }

    fn is_string_enum(&self, id: &ShapeId) -> bool {
        let shape = &self.model.shapes[id];
        shape.kind == ShapeKind::Enum || (shape.kind == ShapeKind::String && self.names.contains_key(id))
    }

    fn is_enum(&self, id: &ShapeId) -> bool {
        self.is_string_enum(id) || self.model.shapes[id].kind == ShapeKind::IntEnum
    }

    fn default_value(&self, value: &Json, ty: &TypeRef, at: &ShapeId, root: &ShapeId) -> Result<DefaultValue> {
        let wrong = |expected: &str| self.fail(at, root, format!("@default must be {expected}, found {}", value.kind()));
        let integer = |min: i64, max: i64| -> Result<DefaultValue> {
            match value {
                Json::Number(n) => n.as_i64().filter(|v| (min..=max).contains(v)).map(DefaultValue::Int).ok_or_else(|| wrong("an integer in range")),
                _ => Err(wrong("an integer")),
            }
        };
        Ok(match (&ty.kind, value) {
            (TypeKind::Boolean, Json::Bool(b)) => DefaultValue::Bool(*b),
            (TypeKind::Boolean, _) => return Err(wrong("a boolean")),
            (TypeKind::Byte, _) => integer(i8::MIN.into(), i8::MAX.into())?,
            (TypeKind::Short, _) => integer(i16::MIN.into(), i16::MAX.into())?,
            (TypeKind::Integer, _) => integer(i32::MIN.into(), i32::MAX.into())?,
            (TypeKind::Long, _) => integer(i64::MIN, i64::MAX)?,
            (TypeKind::Float | TypeKind::Double, Json::Number(n)) => DefaultValue::Float(n.as_f64().ok_or_else(|| wrong("a number"))?),
            (TypeKind::Float | TypeKind::Double, _) => return Err(wrong("a number")),
            (TypeKind::BigInteger | TypeKind::BigDecimal, Json::Number(n)) => DefaultValue::BigNumber(n.to_string()),
            (TypeKind::BigInteger | TypeKind::BigDecimal, _) => return Err(wrong("a number")),
            (TypeKind::String, Json::String(s)) => DefaultValue::String(s.clone()),
            (TypeKind::String, _) => return Err(wrong("a string")),
            (TypeKind::Blob, Json::String(s)) if s.is_empty() => DefaultValue::EmptyBlob,
            (TypeKind::Blob, Json::String(s)) => DefaultValue::Blob(smithy_lean_runtime::base64::decode(s).map_err(|_| wrong("base64 text"))?),
            (TypeKind::Blob, _) => return Err(wrong("a base64 string")),
            (TypeKind::Timestamp, Json::Number(n)) => DefaultValue::Timestamp(n.as_i64().ok_or_else(|| wrong("whole epoch seconds"))?),
            (TypeKind::Timestamp, _) => return Err(wrong("a number of epoch seconds")),
            (TypeKind::Document, _) => DefaultValue::Document(value.clone()),
            (TypeKind::List { .. }, Json::Array(items)) if items.is_empty() => DefaultValue::EmptyList,
            (TypeKind::List { .. }, _) => return Err(wrong("an empty array")),
            (TypeKind::Map { .. }, Json::Object(entries)) if entries.0.is_empty() => DefaultValue::EmptyMap,
            (TypeKind::Map { .. }, _) => return Err(wrong("an empty object")),
            (TypeKind::Named, _) if self.is_enum(&ty.shape) => {
                let shape = &self.model.shapes[&ty.shape];
                let int = shape.kind == ShapeKind::IntEnum;
                let wanted = match value {
                    Json::String(s) if !int => EnumValue::String(s.clone()),
                    Json::Number(n) if int => EnumValue::Int(n.as_i64().ok_or_else(|| wrong("an integer"))?),
                    _ => return Err(wrong(if int { "an integer" } else { "a string" })),
                };
                let variants = self.enum_variants(shape, &self.traits[&ty.shape])?;
                let variant = variants.into_iter().find(|v| v.value == wanted).ok_or_else(|| wrong("one of the enum's values"))?;
                DefaultValue::EnumVariant(variant.name)
            }
            (TypeKind::Named, _) => return Err(wrong("absent: structures and unions have no default")),
            (TypeKind::Unit | TypeKind::EventStream, _) => return Err(wrong("absent")),
        })
    }
}

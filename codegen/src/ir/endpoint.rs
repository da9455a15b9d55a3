//! IR stage: a service's endpoint rules (`smithy.rules#endpointRuleSet`), parsed and checked
//! into the tables the runtime's interpreter runs; what each operation binds to their
//! parameters (`contextParam`, `staticContextParams`, `operationContextParams`); and, when asked
//! for, the rules' own test cases (`smithy.rules#endpointTests`).
//!
//! Every variable gets a slot: the parameters the first ones, then each `assign` the next free
//! one in its rule's scope, so sibling rules reuse slots and a resolve needs only as many as the
//! deepest chain of assignments.

use std::collections::BTreeMap;

pub use smithy_lean_runtime::endpoint::Function;

use super::{Structure, TypeDef, TypeKind};
use crate::error::{Error, Result};
use crate::model::{Json, Model, Object, ShapeId};
use crate::naming;

pub const RULE_SET: &str = "smithy.rules#endpointRuleSet";
pub const TESTS: &str = "smithy.rules#endpointTests";
pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
pub const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";

/// The functions of the rules engine the generator supports, by name, with their arity.
const FUNCTIONS: &[(&str, Function, usize)] = &[
    ("isSet", Function::IsSet, 1),
    ("not", Function::Not, 1),
    ("booleanEquals", Function::BooleanEquals, 2),
    ("stringEquals", Function::StringEquals, 2),
    ("substring", Function::Substring, 4),
    ("isValidHostLabel", Function::IsValidHostLabel, 2),
    ("parseURL", Function::ParseUrl, 1),
    ("uriEncode", Function::UriEncode, 1),
    ("aws.partition", Function::Partition, 1),
    ("aws.parseArn", Function::ParseArn, 1),
    ("aws.isVirtualHostableS3Bucket", Function::IsVirtualHostableS3Bucket, 2),
];

/// A service's endpoint rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub params: Vec<Param>,
    /// How many values a resolve holds at most: the parameters, then assigned variables.
    pub slots: usize,
    pub rules: Vec<Rule>,
    /// Whether the rules call `aws.partition`, so the crate needs the partitions.
    pub uses_partitions: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name in the rules (`UseFIPS`).
    pub name: String,
    /// The field of the `Params` struct (`use_fips`), also its setter's name.
    pub field: String,
    pub kind: ParamKind,
    /// The SDK setting that fills it (`AWS::Region`).
    pub built_in: Option<String>,
    pub required: bool,
    pub default: Option<ParamValue>,
    pub doc: Option<String>,
    /// The deprecation message, when the parameter is deprecated.
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Boolean,
    StringArray,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    String(String),
    Bool(bool),
    Strings(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    Endpoint { conditions: Vec<Condition>, endpoint: Endpoint },
    Error { conditions: Vec<Condition>, message: Expr },
    Tree { conditions: Vec<Condition>, rules: Vec<Rule> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub expr: Expr,
    pub assign: Option<u16>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Ref(u16),
    Template(Vec<Part>),
    Bool(bool),
    Int(i64),
    Call(Function, Vec<Expr>),
    GetAttr(Box<Expr>, Vec<Step>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text(String),
    Ref(u16, Vec<Step>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub url: Expr,
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, Property)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Property {
    Value(Expr),
    Array(Vec<Property>),
    Object(Vec<(String, Property)>),
}

/// What an operation sets in its service's parameters before resolving.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The parameter, by index in [`Rules::params`].
    pub param: usize,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `staticContextParams`: a value of the operation.
    Static(ParamValue),
    /// `contextParam` (one member) or `operationContextParams` (a path): from the input.
    Input(Vec<PathStep>),
}

/// A step of a path into the input, from the input structure itself.
#[derive(Debug, Clone, PartialEq)]
pub enum PathStep {
    /// A member of the structure at hand.
    Field { ident: String, optional: bool },
    /// Each item of the list at hand (`[*]`, or `[]` on a list).
    Each { sparse: bool },
    /// Each key of the map at hand (`keys(..)`).
    Keys,
    /// Each of several paths from the value at hand (`[a, b]`).
    Select(Vec<Vec<PathStep>>),
    /// The value at hand, which ends the path.
    Leaf(Leaf),
}

/// The kind of value a path ends at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    Text,
    /// A string enum (its `as_str`).
    Enum,
    Bool,
}

impl Rules {
    /// The parameter set by an SDK setting (`AWS::Region`).
    pub fn built_in(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.built_in.as_deref() == Some(name))
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

impl PathStep {
    /// Whether a path gives at most one value.
    pub fn single(path: &[PathStep]) -> bool {
        path.iter().all(|step| matches!(step, PathStep::Field { .. } | PathStep::Leaf(_)))
    }
}

/// The service's rules, when it has the trait.
pub fn rules(service: &ShapeId, traits: &crate::model::Traits) -> Result<Option<Rules>> {
    let Some(json) = traits.get(RULE_SET) else { return Ok(None) };
    let fail = |what: String| Error::shape(service, format!("{RULE_SET}: {what}"));
    let set = json.as_object().ok_or_else(|| fail("must be an object".into()))?;
    let params = match set.get("parameters") {
        Some(Json::Object(params)) => params.iter().map(|(name, p)| param(name, p).map_err(|e| fail(format!("parameter `{name}`: {e}")))).collect::<Result<Vec<_>, Error>>()?,
        None => Vec::new(),
        Some(_) => return Err(fail("`parameters` must be an object".into())),
    };
    let mut fields: Vec<String> = params.iter().map(|p| p.field.clone()).collect();
    naming::deduplicate(&mut fields, &["new", "resolve"]);
    let params: Vec<Param> = params.into_iter().zip(fields).map(|(p, field)| Param { field, ..p }).collect();
    let rules = set.get("rules").and_then(Json::as_array).ok_or_else(|| fail("`rules` must be an array".into()))?;
    let mut parser = Parser { names: params.iter().enumerate().map(|(i, p)| (p.name.clone(), i as u16)).collect(), slots: params.len(), uses_partitions: false };
    let rules = parser.rules(rules, "rules").map_err(fail)?;
    Ok(Some(Rules { slots: parser.slots, uses_partitions: parser.uses_partitions, params, rules }))
}

fn param(name: &str, json: &Json) -> Result<Param, String> {
    let p = json.as_object().ok_or("must be an object")?;
    let text = |key: &str| match p.get(key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{key}` must be a string")),
    };
    let kind = match text("type")?.map(|t| t.to_ascii_lowercase()).as_deref() {
        Some("string") => ParamKind::String,
        Some("boolean") => ParamKind::Boolean,
        Some("stringarray") => ParamKind::StringArray,
        Some(other) => return Err(format!("type `{other}` is not a parameter type (string, boolean, stringArray)")),
        None => return Err("has no `type`".into()),
    };
    let default = p.get("default").map(|d| value(kind, d)).transpose().map_err(|e| format!("`default`: {e}"))?;
    let deprecated = match p.get("deprecated") {
        None => None,
        Some(Json::Object(d)) => Some(d.get("message").and_then(Json::as_str).unwrap_or("deprecated").to_owned()),
        Some(_) => return Err("`deprecated` must be an object".into()),
    };
    Ok(Param {
        name: name.to_owned(),
        field: naming::field(name),
        kind,
        built_in: text("builtIn")?,
        required: matches!(p.get("required"), Some(Json::Bool(true))),
        default,
        doc: text("documentation")?.map(|d| crate::docs::to_markdown(&d)),
        deprecated,
    })
}

/// A value of a parameter's type, from a default, a static binding or a test case.
pub fn value(kind: ParamKind, json: &Json) -> Result<ParamValue, String> {
    match (kind, json) {
        (ParamKind::String, Json::String(s)) => Ok(ParamValue::String(s.clone())),
        (ParamKind::Boolean, Json::Bool(b)) => Ok(ParamValue::Bool(*b)),
        (ParamKind::StringArray, Json::Array(items)) => {
            items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>().map(ParamValue::Strings).ok_or_else(|| "must be a list of strings".into())
        }
        (kind, json) => Err(format!("a {kind:?} parameter cannot be {}", json.kind())),
    }
}

/// Reads rules, resolving names to slots as it goes.
struct Parser {
    /// The variables in scope, innermost last.
    names: Vec<(String, u16)>,
    /// The most slots any scope used.
    slots: usize,
    uses_partitions: bool,
}

impl Parser {
    fn rules(&mut self, rules: &[Json], at: &str) -> Result<Vec<Rule>, String> {
        rules.iter().enumerate().map(|(i, rule)| self.rule(rule, &format!("{at}[{i}]"))).collect()
    }

    fn rule(&mut self, json: &Json, at: &str) -> Result<Rule, String> {
        let rule = json.as_object().ok_or_else(|| format!("{at}: a rule must be an object"))?;
        let scope = self.names.len();
        let conditions = match rule.get("conditions") {
            None => Vec::new(),
            Some(Json::Array(conditions)) => {
                conditions.iter().enumerate().map(|(i, c)| self.condition(c).map_err(|e| format!("{at}.conditions[{i}]: {e}"))).collect::<Result<Vec<_>, String>>()?
            }
            Some(_) => return Err(format!("{at}: `conditions` must be an array")),
        };
        let parsed = match rule.get("type").and_then(Json::as_str) {
            Some("endpoint") => {
                let endpoint = rule.get("endpoint").ok_or_else(|| format!("{at}: an endpoint rule needs `endpoint`"))?;
                let endpoint = self.endpoint(endpoint).map_err(|e| format!("{at}.endpoint: {e}"))?;
                Rule::Endpoint { conditions, endpoint }
            }
            Some("error") => {
                let message = rule.get("error").ok_or_else(|| format!("{at}: an error rule needs `error`"))?;
                Rule::Error { conditions, message: self.expr(message).map_err(|e| format!("{at}.error: {e}"))? }
            }
            Some("tree") => {
                let rules = rule.get("rules").and_then(Json::as_array).ok_or_else(|| format!("{at}: a tree rule needs `rules`"))?;
                Rule::Tree { conditions, rules: self.rules(rules, &format!("{at}.rules"))? }
            }
            Some(other) => return Err(format!("{at}: `{other}` is not a rule type (endpoint, error, tree)")),
            None => return Err(format!("{at}: a rule needs a `type`")),
        };
        self.names.truncate(scope);
        Ok(parsed)
    }

    fn condition(&mut self, json: &Json) -> Result<Condition, String> {
        let object = json.as_object().ok_or("a condition must be an object")?;
        if object.get("fn").is_none() {
            return Err("a condition must call a function (`fn`)".into());
        }
        let expr = self.expr(json)?;
        let assign = match object.get("assign") {
            None => None,
            Some(Json::String(name)) => {
                if self.names.iter().any(|(n, _)| n == name) {
                    return Err(format!("`{name}` is assigned but already in scope"));
                }
                let slot = self.params_and_scope();
                self.names.push((name.clone(), slot));
                self.slots = self.slots.max(usize::from(slot) + 1);
                Some(slot)
            }
            Some(_) => return Err("`assign` must be a string".into()),
        };
        Ok(Condition { expr, assign })
    }

    /// The next free slot: after every name in scope.
    fn params_and_scope(&self) -> u16 {
        self.names.iter().map(|(_, slot)| slot + 1).max().unwrap_or(0)
    }

    fn slot(&self, name: &str) -> Result<u16, String> {
        self.names.iter().rev().find(|(n, _)| n == name).map(|(_, slot)| *slot).ok_or_else(|| format!("`{name}` is neither a parameter nor assigned in scope"))
    }

    fn expr(&mut self, json: &Json) -> Result<Expr, String> {
        match json {
            Json::String(text) => Ok(Expr::Template(self.template(text)?)),
            Json::Bool(b) => Ok(Expr::Bool(*b)),
            Json::Number(n) => n.as_i64().map(Expr::Int).ok_or_else(|| format!("{n} is not an integer")),
            Json::Object(object) => {
                if let Some(name) = object.get("ref") {
                    let name = name.as_str().ok_or("`ref` must be a string")?;
                    return Ok(Expr::Ref(self.slot(name)?));
                }
                let name = object.get("fn").and_then(Json::as_str).ok_or("an expression object needs `ref` or `fn`")?;
                let argv = object.get("argv").and_then(Json::as_array).ok_or_else(|| format!("`{name}` needs `argv`, an array"))?;
                if name == "getAttr" {
                    let [target, Json::String(path)] = argv else { return Err("`getAttr` takes a value and a path string".into()) };
                    let target = self.expr(target)?;
                    return Ok(Expr::GetAttr(Box::new(target), steps(path)?));
                }
                let (_, function, arity) = FUNCTIONS.iter().find(|(n, _, _)| *n == name).ok_or_else(|| format!("the function `{name}` is not supported"))?;
                if argv.len() != *arity {
                    return Err(format!("`{name}` takes {arity} arguments, not {}", argv.len()));
                }
                self.uses_partitions |= *function == Function::Partition;
                let args = argv.iter().map(|a| self.expr(a)).collect::<Result<Vec<_>, String>>()?;
                Ok(Expr::Call(*function, args))
            }
            other => Err(format!("an expression cannot be {}", other.kind())),
        }
    }

    /// `https://{Region}.{PartitionResult#dnsSuffix}`, `{{` and `}}` standing for braces.
    fn template(&self, text: &str) -> Result<Vec<Part>, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(['{', '}']) {
            literal.push_str(&rest[..at]);
            let (brace, after) = (&rest[at..=at], &rest[at + 1..]);
            if after.starts_with(brace) {
                literal.push_str(brace);
                rest = &after[1..];
                continue;
            }
            if brace == "}" {
                return Err(format!("template `{text}`: a `}}` closes nothing"));
            }
            let end = after.find('}').ok_or_else(|| format!("template `{text}`: a `{{` is not closed"))?;
            let (name, path) = after[..end].split_once('#').map_or((&after[..end], None), |(n, p)| (n, Some(p)));
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            let steps = path.map(steps).transpose()?.unwrap_or_default();
            parts.push(Part::Ref(self.slot(name).map_err(|e| format!("template `{text}`: {e}"))?, steps));
            rest = &after[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() || parts.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(parts)
    }

    fn endpoint(&mut self, json: &Json) -> Result<Endpoint, String> {
        let object = json.as_object().ok_or("must be an object")?;
        let url = self.expr(object.get("url").ok_or("needs a `url`")?)?;
        let headers = match object.get("headers") {
            None => Vec::new(),
            Some(Json::Object(headers)) => headers
                .iter()
                .map(|(name, values)| {
                    let values = values.as_array().ok_or_else(|| format!("header `{name}` must be an array"))?;
                    Ok((name.to_owned(), values.iter().map(|v| self.expr(v)).collect::<Result<Vec<_>, String>>()?))
                })
                .collect::<Result<Vec<_>, String>>()?,
            Some(_) => return Err("`headers` must be an object".into()),
        };
        let properties = match object.get("properties") {
            None => Vec::new(),
            Some(Json::Object(properties)) => properties.iter().map(|(k, v)| Ok((k.to_owned(), self.property(v)?))).collect::<Result<Vec<_>, String>>()?,
            Some(_) => return Err("`properties` must be an object".into()),
        };
        Ok(Endpoint { url, headers, properties })
    }

    /// A property: a literal, whose strings are templates.
    fn property(&mut self, json: &Json) -> Result<Property, String> {
        match json {
            Json::Array(items) => Ok(Property::Array(items.iter().map(|i| self.property(i)).collect::<Result<_, _>>()?)),
            Json::Object(fields) => Ok(Property::Object(fields.iter().map(|(k, v)| Ok((k.to_owned(), self.property(v)?))).collect::<Result<_, String>>()?)),
            Json::Null => Err("a property cannot be null".into()),
            other => Ok(Property::Value(self.expr(other)?)),
        }
    }
}

/// A `getAttr` path: `name`, `a.b`, `resourceId[1]`, `[0]`.
fn steps(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for segment in path.split('.') {
        let (key, mut indexes) = segment.find('[').map_or((segment, ""), |at| segment.split_at(at));
        if !key.is_empty() {
            steps.push(Step::Key(key.to_owned()));
        }
        while let Some(rest) = indexes.strip_prefix('[') {
            let end = rest.find(']').ok_or_else(|| format!("path `{path}`: a `[` is not closed"))?;
            let index = rest[..end].parse().map_err(|_| format!("path `{path}`: `{}` is not an index", &rest[..end]))?;
            steps.push(Step::Index(index));
            indexes = &rest[end + 1..];
        }
        if !indexes.is_empty() || (key.is_empty() && steps.is_empty()) {
            return Err(format!("path `{path}` is not a path"));
        }
    }
    Ok(steps)
}

/// What an operation binds: its static values, then its input's members, then its paths, in
/// the order the SDKs apply them (a later one wins).
pub fn bindings(model: &Model, op: &ShapeId, input: Option<&Structure>, types: &BTreeMap<ShapeId, TypeDef>, rules: &Rules) -> Result<Vec<Binding>> {
    let shape = &model.shapes[op];
    let fail = |what: String| Error::shape(op, what).in_file(&shape.origin.file);
    let param = |name: &str, why: &str| rules.params.iter().position(|p| p.name == name).ok_or_else(|| fail(format!("{why} names `{name}`, which is not a parameter of the service's endpoint rules")));
    let mut bindings = Vec::new();
    if let Some(Json::Object(statics)) = shape.traits.get(STATIC_CONTEXT_PARAMS) {
        for (name, json) in statics.iter() {
            let index = param(name, STATIC_CONTEXT_PARAMS)?;
            let value = json.as_object().and_then(|o| o.get("value")).ok_or_else(|| fail(format!("{STATIC_CONTEXT_PARAMS} `{name}` has no `value`")))?;
            let value = self::value(rules.params[index].kind, value).map_err(|e| fail(format!("{STATIC_CONTEXT_PARAMS} `{name}`: {e}")))?;
            bindings.push(Binding { param: index, source: Source::Static(value) });
        }
    }
    if let Some(input) = input {
        let raw = &model.shapes[&input.id];
        for member in &input.members {
            let Some(Json::Object(context)) = raw.member(&member.name).and_then(|m| m.traits.get(CONTEXT_PARAM)) else { continue };
            let name = context.get("name").and_then(Json::as_str).ok_or_else(|| fail(format!("{CONTEXT_PARAM} on `{}` has no `name`", member.name)))?;
            let index = param(name, CONTEXT_PARAM)?;
            let mut path = vec![PathStep::Field { ident: member.ident.clone(), optional: member.optional }];
            let kind = rules.params[index].kind;
            leaf(&member.ty, types, kind, &mut path).map_err(|e| fail(format!("{CONTEXT_PARAM} `{}` -> `{name}`: {e}", member.name)))?;
            bindings.push(Binding { param: index, source: Source::Input(path) });
        }
    }
    if let Some(Json::Object(paths)) = shape.traits.get(OPERATION_CONTEXT_PARAMS) {
        for (name, json) in paths.iter() {
            let index = param(name, OPERATION_CONTEXT_PARAMS)?;
            let text = json.as_object().and_then(|o| o.get("path")).and_then(Json::as_str).ok_or_else(|| fail(format!("{OPERATION_CONTEXT_PARAMS} `{name}` has no `path`")))?;
            let input = input.ok_or_else(|| fail(format!("{OPERATION_CONTEXT_PARAMS} `{name}`: the operation has no input")))?;
            let kind = rules.params[index].kind;
            let path = jmespath(text, input, types, kind).map_err(|e| fail(format!("{OPERATION_CONTEXT_PARAMS} `{name}`: path `{text}`: {e}")))?;
            if kind != ParamKind::StringArray && !PathStep::single(&path) {
                return Err(fail(format!("{OPERATION_CONTEXT_PARAMS} `{name}`: path `{text}` gives several values for a {kind:?} parameter")));
            }
            bindings.push(Binding { param: index, source: Source::Input(path) });
        }
    }
    Ok(bindings)
}

/// Ends a path at a value of `ty`, which must suit a parameter of `kind` (a list of strings
/// suits a string array, item by item).
fn leaf(ty: &super::TypeRef, types: &BTreeMap<ShapeId, TypeDef>, kind: ParamKind, path: &mut Vec<PathStep>) -> Result<(), String> {
    let text = matches!(kind, ParamKind::String | ParamKind::StringArray);
    match &ty.kind {
        TypeKind::String if text => path.push(PathStep::Leaf(Leaf::Text)),
        TypeKind::Boolean if kind == ParamKind::Boolean => path.push(PathStep::Leaf(Leaf::Bool)),
        TypeKind::Named if text && matches!(types.get(&ty.shape), Some(TypeDef::Enum(e)) if !e.int) => path.push(PathStep::Leaf(Leaf::Enum)),
        TypeKind::List { item, sparse } if kind == ParamKind::StringArray => {
            path.push(PathStep::Each { sparse: *sparse });
            return leaf(item, types, kind, path);
        }
        _ => return Err(format!("a value of `{}` cannot set a {kind:?} parameter", ty.shape)),
    }
    Ok(())
}

/// The JMESPath subset `operationContextParams` use: member paths `a.b`, projections `a[*].b`,
/// flattening `[]`, multi-select lists `[a, b]` and `keys(map)`.
fn jmespath(text: &str, input: &Structure, types: &BTreeMap<ShapeId, TypeDef>, kind: ParamKind) -> Result<Vec<PathStep>, String> {
    let tokens = tokens(text)?;
    let mut walker = Walker { tokens: &tokens, at: 0, types, kind };
    let here = Here::Structure(input);
    let path = walker.expression(here)?;
    if walker.at != tokens.len() {
        return Err(format!("unexpected `{}`", tokens[walker.at]));
    }
    Ok(path)
}

fn tokens(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '[' if chars.peek().map(|(_, c)| *c) == Some('*') => {
                chars.next();
                match chars.next() {
                    Some((_, ']')) => tokens.push("[*]".to_owned()),
                    _ => return Err("`[*` is not closed".into()),
                }
            }
            '[' if chars.peek().map(|(_, c)| *c) == Some(']') => {
                chars.next();
                tokens.push("[]".to_owned());
            }
            '[' | ']' | '.' | ',' | '(' | ')' => tokens.push(c.to_string()),
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = at + c.len_utf8();
                while let Some(&(i, c)) = chars.peek() {
                    if !(c.is_ascii_alphanumeric() || c == '_') {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                tokens.push(text[at..end].to_owned());
            }
            other => return Err(format!("`{other}` is not supported here")),
        }
    }
    Ok(tokens)
}

/// Where a path is: at a structure, or at a value of some type.
#[derive(Clone, Copy)]
enum Here<'a> {
    Structure(&'a Structure),
    Value(&'a super::TypeRef),
}

struct Walker<'a> {
    tokens: &'a [String],
    at: usize,
    types: &'a BTreeMap<ShapeId, TypeDef>,
    kind: ParamKind,
}

impl<'a> Walker<'a> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.peek() == Some(token) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected `{token}`"))
        }
    }

    /// A whole expression from `here`, ending at a leaf.
    fn expression(&mut self, here: Here<'a>) -> Result<Vec<PathStep>, String> {
        let mut path = Vec::new();
        let mut here = here;
        loop {
            match self.peek() {
                Some("keys") if self.tokens.get(self.at + 1).map(String::as_str) == Some("(") => {
                    self.at += 2;
                    let mut inner = Vec::new();
                    let map = self.member_chain(here, &mut inner)?;
                    self.expect(")")?;
                    let TypeKind::Map { key, .. } = &map.kind else { return Err("`keys` needs a map".into()) };
                    path.extend(inner);
                    path.push(PathStep::Keys);
                    return self.finish(Here::Value(key), path);
                }
                Some("[") => {
                    self.at += 1;
                    let mut branches = Vec::new();
                    loop {
                        branches.push(self.branch(here)?);
                        match self.peek() {
                            Some(",") => self.at += 1,
                            Some("]") => break,
                            _ => return Err("a multi-select list needs `,` or `]`".into()),
                        }
                    }
                    self.at += 1;
                    if self.peek() == Some("[]") {
                        self.at += 1;
                    }
                    path.push(PathStep::Select(branches));
                    return self.end(path);
                }
                Some(token) if token.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') => {
                    let ty = self.member_chain(here, &mut path)?;
                    match self.peek() {
                        Some("[*]" | "[]") => {
                            self.at += 1;
                            let TypeKind::List { item, sparse } = &ty.kind else { return Err("`[*]` needs a list".into()) };
                            path.push(PathStep::Each { sparse: *sparse });
                            here = self.at_value(item);
                            match self.peek() {
                                Some(".") => self.at += 1,
                                _ => return self.finish(Here::Value(item), path),
                            }
                        }
                        _ => return self.finish(Here::Value(ty), path),
                    }
                }
                _ => return Err("expected a member name, `keys(..)` or `[`".into()),
            }
        }
    }

    /// One path of a multi-select list: member names from `here`, ending at a leaf.
    fn branch(&mut self, here: Here<'a>) -> Result<Vec<PathStep>, String> {
        let mut path = Vec::new();
        let ty = self.member_chain(here, &mut path)?;
        self.finish(Here::Value(ty), path)
    }

    fn at_value(&self, ty: &'a super::TypeRef) -> Here<'a> {
        match self.types.get(&ty.shape) {
            Some(TypeDef::Structure(s)) if ty.kind == TypeKind::Named => Here::Structure(s),
            _ => Here::Value(ty),
        }
    }

    /// `a.b.c` from a structure: the steps, and the last member's type.
    fn member_chain(&mut self, here: Here<'a>, path: &mut Vec<PathStep>) -> Result<&'a super::TypeRef, String> {
        let mut here = here;
        loop {
            let Here::Structure(s) = here else { return Err("a member of something that is not a structure".into()) };
            let name = self.peek().ok_or("a member name is missing")?.to_owned();
            let member = s.members.iter().find(|m| m.name == name).ok_or_else(|| format!("`{}` has no member `{name}`", s.id))?;
            self.at += 1;
            path.push(PathStep::Field { ident: member.ident.clone(), optional: member.optional });
            if self.peek() == Some(".") && self.tokens.get(self.at + 1).is_some_and(|t| t != "[") {
                self.at += 1;
                here = self.at_value(&member.ty);
                continue;
            }
            return Ok(&member.ty);
        }
    }

    /// Ends the path at a value of `here`'s type, flattening a trailing `[]`.
    fn finish(&mut self, here: Here<'a>, mut path: Vec<PathStep>) -> Result<Vec<PathStep>, String> {
        let Here::Value(ty) = here else { return Err("the path ends at a structure".into()) };
        leaf(ty, self.types, self.kind, &mut path)?;
        self.end(path)
    }

    fn end(&mut self, path: Vec<PathStep>) -> Result<Vec<PathStep>, String> {
        match self.peek() {
            None | Some("," | "]" | ")") => Ok(path),
            Some(other) => Err(format!("`{other}` is not supported here")),
        }
    }
}

/// An AWS partition, as `aws.partition` reads it (from `partitions.json`).
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// `aws`, `aws-cn`, ...
    pub id: String,
    pub region_regex: String,
    /// The region pattern, compiled for the runtime's matcher.
    pub programs: Vec<crate::pattern::Program>,
    pub outputs: Outputs,
    /// Every region the partition lists, sorted by name, with its outputs (the partition's,
    /// with what the region overrides).
    pub regions: Vec<(String, Outputs)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: String,
}

impl Outputs {
    /// These outputs with the fields `json` sets.
    fn with(&self, json: &Object) -> Result<Outputs, String> {
        let text = |key: &str, current: &String| match json.get(key) {
            None => Ok(current.clone()),
            Some(Json::String(s)) => Ok(s.clone()),
            Some(_) => Err(format!("`{key}` must be a string")),
        };
        let flag = |key: &str, current: bool| match json.get(key) {
            None => Ok(current),
            Some(Json::Bool(b)) => Ok(*b),
            Some(_) => Err(format!("`{key}` must be a boolean")),
        };
        Ok(Outputs {
            name: text("name", &self.name)?,
            dns_suffix: text("dnsSuffix", &self.dns_suffix)?,
            dual_stack_dns_suffix: text("dualStackDnsSuffix", &self.dual_stack_dns_suffix)?,
            supports_fips: flag("supportsFIPS", self.supports_fips)?,
            supports_dual_stack: flag("supportsDualStack", self.supports_dual_stack)?,
            implicit_global_region: text("implicitGlobalRegion", &self.implicit_global_region)?,
        })
    }
}

/// The partitions of a `partitions.json` file, in file order (the order `aws.partition` tries
/// their region patterns in).
pub fn partitions(source: &crate::model::Source) -> Result<Vec<Partition>> {
    let fail = |what: String| Error::new(format!("{}: {what}", source.name));
    let json = crate::model::parse_json(&source.text).map_err(|e| fail(format!("not JSON: {e}")))?;
    let list = json.as_object().and_then(|o| o.get("partitions")).and_then(Json::as_array).ok_or_else(|| fail("needs `partitions`, an array".into()))?;
    let empty = Outputs {
        name: String::new(),
        dns_suffix: String::new(),
        dual_stack_dns_suffix: String::new(),
        supports_fips: false,
        supports_dual_stack: false,
        implicit_global_region: String::new(),
    };
    let mut partitions = Vec::new();
    for (i, partition) in list.iter().enumerate() {
        let at = |what: String| fail(format!("partition {}: {what}", i + 1));
        let object = partition.as_object().ok_or_else(|| at("must be an object".into()))?;
        let id = object.get("id").and_then(Json::as_str).ok_or_else(|| at("needs an `id`".into()))?.to_owned();
        let at = |what: String| fail(format!("partition `{id}`: {what}"));
        let region_regex = object.get("regionRegex").and_then(Json::as_str).ok_or_else(|| at("needs a `regionRegex`".into()))?.to_owned();
        let programs = match crate::pattern::compile(&region_regex) {
            crate::pattern::Compiled::Checked(programs) => programs,
            crate::pattern::Compiled::Skipped(why) => return Err(at(format!("`regionRegex` `{region_regex}` cannot be compiled: {why}"))),
        };
        let outputs = object.get("outputs").and_then(Json::as_object).ok_or_else(|| at("needs `outputs`".into()))?;
        let outputs = empty.with(outputs).map_err(|e| at(format!("outputs: {e}")))?;
        let mut regions = match object.get("regions") {
            None => Vec::new(),
            Some(Json::Object(regions)) => regions
                .iter()
                .map(|(name, region)| {
                    let overrides = region.as_object().ok_or_else(|| at(format!("region `{name}` must be an object")))?;
                    Ok((name.to_owned(), outputs.with(overrides).map_err(|e| at(format!("region `{name}`: {e}")))?))
                })
                .collect::<Result<Vec<_>>>()?,
            Some(_) => return Err(at("`regions` must be an object".into())),
        };
        regions.sort_by(|a, b| a.0.cmp(&b.0));
        partitions.push(Partition { id, region_regex, programs, outputs, regions });
    }
    Ok(partitions)
}

/// One case of `smithy.rules#endpointTests`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub doc: String,
    /// Parameter values by name in the rules.
    pub params: Vec<(String, Json)>,
    /// `params`, typed against the rules' parameters (see [`resolve_tests`]), or why they
    /// cannot be.
    pub settings: Result<Vec<Setting>, String>,
    pub expect: Expect,
    pub operation_inputs: Vec<OperationInput>,
}

/// A parameter set by a test case: the field of `Params` (also its setter) and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub field: String,
    pub value: ParamValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    Endpoint { url: String, headers: Vec<(String, Vec<String>)>, properties: Object },
    Error(String),
}

/// A case's call of an operation: the input, and the settings the parameters come from.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationInput {
    pub operation: String,
    pub params: Object,
    /// Values of SDK settings, by built-in name (`AWS::Region`).
    pub built_ins: Vec<(String, Json)>,
    /// Values of client context parameters, by name.
    pub client: Vec<(String, Json)>,
    /// The parameters the SDK settings and client parameters set, those the rules read (see
    /// [`resolve_tests`]).
    pub settings: Result<Vec<Setting>, String>,
    /// The input `params` describe, when the operation is generated (see [`resolve_tests`]).
    pub input: Option<super::value::Resolved>,
}

/// Types a service's test cases against its endpoint rules and its operations: each case's
/// parameters, and each operation input's value and settings. What cannot be typed is kept as
/// the reason, for the case's test to fail with.
pub fn resolve_tests(service: &mut super::Service) {
    let Some(rules) = &service.endpoint else { return };
    let resolver = super::value::Resolver { types: &service.types };
    for case in &mut service.endpoint_tests {
        case.settings = case.params.iter().map(|(name, value)| setting(rules, name, value)).collect();
        for input in &mut case.operation_inputs {
            // SDK settings and client parameters the rules do not read are not parameters: an
            // SDK would ignore them too.
            let built_ins = input.built_ins.iter().filter_map(|(built_in, value)| {
                let param = rules.params.iter().find(|p| p.built_in.as_deref() == Some(built_in))?;
                Some(setting(rules, &param.name, value))
            });
            let client = input.client.iter().filter(|(name, _)| rules.params.iter().any(|p| &p.name == name)).map(|(name, value)| setting(rules, name, value));
            input.settings = built_ins.chain(client).collect();
            input.input = service.operations.iter().find(|op| op.name == input.operation).map(|op| resolver.top(&input.params, op.input.as_ref()));
        }
    }
}

/// A parameter of the rules, by its name there, set to a test's value.
fn setting(rules: &Rules, name: &str, value: &Json) -> Result<Setting, String> {
    let param = rules.params.iter().find(|p| p.name == name).ok_or_else(|| format!("the rules have no parameter `{name}`"))?;
    let mismatch = || format!("parameter `{name}` cannot be {}", value.kind());
    let value = match (param.kind, value) {
        (ParamKind::String, Json::String(s)) => ParamValue::String(s.clone()),
        (ParamKind::Boolean, Json::Bool(b)) => ParamValue::Bool(*b),
        (ParamKind::StringArray, Json::Array(items)) => {
            ParamValue::Strings(items.iter().map(|item| item.as_str().map(str::to_owned).ok_or_else(mismatch)).collect::<Result<_, _>>()?)
        }
        _ => return Err(mismatch()),
    };
    Ok(Setting { field: param.field.clone(), value })
}

/// An example for the docs that the model's own test cases back: what to set, and the URL the
/// rules give for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// What the example shows: `a region`, `FIPS`, `dual-stack`, `a custom endpoint`.
    pub what: &'static str,
    /// The settings, by `Params` field, in the rules' parameter order.
    pub settings: Vec<(String, ParamValue)>,
    pub url: String,
}

/// The docs' examples, from the rules' test cases: the first case each for a region alone, a
/// region with FIPS, a region with dual-stack, and a custom endpoint, that sets nothing else
/// (values equal to a default are left out) and expects an endpoint.
pub fn examples(rules: &Rules, tests: &[TestCase]) -> Vec<Example> {
    // What each example shows, and the settings it takes: by builtIn, with the flag's value.
    type Wanted = &'static [(&'static str, Option<bool>)];
    let kinds: [(&str, Wanted); 4] = [
        ("a region", &[("AWS::Region", None)]),
        ("FIPS", &[("AWS::Region", None), ("AWS::UseFIPS", Some(true))]),
        ("dual-stack", &[("AWS::Region", None), ("AWS::UseDualStack", Some(true))]),
        ("a custom endpoint", &[("SDK::Endpoint", None)]),
    ];
    let mut examples = Vec::new();
    for (what, wanted) in kinds {
        let found = tests.iter().find_map(|case| {
            let Expect::Endpoint { url, .. } = &case.expect else { return None };
            let mut settings = Vec::new();
            for (name, json) in &case.params {
                let param = rules.param(name)?;
                let value = value(param.kind, json).ok()?;
                if param.default.as_ref() == Some(&value) {
                    continue;
                }
                let built_in = param.built_in.as_deref()?;
                let (_, flag) = wanted.iter().find(|(b, _)| *b == built_in)?;
                if flag.is_some_and(|f| value != ParamValue::Bool(f)) {
                    return None;
                }
                settings.push((param.field.clone(), value));
            }
            let complete = wanted.iter().all(|(b, _)| rules.built_in(b).is_some_and(|p| settings.iter().any(|(f, _)| *f == p.field)));
            complete.then(|| Example { what, settings, url: url.clone() })
        });
        examples.extend(found);
    }
    examples
}

/// The service's endpoint test cases.
pub fn tests(service: &ShapeId, traits: &crate::model::Traits) -> Result<Vec<TestCase>> {
    let Some(json) = traits.get(TESTS) else { return Ok(Vec::new()) };
    let fail = |what: String| Error::shape(service, format!("{TESTS}: {what}"));
    let cases = json.as_object().and_then(|o| o.get("testCases")).and_then(Json::as_array).ok_or_else(|| fail("needs `testCases`, an array".into()))?;
    cases.iter().enumerate().map(|(i, case)| test_case(case).map_err(|e| fail(format!("case {}: {e}", i + 1)))).collect()
}

fn pairs(json: Option<&Json>, what: &str) -> Result<Vec<(String, Json)>, String> {
    match json {
        None => Ok(Vec::new()),
        Some(Json::Object(o)) => Ok(o.0.clone()),
        Some(_) => Err(format!("`{what}` must be an object")),
    }
}

fn test_case(json: &Json) -> Result<TestCase, String> {
    let case = json.as_object().ok_or("must be an object")?;
    let expect = case.get("expect").and_then(Json::as_object).ok_or("needs `expect`")?;
    let expect = if let Some(error) = expect.get("error") {
        Expect::Error(error.as_str().ok_or("`expect.error` must be a string")?.to_owned())
    } else {
        let endpoint = expect.get("endpoint").and_then(Json::as_object).ok_or("`expect` needs `endpoint` or `error`")?;
        let url = endpoint.get("url").and_then(Json::as_str).ok_or("`expect.endpoint` needs `url`")?.to_owned();
        let headers = pairs(endpoint.get("headers"), "headers")?
            .into_iter()
            .map(|(name, values)| {
                let values = values.as_array().and_then(|v| v.iter().map(|s| s.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>());
                values.map(|v| (name, v)).ok_or_else(|| "`headers` must map names to lists of strings".to_owned())
            })
            .collect::<Result<Vec<_>, String>>()?;
        let properties = match endpoint.get("properties") {
            None => Object::default(),
            Some(Json::Object(o)) => o.clone(),
            Some(_) => return Err("`properties` must be an object".into()),
        };
        Expect::Endpoint { url, headers, properties }
    };
    let operation_inputs = match case.get("operationInputs") {
        None => Vec::new(),
        Some(Json::Array(inputs)) => inputs
            .iter()
            .map(|input| {
                let input = input.as_object().ok_or("an operation input must be an object")?;
                Ok(OperationInput {
                    operation: input.get("operationName").and_then(Json::as_str).ok_or("an operation input needs `operationName`")?.to_owned(),
                    params: match input.get("operationParams") {
                        None => Object::default(),
                        Some(Json::Object(o)) => o.clone(),
                        Some(_) => return Err("`operationParams` must be an object".to_owned()),
                    },
                    built_ins: pairs(input.get("builtInParams"), "builtInParams")?,
                    client: pairs(input.get("clientParams"), "clientParams")?,
                    settings: Ok(Vec::new()),
                    input: None,
                })
            })
            .collect::<Result<Vec<_>, String>>()?,
        Some(_) => return Err("`operationInputs` must be an array".into()),
    };
    Ok(TestCase {
        doc: case.get("documentation").and_then(Json::as_str).unwrap_or_default().to_owned(),
        params: pairs(case.get("params"), "params")?,
        settings: Ok(Vec::new()),
        expect,
        operation_inputs,
    })
}

/// The operations a service's test cases call, by name.
pub fn tested_operations(traits: &crate::model::Traits) -> Vec<String> {
    let mut names = Vec::new();
    let cases = traits.get(TESTS).and_then(Json::as_object).and_then(|o| o.get("testCases")).and_then(Json::as_array).unwrap_or_default();
    for case in cases {
        let inputs = case.as_object().and_then(|c| c.get("operationInputs")).and_then(Json::as_array).unwrap_or_default();
        for input in inputs {
            if let Some(name) = input.as_object().and_then(|i| i.get("operationName")).and_then(Json::as_str) {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Rules> {
        let mut traits = crate::model::Traits::new();
        traits.insert(RULE_SET.to_owned(), crate::model::parse_json(json).unwrap());
        rules(&ShapeId::parse("ex#Svc").unwrap(), &traits).map(Option::unwrap)
    }

    const PARAMS: &str = r#""parameters": {"Region": {"type": "String", "builtIn": "AWS::Region"}, "UseFIPS": {"type": "boolean", "required": true, "default": false}}"#;

    #[test]
    fn templates_paths_and_slots() {
        let rules = parse(&format!(
            r#"{{"version": "1.0", {PARAMS}, "rules": [
                {{"type": "tree", "conditions": [{{"fn": "aws.partition", "argv": [{{"ref": "Region"}}], "assign": "p"}}], "rules": [
                    {{"type": "endpoint", "conditions": [{{"fn": "getAttr", "argv": [{{"ref": "p"}}, "a.b[1]"]}}],
                      "endpoint": {{"url": "https://{{Region}}.{{p#dnsSuffix}}/{{{{x}}}}"}}}}]}},
                {{"type": "tree", "conditions": [{{"fn": "isSet", "argv": [{{"ref": "Region"}}], "assign": "q"}}], "rules": [
                    {{"type": "error", "conditions": [], "error": "no"}}]}}
            ]}}"#
        ))
        .unwrap();
        assert_eq!(rules.slots, 3, "siblings share the slot after the parameters");
        assert!(rules.uses_partitions);
        assert_eq!(rules.params[1].field, "use_fips");
        assert_eq!(rules.params[1].default, Some(ParamValue::Bool(false)));
        let Rule::Tree { conditions, rules: inner } = &rules.rules[0] else { panic!() };
        assert_eq!(conditions[0].assign, Some(2));
        let Rule::Endpoint { conditions, endpoint } = &inner[0] else { panic!() };
        assert_eq!(conditions[0].expr, Expr::GetAttr(Box::new(Expr::Ref(2)), vec![Step::Key("a".into()), Step::Key("b".into()), Step::Index(1)]));
        assert_eq!(
            endpoint.url,
            Expr::Template(vec![
                Part::Text("https://".into()),
                Part::Ref(0, vec![]),
                Part::Text(".".into()),
                Part::Ref(2, vec![Step::Key("dnsSuffix".into())]),
                Part::Text("/{x}".into())
            ])
        );
    }

    #[test]
    fn unknown_functions_and_names_are_errors_naming_the_service() {
        let error = parse(&format!(r#"{{{PARAMS}, "rules": [{{"type": "error", "conditions": [{{"fn": "coalesce", "argv": []}}], "error": "x"}}]}}"#)).unwrap_err();
        assert!(error.to_string().contains("ex#Svc"), "{error}");
        assert!(error.to_string().contains("the function `coalesce` is not supported"), "{error}");
        let error = parse(&format!(r#"{{{PARAMS}, "rules": [{{"type": "error", "error": "{{Nope}}"}}]}}"#)).unwrap_err();
        assert!(error.to_string().contains("`Nope` is neither a parameter nor assigned in scope"), "{error}");
        // A variable is visible in its rule's subtree only.
        let error = parse(&format!(
            r#"{{{PARAMS}, "rules": [{{"type": "tree", "conditions": [{{"fn": "isSet", "argv": [{{"ref": "Region"}}], "assign": "r"}}], "rules": []}},
                {{"type": "error", "error": "{{r}}"}}]}}"#
        ))
        .unwrap_err();
        assert!(error.to_string().contains("`r` is neither"), "{error}");
        let error = parse(&format!(r#"{{{PARAMS}, "rules": [{{"type": "error", "conditions": [{{"fn": "isSet", "argv": [1, 2]}}], "error": "x"}}]}}"#)).unwrap_err();
        assert!(error.to_string().contains("`isSet` takes 1 arguments, not 2"), "{error}");
        let error = parse(r#"{"parameters": {"A": {"type": "integer"}}, "rules": []}"#).unwrap_err();
        assert!(error.to_string().contains("parameter `A`: type `integer`"), "{error}");
    }

    #[test]
    fn getattr_paths() {
        assert_eq!(steps("resourceId[0]").unwrap(), [Step::Key("resourceId".into()), Step::Index(0)]);
        assert_eq!(steps("[2]").unwrap(), [Step::Index(2)]);
        assert!(steps("a[x]").is_err());
        assert!(steps("a[1").is_err());
        assert!(steps("").is_err());
    }

    #[test]
    fn jmespath_tokens() {
        assert_eq!(tokens("A[*].[B.C, D][]").unwrap(), ["A", "[*]", ".", "[", "B", ".", "C", ",", "D", "]", "[]"]);
        assert_eq!(tokens("keys(M)").unwrap(), ["keys", "(", "M", ")"]);
        assert!(tokens("A | B").is_err());
    }
}

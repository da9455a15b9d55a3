//! Endpoint resolution: where a service's requests go, worked out from its endpoint rules
//! (the Smithy rules engine's `smithy.rules#endpointRuleSet`).
//!
//! Each service with rules gets an `endpoint` module: a `Params` struct (the region, FIPS,
//! dual-stack, a custom endpoint, and whatever else the service's rules ask for) and
//! `resolve(&Params)`, which runs the service's rules, held as static tables, through the
//! interpreter here and gives an [`Endpoint`]: its URL, the headers to send, and properties such
//! as the [`auth_schemes`](Endpoint::auth_schemes) a signer reads. A rule set that ends in an
//! error rule gives that rule's message, exactly, as the [`EndpointError`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use crate::pattern::Pattern;
use crate::primitives::{Document, Number};

/// A value while the rules run: a parameter, a variable a condition assigned, or what a
/// function returned. Parameters' strings are borrowed, not copied.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Bool(bool),
    Int(i64),
    Str(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// A record of named fields (what `aws.partition`, `parseURL` and `aws.parseArn` give).
    Record(Vec<(&'static str, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// A string parameter's value.
    pub fn text(value: Option<&'a str>) -> Option<Value<'a>> {
        value.map(|s| Value::Str(Cow::Borrowed(s)))
    }

    /// A boolean parameter's value.
    pub fn flag(value: Option<bool>) -> Option<Value<'a>> {
        value.map(Value::Bool)
    }

    /// A string-array parameter's value.
    pub fn texts(value: Option<&'a [String]>) -> Option<Value<'a>> {
        value.map(|items| Value::Array(items.iter().map(|s| Value::Str(Cow::Borrowed(s.as_str()))).collect()))
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn get(&self, step: &Step) -> Option<&Value<'a>> {
        match (self, step) {
            (Value::Record(fields), Step::Key(key)) => fields.iter().find(|(name, _)| name == key).map(|(_, v)| v),
            (Value::Array(items), Step::Index(index)) => items.get(*index),
            _ => None,
        }
    }

    fn to_document(&self) -> Document {
        match self {
            Value::Bool(b) => Document::Bool(*b),
            Value::Int(i) => Document::Number(u64::try_from(*i).map_or(Number::NegInt(*i), Number::PosInt)),
            Value::Str(s) => Document::String(s.to_string()),
            Value::Array(items) => Document::Array(items.iter().map(Value::to_document).collect()),
            Value::Record(fields) => Document::Object(fields.iter().map(|(k, v)| ((*k).to_owned(), v.to_document())).collect()),
        }
    }
}

/// A service's rules, as the generator writes them.
#[derive(Debug)]
pub struct RuleSet {
    /// The parameters' names in the model, by slot: the first slots.
    pub params: &'static [Param],
    /// How many values the rules use: the parameters, then the variables conditions assign.
    pub slots: usize,
    pub rules: &'static [Rule],
    /// The partitions `aws.partition` reads (empty when the rules do not call it).
    pub partitions: &'static [Partition],
}

/// A parameter of the rules.
#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    /// Resolving without a value for it is an error.
    pub required: bool,
}

#[derive(Debug)]
pub enum Rule {
    Endpoint(&'static [Condition], &'static EndpointRule),
    Error(&'static [Condition], Expr),
    Tree(&'static [Condition], &'static [Rule]),
}

/// A condition: an expression that must be true, or set; `assign` binds its value to a slot.
#[derive(Debug)]
pub struct Condition {
    pub expr: Expr,
    pub assign: Option<u16>,
}

#[derive(Debug)]
pub enum Expr {
    Ref(u16),
    Template(&'static [Part]),
    Bool(bool),
    Int(i64),
    Call(Function, &'static [Expr]),
    GetAttr(&'static Expr, &'static [Step]),
}

/// A piece of a template string (`https://{Region}.{PartitionResult#dnsSuffix}`).
#[derive(Debug)]
pub enum Part {
    Text(&'static str),
    Ref(u16, &'static [Step]),
}

/// A step of a `getAttr` path (`resourceId[0]`).
#[derive(Debug)]
pub enum Step {
    Key(&'static str),
    Index(usize),
}

/// The rules engine's functions that the AWS models use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    Substring,
    IsValidHostLabel,
    ParseUrl,
    UriEncode,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

/// An endpoint rule's result.
#[derive(Debug)]
pub struct EndpointRule {
    pub url: Expr,
    pub headers: &'static [(&'static str, &'static [Expr])],
    pub properties: &'static [(&'static str, Property)],
}

#[derive(Debug)]
pub enum Property {
    Value(Expr),
    Array(&'static [Property]),
    Object(&'static [(&'static str, Property)]),
}

/// An AWS partition (`aws`, `aws-cn`, ...), as `aws.partition` reads it.
#[derive(Debug)]
pub struct Partition {
    pub region_regex: &'static Pattern<'static>,
    /// Its regions by name, sorted, with their outputs (the partition's, unless the region
    /// overrides some).
    pub regions: &'static [(&'static str, &'static Outputs)],
    pub outputs: &'static Outputs,
}

/// What `aws.partition` gives for a region.
#[derive(Debug)]
pub struct Outputs {
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: &'static str,
}

/// Where to send a request: what a service's endpoint rules resolve to.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Endpoint {
    /// The URL: scheme, host, and sometimes a path, which the request's path goes after.
    pub url: String,
    /// Headers every request to the endpoint carries, each with its values.
    pub headers: Vec<(String, Vec<String>)>,
    /// What else the rules said, such as `authSchemes` (read them with
    /// [`auth_schemes`](Endpoint::auth_schemes)).
    pub properties: BTreeMap<String, Document>,
}

/// How requests to an endpoint are signed: an entry of its `authSchemes` property.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AuthScheme {
    /// `sigv4`, `sigv4a`, ...
    pub name: String,
    /// The service name to sign with, when the rules set it.
    pub signing_name: Option<String>,
    /// The region to sign for (SigV4), when the rules set it.
    pub signing_region: Option<String>,
    /// The regions to sign for (SigV4a).
    pub signing_region_set: Vec<String>,
    /// The path is encoded once, not twice, when signing (S3).
    pub disable_double_encoding: bool,
}

impl Endpoint {
    /// An endpoint at `url`, with no headers or properties: for a transport that is told where
    /// to send requests rather than resolving it.
    pub fn new(url: impl Into<String>) -> Self {
        Endpoint { url: url.into(), headers: Vec::new(), properties: BTreeMap::new() }
    }

    /// The full URL of `request` at this endpoint: the request's host prefix (an operation's
    /// `@endpoint(hostPrefix)`) before the host, the request's path and query after the
    /// endpoint's own path: `https://svc.us-east-1.amazonaws.com` and `/things/a?max=5` give
    /// `https://svc.us-east-1.amazonaws.com/things/a?max=5`.
    pub fn url_for(&self, request: &crate::http::Request) -> String {
        let (scheme, rest) = self.url.split_once("://").unwrap_or(("https", &self.url));
        let base = rest.trim_end_matches('/');
        let prefix = request.host_prefix.as_deref().unwrap_or("");
        let path = if request.uri.starts_with('/') { request.uri.clone() } else { format!("/{}", request.uri) };
        format!("{scheme}://{prefix}{base}{path}")
    }

    /// The endpoint's auth schemes, most preferred first; empty when the rules name none.
    pub fn auth_schemes(&self) -> Vec<AuthScheme> {
        let Some(Document::Array(schemes)) = self.properties.get("authSchemes") else { return Vec::new() };
        schemes
            .iter()
            .filter_map(|scheme| {
                let Document::Object(fields) = scheme else { return None };
                let text = |key: &str| match fields.get(key) {
                    Some(Document::String(s)) => Some(s.clone()),
                    _ => None,
                };
                let set = match fields.get("signingRegionSet") {
                    Some(Document::Array(items)) => items
                        .iter()
                        .filter_map(|item| match item {
                            Document::String(s) => Some(s.clone()),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                Some(AuthScheme {
                    name: text("name")?,
                    signing_name: text("signingName"),
                    signing_region: text("signingRegion"),
                    signing_region_set: set,
                    disable_double_encoding: matches!(fields.get("disableDoubleEncoding"), Some(Document::Bool(true))),
                })
            })
            .collect()
    }
}

/// Why no endpoint: the rules ended in one of their error rules (its message, exactly), a
/// required parameter has no value, or no rule applies.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        EndpointError { message: message.into() }
    }

    /// The message, as the rules word it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

const NO_RULE: &str = "no endpoint rule applies to these parameters";

impl RuleSet {
    /// Runs the rules over the parameters' values, in the order of [`params`](RuleSet::params).
    pub fn resolve<'a, const N: usize>(&self, params: [Option<Value<'a>>; N]) -> Result<Endpoint, EndpointError> {
        for (param, value) in self.params.iter().zip(&params) {
            if param.required && value.is_none() {
                return Err(EndpointError::new(format!("the endpoint parameter `{}` is required and has no value", param.name)));
            }
        }
        // The slots live on the stack unless the rules need more than most do.
        const INLINE: usize = 16;
        let count = self.slots.max(N);
        let mut inline: [Option<Value<'a>>; INLINE] = [const { None }; INLINE];
        let mut heap = Vec::new();
        let slots: &mut [Option<Value<'a>>] = if count <= INLINE {
            &mut inline[..count]
        } else {
            heap.resize(count, None);
            &mut heap
        };
        for (slot, value) in slots.iter_mut().zip(params) {
            *slot = value;
        }
        let mut cx = Cx { slots, partitions: self.partitions };
        cx.rules(self.rules)?.ok_or_else(|| EndpointError::new(NO_RULE))
    }
}

struct Cx<'a, 's> {
    slots: &'s mut [Option<Value<'a>>],
    partitions: &'static [Partition],
}

impl<'a> Cx<'a, '_> {
    /// The first rule whose conditions hold decides; a tree whose conditions hold must decide.
    fn rules(&mut self, rules: &'static [Rule]) -> Result<Option<Endpoint>, EndpointError> {
        for rule in rules {
            let (Rule::Endpoint(conditions, _) | Rule::Error(conditions, _) | Rule::Tree(conditions, _)) = rule;
            if !self.conditions(conditions) {
                continue;
            }
            return match rule {
                Rule::Endpoint(_, endpoint) => Ok(Some(self.endpoint(endpoint))),
                Rule::Error(_, message) => Err(EndpointError::new(self.text(message))),
                Rule::Tree(_, rules) => self.rules(rules)?.map(Some).ok_or_else(|| EndpointError::new(NO_RULE)),
            };
        }
        Ok(None)
    }

    fn conditions(&mut self, conditions: &'static [Condition]) -> bool {
        for condition in conditions {
            // A test that assigns nothing needs no value built.
            if let (None, Expr::Call(function @ (Function::IsSet | Function::Not | Function::BooleanEquals | Function::StringEquals), args)) =
                (condition.assign, &condition.expr)
            {
                if self.call(*function, args).and_then(|v| v.as_bool()) != Some(true) {
                    return false;
                }
                continue;
            }
            let value = match self.eval(&condition.expr) {
                None | Some(Cow::Borrowed(Value::Bool(false)) | Cow::Owned(Value::Bool(false))) => return false,
                Some(value) => value,
            };
            if let Some(slot) = condition.assign {
                let value = value.into_owned();
                self.slots[usize::from(slot)] = Some(value);
            }
        }
        true
    }

    fn text(&self, expr: &Expr) -> String {
        match self.eval(expr).as_deref() {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        }
    }

    fn endpoint(&self, rule: &'static EndpointRule) -> Endpoint {
        Endpoint {
            url: self.text(&rule.url),
            headers: rule.headers.iter().map(|(name, values)| ((*name).to_owned(), values.iter().map(|v| self.text(v)).collect())).collect(),
            properties: rule.properties.iter().map(|(key, property)| ((*key).to_owned(), self.property(property))).collect(),
        }
    }

    fn property(&self, property: &'static Property) -> Document {
        match property {
            Property::Value(expr) => self.eval(expr).map_or(Document::Null, |v| v.to_document()),
            Property::Array(items) => Document::Array(items.iter().map(|p| self.property(p)).collect()),
            Property::Object(fields) => Document::Object(fields.iter().map(|(k, p)| ((*k).to_owned(), self.property(p))).collect()),
        }
    }

    fn slot(&self, slot: u16) -> Option<&Value<'a>> {
        self.slots.get(usize::from(slot)).and_then(Option::as_ref)
    }

    /// An expression's value: borrowed from the slots where it is a reference (nothing is
    /// copied to read a parameter or a field of a record), owned where it was computed.
    fn eval(&self, expr: &Expr) -> Option<Cow<'_, Value<'a>>> {
        match expr {
            Expr::Ref(slot) => self.slot(*slot).map(Cow::Borrowed),
            Expr::Bool(b) => Some(Cow::Owned(Value::Bool(*b))),
            Expr::Int(i) => Some(Cow::Owned(Value::Int(*i))),
            // Literal text is borrowed from the rules, not copied.
            Expr::Template([Part::Text(text)]) => Some(Cow::Owned(Value::Str(Cow::Borrowed(text)))),
            Expr::Template(parts) => self.template(parts).map(|s| Cow::Owned(Value::Str(Cow::Owned(s)))),
            Expr::GetAttr(target, steps) => match self.eval(target)? {
                Cow::Borrowed(value) => path(value, steps).map(Cow::Borrowed),
                Cow::Owned(value) => path(&value, steps).cloned().map(Cow::Owned),
            },
            Expr::Call(function, args) => self.call(*function, args).map(Cow::Owned),
        }
    }

    fn template(&self, parts: &[Part]) -> Option<String> {
        let mut out = String::with_capacity(64);
        for part in parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Ref(slot, steps) => match path(self.slot(*slot)?, steps)? {
                    Value::Str(s) => out.push_str(s),
                    Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                    Value::Int(i) => out.push_str(&i.to_string()),
                    _ => return None,
                },
            }
        }
        Some(out)
    }

    /// A boolean argument, read in place.
    fn flag(&self, expr: &Expr) -> Option<bool> {
        match expr {
            Expr::Bool(b) => Some(*b),
            Expr::Ref(slot) => self.slot(*slot)?.as_bool(),
            Expr::GetAttr(Expr::Ref(slot), steps) => path(self.slot(*slot)?, steps)?.as_bool(),
            expr => self.eval(expr)?.as_bool(),
        }
    }

    /// A string argument: borrowed where it is a parameter, a field or literal text.
    fn str(&self, expr: &Expr) -> Option<Cow<'_, str>> {
        fn borrowed<'v>(value: &'v Value<'_>) -> Option<&'v str> {
            match value {
                Value::Str(s) => Some(s),
                _ => None,
            }
        }
        match expr {
            Expr::Template([Part::Text(text)]) => Some(Cow::Borrowed(text)),
            Expr::Ref(slot) => borrowed(self.slot(*slot)?).map(Cow::Borrowed),
            Expr::GetAttr(Expr::Ref(slot), steps) => borrowed(path(self.slot(*slot)?, steps)?).map(Cow::Borrowed),
            expr => match self.eval(expr)?.into_owned() {
                Value::Str(s) => Some(Cow::Owned(s.into_owned())),
                _ => None,
            },
        }
    }

    fn call(&self, function: Function, args: &'static [Expr]) -> Option<Value<'a>> {
        let arg = |i: usize| args.get(i).and_then(|a| self.eval(a));
        let flag = |i: usize| args.get(i).and_then(|a| self.flag(a));
        let text = |i: usize| args.get(i).and_then(|a| self.str(a));
        match function {
            Function::IsSet => Some(Value::Bool(match args.first()? {
                Expr::Ref(slot) => self.slot(*slot).is_some(),
                _ => arg(0).is_some(),
            })),
            Function::Not => Some(Value::Bool(!flag(0)?)),
            Function::BooleanEquals => Some(Value::Bool(flag(0)? == flag(1)?)),
            Function::StringEquals => Some(Value::Bool(text(0)? == text(1)?)),
            Function::Substring => {
                let (input, start, stop, reverse) = (text(0)?, int(&*arg(1)?)?, int(&*arg(2)?)?, flag(3)?);
                substring(&input, start, stop, reverse).map(|s| Value::Str(Cow::Owned(s.to_owned())))
            }
            Function::IsValidHostLabel => Some(Value::Bool(is_valid_host_label(&text(0)?, flag(1)?))),
            Function::ParseUrl => parse_url(&text(0)?),
            Function::UriEncode => Some(Value::Str(Cow::Owned(crate::http::percent_encode(&text(0)?, false)))),
            Function::Partition => partition(self.partitions, &text(0)?),
            Function::ParseArn => parse_arn(&text(0)?),
            Function::IsVirtualHostableS3Bucket => Some(Value::Bool(is_virtual_hostable_s3_bucket(&text(0)?, flag(1)?))),
        }
    }
}

fn path<'v, 'a>(value: &'v Value<'a>, steps: &[Step]) -> Option<&'v Value<'a>> {
    steps.iter().try_fold(value, |v, step| v.get(step))
}

fn int(value: &Value<'_>) -> Option<usize> {
    match value {
        Value::Int(i) => usize::try_from(*i).ok(),
        _ => None,
    }
}

/// `substring`: characters `start..stop` of an ASCII string (counted from its end when
/// `reverse`), or nothing when the string is shorter or not ASCII.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start >= stop || input.len() < stop {
        return None;
    }
    let (from, to) = if reverse { (input.len() - stop, input.len() - start) } else { (start, stop) };
    input.get(from..to)
}

/// `isValidHostLabel`: 1 to 63 ASCII letters, digits and `-`, not starting with `-`; with
/// `allow_sub_domains`, several such labels joined by `.`.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        return value.split('.').all(|label| is_valid_host_label(label, false));
    }
    let bytes = value.as_bytes();
    (1..=63).contains(&bytes.len()) && bytes[0] != b'-' && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// A dotted IPv4 address, or a bracketed IPv6 one.
fn is_ip_address(host: &str) -> bool {
    let dotted = host.split('.').collect::<Vec<_>>();
    let v4 = dotted.len() == 4 && dotted.iter().all(|part| (1..=3).contains(&part.len()) && part.parse::<u8>().is_ok());
    v4 || (host.starts_with('[') && host.ends_with(']'))
}

/// `aws.isVirtualHostableS3Bucket`: a host label of 3 to 63 lowercase characters that is not an
/// IP address; with `allow_sub_domains`, several joined by `.`.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        return value.split('.').all(|label| is_virtual_hostable_s3_bucket(label, false));
    }
    is_valid_host_label(value, false) && (3..=63).contains(&value.len()) && !value.bytes().any(|b| b.is_ascii_uppercase()) && !is_ip_address(value)
}

/// `parseURL`: an `http` or `https` URL without a query or fragment, as a record of its scheme,
/// authority, path, the path ending in `/`, and whether the host is an IP address.
fn parse_url(value: &str) -> Option<Value<'static>> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" || value.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
    if authority.is_empty() || authority.contains('@') || value.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control()) {
        return None;
    }
    let host = match authority.strip_prefix('[') {
        Some(_) => &authority[..authority.find(']')? + 1],
        None => authority.rsplit_once(':').map_or(authority, |(host, _)| host),
    };
    let normalized = if path.ends_with('/') { path.to_owned() } else { format!("{path}/") };
    let text = |s: String| Value::Str(Cow::Owned(s));
    Some(Value::Record(vec![
        ("scheme", text(scheme)),
        ("authority", text(authority.to_owned())),
        ("path", text(path.to_owned())),
        ("normalizedPath", text(normalized)),
        ("isIp", Value::Bool(is_ip_address(host))),
    ]))
}

/// `aws.partition`: the partition that lists the region by name, else the first whose region
/// pattern matches it, else `aws`.
fn partition(partitions: &'static [Partition], region: &str) -> Option<Value<'static>> {
    let named = partitions.iter().find_map(|p| p.regions.binary_search_by(|(name, _)| (*name).cmp(region)).ok().map(|i| p.regions[i].1));
    let outputs = named
        .or_else(|| partitions.iter().find(|p| p.region_regex.is_match(region)).map(|p| p.outputs))
        .or_else(|| partitions.iter().find(|p| p.outputs.name == "aws").map(|p| p.outputs))?;
    let text = |s: &'static str| Value::Str(Cow::Borrowed(s));
    Some(Value::Record(vec![
        ("name", text(outputs.name)),
        ("dnsSuffix", text(outputs.dns_suffix)),
        ("dualStackDnsSuffix", text(outputs.dual_stack_dns_suffix)),
        ("supportsFIPS", Value::Bool(outputs.supports_fips)),
        ("supportsDualStack", Value::Bool(outputs.supports_dual_stack)),
        ("implicitGlobalRegion", text(outputs.implicit_global_region)),
    ]))
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, the resource split on `:`
/// and `/`.
fn parse_arn(value: &str) -> Option<Value<'static>> {
    let mut parts = value.splitn(6, ':');
    let (arn, partition, service, region, account, resource) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let text = |s: &str| Value::Str(Cow::Owned(s.to_owned()));
    Some(Value::Record(vec![
        ("partition", text(partition)),
        ("service", text(service)),
        ("region", text(region)),
        ("accountId", text(account)),
        ("resourceId", Value::Array(resource.split([':', '/']).map(text).collect())),
    ]))
}

/// The parameters of a service's endpoint rules, which resolve to an [`Endpoint`].
pub trait ResolveEndpoint {
    /// Runs the service's rules over these parameters.
    fn resolve_endpoint(&self) -> Result<Endpoint, EndpointError>;
}

/// An operation of a service with endpoint rules, and what its input sets in the rules'
/// parameters (members marked `@contextParam`, the operation's static values and input paths).
pub trait EndpointParams: crate::http::Operation {
    /// The service's parameters (its `endpoint::Params`).
    type Params: ResolveEndpoint + Clone;

    /// Sets in `params` what the operation and its input decide.
    fn endpoint_params(input: &Self::Input, params: &mut Self::Params);

    /// Where a request for `input` goes: `params` (the region, FIPS, dual-stack, a custom
    /// endpoint, ...) with what the operation sets, resolved.
    fn endpoint(input: &Self::Input, params: &Self::Params) -> Result<Endpoint, EndpointError> {
        let mut params = params.clone();
        Self::endpoint_params(input, &mut params);
        params.resolve_endpoint()
    }
}

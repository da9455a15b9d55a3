//! Emit stage: a service's `endpoint` module (its rules' `Params`, `resolve`, the rules as
//! static tables for the runtime's interpreter, and what each operation binds), and the crate's
//! `partitions` module (the data behind `aws.partition`).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{doc_attrs, ident};
use crate::ir::endpoint::{Binding, Condition, Endpoint, Expr, Leaf, Outputs, Param, ParamKind, ParamValue, Part, Partition, PathStep, Property, Rule, Rules, Source, Step};
use crate::ir::Service;

/// The items of `src/<service>/endpoint.rs`.
pub fn module(service: &Service, rules: &Rules, lib: &str, with_operations: bool) -> Vec<TokenStream> {
    let mut items = vec![quote! {
        use crate::endpoint::{Endpoint, EndpointError, ResolveEndpoint, Value};
        #[allow(unused_imports)]
        use crate::endpoint::{Condition, EndpointRule, Expr, Function, Param, Part, Property, Rule, RuleSet, Step};
    }];
    items.push(params(service, rules, lib));
    items.push(rule_set(rules));
    if with_operations {
        items.extend(service.operations.iter().map(|op| {
            let name = ident(&op.type_name);
            let operations = super::layout::path_tokens(service, super::layout::Module::Operations);
            let body: Vec<TokenStream> = op.endpoint_bindings.iter().map(|b| binding(rules, b)).collect();
            let input = if body.iter().any(|b| b.to_string().contains("input")) { quote!(input) } else { quote!(_input) };
            let params = if body.is_empty() { quote!(_params) } else { quote!(params) };
            let allow = op.endpoint_bindings.iter().any(|b| rules.params[b.param].deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
            quote! {
                #allow
                impl crate::endpoint::EndpointParams for #operations::#name {
                    type Params = Params;
                    fn endpoint_params(#input: &Self::Input, #params: &mut Params) {
                        #(#body)*
                    }
                }
            }
        }));
    }
    items
}

/// The type of a parameter's field: a parameter with a default always has a value.
fn field_type(param: &Param) -> TokenStream {
    let ty = match param.kind {
        ParamKind::String => quote!(String),
        ParamKind::Boolean => quote!(bool),
        ParamKind::StringArray => quote!(Vec<String>),
    };
    if param.default.is_some() {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn value_literal(value: &ParamValue) -> TokenStream {
    match value {
        ParamValue::String(s) => quote!(#s.to_owned()),
        ParamValue::Bool(b) => quote!(#b),
        ParamValue::Strings(items) => quote!(vec![#(#items.to_owned()),*]),
    }
}

fn value_text(value: &ParamValue) -> String {
    match value {
        ParamValue::String(s) => format!("{s:?}"),
        ParamValue::Bool(b) => b.to_string(),
        ParamValue::Strings(items) => format!("{items:?}"),
    }
}

fn params(service: &Service, rules: &Rules, lib: &str) -> TokenStream {
    let title = service.traits.title.as_deref().unwrap_or(service.id.name());
    let mut doc = format!(
        "The parameters of the endpoint rules of {title}, which decide where its requests go.\n\n\
         Start from [`Params::new`] (the rules' defaults), set what applies to you, and \
         [`resolve`](Params::resolve) to an [`Endpoint`]: its URL, the headers to send and how to \
         sign. An operation's own parameters are set by \
         [`EndpointParams`](crate::endpoint::EndpointParams), from its input."
    );
    if let Some(example) = example(service, lib) {
        doc.push_str(&format!("\n\n```\n{example}```"));
    }
    let fields = rules.params.iter().map(|p| {
        let mut text = p.doc.clone().unwrap_or_default();
        let mut note = |line: String| {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&line);
        };
        if let Some(built_in) = &p.built_in {
            note(format!("The SDK setting `{built_in}`."));
        }
        if let Some(default) = &p.default {
            note(format!("**Default:** `{}`.", value_text(default)));
        }
        if p.required && p.default.is_none() {
            note("**Required:** resolving without it is an error.".into());
        }
        let doc = doc_attrs(&text);
        let deprecated = p.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
        let name = ident(&p.field);
        let ty = field_type(p);
        quote!(#doc #deprecated pub #name: #ty,)
    });
    let defaults = rules.params.iter().map(|p| {
        let name = ident(&p.field);
        let value = match &p.default {
            Some(default) => value_literal(default),
            None => quote!(None),
        };
        quote!(#name: #value,)
    });
    let setters = rules.params.iter().map(|p| {
        let name = ident(&p.field);
        let doc = doc_attrs(&format!("Sets [`{0}`](Params::{0}).", crate::naming::bare(&p.field)));
        let (arg, value) = match p.kind {
            ParamKind::String => (quote!(impl Into<String>), quote!(value.into())),
            ParamKind::Boolean => (quote!(bool), quote!(value)),
            ParamKind::StringArray => (quote!(impl IntoIterator<Item = impl Into<String>>), quote!(value.into_iter().map(Into::into).collect())),
        };
        let value = if p.default.is_some() { value } else { quote!(Some(#value)) };
        let deprecated = p.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
        let allow = p.deprecated.is_some().then(|| quote!(#[allow(deprecated)]));
        quote! {
            #doc
            #deprecated
            #allow
            pub fn #name(mut self, value: #arg) -> Self {
                self.#name = #value;
                self
            }
        }
    });
    let values = rules.params.iter().map(|p| {
        let name = ident(&p.field);
        match (p.kind, p.default.is_some()) {
            (ParamKind::Boolean, true) => quote!(Value::flag(Some(self.#name))),
            (ParamKind::Boolean, false) => quote!(Value::flag(self.#name)),
            (ParamKind::String, true) => quote!(Value::text(Some(&self.#name))),
            (ParamKind::String, false) => quote!(Value::text(self.#name.as_deref())),
            (ParamKind::StringArray, true) => quote!(Value::texts(Some(&self.#name))),
            (ParamKind::StringArray, false) => quote!(Value::texts(self.#name.as_deref())),
        }
    });
    let allow = rules.params.iter().any(|p| p.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let doc = doc_attrs(&doc);
    let type_defaults = rules.params.iter().all(|p| match &p.default {
        None | Some(ParamValue::Bool(false)) => true,
        Some(ParamValue::String(s)) => s.is_empty(),
        Some(ParamValue::Strings(items)) => items.is_empty(),
        Some(ParamValue::Bool(true)) => false,
    });
    let (derive, default) = if type_defaults {
        (quote!(Default,), None)
    } else {
        let default = quote! {
            impl Default for Params {
                #allow
                fn default() -> Self {
                    Params { #(#defaults)* }
                }
            }
        };
        (TokenStream::new(), Some(default))
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive)]
        #[non_exhaustive]
        pub struct Params {
            #(#fields)*
        }

        #default

        impl Params {
            /// The rules' defaults, and nothing else set.
            pub fn new() -> Self {
                Self::default()
            }

            #(#setters)*

            /// Runs the service's endpoint rules: the endpoint, or the rules' error for these
            /// parameters.
            #allow
            pub fn resolve(&self) -> Result<Endpoint, EndpointError> {
                RULES.resolve([#(#values),*])
            }
        }

        impl ResolveEndpoint for Params {
            fn resolve_endpoint(&self) -> Result<Endpoint, EndpointError> {
                self.resolve()
            }
        }
    }
}

/// A doc example from the rules' own test cases (so the model checks it): a region, FIPS,
/// dual-stack and a custom endpoint, as far as the cases show them.
pub(super) fn example(service: &Service, lib: &str) -> Option<String> {
    if service.endpoint_examples.is_empty() {
        return None;
    }
    let mut code = format!("use {lib}::{}::endpoint::Params;\n", service.module);
    for example in &service.endpoint_examples {
        let setters: String = example
            .settings
            .iter()
            .map(|(field, value)| format!(".{}({})", crate::naming::bare(field), value_text(value)))
            .collect();
        code.push_str(&format!(
            "\n// {}:\nlet endpoint = Params::new(){setters}.resolve()?;\nassert_eq!(endpoint.url, {:?});\n",
            capitalize(example.what),
            example.url
        ));
    }
    code.push_str(&format!("# Ok::<(), {lib}::endpoint::EndpointError>(())\n"));
    Some(code)
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn number(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

fn rule_set(rules: &Rules) -> TokenStream {
    let params = rules.params.iter().map(|p| {
        let (name, required) = (&p.name, p.required && p.default.is_none());
        quote!(Param { name: #name, required: #required })
    });
    let slots = number(rules.slots);
    let list = rules_of(&rules.rules);
    let partitions = if rules.uses_partitions { quote!(crate::partitions::PARTITIONS) } else { quote!(&[]) };
    quote! {
        /// The service's endpoint rules, which [`Params::resolve`] runs.
        static RULES: RuleSet = RuleSet {
            params: &[#(#params),*],
            slots: #slots,
            rules: #list,
            partitions: #partitions,
        };
    }
}

fn rules_of(rules: &[Rule]) -> TokenStream {
    let rules = rules.iter().map(|rule| match rule {
        Rule::Endpoint { conditions, endpoint: e } => {
            let (conditions, e) = (conditions_of(conditions), endpoint(e));
            quote!(Rule::Endpoint(#conditions, &#e))
        }
        Rule::Error { conditions, message } => {
            let (conditions, message) = (conditions_of(conditions), expr(message));
            quote!(Rule::Error(#conditions, #message))
        }
        Rule::Tree { conditions, rules } => {
            let (conditions, rules) = (conditions_of(conditions), rules_of(rules));
            quote!(Rule::Tree(#conditions, #rules))
        }
    });
    quote!(&[#(#rules),*])
}

fn conditions_of(conditions: &[Condition]) -> TokenStream {
    let conditions = conditions.iter().map(|c| {
        let e = expr(&c.expr);
        let assign = match c.assign {
            Some(slot) => {
                let slot = number(usize::from(slot));
                quote!(Some(#slot))
            }
            None => quote!(None),
        };
        quote!(Condition { expr: #e, assign: #assign })
    });
    quote!(&[#(#conditions),*])
}

fn expr(e: &Expr) -> TokenStream {
    match e {
        Expr::Ref(slot) => {
            let slot = number(usize::from(*slot));
            quote!(Expr::Ref(#slot))
        }
        Expr::Template(parts) => {
            let parts = parts.iter().map(|part| match part {
                Part::Text(text) => quote!(Part::Text(#text)),
                Part::Ref(slot, path) => {
                    let (slot, path) = (number(usize::from(*slot)), steps(path));
                    quote!(Part::Ref(#slot, #path))
                }
            });
            quote!(Expr::Template(&[#(#parts),*]))
        }
        Expr::Bool(b) => quote!(Expr::Bool(#b)),
        Expr::Int(i) => {
            let i = Literal::i64_unsuffixed(*i);
            quote!(Expr::Int(#i))
        }
        Expr::Call(function, args) => {
            let function = format_ident!("{function:?}");
            let args = args.iter().map(expr);
            quote!(Expr::Call(Function::#function, &[#(#args),*]))
        }
        Expr::GetAttr(target, path) => {
            let (target, path) = (expr(target), steps(path));
            quote!(Expr::GetAttr(&#target, #path))
        }
    }
}

fn steps(path: &[Step]) -> TokenStream {
    let steps = path.iter().map(|step| match step {
        Step::Key(key) => quote!(Step::Key(#key)),
        Step::Index(i) => {
            let i = number(*i);
            quote!(Step::Index(#i))
        }
    });
    quote!(&[#(#steps),*])
}

fn endpoint(e: &Endpoint) -> TokenStream {
    let url = expr(&e.url);
    let headers = e.headers.iter().map(|(name, values)| {
        let values = values.iter().map(expr);
        quote!((#name, &[#(#values),*]))
    });
    let properties = e.properties.iter().map(|(key, p)| {
        let p = property(p);
        quote!((#key, #p))
    });
    quote!(EndpointRule { url: #url, headers: &[#(#headers),*], properties: &[#(#properties),*] })
}

fn property(p: &Property) -> TokenStream {
    match p {
        Property::Value(e) => {
            let e = expr(e);
            quote!(Property::Value(#e))
        }
        Property::Array(items) => {
            let items = items.iter().map(property);
            quote!(Property::Array(&[#(#items),*]))
        }
        Property::Object(fields) => {
            let fields = fields.iter().map(|(k, p)| {
                let p = property(p);
                quote!((#k, #p))
            });
            quote!(Property::Object(&[#(#fields),*]))
        }
    }
}

/// The statements that set one bound parameter in `params`.
fn binding(rules: &Rules, b: &Binding) -> TokenStream {
    let param = &rules.params[b.param];
    let field = ident(&param.field);
    let wrap = |value: TokenStream| if param.default.is_some() { value } else { quote!(Some(#value)) };
    match &b.source {
        Source::Static(value) => {
            let value = wrap(value_literal(value));
            quote!(params.#field = #value;)
        }
        Source::Input(path) if param.kind == ParamKind::StringArray => {
            let values = wrap(quote!(values));
            let walk = walk(path, quote!(input), false, 0, &|value| quote!(values.push(#value);));
            quote! {
                let mut values = Vec::new();
                #walk
                if !values.is_empty() {
                    params.#field = #values;
                }
            }
        }
        Source::Input(path) => walk(path, quote!(input), false, 0, &|value| {
            let value = wrap(value);
            quote!(params.#field = #value;)
        }),
    }
}

/// Code that walks `path` from `value` and runs `sink` on each value it ends at. `value` is a
/// place (`input.a.b`) at first and after required fields, a reference after an optional one or
/// an item.
fn walk(path: &[PathStep], value: TokenStream, by_ref: bool, depth: usize, sink: &dyn Fn(TokenStream) -> TokenStream) -> TokenStream {
    let Some((step, rest)) = path.split_first() else { return TokenStream::new() };
    let next = format_ident!("v{depth}");
    match step {
        PathStep::Field { ident: name, optional } => {
            let name = ident(name);
            if *optional {
                let inner = walk(rest, quote!(#next), true, depth + 1, sink);
                quote!(if let Some(#next) = &#value.#name { #inner })
            } else {
                walk(rest, quote!(#value.#name), false, depth, sink)
            }
        }
        PathStep::Each { sparse } => {
            let inner = walk(rest, quote!(#next), true, depth + 1, sink);
            let flatten = sparse.then(|| quote!(.flatten()));
            quote!(for #next in #value.iter() #flatten { #inner })
        }
        PathStep::Keys => {
            let inner = walk(rest, quote!(#next), true, depth + 1, sink);
            quote!(for #next in #value.keys() { #inner })
        }
        PathStep::Select(branches) => {
            let branches = branches.iter().map(|branch| walk(branch, value.clone(), by_ref, depth, sink));
            quote!(#(#branches)*)
        }
        PathStep::Leaf(Leaf::Text) => sink(quote!(#value.clone())),
        PathStep::Leaf(Leaf::Enum) => sink(quote!(#value.as_str().to_owned())),
        PathStep::Leaf(Leaf::Bool) if by_ref => sink(quote!(*#value)),
        PathStep::Leaf(Leaf::Bool) => sink(quote!(#value)),
    }
}

/// The items of `src/partitions.rs`: each partition's outputs, region pattern and regions.
pub fn partitions_module(partitions: &[Partition]) -> Vec<TokenStream> {
    let mut names: Vec<String> = partitions.iter().map(|p| static_name(&p.id)).collect();
    crate::naming::deduplicate(&mut names, &[]);
    let imports = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let import = |path: &str| {
        imports.borrow_mut().insert(path.to_owned());
        let name = ident(path.rsplit("::").next().unwrap_or(path));
        quote!(#name)
    };
    let patterns: Vec<(String, String)> = partitions.iter().zip(&names).map(|(p, name)| (p.region_regex.clone(), format!("{name}_REGIONS"))).collect();
    let checked: Vec<(&str, &str, &[crate::pattern::Program])> =
        partitions.iter().zip(&patterns).map(|(p, (source, name))| (source.as_str(), name.as_str(), p.programs.as_slice())).collect();
    let mut items = super::validate::patterns::statics(&import, &checked);
    let mut list = Vec::new();
    for (partition, name) in partitions.iter().zip(&names) {
        let outputs = format_ident!("{name}");
        let regex = format_ident!("{name}_REGIONS");
        let o = outputs_literal(&partition.outputs);
        let doc = doc_attrs(&format!("The `{}` partition's outputs.", partition.id));
        items.push(quote!(#doc static #outputs: Outputs = #o;));
        let regions: Vec<TokenStream> = partition
            .regions
            .iter()
            .map(|(region, o)| {
                if *o == partition.outputs {
                    return quote!((#region, &#outputs));
                }
                let o = outputs_literal(o);
                quote!((#region, &#o))
            })
            .collect();
        list.push(quote!(Partition { region_regex: &#regex, regions: &[#(#regions),*], outputs: &#outputs }));
    }
    items.push(quote! {
        /// The partitions, in the order `aws.partition` tries their region patterns.
        pub(crate) static PARTITIONS: &[Partition] = &[#(#list),*];
    });
    let uses = imports.into_inner().into_iter().map(|path| {
        let path: TokenStream = path.parse().unwrap_or_default();
        quote!(use #path;)
    });
    let mut all = vec![quote!(use crate::endpoint::{Outputs, Partition}; #(#uses)*)];
    all.extend(items);
    all
}

fn static_name(id: &str) -> String {
    let name: String = id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("P_{name}")
    }
}

fn outputs_literal(o: &Outputs) -> TokenStream {
    let Outputs { name, dns_suffix, dual_stack_dns_suffix, supports_fips, supports_dual_stack, implicit_global_region } = o;
    quote! {
        Outputs {
            name: #name,
            dns_suffix: #dns_suffix,
            dual_stack_dns_suffix: #dual_stack_dns_suffix,
            supports_fips: #supports_fips,
            supports_dual_stack: #supports_dual_stack,
            implicit_global_region: #implicit_global_region,
        }
    }
}

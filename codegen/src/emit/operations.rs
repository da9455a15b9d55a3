//! Emit stage: operations (`src/<service>/operations.rs`): for each one a type implementing
//! `crate::http::Operation`, whose `request` encodes the input as the exact HTTP request the
//! service's protocol asks for and whose `response` decodes the output or a typed error.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::layout::{self, Module};
use super::serde::{local, locals, read_arm, write_object_document, write_value};
use super::{doc_attrs, ident, Scope};
use crate::ir::http::{Binding, Part, Payload, Route, Scalar, Text};
use crate::ir::traits::TimestampFormat;
use crate::ir::{Member, Operation, Protocol, Service, Structure, TypeDef, TypeKind, TypeRef};

/// The runtime's macro that writes an operation's `Paginated` and `paginate()`.
pub const PAGINATED: &str = "crate::paginate::paginated";

/// The items of a service's `operations` module, for the service's protocol (a supported one:
/// the IR refuses the others).
pub fn module(service: &Service, protocol: &Protocol, validators: &super::validate::Validators<'_>) -> Vec<TokenStream> {
    let scope = Scope::new(service, Module::Operations, service.operations.iter().map(|op| op.type_name.clone()));
    let mut items = Vec::new();
    for op in &service.operations {
        items.push(operation(&scope, protocol, op, validators));
        if let Some((_, union)) = &op.output_stream {
            items.push(events_helpers(&scope, op, union));
        }
        if let Some(pagination) = &op.pagination {
            items.push(paginated(&scope, op, pagination));
        }
    }
    // Each error's decoder once, for every operation that can return it.
    let error_ids: std::collections::BTreeSet<crate::model::ShapeId> =
        service.operations.iter().flat_map(Operation::error_shapes).cloned().collect();
    items.extend(error_ids.iter().map(|id| error_decoder(&scope, id)));
    if service.binds_http() {
        for id in http_parsed(service) {
            if let Some(TypeDef::Structure(s)) = service.types.get(&id) {
                items.push(http_response_parser(&scope, s));
            }
        }
    }
    items.insert(0, scope.use_items());
    items
}

/// Outputs and errors with binding traits, which restJson1 reads from the whole HTTP response
/// (the others are read from the body alone), each once.
fn http_parsed(service: &Service) -> std::collections::BTreeSet<crate::model::ShapeId> {
    service
        .operations
        .iter()
        .flat_map(|op| op.output.iter().chain(op.error_shapes()))
        .filter(|id| structure(service, id).is_some_and(Structure::response_bound))
        .cloned()
        .collect()
}

fn structure<'a>(service: &'a Service, id: &crate::model::ShapeId) -> Option<&'a Structure> {
    match service.types.get(id) {
        Some(TypeDef::Structure(s)) => Some(s),
        _ => None,
    }
}

fn operation(scope: &Scope<'_>, protocol: &Protocol, op: &Operation, validators: &super::validate::Validators<'_>) -> TokenStream {
    let service = scope.service();
    let name = ident(&op.type_name);
    let doc = doc_attrs(op.doc.as_deref().unwrap_or(&format!("The `{}` operation.", op.name)));
    let input = op.input.as_ref().map_or(quote!(()), |id| scope.named(service.type_name(id)));
    let output = op.output.as_ref().map_or(quote!(()), |id| scope.named(service.type_name(id)));
    let errors = scope.import(&layout::path(service, Module::Errors));
    let error = ident(&op.error_enum);
    let operation = scope.import("crate::http::Operation");
    let (request_ty, response_ty, request_error) =
        (scope.import("crate::http::Request"), scope.import("crate::http::Response"), scope.import("crate::http::RequestError"));
    let result = scope.prelude("Result");
    let op_name = &op.name;
    // What every protocol does to the encoded request: host prefix, compression, checksum.
    let compress = op.compresses().then(|| {
        let gzip = scope.import("crate::compression");
        quote!(#gzip::gzip(&mut request);)
    });
    let checksum = op.traits.http_checksum_required.then(|| {
        let checksum = scope.import("crate::checksum");
        quote!(#checksum::content_md5(&mut request);)
    });
    let host_prefix = host_prefix(scope, op);
    let host_prefix = quote!(#host_prefix #compress #checksum);
    // The IR gives an operation a route exactly when its protocol binds HTTP.
    let request = match &op.route {
        _ if op.input_stream.is_some() => {
            let (request_error, err) = (scope.import("crate::http::RequestError"), scope.prelude("Err"));
            let message = format!("`{}` sends an event stream, which this crate cannot sign and send yet", op.name);
            quote!(#err(#request_error::new(#message)))
        }
        Some(route) => http_request(scope, op, route, host_prefix),
        None => document_request(scope, protocol, op, host_prefix),
    };
    // Validation first, so a request the service would reject never goes out.
    let validate = op
        .input
        .as_ref()
        .filter(|id| validators.validates(id) && op.input_stream.is_none())
        .map(|_| quote!(#[cfg(feature = "validate")] input.validate()?;));
    let fill_token = fill_idempotency_token(scope, op).filter(|_| op.input_stream.is_none());
    let response = response_fn(scope, op);
    let output_response = output_response(scope, op);
    let output_arg = if reads_output(service, op) { quote!(output) } else { quote!(_output) };
    let host_labels = op.traits.host_prefix.as_deref().is_some_and(|prefix| prefix.contains('{'));
    let input_arg = if op.input_stream.is_none() && (validate.is_some() || reads_input(service, op) || host_labels || fill_token.is_some()) {
        quote!(input)
    } else {
        quote!(_input)
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, Default)]
        pub struct #name;

        impl #operation for #name {
            type Input = #input;
            type Output = #output;
            type Error = #errors::#error;

            const NAME: &'static str = #op_name;

            fn request(#input_arg: &Self::Input) -> #result<#request_ty, #request_error> {
                #validate
                #fill_token
                #request
            }

            fn response(response: &#response_ty) -> #result<Self::Output, Self::Error> {
                #response
            }

            fn output_response(#output_arg: &Self::Output) -> #response_ty {
                #output_response
            }
        }
    }
}

/// Statements that fill an unset `@idempotencyToken` member (in a copy of the input), so that
/// every request carries a token; nothing for inputs without one.
fn fill_idempotency_token(scope: &Scope<'_>, op: &Operation) -> Option<TokenStream> {
    let service = scope.service();
    let field = ident(op.idempotency_token.as_ref()?);
    let ty = scope.named(service.type_name(op.input.as_ref()?));
    let (some, none) = (scope.prelude("Some"), scope.prelude("None"));
    let token = scope.import("crate::http::idempotency_token");
    Some(quote! {
        let filled;
        let input = match &input.#field {
            #some(_) => input,
            #none => {
                filled = #ty { #field: #some(#token()), ..input.clone() };
                &filled
            }
        };
    })
}

/// Statements setting `request.host_prefix` from `@endpoint(hostPrefix: ...)`, with its
/// `{label}`s filled from the input's `@hostLabel` members; nothing without the trait.
fn host_prefix(scope: &Scope<'_>, op: &Operation) -> TokenStream {
    let Some(parts) = &op.host_prefix else { return TokenStream::new() };
    let service = scope.service();
    let members: &[Member] = op.input.as_ref().and_then(|id| structure(service, id)).map_or(&[], |s| &s.members);
    let (some, string) = (scope.prelude("Some"), scope.prelude("String"));
    if !parts.iter().any(|part| matches!(part, Part::Label { .. })) {
        let template: String = parts.iter().map(|part| if let Part::Literal(text) = part { text.as_str() } else { "" }).collect();
        return quote!(request.host_prefix = #some(#template.to_owned()););
    }
    let code = parts.iter().map(|part| match part {
        Part::Literal(text) => push_text(quote!(prefix), text),
        Part::Label { member, .. } => {
            let member = &members[*member];
            let (field, name) = (ident(&member.ident), member.name.as_str());
            let value = if member.optional { quote!(input.#field.as_deref().unwrap_or("")) } else { quote!(input.#field.as_str()) };
            let check = scope.import("crate::http::host_label");
            quote! {
                let label = #value;
                #check(#name, label)?;
                prefix.push_str(label);
            }
        }
    });
    let code: Vec<TokenStream> = code.collect();
    let hide = members.iter().any(|m| m.traits.host_label && service.holds_sensitive(m)).then(|| quote!(request.hide_uri();));
    quote! {
        let mut prefix = #string::new();
        #(#code)*
        request.host_prefix = #some(prefix);
        #hide
    }
}

/// A protocol whose request is one document (awsJson): the input as the body, `POST`ed where
/// the protocol says, with the headers that name the operation.
fn document_request(scope: &Scope<'_>, protocol: &Protocol, op: &Operation, host_prefix: TokenStream) -> TokenStream {
    let service = scope.service();
    let writer = scope.codec("Writer");
    let request = scope.import("crate::http::Request");
    let ok = scope.prelude("Ok");
    let write = match &op.input {
        Some(id) => {
            let write = scope.writer(service.type_name(id));
            quote!(#write(w, input);)
        }
        None => quote!(w.begin_object(); w.end_object();),
    };
    let input_sensitive = op.input.as_ref().is_some_and(|id| service.sensitive.contains(id));
    let hide = input_sensitive.then(|| quote!(request.hide_body();));
    let (path, headers) = protocol.document_target(service.id.name(), &op.name);
    let headers = headers.iter().map(|(name, value)| quote!(request.headers.push((#name.into(), #value.into()));));
    let content_type = protocol.document_content_type();
    // A query-compatible service tells its clients apart from older awsQuery ones by this header.
    let query_mode = service
        .traits
        .aws_query_compatible
        .then(|| quote!(request.headers.push(("x-amzn-query-mode".into(), "true".into()));));
    quote! {
        let mut writer = #writer::new();
        let w = &mut writer;
        #write
        let mut request = #request::new("POST", #path.to_owned());
        #(#headers)*
        #query_mode
        #hide
        request.set_body(#content_type, writer.finish()?);
        #host_prefix
        #ok(request)
    }
}

/// A string expression for a value bound to a URI label, query parameter or header. In a
/// request (`member` is the model name of the member it comes from), a timestamp its format
/// cannot write fails the request; in a fake's response it is left empty.
fn text(scope: &Scope<'_>, scalar: Scalar, value: TokenStream, member: Option<&str>) -> TokenStream {
    let fallible = |text: TokenStream| match member {
        Some(member) => {
            let error = scope.import("crate::http::timestamp_error");
            quote!(#text.map_err(|e| #error(#member, e))?)
        }
        None => quote!(#text.unwrap_or_default()),
    };
    match scalar {
        Scalar::String => quote!(#value.clone()),
        Scalar::Boolean | Scalar::Byte | Scalar::Short | Scalar::Integer | Scalar::Long => quote!(#value.to_string()),
        Scalar::Float | Scalar::Double => {
            let float_text = scope.import("crate::http::float_text");
            quote!(#float_text(*#value))
        }
        Scalar::BigInteger | Scalar::BigDecimal => quote!(#value.as_str().to_owned()),
        Scalar::Blob => {
            let base64 = scope.import("crate::base64");
            quote!(#base64::encode(#value))
        }
        Scalar::Timestamp(TimestampFormat::EpochSeconds) => quote!(#value.to_epoch_seconds_string()),
        Scalar::Timestamp(TimestampFormat::DateTime) => fallible(quote!(#value.to_date_time_string())),
        Scalar::Timestamp(TimestampFormat::HttpDate) => fallible(quote!(#value.to_http_date_string())),
        Scalar::IntEnum => quote!(#value.value().to_string()),
        Scalar::Enum => quote!(#value.as_str().to_owned()),
    }
}

/// Whether encoding the request reads the input: a document protocol writes it whole; one that
/// binds HTTP reads every member except those only meaningful in responses.
fn reads_input(service: &Service, op: &Operation) -> bool {
    let Some(input) = op.input.as_ref().and_then(|id| structure(service, id)) else { return false };
    !service.binds_http() || input.members.iter().any(|m| m.binding != Binding::ResponseCode)
}

/// Whether `output_response` reads the output: whenever there is one.
fn reads_output(service: &Service, op: &Operation) -> bool {
    op.output.as_ref().and_then(|id| structure(service, id)).is_some()
}

/// Appends literal URI text: `push` for one character, `push_str` otherwise.
fn push_literal(text: &str) -> TokenStream {
    push_text(quote!(uri), text)
}

/// Appends literal text to a `String`: `push` for one character, `push_str` otherwise.
fn push_text(target: TokenStream, text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote!(#target.push(#c);),
        _ => quote!(#target.push_str(#text);),
    }
}

/// A protocol that binds members to the HTTP message (restJson1): the request from the
/// operation's route and its input members' bindings, the unbound members as the body document.
fn http_request(scope: &Scope<'_>, op: &Operation, route: &Route, host_prefix: TokenStream) -> TokenStream {
    let service = scope.service();
    let input = op.input.as_ref().and_then(|id| structure(service, id));
    let all_members: &[Member] = input.map_or(&[], |s| &s.members);
    let members: Vec<&Member> = all_members.iter().collect();
    let request = scope.import("crate::http::Request");
    let (some, ok, vec, string) = (scope.prelude("Some"), scope.prelude("Ok"), scope.prelude("Vec"), scope.prelude("String"));

    // The path: literal text in one `push_str` between labels; the first literal starts the URI.
    let (first_literal, rest) = match route.path.split_first() {
        Some((Part::Literal(text), rest)) => (Some(text.as_str()), rest),
        _ => (None, route.path.as_slice()),
    };
    let mut path_code = Vec::new();
    for part in rest {
        match part {
            Part::Literal(text) => path_code.push(push_literal(text)),
            Part::Label { member, greedy, text: scalar } => {
                let member = &all_members[*member];
                let field = ident(&member.ident);
                let label_fn = scope.import("crate::http::label");
                let name = member.name.as_str();
                let value = match (scalar, member.optional) {
                    (Scalar::String, true) => quote!(input.#field.as_deref().unwrap_or("")),
                    (Scalar::String, false) => quote!(&input.#field),
                    (scalar, optional) => {
                        let text = text(scope, *scalar, quote!(value), Some(name));
                        if optional {
                            let string = scope.prelude("String");
                            quote!(&match &input.#field { #some(value) => #text, None => #string::new() })
                        } else {
                            quote!(&{ let value = &input.#field; #text })
                        }
                    }
                };
                path_code.push(quote!(uri.push_str(&#label_fn(#name, #value, #greedy)?);));
            }
        }
    }

    // The query: the template's literal part as written (`?foo=bar&hello`), then @httpQuery
    // members, then @httpQueryParams entries whose names no @httpQuery member took.
    let mut query_code = Vec::new();
    let literal_query = route.literal_query.as_deref();
    let queries = members.iter().filter_map(|m| match &m.binding {
        Binding::Query { name, value } => Some((m, name.as_str(), *value)),
        _ => None,
    });
    let bound_names: Vec<&str> = queries.clone().map(|(_, name, _)| name).collect();
    for (member, name, value) in queries {
        let field = ident(&member.ident);
        let get = if member.optional { quote!(&input.#field) } else { quote!(#some(&input.#field)) };
        let code = match value {
            Text::List(scalar) => {
                let value = text(scope, scalar, quote!(item), Some(&member.name));
                quote!(for item in value.iter() { query.push((#name.to_owned(), #value)); })
            }
            Text::One(scalar) => {
                let value = text(scope, scalar, quote!(value), Some(&member.name));
                quote!(query.push((#name.to_owned(), #value));)
            }
        };
        query_code.push(quote!(if let #some(value) = #get { #code }));
    }
    for (member, value) in members.iter().filter_map(|m| if let Binding::QueryParams(value) = m.binding { Some((m, value)) } else { None }) {
        let field = ident(&member.ident);
        let push = match value {
            Text::List(scalar) => {
                let value = text(scope, scalar, quote!(item), Some(&member.name));
                quote!(for item in value.iter() { query.push((key.clone(), #value)); })
            }
            Text::One(scalar) => {
                let value = text(scope, scalar, quote!(value), Some(&member.name));
                quote!(query.push((key.clone(), #value));)
            }
        };
        let get = if member.optional { quote!(&input.#field) } else { quote!(#some(&input.#field)) };
        query_code.push(quote! {
            if let #some(map) = #get {
                for (key, value) in map.iter() {
                    if ![#(#bound_names),*].contains(&key.as_str()) {
                        #push
                    }
                }
            }
        });
    }

    let header_code = header_pushes(scope, &members, quote!(input), true);

    let literal = literal_query.map(|q| {
        let text = format!("?{q}");
        quote!(uri.push_str(#text);)
    });
    let bound = (!query_code.is_empty()).then(|| {
        let append_query = scope.import("crate::http::append_query");
        quote! {
            let mut query: #vec<(#string, #string)> = #vec::new();
            #(#query_code)*
            #append_query(&mut uri, &query);
        }
    });
    let grows = !path_code.is_empty() || literal.is_some() || bound.is_some();
    let query = quote!(#literal #bound);
    let body = http_body(scope, &members, quote!(input), quote!(request), false);
    let method = &route.method;
    // `Debug` hides what `@sensitive` members put in the URI or the body.
    let in_uri = |m: &&&Member| matches!(m.binding, Binding::Label | Binding::Query { .. } | Binding::QueryParams(_));
    let hide_uri = members.iter().filter(in_uri).any(|m| service.holds_sensitive(m)).then(|| quote!(request.hide_uri();));
    let in_body = |m: &&&Member| matches!(m.binding, Binding::Payload(_) | Binding::Body);
    let hide_body = members.iter().filter(in_body).any(|m| service.holds_sensitive(m)).then(|| quote!(request.hide_body();));
    let hide = quote!(#hide_uri #hide_body);
    let request_binding = if header_code.is_empty() && body.is_empty() && host_prefix.is_empty() && hide.is_empty() {
        quote!(let request = #request::new(#method, uri);)
    } else {
        quote!(let mut request = #request::new(#method, uri);)
    };
    let uri = match first_literal {
        Some(text) => quote!(#string::from(#text)),
        None => quote!(#string::new()),
    };
    let uri_binding = if grows { quote!(let mut uri = #uri;) } else { quote!(let uri = #uri;) };
    quote! {
        #uri_binding
        #(#path_code)*
        #query
        #request_binding
        #hide
        #header_code
        #body
        #host_prefix
        #ok(request)
    }
}

/// Statements setting the headers of a request (`input`'s, checked: see `Request::add_header`)
/// or of a fake's response (`output`'s) from the members of `value` bound with `@httpHeader` and
/// `@httpPrefixHeaders`.
fn header_pushes(scope: &Scope<'_>, members: &[&Member], value: TokenStream, in_request: bool) -> TokenStream {
    let service = scope.service();
    let (some, vec) = (scope.prelude("Some"), scope.prelude("Vec"));
    let mut code = Vec::new();
    let headers = members.iter().filter_map(|m| match &m.binding {
        Binding::Header { name, value } => Some((m, name.as_str(), *value)),
        _ => None,
    });
    for (member, name, bound) in headers {
        let field = ident(&member.ident);
        let get = if member.optional { quote!(&#value.#field) } else { quote!(#some(&#value.#field)) };
        let model_name = in_request.then_some(member.name.as_str());
        let text = match bound {
            Text::List(scalar) => {
                let item_text = match scalar {
                    Scalar::String => {
                        let quote_item = scope.import("crate::http::quote_header_item");
                        quote!(#quote_item(item))
                    }
                    _ => text(scope, scalar, quote!(item), model_name),
                };
                // A request's timestamps may fail to format: the items are collected as a result.
                if in_request && matches!(scalar, Scalar::Timestamp(format) if format != TimestampFormat::EpochSeconds) {
                    let (result, ok) = (scope.prelude("Result"), scope.prelude("Ok"));
                    let request_error = scope.import("crate::http::RequestError");
                    quote!(value.iter().map(|item| #ok(#item_text)).collect::<#result<#vec<_>, #request_error>>()?.join(", "))
                } else {
                    quote!(value.iter().map(|item| #item_text).collect::<#vec<_>>().join(", "))
                }
            }
            _ if has_media_type(service, &member.ty) => {
                let base64 = scope.import("crate::base64");
                quote!(#base64::encode(value.as_bytes()))
            }
            Text::One(scalar) => text(scope, scalar, quote!(value), model_name),
        };
        let member_name = &member.name;
        let hide = (in_request && service.holds_sensitive(member)).then(|| quote!(request.hide_header(#name);));
        let push = if in_request {
            quote!(request.add_header(#member_name, #name, #text)?; #hide)
        } else {
            quote!(response.headers.push((#name.to_owned(), #text));)
        };
        code.push(quote!(if let #some(value) = #get { #push }));
    }
    for (member, prefix) in members.iter().filter_map(|m| if let Binding::PrefixHeaders(prefix) = &m.binding { Some((m, prefix)) } else { None }) {
        let name = if prefix.is_empty() {
            quote!(key.clone())
        } else {
            let name_format = format!("{}{{}}", prefix.replace('{', "{{").replace('}', "}}"));
            quote!(format!(#name_format, key))
        };
        let field = ident(&member.ident);
        let get = if member.optional { quote!(&#value.#field) } else { quote!(#some(&#value.#field)) };
        let member_name = &member.name;
        let push = if in_request && service.holds_sensitive(member) {
            quote! {
                let name = #name;
                request.hide_header(&name);
                request.add_prefix_header(#member_name, name, value.clone())?;
            }
        } else if in_request {
            quote!(request.add_prefix_header(#member_name, #name, value.clone())?;)
        } else {
            // Where a member is bound to a header by name, it wins over a map entry of that name.
            quote! {
                let name = #name;
                if !response.headers.iter().any(|(taken, _)| taken.eq_ignore_ascii_case(&name)) {
                    response.headers.push((name, value.clone()));
                }
            }
        };
        code.push(quote! {
            if let #some(map) = #get {
                for (key, value) in map.iter() {
                    #push
                }
            }
        });
    }
    quote!(#(#code)*)
}

/// Statements setting the body of `message` (a request or response) from `value`: its
/// `@httpPayload` member, or its members without binding traits as a document object, or nothing.
fn http_body(scope: &Scope<'_>, members: &[&Member], value: TokenStream, message: TokenStream, response: bool) -> TokenStream {
    let service = scope.service();
    let some = scope.prelude("Some");
    let writer = || scope.codec("Writer");
    // A request fails on a value its JSON cannot hold; a fake's response leaves the body empty.
    let finish = if response { quote!(writer.finish().unwrap_or_default()) } else { quote!(writer.finish()?) };
    let payload = members.iter().find_map(|m| if let Binding::Payload(kind) = m.binding { Some((m, kind)) } else { None });
    if let Some((payload, kind)) = payload {
        let field = ident(&payload.ident);
        let get = if payload.optional { quote!(&#value.#field) } else { quote!(#some(&#value.#field)) };
        let media_type = service.shape_traits.get(&payload.ty.shape).and_then(|t| t.media_type.clone());
        let (content_type, bytes) = match kind {
            Payload::Blob => (media_type.unwrap_or_else(|| "application/octet-stream".into()), quote!(value.clone())),
            Payload::String => (media_type.unwrap_or_else(|| "text/plain".into()), quote!(value.as_bytes().to_vec())),
            Payload::Enum => ("text/plain".into(), quote!(value.as_str().as_bytes().to_vec())),
            Payload::EventStream => ("application/vnd.amazon.eventstream".into(), quote!(value.as_bytes().to_vec())),
            Payload::Shape | Payload::Document => {
                let writer = writer();
                let write = write_value(scope, &payload.ty, quote!(value), service.document_timestamp_format());
                (service.codec().media_type().into(), quote!({ let mut writer = #writer::new(); let w = &mut writer; #write #finish }))
            }
        };
        // An unset structure payload is sent as an empty object; other payloads as no body.
        let unset = matches!(service.types.get(&payload.ty.shape), Some(TypeDef::Structure(_))).then(|| {
            let (media_type, empty) = (service.codec().media_type(), scope.codec("EMPTY_OBJECT"));
            quote!(else { #message.set_body(#media_type, #empty.to_vec()); })
        });
        return quote! {
            if let #some(value) = #get {
                let body = #bytes;
                #message.set_body(#content_type, body);
            } #unset
        };
    }
    let mut body: Vec<&Member> =
        members.iter().copied().filter(|m| if response { !m.response_bound() } else { !m.http_bound() }).collect();
    // The members of a message's JSON body go out in member-name order: Smithy's HTTP binding
    // index gives them so to the official SDKs' generators (Rust and JavaScript alike), so the
    // bodies are byte for byte theirs. Nested structures keep model order, as there.
    body.sort_by(|a, b| a.name.cmp(&b.name));
    if body.is_empty() {
        return quote!();
    }
    let document = write_object_document(scope, &body, value);
    let media_type = service.codec().media_type();
    quote! {
        #document
        #message.set_body(#media_type, #finish);
    }
}

/// `output_response`: the 200 response a service would send for an output.
fn output_response(scope: &Scope<'_>, op: &Operation) -> TokenStream {
    let service = scope.service();
    let response = scope.import("crate::http::Response");
    let writer = || scope.codec("Writer");
    let Some(output) = op.output.as_ref().and_then(|id| structure(service, id)) else {
        return if service.binds_http() {
            quote!(#response::new(200, Vec::new()))
        } else {
            let empty = scope.codec("EMPTY_OBJECT");
            quote!(#response::new(200, #empty.to_vec()))
        };
    };
    let rest_json = service.binds_http();
    if let Some(stream) = output.event_stream().filter(|_| !rest_json) {
        let write = scope.writer(&output.name);
        let (writer, initial) = (writer(), scope.import("crate::eventstream::initial_response_message"));
        let field = ident(&stream.ident);
        // A stream the model does not require may be absent: then only the initial response.
        let frames = if stream.optional {
            let some = scope.prelude("Some");
            quote!(if let #some(stream) = &output.#field { body.extend_from_slice(stream.as_bytes()); })
        } else {
            quote!(body.extend_from_slice(output.#field.as_bytes());)
        };
        return quote! {
            let mut writer = #writer::new();
            let w = &mut writer;
            #write(w, output);
            let mut body = #initial(writer.finish().unwrap_or_default()).encode();
            #frames
            #response::new(200, body).with_header("Content-Type", "application/vnd.amazon.eventstream")
        };
    }
    if !rest_json || !output.response_bound() {
        let write = scope.writer(&output.name);
        let writer = writer();
        let status = if rest_json { op.traits.http.as_ref().map_or(200, |h| h.code) } else { 200 };
        let content_type = service.traits.protocol.as_ref().map_or("application/json", Protocol::document_content_type);
        let status_literal = proc_macro2::Literal::u16_unsuffixed(status);
        return quote! {
            let mut writer = #writer::new();
            let w = &mut writer;
            #write(w, output);
            // A timestamp its format cannot write leaves the fake's body empty.
            #response::new(#status_literal, writer.finish().unwrap_or_default()).with_header("Content-Type", #content_type)
        };
    }
    let members: Vec<&Member> = output.members.iter().collect();
    let headers = header_pushes(scope, &members, quote!(output), false);
    let body = http_body(scope, &members, quote!(output), quote!(response), true);
    let status = match members.iter().find(|m| m.binding == Binding::ResponseCode) {
        Some(m) => {
            let field = ident(&m.ident);
            let value = if m.optional { quote!(output.#field) } else { quote!(Some(output.#field)) };
            quote!(#value.and_then(|code| u16::try_from(code).ok()).unwrap_or(200))
        }
        None => {
            let code = proc_macro2::Literal::u16_unsuffixed(op.traits.http.as_ref().map_or(200, |h| h.code));
            quote!(#code)
        }
    };
    if headers.is_empty() && body.is_empty() {
        return quote!(#response::new(#status, Vec::new()));
    }
    quote! {
        let mut response = #response::new(#status, Vec::new());
        #headers
        #body
        response
    }
}

/// `response`: the output on success; otherwise the operation's error enum decodes the error
/// response (`operation_error!` in the runtime): the modeled error it names, else `Unhandled`;
/// anything that does not decode is `InvalidResponse`.
fn response_fn(scope: &Scope<'_>, op: &Operation) -> TokenStream {
    let service = scope.service();
    let errors = scope.import(&layout::path(service, Module::Errors));
    let error = ident(&op.error_enum);
    let invalid = ident(crate::naming::INVALID_RESPONSE);
    let output = match &op.output {
        Some(id) => {
            let parse = parse_structure(scope, id);
            quote!(#parse.map_err(#errors::#error::#invalid))
        }
        None => {
            let ok = scope.prelude("Ok");
            quote!(#ok(()))
        }
    };
    let err = scope.prelude("Err");
    quote! {
        if response.is_success() {
            return #output;
        }
        #err(#errors::#error::from_error_response(response))
    }
}

/// How an error structure decodes from an error response that names it, once per service for
/// every operation that can return it (the runtime's `ModeledError`): what failed to decode
/// keeps the error's code.
fn error_decoder(scope: &Scope<'_>, id: &crate::model::ShapeId) -> TokenStream {
    let service = scope.service();
    let (ty, response, response_error) = (scope.named(service.type_name(id)), scope.import("crate::http::Response"), scope.import("crate::http::ResponseError"));
    let modeled_error = scope.import("crate::http::ModeledError");
    let result = scope.prelude("Result");
    let parse = parse_structure(scope, id);
    let code = id.name();
    quote! {
        impl #modeled_error for #ty {
            const CODE: &'static str = #code;

            fn decode(response: &#response) -> #result<Self, #response_error> {
                #parse.map_err(|e| e.with_code(Self::CODE))
            }
        }
    }
}

/// An expression decoding a structure from `response`: `Result<T, ResponseError>`.
/// The value keeps the response's status, headers and request id (see `ResponseMeta`).
fn parse_structure(scope: &Scope<'_>, id: &crate::model::ShapeId) -> TokenStream {
    let service = scope.service();
    let name = service.type_name(id);
    let response_error = || scope.import("crate::http::ResponseError");
    let stream = structure(service, id).and_then(Structure::event_stream).filter(|_| !service.binds_http());
    let has_meta = structure(service, id).is_some_and(|s| s.meta.is_some());
    let parse = if service.binds_http() && structure(service, id).is_some_and(Structure::response_bound) {
        let parse = parser_name(name);
        quote!(#parse(response))
    } else if let Some(stream) = stream {
        // An RPC protocol's event stream is the whole body; its first message may carry the
        // output's other members.
        let read = scope.reader(name);
        let response_error = response_error();
        let (from_body, initial) = (scope.codec("from_body"), scope.import("crate::eventstream::initial_response"));
        let event_stream = scope.import("crate::eventstream::EventStream");
        let field = ident(&stream.ident);
        let frames = quote!(#event_stream::from_frames(response.body.clone()));
        let frames = if stream.optional {
            let some = scope.prelude("Some");
            quote!(#some(#frames))
        } else {
            frames
        };
        quote!(#initial(&response.body)
            .map_err(|e| #response_error::new(response.status, e))
            .and_then(|payload| #from_body(&payload, response.decode_limit(), #read).map_err(|e| #response_error::new(response.status, e)))
            .map(|mut output| {
                output.#field = #frames;
                output
            }))
    } else {
        let read = scope.reader(name);
        if has_meta {
            // The body's document, with the response's metadata.
            let decode_response = scope.codec("decode_response");
            return quote!(#decode_response(response, #read));
        }
        let (from_response, response_error) = (scope.codec("from_response"), response_error());
        quote!(#from_response(response, #read).map_err(|e| #response_error::new(response.status, e)))
    };
    if has_meta {
        let (meta, with_meta) = (scope.import("crate::http::ResponseMeta"), scope.import("crate::http::WithMeta"));
        quote!(#parse.map(|value| #with_meta::with_meta(value, #meta::new(response))))
    } else {
        parse
    }
}

fn parser_name(type_name: &str) -> proc_macro2::Ident {
    super::helper(crate::naming::Helper::Parse, type_name)
}

/// A protocol that binds members to the HTTP message: a function reading an output or error
/// structure from the whole response: members bound to headers, the status code and the payload
/// from there, the rest from the body document.
fn http_response_parser(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let name = parser_name(&s.name);
    let ty = scope.named(&s.name);
    let response = scope.import("crate::http::Response");
    let response_error = scope.import("crate::http::ResponseError");
    let from_response = || scope.codec("from_response");
    let (some, ok, result) = (scope.prelude("Some"), scope.prelude("Ok"), scope.prelude("Result"));
    // The status code is known at once; the other members start absent and are filled from
    // the response (members bound to the URI are body members in a response).
    let mut given = std::collections::BTreeMap::new();
    for m in s.members.iter().filter(|m| m.binding == Binding::ResponseCode) {
        let value = quote!(i32::from(response.status));
        given.insert(m.name.as_str(), if m.optional { quote!(#some(#value)) } else { value });
    }
    // An event stream payload is the whole body, as frames.
    for m in s.members.iter().filter(|m| m.ty.kind == TypeKind::EventStream) {
        let event_stream = scope.import("crate::eventstream::EventStream");
        let value = quote!(#event_stream::from_frames(response.body.clone()));
        given.insert(m.name.as_str(), if m.optional { quote!(#some(#value)) } else { value });
    }
    let unset: Vec<Member> = s.members.iter().filter(|m| !given.contains_key(m.name.as_str())).cloned().collect();
    let locals = locals(scope, &unset);
    let mut steps = Vec::new();
    let body: Vec<&Member> = s.members.iter().filter(|m| !m.response_bound()).collect();
    if !body.is_empty() && !s.members.iter().any(|m| matches!(m.binding, Binding::Payload(_))) {
        let arms = body.iter().map(|m| read_arm(scope, m, local(m).into_token_stream()));
        let from_response_fn = from_response();
        steps.push(quote! {
            #from_response_fn(response, |r| {
                r.begin_object()?;
                while let Some(key) = r.next_key()? {
                    match key.as_ref() {
                        #(#arms)*
                        _ => r.skip()?,
                    }
                }
                #ok(())
            })
            .map_err(|e| #response_error::new(response.status, e))?;
        });
    }
    for m in s.members.iter().filter(|m| !given.contains_key(m.name.as_str())) {
        let local = local(m);
        let service = scope.service();
        if let Binding::Header { name: header, value: bound } = &m.binding {
            let value = header_value(scope, m, *bound, quote!(text), header);
            // A list may come as several header lines, which mean the same joined.
            steps.push(if matches!(m.ty.kind, TypeKind::List { .. }) {
                quote! {
                    if let #some(text) = response.joined_header(#header) {
                        let text: &str = &text;
                        #local = #some(#value);
                    }
                }
            } else {
                quote! {
                    if let #some(text) = response.header(#header) {
                        #local = #some(#value);
                    }
                }
            });
        } else if let Binding::PrefixHeaders(prefix) = &m.binding {
            let map = scope.import("std::collections::BTreeMap");
            let prefix_lower = prefix.to_ascii_lowercase();
            steps.push(quote! {
                let mut map = #map::new();
                for (name, value) in &response.headers {
                    if name.to_ascii_lowercase().starts_with(#prefix_lower) {
                        map.insert(name[#prefix_lower.len()..].to_owned(), value.clone());
                    }
                }
                if !map.is_empty() {
                    #local = #some(map);
                }
            });
        } else if let Binding::Payload(kind) = m.binding {
            let value = match kind {
                Payload::Blob => quote!(response.body.clone()),
                Payload::String => {
                    quote!(String::from_utf8(response.body.clone()).map_err(|_| #response_error::new(response.status, "the payload is not UTF-8"))?)
                }
                Payload::Enum => {
                    let enumeration = scope.named(service.type_name(&m.ty.shape));
                    quote!(#enumeration::from(std::str::from_utf8(&response.body).map_err(|_| #response_error::new(response.status, "the payload is not UTF-8"))?))
                }
                Payload::Shape => {
                    let read = scope.reader(service.type_name(&m.ty.shape));
                    let from_response = from_response();
                    quote!(#from_response(response, #read).map_err(|e| #response_error::new(response.status, e))?)
                }
                Payload::Document => {
                    let from_response = from_response();
                    quote!(#from_response(response, |r| r.document()).map_err(|e| #response_error::new(response.status, e))?)
                }
                // Read with the members given at once, above.
                Payload::EventStream => continue,
            };
            steps.push(quote! {
                if !response.body.is_empty() {
                    #local = #some(#value);
                }
            });
        }
    }
    let construct = super::serde::construct_with(scope, s, &given);
    // Members given at once (status code, event stream) read the response as well.
    let reads_response = !steps.is_empty() || !given.is_empty();
    let response_arg = if reads_response { quote!(response) } else { quote!(_response) };
    quote! {
        fn #name(#response_arg: &#response) -> #result<#ty, #response_error> {
            #locals
            #(#steps)*
            #ok(#construct)
        }
    }
}

/// Whether a string carries `@mediaType`: in a header its value is base64-encoded (restJson1),
/// since structured text such as JSON may hold what a header cannot.
fn has_media_type(service: &Service, ty: &TypeRef) -> bool {
    ty.kind == TypeKind::String && service.shape_traits.get(&ty.shape).is_some_and(|t| t.media_type.is_some())
}

/// An expression reading a member bound to a header from `text`, failing with a
/// `ResponseError` that names the header.
fn header_value(scope: &Scope<'_>, m: &Member, bound: Text, text: TokenStream, header: &str) -> TokenStream {
    let service = scope.service();
    if has_media_type(service, &m.ty) {
        let base64 = scope.import("crate::base64");
        let response_error = scope.import("crate::http::ResponseError");
        let message = format!("header `{header}` does not hold base64-encoded UTF-8 text");
        let string = scope.prelude("String");
        return quote! {
            #base64::decode(#text.trim())
                .ok()
                .and_then(|bytes| #string::from_utf8(bytes).ok())
                .ok_or_else(|| #response_error::new(response.status, #message))?
        };
    }
    match bound {
        Text::List(scalar) => {
            let split = if scalar == Scalar::Timestamp(TimestampFormat::HttpDate) {
                scope.import("crate::http::split_http_date_list")
            } else {
                scope.import("crate::http::split_header_list")
            };
            let item_value = parse_text(scope, scalar, item_type(&m.ty), quote!(item.as_str()), header);
            let vec = scope.prelude("Vec");
            quote!({
                let mut items = #vec::new();
                for item in #split(#text) {
                    items.push(#item_value);
                }
                items
            })
        }
        Text::One(scalar) => parse_text(scope, scalar, &m.ty, text, header),
    }
}

/// A list's item type; any other type itself.
fn item_type(ty: &TypeRef) -> &TypeRef {
    match &ty.kind {
        TypeKind::List { item, .. } => item,
        _ => ty,
    }
}

/// An expression parsing one value (of type `ty`, read as `scalar`) from the text of a header.
fn parse_text(scope: &Scope<'_>, scalar: Scalar, ty: &TypeRef, text: TokenStream, header: &str) -> TokenStream {
    let service = scope.service();
    let response_error = scope.import("crate::http::ResponseError");
    let message = format!("header `{header}` does not hold a valid value");
    let fail = quote!(|_| #response_error::new(response.status, #message));
    let number = |rust: TokenStream| quote!(#text.trim().parse::<#rust>().map_err(#fail)?);
    match scalar {
        Scalar::String => quote!(#text.to_owned()),
        Scalar::Boolean => number(quote!(bool)),
        Scalar::Byte => number(quote!(i8)),
        Scalar::Short => number(quote!(i16)),
        Scalar::Integer => number(quote!(i32)),
        Scalar::Long => number(quote!(i64)),
        Scalar::Float | Scalar::Double => {
            let parse_float = scope.import("crate::http::parse_float");
            let cast = if scalar == Scalar::Float { quote!(as f32) } else { quote!() };
            quote!(#parse_float(#text).ok_or_else(|| #response_error::new(response.status, #message))? #cast)
        }
        Scalar::BigInteger | Scalar::BigDecimal => quote!(#text.trim().parse().map_err(#fail)?),
        Scalar::Blob => {
            let base64 = scope.import("crate::base64");
            quote!(#base64::decode(#text.trim()).map_err(#fail)?)
        }
        Scalar::Timestamp(format) => {
            let date_time = scope.import("crate::primitives::DateTime");
            let parse = match format {
                TimestampFormat::EpochSeconds => quote!(from_epoch_seconds_str),
                TimestampFormat::DateTime => quote!(from_date_time_str),
                TimestampFormat::HttpDate => quote!(from_http_date_str),
            };
            quote!(#date_time::#parse(#text.trim()).map_err(#fail)?)
        }
        Scalar::IntEnum => {
            let enumeration = scope.named(service.type_name(&ty.shape));
            quote!(#enumeration::from(#text.trim().parse::<i32>().map_err(#fail)?))
        }
        Scalar::Enum => {
            let enumeration = scope.named(service.type_name(&ty.shape));
            quote!(#enumeration::from(#text.trim()))
        }
    }
}

/// Reads along a member path from `root` (a reference), in a function returning `Option`.
fn path_to(steps: &[crate::ir::PathStep], root: TokenStream) -> TokenStream {
    let mut expr = root;
    for step in steps {
        let field = ident(&step.field);
        expr = if step.optional { quote!(#expr.#field.as_ref()?) } else { quote!((&#expr.#field)) };
    }
    expr
}

/// `impl Paginated` and `paginate()` for a paginated operation: the runtime's `paginated!`, with
/// each of the pagination's facts as one expression.
fn paginated(scope: &Scope<'_>, op: &Operation, pagination: &crate::ir::Pagination) -> TokenStream {
    let name = ident(&op.type_name);
    let some = scope.prelude("Some");
    let token_ty = scope.rust_type(&pagination.token);
    // An empty string, list or map is no token.
    let empty = matches!(pagination.token.kind, TypeKind::String | TypeKind::List { .. } | TypeKind::Map { .. });
    let keep = empty.then(|| quote!(.filter(|token| !token.is_empty())));

    let (last, parents) = pagination.output_token.split_last().expect("a token path has a member");
    let parent = path_to(parents, quote!(output));
    let field = ident(&last.field);
    let next_token = if last.optional { quote!(#parent.#field.clone() #keep) } else { quote!(#some(#parent.#field.clone()) #keep) };

    let input_field = ident(&pagination.input_token.field);
    let (input_token, set_token) = if pagination.input_token.optional {
        (quote!(input.#input_field.clone()), quote!(input.#input_field = token))
    } else {
        (quote!(#some(input.#input_field.clone())), quote!(input.#input_field = token.unwrap_or_default()))
    };
    let token_key = if pagination.token.kind == TypeKind::String {
        quote!(token.as_bytes().to_vec())
    } else {
        let to_document = scope.codec("to_document");
        let write = super::serde::write_value(scope, &pagination.token, quote!(token), scope.service().document_timestamp_format());
        quote!(#to_document(|w| { #write }))
    };

    let page_size = match &pagination.page_size {
        None => quote!(none),
        Some((step, kind)) => {
            let field = ident(&step.field);
            let value = match kind {
                TypeKind::Long => quote!(i64::from(size)),
                TypeKind::String => quote!(size.to_string()),
                _ => quote!(size),
            };
            let value = if step.optional { quote!(#some(#value)) } else { value };
            quote!(|input, size| input.#field = #value)
        }
    };

    let (item, items) = match &pagination.items {
        Some((steps, collection)) => {
            let item = match &collection.kind {
                TypeKind::List { item, sparse } => scope.optional_if(*sparse, scope.rust_type(item)),
                TypeKind::Map { key, value, sparse } => {
                    let (key, value) = (scope.rust_type(key), scope.optional_if(*sparse, scope.rust_type(value)));
                    quote!((#key, #value))
                }
                _ => unreachable!("the IR checks items is a list or a map"),
            };
            // The path to the items as one expression: a member of a value, or of an `Option`
            // (`and_then` past an optional member, `map` past a required one).
            let (mut expr, mut in_option) = (quote!(output), false);
            for step in steps {
                let field = ident(&step.field);
                expr = match (in_option, step.optional) {
                    (false, _) => quote!(#expr.#field),
                    (true, true) => quote!(#expr.and_then(|value| value.#field)),
                    (true, false) => quote!(#expr.map(|value| value.#field)),
                };
                in_option |= step.optional;
            }
            let expr = if in_option { quote!(#expr.unwrap_or_default()) } else { expr };
            let into = matches!(collection.kind, TypeKind::Map { .. }).then(|| quote!(.into_iter().collect()));
            (item, quote!(#expr #into))
        }
        None => {
            let vec = scope.prelude("Vec");
            (quote!(()), quote!(#vec::new()))
        }
    };
    // Without items, the output is not read for them.
    let output_items = if pagination.items.is_some() { quote!(output) } else { quote!(_output) };
    let input = op.input.as_ref().map_or(quote!(()), |id| scope.named(scope.service().type_name(id)));
    let op_name = &op.name;
    let paginated = scope.import(PAGINATED);
    quote! {
        #paginated!(
            #name, #op_name, #input, item: #item, token: #token_ty,
            next_token: |output| #next_token,
            input_token: |input| #input_token,
            set_token: |input, token| #set_token,
            token_key: |token| #token_key,
            items: |#output_items| #items,
            page_size: #page_size
        );
    }
}

/// `events()` and `events_stream()` for an operation whose output is an event stream: its
/// events read as the body arrives.
fn events_helpers(scope: &Scope<'_>, op: &Operation, union: &crate::model::ShapeId) -> TokenStream {
    let name = ident(&op.type_name);
    let union = scope.named(scope.service().type_name(union));
    let (events, events_stream) = (scope.import("crate::eventstream::Events"), scope.import("crate::eventstream::EventsStream"));
    quote! {
        impl #name {
            /// The events of a response body read as it arrives, over a blocking reader of the
            /// body (an RPC protocol's `initial-response` message is skipped).
            pub fn events<R: std::io::Read>(body: R) -> #events<#union, R> {
                #events::new(body)
            }

            /// The events of a response body read as it arrives, as a `Stream` over an async
            /// body (a `Stream` of byte chunks).
            pub fn events_stream<S>(body: S) -> #events_stream<#union, S> {
                #events_stream::new(body)
            }
        }
    }
}

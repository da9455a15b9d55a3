//! Emit stage: document writers and readers for the shapes of a service
//! (`src/<service>/serde.rs`, private to the crate): a writer per structure and union an
//! operation input reaches, a reader per one an output or error reaches, and the zero values
//! readers fill in for required members a response left out. They call the service's codec
//! module (`Scope::codec`: JSON for the supported protocols) by kind of value, so the code is the
//! same for any codec of keys and values. The per-value code here is shared with the operations
//! and events emitters.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::layout::Module;
use super::{ident, Scope};
use crate::ir::traits::TimestampFormat;
use crate::ir::{Member, Service, Structure, TypeDef, TypeKind, TypeRef, Union};
use crate::naming::{self, Helper};

/// The codec's macros that write the writer and the reader of a structure.
pub const WRITE_STRUCTURE: &str = "write_structure";
pub const READ_STRUCTURE: &str = "read_structure";

/// The items of a service's `serde` module.
///
/// An event stream's union is read and written as frames, one message per event: its code comes
/// from `events` (the events emitter, which builds on this module's helpers).
pub fn module(service: &Service, events: impl Fn(&Scope<'_>, &Union) -> TokenStream) -> Vec<TokenStream> {
    let scope = Scope::new(service, Module::Serde, Vec::new());
    let mut items = Vec::new();
    for (id, def) in &service.types {
        let write = service.written.contains(id);
        let read = service.read.contains(id);
        match def {
            TypeDef::Structure(s) => {
                if write {
                    items.push(structure_writer(&scope, s));
                }
                if read {
                    items.push(structure_reader(&scope, s));
                }
                if service.zeroed.contains(id) {
                    items.push(zero_structure(&scope, s));
                }
            }
            TypeDef::Union(u) if u.traits.streaming => items.push(events(&scope, u)),
            TypeDef::Union(u) => {
                if write {
                    items.push(union_writer(&scope, u));
                }
                if read {
                    items.push(union_reader(&scope, u));
                }
            }
            TypeDef::Enum(_) => {}
        }
    }
    items.insert(0, scope.use_items());
    items
}

/// The JSON key of a member: its `@jsonName` where the protocol honours it, else its name.
pub fn json_key<'a>(service: &Service, member: &'a Member) -> &'a str {
    match (&service.traits.protocol, &member.traits.json_name) {
        (Some(protocol), Some(name)) if protocol.honours_json_name() => name,
        _ => &member.name,
    }
}

/// The timestamp format of a value: the member's `@timestampFormat`, else its target's, else
/// the protocol's default for where the value travels.
pub fn timestamp_format(service: &Service, member: Option<&Member>, ty: &TypeRef, default: TimestampFormat) -> TimestampFormat {
    member
        .and_then(|m| m.traits.timestamp_format)
        .or_else(|| service.shape_traits.get(&ty.shape).and_then(|t| t.timestamp_format))
        .unwrap_or(default)
}

/// Statements writing the given members of `value` (a `&Struct`) as keys of the open object.
pub fn write_members(scope: &Scope<'_>, members: &[&Member], value: TokenStream) -> TokenStream {
    let service = scope.service();
    let writes = members.iter().filter(|m| m.ty.kind != TypeKind::EventStream).map(|m| {
        let field = ident(&m.ident);
        let plain_key = json_key(service, m);
        let key = write_key(plain_key);
        let format = timestamp_format(service, Some(m), &m.ty, service.document_timestamp_format());
        if m.optional && m.ty.kind == TypeKind::String && is_plain(plain_key) {
            // The most common member, in one line.
            quote!(w.optional_string(#plain_key, #value.#field.as_deref());)
        } else if m.optional && !m.boxed && is_plain(plain_key) {
            let write = write_fn(scope, &m.ty, format);
            quote!(w.optional(#plain_key, &#value.#field, #write);)
        } else if m.optional {
            let some = scope.prelude("Some");
            let write = write_value(scope, &m.ty, quote!(v), format);
            quote! {
                if let #some(v) = &#value.#field {
                    #key
                    #write
                }
            }
        } else {
            // A required member: its key, then the one call that writes it from its place (a unit
            // is not one call, and does not read the value).
            let write = match write_call_of(scope, &m.ty, &Value::Place(quote!(#value.#field)), format) {
                Some(call) => quote!(#call;),
                None => write_value(scope, &m.ty, quote!(&#value.#field), format),
            };
            quote! {
                #key
                #write
            }
        }
    });
    quote!(#(#writes)*)
}

/// Statements that start a document in `writer` (with `w` borrowing it) holding an object of the
/// given members of `value`; `writer.finish()` then gives its bytes.
pub fn write_object_document(scope: &Scope<'_>, members: &[&Member], value: TokenStream) -> TokenStream {
    let writer = scope.codec("Writer");
    let writes = write_members(scope, members, value);
    quote! {
        let mut writer = #writer::new();
        let w = &mut writer;
        w.begin_object();
        #writes
        w.end_object();
    }
}

/// The statement writing a member's key: `w.member(key)` when the key needs no escape (checked
/// here), else `w.key(key)`.
fn write_key(key: &str) -> TokenStream {
    if is_plain(key) {
        quote!(w.member(#key);)
    } else {
        quote!(w.key(#key);)
    }
}

/// Whether a key is written as it is, needing no escape.
fn is_plain(key: &str) -> bool {
    key.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\')
}

fn structure_writer(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let name = super::helper(Helper::Write, &s.name);
    let ty = scope.named(&s.name);
    // The runtime's macro, for members that are each a key and a value of one kind.
    let service = scope.service();
    let members: Option<Vec<TokenStream>> = s
        .members
        .iter()
        .map(|m| {
            let key = json_key(service, m);
            let format = timestamp_format(service, Some(m), &m.ty, service.document_timestamp_format());
            let kind = kind(scope, &m.ty, format, Helper::Write).filter(|_| is_plain(key))?;
            let (field, optional) = (ident(&m.ident), m.optional.then(|| quote!(?)));
            Some(quote!(#key => #field #optional: #kind))
        })
        .collect();
    if let Some(members) = members.filter(|members| !members.is_empty()) {
        let write_structure = scope.codec(WRITE_STRUCTURE);
        return quote!(#write_structure!(#name(#ty) #(; #members)*););
    }
    let writer = scope.codec("Writer");
    let members: Vec<&Member> = s.members.iter().collect();
    let body = write_members(scope, &members, quote!(value));
    // A structure without members (or only an event stream) writes `{}` and never looks at
    // its value.
    let value = if body.is_empty() { quote!(_value) } else { quote!(value) };
    quote! {
        pub(crate) fn #name(w: &mut #writer, #value: &#ty) {
            w.begin_object();
            #body
            w.end_object();
        }
    }
}

fn union_writer(scope: &Scope<'_>, u: &Union) -> TokenStream {
    let service = scope.service();
    let name = super::helper(Helper::Write, &u.name);
    let ty = scope.named(&u.name);
    let writer = scope.codec("Writer");
    let unknown = ident(&u.unknown);
    let arms = u.members.iter().map(|m| {
        let variant = ident(&m.ident);
        let key = write_key(json_key(service, m));
        if m.ty.kind == TypeKind::Unit {
            quote! { #ty::#variant => { #key w.begin_object(); w.end_object(); } }
        } else {
            let format = timestamp_format(service, Some(m), &m.ty, service.document_timestamp_format());
            let write = write_value(scope, &m.ty, quote!(v), format);
            quote! { #ty::#variant(v) => { #key #write } }
        }
    });
    quote! {
        pub(crate) fn #name(w: &mut #writer, value: &#ty) {
            w.begin_object();
            match value {
                #(#arms)*
                // A member this model does not know goes back as it came.
                #ty::#unknown(v) => {
                    w.key(v.name());
                    w.document(v.value());
                }
            }
            w.end_object();
        }
    }
}

/// A statement writing `value` (a reference to a value of `ty`) as one document value.
pub fn write_value(scope: &Scope<'_>, ty: &TypeRef, value: TokenStream, format: TimestampFormat) -> TokenStream {
    match write_call(scope, ty, value, format) {
        Some(call) => quote!(#call;),
        None if ty.kind == TypeKind::Unit => quote!(w.begin_object(); w.end_object();),
        // Event streams travel as frames, not documents: the members holding them are never written.
        None => quote!(w.null();),
    }
}

/// The one call that writes `value`, a reference to a value of `ty` (`w.string(v)`,
/// `serde::write_ami(w, v)`, `w.list(v, ..)`); `None` for a unit or an event stream, which are
/// not one call.
fn write_call(scope: &Scope<'_>, ty: &TypeRef, value: TokenStream, format: TimestampFormat) -> Option<TokenStream> {
    write_call_of(scope, ty, &Value::Reference(value), format)
}

/// How the value a call writes is given: a reference (`v`), or a place (`value.count`), which is
/// borrowed where a reference is needed and read where a copy is.
enum Value {
    Reference(TokenStream),
    Place(TokenStream),
}

impl Value {
    /// The value as a reference: `v`, `&value.name`.
    fn reference(&self) -> TokenStream {
        match self {
            Value::Reference(v) => v.clone(),
            Value::Place(place) => quote!(&#place),
        }
    }

    /// The value itself, of a `Copy` type: `*v`, `value.count`.
    fn copied(&self) -> TokenStream {
        match self {
            Value::Reference(v) => quote!(*#v),
            Value::Place(place) => place.clone(),
        }
    }

    /// The value as a method's receiver: `v`, `value.state`.
    fn receiver(&self) -> TokenStream {
        match self {
            Value::Reference(v) | Value::Place(v) => v.clone(),
        }
    }
}

/// [`write_call`] for a value given either way.
fn write_call_of(scope: &Scope<'_>, ty: &TypeRef, value: &Value, format: TimestampFormat) -> Option<TokenStream> {
    let service = scope.service();
    let (reference, copied, receiver) = (value.reference(), value.copied(), value.receiver());
    if let Some((element, method)) = collection(ty) {
        let write = write_fn(scope, element, timestamp_format(service, None, element, format));
        return Some(quote!(w.#method(#reference, #write)));
    }
    Some(match &ty.kind {
        TypeKind::Boolean => quote!(w.boolean(#copied)),
        TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long => quote!(w.integer(#copied)),
        TypeKind::Float => quote!(w.float32(#copied)),
        TypeKind::Double => quote!(w.float(#copied)),
        TypeKind::BigInteger | TypeKind::BigDecimal => quote!(w.raw(#receiver.as_str())),
        TypeKind::String => quote!(w.string(#reference)),
        TypeKind::Blob => quote!(w.blob(#reference)),
        TypeKind::Timestamp => match format {
            TimestampFormat::EpochSeconds => quote!(w.epoch_seconds(#reference)),
            TimestampFormat::DateTime => quote!(w.date_time(#reference)),
            TimestampFormat::HttpDate => quote!(w.http_date(#reference)),
        },
        TypeKind::Document => quote!(w.document(#reference)),
        TypeKind::Named => match service.types.get(&ty.shape) {
            Some(TypeDef::Enum(e)) if e.int => quote!(w.integer(#receiver.value())),
            Some(TypeDef::Enum(_)) => quote!(w.string(#receiver.as_str())),
            _ => {
                let writer = scope.writer(service.type_name(&ty.shape));
                quote!(#writer(w, #reference))
            }
        },
        TypeKind::Unit | TypeKind::EventStream | TypeKind::List { .. } | TypeKind::Map { .. } => return None,
    })
}

/// A list's or map's element type, and the runtime's reader and writer method for it (`list`,
/// `sparse_list`, `map`, `sparse_map`); `None` for any other type.
fn collection(ty: &TypeRef) -> Option<(&TypeRef, Ident)> {
    let (element, method) = match &ty.kind {
        TypeKind::List { item, sparse } => (item, if *sparse { "sparse_list" } else { "list" }),
        TypeKind::Map { value, sparse, .. } => (value, if *sparse { "sparse_map" } else { "map" }),
        _ => return None,
    };
    Some((element, format_ident!("{method}")))
}

/// A function that writes a value of `ty` given by reference (`Writer::epoch_seconds`,
/// `serde::write_ami`, `|w, v| w.string(v)`), for the runtime's list, map and optional member
/// writers.
fn write_fn(scope: &Scope<'_>, ty: &TypeRef, format: TimestampFormat) -> TokenStream {
    let service = scope.service();
    let writer = scope.codec("Writer");
    match &ty.kind {
        TypeKind::Timestamp => match format {
            TimestampFormat::EpochSeconds => quote!(#writer::epoch_seconds),
            TimestampFormat::DateTime => quote!(#writer::date_time),
            TimestampFormat::HttpDate => quote!(#writer::http_date),
        },
        TypeKind::Document => quote!(#writer::document),
        TypeKind::Named if !matches!(service.types.get(&ty.shape), Some(TypeDef::Enum(_))) => {
            scope.writer(service.type_name(&ty.shape))
        }
        _ => match write_call(scope, ty, quote!(v), format) {
            Some(call) => quote!(|w, v| #call),
            None => {
                let write = write_value(scope, ty, quote!(v), format);
                quote!(|w, _| { #write })
            }
        },
    }
}

/// The local that collects a member while a structure is read.
pub fn local(m: &Member) -> Ident {
    format_ident!("m_{}", naming::bare(&m.ident))
}

/// `let mut m_x = None;` for each member.
pub fn locals(scope: &Scope<'_>, members: &[Member]) -> TokenStream {
    let option = scope.prelude("Option");
    let none = scope.prelude("None");
    // An event stream is never read from a document: its field is set apart (see `construct_with`).
    let lets = members.iter().filter(|m| m.ty.kind != TypeKind::EventStream).map(|m| {
        let local = local(m);
        let ty = scope.rust_type(&m.ty);
        quote!(let mut #local: #option<#ty> = #none;)
    });
    quote!(#(#lets)*)
}

/// The match arm that reads one member's value from the document object being read into
/// `place`, an `Option` of the member's type: its local (see [`local`]), or the field of a value
/// being filled.
pub fn read_arm(scope: &Scope<'_>, m: &Member, place: TokenStream) -> TokenStream {
    let service = scope.service();
    let (key, aliases) = keys(service, m);
    let format = timestamp_format(service, Some(m), &m.ty, service.document_timestamp_format());
    if m.ty.kind == TypeKind::String {
        // The most common member, in one line.
        return quote!(#key #(| #aliases)* => r.optional_string(&mut #place)?,);
    }
    let read = read_fn(scope, &m.ty, format);
    quote!(#key #(| #aliases)* => r.optional(&mut #place, #read)?,)
}

/// The key a member is read from, and the other keys it is also read from (its aliases).
fn keys<'a>(service: &Service, m: &'a Member) -> (&'a str, impl Iterator<Item = &'a String>) {
    let key = json_key(service, m);
    (key, m.read_aliases.iter().filter(move |alias| *alias != key))
}

/// The struct built from the locals: absent members take their default or, where the type has
/// no `Option`, their zero value.
pub fn construct(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    construct_with(scope, s, &std::collections::BTreeMap::new())
}

/// [`construct`], with the values of some members (by model name) given directly instead of
/// from a local.
pub fn construct_with(scope: &Scope<'_>, s: &Structure, given: &std::collections::BTreeMap<&str, TokenStream>) -> TokenStream {
    let ty = scope.named(&s.name);
    let boxed = scope.prelude("Box");
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.ident);
        if let Some(value) = given.get(m.name.as_str()) {
            return quote!(#field: #value,);
        }
        if m.ty.kind == TypeKind::EventStream {
            let default = scope.prelude("Default");
            return quote!(#field: #default::default(),);
        }
        let local = local(m);
        let value = match (&m.default, m.optional) {
            (_, true) if m.boxed => quote!(#local.map(#boxed::new)),
            (_, true) => quote!(#local),
            (Some(default), false) => super::values::fill_default(scope, quote!(#local), default, m),
            (None, false) if m.boxed => {
                let filled = super::values::fill_zero(scope, quote!(#local), &m.ty);
                quote!(#boxed::new(#filled))
            }
            (None, false) => super::values::fill_zero(scope, quote!(#local), &m.ty),
        };
        quote!(#field: #value,)
    });
    let meta = s.meta.as_ref().map(|field| {
        let (field, default) = (ident(field), scope.prelude("Default"));
        quote! { #field: #default::default(), }
    });
    quote!(#ty { #(#fields)* #meta })
}

fn structure_reader(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let name = super::helper(Helper::Read, &s.name);
    let ty = scope.named(&s.name);
    if let Some(macro_reader) = macro_reader(scope, s, &name, &ty) {
        return macro_reader;
    }
    // Each member into its local, and the value built from them at the end. An event stream
    // member is read from the stream, not from the document.
    let read: Vec<&Member> = s.members.iter().filter(|m| m.ty.kind != TypeKind::EventStream).collect();
    let reader = scope.codec("Reader");
    // The codec module's `Result` (`json::Result`), not a bare `Result` that would hide the
    // prelude's from the whole module.
    let result = {
        let codec = scope.codec_module();
        quote!(#codec::Result)
    };
    let ok = scope.prelude("Ok");
    let (start, end) = (locals(scope, &s.members), construct(scope, s));
    let keys = if read.is_empty() {
        // Nothing to read: every key is unknown.
        quote! {
            while r.next_key()?.is_some() {
                r.skip()?;
            }
        }
    } else {
        let arms = read.iter().map(|m| read_arm(scope, m, local(m).into_token_stream()));
        quote! {
            while let Some(key) = r.next_key()? {
                match key.as_ref() {
                    #(#arms)*
                    _ => r.skip()?,
                }
            }
        }
    };
    quote! {
        pub(crate) fn #name(r: &mut #reader<'_>) -> #result<#ty> {
            #start
            r.begin_object()?;
            #keys
            #ok(#end)
        }
    }
}

/// The reader as the runtime's macro writes it, in place when every field is the `Option` a
/// member is read into, else from a local per member; `None` for a structure the macro does not
/// read (no members, an event stream, a required boxed member, a unit).
fn macro_reader(scope: &Scope<'_>, s: &Structure, name: &Ident, ty: &TokenStream) -> Option<TokenStream> {
    let service = scope.service();
    let in_place = s.filled_in_place();
    // The macro's locals are named after the fields: a member named like a zero value's
    // function (`zero_point`) would hide that function from another member's fill.
    let zero_prefix = format!("{}_", naming::Helper::Zero.prefix());
    if !in_place && s.members.iter().any(|m| naming::bare(&m.ident).starts_with(&zero_prefix)) {
        return None;
    }
    let members = s.members.iter().map(|m| {
        let (key, aliases) = keys(service, m);
        let format = timestamp_format(service, Some(m), &m.ty, service.document_timestamp_format());
        let kind = kind(scope, &m.ty, format, Helper::Read)?;
        let field = ident(&m.ident);
        // How an absent member is filled, where it is not the `Option` itself nor (for a
        // required member) its type's default.
        let fill = match (&m.default, m.optional) {
            _ if in_place => None,
            (_, true) if m.boxed => {
                let boxed = scope.prelude("Box");
                Some(quote!(map(#boxed::new)))
            }
            (_, true) => None,
            (_, false) if m.boxed => return None,
            (Some(default), false) => super::values::default_fill(scope, default, m),
            (None, false) => super::values::zero_fill(scope, &m.ty),
        };
        let fill = fill.map(|fill| quote!(= #fill));
        let optional = m.optional.then(|| quote!(?));
        Some(quote!(#key #(| #aliases)* => #field #optional: #kind #fill))
    });
    let members: Vec<TokenStream> = members.collect::<Option<_>>()?;
    if members.is_empty() {
        return None;
    }
    let read_structure = scope.codec(READ_STRUCTURE);
    let how = if in_place {
        quote!(in place)
    } else {
        s.meta.as_ref().map(|meta| {
            let meta = ident(meta);
            quote!(with #meta)
        }).unwrap_or_default()
    };
    Some(quote!(#read_structure!(#name -> #ty #how #(; #members)*);))
}

/// How the runtime's structure macros (`json::write_structure!`, `json::read_structure!`)
/// write and read a value of `ty`: a kind of value the runtime knows (`string`, `integer`,
/// `epoch_seconds`), a list or map of a kind (`list(string)`), or the service's writer or
/// reader of a structure or union (`write_ami`). `None` for a unit or an event stream.
fn kind(scope: &Scope<'_>, ty: &TypeRef, format: TimestampFormat, direction: Helper) -> Option<TokenStream> {
    let service = scope.service();
    Some(match &ty.kind {
        TypeKind::Boolean => quote!(boolean),
        TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long => quote!(integer),
        TypeKind::Float => quote!(float32),
        TypeKind::Double => quote!(float),
        TypeKind::BigInteger | TypeKind::BigDecimal => quote!(big_number),
        TypeKind::String => quote!(string),
        TypeKind::Blob => quote!(blob),
        TypeKind::Timestamp => match format {
            TimestampFormat::EpochSeconds => quote!(epoch_seconds),
            TimestampFormat::DateTime => quote!(date_time),
            TimestampFormat::HttpDate => quote!(http_date),
        },
        TypeKind::Document => quote!(document),
        TypeKind::Named => match service.types.get(&ty.shape) {
            Some(TypeDef::Enum(e)) if e.int => quote!(int_enum),
            Some(TypeDef::Enum(_)) => quote!(string_enum),
            _ if direction == Helper::Write => scope.writer(service.type_name(&ty.shape)),
            _ => scope.reader(service.type_name(&ty.shape)),
        },
        TypeKind::List { .. } | TypeKind::Map { .. } => {
            let (element, method) = collection(ty)?;
            let element = kind(scope, element, timestamp_format(service, None, element, format), direction)?;
            quote!(#method(#element))
        }
        TypeKind::Unit | TypeKind::EventStream => return None,
    })
}

fn zero_structure(scope: &Scope<'_>, s: &Structure) -> TokenStream {
    let name = super::helper(Helper::Zero, &s.name);
    let ty = scope.named(&s.name);
    let none = scope.prelude("None");
    let boxed = scope.prelude("Box");
    let default = scope.prelude("Default");
    let fields = s.members.iter().map(|m| {
        let field = ident(&m.ident);
        let value = match (&m.default, m.optional) {
            (_, true) => quote!(#none),
            (Some(d), false) => super::values::default_expr(scope, d, m),
            (None, false) => {
                let zero = super::values::zero_expr(scope, &m.ty).unwrap_or_else(|| quote!(#default::default()));
                if m.boxed {
                    quote!(#boxed::new(#zero))
                } else {
                    zero
                }
            }
        };
        quote!(#field: #value,)
    });
    let meta = s.meta.as_ref().map(|field| {
        let field = ident(field);
        quote! { #field: #default::default(), }
    });
    let doc = format!(" What a response that left out a required `{}` gets instead.", s.name);
    quote! {
        #[doc = #doc]
        pub(crate) fn #name() -> #ty {
            #ty { #(#fields)* #meta }
        }
    }
}

fn union_reader(scope: &Scope<'_>, u: &Union) -> TokenStream {
    let service = scope.service();
    let name = super::helper(Helper::Read, &u.name);
    let ty = scope.named(&u.name);
    let reader = scope.codec("Reader");
    // The codec module's `Result` (`json::Result`), not a bare `Result` that would hide the
    // prelude's from the whole module.
    let result = {
        let codec = scope.codec_module();
        quote!(#codec::Result)
    };
    let unknown_variant = scope.import("crate::primitives::UnknownVariant");
    let (some, none) = (scope.prelude("Some"), scope.prelude("None"));
    let unknown = ident(&u.unknown);
    let arms = u.members.iter().map(|m| {
        let key = json_key(service, m);
        let variant = ident(&m.ident);
        if m.ty.kind == TypeKind::Unit {
            quote!(#key => { r.skip()?; value = #some(#ty::#variant); })
        } else {
            let format = timestamp_format(service, Some(m), &m.ty, service.document_timestamp_format());
            let read = read_value(scope, &m.ty, format);
            let read = if m.boxed {
                let boxed = scope.prelude("Box");
                quote!(#boxed::new(#read))
            } else {
                read
            };
            quote!(#key => value = #some(#ty::#variant(#read)),)
        }
    });
    quote! {
        pub(crate) fn #name(r: &mut #reader<'_>) -> #result<#ty> {
            let mut value = #none;
            r.begin_object()?;
            while let Some(key) = r.next_key()? {
                if r.null()? {
                    continue;
                }
                match key.as_ref() {
                    #(#arms)*
                    "__type" => r.skip()?,
                    other => value = #some(#ty::#unknown(#unknown_variant::new(other, r.document()?))),
                }
            }
            value.ok_or_else(|| r.fail("a union needs one member that is not null"))
        }
    }
}

/// An expression reading one document value of `ty` from `r`.
pub fn read_value(scope: &Scope<'_>, ty: &TypeRef, format: TimestampFormat) -> TokenStream {
    let service = scope.service();
    match &ty.kind {
        TypeKind::Boolean => quote!(r.boolean()?),
        TypeKind::Byte => quote!(r.integer::<i8>()?),
        TypeKind::Short => quote!(r.integer::<i16>()?),
        TypeKind::Integer => quote!(r.integer::<i32>()?),
        TypeKind::Long => quote!(r.integer::<i64>()?),
        TypeKind::Float => quote!(r.float()? as f32),
        TypeKind::Double => quote!(r.float()?),
        TypeKind::BigInteger | TypeKind::BigDecimal => {
            quote!(r.number_text()?.parse().map_err(|_| r.fail("not a number of this type"))?)
        }
        TypeKind::String => quote!(r.string()?.into_owned()),
        TypeKind::Blob => quote!(r.blob()?),
        TypeKind::Timestamp => match format {
            TimestampFormat::EpochSeconds => quote!(r.epoch_seconds()?),
            TimestampFormat::DateTime => quote!(r.date_time()?),
            TimestampFormat::HttpDate => quote!(r.http_date()?),
        },
        TypeKind::Document => quote!(r.document()?),
        TypeKind::Unit => quote!(r.skip()?),
        TypeKind::EventStream => {
            let default = scope.prelude("Default");
            quote!({ r.skip()?; #default::default() })
        }
        TypeKind::Named => {
            let name = service.type_name(&ty.shape);
            match service.types.get(&ty.shape) {
                Some(TypeDef::Enum(e)) => {
                    let ty = scope.named(name);
                    if e.int {
                        quote!(#ty::from(r.integer::<i32>()?))
                    } else {
                        quote!(#ty::from(r.string()?.as_ref()))
                    }
                }
                _ => {
                    let reader = scope.reader(name);
                    quote!(#reader(r)?)
                }
            }
        }
        TypeKind::List { .. } | TypeKind::Map { .. } => {
            let read = read_collection(scope, ty, format);
            quote!(#read?)
        }
    }
}

/// `r.list(..)`, `r.sparse_map(..)`: a list or map read by the runtime, each element by the
/// function for its type. `None` for any other type.
fn read_collection(scope: &Scope<'_>, ty: &TypeRef, format: TimestampFormat) -> Option<TokenStream> {
    let (element, method) = collection(ty)?;
    let read = read_fn(scope, element, timestamp_format(scope.service(), None, element, format));
    Some(quote!(r.#method(#read)))
}

/// A function that reads a value of `ty` (`Reader::boolean`, `serde::read_ami`, `|r|
/// r.list(Reader::owned_string)`), for the runtime's `Reader::optional` and its list and map
/// readers: each kind of value is read by the runtime's function for it, or the service's.
fn read_fn(scope: &Scope<'_>, ty: &TypeRef, format: TimestampFormat) -> TokenStream {
    let service = scope.service();
    let reader = scope.codec("Reader");
    match &ty.kind {
        TypeKind::Boolean => quote!(#reader::boolean),
        TypeKind::Byte => quote!(#reader::integer::<i8>),
        TypeKind::Short => quote!(#reader::integer::<i16>),
        TypeKind::Integer => quote!(#reader::integer::<i32>),
        TypeKind::Long => quote!(#reader::integer::<i64>),
        TypeKind::Float => quote!(#reader::float32),
        TypeKind::Double => quote!(#reader::float),
        TypeKind::BigInteger | TypeKind::BigDecimal => quote!(#reader::big_number),
        TypeKind::String => quote!(#reader::owned_string),
        TypeKind::Blob => quote!(#reader::blob),
        TypeKind::Timestamp => match format {
            TimestampFormat::EpochSeconds => quote!(#reader::epoch_seconds),
            TimestampFormat::DateTime => quote!(#reader::date_time),
            TimestampFormat::HttpDate => quote!(#reader::http_date),
        },
        TypeKind::Document => quote!(#reader::document),
        TypeKind::Named => match service.types.get(&ty.shape) {
            Some(TypeDef::Enum(e)) if e.int => quote!(#reader::int_enum_value),
            Some(TypeDef::Enum(_)) => quote!(#reader::enum_value),
            _ => scope.reader(service.type_name(&ty.shape)),
        },
        TypeKind::List { .. } | TypeKind::Map { .. } => {
            let read = read_collection(scope, ty, format);
            quote!(|r| #read)
        }
        TypeKind::Unit | TypeKind::EventStream => {
            let (read, ok) = (read_value(scope, ty, format), scope.prelude("Ok"));
            quote!(|r| #ok(#read))
        }
    }
}

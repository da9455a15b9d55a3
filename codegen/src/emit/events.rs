//! Emit stage: event streams. For each `@streaming` union, how its events are read from
//! event-stream messages and written to them (`impl crate::eventstream::Event`): an event's
//! `:event-type` names the union member; its `@eventHeader` members travel in headers, an
//! `@eventPayload` member is the payload, and the other members are the payload's JSON. Modeled
//! exceptions arrive as `exception` messages named by `:exception-type`.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::serde::{construct, local, locals, read_arm, read_value, write_object_document, write_value};
use super::{ident, Scope};
use crate::ir::{Member, TypeDef, TypeKind, TypeRef, Union};

/// `impl Event` for an event-stream union, and the functions reading events whose members
/// travel in headers or as the raw payload.
pub fn event_impl(scope: &Scope<'_>, u: &Union) -> TokenStream {
    let mut helpers = Vec::new();
    let service = scope.service();
    let ty = scope.named(&u.name);
    let event = scope.import("crate::eventstream::Event");
    let message_ty = scope.import("crate::eventstream::Message");
    let stream_error = scope.import("crate::eventstream::EventStreamError");
    let service_error = scope.import("crate::eventstream::service_error");
    let unknown_variant = scope.import("crate::primitives::UnknownVariant");
    let document = scope.import("crate::primitives::Document");
    let (ok, err, some, none, result, option) =
        (scope.prelude("Ok"), scope.prelude("Err"), scope.prelude("Some"), scope.prelude("None"), scope.prelude("Result"), scope.prelude("Option"));
    let unknown = ident(&u.unknown);
    let is_error = |m: &Member| matches!(service.types.get(&m.ty.shape), Some(TypeDef::Structure(s)) if s.traits.error.is_some());
    let events: Vec<TokenStream> = u.members.iter().filter(|m| !is_error(m)).map(|m| {
        let name = &m.name;
        let variant = ident(&m.ident);
        let value = decode(scope, &m.ty, &mut helpers);
        quote!(#some(#name) => #ok(#some(Self::#variant(#value.map_err(|e| #stream_error::Decode(e.to_string()))?))),)
    }).collect();
    let exceptions: Vec<TokenStream> = u.members.iter().filter(|m| is_error(m)).map(|m| {
        let name = &m.name;
        let variant = ident(&m.ident);
        let value = decode(scope, &m.ty, &mut helpers);
        quote!(#some(#name) => #err(#stream_error::Exception(Self::#variant(#value.map_err(|e| #stream_error::Decode(e.to_string()))?))),)
    }).collect();
    let to_messages = u.members.iter().map(|m| {
        let name = &m.name;
        let variant = ident(&m.ident);
        let (kind, type_header) = if is_error(m) { ("exception", ":exception-type") } else { ("event", ":event-type") };
        let encode = encode(scope, &m.ty);
        quote!(Self::#variant(value) => {
            let message = #message_ty::default().with_header(":message-type", #kind).with_header(#type_header, #name);
            #encode
        })
    });
    // Without modeled exceptions, every exception message is the service's.
    let exception = if exceptions.is_empty() {
        quote!(#err(#service_error(message)))
    } else {
        quote! {
            match message.header_str(":exception-type") {
                #(#exceptions)*
                _ => #err(#service_error(message)),
            }
        }
    };
    quote! {
        #(#helpers)*

        impl #event for #ty {
            fn from_message(message: &#message_ty) -> #result<#option<Self>, #stream_error<Self>> {
                match message.header_str(":message-type") {
                    #some("event") => match message.header_str(":event-type") {
                        // An RPC protocol's first message carries the output's other members.
                        #some("initial-response") => #ok(#none),
                        #(#events)*
                        #some(other) => #ok(#some(Self::#unknown(#unknown_variant::new(other, #document::Null)))),
                        #none => #err(#stream_error::Decode("an event without `:event-type`".to_owned())),
                    },
                    #some("exception") => #exception,
                    #some("error") => #err(#service_error(message)),
                    _ => #err(#stream_error::Decode("a message without a known `:message-type`".to_owned())),
                }
            }

            fn to_message(&self) -> #message_ty {
                match self {
                    #(#to_messages)*
                    Self::#unknown(value) => #message_ty::default().with_header(":message-type", "event").with_header(":event-type", value.name()),
                }
            }
        }
    }
}

/// An expression giving `Result<T, Error>` (the codec's error) of a member's value from `message`.
fn decode(scope: &Scope<'_>, ty: &TypeRef, helpers: &mut Vec<TokenStream>) -> TokenStream {
    let service = scope.service();
    let ok = scope.prelude("Ok");
    let from_body = scope.codec("from_body");
    let limit = scope.import("crate::eventstream::MAX_MESSAGE");
    let structure = match service.types.get(&ty.shape) {
        Some(TypeDef::Structure(s)) if ty.kind == TypeKind::Named => s,
        _ => {
            let read = read_value(scope, ty, scope.service().document_timestamp_format());
            return quote!(#from_body(&message.payload, #limit, |r| #ok(#read)));
        }
    };
    let headers: Vec<&Member> = structure.members.iter().filter(|m| m.traits.event_header).collect();
    let payload = structure.members.iter().find(|m| m.traits.event_payload);
    if headers.is_empty() && payload.is_none() {
        let read = scope.reader(&structure.name);
        return quote!(#from_body(&message.payload, #limit, #read));
    }
    let some = scope.prelude("Some");
    let locals = locals(scope, &structure.members);
    let mut steps = Vec::new();
    match payload {
        Some(p) => {
            let local = local(p);
            let value = match &p.ty.kind {
                TypeKind::Blob => quote!(message.payload.clone()),
                TypeKind::String => {
                    let string = scope.prelude("String");
                    quote!(#string::from_utf8_lossy(&message.payload).into_owned())
                }
                _ => {
                    let read = read_value(scope, &p.ty, scope.service().document_timestamp_format());
                    quote!(#from_body(&message.payload, #limit, |r| #ok(#read))?)
                }
            };
            steps.push(quote!(if !message.payload.is_empty() { #local = #some(#value); }));
        }
        None => {
            let arms = structure.members.iter().filter(|m| !m.traits.event_header).map(|m| read_arm(scope, m, local(m).into_token_stream()));
            steps.push(quote! {
                #from_body(&message.payload, #limit, |r| {
                    r.begin_object()?;
                    while let #some(key) = r.next_key()? {
                        match key.as_ref() {
                            #(#arms)*
                            _ => r.skip()?,
                        }
                    }
                    #ok(())
                })?;
            });
        }
    }
    for m in &headers {
        let header_value = scope.import("crate::eventstream::HeaderValue");
        let local = local(m);
        let name = &m.name;
        let read = match m.ty.kind {
            TypeKind::String => Some((quote!(#header_value::String(v)), quote!(v.clone()))),
            TypeKind::Boolean => Some((quote!(#header_value::Bool(v)), quote!(*v))),
            TypeKind::Byte => Some((quote!(#header_value::Byte(v)), quote!(*v))),
            TypeKind::Short => Some((quote!(#header_value::Short(v)), quote!(*v))),
            TypeKind::Integer => Some((quote!(#header_value::Int(v)), quote!(*v))),
            TypeKind::Long => Some((quote!(#header_value::Long(v)), quote!(*v))),
            TypeKind::Blob => Some((quote!(#header_value::Bytes(v)), quote!(v.clone()))),
            TypeKind::Timestamp => Some((quote!(#header_value::Timestamp(v)), quote!(*v))),
            _ => None,
        };
        if let Some((pattern, value)) = read {
            steps.push(quote! {
                if let #some(#pattern) = message.header(#name) {
                    #local = #some(#value);
                }
            });
        }
    }
    let construct = construct(scope, structure);
    let codec = scope.codec_module();
    let message_ty = scope.import("crate::eventstream::Message");
    let ty = scope.named(&structure.name);
    let function = super::helper(crate::naming::Helper::ReadEvent, &structure.name);
    let doc = format!(" Reads a `{}` event from its message: headers, and the payload.", structure.name);
    helpers.push(quote! {
        #[doc = #doc]
        fn #function(message: &#message_ty) -> #codec::Result<#ty> {
            #locals
            #(#steps)*
            #ok(#construct)
        }
    });
    quote!(#function(message))
}

/// Statements making the message (`message`, with its type headers) for `value`.
fn encode(scope: &Scope<'_>, ty: &TypeRef) -> TokenStream {
    let service = scope.service();
    let writer = scope.codec("Writer");
    let media_type = service.codec().media_type();
    let content_type = quote!(.with_header(":content-type", #media_type));
    let Some(TypeDef::Structure(structure)) = service.types.get(&ty.shape).filter(|_| ty.kind == TypeKind::Named) else {
        let write = write_value(scope, ty, quote!(value), scope.service().document_timestamp_format());
        return quote! {
            let mut writer = #writer::new();
            let w = &mut writer;
            #write
            let mut message = message #content_type;
            message.payload = writer.finish().unwrap_or_default();
            message
        };
    };
    let some = scope.prelude("Some");
    let headers = structure.members.iter().filter(|m| m.traits.event_header).filter_map(|m| {
        let header_value = scope.import("crate::eventstream::HeaderValue");
        let field = ident(&m.ident);
        let name = &m.name;
        let value = match m.ty.kind {
            TypeKind::String => quote!(#header_value::String(v.clone())),
            TypeKind::Boolean => quote!(#header_value::Bool(*v)),
            TypeKind::Byte => quote!(#header_value::Byte(*v)),
            TypeKind::Short => quote!(#header_value::Short(*v)),
            TypeKind::Integer => quote!(#header_value::Int(*v)),
            TypeKind::Long => quote!(#header_value::Long(*v)),
            TypeKind::Blob => quote!(#header_value::Bytes(v.clone())),
            TypeKind::Timestamp => quote!(#header_value::Timestamp(*v)),
            _ => return None,
        };
        let get = if m.optional { quote!(&value.#field) } else { quote!(#some(&value.#field)) };
        Some(quote!(if let #some(v) = #get { message.headers.push((#name.to_owned(), #value)); }))
    });
    let body = match structure.members.iter().find(|m| m.traits.event_payload) {
        Some(p) => {
            let field = ident(&p.ident);
            let get = if p.optional { quote!(&value.#field) } else { quote!(#some(&value.#field)) };
            let bytes = match &p.ty.kind {
                TypeKind::Blob => quote!(v.clone()),
                TypeKind::String => quote!(v.as_bytes().to_vec()),
                _ => {
                    let write = write_value(scope, &p.ty, quote!(v), scope.service().document_timestamp_format());
                    quote!({ let mut writer = #writer::new(); let w = &mut writer; #write writer.finish().unwrap_or_default() })
                }
            };
            quote!(if let #some(v) = #get { message.payload = #bytes; })
        }
        None if structure.members.iter().any(|m| m.traits.event_header) => {
            let members: Vec<&Member> = structure.members.iter().filter(|m| !m.traits.event_header).collect();
            let document = write_object_document(scope, &members, quote!(value));
            quote! {
                #document
                message.payload = writer.finish().unwrap_or_default();
            }
        }
        None => {
            let write = scope.writer(&structure.name);
            quote! {
                let mut writer = #writer::new();
                #write(&mut writer, value);
                message.payload = writer.finish().unwrap_or_default();
            }
        }
    };
    quote! {
        let mut message = message #content_type;
        #(#headers)*
        #body
        message
    }
}

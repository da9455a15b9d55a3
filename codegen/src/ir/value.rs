//! IR stage: values that test cases write as JSON (the `params` of protocol compliance cases and
//! of endpoint tests' `operationInputs`), checked and typed against the service's shapes, so that
//! the test emitters print them without reading JSON. A value the generator cannot express is
//! not a model error: its case's test fails with the reason instead.

use std::collections::BTreeMap;

use super::{Structure, TypeDef, TypeKind, TypeRef};
use crate::model::{Json, Object, ShapeId};

/// A typed value, as the public API builds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An operation without an input or output: `()`.
    Unit,
    Bool(bool),
    /// An integer within the range of its kind (`Byte`, `Short`, `Integer` or `Long`).
    Integer(i64, TypeKind),
    /// A number of a `Float` (`f32`) or `Double` (`f64`).
    Float(f64, TypeKind),
    /// `NaN`, `Infinity` or `-Infinity` of a `Float` or `Double`.
    Special(Special, TypeKind),
    /// A big integer or decimal, by its text.
    BigNumber(String),
    String(String),
    Blob(Vec<u8>),
    /// Epoch seconds, by their text.
    Timestamp(String),
    Document(Json),
    /// A list; `None` is a null item of a sparse list.
    List { items: Vec<Option<Value>>, sparse: bool },
    /// A map's entries; `None` is a null value of a sparse map.
    Map { entries: Vec<(Value, Option<Value>)>, sparse: bool },
    /// A structure made with its builder.
    Structure(StructureValue),
    /// A string enum's value.
    Enum { shape: ShapeId, value: String },
    /// An int enum's value; `None` for the zero a parser fills in.
    IntEnum { shape: ShapeId, value: Option<i32> },
    /// A union's variant: `value` is absent for a unit member, boxed where the member recurses.
    Union { shape: ShapeId, variant: String, value: Option<Box<Value>>, boxed: bool },
    /// `Default::default()`: the zero value of a simple type.
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Nan,
    Infinity,
    NegInfinity,
}

/// `Type::builder().a(..).b(..).build()`.
#[derive(Debug, Clone, PartialEq)]
pub struct StructureValue {
    pub shape: ShapeId,
    /// The builder calls, in member order.
    pub setters: Vec<Setter>,
    /// Whether `build()` returns a `Result` (some member is required).
    pub fallible: bool,
}

/// One builder call: `.method(value)`, or `.method(Some(value))` through the `set_` form.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter {
    pub method: String,
    pub value: Value,
    /// Whether the value goes through the `set_` form as `Some(value)`.
    pub option: bool,
}

/// Resolves test values against the types of a service.
pub struct Resolver<'a> {
    pub types: &'a BTreeMap<ShapeId, TypeDef>,
}

/// Why a value cannot be expressed.
pub type Resolved = std::result::Result<Value, String>;

impl Resolver<'_> {
    /// The value of the structure `id` that `params` describe; `Unit` without a structure.
    pub fn top(&self, params: &Object, id: Option<&ShapeId>) -> Resolved {
        match id {
            Some(id) => self.structure(params, id),
            None => Ok(Value::Unit),
        }
    }

    /// The value of the structure `id` that `params` describe.
    pub fn structure(&self, params: &Object, id: &ShapeId) -> Resolved {
        match self.types.get(id) {
            Some(TypeDef::Structure(s)) => self.build(params, s),
            _ => Err(format!("`{id}` is not a structure of the service")),
        }
    }

    /// Members the params leave out are not set, except required ones without a default,
    /// which get their zero value (as a parser fills them in).
    fn build(&self, params: &Object, s: &Structure) -> Resolved {
        for (key, _) in params.iter() {
            if !s.members.iter().any(|m| m.name == key) {
                return Err(format!("`{}` has no member `{key}`", s.id));
            }
        }
        let mut setters = Vec::new();
        for m in &s.members {
            match params.get(&m.name) {
                Some(Json::Null) | None if !m.optional && m.default.is_none() => {
                    setters.push(Setter { method: m.set_option.clone(), value: self.zero(&m.ty)?, option: true });
                }
                Some(Json::Null) | None => {}
                Some(json) => setters.push(Setter { method: m.setter.clone(), value: self.value(json, &m.ty)?, option: false }),
            }
        }
        Ok(Value::Structure(StructureValue { shape: s.id.clone(), setters, fallible: !s.infallible() }))
    }

    /// A value of `ty` from its JSON form.
    fn value(&self, json: &Json, ty: &TypeRef) -> Resolved {
        let mismatch = || format!("a value of `{}` cannot be {}", ty.shape, json.kind());
        match (&ty.kind, json) {
            (TypeKind::Boolean, Json::Bool(b)) => Ok(Value::Bool(*b)),
            (TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long, Json::Number(n)) => {
                let n = n.as_i64().ok_or_else(mismatch)?;
                let fits = match ty.kind {
                    TypeKind::Byte => i8::try_from(n).is_ok(),
                    TypeKind::Short => i16::try_from(n).is_ok(),
                    TypeKind::Integer => i32::try_from(n).is_ok(),
                    _ => true,
                };
                if !fits {
                    return Err(format!("{n} is out of range for `{}`", ty.shape));
                }
                Ok(Value::Integer(n, ty.kind.clone()))
            }
            (TypeKind::Float | TypeKind::Double, Json::Number(n)) => Ok(Value::Float(n.as_f64().ok_or_else(mismatch)?, ty.kind.clone())),
            (TypeKind::Float | TypeKind::Double, Json::String(s)) => {
                let special = match s.as_str() {
                    "NaN" => Special::Nan,
                    "Infinity" => Special::Infinity,
                    "-Infinity" => Special::NegInfinity,
                    _ => return Err(mismatch()),
                };
                Ok(Value::Special(special, ty.kind.clone()))
            }
            (TypeKind::BigInteger | TypeKind::BigDecimal, Json::Number(n)) => Ok(Value::BigNumber(n.to_string())),
            (TypeKind::String, Json::String(s)) => Ok(Value::String(s.clone())),
            (TypeKind::Blob, Json::String(s)) => Ok(Value::Blob(s.as_bytes().to_vec())),
            (TypeKind::Timestamp, Json::Number(n)) => Ok(Value::Timestamp(n.to_string())),
            (TypeKind::Document, json) => Ok(Value::Document(json.clone())),
            (TypeKind::List { item, sparse }, Json::Array(items)) => {
                let items = items
                    .iter()
                    .map(|json| match json {
                        Json::Null if *sparse => Ok(None),
                        json => self.value(json, item).map(Some),
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok(Value::List { items, sparse: *sparse })
            }
            (TypeKind::Map { key, value, sparse }, Json::Object(entries)) => {
                let entries = entries
                    .iter()
                    .map(|(k, json)| {
                        let k = self.value(&Json::String(k.to_owned()), key)?;
                        let v = match json {
                            Json::Null if *sparse => None,
                            json => Some(self.value(json, value)?),
                        };
                        Ok((k, v))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok(Value::Map { entries, sparse: *sparse })
            }
            (TypeKind::Named, json) => self.named(json, ty),
            _ => Err(mismatch()),
        }
    }

    fn named(&self, json: &Json, ty: &TypeRef) -> Resolved {
        let mismatch = || format!("a value of `{}` cannot be {}", ty.shape, json.kind());
        let shape = ty.shape.clone();
        match (self.types.get(&ty.shape), json) {
            (Some(TypeDef::Structure(s)), Json::Object(params)) => self.build(params, s),
            (Some(TypeDef::Enum(e)), Json::String(s)) if !e.int => Ok(Value::Enum { shape, value: s.clone() }),
            (Some(TypeDef::Enum(e)), Json::Number(n)) if e.int => {
                let n = n.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or_else(mismatch)?;
                Ok(Value::IntEnum { shape, value: Some(n) })
            }
            (Some(TypeDef::Union(u)), Json::Object(params)) => {
                let [(key, json)] = params.0.as_slice() else {
                    return Err(format!("a value of union `{}` must have exactly one member", ty.shape));
                };
                let m = u.members.iter().find(|m| &m.name == key).ok_or_else(|| format!("`{}` has no member `{key}`", ty.shape))?;
                let value = if m.ty.kind == TypeKind::Unit { None } else { Some(Box::new(self.value(json, &m.ty)?)) };
                Ok(Value::Union { shape, variant: m.ident.clone(), value, boxed: m.boxed })
            }
            _ => Err(mismatch()),
        }
    }

    /// The value a parser fills in for a required member the response left out.
    fn zero(&self, ty: &TypeRef) -> Resolved {
        let shape = ty.shape.clone();
        match (&ty.kind, self.types.get(&ty.shape)) {
            (TypeKind::Named, Some(TypeDef::Structure(s))) => self.build(&Object::default(), s),
            (TypeKind::Named, Some(TypeDef::Enum(e))) if e.int => Ok(Value::IntEnum { shape, value: None }),
            (TypeKind::Named, Some(TypeDef::Enum(_))) => Ok(Value::Enum { shape, value: String::new() }),
            (TypeKind::Named, _) => Err(format!("no zero value for the required union `{}`", ty.shape)),
            _ => Ok(Value::Default),
        }
    }
}

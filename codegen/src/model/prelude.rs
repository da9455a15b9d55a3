//! Model stage: the shapes of the Smithy prelude (`smithy.api#String`, ..., `smithy.api#Unit`),
//! which every model may target without defining them.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{IdlVersion, Json, Object, Origin, Shape, ShapeId, ShapeKind, Traits};

/// The name prelude shapes report as their file.
pub const FILE: &str = "<smithy prelude>";

pub fn shapes() -> BTreeMap<ShapeId, Shape> {
    let origin = Origin { file: Arc::from(FILE), version: IdlVersion::V2 };
    let zero = || Json::Number(0.into());
    let mut table: Vec<(String, ShapeKind, Option<Json>)> = [
        ("String", ShapeKind::String, None),
        ("Blob", ShapeKind::Blob, None),
        ("BigInteger", ShapeKind::BigInteger, None),
        ("BigDecimal", ShapeKind::BigDecimal, None),
        ("Timestamp", ShapeKind::Timestamp, None),
        ("Document", ShapeKind::Document, None),
        ("Unit", ShapeKind::Structure, None),
    ]
    .into_iter()
    .map(|(name, kind, default)| (name.to_owned(), kind, default))
    .collect();
    // The number and boolean shapes come boxed (nullable) and as `Primitive*` with a zero default.
    for (name, kind, default) in [
        ("Boolean", ShapeKind::Boolean, Json::Bool(false)),
        ("Byte", ShapeKind::Byte, zero()),
        ("Short", ShapeKind::Short, zero()),
        ("Integer", ShapeKind::Integer, zero()),
        ("Long", ShapeKind::Long, zero()),
        ("Float", ShapeKind::Float, zero()),
        ("Double", ShapeKind::Double, zero()),
    ] {
        table.push((name.to_owned(), kind.clone(), None));
        table.push((format!("Primitive{name}"), kind, Some(default)));
    }
    table
        .into_iter()
        .map(|(name, kind, default)| {
            let id = ShapeId(format!("smithy.api#{name}"));
            let mut traits = Traits::new();
            let marker = || Json::Object(Object::default());
            match default {
                Some(value) => traits.insert("smithy.api#default".into(), value),
                None if name == "Unit" => traits.insert("smithy.api#unitType".into(), marker()),
                None => traits.insert("smithy.api#box".into(), marker()),
            };
            let shape = Shape { id: id.clone(), kind, members: vec![], traits, mixins: vec![], origin: origin.clone() };
            (id, shape)
        })
        .collect()
}

//! The synthetic model the generation benchmark runs on.

use std::fmt::Write;

const DOC: &str = "<p>Describes the <code>thing</code> that the <a href=\"https://docs.aws.amazon.com/x\">service</a> keeps. Use <b>care</b>: values are <i>eventually</i> consistent.</p> <ul> <li> <p>One &amp; two.</p> </li> <li> <p>Three.</p> </li> </ul>";

/// A synthetic model: operations with inputs and outputs, structures whose members target
/// strings, numbers, timestamps, enums, lists, maps, unions and other structures (some of them
/// recursively), every shape documented.
pub fn synthetic_model(operations: usize, structures: usize) -> String {
    let ns = "com.example.bench";
    let mut shapes = String::new();
    let mut add = |id: String, body: String| {
        if !shapes.is_empty() {
            shapes.push_str(",\n");
        }
        write!(shapes, "\"{ns}#{id}\": {body}").unwrap();
    };
    let doc = format!("\"smithy.api#documentation\": {:?}", DOC);
    let op_refs: Vec<String> = (0..operations).map(|i| format!("{{\"target\": \"{ns}#Operation{i}\"}}")).collect();
    add(
        "BenchService".into(),
        format!("{{\"type\": \"service\", \"version\": \"2024-01-01\", \"operations\": [{}], \"traits\": {{\"aws.protocols#restJson1\": {{}}, {doc}}}}}", op_refs.join(", ")),
    );
    for i in 0..operations {
        add(
            format!("Operation{i}"),
            format!("{{\"type\": \"operation\", \"input\": {{\"target\": \"{ns}#Operation{i}Input\"}}, \"output\": {{\"target\": \"{ns}#Operation{i}Output\"}}, \"errors\": [{{\"target\": \"{ns}#BenchError\"}}], \"traits\": {{\"smithy.api#http\": {{\"method\": \"POST\", \"uri\": \"/operation{i}\"}}, {doc}}}}}"),
        );
        for side in ["Input", "Output"] {
            let trait_ = if side == "Input" { "\"smithy.api#input\": {}" } else { "\"smithy.api#output\": {}" };
            let target = (i * 7) % structures;
            add(
                format!("Operation{i}{side}"),
                format!("{{\"type\": \"structure\", \"members\": {{\"nextToken\": {{\"target\": \"{ns}#Token\"}}, \"item\": {{\"target\": \"{ns}#Structure{target}\", \"traits\": {{\"smithy.api#required\": {{}}}}}}, \"items\": {{\"target\": \"{ns}#StructureList{target}\"}}}}, \"traits\": {{{trait_}, {doc}}}}}"),
            );
        }
    }
    add("BenchError".into(), format!("{{\"type\": \"structure\", \"members\": {{\"message\": {{\"target\": \"smithy.api#String\"}}}}, \"traits\": {{\"smithy.api#error\": \"client\", {doc}}}}}"));
    add("Token".into(), "{\"type\": \"string\", \"traits\": {\"smithy.api#length\": {\"min\": 1, \"max\": 2048}}}".into());
    for i in 0..structures {
        let next = (i + 1) % structures;
        let members = [
            format!("\"name{i}\": {{\"target\": \"{ns}#Name{i}\", \"traits\": {{\"smithy.api#required\": {{}}, {doc}}}}}"),
            format!("\"count\": {{\"target\": \"smithy.api#Integer\", \"traits\": {{\"smithy.api#default\": 0, {doc}}}}}"),
            format!("\"created\": {{\"target\": \"smithy.api#Timestamp\", \"traits\": {{{doc}}}}}"),
            format!("\"state\": {{\"target\": \"{ns}#State{i}\", \"traits\": {{{doc}}}}}"),
            format!("\"tags\": {{\"target\": \"{ns}#TagMap{}\"}}", i % 200),
            format!("\"next\": {{\"target\": \"{ns}#Structure{next}\"}}"),
            format!("\"choice\": {{\"target\": \"{ns}#Choice{}\"}}", i % 400),
            "\"enabled\": {\"target\": \"smithy.api#Boolean\"}".to_owned(),
        ];
        add(format!("Structure{i}"), format!("{{\"type\": \"structure\", \"members\": {{{}}}, \"traits\": {{{doc}}}}}", members.join(", ")));
        add(format!("StructureList{i}"), format!("{{\"type\": \"list\", \"member\": {{\"target\": \"{ns}#Structure{i}\"}}}}"));
        add(format!("Name{i}"), "{\"type\": \"string\", \"traits\": {\"smithy.api#length\": {\"min\": 1, \"max\": 256}, \"smithy.api#pattern\": \"^[a-z]+$\"}}".into());
        let values: Vec<String> = (0..6).map(|v| format!("\"VALUE_{v}\": {{\"target\": \"smithy.api#Unit\", \"traits\": {{\"smithy.api#enumValue\": \"value-{v}\"}}}}")).collect();
        add(format!("State{i}"), format!("{{\"type\": \"enum\", \"members\": {{{}}}, \"traits\": {{{doc}}}}}", values.join(", ")));
    }
    for i in 0..200 {
        add(format!("TagMap{i}"), "{\"type\": \"map\", \"key\": {\"target\": \"smithy.api#String\"}, \"value\": {\"target\": \"smithy.api#String\"}}".into());
    }
    for i in 0..400 {
        add(
            format!("Choice{i}"),
            format!("{{\"type\": \"union\", \"members\": {{\"text\": {{\"target\": \"smithy.api#String\"}}, \"structure\": {{\"target\": \"{ns}#Structure{i}\"}}, \"none\": {{\"target\": \"smithy.api#Unit\"}}}}}}"),
        );
    }
    format!("{{\"smithy\": \"2.0\", \"shapes\": {{\n{shapes}\n}}}}")
}


/// A model whose one operation's input is a structure of `members` string members: the widest
/// item the emitters can be made to print (its builder alone has two setters per member).
pub fn wide_model(members: usize) -> String {
    let ns = "com.example.wide";
    let mut fields = String::new();
    for i in 0..members {
        if i > 0 {
            fields.push(',');
        }
        write!(fields, "\"member{i}\": {{\"target\": \"smithy.api#String\"}}").unwrap();
    }
    format!(
        "{{\"smithy\": \"2.0\", \"shapes\": {{\
         \"{ns}#Wide\": {{\"type\": \"service\", \"version\": \"1\", \"operations\": [{{\"target\": \"{ns}#Put\"}}], \"traits\": {{\"aws.protocols#awsJson1_0\": {{}}}}}},\
         \"{ns}#Put\": {{\"type\": \"operation\", \"input\": {{\"target\": \"{ns}#PutInput\"}}, \"output\": {{\"target\": \"smithy.api#Unit\"}}}},\
         \"{ns}#PutInput\": {{\"type\": \"structure\", \"members\": {{{fields}}}}}}}}}"
    )
}

//! Pattern stage: a `@pattern` is searched for anywhere in a value (it is not anchored unless it
//! says so), so a part at either end that can match the empty text anywhere changes nothing:
//! `A B{0,5}` is found exactly where `A` is. Dropping such parts keeps the answer and makes the
//! program smaller (`(x|y|z){1,900}` becomes `(x|y|z)`).

use super::parse::Node;

/// The node with the parts dropped that no search answer depends on.
pub fn trim(node: Node) -> Node {
    trim_end(trim_start(node))
}

/// Whether the node can match the empty text at any position, with no assertion in the way.
fn nullable(node: &Node) -> bool {
    match node {
        Node::Empty => true,
        Node::Set(_) | Node::Assert(_) | Node::Look { .. } | Node::BackReference(_) => false,
        Node::Concat(items) => items.iter().all(nullable),
        Node::Alt(items) => items.iter().any(nullable),
        Node::Repeat { node, min, .. } => *min == 0 || nullable(node),
        Node::Group { node, .. } => nullable(node),
    }
}

fn trim_start(node: Node) -> Node {
    trim_side(node, true)
}

fn trim_end(node: Node) -> Node {
    trim_side(node, false)
}

fn trim_side(node: Node, start: bool) -> Node {
    if nullable(&node) {
        return Node::Empty;
    }
    match node {
        Node::Concat(mut items) => {
            if start {
                let keep = items.iter().position(|item| !nullable(item)).unwrap_or(items.len());
                items.drain(..keep);
            } else {
                let keep = items.iter().rposition(|item| !nullable(item)).map_or(0, |i| i + 1);
                items.truncate(keep);
            }
            let edge = if start { items.first_mut() } else { items.last_mut() };
            if let Some(edge) = edge {
                *edge = trim_side(std::mem::replace(edge, Node::Empty), start);
            }
            Node::Concat(items)
        }
        Node::Alt(items) => Node::Alt(items.into_iter().map(|item| trim_side(item, start)).collect()),
        Node::Group { node, index, atomic } => Node::Group { node: Box::new(trim_side(*node, start)), index, atomic },
        // `X{2,5}` is found where `X{2}` is.
        Node::Repeat { node, min, possessive, .. } => Node::Repeat { node, min, max: Some(min), possessive },
        other => other,
    }
}

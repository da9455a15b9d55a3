//! Pass: finds the member edges that make a structure or union contain itself by value, which
//! Rust can only compile behind a `Box`. Lists and maps already hold their items on the heap.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Model, ShapeId, ShapeKind};

/// The members (`shape$member` ids) to box: every direct structure/union edge between two
/// shapes of the same strongly connected component.
pub fn boxed_members(model: &Model, shapes: &BTreeSet<ShapeId>) -> BTreeSet<ShapeId> {
    let nodes: Vec<&ShapeId> = shapes
        .iter()
        .filter(|id| model.shape(id).is_some_and(|s| matches!(s.kind, ShapeKind::Structure | ShapeKind::Union)))
        .collect();
    let index: BTreeMap<&ShapeId, usize> = nodes.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let edges: Vec<Vec<(usize, &str)>> = nodes
        .iter()
        .map(|id| {
            model.shapes[*id]
                .members
                .iter()
                .filter_map(|m| index.get(&m.target).map(|&t| (t, m.name.as_str())))
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut boxed = BTreeSet::new();
    for (from, targets) in edges.iter().enumerate() {
        for &(to, member) in targets {
            if component[from] == component[to] {
                boxed.insert(nodes[from].with_member(member));
            }
        }
    }
    boxed
}

/// Tarjan's algorithm without recursion (a hostile model may nest arbitrarily deep); returns the
/// component number of each node.
fn strongly_connected(edges: &[Vec<(usize, &str)>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_order, mut next_component) = (0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = call.last_mut() {
            if let Some(&(next, _)) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    call.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{load, Source};

    #[test]
    fn boxes_only_cycle_edges() {
        let text = r#"{"smithy": "2.0", "shapes": {
            "ex#A": {"type": "structure", "members": {"b": {"target": "ex#B"}, "leaf": {"target": "ex#Leaf"}, "list": {"target": "ex#AList"}}},
            "ex#B": {"type": "union", "members": {"a": {"target": "ex#A"}}},
            "ex#Self": {"type": "structure", "members": {"me": {"target": "ex#Self"}}},
            "ex#Leaf": {"type": "structure", "members": {}},
            "ex#AList": {"type": "list", "member": {"target": "ex#A"}}
        }}"#;
        let model = load(&[Source { name: "t".into(), text: text.into() }]).unwrap();
        let shapes = model.shapes.keys().filter(|id| id.namespace() == "ex").cloned().collect();
        let boxed: Vec<String> = boxed_members(&model, &shapes).iter().map(|id| id.to_string()).collect();
        assert_eq!(boxed, ["ex#A$b", "ex#B$a", "ex#Self$me"]);
    }
}

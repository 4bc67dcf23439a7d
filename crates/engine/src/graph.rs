//! The rules of the call graph, in one place for validation and the editor: requests must
//! not circle, so the connections may not form a loop.

use crate::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The ids along a loop in the call graph, first id repeated at the end, if there is one.
pub fn find_cycle(sc: &Scenario) -> Option<Vec<String>> {
    let index: BTreeMap<&str, usize> = sc
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let n = sc.components.len();
    let mut adj = vec![Vec::new(); n];
    for c in &sc.connections {
        if let (Some(&f), Some(&t)) = (index.get(c.from.as_str()), index.get(c.to.as_str()))
            && f != t
        {
            adj[f].push(t);
        }
    }
    // Iterative depth-first search with colours: 0 new, 1 on the stack, 2 done.
    let mut colour = vec![0u8; n];
    for start in 0..n {
        if colour[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        colour[start] = 1;
        while let Some(&(node, next)) = stack.last() {
            if next < adj[node].len() {
                let to = adj[node][next];
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match colour[to] {
                    0 => {
                        colour[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => {
                        // `to` is on the stack: the loop is the stack from `to` onwards.
                        let from = stack.iter().position(|&(id, _)| id == to).unwrap_or(0);
                        let mut path: Vec<String> = stack[from..]
                            .iter()
                            .map(|&(id, _)| sc.components[id].id.clone())
                            .collect();
                        path.push(sc.components[to].id.clone());
                        return Some(path);
                    }
                    _ => {}
                }
            } else {
                colour[node] = 2;
                stack.pop();
            }
        }
    }
    None
}

/// If adding `from` → `to` would close a loop in the call graph, the loop as component ids,
/// starting and ending at `to`: `[to, …, from, to]`. The shortest such loop is returned.
pub fn would_create_cycle(scenario: &Scenario, from: &str, to: &str) -> Option<Vec<String>> {
    let mut callees: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for connection in &scenario.connections {
        callees
            .entry(connection.from.as_str())
            .or_default()
            .push(connection.to.as_str());
    }
    // Breadth first from `to`: the first way back to `from` is a shortest one, so the
    // message shows the smallest loop. Each node is queued once, which bounds the search.
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut seen: BTreeSet<&str> = BTreeSet::from([to]);
    let mut queue: VecDeque<&str> = VecDeque::from([to]);
    while let Some(node) = queue.pop_front() {
        if node == from {
            let mut path = vec![node.to_string()];
            let mut current = node;
            while let Some(&previous) = came_from.get(current) {
                path.push(previous.to_string());
                current = previous;
            }
            path.reverse();
            path.push(to.to_string());
            return Some(path);
        }
        for &next in callees.get(node).into_iter().flatten() {
            if seen.insert(next) {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Connection;

    /// users → lb → api-1/2/3 → cache → db.
    fn web_app() -> Scenario {
        Scenario::from_json(include_str!("../../../examples/web-app.json")).unwrap()
    }

    fn ids(path: &[&str]) -> Option<Vec<String>> {
        Some(path.iter().map(|id| id.to_string()).collect())
    }

    #[test]
    fn a_connection_back_up_the_graph_closes_a_loop() {
        let mut sc = web_app();
        assert_eq!(find_cycle(&sc), None);
        // lb reaches db through any of the three services; the first one is the loop shown.
        assert_eq!(
            would_create_cycle(&sc, "db", "lb"),
            ids(&["lb", "api-1", "cache", "db", "lb"])
        );
        assert_eq!(would_create_cycle(&sc, "lb", "db"), None);
        sc.connections.push(Connection::new("db", "lb"));
        assert_eq!(find_cycle(&sc), ids(&["lb", "api-1", "cache", "db", "lb"]));
    }

    #[test]
    fn the_editor_and_validation_agree_on_every_new_connection() {
        let sc = web_app();
        for from in &sc.components {
            for to in &sc.components {
                if from.id == to.id {
                    continue;
                }
                let mut with = sc.clone();
                with.connections.push(Connection::new(&from.id, &to.id));
                let refused = would_create_cycle(&sc, &from.id, &to.id);
                assert_eq!(
                    refused.is_some(),
                    find_cycle(&with).is_some(),
                    "{} → {}: {refused:?}",
                    from.id,
                    to.id
                );
                if let Some(path) = refused {
                    // [to, …, from, to]: each step is a connection, the last the new one.
                    assert_eq!(path.first(), Some(&to.id));
                    assert_eq!(path.last(), Some(&to.id));
                    for pair in path.windows(2) {
                        assert!(
                            with.connections
                                .iter()
                                .any(|c| c.from == pair[0] && c.to == pair[1]),
                            "{pair:?}"
                        );
                    }
                }
            }
        }
    }
}

//! The app's modules import each other in one direction only: the graph of `crate::` paths
//! between the files of `src/` has no cycle. A cycle means two modules each need the other,
//! so neither can be understood, tested or moved alone.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/` (a file; `editor/edit.rs` is `editor::edit`) and its source, without
/// comments.
fn modules(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let module = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}::{name}")
        };
        if path.is_dir() {
            modules(&path, &module, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && prefix.is_empty()
            && (name == "lib" || name == "main")
        {
            continue;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(module, code);
        }
    }
}

/// The `crate::a::b::...` paths named in `code`, with `use crate::a::{b, c::d}` groups
/// expanded (one level of braces, which is all rustfmt's default style produces here).
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let head = rest[..end].trim_end_matches(':').to_string();
        if rest[end..].starts_with('{') {
            let close = rest[end..].find('}').map_or(rest.len(), |j| end + j);
            for item in rest[end + 1..close].split(',') {
                let item = item.split(" as ").next().unwrap_or("").trim();
                if !item.is_empty() && item != "self" {
                    paths.push(format!("{head}::{item}"));
                }
            }
        }
        paths.push(head);
    }
    paths
}

/// Edges from each module to the modules it names (the longest module prefix of a path).
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut mods = BTreeMap::new();
    modules(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut mods,
    );
    let names: BTreeSet<String> = mods.keys().cloned().collect();
    mods.iter()
        .map(|(module, code)| {
            let targets = crate_paths(code)
                .into_iter()
                .filter_map(|path| {
                    let parts: Vec<&str> = path.split("::").collect();
                    (1..=parts.len())
                        .rev()
                        .map(|n| parts[..n].join("::"))
                        .find(|m| names.contains(m))
                })
                .filter(|target| target != module)
                .collect();
            (module.clone(), targets)
        })
        .collect()
}

/// A cycle through `start`, if there is one: the modules along it, `start` first.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    // Depth-first search with an explicit stack of (module, path so far).
    let mut seen = BTreeSet::new();
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    while let Some((module, path)) = stack.pop() {
        for next in graph.get(&module).into_iter().flatten() {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_of_the_app_imports_one_that_imports_it_back() {
    let graph = import_graph();
    assert!(
        graph.len() > 20 && graph.values().map(BTreeSet::len).sum::<usize>() > 50,
        "the scan found too few modules or imports to mean anything: {graph:?}"
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| format!("{} -> {}", c.join(" -> "), c[0]))
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles in src/:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_scan_sees_grouped_and_inline_imports() {
    let paths =
        crate_paths("use crate::editor::{edit::Edit, geom};\nlet x = crate::run::clock::now_ms();");
    assert_eq!(
        paths,
        [
            "editor::edit::Edit",
            "editor::geom",
            "editor",
            "run::clock::now_ms"
        ]
    );
}

#[test]
fn a_cycle_is_found_and_a_chain_is_not() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
        }
        g
    };
    let looped = graph(&[("state", "faults"), ("faults", "zones"), ("zones", "state")]);
    assert_eq!(
        cycle_from(&looped, "state"),
        Some(vec!["state".into(), "faults".into(), "zones".into()])
    );
    let chain = graph(&[("app", "state"), ("state", "edit"), ("app", "edit")]);
    assert_eq!(cycle_from(&chain, "app"), None);
}

//! The shape of the code (DESIGN.md §4), checked on the source itself so that it stays that way:
//! short functions, typed errors, commands that never import each other, no import cycles between
//! modules, no share-byte offsets in the command-line code, and a library without the CLI crates.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Longest function allowed in `src/`, in lines from its signature to its closing brace.
const MAX_FN_LINES: usize = 60;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read src").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The file's text before its `#[cfg(test)]` module, if any.
fn code_of(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// (name, first line, length) of every function with a body, found by rustfmt's layout: the body
/// ends at the first line after the signature that is a `}` at the signature's indentation.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let t = ["pub(crate) ", "pub(super) ", "pub "].iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t);
        let t = ["const ", "async ", "unsafe "].iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t);
        let after_fn = t.strip_prefix("fn ");
        let Some(rest) = after_fn else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        // The signature ends at the first line ending in `{` (a body) or `;` (a declaration).
        let sig_end =
            lines[i..].iter().position(|l| l.trim_end().ends_with('{') || l.trim_end().ends_with(';'));
        if sig_end.is_none_or(|j| lines[i + j].trim_end().ends_with(';')) {
            continue;
        }
        let close = " ".repeat(indent) + "}";
        if let Some(len) = lines[i..].iter().position(|l| *l == close) {
            out.push((name, i + 1, len + 1));
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_sixty_lines() {
    let mut long = Vec::new();
    for file in rust_files(&src()) {
        let text = fs::read_to_string(&file).expect("source");
        for (name, line, len) in functions(&text) {
            if len > MAX_FN_LINES {
                long.push(format!("{}:{line} {name} is {len} lines", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "functions over {MAX_FN_LINES} lines:\n{}", long.join("\n"));
    // The checker itself finds functions (a test that could not fail would be worthless).
    let sample =
        "fn a() {\n    x();\n}\n\nimpl T {\n    pub(crate) fn b(&self) -> u8 {\n        1\n    }\n}\n";
    assert_eq!(functions(sample), vec![("a".to_string(), 1, 3), ("b".to_string(), 6, 3)]);
}

#[test]
fn errors_are_typed_not_strings() {
    for file in rust_files(&src()) {
        let text = fs::read_to_string(&file).expect("source");
        let code = code_of(&text);
        for bad in ["Failed(String)", "Result<(), String>", "CliError::Failed", "type Err = String"] {
            assert!(!code.contains(bad), "{} uses {bad}", file.display());
        }
    }
}

/// A module of one of the two crates: the library (`src/lib.rs` and its modules) or the binary
/// (`src/main.rs` and `src/cli/`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Module {
    bin: bool,
    path: Vec<String>,
}

fn module_of(file: &Path) -> Module {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let bin = parts.first().is_some_and(|p| p == "cli") || last == "main.rs";
    if !matches!(last.as_str(), "mod.rs" | "lib.rs" | "main.rs") {
        parts.push(last.trim_end_matches(".rs").to_string());
    }
    Module { bin, path: parts }
}

/// Expands a use tree such as `super::{a, b::{c, d}}` into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else { return vec![tree.to_string()] };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .iter()
        .filter(|i| !i.trim().is_empty())
        .flat_map(|i| expand(i))
        .map(|p| format!("{prefix}{p}"))
        .collect()
}

/// The crate-relative paths a file refers to: its `use` trees and inline `crate::`/`super::` paths.
fn referenced_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let lines: Vec<&str> = code.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let Some(tree) = ["use ", "pub use ", "pub(crate) use "].iter().find_map(|p| t.strip_prefix(p))
        else {
            continue;
        };
        let mut statement = tree.to_string();
        for more in &lines[i + 1..] {
            if statement.contains(';') {
                break;
            }
            statement.push_str(more);
        }
        let end = statement.find(';').unwrap_or(statement.len());
        paths.extend(expand(&statement[..end]));
    }
    let code: String =
        lines.iter().filter(|l| !l.trim_start().starts_with("//")).map(|l| format!("{l}\n")).collect();
    for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
        if word.starts_with("crate::") || word.starts_with("super::") {
            paths.push(word.to_string());
        } else if word.contains("::") && !word.starts_with("::") {
            // A path relative to this module, such as `combine::run` in `cli/mod.rs`.
            paths.push(format!("self::{word}"));
        }
    }
    paths
}

/// The module a path names (the longest prefix that is a module), or `None` outside the crate.
fn resolve(from: &Module, path: &str, modules: &BTreeSet<Module>) -> Option<Module> {
    let segments: Vec<&str> = path.split("::").map(str::trim).filter(|s| !s.is_empty()).collect();
    let mut base = match segments.first() {
        Some(&"crate") => Vec::new(),
        Some(&"super") | Some(&"self") => from.path.clone(),
        _ => return None,
    };
    let mut rest = &segments[1..];
    if segments[0] == "super" {
        base.pop();
        while rest.first() == Some(&"super") {
            base.pop();
            rest = &rest[1..];
        }
    }
    for s in rest {
        let mut next = base.clone();
        next.push(s.to_string());
        if !modules.contains(&Module { bin: from.bin, path: next.clone() }) {
            break;
        }
        base = next;
    }
    Some(Module { bin: from.bin, path: base })
}

/// Which module imports which, from the source files.
fn import_graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let files = rust_files(&src());
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let from = module_of(file);
        let text = fs::read_to_string(file).expect("source");
        let edges: BTreeSet<Module> = referenced_paths(code_of(&text))
            .iter()
            .filter_map(|p| resolve(&from, p, &modules))
            .filter(|to| *to != from)
            .collect();
        graph.insert(from, edges);
    }
    graph
}

#[test]
fn commands_never_import_each_other() {
    let graph = import_graph();
    let commands: BTreeSet<Module> = rust_files(&src().join("cli"))
        .iter()
        .filter(|f| {
            let text = fs::read_to_string(f).unwrap_or_default();
            text.contains("pub(crate) struct Args") || text.contains("pub(crate) struct CompletionArgs")
        })
        .map(|f| module_of(f))
        .collect();
    assert!(commands.len() >= 10, "command modules not found: {commands:?}");
    for c in &commands {
        let sideways: Vec<_> = graph[c].intersection(&commands).collect();
        assert!(sideways.is_empty(), "{:?} imports the command modules {sideways:?}", c.path);
    }
}

#[test]
fn the_module_graph_has_no_cycles() {
    let graph = import_graph();
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit(
        m: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            return Some(path[i..].to_vec());
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.clone());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(m.clone());
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        let cycle = visit(m, &graph, &mut Vec::new(), &mut done);
        let names: Vec<String> = cycle.unwrap_or_default().iter().map(|m| m.path.join("/")).collect();
        assert!(names.is_empty(), "import cycle: {}", names.join(" -> "));
    }
    // The checker sees the edges it should (a graph without edges has no cycles either).
    let cli = Module { bin: true, path: vec!["cli".into()] };
    assert!(graph[&cli].contains(&Module { bin: true, path: vec!["cli".into(), "combine".into()] }));
}

#[test]
fn the_command_line_code_reads_shares_through_the_format_module() {
    for file in rust_files(&src().join("cli")) {
        let text = fs::read_to_string(&file).expect("source");
        for bad in ["data[", "bytes[", "to_bytes()", ".y()", "from_bytes("] {
            assert!(!code_of(&text).contains(bad), "{} indexes share bytes ({bad})", file.display());
        }
    }
}

#[test]
fn the_library_needs_no_command_line_crates() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).expect("manifest");
    for krate in ["clap", "clap_complete", "clap_mangen", "rpassword", "libc"] {
        let line = manifest.lines().find(|l| l.starts_with(&format!("{krate} ="))).expect("dependency");
        assert!(
            line.contains("optional = true"),
            "{krate} must be optional (behind the cli feature): {line}"
        );
    }
    for file in rust_files(&src()) {
        if module_of(&file).bin {
            continue;
        }
        let text = fs::read_to_string(&file).expect("source");
        for krate in ["clap", "rpassword", "libc"] {
            assert!(!text.contains(&format!("{krate}::")), "{} uses {krate}", file.display());
        }
    }
}

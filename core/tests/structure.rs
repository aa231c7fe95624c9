//! The shape of the core, checked: the layers of `core/src` import only downwards (so no import
//! cycle spans more than one layer), the state and its index have no visible fields, and no
//! function outside tests is longer than 80 lines, in the core, the host layer, the bindings and
//! the benchmarks' programs.
//!
//! The source is parsed with `syn`; every `crate::…` and `super::…` path (in `use` items and in
//! code) outside `#[cfg(test)]` items counts as an import of the module it names. A name the
//! crate root re-exports (`crate::Directory`) counts as an import of the module it comes from.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proc_macro2::Span;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// The layers, lowest first. A module may import from its own layer and the ones below.
const LAYERS: &[(&str, &[&str])] = &[
    ("model: plain entity types, errors, text rules, collation", &["model", "error", "text", "collation", "clock"]),
    ("state: entities and their one index layer; stores", &["state", "store"]),
    ("rules and reads: plans per area, views, generator", &["ops", "view", "generate"]),
    ("exports", &["export"]),
    ("the Directory, imports and the crate root", &["directory", "import", "crate"]),
];

/// Longest allowed function, from `fn` to its closing brace.
const MAX_FN_LINES: usize = 80;

/// Folders whose structs may have no fields visible outside their own module.
const SEALED: &[&str] = &["state"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `["crate"]` for lib.rs, `["store", "file"]` for store/file.rs.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    if parts.is_empty() {
        parts.push("crate".to_owned());
    }
    parts
}

fn layer_of(top: &str) -> usize {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&top))
        .unwrap_or_else(|| panic!("module `{top}` is in no layer: add it to LAYERS in core/tests/structure.rs"))
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        (a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string() == "test"))
            || a.path().is_ident("test")
    })
}

/// What one file says about the structure.
#[derive(Default)]
struct Findings {
    /// Paths it names, made absolute (first segment a top-level module or a root re-export).
    imports: Vec<(Vec<String>, usize)>,
    /// Functions over the limit: (name, first line, lines).
    long_fns: Vec<(String, usize, usize)>,
    /// Visible fields of structs: (struct, field, line).
    visible_fields: Vec<(String, String, usize)>,
    /// Modules in files of their own that are compiled for tests only (`#[cfg(test)] mod x;`).
    test_modules: Vec<Vec<String>>,
}

struct Reader<'a> {
    module: &'a [String],
    /// Inline `mod` blocks entered in this file.
    nested: Vec<String>,
    found: Findings,
}

impl Reader<'_> {
    fn here(&self) -> Vec<String> {
        let mut m: Vec<String> = if self.module == ["crate"] { Vec::new() } else { self.module.to_vec() };
        m.extend(self.nested.iter().cloned());
        m
    }

    /// Makes a `crate::…` or `super::…` path absolute; other paths are not imports of the crate.
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        match segments.first().map(String::as_str) {
            Some("crate") => Some(segments[1..].to_vec()),
            Some("super") => {
                let mut base = self.here();
                let mut rest = segments;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                Some(base)
            }
            Some("self") => {
                let mut base = self.here();
                base.extend(segments[1..].iter().cloned());
                Some(base)
            }
            _ => None,
        }
    }

    fn note(&mut self, segments: Vec<String>, span: Span) {
        if let Some(abs) = self.absolute(&segments) {
            if !abs.is_empty() {
                self.found.imports.push((abs, span.start().line));
            }
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, span: Span) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree, span);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                if n.ident != "self" {
                    full.push(n.ident.to_string());
                }
                self.note(full, span);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                full.push(r.ident.to_string());
                self.note(full, span);
            }
            syn::UseTree::Glob(_) => self.note(prefix.clone(), span),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t, span);
                }
            }
        }
    }

    fn check_fn(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
        let first = sig.fn_token.span.start().line;
        let last = block.brace_token.span.close().end().line;
        let lines = last - first + 1;
        if lines > MAX_FN_LINES {
            self.found.long_fns.push((name.to_string(), first, lines));
        }
    }
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Struct(s) => &s.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if is_cfg_test(attrs) {
            if let syn::Item::Mod(m) = item {
                let mut path = self.here();
                path.push(m.ident.to_string());
                self.found.test_modules.push(path);
            }
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_some() {
            self.nested.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.nested.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let span = u.use_token.span;
        self.use_tree(&mut Vec::new(), &u.tree, span);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let span = path.segments.first().map_or_else(Span::call_site, |s| s.ident.span());
        self.note(segments, span);
        syn::visit::visit_path(self, path);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.check_fn(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_cfg_test(&f.attrs) {
            self.check_fn(&f.sig.ident, &f.sig, &f.block);
            syn::visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        if SEALED.contains(&self.module[0].as_str()) {
            for (i, field) in s.fields.iter().enumerate() {
                if !matches!(field.vis, syn::Visibility::Inherited) {
                    let name = field.ident.as_ref().map_or_else(|| i.to_string(), ToString::to_string);
                    self.found.visible_fields.push((s.ident.to_string(), name, s.struct_token.span.start().line));
                }
            }
        }
        syn::visit::visit_item_struct(self, s);
    }
}

struct Crate {
    /// Per file: its module path and findings.
    files: Vec<(PathBuf, Vec<String>, Findings)>,
    /// Names the crate root re-exports, with the module path they come from.
    reexports: BTreeMap<String, Vec<String>>,
}

fn read_crate() -> Crate {
    read_crate_at(&src())
}

/// Reads the crate whose source folder is `root`.
fn read_crate_at(root: &Path) -> Crate {
    let mut paths = Vec::new();
    rust_files(root, &mut paths);
    let mut files = Vec::new();
    let mut reexports = BTreeMap::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let module = module_of(root, &path);
        if module == ["crate"] {
            collect_reexports(&file, &mut reexports);
        }
        let mut reader = Reader { module: &module, nested: Vec::new(), found: Findings::default() };
        reader.visit_file(&file);
        let found = reader.found;
        files.push((path, module, found));
    }
    // Files of test-only modules are tests: left out like `#[cfg(test)]` items.
    let test_modules: Vec<Vec<String>> = files.iter().flat_map(|(_, _, f)| f.test_modules.clone()).collect();
    files.retain(|(_, module, _)| !test_modules.iter().any(|t| module.starts_with(t)));
    Crate { files, reexports }
}

fn collect_reexports(file: &syn::File, out: &mut BTreeMap<String, Vec<String>>) {
    fn walk(prefix: &mut Vec<String>, tree: &syn::UseTree, out: &mut BTreeMap<String, Vec<String>>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                walk(prefix, &p.tree, out);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                out.insert(n.ident.to_string(), prefix.clone());
            }
            syn::UseTree::Rename(r) => {
                out.insert(r.rename.to_string(), prefix.clone());
            }
            syn::UseTree::Glob(_) => {}
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| walk(prefix, t, out)),
        }
    }
    for item in &file.items {
        if let syn::Item::Use(u) = item {
            if matches!(u.vis, syn::Visibility::Public(_)) {
                walk(&mut Vec::new(), &u.tree, out);
            }
        }
    }
}

impl Crate {
    /// The top-level module a path really names, following root re-exports.
    fn top_module(&self, path: &[String]) -> String {
        let first = &path[0];
        match self.reexports.get(first) {
            Some(from) if !from.is_empty() => from[0].clone(),
            _ => first.clone(),
        }
    }

    /// Edges between top-level modules: (from, to) → where.
    fn edges(&self) -> BTreeMap<(String, String), Vec<String>> {
        let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for (path, module, found) in &self.files {
            let from = module[0].clone();
            for (import, line) in &found.imports {
                let to = self.top_module(import);
                if to != from && LAYERS.iter().any(|(_, m)| m.contains(&to.as_str())) {
                    let at = format!("{}:{line} ({})", path.strip_prefix(src()).unwrap().display(), import.join("::"));
                    edges.entry((from.clone(), to)).or_default().push(at);
                }
            }
        }
        edges
    }
}

#[test]
fn every_top_level_module_is_in_a_layer() {
    let krate = read_crate();
    let modules: BTreeSet<String> = krate.files.iter().map(|(_, m, _)| m[0].clone()).collect();
    for m in modules {
        layer_of(&m);
    }
}

#[test]
fn layers_import_only_downwards() {
    let krate = read_crate();
    let mut upward = Vec::new();
    for ((from, to), places) in krate.edges() {
        if layer_of(&to) > layer_of(&from) {
            upward.push(format!(
                "`{from}` ({}) imports `{to}` ({}) at {}",
                LAYERS[layer_of(&from)].0,
                LAYERS[layer_of(&to)].0,
                places.join(", ")
            ));
        }
    }
    assert!(upward.is_empty(), "imports that go up a layer:\n{}", upward.join("\n"));
}

#[test]
fn the_state_has_no_visible_fields() {
    let krate = read_crate();
    let visible: Vec<String> = krate
        .files
        .iter()
        .flat_map(|(path, _, found)| {
            found
                .visible_fields
                .iter()
                .map(move |(s, f, line)| format!("{}:{line}: {s}.{f}", path.strip_prefix(src()).unwrap().display()))
        })
        .collect();
    assert!(visible.is_empty(), "fields visible outside their module:\n{}", visible.join("\n"));
}

/// The functions over the limit in the crate at `root`.
fn long_functions(root: &Path) -> Vec<String> {
    read_crate_at(root)
        .files
        .iter()
        .flat_map(|(path, _, found)| {
            found.long_fns.iter().map(move |(name, line, lines)| {
                format!("{}:{line}: fn {name} has {lines} lines", path.strip_prefix(root).unwrap().display())
            })
        })
        .collect()
}

#[test]
fn no_function_is_over_80_lines() {
    let long = long_functions(&src());
    assert!(long.is_empty(), "functions over {MAX_FN_LINES} lines:\n{}", long.join("\n"));
}

/// The same holds for the crates the bindings are made of (the host layer and both bindings),
/// for the benchmarks' programs and for the `vastuu` command.
#[test]
fn no_function_of_the_host_layer_the_bindings_the_benchmarks_or_the_command_is_over_80_lines() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let long: Vec<String> = ["host/src", "bindings-python/src", "bindings-uniffi/src", "benches/src", "cli/src"]
        .iter()
        .flat_map(|dir| long_functions(&workspace.join(dir)).into_iter().map(move |f| format!("{dir}/{f}")))
        .collect();
    assert!(long.is_empty(), "functions over {MAX_FN_LINES} lines:\n{}", long.join("\n"));
}

/// The checks themselves must be able to fail: an upward import, a visible state field and a
/// long function in a made-up file are all found.
#[test]
fn the_checks_find_what_they_look_for() {
    let text = format!(
        "use crate::directory::Directory;\npub struct S {{ pub(crate) x: u32, y: u32 }}\nfn long() {{\n{}}}\n",
        "    let _ = 1;\n".repeat(MAX_FN_LINES)
    );
    let file = syn::parse_file(&text).unwrap();
    let module = vec!["state".to_owned(), "probe".to_owned()];
    let mut reader = Reader { module: &module, nested: Vec::new(), found: Findings::default() };
    reader.visit_file(&file);
    let found = reader.found;
    assert!(found.imports.iter().any(|(p, _)| p == &["directory", "Directory"]));
    assert!(layer_of("directory") > layer_of("state"));
    assert_eq!(found.visible_fields.len(), 1);
    assert_eq!(found.long_fns.len(), 1);
    assert_eq!(found.long_fns[0].2, MAX_FN_LINES + 2);
}

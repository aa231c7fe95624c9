//! Every public method of `Directory` shows how it is called: its doc comment has an
//! `# Examples` section with a code block that runs (as a doctest, `cargo test --doc`).
//!
//! The core's sources are parsed with `syn`; every `pub fn` inside an `impl Directory` block
//! (outside `#[cfg(test)]` items) counts. A method without examples fails the test unless it is
//! in [`EXCEPTIONS`], with the reason it has none.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// Methods that may go without an `# Examples` section, each with the reason.
const EXCEPTIONS: &[(&str, &str)] = &[];

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

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        (a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string() == "test"))
            || a.path().is_ident("test")
    })
}

/// Whether the doc comment has an `# Examples` section holding a code block that runs (a plain
/// ```` ``` ```` or ```` ```rust ```` fence, not `ignore`, `no_run` or `text`).
fn has_examples(attrs: &[syn::Attribute]) -> bool {
    let doc: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| {
            let syn::Meta::NameValue(nv) = &a.meta else { return None };
            let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &nv.value else { return None };
            Some(text.value())
        })
        .collect();
    let doc = doc.join("\n");
    let lines = doc.lines().map(str::trim).skip_while(|line| *line != "# Examples").skip(1);
    lines.take_while(|line| !line.starts_with("# ")).any(|line| line == "```" || line == "```rust")
}

fn is_directory(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "Directory"))
}

/// The public methods of `impl Directory` blocks among `items`, as (name, file, has examples).
fn collect(items: &[syn::Item], file: &str, out: &mut Vec<(String, String, bool)>) {
    for item in items {
        match item {
            syn::Item::Impl(block) if block.trait_.is_none() && is_directory(&block.self_ty) => {
                if is_cfg_test(&block.attrs) {
                    continue;
                }
                for inner in &block.items {
                    if let syn::ImplItem::Fn(f) = inner {
                        if matches!(f.vis, syn::Visibility::Public(_)) && !is_cfg_test(&f.attrs) {
                            out.push((f.sig.ident.to_string(), file.to_owned(), has_examples(&f.attrs)));
                        }
                    }
                }
            }
            syn::Item::Mod(m) if !is_cfg_test(&m.attrs) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, file, out);
                }
            }
            _ => {}
        }
    }
}

fn directory_methods() -> Vec<(String, String, bool)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut methods = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rel = path.strip_prefix(&src).unwrap().display().to_string();
        collect(&parsed.items, &rel, &mut methods);
    }
    methods
}

#[test]
fn every_public_directory_method_has_examples() {
    let methods = directory_methods();
    // The parse found the methods at all (a change of layout must not make this test vacuous).
    assert!(methods.len() > 50, "only {} public Directory methods found", methods.len());
    assert!(methods.iter().any(|(name, _, _)| name == "create_customer"));

    let missing: Vec<String> = methods
        .iter()
        .filter(|(name, _, has)| !has && !EXCEPTIONS.iter().any(|(n, _)| n == name))
        .map(|(name, file, _)| format!("{file}: Directory::{name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} public Directory methods have no `# Examples` section with a code block that runs:\n{}",
        missing.len(),
        methods.len(),
        missing.join("\n")
    );
}

#[test]
fn exceptions_name_existing_methods_without_examples() {
    let methods = directory_methods();
    for (name, reason) in EXCEPTIONS {
        assert!(!reason.is_empty(), "the exception for {name} gives no reason");
        let found: Vec<_> = methods.iter().filter(|(n, _, _)| n == name).collect();
        assert!(!found.is_empty(), "exception {name}: no public Directory method has that name");
        assert!(found.iter().any(|(_, _, has)| !has), "exception {name}: it has examples now; remove the exception");
    }
}

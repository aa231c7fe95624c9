//! The uniffi binding generator, built from the same uniffi version as the library, so the
//! generated Kotlin and Swift always match the scaffolding: `cargo run -p vastuu-uniffi --bin
//! uniffi-bindgen -- generate --library <cdylib> --language kotlin --out-dir <dir>`.

fn main() {
    uniffi::uniffi_bindgen_main()
}

//! The uniffi binding generator, built from the same uniffi version as the library, so the
//! generated Kotlin and Swift always match the scaffolding (needs the `cli` feature):
//! `cargo run -p vastuu-uniffi --features cli --bin uniffi-bindgen -- generate <cdylib>
//! --language kotlin --out-dir <dir>`. `generate.sh` runs it.

fn main() {
    uniffi::uniffi_bindgen_main()
}

//! Resident memory of the generated benchmark directory, before and after loading it (Linux:
//! read from /proc/self/status).
//!
//! Run: `cargo run --release -p vastuu-benches --example memory`

use vastuu::generate::{generate, GeneratorConfig};
use vastuu::Directory;

fn resident() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.trim_start_matches("VmRSS:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn main() -> Result<(), vastuu::Error> {
    let data = generate(&GeneratorConfig::benchmark());
    println!("generated data:        {}", resident());
    let dir = Directory::from_data(data)?;
    println!(
        "loaded directory:      {} ({} customers, {} responsibilities)",
        resident(),
        dir.customers().count(),
        dir.responsibilities().len()
    );
    Ok(())
}

use vastuu_benches::compare::xlsx;
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse::<f64>()
        .unwrap()
        / 1e9
}
fn main() {
    let side = std::env::args().nth(1).unwrap();
    let cfg = xlsx::parse_config_arg("2026:10000:200:20000:100000:40:30:20").unwrap();
    let dir = vastuu::Directory::from_data(vastuu::generate::generate(&cfg)).unwrap();
    let q = xlsx::export_query();
    let sheet = xlsx::PeerSheet::compute(&dir, &q).unwrap();
    eprintln!("ready");
    std::thread::sleep(std::time::Duration::from_millis(300));
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let c = cpu();
        if side == "ours" {
            dir.export_to_path(&xlsx::export(), "/tmp/prof/o.xlsx", Default::default()).unwrap();
        } else if side == "walk" {
            let mut n = 0;
            let p = dir.responsible_persons(&q.clone().page(vastuu::Page::first(0))).unwrap();
            n += p.total;
            std::hint::black_box(n);
        } else {
            sheet.write(std::path::Path::new("/tmp/prof/p.xlsx")).unwrap();
        }
        eprintln!("{side}: wall {:.3} cpu {:.3}", t.elapsed().as_secs_f64(), cpu() - c);
    }
}

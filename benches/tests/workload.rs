//! The benchmark workload, run on a small generated directory: every query answers, and the
//! `HashSet` peer of `can_view` holds exactly the pairs `can_view` allows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use vastuu::generate::GeneratorConfig;
use vastuu_benches::{count_in_set, count_visible, directory, visible_pairs, Workload, BATCH};

#[test]
fn workload_runs_and_the_peer_agrees_with_can_view() {
    let dir = directory(&GeneratorConfig::small());
    let w = Workload::new(&dir);
    assert_eq!(w.random_pairs.len(), BATCH);
    assert_eq!(w.responsible_pairs.len(), BATCH);

    let peer = visible_pairs(&dir, w.day);
    for pairs in [&w.random_pairs, &w.responsible_pairs] {
        assert_eq!(count_visible(&dir, pairs, w.day), count_in_set(&peer, pairs));
        for (e, c) in pairs.iter() {
            let visible = dir.can_view(*e, *c, w.day).unwrap().visible;
            assert_eq!(visible, peer.contains(&(e.get(), c.get())));
        }
    }
    // Responsible pairs are mostly visible, random ones mostly not: the two loops differ.
    assert!(count_visible(&dir, &w.responsible_pairs, w.day) > BATCH / 2);
    assert!(count_visible(&dir, &w.random_pairs, w.day) < BATCH / 2);

    for (name, filter) in w.filters() {
        dir.filter_customers(&filter).unwrap_or_else(|e| panic!("filter {name}: {e}"));
    }
    assert!(!dir.filter_customers(&w.filters()[0].1).unwrap().is_empty());
    for (name, query) in w.matrices() {
        let m = dir.matrix(&query).unwrap_or_else(|e| panic!("matrix {name}: {e}"));
        assert!(m.total_rows > 0 && m.total_columns > 0, "matrix {name} is empty");
    }
    for (name, query) in w.lists() {
        dir.responsible_persons(&query).unwrap_or_else(|e| panic!("list {name}: {e}"));
    }
    assert!(dir.responsible_persons(&w.lists()[0].1).unwrap().total > 0);
    assert!(dir.customer_listing(Some(w.group), &w.listing()).unwrap().active.total > 0);
    assert!(!dir.visible_customers(w.busy_employee, w.day).unwrap().is_empty());
    assert!(!dir.who_can_view(w.busy_customer, w.day).unwrap().is_empty());
    dir.responsible_persons_of(w.busy_customer.into(), Some(w.customer_role), Some(w.day)).unwrap();
}

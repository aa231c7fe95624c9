//! Views and visibility on the generated 100,000-customer directory, with a plain
//! `HashSet<(u32, u32)>` lookup as the peer of `can_view`.
//!
//! Run: `cargo bench -p vastuu-benches --bench views` (see BENCHMARKS.md).

use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use std::collections::HashSet;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::Directory;
use vastuu_benches::{count_in_set, count_visible, visible_pairs, Workload, BATCH};

thread_local! {
    static DIR: Directory = vastuu_benches::benchmark_directory();
    static WORK: Workload = DIR.with(Workload::new);
    static PEER: HashSet<(u32, u32)> = DIR.with(|d| WORK.with(|w| visible_pairs(d, w.day)));
}

fn main() {
    divan::main();
}

/// Generating the data and loading it (building every index).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_benchmark_directory(bencher: Bencher<'_, '_>) {
    bencher
        .with_inputs(|| generate(&GeneratorConfig::benchmark()))
        .bench_local_values(|data| Directory::from_data(data).map(|d| d.customers().count()));
}

mod visibility {
    use super::*;

    #[divan::bench(counter = ItemsCount::new(BATCH))]
    fn can_view_random_pairs(bencher: Bencher<'_, '_>) {
        DIR.with(|d| WORK.with(|w| bencher.bench_local(|| count_visible(d, black_box(&w.random_pairs), w.day))));
    }

    #[divan::bench(counter = ItemsCount::new(BATCH))]
    fn hashset_peer_random_pairs(bencher: Bencher<'_, '_>) {
        PEER.with(|set| WORK.with(|w| bencher.bench_local(|| count_in_set(set, black_box(&w.random_pairs)))));
    }

    #[divan::bench(counter = ItemsCount::new(BATCH))]
    fn can_view_responsible_pairs(bencher: Bencher<'_, '_>) {
        DIR.with(|d| WORK.with(|w| bencher.bench_local(|| count_visible(d, black_box(&w.responsible_pairs), w.day))));
    }

    #[divan::bench(counter = ItemsCount::new(BATCH))]
    fn hashset_peer_responsible_pairs(bencher: Bencher<'_, '_>) {
        PEER.with(|set| WORK.with(|w| bencher.bench_local(|| count_in_set(set, black_box(&w.responsible_pairs)))));
    }

    #[divan::bench]
    fn visible_customers_busy_employee(bencher: Bencher<'_, '_>) {
        DIR.with(|d| WORK.with(|w| bencher.bench_local(|| d.visible_customers(w.busy_employee, w.day))));
    }

    #[divan::bench]
    fn visible_customers_salesperson(bencher: Bencher<'_, '_>) {
        DIR.with(|d| WORK.with(|w| bencher.bench_local(|| d.visible_customers(w.salesperson, w.day))));
    }

    #[divan::bench]
    fn visible_customers_admin(bencher: Bencher<'_, '_>) {
        DIR.with(|d| {
            WORK.with(|w| {
                let admin = w.admin.unwrap_or(w.busy_employee);
                bencher.bench_local(|| d.visible_customers(admin, w.day))
            })
        });
    }

    #[divan::bench]
    fn who_can_view(bencher: Bencher<'_, '_>) {
        DIR.with(|d| WORK.with(|w| bencher.bench_local(|| d.who_can_view(w.busy_customer, w.day))));
    }
}

mod filter {
    use super::*;

    #[divan::bench(args = ["all", "group", "no_group_prospects", "text", "special_all_of", "responsible", "salesperson"])]
    fn filter_customers(bencher: Bencher<'_, '_>, name: &str) {
        DIR.with(|d| {
            WORK.with(|w| {
                let filters = w.filters();
                let filter = filters.iter().find(|(n, _)| *n == name).map(|(_, f)| f.clone()).unwrap_or_default();
                bencher.bench_local(|| d.filter_customers(&filter));
            })
        });
    }
}

mod matrix {
    use super::*;

    #[divan::bench(args = ["first_page", "projects_by_role", "deep_page", "as_of", "role", "group_rows", "team_columns"])]
    fn matrix(bencher: Bencher<'_, '_>, name: &str) {
        DIR.with(|d| {
            WORK.with(|w| {
                let queries = w.matrices();
                let query = queries.iter().find(|(n, _)| *n == name).map(|(_, q)| q.clone()).unwrap_or_default();
                bencher.bench_local(|| d.matrix(&query));
            })
        });
    }
}

mod lists {
    use super::*;

    #[divan::bench(args = ["first_page", "projects_as_of", "deep_page", "employee", "group"])]
    fn responsible_persons(bencher: Bencher<'_, '_>, name: &str) {
        DIR.with(|d| {
            WORK.with(|w| {
                let queries = w.lists();
                let query = queries.iter().find(|(n, _)| *n == name).map(|(_, q)| q.clone()).unwrap_or_default();
                bencher.bench_local(|| d.responsible_persons(&query));
            })
        });
    }

    #[divan::bench]
    fn responsible_persons_of_with_role(bencher: Bencher<'_, '_>) {
        DIR.with(|d| {
            WORK.with(|w| {
                bencher.bench_local(|| {
                    d.responsible_persons_of(w.busy_customer.into(), Some(w.customer_role), Some(w.day))
                })
            })
        });
    }

    #[divan::bench]
    fn customer_listing_group(bencher: Bencher<'_, '_>) {
        DIR.with(|d| WORK.with(|w| bencher.bench_local(|| d.customer_listing(Some(w.group), &w.listing()))));
    }

    #[divan::bench]
    fn customer_listing_no_group(bencher: Bencher<'_, '_>) {
        DIR.with(|d| WORK.with(|w| bencher.bench_local(|| d.customer_listing(None, &w.listing()))));
    }

    #[divan::bench]
    fn group_counts(bencher: Bencher<'_, '_>) {
        DIR.with(|d| bencher.bench_local(|| d.group_counts(false)));
    }
}

//! Coverage checks on a crafted directory, and cross-checked by brute force on a generated one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::{date, Date};
use std::collections::BTreeMap;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::*;

#[test]
fn crafted_directory() {
    let mut d = Directory::new();
    let active = d.create_employee(NewEmployee::new("Aktiivinen").sales_rights(true)).unwrap();
    let leaving = d.create_employee(NewEmployee::new("Lähtevä").sales_rights(true)).unwrap();
    let group = d
        .create_customer_group(
            NewCustomerGroup::new("G").numbering_start(100).numbering_end(109).salespeople([active, leaving]),
        )
        .unwrap();
    let covered = d.create_customer(NewCustomer::new("Katettu").group(group)).unwrap();
    let by_inactive = d.create_customer(NewCustomer::new("Vain lähtevä").group(group)).unwrap();
    let expired = d.create_customer(NewCustomer::new("Päättynyt")).unwrap();
    let project_only = d.create_customer(NewCustomer::new("Vain projekti")).unwrap();
    let prospect = d.create_customer(NewCustomer::new("Prospekti").status(CustomerStatus::Prospect)).unwrap();
    let archived = d.create_customer(NewCustomer::new("Arkistoitu")).unwrap();
    d.archive_customer(archived).unwrap();
    let p = d.create_project(project_only, "P").unwrap();
    d.toggle(covered.into(), active).unwrap();
    d.toggle(by_inactive.into(), leaving).unwrap();
    d.set_responsibility(expired.into(), active, &[], Period::new(None, Some(date(2026, 11, 30))).unwrap()).unwrap();
    d.toggle(p.into(), active).unwrap();
    d.toggle(p.into(), leaving).unwrap();
    d.update_employee(leaving, EmployeeUpdate { active: Some(false), sales_rights: Some(false), ..Default::default() })
        .unwrap();
    for n in 0..6 {
        // Two group customers hold 100 and 101; six more take 102..=107: 2 of 10 left (20 %).
        let c = d.create_customer(NewCustomer::new(format!("N{n}")).unnumbered()).unwrap();
        d.move_customer_to_group(group, c).unwrap();
        d.renumber_customer(c).unwrap();
    }

    let on = date(2026, 12, 1);
    let all = d.customers_without_responsible(on, false);
    assert!(all.contains(&by_inactive) && all.contains(&expired) && all.contains(&project_only));
    assert!(all.contains(&prospect) && all.contains(&archived));
    assert!(!all.contains(&covered));
    let active_only = d.customers_without_responsible(on, true);
    assert!(!active_only.contains(&prospect) && !active_only.contains(&archived));
    assert!(active_only.contains(&expired));
    // On the last valid day, the expired one is still covered.
    assert!(!d.customers_without_responsible(date(2026, 11, 30), true).contains(&expired));

    assert_eq!(
        d.responsibilities_of_inactive_employees(),
        vec![
            InactiveHolder { subject: by_inactive.into(), customer: by_inactive, employee: leaving },
            InactiveHolder { subject: p.into(), customer: project_only, employee: leaving },
        ]
    );
    assert_eq!(d.salespeople_without_sales_rights(), vec![SalespersonWithoutRights { group, employee: leaving }]);

    let ending = d.responsibilities_ending_within(date(2026, 11, 1), 29);
    assert_eq!(
        ending,
        vec![EndingResponsibility {
            subject: expired.into(),
            customer: expired,
            employee: active,
            ends: date(2026, 11, 30)
        }]
    );
    assert!(d.responsibilities_ending_within(date(2026, 11, 1), 28).is_empty());
    assert!(d.responsibilities_ending_within(date(2026, 12, 1), 1000).is_empty());
    assert_eq!(d.responsibilities_ending_within(date(2026, 11, 30), 0).len(), 1);

    let near = d.series_near_exhaustion(25).unwrap();
    assert_eq!(near.len(), 1);
    assert_eq!((near[0].series, near[0].capacity, near[0].capacity_left), (SeriesId::Group(group), 10, 2));
    assert!(d.series_near_exhaustion(20).unwrap().is_empty(), "exactly 20 % left is not below 20 %");
    assert_eq!(d.series_near_exhaustion(101).unwrap_err(), Error::InvalidPercent { value: 101 });
}

fn brute_force_uncovered(data: &Data, on: Date, only_active: bool) -> Vec<CustomerId> {
    let active: BTreeMap<EmployeeId, bool> = data.employees.iter().map(|e| (e.id, e.active)).collect();
    data.customers
        .iter()
        .filter(|c| !only_active || (!c.archived && c.status == CustomerStatus::Active))
        .filter(|c| {
            !data
                .responsibilities
                .iter()
                .any(|r| r.subject == Subject::Customer(c.id) && active[&r.employee] && r.period.contains(on))
        })
        .map(|c| c.id)
        .collect()
}

#[test]
fn generated_directory_matches_brute_force() {
    let data = generate(&GeneratorConfig {
        customers: 2_000,
        employees: 80,
        projects: 2_500,
        responsibilities: 6_000,
        ..GeneratorConfig::small()
    });
    let d = Directory::from_data(data.clone()).unwrap();
    let project_customer: BTreeMap<ProjectId, CustomerId> = data.projects.iter().map(|p| (p.id, p.customer)).collect();
    let customer_of = |s: Subject| match s {
        Subject::Customer(c) => c,
        Subject::Project(p) => project_customer[&p],
    };
    for on in [date(2025, 6, 1), date(2026, 1, 1), date(2026, 12, 31), date(2027, 9, 15)] {
        for only_active in [false, true] {
            let got = d.customers_without_responsible(on, only_active);
            assert_eq!(got, brute_force_uncovered(&data, on, only_active), "{on} {only_active}");
            assert!(!got.is_empty());
        }
        for days in [0, 30, 365] {
            let until = on.saturating_add(jiff::Span::new().days(days));
            let mut expected: Vec<EndingResponsibility> = data
                .responsibilities
                .iter()
                .filter_map(|r| r.period.to.filter(|&to| on <= to && to <= until).map(|ends| (r, ends)))
                .map(|(r, ends)| EndingResponsibility {
                    subject: r.subject,
                    customer: customer_of(r.subject),
                    employee: r.employee,
                    ends,
                })
                .collect();
            expected.sort_by_key(|e| (e.ends, e.subject, e.employee));
            assert_eq!(d.responsibilities_ending_within(on, days as u32), expected);
        }
    }
    let inactive: Vec<EmployeeId> = data.employees.iter().filter(|e| !e.active).map(|e| e.id).collect();
    let mut expected: Vec<InactiveHolder> = data
        .responsibilities
        .iter()
        .filter(|r| inactive.contains(&r.employee))
        .map(|r| InactiveHolder { subject: r.subject, customer: customer_of(r.subject), employee: r.employee })
        .collect();
    expected.sort_by_key(|h| (h.employee, h.subject));
    assert!(!expected.is_empty());
    assert_eq!(d.responsibilities_of_inactive_employees(), expected);

    // Revoke some salespeople's rights, then compare.
    let mut d = d;
    let sellers: Vec<EmployeeId> = data.customer_groups.iter().flat_map(|g| g.salespeople.iter().copied()).collect();
    for e in sellers.iter().step_by(3) {
        d.update_employee(*e, EmployeeUpdate { sales_rights: Some(false), ..Default::default() }).unwrap();
    }
    let now = d.data();
    let rights: BTreeMap<EmployeeId, bool> = now.employees.iter().map(|e| (e.id, e.sales_rights)).collect();
    let expected: Vec<SalespersonWithoutRights> = now
        .customer_groups
        .iter()
        .flat_map(|g| {
            g.salespeople
                .iter()
                .filter(|e| !rights[e])
                .map(move |e| SalespersonWithoutRights { group: g.id, employee: *e })
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(d.salespeople_without_sales_rights(), expected);

    for percent in [0, 1, 50, 99, 100] {
        let expected: Vec<SeriesId> = d
            .numbering_report()
            .series
            .iter()
            .filter(|s| (s.capacity_left as f64) < (s.end - s.start + 1) as f64 * f64::from(percent) / 100.0)
            .map(|s| s.series)
            .collect();
        let got: Vec<SeriesId> = d.series_near_exhaustion(percent).unwrap().into_iter().map(|s| s.series).collect();
        assert_eq!(got, expected, "{percent} %");
    }
}

//! Views and visibility on small hand-made directories: each filter alone and combined,
//! pagination edges, as-of dates at period boundaries, archived customers, inactive employees,
//! Finnish ordering, and the errors for unknown ids.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::{date, Date};
use vastuu::{
    ArchivedFilter, CustomerFilter, CustomerGroupId, CustomerId, CustomerStatus, Directory, EmployeeId, EmployeeUpdate,
    Error, ListingQuery, MatrixQuery, MemoryStore, NewCustomer, NewCustomerGroup, NewEmployee, NewRole,
    NewSpecialGroup, Page, Period, ProjectId, ResponsiblePersonsQuery, RoleId, RoleScope, SpecialGroupId,
    SpecialGroupMatch, Subject, TeamId, Visibility, VisibilityReason,
};

/// A small directory with names chosen to exercise the Finnish order.
struct Fixture {
    dir: Directory,
    north: CustomerGroupId,
    south: CustomerGroupId,
    vip: SpecialGroupId,
    key: SpecialGroupId,
    // Customers (name, number, group, status, special groups):
    aland: CustomerId,     // "Åland Oy", 1000, north, active, vip
    aanekoski: CustomerId, // "Äänekoski", 1001, north, prospect, vip + key
    oljy: CustomerId,      // "Öljy Ab", 5, south, active
    zeta: CustomerId,      // "Zeta", 6, none, active, key
    apu: CustomerId,       // "apu", 7, none, prospect
    archived: CustomerId,  // "Arkisto", 8, north, active, archived
    team_a: TeamId,
    matti: EmployeeId,   // team A, sales rights, salesperson of north
    aino: EmployeeId,    // team A
    oskari: EmployeeId,  // no team
    admin: EmployeeId,   // sees_all
    huolto: RoleId,      // customer role
    pm: RoleId,          // project role
    remontti: ProjectId, // project of Åland
    asennus: ProjectId,  // project of Åland
}

fn fixture() -> Fixture {
    let mut dir = Directory::new();
    let team_a = dir.create_team("Tiimi A").unwrap();
    let matti = dir.create_employee(NewEmployee::new("Matti").team(team_a).sales_rights(true)).unwrap();
    let aino = dir.create_employee(NewEmployee::new("Aino").team(team_a).email("aino@example.fi")).unwrap();
    let oskari = dir.create_employee(NewEmployee::new("Oskari")).unwrap();
    let admin = dir.create_employee(NewEmployee::new("Ylläpito").sees_all(true)).unwrap();
    let north = dir
        .create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000).salespeople([matti]))
        .unwrap();
    let south = dir.create_customer_group(NewCustomerGroup::new("Etelä")).unwrap();
    let aland = dir.create_customer(NewCustomer::new("Åland Oy").group(north)).unwrap();
    let aanekoski =
        dir.create_customer(NewCustomer::new("Äänekoski").group(north).status(CustomerStatus::Prospect)).unwrap();
    let oljy = dir.create_customer(NewCustomer::new("Öljy Ab").group(south).number(5)).unwrap();
    let zeta = dir.create_customer(NewCustomer::new("Zeta").number(6)).unwrap();
    let apu = dir.create_customer(NewCustomer::new("apu").number(7).status(CustomerStatus::Prospect)).unwrap();
    let archived = dir.create_customer(NewCustomer::new("Arkisto").group(north).number(8)).unwrap();
    dir.archive_customer(archived).unwrap();
    let vip = dir.create_special_group(NewSpecialGroup::new("VIP").customers([aland, aanekoski])).unwrap();
    let key = dir.create_special_group(NewSpecialGroup::new("Avain").customers([aanekoski, zeta])).unwrap();
    let huolto = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer)).unwrap();
    let pm = dir.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project)).unwrap();
    let remontti = dir.create_project(aland, "Remontti").unwrap();
    let asennus = dir.create_project(aland, "Asennus").unwrap();
    Fixture {
        dir,
        north,
        south,
        vip,
        key,
        aland,
        aanekoski,
        oljy,
        zeta,
        apu,
        archived,
        team_a,
        matti,
        aino,
        oskari,
        admin,
        huolto,
        pm,
        remontti,
        asennus,
    }
}

fn names(dir: &Directory, ids: &[CustomerId]) -> Vec<String> {
    ids.iter().map(|id| dir.customer(*id).unwrap().name.clone()).collect()
}

// ---- ordering ----------------------------------------------------------------------------------

#[test]
fn finnish_order_everywhere() {
    let mut dir = Directory::new();
    for name in ["Åland", "Äänekoski", "Öljy", "Zeta", "apu"] {
        dir.create_customer(NewCustomer::new(name)).unwrap();
        dir.create_employee(NewEmployee::new(name)).unwrap();
    }
    let expected = ["apu", "Zeta", "Åland", "Äänekoski", "Öljy"];
    let all = dir.filter_customers(&CustomerFilter::new()).unwrap();
    assert_eq!(names(&dir, &all), expected);
    let m = dir.matrix(&MatrixQuery::new()).unwrap();
    assert_eq!(m.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), expected);
    assert_eq!(m.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), expected);
    let listing = dir.customer_listing(None, &ListingQuery::default()).unwrap();
    assert_eq!(listing.active.customers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), expected);
    let first = dir.employees().next().unwrap().id;
    dir.update_employee(first, EmployeeUpdate { sees_all: Some(true), ..Default::default() }).unwrap();
    assert_eq!(names(&dir, &dir.visible_customers(first, date(2026, 1, 1)).unwrap()), expected);
}

#[test]
fn equal_names_are_ordered_by_id_and_renames_reorder() {
    let mut dir = Directory::new();
    let b = dir.create_customer(NewCustomer::new("APU")).unwrap();
    let a = dir.create_customer(NewCustomer::new("apu")).unwrap();
    let z = dir.create_customer(NewCustomer::new("Zeta")).unwrap();
    assert_eq!(dir.filter_customers(&CustomerFilter::new()).unwrap(), [b, a, z]);
    dir.update_customer(b, vastuu::CustomerUpdate { name: Some("Öljy".into()), ..Default::default() }).unwrap();
    assert_eq!(dir.filter_customers(&CustomerFilter::new()).unwrap(), [a, z, b]);
}

// ---- the customer filter -------------------------------------------------------------------------

#[test]
fn each_filter_alone() {
    let mut f = fixture();
    let d = &f.dir;
    let run = |filter: CustomerFilter| d.filter_customers(&filter).unwrap();
    // Default: every non-archived customer, in Finnish order.
    assert_eq!(run(CustomerFilter::new()), [f.apu, f.zeta, f.aland, f.aanekoski, f.oljy]);
    assert_eq!(run(CustomerFilter::new().customers([f.oljy, f.apu])), [f.apu, f.oljy]);
    assert_eq!(run(CustomerFilter::new().group(f.north)), [f.aland, f.aanekoski]);
    assert_eq!(run(CustomerFilter::new().no_group()), [f.apu, f.zeta]);
    assert_eq!(run(CustomerFilter::new().group(f.south).no_group()), [f.apu, f.zeta, f.oljy]);
    assert_eq!(run(CustomerFilter::new().special_group(f.vip).special_group(f.key)), [f.zeta, f.aland, f.aanekoski]);
    assert_eq!(
        run(CustomerFilter::new()
            .special_group(f.vip)
            .special_group(f.key)
            .special_groups_match(SpecialGroupMatch::AllOf)),
        [f.aanekoski]
    );
    assert_eq!(run(CustomerFilter::new().status(CustomerStatus::Prospect)), [f.apu, f.aanekoski]);
    assert_eq!(run(CustomerFilter::new().status(CustomerStatus::Active)), [f.zeta, f.aland, f.oljy]);
    assert_eq!(run(CustomerFilter::new().archived(ArchivedFilter::Only)), [f.archived]);
    assert_eq!(
        run(CustomerFilter::new().archived(ArchivedFilter::Include)),
        [f.apu, f.archived, f.zeta, f.aland, f.aanekoski, f.oljy]
    );
    // Text: case-insensitive over the name, digits over the number; ä is not a.
    assert_eq!(run(CustomerFilter::new().text("ÖLJY")), [f.oljy]);
    assert_eq!(run(CustomerFilter::new().text(" oy ")), [f.aland]);
    assert_eq!(run(CustomerFilter::new().text("ä")), [f.aanekoski]);
    assert_eq!(run(CustomerFilter::new().text("aane")), []);
    assert_eq!(run(CustomerFilter::new().text("ÄÄNE")), [f.aanekoski]);
    assert_eq!(run(CustomerFilter::new().text("100")), [f.aland, f.aanekoski]);
    assert_eq!(run(CustomerFilter::new().text("6")), [f.zeta]);
    assert_eq!(run(CustomerFilter::new().text("   ")), run(CustomerFilter::new()));
    assert_eq!(run(CustomerFilter::new().text("nothing like this")), []);
    // Salesperson: the customers of the groups where the employee sells.
    assert_eq!(run(CustomerFilter::new().salesperson(f.matti)), [f.aland, f.aanekoski]);
    assert_eq!(run(CustomerFilter::new().salesperson(f.aino)), []);

    // Responsible: customer responsibilities only, valid on the date when one is given.
    let d = &mut f.dir;
    d.toggle(f.zeta.into(), f.aino).unwrap();
    d.toggle(f.oljy.into(), f.aino).unwrap();
    d.set_period(f.oljy.into(), f.aino, Period::new(Some(date(2026, 2, 1)), None).unwrap()).unwrap();
    d.toggle(f.remontti.into(), f.aino).unwrap(); // a project: not a customer responsibility
    let responsible = CustomerFilter::new().responsible(f.aino);
    assert_eq!(d.filter_customers(&responsible).unwrap(), [f.zeta, f.oljy]);
    assert_eq!(d.filter_customers_on(&responsible, Some(date(2026, 1, 31))).unwrap(), [f.zeta]);
    assert_eq!(d.filter_customers_on(&responsible, Some(date(2026, 2, 1))).unwrap(), [f.zeta, f.oljy]);
}

#[test]
fn filters_in_combination() {
    let mut f = fixture();
    let d = &mut f.dir;
    d.toggle(f.aland.into(), f.aino).unwrap();
    d.toggle(f.aanekoski.into(), f.aino).unwrap();
    d.toggle(f.archived.into(), f.aino).unwrap();
    let run = |d: &Directory, filter: CustomerFilter| d.filter_customers(&filter).unwrap();
    assert_eq!(run(d, CustomerFilter::new().group(f.north).status(CustomerStatus::Active)), [f.aland]);
    assert_eq!(
        run(d, CustomerFilter::new().group(f.north).status(CustomerStatus::Active).archived(ArchivedFilter::Include)),
        [f.archived, f.aland]
    );
    assert_eq!(run(d, CustomerFilter::new().responsible(f.aino).special_group(f.key)), [f.aanekoski]);
    assert_eq!(run(d, CustomerFilter::new().salesperson(f.matti).text("oy")), [f.aland]);
    assert_eq!(run(d, CustomerFilter::new().no_group().special_group(f.key)), [f.zeta]);
    assert_eq!(run(d, CustomerFilter::new().group(f.south).special_group(f.vip)), []);
    assert_eq!(
        run(d, CustomerFilter::new().customers([f.aland, f.zeta, f.archived]).archived(ArchivedFilter::Only)),
        [f.archived]
    );
    assert_eq!(
        run(
            d,
            CustomerFilter::new()
                .responsible(f.aino)
                .salesperson(f.matti)
                .archived(ArchivedFilter::Include)
                .status(CustomerStatus::Active)
        ),
        [f.archived, f.aland]
    );
}

#[test]
fn unknown_ids_are_errors() {
    let f = fixture();
    let d = &f.dir;
    let nobody = EmployeeId(999);
    let no_customer = CustomerId(999);
    let cases: Vec<(CustomerFilter, vastuu::EntityRef)> = vec![
        (CustomerFilter::new().customers([no_customer]), no_customer.into()),
        (CustomerFilter::new().group(CustomerGroupId(99)), CustomerGroupId(99).into()),
        (CustomerFilter::new().special_group(SpecialGroupId(99)), SpecialGroupId(99).into()),
        (CustomerFilter::new().responsible(nobody), nobody.into()),
        (CustomerFilter::new().salesperson(nobody), nobody.into()),
    ];
    for (filter, missing) in cases {
        assert_eq!(d.filter_customers(&filter), Err(Error::NotFound(missing)));
        assert_eq!(d.matrix(&MatrixQuery::new().customers(filter.clone())), Err(Error::NotFound(missing)));
        assert_eq!(
            d.responsible_persons(&ResponsiblePersonsQuery::new().customers(filter.clone())),
            Err(Error::NotFound(missing))
        );
        assert_eq!(d.filter_customers_page(&filter, Page::ALL), Err(Error::NotFound(missing)));
    }
    assert_eq!(d.matrix(&MatrixQuery::new().team(TeamId(9))), Err(Error::NotFound(TeamId(9).into())));
    assert_eq!(d.matrix(&MatrixQuery::new().employee(nobody)), Err(Error::NotFound(nobody.into())));
    assert_eq!(d.matrix(&MatrixQuery::new().role(RoleId(9))), Err(Error::NotFound(RoleId(9).into())));
    assert_eq!(
        d.responsible_persons(&ResponsiblePersonsQuery::new().employee(nobody)),
        Err(Error::NotFound(nobody.into()))
    );
    assert_eq!(
        d.customer_listing(Some(CustomerGroupId(99)), &ListingQuery::default()),
        Err(Error::NotFound(CustomerGroupId(99).into()))
    );
    assert_eq!(
        d.responsible_persons_of(Subject::Project(ProjectId(99)), None, None),
        Err(Error::NotFound(ProjectId(99).into()))
    );
    assert_eq!(d.responsible_persons_of(f.aland.into(), Some(RoleId(9)), None), Err(Error::NotFound(RoleId(9).into())));
    assert!(matches!(
        d.responsible_persons_of(f.aland.into(), Some(f.pm), None),
        Err(Error::RoleScopeMismatch { role, .. }) if role == f.pm
    ));
    let day = date(2026, 1, 1);
    assert_eq!(d.can_view(nobody, f.aland, day), Err(Error::NotFound(nobody.into())));
    assert_eq!(d.can_view(f.admin, no_customer, day), Err(Error::NotFound(no_customer.into())));
    assert_eq!(d.visible_customers(nobody, day), Err(Error::NotFound(nobody.into())));
    assert_eq!(d.who_can_view(no_customer, day), Err(Error::NotFound(no_customer.into())));
    // A deleted customer is unknown too.
    let mut d = f.dir;
    d.delete_customer(f.zeta).unwrap();
    assert_eq!(d.can_view(f.admin, f.zeta, day), Err(Error::NotFound(f.zeta.into())));
    assert_eq!(d.filter_customers(&CustomerFilter::new().customers([f.zeta])), Err(Error::NotFound(f.zeta.into())));
}

// ---- pagination --------------------------------------------------------------------------------

#[test]
fn pagination_edges() {
    let empty = Directory::new();
    let m = empty.matrix(&MatrixQuery::new().rows(Page::new(0, 10)).columns(Page::new(0, 10))).unwrap();
    assert_eq!((m.total_rows, m.total_columns, m.rows.len(), m.columns.len(), m.cells.len()), (0, 0, 0, 0, 0));
    let list = empty.responsible_persons(&ResponsiblePersonsQuery::new().page(Page::new(5, 5))).unwrap();
    assert_eq!((list.total, list.rows.len()), (0, 0));
    let listing = empty.customer_listing(None, &ListingQuery::default()).unwrap();
    assert_eq!((listing.active.total, listing.prospects.total), (0, 0));
    assert_eq!(empty.filter_customers_page(&CustomerFilter::new(), Page::new(3, 3)).unwrap().total, 0);

    let mut f = fixture();
    for e in [f.matti, f.aino, f.oskari] {
        f.dir.toggle(f.aland.into(), e).unwrap();
        f.dir.toggle(f.zeta.into(), e).unwrap();
    }
    let d = &f.dir;
    // 5 rows (apu, Zeta, Åland, Äänekoski, Öljy), 4 columns (Aino, Matti, Oskari, Ylläpito).
    let full = d.matrix(&MatrixQuery::new()).unwrap();
    assert_eq!((full.total_rows, full.total_columns, full.cells.len()), (5, 4, 6));
    // The last, partial page of rows and columns.
    let last = d.matrix(&MatrixQuery::new().rows(Page::new(3, 3)).columns(Page::new(2, 3))).unwrap();
    assert_eq!((last.total_rows, last.total_columns), (5, 4));
    assert_eq!(last.rows.iter().map(|r| r.customer).collect::<Vec<_>>(), [f.aanekoski, f.oljy]);
    assert_eq!(last.columns.iter().map(|c| c.employee).collect::<Vec<_>>(), [f.oskari, f.admin]);
    assert!(last.cells.is_empty());
    // A page whose cells are relative to the page.
    let mid = d.matrix(&MatrixQuery::new().rows(Page::new(1, 2)).columns(Page::new(1, 2))).unwrap();
    let cells: Vec<(u32, u32)> = mid.cells.iter().map(|c| (c.row, c.column)).collect();
    assert_eq!(cells, [(0, 0), (0, 1), (1, 0), (1, 1)]); // Zeta and Åland × Matti and Oskari
                                                         // Offset past the end: empty, totals intact.
    let past = d.matrix(&MatrixQuery::new().rows(Page::new(5, 10)).columns(Page::new(40, 1))).unwrap();
    assert_eq!((past.total_rows, past.total_columns, past.rows.len(), past.columns.len()), (5, 4, 0, 0));
    let past = d.responsible_persons(&ResponsiblePersonsQuery::new().page(Page::new(6, 10))).unwrap();
    assert_eq!((past.total, past.rows.len()), (6, 0));
    let last = d.responsible_persons(&ResponsiblePersonsQuery::new().page(Page::new(4, 10))).unwrap();
    assert_eq!(
        last.rows.iter().map(|r| (r.customer, r.employee)).collect::<Vec<_>>(),
        [(f.aland, f.matti), (f.aland, f.oskari)]
    );
    let zero = d.responsible_persons(&ResponsiblePersonsQuery::new().page(Page::new(0, 0))).unwrap();
    assert_eq!((zero.total, zero.rows.len()), (6, 0));
    let page = d.filter_customers_page(&CustomerFilter::new(), Page::new(4, 2)).unwrap();
    assert_eq!((page.total, page.customers.len(), page.customers[0].id), (5, 1, f.oljy));
    let q = ListingQuery { include_archived: false, active: Page::new(1, 5), prospects: Page::new(1, 5) };
    let listing = d.customer_listing(Some(f.north), &q).unwrap();
    assert_eq!((listing.active.total, listing.active.customers.len()), (1, 0));
    assert_eq!((listing.prospects.total, listing.prospects.customers.len()), (1, 0));
}

#[test]
fn matrix_rows_with_projects_paginate_across_customers() {
    let f = fixture();
    let q = MatrixQuery::new().include_projects(true);
    let all = f.dir.matrix(&q).unwrap();
    let subjects: Vec<Subject> = all.rows.iter().map(|r| r.subject).collect();
    // Åland is followed by its projects, Asennus before Remontti.
    assert_eq!(
        subjects,
        [
            f.apu.into(),
            f.zeta.into(),
            f.aland.into(),
            f.asennus.into(),
            f.remontti.into(),
            f.aanekoski.into(),
            f.oljy.into()
        ]
    );
    assert_eq!(all.rows[3].customer, f.aland);
    for offset in 0..8 {
        let page = f.dir.matrix(&q.clone().rows(Page::new(offset, 2))).unwrap();
        assert_eq!(page.total_rows, 7);
        let expected: Vec<Subject> = subjects.iter().skip(offset as usize).take(2).copied().collect();
        assert_eq!(page.rows.iter().map(|r| r.subject).collect::<Vec<_>>(), expected);
    }
}

// ---- as-of dates ---------------------------------------------------------------------------------

#[test]
fn as_of_dates_at_period_boundaries() {
    let mut f = fixture();
    let d = &mut f.dir;
    // Aino: January 2026 only. Matti: from 2026-02-01 on. Oskari: until 2026-01-15. Plus an
    // always-valid one for the admin.
    d.toggle(f.zeta.into(), f.aino).unwrap();
    d.set_period(f.zeta.into(), f.aino, Period::new(Some(date(2026, 1, 1)), Some(date(2026, 1, 31))).unwrap()).unwrap();
    d.toggle(f.zeta.into(), f.matti).unwrap();
    d.set_period(f.zeta.into(), f.matti, Period::new(Some(date(2026, 2, 1)), None).unwrap()).unwrap();
    d.toggle(f.zeta.into(), f.oskari).unwrap();
    d.set_period(f.zeta.into(), f.oskari, Period::new(None, Some(date(2026, 1, 15))).unwrap()).unwrap();
    d.toggle(f.zeta.into(), f.admin).unwrap();

    let expect = |d: &Directory, on: Option<Date>, who: &[EmployeeId]| {
        let q = MatrixQuery::new().customers(CustomerFilter::new().customers([f.zeta]));
        let q = MatrixQuery { as_of: on, ..q };
        let m = d.matrix(&q).unwrap();
        let cells: Vec<EmployeeId> = m.cells.iter().map(|c| m.columns[c.column as usize].employee).collect();
        assert_eq!(cells, who, "matrix on {on:?}");
        let q = ResponsiblePersonsQuery { as_of: on, ..ResponsiblePersonsQuery::new() };
        let rows: Vec<EmployeeId> = d.responsible_persons(&q).unwrap().rows.iter().map(|r| r.employee).collect();
        assert_eq!(rows, who, "list on {on:?}");
        let persons: Vec<EmployeeId> =
            d.responsible_persons_of(f.zeta.into(), None, on).unwrap().iter().map(|p| p.employee).collect();
        assert_eq!(persons, who, "persons on {on:?}");
        for e in [f.aino, f.matti, f.oskari] {
            let filtered = d.filter_customers_on(&CustomerFilter::new().responsible(e), on).unwrap();
            assert_eq!(filtered.contains(&f.zeta), who.contains(&e), "filter for {e} on {on:?}");
            if let Some(day) = on {
                assert_eq!(d.can_view(e, f.zeta, day).unwrap().responsible, who.contains(&e), "{e} on {day}");
            }
        }
    };
    // Columns are in name order: Aino, Matti, Oskari, Ylläpito.
    expect(d, None, &[f.aino, f.matti, f.oskari, f.admin]);
    expect(d, Some(date(2025, 12, 31)), &[f.oskari, f.admin]);
    expect(d, Some(date(2026, 1, 1)), &[f.aino, f.oskari, f.admin]);
    expect(d, Some(date(2026, 1, 15)), &[f.aino, f.oskari, f.admin]);
    expect(d, Some(date(2026, 1, 16)), &[f.aino, f.admin]);
    expect(d, Some(date(2026, 1, 31)), &[f.aino, f.admin]);
    expect(d, Some(date(2026, 2, 1)), &[f.matti, f.admin]);
    expect(d, Some(date(9999, 12, 31)), &[f.matti, f.admin]);
    expect(d, Some(date(-9999, 1, 1)), &[f.oskari, f.admin]);
}

// ---- archived customers and inactive employees ---------------------------------------------------

#[test]
fn archived_customers_and_projects() {
    let mut f = fixture();
    let d = &mut f.dir;
    d.toggle(f.archived.into(), f.aino).unwrap();
    d.toggle(f.aland.into(), f.aino).unwrap();
    d.toggle(f.remontti.into(), f.aino).unwrap();
    d.toggle(f.asennus.into(), f.aino).unwrap();
    d.archive_project(f.remontti).unwrap();

    // Default: archived customers and archived projects are not shown.
    let m = d.matrix(&MatrixQuery::new().include_projects(true)).unwrap();
    assert!(!m.rows.iter().any(|r| r.subject == f.archived.into() || r.subject == f.remontti.into()));
    assert!(m.rows.iter().any(|r| r.subject == f.asennus.into()));
    let list = d.responsible_persons(&ResponsiblePersonsQuery::new().include_projects(true)).unwrap();
    assert_eq!(list.rows.iter().map(|r| r.project).collect::<Vec<_>>(), [None, Some(f.asennus)]);

    // Included on request, with their archived projects.
    let q = ResponsiblePersonsQuery::new().include_projects(true).include_archived(true);
    let list = d.responsible_persons(&q).unwrap();
    let rows: Vec<(CustomerId, Option<ProjectId>)> = list.rows.iter().map(|r| (r.customer, r.project)).collect();
    assert_eq!(rows, [(f.archived, None), (f.aland, None), (f.aland, Some(f.asennus)), (f.aland, Some(f.remontti))]);
    let m = d
        .matrix(
            &MatrixQuery::new().include_projects(true).customers(CustomerFilter::new().archived(ArchivedFilter::Only)),
        )
        .unwrap();
    assert_eq!(m.rows.iter().map(|r| (r.subject, r.archived)).collect::<Vec<_>>(), [(f.archived.into(), true)]);

    // Listing: archived customers only on request; counts follow.
    let listing = d.customer_listing(Some(f.north), &ListingQuery::default()).unwrap();
    assert_eq!(listing.active.customers.iter().map(|c| c.id).collect::<Vec<_>>(), [f.aland]);
    let q = ListingQuery { include_archived: true, ..ListingQuery::default() };
    let listing = d.customer_listing(Some(f.north), &q).unwrap();
    assert_eq!(listing.active.customers.iter().map(|c| c.id).collect::<Vec<_>>(), [f.archived, f.aland]);
    let north = |include: bool| d.group_counts(include).into_iter().find(|c| c.group == Some(f.north)).unwrap();
    assert_eq!((north(false).active, north(false).prospects), (1, 1));
    assert_eq!((north(true).active, north(true).prospects), (2, 1));

    // Visibility does not depend on the archived flag.
    assert!(d.can_view(f.aino, f.archived, date(2026, 1, 1)).unwrap().visible);
    assert!(d.visible_customers(f.aino, date(2026, 1, 1)).unwrap().contains(&f.archived));
}

#[test]
fn inactive_employees_see_nothing_and_are_no_columns() {
    let mut f = fixture();
    let d = &mut f.dir;
    let day = date(2026, 1, 1);
    d.toggle(f.aland.into(), f.matti).unwrap();
    d.toggle(f.aland.into(), f.admin).unwrap();
    assert!(d.can_view(f.matti, f.aland, day).unwrap().visible);
    d.archive_employee(f.matti).unwrap();
    d.archive_employee(f.admin).unwrap();

    // Responsible, salesperson with sales rights, admin: all of it counts for nothing now.
    for e in [f.matti, f.admin] {
        assert_eq!(d.can_view(e, f.aland, day).unwrap(), Visibility::default());
        assert_eq!(d.visible_customers(e, day).unwrap(), []);
    }
    assert_eq!(d.who_can_view(f.aland, day).unwrap(), []);
    assert_eq!(d.responsible_persons_of(f.aland.into(), None, None).unwrap(), []);

    // Not a column, even when asked for by name.
    let m = d.matrix(&MatrixQuery::new().employee(f.matti).employee(f.aino)).unwrap();
    assert_eq!(m.columns.iter().map(|c| c.employee).collect::<Vec<_>>(), [f.aino]);
    let m = d.matrix(&MatrixQuery::new()).unwrap();
    assert_eq!(m.columns.iter().map(|c| c.employee).collect::<Vec<_>>(), [f.aino, f.oskari]);
    assert!(m.cells.is_empty());

    // The list keeps their responsibilities, marked inactive, so they can be handed over.
    let list = d.responsible_persons(&ResponsiblePersonsQuery::new()).unwrap();
    assert_eq!(
        list.rows.iter().map(|r| (r.employee, r.employee_active)).collect::<Vec<_>>(),
        [(f.matti, false), (f.admin, false)]
    );

    // Reactivated, they see again.
    d.reactivate_employee(f.matti).unwrap();
    assert_eq!(d.who_can_view(f.aland, day).unwrap(), [f.matti]);
}

// ---- the matrix ----------------------------------------------------------------------------------

#[test]
fn matrix_filters_and_by_role_cells() {
    let mut f = fixture();
    let d = &mut f.dir;
    let opt = d.create_role(NewRole::new("Asiakkuuspäällikkö", RoleScope::Customer)).unwrap();
    d.add_role(f.aland.into(), f.aino, f.huolto).unwrap();
    d.add_role(f.aland.into(), f.aino, opt).unwrap();
    d.toggle(f.zeta.into(), f.matti).unwrap();
    d.add_role(f.oljy.into(), f.oskari, f.huolto).unwrap();
    d.add_role(f.remontti.into(), f.oskari, f.pm).unwrap();

    // By role: role names in Finnish order (Asiakkuuspäällikkö, Huoltovastaava).
    let m = d.matrix(&MatrixQuery::new().by_role(true).customers(CustomerFilter::new().customers([f.aland]))).unwrap();
    assert_eq!(m.cells.len(), 1);
    let roles: Vec<&str> = m.cells[0].roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(roles, ["Asiakkuuspäällikkö", "Huoltovastaava"]);
    assert_eq!(m.cells[0].roles[1].id, f.huolto);
    // Plain: no roles in cells.
    let m = d.matrix(&MatrixQuery::new().customers(CustomerFilter::new().customers([f.aland]))).unwrap();
    assert!(m.cells[0].roles.is_empty());

    // Role filter: rows and cells holding the role.
    let m = d.matrix(&MatrixQuery::new().role(f.huolto)).unwrap();
    assert_eq!(m.rows.iter().map(|r| r.customer).collect::<Vec<_>>(), [f.aland, f.oljy]);
    assert_eq!(m.cells.len(), 2);
    // A project role: the project's customer heads its project rows, with no cells of its own.
    let m = d.matrix(&MatrixQuery::new().role(f.pm).include_projects(true)).unwrap();
    assert_eq!(m.rows.iter().map(|r| r.subject).collect::<Vec<_>>(), [f.aland.into(), f.remontti.into()]);
    assert_eq!(m.cells.iter().map(|c| c.row).collect::<Vec<_>>(), [1]);
    assert_eq!(d.matrix(&MatrixQuery::new().role(f.pm)).unwrap().total_rows, 0);
    // A role held only outside the chosen columns leaves no rows.
    assert_eq!(d.matrix(&MatrixQuery::new().role(f.huolto).employee(f.matti)).unwrap().total_rows, 0);

    // Team and employee filters narrow the columns only.
    let m = d.matrix(&MatrixQuery::new().team(f.team_a)).unwrap();
    assert_eq!(m.columns.iter().map(|c| c.employee).collect::<Vec<_>>(), [f.aino, f.matti]);
    assert_eq!(m.total_rows, 5);
    let m = d.matrix(&MatrixQuery::new().team(f.team_a).employee(f.matti).employee(f.oskari)).unwrap();
    assert_eq!(m.columns.iter().map(|c| c.employee).collect::<Vec<_>>(), [f.matti]);
    // Salesperson and group filters narrow the rows.
    let q = MatrixQuery::new().customers(CustomerFilter::new().salesperson(f.matti));
    assert_eq!(d.matrix(&q).unwrap().rows.iter().map(|r| r.customer).collect::<Vec<_>>(), [f.aland, f.aanekoski]);
    let q = MatrixQuery::new().customers(CustomerFilter::new().no_group().text("zet"));
    assert_eq!(d.matrix(&q).unwrap().rows.iter().map(|r| r.customer).collect::<Vec<_>>(), [f.zeta]);
}

// ---- the responsible-persons list ------------------------------------------------------------------

#[test]
fn responsible_persons_rows_and_order() {
    let mut f = fixture();
    let d = &mut f.dir;
    d.add_role(f.aland.into(), f.oskari, f.huolto).unwrap();
    d.toggle(f.aland.into(), f.aino).unwrap();
    d.set_period(f.aland.into(), f.aino, Period::new(Some(date(2026, 1, 1)), Some(date(2026, 12, 31))).unwrap())
        .unwrap();
    d.toggle(f.remontti.into(), f.matti).unwrap();
    d.add_role(f.asennus.into(), f.aino, f.pm).unwrap();
    d.toggle(f.apu.into(), f.matti).unwrap();

    let list = d.responsible_persons(&ResponsiblePersonsQuery::new().include_projects(true)).unwrap();
    let rows: Vec<(CustomerId, Option<ProjectId>, EmployeeId)> =
        list.rows.iter().map(|r| (r.customer, r.project, r.employee)).collect();
    assert_eq!(
        rows,
        [
            (f.apu, None, f.matti),
            (f.aland, None, f.aino),
            (f.aland, None, f.oskari),
            (f.aland, Some(f.asennus), f.aino),
            (f.aland, Some(f.remontti), f.matti),
        ]
    );
    let aino = &list.rows[1];
    assert_eq!(aino.customer_name, "Åland Oy");
    assert_eq!(aino.customer_number, Some(1000));
    assert_eq!(aino.customer_group, Some(f.north));
    assert_eq!(aino.customer_group_name.as_deref(), Some("Pohjoinen"));
    assert_eq!(aino.employee_name, "Aino");
    assert_eq!(aino.email.as_deref(), Some("aino@example.fi"));
    assert!(!aino.salesperson);
    assert_eq!((aino.valid_from, aino.valid_to), (Some(date(2026, 1, 1)), Some(date(2026, 12, 31))));
    assert_eq!(list.rows[2].roles.iter().map(|r| r.id).collect::<Vec<_>>(), [f.huolto]);
    assert_eq!(list.rows[3].project_name.as_deref(), Some("Asennus"));
    assert!(list.rows[4].salesperson);
    assert_eq!(list.rows[0].customer_group_name, None);

    // Employee filter, customer filter, both.
    let q = ResponsiblePersonsQuery::new().include_projects(true).employee(f.matti);
    let rows: Vec<(CustomerId, Option<ProjectId>)> =
        d.responsible_persons(&q).unwrap().rows.iter().map(|r| (r.customer, r.project)).collect();
    assert_eq!(rows, [(f.apu, None), (f.aland, Some(f.remontti))]);
    let q = ResponsiblePersonsQuery::new().employee(f.matti);
    assert_eq!(d.responsible_persons(&q).unwrap().total, 1);
    let q = ResponsiblePersonsQuery::new().customers(CustomerFilter::new().group(f.north)).employee(f.oskari);
    assert_eq!(d.responsible_persons(&q).unwrap().rows.iter().map(|r| r.employee).collect::<Vec<_>>(), [f.oskari]);
    let q = ResponsiblePersonsQuery::new().customers(CustomerFilter::new().group(f.south));
    assert_eq!(d.responsible_persons(&q).unwrap().total, 0);
    // As of a date outside Aino's period.
    let q = ResponsiblePersonsQuery::new().as_of(date(2027, 1, 1));
    assert_eq!(
        d.responsible_persons(&q).unwrap().rows.iter().map(|r| r.employee).collect::<Vec<_>>(),
        [f.matti, f.oskari]
    );
}

#[test]
fn responsible_persons_for_work_orders() {
    let mut f = fixture();
    let d = &mut f.dir;
    d.add_role(f.zeta.into(), f.oskari, f.huolto).unwrap();
    d.toggle(f.zeta.into(), f.aino).unwrap();
    d.add_role(f.zeta.into(), f.matti, f.huolto).unwrap();
    d.set_period(f.zeta.into(), f.matti, Period::new(None, Some(date(2025, 12, 31))).unwrap()).unwrap();
    let ids = |v: Vec<vastuu::ResponsiblePerson>| v.into_iter().map(|p| p.employee).collect::<Vec<_>>();
    assert_eq!(ids(d.responsible_persons_of(f.zeta.into(), None, None).unwrap()), [f.aino, f.matti, f.oskari]);
    assert_eq!(ids(d.responsible_persons_of(f.zeta.into(), Some(f.huolto), None).unwrap()), [f.matti, f.oskari]);
    assert_eq!(
        ids(d.responsible_persons_of(f.zeta.into(), Some(f.huolto), Some(date(2026, 1, 1))).unwrap()),
        [f.oskari]
    );
    assert_eq!(
        ids(d.responsible_persons_of(f.zeta.into(), Some(f.huolto), Some(date(2025, 12, 31))).unwrap()),
        [f.matti, f.oskari]
    );
    d.add_role(f.remontti.into(), f.aino, f.pm).unwrap();
    let pm = d.responsible_persons_of(f.remontti.into(), Some(f.pm), None).unwrap();
    assert_eq!((pm.len(), pm[0].email.as_deref()), (1, Some("aino@example.fi")));
}

// ---- the group listing -----------------------------------------------------------------------------

#[test]
fn listing_by_group_and_counts() {
    let mut f = fixture();
    let l = f.dir.customer_listing(Some(f.north), &ListingQuery::default()).unwrap();
    assert_eq!(l.group_name.as_deref(), Some("Pohjoinen"));
    assert_eq!(l.active.customers.iter().map(|c| c.id).collect::<Vec<_>>(), [f.aland]);
    assert_eq!(l.prospects.customers.iter().map(|c| c.id).collect::<Vec<_>>(), [f.aanekoski]);
    let none = f.dir.customer_listing(None, &ListingQuery::default()).unwrap();
    assert_eq!((none.group, none.group_name.as_deref()), (None, None));
    assert_eq!(none.active.customers.iter().map(|c| c.id).collect::<Vec<_>>(), [f.zeta]);
    assert_eq!(none.prospects.customers.iter().map(|c| c.id).collect::<Vec<_>>(), [f.apu]);
    let counts: Vec<(Option<String>, u64, u64)> =
        f.dir.group_counts(false).into_iter().map(|c| (c.name, c.active, c.prospects)).collect();
    assert_eq!(counts, [(Some("Etelä".into()), 1, 0), (Some("Pohjoinen".into()), 1, 1), (None, 1, 1)]);

    // Deleting a group returns its customers to "No group".
    f.dir.delete_customer_group(f.north).unwrap();
    let none = f.dir.customer_listing(None, &ListingQuery::default()).unwrap();
    assert_eq!(none.active.customers.iter().map(|c| c.id).collect::<Vec<_>>(), [f.zeta, f.aland]);
    assert_eq!(none.prospects.customers.iter().map(|c| c.id).collect::<Vec<_>>(), [f.apu, f.aanekoski]);
    let counts = f.dir.group_counts(true);
    assert_eq!(counts.len(), 2);
    assert_eq!((counts[1].group, counts[1].active, counts[1].prospects), (None, 3, 2));
    assert_eq!(f.dir.filter_customers(&CustomerFilter::new().group(f.south)).unwrap(), [f.oljy]);
}

// ---- visibility ------------------------------------------------------------------------------------

#[test]
fn visibility_reasons() {
    let mut f = fixture();
    let d = &mut f.dir;
    let day = date(2026, 5, 5);
    // Deny by default.
    assert_eq!(d.can_view(f.aino, f.aland, day).unwrap(), Visibility::default());
    // Admin.
    assert_eq!(d.can_view(f.admin, f.aland, day).unwrap().reasons(), [VisibilityReason::Admin]);
    // Salesperson of the group, with sales rights.
    assert_eq!(d.can_view(f.matti, f.aland, day).unwrap().reasons(), [VisibilityReason::Salesperson(f.north)]);
    assert!(!d.can_view(f.matti, f.oljy, day).unwrap().visible);
    // Own responsibility and project responsibilities, naming the projects.
    d.toggle(f.aland.into(), f.aino).unwrap();
    d.toggle(f.remontti.into(), f.aino).unwrap();
    d.toggle(f.asennus.into(), f.aino).unwrap();
    d.set_period(f.asennus.into(), f.aino, Period::new(None, Some(date(2026, 5, 4))).unwrap()).unwrap();
    let v = d.can_view(f.aino, f.aland, day).unwrap();
    assert_eq!(v.reasons(), [VisibilityReason::Responsible, VisibilityReason::ProjectResponsible(f.remontti)]);
    assert!(v.visible);
    let v = d.can_view(f.aino, f.aland, date(2026, 5, 4)).unwrap();
    assert_eq!(v.projects, [f.remontti, f.asennus]); // by id
                                                     // A project alone is enough.
    d.toggle(f.aland.into(), f.aino).unwrap();
    assert_eq!(d.can_view(f.aino, f.aland, day).unwrap().reasons(), [VisibilityReason::ProjectResponsible(f.remontti)]);
    // Every reason at once.
    d.update_employee(f.matti, EmployeeUpdate { sees_all: Some(true), ..Default::default() }).unwrap();
    d.toggle(f.aland.into(), f.matti).unwrap();
    d.toggle(f.asennus.into(), f.matti).unwrap();
    assert_eq!(
        d.can_view(f.matti, f.aland, day).unwrap().reasons(),
        [
            VisibilityReason::Admin,
            VisibilityReason::Responsible,
            VisibilityReason::ProjectResponsible(f.asennus),
            VisibilityReason::Salesperson(f.north)
        ]
    );
    // Sales rights revoked: the salesperson place no longer counts.
    d.update_employee(
        f.matti,
        EmployeeUpdate { sees_all: Some(false), sales_rights: Some(false), ..Default::default() },
    )
    .unwrap();
    assert!(d.can_view(f.matti, f.aanekoski, day).unwrap().reasons().is_empty());
    // A customer moved out of the group is no longer seen through it.
    d.update_employee(f.matti, EmployeeUpdate { sales_rights: Some(true), ..Default::default() }).unwrap();
    assert!(d.can_view(f.matti, f.aanekoski, day).unwrap().visible);
    d.move_customer_to_group(f.south, f.aanekoski).unwrap();
    assert!(!d.can_view(f.matti, f.aanekoski, day).unwrap().visible);
    // Deleting a project takes its visibility with it.
    d.delete_project(f.remontti).unwrap();
    assert!(!d.can_view(f.aino, f.aland, day).unwrap().visible);
}

#[test]
fn set_forms_follow_can_view() {
    let mut f = fixture();
    let d = &mut f.dir;
    let day = date(2026, 1, 1);
    d.toggle(f.zeta.into(), f.aino).unwrap();
    d.toggle(f.remontti.into(), f.aino).unwrap();
    assert_eq!(d.visible_customers(f.aino, day).unwrap(), [f.zeta, f.aland]);
    // Matti sells the northern group: Arkisto (archived), Åland Oy, Äänekoski.
    assert_eq!(d.visible_customers(f.matti, day).unwrap(), [f.archived, f.aland, f.aanekoski]);
    assert_eq!(d.visible_customers(f.oskari, day).unwrap(), []);
    assert_eq!(d.visible_customers(f.admin, day).unwrap().len(), 6);
    assert_eq!(d.who_can_view(f.aland, day).unwrap(), [f.aino, f.matti, f.admin]);
    assert_eq!(d.who_can_view(f.oljy, day).unwrap(), [f.admin]);
}

// ---- the indexes follow every path into the state ---------------------------------------------------

#[test]
fn views_survive_rollback_and_reopening() {
    let store = MemoryStore::new();
    let mut dir = Directory::from_data_in(vastuu::Data::default(), store.clone()).unwrap();
    let e = dir.create_employee(NewEmployee::new("Aino")).unwrap();
    let c = dir.create_customer(NewCustomer::new("Öljy")).unwrap();
    let day = date(2026, 1, 1);
    // A failed transaction leaves the views as they were.
    let failed: Result<(), Error> = dir.transaction(|d| {
        d.toggle(c.into(), e)?;
        d.create_customer(NewCustomer::new("Apu").number(1))?; // number 1 is Öljy's: fails
        Ok(())
    });
    assert!(failed.is_err());
    assert!(!dir.can_view(e, c, day).unwrap().visible);
    assert_eq!(dir.filter_customers(&CustomerFilter::new()).unwrap(), [c]);
    // A failed commit too.
    store.fail_next_commits(1);
    assert!(dir.toggle(c.into(), e).is_err());
    assert!(!dir.can_view(e, c, day).unwrap().visible);
    // Reopened from the store, the views are the same.
    dir.toggle(c.into(), e).unwrap();
    let a = dir.create_customer(NewCustomer::new("apu")).unwrap();
    let reopened = Directory::with_store(store).unwrap();
    assert!(reopened.can_view(e, c, day).unwrap().visible);
    assert_eq!(reopened.filter_customers(&CustomerFilter::new()).unwrap(), [a, c]);
    assert_eq!(reopened.matrix(&MatrixQuery::new()).unwrap(), dir.matrix(&MatrixQuery::new()).unwrap());
}

/// A salesperson's visible customers are their groups' customers merged with those they are
/// responsible for, in order: for one group up to all twelve (eleven big enough for a cached
/// bitset, one of three customers, marked position by position), against `can_view` over every
/// customer in the admin's (complete, ordered) answer.
#[test]
fn a_salespersons_visible_customers_merge_their_groups_and_responsibilities() {
    let mut d = Directory::new();
    let admin = d.create_employee(NewEmployee::new("Pääkäyttäjä").sees_all(true)).unwrap();
    let seller = d.create_employee(NewEmployee::new("Myyjä").sales_rights(true)).unwrap();
    let groups: Vec<CustomerGroupId> = (0..12)
        .map(|g| d.create_customer_group(NewCustomerGroup::new(format!("Ryhmä {g}")).salespeople([seller])).unwrap())
        .collect();
    // Names that interleave the groups in the order, and customers in no group.
    for i in 0..240u32 {
        let name = format!("{} {i:03}", ["Öljy", "Ähtäri", "Aalto", "Zeta", "Åbo", "Bertta"][i as usize % 6]);
        let new = NewCustomer::new(name);
        // The last group gets three customers: too few for a cached bitset.
        let grouped = i % 13 != 0 && (i % 12 != 11 || i < 36);
        let c = d.create_customer(if grouped { new.group(groups[i as usize % 12]) } else { new }).unwrap();
        if i % 7 == 0 {
            d.toggle(c.into(), seller).unwrap();
        }
    }
    let day = date(2026, 6, 1);
    let every = d.visible_customers(admin, day).unwrap();
    assert_eq!(every.len(), 240);
    for sold in [1, 3, 8, 9, 12] {
        let update = |g: usize| vastuu::CustomerGroupUpdate {
            salespeople: Some(if g < sold { vec![seller] } else { vec![] }),
            ..Default::default()
        };
        for (g, group) in groups.iter().enumerate() {
            d.update_customer_group(*group, update(g)).unwrap();
        }
        let expected: Vec<CustomerId> =
            every.iter().copied().filter(|c| d.can_view(seller, *c, day).unwrap().visible).collect();
        let got = d.visible_customers(seller, day).unwrap();
        assert_eq!(got, expected, "selling {sold} groups");
        assert!(got.len() > 240 * sold / 12 / 2, "selling {sold} groups: {} customers", got.len());
    }
}

/// The unfiltered list (counted by the index and skipped through by blocks of customers) gives
/// every page exactly as the same list filtered by every customer's id (walked and counted
/// customer by customer), for each archived filter, with and without projects, before and after
/// changes made while the order cache lives.
#[test]
fn the_unfiltered_list_pages_as_the_walked_one_at_every_offset() {
    let mut d = Directory::new();
    let employees: Vec<EmployeeId> =
        (0..7).map(|i| d.create_employee(NewEmployee::new(format!("Työntekijä {i}"))).unwrap()).collect();
    let mut customers = Vec::new();
    for i in 0..300u32 {
        let c = d
            .create_customer(NewCustomer::new(format!(
                "{} {i:03}",
                ["Öljy", "Aalto", "Zeta", "Ähtäri"][i as usize % 4]
            )))
            .unwrap();
        for (k, e) in employees.iter().enumerate() {
            if (i as usize + k).is_multiple_of(2 + k) {
                d.toggle(c.into(), *e).unwrap();
            }
        }
        if i % 9 == 0 {
            let p = d.create_project(c, "Remontti").unwrap();
            d.toggle(p.into(), employees[i as usize % 7]).unwrap();
            if i % 27 == 0 {
                d.update_project(p, vastuu::ProjectUpdate { archived: Some(true), ..Default::default() }).unwrap();
            }
        }
        customers.push(c);
    }
    let archive = |d: &mut Directory, c: CustomerId, yes: bool| {
        let update = vastuu::CustomerUpdate { archived: Some(yes), ..Default::default() };
        d.update_customer(c, update).unwrap();
    };
    for c in customers.iter().step_by(11) {
        archive(&mut d, *c, true);
    }
    let check = |d: &Directory, round: &str| {
        for archived in [ArchivedFilter::Exclude, ArchivedFilter::Include, ArchivedFilter::Only] {
            for projects in [false, true] {
                let all = ResponsiblePersonsQuery::new().include_projects(projects);
                let fast = |page| all.clone().customers(CustomerFilter::new().archived(archived)).page(page);
                let ids = CustomerFilter::new().archived(archived).customers(customers.iter().copied());
                let walked = |page| all.clone().customers(ids.clone()).page(page);
                let total = d.responsible_persons(&walked(Page::first(0))).unwrap().total;
                assert!(total > 20, "{round}: {total} rows");
                for offset in (0..total + 3).step_by(37).chain([63, 64, 65, 127, 128, total - 1, total]) {
                    let page = Page::new(offset, 50);
                    let (a, b) =
                        (d.responsible_persons(&fast(page)).unwrap(), d.responsible_persons(&walked(page)).unwrap());
                    let brief = |p: &vastuu::ResponsiblePersonsPage| {
                        (p.total, p.rows.iter().map(|r| (r.customer, r.employee, r.project)).collect::<Vec<_>>())
                    };
                    assert_eq!(brief(&a), brief(&b), "{round}: {archived:?}, projects {projects}, offset {offset}");
                    assert_eq!(a, b);
                }
            }
        }
    };
    check(&d, "built");
    // Changes while the order cache lives: toggles, archiving and restoring, a project archived.
    for (i, c) in customers.iter().enumerate().step_by(13) {
        d.toggle((*c).into(), employees[i % 7]).unwrap();
        archive(&mut d, *c, i % 2 == 0);
    }
    check(&d, "changed");
}

/// A text within groups (each group's keys searched end to end) finds exactly what the same
/// text finds customer by customer (the filter by ids), also for texts whose bytes run across
/// two neighbouring names, and after renames and moves between groups.
#[test]
fn a_text_within_groups_finds_what_each_name_holds() {
    let mut d = Directory::new();
    let groups: Vec<CustomerGroupId> =
        (0..3).map(|g| d.create_customer_group(NewCustomerGroup::new(format!("Ryhmä {g}"))).unwrap()).collect();
    let syllables = ["a", "ab", "ba", "ä", "aä", "b", "ö", "bö"];
    let mut customers = Vec::new();
    for i in 0..400usize {
        let name: String = (0..1 + i % 3).map(|k| syllables[(i * 7 + k * 3) % syllables.len()]).collect();
        let c = d.create_customer(NewCustomer::new(format!("{name}{}", i % 5)).group(groups[i % 3])).unwrap();
        customers.push(c);
    }
    let check = |d: &Directory, round: &str| {
        for text in ["a", "ab", "ba", "aa", "bab", "äb", "aäa", "ö", "b0", "1a", "ab2", "zz"] {
            for chosen in [&groups[..1], &groups[1..], &groups[..]] {
                let by_group = chosen.iter().fold(CustomerFilter::new().text(text), |f, g| f.group(*g));
                let by_ids = CustomerFilter::new().text(text).customers(customers.iter().copied());
                let want: Vec<CustomerId> = d
                    .filter_customers(&by_ids)
                    .unwrap()
                    .into_iter()
                    .filter(|c| d.customer(*c).unwrap().group.is_some_and(|g| chosen.contains(&g)))
                    .collect();
                assert_eq!(d.filter_customers(&by_group).unwrap(), want, "{round}: {text:?} in {chosen:?}");
            }
        }
    };
    check(&d, "built");
    for (i, c) in customers.iter().enumerate().step_by(17) {
        let update = vastuu::CustomerUpdate { name: Some(format!("ab{i}ba")), ..Default::default() };
        d.update_customer(*c, update).unwrap();
        d.check_integrity().unwrap();
    }
    check(&d, "renamed");
}

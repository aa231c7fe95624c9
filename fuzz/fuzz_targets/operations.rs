//! Random operation sequences on a small directory: no panic, every rejected operation changes
//! nothing, the rules hold after every step, and reopening the store gives the same state.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use vastuu::*;

#[derive(Arbitrary, Debug)]
enum Op {
    Employee { name: String, active: bool, sales: bool, email: Option<String> },
    SetActive(u8, bool),
    Customer { name: String, group: Option<u8>, number: Option<u64>, unnumbered: bool },
    Project(u8, String),
    Group { name: String, start: Option<u64>, end: Option<u64>, customers: Vec<u8>, move_them: bool },
    GroupNumbering(u8, Option<u64>, Option<u64>),
    GroupCustomers(u8, Vec<u8>, bool),
    AddToGroup(u8, u8),
    MoveToGroup(u8, u8),
    DeleteGroup(u8),
    Salesperson(u8, u8),
    Role(String, bool),
    Toggle(bool, u8, u8),
    AddRole(bool, u8, u8, u8),
    SetPeriod(bool, u8, u8, Option<i16>, Option<i16>),
    SetNumber(u8, Option<u64>),
    Renumber(u8),
    DeleteCustomer(u8),
    DeleteProject(u8),
    DeleteEmployee(u8),
    DeleteRole(u8),
    Special(String, Vec<u8>),
    DeleteSpecial(u8),
    Handover(u8, u8, bool, Option<i16>),
    DefaultSeries(u64, Option<u64>),
}

fn subject(project: bool, id: u8) -> Subject {
    if project {
        ProjectId(id.into()).into()
    } else {
        CustomerId(id.into()).into()
    }
}

fn day(offset: i16) -> jiff::civil::Date {
    jiff::civil::date(2026, 6, 15).saturating_add(jiff::Span::new().days(i64::from(offset)))
}

fn run(d: &mut Directory, op: Op) -> Result<()> {
    match op {
        Op::Employee { name, active, sales, email } => {
            let mut new = NewEmployee::new(name).active(active).sales_rights(sales);
            new.email = email;
            d.create_employee(new).map(drop)
        }
        Op::SetActive(e, a) => {
            d.update_employee(EmployeeId(e.into()), EmployeeUpdate { active: Some(a), ..Default::default() })
        }
        Op::Customer { name, group, number, unnumbered } => {
            let mut new = NewCustomer::new(name);
            new.group = group.map(|g| CustomerGroupId(g.into()));
            if let Some(n) = number {
                new = new.number(n);
            } else if unnumbered {
                new = new.unnumbered();
            }
            d.create_customer(new).map(drop)
        }
        Op::Project(c, name) => d.create_project(CustomerId(c.into()), &name).map(drop),
        Op::Group { name, start, end, customers, move_them } => d
            .create_customer_group(NewCustomerGroup {
                name,
                numbering_start: start,
                numbering_end: end,
                customers: customers.into_iter().map(|c| CustomerId(c.into())).collect(),
                move_customers: move_them,
                ..Default::default()
            })
            .map(drop),
        Op::GroupNumbering(g, s, e) => d.update_customer_group(
            CustomerGroupId(g.into()),
            CustomerGroupUpdate { numbering_start: Some(s), numbering_end: Some(e), ..Default::default() },
        ),
        Op::GroupCustomers(g, c, m) => d.update_customer_group(
            CustomerGroupId(g.into()),
            CustomerGroupUpdate {
                customers: Some(c.into_iter().map(|c| CustomerId(c.into())).collect()),
                move_customers: m,
                ..Default::default()
            },
        ),
        Op::AddToGroup(g, c) => d.add_customer_to_group(CustomerGroupId(g.into()), CustomerId(c.into())),
        Op::MoveToGroup(g, c) => d.move_customer_to_group(CustomerGroupId(g.into()), CustomerId(c.into())),
        Op::DeleteGroup(g) => d.delete_customer_group(CustomerGroupId(g.into())),
        Op::Salesperson(g, e) => d.add_group_salesperson(CustomerGroupId(g.into()), EmployeeId(e.into())),
        Op::Role(name, project) => d
            .create_role(NewRole::new(name, if project { RoleScope::Project } else { RoleScope::Customer }))
            .map(drop),
        Op::Toggle(p, s, e) => d.toggle(subject(p, s), EmployeeId(e.into())).map(drop),
        Op::AddRole(p, s, e, r) => d.add_role(subject(p, s), EmployeeId(e.into()), RoleId(r.into())),
        Op::SetPeriod(p, s, e, from, to) => {
            d.set_period(subject(p, s), EmployeeId(e.into()), Period { from: from.map(day), to: to.map(day) })
        }
        Op::SetNumber(c, n) => d.set_customer_number(CustomerId(c.into()), n),
        Op::Renumber(c) => d.renumber_customer(CustomerId(c.into())).map(drop),
        Op::DeleteCustomer(c) => d.delete_customer(CustomerId(c.into())),
        Op::DeleteProject(p) => d.delete_project(ProjectId(p.into())),
        Op::DeleteEmployee(e) => d.delete_employee(EmployeeId(e.into())),
        Op::DeleteRole(r) => d.delete_role(RoleId(r.into())),
        Op::Special(name, c) => d
            .create_special_group(NewSpecialGroup::new(name).customers(c.into_iter().map(|c| CustomerId(c.into()))))
            .map(drop),
        Op::DeleteSpecial(g) => d.delete_special_group(SpecialGroupId(g.into())),
        Op::Handover(from, to, add, effective) => {
            let mut request = Handover::new(EmployeeId(from.into()), EmployeeId(to.into()));
            if add {
                request = request.mode(HandoverMode::Add);
            }
            if let Some(offset) = effective {
                request = request.effective(day(offset));
            }
            let plan = d.plan_handover(&request)?;
            d.apply_handover(&plan)
        }
        Op::DefaultSeries(start, end) => d.set_default_series(start, end),
    }
}

fuzz_target!(|ops: Vec<Op>| {
    let store = MemoryStore::new();
    let Ok(mut d) = Directory::with_store(store.clone()) else { return };
    for op in ops.into_iter().take(64) {
        let before = d.data();
        let seq = d.last_seq();
        if run(&mut d, op).is_err() {
            assert_eq!(d.data(), before, "a rejected operation changed the state");
            assert_eq!(d.last_seq(), seq, "a rejected operation committed");
        }
        assert!(d.check_integrity().is_ok());
    }
    let reopened = Directory::with_store(store).expect("the store reopens");
    assert_eq!(reopened.data(), d.data());
});

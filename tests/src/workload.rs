//! A deterministic workload of mutations for store tests.
//!
//! [`step`] makes exactly one committed change set: the `k`-th step of a workload with a given
//! seed depends only on the seed, `k` (the directory's `last_seq`) and the state, so two
//! directories in the same state make the same step. That is what lets the crash test replay a
//! prefix of what a killed process attempted, and lets a process carry on a workload that an
//! earlier one started.

use jiff::civil::Date;
use jiff::Timestamp;
use vastuu::generate::Rng;
use vastuu::{
    CustomerUpdate, Directory, EmployeeUpdate, Error, FixedClock, NewCustomer, NewCustomerGroup, NewEmployee, NewRole,
    NewSpecialGroup, Period, RoleScope, Subject,
};

/// The clock every workload directory uses, so replays give identical change sets.
pub fn clock() -> FixedClock {
    FixedClock(Timestamp::constant(1_780_000_000, 0))
}

const WORDS: &[&str] = &["Huolto", "Lämpö", "Vesi", "Kone", "Sähkö", "Öljy", "Tekniikka", "Kiinteistö", "Åbo", "Ñandú"];

fn name(rng: &mut Rng, prefix: &str) -> String {
    let mut s = format!("{prefix} {}", rng.pick(WORDS));
    // Now and then a long name, so that records span several disk pages.
    let extra = if rng.chance(10) { 150 } else { rng.below(3) };
    for _ in 0..extra {
        s.push(' ');
        s.push_str(rng.pick::<&str>(WORDS));
        if s.chars().count() > 190 {
            break;
        }
    }
    s.push_str(&format!(" {}", rng.below(10_000)));
    s
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        Some(*rng.pick(items))
    }
}

fn date(rng: &mut Rng) -> Date {
    Date::constant(2026, 1, 1).saturating_add(jiff::Span::new().days(rng.below(700) as i64 - 350))
}

/// One attempted mutation, chosen at random against the state. It may be refused by a rule or
/// be a no-op; [`step`] then tries another.
fn attempt(dir: &mut Directory, rng: &mut Rng) -> vastuu::Result<()> {
    let employees: Vec<_> = dir.employees().map(|e| e.id).collect();
    let customers: Vec<_> = dir.customers().map(|c| c.id).collect();
    let projects: Vec<_> = dir.projects().map(|p| p.id).collect();
    let groups: Vec<_> = dir.customer_groups().map(|g| g.id).collect();
    let special: Vec<_> = dir.special_groups().map(|g| g.id).collect();
    let teams: Vec<_> = dir.teams().map(|t| t.id).collect();
    let roles: Vec<_> = dir.roles().map(|r| r.id).collect();
    let subject = |rng: &mut Rng| -> Option<Subject> {
        if rng.chance(30) {
            pick(rng, &projects).map(Subject::from)
        } else {
            pick(rng, &customers).map(Subject::from)
        }
    };
    let skip = || -> vastuu::Result<()> { Err(Error::NotFound(vastuu::EntityRef::Team(vastuu::TeamId(0)))) };
    match rng.below(100) {
        0..=9 => {
            let mut new = NewEmployee::new(name(rng, "Työntekijä")).sales_rights(rng.chance(40));
            if rng.chance(60) {
                new = new.email(format!("user{}@example.fi", rng.below(100_000)));
            }
            if let Some(t) = pick(rng, &teams).filter(|_| rng.chance(70)) {
                new = new.team(t);
            }
            dir.create_employee(new).map(drop)
        }
        10..=12 => dir.create_team(&name(rng, "Tiimi")).map(drop),
        13..=15 => {
            let scope = if rng.chance(50) { RoleScope::Customer } else { RoleScope::Project };
            dir.create_role(NewRole::new(name(rng, "Rooli"), scope).portal_visible(rng.chance(50))).map(drop)
        }
        16..=27 => {
            let mut new = NewCustomer::new(name(rng, "Asiakas"));
            if let Some(g) = pick(rng, &groups).filter(|_| rng.chance(50)) {
                new = new.group(g);
            }
            if let Some(g) = pick(rng, &special).filter(|_| rng.chance(30)) {
                new = new.special_group(g);
            }
            dir.create_customer(new).map(drop)
        }
        28..=32 => match pick(rng, &customers) {
            Some(c) => dir.create_project(c, &name(rng, "Projekti")).map(drop),
            None => skip(),
        },
        33..=35 => {
            let mut new = NewCustomerGroup::new(name(rng, "Ryhmä"));
            if rng.chance(50) {
                new = new.numbering_start(100_000 * (1 + rng.below(90)));
            }
            dir.create_customer_group(new).map(drop)
        }
        36..=37 => dir.create_special_group(NewSpecialGroup::new(name(rng, "Erikois"))).map(drop),
        38..=51 => match (subject(rng), pick(rng, &employees)) {
            (Some(s), Some(e)) => dir.toggle(s, e).map(drop),
            _ => skip(),
        },
        52..=57 => match (subject(rng), pick(rng, &employees), pick(rng, &roles)) {
            (Some(s), Some(e), Some(r)) => dir.add_role(s, e, r),
            _ => skip(),
        },
        58..=60 => match (subject(rng), pick(rng, &employees)) {
            (Some(s), Some(e)) => {
                let from = date(rng);
                let to = from.saturating_add(jiff::Span::new().days(rng.below(400) as i64));
                dir.set_period(s, e, Period { from: Some(from), to: rng.chance(50).then_some(to) })
            }
            _ => skip(),
        },
        61..=63 => match pick(rng, &customers) {
            Some(c) => dir.update_customer(c, CustomerUpdate { name: Some(name(rng, "Uusi")), ..Default::default() }),
            None => skip(),
        },
        64..=65 => match pick(rng, &employees) {
            Some(e) => dir.update_employee(e, EmployeeUpdate { active: Some(rng.chance(50)), ..Default::default() }),
            None => skip(),
        },
        66..=69 => match (pick(rng, &groups), pick(rng, &customers)) {
            (Some(g), Some(c)) => dir.move_customer_to_group(g, c),
            _ => skip(),
        },
        70..=72 => match (pick(rng, &special), pick(rng, &customers)) {
            (Some(g), Some(c)) => dir.add_to_special_group(g, c),
            _ => skip(),
        },
        73..=74 => match (pick(rng, &groups), pick(rng, &employees)) {
            (Some(g), Some(e)) => dir.add_group_salesperson(g, e),
            _ => skip(),
        },
        75..=76 => match pick(rng, &projects) {
            Some(p) => dir.delete_project(p),
            None => skip(),
        },
        77..=78 => match pick(rng, &customers) {
            Some(c) => dir.delete_customer(c),
            None => skip(),
        },
        79 => match pick(rng, &employees) {
            Some(e) => dir.delete_employee(e),
            None => skip(),
        },
        80 => match pick(rng, &roles) {
            Some(r) => dir.delete_role(r),
            None => skip(),
        },
        81 => match pick(rng, &groups) {
            Some(g) => dir.delete_customer_group(g),
            None => skip(),
        },
        82 => match pick(rng, &teams) {
            Some(t) => dir.rename_team(t, &name(rng, "Tiimi")),
            None => skip(),
        },
        83..=89 => {
            // A customer with projects and responsibilities, as one change set.
            let responsible = pick(rng, &employees);
            let names: Vec<String> = (0..1 + rng.below(4)).map(|_| name(rng, "Projekti")).collect();
            let customer_name = name(rng, "Asiakas");
            dir.transaction(|d| {
                let c = d.create_customer(NewCustomer::new(customer_name.as_str()))?;
                for n in &names {
                    let p = d.create_project(c, n)?;
                    if let Some(e) = responsible {
                        d.toggle(p.into(), e)?;
                    }
                }
                Ok(())
            })
        }
        90..=93 => {
            // Many customers at once: a record of several pages.
            let count = 10 + rng.below(40);
            let names: Vec<String> = (0..count).map(|_| name(rng, "Massa")).collect();
            let group = pick(rng, &groups).filter(|_| rng.chance(50));
            dir.transaction(|d| {
                for n in &names {
                    let mut new = NewCustomer::new(n.as_str());
                    if let Some(g) = group {
                        new = new.group(g);
                    }
                    d.create_customer(new)?;
                }
                Ok(())
            })
        }
        94..=95 => {
            // A transaction that fails half-way: nothing of it may reach the store.
            let n = name(rng, "Peruttu");
            dir.transaction(|d| {
                d.create_customer(NewCustomer::new(n.as_str()))?;
                d.create_team("")?;
                Ok(())
            })
        }
        96 => dir.set_default_series(1 + rng.below(50), None),
        _ => match pick(rng, &customers) {
            Some(c) => dir.archive_customer(c),
            None => skip(),
        },
    }
}

fn rng_for(seed: u64, k: u64, attempt: u64) -> Rng {
    Rng::new(seed ^ k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ attempt.wrapping_mul(0xD1B5_4A32_D192_ED03))
}

/// Makes the next step of the workload `seed`: exactly one committed change set, or the store's
/// error (with nothing changed).
///
/// # Errors
/// [`Error::Store`] when the store refuses the change set.
pub fn step(dir: &mut Directory, seed: u64) -> vastuu::Result<()> {
    let k = dir.last_seq();
    for n in 0..100 {
        let mut rng = rng_for(seed, k, n);
        match attempt(dir, &mut rng) {
            Ok(()) if dir.last_seq() == k + 1 => return Ok(()),
            Err(Error::Store(e)) => return Err(Error::Store(e)),
            // A no-op or refused by a rule: nothing was committed; try another.
            _ => assert_eq!(dir.last_seq(), k, "a refused mutation committed something"),
        }
    }
    let mut rng = rng_for(seed, k, 100);
    dir.create_employee(NewEmployee::new(name(&mut rng, "Varalla"))).map(drop)
}

/// A new in-memory directory with the workload's clock.
pub fn memory_directory() -> Directory {
    let mut dir = Directory::new();
    dir.set_clock(clock());
    dir
}

/// Runs steps until `dir.last_seq() == seq`.
///
/// # Errors
/// A store error from a step.
pub fn advance_to(dir: &mut Directory, seed: u64, seq: u64) -> vastuu::Result<()> {
    while dir.last_seq() < seq {
        step(dir, seed)?;
    }
    Ok(())
}

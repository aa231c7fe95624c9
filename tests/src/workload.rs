//! A deterministic workload of operations ([`Op`]) for store tests: mostly valid ones, with long
//! names and large transactions so that records span several disk pages.
//!
//! [`step`] makes exactly one committed change set: the `k`-th step of a workload with a given
//! seed depends only on the seed, `k` (the directory's `last_seq`) and the state, so two
//! directories in the same state make the same step. That is what lets the crash test replay a
//! prefix of what a killed process attempted, and lets a process carry on a workload that an
//! earlier one started.

use crate::op::{run, Op};
use jiff::civil::Date;
use jiff::Timestamp;
use vastuu::generate::Rng;
use vastuu::{
    CustomerId, CustomerUpdate, Directory, EmployeeUpdate, Error, FixedClock, NewCustomer, NewCustomerGroup,
    NewEmployee, NewRole, NewSpecialGroup, Period, ProjectId, RoleScope, Subject,
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

/// One attempted operation, chosen at random against the state, or none when the state has
/// nothing it needs. It may be refused by a rule or be a no-op; [`step`] then tries another.
fn attempt(dir: &Directory, rng: &mut Rng) -> Option<Op> {
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
    let one_change_set = |ops: Vec<Op>| Op::Transaction { ops, stop_on_error: true, rollback: false };
    let op = match rng.below(100) {
        0..=9 => {
            let mut new = NewEmployee::new(name(rng, "Työntekijä")).sales_rights(rng.chance(40));
            if rng.chance(60) {
                new = new.email(format!("user{}@example.fi", rng.below(100_000)));
            }
            if let Some(t) = pick(rng, &teams).filter(|_| rng.chance(70)) {
                new = new.team(t);
            }
            Op::CreateEmployee(new)
        }
        10..=12 => Op::CreateTeam(name(rng, "Tiimi")),
        13..=15 => {
            let scope = if rng.chance(50) { RoleScope::Customer } else { RoleScope::Project };
            Op::CreateRole(NewRole::new(name(rng, "Rooli"), scope).portal_visible(rng.chance(50)))
        }
        16..=27 => {
            let mut new = NewCustomer::new(name(rng, "Asiakas"));
            if let Some(g) = pick(rng, &groups).filter(|_| rng.chance(50)) {
                new = new.group(g);
            }
            if let Some(g) = pick(rng, &special).filter(|_| rng.chance(30)) {
                new = new.special_group(g);
            }
            Op::CreateCustomer(new)
        }
        28..=32 => Op::CreateProject(pick(rng, &customers)?, name(rng, "Projekti")),
        33..=35 => {
            let mut new = NewCustomerGroup::new(name(rng, "Ryhmä"));
            if rng.chance(50) {
                new = new.numbering_start(100_000 * (1 + rng.below(90)));
            }
            Op::CreateGroup(new)
        }
        36..=37 => Op::CreateSpecialGroup(NewSpecialGroup::new(name(rng, "Erikois"))),
        38..=51 => match (subject(rng), pick(rng, &employees)) {
            (Some(s), Some(e)) => Op::Toggle(s, e),
            _ => return None,
        },
        52..=57 => match (subject(rng), pick(rng, &employees), pick(rng, &roles)) {
            (Some(s), Some(e), Some(r)) => Op::AddRole(s, e, r),
            _ => return None,
        },
        58..=60 => match (subject(rng), pick(rng, &employees)) {
            (Some(s), Some(e)) => {
                let from = date(rng);
                let to = from.saturating_add(jiff::Span::new().days(rng.below(400) as i64));
                Op::SetPeriod(s, e, Period { from: Some(from), to: rng.chance(50).then_some(to) })
            }
            _ => return None,
        },
        61..=63 => {
            let c = pick(rng, &customers)?;
            Op::UpdateCustomer(c, CustomerUpdate { name: Some(name(rng, "Uusi")), ..Default::default() })
        }
        64..=65 => {
            let e = pick(rng, &employees)?;
            Op::UpdateEmployee(e, EmployeeUpdate { active: Some(rng.chance(50)), ..Default::default() })
        }
        66..=69 => Op::MoveToGroup(pick(rng, &groups)?, pick(rng, &customers)?),
        70..=72 => Op::AddToSpecialGroup(pick(rng, &special)?, pick(rng, &customers)?),
        73..=74 => Op::AddSalesperson(pick(rng, &groups)?, pick(rng, &employees)?),
        75..=76 => Op::DeleteProject(pick(rng, &projects)?),
        77..=78 => Op::DeleteCustomer(pick(rng, &customers)?),
        79 => Op::DeleteEmployee(pick(rng, &employees)?),
        80 => Op::DeleteRole(pick(rng, &roles)?),
        81 => Op::DeleteGroup(pick(rng, &groups)?),
        82 => {
            let t = pick(rng, &teams)?;
            Op::RenameTeam(t, name(rng, "Tiimi"))
        }
        83..=89 => {
            // A customer with projects and responsibilities, as one change set.
            let responsible = pick(rng, &employees);
            let names: Vec<String> = (0..1 + rng.below(4)).map(|_| name(rng, "Projekti")).collect();
            let customer_name = name(rng, "Asiakas");
            // The ids the transaction's creations will get.
            let next = dir.data().next_ids;
            let customer = CustomerId(next.customer);
            let mut ops = vec![Op::CreateCustomer(NewCustomer::new(customer_name))];
            for (project, n) in (next.project..).map(ProjectId).zip(names) {
                ops.push(Op::CreateProject(customer, n));
                if let Some(e) = responsible {
                    ops.push(Op::Toggle(project.into(), e));
                }
            }
            one_change_set(ops)
        }
        90..=93 => {
            // Many customers at once: a record of several pages.
            let count = 10 + rng.below(40);
            let names: Vec<String> = (0..count).map(|_| name(rng, "Massa")).collect();
            let group = pick(rng, &groups).filter(|_| rng.chance(50));
            let customer = |n: String| match group {
                Some(g) => NewCustomer::new(n).group(g),
                None => NewCustomer::new(n),
            };
            one_change_set(names.into_iter().map(|n| Op::CreateCustomer(customer(n))).collect())
        }
        94..=95 => {
            // A transaction that fails half-way: nothing of it may reach the store.
            let n = name(rng, "Peruttu");
            one_change_set(vec![Op::CreateCustomer(NewCustomer::new(n)), Op::CreateTeam(String::new())])
        }
        96 => Op::SetDefaultSeries(1 + rng.below(50), None),
        _ => Op::ArchiveCustomer(pick(rng, &customers)?),
    };
    Some(op)
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
        let Some(op) = attempt(dir, &mut rng) else { continue };
        match run(dir, &op) {
            Ok(_) if dir.last_seq() == k + 1 => return Ok(()),
            Err(Error::Store(e)) => return Err(Error::Store(e)),
            // A no-op or refused by a rule: nothing was committed; try another.
            _ => assert_eq!(dir.last_seq(), k, "a refused operation committed something: {op:?}"),
        }
    }
    let mut rng = rng_for(seed, k, 100);
    run(dir, &Op::CreateEmployee(NewEmployee::new(name(&mut rng, "Varalla")))).map(drop)
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

//! The invariants of the specification, checked on plain data.

use super::text;
use std::collections::BTreeSet;
use vastuu::{Data, EmployeeId, Field, RoleId, RoleScope, Subject, MAX_CUSTOMER_NUMBER};

fn fail(message: String) -> Result<(), String> {
    Err(message)
}

fn name_ok(field: Field, name: &str) -> Result<(), String> {
    match text::name(field, name) {
        Ok(checked) if checked == name => Ok(()),
        _ => fail(format!("{field} {name:?} is not a valid, trimmed name")),
    }
}

fn unique_names<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for n in names {
        if !seen.insert(text::name_key(n)) {
            return fail(format!("two {what} are named {n:?}"));
        }
    }
    Ok(())
}

/// Checks every rule of the data model that can be seen in the data itself: references,
/// unique names and numbers, roles of the subject's scope, valid periods and ranges.
///
/// # Errors
/// The first broken rule.
pub fn check(d: &Data) -> Result<(), String> {
    let employees: BTreeSet<_> = d.employees.iter().map(|e| e.id).collect();
    let teams: BTreeSet<_> = d.teams.iter().map(|t| t.id).collect();
    let customers: BTreeSet<_> = d.customers.iter().map(|c| c.id).collect();
    let projects: BTreeSet<_> = d.projects.iter().map(|p| p.id).collect();
    let groups: BTreeSet<_> = d.customer_groups.iter().map(|g| g.id).collect();
    let specials: BTreeSet<_> = d.special_groups.iter().map(|g| g.id).collect();

    let ds = &d.default_series;
    if ds.start == 0 || ds.end.is_some_and(|e| e < ds.start) || ds.next_number < ds.start {
        return fail(format!("bad default series {ds:?}"));
    }
    for e in &d.employees {
        name_ok(Field::EmployeeName, &e.name)?;
        if e.id.0 == 0 || e.id.0 >= d.next_ids.employee {
            return fail(format!("{} is outside the ids handed out", e.id));
        }
        if e.team.is_some_and(|t| !teams.contains(&t)) {
            return fail(format!("{} is in a missing team", e.id));
        }
        if let Some(email) = &e.email {
            if text::optional_email(Some(email)) != Ok(Some(email.clone())) {
                return fail(format!("{} has a bad email {email:?}", e.id));
            }
        }
    }
    for t in &d.teams {
        name_ok(Field::TeamName, &t.name)?;
        for lead in &t.leads {
            if !d.employees.iter().any(|e| e.id == *lead && e.team == Some(t.id)) {
                return fail(format!("{lead}, a lead of {}, is not a member of it", t.id));
            }
        }
    }
    unique_names("teams", d.teams.iter().map(|t| t.name.as_str()))?;
    for r in &d.roles {
        name_ok(Field::RoleName, &r.name)?;
    }
    for scope in [RoleScope::Customer, RoleScope::Project] {
        unique_names("roles", d.roles.iter().filter(|r| r.scope == scope).map(|r| r.name.as_str()))?;
    }
    let mut numbers = BTreeSet::new();
    for c in &d.customers {
        name_ok(Field::CustomerName, &c.name)?;
        if c.id.0 == 0 || c.id.0 >= d.next_ids.customer {
            return fail(format!("{} is outside the ids handed out", c.id));
        }
        if let Some(n) = c.number {
            if n == 0 || n > MAX_CUSTOMER_NUMBER {
                return fail(format!("{} has the number {n}", c.id));
            }
            if !numbers.insert(n) {
                return fail(format!("two customers hold the number {n}"));
            }
        }
        // One field, so at most one group; it must exist.
        if c.group.is_some_and(|g| !groups.contains(&g)) {
            return fail(format!("{} is in a missing group", c.id));
        }
        if c.special_groups.iter().any(|g| !specials.contains(g)) {
            return fail(format!("{} is in a missing special group", c.id));
        }
    }
    for p in &d.projects {
        name_ok(Field::ProjectName, &p.name)?;
        if !customers.contains(&p.customer) {
            return fail(format!("{} belongs to a missing customer", p.id));
        }
    }
    for g in &d.customer_groups {
        name_ok(Field::CustomerGroupName, &g.name)?;
        match (g.numbering_start, g.numbering_end) {
            (None, Some(_)) => return fail(format!("{} has an end without a start", g.id)),
            (Some(s), e)
                if s == 0 || s > MAX_CUSTOMER_NUMBER || e.is_some_and(|e| e < s || e > MAX_CUSTOMER_NUMBER) =>
            {
                return fail(format!("{} has a bad range", g.id))
            }
            (Some(s), _) if g.next_number < s => return fail(format!("{} has its counter below its start", g.id)),
            _ => {}
        }
        if g.cost_centers.len() > 4 {
            return fail(format!("{} has too many cost centers", g.id));
        }
        let codes: BTreeSet<&String> = g.cost_centers.iter().collect();
        if codes.len() != g.cost_centers.len() {
            return fail(format!("{} lists a cost center twice", g.id));
        }
        if g.salespeople.iter().any(|e| !employees.contains(e)) {
            return fail(format!("{} has a missing salesperson", g.id));
        }
        let team: BTreeSet<EmployeeId> = g.default_team.iter().map(|t| t.employee).collect();
        if team.len() != g.default_team.len() || team.iter().any(|e| !employees.contains(e)) {
            return fail(format!("{} has a default twice or a missing one", g.id));
        }
        let customer_role = |id: &RoleId| d.roles.iter().any(|r| r.id == *id && r.scope == RoleScope::Customer);
        if !g.default_team.iter().flat_map(|t| &t.roles).all(customer_role) {
            return fail(format!("{} gives a missing or project role by default", g.id));
        }
    }
    unique_names("customer groups", d.customer_groups.iter().map(|g| g.name.as_str()))?;
    for g in &d.special_groups {
        name_ok(Field::SpecialGroupName, &g.name)?;
    }
    unique_names("special groups", d.special_groups.iter().map(|g| g.name.as_str()))?;
    let mut keys = BTreeSet::new();
    for r in &d.responsibilities {
        if !keys.insert((r.subject, r.employee)) {
            return fail(format!("two responsibilities of {} for {}", r.employee, r.subject));
        }
        let scope = match r.subject {
            Subject::Customer(c) if customers.contains(&c) => RoleScope::Customer,
            Subject::Project(p) if projects.contains(&p) => RoleScope::Project,
            _ => return fail(format!("a responsibility for the missing {}", r.subject)),
        };
        if !employees.contains(&r.employee) {
            return fail(format!("a responsibility of the missing {}", r.employee));
        }
        if let (Some(from), Some(to)) = (r.period.from, r.period.to) {
            if from > to {
                return fail(format!("{} for {} is valid from {from} to {to}", r.employee, r.subject));
            }
        }
        for role in &r.roles {
            match d.roles.iter().find(|x| x.id == *role) {
                Some(x) if x.scope == scope => {}
                _ => {
                    return fail(format!(
                        "{} for {} holds {role}, missing or of the other scope",
                        r.employee, r.subject
                    ))
                }
            }
        }
    }
    Ok(())
}

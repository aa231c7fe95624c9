//! Builds a small directory, toggles a few matrix cells, and prints the matrix and the
//! numbering report.
//!
//! Run with `cargo run -p vastuu --example quickstart`.

use std::fmt::Write as _;
use std::io::Write as _;
use vastuu::{Directory, NewCustomer, NewCustomerGroup, NewEmployee, NewRole, RoleScope, SeriesId, Subject};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = String::new();
    let mut dir = Directory::new();
    dir.set_actor(Some("quickstart"))?;

    // People.
    let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen").email("matti@example.fi"))?;
    let maija = dir.create_employee(NewEmployee::new("Maija Virtanen").sales_rights(true))?;
    let lars = dir.create_employee(NewEmployee::new("Lars Åberg"))?;

    // A numbered customer group with a salesperson, and a few customers.
    let north = dir.create_customer_group(
        NewCustomerGroup::new("Pohjoinen").numbering_start(1000).salespeople([maija]).cost_centers(["KP10"]),
    )?;
    let esimerkki = dir.create_customer(NewCustomer::new("Esimerkki Oy").group(north))?;
    let oljy = dir.create_customer(NewCustomer::new("Öljy Ab").group(north))?;
    let aland = dir.create_customer(NewCustomer::new("Åland Service"))?;
    let remontti = dir.create_project(esimerkki, "Remontti 2026")?;

    // Click cells of the matrix: each click toggles a responsibility.
    dir.toggle(esimerkki.into(), matti)?;
    dir.toggle(oljy.into(), maija)?;
    dir.toggle(aland.into(), lars)?;
    dir.toggle(aland.into(), matti)?;
    dir.toggle(aland.into(), matti)?; // clicked twice: removed again
    let manager = dir.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project))?;
    dir.add_role(remontti.into(), lars, manager)?; // a role also makes Lars responsible

    // A matrix-like table: customer rows (each followed by its projects), employee columns.
    let employees: Vec<_> = dir.employees().filter(|e| e.active).collect();
    write!(out, "{:<28}", "")?;
    for e in &employees {
        write!(out, "{:>20}", e.name)?;
    }
    writeln!(out)?;
    for customer in dir.customers() {
        let number = customer.number.map(|n| n.to_string()).unwrap_or_default();
        print_row(&mut out, &dir, &format!("{number:>5} {}", customer.name), customer.id.into(), &employees)?;
        for project in dir.projects_of(customer.id)? {
            print_row(&mut out, &dir, &format!("      └ {}", project.name), project.id.into(), &employees)?;
        }
    }

    writeln!(out, "\nNumbering report")?;
    writeln!(out, "{:<24}{:>8}{:>18}{:>8}{:>6}{:>20}", "series", "start", "end", "next", "used", "capacity left")?;
    let report = dir.numbering_report();
    for s in &report.series {
        let name = match s.series {
            SeriesId::Default => "default".to_string(),
            SeriesId::Group(_) => s.group_name.clone().unwrap_or_default(),
        };
        writeln!(out, "{name:<24}{:>8}{:>18}{:>8}{:>6}{:>20}", s.start, s.end, s.next_number, s.used, s.capacity_left)?;
    }
    writeln!(out, "conflicts: {}", report.conflicts.len())?;
    writeln!(
        out,
        "\n{} change sets, the last by {:?}",
        dir.last_seq(),
        dir.change_sets().last().and_then(|c| c.actor.clone())
    )?;
    // Printing fails quietly when the reader goes away (e.g. `| head`).
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(())
}

fn print_row(
    out: &mut String,
    dir: &Directory,
    header: &str,
    subject: Subject,
    employees: &[&vastuu::Employee],
) -> Result<(), Box<dyn std::error::Error>> {
    write!(out, "{header:<28}")?;
    for e in employees {
        let cell = match dir.responsibility(subject, e.id)? {
            Some(r) if !r.roles.is_empty() => {
                let names: Vec<_> =
                    r.roles.iter().filter_map(|id| dir.role(*id).ok()).map(|r| r.name.as_str()).collect();
                names.join(",")
            }
            Some(_) => "x".to_string(),
            None => ".".to_string(),
        };
        write!(out, "{cell:>20}")?;
    }
    writeln!(out)?;
    Ok(())
}

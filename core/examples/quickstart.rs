//! Builds a small directory, toggles a few matrix cells, and prints the responsibility matrix
//! (by role, in Finnish order), who can see a customer, and the numbering report.
//!
//! Run with `cargo run -p vastuu --example quickstart`.

use jiff::civil::date;
use std::fmt::Write as _;
use std::io::Write as _;
use vastuu::{
    Directory, MatrixQuery, NewCustomer, NewCustomerGroup, NewEmployee, NewRole, RoleScope, SeriesId, Subject,
};

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

    // The matrix, by role, with projects: rows in Finnish order (… z å ä ö).
    let matrix = dir.matrix(&MatrixQuery::new().by_role(true).include_projects(true))?;
    write!(out, "{:<28}", "")?;
    for column in &matrix.columns {
        write!(out, "{:>20}", column.name)?;
    }
    writeln!(out)?;
    for (i, row) in matrix.rows.iter().enumerate() {
        let header = match row.subject {
            Subject::Customer(_) => {
                format!("{:>5} {}", row.customer_number.map(|n| n.to_string()).unwrap_or_default(), row.name)
            }
            Subject::Project(_) => format!("      └ {}", row.name),
        };
        write!(out, "{header:<28}")?;
        for c in 0..matrix.columns.len() {
            let cell = matrix.cells.iter().find(|cell| cell.row as usize == i && cell.column as usize == c);
            let text = match cell {
                Some(cell) if !cell.roles.is_empty() => {
                    cell.roles.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(",")
                }
                Some(_) => "x".to_string(),
                None => ".".to_string(),
            };
            write!(out, "{text:>20}")?;
        }
        writeln!(out)?;
    }

    // Who may see Öljy Ab, and why.
    let today = date(2026, 11, 27);
    writeln!(out, "\nWho can see Öljy Ab on {today}:")?;
    for employee in dir.who_can_view(oljy, today)? {
        let why = dir.can_view(employee, oljy, today)?;
        writeln!(out, "  {} ({:?})", dir.employee(employee)?.name, why.reasons())?;
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
    let last_actor = dir.change_sets()?.last().and_then(|c| c.actor.clone());
    writeln!(out, "\n{} change sets, the last by {last_actor:?}", dir.last_seq())?;
    // Printing fails quietly when the reader goes away (e.g. `| head`).
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(())
}

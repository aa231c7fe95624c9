//! `vastuu handover`: a departing employee's responsibilities and salesperson places to someone
//! else; a preview unless `--apply`.

use crate::args::{parse_date, Global, StoreArg};
use crate::error::Result;
use crate::output::{self, CustomerRef, Named, SubjectRef};
use crate::resolve;
use crate::store;
use crate::Outcome;
use clap::Args;
use jiff::civil::Date;
use serde::Serialize;
use std::fmt::Write as _;
use vastuu::{
    Directory, Handover, HandoverItem, HandoverMode, HandoverPlan, HandoverStep, Responsibility, SkipReason, Subject,
};

/// The examples of `vastuu handover --help`.
pub(crate) const EXAMPLES: &str = "\
EXAMPLES:
  vastuu handover customers.vastuu --from 'Liisa Lähtijä' --to 'Jussi Jatkaja'              preview
  vastuu handover customers.vastuu --from 'Liisa Lähtijä' --to 'Jussi Jatkaja' --apply      do it
  vastuu handover customers.vastuu --from 3 --to 7 --effective 2027-01-01 --actor Maija --apply
  vastuu handover customers.vastuu --from 3 --to 7 --add --role Huoltovastaava --customer 1042";

/// `vastuu handover` arguments.
#[derive(Debug, Args)]
pub(crate) struct HandoverArgs {
    #[command(flatten)]
    pub(crate) store: StoreArg,
    /// The employee handing over (id or name).
    #[arg(long, value_name = "EMPLOYEE")]
    pub(crate) from: String,
    /// The employee taking over (id or name).
    #[arg(long, value_name = "EMPLOYEE")]
    pub(crate) to: String,
    /// The first day the new holder is responsible (YYYY-MM-DD); the old holder's validity ends
    /// the day before. Default: at once, keeping the validity periods.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) effective: Option<Date>,
    /// Both hold: add the new holder and leave the old one as they are.
    #[arg(long)]
    pub(crate) add: bool,
    /// Only responsibilities holding these roles, and only these roles move.
    #[arg(long = "role", value_name = "ROLE")]
    pub(crate) roles: Vec<String>,
    /// Only these customers (number, #id or name) …
    #[arg(long = "customer", value_name = "CUSTOMER")]
    pub(crate) customers: Vec<String>,
    /// … and projects (#id).
    #[arg(long = "project", value_name = "PROJECT")]
    pub(crate) projects: Vec<String>,
    /// Leave customer responsibilities alone.
    #[arg(long)]
    pub(crate) no_customers: bool,
    /// Leave project responsibilities alone.
    #[arg(long)]
    pub(crate) no_projects: bool,
    /// Leave salesperson places alone.
    #[arg(long)]
    pub(crate) no_salesperson_places: bool,
    /// Recorded in the history as who made the handover.
    #[arg(long, value_name = "NAME")]
    pub(crate) actor: Option<String>,
    /// Make the change (one change set); without it, only show what would change.
    #[arg(long)]
    pub(crate) apply: bool,
}

/// The request the arguments describe.
fn request(dir: &Directory, args: &HandoverArgs) -> Result<Handover> {
    let from = resolve::employee(dir, &args.from)?;
    let to = resolve::employee(dir, &args.to)?;
    let mut h = Handover::new(from, to)
        .mode(if args.add { HandoverMode::Add } else { HandoverMode::Replace })
        .customers(!args.no_customers)
        .projects(!args.no_projects)
        .salesperson_places(!args.no_salesperson_places);
    h.effective = args.effective;
    if !args.roles.is_empty() {
        h = h.only_roles(resolve::all(dir, &args.roles, resolve::role)?);
    }
    if !args.customers.is_empty() || !args.projects.is_empty() {
        let customers = resolve::all(dir, &args.customers, resolve::customer)?.into_iter().map(Subject::Customer);
        let projects = resolve::all(dir, &args.projects, resolve::project)?.into_iter().map(Subject::Project);
        h = h.only_subjects(customers.chain(projects));
    }
    if let Some(actor) = &args.actor {
        h = h.actor(actor.clone());
    }
    Ok(h)
}

#[derive(Serialize)]
struct Plan {
    applied: bool,
    from: Named,
    to: Named,
    /// `replace` or `add`.
    mode: &'static str,
    effective: Option<Date>,
    steps: Vec<Step>,
    skipped: Vec<Skip>,
    /// The change set the handover was stored as (after `--apply`, when anything changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    seq: Option<u64>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Step {
    Responsibility {
        subject: SubjectRef,
        customer: CustomerRef,
        from_before: Held,
        from_after: Option<Held>,
        to_after: Held,
    },
    SalespersonPlace {
        group: Named,
        from_stays: bool,
    },
}

/// A responsibility's roles and validity.
#[derive(Serialize)]
struct Held {
    roles: Vec<String>,
    valid_from: Option<Date>,
    valid_to: Option<Date>,
}

#[derive(Serialize)]
struct Skip {
    /// `responsibility` or `salesperson_place`.
    item: &'static str,
    subject: Option<SubjectRef>,
    group: Option<Named>,
    /// Why, in snake case: `target_already_responsible`, ….
    reason: &'static str,
    /// Why, in words.
    because: &'static str,
}

fn held(dir: &Directory, r: &Responsibility) -> Held {
    Held {
        roles: r
            .roles
            .iter()
            .map(|id| dir.role(*id).map_or_else(|_| id.to_string(), |role| role.name.clone()))
            .collect(),
        valid_from: r.period.from,
        valid_to: r.period.to,
    }
}

fn group_ref(dir: &Directory, g: vastuu::CustomerGroupId) -> Named {
    Named { id: g.get(), name: dir.customer_group(g).ok().map(|g| g.name.clone()) }
}

fn reason(r: SkipReason) -> (&'static str, &'static str) {
    match r {
        SkipReason::TargetInactive => ("target_inactive", "the new holder is inactive"),
        SkipReason::TargetAlreadyResponsible => ("target_already_responsible", "the new holder is already responsible"),
        SkipReason::TargetAlreadySalesperson => {
            ("target_already_salesperson", "the new holder already sells the group")
        }
        SkipReason::TargetHasNoSalesRights => ("target_has_no_sales_rights", "the new holder has no sales rights"),
        SkipReason::EndsBeforeEffectiveDate => ("ends_before_effective_date", "it ends before the effective date"),
        SkipReason::PartialRolesCannotBeScheduled => (
            "partial_roles_cannot_be_scheduled",
            "the old holder keeps other roles, and roles cannot be moved on a date",
        ),
        SkipReason::SalespersonPlacesAreNotDated => {
            ("salesperson_places_are_not_dated", "salesperson places have no dates, so a dated handover leaves them")
        }
    }
}

fn plan_json(dir: &Directory, plan: &HandoverPlan, applied: bool, seq: Option<u64>) -> Plan {
    let r = &plan.request;
    let steps = plan.steps.iter().map(|s| match s {
        HandoverStep::Responsibility { subject, customer, from_before, from_after, to_after } => Step::Responsibility {
            subject: output::subject_ref(dir, *subject),
            customer: output::customer_ref(dir, *customer),
            from_before: held(dir, from_before),
            from_after: from_after.as_ref().map(|a| held(dir, a)),
            to_after: held(dir, to_after),
        },
        HandoverStep::SalespersonPlace { group, from_stays } => {
            Step::SalespersonPlace { group: group_ref(dir, *group), from_stays: *from_stays }
        }
    });
    let skipped = plan.skipped.iter().map(|s| {
        let (reason, because) = reason(s.reason);
        match s.item {
            HandoverItem::Responsibility(subject) => Skip {
                item: "responsibility",
                subject: Some(output::subject_ref(dir, subject)),
                group: None,
                reason,
                because,
            },
            HandoverItem::SalespersonPlace(g) => {
                Skip { item: "salesperson_place", subject: None, group: Some(group_ref(dir, g)), reason, because }
            }
        }
    });
    Plan {
        applied,
        from: output::employee_ref(dir, r.from),
        to: output::employee_ref(dir, r.to),
        mode: match r.mode {
            HandoverMode::Replace => "replace",
            HandoverMode::Add => "add",
        },
        effective: r.effective,
        steps: steps.collect(),
        skipped: skipped.collect(),
        seq,
    }
}

fn held_text(h: &Held) -> String {
    let roles = if h.roles.is_empty() { String::new() } else { format!(" as {}", h.roles.join(", ")) };
    let period = match (h.valid_from, h.valid_to) {
        (None, None) => String::new(),
        (from, to) => format!(
            " {}–{}",
            from.map(|d| d.to_string()).unwrap_or_default(),
            to.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    format!("{roles}{period}")
}

fn step_text(dir: &Directory, plan: &HandoverPlan, step: &HandoverStep) -> String {
    let (from, to) = (output::employee_label(dir, plan.request.from), output::employee_label(dir, plan.request.to));
    match step {
        HandoverStep::Responsibility { subject, from_before, from_after, to_after, .. } => {
            let before = held_text(&held(dir, from_before));
            let old = match from_after {
                None => format!("{from} leaves (held{before})"),
                Some(after) => format!("{from} keeps{}", held_text(&held(dir, after))),
            };
            format!(
                "{}: {old}; {to} takes over{}",
                output::subject_label(dir, *subject),
                held_text(&held(dir, to_after))
            )
        }
        HandoverStep::SalespersonPlace { group, from_stays } => {
            let old = if *from_stays { "stays" } else { "leaves" };
            let name = dir.customer_group(*group).map_or_else(|_| group.to_string(), |g| g.name.clone());
            format!("salesperson of {name}: {from} {old}; {to} joins")
        }
    }
}

fn text(dir: &Directory, plan: &HandoverPlan, applied: bool, seq: Option<u64>) -> String {
    let mut out = String::new();
    let (from, to) = (output::employee_label(dir, plan.request.from), output::employee_label(dir, plan.request.to));
    let when = plan.request.effective.map_or_else(|| "at once".to_owned(), |d| format!("from {d}"));
    let _ = writeln!(out, "Handover from {from} to {to}, {when}: {} steps", plan.steps.len());
    for step in &plan.steps {
        let _ = writeln!(out, "  {}", step_text(dir, plan, step));
    }
    if !plan.skipped.is_empty() {
        let _ = writeln!(out, "Left as they are: {}", plan.skipped.len());
        for s in &plan.skipped {
            let item = match s.item {
                HandoverItem::Responsibility(subject) => output::subject_label(dir, subject),
                HandoverItem::SalespersonPlace(g) => format!("salesperson place in {}", name_of(dir, g)),
            };
            let _ = writeln!(out, "  {item}: {}", reason(s.reason).1);
        }
    }
    out.push_str(&match (applied, seq) {
        (true, Some(seq)) => format!("Applied as change set {seq}.\n"),
        (true, None) => "Nothing to apply.\n".to_owned(),
        (false, _) => "Preview only: nothing has changed. Run again with --apply to make the change.\n".to_owned(),
    });
    out
}

fn name_of(dir: &Directory, g: vastuu::CustomerGroupId) -> String {
    dir.customer_group(g).map_or_else(|_| g.to_string(), |group| format!("{} (#{})", group.name, g.get()))
}

/// Plans the handover, applies it with `--apply`, and shows it.
pub(crate) fn run(args: &HandoverArgs, global: &Global) -> Result<Outcome> {
    let mut dir = store::open(&store::place(args.store.store.as_deref(), global)?, global)?;
    let plan = dir.plan_handover(&request(&dir, args)?)?;
    let mut seq = None;
    if args.apply && !plan.is_empty() {
        dir.apply_handover(&plan)?;
        seq = Some(dir.last_seq());
    }
    if global.json {
        output::json(&plan_json(&dir, &plan, args.apply, seq))?;
    } else {
        output::text(&text(&dir, &plan, args.apply, seq))?;
    }
    Ok(Outcome::Clean)
}

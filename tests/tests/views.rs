//! Every view and all three visibility forms of a generated directory of a few hundred
//! customers, held to the reference model's (`vastuu_tests::model`) while thousands of random
//! operations run on both; and the three visibility forms agreeing for every pair of another
//! generated directory, with team leads.
//!
//! The model test (`tests/model.rs`) checks a small directory after every step; this one checks
//! a larger directory every hundred steps, where the views' indexes choose other paths (the
//! filter's candidate sets against a walk of all customers, long pages).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::date;
use std::collections::HashMap;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{CustomerId, Directory, EmployeeId, TeamId, VisibilityReason};
use vastuu_tests::model::compare::{check_views, Sizes};
use vastuu_tests::model::Model;
use vastuu_tests::op::strategy::{any_op, Draw, Pool};
use vastuu_tests::op::{run, same_outcome};

#[test]
fn views_match_the_model_under_random_operations() {
    let config = GeneratorConfig {
        customers: 150,
        employees: 25,
        projects: 200,
        responsibilities: 700,
        ..GeneratorConfig::small()
    };
    let data = generate(&config);
    let mut dir = Directory::from_data(data.clone()).unwrap();
    let mut model = Model::from_data(data);
    assert_eq!(dir.data(), model.to_data());
    check_views(&dir, &model, 0, Sizes::LARGE);
    let mut draw = Draw::from_seed(0x5eed);
    let mut committed = 0;
    for step in 1..=3400 {
        let op = draw.value(any_op(&Pool::of(&model)));
        let seq = dir.last_seq();
        let got = run(&mut dir, &op);
        let want = model.apply(&op);
        assert!(same_outcome(&got, &want), "step {step}: {op:?}\n  library: {got:?}\n  model:   {want:?}");
        committed += dir.last_seq() - seq;
        if step % 100 == 0 {
            assert_eq!(dir.data(), model.to_data(), "step {step}: the data differ from the model");
            check_views(&dir, &model, step, Sizes::LARGE);
        }
    }
    // The directory changed a lot, and still holds data to check.
    assert!(committed > 1500, "only {committed} operations committed");
    assert!(dir.customers().count() > 50);
}

#[test]
fn set_forms_agree_with_can_view_for_every_pair() {
    let mut dir = Directory::from_data(generate(&GeneratorConfig::small().with_seed(11))).unwrap();
    // Every team led by its first two members, so that leads see through the others.
    let teams: Vec<TeamId> = dir.teams().map(|t| t.id).collect();
    for team in teams {
        let members: Vec<EmployeeId> = dir.employees().filter(|e| e.team == Some(team)).map(|e| e.id).collect();
        dir.set_team_leads(team, members.iter().copied().take(2)).unwrap();
    }
    let employees: Vec<EmployeeId> = dir.employees().map(|e| e.id).collect();
    let customers: Vec<CustomerId> = dir.customers().map(|c| c.id).collect();
    let mut allowed_somewhere = 0;
    let mut denied_somewhere = 0;
    let mut through_leads = 0;
    for on in [date(2024, 12, 31), date(2025, 10, 17), date(2026, 1, 1), date(2027, 3, 4)] {
        let visible: HashMap<EmployeeId, Vec<CustomerId>> =
            employees.iter().map(|e| (*e, dir.visible_customers(*e, on).unwrap())).collect();
        let viewers: HashMap<CustomerId, Vec<EmployeeId>> =
            customers.iter().map(|c| (*c, dir.who_can_view(*c, on).unwrap())).collect();
        for &e in &employees {
            for &c in &customers {
                let v = dir.can_view(e, c, on).unwrap();
                assert_eq!(v.visible, !v.reasons().is_empty());
                if v.reasons().iter().all(|r| matches!(r, VisibilityReason::TeamLead { .. })) && v.visible {
                    through_leads += 1;
                }
                assert_eq!(visible[&e].contains(&c), v.visible, "{e} {c} {on}");
                assert_eq!(viewers[&c].contains(&e), v.visible, "{e} {c} {on}");
                if v.visible {
                    allowed_somewhere += 1;
                } else {
                    denied_somewhere += 1;
                }
            }
        }
        // Each set form lists every member once.
        for list in visible.values() {
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len());
        }
    }
    assert!(allowed_somewhere > 1000 && denied_somewhere > 1000, "{allowed_somewhere} {denied_somewhere}");
    // Some customers are seen only as a lead.
    assert!(through_leads > 100, "{through_leads}");
}

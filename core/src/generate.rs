//! A seeded, deterministic dataset generator shared by tests and benchmarks.
//!
//! The same [`GeneratorConfig`] always gives the same [`Data`], on every platform. The data obeys
//! every rule of the model, so [`Directory::from_data`](crate::Directory::from_data) accepts it.

use crate::model::{
    Customer, CustomerGroup, CustomerGroupId, CustomerId, CustomerStatus, Data, DefaultSeries, Employee, EmployeeId,
    NextIds, Period, Project, ProjectId, Responsibility, Role, RoleId, RoleScope, SpecialGroup, SpecialGroupId,
    Subject, Team, TeamId,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

/// Sizes and seed of a generated directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratorConfig {
    /// Seed: the same seed gives the same data.
    pub seed: u64,
    /// Number of customers.
    pub customers: u32,
    /// Number of employees.
    pub employees: u32,
    /// Number of projects.
    pub projects: u32,
    /// Number of responsibilities (customer and project ones together).
    pub responsibilities: u32,
    /// Number of customer groups; every other one has a numbering series.
    pub customer_groups: u32,
    /// Number of special groups.
    pub special_groups: u32,
    /// Number of teams.
    pub teams: u32,
}

impl GeneratorConfig {
    /// The benchmark size: 100,000 customers, 2,000 employees, 200,000 projects,
    /// 500,000 responsibilities, 40 customer groups, 30 special groups, 20 teams.
    pub const fn benchmark() -> Self {
        GeneratorConfig {
            seed: 2026,
            customers: 100_000,
            employees: 2_000,
            projects: 200_000,
            responsibilities: 500_000,
            customer_groups: 40,
            special_groups: 30,
            teams: 20,
        }
    }

    /// A small directory for tests: 300 customers, 40 employees, 400 projects,
    /// 1,200 responsibilities.
    pub const fn small() -> Self {
        GeneratorConfig {
            seed: 7,
            customers: 300,
            employees: 40,
            projects: 400,
            responsibilities: 1_200,
            customer_groups: 6,
            special_groups: 5,
            teams: 4,
        }
    }

    /// The same sizes with another seed.
    pub const fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`0` when `n == 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    /// True with probability `percent / 100`.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Matti", "Maija", "Pekka", "Liisa", "Jussi", "Ääri", "Önni", "Åsa", "Kaisa", "Timo", "Sanna", "Ville", "Eeva",
    "Antti", "Helmi", "Oskari", "Aino", "Lars", "Saara", "Jörn",
];
const LAST: &[&str] = &[
    "Meikäläinen",
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Hämäläinen",
    "Laaksonen",
    "Öhman",
    "Åberg",
    "Lindqvist",
    "Koskinen",
    "Heikkinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
    "Zetterberg",
];
const WORDS: &[&str] = &[
    "Esimerkki",
    "Öljy",
    "Åland",
    "Äänekosken",
    "Rakennus",
    "Kiinteistö",
    "Sähkö",
    "Putki",
    "Huolto",
    "Pohjolan",
    "Zeta",
    "Aalto",
    "Kuljetus",
    "Metsä",
    "Järvi",
    "Tekniikka",
    "Lämpö",
    "Vesi",
    "Kauppa",
    "Tili",
    "apu",
    "Satama",
    "Kone",
    "Valo",
];
const FORMS: &[&str] = &["Oy", "Ab", "Ky", "Tmi", "Oyj", "ry"];
const CUSTOMER_ROLES: &[&str] = &["Huoltovastaava", "Myyntivastaava", "Laskutusvastaava", "Asiakkuuspäällikkö"];
const PROJECT_ROLES: &[&str] = &["Projektipäällikkö", "Asentaja", "Valvoja"];

/// Generates a directory. Valid by construction.
pub fn generate(config: &GeneratorConfig) -> Data {
    let mut rng = Rng::new(config.seed);
    let teams: Vec<Team> = (1..=config.teams)
        .map(|i| Team { id: TeamId(i), name: format!("Tiimi {i}"), leads: BTreeSet::new() })
        .collect();
    let roles = roles(&mut rng);
    let employees = employees(&mut rng, config);
    let mut groups = customer_groups(&mut rng, config, &employees);
    let special_groups: Vec<SpecialGroup> = (1..=config.special_groups)
        .map(|i| SpecialGroup {
            id: SpecialGroupId(i),
            name: format!("Erikoisryhmä {i}"),
            description: rng.chance(50).then(|| format!("Kuvaus {i}")),
        })
        .collect();
    let mut default_series = DefaultSeries::default();
    let customers = customers(&mut rng, config, &mut groups, &mut default_series);
    let projects: Vec<Project> = if config.customers == 0 {
        Vec::new()
    } else {
        (1..=config.projects)
            .map(|i| Project {
                id: ProjectId(i),
                customer: CustomerId(1 + rng.below(config.customers.into()) as u32),
                name: format!("Projekti {} {i}", rng.pick(WORDS)),
                archived: rng.chance(10),
                external_id: None,
            })
            .collect()
    };
    let responsibilities = responsibilities(&mut rng, config, &roles, projects.len());
    Data {
        default_series,
        next_ids: NextIds {
            employee: config.employees + 1,
            team: config.teams + 1,
            role: roles.len() as u32 + 1,
            customer: config.customers + 1,
            project: projects.len() as u32 + 1,
            customer_group: config.customer_groups + 1,
            special_group: config.special_groups + 1,
        },
        employees,
        teams,
        roles,
        customers,
        projects,
        customer_groups: groups,
        special_groups,
        responsibilities,
    }
}

fn roles(rng: &mut Rng) -> Vec<Role> {
    let mut roles = Vec::new();
    for (scope, names) in [(RoleScope::Customer, CUSTOMER_ROLES), (RoleScope::Project, PROJECT_ROLES)] {
        for name in names {
            let id = RoleId(roles.len() as u32 + 1);
            roles.push(Role { id, name: (*name).to_owned(), scope, portal_visible: rng.chance(50) });
        }
    }
    roles
}

fn employees(rng: &mut Rng, config: &GeneratorConfig) -> Vec<Employee> {
    (1..=config.employees)
        .map(|i| {
            let first = rng.pick(FIRST);
            let last = rng.pick(LAST);
            Employee {
                id: EmployeeId(i),
                name: format!("{first} {last} {i}"),
                email: rng.chance(80).then(|| format!("user{i}@example.fi")),
                team: (config.teams > 0 && rng.chance(85)).then(|| TeamId(1 + rng.below(config.teams.into()) as u32)),
                sales_rights: rng.chance(20),
                active: rng.chance(95),
                sees_all: rng.chance(1),
                external_id: None,
            }
        })
        .collect()
}

fn customer_groups(rng: &mut Rng, config: &GeneratorConfig, employees: &[Employee]) -> Vec<CustomerGroup> {
    let sellers: Vec<EmployeeId> = employees.iter().filter(|e| e.active && e.sales_rights).map(|e| e.id).collect();
    // Numbered groups get ranges of `span` numbers, group i's starting at i * span; the default
    // series runs below the first. `span` is 100,000, or the number of customers rounded up to
    // whole 100,000s when there are more, so no series can run into the next one.
    let span = u64::from(config.customers).div_ceil(100_000).max(1) * 100_000;
    (1..=config.customer_groups)
        .map(|i| {
            let numbered = i % 2 == 1;
            let start = numbered.then_some(u64::from(i) * span);
            let mut salespeople = BTreeSet::new();
            if !sellers.is_empty() {
                for _ in 0..1 + rng.below(3) {
                    salespeople.insert(*rng.pick(&sellers));
                }
            }
            CustomerGroup {
                id: CustomerGroupId(i),
                name: format!("{} {i}", rng.pick(WORDS)),
                numbering_start: start,
                numbering_end: None,
                next_number: start.unwrap_or(0),
                ledger_account: rng.chance(50).then(|| format!("{}", 3000 + i)),
                cost_centers: (0..rng.below(3)).map(|k| format!("KP{i}-{k}")).collect(),
                salespeople,
                default_team: Vec::new(),
                external_id: None,
            }
        })
        .collect()
}

fn customers(
    rng: &mut Rng,
    config: &GeneratorConfig,
    groups: &mut [CustomerGroup],
    default_series: &mut DefaultSeries,
) -> Vec<Customer> {
    (1..=config.customers)
        .map(|i| {
            let group = (config.customer_groups > 0 && rng.chance(80))
                .then(|| CustomerGroupId(1 + rng.below(config.customer_groups.into()) as u32));
            let mut special = BTreeSet::new();
            if config.special_groups > 0 {
                for _ in 0..rng.below(3) {
                    special.insert(SpecialGroupId(1 + rng.below(config.special_groups.into()) as u32));
                }
            }
            let number = if rng.chance(1) {
                None
            } else {
                let series =
                    group.and_then(|g| groups.get_mut(g.0 as usize - 1)).filter(|g| g.numbering_start.is_some());
                Some(match series {
                    Some(g) => {
                        g.next_number += 1;
                        g.next_number - 1
                    }
                    None => {
                        default_series.next_number += 1;
                        default_series.next_number - 1
                    }
                })
            };
            Customer {
                id: CustomerId(i),
                name: format!("{} {} {} {i}", rng.pick(WORDS), rng.pick(WORDS), rng.pick(FORMS)),
                number,
                status: if rng.chance(85) { CustomerStatus::Active } else { CustomerStatus::Prospect },
                archived: rng.chance(5),
                group,
                special_groups: special,
                external_id: None,
            }
        })
        .collect()
}

fn responsibilities(rng: &mut Rng, config: &GeneratorConfig, roles: &[Role], projects: usize) -> Vec<Responsibility> {
    let customer_roles: Vec<RoleId> = roles.iter().filter(|r| r.scope == RoleScope::Customer).map(|r| r.id).collect();
    let project_roles: Vec<RoleId> = roles.iter().filter(|r| r.scope == RoleScope::Project).map(|r| r.id).collect();
    let mut responsibilities = Vec::new();
    let mut taken = HashSet::new();
    let possible = u64::from(config.employees) * (u64::from(config.customers) + projects as u64);
    let wanted = u64::from(config.responsibilities).min(possible / 2);
    let base = Date::constant(2026, 1, 1);
    while (responsibilities.len() as u64) < wanted {
        let on_project = projects > 0 && rng.chance(30);
        let subject = if on_project {
            Subject::Project(ProjectId(1 + rng.below(projects as u64) as u32))
        } else {
            Subject::Customer(CustomerId(1 + rng.below(config.customers.into()) as u32))
        };
        let employee = EmployeeId(1 + rng.below(config.employees.into()) as u32);
        if !taken.insert((subject, employee)) {
            continue;
        }
        let pool = if on_project { &project_roles } else { &customer_roles };
        let mut held = BTreeSet::new();
        for _ in 0..rng.below(3) {
            held.insert(*rng.pick(pool));
        }
        let period = if rng.chance(70) {
            Period::ALWAYS
        } else {
            let from = base.saturating_add(jiff::Span::new().days(rng.below(900) as i64 - 450));
            let to = from.saturating_add(jiff::Span::new().days(rng.below(700) as i64));
            match rng.below(3) {
                0 => Period { from: Some(from), to: None },
                1 => Period { from: None, to: Some(to) },
                _ => Period { from: Some(from), to: Some(to) },
            }
        };
        responsibilities.push(Responsibility { subject, employee, roles: held, period });
    }
    responsibilities.sort_by_key(|r| (r.subject, r.employee));
    responsibilities
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past 100,000 customers the default series would run into the first group's range if the
    /// ranges stayed 100,000 wide: the ranges grow with the directory.
    #[test]
    fn numbers_stay_unique_and_in_their_series_past_100000_customers() {
        let config = GeneratorConfig {
            seed: 3,
            customers: 250_000,
            employees: 0,
            projects: 0,
            responsibilities: 0,
            customer_groups: 4,
            special_groups: 0,
            teams: 0,
        };
        let data = generate(&config);
        let mut seen = HashSet::new();
        for c in &data.customers {
            let Some(n) = c.number else { continue };
            assert!(seen.insert(n), "number {n} given twice");
            let group = c.group.and_then(|g| data.customer_groups.iter().find(|x| x.id == g));
            match group.and_then(|g| g.numbering_start) {
                Some(start) => assert!((start..start + 300_000).contains(&n), "{n} outside its group's range"),
                None => assert!(n < 300_000, "default series number {n} reaches the first group's range"),
            }
        }
        assert_eq!(data.customer_groups[0].numbering_start, Some(300_000));
        assert!(seen.len() > 240_000);
        // Up to 100,000 customers the ranges are as before: 100,000 wide.
        assert_eq!(generate(&GeneratorConfig::small()).customer_groups[0].numbering_start, Some(100_000));
    }
}

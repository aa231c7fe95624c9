//! The `vastuu` program, run as a program: every subcommand's output and exit status, `--json`
//! parsed back, errors, and exports read back as workbooks. On the file store and SQLite; on
//! PostgreSQL when `VASTUU_POSTGRES_DSN` names a server (skipped otherwise, failed under CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calamine::{Data as Cell, Reader, Xlsx};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;
use vastuu::{
    CustomerId, Directory, EmployeeId, NewCustomer, NewCustomerGroup, NewEmployee, NewRole, RoleScope, SqliteStore,
};

/// Runs the program with `args` (and no `VASTUU_STORE` from the environment).
fn vastuu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vastuu")).args(args).env_remove("VASTUU_STORE").output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs the program and checks its exit status; returns standard output.
fn run(args: &[&str], status: i32) -> String {
    let out = vastuu(args);
    assert_eq!(
        out.status.code(),
        Some(status),
        "vastuu {args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Runs the program with `--json`, checks its exit status and parses standard output.
fn json(args: &[&str], status: i32) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let text = run(&all, status);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("vastuu {all:?} printed no JSON ({e}):\n{text}"))
}

/// Runs the program expecting an error (exit status 2, nothing on standard output); returns
/// standard error.
fn fails(args: &[&str]) -> String {
    let out = vastuu(args);
    assert_eq!(out.status.code(), Some(2), "vastuu {args:?} should fail: {}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).is_empty(), "an error prints nothing on standard output: {}", stdout(&out));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "vastuu {args:?} panicked: {err}");
    err
}

/// The ids of the sample directory.
struct Sample {
    matti: EmployeeId,
    liisa: EmployeeId,
    esim: CustomerId,
    apu: CustomerId,
}

/// A small directory: a numbered group sold by Matti, Esimerkki (no. 1000, Matti responsible
/// with a role, a project Jussi works on), Öljy (Liisa responsible) and Apu (no. 1001, nobody
/// responsible).
fn fill(dir: &mut Directory) -> Sample {
    let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen").sales_rights(true)).unwrap();
    let liisa = dir.create_employee(NewEmployee::new("Liisa Lähtijä")).unwrap();
    let jussi = dir.create_employee(NewEmployee::new("Jussi Jatkaja")).unwrap();
    let north = dir
        .create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000).salespeople([matti]))
        .unwrap();
    let esim = dir.create_customer(NewCustomer::new("Esimerkki Oy").group(north)).unwrap();
    let oljy = dir.create_customer(NewCustomer::new("Öljy Ab")).unwrap();
    let apu = dir.create_customer(NewCustomer::new("Apu Ky").group(north)).unwrap();
    dir.toggle(esim.into(), matti).unwrap();
    let service = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer)).unwrap();
    dir.add_role(esim.into(), matti, service).unwrap();
    dir.toggle(oljy.into(), liisa).unwrap();
    let roof = dir.create_project(esim, "Kattoremontti").unwrap();
    dir.toggle(roof.into(), jussi).unwrap();
    Sample { matti, liisa, esim, apu }
}

/// Where a store of `kind` (`file` or `sqlite`) named `stem` goes in `tmp`: its argument for the
/// command, and its path.
fn store_at(tmp: &TempDir, kind: &str, stem: &str) -> (String, PathBuf) {
    match kind {
        "file" => {
            let path = tmp.path().join(format!("{stem}.vastuu"));
            (path.display().to_string(), path)
        }
        _ => {
            let path = tmp.path().join(format!("{stem}.db"));
            (format!("sqlite:{}", path.display()), path)
        }
    }
}

/// A store of `kind` (`file` or `sqlite`) in `tmp`, made with `vastuu init` and filled with the
/// sample; returns its argument.
fn sample_store(tmp: &TempDir, kind: &str) -> (String, Sample) {
    let (arg, path) = store_at(tmp, kind, "customers");
    run(&["init", &arg], 0);
    let mut dir = open(kind, &path);
    let sample = fill(&mut dir);
    (arg, sample)
}

fn open(kind: &str, path: &Path) -> Directory {
    match kind {
        "file" => Directory::open(path).unwrap(),
        _ => Directory::with_store(SqliteStore::open(path).unwrap()).unwrap(),
    }
}

/// The first sheet of a workbook: its name and rows.
fn read_book(path: &Path) -> (String, Vec<Vec<Cell>>) {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let sheets = book.sheet_names();
    let range = book.worksheet_range(&sheets[0]).unwrap();
    (sheets[0].clone(), range.rows().map(<[Cell]>::to_vec).collect())
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::String(s) => s.clone(),
        Cell::Empty => String::new(),
        other => other.to_string(),
    }
}

fn column(rows: &[Vec<Cell>], index: usize) -> Vec<String> {
    rows.iter().skip(1).map(|r| r.get(index).map(text).unwrap_or_default()).collect()
}

#[test]
fn init_creates_an_empty_store_and_refuses_an_existing_one() {
    for kind in ["file", "sqlite"] {
        let tmp = TempDir::new().unwrap();
        let arg = match kind {
            "file" => tmp.path().join("new.vastuu").display().to_string(),
            _ => format!("sqlite:{}", tmp.path().join("new.db").display()),
        };
        let created = json(&["init", &arg], 0);
        assert_eq!(created["created"], true);
        assert_eq!(created["store"], arg.as_str());
        assert_eq!(json(&["verify", &arg], 0)["ok"], true);
        let err = fails(&["init", &arg]);
        assert!(err.contains("already exists"), "{err}");
        // Not even a folder with something else in it is made into a store.
        let other = tmp.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("notes.txt"), "keep me").unwrap();
        fails(&["init", other.to_str().unwrap()]);
        assert_eq!(std::fs::read_to_string(other.join("notes.txt")).unwrap(), "keep me");
    }
}

#[test]
fn a_missing_store_or_none_at_all_is_an_error_not_a_new_store() {
    let tmp = TempDir::new().unwrap();
    let missing = tmp.path().join("nothing-here");
    let err = fails(&["check", missing.to_str().unwrap()]);
    assert!(err.contains("there is no store at") && err.contains("vastuu init"), "{err}");
    assert!(!missing.exists(), "a read command must not create a store");
    let db = tmp.path().join("nothing.db");
    fails(&["numbering", &format!("sqlite:{}", db.display())]);
    assert!(!db.exists());
    let err = fails(&["check"]);
    assert!(err.contains("no store given"), "{err}");
}

#[test]
fn the_store_can_come_from_the_environment_or_the_store_option() {
    let tmp = TempDir::new().unwrap();
    let (arg, _) = sample_store(&tmp, "file");
    let out = Command::new(env!("CARGO_BIN_EXE_vastuu"))
        .args(["numbering", "--json"])
        .env("VASTUU_STORE", &arg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["series"].as_array().unwrap().len(), 2);
    let report = json(&["--store", &arg, "numbering"], 0);
    assert_eq!(report["series"][1]["group"]["name"], "Pohjoinen");
}

#[test]
fn bad_flags_are_refused_with_exit_status_2() {
    let tmp = TempDir::new().unwrap();
    let (arg, _) = sample_store(&tmp, "file");
    let out = tmp.path().join("x.xlsx").display().to_string();
    let err = fails(&["export", "matrix", &arg, "-o", &out, "--lang", "de"]);
    assert!(err.contains("--lang"), "{err}");
    fails(&["export", "nonsense", &arg, "-o", &out]);
    fails(&["check", &arg, "--as-of", "2026-13-01"]);
    fails(&["history", &arg]);
    let err = fails(&["export", "customers", &arg, "-o", &out, "--by-role"]);
    assert!(err.contains("does not take --by-role"), "{err}");
    let err = fails(&["export", "group-customers", &arg, "-o", &out]);
    assert!(err.contains("one --group, or --no-group"), "{err}");
    assert!(!Path::new(&out).exists(), "a refused export writes nothing");
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for sub in ["init", "export", "import", "check", "numbering", "history", "handover", "compact", "verify"] {
        let help = run(&[sub, "--help"], 0);
        assert!(help.contains("EXAMPLES:") && help.contains(&format!("vastuu {sub}")), "{sub}: {help}");
    }
    assert!(run(&["--help"], 0).contains("EXIT STATUS"));
}

#[test]
fn check_exits_1_on_an_uncovered_customer_and_0_once_covered() {
    for kind in ["file", "sqlite"] {
        let tmp = TempDir::new().unwrap();
        let (arg, sample) = sample_store(&tmp, kind);
        let text = run(&["check", &arg, "--as-of", "2026-06-01"], 1);
        assert!(text.contains("Customers with nobody responsible on 2026-06-01: 1"), "{text}");
        assert!(text.contains("Apu Ky (no. 1001"), "{text}");
        let found = json(&["check", &arg, "--as-of", "2026-06-01"], 1);
        assert_eq!(found["clean"], false);
        let uncovered = found["customers_without_responsible"].as_array().unwrap();
        assert_eq!(uncovered.len(), 1);
        assert_eq!(uncovered[0]["id"], sample.apu.get());
        assert_eq!(uncovered[0]["number"], 1001);
        assert_eq!(found["salespeople_without_sales_rights"].as_array().unwrap().len(), 0);
        assert!(found.get("responsibilities_ending").is_none(), "not run unless asked for");

        let mut dir = open(kind, &tmp.path().join(if kind == "file" { "customers.vastuu" } else { "customers.db" }));
        dir.toggle(sample.apu.into(), sample.matti).unwrap();
        drop(dir);
        let text = run(&["check", &arg], 0);
        assert!(text.contains("All clear."), "{text}");
        assert_eq!(json(&["check", &arg], 0)["clean"], true);
    }
}

#[test]
fn check_finds_inactive_holders_and_ending_responsibilities() {
    let tmp = TempDir::new().unwrap();
    let (arg, sample) = sample_store(&tmp, "file");
    let mut dir = Directory::open(tmp.path().join("customers.vastuu")).unwrap();
    dir.toggle(sample.apu.into(), sample.matti).unwrap();
    let period = vastuu::Period::new(None, Some(jiff::civil::date(2026, 6, 20))).unwrap();
    dir.set_period(sample.esim.into(), sample.matti, period).unwrap();
    dir.archive_employee(sample.liisa).unwrap();
    drop(dir);
    let found = json(&["check", &arg, "--as-of", "2026-06-01", "--ending-within", "30"], 1);
    let inactive = found["responsibilities_of_inactive_employees"].as_array().unwrap();
    assert_eq!(inactive.len(), 1);
    assert_eq!(inactive[0]["employee"]["name"], "Liisa Lähtijä");
    let ending = found["responsibilities_ending"].as_array().unwrap();
    assert_eq!(ending.len(), 1);
    assert_eq!(ending[0]["ends"], "2026-06-20");
    assert_eq!(ending[0]["customer"]["name"], "Esimerkki Oy");
    // Öljy's only holder is inactive now: it has nobody responsible.
    assert_eq!(found["customers_without_responsible"][0]["name"], "Öljy Ab");
    let only = json(&["check", &arg, "--only", "salespeople-without-rights"], 0);
    assert!(only.get("customers_without_responsible").is_none());
}

#[test]
fn exports_write_real_workbooks_of_every_kind() {
    for kind in ["file", "sqlite"] {
        let tmp = TempDir::new().unwrap();
        let (arg, _) = sample_store(&tmp, kind);
        let out = |name: &str| tmp.path().join(name).display().to_string();

        let written = json(&["export", "persons", &arg, "-o", &out("persons.xlsx"), "--lang", "en"], 0);
        assert_eq!((written["kind"].as_str(), written["rows"].as_u64()), (Some("persons"), Some(2)));
        let (_, rows) = read_book(Path::new(&out("persons.xlsx")));
        assert_eq!(text(&rows[0][1]), "Customer");
        assert_eq!(column(&rows, 1), ["Esimerkki Oy", "Öljy Ab"]);
        assert_eq!(column(&rows, 4), ["Matti Meikäläinen", "Liisa Lähtijä"]);

        // In a pipe (standard error is not a terminal) no progress bar is drawn: nothing extra.
        let piped = vastuu(&["export", "responsible-persons", &arg, "-o", &out("p2.xlsx"), "--projects"]);
        assert_eq!(piped.status.code(), Some(0));
        assert!(stdout(&piped).contains("Wrote 3 rows to"), "{}", stdout(&piped));
        assert!(piped.stderr.is_empty(), "{}", stderr(&piped));

        json(&["export", "customers", &arg, "-o", &out("c.xlsx"), "--group", "pohjoinen", "--lang", "sv"], 0);
        let (sheet, rows) = read_book(Path::new(&out("c.xlsx")));
        assert_eq!(sheet, "Kunder");
        assert_eq!(column(&rows, 1), ["Apu Ky", "Esimerkki Oy"]);

        json(&["export", "group-customers", &arg, "-o", &out("g.xlsx"), "--no-group"], 0);
        let (sheet, rows) = read_book(Path::new(&out("g.xlsx")));
        assert_eq!((sheet.as_str(), column(&rows, 1)), ("Ei ryhmää", vec!["Öljy Ab".to_owned()]));

        let m = json(&["export", "matrix", &arg, "-o", &out("m.xlsx"), "--by-role", "--text", "esim"], 0);
        assert_eq!(m["rows"], 1);
        let (_, rows) = read_book(Path::new(&out("m.xlsx")));
        let matti = rows[0].iter().position(|c| text(c) == "Matti Meikäläinen").unwrap();
        assert_eq!(text(&rows[1][matti]), "Huoltovastaava");
        json(&["export", "matrix", &arg, "-o", &out("plain.xlsx"), "--employee", "1"], 0);
        let (_, rows) = read_book(Path::new(&out("plain.xlsx")));
        assert_eq!(rows[0].len(), 3, "one column of employees: {:?}", rows[0]);
        assert!(rows.iter().skip(1).any(|r| text(&r[2]) == "x"));
    }
}

#[test]
fn a_special_group_export_and_unknown_names() {
    let tmp = TempDir::new().unwrap();
    let (arg, sample) = sample_store(&tmp, "file");
    let mut dir = Directory::open(tmp.path().join("customers.vastuu")).unwrap();
    dir.create_special_group(vastuu::NewSpecialGroup::new("VIP").customers([sample.esim])).unwrap();
    let key = vastuu::CustomerUpdate { external_id: Some(Some("CRM-1".into())), ..Default::default() };
    dir.update_customer(sample.esim, key).unwrap();
    drop(dir);
    let out = tmp.path().join("vip.xlsx").display().to_string();
    let written = json(&["export", "special-group-customers", &arg, "--special-group", "VIP", "-o", &out], 0);
    assert_eq!(written["rows"], 1);
    let (sheet, rows) = read_book(Path::new(&out));
    assert_eq!((sheet.as_str(), column(&rows, 0)), ("VIP", vec!["1000".to_owned()]));
    assert!(!rows[0].iter().any(|c| text(c) == "Ulkoinen tunnus"), "no key column unless asked");
    let args = ["export", "special-group-customers", &arg, "--special-group", "VIP", "--external-ids", "-o", &out];
    json(&args, 0);
    let (_, rows) = read_book(Path::new(&out));
    assert_eq!(rows[0].last().map(text), Some("Ulkoinen tunnus".to_owned()));
    assert_eq!(column(&rows, rows[0].len() - 1), ["CRM-1"]);
    let err = fails(&["export", "special-group-customers", &arg, "--special-group", "Nobody", "-o", &out]);
    assert!(err.contains("no special group is named \"Nobody\""), "{err}");
    let err = fails(&["export", "customers", &arg, "--group", "#99", "-o", &out]);
    assert!(err.contains("customer group #99 does not exist"), "{err}");
}

#[test]
fn numbering_reports_every_series() {
    let tmp = TempDir::new().unwrap();
    let (arg, _) = sample_store(&tmp, "sqlite");
    let text = run(&["numbering", &arg], 0);
    assert!(text.contains("default series") && text.contains("Pohjoinen (#1)"), "{text}");
    assert!(text.contains("No conflicts."), "{text}");
    let report = json(&["numbering", &arg], 0);
    let series = report["series"].as_array().unwrap();
    assert_eq!(series[0]["group"], Value::Null);
    assert_eq!(series[0]["used"], 1);
    assert_eq!((series[1]["start"].as_u64(), series[1]["next_number"].as_u64()), (Some(1000), Some(1002)));
    assert_eq!(report["conflicts"].as_array().unwrap().len(), 0);
}

#[test]
fn history_of_a_customer_by_number_id_or_name_and_of_an_employee() {
    let tmp = TempDir::new().unwrap();
    let (arg, sample) = sample_store(&tmp, "file");
    let by_number = json(&["history", &arg, "--customer", "1000"], 0);
    assert_eq!(by_number["id"], sample.esim.get());
    let sets = by_number["change_sets"].as_array().unwrap();
    assert_eq!(sets.len(), 5, "created, responsible, role, project, project participant");
    assert_eq!(sets[0]["changes"][0]["change"], "put_customer");
    assert_eq!(sets[1]["changes"][0]["change"], "put_responsibility");
    assert!(sets[2]["changes"][0]["summary"].as_str().unwrap().contains("roles: Huoltovastaava"));
    let by_id = json(&["history", &arg, "--customer", &format!("#{}", sample.esim.get()), "--last", "2"], 0);
    assert_eq!(by_id["change_sets"].as_array().unwrap().len(), 2);
    assert_eq!(by_id["change_sets"][1]["seq"], sets[4]["seq"]);
    let text = run(&["history", &arg, "--customer", "esimerkki oy"], 0);
    assert!(
        text.contains("History of Esimerkki Oy") && text.contains("Matti Meikäläinen (#1) is responsible"),
        "{text}"
    );
    let employee = json(&["history", &arg, "--employee", "Liisa Lähtijä"], 0);
    assert_eq!((employee["kind"].as_str(), employee["change_sets"].as_array().unwrap().len()), (Some("employee"), 2));

    let err = fails(&["history", &arg, "--customer", "4242"]);
    assert!(err.contains("no customer has number 4242"), "{err}");
    let err = fails(&["history", &arg, "--customer", "#77"]);
    assert!(err.contains("customer #77 does not exist"), "{err}");
    let err = fails(&["history", &arg, "--employee", "Nobody"]);
    assert!(err.contains("no employee is named \"Nobody\""), "{err}");
}

#[test]
fn handover_previews_by_default_and_applies_with_apply() {
    for kind in ["file", "sqlite"] {
        let tmp = TempDir::new().unwrap();
        let (arg, sample) = sample_store(&tmp, kind);
        let path = tmp.path().join(if kind == "file" { "customers.vastuu" } else { "customers.db" });
        let args =
            ["handover", &arg, "--from", "Matti Meikäläinen", "--to", "Liisa Lähtijä", "--effective", "2027-01-01"];
        let preview = run(&args, 0);
        assert!(preview.contains("Preview only"), "{preview}");
        assert!(preview.contains("Esimerkki Oy"), "{preview}");
        let plan = json(&args, 0);
        assert_eq!(plan["applied"], false);
        assert_eq!(plan["steps"][0]["kind"], "responsibility");
        assert_eq!(plan["steps"][0]["from_after"]["valid_to"], "2026-12-31");
        assert_eq!(plan["steps"][0]["to_after"]["valid_from"], "2027-01-01");
        assert_eq!(plan["skipped"][0]["reason"], "salesperson_places_are_not_dated");
        let last_seq = open(kind, &path).last_seq();
        assert_eq!(open(kind, &path).last_seq(), last_seq, "a preview changes nothing");

        let mut apply = args.to_vec();
        apply.extend(["--apply", "--actor", "Maija"]);
        let applied = json(&apply, 0);
        assert_eq!((applied["applied"].as_bool(), applied["seq"].as_u64()), (Some(true), Some(last_seq + 1)));
        let dir = open(kind, &path);
        let held = dir.responsibility(sample.esim.into(), sample.liisa).unwrap().unwrap();
        assert_eq!(held.period.from, Some(jiff::civil::date(2027, 1, 1)));
        assert_eq!(dir.history(sample.esim).unwrap().last().unwrap().actor.as_deref(), Some("Maija"));
        drop(dir);
        let err = fails(&["handover", &arg, "--from", "1", "--to", "1"]);
        assert!(err.contains("employee #1"), "{err}");
    }
}

#[test]
fn compact_writes_a_snapshot_and_keeps_the_history() {
    for kind in ["file", "sqlite"] {
        let tmp = TempDir::new().unwrap();
        let (arg, sample) = sample_store(&tmp, kind);
        let done = json(&["compact", &arg], 0);
        assert_eq!(done["snapshot_seq"], 13);
        assert!(run(&["compact", &arg], 0).contains("after change set 13"));
        let history = json(&["history", &arg, "--customer", &format!("#{}", sample.apu.get())], 0);
        assert_eq!(history["change_sets"].as_array().unwrap().len(), 1);
        assert_eq!(json(&["verify", &arg], 0)["change_sets"], 13);
    }
}

#[test]
fn verify_reports_what_opening_mended_and_a_damaged_store() {
    let tmp = TempDir::new().unwrap();
    let (arg, _) = sample_store(&tmp, "file");
    let text = run(&["verify", &arg], 0);
    assert!(text.contains("OK, 13 change sets read back"), "{text}");
    // A crash in the middle of appending a record leaves a torn record behind.
    let journal: PathBuf = tmp.path().join("customers.vastuu").join("vastuu.journal");
    let mut bytes = std::fs::read(&journal).unwrap();
    let clean_len = bytes.len();
    bytes.extend_from_slice(&[7, 0, 0, 0, 1, 2]);
    std::fs::write(&journal, &bytes).unwrap();
    let found = json(&["verify", &arg], 1);
    assert_eq!(found["ok"], false);
    assert_eq!(found["repairs"][0]["kind"], "torn_record");
    assert_eq!(found["repairs"][0]["bytes"], 6);
    assert_eq!(json(&["verify", &arg], 0)["ok"], true, "mended once, clean after");
    // Any other command says on standard error what opening mended.
    std::fs::write(&journal, &bytes).unwrap();
    let out = vastuu(&["numbering", &arg]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("opening the store mended something"), "{}", stderr(&out));
    // A record damaged in the middle of the journal: the store does not open.
    let mut bytes = std::fs::read(&journal).unwrap();
    assert_eq!(bytes.len(), clean_len);
    let middle = clean_len / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&journal, &bytes).unwrap();
    let text = run(&["verify", &arg], 1);
    assert!(text.contains("the store does not open") && text.contains("corrupt"), "{text}");
    let err = fails(&["check", &arg]);
    assert!(err.contains("corrupt"), "{err}");
}

#[test]
fn the_postgres_store_is_opened_from_a_url_or_key_value_pairs() {
    let Some(dsn) = vastuu_tests::postgres_server::dsn() else { return };
    let schema = vastuu_tests::postgres_server::fresh_schema("cli");
    let arg = format!("postgres:{dsn}");
    let err = fails(&["check", &arg, "--schema", &schema]);
    assert!(err.contains("there is no store at"), "{err}");
    assert_eq!(json(&["init", &arg, "--schema", &schema], 0)["created"], true);
    let err = fails(&["init", &arg, "--schema", &schema]);
    assert!(err.contains("already holds a directory"), "{err}");
    let options = vastuu::PostgresOptions::new().schema(schema.clone());
    let mut dir = Directory::with_store(vastuu::PostgresStore::connect_with(&dsn, options).unwrap()).unwrap();
    fill(&mut dir);
    drop(dir);
    let found = json(&["check", &arg, "--schema", &schema, "--as-of", "2026-06-01"], 1);
    assert_eq!(found["customers_without_responsible"][0]["name"], "Apu Ky");
    let out = TempDir::new().unwrap();
    let path = out.path().join("p.xlsx");
    let written = json(&["export", "persons", &arg, "--schema", &schema, "-o", path.to_str().unwrap()], 0);
    assert_eq!(written["rows"], 2);
    assert_eq!(column(&read_book(&path).1, 1), ["Esimerkki Oy", "Öljy Ab"]);
    assert_eq!(json(&["verify", &arg, "--schema", &schema], 0)["change_sets"], 13);
    // The same store by URL (a Unix socket folder is written percent-encoded as the host).
    let pair = |key: &str| {
        dsn.split_whitespace().find_map(|p| p.strip_prefix(&format!("{key}="))).unwrap_or_default().to_owned()
    };
    let host = pair("host").replace('/', "%2F");
    let url = format!("postgresql://{}@{host}:{}/{}", pair("user"), pair("port"), pair("dbname"));
    let report = json(&["numbering", &url, "--schema", &schema], 0);
    assert_eq!(report["series"][1]["group"]["name"], "Pohjoinen");
    vastuu_tests::postgres_server::drop_schema(&dsn, &schema);
}

/// On a terminal (here the pseudo-terminal `script` gives the program) an export draws its
/// progress bar on standard error, fed by the export's progress reports, and clears it.
#[test]
fn an_export_on_a_terminal_shows_a_progress_bar() {
    let tmp = TempDir::new().unwrap();
    let (arg, _) = sample_store(&tmp, "file");
    let out = tmp.path().join("tty.xlsx");
    let line = format!("{} export persons {arg} -o {}", env!("CARGO_BIN_EXE_vastuu"), out.display());
    let Ok(ran) = Command::new("script").args(["-qec", &line, "/dev/null"]).env_remove("VASTUU_STORE").output() else {
        eprintln!("notice: `script` (util-linux) is not installed; the terminal test is skipped");
        return;
    };
    let screen = stdout(&ran);
    assert_eq!(ran.status.code(), Some(0), "{screen}{}", stderr(&ran));
    assert!(screen.contains("/2 rows"), "no progress bar drawn: {screen:?}");
    assert!(screen.contains("\u{1b}[2K"), "the bar is cleared at the end: {screen:?}");
    assert!(screen.contains("Wrote 2 rows to"), "{screen:?}");
    assert_eq!(read_book(&out).1.len(), 3);
}

/// A customer as an import must bring it back: number, name, group name, responsible persons.
type CustomerFacts = (Option<u64>, String, Option<String>, Vec<String>);

/// Each customer's facts, sorted.
fn customers_of(dir: &Directory) -> Vec<CustomerFacts> {
    let mut all: Vec<_> = dir
        .customers()
        .map(|c| {
            let group = c.group.map(|g| dir.customer_group(g).unwrap().name.clone());
            let mut people: Vec<String> = dir
                .responsibilities_for(vastuu::Subject::Customer(c.id))
                .unwrap()
                .into_iter()
                .map(|r| dir.employee(r.employee).unwrap().name.clone())
                .collect();
            people.sort();
            (c.number, c.name.clone(), group, people)
        })
        .collect();
    all.sort();
    all
}

#[test]
fn import_reads_an_export_back_into_an_empty_store_all_or_nothing() {
    for kind in ["file", "sqlite"] {
        let tmp = TempDir::new().unwrap();
        let (arg, _) = sample_store(&tmp, kind);
        let book = tmp.path().join("asiakkaat.xlsx").display().to_string();
        run(&["export", "customers", &arg, "-o", &book], 0);
        let (target, path) = store_at(&tmp, kind, "new");
        run(&["init", &target], 0);

        // A dry run reports what would be created and changes nothing.
        let plan = json(&["import", &target, &book, "--create-missing", "--dry-run"], 0);
        assert_eq!(
            (plan["kind"].as_str(), plan["dry_run"].as_bool(), plan["rows"].as_u64()),
            (Some("customers"), Some(true), Some(3))
        );
        let planned: Vec<&str> = plan["created"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "customer")
            .map(|i| i["label"].as_str().unwrap())
            .collect();
        assert_eq!(planned.len(), 3, "{plan}");
        assert!(open(kind, &path).customers().next().is_none(), "a dry run changed the store");

        let text = run(&["import", &target, &book, "--create-missing"], 0);
        assert!(text.contains("3 rows of customers"), "{text}");
        // The same customers, numbers, groups and responsible persons as the store exported.
        let (_, source) = store_at(&tmp, kind, "customers");
        let (imported, exported) = (customers_of(&open(kind, &path)), customers_of(&open(kind, &source)));
        assert_eq!(imported, exported);
        assert_eq!(imported.len(), 3);

        // The same file again: everything is left alone.
        let again = json(&["import", &target, &book], 0);
        assert_eq!(
            (again["created"].as_array().map(Vec::len), again["unchanged"].as_u64()),
            (Some(0), Some(3)),
            "{again}"
        );
    }
}

#[test]
fn import_of_a_bad_file_lists_every_problem_and_changes_nothing() {
    let tmp = TempDir::new().unwrap();
    let (arg, _) = sample_store(&tmp, "file");
    let csv = tmp.path().join("bad.csv");
    std::fs::write(&csv, "Asiakasnumero;Nimi\n5000;Uusi Oy\n5000;Toinen Oy\n1000;Eri nimi Oy\n").unwrap();
    let csv = csv.display().to_string();
    let before = open("file", Path::new(&arg)).customers().count();

    let err = fails(&["import", &arg, &csv, "--kind", "customers"]);
    let problem_lines = err.lines().filter(|l| l.contains("bad.csv")).count();
    assert!(problem_lines >= 2, "both the duplicate and the taken number are reported: {err}");
    assert!(err.contains("5000") && err.contains("1000"), "{err}");
    assert_eq!(open("file", Path::new(&arg)).customers().count(), before, "a bad import changed the store");

    let report = json(&["import", &arg, &csv, "--kind", "customers"], 2);
    let problems = report["problems"].as_array().unwrap();
    assert!(problems.len() >= 2, "{report}");
    assert!(
        problems
            .iter()
            .all(|p| p["file"].as_str().is_some_and(|f| f.ends_with("bad.csv")) && p["row"].as_u64().is_some()),
        "{report}"
    );

    let junk = tmp.path().join("junk.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 this is not a workbook").unwrap();
    let err = fails(&["import", &arg, &junk.display().to_string()]);
    assert!(err.contains("junk.xlsx"), "{err}");
}

/// An import draws its progress bar on a terminal (and nothing on standard error in a pipe);
/// given the file alone, the store is the one --store names.
#[test]
fn an_import_on_a_terminal_shows_a_progress_bar_and_takes_the_store_from_store() {
    let tmp = TempDir::new().unwrap();
    let (arg, _) = sample_store(&tmp, "file");
    let csv = tmp.path().join("uudet.csv");
    std::fs::write(&csv, "Asiakasnumero;Nimi\n7000;Uusi Oy\n7001;Toinen Oy\n").unwrap();

    let piped = Command::new(env!("CARGO_BIN_EXE_vastuu"))
        .args(["--store", &arg, "import", &csv.display().to_string(), "--dry-run"])
        .env_remove("VASTUU_STORE")
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert!(piped.stderr.is_empty(), "{}", stderr(&piped));
    assert!(stdout(&piped).contains("2 rows of customers: would create 2"), "{}", stdout(&piped));

    let line = format!("{} import {arg} {}", env!("CARGO_BIN_EXE_vastuu"), csv.display());
    let Ok(ran) = Command::new("script").args(["-qec", &line, "/dev/null"]).env_remove("VASTUU_STORE").output() else {
        eprintln!("notice: `script` (util-linux) is not installed; the terminal test is skipped");
        return;
    };
    let screen = stdout(&ran);
    assert_eq!(ran.status.code(), Some(0), "{screen}{}", stderr(&ran));
    assert!(screen.contains("/2 rows"), "no progress bar drawn: {screen:?}");
    assert!(screen.contains("2 rows of customers: created 2"), "{screen:?}");
    assert_eq!(
        open("file", Path::new(&arg)).customer_by_number(7001).map(|c| c.name.clone()),
        Some("Toinen Oy".into())
    );
}

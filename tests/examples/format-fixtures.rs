//! Writes the stored-format fixtures: the same small directory in a file store and in a SQLite
//! database, in the format the library writes now.
//!
//! ```text
//! cargo run -p vastuu-tests --example format-fixtures -- tests/fixtures/format-N
//! ```
//!
//! The directory holds every kind of entity and every kind of [`Change`](vastuu::Change): teams,
//! employees (one inactive, one seeing everything), customer and project roles, a default series
//! with an end, a numbered and an unnumbered customer group, special groups, customers (a
//! prospect, an unnumbered and an archived one), projects, responsibilities with roles and
//! periods, deletes (with their cascades), a transaction of several changes, an actor on some
//! change sets, and a snapshot (compaction) with change sets before and after it. Change-set times
//! come from a clock that moves 90 seconds and some nanoseconds per change set.
//!
//! It prints the directory's data and change sets (`Debug`), from which a fixture's test writes
//! out what it expects. A fixture of a released format is never written again: the program
//! refuses a folder that exists. Each fixture folder has a README saying how and when it was
//! made; `tests/tests/store/format.rs` opens the fixtures of every format.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::date;
use jiff::Timestamp;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use vastuu::{
    Clock, CustomerStatus, Directory, EmployeeUpdate, FileStore, NewCustomer, NewCustomerGroup, NewEmployee, NewRole,
    NewSpecialGroup, Period, RoleScope, SqliteStore, Store,
};

/// A clock that moves on by 90 seconds and 123,456,789 nanoseconds (modulo a second) at each
/// reading, starting at 2026-03-02T08:00:00Z.
struct SteppingClock(AtomicI64);

impl Clock for SteppingClock {
    fn now(&self) -> Timestamp {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        let start: Timestamp = "2026-03-02T08:00:00Z".parse().unwrap();
        let nanos = i32::try_from((n * 123_456_789) % 1_000_000_000).unwrap();
        Timestamp::new(start.as_second() + n * 90, nanos).unwrap()
    }
}

/// Builds the fixture directory in `store`.
fn build(store: impl Store + 'static) -> Directory {
    let mut dir = Directory::with_store(store).unwrap();
    dir.set_clock(SteppingClock(AtomicI64::new(0)));

    // Before the snapshot.
    dir.set_actor(Some("Pääkäyttäjä Åsa")).unwrap();
    let huolto = dir.create_team("Huolto").unwrap();
    let myynti = dir.create_team("Myynti").unwrap();
    let lakkautettu = dir.create_team("Lakkautettu tiimi").unwrap();
    let matti = dir
        .create_employee(
            NewEmployee::new("Matti Meikäläinen").email("matti@example.fi").team(huolto).sales_rights(true),
        )
        .unwrap();
    let liisa = dir.create_employee(NewEmployee::new("Liisa Ek").team(myynti).sees_all(true)).unwrap();
    let _omer = dir.create_employee(NewEmployee::new("Ömer Åkerlund").team(lakkautettu).active(false)).unwrap();
    let poistuva = dir.create_employee(NewEmployee::new("Pekka Poistuva").sales_rights(true)).unwrap();
    let huoltovastaava =
        dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer).portal_visible(true)).unwrap();
    let projektipaallikko = dir.create_role(NewRole::new("Projektipäällikkö", RoleScope::Project)).unwrap();
    let vanha_rooli = dir.create_role(NewRole::new("Vanha rooli", RoleScope::Customer)).unwrap();
    dir.set_default_series(10, Some(499)).unwrap();
    let pohjoinen = dir
        .create_customer_group(
            NewCustomerGroup::new("Pohjoinen")
                .numbering_start(1000)
                .numbering_end(1999)
                .ledger_account("3000")
                .cost_centers(["K1", "Kustannuspaikka ÅÄÖ"])
                .salespeople([matti, poistuva]),
        )
        .unwrap();
    let etela = dir.create_customer_group(NewCustomerGroup::new("Etelä")).unwrap();
    let avain =
        dir.create_special_group(NewSpecialGroup::new("Avainasiakkaat").description("Tärkeimmät asiakkaat")).unwrap();
    let kampanja = dir.create_special_group(NewSpecialGroup::new("Kampanja 2026")).unwrap();
    let esimerkki =
        dir.create_customer(NewCustomer::new("Esimerkki Oy").group(pohjoinen).special_group(avain)).unwrap();
    let prospekti = dir.create_customer(NewCustomer::new("Prospekti Ab").status(CustomerStatus::Prospect)).unwrap();
    let numeroton = dir.create_customer(NewCustomer::new("Numeroton Tmi").unnumbered().group(etela)).unwrap();
    let poistuva_asiakas =
        dir.create_customer(NewCustomer::new("Poistuva Oy").number(77).special_group(kampanja)).unwrap();
    let remontti = dir.create_project(esimerkki, "Lämpöremontti").unwrap();
    let poistuva_projekti = dir.create_project(esimerkki, "Poistuva projekti").unwrap();
    dir.set_actor(None).unwrap();
    dir.toggle(esimerkki.into(), matti).unwrap();
    dir.add_role(esimerkki.into(), matti, huoltovastaava).unwrap();
    dir.set_period(esimerkki.into(), matti, Period::new(Some(date(2026, 1, 1)), None).unwrap()).unwrap();
    dir.toggle(remontti.into(), liisa).unwrap();
    dir.add_role(remontti.into(), liisa, projektipaallikko).unwrap();
    dir.set_period(remontti.into(), liisa, Period::new(Some(date(2026, 2, 1)), Some(date(2026, 12, 31))).unwrap())
        .unwrap();
    dir.toggle(prospekti.into(), liisa).unwrap();
    dir.set_period(prospekti.into(), liisa, Period::new(None, Some(date(2026, 6, 30))).unwrap()).unwrap();
    dir.toggle(poistuva_asiakas.into(), poistuva).unwrap();
    dir.add_role(poistuva_asiakas.into(), poistuva, vanha_rooli).unwrap();
    dir.archive_customer(numeroton).unwrap();
    dir.delete_employee(poistuva).unwrap();
    dir.compact().unwrap();

    // After the snapshot.
    dir.set_actor(Some("Integraatio")).unwrap();
    dir.transaction(|d| {
        let uusi = d.create_customer(NewCustomer::new("Uusi Asiakas Oy").group(pohjoinen))?;
        d.toggle(uusi.into(), matti)?;
        d.add_role(uusi.into(), matti, huoltovastaava)?;
        Ok(())
    })
    .unwrap();
    dir.toggle(prospekti.into(), liisa).unwrap();
    dir.delete_project(poistuva_projekti).unwrap();
    dir.delete_customer(poistuva_asiakas).unwrap();
    dir.delete_role(vanha_rooli).unwrap();
    dir.delete_special_group(kampanja).unwrap();
    dir.delete_customer_group(etela).unwrap();
    dir.delete_team(lakkautettu).unwrap();
    dir.set_actor(None).unwrap();
    dir.update_employee(
        liisa,
        EmployeeUpdate { email: Some(Some("liisa.ek@example.fi".into())), ..Default::default() },
    )
    .unwrap();
    dir.add_to_special_group(avain, prospekti).unwrap();
    dir.archive_project(remontti).unwrap();
    dir.set_default_series(10, None).unwrap();
    dir
}

fn main() {
    let out = std::env::args().nth(1).expect("usage: format-fixtures OUTPUT-FOLDER");
    let out = Path::new(&out);
    assert!(!out.exists(), "{} exists; a fixture is written once and never again", out.display());
    std::fs::create_dir_all(out).unwrap();

    let file_store = out.join("file-store");
    let file_dir = build(FileStore::open(&file_store).unwrap());
    let sqlite = out.join("sqlite.db");
    let sqlite_dir = build(SqliteStore::open(&sqlite).unwrap());
    assert_eq!(file_dir.data(), sqlite_dir.data());
    assert_eq!(file_dir.change_sets().unwrap(), sqlite_dir.change_sets().unwrap());
    println!("{:#?}", file_dir.data());
    println!("{:#?}", file_dir.change_sets().unwrap());
    drop(file_dir);
    drop(sqlite_dir);
    // The lock file is made again by whoever opens the store.
    std::fs::remove_file(file_store.join("vastuu.lock")).unwrap();
    for leftover in ["sqlite.db-wal", "sqlite.db-shm"] {
        assert!(!out.join(leftover).exists(), "{leftover} left behind");
    }
    println!("wrote {}", out.display());
}

//! The bulk path of a customers import: a file whose rows only create customers the plain way
//! (each with a number no one holds, or without one a name no customer has; no group with a
//! default team; only active responsible persons) is planned here in one pass and applied as one batch
//! (`Directory::stage_planned`), instead of through a `create_customer` and an
//! `add_responsibility` per row. The names its rows refer to are still found or created one by
//! one, through the same calls as row by row, so the ids, the changes and the report are those
//! the rows would give. Any other row ends the attempt: the caller undoes what it did and applies
//! the file row by row, which finds and reports its problems.

use super::apply::{customer_label, Applier, Failure, Step};
use super::columns::Col;
use super::parse::CustomerRow;
use super::ImportItemKind;
use crate::directory::Directory;
use crate::error::{Field, Result};
use crate::model::numbering::check_number;
use crate::model::{Change, Customer, CustomerStatus, EmployeeId, NextIds, Responsibility, Subject};
use crate::text;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The fewest rows worth the bulk path.
const BULK_MIN_ROWS: usize = 256;

/// What the rows planned so far hold, to refuse a second holder.
#[derive(Default)]
struct Taken {
    numbers: HashSet<u64>,
    keys: HashSet<String>,
    /// The active employees found by each name as the rows spell it.
    people: HashMap<String, EmployeeId>,
    /// The customers' names (folded), once a row without a number needs them.
    names: Option<HashSet<String>>,
}

/// The names (folded) of the directory's customers and of those planned in `planned`.
fn names_of(dir: &Directory, planned: &[Change]) -> HashSet<String> {
    let planned = planned.iter().filter_map(|c| match c {
        Change::PutCustomer(c) => Some(c.name.as_str()),
        _ => None,
    });
    dir.customers().map(|c| c.name.as_str()).chain(planned).map(text::fold).collect()
}

impl Applier<'_, '_, '_, '_> {
    /// Creates every row's customer in one batch: `Ok(Some(rows))` when done, `Ok(None)` when
    /// some row is not a plain creation (the caller rolls back the names created meanwhile and
    /// applies the rows one by one).
    pub(super) fn customers_in_bulk(&mut self, rows: &[CustomerRow]) -> Result<Option<u64>> {
        if rows.len() < BULK_MIN_ROWS || !self.run.numbered {
            return Ok(None);
        }
        let total = rows.len() as u64;
        self.tick(0, total);
        let mut next = self.dir.next_ids();
        let mut taken = Taken { numbers: HashSet::with_capacity(rows.len()), ..Taken::default() };
        let people: usize = rows.iter().map(|r| r.responsible.as_ref().map_or(0, Vec::len)).sum();
        let mut changes = Vec::with_capacity(rows.len() + people);
        for (i, r) in rows.iter().enumerate() {
            match self.plain_customer(r, &mut next, &mut taken, &mut changes) {
                Ok(true) => {}
                Ok(false) | Err(Failure::Row(..)) => return Ok(None),
                Err(Failure::Stop(e)) => return Err(e),
            }
            let done = i as u64 + 1;
            if done.is_multiple_of(1024) || done == total {
                self.tick(done, total);
            }
        }
        self.dir.stage_planned(changes);
        Ok(Some(total))
    }

    /// Plans one row's customer and its responsible persons into `out`, as `create_customer`
    /// and `add_responsibility` would: `Ok(false)` when the row is not a plain creation.
    fn plain_customer(
        &mut self,
        r: &CustomerRow,
        next: &mut NextIds,
        taken: &mut Taken,
        out: &mut Vec<Change>,
    ) -> Step<bool> {
        let group = match &r.group {
            Some(Some(g)) => Some(self.group_named(r.row, g, Col::Group)?),
            _ => None,
        };
        if let Some(g) = group {
            if !self.dir.customer_group(g)?.default_team.is_empty() {
                return Ok(false);
            }
        }
        let mut special_groups = BTreeSet::new();
        for name in r.special_groups.iter().flatten() {
            special_groups.insert(self.special_named(r.row, name, Col::SpecialGroups)?);
        }
        let mut people = Vec::new();
        for name in r.responsible.iter().flatten() {
            // A name found once is the same employee on every later row: no one is renamed
            // meanwhile, and the names only grow.
            let employee = match taken.people.get(name.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.employee_named(r.row, name, None, None)?;
                    if !self.dir.employee(id)?.active {
                        return Ok(false);
                    }
                    taken.people.insert(name.clone(), id);
                    id
                }
            };
            if !people.contains(&employee) {
                people.push(employee);
            }
        }
        match r.number {
            Some(number) => {
                if !taken.numbers.insert(check_number(number)?) || self.dir.customer_by_number(number).is_some() {
                    return Ok(false);
                }
            }
            // Without a number, a row matches a customer of the same name, the directory's or
            // one an earlier row created.
            None => {
                let names = taken.names.get_or_insert_with(|| names_of(self.dir, out));
                if !names.insert(text::fold(&r.name)) {
                    return Ok(false);
                }
            }
        }
        let external_id = text::optional_external_id(r.external_id.as_deref())?;
        if let Some(key) = &external_id {
            if !taken.keys.insert(key.clone()) || self.dir.customer_by_external_id(key).is_some() {
                return Ok(false);
            }
        }
        let id = next.customer_id()?;
        next.customer += 1;
        out.push(Change::PutCustomer(Customer {
            id,
            name: text::name(Field::CustomerName, &r.name)?,
            number: r.number,
            status: r.status.unwrap_or(CustomerStatus::Active),
            archived: r.archived == Some(true),
            group,
            special_groups,
            external_id,
        }));
        if let Some(names) = &mut taken.names {
            names.insert(text::fold(&r.name));
        }
        let subject = Subject::Customer(id);
        out.extend(people.into_iter().map(|e| Change::PutResponsibility(Responsibility::plain(subject, e))));
        self.created(r.row, ImportItemKind::Customer, Some(id.into()), customer_label(r.number, &r.name));
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use crate::export::{Export, ExportOptions};
    use crate::generate::{generate, GeneratorConfig};
    use crate::model::Data;
    use crate::{CustomerUpdate, Result};

    fn rename(name: &str) -> CustomerUpdate {
        CustomerUpdate { name: Some(name.into()), ..Default::default() }
    }
    use crate::{
        ArchivedFilter, CustomerFilter, Directory, EmployeeUpdate, GroupDefault, ImportFormat, ImportOptions,
        ImportReport, ImportSource, NewCustomer, NewCustomerGroup, NewEmployee,
    };

    /// Imports `bytes` into a copy of `dir` in bulk (when it can) and row by row, and checks that
    /// both give the same: the directory and report, or the same problems (and nothing changed).
    /// Whether the first took the bulk path.
    fn same_both_ways(dir: &Directory, bytes: &[u8], format: ImportFormat) -> (Result<(Data, ImportReport)>, bool) {
        let source = ImportSource::bytes(bytes, format, "asiakkaat");
        let mut results = Vec::new();
        for bulk in [true, false] {
            let mut copy = Directory::from_data(dir.data()).unwrap();
            let result = copy.import_rows(&source, ImportOptions::default().create_missing(true), bulk);
            copy.check_integrity().unwrap();
            if result.is_err() {
                assert_eq!(copy.data(), dir.data(), "nothing changed");
            }
            let batched = result.as_ref().is_ok_and(|r| r.1);
            results.push((result.map(|(report, _)| (copy.data(), report)), batched));
        }
        let (rows, bulk) = (results.pop().unwrap(), results.pop().unwrap());
        assert!(!rows.1);
        assert_eq!(format!("{:?}", bulk.0), format!("{:?}", rows.0), "the same outcome");
        bulk
    }

    /// [`same_both_ways`] for a file that imports: what it gives, and whether in bulk.
    fn both_ways(dir: &Directory, bytes: &[u8], format: ImportFormat) -> (Data, ImportReport, bool) {
        let (result, batched) = same_both_ways(dir, bytes, format);
        let (data, report) = result.unwrap();
        (data, report, batched)
    }

    fn customers_workbook(dir: &Directory) -> Vec<u8> {
        let export = Export::Customers(CustomerFilter::new().archived(ArchivedFilter::Include));
        dir.export_to_bytes(&export, ExportOptions::default().external_ids(true)).unwrap()
    }

    #[test]
    fn a_bulk_import_gives_what_row_by_row_gives() {
        let src = Directory::from_data(generate(&GeneratorConfig::small())).unwrap();
        let book = customers_workbook(&src);
        // Into an empty directory: every row a plain creation, in one batch.
        let (data, report, batched) = both_ways(&Directory::new(), &book, ImportFormat::Xlsx);
        assert!(batched);
        assert_eq!(data.customers.len(), src.customers().count());
        assert!(data.customers.iter().any(|c| c.archived) && data.customers.iter().any(|c| c.number.is_none()));
        assert!(!data.responsibilities.is_empty());
        assert_eq!(report.created.iter().filter(|i| i.kind == crate::ImportItemKind::Customer).count(), 300);

        // A directory holding some of it already: names are found, not created.
        let mut some = Directory::new();
        let group = src.customer_groups().next().unwrap().name.clone();
        some.create_customer_group(NewCustomerGroup::new(&group)).unwrap();
        let person = src.employees().next().unwrap().name.clone();
        some.create_employee(NewEmployee::new(&person)).unwrap();
        assert!(both_ways(&some, &book, ImportFormat::Xlsx).2);

        // A row matching a customer the directory has: row by row, from the start.
        let mut held = Directory::from_data(some.data()).unwrap();
        let first = src.customers().find(|c| c.number.is_some()).unwrap();
        held.create_customer(NewCustomer::new(&first.name).number(first.number.unwrap())).unwrap();
        assert!(!both_ways(&held, &book, ImportFormat::Xlsx).2);

        // A group with a default team, an inactive responsible person: row by row.
        let mut defaults = Directory::from_data(some.data()).unwrap();
        let g = defaults.customer_groups().find(|x| x.name == group).unwrap().id;
        let e = defaults.employees().next().unwrap().id;
        defaults.set_group_default_team(g, vec![GroupDefault::new(e, [])]).unwrap();
        assert!(!both_ways(&defaults, &book, ImportFormat::Xlsx).2);
        let mut inactive = Directory::from_data(some.data()).unwrap();
        let update = EmployeeUpdate { active: Some(false), ..Default::default() };
        inactive.update_employee(e, update).unwrap();
        let (refused, batched) = same_both_ways(&inactive, &book, ImportFormat::Xlsx);
        assert!(matches!(refused, Err(crate::Error::Import(_))) && !batched);
    }

    #[test]
    fn rows_without_numbers_batch_only_with_names_no_customer_has() {
        let mut csv = String::from("Asiakasnumero;Nimi\n");
        for i in 0..300 {
            match i % 3 {
                0 => csv.push_str(&format!(";Nimetön {i}\n")),
                _ => csv.push_str(&format!("{};Numeroitu {i}\n", 1000 + i)),
            }
        }
        let (data, _, batched) = both_ways(&Directory::new(), csv.as_bytes(), ImportFormat::Csv);
        assert!(batched);
        assert_eq!(data.customers.iter().filter(|c| c.number.is_none()).count(), 100);
        // The same name twice without a number: the second row is the first customer.
        let twice = format!("{csv};Nimetön 0\n");
        let (data, report, batched) = both_ways(&Directory::new(), twice.as_bytes(), ImportFormat::Csv);
        assert!(!batched);
        assert_eq!((data.customers.len(), report.unchanged.len()), (300, 1));
        // A name the directory's customer has, and a row too few for a batch.
        let mut named = Directory::new();
        named.create_customer(NewCustomer::new("Numeroitu 1")).unwrap();
        let late = format!("{csv};numeroitu 1\n");
        let (ambiguous, batched) = same_both_ways(&named, late.as_bytes(), ImportFormat::Csv);
        assert!(matches!(ambiguous, Err(crate::Error::Import(_))) && !batched);
        let id = named.customers().next().unwrap().id;
        named.update_customer(id, rename("Muu")).unwrap();
        assert!(!both_ways(&named, late.as_bytes(), ImportFormat::Csv).2);
        assert!(!both_ways(&Directory::new(), b"Asiakasnumero;Nimi\n1;Yksi\n", ImportFormat::Csv).2);
    }
}

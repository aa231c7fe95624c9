//! The columns an import knows, by their headers in Finnish, Swedish and English (the headers
//! the exports write, and a few of the import's own), and which kind of import a set of headers
//! is.

use super::ImportKind;

/// A column an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Col {
    Number,
    Name,
    Status,
    Archived,
    Group,
    SpecialGroups,
    ResponsiblePersons,
    Customer,
    Project,
    ResponsiblePerson,
    Email,
    Salesperson,
    ValidFrom,
    ValidTo,
    Roles,
    CustomerOrProject,
    Team,
    Active,
    NumberingStart,
    NumberingEnd,
    LedgerAccount,
    CostCenters,
    Description,
    ExternalId,
}

/// Each column's headers: Finnish, Swedish, English, then other spellings accepted.
const HEADERS: &[(Col, &[&str])] = &[
    (Col::Number, &["Asiakasnumero", "Kundnummer", "Customer number", "Asiakasnro", "Number"]),
    (Col::Name, &["Nimi", "Namn", "Name"]),
    (Col::Status, &["Tila", "Status"]),
    (Col::Archived, &["Arkistoitu", "Arkiverad", "Archived"]),
    (Col::Group, &["Asiakasryhmä", "Kundgrupp", "Customer group", "Ryhmä", "Grupp", "Group"]),
    (Col::SpecialGroups, &["Erikoisryhmät", "Specialgrupper", "Special groups"]),
    (Col::ResponsiblePersons, &["Vastuuhenkilöt", "Ansvarspersoner", "Responsible persons"]),
    (Col::Customer, &["Asiakas", "Kund", "Customer"]),
    (Col::Project, &["Projekti", "Projekt", "Project"]),
    (
        Col::ResponsiblePerson,
        &["Vastuuhenkilö", "Ansvarsperson", "Responsible person", "Työntekijä", "Anställd", "Employee"],
    ),
    (Col::Email, &["Sähköposti", "E-post", "Email", "E-mail", "Sähköpostiosoite", "E-postadress"]),
    (Col::Salesperson, &["Myyjä", "Säljare", "Salesperson", "Myyntioikeus", "Försäljningsrätt", "Sales rights"]),
    (Col::ValidFrom, &["Voimassa alkaen", "Giltig från", "Valid from"]),
    (Col::ValidTo, &["Voimassa asti", "Giltig till", "Valid to"]),
    (Col::Roles, &["Roolit", "Roller", "Roles", "Rooli", "Roll", "Role"]),
    (Col::CustomerOrProject, &["Asiakas / projekti", "Kund / projekt", "Customer / project"]),
    (Col::Team, &["Tiimi", "Team"]),
    (Col::Active, &["Aktiivinen", "Aktiv", "Active"]),
    (Col::NumberingStart, &["Numerointi alkaa", "Numrering börjar", "Numbering start"]),
    (Col::NumberingEnd, &["Numerointi päättyy", "Numrering slutar", "Numbering end"]),
    (Col::LedgerAccount, &["Kirjanpitotili", "Bokföringskonto", "Ledger account"]),
    (Col::CostCenters, &["Kustannuspaikat", "Kostnadsställen", "Cost centers", "Cost centres"]),
    (Col::Description, &["Kuvaus", "Beskrivning", "Description"]),
    (Col::ExternalId, &["Ulkoinen tunnus", "Externt id", "External id", "Ulkoinen id", "Extern id"]),
];

/// The key a header is compared by: lower case, spaces around `/` and runs of spaces as one.
fn key(header: &str) -> String {
    let lower = header.trim().to_lowercase().replace('/', " / ");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The column a header names, if any.
pub(super) fn column(header: &str) -> Option<Col> {
    let k = key(header);
    HEADERS.iter().find(|(_, names)| names.iter().any(|n| key(n) == k)).map(|(col, _)| *col)
}

/// How a problem names a column: `"Nimi" (Namn, Name)`.
pub(super) fn header_names_of(col: Col) -> String {
    let names = HEADERS.iter().find(|(c, _)| *c == col).map_or(&[][..], |(_, n)| *n);
    match names {
        [first, rest @ ..] => {
            let others: Vec<&str> = rest.iter().take(2).copied().collect();
            format!("{first:?} ({})", others.join(", "))
        }
        [] => format!("{col:?}"),
    }
}

/// The columns each kind reads: (required, optional). The matrix layout of responsibilities is
/// told apart by its [`Col::CustomerOrProject`] column.
pub(super) fn columns_of(kind: ImportKind, matrix: bool) -> (&'static [Col], &'static [Col]) {
    use Col::*;
    match kind {
        ImportKind::Employees => (&[Name], &[Email, Team, Active, Salesperson, ExternalId]),
        ImportKind::Customers => {
            (&[Name], &[Number, Status, Archived, Group, SpecialGroups, ResponsiblePersons, ExternalId])
        }
        ImportKind::CustomerGroups => {
            (&[Name], &[NumberingStart, NumberingEnd, LedgerAccount, CostCenters, ExternalId])
        }
        ImportKind::SpecialGroups => (&[Name], &[Description]),
        ImportKind::Responsibilities if matrix => (&[CustomerOrProject], &[Number]),
        ImportKind::Responsibilities => {
            (&[Customer, ResponsiblePerson], &[Number, Group, Project, Email, Salesperson, ValidFrom, ValidTo, Roles])
        }
    }
}

/// The kind of import the columns found are, guessed from the ones only one kind has.
pub(super) fn guess(cols: &[Col]) -> Option<ImportKind> {
    use Col::*;
    let has = |c: Col| cols.contains(&c);
    let any = |cs: &[Col]| cs.iter().any(|c| has(*c));
    Some(if any(&[CustomerOrProject, ResponsiblePerson, ValidFrom, ValidTo, Roles, Project, Customer]) {
        ImportKind::Responsibilities
    } else if any(&[Number, Status, Archived, Group, SpecialGroups, ResponsiblePersons]) {
        ImportKind::Customers
    } else if any(&[Email, Team, Active, Salesperson]) {
        ImportKind::Employees
    } else if any(&[NumberingStart, NumberingEnd, LedgerAccount, CostCenters]) {
        ImportKind::CustomerGroups
    } else if has(Description) {
        ImportKind::SpecialGroups
    } else {
        return None;
    })
}

/// The headers of an import-only sheet, for documentation and tests: the Finnish, Swedish or
/// English header of each column the kind reads, required ones first.
pub(super) fn header_names(kind: ImportKind, language: crate::export::Language) -> Vec<String> {
    let (required, optional) = columns_of(kind, false);
    let index = match language {
        crate::export::Language::Finnish => 0,
        crate::export::Language::Swedish => 1,
        crate::export::Language::English => 2,
    };
    required
        .iter()
        .chain(optional)
        .filter_map(|col| HEADERS.iter().find(|(c, _)| c == col))
        .map(|(_, names)| names.get(index).or(names.last()).copied().unwrap_or_default().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_three_languages_and_no_header_names_two_columns() {
        let mut seen = std::collections::HashMap::new();
        for (col, names) in HEADERS {
            assert!(names.len() >= 2, "{col:?}");
            for n in *names {
                if let Some(other) = seen.insert(key(n), *col) {
                    assert_eq!(other, *col, "{n:?} names two columns");
                }
            }
        }
        assert_eq!(column(" asiakas/PROJEKTI "), Some(Col::CustomerOrProject));
        assert_eq!(column("Sähköposti"), Some(Col::Email));
        assert_eq!(column("Puhelin"), None);
    }
}

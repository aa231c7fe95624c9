//! The conversion of core and host errors into `VastuuError`: every kind has a variant of its
//! own with typed fields, and its text is the core's (or the host's) message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::date;
use vastuu::{CustomerGroupId as G, CustomerId as C, EmployeeId as E, ProjectId as P, RoleId as R, StoreError};
use vastuu_uniffi::{
    Count, CustomerGroupId, CustomerId, IsoDate, ProjectId, RawId, Seq, SmallCount, StoreFailure, VastuuError,
};

/// One core error of every kind, in the order of `vastuu::ErrorKind::ALL`.
fn one_of_each_kind() -> Vec<vastuu::Error> {
    use vastuu::Error as X;
    vec![
        X::NotFound(vastuu::EntityRef::Project(P(7))),
        X::InvalidText {
            field: vastuu::Field::CustomerName,
            value: "x".into(),
            problem: vastuu::TextProblem::TooLong { len: 201, max: 200 },
        },
        X::DuplicateName {
            kind: vastuu::EntityKind::SpecialGroup,
            name: "VIP".into(),
            existing: vastuu::EntityRef::SpecialGroup(vastuu::SpecialGroupId(2)),
        },
        X::DuplicateCustomerNumber { number: 5, holder: C(3) },
        X::InvalidCustomerNumber { number: 0, max: vastuu::MAX_CUSTOMER_NUMBER },
        X::CustomerInOtherGroup {
            customer: C(1),
            current: G(2),
            current_name: "Pohjoinen".into(),
            requested: G(3),
            requested_name: "Etelä".into(),
        },
        X::NumberRangeExhausted { series: vastuu::SeriesId::Group(G(4)), start: 10, end: 11 },
        X::InvalidNumberingRange { start: None, end: Some(3), problem: vastuu::RangeProblem::EndWithoutStart },
        X::TooManyCostCenters { count: 5, max: 4 },
        X::DuplicateCostCenter { code: "K1".into() },
        X::EmployeeInactive { employee: E(9) },
        X::NoSalesRights { employee: E(9) },
        X::RoleScopeMismatch {
            role: R(2),
            role_scope: vastuu::RoleScope::Project,
            subject: vastuu::Subject::Customer(C(1)),
        },
        X::InvalidPeriod { from: date(2026, 2, 1), to: date(2026, 1, 31) },
        X::NotResponsible { subject: vastuu::Subject::Project(P(4)), employee: E(1) },
        X::CustomerHasProjects { customer: C(1), projects: vec![P(1), P(2)] },
        X::RoleInUse { role: R(1), responsibilities: 3 },
        X::HandoverToSelf { employee: E(1) },
        X::StalePlan { from: E(1), to: E(2) },
        X::InvalidPercent { value: 101 },
        X::Export { message: "permission denied".into() },
        X::ExportCancelled,
        X::Conflict { attempts: 16 },
        X::IdsExhausted { kind: vastuu::EntityKind::Customer },
        X::NextIdTooLow { kind: vastuu::EntityKind::Team, next_id: 1, highest_id: 2 },
        X::ExportSymlink { path: "/tmp/link.xlsx".into() },
        X::Import(vastuu::ImportErrors { problems: vec![import_problem()] }),
        X::InvalidLimit { limit: 0, max: 1000 },
        X::SeqBeyondLast { seq: 12, last_seq: 10 },
        X::WrongRoleScope { role: R(2), role_scope: vastuu::RoleScope::Project, needed: vastuu::RoleScope::Customer },
        X::StaleBulkPlan { employee: E(1), customers: vec![C(2), C(3)] },
        X::NotTeamMember { team: vastuu::TeamId(4), employee: E(5) },
        X::DuplicateGroupDefault { employee: E(4) },
        X::RoleInGroupDefaults { role: R(2), groups: vec![G(1), G(5)] },
        X::NoSuchChangeSet { seq: 0, last_seq: 4 },
        X::RevertOfRevert { seq: 4, reverts: 2 },
        X::AlreadyReverted { seq: 2, by: 4 },
        X::RevertConflict { seq: 2, later: vec![3, 5] },
        X::RevertStateUnknown { seq: 2 },
        X::NothingToRevert { seq: 3 },
        X::Referenced { entity: vastuu::EntityRef::CustomerGroup(G(1)), by: vastuu::EntityRef::Customer(C(2)) },
        X::DuplicateExternalId {
            kind: vastuu::EntityKind::Customer,
            external_id: "CRM-1".into(),
            existing: vastuu::EntityRef::Customer(C(2)),
        },
        StoreError::Io { operation: "write journal".into(), message: "disk full".into() }.into(),
        StoreError::Corrupt { detail: "bad checksum".into() }.into(),
        StoreError::CorruptFile { path: "/data/vastuu/journal".into(), offset: 4096, detail: "checksum".into() }.into(),
        StoreError::NotAStore { path: "/tmp/x.txt".into(), reason: "a file".into() }.into(),
        StoreError::UnsupportedVersion { path: "/data/v".into(), found: 9, supported: 1 }.into(),
        StoreError::Locked { path: "/data/v".into() }.into(),
        StoreError::NeedsReopen { cause: "rollback failed".into() }.into(),
        StoreError::Failed("refused".into()).into(),
        StoreError::Conflict { seq: 8, head: 9 }.into(),
        StoreError::UsedAfterFork { opened_in: 100, used_in: 101 }.into(),
        StoreError::OutcomeUnknown { seq: 12, cause: "fsync failed, then truncation failed".into() }.into(),
    ]
}

fn import_problem() -> vastuu::ImportProblem {
    vastuu::ImportProblem {
        file: "asiakkaat.csv".into(),
        sheet: None,
        row: Some(3),
        column: Some("Sähköposti".into()),
        kind: vastuu::ImportProblemKind::BadText,
        reason: "not an email address".into(),
    }
}

#[test]
fn every_kind_has_a_variant_that_reads_as_the_core_message() {
    let errors = one_of_each_kind();
    let kinds: Vec<vastuu::ErrorKind> = errors.iter().map(vastuu::Error::kind).collect();
    assert_eq!(kinds, vastuu::ErrorKind::ALL, "one error of every kind");
    for core in errors {
        let expected = core.to_string();
        let converted = VastuuError::from(core);
        assert!(!matches!(converted, VastuuError::Other { .. }), "{converted:?} has no variant of its own");
        assert_eq!(converted.to_string(), expected);
    }
}

#[test]
fn host_errors_have_variants_and_messages_too() {
    let poisoned = vastuu_host::Error::Poisoned { message: "bug".into() };
    let misuse = vastuu_host::Error::TransactionMisuse(vastuu_host::Misuse::InnerOpen);
    for host in [vastuu_host::Error::Closed, vastuu_host::Error::Reentered, poisoned, misuse] {
        let expected = host.to_string();
        let converted = VastuuError::from(host);
        assert!(!matches!(converted, VastuuError::Other { .. }), "{converted:?}");
        assert_eq!(converted.to_string(), expected);
    }
    let panicked = VastuuError::from(vastuu_host::Error::Panicked { message: "bug".into() });
    assert_eq!(panicked, VastuuError::Other { description: "internal error in vastuu: bug".into() });
}

#[test]
fn fields_carry_the_ids_and_values() {
    let converted: Vec<VastuuError> = one_of_each_kind().into_iter().map(VastuuError::from).collect();
    assert_eq!(
        converted[5],
        VastuuError::CustomerInOtherGroup {
            customer: CustomerId { raw: RawId(1) },
            current: CustomerGroupId { raw: RawId(2) },
            current_name: "Pohjoinen".into(),
            requested: CustomerGroupId { raw: RawId(3) },
            requested_name: "Etelä".into(),
        }
    );
    assert_eq!(
        converted[15],
        VastuuError::CustomerHasProjects {
            customer: CustomerId { raw: RawId(1) },
            projects: vec![ProjectId { raw: RawId(1) }, ProjectId { raw: RawId(2) }],
        }
    );
    assert_eq!(
        converted[13],
        VastuuError::InvalidPeriod { from: IsoDate(date(2026, 2, 1)), to: IsoDate(date(2026, 1, 31)) }
    );
    assert_eq!(converted[23], VastuuError::IdsExhausted { kind: vastuu_uniffi::EntityKind::Customer });
    assert_eq!(
        converted[24],
        VastuuError::NextIdTooLow { kind: vastuu_uniffi::EntityKind::Team, next_id: RawId(1), highest_id: RawId(2) }
    );
    assert_eq!(converted[25], VastuuError::ExportSymlink { path: "/tmp/link.xlsx".into() });
    assert_eq!(converted[26], VastuuError::ImportFailed { problems: vec![import_problem().into()] });
    assert_eq!(converted[27], VastuuError::InvalidLimit { limit: Count(0), max: Count(1000) });
    assert_eq!(converted[28], VastuuError::SeqBeyondLast { seq: Seq(12), last_seq: Seq(10) });
    assert_eq!(
        converted[29],
        VastuuError::WrongRoleScope {
            role: vastuu_uniffi::RoleId { raw: RawId(2) },
            role_scope: vastuu::RoleScope::Project,
            needed: vastuu::RoleScope::Customer,
        }
    );
    assert_eq!(
        converted[30],
        VastuuError::StaleBulkPlan {
            employee: vastuu_uniffi::EmployeeId { raw: RawId(1) },
            customers: vec![CustomerId { raw: RawId(2) }, CustomerId { raw: RawId(3) }],
        }
    );
    assert_eq!(
        converted[31],
        VastuuError::NotTeamMember {
            team: vastuu_uniffi::TeamId { raw: RawId(4) },
            employee: vastuu_uniffi::EmployeeId { raw: RawId(5) },
        }
    );
    assert_eq!(
        converted[32],
        VastuuError::DuplicateGroupDefault { employee: vastuu_uniffi::EmployeeId { raw: RawId(4) } }
    );
    assert_eq!(
        converted[33],
        VastuuError::RoleInGroupDefaults {
            role: vastuu_uniffi::RoleId { raw: RawId(2) },
            groups: vec![CustomerGroupId { raw: RawId(1) }, CustomerGroupId { raw: RawId(5) }],
        }
    );
    assert_eq!(converted[34], VastuuError::NoSuchChangeSet { seq: Seq(0), last_seq: Seq(4) });
    assert_eq!(converted[35], VastuuError::RevertOfRevert { seq: Seq(4), reverts: Seq(2) });
    assert_eq!(converted[36], VastuuError::AlreadyReverted { seq: Seq(2), by: Seq(4) });
    assert_eq!(converted[37], VastuuError::RevertConflict { seq: Seq(2), later: vec![Seq(3), Seq(5)] });
    assert_eq!(converted[38], VastuuError::RevertStateUnknown { seq: Seq(2) });
    assert_eq!(converted[39], VastuuError::NothingToRevert { seq: Seq(3) });
    assert_eq!(
        converted[41],
        VastuuError::DuplicateExternalId {
            kind: vastuu_uniffi::EntityKind::Customer,
            external_id: "CRM-1".into(),
            existing: vastuu_uniffi::EntityRef::Customer { id: CustomerId { raw: RawId(2) } },
        }
    );
    // The store's failures come last, in the order of `one_of_each_kind`.
    let s = converted
        .iter()
        .position(|e| matches!(e, VastuuError::Store { failure: StoreFailure::Io { .. } }))
        .expect("the store's I/O failure is converted");
    assert_eq!(
        converted[s],
        VastuuError::Store {
            failure: StoreFailure::Io { operation: "write journal".into(), reason: "disk full".into() }
        }
    );
    assert_eq!(
        converted[s + 2],
        VastuuError::CorruptStoreFile {
            path: "/data/vastuu/journal".into(),
            offset: Count(4096),
            detail: "checksum".into()
        }
    );
    assert_eq!(
        converted[s + 4],
        VastuuError::UnsupportedStoreVersion { path: "/data/v".into(), found: SmallCount(9), supported: SmallCount(1) }
    );
    assert_eq!(converted[s + 5], VastuuError::StoreLocked { path: "/data/v".into() });
    assert_eq!(converted[20], VastuuError::ExportFailed { reason: "permission denied".into() });
    assert_eq!(converted[21], VastuuError::ExportCancelled);
    assert_eq!(converted[22], VastuuError::Conflict { attempts: SmallCount(16) });
    assert_eq!(converted[s + 8], VastuuError::Store { failure: StoreFailure::Conflict { seq: Seq(8), head: Seq(9) } });
}

#[test]
fn every_text_problem_crosses_with_its_position() {
    use vastuu::TextProblem as P;
    use vastuu_uniffi::TextProblem as U;
    for (core, ours) in [
        (P::ControlCharacter { at: 1 }, U::ControlCharacter { at: Count(1) }),
        (P::BidiControl { at: 2 }, U::BidiControl { at: Count(2) }),
        (P::ZeroWidth { at: 3 }, U::ZeroWidth { at: Count(3) }),
        (P::LineSeparator { at: 4 }, U::LineSeparator { at: Count(4) }),
    ] {
        let error = vastuu::Error::invalid_text(vastuu::Field::CustomerName, "x", core);
        let expected = error.to_string();
        let converted = VastuuError::from(error);
        assert_eq!(
            converted,
            VastuuError::InvalidText { field: vastuu::Field::CustomerName, value: "x".into(), problem: ours }
        );
        assert_eq!(converted.to_string(), expected);
    }
}

#[test]
fn the_binding_s_own_variants_say_what_they_hold() {
    let date = VastuuError::InvalidDate { value: "2026-02-30".into(), reason: "no such day in that month".into() };
    assert_eq!(date.to_string(), "invalid date \"2026-02-30\": no such day in that month");
    let thrown = VastuuError::CallbackFailed { reason: "IllegalStateException".into() };
    assert_eq!(thrown.to_string(), "the progress callback failed: IllegalStateException");
    let number = VastuuError::NumberOutOfRange { what: "id".into(), value: -1, min: 0, max: 4_294_967_295 };
    assert_eq!(number.to_string(), "invalid id -1: must be 0 to 4294967295");
}

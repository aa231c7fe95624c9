#!/usr/bin/env bash
# Tests the uniffi bindings: builds the vastuu-uniffi cdylib, generates the Kotlin and Swift
# sources from it (bindings-uniffi/generate.sh), compiles the Kotlin and runs its JUnit tests on
# the JVM against the freshly built library (Maven; dependencies come from Maven Central on first
# use), then checks that the generated Swift declares the public API (Swift itself cannot be
# compiled here). The PostgreSQL tests use VASTUU_POSTGRES_DSN, or a throwaway server started with
# scripts/postgres.sh.
#
# Needs Rust, a JDK 17+ and Maven; installs the last two with apt-get when run as root without them.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing a JDK and Maven"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
  else
    echo "scripts/test-kotlin.sh needs a JDK 17+ (javac) and Maven (mvn) on PATH" >&2
    exit 1
  fi
fi

# The PostgreSQL tests need a server: the caller's (test-all.sh starts one), or a throwaway one
# started here and stopped at exit. Without one they are skipped (under CI=true they fail).
if [ -z "${VASTUU_POSTGRES_DSN:-}" ]; then
  source scripts/postgres.sh || echo "no PostgreSQL server: its tests will be skipped" >&2
fi

echo "== generating the Kotlin and Swift bindings"
bash bindings-uniffi/generate.sh

# The README's Kotlin example runs as a test, so it always matches the generated API.
readme=bindings-uniffi/README.md
readme_test=bindings-uniffi/kotlin/src/test/kotlin/fi/vastuu/ReadmeExampleTest.kt
example="$(awk '/^```kotlin$/ { if (!done) { on = 1; next } } on && /^```$/ { exit } on { print }' "$readme")"
if [ -z "$example" ]; then
  echo "no Kotlin example found in $readme" >&2
  exit 1
fi
# The root README shows the same example; it must not drift from the tested one.
root_example="$(awk '/^```kotlin$/ { if (!done) { on = 1; next } } on && /^```$/ { exit } on { print }' README.md)"
if [ "$root_example" != "$example" ]; then
  echo "README.md's Kotlin example differs from $readme's (the tested one)" >&2
  exit 1
fi
readme_example_test() { # package
  echo "// Written by scripts/test-kotlin.sh from the first Kotlin example of $readme."
  echo "package $1"
  echo
  grep '^import ' <<<"$example" || true
  echo "import org.junit.jupiter.api.Test"
  echo
  echo "class ReadmeExampleTest {"
  echo "    @Test"
  echo "    fun readmeKotlinExample() {"
  grep -v '^import ' <<<"$example" | sed 's/^\(.\)/        \1/'
  echo "    }"
  echo "}"
}
readme_example_test fi.vastuu >"$readme_test"
# The same example in the consumer project, a package of its own, that sees only the jar.
mkdir -p bindings-uniffi/kotlin-consumer/src/test/kotlin/example
readme_example_test example >bindings-uniffi/kotlin-consumer/src/test/kotlin/example/ReadmeExampleTest.kt

# The root README's service replicas (a class) run as a test too: two replicas on the test
# PostgreSQL server, what one stores the other serves.
heading='### Replicas of a JVM service (Kotlin)'
service="$(awk -v h="$heading" '$0 == h { found = 1; next } found && /^```kotlin$/ { on = 1; next } on && /^```$/ { exit } on { print }' README.md)"
[ -n "$service" ] || { echo "no Kotlin block under \"$heading\" in README.md" >&2; exit 1; }
{
  echo "// Written by scripts/test-kotlin.sh from the Kotlin block under \"$heading\" in README.md."
  echo "package fi.vastuu"
  echo
  grep '^import ' <<<"$service" | grep -v '^import fi\.vastuu\.\*$' || true
  echo "import org.junit.jupiter.api.Assertions.assertEquals"
  echo "import org.junit.jupiter.api.Test"
  echo "import java.util.UUID"
  echo
  grep -v '^import ' <<<"$service"
  echo
  echo "class ReadmeServiceTest {"
  echo "    @Test"
  echo "    fun twoReplicasShareTheStore() {"
  echo "        val dsn = postgresDsn()"
  echo "        val owner = Directory.openPostgres(dsn, \"crm\").use { it.hire(\"Omistaja \" + UUID.randomUUID()) }"
  echo "        val name = \"Asiakas \" + UUID.randomUUID()"
  echo "        CustomerService(dsn).use { a ->"
  echo "            CustomerService(dsn).use { b ->"
  echo "                val customer = a.addCustomer(name, owner)"
  echo "                eventually(true) { name in b.customerNames() }"
  echo "                Directory.openPostgres(dsn, \"crm\").use { d ->"
  echo "                    assertEquals(listOf(Subject.Customer(customer)), d.responsibilitiesHeldBy(owner).map { it.subject })"
  echo "                }"
  echo "            }"
  echo "        }"
  echo "    }"
  echo "}"
} >bindings-uniffi/kotlin/src/test/kotlin/fi/vastuu/ReadmeServiceTest.kt

# The root README's change feed, revert, bulk assignment, team leads, group default team and
# external id examples (Kotlin) run as tests too, as written.
readme_test() { # heading class function
  local heading="$1" body
  body="$(awk -v h="$heading" '$0 == h { found = 1; next } found && /^```kotlin$/ { on = 1; next } on && /^```$/ { exit } on { print }' README.md)"
  [ -n "$body" ] || { echo "no Kotlin block under \"$heading\" in README.md" >&2; exit 1; }
  {
    echo "// Written by scripts/test-kotlin.sh from the Kotlin block under \"$heading\" in README.md."
    echo "package fi.vastuu"
    echo
    grep '^import ' <<<"$body" | grep -v '^import fi\.vastuu\.\*$' || true
    echo "import org.junit.jupiter.api.Test"
    echo
    echo "class $2 {"
    echo "    @Test"
    echo "    fun $3() {"
    grep -v '^import ' <<<"$body" | sed 's/^\(.\)/        \1/'
    echo "    }"
    echo "}"
  } >"bindings-uniffi/kotlin/src/test/kotlin/fi/vastuu/$2.kt"
}
readme_test '### Change feed in Kotlin' ReadmeFeedTest changeFeedExample
readme_test '### Bulk assignment in Kotlin' ReadmeBulkTest bulkExampleRuns
readme_test '### Team leads in Kotlin' ReadmeTeamLeadsTest teamLeadsExampleRuns
readme_test '### Group default team in Kotlin' ReadmeGroupDefaultsTest groupDefaultTeamExampleRuns
readme_test '### Revert in Kotlin' ReadmeRevertTest revertExampleRuns
readme_test '### External ids in Kotlin' ReadmeExternalIdsTest externalIdsExampleRuns

target_dir="${CARGO_TARGET_DIR:-$root/target}"
echo "== Kotlin tests (Maven)"
cd bindings-uniffi/kotlin
# Counts what Surefire ran in the current Maven project; a run of no tests is a failure.
surefire_summary() { # label
  local tests=0 failed=0 skipped=0 report attrs
  for report in target/surefire-reports/TEST-*.xml; do
    [ -f "$report" ] || continue
    attrs="$(grep -o '<testsuite [^>]*>' "$report" | head -1)"
    value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$attrs"; }
    tests=$((tests + $(value tests)))
    failed=$((failed + $(value failures) + $(value errors)))
    skipped=$((skipped + $(value skipped)))
  done
  echo "$1: $((tests - failed - skipped)) passed, $failed failed, $skipped skipped"
  if [ "$tests" -eq 0 ] || [ "$failed" -ne 0 ]; then
    echo "$1 tests did not pass" >&2
    exit 1
  fi
}
# Stale reports or compiled tests of renamed classes must not count.
rm -rf target/surefire-reports target/test-classes
# `install` runs the tests, then puts the jar fi.vastuu:vastuu-kotlin (with the native library
# inside) into the local Maven repository for the consumer project below. (Maven 3.8 prints
# colour resets even in batch mode; they are stripped so the summary below stands on a line of
# its own.)
mvn -q -B -Dvastuu.library.dir="$target_dir/debug" install 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g'
surefire_summary kotlin
cd "$root"

echo "== a project using the installed jar (bindings-uniffi/kotlin-consumer)"
cd bindings-uniffi/kotlin-consumer
rm -rf target/surefire-reports target/test-classes
mvn -q -B test 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g'
surefire_summary kotlin-consumer
cd "$root"

echo "== generated Swift declares the public API"
swift=bindings-uniffi/swift/Sources/Vastuu/Vastuu.swift
header=bindings-uniffi/swift/Headers/VastuuFFI.h
modulemap=bindings-uniffi/swift/Headers/module.modulemap
kotlin=bindings-uniffi/kotlin/src/main/kotlin/fi/vastuu/vastuu_uniffi.kt
missing=0
expect() { # file, extended regex, what
  if ! grep -Eq -- "$2" "$1"; then
    echo "missing in $1: $3" >&2
    missing=$((missing + 1))
  fi
}
expect "$swift" '^import Foundation' 'import Foundation'
expect "$swift" '^import VastuuFFI' 'import of the FFI module VastuuFFI'
expect "$swift" '^open class Directory: DirectoryProtocol' 'class Directory'
expect "$swift" '^public convenience init\(\)' 'Directory()'
expect "$swift" '^public static func generated\(seed: Seed, size: GeneratedSize\) *throws *-> *Directory' 'Directory.generated(seed:size:)'
expect "$swift" '^enum VastuuError: Swift\.Error' 'enum VastuuError: Error'
expect "$swift" '^public typealias IsoDate = String' 'typealias IsoDate = String'
# Numbers cross signed (bindings-uniffi/src/numbers.rs): Int64 for ids and counts, Int32 for small ones.
for number in RawId CustomerNumber Seq Count Seed ProcessId; do
  expect "$swift" "^public typealias $number = Int64" "typealias $number = Int64"
done
expect "$swift" '^public typealias SmallCount = Int32' 'typealias SmallCount = Int32'
expect "$swift" '^    public let raw: RawId' 'ids as records of a RawId'
for record in EmployeeId TeamId RoleId CustomerId ProjectId CustomerGroupId SpecialGroupId \
    Employee Team Role Customer Project CustomerGroup SpecialGroup Responsibility Period \
    NewEmployee NewCustomer NewCustomerGroup NewSpecialGroup NewRole CustomerPage \
    NumberingReport SeriesReport ChangeSet FeedPage Handover HandoverPlan Skipped InactiveHolder \
    SalespersonWithoutRights EndingResponsibility SeriesNearExhaustion \
    CustomerFilter Page MatrixQuery Matrix MatrixRow MatrixColumn MatrixCell RoleRef \
    ResponsiblePersonsQuery ResponsiblePersonsPage ResponsiblePersonRow ResponsiblePerson \
    GroupListing GroupCount Visibility BulkRequest BulkPlan BulkChange BulkSkipped; do
  expect "$swift" "^public struct $record: Equatable, Hashable" "struct $record"
done
for enum in Subject EntityRef EntityKind HistoryKey Change NumberChoice CustomerStatus RoleScope \
    SeriesId NumberingConflict HandoverMode HandoverStep HandoverItem SkipReason Toggled \
    StoreFailure Field TextProblem RangeProblem SpecialGroupMatch ArchivedFilter VisibilityReason \
    Export Language BulkAction BulkSkipReason; do
  expect "$swift" "^public enum $enum: Equatable, Hashable" "enum $enum"
done
expect "$swift" '^open func createCustomer\(customer: NewCustomer\) *throws *-> *CustomerId' 'createCustomer(customer:) throws -> CustomerId'
expect "$swift" '^public static func `open`\(path: String\) *throws *-> *Directory' 'Directory.open(path:)'
expect "$swift" '^public static func openSqlite\(path: String\) *throws *-> *Directory' 'Directory.openSqlite(path:)'
expect "$swift" '^public static func openSqliteShared\(path: String\) *throws *-> *Directory' 'Directory.openSqliteShared(path:)'
expect "$swift" '^public static func openPostgres\(dsn: String, schema: String\? = nil\) *throws *-> *Directory' 'Directory.openPostgres(dsn:schema:)'
expect "$swift" 'func toJson\(\) *throws *-> *String' 'ChangeSet.toJson() throws -> String'
expect "$swift" '^open func changesSince\(seq: Seq, limit: SmallCount = 100\) *throws *-> *FeedPage' 'changesSince(seq:limit:) throws -> FeedPage'
expect "$swift" '^open class Transaction: TransactionProtocol' 'class Transaction'
for method in commit rollback; do
  expect "$swift" "^open func $method\(\) *throws" "Transaction.$method()"
done
expect "$swift" '^open func isOpen\(\) *-> *Bool' 'Transaction.isOpen()'
expect "$swift" '^open class CancelToken: CancelTokenProtocol' 'class CancelToken'
expect "$swift" '^public protocol ExportProgress: AnyObject' 'protocol ExportProgress'
expect "$swift" 'func onProgress\(rowsWritten: Count, total: Count\) *throws' 'ExportProgress.onProgress(rowsWritten:total:)'
expect "$swift" '^public func exportHeaders\(export: Export, language: Language\) *throws *-> *\[String\]' 'exportHeaders(export:language:) throws'
expect "$swift" '^open func exportToBytes\(export: Export, language: Language\? = nil, progress: ExportProgress\? = nil, cancel: CancelToken\? = nil, externalIds: Bool = false\) *throws *-> *Data' 'exportToBytes(...) throws -> Data'
expect "$swift" '^open func matrix\(query: MatrixQuery, rows: Page, columns: Page\) *throws *-> *Matrix' 'matrix(query:rows:columns:)'
expect "$swift" '^open func closeStore\(\)' 'closeStore()'
expect "$swift" '^open func customerByExternalId\(externalId: String\) *throws *-> *Customer\?' 'customerByExternalId(externalId:) throws -> Customer?'
expect "$swift" '^open func createProject\(customer: CustomerId, name: String, externalId: String\? = nil\) *throws *-> *ProjectId' 'createProject(customer:name:externalId:)'
expect "$swift" '^open func customerPage\(offset: Count, limit: SmallCount\) *throws *-> *CustomerPage' 'customerPage(offset:limit:) throws -> CustomerPage'
# No unsigned number in the public API of either language.
if grep -En '^(public|open) |^    public (var|let) ' "$swift" | grep -v 'FfiConverter' | grep -E '\bUInt(8|16|32|64)?\b' >&2; then
  echo "unsigned numbers in the public Swift API (above)" >&2
  missing=$((missing + 1))
fi
if grep -En 'kotlin\.U(Byte|Short|Int|Long)\b' "$kotlin" >&2; then
  echo "unsigned numbers in the Kotlin API (above)" >&2
  missing=$((missing + 1))
fi
# Every method of the Kotlin Directory is in the Swift one too.
methods="$(sed -n 's/.*override fun `\([A-Za-z]*\)`(.*/\1/p' "$kotlin" | sort -u)"
[ -n "$methods" ] || { echo "no Directory methods found in $kotlin" >&2; missing=$((missing + 1)); }
for method in $methods; do
  expect "$swift" "^open func $method\(" "Directory.$method"
done
expect "$modulemap" '^module VastuuFFI \{' 'module VastuuFFI'
expect "$modulemap" 'header "VastuuFFI.h"' 'the header in the module map'
expect "$header" 'uniffi_vastuu_uniffi_fn_constructor_directory_new' 'the Directory constructor in the C header'
if [ "$missing" -ne 0 ]; then
  echo "generated Swift: $missing expected declarations missing" >&2
  exit 1
fi
echo "swift: $(wc -w <<<"$methods") Directory methods and every expected type declared"

# The Apple packaging script cannot run here (it needs macOS and Xcode): it must parse, and off
# macOS stop at once with its message rather than half-build.
echo "== scripts/build-xcframework.sh"
bash -n scripts/build-xcframework.sh
if [ "$(uname -s)" != Darwin ]; then
  status=0
  refusal="$(bash scripts/build-xcframework.sh 2>&1)" || status=$?
  if [ "$status" -ne 2 ] || ! grep -q 'needs macOS' <<<"$refusal"; then
    echo "scripts/build-xcframework.sh off macOS: exit $status, \"$refusal\" (expected exit 2 and a message)" >&2
    exit 1
  fi
fi
echo "build-xcframework.sh: parses$([ "$(uname -s)" = Darwin ] || echo ", refuses to run off macOS")"

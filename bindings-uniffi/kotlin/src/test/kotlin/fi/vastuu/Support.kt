package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.fail
import java.util.UUID

/** The largest id number (ids are 32-bit unsigned numbers in the library). */
const val MAX_RAW_ID: Long = 4_294_967_295L

/** Everything a directory holds, as plain values, to check that a failed call changed nothing. */
fun Directory.observe(): List<Any> = listOf(
    lastSeq(),
    employees(),
    teams(),
    roles(),
    customerPage(0, Int.MAX_VALUE),
    projectPage(0, Int.MAX_VALUE),
    customerGroups(),
    specialGroups(),
    responsibilityPage(0, Int.MAX_VALUE),
    defaultSeries(),
)

/** Runs [block], expects it to throw [T], and checks that it changed nothing. */
inline fun <reified T : Throwable> Directory.rejects(crossinline block: Directory.() -> Unit): T {
    val before = observe()
    val error = assertThrows<T> { block() }
    assertEquals(before, observe(), "a rejected call changed the directory")
    return error
}

fun Directory.hire(name: String, salesRights: Boolean = false, active: Boolean = true): EmployeeId =
    createEmployee(NewEmployee(name = name, salesRights = salesRights, active = active))

fun Directory.addCustomer(name: String, group: CustomerGroupId? = null): CustomerId =
    createCustomer(NewCustomer(name = name, group = group))

fun CustomerId.subject(): Subject = Subject.Customer(this)

fun ProjectId.subject(): Subject = Subject.Project(this)

/**
 * The connection string of the throwaway PostgreSQL server that `scripts/postgres.sh` starts
 * (`test-all.sh` and `test-kotlin.sh` start one). Without it the test is skipped, except under
 * CI=true, where it fails.
 */
fun postgresDsn(): String {
    val dsn = System.getenv("VASTUU_POSTGRES_DSN")
    if (dsn.isNullOrEmpty()) {
        val reason = "VASTUU_POSTGRES_DSN is not set (run under scripts/postgres.sh for the PostgreSQL tests)"
        if (System.getenv("CI") == "true") fail(reason)
        assumeTrue(false, reason)
    }
    return dsn
}

/** A PostgreSQL schema of its own for one test, so tests never share a store. */
fun newSchema(): String = "test_" + UUID.randomUUID().toString().replace("-", "").take(16)

/** Waits (at most 3 s) until [read] gives [expected], and checks that it did. */
fun <T> eventually(expected: T, read: () -> T) {
    val deadline = System.nanoTime() + 3_000_000_000L
    while (read() != expected && System.nanoTime() < deadline) Thread.sleep(10)
    assertEquals(expected, read())
}

package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.assertThrows

/** Everything a directory holds, as plain values, to check that a failed call changed nothing. */
fun Directory.observe(): List<Any> = listOf(
    lastSeq(),
    employees(),
    teams(),
    roles(),
    customerPage(0uL, UInt.MAX_VALUE),
    projectPage(0uL, UInt.MAX_VALUE),
    customerGroups(),
    specialGroups(),
    responsibilityPage(0uL, UInt.MAX_VALUE),
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

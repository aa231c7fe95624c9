package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Plain reads and pages over a generated directory. */
class ReadsTest {
    @Test
    fun generatedDirectoryHasTheSmallSizes(): Unit = Directory.generated(7, GeneratedSize.SMALL).use { dir ->
        val counts = dir.counts()
        assertEquals(300L, counts.customers)
        assertEquals(40L, counts.employees)
        assertEquals(400L, counts.projects)
        assertEquals(1200L, dir.responsibilityPage(0, 0).total)
        dir.checkIntegrity()
    }

    @Test
    fun theSameSeedGivesTheSameData() {
        val first = Directory.generated(11, GeneratedSize.SMALL).use { it.customerPage(0, 50) }
        val second = Directory.generated(11, GeneratedSize.SMALL).use { it.customerPage(0, 50) }
        val other = Directory.generated(12, GeneratedSize.SMALL).use { it.customerPage(0, 50) }
        assertEquals(first, second)
        assertTrue(first != other, "another seed gives other data")
    }

    @Test
    fun pagesCoverEveryRowOnceInIdOrder(): Unit = Directory.generated(7, GeneratedSize.SMALL).use { dir ->
        val seen = mutableListOf<CustomerId>()
        var offset = 0L
        while (true) {
            val page = dir.customerPage(offset, 64)
            assertEquals(300L, page.total)
            assertEquals(offset, page.offset)
            if (page.items.isEmpty()) break
            seen += page.items.map { it.id }
            offset += page.items.size.toLong()
        }
        assertEquals(300, seen.size)
        assertEquals(seen.sortedBy { it.raw }, seen)
        assertEquals(seen.toSet().size, seen.size)

        val projects = dir.projectPage(390, 64)
        assertEquals(400L, projects.total)
        assertEquals(10, projects.items.size, "the last page holds what is left")

        val beyond = dir.responsibilityPage(Long.MAX_VALUE, Int.MAX_VALUE)
        assertEquals(1200L, beyond.total)
        assertTrue(beyond.items.isEmpty())
    }

    @Test
    fun readsByIdAgreeWithPages(): Unit = Directory.generated(7, GeneratedSize.SMALL).use { dir ->
        val page = dir.customerPage(10, 5).items
        assertEquals(page, dir.customersByIds(page.map { it.id }))
        assertEquals(page[0], dir.customer(page[0].id))
        val withNumber = page.first { it.number != null }
        assertEquals(withNumber, dir.customerByNumber(withNumber.number!!))

        val employees = dir.employees()
        assertEquals(40, employees.size)
        assertEquals(employees.take(3), dir.employeesByIds(employees.take(3).map { it.id }))
        val holder = employees.first { dir.responsibilitiesHeldBy(it.id).isNotEmpty() }
        for (r in dir.responsibilitiesHeldBy(holder.id)) {
            assertEquals(holder.id, r.employee)
            assertTrue(dir.responsibilitiesFor(r.subject).contains(r))
        }
        for (group in dir.customerGroups()) {
            for (customer in dir.customersByIds(dir.groupCustomers(group.id))) {
                assertEquals(group.id, customer.group)
            }
        }
        for (group in dir.specialGroups()) {
            for (customer in dir.customersByIds(dir.specialGroupCustomers(group.id))) {
                assertTrue(customer.specialGroups.contains(group.id))
            }
        }
        assertEquals(dir.counts().teams, dir.teams().size.toLong())
        assertEquals(dir.counts().roles, dir.roles().size.toLong())
    }
}

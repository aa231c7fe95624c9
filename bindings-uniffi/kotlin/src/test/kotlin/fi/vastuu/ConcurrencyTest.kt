package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDate
import java.util.Collections
import java.util.concurrent.CountDownLatch
import kotlin.concurrent.thread

/**
 * Eight threads share one Directory: writers and readers (pages, views, visibility, exports)
 * interleave, nothing is lost or torn.
 */
class ConcurrencyTest {
    @Test
    fun eightThreadsUseOneDirectory(): Unit = Directory.generated(5, GeneratedSize.SMALL).use { dir ->
        val threads = 8
        val perThread = 40
        val startCustomers = dir.counts().customers
        val startSeq = dir.lastSeq()
        val employees = dir.employees().filter { it.active }.map { it.id }
        val today = LocalDate.of(2026, 6, 1)
        val gate = CountDownLatch(1)
        val failures = Collections.synchronizedList(mutableListOf<Throwable>())
        val created = Collections.synchronizedList(mutableListOf<CustomerId>())

        val workers = (0 until threads).map { t ->
            thread(name = "worker-$t") {
                try {
                    gate.await()
                    repeat(perThread) { i ->
                        if (t % 2 == 0) {
                            val id = dir.addCustomer("Säie $t asiakas $i")
                            created += id
                            val employee = employees[(t * perThread + i) % employees.size]
                            assertEquals(Toggled.ADDED, dir.toggle(id.subject(), employee))
                            assertEquals(listOf(employee), dir.responsibilitiesFor(id.subject()).map { it.employee })
                        } else {
                            val page = dir.customerPage((i * 7).toLong(), 25)
                            assertTrue(page.items.size <= 25)
                            assertEquals(page.items.map { it.id }.sortedBy { it.raw }, page.items.map { it.id })
                            val report = dir.numberingReport()
                            assertTrue(report.series.isNotEmpty())
                            assertThrows<VastuuException.NotFound> { dir.customer(CustomerId(0)) }
                            // The views and exports see whole mutations only: every cell of a
                            // matrix page is a responsibility the list shows too.
                            val employee = employees[i % employees.size]
                            val m = dir.matrix(MatrixQuery(employees = listOf(employee)), Page(limit = 50), Page(limit = 5))
                            assertTrue(m.cells.all { it.row < m.rows.size && it.column < m.columns.size })
                            val list = dir.responsiblePersons(ResponsiblePersonsQuery(employees = listOf(employee)), Page(limit = Int.MAX_VALUE))
                            assertEquals(list.total, list.items.size.toLong())
                            when (i % 3) {
                                0 -> {
                                    // Writers only add customers, so the export lies between two counts.
                                    val before = dir.filterCustomers(CustomerFilter(), Page(limit = 0)).total
                                    val rows = readSheet(dir.exportToBytes(Export.Customers(CustomerFilter()))).rows.size.toLong()
                                    val after = dir.filterCustomers(CustomerFilter(), Page(limit = 0)).total
                                    assertTrue(rows in before..after, "$before <= $rows <= $after")
                                }
                                1 -> {
                                    val visible = dir.visibleCustomers(employee, today)
                                    assertTrue(visible.all { dir.canView(employee, it, today).visible })
                                }
                                else -> assertTrue(dir.groupCounts(true).isNotEmpty())
                            }
                        }
                    }
                } catch (e: Throwable) {
                    failures += e
                }
            }
        }
        gate.countDown()
        workers.forEach { it.join() }

        assertEquals(emptyList<Throwable>(), failures)
        val writers = threads / 2
        assertEquals(writers * perThread, created.size)
        assertEquals(startCustomers + created.size.toLong(), dir.counts().customers)
        assertEquals(startSeq + (2 * writers * perThread).toLong(), dir.lastSeq(), "every mutation is its own change set")
        val numbers = dir.customersByIds(created).map { it.number }
        assertEquals(numbers.size, numbers.toSet().size, "no number was handed out twice")
        dir.checkIntegrity()
    }
}

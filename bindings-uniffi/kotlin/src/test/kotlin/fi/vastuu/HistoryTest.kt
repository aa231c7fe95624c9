package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Duration
import java.time.Instant

class HistoryTest {
    @Test
    fun everyChangeSetIsReadBack(): Unit = Directory().use { dir ->
        val before = Instant.now()
        dir.setActor("admin@example.fi")
        val matti = dir.hire("Matti")
        val esim = dir.addCustomer("Esimerkki")
        dir.setActor(null)
        dir.toggle(esim.subject(), matti)
        val after = Instant.now()

        assertEquals(3L, dir.lastSeq())
        val ofCustomer = dir.history(HistoryKey.Customer(esim))
        assertEquals(listOf(2L, 3L), ofCustomer.map { it.seq })

        val created = ofCustomer[0]
        assertEquals("admin@example.fi", created.actor)
        assertEquals(listOf(HistoryKey.Customer(esim)), created.keys)
        val put = created.changes[0] as Change.PutCustomer
        assertEquals("Esimerkki", put.customer.name)
        assertEquals(Change.SetDefaultSeries(DefaultSeries(1L, null, 2L)), created.changes[1])
        val slack = Duration.ofSeconds(1)
        assertTrue(!created.time.isBefore(before.minus(slack)) && !created.time.isAfter(after.plus(slack)))

        val toggled = ofCustomer[1]
        assertNull(toggled.actor)
        assertEquals(setOf(HistoryKey.Customer(esim), HistoryKey.Employee(matti)), toggled.keys.toSet())
        assertEquals(
            listOf(Change.PutResponsibility(Responsibility(esim.subject(), matti, emptyList(), Period()))),
            toggled.changes,
        )
        assertEquals(listOf(1L, 3L), dir.history(HistoryKey.Employee(matti)).map { it.seq })

        val all = dir.changeSetPage(0, 10)
        assertEquals(3L, all.total)
        assertEquals(ofCustomer, all.items.drop(1))
        assertEquals(listOf(2L, 3L), dir.changeSetPage(1, 2).items.map { it.seq })
    }

    @Test
    fun historyOfDeletedEntitiesStays(): Unit = Directory().use { dir ->
        val gone = dir.addCustomer("Poistuva")
        val project = dir.createProject(gone, "P")
        dir.deleteProject(project)
        dir.deleteCustomer(gone)
        val history = dir.history(HistoryKey.Customer(gone))
        assertEquals(4, history.size)
        assertEquals(Change.DeleteProject(project), history[2].changes.single())
        assertEquals(Change.DeleteCustomer(gone), history[3].changes.last())
        assertNull(dir.actor())
    }

    @Test
    fun cascadesAreSpelledOut(): Unit = Directory().use { dir ->
        val seller = dir.hire("Myyjä", salesRights = true)
        val c = dir.addCustomer("C")
        val g = dir.createCustomerGroup(NewCustomerGroup(name = "G", salespeople = listOf(seller), customers = listOf(c)))
        dir.toggle(c.subject(), seller)
        dir.deleteEmployee(seller)
        val changes = dir.history(HistoryKey.Employee(seller)).last().changes
        assertEquals(Change.DeleteResponsibility(c.subject(), seller), changes[0])
        assertEquals(emptyList<EmployeeId>(), (changes[1] as Change.PutCustomerGroup).group.salespeople)
        assertEquals(g, (changes[1] as Change.PutCustomerGroup).group.id)
        assertEquals(Change.DeleteEmployee(seller), changes[2])
    }
}

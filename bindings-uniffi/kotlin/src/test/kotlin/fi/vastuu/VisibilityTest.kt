package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDate

/** canView with its reasons, and its set forms visibleCustomers and whoCanView. */
class VisibilityTest {
    private val day = LocalDate.of(2026, 3, 1)

    @Test
    fun everyReasonAndEveryDenial(): Unit = Directory().use { dir ->
        val admin = dir.createEmployee(NewEmployee(name = "Pääkäyttäjä", seesAll = true))
        val matti = dir.hire("Matti")
        val aino = dir.hire("Aino")
        val myyja = dir.hire("Maija", salesRights = true)
        val muu = dir.hire("Muu")
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", salespeople = listOf(myyja)))
        val esim = dir.addCustomer("Esimerkki", group = north)
        val toinen = dir.addCustomer("Toinen")
        val project = dir.createProject(esim, "Remontti")
        dir.toggle(esim.subject(), matti)
        dir.setPeriod(esim.subject(), matti, Period(to = day))
        dir.toggle(project.subject(), aino)

        assertEquals(Visibility(true, listOf(VisibilityReason.Admin)), dir.canView(admin, toinen, day))
        assertEquals(Visibility(true, listOf(VisibilityReason.Responsible)), dir.canView(matti, esim, day))
        assertEquals(Visibility(false, emptyList()), dir.canView(matti, esim, day.plusDays(1)), "validity ended")
        assertEquals(Visibility(true, listOf(VisibilityReason.ProjectResponsible(project))), dir.canView(aino, esim, day))
        assertEquals(Visibility(true, listOf(VisibilityReason.Salesperson(north))), dir.canView(myyja, esim, day))
        assertFalse(dir.canView(muu, esim, day).visible)
        assertFalse(dir.canView(myyja, toinen, day).visible)

        assertEquals(listOf(esim, toinen), dir.visibleCustomers(admin, day))
        assertEquals(listOf(esim), dir.visibleCustomers(matti, day))
        assertEquals(emptyList<CustomerId>(), dir.visibleCustomers(matti, day.plusDays(1)))
        assertEquals(listOf(aino, myyja, matti, admin), dir.whoCanView(esim, day), "Finnish order: Ä, then P last")

        // Sales rights taken away: the salesperson place no longer grants visibility.
        dir.updateEmployee(myyja, EmployeeUpdate(salesRights = false))
        assertFalse(dir.canView(myyja, esim, day).visible)
        // Inactive employees see nothing, whatever they hold.
        dir.archiveEmployee(admin)
        dir.archiveEmployee(matti)
        assertEquals(Visibility(false, emptyList()), dir.canView(admin, esim, day))
        assertEquals(emptyList<CustomerId>(), dir.visibleCustomers(matti, day))
        assertEquals(listOf(aino), dir.whoCanView(esim, day))

        dir.rejects<VastuuException.NotFound> { canView(EmployeeId(99), esim, day) }
        dir.rejects<VastuuException.NotFound> { canView(matti, CustomerId(99), day) }
        dir.rejects<VastuuException.NotFound> { visibleCustomers(EmployeeId(99), day) }
        dir.rejects<VastuuException.NotFound> { whoCanView(CustomerId(99), day) }
    }

    @Test
    fun setFormsGiveExactlyThePairsCanViewAllows(): Unit = Directory.generated(21, GeneratedSize.SMALL).use { dir ->
        val employees = dir.employees().map { it.id }
        val customers = dir.customerPage(0, Int.MAX_VALUE).items.map { it.id }
        for (date in listOf(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 6, 15))) {
            val allowed = employees.associateWith { e -> customers.filter { c -> dir.canView(e, c, date).visible }.toSet() }
            for (e in employees) {
                val visible = dir.visibleCustomers(e, date)
                assertEquals(allowed.getValue(e), visible.toSet(), "employee $e on $date")
                assertEquals(visible.size, visible.toSet().size, "no customer twice")
            }
            for (c in customers.filterIndexed { i, _ -> i % 10 == 0 }) {
                val who = dir.whoCanView(c, date)
                assertEquals(employees.filter { c in allowed.getValue(it) }.toSet(), who.toSet(), "customer $c on $date")
            }
            assertTrue(allowed.values.any { it.isNotEmpty() } && allowed.values.any { it.size < customers.size })
        }
        for (e in employees) {
            val reasons = customers.map { dir.canView(e, it, LocalDate.of(2026, 6, 15)) }
            assertTrue(reasons.all { it.visible == it.reasons.isNotEmpty() })
        }
    }
}

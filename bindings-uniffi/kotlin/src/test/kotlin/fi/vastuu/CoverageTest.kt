package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.LocalDate

class CoverageTest {
    private val today = LocalDate.of(2026, 6, 1)

    @Test
    fun customersWithoutAResponsiblePerson(): Unit = Directory().use { dir ->
        val matti = dir.hire("Matti")
        val covered = dir.addCustomer("Hoidettu")
        val uncovered = dir.addCustomer("Hoitamaton")
        val expired = dir.addCustomer("Vanhentunut")
        val archived = dir.addCustomer("Arkistoitu")
        dir.toggle(covered.subject(), matti)
        dir.setResponsibility(expired.subject(), matti, emptyList(), Period(to = LocalDate.of(2026, 5, 31)))
        dir.archiveCustomer(archived)

        assertEquals(listOf(uncovered, expired, archived), dir.customersWithoutResponsible(today, false))
        assertEquals(listOf(uncovered, expired), dir.customersWithoutResponsible(today, true))
        assertEquals(listOf(uncovered, archived), dir.customersWithoutResponsible(LocalDate.of(2026, 5, 31), false))
    }

    @Test
    fun responsibilitiesOfInactiveEmployees(): Unit = Directory().use { dir ->
        val leaver = dir.hire("Lähtenyt")
        val c = dir.addCustomer("C")
        val p = dir.createProject(c, "P")
        dir.toggle(c.subject(), leaver)
        dir.toggle(p.subject(), leaver)
        dir.archiveEmployee(leaver)
        assertEquals(
            listOf(InactiveHolder(c.subject(), c, leaver), InactiveHolder(p.subject(), c, leaver)),
            dir.responsibilitiesOfInactiveEmployees(),
        )
    }

    @Test
    fun salespeopleWithoutSalesRights(): Unit = Directory().use { dir ->
        val seller = dir.hire("Myyjä", salesRights = true)
        val g = dir.createCustomerGroup(NewCustomerGroup(name = "G", salespeople = listOf(seller)))
        assertEquals(emptyList<SalespersonWithoutRights>(), dir.salespeopleWithoutSalesRights())
        dir.updateEmployee(seller, EmployeeUpdate(salesRights = false))
        assertEquals(listOf(SalespersonWithoutRights(g, seller)), dir.salespeopleWithoutSalesRights())
    }

    @Test
    fun responsibilitiesEndingSoon(): Unit = Directory().use { dir ->
        val matti = dir.hire("Matti")
        val soon = dir.addCustomer("Pian")
        val later = dir.addCustomer("Myöhemmin")
        val open = dir.addCustomer("Avoin")
        dir.setResponsibility(soon.subject(), matti, emptyList(), Period(to = today.plusDays(10)))
        dir.setResponsibility(later.subject(), matti, emptyList(), Period(to = today.plusDays(60)))
        dir.toggle(open.subject(), matti)
        assertEquals(
            listOf(EndingResponsibility(soon.subject(), soon, matti, today.plusDays(10))),
            dir.responsibilitiesEndingWithin(today, 30),
        )
        assertEquals(2, dir.responsibilitiesEndingWithin(today, Int.MAX_VALUE).size)
        assertEquals(emptyList<EndingResponsibility>(), dir.responsibilitiesEndingWithin(today, 9))
    }

    @Test
    fun seriesNearExhaustion(): Unit = Directory().use { dir ->
        val g = dir.createCustomerGroup(NewCustomerGroup(name = "Pieni", numberingStart = 10, numberingEnd = 19))
        repeat(9) { dir.addCustomer("C$it", g) }
        assertEquals(
            listOf(SeriesNearExhaustion(SeriesId.Group(g), "Pieni", capacity = 10, capacityLeft = 1)),
            dir.seriesNearExhaustion(20),
        )
        assertEquals(emptyList<SeriesNearExhaustion>(), dir.seriesNearExhaustion(10))
    }
}

package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class NumberingTest {
    private val max = 999_999_999_999_999L

    @Test
    fun reportListsEverySeriesWithItsUsage(): Unit = Directory().use { dir ->
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 1000))
        dir.addCustomer("A")
        dir.addCustomer("B")
        dir.addCustomer("C", group = north)

        val report = dir.numberingReport()
        assertEquals(
            listOf(
                SeriesReport(SeriesId.Default, null, 1, 999, explicitEnd = false, nextNumber = 3, used = 2, capacityLeft = 997),
                SeriesReport(SeriesId.Group(north), "Pohjoinen", 1000, max, explicitEnd = false, nextNumber = 1001, used = 1, capacityLeft = max - 1000L),
            ),
            report.series,
        )
        assertEquals(emptyList<NumberingConflict>(), report.conflicts)
    }

    @Test
    fun reportNamesConflicts(): Unit = Directory().use { dir ->
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 1000))
        val west = dir.createCustomerGroup(NewCustomerGroup(name = "Länsi", numberingStart = 500, numberingEnd = 1500))
        val stray = dir.createCustomer(NewCustomer(name = "Käsin", number = NumberChoice.Explicit(2000)))
        val conflicts = dir.numberingReport().conflicts
        assertEquals(
            listOf(
                NumberingConflict.OverlappingRanges(SeriesId.Group(west), SeriesId.Group(north), 1000, 1500),
                NumberingConflict.NumberInOtherSeries(stray, 2000, SeriesId.Group(north), SeriesId.Default),
            ),
            conflicts,
        )
    }

    @Test
    fun defaultSeriesCanBeConfigured(): Unit = Directory().use { dir ->
        assertEquals(DefaultSeries(1, null, 1), dir.defaultSeries())
        dir.setDefaultSeries(100, 199)
        assertEquals(DefaultSeries(100, 199, 100), dir.defaultSeries())
        val a = dir.addCustomer("A")
        assertEquals(100L, dir.customer(a).number)
    }

    @Test
    fun seriesRunOutWithAClearError(): Unit = Directory().use { dir ->
        val small = dir.createCustomerGroup(NewCustomerGroup(name = "Pieni", numberingStart = 10, numberingEnd = 11))
        dir.addCustomer("A", small)
        dir.addCustomer("B", small)
        val error = dir.rejects<VastuuException.NumberRangeExhausted> { addCustomer("C", small) }
        assertEquals(SeriesId.Group(small), error.series)
        assertEquals(10L to 11L, error.start to error.end)
    }

    @Test
    fun renumberingIsExplicit(): Unit = Directory().use { dir ->
        val a = dir.addCustomer("A")
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 1000))
        dir.moveCustomerToGroup(north, a)
        assertEquals(1L, dir.customer(a).number, "moving keeps the number")
        assertEquals(1000L, dir.renumberCustomer(a))
        assertEquals(1000L, dir.customer(a).number)
    }
}

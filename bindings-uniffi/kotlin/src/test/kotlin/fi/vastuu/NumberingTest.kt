package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class NumberingTest {
    private val max = 999_999_999_999_999uL

    @Test
    fun reportListsEverySeriesWithItsUsage(): Unit = Directory().use { dir ->
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 1000uL))
        dir.addCustomer("A")
        dir.addCustomer("B")
        dir.addCustomer("C", group = north)

        val report = dir.numberingReport()
        assertEquals(
            listOf(
                SeriesReport(SeriesId.Default, null, 1uL, 999uL, explicitEnd = false, nextNumber = 3uL, used = 2uL, capacityLeft = 997uL),
                SeriesReport(SeriesId.Group(north), "Pohjoinen", 1000uL, max, explicitEnd = false, nextNumber = 1001uL, used = 1uL, capacityLeft = max - 1000uL),
            ),
            report.series,
        )
        assertEquals(emptyList<NumberingConflict>(), report.conflicts)
    }

    @Test
    fun reportNamesConflicts(): Unit = Directory().use { dir ->
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 1000uL))
        val west = dir.createCustomerGroup(NewCustomerGroup(name = "Länsi", numberingStart = 500uL, numberingEnd = 1500uL))
        val stray = dir.createCustomer(NewCustomer(name = "Käsin", number = NumberChoice.Explicit(2000uL)))
        val conflicts = dir.numberingReport().conflicts
        assertEquals(
            listOf(
                NumberingConflict.OverlappingRanges(SeriesId.Group(west), SeriesId.Group(north), 1000uL, 1500uL),
                NumberingConflict.NumberInOtherSeries(stray, 2000uL, SeriesId.Group(north), SeriesId.Default),
            ),
            conflicts,
        )
    }

    @Test
    fun defaultSeriesCanBeConfigured(): Unit = Directory().use { dir ->
        assertEquals(DefaultSeries(1uL, null, 1uL), dir.defaultSeries())
        dir.setDefaultSeries(100uL, 199uL)
        assertEquals(DefaultSeries(100uL, 199uL, 100uL), dir.defaultSeries())
        val a = dir.addCustomer("A")
        assertEquals(100uL, dir.customer(a).number)
    }

    @Test
    fun seriesRunOutWithAClearError(): Unit = Directory().use { dir ->
        val small = dir.createCustomerGroup(NewCustomerGroup(name = "Pieni", numberingStart = 10uL, numberingEnd = 11uL))
        dir.addCustomer("A", small)
        dir.addCustomer("B", small)
        val error = dir.rejects<VastuuException.NumberRangeExhausted> { addCustomer("C", small) }
        assertEquals(SeriesId.Group(small), error.series)
        assertEquals(10uL to 11uL, error.start to error.end)
    }

    @Test
    fun renumberingIsExplicit(): Unit = Directory().use { dir ->
        val a = dir.addCustomer("A")
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 1000uL))
        dir.moveCustomerToGroup(north, a)
        assertEquals(1uL, dir.customer(a).number, "moving keeps the number")
        assertEquals(1000uL, dir.renumberCustomer(a))
        assertEquals(1000uL, dir.customer(a).number)
    }
}

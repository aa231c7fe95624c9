package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.charset.CharacterCodingException
import java.time.LocalDate

/**
 * Malformed input of every kind gets a typed VastuuException (never InternalException, which is
 * what a panic in the library would become) and changes nothing.
 */
class BadInputTest {
    private val max = 999_999_999_999_999L

    @Test
    fun unknownIdsOfEveryKind(): Unit = Directory.generated(3, GeneratedSize.SMALL).use { dir ->
        val matti = dir.employees().first().id
        val customer = dir.customerPage(0, 1).items.single().id
        for (raw in listOf(0L, 100_000L, Int.MAX_VALUE.toLong(), MAX_RAW_ID)) {
            assertEquals(EntityRef.Employee(EmployeeId(raw)), dir.rejects<VastuuException.NotFound> { employee(EmployeeId(raw)) }.entity)
            assertEquals(EntityRef.Team(TeamId(raw)), dir.rejects<VastuuException.NotFound> { renameTeam(TeamId(raw), "X") }.entity)
            assertEquals(EntityRef.Role(RoleId(raw)), dir.rejects<VastuuException.NotFound> { addRole(customer.subject(), matti, RoleId(raw)) }.entity)
            assertEquals(EntityRef.Customer(CustomerId(raw)), dir.rejects<VastuuException.NotFound> { toggle(CustomerId(raw).subject(), matti) }.entity)
            assertEquals(EntityRef.Project(ProjectId(raw)), dir.rejects<VastuuException.NotFound> { toggle(ProjectId(raw).subject(), matti) }.entity)
            assertEquals(
                EntityRef.CustomerGroup(CustomerGroupId(raw)),
                dir.rejects<VastuuException.NotFound> { addCustomerToGroup(CustomerGroupId(raw), customer) }.entity,
            )
            assertEquals(
                EntityRef.SpecialGroup(SpecialGroupId(raw)),
                dir.rejects<VastuuException.NotFound> { addToSpecialGroup(SpecialGroupId(raw), customer) }.entity,
            )
            dir.rejects<VastuuException.NotFound> { history(HistoryKey.Customer(CustomerId(raw))) }
            dir.rejects<VastuuException.NotFound> { customersByIds(listOf(customer, CustomerId(raw))) }
            dir.rejects<VastuuException.NotFound> { planHandover(Handover(from = matti, to = EmployeeId(raw))) }
        }
        dir.rejects<VastuuException.NotFound> {
            createCustomerGroup(NewCustomerGroup(name = "Uusi", customers = (1L..300L).map { CustomerId(it) } + CustomerId(301), moveCustomers = true))
        }
    }

    @Test
    fun badNames(): Unit = Directory().use { dir ->
        val cases = mapOf(
            "" to TextProblem.Empty,
            " \t " to TextProblem.Empty,
            "a\u0000b" to TextProblem.ControlCharacter(1),
            "rivi\nrivi" to TextProblem.ControlCharacter(4),
            "ä".repeat(201) to TextProblem.TooLong(201, 200),
            "x".repeat(1_000_000) to TextProblem.TooLong(1_000_000, 200),
            "Oy \u202EbA" to TextProblem.BidiControl(3),
            "a\u2066b" to TextProblem.BidiControl(1),
            "Huol\u200Bto" to TextProblem.ZeroWidth(4),
            "a\u2028b" to TextProblem.LineSeparator(1),
        )
        for ((name, problem) in cases) {
            assertEquals(problem, dir.rejects<VastuuException.InvalidText> { createTeam(name) }.problem, name.take(20))
            assertEquals(problem, dir.rejects<VastuuException.InvalidText> { hire(name) }.problem)
            assertEquals(problem, dir.rejects<VastuuException.InvalidText> { addCustomer(name) }.problem)
            assertEquals(problem, dir.rejects<VastuuException.InvalidText> { setActor(name) }.problem)
        }
        assertEquals("😀".repeat(200), dir.employee(dir.hire("😀".repeat(200))).name, "200 characters, not 200 bytes")
        val huge = dir.rejects<VastuuException.InvalidText> { addCustomer("x".repeat(1_000_000)) }
        assertTrue(huge.toString().length < 200, huge.toString())
        assertTrue(huge.value.endsWith("… (1,000,000 characters)"), huge.value)
    }

    @Test
    fun lookalikeNamesCollide(): Unit = Directory().use { dir ->
        dir.createTeam("ACME")
        for (lookalike in listOf("acme", "ＡＣＭＥ")) {
            dir.rejects<VastuuException.DuplicateName> { createTeam(lookalike) }
        }
        assertEquals("Äkäs", dir.customer(dir.addCustomer("A\u0308ka\u0308s")).name)
    }

    @Test
    fun loneSurrogatesNeverReachTheLibrary(): Unit = Directory().use { dir ->
        dir.rejects<CharacterCodingException> { createTeam("\uD800") }
    }

    @Test
    fun hugeNumbers(): Unit = Directory().use { dir ->
        for (n in listOf(max + 1L, Long.MAX_VALUE)) {
            val e = dir.rejects<VastuuException.InvalidCustomerNumber> {
                createCustomer(NewCustomer(name = "C", number = NumberChoice.Explicit(n)))
            }
            assertEquals(n, e.number)
            assertEquals(RangeProblem.ABOVE_MAXIMUM, dir.rejects<VastuuException.InvalidNumberingRange> { setDefaultSeries(1, n) }.problem)
        }
        val g = dir.createCustomerGroup(NewCustomerGroup(name = "Viimeinen", numberingStart = max))
        assertEquals(max, dir.customer(dir.addCustomer("Viimeinen", g)).number)
        dir.rejects<VastuuException.NumberRangeExhausted> { addCustomer("Yli", g) }
        assertTrue(dir.customerPage(Long.MAX_VALUE, Int.MAX_VALUE).items.isEmpty())
        assertEquals(emptyList<EndingResponsibility>(), dir.responsibilitiesEndingWithin(LocalDate.of(9999, 12, 31), Int.MAX_VALUE))
        dir.rejects<VastuuException.InvalidPercent> { seriesNearExhaustion(Int.MAX_VALUE) }
    }

    @Test
    fun negativeNumbersAndIdsBeyondTheRangeAreTypedErrors(): Unit = Directory.generated(3, GeneratedSize.SMALL).use { dir ->
        val matti = dir.employees().first().id
        val customer = dir.customerPage(0, 1).items.single().id
        val group = dir.customerGroups().first().id
        val day = LocalDate.of(2026, 1, 1)
        /** The call is refused with NumberOutOfRange naming the value and the range, and changes nothing. */
        fun refused(what: String, value: Long, max: Long, call: Directory.() -> Unit) {
            val e = dir.rejects<VastuuException.NumberOutOfRange>(call)
            assertEquals(listOf(what, value, 0L, max), listOf(e.what, e.value, e.min, e.max))
            assertEquals("invalid $what $value: must be 0 to $max", e.toString())
        }
        val id = "id"
        val count = "count or offset"
        val small = "page size, index, days or percentage"
        val number = "customer number"
        val int = Int.MAX_VALUE.toLong()

        // Ids: negative, or above the 32 bits the library's ids have; as arguments, inside
        // records, lists and enums, in reads and in mutations.
        refused(id, -1, MAX_RAW_ID) { customer(CustomerId(-1)) }
        refused(id, MAX_RAW_ID + 1, MAX_RAW_ID) { employee(EmployeeId(MAX_RAW_ID + 1)) }
        refused(id, Long.MIN_VALUE, MAX_RAW_ID) { toggle(Subject.Customer(CustomerId(Long.MIN_VALUE)), matti) }
        refused(id, -2, MAX_RAW_ID) { toggle(customer.subject(), EmployeeId(-2)) }
        refused(id, -3, MAX_RAW_ID) { createCustomer(NewCustomer(name = "Uusi", group = CustomerGroupId(-3))) }
        refused(id, -4, MAX_RAW_ID) { addCustomerToGroup(group, CustomerId(-4)) }
        refused(id, -5, MAX_RAW_ID) { filterCustomers(CustomerFilter(customers = listOf(customer, CustomerId(-5))), Page(limit = 10)) }
        refused(id, -6, MAX_RAW_ID) { canView(matti, CustomerId(-6), day) }
        refused(id, -7, MAX_RAW_ID) { history(HistoryKey.Employee(EmployeeId(-7))) }
        refused(id, -8, MAX_RAW_ID) { exportToBytes(Export.GroupCustomers(CustomerGroupId(-8))) }
        refused(id, -9, MAX_RAW_ID) { exportHeaders(Export.SpecialGroupCustomers(SpecialGroupId(-9)), Language.FINNISH) }

        // Offsets and limits of pages: as arguments and inside a Page.
        refused(count, -1, Long.MAX_VALUE) { customerPage(-1, 10) }
        refused(small, -1, int) { customerPage(0, -1) }
        refused(small, Int.MIN_VALUE.toLong(), int) { projectPage(0, Int.MIN_VALUE) }
        refused(count, -10, Long.MAX_VALUE) { responsibilityPage(-10, 10) }
        refused(count, -1, Long.MAX_VALUE) { changeSetPage(-1, 10) }
        refused(count, -3, Long.MAX_VALUE) { filterCustomers(CustomerFilter(), Page(offset = -3, limit = 10)) }
        refused(small, -1, int) { matrix(MatrixQuery(), Page(limit = 10), Page(limit = -1)) }
        refused(small, -2, int) { responsiblePersons(ResponsiblePersonsQuery(), Page(limit = -2)) }
        refused(count, -1, Long.MAX_VALUE) { customerListing(null, true, Page(limit = 10), Page(offset = -1, limit = 10)) }

        // Customer numbers and series, days, percentages, counts.
        refused(number, -1, Long.MAX_VALUE) { setCustomerNumber(customer, -1) }
        refused(number, -1, Long.MAX_VALUE) { createCustomer(NewCustomer(name = "Uusi", number = NumberChoice.Explicit(-1))) }
        refused(number, -1, Long.MAX_VALUE) { customerByNumber(-1) }
        refused(number, -5, Long.MAX_VALUE) { setDefaultSeries(-5, null) }
        refused(number, -6, Long.MAX_VALUE) { setDefaultSeries(1, -6) }
        refused(number, -7, Long.MAX_VALUE) { setGroupNumbering(group, -7, null) }
        refused(number, -8, Long.MAX_VALUE) { createCustomerGroup(NewCustomerGroup(name = "Uusi", numberingStart = -8)) }
        refused(small, -1, int) { responsibilitiesEndingWithin(day, -1) }
        refused(small, -1, int) { seriesNearExhaustion(-1) }
        refused(count, -1, Long.MAX_VALUE) { failNextCommits(-1) }
        val seed = assertThrows<VastuuException.NumberOutOfRange> { Directory.generated(-1, GeneratedSize.SMALL).close() }
        assertEquals("seed" to -1L, seed.what to seed.value)

        // Inside a transaction the refused call changes nothing either, and the transaction goes on.
        dir.beginTransaction().use { tx ->
            val kept = dir.addCustomer("Pysyy")
            refused(id, -1, MAX_RAW_ID) { archiveCustomer(CustomerId(-1)) }
            tx.commit()
            assertEquals("Pysyy", dir.customer(kept).name)
        }
    }

    @Test
    fun badDatesWhereverADateIsTaken(): Unit = Directory().use { dir ->
        val matti = dir.hire("Matti")
        val other = dir.hire("Maija")
        val c = dir.addCustomer("C")
        dir.toggle(c.subject(), matti)
        for (date in listOf(LocalDate.of(10000, 1, 1), LocalDate.of(-10000, 12, 31), LocalDate.MAX, LocalDate.MIN)) {
            val shown = date.toString()
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { setPeriod(c.subject(), matti, Period(from = date)) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { setResponsibility(c.subject(), matti, emptyList(), Period(to = date)) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { customersWithoutResponsible(date, true) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { responsibilitiesEndingWithin(date, 1) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { planHandover(Handover(from = matti, to = other, effective = date)) }.value)
        }
    }

    @Test
    fun datesAtTheEdgesOfTheRange(): Unit = Directory().use { dir ->
        val matti = dir.hire("Matti")
        val maija = dir.hire("Maija")
        val c = dir.addCustomer("C")
        val first = LocalDate.of(0, 1, 1)
        val last = LocalDate.of(9999, 12, 31)
        dir.setResponsibility(c.subject(), matti, emptyList(), Period(first, last))
        assertEquals(Period(first, last), dir.responsibility(c.subject(), matti)?.period)
        dir.applyHandover(dir.planHandover(Handover(from = matti, to = maija, effective = first)))
        assertEquals(Period(first, last), dir.responsibility(c.subject(), maija)?.period)
        assertEquals(null, dir.responsibility(c.subject(), matti), "nothing of the old validity is left before day one")

        // An open-ended validity handed over on day one ends the day before: in year -1, which
        // comes back as a LocalDate and is accepted again as input.
        val d = dir.addCustomer("D")
        dir.toggle(d.subject(), matti)
        val plan = dir.planHandover(Handover(from = matti, to = maija, effective = first))
        val step = plan.steps.single() as HandoverStep.ResponsibilityChange
        val eve = LocalDate.of(-1, 12, 31)
        assertEquals(Period(null, eve), step.fromAfter?.period)
        dir.applyHandover(plan)
        dir.setPeriod(d.subject(), matti, Period(eve, eve))
        assertEquals(Period(eve, eve), dir.responsibility(d.subject(), matti)?.period)
    }

    @Test
    fun unknownIdsInViewsVisibilityAndExports(): Unit = Directory.generated(3, GeneratedSize.SMALL).use { dir ->
        val all = Page(limit = Int.MAX_VALUE)
        val matti = dir.employees().first().id
        val customer = dir.customerPage(0, 1).items.single().id
        val day = LocalDate.of(2026, 1, 1)
        val badFilters = mapOf(
            CustomerFilter(customers = listOf(customer, CustomerId(9999))) to EntityRef.Customer(CustomerId(9999)),
            CustomerFilter(groups = listOf(CustomerGroupId(9999))) to EntityRef.CustomerGroup(CustomerGroupId(9999)),
            CustomerFilter(specialGroups = listOf(SpecialGroupId(0))) to EntityRef.SpecialGroup(SpecialGroupId(0)),
            CustomerFilter(responsible = EmployeeId(MAX_RAW_ID)) to EntityRef.Employee(EmployeeId(MAX_RAW_ID)),
            CustomerFilter(salesperson = EmployeeId(0)) to EntityRef.Employee(EmployeeId(0)),
        )
        for ((filter, entity) in badFilters) {
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { filterCustomers(filter, all) }.entity)
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { matrix(MatrixQuery(customers = filter), all, all) }.entity)
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { responsiblePersons(ResponsiblePersonsQuery(customers = filter), all) }.entity)
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { exportToBytes(Export.Customers(filter)) }.entity)
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { exportToBytes(Export.Matrix(MatrixQuery(customers = filter))) }.entity)
        }
        dir.rejects<VastuuException.NotFound> { matrix(MatrixQuery(teams = listOf(TeamId(9999))), all, all) }
        dir.rejects<VastuuException.NotFound> { matrix(MatrixQuery(employees = listOf(EmployeeId(9999))), all, all) }
        dir.rejects<VastuuException.NotFound> { matrix(MatrixQuery(role = RoleId(9999)), all, all) }
        dir.rejects<VastuuException.NotFound> { responsiblePersons(ResponsiblePersonsQuery(employees = listOf(EmployeeId(0))), all) }
        dir.rejects<VastuuException.NotFound> { responsiblePersonsOf(ProjectId(9999).subject()) }
        dir.rejects<VastuuException.NotFound> { responsiblePersonsOf(customer.subject(), role = RoleId(9999)) }
        dir.rejects<VastuuException.NotFound> { customerListing(CustomerGroupId(9999), true, all, all) }
        dir.rejects<VastuuException.NotFound> { canView(matti, CustomerId(0), day) }
        dir.rejects<VastuuException.NotFound> { exportToBytes(Export.ResponsiblePersons(ResponsiblePersonsQuery(employees = listOf(EmployeeId(9999))))) }
        // Odd but harmless filter text finds nothing rather than failing.
        for (text in listOf("\u0000", "x".repeat(100_000), "%_*", "😀")) {
            assertEquals(0L, dir.filterCustomers(CustomerFilter(text = text), all).total)
        }
    }

    @Test
    fun extremePagesAndDatesInTheViews(): Unit = Directory.generated(3, GeneratedSize.SMALL).use { dir ->
        val far = Page(offset = Long.MAX_VALUE, limit = Int.MAX_VALUE)
        val customers = dir.filterCustomers(CustomerFilter(), Page(limit = 0)).total
        assertTrue(customers > 0L)
        dir.filterCustomers(CustomerFilter(), far).let { assertEquals(customers to 0, it.total to it.items.size) }
        dir.matrix(MatrixQuery(includeProjects = true), far, far).let {
            assertTrue(it.rows.isEmpty() && it.columns.isEmpty() && it.cells.isEmpty())
            assertTrue(it.totalRows > customers)
        }
        dir.responsiblePersons(ResponsiblePersonsQuery(), far).let { assertTrue(it.items.isEmpty() && it.total > 0L) }
        dir.customerListing(null, true, far, far).let { assertTrue(it.active.items.isEmpty() && it.prospects.items.isEmpty()) }

        val matti = dir.employees().first().id
        val customer = dir.customerPage(0, 1).items.single().id
        val all = Page(limit = 10)
        for (date in listOf(LocalDate.of(10000, 1, 1), LocalDate.MIN)) {
            val shown = date.toString()
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { canView(matti, customer, date) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { visibleCustomers(matti, date) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { whoCanView(customer, date) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { matrix(MatrixQuery(asOf = date), all, all) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { responsiblePersons(ResponsiblePersonsQuery(asOf = date), all) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { responsiblePersonsOf(customer.subject(), on = date) }.value)
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { exportToBytes(Export.Matrix(MatrixQuery(asOf = date))) }.value)
        }
    }

    @Test
    fun oddStorePathsAreTypedErrors() {
        for (path in listOf("", "nolla\u0000tavu", "/proc/ei/tänne")) {
            assertThrows<VastuuException> { Directory.open(path).close() }
            assertThrows<VastuuException> { Directory.openSqlite(path).close() }
        }
        Directory().use { dir ->
            dir.rejects<VastuuException.ExportFailed> { exportToPath(Export.Customers(CustomerFilter()), "") }
            dir.rejects<VastuuException.ExportFailed> { exportToPath(Export.Customers(CustomerFilter()), "nolla\u0000tavu.xlsx") }
        }
    }
}

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
    private val max = 999_999_999_999_999uL

    @Test
    fun unknownIdsOfEveryKind(): Unit = Directory.generated(3uL, GeneratedSize.SMALL).use { dir ->
        val matti = dir.employees().first().id
        val customer = dir.customerPage(0uL, 1u).items.single().id
        for (raw in listOf(0u, 100_000u, UInt.MAX_VALUE)) {
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
            createCustomerGroup(NewCustomerGroup(name = "Uusi", customers = (1u..300u).map { CustomerId(it) } + CustomerId(301u), moveCustomers = true))
        }
    }

    @Test
    fun badNames(): Unit = Directory().use { dir ->
        val cases = mapOf(
            "" to TextProblem.Empty,
            " \t " to TextProblem.Empty,
            "a\u0000b" to TextProblem.ControlCharacter(1uL),
            "rivi\nrivi" to TextProblem.ControlCharacter(4uL),
            "ä".repeat(201) to TextProblem.TooLong(201uL, 200uL),
            "x".repeat(1_000_000) to TextProblem.TooLong(1_000_000uL, 200uL),
            "Oy \u202EbA" to TextProblem.BidiControl(3uL),
            "a\u2066b" to TextProblem.BidiControl(1uL),
            "Huol\u200Bto" to TextProblem.ZeroWidth(4uL),
            "a\u2028b" to TextProblem.LineSeparator(1uL),
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
        for (n in listOf(max + 1uL, ULong.MAX_VALUE)) {
            val e = dir.rejects<VastuuException.InvalidCustomerNumber> {
                createCustomer(NewCustomer(name = "C", number = NumberChoice.Explicit(n)))
            }
            assertEquals(n, e.number)
            assertEquals(RangeProblem.ABOVE_MAXIMUM, dir.rejects<VastuuException.InvalidNumberingRange> { setDefaultSeries(1uL, n) }.problem)
        }
        val g = dir.createCustomerGroup(NewCustomerGroup(name = "Viimeinen", numberingStart = max))
        assertEquals(max, dir.customer(dir.addCustomer("Viimeinen", g)).number)
        dir.rejects<VastuuException.NumberRangeExhausted> { addCustomer("Yli", g) }
        assertTrue(dir.customerPage(ULong.MAX_VALUE, UInt.MAX_VALUE).items.isEmpty())
        assertEquals(emptyList<EndingResponsibility>(), dir.responsibilitiesEndingWithin(LocalDate.of(9999, 12, 31), UInt.MAX_VALUE))
        dir.rejects<VastuuException.InvalidPercent> { seriesNearExhaustion(UInt.MAX_VALUE) }
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
            assertEquals(shown, dir.rejects<VastuuException.InvalidDate> { responsibilitiesEndingWithin(date, 1u) }.value)
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
    fun unknownIdsInViewsVisibilityAndExports(): Unit = Directory.generated(3uL, GeneratedSize.SMALL).use { dir ->
        val all = Page(limit = UInt.MAX_VALUE)
        val matti = dir.employees().first().id
        val customer = dir.customerPage(0uL, 1u).items.single().id
        val day = LocalDate.of(2026, 1, 1)
        val badFilters = mapOf(
            CustomerFilter(customers = listOf(customer, CustomerId(9999u))) to EntityRef.Customer(CustomerId(9999u)),
            CustomerFilter(groups = listOf(CustomerGroupId(9999u))) to EntityRef.CustomerGroup(CustomerGroupId(9999u)),
            CustomerFilter(specialGroups = listOf(SpecialGroupId(0u))) to EntityRef.SpecialGroup(SpecialGroupId(0u)),
            CustomerFilter(responsible = EmployeeId(UInt.MAX_VALUE)) to EntityRef.Employee(EmployeeId(UInt.MAX_VALUE)),
            CustomerFilter(salesperson = EmployeeId(0u)) to EntityRef.Employee(EmployeeId(0u)),
        )
        for ((filter, entity) in badFilters) {
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { filterCustomers(filter, all) }.entity)
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { matrix(MatrixQuery(customers = filter), all, all) }.entity)
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { responsiblePersons(ResponsiblePersonsQuery(customers = filter), all) }.entity)
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { exportToBytes(Export.Customers(filter)) }.entity)
            assertEquals(entity, dir.rejects<VastuuException.NotFound> { exportToBytes(Export.Matrix(MatrixQuery(customers = filter))) }.entity)
        }
        dir.rejects<VastuuException.NotFound> { matrix(MatrixQuery(teams = listOf(TeamId(9999u))), all, all) }
        dir.rejects<VastuuException.NotFound> { matrix(MatrixQuery(employees = listOf(EmployeeId(9999u))), all, all) }
        dir.rejects<VastuuException.NotFound> { matrix(MatrixQuery(role = RoleId(9999u)), all, all) }
        dir.rejects<VastuuException.NotFound> { responsiblePersons(ResponsiblePersonsQuery(employees = listOf(EmployeeId(0u))), all) }
        dir.rejects<VastuuException.NotFound> { responsiblePersonsOf(ProjectId(9999u).subject()) }
        dir.rejects<VastuuException.NotFound> { responsiblePersonsOf(customer.subject(), role = RoleId(9999u)) }
        dir.rejects<VastuuException.NotFound> { customerListing(CustomerGroupId(9999u), true, all, all) }
        dir.rejects<VastuuException.NotFound> { canView(matti, CustomerId(0u), day) }
        dir.rejects<VastuuException.NotFound> { exportToBytes(Export.ResponsiblePersons(ResponsiblePersonsQuery(employees = listOf(EmployeeId(9999u))))) }
        // Odd but harmless filter text finds nothing rather than failing.
        for (text in listOf("\u0000", "x".repeat(100_000), "%_*", "😀")) {
            assertEquals(0uL, dir.filterCustomers(CustomerFilter(text = text), all).total)
        }
    }

    @Test
    fun extremePagesAndDatesInTheViews(): Unit = Directory.generated(3uL, GeneratedSize.SMALL).use { dir ->
        val far = Page(offset = ULong.MAX_VALUE, limit = UInt.MAX_VALUE)
        val customers = dir.filterCustomers(CustomerFilter(), Page(limit = 0u)).total
        assertTrue(customers > 0uL)
        dir.filterCustomers(CustomerFilter(), far).let { assertEquals(customers to 0, it.total to it.items.size) }
        dir.matrix(MatrixQuery(includeProjects = true), far, far).let {
            assertTrue(it.rows.isEmpty() && it.columns.isEmpty() && it.cells.isEmpty())
            assertTrue(it.totalRows > customers)
        }
        dir.responsiblePersons(ResponsiblePersonsQuery(), far).let { assertTrue(it.items.isEmpty() && it.total > 0uL) }
        dir.customerListing(null, true, far, far).let { assertTrue(it.active.items.isEmpty() && it.prospects.items.isEmpty()) }

        val matti = dir.employees().first().id
        val customer = dir.customerPage(0uL, 1u).items.single().id
        val all = Page(limit = 10u)
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

package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.LocalDate

/**
 * Every VastuuException subclass the library can produce, each from a real call, with its fields
 * and its message, and each leaving the directory as it was. (`Other` stands for core errors this
 * version of the bindings has no variant for; no call produces it today.) The variants of the
 * stores (`StoreLocked`, `NotAStore`, `UnsupportedStoreVersion`, `CorruptStoreFile`, `Store` with an
 * I/O failure, `DirectoryClosed`) are checked in StoresTest, those of the exports (`ExportFailed`,
 * `ExportCancelled`, `CallbackFailed`) in ExportsTest. `StoreNeedsReopen` and `StoreOutcomeUnknown`
 * need a write that fails and cannot be undone, which only the core's fault injection produces; `StoreUsedAfterFork` needs a
 * process forked from the one that opened the store, and the JVM cannot fork: their conversions
 * are checked by the crate's Rust tests (and the fork itself by the Python tests).
 */
class ErrorsTest {
    private val max = 999_999_999_999_999L

    @Test
    fun notFound(): Unit = Directory().use { dir ->
        val e = dir.rejects<VastuuException.NotFound> { customer(CustomerId(99)) }
        assertEquals(EntityRef.Customer(CustomerId(99)), e.entity)
        assertEquals("customer #99 does not exist", e.toString())
    }

    @Test
    fun invalidText(): Unit = Directory().use { dir ->
        val e = dir.rejects<VastuuException.InvalidText> { createTeam("   ") }
        assertEquals(Field.TEAM_NAME, e.field)
        assertEquals("   ", e.value)
        assertEquals(TextProblem.Empty, e.problem)
        assertEquals("invalid team name: empty (value \"   \")", e.toString())
        val matti = dir.hire("Matti")
        val email = dir.rejects<VastuuException.InvalidText> { updateEmployee(matti, EmployeeUpdate(email = "matti")) }
        assertEquals(Field.EMAIL, email.field)
        assertEquals(TextProblem.NotAnEmail, email.problem)
    }

    @Test
    fun duplicateName(): Unit = Directory().use { dir ->
        val team = dir.createTeam("Huolto")
        val e = dir.rejects<VastuuException.DuplicateName> { createTeam("HUOLTO") }
        assertEquals(EntityKind.TEAM, e.kind)
        assertEquals("HUOLTO", e.name)
        assertEquals(EntityRef.Team(team), e.existing)
        assertEquals("a team named \"HUOLTO\" already exists (team #1)", e.toString())
    }

    @Test
    fun duplicateAndInvalidCustomerNumbers(): Unit = Directory().use { dir ->
        val holder = dir.addCustomer("A")
        val dup = dir.rejects<VastuuException.DuplicateCustomerNumber> {
            createCustomer(NewCustomer(name = "B", number = NumberChoice.Explicit(1)))
        }
        assertEquals(1L to holder, dup.number to dup.holder)
        assertEquals("customer number 1 is already held by customer #1", dup.toString())

        val invalid = dir.rejects<VastuuException.InvalidCustomerNumber> { setCustomerNumber(holder, 0) }
        assertEquals(0L to max, invalid.number to invalid.max)
    }

    @Test
    fun customerInOtherGroup(): Unit = Directory().use { dir ->
        val c = dir.addCustomer("C")
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", customers = listOf(c)))
        val south = dir.createCustomerGroup(NewCustomerGroup(name = "Etelä"))
        val e = dir.rejects<VastuuException.CustomerInOtherGroup> { addCustomerToGroup(south, c) }
        assertEquals(listOf<Any>(c, north, "Pohjoinen", south, "Etelä"), listOf(e.customer, e.current, e.currentName, e.requested, e.requestedName))
        assertEquals(
            "customer #1 is already in customer group \"Pohjoinen\" (customer group #1); move it explicitly to put it in \"Etelä\" (customer group #2)",
            e.toString(),
        )
        dir.rejects<VastuuException.CustomerInOtherGroup> { updateCustomerGroup(south, CustomerGroupUpdate(customers = listOf(c))) }
    }

    @Test
    fun numberRangeExhausted(): Unit = Directory().use { dir ->
        dir.setDefaultSeries(5, 5)
        dir.addCustomer("A")
        val e = dir.rejects<VastuuException.NumberRangeExhausted> { addCustomer("B") }
        assertEquals(SeriesId.Default, e.series)
        assertEquals("the default series (5..=5) has no free customer number left", e.toString())
    }

    @Test
    fun invalidNumberingRange(): Unit = Directory().use { dir ->
        val zero = dir.rejects<VastuuException.InvalidNumberingRange> {
            createCustomerGroup(NewCustomerGroup(name = "G", numberingStart = 0))
        }
        assertEquals(RangeProblem.START_BELOW_ONE, zero.problem)
        val g = dir.createCustomerGroup(NewCustomerGroup(name = "G"))
        val backwards = dir.rejects<VastuuException.InvalidNumberingRange> { setGroupNumbering(g, 10, 9) }
        assertEquals(Triple(10L, 9L, RangeProblem.END_BELOW_START), Triple(backwards.start, backwards.end, backwards.problem))
        assertEquals(RangeProblem.END_WITHOUT_START, dir.rejects<VastuuException.InvalidNumberingRange> { setGroupNumbering(g, null, 9) }.problem)
        assertEquals(RangeProblem.ABOVE_MAXIMUM, dir.rejects<VastuuException.InvalidNumberingRange> { setDefaultSeries(max + 1L, null) }.problem)
    }

    @Test
    fun costCenters(): Unit = Directory().use { dir ->
        val tooMany = dir.rejects<VastuuException.TooManyCostCenters> {
            createCustomerGroup(NewCustomerGroup(name = "G", costCenters = listOf("1", "2", "3", "4", "5")))
        }
        assertEquals(5L to 4L, tooMany.count to tooMany.max)
        val twice = dir.rejects<VastuuException.DuplicateCostCenter> {
            createCustomerGroup(NewCustomerGroup(name = "G", costCenters = listOf("K1", " K1 ")))
        }
        assertEquals("K1", twice.code)
    }

    @Test
    fun employeeInactiveAndNoSalesRights(): Unit = Directory().use { dir ->
        val inactive = dir.hire("Poissa", active = false)
        val c = dir.addCustomer("C")
        val e = dir.rejects<VastuuException.EmployeeInactive> { toggle(c.subject(), inactive) }
        assertEquals(inactive, e.employee)
        val g = dir.createCustomerGroup(NewCustomerGroup(name = "G"))
        val plain = dir.hire("Ei myyjä")
        assertEquals(plain, dir.rejects<VastuuException.NoSalesRights> { addGroupSalesperson(g, plain) }.employee)
    }

    @Test
    fun roleScopeMismatchAndRoleInUse(): Unit = Directory().use { dir ->
        val matti = dir.hire("Matti")
        val c = dir.addCustomer("C")
        val manager = dir.createRole(NewRole(name = "Projektipäällikkö", scope = RoleScope.PROJECT))
        val e = dir.rejects<VastuuException.RoleScopeMismatch> { addRole(c.subject(), matti, manager) }
        assertEquals(Triple(manager, RoleScope.PROJECT, c.subject()), Triple(e.role, e.roleScope, e.subject))
        assertEquals("role #1 is a project role and cannot be used on customer #1", e.toString())

        val service = dir.createRole(NewRole(name = "Huolto", scope = RoleScope.CUSTOMER))
        dir.addRole(c.subject(), matti, service)
        val inUse = dir.rejects<VastuuException.RoleInUse> { updateRole(service, RoleUpdate(scope = RoleScope.PROJECT)) }
        assertEquals(service to 1L, inUse.role to inUse.responsibilities)
    }

    @Test
    fun invalidPeriodAndNotResponsible(): Unit = Directory().use { dir ->
        val matti = dir.hire("Matti")
        val c = dir.addCustomer("C")
        val notResponsible = dir.rejects<VastuuException.NotResponsible> { clearPeriod(c.subject(), matti) }
        assertEquals(c.subject() to matti, notResponsible.subject to notResponsible.employee)
        dir.toggle(c.subject(), matti)
        val from = LocalDate.of(2026, 2, 1)
        val to = LocalDate.of(2026, 1, 31)
        val e = dir.rejects<VastuuException.InvalidPeriod> { setPeriod(c.subject(), matti, Period(from, to)) }
        assertEquals(from to to, e.from to e.to)
        assertEquals("invalid validity period: 2026-02-01 is after 2026-01-31", e.toString())
    }

    @Test
    fun customerHasProjects(): Unit = Directory().use { dir ->
        val c = dir.addCustomer("C")
        val p1 = dir.createProject(c, "P1")
        val p2 = dir.createProject(c, "P2")
        val e = dir.rejects<VastuuException.CustomerHasProjects> { deleteCustomer(c) }
        assertEquals(c to listOf(p1, p2), e.customer to e.projects)
        assertEquals(
            "customer #1 still has projects (project #1, project #2); delete them first or archive the customer",
            e.toString(),
        )
    }

    @Test
    fun handoverToSelfStalePlanAndInvalidPercent(): Unit = Directory().use { dir ->
        val matti = dir.hire("Matti")
        assertEquals(matti, dir.rejects<VastuuException.HandoverToSelf> { planHandover(Handover(from = matti, to = matti)) }.employee)
        assertEquals(101, dir.rejects<VastuuException.InvalidPercent> { seriesNearExhaustion(101) }.value)
        // StalePlan: see HandoverTest.
    }

    @Test
    fun invalidDate(): Unit = Directory().use { dir ->
        val e = dir.rejects<VastuuException.InvalidDate> { customersWithoutResponsible(LocalDate.of(10000, 1, 1), false) }
        assertEquals("+10000-01-01", e.value)
        assertEquals("invalid date \"+10000-01-01\": year outside -9999..=9999", e.toString())
    }

    @Test
    fun storeFailures(): Unit = Directory().use { dir ->
        val kept = dir.addCustomer("Tallessa")
        dir.failNextCommits(1)
        val e = dir.rejects<VastuuException.Store> { addCustomer("Ei tallennu") }
        val failure = e.failure as StoreFailure.Failed
        assertEquals("injected failure committing change set 2", failure.reason)
        assertEquals(listOf(kept), dir.customerPage(0, 10).items.map { it.id })
        dir.addCustomer("Tallentuu")
        assertEquals(2L, dir.counts().customers, "the next commit works again")
    }
}

package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDate

class BulkTest {
    private class Fixture(val dir: Directory) {
        val liisa = dir.hire("Liisa")
        val pekka = dir.hire("Pekka")
        val accountant = dir.createRole(NewRole(name = "Kirjanpitäjä", scope = RoleScope.CUSTOMER))
        val manager = dir.createRole(NewRole(name = "Projektipäällikkö", scope = RoleScope.PROJECT))
        val uusimaa = dir.createCustomerGroup(NewCustomerGroup(name = "Uusimaa"))
        val a = dir.addCustomer("A Oy", uusimaa)
        val b = dir.addCustomer("B Oy", uusimaa)
        val other = dir.addCustomer("Muu Oy")
        val inUusimaa = CustomerFilter(groups = listOf(uusimaa))

        init {
            dir.addRole(b.subject(), pekka, accountant)
        }
    }

    private val january = LocalDate.of(2027, 1, 1)

    @Test
    fun liisaBecomesAccountantFromJanuaryWhereThereIsNone(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val add = BulkAction.Add(roles = listOf(f.accountant), period = Period(from = january), onlyMissingRole = true)
        val seq = dir.lastSeq()
        val plan = dir.planBulk(BulkRequest(customers = f.inUusimaa, employee = f.liisa, action = add, actor = "Maija"))
        assertEquals(seq, dir.lastSeq(), "planning changes nothing")
        val made = Responsibility(f.a.subject(), f.liisa, listOf(f.accountant), Period(from = january))
        assertEquals(listOf(BulkChange(customer = f.a, before = null, after = made)), plan.changes)
        assertEquals(listOf(BulkSkipped(f.b, BulkSkipReason.RoleAlreadyHeld(role = f.accountant, by = f.pekka))), plan.skipped)

        dir.applyBulk(plan)
        assertEquals(seq + 1L, dir.lastSeq(), "applied as one change set")
        assertEquals(made, dir.responsibility(f.a.subject(), f.liisa))
        assertNull(dir.responsibility(f.other.subject(), f.liisa))
        assertEquals("Maija", dir.history(HistoryKey.Customer(f.a)).last().actor)
    }

    @Test
    fun removingAndTheDefaultsOfAnAdd(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        // An add with no roles, no dates, every customer: the defaults.
        val plan = dir.planBulk(BulkRequest(customers = CustomerFilter(), employee = f.liisa, action = BulkAction.Add()))
        assertEquals(listOf(f.a, f.b, f.other), plan.changes.map { it.customer })
        dir.applyBulk(plan)
        val removal = dir.planBulk(BulkRequest(customers = f.inUusimaa, employee = f.liisa, action = BulkAction.Remove))
        assertEquals(listOf(f.a, f.b), removal.changes.map { it.customer })
        assertTrue(removal.changes.all { it.after == null && it.before?.employee == f.liisa })
        dir.applyBulk(removal)
        assertEquals(listOf(f.other.subject()), dir.responsibilitiesHeldBy(f.liisa).map { it.subject })
        val again = dir.planBulk(BulkRequest(customers = f.inUusimaa, employee = f.liisa, action = BulkAction.Remove))
        assertEquals(listOf(BulkSkipReason.NotResponsible, BulkSkipReason.NotResponsible), again.skipped.map { it.reason })
    }

    @Test
    fun aFilterSelectingNoCustomerGivesAnEmptyPlan(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val plan = dir.planBulk(BulkRequest(CustomerFilter(text = "no such customer"), f.liisa, BulkAction.Add()))
        assertTrue(plan.changes.isEmpty() && plan.skipped.isEmpty())
        val before = dir.observe()
        dir.applyBulk(plan)
        assertEquals(before, dir.observe(), "nothing committed")
    }

    @Test
    fun aStaleOrEditedPlanIsRefusedNamingTheCustomers(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val request = BulkRequest(f.inUusimaa, f.liisa, BulkAction.Add(roles = listOf(f.accountant), onlyMissingRole = true))
        val plan = dir.planBulk(request)
        dir.removeRole(f.b.subject(), f.pekka, f.accountant)
        val late = dir.addCustomer("C Oy", f.uusimaa)
        val error = dir.rejects<VastuuException.StaleBulkPlan> { applyBulk(plan) }
        assertEquals(f.liisa, error.employee)
        assertEquals(listOf(f.b, late), error.customers)
        val fresh = dir.planBulk(request)
        dir.rejects<VastuuException.StaleBulkPlan> { applyBulk(fresh.copy(changes = fresh.changes.drop(1))) }
        dir.applyBulk(fresh)
        assertEquals(3, dir.responsibilitiesHeldBy(f.liisa).size)
    }

    @Test
    fun badInputIsATypedErrorNamingWhatIsWrong(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        fun add(roles: List<RoleId> = emptyList(), period: Period = Period()) = BulkAction.Add(roles = roles, period = period)
        val unknown = EmployeeId(99L)
        assertEquals(EntityRef.Employee(unknown), dir.rejects<VastuuException.NotFound> { planBulk(BulkRequest(f.inUusimaa, unknown, add())) }.entity)
        assertEquals(EntityRef.Role(RoleId(77L)), dir.rejects<VastuuException.NotFound> { planBulk(BulkRequest(f.inUusimaa, f.liisa, add(listOf(RoleId(77L))))) }.entity)
        val scope = dir.rejects<VastuuException.WrongRoleScope> { planBulk(BulkRequest(f.inUusimaa, f.liisa, add(listOf(f.manager)))) }
        assertEquals(Triple(f.manager, RoleScope.PROJECT, RoleScope.CUSTOMER), Triple(scope.role, scope.roleScope, scope.needed))
        val backwards = Period(from = january, to = LocalDate.of(2026, 1, 1))
        val period = dir.rejects<VastuuException.InvalidPeriod> { planBulk(BulkRequest(f.inUusimaa, f.liisa, add(period = backwards))) }
        assertEquals(january, period.from)
        dir.rejects<VastuuException.InvalidDate> { planBulk(BulkRequest(f.inUusimaa, f.liisa, add(period = Period(from = LocalDate.MAX)))) }
        val group = CustomerGroupId(55L)
        assertEquals(EntityRef.CustomerGroup(group), dir.rejects<VastuuException.NotFound> { planBulk(BulkRequest(CustomerFilter(groups = listOf(group)), f.liisa, BulkAction.Remove)) }.entity)
        dir.rejects<VastuuException.InvalidText> { planBulk(BulkRequest(f.inUusimaa, f.liisa, BulkAction.Remove, actor = " ")) }
        dir.archiveEmployee(f.liisa)
        assertEquals(f.liisa, dir.rejects<VastuuException.EmployeeInactive> { planBulk(BulkRequest(f.inUusimaa, f.liisa, add())) }.employee)
        dir.planBulk(BulkRequest(f.inUusimaa, f.liisa, BulkAction.Remove)) // an inactive employee can be removed
    }
}

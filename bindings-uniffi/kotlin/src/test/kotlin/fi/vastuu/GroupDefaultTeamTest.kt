package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * A customer group's default team: set on create, update or by itself, given to customers created
 * in the group or joining it (inactive members skipped), the cascades, bulk plans over the
 * existing customers, and bad input.
 */
class GroupDefaultTeamTest {
    private class Fixture(val dir: Directory) {
        val liisa = dir.hire("Liisa")
        val pekka = dir.hire("Pekka")
        val retired = dir.hire("Eläkeläinen", active = false)
        val accountant = dir.createRole(NewRole(name = "Kirjanpitäjä", scope = RoleScope.CUSTOMER))
        val payroll = dir.createRole(NewRole(name = "Palkat", scope = RoleScope.CUSTOMER))
        val manager = dir.createRole(NewRole(name = "Projektipäällikkö", scope = RoleScope.PROJECT))
        val team = listOf(GroupDefault(liisa, listOf(accountant, payroll)), GroupDefault(retired), GroupDefault(pekka))
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", defaultTeam = team))

        fun responsible(customer: CustomerId): List<EmployeeId> =
            dir.responsibilitiesFor(customer.subject()).map { it.employee }
    }

    @Test
    fun aCustomerCreatedInTheGroupGetsTheActiveDefaults(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        assertEquals(f.team, dir.customerGroup(f.north).defaultTeam)
        val seq = dir.lastSeq()
        val c = dir.addCustomer("Esimerkki Oy", f.north)
        assertEquals(seq + 1L, dir.lastSeq(), "one change set")
        assertEquals(listOf(f.liisa, f.pekka), f.responsible(c), "the inactive default is skipped")
        assertEquals(Responsibility(c.subject(), f.liisa, listOf(f.accountant, f.payroll), Period()), dir.responsibility(c.subject(), f.liisa))
    }

    @Test
    fun joiningAddsTheDefaultsAndLeavingKeepsThem(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val a = dir.addCustomer("A Oy")
        val b = dir.addCustomer("B Oy")
        dir.addRole(b.subject(), f.liisa, f.accountant)
        dir.addCustomerToGroup(f.north, a)
        val south = dir.createCustomerGroup(NewCustomerGroup(name = "Etelä", customers = listOf(b)))
        dir.moveCustomerToGroup(f.north, b)
        assertEquals(listOf(f.liisa, f.pekka), f.responsible(a))
        assertEquals(listOf(f.accountant, f.payroll), dir.responsibility(b.subject(), f.liisa)?.roles, "the missing role added")
        dir.moveCustomerToGroup(south, a)
        assertEquals(listOf(f.liisa, f.pekka), f.responsible(a))
        // An update replacing the team: the customers joining get the new one, the members nothing.
        val c = dir.addCustomer("C Oy")
        val update = CustomerGroupUpdate(customers = listOf(b, c), defaultTeam = listOf(GroupDefault(f.retired)))
        dir.updateCustomerGroup(f.north, update)
        assertTrue(f.responsible(c).isEmpty(), "only an inactive default")
        dir.setGroupDefaultTeam(f.north, listOf())
        assertTrue(dir.customerGroup(f.north).defaultTeam.isEmpty())
    }

    @Test
    fun theDefaultsApplyToExistingCustomersThroughBulkPlans(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        dir.setGroupDefaultTeam(f.north, listOf())
        val a = dir.addCustomer("A Oy", f.north)
        val b = dir.addCustomer("B Oy", f.north)
        dir.toggle(b.subject(), f.pekka)
        dir.setGroupDefaultTeam(f.north, listOf(GroupDefault(f.pekka), GroupDefault(f.retired, listOf(f.accountant))))
        assertTrue(f.responsible(a).isEmpty(), "setting the team does not touch the members")
        val plans = dir.planGroupDefaults(f.north)
        assertEquals(listOf(f.pekka, f.retired), plans.map { it.request.employee })
        assertTrue(plans.all { it.request.skipInactive })
        assertEquals(listOf(a), plans[0].changes.map { it.customer })
        assertEquals(listOf(BulkSkipped(b, BulkSkipReason.AlreadyResponsible)), plans[0].skipped)
        assertTrue(plans[1].changes.isEmpty())
        assertEquals(listOf(BulkSkipped(a, BulkSkipReason.EmployeeInactive), BulkSkipped(b, BulkSkipReason.EmployeeInactive)), plans[1].skipped)
        val seq = dir.lastSeq()
        dir.beginTransaction().use { tx ->
            plans.forEach { dir.applyBulk(it) }
            tx.commit()
        }
        assertEquals(seq + 1L, dir.lastSeq(), "one change set")
        assertEquals(listOf(f.pekka), f.responsible(a))
        // Applied, and a customer joining since: the plan is stale for both.
        val late = dir.addCustomer("C Oy", f.north)
        val error = dir.rejects<VastuuException.StaleBulkPlan> { applyBulk(plans[0]) }
        assertEquals(listOf(a, late), error.customers)
    }

    @Test
    fun deletingAnEmployeeOrARoleCascadesIntoTheTeam(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        dir.deleteEmployee(f.pekka)
        dir.deleteRole(f.accountant)
        assertEquals(listOf(GroupDefault(f.liisa, listOf(f.payroll)), GroupDefault(f.retired)), dir.customerGroup(f.north).defaultTeam)
    }

    @Test
    fun badTeamsAreRefusedNamingTheIdsAndChangeNothing(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val ghost = EmployeeId(99)
        val missing = dir.rejects<VastuuException.NotFound> { setGroupDefaultTeam(f.north, listOf(GroupDefault(ghost))) }
        assertEquals(EntityRef.Employee(ghost), missing.entity)
        val ghostRole = RoleId(98)
        val update = CustomerGroupUpdate(defaultTeam = listOf(GroupDefault(f.liisa, listOf(ghostRole))))
        assertEquals(EntityRef.Role(ghostRole), dir.rejects<VastuuException.NotFound> { updateCustomerGroup(f.north, update) }.entity)
        val scope = dir.rejects<VastuuException.WrongRoleScope> { setGroupDefaultTeam(f.north, listOf(GroupDefault(f.liisa, listOf(f.manager)))) }
        assertEquals(f.manager to RoleScope.PROJECT, scope.role to scope.roleScope)
        val twice = NewCustomerGroup(name = "Etelä", defaultTeam = listOf(GroupDefault(f.liisa), GroupDefault(f.liisa)))
        assertEquals(f.liisa, dir.rejects<VastuuException.DuplicateGroupDefault> { createCustomerGroup(twice) }.employee)
        dir.rejects<VastuuException.NotFound> { setGroupDefaultTeam(CustomerGroupId(99), listOf()) }
        dir.rejects<VastuuException.NotFound> { planGroupDefaults(CustomerGroupId(99)) }
        dir.rejects<VastuuException.NumberOutOfRange> { setGroupDefaultTeam(f.north, listOf(GroupDefault(EmployeeId(-1)))) }
        // A role's scope cannot change while a team gives it.
        val inDefaults = dir.rejects<VastuuException.RoleInGroupDefaults> { updateRole(f.payroll, RoleUpdate(scope = RoleScope.PROJECT)) }
        assertEquals(f.payroll to listOf(f.north), inDefaults.role to inDefaults.groups)
    }
}

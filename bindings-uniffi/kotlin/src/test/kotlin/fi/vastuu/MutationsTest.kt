package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDate

/** Every mutation area through the bindings, each checked by reading the result back. */
class MutationsTest {
    @Test
    fun employeesAndTeams(): Unit = Directory().use { dir ->
        val huolto = dir.createTeam("Huolto")
        val maija = dir.createEmployee(
            NewEmployee(name = " Maija ", email = "maija@example.fi", team = huolto, salesRights = true),
        )
        assertEquals(
            Employee(maija, "Maija", "maija@example.fi", huolto, salesRights = true, active = true, seesAll = false),
            dir.employee(maija),
        )

        dir.updateEmployee(maija, EmployeeUpdate(name = "Maija Meikäläinen", email = "", seesAll = true))
        val updated = dir.employee(maija)
        assertEquals("Maija Meikäläinen", updated.name)
        assertNull(updated.email, "a blank email removes it")
        assertTrue(updated.seesAll)
        assertEquals(huolto, updated.team, "fields not given stay")

        dir.setEmployeeTeam(maija, null)
        assertNull(dir.employee(maija).team)
        dir.setEmployeeTeam(maija, huolto)
        dir.renameTeam(huolto, "Kenttähuolto")
        assertEquals(listOf(Team(huolto, "Kenttähuolto")), dir.teams())
        dir.deleteTeam(huolto)
        assertNull(dir.employee(maija).team, "deleting a team leaves its members without one")

        dir.archiveEmployee(maija)
        assertFalse(dir.employee(maija).active)
        dir.reactivateEmployee(maija)
        assertTrue(dir.employee(maija).active)

        val pekka = dir.hire("Pekka")
        assertEquals(listOf("Maija Meikäläinen", "Pekka"), dir.employeesByIds(listOf(maija, pekka)).map { it.name })
        dir.deleteEmployee(pekka)
        assertEquals(listOf(maija), dir.employees().map { it.id })
    }

    @Test
    fun roles(): Unit = Directory().use { dir ->
        val service = dir.createRole(NewRole(name = "Huoltovastaava", scope = RoleScope.CUSTOMER))
        val manager = dir.createRole(NewRole(name = "Projektipäällikkö", scope = RoleScope.PROJECT, portalVisible = true))
        assertEquals(Role(manager, "Projektipäällikkö", RoleScope.PROJECT, portalVisible = true), dir.role(manager))
        dir.updateRole(service, RoleUpdate(name = "Huolto", portalVisible = true))
        assertEquals(Role(service, "Huolto", RoleScope.CUSTOMER, portalVisible = true), dir.role(service))
        dir.updateRole(manager, RoleUpdate(scope = RoleScope.CUSTOMER))
        assertEquals(RoleScope.CUSTOMER, dir.role(manager).scope)
        dir.deleteRole(manager)
        assertEquals(listOf(service), dir.roles().map { it.id })
    }

    @Test
    fun customersAndProjects(): Unit = Directory().use { dir ->
        val first = dir.addCustomer("Esimerkki Oy")
        val prospect = dir.createCustomer(
            NewCustomer(name = "Tuleva Ab", status = CustomerStatus.PROSPECT, number = NumberChoice.Explicit(500)),
        )
        val plain = dir.createCustomer(NewCustomer(name = "Numeroton", number = NumberChoice.Unnumbered))
        assertEquals(1L, dir.customer(first).number)
        assertEquals(500L, dir.customer(prospect).number)
        assertEquals(CustomerStatus.PROSPECT, dir.customer(prospect).status)
        assertNull(dir.customer(plain).number)
        assertEquals(prospect, dir.customerByNumber(500)?.id)
        assertNull(dir.customerByNumber(501))

        dir.updateCustomer(prospect, CustomerUpdate(name = "Asiakas Ab", status = CustomerStatus.ACTIVE))
        assertEquals("Asiakas Ab", dir.customer(prospect).name)
        assertEquals(CustomerStatus.ACTIVE, dir.customer(prospect).status)
        dir.archiveCustomer(prospect)
        assertTrue(dir.customer(prospect).archived)
        dir.unarchiveCustomer(prospect)
        assertFalse(dir.customer(prospect).archived)

        dir.setCustomerNumber(plain, 42)
        assertEquals(42L, dir.customer(plain).number)
        dir.setCustomerNumber(plain, null)
        assertNull(dir.customer(plain).number)
        assertEquals(2L, dir.renumberCustomer(plain), "the default series counter moves on from 1")

        val project = dir.createProject(first, "Kattoremontti")
        assertEquals(Project(project, first, "Kattoremontti", archived = false), dir.project(project))
        dir.updateProject(project, ProjectUpdate(name = "Julkisivu"))
        dir.archiveProject(project)
        assertEquals(Project(project, first, "Julkisivu", archived = true), dir.projectsOf(first).single())
        dir.deleteProject(project)
        assertTrue(dir.projectsOf(first).isEmpty())

        dir.deleteCustomer(plain)
        assertEquals(listOf(first, prospect), dir.customerPage(0, 10).items.map { it.id })

        val seqBefore = dir.lastSeq()
        val imported = dir.createCustomers(listOf(NewCustomer(name = "Yksi"), NewCustomer(name = "Kaksi")))
        assertEquals(listOf("Yksi", "Kaksi"), dir.customersByIds(imported).map { it.name })
        assertEquals(seqBefore + 1L, dir.lastSeq(), "a batch is one change set")
        val failing = listOf(NewCustomer(name = "Kolme"), NewCustomer(name = "Neljä", number = NumberChoice.Explicit(1)))
        val error = dir.rejects<VastuuException.DuplicateCustomerNumber> { createCustomers(failing) }
        assertEquals(first, error.holder, "a failing batch creates none")
    }

    @Test
    fun customerGroups(): Unit = Directory().use { dir ->
        val seller = dir.hire("Myyjä", salesRights = true)
        val a = dir.addCustomer("A")
        val b = dir.addCustomer("B")
        val north = dir.createCustomerGroup(
            NewCustomerGroup(
                name = "Pohjoinen",
                numberingStart = 1000,
                ledgerAccount = "3000",
                costCenters = listOf("K1", "K2"),
                salespeople = listOf(seller),
                customers = listOf(a),
            ),
        )
        val group = dir.customerGroup(north)
        assertEquals(1000L, group.numberingStart)
        assertEquals(listOf("K1", "K2"), group.costCenters)
        assertEquals(listOf(seller), group.salespeople)
        assertEquals(listOf(a), dir.groupCustomers(north))
        assertEquals(north, dir.customer(a).group)
        assertEquals(1L, dir.customer(a).number, "joining a group never renumbers")

        val c = dir.addCustomer("C", group = north)
        assertEquals(1000L, dir.customer(c).number)

        val south = dir.createCustomerGroup(NewCustomerGroup(name = "Etelä"))
        dir.addCustomerToGroup(south, b)
        dir.moveCustomerToGroup(south, a)
        assertEquals(south, dir.customer(a).group)
        dir.removeCustomerFromGroup(b)
        assertNull(dir.customer(b).group)

        dir.updateCustomerGroup(
            north,
            CustomerGroupUpdate(name = "Pohjola", ledgerAccount = "", costCenters = listOf("K3"), customers = listOf(b, c)),
        )
        val renamed = dir.customerGroup(north)
        assertEquals("Pohjola", renamed.name)
        assertNull(renamed.ledgerAccount)
        assertEquals(listOf("K3"), renamed.costCenters)
        assertEquals(listOf(b, c), dir.groupCustomers(north))

        dir.setGroupNumbering(north, 2000, 2999)
        assertEquals(2000L to 2999L, dir.customerGroup(north).let { it.numberingStart to it.numberingEnd })
        dir.setGroupNumbering(north, null, null)
        assertNull(dir.customerGroup(north).numberingStart)

        dir.removeGroupSalesperson(north, seller)
        assertTrue(dir.customerGroup(north).salespeople.isEmpty())
        dir.addGroupSalesperson(north, seller)
        assertEquals(listOf(north), dir.salespersonGroups(seller))

        dir.deleteCustomerGroup(north)
        assertNull(dir.customer(c).group, "deleting a group returns its customers to No group")
        assertEquals(1000L, dir.customer(c).number, "with their numbers")
        assertEquals(listOf(south), dir.customerGroups().map { it.id })
    }

    @Test
    fun specialGroups(): Unit = Directory().use { dir ->
        val a = dir.addCustomer("A")
        val b = dir.addCustomer("B")
        val vip = dir.createSpecialGroup(NewSpecialGroup(name = "VIP", description = "Tärkeät\nasiakkaat", customers = listOf(a)))
        assertEquals(SpecialGroup(vip, "VIP", "Tärkeät\nasiakkaat"), dir.specialGroup(vip))
        dir.addToSpecialGroup(vip, b)
        assertEquals(listOf(a, b), dir.specialGroupCustomers(vip))
        assertEquals(listOf(vip), dir.customer(b).specialGroups)
        dir.removeFromSpecialGroup(vip, a)
        dir.updateSpecialGroup(vip, SpecialGroupUpdate(name = "Avainasiakkaat", description = ""))
        assertEquals(SpecialGroup(vip, "Avainasiakkaat", null), dir.specialGroups().single())
        dir.updateSpecialGroup(vip, SpecialGroupUpdate(customers = listOf(a)))
        assertEquals(listOf(a), dir.specialGroupCustomers(vip))
        dir.deleteSpecialGroup(vip)
        assertTrue(dir.customer(a).specialGroups.isEmpty())
        assertTrue(dir.specialGroups().isEmpty())
    }

    @Test
    fun responsibilities(): Unit = Directory().use { dir ->
        val matti = dir.hire("Matti")
        val esim = dir.addCustomer("Esimerkki")
        val project = dir.createProject(esim, "Projekti")
        val service = dir.createRole(NewRole(name = "Huoltovastaava", scope = RoleScope.CUSTOMER))
        val backup = dir.createRole(NewRole(name = "Varahenkilö", scope = RoleScope.CUSTOMER))
        val manager = dir.createRole(NewRole(name = "Projektipäällikkö", scope = RoleScope.PROJECT))

        assertEquals(Toggled.ADDED, dir.toggle(esim.subject(), matti))
        assertEquals(
            Responsibility(esim.subject(), matti, emptyList(), Period(null, null)),
            dir.responsibility(esim.subject(), matti),
        )
        assertEquals(Toggled.REMOVED, dir.toggle(esim.subject(), matti))
        assertNull(dir.responsibility(esim.subject(), matti))

        assertTrue(dir.addResponsibility(esim.subject(), matti))
        assertFalse(dir.addResponsibility(esim.subject(), matti), "already responsible")
        dir.addRole(esim.subject(), matti, service)
        dir.addRole(esim.subject(), matti, backup)
        dir.removeRole(esim.subject(), matti, backup)
        assertEquals(listOf(service), dir.responsibility(esim.subject(), matti)?.roles)
        dir.setRoles(esim.subject(), matti, listOf(service, backup))
        assertEquals(listOf(service, backup), dir.responsibility(esim.subject(), matti)?.roles)

        val period = Period(from = LocalDate.of(2026, 1, 1), to = LocalDate.of(2026, 12, 31))
        dir.setPeriod(esim.subject(), matti, period)
        assertEquals(period, dir.responsibility(esim.subject(), matti)?.period)
        dir.clearPeriod(esim.subject(), matti)
        assertEquals(Period(), dir.responsibility(esim.subject(), matti)?.period)

        dir.addRole(project.subject(), matti, manager)
        assertEquals(listOf(manager), dir.responsibility(project.subject(), matti)?.roles, "adding a role makes responsible")
        dir.setResponsibility(project.subject(), matti, emptyList(), Period(from = LocalDate.of(2027, 3, 1)))
        val onProject = dir.responsibilitiesFor(project.subject()).single()
        assertEquals(Period(LocalDate.of(2027, 3, 1), null), onProject.period)
        assertEquals(listOf(esim.subject(), project.subject()), dir.responsibilitiesHeldBy(matti).map { it.subject })

        dir.removeResponsibility(project.subject(), matti)
        assertEquals(listOf(esim.subject()), dir.responsibilityPage(0, 100).items.map { it.subject })
    }
}

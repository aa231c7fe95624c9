package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDate

/** The views, each a page per call: filter, matrix, responsible-persons list, work orders, listing. */
class ViewsTest {
    private val all = Page(limit = Int.MAX_VALUE)

    /** A small directory whose views are known by heart. */
    private class Fixture(val dir: Directory) {
        val matti = dir.hire("Matti", salesRights = true)
        val aino = dir.hire("Aino")
        val olli = dir.hire("Olli")
        val team = dir.createTeam("Huolto")
        val service = dir.createRole(NewRole(name = "Huoltovastaava", scope = RoleScope.CUSTOMER))
        val sales = dir.createRole(NewRole(name = "Myyntivastaava", scope = RoleScope.CUSTOMER))
        val lead = dir.createRole(NewRole(name = "Projektipäällikkö", scope = RoleScope.PROJECT))
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", salespeople = listOf(matti)))
        val vip = dir.createSpecialGroup(NewSpecialGroup(name = "VIP"))
        val oljy = dir.createCustomer(NewCustomer(name = "Öljy Oy", group = north, specialGroups = listOf(vip)))
        val apu = dir.createCustomer(NewCustomer(name = "Apu Ab", group = north))
        val zeta = dir.createCustomer(NewCustomer(name = "Zeta Ky", status = CustomerStatus.PROSPECT))
        val vanha = dir.createCustomer(NewCustomer(name = "Vanha Oy", specialGroups = listOf(vip)))
        val remontti = dir.createProject(apu, "Remontti")
        val asennus = dir.createProject(apu, "Asennus")

        init {
            dir.setEmployeeTeam(aino, team)
            dir.archiveCustomer(vanha)
            dir.toggle(oljy.subject(), matti)
            dir.addRole(oljy.subject(), aino, service)
            dir.addRole(oljy.subject(), aino, sales)
            dir.setPeriod(oljy.subject(), aino, Period(to = LocalDate.of(2026, 6, 30)))
            dir.toggle(apu.subject(), aino)
            dir.addRole(remontti.subject(), matti, lead)
            dir.toggle(asennus.subject(), aino)
            dir.toggle(zeta.subject(), olli)
            dir.archiveEmployee(olli)
            dir.toggle(vanha.subject(), matti)
        }
    }

    @Test
    fun filterCustomersCombinesCriteriaInFinnishOrder(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        fun ids(filter: CustomerFilter, page: Page = all) = dir.filterCustomers(filter, page).items.map { it.id }
        assertEquals(listOf(f.apu, f.zeta, f.oljy), ids(CustomerFilter()), "Ö sorts last; archived left out")
        assertEquals(listOf(f.apu, f.oljy), ids(CustomerFilter(groups = listOf(f.north))))
        assertEquals(listOf(f.zeta), ids(CustomerFilter(noGroup = true)))
        assertEquals(listOf(f.vanha, f.zeta), ids(CustomerFilter(noGroup = true, archived = ArchivedFilter.INCLUDE)))
        assertEquals(listOf(f.vanha), ids(CustomerFilter(archived = ArchivedFilter.ONLY)))
        assertEquals(listOf(f.oljy), ids(CustomerFilter(specialGroups = listOf(f.vip))))
        assertEquals(listOf(f.zeta), ids(CustomerFilter(status = CustomerStatus.PROSPECT)))
        assertEquals(listOf(f.oljy), ids(CustomerFilter(text = " öljy ")))
        assertEquals(listOf(f.apu, f.oljy), ids(CustomerFilter(responsible = f.aino)))
        assertEquals(listOf(f.apu, f.oljy), ids(CustomerFilter(salesperson = f.matti)))
        assertEquals(listOf(f.oljy), ids(CustomerFilter(customers = listOf(f.oljy, f.zeta), groups = listOf(f.north))))
        val page = dir.filterCustomers(CustomerFilter(), Page(offset = 1, limit = 1))
        assertEquals(Triple(3L, 1L, listOf("Zeta Ky")), Triple(page.total, page.offset, page.items.map { it.name }))
        assertEquals(dir.customer(f.zeta), page.items.single())
    }

    @Test
    fun matrixIsSparseAndPaged(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val m = dir.matrix(MatrixQuery(includeProjects = true), all, all)
        assertEquals(listOf("Apu Ab", "Asennus", "Remontti", "Zeta Ky", "Öljy Oy"), m.rows.map { it.name })
        assertEquals(
            listOf(f.apu.subject(), f.asennus.subject(), f.remontti.subject(), f.zeta.subject(), f.oljy.subject()),
            m.rows.map { it.subject },
        )
        assertEquals(listOf(f.apu, f.apu, f.apu, f.zeta, f.oljy), m.rows.map { it.customer })
        assertEquals(listOf(f.aino, f.matti), m.columns.map { it.employee }, "inactive Olli is no column")
        assertEquals(f.team, m.columns[0].team)
        assertEquals(5L to 2L, m.totalRows to m.totalColumns)
        // Cells as (row name, column name): Apu–Aino, Asennus–Aino, Remontti–Matti, Öljy–Aino, Öljy–Matti.
        assertEquals(
            listOf("Apu Ab" to "Aino", "Asennus" to "Aino", "Remontti" to "Matti", "Öljy Oy" to "Aino", "Öljy Oy" to "Matti"),
            m.cells.map { m.rows[it.row].name to m.columns[it.column].name },
        )
        assertTrue(m.cells.all { it.roles.isEmpty() }, "roles only by role")
        assertEquals(Period(to = LocalDate.of(2026, 6, 30)), m.cells[3].period)

        val byRole = dir.matrix(MatrixQuery(byRole = true), all, all)
        val oljyAino = byRole.cells.single { byRole.rows[it.row].customer == f.oljy && byRole.columns[it.column].employee == f.aino }
        assertEquals(listOf(RoleRef(f.service, "Huoltovastaava"), RoleRef(f.sales, "Myyntivastaava")), oljyAino.roles)

        val onlyService = dir.matrix(MatrixQuery(role = f.service), all, all)
        assertEquals(listOf(f.oljy), onlyService.rows.map { it.customer })
        assertEquals(1, onlyService.cells.size)

        val later = dir.matrix(MatrixQuery(asOf = LocalDate.of(2026, 7, 1)), all, all)
        assertEquals(2, later.cells.size, "Aino's Öljy responsibility ended")

        // Pages: the second and third rows, the second column; cells point into the page.
        val page = dir.matrix(MatrixQuery(includeProjects = true), Page(offset = 1, limit = 2), Page(offset = 1, limit = 1))
        assertEquals(listOf("Asennus", "Remontti"), page.rows.map { it.name })
        assertEquals(listOf(f.matti), page.columns.map { it.employee })
        assertEquals(listOf(1 to 0), page.cells.map { it.row to it.column })
        assertEquals(5L to 2L, page.totalRows to page.totalColumns)

        val teamOnly = dir.matrix(MatrixQuery(teams = listOf(f.team), customers = CustomerFilter(groups = listOf(f.north))), all, all)
        assertEquals(listOf(f.aino), teamOnly.columns.map { it.employee })
        assertEquals(listOf(f.apu, f.oljy), teamOnly.rows.map { it.customer })
    }

    @Test
    fun responsiblePersonsListsOneRowPerResponsibility(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        dir.updateEmployee(f.matti, EmployeeUpdate(email = "matti@example.fi"))
        val list = dir.responsiblePersons(ResponsiblePersonsQuery(), all)
        assertEquals(
            listOf("Apu Ab" to "Aino", "Zeta Ky" to "Olli", "Öljy Oy" to "Aino", "Öljy Oy" to "Matti"),
            list.items.map { it.customerName to it.employeeName },
        )
        assertEquals(4L, list.total)
        val matti = list.items.last()
        assertEquals(Triple("matti@example.fi", true, true), Triple(matti.email, matti.salesperson, matti.employeeActive))
        assertEquals(f.north to "Pohjoinen", matti.customerGroup to matti.customerGroupName)
        assertEquals(false, list.items[1].employeeActive)
        assertEquals(listOf("Huoltovastaava", "Myyntivastaava"), list.items[2].roles.map { it.name })
        assertEquals(Period(to = LocalDate.of(2026, 6, 30)), list.items[2].period)

        val withProjects = dir.responsiblePersons(ResponsiblePersonsQuery(includeProjects = true), all)
        assertEquals(
            listOf(null, "Asennus", "Remontti"),
            withProjects.items.filter { it.customer == f.apu }.map { it.projectName },
        )
        assertEquals(f.remontti, withProjects.items.single { it.projectName == "Remontti" }.project)

        val archived = dir.responsiblePersons(ResponsiblePersonsQuery(customers = CustomerFilter(archived = ArchivedFilter.INCLUDE)), all)
        assertEquals(5L, archived.total)
        val onlyAino = dir.responsiblePersons(ResponsiblePersonsQuery(employees = listOf(f.aino)), all)
        assertEquals(listOf(f.apu, f.oljy), onlyAino.items.map { it.customer })
        val valid = dir.responsiblePersons(ResponsiblePersonsQuery(asOf = LocalDate.of(2027, 1, 1)), all)
        assertEquals(3L, valid.total)

        val page = dir.responsiblePersons(ResponsiblePersonsQuery(), Page(offset = 2, limit = 5))
        assertEquals(list.items.drop(2), page.items)
        assertEquals(4L to 2L, page.total to page.offset)
    }

    @Test
    fun responsiblePersonsOfASubjectForWorkOrders(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        assertEquals(listOf(f.aino, f.matti), dir.responsiblePersonsOf(f.oljy.subject()).map { it.employee })
        val service = dir.responsiblePersonsOf(f.oljy.subject(), role = f.service)
        assertEquals(listOf("Aino"), service.map { it.name })
        assertEquals(listOf("Huoltovastaava", "Myyntivastaava"), service.single().roles.map { it.name })
        assertEquals(listOf(f.matti), dir.responsiblePersonsOf(f.oljy.subject(), on = LocalDate.of(2026, 7, 1)).map { it.employee })
        assertEquals(listOf(f.matti), dir.responsiblePersonsOf(f.remontti.subject(), role = f.lead).map { it.employee })
        assertEquals(emptyList<ResponsiblePerson>(), dir.responsiblePersonsOf(f.zeta.subject()), "Olli is inactive")
        val e = dir.rejects<VastuuException.RoleScopeMismatch> { responsiblePersonsOf(f.oljy.subject(), role = f.lead) }
        assertEquals(f.lead, e.role)
    }

    @Test
    fun customerListingByGroupAndCounts(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val north = dir.customerListing(f.north, false, all, all)
        assertEquals("Pohjoinen", north.groupName)
        assertEquals(listOf("Apu Ab", "Öljy Oy"), north.active.items.map { it.name })
        assertEquals(0L, north.prospects.total)
        val none = dir.customerListing(null, false, all, all)
        assertEquals(null to null, none.group to none.groupName)
        assertEquals(0L to 1L, none.active.total to none.prospects.total)
        assertEquals(listOf(f.zeta), none.prospects.items.map { it.id })
        assertEquals(1L, dir.customerListing(null, true, all, all).active.total, "archived Vanha Oy")
        val paged = dir.customerListing(f.north, false, Page(offset = 1, limit = 1), Page(limit = 0))
        assertEquals(listOf("Öljy Oy"), paged.active.items.map { it.name })
        assertEquals(2L to 1L, paged.active.total to paged.active.offset)

        assertEquals(
            listOf(GroupCount(f.north, "Pohjoinen", 2, 0), GroupCount(null, null, 0, 1)),
            dir.groupCounts(false),
        )
        assertEquals(1L, dir.groupCounts(true).last().active)
    }

    @Test
    fun viewsAgreeWithEachOtherOnAGeneratedDirectory(): Unit = Directory.generated(11, GeneratedSize.SMALL).use { dir ->
        val customers = dir.filterCustomers(CustomerFilter(), all)
        val matrix = dir.matrix(MatrixQuery(), all, all)
        assertEquals(customers.items.map { it.id }, matrix.rows.map { it.customer })
        val active = dir.employees().filter { it.active }.map { it.id }.toSet()
        val cells = matrix.cells.map { matrix.rows[it.row].customer to matrix.columns[it.column].employee }.toSet()
        val list = dir.responsiblePersons(ResponsiblePersonsQuery(), all)
        assertEquals(list.items.filter { it.employee in active }.map { it.customer to it.employee }.toSet(), cells)
        // Paging the matrix row by row gives the same rows.
        val byPages = (0L until matrix.totalRows step 37).flatMap { dir.matrix(MatrixQuery(), Page(it, 37), all).rows }
        assertEquals(matrix.rows, byPages)
        val counts = dir.groupCounts(false)
        assertEquals(customers.total, counts.sumOf { it.active + it.prospects })
    }
}

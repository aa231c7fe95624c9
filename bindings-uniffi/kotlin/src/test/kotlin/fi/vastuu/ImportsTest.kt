package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.time.LocalDate

/** Imports from Kotlin: exports read back into an empty directory, dry runs, and bad files reported in full. */
class ImportsTest {
    @TempDir
    lateinit var tmp: Path

    private fun Directory.subjectName(subject: Subject): String = when (subject) {
        is Subject.Customer -> customer(subject.id).name
        is Subject.Project -> project(subject.id).let { "${customer(it.customer).name} / ${it.name}" }
    }

    /** What an export must bring back: customers with their groups, and who is responsible with roles and periods. */
    private fun Directory.facts(): List<String> {
        val customers = customerPage(0, Int.MAX_VALUE).items.map { c ->
            val group = c.group?.let { customerGroup(it).name }
            "customer ${c.number} ${c.name} $group ${c.specialGroups.map { specialGroup(it).name }.sorted()}"
        }
        val responsibilities = responsibilityPage(0, Int.MAX_VALUE).items.map { r ->
            "responsible ${subjectName(r.subject)}: ${employee(r.employee).name} ${r.roles.map { role(it).name }.sorted()} ${r.period}"
        }
        return (customers + responsibilities).sorted()
    }

    private fun fill(dir: Directory) {
        val matti = dir.createEmployee(NewEmployee(name = "Matti", email = "matti@example.fi", salesRights = true))
        val aino = dir.createEmployee(NewEmployee(name = "Aino", email = "aino@example.fi"))
        val role = dir.createRole(NewRole(name = "Huolto", scope = RoleScope.CUSTOMER))
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 100))
        val vip = dir.createSpecialGroup(NewSpecialGroup(name = "VIP"))
        val a = dir.createCustomer(NewCustomer(name = "Apu Ab", group = north, specialGroups = listOf(vip)))
        val b = dir.createCustomer(NewCustomer(name = "Beta Oy", status = CustomerStatus.PROSPECT))
        dir.toggle(a.subject(), matti)
        dir.addRole(a.subject(), aino, role)
        dir.setPeriod(a.subject(), aino, Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)))
        dir.toggle(b.subject(), aino)
    }

    @Test
    fun exportsImportBackIntoAnEmptyDirectory(): Unit = Directory().use { source ->
        fill(source)
        val customers = tmp.resolve("asiakkaat.xlsx")
        source.exportToPath(Export.Customers(CustomerFilter()), customers.toString())
        val persons = source.exportToBytes(Export.ResponsiblePersons(ResponsiblePersonsQuery()), Language.ENGLISH)

        Directory().use { target ->
            val plan = target.importFile(customers.toString(), createMissing = true, dryRun = true)
            assertEquals(ImportKind.CUSTOMERS, plan.kind)
            assertTrue(plan.dryRun)
            val planned = plan.created.filter { it.kind == ImportItemKind.CUSTOMER }.map { it.label }
            assertEquals(2, planned.size, planned.toString())
            assertTrue(planned.any { it.endsWith("Apu Ab") } && planned.any { it.endsWith("Beta Oy") }, planned.toString())
            assertEquals(0L, target.lastSeq(), "a dry run changed nothing")

            val report = target.importFile(customers.toString(), createMissing = true)
            assertEquals(2L, report.rows)
            val seq = target.lastSeq()
            target.importBytes(persons, ImportFormat.XLSX, name = "persons.xlsx", kind = ImportKind.RESPONSIBILITIES, createMissing = true)
            assertEquals(seq + 1L, target.lastSeq(), "one import is one change set")
            assertEquals(source.facts(), target.facts())

            val again = target.importFile(customers.toString())
            assertEquals(Pair(0, 2), Pair(again.created.size, again.unchanged.size))
        }
    }

    @Test
    fun aBadFileListsEveryProblemAndChangesNothing(): Unit = Directory().use { dir ->
        fill(dir)
        val csv = "Asiakasnumero;Nimi;Asiakasryhmä\n5000;Uusi Oy;\n5000;Toinen Oy;\n5001;Kolmas Oy;Etelä\n".toByteArray()
        val failed = dir.rejects<VastuuException.ImportFailed> { importBytes(csv, ImportFormat.CSV, name = "bad.csv") }
        val problems = failed.problems
        assertEquals(listOf(3L, 4L), problems.map { it.row })
        assertEquals(listOf(ImportProblemKind.DUPLICATE, ImportProblemKind.UNKNOWN_REFERENCE), problems.map { it.kind })
        assertTrue(problems.all { it.file == "bad.csv" && it.sheet == null })
        assertTrue(problems[1].reason.contains("Etelä"), problems[1].reason)
        assertTrue(failed.message!!.contains("Etelä"), failed.message)

        val junk = tmp.resolve("junk.xlsx")
        Files.write(junk, "PK\u0003\u0004 not a workbook".toByteArray())
        val unreadable = dir.rejects<VastuuException.ImportFailed> { importFile(junk.toString()) }
        assertEquals(listOf(ImportProblemKind.UNREADABLE), unreadable.problems.map { it.kind })
        assertTrue(unreadable.problems.single().file.endsWith("junk.xlsx"))
    }

    @Test
    fun theHeadersOfATemplateAreTheOnesAnImportReads(): Unit = Directory().use { dir ->
        val headers = importHeaders(ImportKind.CUSTOMER_GROUPS, Language.ENGLISH)
        assertEquals("Name", headers.first())
        val csv = (headers.joinToString(";") + "\n" + "Etelä;" + ";".repeat(headers.size - 2) + "\n").toByteArray()
        val report = dir.importBytes(csv, ImportFormat.CSV, kind = ImportKind.CUSTOMER_GROUPS)
        assertEquals(listOf("Etelä"), report.created.map { it.label })
        assertEquals(listOf("Etelä"), dir.customerGroups().map { it.name })
    }
}

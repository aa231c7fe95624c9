package fi.vastuu

import org.apache.poi.ss.usermodel.Cell
import org.apache.poi.ss.usermodel.CellType
import org.apache.poi.ss.usermodel.DateUtil
import org.apache.poi.xssf.usermodel.XSSFWorkbook
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayInputStream
import java.nio.file.Files
import java.nio.file.Path
import java.time.LocalDate
import java.util.Collections

/** A sheet read back: its name, header row, and data rows (cells as Long, String, Boolean, LocalDate or null). */
data class Sheet(val name: String, val headers: List<String>, val rows: List<List<Any?>>)

fun readSheet(bytes: ByteArray): Sheet = XSSFWorkbook(ByteArrayInputStream(bytes)).use { book ->
    assertEquals(1, book.numberOfSheets)
    val sheet = book.getSheetAt(0)
    val header = sheet.getRow(0)
    val width = header.lastCellNum.toInt()
    val rows = (1..sheet.lastRowNum).map { r -> (0 until width).map { c -> valueOf(sheet.getRow(r)?.getCell(c)) } }
    Sheet(sheet.sheetName, (0 until width).map { header.getCell(it).stringCellValue }, rows)
}

private fun valueOf(cell: Cell?): Any? = when (cell?.cellType) {
    null, CellType.BLANK -> null
    CellType.STRING -> cell.stringCellValue
    CellType.BOOLEAN -> cell.booleanCellValue
    CellType.NUMERIC -> if (DateUtil.isCellDateFormatted(cell)) cell.localDateTimeCellValue.toLocalDate() else cell.numericCellValue.toLong()
    else -> error("unexpected cell type ${cell.cellType}")
}

/** Every export read back and compared cell by cell with the view it mirrors; progress and cancellation. */
class ExportsTest {
    @TempDir
    lateinit var tmp: Path

    private val all = Page(limit = Int.MAX_VALUE)

    private fun joined(names: List<String>): String? = names.takeIf { it.isNotEmpty() }?.joinToString(", ")

    /** The rows a customer export must have: those of filterCustomers, in its order. */
    private fun Directory.customerRows(filter: CustomerFilter, status: (CustomerStatus) -> String): List<List<Any?>> =
        filterCustomers(filter, all).items.map { c ->
            listOf(
                c.number,
                c.name,
                status(c.status),
                c.archived,
                c.group?.let { customerGroup(it).name },
                joined(c.specialGroups.map { specialGroup(it).name }.sorted()),
                joined(responsibilitiesFor(c.id.subject()).map { employee(it.employee).name }.sorted()),
            )
        }

    private val finnishStatus = { s: CustomerStatus -> if (s == CustomerStatus.ACTIVE) "Asiakas" else "Prospekti" }

    private class Fixture(val dir: Directory) {
        val matti = dir.createEmployee(NewEmployee(name = "Matti", email = "matti@example.fi", salesRights = true))
        val aino = dir.hire("Aino")
        val role = dir.createRole(NewRole(name = "Huolto", scope = RoleScope.CUSTOMER))
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 100))
        val vip = dir.createSpecialGroup(NewSpecialGroup(name = "VIP"))
        val key = dir.createSpecialGroup(NewSpecialGroup(name = "Avain"))
        val a = dir.createCustomer(NewCustomer(name = "Apu Ab", group = north, specialGroups = listOf(vip, key)))
        val b = dir.createCustomer(NewCustomer(name = "Beta Oy", status = CustomerStatus.PROSPECT, specialGroups = listOf(vip)))
        val c = dir.createCustomer(NewCustomer(name = "Ceta Ky", group = north, number = NumberChoice.Unnumbered))
        val old = dir.createCustomer(NewCustomer(name = "Arkisto Oy"))
        val project = dir.createProject(a, "Remontti")

        init {
            dir.toggle(a.subject(), matti)
            dir.addRole(a.subject(), aino, role)
            dir.setPeriod(a.subject(), aino, Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)))
            dir.toggle(project.subject(), aino)
            dir.toggle(b.subject(), aino)
            dir.toggle(old.subject(), matti)
            dir.archiveCustomer(old)
        }
    }

    @Test
    fun customerExportsMirrorTheFilter(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        for (filter in listOf(CustomerFilter(), CustomerFilter(specialGroups = listOf(f.vip)), CustomerFilter(archived = ArchivedFilter.INCLUDE))) {
            val sheet = readSheet(dir.exportToBytes(Export.Customers(filter)))
            assertEquals("Asiakkaat", sheet.name)
            assertEquals(exportHeaders(Export.Customers(filter), Language.FINNISH), sheet.headers)
            assertEquals(dir.customerRows(filter, finnishStatus), sheet.rows)
        }
        val first = readSheet(dir.exportToBytes(Export.Customers(CustomerFilter()))).rows.first()
        assertEquals(listOf<Any?>(100L, "Apu Ab", "Asiakas", false, "Pohjoinen", "Avain, VIP", "Aino, Matti"), first)
    }

    @Test
    fun groupAndSpecialGroupExportsIncludeArchivedCustomers(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val group = readSheet(dir.exportToBytes(Export.GroupCustomers(f.north)))
        assertEquals("Pohjoinen", group.name)
        assertEquals(dir.customerRows(CustomerFilter(groups = listOf(f.north), archived = ArchivedFilter.INCLUDE), finnishStatus), group.rows)
        assertEquals(listOf("Apu Ab", "Ceta Ky"), group.rows.map { it[1] })

        val none = readSheet(dir.exportToBytes(Export.GroupCustomers(null)))
        assertEquals("Ei ryhmää", none.name)
        assertEquals(dir.customerRows(CustomerFilter(noGroup = true, archived = ArchivedFilter.INCLUDE), finnishStatus), none.rows)
        assertEquals(listOf("Arkisto Oy", "Beta Oy"), none.rows.map { it[1] })
        assertEquals(true, none.rows[0][3])

        val special = readSheet(dir.exportToBytes(Export.SpecialGroupCustomers(f.vip)))
        assertEquals("VIP", special.name)
        assertEquals(dir.customerRows(CustomerFilter(specialGroups = listOf(f.vip), archived = ArchivedFilter.INCLUDE), finnishStatus), special.rows)

        val english = readSheet(dir.exportToBytes(Export.GroupCustomers(null), language = Language.ENGLISH))
        assertEquals("No group", english.name)
        assertEquals(exportHeaders(Export.GroupCustomers(null), Language.ENGLISH), english.headers)
        assertEquals("Customer number", english.headers[0])
        assertEquals(listOf("Customer", "Prospect"), english.rows.map { it[2] })
        val swedish = readSheet(dir.exportToBytes(Export.GroupCustomers(null), language = Language.SWEDISH))
        assertEquals(listOf("Kund", "Prospekt"), swedish.rows.map { it[2] })
        assertEquals("Kundnummer", swedish.headers[0])
    }

    @Test
    fun responsiblePersonsExportMirrorsTheList(): Unit = Directory().use { dir ->
        Fixture(dir)
        for (query in listOf(ResponsiblePersonsQuery(), ResponsiblePersonsQuery(includeProjects = true, customers = CustomerFilter(archived = ArchivedFilter.INCLUDE)))) {
            val sheet = readSheet(dir.exportToBytes(Export.ResponsiblePersons(query)))
            assertEquals("Vastuuhenkilöt", sheet.name)
            val expected = dir.responsiblePersons(query, all).items.map { r ->
                listOf(
                    r.customerNumber, r.customerName, r.customerGroupName, r.projectName, r.employeeName, r.email,
                    r.salesperson, r.period.from, r.period.to, joined(r.roles.map { it.name }),
                )
            }
            assertEquals(expected, sheet.rows)
        }
        val rows = readSheet(dir.exportToBytes(Export.ResponsiblePersons(ResponsiblePersonsQuery()))).rows
        assertEquals(
            listOf<Any?>(100L, "Apu Ab", "Pohjoinen", null, "Aino", null, false, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), "Huolto"),
            rows[0],
        )
    }

    @Test
    fun matrixExportMirrorsTheMatrixPlainAndByRole(): Unit = Directory().use { dir ->
        Fixture(dir)
        for (query in listOf(MatrixQuery(includeProjects = true), MatrixQuery(byRole = true), MatrixQuery(includeProjects = true, byRole = true))) {
            val sheet = readSheet(dir.exportToBytes(Export.Matrix(query), language = Language.ENGLISH))
            assertEquals("Responsibilities", sheet.name)
            val m = dir.matrix(query, all, all)
            assertEquals(listOf("Customer number", "Customer / project") + m.columns.map { it.name }, sheet.headers)
            val expected = m.rows.mapIndexed { i, row ->
                val cells = MutableList<Any?>(m.columns.size) { null }
                for (cell in m.cells.filter { it.row == i }) {
                    cells[cell.column] = if (query.byRole && cell.roles.isNotEmpty()) joined(cell.roles.map { it.name }) else "x"
                }
                val name = if (row.subject is Subject.Project) "  └ ${row.name}" else row.name
                listOf<Any?>(row.customerNumber, name) + cells
            }
            assertEquals(expected, sheet.rows)
        }
        val byRole = readSheet(dir.exportToBytes(Export.Matrix(MatrixQuery(byRole = true))))
        assertEquals(listOf<Any?>(100L, "Apu Ab", "Huolto", "x"), byRole.rows[0])
    }

    @Test
    fun exportToPathWritesTheFileAndCountsRows(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { dir ->
        val path = tmp.resolve("vastuut.xlsx")
        val query = ResponsiblePersonsQuery(includeProjects = true)
        val written = dir.exportToPath(Export.ResponsiblePersons(query), path.toString())
        val rows = written.rows
        assertEquals(0L, written.cellsCut)
        assertEquals(dir.responsiblePersons(query, Page(limit = 0)).total, rows)
        val sheet = readSheet(Files.readAllBytes(path))
        assertEquals(rows, sheet.rows.size.toLong())
        assertEquals(readSheet(dir.exportToBytes(Export.ResponsiblePersons(query))), sheet)
        // Replaced, not appended to.
        val fewer = dir.exportToPath(Export.Customers(CustomerFilter(status = CustomerStatus.PROSPECT)), path.toString()).rows
        assertEquals(fewer, readSheet(Files.readAllBytes(path)).rows.size.toLong())
    }

    @Test
    fun progressIsReportedFromZeroToTheTotal(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { dir ->
        val calls = Collections.synchronizedList(mutableListOf<Pair<Long, Long>>())
        val progress = object : ExportProgress {
            override fun onProgress(rowsWritten: Long, total: Long) {
                calls += rowsWritten to total
            }
        }
        val query = ResponsiblePersonsQuery(includeProjects = true)
        val total = dir.responsiblePersons(query, Page(limit = 0)).total
        assertTrue(total > 1024L, "enough rows for progress between the ends ($total)")
        dir.exportToBytes(Export.ResponsiblePersons(query), progress = progress)
        assertEquals(0L to total, calls.first())
        assertEquals(total to total, calls.last())
        assertTrue(calls.size >= 3, "$calls")
        assertEquals(calls.map { it.first }.sorted(), calls.map { it.first })
    }

    @Test
    fun cancelledExportsWriteNothing(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { dir ->
        val path = tmp.resolve("peruttu.xlsx")
        val export = Export.Matrix(MatrixQuery(includeProjects = true))
        val cancelled = CancelToken().apply { cancel() }
        assertTrue(cancelled.isCancelled())
        val e = assertThrows<VastuuException.ExportCancelled> { dir.exportToPath(export, path.toString(), cancel = cancelled) }
        assertEquals("the export was cancelled", e.toString())
        assertFalse(Files.exists(path))

        // Cancelled by the callback, at its first call.
        val token = CancelToken()
        val stopAtOnce = object : ExportProgress {
            override fun onProgress(rowsWritten: Long, total: Long) = token.cancel()
        }
        assertThrows<VastuuException.ExportCancelled> { dir.exportToPath(export, path.toString(), progress = stopAtOnce, cancel = token) }
        assertFalse(Files.exists(path))
        // A fresh token exports normally.
        assertTrue(dir.exportToPath(export, path.toString(), cancel = CancelToken()).rows > 0L)
    }

    @Test
    fun aThrowingCallbackStopsTheExport(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { dir ->
        val path = tmp.resolve("kesken.xlsx")
        val export = Export.Customers(CustomerFilter())
        val unexpected = object : ExportProgress {
            override fun onProgress(rowsWritten: Long, total: Long) = throw IllegalStateException("levy täynnä")
        }
        val e = assertThrows<VastuuException.CallbackFailed> { dir.exportToPath(export, path.toString(), progress = unexpected) }
        assertTrue(e.reason.contains("IllegalStateException: levy täynnä"), e.reason)
        assertFalse(Files.exists(path))
        val typed = object : ExportProgress {
            override fun onProgress(rowsWritten: Long, total: Long) {
                if (rowsWritten > 0L) throw VastuuException.ExportFailed("keskeytetty")
            }
        }
        val thrown = assertThrows<VastuuException.ExportFailed> { dir.exportToBytes(export, progress = typed) }
        assertEquals("keskeytetty", thrown.reason)
        // The directory is still usable.
        assertEquals(300L, dir.counts().customers)
    }

    @Test
    fun theCallbackCannotCallADirectory(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { dir ->
        val seen = mutableListOf<Throwable>()
        val reentrant = object : ExportProgress {
            override fun onProgress(rowsWritten: Long, total: Long) {
                for (call in listOf<() -> Unit>({ dir.counts() }, { dir.addCustomer("Sisältä") }, { dir.closeStore() }, { dir.isClosed() })) {
                    seen += assertThrows<VastuuException.CalledFromCallback> { call() }
                }
                dir.counts() // thrown on: stops the export with the same exception
            }
        }
        val e = dir.rejects<VastuuException.CalledFromCallback> { exportToBytes(Export.Customers(CustomerFilter()), progress = reentrant) }
        assertEquals("a directory cannot be called from an export's progress callback", e.toString())
        assertEquals(4, seen.size)
        assertFalse(dir.isClosed())
        // Outside the callback the same thread calls the directory as usual.
        assertEquals(300L, dir.counts().customers)
    }

    @Test
    fun anExistingFileSurvivesACancelledExport(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { dir ->
        val path = tmp.resolve("vanha.xlsx")
        Files.write(path, "viime viikon vienti".toByteArray())
        val token = CancelToken()
        val stopAtOnce = object : ExportProgress {
            override fun onProgress(rowsWritten: Long, total: Long) = token.cancel()
        }
        val export = Export.Customers(CustomerFilter())
        assertThrows<VastuuException.ExportCancelled> { dir.exportToPath(export, path.toString(), progress = stopAtOnce, cancel = token) }
        assertEquals("viime viikon vienti", String(Files.readAllBytes(path)))
        assertEquals(listOf("vanha.xlsx"), Files.list(tmp).use { s -> s.map { it.fileName.toString() }.toList() }.filter { it.contains("vanha") })
    }

    @Test
    fun aSymbolicLinkIsRefusedUnlessFollowed(): Unit = Directory().use { dir ->
        dir.addCustomer("Esimerkki")
        val real = tmp.resolve("real.xlsx")
        Files.write(real, "old".toByteArray())
        val link = tmp.resolve("link.xlsx")
        Files.createSymbolicLink(link, real.fileName)
        val export = Export.Customers(CustomerFilter())
        val e = dir.rejects<VastuuException.ExportSymlink> { exportToPath(export, link.toString()) }
        assertEquals(link.toString(), e.path)
        assertEquals("old", String(Files.readAllBytes(real)))
        assertEquals(1L, dir.exportToPath(export, link.toString(), followSymlinks = true).rows)
        assertTrue(Files.isSymbolicLink(link))
    }

    @Test
    fun anOverLongCellIsCutAndCounted(): Unit = Directory().use { dir ->
        val c = dir.addCustomer("Monen ryhmän asiakas")
        for (i in 0 until 170) {
            dir.createSpecialGroup(NewSpecialGroup(name = "%03d ".format(i) + "ä".repeat(196), customers = listOf(c)))
        }
        val written = dir.exportToPath(Export.Customers(CustomerFilter()), tmp.resolve("ryhmat.xlsx").toString())
        assertEquals(ExportSummary(rows = 1, cellsCut = 1), written)
        // To memory: the same counts, with the bytes exportToBytes gives.
        val inMemory = dir.exportToBytesWithSummary(Export.Customers(CustomerFilter()))
        assertEquals(ExportSummary(rows = 1, cellsCut = 1), inMemory.summary)
        // Two writes of one workbook differ only in their creation time (which can change the
        // compressed size by a byte): compare what they hold.
        assertEquals(readSheet(dir.exportToBytes(Export.Customers(CustomerFilter()))), readSheet(inMemory.bytes))
        assertEquals("PK", String(inMemory.bytes.copyOfRange(0, 2)))
    }

    @Test
    fun anUnwritablePathIsExportFailed(): Unit = Directory().use { dir ->
        val path = tmp.resolve("ei/ole/olemassa.xlsx").toString()
        val e = dir.rejects<VastuuException.ExportFailed> { exportToPath(Export.Customers(CustomerFilter()), path) }
        assertTrue(e.toString().startsWith("export failed: "), e.toString())
        dir.rejects<VastuuException.NotFound> { exportToBytes(Export.GroupCustomers(CustomerGroupId(9))) }
        dir.rejects<VastuuException.NotFound> { exportToBytes(Export.SpecialGroupCustomers(SpecialGroupId(9))) }
    }
}

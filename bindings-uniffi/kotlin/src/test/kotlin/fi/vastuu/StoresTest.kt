package fi.vastuu

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path
import java.time.LocalDate
import java.util.zip.CRC32

/** The file and SQLite stores: reopening, locking, closing, compaction and damaged stores. */
class StoresTest {
    @TempDir
    lateinit var tmp: Path

    /** Mutations of every area, so a reopened store has something of each kind to restore. */
    private fun Directory.fill(): CustomerId {
        setActor("Testaaja")
        val matti = hire("Matti", salesRights = true)
        val aino = hire("Aino")
        val north = createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 500, salespeople = listOf(matti)))
        val vip = createSpecialGroup(NewSpecialGroup(name = "VIP"))
        val role = createRole(NewRole(name = "Huoltovastaava", scope = RoleScope.CUSTOMER))
        val esim = createCustomer(NewCustomer(name = "Esimerkki Oy", group = north, specialGroups = listOf(vip)))
        val project = createProject(esim, "Remontti")
        toggle(esim.subject(), matti)
        addRole(esim.subject(), aino, role)
        setPeriod(esim.subject(), aino, Period(from = LocalDate.of(2026, 1, 1)))
        toggle(project.subject(), aino)
        createCustomers(listOf(NewCustomer(name = "Apu Ab"), NewCustomer(name = "Zeta Ky", status = CustomerStatus.PROSPECT)))
        val maija = hire("Maija")
        applyHandover(planHandover(Handover(from = aino, to = maija, mode = HandoverMode.ADD, projects = false)))
        return esim
    }

    private fun reopenKeepsEverything(open: () -> Directory) {
        val (esim, before, history) = open().use { dir ->
            val esim = dir.fill()
            val history = dir.changeSetPage(0, Int.MAX_VALUE).items
            assertEquals(dir.lastSeq(), history.size.toLong())
            Triple(esim, dir.observe(), history)
        }
        open().use { dir ->
            assertEquals(before, dir.observe())
            assertEquals(history, dir.changeSetPage(0, Int.MAX_VALUE).items)
            assertEquals(history.filter { HistoryKey.Customer(esim) in it.keys }, dir.history(HistoryKey.Customer(esim)))
            assertEquals("Testaaja", history.last().actor)
            dir.checkIntegrity()
            // Compacted, reopened again: the same state and history, and writes go on.
            dir.compact()
            dir.addCustomer("Jälkeen")
            dir.closeStore()
        }
        open().use { dir ->
            assertEquals(history.size + 1, dir.changeSetPage(0, Int.MAX_VALUE).items.size)
            assertEquals("Jälkeen", dir.customerPage(0, Int.MAX_VALUE).items.last().name)
            assertEquals(before.drop(1).take(3), dir.observe().drop(1).take(3), "employees, teams and roles")
        }
    }

    @Test
    fun fileStoreReopensWithTheSameDataAndHistory() = reopenKeepsEverything { Directory.open(tmp.resolve("store").toString()) }

    @Test
    fun sqliteStoreReopensWithTheSameDataAndHistory() =
        reopenKeepsEverything { Directory.openSqlite(tmp.resolve("vastuu.db").toString()) }

    @Test
    fun aLockedStoreIsRefusedUntilClosed() {
        for ((path, open) in listOf<Pair<String, (String) -> Directory>>(
            tmp.resolve("files").toString() to { p -> Directory.open(p) },
            tmp.resolve("db.sqlite").toString() to { p -> Directory.openSqlite(p) },
        )) {
            val first = open(path)
            first.addCustomer("Esimerkki")
            val e = assertThrows<VastuuException.StoreLocked> { open(path) }
            assertEquals(path, e.path)
            assertEquals(
                "storage failed: $path is in use by another process or handle (this store is for one handle at a " +
                    "time; several processes can share a SQLite store opened as shared, or a PostgreSQL store)",
                e.toString(),
            )
            first.closeStore()
            open(path).use { second -> assertEquals(1L, second.counts().customers) }
            // Kotlin's close() frees the object, and with it the store's lock.
            open(path).close()
            open(path).use { assertEquals(1L, it.lastSeq()) }
            first.close()
        }
    }

    @Test
    fun callsAfterCloseStoreThrowDirectoryClosed() {
        val dir = Directory.open(tmp.resolve("s").toString())
        val c = dir.addCustomer("Esimerkki")
        assertFalse(dir.isClosed())
        dir.closeStore()
        assertTrue(dir.isClosed())
        dir.closeStore() // again: nothing happens
        val calls: List<Directory.() -> Unit> = listOf(
            { customer(c) },
            { customerPage(0, 10) },
            { addCustomer("Uusi") },
            { counts() },
            { lastSeq() },
            { compact() },
            { actor() },
            { matrix(MatrixQuery(), Page(limit = 10), Page(limit = 10)) },
            { canView(EmployeeId(1), c, LocalDate.of(2026, 1, 1)) },
            { exportToBytes(Export.Customers(CustomerFilter())) },
            { numberingReport() },
            { employees() },
        )
        for (call in calls) {
            val e = assertThrows<VastuuException.DirectoryClosed> { dir.call() }
            assertEquals("the directory is closed", e.toString())
        }
        dir.close()
        // In memory too.
        Directory().use { mem ->
            mem.closeStore()
            assertThrows<VastuuException.DirectoryClosed> { mem.addCustomer("X") }
        }
    }

    @Test
    fun aFileThatIsNoStoreIsLeftAlone() {
        val file = tmp.resolve("muistio.txt")
        Files.writeString(file, "ostoslista\n")
        val bytes = Files.readAllBytes(file)
        val asFolder = assertThrows<VastuuException.NotAStore> { Directory.open(file.toString()) }
        assertEquals(file.toString(), asFolder.path)
        val asDatabase = assertThrows<VastuuException.NotAStore> { Directory.openSqlite(file.toString()) }
        assertEquals(file.toString(), asDatabase.path)
        assertTrue(asDatabase.toString().startsWith("storage failed: $file is not a vastuu store"))
        assertArrayEquals(bytes, Files.readAllBytes(file))

        val folder = Files.createDirectory(tmp.resolve("muuta"))
        Files.writeString(folder.resolve("kuva.png"), "x")
        assertThrows<VastuuException.NotAStore> { Directory.open(folder.toString()) }
        assertEquals(listOf("kuva.png"), Files.list(folder).map { it.fileName.toString() }.toList())
    }

    @Test
    fun aNewerFormatVersionIsRefused() {
        val store = tmp.resolve("uusi")
        Directory.open(store.toString()).use { it.addCustomer("Esimerkki") }
        val journal = store.resolve("vastuu.journal")
        val bytes = Files.readAllBytes(journal)
        val header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
        header.putInt(8, 7)
        val crc = CRC32().apply { update(bytes, 0, 16) }.value
        header.putInt(16, crc.toInt())
        Files.write(journal, bytes)
        val e = assertThrows<VastuuException.UnsupportedStoreVersion> { Directory.open(store.toString()) }
        assertEquals(Triple(journal.toString(), 7, 3), Triple(e.path, e.found, e.supported))
    }

    @Test
    fun aDamagedRecordInTheMiddleIsReportedWithItsPlace() {
        val store = tmp.resolve("vaurio")
        Directory.open(store.toString()).use {
            it.addCustomer("Ensimmäinen")
            it.addCustomer("Toinen")
        }
        val journal = store.resolve("vastuu.journal")
        val bytes = Files.readAllBytes(journal)
        val at = 20 + 12 + 3 // a byte of the first record's payload
        bytes[at] = (bytes[at].toInt() xor 0x55).toByte()
        Files.write(journal, bytes)
        val e = assertThrows<VastuuException.CorruptStoreFile> { Directory.open(store.toString()) }
        assertEquals(journal.toString(), e.path)
        assertEquals(20L, e.offset)
        assertTrue(e.toString().startsWith("storage failed: $journal is corrupt at byte 20: "), e.toString())
    }

    @Test
    fun historyReadFromARecordDamagedWhileOpenIsReportedWithItsPlace() {
        val store = tmp.resolve("auki")
        Directory.open(store.toString()).use { dir ->
            dir.addCustomer("Ensimmäinen")
            val journal = store.resolve("vastuu.journal")
            val secondStart = Files.size(journal)
            val toinen = dir.addCustomer("Toinen")
            assertEquals(listOf(2L), dir.history(HistoryKey.Customer(toinen)).map { it.seq })
            // The history is read back from the journal, its checksums checked again.
            val bytes = Files.readAllBytes(journal)
            val at = secondStart.toInt() + 14 // a byte of the second record's payload
            bytes[at] = (bytes[at].toInt() xor 0x20).toByte()
            Files.write(journal, bytes)
            val e = assertThrows<VastuuException.CorruptStoreFile> { dir.history(HistoryKey.Customer(toinen)) }
            assertEquals(journal.toString(), e.path)
            assertEquals(secondStart, e.offset)
            assertThrows<VastuuException.CorruptStoreFile> { dir.changeSetPage(0, 10) }
            assertEquals(listOf(1L), dir.changeSetPage(0, 1).items.map { it.seq })
        }
    }

    @Test
    fun aTornLastRecordIsCutOffKeptAndReported() {
        val store = tmp.resolve("repeytynyt")
        Directory.open(store.toString()).use {
            assertEquals(emptyList<Repair>(), it.openReport())
            it.addCustomer("Ensimmäinen")
        }
        val journal = store.resolve("vastuu.journal")
        val whole = Files.readAllBytes(journal)
        val torn = byteArrayOf(40, 0, 0, 0, 9, 9) // a record header a crash cut short
        Files.write(journal, whole + torn)
        Directory.open(store.toString()).use { dir ->
            val repair = dir.openReport().single()
            assertEquals(RepairKind.TORN_RECORD, repair.kind)
            assertEquals(journal.toString(), repair.path)
            assertEquals(whole.size.toLong() to 6L, repair.offset to repair.bytes)
            assertArrayEquals(torn, Files.readAllBytes(Path.of(repair.savedTo!!)))
            assertTrue("never acknowledged" in repair.detail, repair.detail)
            assertEquals(listOf("Ensimmäinen"), dir.customerPage(0, 10).items.map { it.name })
            assertArrayEquals(whole, Files.readAllBytes(journal))
        }
        Directory.open(store.toString()).use { assertEquals(emptyList<Repair>(), it.openReport()) }
    }

    @Test
    fun salvageRecoversAStoreThatWillNotOpen() {
        val old = tmp.resolve("vanha")
        Directory.open(old.toString()).use {
            it.addCustomer("Ensimmäinen")
            it.addCustomer("Toinen")
            it.addCustomer("Kolmas")
        }
        val journal = old.resolve("vastuu.journal")
        val bytes = Files.readAllBytes(journal)
        val second = 20 + 12 + ByteBuffer.wrap(bytes, 20, 4).order(ByteOrder.LITTLE_ENDIAN).int
        bytes[second + 14] = (bytes[second + 14].toInt() xor 0x01).toByte()
        Files.write(journal, bytes)
        assertThrows<VastuuException.CorruptStoreFile> { Directory.open(old.toString()) }

        val new = tmp.resolve("uusi").toString()
        val report = salvage(old.toString(), new)
        assertEquals(1L to 1L, report.changeSetsKept to report.lastSeq)
        assertEquals(null, report.snapshotUsed)
        assertEquals(2, report.problems.size)
        assertTrue("at byte $second" in report.problems[0], report.problems[0])
        assertArrayEquals(bytes, Files.readAllBytes(journal))
        Directory.open(new).use { dir ->
            assertEquals(listOf("Ensimmäinen"), dir.customerPage(0, 10).items.map { it.name })
        }
        assertThrows<VastuuException.NotAStore> { salvage(old.toString(), new) }
    }

    @Test
    fun aMissingParentFolderIsAnIoFailure() {
        val path = tmp.resolve("ei/ole/olemassa").toString()
        val e = assertThrows<VastuuException.Store> { Directory.open(path) }
        assertTrue(e.failure is StoreFailure.Io, e.toString())
        assertThrows<VastuuException.Store> { Directory.openSqlite(tmp.resolve("ei/ole.db").toString()) }
    }
}

package fi.vastuu

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.util.Collections
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicReference

/** The suspending forms of Coroutines.kt: the same results as the blocking calls, and cancellation. */
class CoroutinesTest {
    @TempDir
    lateinit var tmp: Path

    private val customers = Export.Customers(CustomerFilter())

    @Test
    fun exportsFromSuspendCodeEqualTheBlockingOnes(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { dir ->
        val blocking = dir.exportToBytes(customers, Language.ENGLISH)
        val blockingPath = tmp.resolve("blocking.xlsx")
        val blockingSummary = dir.exportToPath(customers, blockingPath.toString())
        val suspendPath = tmp.resolve("suspend.xlsx")
        val (bytes, withSummary, summary) = runBlocking {
            Triple(
                dir.exportToBytesAsync(customers, language = Language.ENGLISH),
                dir.exportToBytesWithSummaryAsync(customers, Language.ENGLISH),
                dir.exportToPathAsync(customers, suspendPath.toString()),
            )
        }
        assertEquals(readSheet(blocking), readSheet(bytes))
        assertEquals(readSheet(blocking), readSheet(withSummary.bytes))
        assertEquals(blockingSummary, withSummary.summary)
        assertEquals(blockingSummary, summary)
        assertEquals(readSheet(Files.readAllBytes(blockingPath)), readSheet(Files.readAllBytes(suspendPath)))
    }

    @Test
    fun theExportRunsOnTheGivenContext() {
        val exporter = AtomicReference<Thread>()
        val executor = Executors.newSingleThreadExecutor { r -> Thread(r, "vienti").also { exporter.set(it) } }
        try {
            Directory.generated(8, GeneratedSize.SMALL).use { dir ->
                val threads = Collections.synchronizedSet(mutableSetOf<Thread>())
                val progress = object : ExportProgress {
                    override fun onProgress(rowsWritten: Long, total: Long) {
                        threads += Thread.currentThread()
                    }
                }
                val bytes = runBlocking { dir.exportToBytesAsync(customers, progress = progress, context = executor.asCoroutineDispatcher()) }
                assertEquals(readSheet(dir.exportToBytes(customers)), readSheet(bytes))
                assertEquals(setOf(exporter.get()), threads)
            }
        } finally {
            executor.shutdown()
        }
    }

    @Test
    fun importsFromSuspendCode(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { source ->
        val file = tmp.resolve("asiakkaat.xlsx")
        val rows = source.exportToPath(customers, file.toString()).rows
        val bytes = source.exportToBytes(customers)
        Directory().use { target ->
            runBlocking {
                val plan = target.importFileAsync(file.toString(), createMissing = true, dryRun = true)
                assertTrue(plan.dryRun)
                assertEquals(ImportKind.CUSTOMERS, plan.kind)
                assertEquals(0L, target.lastSeq(), "a dry run changed nothing")

                val report = target.importFileAsync(file.toString(), createMissing = true)
                assertEquals(rows, report.rows)
                assertEquals(rows, target.counts().customers)
                assertEquals(1L, target.lastSeq(), "one import is one change set")

                val again = target.importBytesAsync(bytes, ImportFormat.XLSX, name = "asiakkaat.xlsx")
                assertEquals(Pair(0, rows.toInt()), Pair(again.created.size, again.unchanged.size))
                assertEquals(1L, target.lastSeq(), "an import of nothing new stores nothing")
            }
            val bad = "Asiakasnumero;Nimi;Asiakasryhmä\n5000;Uusi Oy;Ei ole\n".toByteArray()
            val failed = assertThrows<VastuuException.ImportFailed> {
                runBlocking { target.importBytesAsync(bad, ImportFormat.CSV, name = "bad.csv") }
            }
            assertEquals(listOf("bad.csv"), failed.problems.map { it.file })
            assertEquals(1L, target.lastSeq())
        }
    }

    @Test
    fun storesOpenFromSuspendCode() {
        val folder = tmp.resolve("store").toString()
        val sqlite = tmp.resolve("store.sqlite").toString()
        val shared = tmp.resolve("shared.sqlite").toString()
        runBlocking {
            Directory.openAsync(folder).use { dir ->
                dir.addCustomer("Esimerkki Oy")
                // The lock holds as for the blocking call, and its error comes through as it is.
                assertThrows<VastuuException.StoreLocked> { runBlocking { Directory.openAsync(folder) } }
            }
            Directory.openSqliteAsync(sqlite).use { it.addCustomer("Sqlite Oy") }
            Directory.openSqliteSharedAsync(shared).use { a ->
                Directory.openSqliteSharedAsync(shared, Dispatchers.Default).use { b ->
                    a.addCustomer("Jaettu Oy")
                    b.sync()
                    assertEquals(listOf("Jaettu Oy"), b.customerPage(0, 10).items.map { it.name })
                }
            }
        }
        Directory.open(folder).use { assertEquals(listOf("Esimerkki Oy"), it.customerPage(0, 10).items.map { c -> c.name }) }
        Directory.openSqlite(sqlite).use { assertEquals(listOf("Sqlite Oy"), it.customerPage(0, 10).items.map { c -> c.name }) }
    }

    @Test
    fun thePostgresStoreOpensFromSuspendCode() {
        val dsn = postgresDsn()
        val schema = newSchema()
        runBlocking { Directory.openPostgresAsync(dsn, schema).use { it.createTeam("Huolto") } }
        Directory.openPostgres(dsn, schema).use { dir -> assertEquals(listOf("Huolto"), dir.teams().map { it.name }) }
    }

    @Test
    fun cancellingTheCoroutineStopsALargeExportAndWritesNothing(): Unit =
        Directory.generated(8, GeneratedSize.BENCHMARK).use { dir ->
            val path = tmp.resolve("iso.xlsx")
            val export = Export.Matrix(MatrixQuery(includeProjects = true))
            val calls = Collections.synchronizedList(mutableListOf<Pair<Long, Long>>())
            val started = CompletableDeferred<Unit>()
            val progress = object : ExportProgress {
                override fun onProgress(rowsWritten: Long, total: Long) {
                    calls += rowsWritten to total
                    started.complete(Unit)
                }
            }
            var ended: Throwable? = null
            runBlocking {
                val job = launch {
                    try {
                        dir.exportToPathAsync(export, path.toString(), progress = progress)
                    } catch (e: Throwable) {
                        ended = e
                        throw e
                    }
                }
                withTimeout(60_000) { started.await() }
                job.cancel()
                job.join()
                assertTrue(job.isCancelled)
            }
            assertTrue(ended is CancellationException, "ended with $ended")
            assertFalse(Files.exists(path), "a cancelled export wrote a file")
            assertEquals(emptyList<String>(), Files.list(tmp).use { s -> s.map { it.fileName.toString() }.toList() })
            // Stopped before the end: the last progress call did not reach the total.
            val (last, total) = calls.last()
            assertTrue(total > 100_000L && last < total, "$calls")
            // The directory is still usable.
            assertEquals(100_000L, dir.counts().customers)
        }

    @Test
    fun aCancelledTokenOfTheCallerStopsTheExportWithExportCancelled(): Unit = Directory.generated(8, GeneratedSize.SMALL).use { dir ->
        val token = CancelToken().apply { cancel() }
        assertThrows<VastuuException.ExportCancelled> { runBlocking { dir.exportToBytesAsync(customers, cancel = token) } }
        val path = tmp.resolve("peruttu.xlsx")
        assertThrows<VastuuException.ExportCancelled> { runBlocking { dir.exportToPathAsync(customers, path.toString(), cancel = token) } }
        assertFalse(Files.exists(path))
        // A token that is not cancelled is left alone by a call that ends normally.
        val fresh = CancelToken()
        runBlocking { async { dir.exportToBytesWithSummaryAsync(customers, cancel = fresh) }.await() }
        assertFalse(fresh.isCancelled())
    }
}

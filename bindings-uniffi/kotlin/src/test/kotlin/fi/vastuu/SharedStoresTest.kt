package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.nio.file.Path
import kotlin.concurrent.thread

/**
 * Several directories on one store that all write to it, on shared SQLite and on PostgreSQL:
 * each sees what the others stored, a transaction that meets another writer throws `Conflict`
 * and changes nothing, and `runTransaction` runs it again. And the transactions themselves.
 */
class SharedStoresTest {
    @TempDir
    lateinit var tmp: Path

    /** Opens one more directory on the same store, new for each test. */
    private fun store(kind: String): () -> Directory {
        if (kind == "sqlite") {
            val path = tmp.resolve("shared.db").toString()
            return { Directory.openSqliteShared(path) }
        }
        val (dsn, schema) = postgresDsn() to newSchema()
        return { Directory.openPostgres(dsn, schema) }
    }

    private fun Directory.teamNames() = teams().map { it.name }.sorted()

    @ParameterizedTest
    @ValueSource(strings = ["sqlite", "postgres"])
    fun directoriesSeeEachOthersChanges(kind: String) {
        val open = store(kind)
        open().use { a ->
            open().use { b ->
                val north = a.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", numberingStart = 100))
                // Reads catch up by themselves: at once on SQLite, when the notification arrives
                // (at the latest one poll interval later) on PostgreSQL.
                eventually(listOf("Pohjoinen")) { b.customerGroups().map { it.name } }
                val first = b.addCustomer("Yksi", north)
                val second = a.addCustomer("Kaksi", north)
                assertEquals(100L, a.customer(first).number)
                // b's transaction begins on what b has seen: wait until that includes a's customer
                // (on PostgreSQL the notification may still be on its way; a transaction begun
                // before it arrives is refused at commit with Conflict, as it should be).
                eventually(3L) { b.lastSeq() }
                b.beginTransaction().use { tx ->
                    b.createTeam("Huolto")
                    b.createTeam("Myynti")
                    tx.commit()
                }
                assertEquals(1L, a.sync())      // b's transaction, at once
                assertEquals(listOf("Huolto", "Myynti"), a.teamNames())
                assertEquals(101L, b.customer(second).number)
                assertEquals(listOf(4L, 4L, 0L), listOf(a.lastSeq(), b.lastSeq(), b.sync()))
            }
        }
        open().use { c -> assertEquals(listOf("Kaksi", "Yksi"), c.customerPage(0, 10).items.map { it.name }.sorted()) }
    }

    @ParameterizedTest
    @ValueSource(strings = ["sqlite", "postgres"])
    fun aConflictingTransactionThrowsAndChangesNothing(kind: String) {
        val open = store(kind)
        open().use { a ->
            open().use { b ->
                a.createTeam("Ennen")
                val conflict = assertThrows<VastuuException.Conflict> {
                    a.beginTransaction().use { tx ->
                        a.createTeam("Huolto")
                        b.createTeam("Myynti")
                        tx.commit()
                    }
                }
                assertEquals(1, conflict.attempts)
                assertEquals(listOf("Ennen", "Myynti"), a.teamNames())
                assertEquals(2L, a.lastSeq())
            }
        }
        open().use { c -> assertEquals(listOf("Ennen", "Myynti"), c.teamNames()) }
    }

    @ParameterizedTest
    @ValueSource(strings = ["sqlite", "postgres"])
    fun runTransactionRunsAgainAfterAConflict(kind: String) {
        val open = store(kind)
        open().use { a ->
            open().use { b ->
                val runs = mutableListOf<Long>()
                val team = a.runTransaction { d ->
                    runs += d.lastSeq()
                    val team = d.createTeam("Tiimi ${runs.size}")
                    if (runs.size == 1) b.createTeam("Väliin")   // another writer stores first
                    team
                }
                assertEquals(listOf(0L, 1L), runs, "ran again on the caught-up directory")
                assertEquals("Tiimi 2", a.team(team).name)
                b.sync()
                assertEquals(listOf("Tiimi 2", "Väliin"), b.teamNames())

                val gaveUp = assertThrows<VastuuException.Conflict> {
                    a.runTransaction(attempts = 3) { d ->
                        d.createTeam("Yritys ${d.lastSeq()}")
                        b.createTeam("Taas ${b.lastSeq()}")
                    }
                }
                assertEquals(3, gaveUp.attempts)
                b.sync()
                assertTrue(b.teamNames().none { it.startsWith("Yritys") })
            }
        }
    }

    @Test
    fun aTransactionCommitsRollsBackAndNests(): Unit = Directory().use { dir ->
        dir.beginTransaction().use { tx ->
            dir.createTeam("Huolto")
            assertTrue(tx.isOpen())
            tx.commit()
            assertFalse(tx.isOpen())
            assertThrows<VastuuException.TransactionMisuse> { tx.commit() }
        }
        dir.beginTransaction().use { tx ->
            dir.createTeam("Peruttu")
            tx.rollback()
        }
        dir.beginTransaction().use { dir.createTeam("Unohdettu") }   // closed without commit
        assertEquals(listOf("Huolto"), dir.teamNames())
        assertEquals(1L, dir.lastSeq())

        val outer = dir.beginTransaction()
        dir.createTeam("Ulompi")
        val inner = dir.beginTransaction()
        dir.createTeam("Sisempi")
        val misuse = assertThrows<VastuuException.TransactionMisuse> { outer.commit() }
        assertTrue(misuse.toString().contains("still open"), misuse.toString())
        inner.commit()
        outer.commit()
        assertEquals(listOf("Huolto", "Sisempi", "Ulompi"), dir.teamNames())
        assertEquals(2L, dir.lastSeq())
    }

    @Test
    fun aTransactionBelongsToTheThreadThatBeganIt(): Unit = Directory().use { dir ->
        var seen = listOf<String>()
        dir.beginTransaction().use { tx ->
            dir.createTeam("Sisällä")
            val other = thread { seen = dir.teamNames() }   // waits for the transaction
            other.join(100)
            assertTrue(other.isAlive, "another thread waits until the transaction ends")
            assertEquals(listOf("Sisällä"), dir.teamNames())   // this thread is inside it
            tx.commit()
            other.join()
        }
        assertEquals(listOf("Sisällä"), seen)
    }

    @Test
    fun runTransactionReturnsAndRethrows(): Unit = Directory().use { dir ->
        val team = dir.runTransaction { d -> d.createTeam("Huolto") }
        assertEquals("Huolto", dir.team(team).name)
        val thrown = assertThrows<IllegalStateException> {
            dir.runTransaction { d ->
                d.createTeam("Peruttu")
                error("no")
            }
        }
        assertEquals("no", thrown.message)
        assertEquals(listOf("Huolto"), dir.teamNames())
        assertEquals(1L, dir.lastSeq())
    }

    @Test
    fun aPostgresStoreKeepsItsDataPerSchema() {
        val (dsn, schema) = postgresDsn() to newSchema()
        Directory.openPostgres(dsn, schema).use { it.createTeam("Huolto") }
        Directory.openPostgres(dsn, schema).use { assertEquals(listOf("Huolto"), it.teamNames()) }
        Directory.openPostgres(dsn, newSchema()).use { assertEquals(emptyList<String>(), it.teamNames()) }
        assertThrows<VastuuException.Store> { Directory.openPostgres(dsn, "Not A Schema") }
    }
}

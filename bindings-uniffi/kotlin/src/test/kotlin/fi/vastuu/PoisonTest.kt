package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path

/**
 * A panic inside the library (injected with the testing aid `panicNextCall`) poisons the
 * directory: the call and every later one throw `DirectoryPoisoned` naming the panic, the store
 * is released at once, and opening it again continues from what it holds.
 */
class PoisonTest {
    @TempDir
    lateinit var tmp: Path

    @Test
    fun aPanicPoisonsTheDirectoryUntilItsStoreIsOpenedAgain() {
        val path = tmp.resolve("store").toString()
        val dir = Directory.open(path)
        dir.addCustomer("Ennen")
        dir.panicNextCall()
        val first = assertThrows<VastuuException.DirectoryPoisoned> { dir.addCustomer("Kesken") }
        assertTrue(first.reason.contains("panic_next_call"), first.reason)
        assertTrue(first.toString().contains("open its store again"), first.toString())
        val later = listOf<() -> Unit>({ dir.counts() }, { dir.addCustomer("Myöhemmin") }, { dir.compact() }, { dir.actor() })
        for (call in later) {
            val e = assertThrows<VastuuException.DirectoryPoisoned> { call() }
            assertEquals(first.toString(), e.toString(), "every later call names the first panic")
        }
        Directory.open(path).use { again ->
            assertEquals(listOf("Ennen"), again.customerPage(0, 10).items.map { it.name })
        }
        dir.closeStore()
        assertThrows<VastuuException.DirectoryClosed> { dir.counts() }
        dir.close()
    }

    @Test
    fun aPanicInAnotherDirectoryLeavesThisOneAlone(): Unit = Directory().use { dir ->
        Directory().use { other ->
            other.panicNextCall()
            assertThrows<VastuuException.DirectoryPoisoned> { other.counts() }
        }
        dir.addCustomer("Ehjä")
        assertEquals(1L, dir.counts().customers)
    }
}

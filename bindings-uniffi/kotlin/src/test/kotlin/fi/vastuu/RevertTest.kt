package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Reverting a change set (`revert`, `planRevert`) and its refusals. */
class RevertTest {
    @Test
    fun aRenameIsPutBackByAChangeSetThatSaysSo(): Unit = Directory().use { dir ->
        val team = dir.createTeam("Huolto")
        dir.renameTeam(team, "Tuki")
        val plan = dir.planRevert(2L)
        assertEquals(2L, plan.seq)
        assertEquals(emptyList<Long>(), plan.later)
        assertEquals("Huolto", (plan.changes.single() as Change.PutTeam).team.name)
        assertEquals("Tuki", dir.team(team).name, "a plan changes nothing")
        assertEquals(3L, dir.revert(2L))
        assertEquals("Huolto", dir.team(team).name)
        val history = dir.history(HistoryKey.Team(team))
        assertEquals(listOf(1L, 2L, 3L), history.map { it.seq })
        assertEquals(2L, history.last().reverts)
    }

    @Test
    fun laterEditsRefuseUnlessForced(): Unit = Directory().use { dir ->
        val c = dir.addCustomer("Esimerkki Oy")
        dir.archiveCustomer(c)
        dir.updateCustomer(c, CustomerUpdate(name = "Uusi Oy"))
        val conflict = dir.rejects<VastuuException.RevertConflict> { revert(2L) }
        assertEquals(2L, conflict.seq)
        assertEquals(listOf(3L), conflict.later)
        assertTrue(conflict.toString().contains("(3)"), conflict.toString())
        assertEquals(listOf(3L), dir.planRevert(2L).later)
        dir.revert(2L, force = true)
        // The customer as it was before change set 2: the later rename is undone too.
        assertFalse(dir.customer(c).archived)
        assertEquals("Esimerkki Oy", dir.customer(c).name)
    }

    @Test
    fun badNumbersAndRepeatedRevertsAreRefused(): Unit = Directory().use { dir ->
        val team = dir.createTeam("Huolto")
        dir.renameTeam(team, "Tuki")
        for (seq in listOf(0L, 3L, Long.MAX_VALUE)) {
            val e = dir.rejects<VastuuException.NoSuchChangeSet> { revert(seq, true) }
            assertEquals(seq, e.seq)
            assertEquals(2L, e.lastSeq)
            dir.rejects<VastuuException.NoSuchChangeSet> { planRevert(seq) }
        }
        val negative = dir.rejects<VastuuException.NumberOutOfRange> { revert(-1L) }
        assertEquals(-1L, negative.value)
        dir.revert(2L)
        val ofRevert = dir.rejects<VastuuException.RevertOfRevert> { revert(3L, true) }
        assertEquals(3L to 2L, ofRevert.seq to ofRevert.reverts)
        val again = dir.rejects<VastuuException.AlreadyReverted> { revert(2L, true) }
        assertEquals(2L to 3L, again.seq to again.by)
        // Everything it touched is already as it was: nothing to write.
        val gone = dir.createTeam("Myynti")
        dir.deleteTeam(gone)
        val nothing = dir.rejects<VastuuException.NothingToRevert> { revert(4L, true) }
        assertEquals(4L, nothing.seq)
    }

    @Test
    fun aRevertThatWouldBreakARuleChangesNothing(): Unit = Directory().use { dir ->
        val team = dir.createTeam("Huolto") // 1
        val maija = dir.createEmployee(NewEmployee(name = "Maija", team = team)) // 2
        val referenced = dir.rejects<VastuuException.Referenced> { revert(1L) }
        assertEquals(EntityRef.Team(team), referenced.entity)
        assertEquals(EntityRef.Employee(maija), referenced.by)
        val c = dir.addCustomer("Esimerkki Oy") // 3: number 1
        dir.setCustomerNumber(c, null) // 4
        val taker = dir.createCustomer(NewCustomer(name = "Toinen Oy", number = NumberChoice.Explicit(1))) // 5
        val taken = dir.rejects<VastuuException.DuplicateCustomerNumber> { revert(4L) }
        assertEquals(taker, taken.holder)
    }
}

package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Instant
import java.time.LocalDate

/** The change feed (`changesSince`, `ChangeSet.toJson`) and the history of every kind of entity. */
class FeedTest {
    private fun Directory.teams(n: Int) = repeat(n) { createTeam("Tiimi ${lastSeq() + 1L}") }

    @Test
    fun pagesFollowEachOtherToEveryChangeSet(): Unit = Directory().use { dir ->
        dir.teams(7)
        val read = mutableListOf<ChangeSet>()
        var cursor = 0L
        do {
            val page = dir.changesSince(cursor, 3)
            assertTrue(page.changeSets.size <= 3)
            assertEquals(7L, page.lastSeq)
            read += page.changeSets
            cursor = page.cursor
            assertEquals(read.last().seq, cursor)
            assertEquals(cursor < 7L, page.hasMore)
        } while (page.hasMore)
        assertEquals((1L..7L).toList(), read.map { it.seq })
        assertEquals(dir.changeSetPage(0L, 100).items, read)
        // The default limit (100) takes them all; at the end the page is empty and keeps the cursor.
        assertEquals(7, dir.changesSince(0L).changeSets.size)
        val end = dir.changesSince(7L, 10)
        assertEquals(Triple(emptyList<ChangeSet>(), 7L, false), Triple(end.changeSets, end.cursor, end.hasMore))
    }

    @Test
    fun badLimitsAndCursorsAreTypedErrors(): Unit = Directory().use { dir ->
        dir.teams(3)
        for (limit in listOf(0, 1001, Int.MAX_VALUE)) {
            val error = dir.rejects<VastuuException.InvalidLimit> { changesSince(0L, limit) }
            assertEquals(limit.toLong(), error.limit)
            assertEquals(1000L, error.max)
        }
        for (seq in listOf(4L, Long.MAX_VALUE)) {
            val error = dir.rejects<VastuuException.SeqBeyondLast> { changesSince(seq, 10) }
            assertEquals(seq, error.seq)
            assertEquals(3L, error.lastSeq)
        }
        // The largest limit is accepted.
        assertEquals(3, dir.changesSince(0L, 1000).changeSets.size)
    }

    @Test
    fun theJsonDocumentOfAChangeSet(): Unit = Directory().use { dir ->
        dir.setActor("Maija")
        val team = dir.createTeam("Huolto")
        val page = dir.changesSince(0L, 10)
        val json = page.changeSets.single().toJson()
        val at = page.changeSets.single().time.toString()
        assertTrue(json.startsWith("{\"version\":1,\"seq\":1,\"at\":\""), json)
        assertTrue(
            json.endsWith(
                "\",\"actor\":\"Maija\",\"reverts\":null,\"changes\":[{\"op\":\"put\",\"entity\":{\"kind\":\"team\",\"id\":${team.raw}}," +
                    "\"value\":{\"id\":${team.raw},\"name\":\"Huolto\",\"leads\":[]}}]}",
            ),
            json,
        )
        assertEquals(Instant.parse(at), Instant.parse(json.substringAfter("\"at\":\"").substringBefore('"')))
        assertFalse(json.contains('\n'))

        // Every kind of change, deletes included, has its document; a responsibility with its
        // roles and dates.
        dir.setActor(null)
        val matti = dir.hire("Matti")
        val role = dir.createRole(NewRole(name = "Huoltovastaava", scope = RoleScope.CUSTOMER))
        val c = dir.addCustomer("Esimerkki")
        dir.setResponsibility(c.subject(), matti, listOf(role), Period(LocalDate.of(2026, 1, 1), null))
        val last = dir.changesSince(dir.lastSeq() - 1L, 1).changeSets.single().toJson()
        assertTrue(last.contains("\"actor\":null"), last)
        assertTrue(
            last.contains(
                "{\"op\":\"put\",\"entity\":{\"kind\":\"responsibility\",\"subject\":{\"kind\":\"customer\",\"id\":${c.raw}}," +
                    "\"employee\":${matti.raw}},\"value\":{\"subject\":{\"kind\":\"customer\",\"id\":${c.raw}}," +
                    "\"employee\":${matti.raw},\"roles\":[${role.raw}],\"from\":\"2026-01-01\",\"to\":null}}",
            ),
            last,
        )
        dir.deleteEmployee(matti)
        val deleted = dir.changesSince(dir.lastSeq() - 1L, 1).changeSets.single().toJson()
        assertTrue(deleted.contains("{\"op\":\"delete\",\"entity\":{\"kind\":\"employee\",\"id\":${matti.raw}},\"value\":null}"), deleted)
    }

    @Test
    fun aHandMadeChangeSetOutsideTheTimeRangeIsATypedError(): Unit {
        val far = ChangeSet(1L, Instant.parse("+100000-01-01T00:00:00Z"), null, emptyList(), emptyList())
        val error = org.junit.jupiter.api.assertThrows<VastuuException.InvalidDate> { far.toJson() }
        assertTrue(error.reason.contains("-9999..=9999"), error.reason)
        val ok = ChangeSet(2L, Instant.parse("2026-03-01T12:00:00Z"), "Maija", emptyList(), listOf(Change.DeleteTeam(TeamId(4))))
        assertEquals(
            "{\"version\":1,\"seq\":2,\"at\":\"2026-03-01T12:00:00Z\",\"actor\":\"Maija\",\"reverts\":null," +
                "\"changes\":[{\"op\":\"delete\",\"entity\":{\"kind\":\"team\",\"id\":4},\"value\":null}]}",
            ok.toJson(),
        )
    }

    @Test
    fun groupsSpecialGroupsRolesTeamsAndProjectsHaveAHistory(): Unit = Directory().use { dir ->
        val seqs = { key: HistoryKey -> dir.history(key).map { it.seq } }
        val team = dir.createTeam("Huolto") // 1
        val matti = dir.createEmployee(NewEmployee(name = "Matti", team = team)) // 2
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen")) // 3
        val south = dir.createCustomerGroup(NewCustomerGroup(name = "Etelä")) // 4
        val vip = dir.createSpecialGroup(NewSpecialGroup(name = "VIP")) // 5
        val c = dir.createCustomer(NewCustomer(name = "Esimerkki", group = north, specialGroups = listOf(vip))) // 6
        dir.moveCustomerToGroup(south, c) // 7
        val role = dir.createRole(NewRole(name = "Projektipäällikkö", scope = RoleScope.PROJECT)) // 8
        val project = dir.createProject(c, "Remontti") // 9
        dir.toggle(project.subject(), matti) // 10
        dir.setEmployeeTeam(matti, null) // 11
        assertEquals(listOf(1L, 2L, 11L), seqs(HistoryKey.Team(team)))
        assertEquals(listOf(3L, 6L, 7L), seqs(HistoryKey.CustomerGroup(north)))
        assertEquals(listOf(4L, 7L), seqs(HistoryKey.CustomerGroup(south)))
        assertEquals(listOf(5L, 6L), seqs(HistoryKey.SpecialGroup(vip)))
        assertEquals(listOf(8L), seqs(HistoryKey.Role(role)))
        assertEquals(listOf(9L, 10L), seqs(HistoryKey.Project(project)))
        // A change set's keys stay the customers and employees it touches.
        assertEquals(listOf(HistoryKey.Customer(c)), dir.history(HistoryKey.CustomerGroup(south)).last().keys)
        // Ids never given are NotFound, of their own kind.
        assertEquals(EntityRef.Team(TeamId(9)), dir.rejects<VastuuException.NotFound> { history(HistoryKey.Team(TeamId(9))) }.entity)
        assertEquals(EntityRef.Role(RoleId(0)), dir.rejects<VastuuException.NotFound> { history(HistoryKey.Role(RoleId(0))) }.entity)
        dir.rejects<VastuuException.NotFound> { history(HistoryKey.CustomerGroup(CustomerGroupId(3))) }
        dir.rejects<VastuuException.NotFound> { history(HistoryKey.SpecialGroup(SpecialGroupId(2))) }
        dir.rejects<VastuuException.NotFound> { history(HistoryKey.Project(ProjectId(2))) }
    }

    @Test
    fun theHistoryIsFoundAgainWhenTheStoreIsOpenedAgain() {
        val path = kotlin.io.path.createTempDirectory("vastuu-feed").resolve("store").toString()
        val (group, before) = Directory.open(path).use { dir ->
            val g = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen"))
            dir.addCustomer("Esimerkki", g)
            dir.compact()
            dir.addCustomer("Toinen", g)
            g to dir.history(HistoryKey.CustomerGroup(g))
        }
        Directory.open(path).use { dir ->
            assertEquals(before, dir.history(HistoryKey.CustomerGroup(group)))
            assertEquals(listOf(1L, 2L, 3L), before.map { it.seq })
            assertEquals(before.drop(1), dir.changesSince(1L, 5).changeSets)
        }
    }
}

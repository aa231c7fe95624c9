package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDate

/** Team leads: setting them, the refusals, the cascades that end leading, and what a lead sees. */
class TeamLeadTest {
    private val day = LocalDate.of(2026, 3, 1)

    @Test
    fun aLeadSeesWhatTheMembersAreResponsibleFor(): Unit = Directory().use { dir ->
        val huolto = dir.createTeam("Huolto")
        val (liisa, matti, aino) = listOf("Liisa", "Matti", "Aino").map { dir.member(it, huolto) }
        val esim = dir.addCustomer("Esimerkki")
        val oljy = dir.addCustomer("Öljy")
        val project = dir.createProject(oljy, "Remontti")
        dir.toggle(esim.subject(), matti)
        dir.toggle(project.subject(), aino)
        dir.setPeriod(project.subject(), aino, Period(to = day))

        dir.setTeamLeads(huolto, listOf(liisa))
        assertEquals(listOf(liisa), dir.team(huolto).leads)
        assertEquals(Visibility(true, listOf(VisibilityReason.TeamLead(huolto, matti))), dir.canView(liisa, esim, day))
        assertEquals(Visibility(true, listOf(VisibilityReason.TeamLead(huolto, aino))), dir.canView(liisa, oljy, day))
        assertFalse(dir.canView(liisa, oljy, day.plusDays(1)).visible, "the member's validity ended")
        assertFalse(dir.canView(matti, oljy, day).visible, "a member who is not a lead sees only their own")
        assertEquals(listOf(esim, oljy), dir.visibleCustomers(liisa, day))
        assertEquals(listOf(liisa, matti), dir.whoCanView(esim, day))

        // An inactive lead sees nothing.
        dir.archiveEmployee(liisa)
        assertEquals(emptyList<CustomerId>(), dir.visibleCustomers(liisa, day))
        dir.reactivateEmployee(liisa)
        assertTrue(dir.canView(liisa, esim, day).visible)
    }

    @Test
    fun leadsAreAddedRemovedAndEndWithMembership(): Unit = Directory().use { dir ->
        val (huolto, myynti) = listOf("Huolto", "Myynti").map { dir.createTeam(it) }
        val (liisa, matti) = listOf("Liisa", "Matti").map { dir.member(it, huolto) }
        dir.addTeamLead(huolto, liisa)
        dir.addTeamLead(huolto, matti)
        dir.addTeamLead(huolto, matti)
        assertEquals(listOf(liisa, matti), dir.team(huolto).leads)
        dir.removeTeamLead(huolto, liisa)
        assertEquals(listOf(matti), dir.team(huolto).leads)
        dir.setTeamLeads(huolto, listOf(matti, liisa))
        // Moving to another team, and being deleted, end leading.
        dir.setEmployeeTeam(liisa, myynti)
        assertEquals(listOf(matti), dir.team(huolto).leads)
        dir.deleteEmployee(matti)
        assertEquals(emptyList<EmployeeId>(), dir.team(huolto).leads)
        dir.setTeamLeads(myynti, listOf(liisa))
        dir.setTeamLeads(myynti, emptyList())
        assertEquals(emptyList<EmployeeId>(), dir.team(myynti).leads)
    }

    @Test
    fun badLeadsAreRefusedAndChangeNothing(): Unit = Directory().use { dir ->
        val huolto = dir.createTeam("Huolto")
        val matti = dir.member("Matti", huolto)
        val ulla = dir.member("Ulla", dir.createTeam("Myynti"))
        val oskari = dir.hire("Oskari")

        // A lead of a team they are not in.
        val outsider = dir.rejects<VastuuException.NotTeamMember> { setTeamLeads(huolto, listOf(matti, ulla)) }
        assertEquals(huolto, outsider.team)
        assertEquals(ulla, outsider.employee)
        assertTrue(outsider.toString().contains("is not a member of team #"), outsider.toString())
        dir.rejects<VastuuException.NotTeamMember> { addTeamLead(huolto, oskari) }
        // Unknown ids.
        dir.rejects<VastuuException.NotFound> { setTeamLeads(TeamId(99), listOf(matti)) }
        dir.rejects<VastuuException.NotFound> { setTeamLeads(huolto, listOf(EmployeeId(99))) }
        dir.rejects<VastuuException.NotFound> { addTeamLead(huolto, EmployeeId(99)) }
        dir.rejects<VastuuException.NotFound> { removeTeamLead(TeamId(99), matti) }
        // An id beyond the 32-bit range.
        dir.rejects<VastuuException.NumberOutOfRange> { setTeamLeads(huolto, listOf(EmployeeId(MAX_RAW_ID + 1))) }
    }
}

private fun Directory.member(name: String, team: TeamId): EmployeeId = createEmployee(NewEmployee(name = name, team = team))

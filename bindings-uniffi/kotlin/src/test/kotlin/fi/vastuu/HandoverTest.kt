package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDate

class HandoverTest {
    private class Fixture(val dir: Directory) {
        val leaving = dir.hire("Lähtijä", salesRights = true)
        val staying = dir.hire("Jatkaja", salesRights = true)
        val service = dir.createRole(NewRole(name = "Huoltovastaava", scope = RoleScope.CUSTOMER))
        val c1 = dir.addCustomer("Yksi")
        val c2 = dir.addCustomer("Kaksi")
        val project = dir.createProject(c1, "Projekti")
        val group = dir.createCustomerGroup(NewCustomerGroup(name = "Ryhmä", salespeople = listOf(leaving)))

        init {
            dir.addRole(c1.subject(), leaving, service)
            dir.toggle(c2.subject(), leaving)
            dir.toggle(project.subject(), leaving)
        }
    }

    @Test
    fun planPreviewsAndApplyMovesEverything(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val seq = dir.lastSeq()
        val plan = dir.planHandover(Handover(from = f.leaving, to = f.staying, actor = "esihenkilö"))
        assertEquals(seq, dir.lastSeq(), "planning changes nothing")
        assertEquals(
            listOf(
                HandoverStep.ResponsibilityChange(
                    f.c1.subject(), f.c1,
                    fromBefore = Responsibility(f.c1.subject(), f.leaving, listOf(f.service), Period()),
                    fromAfter = null,
                    toAfter = Responsibility(f.c1.subject(), f.staying, listOf(f.service), Period()),
                ),
                HandoverStep.ResponsibilityChange(
                    f.c2.subject(), f.c2,
                    fromBefore = Responsibility(f.c2.subject(), f.leaving, emptyList(), Period()),
                    fromAfter = null,
                    toAfter = Responsibility(f.c2.subject(), f.staying, emptyList(), Period()),
                ),
                HandoverStep.ResponsibilityChange(
                    f.project.subject(), f.c1,
                    fromBefore = Responsibility(f.project.subject(), f.leaving, emptyList(), Period()),
                    fromAfter = null,
                    toAfter = Responsibility(f.project.subject(), f.staying, emptyList(), Period()),
                ),
                HandoverStep.SalespersonPlaceChange(f.group, fromStays = false),
            ),
            plan.steps,
        )
        assertTrue(plan.skipped.isEmpty())
        assertEquals(HandoverMode.REPLACE, plan.request.mode)

        dir.applyHandover(plan)
        assertEquals(seq + 1L, dir.lastSeq(), "applied as one change set")
        assertTrue(dir.responsibilitiesHeldBy(f.leaving).isEmpty())
        assertEquals(listOf(f.c1.subject(), f.c2.subject(), f.project.subject()), dir.responsibilitiesHeldBy(f.staying).map { it.subject })
        assertEquals(listOf(f.staying), dir.customerGroup(f.group).salespeople)
        assertEquals("esihenkilö", dir.history(HistoryKey.Employee(f.staying)).last().actor)
    }

    @Test
    fun datedHandoverEndsTheOldValidityTheDayBefore(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val day = LocalDate.of(2027, 1, 1)
        val plan = dir.planHandover(Handover(from = f.leaving, to = f.staying, effective = day, projects = false))
        assertEquals(
            listOf(Skipped(HandoverItem.SalespersonPlaceIn(f.group), SkipReason.SALESPERSON_PLACES_ARE_NOT_DATED)),
            plan.skipped,
        )
        dir.applyHandover(plan)
        assertEquals(Period(null, LocalDate.of(2026, 12, 31)), dir.responsibility(f.c1.subject(), f.leaving)?.period)
        assertEquals(Period(day, null), dir.responsibility(f.c1.subject(), f.staying)?.period)
        assertNull(dir.responsibility(f.project.subject(), f.staying), "projects were left out")
        assertEquals(listOf(f.leaving), dir.customerGroup(f.group).salespeople)
    }

    @Test
    fun addModeAndRoleSelection(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val plan = dir.planHandover(
            Handover(from = f.leaving, to = f.staying, mode = HandoverMode.ADD, onlyRoles = listOf(f.service), salespersonPlaces = false),
        )
        assertEquals(1, plan.steps.size, "only the responsibility holding the role")
        dir.applyHandover(plan)
        assertEquals(listOf(f.service), dir.responsibility(f.c1.subject(), f.leaving)?.roles, "add mode keeps the old holder")
        assertEquals(listOf(f.service), dir.responsibility(f.c1.subject(), f.staying)?.roles)
        assertNull(dir.responsibility(f.c2.subject(), f.staying))
    }

    @Test
    fun skippedItemsSayWhy(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        dir.toggle(f.c2.subject(), f.staying)
        val plan = dir.planHandover(Handover(from = f.leaving, to = f.staying, onlySubjects = listOf(f.c2.subject())))
        assertEquals(
            listOf(
                Skipped(HandoverItem.ResponsibilityFor(f.c2.subject()), SkipReason.TARGET_ALREADY_RESPONSIBLE),
            ),
            plan.skipped,
        )
        assertEquals(listOf(HandoverStep.SalespersonPlaceChange(f.group, fromStays = false)), plan.steps)
    }

    @Test
    fun aStalePlanIsRefusedAndChangesNothing(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val plan = dir.planHandover(Handover(from = f.leaving, to = f.staying))
        dir.toggle(f.c2.subject(), f.leaving)
        val error = dir.rejects<VastuuException.StalePlan> { applyHandover(plan) }
        assertEquals(f.leaving to f.staying, error.from to error.to)

        val fresh = dir.planHandover(Handover(from = f.leaving, to = f.staying))
        dir.applyHandover(fresh)
        assertTrue(dir.responsibilitiesHeldBy(f.leaving).isEmpty())
    }

    @Test
    fun anEditedPlanIsRefused(): Unit = Directory().use { dir ->
        val f = Fixture(dir)
        val plan = dir.planHandover(Handover(from = f.leaving, to = f.staying))
        val edited = plan.copy(steps = plan.steps.drop(1))
        dir.rejects<VastuuException.StalePlan> { applyHandover(edited) }
    }
}

// Written by scripts/test-kotlin.sh from the Kotlin block under "### Revert in Kotlin" in README.md.
package fi.vastuu

import org.junit.jupiter.api.Test

class ReadmeRevertTest {
    @Test
    fun revertExampleRuns() {

        Directory().use { dir ->
            val team = dir.createTeam("Huolto")
            dir.renameTeam(team, "Tuki")
            check(dir.planRevert(2L).later.isEmpty())
            check(dir.revert(2L) == 3L)
            check(dir.team(team).name == "Huolto")
            check(dir.history(HistoryKey.Team(team)).last().reverts == 2L)
            try {
                dir.revert(1L)
                error("later change sets changed the team")
            } catch (e: VastuuException.RevertConflict) {
                check(e.later == listOf(2L, 3L))
            }
            dir.revert(1L, force = true)  // the team is gone
        }
    }
}

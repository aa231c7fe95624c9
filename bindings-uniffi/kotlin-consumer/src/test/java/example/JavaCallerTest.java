package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fi.vastuu.Directory;
import fi.vastuu.ImportFormat;
import fi.vastuu.ImportKind;
import fi.vastuu.ImportReport;
import fi.vastuu.Language;
import fi.vastuu.Team;
import fi.vastuu.TeamId;
import fi.vastuu.VastuuException;
import fi.vastuu.Vastuu_uniffiKt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API called from Java, with the native library loaded from the jar. */
class JavaCallerTest {
    @TempDir
    Path tmp;

    private static List<String> teamNames(Directory dir) throws VastuuException {
        return dir.teams().stream().map(Team::getName).sorted().toList();
    }

    @Test
    void aFileStoreFromJava() throws Exception {
        String folder = tmp.resolve("store").toString();
        try (Directory dir = Directory.Companion.open(folder)) {
            TeamId service = dir.createTeam("Huolto");
            dir.createTeam("Myynti");
            dir.renameTeam(service, "Asennus");
            assertEquals(List.of("Asennus", "Myynti"), teamNames(dir));
            // Errors are VastuuException subclasses, checked exceptions in Java.
            assertThrows(VastuuException.StoreLocked.class, () -> Directory.Companion.open(folder));
        }
        try (Directory dir = Directory.Companion.open(folder)) {
            assertEquals(List.of("Asennus", "Myynti"), teamNames(dir));
            dir.closeStore();
            assertTrue(dir.isClosed());
            assertThrows(VastuuException.DirectoryClosed.class, dir::teams);
        }
        assertTrue(Files.isDirectory(Path.of(folder)));
    }

    @Test
    void anImportFromJava() throws Exception {
        List<String> headers = Vastuu_uniffiKt.importHeaders(ImportKind.CUSTOMER_GROUPS, Language.ENGLISH);
        assertEquals("Name", headers.get(0));
        String csv = String.join(";", headers) + "\n" + "Etelä" + ";".repeat(headers.size() - 1) + "\n";
        try (Directory dir = new Directory()) {
            ImportReport report = dir.importBytes(
                csv.getBytes(StandardCharsets.UTF_8), ImportFormat.CSV, "groups.csv", ImportKind.CUSTOMER_GROUPS, false, false, null);
            assertEquals(List.of("Etelä"), report.getCreated().stream().map(item -> item.getLabel()).toList());
            assertEquals(List.of("Etelä"), dir.customerGroups().stream().map(group -> group.getName()).toList());
        }
    }
}

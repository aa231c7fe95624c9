package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fi.vastuu.ChangeSet;
import fi.vastuu.Customer;
import fi.vastuu.CustomerFilter;
import fi.vastuu.CustomerGroupId;
import fi.vastuu.CustomerId;
import fi.vastuu.CustomerPage;
import fi.vastuu.Directory;
import fi.vastuu.Export;
import fi.vastuu.ExportProgress;
import fi.vastuu.GeneratedSize;
import fi.vastuu.ImportFormat;
import fi.vastuu.ImportKind;
import fi.vastuu.ImportReport;
import fi.vastuu.Language;
import fi.vastuu.MatrixCell;
import fi.vastuu.MatrixQuery;
import fi.vastuu.NewCustomer;
import fi.vastuu.NewCustomerGroup;
import fi.vastuu.NumberChoice;
import fi.vastuu.Page;
import fi.vastuu.Team;
import fi.vastuu.TeamId;
import fi.vastuu.VastuuException;
import fi.vastuu.Vastuu_uniffiKt;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    void numbersAreJavaLongsAndInts() throws Exception {
        try (Directory dir = new Directory()) {
            // Records with numbers are built and read with plain long and int.
            CustomerGroupId north = dir.createCustomerGroup(
                new NewCustomerGroup("Pohjoinen", 1000L, null, null, List.of(), List.of(), List.of(), false, List.of(), null));
            CustomerId esim = dir.createCustomer(new NewCustomer("Esimerkki Oy", null, null, north, List.of(), null));
            CustomerId other = dir.createCustomer(new NewCustomer("Toinen Oy", new NumberChoice.Explicit(7L), null, null, List.of(), null));
            long number = dir.customer(esim).getNumber();
            assertEquals(1000L, number);
            long raw = esim.getRaw();
            assertEquals(esim, new CustomerId(raw));
            // Methods that take or return numbers have their plain names: no -XXXX suffix.
            CustomerPage page = dir.customerPage(1L, 10);
            assertEquals(2L, page.getTotal());
            assertEquals(List.of(other), page.getItems().stream().map(Customer::getId).toList());
            assertEquals(other, dir.customerByNumber(7L).getId());
            dir.setCustomerNumber(other, 8L);
            assertEquals(1001L, dir.renumberCustomer(esim));
            long seq = dir.lastSeq();
            assertEquals(5L, seq);
            List<ChangeSet> last = dir.changeSetPage(seq - 1, 1).getItems();
            assertEquals(seq, last.get(0).getSeq());
            assertEquals(2L, dir.counts().getCustomers());
            assertEquals(2L, dir.filterCustomers(new CustomerFilter(), new Page(0L, 10)).getTotal());
            // A progress callback written in Java gets longs.
            List<long[]> calls = new ArrayList<>();
            ExportProgress progress = (rowsWritten, total) -> calls.add(new long[] {rowsWritten, total});
            dir.exportToBytes(new Export.GroupCustomers(north), Language.ENGLISH, progress, null, false);
            assertEquals(1L, calls.get(calls.size() - 1)[1]);
            // A negative number is a typed error naming it, and changes nothing.
            VastuuException.NumberOutOfRange negative =
                assertThrows(VastuuException.NumberOutOfRange.class, () -> dir.customer(new CustomerId(-1L)));
            assertEquals(-1L, negative.getValue());
            assertEquals(4_294_967_295L, negative.getMax());
            assertThrows(VastuuException.NumberOutOfRange.class, () -> dir.customerPage(0L, -1));
            assertEquals(seq, dir.lastSeq());
        }
        try (Directory generated = Directory.Companion.generated(7L, GeneratedSize.SMALL)) {
            MatrixCell cell = generated.matrix(new MatrixQuery(), new Page(0L, 50), new Page(0L, 50)).getCells().get(0);
            int row = cell.getRow();
            assertTrue(row >= 0 && row < 50);
        }
        // No public method of these classes has a name Kotlin mangled for an unsigned or inline type.
        List<String> mangled = new ArrayList<>();
        for (Class<?> type : List.of(Directory.class, Directory.Companion.class, CustomerId.class, Customer.class,
                CustomerPage.class, Page.class, NewCustomerGroup.class, NumberChoice.Explicit.class, ChangeSet.class,
                MatrixCell.class, ExportProgress.class, VastuuException.NumberOutOfRange.class, Vastuu_uniffiKt.class)) {
            Arrays.stream(type.getMethods()).map(Method::getName).filter(name -> name.contains("-"))
                .forEach(name -> mangled.add(type.getSimpleName() + "." + name));
        }
        assertEquals(List.of(), mangled);
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

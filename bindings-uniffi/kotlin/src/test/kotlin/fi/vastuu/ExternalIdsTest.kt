package fi.vastuu

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

/** External ids: the host system's key on employees, customers, projects and customer groups. */
class ExternalIdsTest {
    @Test
    fun keysAreSetLookedUpChangedAndCleared(): Unit = Directory().use { dir ->
        val liisa = dir.createEmployee(NewEmployee(name = "Liisa", externalId = " HR-7 "))
        val north = dir.createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", externalId = "AREA-N"))
        val esim = dir.createCustomer(NewCustomer(name = "Esimerkki Oy", group = north, externalId = "CRM-1042"))
        val remontti = dir.createProject(esim, "Remontti", externalId = "ERP-77")
        val plain = dir.createProject(esim, "Piha")

        assertEquals("HR-7", dir.employee(liisa).externalId, "trimmed like every text")
        assertEquals(liisa, dir.employeeByExternalId("HR-7")?.id)
        assertEquals(north, dir.customerGroupByExternalId("AREA-N")?.id)
        assertEquals(esim, dir.customerByExternalId("CRM-1042")?.id)
        assertEquals(remontti, dir.projectByExternalId("ERP-77")?.id)
        assertNull(dir.project(plain).externalId)
        assertNull(dir.customerByExternalId("crm-1042"), "compared exactly")
        assertNull(dir.employeeByExternalId("CRM-1042"), "each kind has keys of its own")

        dir.updateCustomer(esim, CustomerUpdate(externalId = "CRM-2"))
        assertNull(dir.customerByExternalId("CRM-1042"))
        dir.updateCustomer(esim, CustomerUpdate(name = "Esimerkki Oyj"))
        assertEquals("CRM-2", dir.customer(esim).externalId, "a field left null keeps the key")
        dir.updateCustomer(esim, CustomerUpdate(externalId = ""))
        assertNull(dir.customer(esim).externalId, "a blank key removes it")
        dir.updateEmployee(liisa, EmployeeUpdate(externalId = "HR-8"))
        dir.updateProject(remontti, ProjectUpdate(externalId = " "))
        dir.updateCustomerGroup(north, CustomerGroupUpdate(externalId = "AREA-2"))
        assertEquals(
            listOf("HR-8", null, "AREA-2"),
            listOf(dir.employee(liisa).externalId, dir.project(remontti).externalId, dir.customerGroup(north).externalId),
        )
    }

    @Test
    fun aKeyAnotherEntityHoldsIsRefusedAndNothingChanges(): Unit = Directory().use { dir ->
        val esim = dir.createCustomer(NewCustomer(name = "Esimerkki Oy", externalId = "CRM-1"))
        val other = dir.addCustomer("Toinen Oy")
        val e = dir.rejects<VastuuException.DuplicateExternalId> {
            createCustomer(NewCustomer(name = "Kolmas Oy", externalId = "CRM-1"))
        }
        assertEquals(EntityKind.CUSTOMER, e.kind)
        assertEquals("CRM-1", e.externalId)
        assertEquals(EntityRef.Customer(esim), e.existing)
        dir.rejects<VastuuException.DuplicateExternalId> { updateCustomer(other, CustomerUpdate(externalId = "CRM-1")) }
        val bad = dir.rejects<VastuuException.InvalidText> { createProject(esim, "Remontti", externalId = "ERP\u0007") }
        assertEquals(Field.EXTERNAL_ID, bad.field)
        dir.rejects<VastuuException.InvalidText> {
            createCustomerGroup(NewCustomerGroup(name = "Pohjoinen", externalId = "x".repeat(201)))
        }
    }

    @Test
    fun theCustomerExportWithKeysImportsBackByThem(): Unit = Directory().use { dir ->
        dir.createCustomer(NewCustomer(name = "Esimerkki Oy", number = NumberChoice.Explicit(10), externalId = "CRM-1"))
        val sheet = readSheet(dir.exportToBytes(Export.Customers(CustomerFilter()), Language.ENGLISH, externalIds = true))
        assertEquals("External id", sheet.headers.last())
        assertEquals("CRM-1", sheet.rows.first().last())

        Directory().use { other ->
            other.importBytes(
                dir.exportToBytes(Export.Customers(CustomerFilter()), externalIds = true),
                ImportFormat.XLSX,
                name = "asiakkaat.xlsx",
            )
            assertEquals(10L, other.customerByExternalId("CRM-1")?.number?.toLong())
            val csv = "Nimi;Ulkoinen tunnus\nEsimerkki Oyj;CRM-1\n".toByteArray()
            val report = other.importBytes(csv, ImportFormat.CSV, kind = ImportKind.CUSTOMERS)
            assertEquals(listOf(listOf("name")), report.changed.map { it.fields })
            assertEquals("Esimerkki Oyj", other.customerByExternalId("CRM-1")?.name)
        }
    }
}

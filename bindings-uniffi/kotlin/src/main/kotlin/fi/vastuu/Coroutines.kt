// Written by hand (not generated): suspending forms of the directory's long calls, for coroutine
// users, over the blocking calls in vastuu_uniffi.kt. Ship this file with it (it needs
// org.jetbrains.kotlinx:kotlinx-coroutines-core).
package fi.vastuu

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/**
 * Runs [export] with a [CancelToken] in [context] and waits for it without blocking the caller.
 * The token is [cancel] when given, else a new one; when the calling coroutine is cancelled while
 * the export runs, the token is cancelled, so the export stops before its next row, and this
 * returns (with the coroutine's [CancellationException]) only once the export has stopped.
 */
private suspend fun <T> cancellableExport(context: CoroutineContext, cancel: CancelToken?, export: (CancelToken) -> T): T =
    coroutineScope {
        val token = cancel ?: CancelToken()
        val running = async(context) {
            try {
                export(token)
            } catch (stopped: VastuuException.ExportCancelled) {
                // Stopped for the cancelled coroutine: end as cancelled, not with this error.
                ensureActive()
                throw stopped
            }
        }
        try {
            running.await()
        } catch (cancelled: CancellationException) {
            // Still running: the caller was cancelled, not the export's own failure.
            if (!running.isCompleted) token.cancel()
            throw cancelled
        }
    }

/**
 * [Directory.exportToPath] as a suspending call: writes the export to the file at [path] on
 * [context] (by default [Dispatchers.IO]) and returns the [ExportSummary]. The parameters and
 * their defaults are those of the blocking call.
 *
 * Cancelling the calling coroutine cancels the export's [CancelToken] ([cancel] when given, else
 * one made for this call): the export stops before its next row, writes nothing (an existing file
 * at [path] is left as it was) and the coroutine ends with its [CancellationException] once the
 * export has stopped. A [cancel] token cancelled by other means ends the call with
 * [VastuuException.ExportCancelled], as the blocking call does.
 *
 * @throws VastuuException as [Directory.exportToPath].
 */
suspend fun Directory.exportToPathAsync(
    export: Export,
    path: String,
    language: Language? = null,
    progress: ExportProgress? = null,
    cancel: CancelToken? = null,
    followSymlinks: Boolean = false,
    context: CoroutineContext = Dispatchers.IO,
): ExportSummary = cancellableExport(context, cancel) { token ->
    exportToPath(export, path, language, progress, token, followSymlinks)
}

/**
 * [Directory.exportToBytes] as a suspending call: writes the export in memory on [context] (by
 * default [Dispatchers.IO]) and returns the .xlsx file's bytes. The parameters and their
 * defaults are those of the blocking call; cancellation is as for [exportToPathAsync].
 *
 * @throws VastuuException as [Directory.exportToBytes].
 */
suspend fun Directory.exportToBytesAsync(
    export: Export,
    language: Language? = null,
    progress: ExportProgress? = null,
    cancel: CancelToken? = null,
    context: CoroutineContext = Dispatchers.IO,
): ByteArray = cancellableExport(context, cancel) { token -> exportToBytes(export, language, progress, token) }

/**
 * [Directory.exportToBytesWithSummary] as a suspending call: the .xlsx file's bytes with the
 * rows written and the cells cut, written on [context] (by default [Dispatchers.IO]). The
 * parameters and their defaults are those of the blocking call; cancellation is as for
 * [exportToPathAsync].
 *
 * @throws VastuuException as [Directory.exportToBytesWithSummary].
 */
suspend fun Directory.exportToBytesWithSummaryAsync(
    export: Export,
    language: Language? = null,
    progress: ExportProgress? = null,
    cancel: CancelToken? = null,
    context: CoroutineContext = Dispatchers.IO,
): ExportedBytes = cancellableExport(context, cancel) { token -> exportToBytesWithSummary(export, language, progress, token) }

/**
 * [Directory.importFile] as a suspending call: imports the .xlsx or .csv file at [path] on
 * [context] (by default [Dispatchers.IO]) and returns the [ImportReport]. The parameters and
 * their defaults are those of the blocking call.
 *
 * An import cannot be stopped halfway: it is one change set, stored whole or not at all. If the
 * calling coroutine is cancelled while the import runs, the import still finishes (and is
 * stored, unless [dryRun]) and the coroutine then ends with its [CancellationException].
 *
 * @throws VastuuException as [Directory.importFile] (`ImportFailed` when nothing was changed).
 */
suspend fun Directory.importFileAsync(
    path: String,
    kind: ImportKind? = null,
    dryRun: Boolean = false,
    createMissing: Boolean = false,
    sheet: String? = null,
    context: CoroutineContext = Dispatchers.IO,
): ImportReport = withContext(context) { importFile(path, kind, dryRun, createMissing, sheet) }

/**
 * [Directory.importBytes] as a suspending call: imports [data] (a file's bytes in [format], named
 * [name] in problems) on [context] (by default [Dispatchers.IO]) and returns the [ImportReport].
 * The parameters and their defaults are those of the blocking call; cancellation is as for
 * [importFileAsync] (the import finishes and is stored).
 *
 * @throws VastuuException as [Directory.importBytes].
 */
suspend fun Directory.importBytesAsync(
    data: ByteArray,
    format: ImportFormat,
    name: String = "data",
    kind: ImportKind? = null,
    dryRun: Boolean = false,
    createMissing: Boolean = false,
    sheet: String? = null,
    context: CoroutineContext = Dispatchers.IO,
): ImportReport = withContext(context) { importBytes(data, format, name, kind, dryRun, createMissing, sheet) }

/**
 * Runs [open] (one of the blocking openers) on [context] and returns the directory, used and
 * closed as usual. If the calling coroutine is cancelled while the store opens, the directory
 * just opened is closed (its lock released) before the coroutine ends with its
 * [CancellationException].
 */
private suspend fun openIn(context: CoroutineContext, open: () -> Directory): Directory {
    var opened: Directory? = null
    try {
        return withContext(context) { open().also { opened = it } }
    } catch (cancelled: CancellationException) {
        opened?.close()
        throw cancelled
    }
}

/**
 * [Directory.open] as a suspending call: opens the file store in the folder at [path] on
 * [context] (by default [Dispatchers.IO]), locked until the directory is closed (`use {}`). A
 * directory opened while the calling coroutine was cancelled is closed again.
 *
 * @throws VastuuException as [Directory.open] (e.g. `StoreLocked`).
 */
suspend fun Directory.Companion.openAsync(path: String, context: CoroutineContext = Dispatchers.IO): Directory =
    openIn(context) { Directory.open(path) }

/**
 * [Directory.openSqlite] as a suspending call: opens the SQLite store at [path] on [context] (by
 * default [Dispatchers.IO]); as [openAsync] otherwise.
 *
 * @throws VastuuException as [Directory.openSqlite].
 */
suspend fun Directory.Companion.openSqliteAsync(path: String, context: CoroutineContext = Dispatchers.IO): Directory =
    openIn(context) { Directory.openSqlite(path) }

/**
 * [Directory.openSqliteShared] as a suspending call: opens the SQLite store at [path], shared
 * with other processes, on [context] (by default [Dispatchers.IO]); as [openAsync] otherwise.
 *
 * @throws VastuuException as [Directory.openSqliteShared].
 */
suspend fun Directory.Companion.openSqliteSharedAsync(path: String, context: CoroutineContext = Dispatchers.IO): Directory =
    openIn(context) { Directory.openSqliteShared(path) }

/**
 * [Directory.openPostgres] as a suspending call: opens the PostgreSQL store at [dsn] in [schema]
 * on [context] (by default [Dispatchers.IO]); as [openAsync] otherwise.
 *
 * @throws VastuuException as [Directory.openPostgres].
 */
suspend fun Directory.Companion.openPostgresAsync(
    dsn: String,
    schema: String? = null,
    context: CoroutineContext = Dispatchers.IO,
): Directory = openIn(context) { Directory.openPostgres(dsn, schema) }

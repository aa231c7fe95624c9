// Written by hand (not generated): Kotlin helpers over the generated bindings in
// vastuu_uniffi.kt. Ship this file with it.
package fi.vastuu

/**
 * Runs [block] inside a transaction of this directory and commits it: its mutations form one
 * change set. When the commit meets another writer's change set ([VastuuException.Conflict]: the
 * transaction was rolled back and the directory caught up), [block] runs again on the fresh
 * state, at most [attempts] times; then the `Conflict` is thrown with the count. So [block] may
 * run more than once and should only change the directory, not the world outside it. Returns
 * what [block] returned; anything [block] throws rolls the transaction back and is thrown as it
 * is. Like [Directory.beginTransaction], the transaction belongs to the calling thread.
 */
fun <T> Directory.runTransaction(attempts: Int = 16, block: (Directory) -> T): T {
    var attempt = 1
    while (true) {
        try {
            return beginTransaction().use { transaction -> block(this).also { transaction.commit() } }
        } catch (conflict: VastuuException.Conflict) {
            if (attempt >= attempts) throw VastuuException.Conflict(attempt)
            attempt += 1
        }
    }
}

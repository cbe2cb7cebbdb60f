package io.lifeboat.store;

import java.time.Instant;

/**
 * Where the journal writes now, as a CDI event on each change: {@code local} while the database cannot be written
 * (since {@code since}, for {@code reason}), not local once the database took every entry kept meanwhile.
 */
public record JournalMode(boolean local, Instant since, String reason) {
}

package io.lifeboat.facts;

import java.time.Instant;

/**
 * The database cannot be written: since {@code since} Lifeboat journals every action in its local write-ahead file,
 * and merges it into the database when it returns (one fact while it lasts). {@code reason}: the database's error.
 */
public record JournalKeptLocally(Instant since, String reason) {
}

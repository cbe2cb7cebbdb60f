package io.lifeboat.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The journal's local write-ahead file, for when the database cannot be written: one JSON line per write, appended and
 * forced to disk before {@link #append} returns, so that "journal before act" holds through a database outage. Read
 * back whole and cleared once the database has taken every line. A line torn by a crash in the middle of a write is
 * the last one, and is dropped: its action was never carried out, since the append had not returned.
 */
public final class LocalJournal {

    /** An action's intent (before it is carried out) or its outcome (after), with what its journal entry needs. */
    public record Line(Kind kind, String actionKey, String type, String subject, String actor, String ruleId,
                       String reason, String explanation, String status, String outcome, Instant at,
                       String decidedBy, Long leaseToken) {
        public enum Kind { INTENT, OUTCOME }
    }

    private final Path file;
    private final ObjectMapper json;

    public LocalJournal(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public Path file() {
        return file;
    }

    /** Appends the line and forces it to disk: durable when this returns. */
    public synchronized void append(Line line) {
        try {
            byte[] bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the local journal " + file, e);
        }
    }

    /** Every complete line, oldest first. */
    public synchronized List<Line> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Line> lines = new ArrayList<>();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int start = 0;
            for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
                lines.add(json.readValue(text.substring(start, end), Line.class));
                start = end + 1;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the local journal " + file + " holds a line that is not an entry", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local journal " + file, e);
        }
        return lines;
    }

    public synchronized boolean isEmpty() {
        try {
            return !Files.exists(file) || Files.size(file) == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties the file once the database holds all of it. */
    public synchronized void clear() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the local journal " + file, e);
        }
    }
}

package io.lifeboat.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The journal's local write-ahead file, for when the database cannot be written: one JSON line per write, appended and
 * forced to disk before {@link #append} returns, so that "journal before act" holds through a database outage. Read
 * back whole and cleared once the database has taken every line. Opening it locks it (one Lifeboat per file), makes it
 * durable in its directory, and cuts off a line torn by a crash in the middle of a write: that action was never
 * carried out, since its append had not returned.
 */
public final class LocalJournal implements AutoCloseable {

    /** An action's intent (before it is carried out) or its outcome (after), with what its journal entry needs. */
    public record Line(Kind kind, String actionKey, String type, String subject, String actor, String ruleId,
                       String reason, String explanation, String status, String outcome, Instant at,
                       String decidedBy, Long leaseToken) {
        public enum Kind { INTENT, OUTCOME }
    }

    private final Path file;
    private final ObjectMapper json;
    private final FileChannel channel;
    private final FileLock lock;

    /** Opens (creating it, readable by its owner only) and locks the file; refuses one another process holds. */
    public LocalJournal(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            boolean created = false;
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                created = true;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                held = null;
            }
            if (held == null) {
                channel.close();
                throw new IllegalStateException("the local journal " + file + " is in use by another Lifeboat: give each"
                        + " its own lifeboat.journal.local-file");
            }
            lock = held;
            if (created) {
                try (FileChannel directory = FileChannel.open(parent, StandardOpenOption.READ)) {
                    directory.force(true); // the new file's name survives a power loss too
                }
            }
            dropTornTail();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the local journal " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends the line and forces it to disk: durable when this returns; a failed append leaves no part of it. */
    public synchronized void append(Line line) {
        long before = -1;
        try {
            byte[] bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            before = channel.size();
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long at = before;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(true);
        } catch (IOException e) {
            truncateQuietly(before);
            throw new UncheckedIOException("cannot append to the local journal " + file, e);
        }
    }

    /** Every line, oldest first. */
    public synchronized List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        String text = read();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            try {
                lines.add(json.readValue(text.substring(start, end), Line.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the local journal " + file + " holds a line that is not an entry", e);
            }
            start = end + 1;
        }
        return lines;
    }

    public synchronized boolean isEmpty() {
        try {
            return channel.size() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties the file once the database holds all of it. */
    public synchronized void clear() {
        try {
            channel.truncate(0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the local journal " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A crash in the middle of an append leaves its line without its end: cut it off before anything is appended. */
    private void dropTornTail() throws IOException {
        String text = read();
        int complete = text.lastIndexOf('\n') + 1;
        if (complete < text.length()) {
            channel.truncate(text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
            channel.force(true);
        }
    }

    private String read() {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size()));
            long at = 0;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read < 0) {
                    break;
                }
                at += read;
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local journal " + file, e);
        }
    }

    private void truncateQuietly(long size) {
        try {
            if (size >= 0) {
                channel.truncate(size);
            }
        } catch (IOException ignored) {
            // the append failed already; the torn tail is cut off when the file is opened again
        }
    }
}

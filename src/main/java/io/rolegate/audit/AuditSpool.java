package io.rolegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of calls answered while the database could not be reached (a PostgreSQL outage: warm AssumeRole and
 * authentication go on from memory). They are appended to a file in the data directory and forced to disk before the
 * call is answered, so the trail's promise holds (no call is acknowledged without a durable event), and the journal
 * chains them, oldest first, as soon as the database answers again. A replica that dies during the outage chains its
 * spool at its next start on the same data directory. One JSON object per line. One process per data directory.
 */
final class AuditSpool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private volatile boolean empty;

    AuditSpool(Path file) {
        this.file = file;
        try {
            this.empty = !Files.exists(file) || Files.size(file) == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isEmpty() {
        return empty;
    }

    /** The oldest spooled events, and how many bytes of the file they take. */
    record Head(List<AuditEvent> events, int bytes) {
    }

    /** Appends the events and forces them to disk. */
    synchronized void append(List<AuditEvent> events) {
        StringBuilder lines = new StringBuilder();
        for (AuditEvent e : events) {
            lines.append(line(e)).append('\n');
        }
        createOwnerOnly(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            write(ch, lines.toString().getBytes(StandardCharsets.UTF_8));
            empty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool " + file + " not written", e);
        }
    }

    /** Everything spooled so far (appends may follow while the caller chains it). */
    synchronized Head head() {
        byte[] all = read();
        List<AuditEvent> events = new ArrayList<>();
        for (String line : new String(all, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                events.add(event(line));
            }
        }
        return new Head(events, all.length);
    }

    /**
     * Drops the head once it is chained, keeping what was appended since: the rest is written to a new file that
     * replaces the spool atomically. A crash between the chain's commit and this chains the head again at the next
     * start (at least once, never lost).
     */
    synchronized void remove(Head head) {
        byte[] all = read();
        byte[] rest = java.util.Arrays.copyOfRange(all, head.bytes(), all.length);
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            Files.deleteIfExists(next);
            createOwnerOnly(next);
            try (FileChannel ch = FileChannel.open(next, StandardOpenOption.WRITE)) {
                write(ch, rest);
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            empty = rest.length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool " + file + " not rewritten", e);
        }
    }

    private byte[] read() {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool " + file + " not read", e);
        }
    }

    private static void write(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        ch.force(true);
    }

    /** The records name principals and resources: readable by the owner only, like the rest of the data directory. */
    private static void createOwnerOnly(Path f) {
        if (Files.exists(f)) {
            return;
        }
        try {
            Files.createFile(f, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // created meanwhile
        } catch (UnsupportedOperationException notPosix) {
            try {
                Files.createFile(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(AuditEvent e) {
        ObjectNode o = JSON.createObjectNode().put("accountId", e.accountId()).put("eventTime", e.eventTime().toString())
                .put("eventId", e.eventId()).put("eventName", e.eventName()).put("eventSource", e.eventSource())
                .put("readOnly", e.readOnly()).put("username", e.username()).put("accessKeyId", e.accessKeyId())
                .put("resourceType", e.resourceType()).put("resourceName", e.resourceName()).put("record", e.record());
        return o.toString();
    }

    private static AuditEvent event(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            return new AuditEvent(text(o, "accountId"), Instant.parse(text(o, "eventTime")), text(o, "eventId"),
                    text(o, "eventName"), text(o, "eventSource"), o.path("readOnly").asBoolean(), text(o, "username"),
                    text(o, "accessKeyId"), text(o, "resourceType"), text(o, "resourceName"), text(o, "record"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit spool line unreadable", e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

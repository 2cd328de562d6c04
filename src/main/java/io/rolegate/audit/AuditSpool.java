package io.rolegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of calls answered while the database could not be reached (a PostgreSQL outage: warm AssumeRole and
 * authentication go on from memory). They are appended to a file in the data directory and forced to disk before the
 * call is answered, so the trail's promise holds (no call is acknowledged without a durable event), and the journal
 * chains them, oldest first, as soon as the database answers again. A replica that dies during the outage chains its
 * spool at its next start on the same data directory. One JSON object per line; a file lock keeps another process on
 * the same directory (an operator command) from interleaving.
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

    /** Appends the events and forces them to disk. */
    void append(List<AuditEvent> events) {
        StringBuilder lines = new StringBuilder();
        for (AuditEvent e : events) {
            lines.append(line(e)).append('\n');
        }
        createOwnerOnly();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             FileLock ignored = ch.lock()) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
            empty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool " + file + " not written", e);
        }
    }

    /** The records name principals and resources: readable by the owner only, like the rest of the data directory. */
    private void createOwnerOnly() {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // created meanwhile
        } catch (UnsupportedOperationException notPosix) {
            try {
                Files.createFile(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hands every spooled event to {@code chain} (one call, oldest first) and empties the spool once it returned; if
     * it throws, the spool stays as it was. A crash between the chain's commit and the truncation chains the
     * events again at the next start (at least once, never lost).
     */
    void drainInto(java.util.function.Consumer<List<AuditEvent>> chain) {
        createOwnerOnly();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(ch.size()));
            while (all.hasRemaining() && ch.read(all) >= 0) {
                // read to the end
            }
            List<AuditEvent> events = new ArrayList<>();
            for (String line : new String(all.array(), 0, all.position(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    events.add(event(line));
                }
            }
            if (!events.isEmpty()) {
                chain.accept(events);
            }
            ch.truncate(0);
            ch.force(true);
            empty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool " + file + " not read", e);
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

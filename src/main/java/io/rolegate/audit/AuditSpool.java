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
 * Events that are durable but not chained yet, in files of the data directory: forced to disk before their calls are
 * answered, so the trail's promise holds (no call is acknowledged without a durable event), and chained by the
 * journal, oldest first. Two uses: the calls answered while PostgreSQL cannot be reached (warm AssumeRole and
 * authentication go on from memory), and, on the embedded H2 store, every call (the journal's outbox: one append and
 * one fsync per batch of calls here, chained into the database a few times a second in one transaction, where a
 * commit per batch would re-serialize the database pages it touched; docs/benchmarks.md "Session 9"). A replica that
 * dies with events spooled chains them at its next start on the same data directory. One JSON object per line; the
 * file appended to is {@code file}; {@link #head()} turns it into a numbered segment (a rename) that is chained and
 * then deleted, so appending never waits for a rewrite. One process per data directory.
 */
final class AuditSpool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    /** The appended file, open while appends follow one another (closed when it becomes a segment). */
    private FileChannel channel;
    private long nextSegment;
    private volatile boolean empty;
    /** Events spooled and not chained yet (those of a segment chained but not yet deleted included). */
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();

    AuditSpool(Path file) {
        this.file = file;
        List<Path> segments = segments();
        this.nextSegment = segments.isEmpty() ? 1 : number(segments.get(segments.size() - 1)) + 1;
        this.empty = segments.isEmpty() && size(file) == 0;
        for (Path f : segments) {
            backlog.addAndGet(lines(f));
        }
        backlog.addAndGet(lines(file));
    }

    /** How many spooled events wait to be chained. */
    long backlog() {
        return backlog.get();
    }

    boolean isEmpty() {
        return empty;
    }

    /**
     * The oldest spooled events not chained yet, the segment that holds them (null: nothing spooled), and whether
     * nothing was spooled after them when they were taken.
     */
    record Head(List<AuditEvent> events, Path segment, boolean latest) {
    }

    /** Appends the events and forces them to disk. */
    synchronized void append(List<AuditEvent> events) {
        StringBuilder lines = new StringBuilder();
        for (AuditEvent e : events) {
            lines.append(line(e)).append('\n');
        }
        try {
            if (channel == null) {
                createOwnerOnly(file);
                channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            write(channel, lines.toString().getBytes(StandardCharsets.UTF_8));
            empty = false;
            backlog.addAndGet(events.size());
        } catch (IOException e) {
            closeChannel();
            throw new UncheckedIOException("audit spool " + file + " not written", e);
        }
    }

    /**
     * The oldest segment, or, when none is left, everything appended so far made a segment (appends then go to a
     * new file). Read outside the lock: appends go on meanwhile.
     */
    Head head() {
        Path segment;
        boolean latest;
        synchronized (this) {
            List<Path> segments = segments();
            if (!segments.isEmpty()) {
                segment = segments.get(0);
                latest = segments.size() == 1 && size(file) == 0;
            } else if (size(file) == 0) {
                return new Head(List.of(), null, true);
            } else {
                latest = true;
                closeChannel();
                segment = file.resolveSibling(file.getFileName() + "." + String.format("%012d", nextSegment++));
                try {
                    Files.move(file, segment, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException("audit spool " + file + " not turned into a segment", e);
                }
            }
        }
        List<AuditEvent> events = new ArrayList<>();
        for (String line : new String(read(segment), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                events.add(event(line));
            }
        }
        return new Head(events, segment, latest);
    }

    /**
     * Drops the head once it is chained. A crash between the chain's commit and this chains the head again at the
     * next start (at least once, never lost).
     */
    synchronized void remove(Head head) {
        try {
            if (head.segment() != null && Files.deleteIfExists(head.segment())) {
                backlog.addAndGet(-head.events().size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool segment " + head.segment() + " not removed", e);
        }
        empty = segments().isEmpty() && size(file) == 0;
    }

    /** Closes the appended file (the journal stops). */
    synchronized void close() {
        closeChannel();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was pending: every append forced its bytes
            }
            channel = null;
        }
    }

    /** The segments waiting to be chained, oldest first. */
    private List<Path> segments() {
        String prefix = file.getFileName() + ".";
        Path dir = file.toAbsolutePath().getParent();
        try (java.util.stream.Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix) && name.substring(prefix.length()).chars().allMatch(Character::isDigit)
                        && name.length() > prefix.length();
            }).sorted(java.util.Comparator.comparingLong(this::number)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool directory " + dir + " not listed", e);
        }
    }

    private long number(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(file.getFileName().toString().length() + 1));
    }

    private static long lines(Path f) {
        return new String(read(f), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
    }

    private static long size(Path f) {
        try {
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.exists(f) ? Files.readAllBytes(f) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool " + f + " not read", e);
        }
    }

    private static void write(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        ch.force(false); // the file's length is data here; force(false) still writes it (fdatasync)
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

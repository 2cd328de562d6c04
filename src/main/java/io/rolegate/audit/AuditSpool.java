package io.rolegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The audit trail's write-ahead log on this replica's data directory: every event is appended here and forced to
 * disk before its call is answered, then chained into the database in the background ({@link AuditJournal}). One
 * JSON object per line, in segment files ({@code audit-spool-NNNNNN.jsonl}): appends go to the open segment;
 * {@link #head()} closes it and hands over every closed segment, which {@link #remove} deletes once chained, so no file
 * is ever rewritten. The events are kept in memory too, so chaining never re-reads what this process wrote; a replica
 * that restarts on the same data directory reads the segments it left (a final line cut short by a crash belonged to
 * a call that was never answered, and is skipped). One process per data directory.
 */
final class AuditSpool {
    private static final Logger LOG = Logger.getLogger(AuditSpool.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Segments, oldest first: appended, or left by an earlier process ({@code recovered}: may be chained already). */
    private record Segment(Path file, List<AuditEvent> events, boolean recovered) {
    }

    /** What {@link #head()} handed over: the events of the closed segments, in order. */
    record Head(List<AuditEvent> events, List<Path> files, boolean recovered) {
    }

    private final Path dir;
    private final String base;
    private final List<Segment> closed = new ArrayList<>();
    private Segment open;
    private FileChannel channel;
    private long next;
    private volatile boolean empty;

    /** {@code file}: the spool's name in the data directory, e.g. audit-spool.jsonl (a file of that name is read too). */
    AuditSpool(Path file) {
        this.dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        this.base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
        TreeMap<Long, Path> found = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, base + "*.jsonl")) {
                for (Path f : files) {
                    Long n = number(f.getFileName().toString());
                    if (n != null) {
                        found.put(n, f);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("audit spool " + dir + " not listed", e);
            }
        }
        found.forEach((n, f) -> {
            List<AuditEvent> events = read(f);
            if (events.isEmpty()) {
                delete(f);
            } else {
                closed.add(new Segment(f, events, true));
            }
        });
        this.next = found.isEmpty() ? 1 : found.lastKey() + 1;
        this.empty = closed.isEmpty();
    }

    /** base.jsonl (an older version's single spool) is 0, base-NNNNNN.jsonl is NNNNNN. */
    private Long number(String name) {
        if (name.equals(base + ".jsonl")) {
            return 0L;
        }
        String n = name.substring(base.length(), name.length() - 6);
        return n.matches("-[0-9]{6,18}") ? Long.parseLong(n.substring(1)) : null;
    }

    boolean isEmpty() {
        return empty;
    }

    /** Appends the events to the open segment and forces them to disk; throws if they are not on disk. */
    synchronized void append(List<AuditEvent> events) {
        StringBuilder lines = new StringBuilder(events.size() * 2048);
        for (AuditEvent e : events) {
            lines.append(line(e)).append('\n');
        }
        try {
            if (open == null) {
                Path f = dir.resolve(String.format("%s-%06d.jsonl", base, next++));
                createOwnerOnly(f);
                channel = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                open = new Segment(f, new ArrayList<>(), false);
            }
            ByteBuffer b = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false); // the data and the file's length: what reading the lines back needs
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool in " + dir + " not written", e);
        }
        open.events().addAll(events);
        empty = false;
    }

    /** Closes the open segment and returns the events of every closed one, oldest first (appends go on meanwhile). */
    synchronized Head head() {
        if (open != null) {
            closeChannel();
            closed.add(open);
            open = null;
        }
        List<AuditEvent> events = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        boolean recovered = false;
        for (Segment s : closed) {
            events.addAll(s.events());
            files.add(s.file());
            recovered |= s.recovered();
        }
        return new Head(events, files, recovered);
    }

    /** Deletes the segments of a head once its events are chained. */
    synchronized void remove(Head head) {
        closed.removeIf(s -> head.files().contains(s.file()));
        head.files().forEach(AuditSpool::delete);
        empty = closed.isEmpty() && open == null;
    }

    synchronized void close() {
        if (open != null) {
            closeChannel();
            closed.add(open);
            open = null;
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Audit spool segment not closed cleanly", e);
        }
        channel = null;
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool " + f + " not deleted", e);
        }
    }

    private static List<AuditEvent> read(Path f) {
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool " + f + " not read", e);
        }
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(event(line));
            } catch (IllegalStateException e) {
                if (i < lines.size() - 1) {
                    throw new IllegalStateException("audit spool " + f + " line " + (i + 1) + " unreadable", e);
                }
                // the last line, cut short by a crash while it was written: its call was never answered
                LOG.warnf("Audit spool %s: its last line is incomplete (a crash while writing it) and is skipped", f);
            }
        }
        return events;
    }

    /** The records name principals and resources: readable by the owner only, like the rest of the data directory. */
    private static void createOwnerOnly(Path f) throws IOException {
        if (Files.exists(f)) {
            return;
        }
        try {
            Files.createFile(f, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // created meanwhile
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(f);
        }
    }

    static String line(AuditEvent e) {
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
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("audit spool line unreadable", e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

package io.rolegate.iam;

import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The newest use of each key or role, kept in memory and written in batches, so recording a use never puts a store
 * write on the request path. A failed write is logged and dropped: last-used data is advisory.
 */
final class LastUseBuffer<U> {
    private static final Logger LOG = Logger.getLogger(LastUseBuffer.class);

    private final Map<String, U> pending = new ConcurrentHashMap<>();
    private final String what;
    private final BiConsumer<String, U> writer;

    LastUseBuffer(String what, BiConsumer<String, U> writer) {
        this.what = what;
        this.writer = writer;
    }

    void record(String id, U use) {
        pending.put(id, use);
    }

    U pending(String id) {
        return pending.get(id);
    }

    void flush() {
        for (String id : pending.keySet()) {
            U use = pending.remove(id);
            if (use == null) {
                continue;
            }
            try {
                writer.accept(id, use);
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the last use of %s %s: %s", what, id, e.getClass().getSimpleName());
            }
        }
    }
}

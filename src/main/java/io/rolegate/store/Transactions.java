package io.rolegate.store;

import java.util.function.Supplier;

/**
 * Runs work atomically: every store write inside {@link #inTransaction} commits together or not at all. After a
 * commit, the read caches are dropped (locally at once, on other replicas at their next poll of the store version).
 */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}

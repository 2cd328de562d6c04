package io.rolegate.store;

import java.util.function.Supplier;

/**
 * Runs work atomically: every store write inside {@link #inTransaction} commits together or not at all, with the
 * change log rows of what it changed. After the commit the read caches drop what derives from those changes (here at
 * once, on other replicas when the change feed brings them: see {@link Database}).
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

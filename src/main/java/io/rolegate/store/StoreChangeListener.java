package io.rolegate.store;

import java.util.List;

/** Told what committed write transactions changed (here at once, or on another replica through the change feed). */
public interface StoreChangeListener {
    /**
     * @param changes what changed (see {@link Change}); drop what derives from it
     * @param local   true when this replica made the change (its in-memory state may already reflect it)
     */
    void storeChanged(List<Change> changes, boolean local);

    /** This replica may have missed changes (first connection, a long outage): drop everything derived from the store. */
    void everythingChanged();
}

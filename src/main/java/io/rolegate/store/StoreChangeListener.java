package io.rolegate.store;

/** Told after a write transaction committed (here or, through the version poll, on another replica). */
public interface StoreChangeListener {
    void storeChanged();
}

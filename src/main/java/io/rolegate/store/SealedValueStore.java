package io.rolegate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The sealed columns row by row, for re-sealing them under a new master key, and the progress of that work. */
public interface SealedValueStore {
    /** A row's primary key and its sealed value. */
    record SealedRow(String key, String sealed) {
    }

    /** Where a column's rotation stands. */
    record Progress(SealedColumn column, String keyFingerprint, String lastRow, boolean done, long rowsResealed) {
    }

    /** Up to {@code limit} rows with a primary key after {@code after} (null: from the start), in key order. */
    List<SealedRow> rowsAfter(SealedColumn column, String after, int limit);

    /** Replaces the sealed value unless another writer changed or deleted the row meanwhile; false then. */
    boolean replace(SealedColumn column, String key, String expected, String sealed);

    Optional<Progress> progress(SealedColumn column);

    void saveProgress(Progress progress, Instant at);
}

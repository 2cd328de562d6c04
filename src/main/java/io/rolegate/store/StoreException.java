package io.rolegate.store;

/** A database failure: our problem, never the caller's. */
public class StoreException extends RuntimeException {
    public StoreException(Throwable cause) {
        super(cause);
    }
}

package io.rolegate.api;

import io.rolegate.error.ErrorCode;
import org.jboss.logging.MDC;

/**
 * One request from id to answer: its id in the logging context (MDC key {@code requestId}) of every line logged while
 * it is served, and on close its outcome in {@link GatewayMetrics}. Opened and closed on the serving thread.
 */
final class RequestObservation implements AutoCloseable {
    static final String MDC_KEY = "requestId";

    private final GatewayMetrics metrics;
    private final long start;
    private String action = "unknown";
    private ErrorCode error;

    private RequestObservation(GatewayMetrics metrics, String requestId, long start) {
        this.metrics = metrics;
        this.start = start;
        MDC.put(MDC_KEY, requestId);
    }

    static RequestObservation begin(GatewayMetrics metrics, String requestId) {
        return begin(metrics, requestId, System.nanoTime());
    }

    /** Begun at {@code startNanos} (System.nanoTime), when the request's clock started before its observation. */
    static RequestObservation begin(GatewayMetrics metrics, String requestId, long startNanos) {
        return new RequestObservation(metrics, requestId, startNanos);
    }

    /** The action, once known to be one the gateway serves (the tag never holds the caller's free text). */
    void action(String name) {
        action = name;
    }

    void failed(ErrorCode code) {
        error = code;
    }

    @Override
    public void close() {
        try {
            metrics.record(action, error, System.nanoTime() - start);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}

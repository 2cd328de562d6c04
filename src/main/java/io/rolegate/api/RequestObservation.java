package io.rolegate.api;

import io.rolegate.error.ErrorCode;
import org.jboss.logging.MDC;

/**
 * One request from id to answer: its id in the logging context (MDC key {@code requestId}) of every line logged while
 * it is served, and on close its outcome in {@link GatewayMetrics}. Opened and closed on the serving thread; a request
 * answered later on another thread ({@link Gateway#handleAsync}) leaves the serving thread's context with
 * {@link #leaveThread} and records its outcome with {@link #recordOutcome} when it is answered.
 */
final class RequestObservation implements AutoCloseable {
    static final String MDC_KEY = "requestId";

    private final GatewayMetrics metrics;
    private final String requestId;
    private final long start;
    private String action = "unknown";
    private ErrorCode error;

    private RequestObservation(GatewayMetrics metrics, String requestId, long start) {
        this.metrics = metrics;
        this.requestId = requestId;
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

    String requestId() {
        return requestId;
    }

    /** Runs the logging on whatever thread this is, with the request's id in the logging context. */
    void inLoggingContext(Runnable logging) {
        Object outer = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, requestId);
        try {
            logging.run();
        } finally {
            if (outer == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, outer);
            }
        }
    }

    /** The serving thread goes on to other work: the request's id leaves its logging context. */
    void leaveThread() {
        MDC.remove(MDC_KEY);
    }

    /** The outcome and the time from the start until now in {@link GatewayMetrics}; once per request. */
    void recordOutcome() {
        metrics.record(action, error, System.nanoTime() - start);
    }

    @Override
    public void close() {
        try {
            recordOutcome();
        } finally {
            leaveThread();
        }
    }
}

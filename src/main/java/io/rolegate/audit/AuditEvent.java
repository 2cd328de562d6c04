package io.rolegate.audit;

import java.time.Instant;

/** One event ready to be chained: its recipient account, the fields LookupEvents filters on, and the record. */
record AuditEvent(String accountId, Instant eventTime, String eventId, String eventName, String eventSource,
                  boolean readOnly, String username, String accessKeyId, String resourceType, String resourceName,
                  String record) {
    AuditEvent {
        username = cut(username, 256);
        accessKeyId = cut(accessKeyId, 128);
        resourceType = cut(resourceType, 64);
        resourceName = cut(resourceName, 2048);
        eventName = cut(eventName, 128);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

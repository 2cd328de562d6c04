package io.rolegate.model;

import java.time.Instant;

/** One version (v1, v2, ...) of a managed policy; the document is kept exactly as given. */
public record PolicyVersion(String policyId, String versionId, String document, Instant created) {
    /** The number after the "v", for ordering (v10 after v9). */
    public int number() {
        int dot = versionId.indexOf('.');
        return Integer.parseInt(dot < 0 ? versionId.substring(1) : versionId.substring(1, dot));
    }
}

package io.rolegate.web;

import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

import java.lang.reflect.Field;

/**
 * The claims of a back-channel logout token as quarkus-oidc verified it. Its OIDC_BACKCHANNEL_LOGOUT_INITIATED event
 * carries the verification result (io.quarkus.oidc.runtime.TokenVerificationResult), whose claims field is not
 * public API: read it reflectively, and answer null (the caller then waits for the COMPLETED event) if a Quarkus
 * upgrade changed it. PortalSignInTest's back-channel test fails if this stops working.
 */
final class LogoutTokenClaims {
    private static final Logger LOG = Logger.getLogger(LogoutTokenClaims.class);
    private static final Field CLAIMS = claimsField();

    private LogoutTokenClaims() {
    }

    static JsonObject of(Object verificationResult) {
        if (CLAIMS == null || verificationResult == null || !CLAIMS.getDeclaringClass().isInstance(verificationResult)) {
            return null;
        }
        try {
            return CLAIMS.get(verificationResult) instanceof JsonObject claims ? claims : null;
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field claimsField() {
        try {
            Field f = Class.forName("io.quarkus.oidc.runtime.TokenVerificationResult")
                    .getDeclaredField("localVerificationResult");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Back-channel logouts are recorded on the first request of the ended session only: %s", e);
            return null;
        }
    }
}

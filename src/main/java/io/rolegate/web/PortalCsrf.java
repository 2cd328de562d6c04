package io.rolegate.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * CSRF tokens of the portal's forms: an HMAC under {@code rolegate.portal.session-secret} of the sign-in key and the
 * person's login (subject and ID token issue time), so a token is good only for this person's current login on any
 * replica, and a form posted from elsewhere (which cannot read the page) has none. Compared in constant time.
 */
@ApplicationScoped
public class PortalCsrf {
    @ConfigProperty(name = "rolegate.portal.session-secret")
    Optional<String> sessionSecret;

    public String token(String key, String subject, long issuedAt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionSecret.orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] tag = mac.doFinal(("csrf\n" + key + '\n' + subject + '\n' + issuedAt).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean valid(String presented, String key, String subject, long issuedAt) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                token(key, subject, issuedAt).getBytes(StandardCharsets.UTF_8));
    }
}

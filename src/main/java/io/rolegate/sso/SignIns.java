package io.rolegate.sso;

import io.rolegate.iam.OidcSignInService;
import io.rolegate.model.OidcProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ways people can sign in to the portal: one per identity-provider application (issuer + client id), whichever
 * accounts connected it. Each has a stable short key (for its URL /portal/sso/&lt;key&gt;) derived from the issuer and
 * client id, so every replica names it alike without storing anything.
 */
@ApplicationScoped
public class SignIns {

    /**
     * One identity-provider application people sign in with.
     *
     * @param key       the URL key: 16 hex digits of SHA-256(issuer, client id)
     * @param connected the accounts' sign-ins that use it, ordered by provider ARN; the first one's secret and
     *                  scopes are used for the code flow
     */
    public record SignIn(String key, String issuerUrl, String clientId, List<OidcSignInService.Opened> connected) {
        public OidcSignInService.Opened primary() {
            return connected.get(0);
        }

        @Override
        public String toString() {
            return "SignIn[" + key + " " + issuerUrl + " " + clientId + "]";
        }
    }

    @Inject
    OidcSignInService signIns;

    /** Every sign-in, ordered by issuer. */
    public List<SignIn> all() {
        Map<String, List<OidcSignInService.Opened>> byKey = new LinkedHashMap<>();
        for (OidcSignInService.Opened o : signIns.all()) {
            byKey.computeIfAbsent(key(o.provider(), o.signIn().clientId()), k -> new java.util.ArrayList<>()).add(o);
        }
        return byKey.entrySet().stream()
                .map(e -> new SignIn(e.getKey(), e.getValue().get(0).provider().issuerUrl(),
                        e.getValue().get(0).signIn().clientId(), List.copyOf(e.getValue())))
                .sorted(java.util.Comparator.comparing(SignIn::issuerUrl))
                .toList();
    }

    public Optional<SignIn> byKey(String key) {
        return all().stream().filter(s -> s.key().equals(key)).findFirst();
    }

    static String key(OidcProvider provider, String clientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (provider.issuerUrl() + '\n' + clientId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

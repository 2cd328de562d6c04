package io.rolegate.web;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.TokenStateManager.Strategy;
import io.rolegate.iam.OidcSignInService;
import io.rolegate.sso.SignIns;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One quarkus-oidc web-app tenant per portal sign-in, built from the store: requests under
 * {@value #PREFIX}&lt;key&gt; get the tenant of that sign-in (authorization code flow with PKCE, the client secret
 * opened from its sealed form, the session in an encrypted cookie whose key is {@code rolegate.portal.session-secret},
 * so every replica accepts it, also after a restart). Every other path gets the default tenant, which is disabled:
 * nothing else of the gateway is authenticated by OIDC.
 *
 * <p>Sign out: {@value #PREFIX}&lt;key&gt;/logout ends the session and sends the person through the provider's
 * end_session endpoint (RP-initiated logout) to /portal/signed-out; the provider's back-channel logout posts to
 * {@value #PREFIX}&lt;key&gt;/back-channel-logout, after which the person's session cookie is refused. An expired
 * login goes to /portal/expired/&lt;key&gt;, an error answer of the provider to /portal/error/&lt;key&gt;.
 *
 * <p>One tenant per sign-in key; a changed secret, scope list or issuer replaces its context (quarkus-oidc keeps a
 * tenant's context once built, and refuses two tenants on one back-channel logout path).
 */
@ApplicationScoped
public class PortalTenants implements TenantConfigResolver {
    public static final String PREFIX = "/portal/sso/";
    /** The quarkus-oidc tenant id of a sign-in is this prefix and its key. */
    static final String TENANT_PREFIX = "portal-";
    /** quarkus-oidc's minimum for a state or token encryption secret. */
    static final int MIN_SECRET_LENGTH = 32;

    @Inject
    SignIns signIns;
    @ConfigProperty(name = "rolegate.portal.session-secret")
    Optional<String> sessionSecret;

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext rc, OidcRequestContext<OidcTenantConfig> context) {
        String key = key(rc.normalizedPath());
        if (key == null || !enabled()) {
            return Uni.createFrom().nullItem(); // the disabled default tenant
        }
        return context.runBlocking(() -> signIns.byKey(key).map(signIn -> current(signIn, rc)).orElse(null));
    }

    /** A built tenant config and the digest of the settings it was built from. */
    private record Built(String version, OidcTenantConfig config) {
    }

    private final Map<String, Built> built = new ConcurrentHashMap<>();

    /**
     * The tenant of a sign-in: one tenant id per sign-in key (its cookie, logout and back-channel paths are the key's),
     * the same config object while the settings are unchanged; after a change (a new client secret, scopes, issuer) a
     * new object, and quarkus-oidc is asked to replace the tenant's context rather than keep the stale one.
     */
    private OidcTenantConfig current(SignIns.SignIn signIn, RoutingContext rc) {
        String version = version(signIn);
        Built b = built.compute(signIn.key(), (k, old) -> old != null && old.version().equals(version) ? old
                : new Built(version, config(signIn)));
        Built previous = seen.put(signIn.key(), b);
        if (previous != null && previous != b) {
            rc.put(REPLACE_TENANT_CONTEXT, "true");
        }
        return b.config();
    }

    /** The config last handed to quarkus-oidc per key. */
    private final Map<String, Built> seen = new ConcurrentHashMap<>();
    /** quarkus-oidc's request attribute (OidcUtils): replace the dynamic tenant's context with the returned config. */
    static final String REPLACE_TENANT_CONTEXT = "replace-tenant-configuration-context";

    /** True when the portal has its session key configured (else no tenant exists and portal logins are refused). */
    public boolean enabled() {
        return sessionSecret.filter(s -> s.length() >= MIN_SECRET_LENGTH).isPresent();
    }

    /** The sign-in key of a portal path, or null. */
    static String key(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String key = slash < 0 ? rest : rest.substring(0, slash);
        return key.matches("[0-9a-f]{16}") ? key : null;
    }

    private OidcTenantConfig config(SignIns.SignIn signIn) {
        OidcSignInService.Opened primary = signIn.primary();
        String secret = sessionSecret.orElseThrow();
        return OidcTenantConfig.builder()
                .tenantId(TENANT_PREFIX + signIn.key())
                .applicationType(ApplicationType.WEB_APP)
                .authServerUrl(signIn.issuerUrl())
                .clientId(signIn.clientId())
                .credentials(primary.clientSecret())
                .authentication()
                    .pkceRequired()
                    .stateSecret(secret)
                    .scopes(primary.signIn().scopes())
                    .allowMultipleCodeFlows(false)
                    .javaScriptAutoRedirect(false)
                    .cookiePath(PREFIX + signIn.key())
                    .sessionExpiredPath("/portal/expired/" + signIn.key())
                    .errorPath("/portal/error/" + signIn.key())
                    .end()
                .logout()
                    .path(PREFIX + signIn.key() + "/logout")
                    .postLogoutPath("/portal/signed-out")
                    .backchannel()
                        .path(PREFIX + signIn.key() + "/back-channel-logout")
                        .end()
                    .end()
                .tokenStateManager()
                    .strategy(Strategy.ID_REFRESH_TOKENS)
                    .encryptionRequired()
                    .encryptionSecret(secret)
                    .end()
                .build();
    }

    /**
     * A keyed digest (HMAC under the session secret) of what the tenant is built from: it says nothing about the
     * client secret; it only tells changed settings.
     */
    private String version(SignIns.SignIn s) {
        OidcSignInService.Opened p = s.primary();
        String material = s.issuerUrl() + '\n' + s.clientId() + '\n' + p.clientSecret() + '\n' + p.signIn().scopes();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionSecret.orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(material.getBytes(StandardCharsets.UTF_8)), 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

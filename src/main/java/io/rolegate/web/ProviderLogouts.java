package io.rolegate.web;

import io.quarkus.oidc.SecurityEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.rolegate.sso.PortalSessions;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Back-channel logout that holds on every replica and for every copy of the session cookie. quarkus-oidc remembers
 * a provider's logout token in the memory of the replica it was posted to, and only until the first request that
 * presents the session; here the verified logout (quarkus-oidc checked its signature, issuer and audience before
 * firing the event) is also recorded in the store, and every portal request's login is checked against it.
 */
@ApplicationScoped
public class ProviderLogouts {
    /** quarkus-oidc's identity attribute naming the tenant (OidcUtils.TENANT_ID_ATTRIBUTE). */
    private static final String TENANT_ID = "tenant-id";

    @Inject
    PortalSessions sessions;
    @Inject
    SecurityIdentity identity;

    void loggedOut(@Observes SecurityEvent event) {
        Person person = null;
        if (event.getEventType() == SecurityEvent.Type.OIDC_BACKCHANNEL_LOGOUT_INITIATED) {
            // the provider's POST, verified by quarkus-oidc: record it at once, so every replica refuses the login
            person = Person.of(LogoutTokenClaims.of(event.getEventProperties().get("logout_token")));
        } else if (event.getEventType() == SecurityEvent.Type.OIDC_BACKCHANNEL_LOGOUT_COMPLETED
                && event.getSecurityIdentity() != null
                && event.getSecurityIdentity().getPrincipal() instanceof JsonWebToken login) {
            // the first request presenting the ended session (also covers a logout token we could not read)
            person = Person.of(login.getIssuer(), login.getSubject());
        }
        if (person == null) {
            return;
        }
        Person ended = person;
        // the events fire on the event loop; the store write goes to a worker
        Infrastructure.getDefaultWorkerPool().execute(() -> sessions.providerLoggedOut(ended.issuer(), ended.subject()));
    }

    /** Whose logins a logout ends: the provider and the person's subject there. */
    private record Person(String issuer, String subject) {
        static Person of(String issuer, String subject) {
            return issuer == null || subject == null ? null : new Person(issuer, subject);
        }

        static Person of(io.vertx.core.json.JsonObject claims) {
            return claims == null ? null : of(claims.getString("iss"), claims.getString("sub"));
        }
    }

    /**
     * A portal request whose login the provider ended (recorded above, by any replica): sent to the sign-in's logout
     * path, where quarkus-oidc drops the session cookie and the provider's end-session page leads to "signed out".
     * Runs for every request, so it looks at the path first; the store is read only for signed-in portal pages.
     */
    @ServerRequestFilter
    public Optional<Response> endedLogin(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String key = PortalTenants.key(path);
        if (key == null || path.endsWith("/logout") || path.endsWith("/back-channel-logout") || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken login)) {
            return Optional.empty();
        }
        if (!sessions.endedByProvider(login.getIssuer(), login.getSubject(),
                Instant.ofEpochSecond(login.getIssuedAtTime()))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.FOUND).location(URI.create(PortalTenants.PREFIX + key + "/logout"))
                .build());
    }
}

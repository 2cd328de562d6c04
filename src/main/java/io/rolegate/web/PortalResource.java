package io.rolegate.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.error.AwsException;
import io.rolegate.iam.RequestFacts;
import io.rolegate.sso.RoleOffers;
import io.rolegate.sso.SignIns;
import io.vertx.core.http.HttpServerRequest;
import io.rolegate.audit.ApiCall;
import io.rolegate.audit.AuditTrail;
import io.rolegate.audit.UserIdentities;
import io.rolegate.model.Arn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SSO portal's pages (README "SSO login"): /portal lists the ways to sign in; /portal/sso/&lt;key&gt; signs the
 * person in through that identity provider (quarkus-oidc code flow, {@link PortalTenants}) and lists who they are and
 * the roles they are offered ({@link RoleOffers}). Security headers for every /portal path: application.properties
 * (quarkus.http.filter.portal).
 */
@Path("/portal")
@Produces(MediaType.TEXT_HTML)
public class PortalResource {
    /** The ID token claims shown to the person (the ones trust policies typically test). */
    static final List<String> SHOWN_CLAIMS = List.of("iss", "sub", "aud", "preferred_username", "name", "email",
            "groups");

    /** A claim as the page shows it. */
    public record Claim(String name, String value) {
    }

    @Inject
    @Location("portal/signins.html")
    Template signinsPage;
    @Inject
    @Location("portal/roles.html")
    Template rolesPage;
    @Inject
    @Location("portal/credentials.html")
    Template credentialsPage;
    @Inject
    @Location("portal/refused.html")
    Template refusedPage;
    @Inject
    PortalCsrf csrf;
    @Inject
    SignIns signIns;
    @Inject
    RoleOffers offers;
    @Inject
    PortalTenants tenants;
    @Inject
    Clock clock;
    @Inject
    AuditTrail trail;
    @Inject
    @IdToken
    JsonWebToken idToken;

    @GET
    public TemplateInstance signIns() {
        return signinsPage.data("signIns", tenants.enabled() ? signIns.all() : List.of())
                .data("enabled", tenants.enabled());
    }

    @GET
    @Path("sso/{key}")
    @Authenticated
    public TemplateInstance roles(@PathParam("key") String key, @Context HttpServerRequest http) {
        SignIns.SignIn signIn = signIns.byKey(key).orElseThrow(NotFoundException::new);
        String sessionName = RoleOffers.sessionName(claim("preferred_username"), claim("email"), idToken.getSubject());
        RequestFacts facts = RequestFacts.of(http.remoteAddress().hostAddress(), http.isSSL(),
                http.getHeader("User-Agent"), clock.instant(), null);
        RoleOffers.Offers found = offers.offers(signIn, idToken.getRawToken(), sessionName, facts);
        return rolesPage.data("signIn", signIn).data("claims", claims()).data("offers", found)
                .data("csrf", csrf.token(key, idToken.getSubject(), idToken.getIssuedAtTime()))
                .data("name", claim("name").or(() -> claim("preferred_username")).orElse(idToken.getSubject()));
    }

    /**
     * "Get credentials": a CSRF-protected form post; the session is minted as AssumeRoleWithWebIdentity mints it
     * ({@link RoleOffers#credentials}) and shown once as environment variables (never cached: Cache-Control no-store).
     */
    @POST
    @Path("sso/{key}/credentials")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response credentials(@PathParam("key") String key, @FormParam("roleArn") String roleArn,
                                @FormParam("csrf") String token, @Context HttpServerRequest http) {
        SignIns.SignIn signIn = signIns.byKey(key).orElseThrow(NotFoundException::new);
        if (!csrf.valid(token, key, idToken.getSubject(), idToken.getIssuedAtTime())) {
            return refused(key, "This form expired or did not come from this portal. Go back to your roles and try again.");
        }
        String sessionName = RoleOffers.sessionName(claim("preferred_username"), claim("email"), idToken.getSubject());
        RequestFacts facts = RequestFacts.of(http.remoteAddress().hostAddress(), http.isSSL(),
                http.getHeader("User-Agent"), clock.instant(), null);
        ApiCall audited = ApiCall.of("sso.amazonaws.com", "GetRoleCredentials", null, facts.now())
                .from(facts.sourceIp(), facts.userAgent()).readOnly(true)
                .identity(UserIdentities.webIdentity(signIn.issuerUrl(), idToken.getSubject()))
                .resourceAccount(Arn.parse(roleArn == null ? "" : roleArn).map(Arn::account).orElse(null))
                .request(Map.of("roleArn", String.valueOf(roleArn), "roleSessionName", sessionName));
        try {
            IssuedSession session = offers.credentials(signIn, idToken.getRawToken(), roleArn, sessionName, facts);
            trail.record(audited.response(Map.of("roleCredentials", ApiCall.credentials(session.credentials()))));
            return Response.ok(credentialsPage.data("key", key).data("roleArn", roleArn)
                    .data("c", session.credentials())).build();
        } catch (AwsException e) {
            trail.record(audited.error(e.code().code(), e.getMessage()));
            return refused(key, "You may not take this role: " + e.getMessage() + ". Ask your administrator.");
        }
    }

    private Response refused(String key, String message) {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML)
                .entity(refusedPage.data("key", key).data("message", message).render()).build();
    }

    private Optional<String> claim(String name) {
        Object v = idToken.getClaim(name);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    private List<Claim> claims() {
        List<Claim> out = new ArrayList<>();
        for (String name : SHOWN_CLAIMS) {
            Object v = idToken.getClaim(name);
            if (v instanceof Collection<?> c) {
                out.add(new Claim(name, String.join(", ", c.stream().map(PortalResource::text).toList())));
            } else if (v != null) {
                out.add(new Claim(name, text(v)));
            }
        }
        return out;
    }

    /** JSON strings come back as jakarta.json values with their quotes; show the bare text. */
    private static String text(Object v) {
        String s = v.toString();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}

package io.rolegate.web;

import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.vertx.ext.web.RoutingContext;
import io.smallrye.mutiny.Uni;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.error.AwsException;
import io.rolegate.iam.RequestFacts;
import io.rolegate.model.Arn;
import io.rolegate.sso.AccountRoles;
import io.rolegate.sso.PortalSessions;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SSO portal's pages (README "SSO login for people"): /portal lists the ways to sign in; /portal/sso/&lt;key&gt;
 * signs the person in through that identity provider (quarkus-oidc code flow, {@link PortalTenants}) and lists the
 * accounts they can reach and the roles they may take there ({@link RoleOffers}, {@link AccountRoles}); from there
 * "get credentials" (a chosen duration), "my sessions" with revoke ({@link PortalSessions}), "why not this role" and
 * sign out. Errors a person can act on are pages ({@link PortalPages}). Security headers for every /portal path:
 * application.properties (quarkus.http.filter.portal).
 */
@Path("/portal")
@Produces(MediaType.TEXT_HTML)
public class PortalResource {
    @Inject
    io.quarkus.vertx.http.runtime.CurrentVertxRequest currentRequest;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PortalResource.class);
    /** The ID token claims shown to the person (the ones trust policies typically test). */
    static final List<String> SHOWN_CLAIMS = List.of("iss", "sub", "aud", "preferred_username", "name", "email",
            "groups");
    /** The session lengths offered (seconds), each up to the role's MaxSessionDuration; one hour is preselected. */
    static final List<Integer> DURATIONS = List.of(900, 3600, 7200, 14400, 28800, 43200);

    /** A claim as the page shows it. */
    public record Claim(String name, String value) {
    }

    /** A choice of session length. */
    public record Choice(int seconds, String label, boolean selected) {
    }

    /** A role row: the offer and the session lengths it allows. */
    public record RoleRow(RoleOffers.Offer offer, List<Choice> durations) {
    }

    /** An account the person can reach, with its role rows. */
    public record AccountView(String label, String accountId, List<RoleRow> roles) {
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
    @Location("portal/sessions.html")
    Template sessionsPage;
    @Inject
    @Location("portal/why.html")
    Template whyPage;
    @Inject
    PortalPages pages;
    @Inject
    PortalCsrf csrf;
    @Inject
    SignIns signIns;
    @Inject
    RoleOffers offers;
    @Inject
    AccountRoles accountRoles;
    @Inject
    PortalSessions sessions;
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
    public Response roles(@PathParam("key") String key, @Context HttpServerRequest http) {
        Optional<SignIns.SignIn> signIn = signIns.byKey(key);
        if (signIn.isEmpty()) {
            return pages.unknownSignIn();
        }
        RoleOffers.Offers found = offers.offers(signIn.get(), idToken.getRawToken(), sessionName(), facts(http));
        List<AccountView> accounts = accountRoles.group(found.roles()).stream()
                .map(a -> new AccountView(a.label(), a.accountId(), a.roles().stream()
                        .map(o -> new RoleRow(o, durations(o.maxSessionDuration()))).toList()))
                .toList();
        return Response.ok(rolesPage.data("signIn", signIn.get()).data("claims", claims()).data("offers", found)
                .data("accounts", accounts).data("csrf", csrfToken(key))
                .data("name", claim("name").or(() -> claim("preferred_username")).orElse(idToken.getSubject()))
                .render()).build();
    }

    /**
     * "Get credentials": a CSRF-protected form post; the session is minted as AssumeRoleWithWebIdentity mints it
     * ({@link RoleOffers#credentials}) for the chosen duration, recorded in "my sessions", and shown once (never
     * cached: Cache-Control no-store).
     */
    @POST
    @Path("sso/{key}/credentials")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response credentials(@PathParam("key") String key, @FormParam("roleArn") String roleArn,
                                @FormParam("duration") Integer duration, @FormParam("csrf") String token,
                                @Context HttpServerRequest http, @Context UriInfo uri) {
        Optional<SignIns.SignIn> signIn = signIns.byKey(key);
        if (signIn.isEmpty()) {
            return pages.unknownSignIn();
        }
        if (!csrf.valid(token, key, idToken.getSubject(), idToken.getIssuedAtTime())) {
            return pages.formRefused(key);
        }
        RequestFacts facts = facts(http);
        ApiCall audited = ApiCall.of("sso.amazonaws.com", "GetRoleCredentials", null, facts.now())
                .from(facts.sourceIp(), facts.userAgent()).readOnly(true)
                .identity(UserIdentities.webIdentity(signIn.get().issuerUrl(), idToken.getSubject()))
                .resourceAccount(Arn.parse(roleArn == null ? "" : roleArn).map(Arn::account).orElse(null))
                .request(Map.of("roleArn", String.valueOf(roleArn), "roleSessionName", sessionName()));
        try {
            IssuedSession session = offers.credentials(signIn.get(), idToken.getRawToken(), roleArn, sessionName(),
                    duration, facts);
            trail.record(audited.response(Map.of("roleCredentials", ApiCall.credentials(session.credentials()))));
            sessions.minted(key, idToken.getSubject(), roleArn, session);
            String account = Arn.parse(roleArn).map(Arn::account).orElseThrow();
            String label = accountRoles.label(account);
            String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
            return Response.ok(credentialsPage.data("key", key).data("roleArn", roleArn)
                    .data("c", session.credentials())
                    .data("view", CredentialsView.of(session.credentials(), uri.getBaseUri().toString(), label, roleName))
                    .render()).build();
        } catch (AwsException e) {
            trail.record(audited.error(e.code().code(), e.getMessage()));
            return pages.roleRefused(key, e.getMessage(), offers.unmetConditions(signIn.get(), idToken.getRawToken(),
                    roleArn, sessionName(), facts));
        }
    }

    /** After a login that expired during a form post, the provider sends the person back here with a GET. */
    @GET
    @Path("sso/{key}/credentials")
    @Authenticated
    public Response credentialsAgain(@PathParam("key") String key) {
        return Response.seeOther(URI.create("/portal/sso/" + key)).build();
    }

    /** "Why can't I take this role?": the trust conditions the person's login does not meet. */
    @POST
    @Path("sso/{key}/why")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response why(@PathParam("key") String key, @FormParam("roleArn") String roleArn,
                        @FormParam("csrf") String token, @Context HttpServerRequest http) {
        Optional<SignIns.SignIn> signIn = signIns.byKey(key);
        if (signIn.isEmpty()) {
            return pages.unknownSignIn();
        }
        if (!csrf.valid(token, key, idToken.getSubject(), idToken.getIssuedAtTime())) {
            return pages.formRefused(key);
        }
        boolean offered = offers.offers(signIn.get(), idToken.getRawToken(), sessionName(), facts(http)).roles()
                .stream().anyMatch(o -> o.roleArn().equals(roleArn));
        List<String> unmet = offered ? List.of()
                : offers.unmetConditions(signIn.get(), idToken.getRawToken(), roleArn, sessionName(), facts(http));
        return Response.ok(whyPage.data("key", key).data("roleArn", roleArn).data("offered", offered)
                .data("unmet", unmet).render()).build();
    }

    /** "My sessions": the role sessions this person minted here that are still valid. */
    @GET
    @Path("sso/{key}/sessions")
    @Authenticated
    public Response mySessions(@PathParam("key") String key, @QueryParam("revoked") String revoked) {
        if (signIns.byKey(key).isEmpty()) {
            return pages.unknownSignIn();
        }
        return Response.ok(sessionsPage.data("key", key).data("csrf", csrfToken(key))
                .data("sessions", sessions.active(key, idToken.getSubject()))
                .data("revoked", revoked).render()).build();
    }

    /** Revokes one of the person's sessions (CSRF-protected); it fails everywhere from now on. */
    @POST
    @Path("sso/{key}/sessions/revoke")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("key") String key, @FormParam("accessKeyId") String accessKeyId,
                           @FormParam("csrf") String token) {
        if (signIns.byKey(key).isEmpty()) {
            return pages.unknownSignIn();
        }
        if (!csrf.valid(token, key, idToken.getSubject(), idToken.getIssuedAtTime())) {
            return pages.formRefused(key);
        }
        if (accessKeyId == null || !sessions.revoke(key, idToken.getSubject(), accessKeyId)) {
            return pages.refused(key, Response.Status.NOT_FOUND,
                    "That session is not one of your active sessions (it may have expired or been revoked already).");
        }
        return Response.seeOther(URI.create("/portal/sso/" + key + "/sessions?revoked=" + accessKeyId)).build();
    }

    /**
     * Sign out: quarkus-oidc answers this path itself for a signed-in person (RP-initiated logout at the provider,
     * then /portal/signed-out); this method only runs if it did not.
     */
    @GET
    @Path("sso/{key}/logout")
    @Authenticated
    public Response logout(@PathParam("key") String key) {
        return Response.seeOther(URI.create("/portal/signed-out")).build();
    }

    /** After RP-initiated logout (the provider redirects here). */
    @GET
    @Path("signed-out")
    public Response signedOut() {
        return pages.page(Response.Status.OK, "signed out", "You are signed out",
                "You signed out of the portal and of your identity provider. Role sessions you took keep working until "
                        + "they expire or you revoke them; sign in again to see them.", null);
    }

    /** quarkus-oidc sends a person whose login has expired here (authentication.session-expired-path). */
    @GET
    @Path("expired/{key}")
    public Response expired(@PathParam("key") String key) {
        return pages.page(Response.Status.UNAUTHORIZED, "login expired", "Your login has expired",
                "For your safety, portal logins last only as long as your identity provider's login. Sign in again to "
                        + "continue.", signIns.byKey(key).isPresent() ? key : null);
    }

    /** The identity provider answered the login with an error (authentication.error-path). */
    @GET
    @Path("error/{key}")
    public Response providerError(@PathParam("key") String key, @QueryParam("error") String error,
                                  @QueryParam("error_description") String description) {
        return pages.page(Response.Status.UNAUTHORIZED, "sign-in failed", "Your identity provider did not sign you in",
                "It answered: " + (error == null ? "(no reason given)" : error)
                        + (description == null ? "" : " (" + description + ")")
                        + ". Try again; if it keeps failing, tell your administrator.",
                signIns.byKey(key).isPresent() ? key : null);
    }

    /**
     * Not signed in, or signed out by the provider's back-channel logout: for a sign-in whose provider answers, the provider's login (quarkus-oidc's challenge: a redirect
     * with its state cookie); for an unknown sign-in key, or a provider that could not be reached, a page saying so.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Uni<Response> noLogin(UriInfo uri, Throwable cause) {
        String key = PortalTenants.key(uri.getPath());
        RoutingContext ctx = currentRequest.getCurrent();
        HttpAuthenticator authenticator = ctx == null ? null : ctx.get(HttpAuthenticator.class.getName());
        // a session the provider ended by back-channel logout (quarkus-oidc dropped its cookie): sign in again
        boolean loggedOut = cause instanceof AuthenticationFailedException
                && cause.getCause() instanceof io.quarkus.oidc.runtime.LogoutException;
        if ((cause instanceof UnauthorizedException || loggedOut) && authenticator != null && key != null
                && signIns.byKey(key).isPresent()) {
            return authenticator.getChallenge(ctx)
                    .map(challenge -> {
                        if (challenge == null || challenge.status != 302) {
                            return noLoginPage(uri, cause, key);
                        }
                        Response.ResponseBuilder redirect = Response.status(challenge.status);
                        challenge.getHeaders().forEach((name, value) -> redirect.header(name.toString(), value));
                        return redirect.build();
                    })
                    .onFailure().recoverWithItem(failure -> noLoginPage(uri, failure, key));
        }
        return Uni.createFrom().item(noLoginPage(uri, cause, key));
    }

    private Response noLoginPage(UriInfo uri, Throwable cause, String key) {
        // the page names no cause; the log does, for the operator (quarkus-oidc's messages hold no secrets)
        LOG.warnf("Portal login impossible on %s: %s%s", uri.getPath(), cause,
                cause.getCause() == null ? "" : " caused by " + cause.getCause());
        return pages.noLogin(key);
    }

    private List<Choice> durations(int max) {
        List<Choice> out = new ArrayList<>();
        for (int s : DURATIONS) {
            if (s <= max) {
                out.add(new Choice(s, s < 3600 ? s / 60 + " minutes" : s / 3600 + (s == 3600 ? " hour" : " hours"),
                        s == 3600));
            }
        }
        return out;
    }

    private String csrfToken(String key) {
        return csrf.token(key, idToken.getSubject(), idToken.getIssuedAtTime());
    }

    private String sessionName() {
        return RoleOffers.sessionName(claim("preferred_username"), claim("email"), idToken.getSubject());
    }

    private RequestFacts facts(HttpServerRequest http) {
        return facts(http, clock);
    }

    /** The request facts of a portal page's request (also the SAML sign-in's). */
    static RequestFacts facts(HttpServerRequest http, Clock clock) {
        return RequestFacts.of(http.remoteAddress().hostAddress(), http.isSSL(), http.getHeader("User-Agent"),
                clock.instant(), null);
    }

    private Optional<String> claim(String name) {
        Object v = idToken.getClaim(name);
        return v == null ? Optional.empty() : Optional.of(text(v));
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

package io.rolegate.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.rolegate.audit.ApiCall;
import io.rolegate.audit.AuditTrail;
import io.rolegate.audit.UserIdentities;
import io.rolegate.error.AwsException;
import io.rolegate.iam.RequestFacts;
import io.rolegate.model.Arn;
import io.rolegate.sso.AccountRoles;
import io.rolegate.sso.SamlSignIns;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Clock;
import java.util.Map;

/**
 * The SAML sign-in endpoint for people (README "SAML federation"), this gateway's https://signin.aws.amazon.com/saml:
 * an identity provider posts a SAMLResponse here (IdP-initiated SSO); the page lists the roles its Role attribute
 * offers that the person may take ({@link SamlSignIns}); the choice (CSRF-protected, once) shows the portal's
 * credentials page. An assertion that is invalid, expired or replayed gets a page saying so, and nothing is issued.
 * Strict headers as on /portal (application.properties, quarkus.http.filter.portal).
 */
@Path("/saml")
@Produces(MediaType.TEXT_HTML)
public class SamlSignInResource {
    /** The browser key of a waiting choice: HttpOnly, only sent back to /saml. */
    static final String COOKIE = "rolegate_saml";
    static final String REFUSED_TITLE = "sign-in refused";

    @Inject
    @Location("portal/saml-roles.html")
    Template rolesPage;
    @Inject
    @Location("portal/credentials.html")
    Template credentialsPage;
    @Inject
    PortalPages pages;
    @Inject
    SamlSignIns signIns;
    @Inject
    AccountRoles accountRoles;
    @Inject
    AuditTrail trail;
    @Inject
    Clock clock;

    /** The identity provider's POST binding (RelayState, if any, is ignored: there is only one destination). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("SAMLResponse") String samlResponse, @Context HttpServerRequest http) {
        if (samlResponse == null || samlResponse.isBlank()) {
            return refused(Response.Status.BAD_REQUEST, "No SAMLResponse was posted.");
        }
        try {
            SamlSignIns.Choice c = signIns.start(samlResponse, PortalResource.facts(http, clock));
            return Response.ok(rolesPage.data("choice", c)
                            .data("minutes", SamlSignIns.CHOICE_LIFETIME.toMinutes()).render())
                    .cookie(cookie(c.browserKey(), (int) SamlSignIns.CHOICE_LIFETIME.toSeconds(), http)).build();
        } catch (AwsException e) {
            return refused(Response.Status.FORBIDDEN, e.getMessage() + ".");
        } catch (SamlSignIns.Refused e) {
            return refused(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    /** Only identity providers post here; a person who opens the address gets a page saying so. */
    @GET
    public Response opened() {
        return pages.page(Response.Status.OK, "SAML sign-in", "Sign in at your identity provider",
                "This address receives sign-ins from your company's identity provider. Start at your identity "
                        + "provider's portal and choose this gateway there.", null);
    }

    /** The person's choice: the waiting assertion is taken once and the role session shown as the portal shows it. */
    @POST
    @Path("role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response take(@FormParam("choice") String id, @FormParam("csrf") String csrf,
                         @FormParam("roleArn") String roleArn, @CookieParam(COOKIE) String browserKey,
                         @Context HttpServerRequest http, @Context UriInfo uri) {
        RequestFacts facts = PortalResource.facts(http, clock);
        ApiCall audited = ApiCall.of("sts.amazonaws.com", "AssumeRoleWithSAML", null, facts.now())
                .from(facts.sourceIp(), facts.userAgent())
                .resourceAccount(Arn.parse(roleArn == null ? "" : roleArn).map(Arn::account).orElse(null))
                .request(Map.of("roleArn", String.valueOf(roleArn)));
        SamlSignIns.Taken taken;
        try {
            taken = signIns.take(id, browserKey, csrf, roleArn, facts);
        } catch (SamlSignIns.Refused e) {
            return refused(Response.Status.FORBIDDEN, e.getMessage());
        } catch (AwsException e) {
            trail.record(audited.error(e.code().code(), e.getMessage()));
            return refused(Response.Status.FORBIDDEN, "You may not take this role: "
                    + e.getMessage().replaceAll("\\.$", "") + ".");
        }
        trail.record(audited.identity(UserIdentities.saml(taken.nameQualifier(), taken.subject()))
                .response(Map.of("credentials", ApiCall.credentials(taken.session().credentials()))));
        String account = Arn.parse(roleArn).map(Arn::account).orElseThrow();
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return Response.ok(credentialsPage.data("key", null).data("roleArn", roleArn)
                        .data("c", taken.session().credentials())
                        .data("view", CredentialsView.of(taken.session().credentials(), uri.getBaseUri().toString(),
                                accountRoles.label(account), roleName))
                        .render())
                .cookie(cookie("", 0, http)).build();
    }

    private Response refused(Response.Status status, String why) {
        return pages.page(status, REFUSED_TITLE, "Your SAML sign-in was not accepted", why
                + " Nothing was issued. Sign in again at your identity provider; if it keeps failing, tell your "
                + "administrator.", null);
    }

    private static NewCookie cookie(String value, int maxAge, HttpServerRequest http) {
        return new NewCookie.Builder(COOKIE).value(value).path("/saml").httpOnly(true).secure(http.isSSL())
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }
}

package io.rolegate.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.rolegate.error.AwsException;
import io.rolegate.sso.BrowserAuthorizations;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * GET /authorize, the browser step of SSO OIDC's authorization code grant (the AWS tools open it): the request is
 * checked and parked ({@link BrowserAuthorizations#begin}), then the person signs in through the portal's identity
 * provider ({@link SsoAuthorizeCompletion}). A bad client or redirect URI gets a page, never a redirect.
 */
@Path("/authorize")
@Produces(MediaType.TEXT_HTML)
public class SsoAuthorizeResource {
    @Inject
    BrowserAuthorizations authorizations;
    @Inject
    @Location("sso/done.html")
    Template donePage;

    @GET
    public Response authorize(@QueryParam("response_type") String responseType,
                              @QueryParam("client_id") String clientId,
                              @QueryParam("redirect_uri") String redirectUri, @QueryParam("state") String state,
                              @QueryParam("code_challenge") String challenge,
                              @QueryParam("code_challenge_method") String method,
                              @QueryParam("scopes") String scopes) {
        try {
            List<String> scopeList = scopes == null || scopes.isBlank() ? List.of()
                    : Arrays.stream(scopes.split("[ ,]+")).filter(s -> !s.isEmpty()).toList();
            BrowserAuthorizations.Begun begun = authorizations.begin(responseType, clientId, redirectUri, state,
                    challenge, method, scopeList);
            return Response.seeOther(URI.create(PortalTenants.PREFIX + begun.signInKey() + "/authorize/"
                    + begun.pendingId())).build();
        } catch (AwsException e) {
            return SsoAuthorizeCompletion.refused(donePage, e);
        }
    }
}

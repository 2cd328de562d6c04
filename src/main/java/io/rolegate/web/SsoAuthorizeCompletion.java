package io.rolegate.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.rolegate.error.AwsException;
import io.rolegate.sso.BrowserAuthorizations;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URI;

/**
 * The end of GET /authorize: the person is signed in through the sign-in's identity provider (the portal's
 * quarkus-oidc tenant of {@code key}); the parked request becomes a one-time code and the browser goes to the tool's
 * loopback listener with code and state.
 */
@Path(PortalTenants.PREFIX + "{key}/authorize/{pending}")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class SsoAuthorizeCompletion {
    @Inject
    BrowserAuthorizations authorizations;
    @Inject
    @Location("sso/done.html")
    Template donePage;
    @Inject
    @IdToken
    JsonWebToken idToken;

    @GET
    public Response complete(@PathParam("key") String key, @PathParam("pending") String pending) {
        try {
            return Response.seeOther(URI.create(authorizations.complete(pending, key, idToken.getRawToken()))).build();
        } catch (AwsException e) {
            return refused(donePage, e);
        }
    }

    static Response refused(Template donePage, AwsException e) {
        return Response.status(e.code().httpStatus()).type(MediaType.TEXT_HTML).entity(donePage
                .data("title", "sign-in refused").data("heading", "Sign-in refused")
                .data("detail", e.code().code() + ": " + e.getMessage()).render()).build();
    }
}

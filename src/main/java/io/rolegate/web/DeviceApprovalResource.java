package io.rolegate.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.rolegate.sso.DeviceLogins;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The device login after the person signed in through the sign-in's identity provider (the portal's quarkus-oidc
 * tenant of {@code key}, {@link PortalTenants}): they see the code and the tool's name, and allow or deny with a
 * CSRF-protected form ({@link PortalCsrf}). Allowing hands their ID token to the waiting device grant.
 */
@Path(PortalTenants.PREFIX + "{key}/device/{code}")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class DeviceApprovalResource {
    @Inject
    @Location("sso/device-confirm.html")
    Template confirmPage;
    @Inject
    @Location("sso/done.html")
    Template donePage;
    @Inject
    DeviceLogins devices;
    @Inject
    PortalCsrf csrf;
    @Inject
    @IdToken
    JsonWebToken idToken;

    @GET
    public Response confirm(@PathParam("key") String key, @PathParam("code") String code) {
        Optional<DeviceLogins.Pending> pending = devices.pending(code).filter(p -> p.signInKey().equals(key));
        if (pending.isEmpty()) {
            return gone();
        }
        return Response.ok(confirmPage.data("pending", pending.get()).data("key", key).data("person", person())
                .data("csrf", csrf.token(key, idToken.getSubject(), idToken.getIssuedAtTime()))).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("key") String key, @PathParam("code") String code,
                           @FormParam("decision") String decision, @FormParam("csrf") String token) {
        if (!csrf.valid(token, key, idToken.getSubject(), idToken.getIssuedAtTime())) {
            return done(Response.Status.FORBIDDEN, "refused", "Not possible",
                    "This form expired or did not come from this portal. Open the link from your tool again.");
        }
        if ("allow".equals(decision) && devices.approve(code, key, idToken.getRawToken())) {
            return done(Response.Status.OK, "device allowed", "Device allowed",
                    "Your tool is signed in as " + person() + ". You can close this page.");
        }
        if ("deny".equals(decision) && devices.deny(code, key)) {
            return done(Response.Status.OK, "device denied", "Device denied",
                    "The tool gets no access. You can close this page.");
        }
        return gone();
    }

    private Response gone() {
        return done(Response.Status.NOT_FOUND, "device sign-in", "Code not valid",
                "This code is unknown, expired or already used. Start the login again in your tool.");
    }

    private Response done(Response.Status status, String title, String heading, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(donePage.data("title", title)
                .data("heading", heading).data("detail", detail).render()).build();
    }

    private String person() {
        Object name = idToken.getClaim("preferred_username");
        return name != null ? name.toString() : idToken.getSubject();
    }
}

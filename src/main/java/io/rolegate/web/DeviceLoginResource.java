package io.rolegate.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.rolegate.sso.DeviceLogins;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Optional;

/**
 * The device login's verification page (verificationUri, README "SSO login"): a person on a phone or laptop types
 * the code their tool showed (or follows verificationUriComplete), then signs in through the start URL's identity
 * provider and confirms ({@link DeviceApprovalResource}). Plain HTML forms, no JavaScript, narrow screens first.
 */
@Path(DeviceLogins.VERIFICATION_PATH)
@Produces(MediaType.TEXT_HTML)
public class DeviceLoginResource {
    @Inject
    @Location("sso/device-enter.html")
    Template enterPage;
    @Inject
    DeviceLogins devices;

    @GET
    public Response enter(@QueryParam("user_code") String typed) {
        if (typed == null || typed.isBlank()) {
            return Response.ok(page(null, null)).build();
        }
        Optional<DeviceLogins.Pending> pending = devices.pending(typed);
        if (pending.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).entity(page(typed,
                    "This code is unknown, expired or already used. Check it, or start the login again in your tool."))
                    .build();
        }
        DeviceLogins.Pending p = pending.get();
        return Response.seeOther(URI.create(PortalTenants.PREFIX + p.signInKey() + "/device/" + p.userCode())).build();
    }

    private TemplateInstance page(String typed, String message) {
        return enterPage.data("typed", typed != null && typed.length() <= 16 ? typed : "").data("message", message);
    }
}

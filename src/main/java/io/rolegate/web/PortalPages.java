package io.rolegate.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.rolegate.sso.SignIns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;

/**
 * The portal's pages for errors a person can act on: each says what happened and what to do next, with the right
 * status, never a bare 401 or 500. They name only what the person already knows (their sign-in, the role they
 * asked for, the condition keys of that role's trust policy), nothing of other tenants.
 */
@ApplicationScoped
public class PortalPages {
    @Inject
    @Location("portal/message.html")
    Template messagePage;
    @Inject
    @Location("portal/refused.html")
    Template refusedPage;
    @Inject
    SignIns signIns;
    @Inject
    PortalTenants tenants;

    /** A message page; {@code signInKey} (or null) adds a "sign in again" link to that sign-in. */
    public Response page(Response.Status status, String title, String heading, String message, String signInKey) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(messagePage.data("title", title)
                .data("heading", heading).data("message", message).data("key", signInKey).render()).build();
    }

    public Response unknownSignIn() {
        return page(Response.Status.NOT_FOUND, "unknown sign-in", "This sign-in does not exist",
                "The link you followed names no identity provider connected to this gateway (it may have been "
                        + "removed). Pick one from the list, or ask your administrator for the right link.", null);
    }

    /**
     * Why quarkus-oidc could not log the person in on {@code key}'s path: the portal is not enabled, the key is
     * unknown, or the provider could not be reached (its discovery document or keys).
     */
    public Response noLogin(String key) {
        if (!tenants.enabled()) {
            return page(Response.Status.SERVICE_UNAVAILABLE, "not enabled", "Sign-in for people is not enabled",
                    "This gateway has no portal session key configured (rolegate.portal.session-secret). Ask your "
                            + "administrator.", null);
        }
        Optional<SignIns.SignIn> signIn = key == null ? Optional.empty() : signIns.byKey(key);
        if (signIn.isEmpty()) {
            return unknownSignIn();
        }
        return page(Response.Status.SERVICE_UNAVAILABLE, "provider unreachable",
                "Your identity provider cannot be reached",
                "The gateway could not reach " + signIn.get().issuerUrl() + " to sign you in. Try again in a few "
                        + "minutes; if it persists, tell your administrator that the identity provider is down or its "
                        + "address is wrong.", key);
    }

    public Response formRefused(String key) {
        return refused(key, Response.Status.FORBIDDEN,
                "This form expired or did not come from this portal. Go back to your roles and try again.");
    }

    /**
     * A role the person may not take: AWS's refusal, and the trust-policy conditions their login does not meet
     * (operator and key) when the role is in an account that connected their sign-in.
     */
    public Response roleRefused(String key, String awsMessage, List<String> unmet) {
        String why = unmet.isEmpty() ? "" : " Your login does not meet the condition " + String.join(", ", unmet)
                + " of the role's trust policy.";
        return refused(key, Response.Status.FORBIDDEN,
                "You may not take this role: " + awsMessage.replaceAll("\\.$", "") + "." + why + " Ask your administrator.");
    }

    public Response refused(String key, Response.Status status, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML)
                .entity(refusedPage.data("key", key).data("message", message).render()).build();
    }
}

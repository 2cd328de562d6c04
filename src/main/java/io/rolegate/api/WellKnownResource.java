package io.rolegate.api;

import io.rolegate.iam.SessionKeys;
import io.rolegate.iam.SessionTokenSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * What downstream services need to verify session tokens offline: the public signing keys (NEXT, ACTIVE and
 * RETIRED, so a cached JWKS already knows the next key before it signs) and an OpenID-style discovery document.
 */
@Path("/.well-known")
public class WellKnownResource {
    @Inject
    SessionKeys keys;
    @Inject
    SessionTokenSettings config;

    @GET
    @Path("jwks.json")
    @Produces("application/json")
    public Response jwks() {
        return Response.ok(keys.jwksJson()).header("Cache-Control", "public, max-age=300").build();
    }

    @GET
    @Path("openid-configuration")
    @Produces("application/json")
    public Response discovery() {
        String issuer = config.issuer();
        String alg = keys.ring().activeKey().algorithm().jwsAlgorithm().getName();
        String body = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/.well-known/jwks.json\","
                + "\"response_types_supported\":[\"id_token\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"" + alg + "\"],"
                + "\"claims_supported\":[\"iss\",\"sub\",\"aud\",\"iat\",\"exp\",\"jti\",\"acct\",\"rarn\",\"snm\",\"srcid\",\"tags\"]}";
        return Response.ok(body).header("Cache-Control", "public, max-age=3600").build();
    }
}

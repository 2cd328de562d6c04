package io.rolegate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.sso.DeviceLogins;
import io.rolegate.sso.SsoClients;
import io.rolegate.sso.SsoTokens;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * AWS SSO OIDC (botocore model sso-oidc 2019-06-10, rest-json): RegisterClient, StartDeviceAuthorization and
 * CreateToken. The browser step GET /authorize is a page (web.SsoAuthorizeResource). Use cases: package sso.
 * Throttled and audited by {@link SsoCalls}.
 */
@Path("/")
public class SsoOidcResource {
    @Inject
    SsoClients clients;
    @Inject
    DeviceLogins devices;
    @Inject
    SsoTokens tokens;
    @Inject
    SsoCalls calls;
    @Context
    UriInfo uri;

    @POST
    @Path("client/register")
    @Consumes(MediaType.WILDCARD)
    public Response register(byte[] body, @Context HttpServerRequest http) {
        return calls.oidc("RegisterClient", http, body, in -> {
            SsoClients.Registered r = clients.register(SsoJson.text(in, "clientName"), SsoJson.text(in, "clientType"),
                    SsoJson.texts(in, "scopes"), SsoJson.texts(in, "redirectUris"), SsoJson.texts(in, "grantTypes"),
                    SsoJson.text(in, "issuerUrl"));
            ObjectNode out = SsoJson.object();
            out.put("clientId", r.client().clientId());
            out.put("clientSecret", r.clientSecret());
            out.put("clientIdIssuedAt", r.client().issuedAt().getEpochSecond());
            out.put("clientSecretExpiresAt", r.client().expiresAt().getEpochSecond());
            out.put("authorizationEndpoint", base() + "/authorize");
            out.put("tokenEndpoint", base() + "/token");
            return out;
        }, calls.client());
    }

    @POST
    @Path("device_authorization")
    @Consumes(MediaType.WILDCARD)
    public Response deviceAuthorization(byte[] body, @Context HttpServerRequest http) {
        return calls.oidc("StartDeviceAuthorization", http, body, in -> {
            DeviceLogins.Started s = devices.start(SsoJson.text(in, "clientId"), SsoJson.text(in, "clientSecret"),
                    SsoJson.text(in, "startUrl"));
            String page = base() + DeviceLogins.VERIFICATION_PATH;
            ObjectNode out = SsoJson.object();
            out.put("deviceCode", s.deviceCode());
            out.put("userCode", s.userCode());
            out.put("verificationUri", page);
            out.put("verificationUriComplete", page + "?user_code=" + s.userCode());
            out.put("expiresIn", s.expiresInSeconds());
            out.put("interval", s.intervalSeconds());
            return out;
        }, calls.startUrl());
    }

    @POST
    @Path("token")
    @Consumes(MediaType.WILDCARD)
    public Response token(byte[] body, @Context HttpServerRequest http) {
        return calls.oidc("CreateToken", http, body, in -> {
            SsoTokens.Issued t = tokens.create(new SsoTokens.TokenRequest(SsoJson.text(in, "clientId"),
                    SsoJson.text(in, "clientSecret"), SsoJson.text(in, "grantType"), SsoJson.text(in, "deviceCode"),
                    SsoJson.text(in, "code"), SsoJson.text(in, "refreshToken"), SsoJson.texts(in, "scope"),
                    SsoJson.text(in, "redirectUri"), SsoJson.text(in, "codeVerifier")));
            ObjectNode out = SsoJson.object();
            out.put("accessToken", t.accessToken());
            out.put("tokenType", "Bearer");
            out.put("expiresIn", t.expiresInSeconds());
            if (t.refreshToken() != null) {
                out.put("refreshToken", t.refreshToken());
            }
            return out;
        }, calls.issuedToken());
    }

    private String base() {
        return uri.getBaseUri().toString().replaceAll("/$", "");
    }
}

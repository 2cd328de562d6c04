package io.rolegate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.credentials.TemporaryCredentials;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.sso.RoleOffers;
import io.rolegate.sso.SsoAssignments;
import io.rolegate.sso.SsoTokens;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS SSO portal API (botocore model sso 2019-06-10, rest-json; the bearer token in x-amz-sso_bearer_token):
 * ListAccounts, ListAccountRoles, GetRoleCredentials (expiration in epoch milliseconds), Logout. Use cases:
 * sso.SsoAssignments, sso.SsoTokens. Throttled and audited by {@link SsoCalls}.
 */
@Path("/")
public class SsoPortalResource {
    static final String BEARER = "x-amz-sso_bearer_token";

    @Inject
    SsoAssignments assignments;
    @Inject
    SsoTokens tokens;
    @Inject
    SsoCalls calls;
    @Inject
    Clock clock;

    @GET
    @Path("assignment/accounts")
    public Response accounts(@HeaderParam(BEARER) String token, @QueryParam("next_token") String next,
                             @QueryParam("max_result") String max, @Context HttpServerRequest http) {
        return calls.portal("ListAccounts", http, token, query("maxResults", max, "nextToken", next), () -> {
            SsoAssignments.Page<String> page = assignments.accounts(token, next, integer(max),
                    SsoJson.facts(http, clock.instant()));
            ObjectNode out = SsoJson.object();
            ArrayNode list = out.putArray("accountList");
            page.items().forEach(a -> list.addObject().put("accountId", a).put("accountName", a));
            out.put("nextToken", page.nextToken());
            return out;
        });
    }

    @GET
    @Path("assignment/roles")
    public Response roles(@HeaderParam(BEARER) String token, @QueryParam("account_id") String account,
                          @QueryParam("next_token") String next, @QueryParam("max_result") String max,
                          @Context HttpServerRequest http) {
        return calls.portal("ListAccountRoles", http, token,
                query("accountId", account, "maxResults", max, "nextToken", next), () -> {
            SsoAssignments.Page<RoleOffers.Offer> page = assignments.roles(token, account, next, integer(max),
                    SsoJson.facts(http, clock.instant()));
            ObjectNode out = SsoJson.object();
            ArrayNode list = out.putArray("roleList");
            page.items().forEach(r -> list.addObject().put("roleName", r.roleName()).put("accountId", r.accountId()));
            out.put("nextToken", page.nextToken());
            return out;
        });
    }

    @GET
    @Path("federation/credentials")
    public Response credentials(@HeaderParam(BEARER) String token, @QueryParam("account_id") String account,
                                @QueryParam("role_name") String role, @Context HttpServerRequest http) {
        return calls.portal("GetRoleCredentials", http, token, query("accountId", account, "roleName", role), () -> {
            TemporaryCredentials c = assignments.credentials(token, account, role, SsoJson.facts(http, clock.instant()));
            ObjectNode out = SsoJson.object();
            out.putObject("roleCredentials").put("accessKeyId", c.accessKeyId())
                    .put("secretAccessKey", c.secretAccessKey()).put("sessionToken", c.sessionToken())
                    .put("expiration", c.expiration().toEpochMilli());
            return out;
        });
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.WILDCARD)
    public Response logout(@HeaderParam(BEARER) String token, byte[] body, @Context HttpServerRequest http) {
        return calls.portal("Logout", http, token, Map.of(), () -> {
            SsoJson.parse(body); // size limit
            tokens.logout(token);
            return SsoJson.object();
        });
    }

    private static Integer integer(String s) {
        if (s == null) {
            return null;
        }
        if (!s.matches("\\d{1,4}")) {
            throw new AwsException(ErrorCode.InvalidRequestException, "max_result must be between 1 and 100");
        }
        return Integer.parseInt(s);
    }

    /** The query members present, named as the sso model names them (the trail's requestParameters). */
    private static Map<String, Object> query(String... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                m.put(pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }
}

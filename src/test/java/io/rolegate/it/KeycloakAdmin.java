package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The few changes portal tests make to the shared Keycloak's realm through its admin REST API, each idempotent and
 * harmless to other tests: an optional client scope of the portal client (asked for only by a sign-in that lists
 * it), the portal client's back-channel logout URL (the gateway's port is known only at run time), and ending a
 * person's Keycloak sessions (which sends the back-channel logout).
 */
final class KeycloakAdmin {
    /** Optional scope of the portal client: AWS session tags and the source identity (username) in the ID token. */
    static final String AWS_SESSION_SCOPE = "aws-session";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer keycloak;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    private final String token;

    KeycloakAdmin(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.token = keycloak.adminToken();
    }

    /**
     * The {@value #AWS_SESSION_SCOPE} scope: claim https://aws.amazon.com/tags = {principal_tags: {team: [platform]},
     * transitive_tag_keys: [team]} and https://aws.amazon.com/source_identity = the username.
     */
    void ensureAwsSessionScope() {
        JsonNode scopes = json("GET", "/client-scopes", null);
        String id = null;
        for (JsonNode s : scopes) {
            if (AWS_SESSION_SCOPE.equals(s.path("name").asText())) {
                id = s.path("id").asText();
            }
        }
        if (id == null) {
            String body = """
                    {"name": "aws-session", "protocol": "openid-connect",
                     "attributes": {"include.in.token.scope": "true"},
                     "protocolMappers": [
                      {"name": "aws tags", "protocol": "openid-connect", "protocolMapper": "oidc-hardcoded-claim-mapper",
                       "config": {"claim.name": "https://aws\\\\.amazon\\\\.com/tags", "jsonType.label": "JSON",
                        "claim.value": "{\\"principal_tags\\": {\\"team\\": [\\"platform\\"]}, \\"transitive_tag_keys\\": [\\"team\\"]}",
                        "id.token.claim": "true", "access.token.claim": "false", "userinfo.token.claim": "false"}},
                      {"name": "aws source identity", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-property-mapper",
                       "config": {"user.attribute": "username", "claim.name": "https://aws\\\\.amazon\\\\.com/source_identity",
                        "jsonType.label": "String", "id.token.claim": "true", "access.token.claim": "false",
                        "userinfo.token.claim": "false"}}]}""";
            send("POST", "/client-scopes", body);
            for (JsonNode s : json("GET", "/client-scopes", null)) {
                if (AWS_SESSION_SCOPE.equals(s.path("name").asText())) {
                    id = s.path("id").asText();
                }
            }
        }
        send("PUT", "/clients/" + portalClientId() + "/optional-client-scopes/" + id, null);
    }

    /** Keycloak posts logout tokens of the portal client's sessions to {@code url}. */
    void portalBackchannelLogoutUrl(String url) {
        String id = portalClientId();
        ObjectNode client = (ObjectNode) json("GET", "/clients/" + id, null);
        ObjectNode attributes = client.with("attributes");
        attributes.put("backchannel.logout.url", url);
        attributes.put("backchannel.logout.session.required", "true");
        send("PUT", "/clients/" + id, client.toString());
    }

    /** Sets attributes of a client of the realm (e.g. a SAML client's encryption settings). */
    void clientAttributes(String clientId, Map<String, String> attributes) {
        String id = json("GET", "/clients?clientId=" + java.net.URLEncoder.encode(clientId,
                java.nio.charset.StandardCharsets.UTF_8), null).get(0).path("id").asText();
        ObjectNode client = (ObjectNode) json("GET", "/clients/" + id, null);
        ObjectNode a = client.with("attributes");
        attributes.forEach(a::put);
        send("PUT", "/clients/" + id, client.toString());
    }

    /** Ends every Keycloak session of the person (as an administrator would); clients get back-channel logouts. */
    void logout(String username) {
        String id = json("GET", "/users?exact=true&username=" + username, null).get(0).path("id").asText();
        send("POST", "/users/" + id + "/logout", null);
    }

    private String portalClientId() {
        return json("GET", "/clients?clientId=" + KeycloakServer.PORTAL_CLIENT_ID, null).get(0).path("id").asText();
    }

    private JsonNode json(String method, String path, String body) {
        try {
            return JSON.readTree(send(method, path, body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(keycloak.baseUri() + "/admin/realms/" + KeycloakServer.REALM + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

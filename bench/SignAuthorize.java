import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4Signer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a wrk Lua script that replays one POST /v1/authorize: a downstream service (long-term keys, SigV4 for service
 * {@code rolegate}) asks whether the client's request {@code GET /projects/dallas} (signed once with the client's session
 * credentials for service {@code monitron}) may perform monitron:GetProject on the project. Both signatures stay valid
 * for 15 minutes after their X-Amz-Date (the gateway does not reject replays inside the skew window, as AWS does not).
 * Class path as for SignAssumeRole (bench/lib.sh):
 * java -cp "target/quarkus-app/app/rolegate-*.jar:target/test-classes" bench/SignAuthorize.java HOST:PORT SVC_AKID SVC_SECRET CLIENT_AKID CLIENT_SECRET CLIENT_TOKEN RESOURCE_ARN
 */
public class SignAuthorize {
    public static void main(String[] a) {
        String gatewayHost = a[0];
        Instant now = Instant.now();
        HttpRequestParts client = new HttpRequestParts("GET", "/projects/dallas", "", Map.of("host",
                List.of("projects.example.com")), new byte[0]);
        HttpRequestParts signedClient = new SigV4Signer(a[3], a[4], a[5], "us-east-1", "monitron")
                .sign(client, now, List.of());
        String headers = signedClient.headers().entrySet().stream()
                .map(e -> json(e.getKey()) + ":" + json(e.getValue().get(0))).collect(Collectors.joining(","));
        String body = "{\"request\":{\"method\":\"GET\",\"path\":\"/projects/dallas\",\"query\":\"\",\"headers\":{" + headers
                + "},\"bodySha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"},"
                + "\"action\":\"monitron:GetProject\",\"resource\":" + json(a[6]) + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequestParts call = new HttpRequestParts("POST", "/v1/authorize", "", Map.of("host", List.of(gatewayHost),
                "content-type", List.of("application/json")), bytes);
        HttpRequestParts signedCall = new SigV4Signer(a[1], a[2], null, "us-east-1", "rolegate")
                .sign(call, now, List.of("content-type"));
        StringBuilder lua = new StringBuilder();
        lua.append("wrk.method = \"POST\"\n");
        lua.append("wrk.path = \"/v1/authorize\"\n");
        lua.append("wrk.body = ").append(luaString(body)).append("\n");
        // wrk sends its own Host header (the same value); a second one would break the signature
        signedCall.headers().entrySet().stream().filter(e -> !e.getKey().equals("host")).forEach(e -> lua
                .append("wrk.headers[").append(luaString(e.getKey())).append("] = ")
                .append(luaString(e.getValue().get(0))).append("\n"));
        // every answer must be a 200 with an authenticated Allow; anything else is counted and the first one printed
        // bench/count-failures.lua (appended by the script) counts answers without this pattern as failures
        lua.append("ok_body = '\"decision\"%s*:%s*\"Allow\"'\n");
        System.out.print(lua);
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String luaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

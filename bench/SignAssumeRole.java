import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4Signer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a wrk Lua script that replays one SigV4-signed cross-account AssumeRole (ExternalId + session policy).
 * The signature stays valid for 15 minutes after X-Amz-Date. Run with the packaged app's jar and the compiled test
 * classes (SigV4Signer is test code) on the class path, as bench/lib.sh does:
 * java -cp "target/quarkus-app/app/rolegate-*.jar:target/test-classes" bench/SignAssumeRole.java HOST:PORT AKID SECRET ROLE_ARN[,ROLE_ARN...] EXTERNAL_ID
 * With several role ARNs, every wrk thread cycles through one signed request per role.
 * java ... bench/SignAssumeRole.java HOST:PORT --query SERVICE AKID SECRET BODY: one signed Query POST of any action.
 */
public class SignAssumeRole {
    public static void main(String[] a) {
        if (a[1].equals("--query")) {
            query(a);
            return;
        }
        String[] roles = a[3].split(",");
        if (roles.length == 1) {
            HttpRequestParts signed = sign(a, roles[0]);
            StringBuilder lua = new StringBuilder();
            lua.append("wrk.method = \"POST\"\n");
            lua.append("wrk.body = ").append(luaString(new String(signed.body(), StandardCharsets.UTF_8))).append("\n");
            // wrk sends its own Host header (the same value); a second one would break the signature
            headers(signed).forEach(h -> lua.append("wrk.headers[").append(h).append("\n"));
            System.out.print(lua);
            return;
        }
        // several roles: each thread cycles through one signed request per role (from a random start)
        StringBuilder lua = new StringBuilder("local signed = {\n");
        for (String role : roles) {
            HttpRequestParts signed = sign(a, role);
            lua.append("  {body = ").append(luaString(new String(signed.body(), StandardCharsets.UTF_8))).append(", headers = {");
            headers(signed).forEach(h -> lua.append("[").append(h).append(", "));
            lua.append("}},\n");
        }
        lua.append("}\nlocal reqs, i = {}, 0\n")
                .append("function init(args)\n  for k, r in ipairs(signed) do reqs[k] = wrk.format(\"POST\", \"/\", r.headers, r.body) end\n")
                .append("  i = math.random(#reqs)\nend\n")
                .append("function request()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n");
        System.out.print(lua);
    }

    /** {@code HOST --query SERVICE AKID SECRET BODY}: one signed Query POST of any action (e.g. an IAM write). */
    static void query(String[] a) {
        HttpRequestParts signed = signedQuery(a);
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\nwrk.body = ").append(luaString(a[5])).append("\n");
        headers(signed).forEach(h -> lua.append("wrk.headers[").append(h).append("\n"));
        System.out.print(lua);
    }

    /** {@code HOST --query SERVICE AKID SECRET BODY} signed. */
    static HttpRequestParts signedQuery(String[] a) {
        HttpRequestParts unsigned = new HttpRequestParts("POST", "/", "", Map.of("host", List.of(a[0]),
                "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8")),
                a[5].getBytes(StandardCharsets.UTF_8));
        return new SigV4Signer(a[3], a[4], null, "us-east-1", a[2])
                .sign(unsigned, Instant.now(), List.of("content-type"));
    }

    static HttpRequestParts sign(String[] a, String roleArn) {
        String host = a[0];
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::bench-bucket/*\"}]}";
        String body = "Action=AssumeRole&Version=2011-06-15&RoleArn=" + enc(roleArn) + "&RoleSessionName=bench"
                + "&ExternalId=" + enc(a[4]) + "&DurationSeconds=900&Policy=" + enc(policy);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequestParts unsigned = new HttpRequestParts("POST", "/", "", Map.of("host", List.of(host),
                "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8")), bytes);
        return new SigV4Signer(a[1], a[2], null, "us-east-1", "sts").sign(unsigned, Instant.now(), List.of("content-type"));
    }

    /** {@code "name"] = "value"} for each signed header but host. */
    static List<String> headers(HttpRequestParts signed) {
        return signed.headers().entrySet().stream().filter(e -> !e.getKey().equals("host"))
                .map(e -> luaString(e.getKey()) + "] = " + luaString(e.getValue().get(0))).toList();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String luaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

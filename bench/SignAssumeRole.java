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
 * java -cp "target/quarkus-app/app/rolegate-*.jar:target/test-classes" bench/SignAssumeRole.java HOST:PORT AKID SECRET ROLE_ARN EXTERNAL_ID
 */
public class SignAssumeRole {
    public static void main(String[] a) {
        String host = a[0];
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::bench-bucket/*\"}]}";
        String body = "Action=AssumeRole&Version=2011-06-15&RoleArn=" + enc(a[3]) + "&RoleSessionName=bench"
                + "&ExternalId=" + enc(a[4]) + "&DurationSeconds=900&Policy=" + enc(policy);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequestParts unsigned = new HttpRequestParts("POST", "/", "", Map.of("host", List.of(host),
                "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8")), bytes);
        HttpRequestParts signed = new SigV4Signer(a[1], a[2], null, "us-east-1", "sts")
                .sign(unsigned, Instant.now(), List.of("content-type"));
        StringBuilder lua = new StringBuilder();
        lua.append("wrk.method = \"POST\"\n");
        lua.append("wrk.body = ").append(luaString(body)).append("\n");
        // wrk sends its own Host header (the same value); a second one would break the signature
        signed.headers().entrySet().stream().filter(e -> !e.getKey().equals("host")).forEach(e -> lua.append("wrk.headers[").append(luaString(e.getKey())).append("] = ")
                .append(luaString(e.getValue().get(0))).append("\n"));
        System.out.print(lua);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String luaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

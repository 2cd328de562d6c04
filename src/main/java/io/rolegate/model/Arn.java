package io.rolegate.model;

import java.util.Optional;

/**
 * An Amazon Resource Name taken apart once
 * (<a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html">IAM identifiers: ARNs</a>):
 * {@code arn:partition:service:region:account:resource}, where the resource is {@code type/path.../name},
 * {@code type:name} or a bare {@code name}.
 * <ul>
 *   <li>{@code arn:aws:iam::111122223333:user/division/Bob}: type {@code user}, path {@code /division/}, name {@code Bob}</li>
 *   <li>{@code arn:aws:iam::111122223333:role/Deploy}: path {@code /}</li>
 *   <li>{@code arn:aws:sts::111122223333:assumed-role/Deploy/ci}: path {@code /Deploy/}, name {@code ci}</li>
 *   <li>{@code arn:aws:sns:us-east-1:111122223333:topic:alerts}: type {@code topic}, path empty, name {@code alerts}</li>
 *   <li>{@code arn:aws:iam::111122223333:root}: type and path empty, name {@code root}</li>
 * </ul>
 * Region and account may be empty (IAM has no region, S3 no account); partition, service and resource may not. The
 * parts are not checked against any service's naming rules: callers decide what they accept.
 */
public record Arn(String partition, String service, String region, String account, String resourceType, String path,
                  String name) {

    /** The ARN, or empty when the text is not {@code arn:} followed by five more colon-separated fields. */
    public static Optional<Arn> parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return Optional.empty();
        }
        int p = 4;
        int s = text.indexOf(':', p);
        int r = s < 0 ? -1 : text.indexOf(':', s + 1);
        int a = r < 0 ? -1 : text.indexOf(':', r + 1);
        int res = a < 0 ? -1 : text.indexOf(':', a + 1);
        if (res < 0 || s == p || r == s + 1 || res == text.length() - 1) {
            return Optional.empty(); // too few fields, or no partition, service or resource
        }
        String resource = text.substring(res + 1);
        int slash = resource.indexOf('/');
        int colon = resource.indexOf(':');
        String type = "";
        String path = "";
        String name = resource;
        if (slash >= 0 && (colon < 0 || slash < colon)) {
            int last = resource.lastIndexOf('/');
            type = resource.substring(0, slash);
            path = resource.substring(slash, last + 1);
            name = resource.substring(last + 1);
        } else if (colon >= 0) {
            type = resource.substring(0, colon);
            name = resource.substring(colon + 1);
        }
        return Optional.of(new Arn(text.substring(p, s), text.substring(s + 1, r), text.substring(r + 1, a),
                text.substring(a + 1, res), type, path, name));
    }

    /** Everything after the account: {@code user/division/Bob}. */
    public String resource() {
        if (resourceType.isEmpty()) {
            return name;
        }
        return path.isEmpty() ? resourceType + ":" + name : resourceType + path + name;
    }

    /** True for {@code arn:<partition>:<service>::<12 digits>:<type>/...}, the shape of IAM and STS principals. */
    public boolean is(String service, String resourceType) {
        return this.service.equals(service) && this.resourceType.equals(resourceType) && !path.isEmpty()
                && region.isEmpty() && isAccountId(account);
    }

    public static boolean isAccountId(String s) {
        if (s.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource();
    }
}

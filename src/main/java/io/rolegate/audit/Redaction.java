package io.rolegate.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What never enters the trail. Request parameters keep their place but secret values read
 * {@value #HIDDEN} (CloudTrail's own placeholder); response elements lose secret members altogether (CloudTrail shows
 * credentials as accessKeyId and expiration only). Policies stay: they are configuration, not secrets.
 */
public final class Redaction {
    public static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

    /** Member names (lower case, any nesting) whose values are secrets, tokens, passwords, assertions or keys. */
    private static final Set<String> SECRET = Set.of("secretaccesskey", "sessiontoken", "password", "newpassword",
            "oldpassword", "samlassertion", "webidentitytoken", "tokencode", "authenticationcode1",
            "authenticationcode2", "privatekey", "clientsecret", "accesstoken", "refreshtoken", "idtoken", "code",
            "devicecode", "assertion", "codeverifier", "secret", "privatekeypem", "addprivatekey", "usercode",
            "verificationuricomplete");

    private Redaction() {
    }

    public static boolean isSecret(String member) {
        return SECRET.contains(member.toLowerCase(Locale.ROOT));
    }

    public static Map<String, Object> requestParameters(Map<String, Object> params) {
        return params == null ? null : walk(params, true);
    }

    public static Map<String, Object> responseElements(Map<String, Object> elements) {
        return elements == null ? null : walk(elements, false);
    }

    private static Map<String, Object> walk(Map<String, Object> in, boolean keepPlace) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (isSecret(k)) {
                if (keepPlace) {
                    out.put(k, HIDDEN);
                }
            } else {
                out.put(k, value(v, keepPlace));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v, boolean keepPlace) {
        if (v instanceof Map<?, ?> m) {
            return walk((Map<String, Object>) m, keepPlace);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(value(x, keepPlace)));
            return out;
        }
        return v;
    }
}

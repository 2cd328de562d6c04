package io.rolegate.credentials;

import com.nimbusds.jose.JOSEObjectType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The JSON payload of a session token (a compact JWS). Registered claims: iss, sub, aud, iat, exp, jti. Private claims
 * use short names to keep the token small; optional ones are omitted when empty. The secret is never in the token.
 */
final class SessionTokenFormat {
    /** JOSE "typ" of session tokens, so no other JWT the gateway signs can be replayed as one. */
    static final JOSEObjectType TYPE = new JOSEObjectType("rolegate-session+jwt");
    static final int VERSION = 1;

    private SessionTokenFormat() {
    }

    static Map<String, Object> toPayload(SessionClaims c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("iss", c.issuer());
        p.put("sub", c.subject());
        p.put("aud", c.audience());
        p.put("iat", c.issuedAt().getEpochSecond());
        p.put("exp", c.expiresAt().getEpochSecond());
        p.put("jti", c.tokenId());
        p.put("ver", VERSION);
        p.put("knd", c.kind().name());
        p.put("acct", c.accountId());
        p.put("akid", c.accessKeyId());
        p.put("skv", c.secretKeyVersion());
        putIfPresent(p, "rid", c.roleId());
        putIfPresent(p, "rarn", c.roleArn());
        putIfPresent(p, "snm", c.sessionName());
        putIfPresent(p, "parn", c.parentPrincipalArn());
        putIfPresent(p, "pid", c.parentPrincipalId());
        putIfPresent(p, "srcid", c.sourceIdentity());
        if (!c.sessionTags().isEmpty()) {
            p.put("tags", new LinkedHashMap<>(c.sessionTags()));
        }
        if (!c.transitiveTagKeys().isEmpty()) {
            p.put("ttk", new ArrayList<>(c.transitiveTagKeys()));
        }
        p.put("dpt", c.chainDepth());
        p.put("mfa", c.mfaAuthenticated());
        if (c.mfaAuthenticatedAt() != null) {
            p.put("mfat", c.mfaAuthenticatedAt().getEpochSecond());
        }
        putIfPresent(p, "pol", c.sessionPolicy());
        if (!c.sessionPolicyArns().isEmpty()) {
            p.put("parns", c.sessionPolicyArns());
        }
        if (!c.carriedContext().isEmpty()) {
            p.put("ctx", new LinkedHashMap<>(c.carriedContext()));
        }
        return p;
    }

    /** Strict reading: a missing required claim or a wrong type throws IllegalArgumentException. */
    static SessionClaims fromPayload(Map<String, Object> p) {
        if (longValue(p, "ver") != VERSION) {
            throw new IllegalArgumentException("unknown token version");
        }
        Instant issuedAt = Instant.ofEpochSecond(longValue(p, "iat"));
        Duration duration = Duration.between(issuedAt, Instant.ofEpochSecond(longValue(p, "exp")));
        SessionGrant grant = new SessionGrant(
                SessionKind.valueOf(string(p, "knd", true)),
                string(p, "sub", true),
                string(p, "acct", true),
                duration,
                string(p, "rid", false),
                string(p, "rarn", false),
                string(p, "snm", false),
                string(p, "parn", false),
                string(p, "pid", false),
                string(p, "srcid", false),
                stringMap(p.get("tags")),
                new LinkedHashSet<>(stringList(p.get("ttk"))),
                Math.toIntExact(longValue(p, "dpt")),
                mfaTime(p),
                string(p, "pol", false),
                stringList(p.get("parns")),
                context(p.get("ctx")));
        return new SessionClaims(string(p, "iss", true), string(p, "aud", true), string(p, "jti", true),
                string(p, "akid", true), issuedAt, grant, Math.toIntExact(longValue(p, "skv")));
    }

    private static void putIfPresent(Map<String, Object> p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    private static String string(Map<String, Object> p, String name, boolean required) {
        Object v = p.get(name);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException("missing " + name);
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return s;
    }

    private static long longValue(Map<String, Object> p, String name) {
        if (!(p.get(name) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(name + " is not an integer");
        }
        return n.longValue();
    }

    /** "mfat" (epoch seconds of the MFA authentication) is present exactly when "mfa" is true. */
    private static Instant mfaTime(Map<String, Object> p) {
        boolean mfa = bool(p, "mfa");
        if (mfa != p.containsKey("mfat")) {
            throw new IllegalArgumentException("mfa and mfat disagree");
        }
        return mfa ? Instant.ofEpochSecond(longValue(p, "mfat")) : null;
    }

    private static boolean bool(Map<String, Object> p, String name) {
        if (!(p.get(name) instanceof Boolean b)) {
            throw new IllegalArgumentException(name + " is not a boolean");
        }
        return b;
    }

    private static List<String> stringList(Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("not a list");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("not a string list");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<String, String> stringMap(Object v) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, val) -> {
            if (!(k instanceof String ks) || !(val instanceof String vs)) {
                throw new IllegalArgumentException("not a string map");
            }
            out.put(ks, vs);
        });
        return out;
    }

    private static Map<String, List<String>> context(Object v) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not an object");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((k, val) -> {
            if (!(k instanceof String ks)) {
                throw new IllegalArgumentException("not a string key");
            }
            out.put(ks, stringList(val));
        });
        return out;
    }
}

package io.rolegate.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AWS attributes of a verified assertion (IAM User Guide, "Configure SAML assertions for the authentication
 * response"): Role (role-ARN,provider-ARN pairs, either order), RoleSessionName, SessionDuration, PrincipalTag:*,
 * TransitiveTagKeys and SourceIdentity. Tag rules are those of web identity's tags claim ({@link SessionTagsClaim}).
 */
public record SamlAwsAttributes(List<RolePair> roles, String sessionName, Optional<Integer> sessionDuration,
                                Map<String, String> sessionTags, List<String> transitiveTagKeys,
                                Optional<String> sourceIdentity) {
    public static final String PREFIX = "https://aws.amazon.com/SAML/Attributes/";
    public static final String ROLE = PREFIX + "Role";
    public static final String ROLE_SESSION_NAME = PREFIX + "RoleSessionName";
    public static final String SESSION_DURATION = PREFIX + "SessionDuration";
    public static final String PRINCIPAL_TAG = PREFIX + "PrincipalTag:";
    public static final String TRANSITIVE_TAG_KEYS = PREFIX + "TransitiveTagKeys";
    public static final String SOURCE_IDENTITY = PREFIX + "SourceIdentity";
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    /** One value of the Role attribute. */
    public record RolePair(String roleArn, String providerArn) {
    }

    public static SamlAwsAttributes of(SamlAssertion a) {
        List<String> names = a.values(ROLE_SESSION_NAME);
        if (names.size() != 1 || !NAME.matcher(names.get(0)).matches()) {
            throw SamlErrors.invalid(SamlErrors.SESSION_NAME_INVALID);
        }
        return new SamlAwsAttributes(pairs(a.values(ROLE)), names.get(0), duration(a.values(SESSION_DURATION)),
                tags(a).tags(), tags(a).transitiveKeys(), sourceIdentity(a.values(SOURCE_IDENTITY)));
    }

    /** Whether the assertion offers this role through this provider. */
    public boolean offers(String roleArn, String providerArn) {
        return roles.contains(new RolePair(roleArn, providerArn));
    }

    /** The (role, provider) pairs of Role attribute values; a value that is not such a pair offers nothing. */
    public static List<RolePair> pairs(List<String> values) {
        List<RolePair> out = new ArrayList<>();
        for (String v : values) {
            String[] parts = v.split(",");
            if (parts.length != 2) {
                continue; // not a pair: offers nothing
            }
            String a = parts[0].trim();
            String b = parts[1].trim();
            if (a.contains(":saml-provider/") && b.contains(":role/")) {
                out.add(new RolePair(b, a));
            } else if (a.contains(":role/") && b.contains(":saml-provider/")) {
                out.add(new RolePair(a, b));
            }
        }
        return List.copyOf(out);
    }

    private static Optional<Integer> duration(List<String> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        try {
            int seconds = values.size() == 1 ? Integer.parseInt(values.get(0)) : -1;
            if (seconds >= 900 && seconds <= 43_200) {
                return Optional.of(seconds);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw SamlErrors.invalid(SamlErrors.BAD_SESSION_DURATION);
    }

    private static SessionTagsClaim tags(SamlAssertion a) {
        Map<String, Object> principalTags = new LinkedHashMap<>();
        a.attributes().forEach((name, values) -> {
            if (name.startsWith(PRINCIPAL_TAG)) {
                principalTags.put(name.substring(PRINCIPAL_TAG.length()), values);
            }
        });
        List<String> transitive = a.values(TRANSITIVE_TAG_KEYS);
        if (principalTags.isEmpty() && transitive.isEmpty()) {
            return SessionTagsClaim.none();
        }
        return SessionTagsClaim.parse(Map.of("principal_tags", principalTags, "transitive_tag_keys", transitive),
                "the SAML PrincipalTag attributes");
    }

    private static Optional<String> sourceIdentity(List<String> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() != 1 || !NAME.matcher(values.get(0)).matches()
                || values.get(0).toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
            throw SamlErrors.invalid(SamlErrors.BAD_SOURCE_IDENTITY);
        }
        return Optional.of(values.get(0));
    }
}

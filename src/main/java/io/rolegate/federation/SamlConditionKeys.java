package io.rolegate.federation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code saml:} condition keys of an assertion for trust policies (IAM User Guide, "Available keys for SAML-based
 * AWS STS federation"): saml:aud (the Recipient), saml:iss, saml:sub, saml:sub_type, saml:namequalifier, saml:doc,
 * and the eduPerson/eduOrg/X.500 attributes by their {@code urn:oid:} names.
 */
public final class SamlConditionKeys {
    /** Only these carry into requests made with the session. */
    public static final List<String> CARRIED = List.of("saml:namequalifier", "saml:sub", "saml:sub_type");

    private static final Map<String, List<String>> BY_OID = Map.ofEntries(
            Map.entry("urn:oid:2.5.4.3", List.of("saml:cn", "saml:commonName")),
            Map.entry("urn:oid:2.5.4.4", List.of("saml:surname")),
            Map.entry("urn:oid:2.5.4.41", List.of("saml:name")),
            Map.entry("urn:oid:2.5.4.42", List.of("saml:givenName")),
            Map.entry("urn:oid:2.5.4.45", List.of("saml:x500UniqueIdentifier")),
            Map.entry("urn:oid:0.9.2342.19200300.100.1.1", List.of("saml:uid")),
            Map.entry("urn:oid:0.9.2342.19200300.100.1.3", List.of("saml:mail")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", List.of("saml:edupersonaffiliation")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.2", List.of("saml:edupersonnickname")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.3", List.of("saml:edupersonorgdn")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.4", List.of("saml:edupersonorgunitdn")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.5", List.of("saml:edupersonprimaryaffiliation")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", List.of("saml:edupersonprincipalname")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.7", List.of("saml:edupersonentitlement")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.8", List.of("saml:edupersonprimaryorgunitdn")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.9", List.of("saml:edupersonscopedaffiliation")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.10", List.of("saml:edupersontargetedid")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.11", List.of("saml:edupersonassurance")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.2", List.of("saml:eduorghomepageuri")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.3", List.of("saml:eduorgidentityauthnpolicyuri")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.4", List.of("saml:eduorglegalname")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.5", List.of("saml:eduorgsuperioruri")),
            Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.6", List.of("saml:eduorgwhitepagesuri")));

    private SamlConditionKeys() {
    }

    /** Every saml: key of the assertion, key -> values (insertion-ordered). */
    public static Map<String, List<String>> of(SamlAssertion a, String accountId, String providerName) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("saml:aud", List.of(a.recipient()));
        out.put("saml:iss", List.of(a.issuer()));
        out.put("saml:sub", List.of(a.subject()));
        out.put("saml:sub_type", List.of(a.subjectType()));
        out.put("saml:namequalifier", List.of(a.nameQualifier(accountId, providerName)));
        out.put("saml:doc", List.of(accountId + "/" + providerName));
        a.attributes().forEach((name, values) -> {
            for (String key : BY_OID.getOrDefault(name, List.of())) {
                if (!values.isEmpty()) {
                    out.put(key, values);
                }
            }
        });
        return out;
    }
}

package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.model.OidcProvider;
import io.rolegate.iam.OidcProviderDirectory;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.ListOpenIdConnectProviderTagsResponse;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;
import software.amazon.awssdk.services.iam.model.Tag;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.rolegate.it.RolesTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IAM OIDC providers through the real AWS SDK v2. Every provider host starts with "opt-" (shared app and database). */
@QuarkusTest
class OidcProvidersTest {
    static final String T1 = "0123456789abcdef0123456789abcdef01234567";
    static final String T2 = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
    static final String INVALID_URL = "Invalid Open ID Connect Provider URL";

    @TestHTTPResource("/")
    URL base;
    @Inject
    OidcProviderDirectory directory;

    IamClient alpha() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    IamClient beta() {
        return Aws.iam(base, Aws.BETA_ADMIN);
    }

    static String arn(String account, String urlWithoutScheme) {
        return "arn:aws:iam::" + account + ":oidc-provider/" + urlWithoutScheme;
    }

    @Test
    void createGetListDelete() {
        IamClient iam = alpha();
        var created = iam.createOpenIDConnectProvider(b -> b.url("https://opt-one.example.com/tenant/1")
                .clientIDList("sts.amazonaws.com", "app-1").thumbprintList(T1)
                .tags(Tag.builder().key("team").value("core").build()));
        String arn = arn(Aws.ALPHA, "opt-one.example.com/tenant/1");
        assertEquals(arn, created.openIDConnectProviderArn());
        assertEquals(List.of(Tag.builder().key("team").value("core").build()), created.tags());

        GetOpenIdConnectProviderResponse got = iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn));
        assertEquals("opt-one.example.com/tenant/1", got.url());
        assertEquals(List.of("sts.amazonaws.com", "app-1"), got.clientIDList());
        assertEquals(List.of(T1), got.thumbprintList());
        assertNotNull(got.createDate());
        assertEquals(1, got.tags().size());

        List<String> listed = iam.listOpenIDConnectProviders().openIDConnectProviderList().stream()
                .map(OpenIDConnectProviderListEntry::arn).toList();
        assertTrue(listed.contains(arn), listed.toString());

        iam.deleteOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn));
        fails("NoSuchEntity", 404, "OpenIDConnect Provider not found for arn " + arn,
                () -> iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)));
        fails("NoSuchEntity", 404, "OpenIDConnect Provider not found for arn " + arn,
                () -> iam.deleteOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)));
        assertFalse(iam.listOpenIDConnectProviders().openIDConnectProviderList().stream().anyMatch(e -> e.arn().equals(arn)));
        // the url is free again, without thumbprints or client ids (both optional)
        iam.createOpenIDConnectProvider(b -> b.url("https://opt-one.example.com/tenant/1"));
        GetOpenIdConnectProviderResponse bare = iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn));
        assertTrue(bare.clientIDList().isEmpty());
        assertTrue(bare.thumbprintList().isEmpty());
        assertTrue(bare.tags().isEmpty());
    }

    @Test
    void duplicatesAreRefused() {
        IamClient iam = alpha();
        iam.createOpenIDConnectProvider(b -> b.url("https://opt-dup.example.com").thumbprintList(T1));
        fails("EntityAlreadyExists", 409, "Provider with url https://opt-dup.example.com already exists.",
                () -> iam.createOpenIDConnectProvider(b -> b.url("https://opt-dup.example.com").thumbprintList(T2)));
        // the same issuer in another account is another provider
        assertEquals(arn(Aws.BETA, "opt-dup.example.com"),
                beta().createOpenIDConnectProvider(b -> b.url("https://opt-dup.example.com")).openIDConnectProviderArn());
    }

    @Test
    void malformedUrlsAreRefused() {
        IamClient iam = alpha();
        for (String url : List.of("http://opt-bad.example.com", "https://opt-bad.example.com:8443/x",
                "https://opt-bad.example.com/path?query=1", "https://opt-bad.example.com/#frag", "opt-bad.example.com",
                "HTTPS://opt-bad.example.com", "ftp://opt-bad.example.com", "https://", "https://user@opt-bad.example.com",
                "http://10.1.2.3:8080/realm", "http://opt-bad.localhost.example.com:80/x", "http://128.0.0.1:80")) {
            fails("ValidationError", 400, INVALID_URL, () -> iam.createOpenIDConnectProvider(b -> b.url(url)));
        }
        String longUrl = "https://opt-" + "x".repeat(250) + ".example.com";
        fails("ValidationError", 400, "1 validation error detected: Value '" + longUrl + "' at 'url' failed to satisfy "
                + "constraint: Member must have length less than or equal to 255", () -> iam.createOpenIDConnectProvider(b -> b.url(longUrl)));
        fails("ValidationError", 400, "1 validation error detected: Value null at 'url' failed to satisfy constraint: "
                + "Member must not be null", () -> iam.createOpenIDConnectProvider(b -> b.clientIDList("x")));
    }

    @Test
    void httpLoopbackIssuersWhenTheOperatorAllowsThem() {
        IamClient iam = alpha();
        String arn = iam.createOpenIDConnectProvider(b -> b.url("http://127.0.0.1:8180/realms/opt-loop").clientIDList("app"))
                .openIDConnectProviderArn();
        assertEquals(arn(Aws.ALPHA, "127.0.0.1:8180/realms/opt-loop"), arn);
        assertEquals("http://127.0.0.1:8180/realms/opt-loop",
                iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).url(), "http providers keep their scheme");
        assertEquals(arn(Aws.ALPHA, "localhost:9999/opt-loop"),
                iam.createOpenIDConnectProvider(b -> b.url("http://localhost:9999/opt-loop")).openIDConnectProviderArn());
        assertEquals(arn(Aws.ALPHA, "[::1]:8080/opt-loop"),
                iam.createOpenIDConnectProvider(b -> b.url("http://[::1]:8080/opt-loop")).openIDConnectProviderArn());
        assertEquals(arn(Aws.ALPHA, "127.9.8.7/opt-loop"),
                iam.createOpenIDConnectProvider(b -> b.url("http://127.9.8.7/opt-loop")).openIDConnectProviderArn());

        Optional<OidcProvider> p = directory.byIssuer(Aws.ALPHA, "http://127.0.0.1:8180/realms/opt-loop");
        assertTrue(p.isPresent());
        assertTrue(p.get().plainHttp());
        assertEquals("http://127.0.0.1:8180/realms/opt-loop", p.get().issuerUrl());
        assertEquals(List.of("app"), p.get().clientIds());
        assertTrue(directory.byIssuer(Aws.ALPHA, "https://127.0.0.1:8180/realms/opt-loop").isEmpty(), "the scheme matters");
    }

    @Test
    void thumbprintRules() {
        IamClient iam = alpha();
        fails("InvalidInput", 400, "Thumbprint list must contain fewer than 5 entries.",
                () -> iam.createOpenIDConnectProvider(b -> b.url("https://opt-thumb.example.com")
                        .thumbprintList(T1, T2, T1.replace('0', '1'), T1.replace('0', '2'), T1.replace('0', '3'), T1.replace('0', '4'))));
        String short39 = T1.substring(1);
        fails("ValidationError", 400, "1 validation error detected: Value '[" + short39 + "]' at 'thumbprintList' failed to "
                        + "satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 40]",
                () -> iam.createOpenIDConnectProvider(b -> b.url("https://opt-thumb.example.com").thumbprintList(short39)));
        fails("InvalidInput", 400, null,
                () -> iam.createOpenIDConnectProvider(b -> b.url("https://opt-thumb.example.com").thumbprintList("z".repeat(40))));

        String arn = iam.createOpenIDConnectProvider(b -> b.url("https://opt-thumb.example.com")
                .thumbprintList(T1, T2, T1.replace('0', '1'), T1.replace('0', '2'), T1.replace('0', '3'))).openIDConnectProviderArn();
        assertEquals(5, iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).thumbprintList().size());
        iam.updateOpenIDConnectProviderThumbprint(b -> b.openIDConnectProviderArn(arn).thumbprintList(T2));
        assertEquals(List.of(T2.toLowerCase()), iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).thumbprintList());
        fails("InvalidInput", 400, "Thumbprint list must contain fewer than 5 entries.",
                () -> iam.updateOpenIDConnectProviderThumbprint(b -> b.openIDConnectProviderArn(arn)
                        .thumbprintList(T1, T2, T1.replace('0', '1'), T1.replace('0', '2'), T1.replace('0', '3'), T1.replace('0', '4'))));
        String missing = arn(Aws.ALPHA, "opt-none.example.com");
        fails("NoSuchEntity", 404, "OpenIDConnect Provider not found for arn " + missing,
                () -> iam.updateOpenIDConnectProviderThumbprint(b -> b.openIDConnectProviderArn(missing).thumbprintList(T1)));
    }

    @Test
    void clientIdsAreASetOfAtMost100() {
        IamClient iam = alpha();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("client-" + i);
        }
        fails("LimitExceeded", 409, "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100",
                () -> iam.createOpenIDConnectProvider(b -> b.url("https://opt-clients.example.com").clientIDList(many)));
        String arn = iam.createOpenIDConnectProvider(b -> b.url("https://opt-clients.example.com").clientIDList(many.subList(0, 99)))
                .openIDConnectProviderArn();
        iam.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID("client-0")); // idempotent
        iam.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID("client-99"));
        assertEquals(100, iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).clientIDList().size());
        fails("LimitExceeded", 409, "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100",
                () -> iam.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID("client-100")));
        iam.removeClientIDFromOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID("client-0"));
        iam.removeClientIDFromOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID("never-there"));
        List<String> now = iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).clientIDList();
        assertEquals(99, now.size());
        assertFalse(now.contains("client-0"));
        assertEquals("client-99", now.get(now.size() - 1));
        fails("ValidationError", 400, "1 validation error detected: Value '' at 'clientID' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1",
                () -> iam.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID("")));
        // duplicates in the create list collapse
        String arn2 = iam.createOpenIDConnectProvider(b -> b.url("https://opt-clients2.example.com").clientIDList("a", "b", "a"))
                .openIDConnectProviderArn();
        assertEquals(List.of("a", "b"), iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn2)).clientIDList());
    }

    @Test
    void tagsOnProviders() {
        IamClient iam = alpha();
        String arn = iam.createOpenIDConnectProvider(b -> b.url("https://opt-tags.example.com")).openIDConnectProviderArn();
        iam.tagOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).tags(Tag.builder().key("a").value("1").build(),
                Tag.builder().key("b").value("2").build()));
        iam.tagOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).tags(Tag.builder().key("A").value("3").build()));
        ListOpenIdConnectProviderTagsResponse t = iam.listOpenIDConnectProviderTags(b -> b.openIDConnectProviderArn(arn));
        assertEquals(List.of(Tag.builder().key("A").value("3").build(), Tag.builder().key("b").value("2").build()), t.tags());
        ListOpenIdConnectProviderTagsResponse p1 = iam.listOpenIDConnectProviderTags(b -> b.openIDConnectProviderArn(arn).maxItems(1));
        assertTrue(p1.isTruncated());
        assertEquals("b", iam.listOpenIDConnectProviderTags(b -> b.openIDConnectProviderArn(arn).marker(p1.marker())).tags().get(0).key());
        iam.untagOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).tagKeys("a"));
        assertEquals(List.of(Tag.builder().key("b").value("2").build()),
                iam.listOpenIDConnectProviderTags(b -> b.openIDConnectProviderArn(arn)).tags());
        fails("InvalidInput", 400, "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
                () -> iam.tagOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).tags(Tag.builder().key("x").value("1").build(),
                        Tag.builder().key("X").value("2").build())));
        // tags go with the provider
        iam.deleteOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn));
        iam.createOpenIDConnectProvider(b -> b.url("https://opt-tags.example.com"));
        assertTrue(iam.listOpenIDConnectProviderTags(b -> b.openIDConnectProviderArn(arn)).tags().isEmpty());
    }

    @Test
    void accountsAreIsolated() {
        String arn = alpha().createOpenIDConnectProvider(b -> b.url("https://opt-iso.example.com")).openIDConnectProviderArn();
        IamClient beta = beta();
        // the ARN names another account's resource: authorization refuses before any lookup, in the legacy form that
        // does not reveal the other account's configuration (docs/aws-behaviour.md §5.6)
        String denied = "User: arn:aws:iam::222222222222:user/admin is not authorized to perform: iam:GetOpenIDConnectProvider "
                + "on resource: " + arn;
        fails("AccessDenied", 403, denied, () -> beta.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)));
        fails("AccessDenied", 403, null, () -> beta.deleteOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)));
        fails("AccessDenied", 403, null, () -> beta.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID("x")));
        fails("AccessDenied", 403, null, () -> beta.tagOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)
                .tags(Tag.builder().key("k").value("v").build())));
        assertTrue(beta.listOpenIDConnectProviders().openIDConnectProviderList().stream()
                .allMatch(e -> e.arn().startsWith("arn:aws:iam::222222222222:")));
        assertTrue(directory.byIssuer(Aws.BETA, "https://opt-iso.example.com").isEmpty());
        assertEquals("opt-iso.example.com", alpha().getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).url());
        // beta's own view of the same issuer is its own provider
        assertEquals(arn(Aws.BETA, "opt-iso.example.com"),
                beta.createOpenIDConnectProvider(b -> b.url("https://opt-iso.example.com")).openIDConnectProviderArn());
        assertEquals(arn(Aws.BETA, "opt-iso.example.com"), directory.byIssuer(Aws.BETA, "https://opt-iso.example.com").orElseThrow().arn());
    }

    @Test
    void directoryFindsProvidersByIssuerAndSeesChanges() {
        IamClient iam = alpha();
        String arn = iam.createOpenIDConnectProvider(b -> b.url("https://opt-dir.example.com/id/ABC").clientIDList("sts.amazonaws.com")
                .thumbprintList(T1)).openIDConnectProviderArn();
        OidcProvider p = directory.byIssuer(Aws.ALPHA, "https://opt-dir.example.com/id/ABC").orElseThrow();
        assertEquals(arn, p.arn());
        assertEquals("opt-dir.example.com/id/ABC", p.url());
        assertEquals("https://opt-dir.example.com/id/ABC", p.issuerUrl());
        assertEquals(List.of(T1), p.thumbprints());
        assertEquals(arn, directory.byIssuer(Aws.ALPHA, "opt-dir.example.com/id/ABC").orElseThrow().arn(), "iss without scheme");
        assertTrue(directory.byIssuer(Aws.ALPHA, "https://opt-dir.example.com/id/ABC/").isEmpty(), "exact match");
        assertTrue(directory.byIssuer(Aws.ALPHA, "https://opt-dir.example.com/id/abc").isEmpty(), "case-sensitive");
        assertEquals(arn, directory.byArn(arn).orElseThrow().arn());

        iam.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID("second"));
        assertEquals(List.of("sts.amazonaws.com", "second"),
                directory.byIssuer(Aws.ALPHA, "https://opt-dir.example.com/id/ABC").orElseThrow().clientIds());
        iam.deleteOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn));
        assertTrue(directory.byIssuer(Aws.ALPHA, "https://opt-dir.example.com/id/ABC").isEmpty());
        assertTrue(directory.byArn(arn).isEmpty());
    }

    static String webIdentityTrust(String providerArn, String host) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\""
                + host + ":aud\":\"sts.amazonaws.com\"}}}]}";
    }

    @Test
    void trustPoliciesMayNameOnlyExistingProvidersOfHostedAccounts() {
        IamClient iam = alpha();
        String missing = arn(Aws.ALPHA, "opt-trust.example.com");
        fails("MalformedPolicyDocument", 400, "Invalid principal in policy: \"Federated\":\"" + missing + "\"",
                () -> iam.createRole(b -> b.roleName("opt-web").assumeRolePolicyDocument(webIdentityTrust(missing, "opt-trust.example.com"))));
        String arn = iam.createOpenIDConnectProvider(b -> b.url("https://opt-trust.example.com").clientIDList("sts.amazonaws.com"))
                .openIDConnectProviderArn();
        assertEquals(missing, arn);
        assertEquals("opt-web", iam.createRole(b -> b.roleName("opt-web")
                .assumeRolePolicyDocument(webIdentityTrust(arn, "opt-trust.example.com"))).role().roleName());
        // an account this gateway does not host cannot be checked
        String elsewhere = arn("999999999999", "opt-trust.example.com");
        iam.createRole(b -> b.roleName("opt-web-elsewhere").assumeRolePolicyDocument(webIdentityTrust(elsewhere, "opt-trust.example.com")));
    }

    @Test
    void atMost100ProvidersPerAccount() {
        IamClient beta = beta();
        int existing = beta.listOpenIDConnectProviders().openIDConnectProviderList().size();
        List<String> mine = new ArrayList<>();
        try {
            for (int i = existing; i < 100; i++) {
                int n = i;
                mine.add(beta.createOpenIDConnectProvider(b -> b.url("https://opt-quota.example.com/" + n)).openIDConnectProviderArn());
            }
            fails("LimitExceeded", 409, "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100",
                    () -> beta.createOpenIDConnectProvider(b -> b.url("https://opt-quota.example.com/one-more")));
        } finally {
            mine.forEach(a -> beta.deleteOpenIDConnectProvider(b -> b.openIDConnectProviderArn(a)));
        }
        assertEquals(existing, beta.listOpenIDConnectProviders().openIDConnectProviderList().size());
    }
}

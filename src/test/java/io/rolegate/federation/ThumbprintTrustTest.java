package io.rolegate.federation;

import io.rolegate.federation.TestCertificates.Issued;
import io.rolegate.federation.runtime.VertxDocumentFetcher;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thumbprint pinning is the JDK's PKIX validation anchored at the pinned certificate: chains a public CA would not be
 * allowed to build are refused under a pinned one too. The servers are real HTTPS issuers on 127.0.0.1 presenting
 * chains made here; the fetcher trusts no public CA for them, so only the pin can make them acceptable.
 */
class ThumbprintTrustTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    static VertxDocumentFetcher fetcher; // its HTTP clients close with VERTX
    static Issued pinnedCa;

    @BeforeAll
    static void start() throws Exception {
        fetcher = Fixtures.fetcher(VERTX.get(), true, Fixtures.patient(), ThumbprintTrust.jdkDefault());
        pinnedCa = TestCertificates.cert("pinned ca").ca().make();
    }

    private static Issued leafFor127(Issued issuer) throws Exception {
        return TestCertificates.cert("idp").server().ip("127.0.0.1").issuedBy(issuer).make();
    }

    /** Fetches the discovery document from a server presenting {@code leaf + above}, pinning {@code pinned}. */
    private static String fetch(X509Certificate pinned, Issued leaf, X509Certificate... above) throws Exception {
        try (TestIssuer idp = new TestIssuer("", TestCertificates.server(leaf, above))) {
            return fetch(idp, pinned);
        }
    }

    private static String fetch(TestIssuer idp, X509Certificate pinned) throws Exception {
        return fetcher.forThumbprints(java.util.List.of(ThumbprintTrust.sha1(pinned)))
                .fetch(new URL(idp.url() + "/.well-known/openid-configuration")).body();
    }

    private static void refused(X509Certificate pinned, Issued leaf, X509Certificate... above) throws Exception {
        try (TestIssuer idp = new TestIssuer("", TestCertificates.server(leaf, above))) {
            KeyFetchFailure f = assertThrows(KeyFetchFailure.class, () -> fetch(idp, pinned));
            assertEquals(KeyFetchFailure.Kind.REFUSED, f.kind(), f.getMessage());
            assertTrue(f.getMessage().startsWith("TLS failure"), f.getMessage());
            assertEquals(0, idp.discoveryHits.get(), "nothing was sent over the refused connection");
        }
    }

    @Test
    void properChainUnderThePinnedCaIsAccepted() throws Exception {
        Issued leaf = leafFor127(pinnedCa);
        assertTrue(fetch(pinnedCa.certificate(), leaf, pinnedCa.certificate()).contains("jwks_uri"));
    }

    @Test
    void pinnedTopIntermediateIsTheAnchor() throws Exception {
        Issued intermediate = TestCertificates.cert("intermediate").ca().issuedBy(pinnedCa).make();
        Issued leaf = leafFor127(intermediate);
        // the server sends leaf + intermediate; the intermediate is the top certificate, its SHA-1 the thumbprint
        assertTrue(fetch(intermediate.certificate(), leaf, intermediate.certificate()).contains("jwks_uri"));
    }

    @Test
    void leafUsedAsCaUnderThePinnedCaIsRefused() throws Exception {
        Issued leaf = TestCertificates.cert("some other idp host").server().dns("other.example").issuedBy(pinnedCa)
                .make();
        Issued forged = leafFor127(leaf); // signed with the leaf's key: basicConstraints CA=false forbids it
        refused(pinnedCa.certificate(), forged, leaf.certificate(), pinnedCa.certificate());
    }

    @Test
    void certificateWithoutBasicConstraintsCannotIssueEither() throws Exception {
        Issued plain = TestCertificates.cert("no extensions").issuedBy(pinnedCa).make();
        refused(pinnedCa.certificate(), leafFor127(plain), plain.certificate(), pinnedCa.certificate());
    }

    @Test
    void caWithoutKeyCertSignCannotIssue() throws Exception {
        Issued signless = TestCertificates.cert("ca without keyCertSign").ca().keyUsage(KeyUsage.digitalSignature)
                .issuedBy(pinnedCa).make();
        refused(pinnedCa.certificate(), leafFor127(signless), signless.certificate(), pinnedCa.certificate());
    }

    @Test
    void pathLengthOfAnIntermediateIsEnforced() throws Exception {
        Issued noSubCas = TestCertificates.cert("intermediate with pathLen 0").ca(0).issuedBy(pinnedCa).make();
        Issued sub = TestCertificates.cert("sub ca").ca().issuedBy(noSubCas).make();
        refused(pinnedCa.certificate(), leafFor127(sub), sub.certificate(), noSubCas.certificate(),
                pinnedCa.certificate());
    }

    @Test
    void pathLengthOfThePinnedCaIsEnforced() throws Exception {
        Issued noSubCas = TestCertificates.cert("pinned ca with pathLen 0").ca(0).make();
        Issued sub = TestCertificates.cert("sub ca").ca().issuedBy(noSubCas).make();
        refused(noSubCas.certificate(), leafFor127(sub), sub.certificate(), noSubCas.certificate());
        assertTrue(fetch(noSubCas.certificate(), leafFor127(noSubCas), noSubCas.certificate()).contains("jwks_uri"));
    }

    @Test
    void wrongHostIsRefused() throws Exception {
        Issued leaf = leafFor127(pinnedCa); // names 127.0.0.1 only
        try (TestIssuer idp = new TestIssuer("", TestCertificates.server(leaf, pinnedCa.certificate()))) {
            idp.host("localhost");
            KeyFetchFailure f = assertThrows(KeyFetchFailure.class, () -> fetch(idp, pinnedCa.certificate()));
            assertEquals(KeyFetchFailure.Kind.REFUSED, f.kind(), f.getMessage());
            assertEquals(0, idp.discoveryHits.get());
        }
    }

    @Test
    void expiredLeafIsRefused() throws Exception {
        Instant now = Instant.now();
        Issued expired = TestCertificates.cert("idp").server().ip("127.0.0.1").issuedBy(pinnedCa)
                .valid(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))).make();
        refused(pinnedCa.certificate(), expired, pinnedCa.certificate());
    }

    @Test
    void expiredPinnedCaIsRefused() throws Exception {
        Instant now = Instant.now();
        Issued oldCa = TestCertificates.cert("expired pinned ca").ca()
                .valid(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))).make();
        refused(oldCa.certificate(), leafFor127(oldCa), oldCa.certificate());
    }

    @Test
    void unlistedTopCertificateIsRefused() throws Exception {
        Issued otherCa = TestCertificates.cert("not pinned").ca().make();
        refused(pinnedCa.certificate(), leafFor127(otherCa), otherCa.certificate());
    }
}

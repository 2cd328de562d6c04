package io.rolegate.federation;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * X.509 certificates for TLS tests, made with BouncyCastle: CAs, intermediates and leaves with exactly the extensions a
 * test wants (or lacks), plus the server and client TLS contexts built from them.
 */
final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate with its key pair. */
    record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private TestCertificates() {
    }

    /** Starts a certificate for {@code cn}: by default a one-day leaf with no extensions, self-signed. */
    static Spec cert(String cn) {
        return new Spec(cn);
    }

    static final class Spec {
        private final String cn;
        private Issued issuer;
        private Integer caPathLength; // null: no basicConstraints; -1: CA without a path length
        private boolean ca;
        private Integer keyUsage;
        private boolean serverAuth;
        private final List<GeneralName> names = new ArrayList<>();
        private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(1));

        private Spec(String cn) {
            this.cn = cn;
        }

        Spec issuedBy(Issued issuer) {
            this.issuer = issuer;
            return this;
        }

        /** basicConstraints CA=true (critical), keyUsage keyCertSign + cRLSign. */
        Spec ca() {
            this.ca = true;
            this.caPathLength = -1;
            this.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
            return this;
        }

        Spec ca(int pathLength) {
            ca();
            this.caPathLength = pathLength;
            return this;
        }

        /** A TLS server leaf: basicConstraints CA=false, keyUsage digitalSignature + keyEncipherment, EKU serverAuth. */
        Spec server() {
            this.ca = false;
            this.caPathLength = null;
            this.keyUsage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
            this.serverAuth = true;
            return this;
        }

        Spec keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        Spec ip(String address) {
            names.add(new GeneralName(GeneralName.iPAddress, address));
            return this;
        }

        Spec dns(String name) {
            names.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        Spec valid(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        Issued make() throws Exception {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair keys = gen.generateKeyPair();
            X500Name subject = new X500Name("CN=" + cn);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            if (ca) {
                b.addExtension(Extension.basicConstraints, true,
                        caPathLength == -1 ? new BasicConstraints(true) : new BasicConstraints(caPathLength));
            } else if (serverAuth) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            }
            if (keyUsage != null) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            }
            if (serverAuth) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            if (!names.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            KeyPair signer = issuer == null ? keys : issuer.keys();
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
            return new Issued(cert, keys);
        }
    }

    /** A server context presenting {@code leaf} followed by {@code above} (in the order a server sends them). */
    static SSLContext server(Issued leaf, X509Certificate... above) throws GeneralSecurityException, java.io.IOException {
        X509Certificate[] chain = new X509Certificate[above.length + 1];
        chain[0] = leaf.certificate();
        System.arraycopy(above, 0, chain, 1, above.length);
        char[] pw = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", leaf.keys().getPrivate(), pw, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client trust manager whose only anchors are {@code anchors} (the JDK's PKIX). */
    static X509ExtendedTrustManager trusting(X509Certificate... anchors) throws GeneralSecurityException,
            java.io.IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < anchors.length; i++) {
            trust.setCertificateEntry("anchor-" + i, anchors[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509ExtendedTrustManager");
    }
}

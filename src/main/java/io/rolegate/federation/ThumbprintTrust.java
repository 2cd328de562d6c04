package io.rolegate.federation;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TLS trust for one OIDC provider, as AWS describes it (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html):
 * the JDK's public CAs first; only if they do not vouch for the server and the provider has a ThumbprintList, the
 * top certificate the server sent (the "top intermediate CA", whose SHA-1 is the thumbprint) is looked up in the
 * list and, when listed, becomes the one trust anchor of the JDK's own PKIX validation of the chain below it. So
 * basicConstraints, keyUsage, extendedKeyUsage, path length and validity are checked by the JDK exactly as for a
 * public CA, and so is the host name (endpoint identification, which pinned trust insists on). Without thumbprints
 * this is exactly the base trust.
 */
public final class ThumbprintTrust {
    private ThumbprintTrust() {
    }

    /** The JDK's default trust (its cacerts, or whatever javax.net.ssl.trustStore names). */
    public static X509ExtendedTrustManager jdkDefault() {
        return pkix(null);
    }

    /**
     * @param base the trust tried first (normally {@link #jdkDefault()}); used alone when no thumbprints are given
     */
    public static X509ExtendedTrustManager forThumbprints(List<String> thumbprints, X509ExtendedTrustManager base) {
        if (thumbprints == null || thumbprints.isEmpty()) {
            return base;
        }
        return new Pinned(base, thumbprints.stream().map(t -> t.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The thumbprint of a certificate as IAM lists it: hex SHA-1 of the DER encoding. */
    public static String sha1(X509Certificate cert) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    /** The JDK's PKIX trust manager over the given anchors (null: the default trust store). */
    private static X509ExtendedTrustManager pkix(KeyStore anchors) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS trust", e);
        }
    }

    /** PKIX anchored at the one pinned certificate. */
    private static X509ExtendedTrustManager anchoredAt(X509Certificate pinned) throws CertificateException {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            anchors.setCertificateEntry("pinned", pinned);
            return pkix(anchors);
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateException("cannot use the pinned certificate as trust anchor", e);
        }
    }

    private static final class Pinned extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager base;
        private final Set<String> thumbprints;

        Pinned(X509ExtendedTrustManager base, Set<String> thumbprints) {
            this.base = base;
            this.thumbprints = thumbprints;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, engine == null ? null : engine.getSSLParameters(),
                    tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, socket instanceof SSLSocket s ? s.getSSLParameters() : null,
                    tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        /** The same check for a connection, by the base trust and, failing that, by the pinned anchor. */
        private interface Check {
            void by(X509ExtendedTrustManager trust) throws CertificateException;
        }

        private void check(X509Certificate[] chain, SSLParameters connection, Check check)
                throws CertificateException {
            try {
                check.by(base);
            } catch (CertificateException notPublic) {
                requireHostNameCheck(connection, notPublic);
                check.by(pinnedAnchor(chain, notPublic));
            }
        }

        /** Without a connection there is no host name to verify: no pinned trust then. */
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            base.checkServerTrusted(chain, authType);
        }

        /**
         * The trust manager anchored at the top certificate the server sent, if its thumbprint is listed. PKIX treats
         * an anchor as a name and a key (RFC 5280 section 6.1.1), so what the pinned certificate itself says is
         * checked here: its validity period, and, when it issued the rest of the chain, that it is a CA allowed to
         * sign certificates with no more CAs below it than its path length allows.
         */
        private X509ExtendedTrustManager pinnedAnchor(X509Certificate[] chain, CertificateException notPublic)
                throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw notPublic;
            }
            X509Certificate top = chain[chain.length - 1];
            if (!thumbprints.contains(sha1(top))) {
                throw notPublic;
            }
            top.checkValidity();
            if (chain.length > 1) {
                boolean[] usage = top.getKeyUsage();
                if (top.getBasicConstraints() < 0 || (usage != null && !usage[5])) {
                    throw new CertificateException("the pinned certificate is not a CA: it cannot issue the chain");
                }
                if (chain.length - 2 > top.getBasicConstraints()) {
                    throw new CertificateException("the chain has more CAs below the pinned certificate than its "
                            + "path length constraint (" + top.getBasicConstraints() + ") allows");
                }
            }
            return anchoredAt(top);
        }

        private static void requireHostNameCheck(SSLParameters params, CertificateException notPublic)
                throws CertificateException {
            if (params == null || !"HTTPS".equalsIgnoreCase(params.getEndpointIdentificationAlgorithm())) {
                CertificateException e = new CertificateException(
                        "pinned trust requires host name verification (endpoint identification HTTPS)");
                e.addSuppressed(notPublic);
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return base.getAcceptedIssuers();
        }
    }
}

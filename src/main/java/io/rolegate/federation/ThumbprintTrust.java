package io.rolegate.federation;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TLS trust for one OIDC provider (docs/aws-behaviour.md §6.1/6.2): the JDK's public CAs first; if that fails and the
 * provider has a ThumbprintList, the chain is accepted when the SHA-1 of its top certificate (the last one the server
 * sent) is
 * listed, every certificate is within its validity, each one is signed by the next, and the leaf names the host
 * (subjectAltName DNS, one leading wildcard label, or IP). Without thumbprints this is exactly the JDK trust.
 */
public final class ThumbprintTrust {
    private ThumbprintTrust() {
    }

    /** @param base the socket factory to use when no thumbprints are given (normally the JDK default) */
    public static SSLSocketFactory socketFactory(List<String> thumbprints, SSLSocketFactory base) {
        if (thumbprints == null || thumbprints.isEmpty()) {
            return base;
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            X509ExtendedTrustManager jdk = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    jdk = x;
                }
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new Manager(jdk, normalise(thumbprints))}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS trust", e);
        }
    }

    private static Set<String> normalise(List<String> thumbprints) {
        return thumbprints.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    static String sha1(X509Certificate cert) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    /** subjectAltName match only (no CN fallback), as browsers do. */
    static boolean namesHost(X509Certificate leaf, String host) throws CertificateParsingException {
        Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
        if (sans == null || host == null) {
            return false;
        }
        boolean ip = host.contains(":") || host.matches("[0-9.]+");
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (ip && type == 7) {
                try {
                    if (InetAddress.getByName(value).equals(InetAddress.getByName(host))) { // literals: no DNS
                        return true;
                    }
                } catch (java.net.UnknownHostException ignored) {
                    // not a literal after all
                }
            } else if (!ip && type == 2 && dnsMatches(value.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static final class Manager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager jdk;
        private final Set<String> thumbprints;

        Manager(X509ExtendedTrustManager jdk, Set<String> thumbprints) {
            this.jdk = jdk;
            this.thumbprints = thumbprints;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                jdk.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                String host = socket instanceof SSLSocket s && s.getHandshakeSession() != null
                        ? s.getHandshakeSession().getPeerHost() : null;
                if (!pinned(chain, host)) {
                    throw e;
                }
            }
        }

        private boolean pinned(X509Certificate[] chain, String host) throws CertificateException {
            if (chain == null || chain.length == 0 || !thumbprints.contains(sha1(chain[chain.length - 1]))) {
                return false;
            }
            for (int i = 0; i < chain.length; i++) {
                chain[i].checkValidity();
                if (i + 1 < chain.length) {
                    try {
                        chain[i].verify(chain[i + 1].getPublicKey());
                    } catch (GeneralSecurityException e) {
                        return false;
                    }
                }
            }
            return namesHost(chain[0], host);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            jdk.checkServerTrusted(chain, authType, engine); // not used: we only make sockets
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkServerTrusted(chain, authType);
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
            return jdk.getAcceptedIssuers();
        }
    }
}

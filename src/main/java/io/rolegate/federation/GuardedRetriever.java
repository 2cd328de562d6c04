package io.rolegate.federation;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A nimbus {@link ResourceRetriever} for tenant-supplied IdP URLs: a deliberately small HTTP/1.1 GET that connects to
 * the addresses {@link AddressGuard} checked (never resolving the name again), verifies TLS against the JDK trust store
 * with host name verification and SNI for the original name, never follows redirects, and enforces a connect
 * timeout, a per-read timeout, an overall deadline and a response size cap. No proxy support, no keep-alive
 * ({@code Connection: close}), no compression (none is requested).
 */
public final class GuardedRetriever implements ResourceRetriever {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final AddressGuard guard;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final long totalTimeoutNanos;
    private final int sizeLimit;
    private final SSLSocketFactory tls;

    public GuardedRetriever(AddressGuard guard, Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
                            int sizeLimitBytes, SSLSocketFactory tls) {
        this.guard = guard;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
        this.totalTimeoutNanos = totalTimeout.toNanos();
        this.sizeLimit = sizeLimitBytes;
        this.tls = tls;
    }

    /** The same retriever with another TLS trust (per provider: see {@link ThumbprintTrust}). */
    public GuardedRetriever withTls(SSLSocketFactory tls) {
        return new GuardedRetriever(guard, connectTimeoutMillis, readTimeoutMillis, totalTimeoutNanos, sizeLimit, tls);
    }

    private GuardedRetriever(AddressGuard guard, int connect, int read, long totalNanos, int sizeLimit,
                             SSLSocketFactory tls) {
        this.guard = guard;
        this.connectTimeoutMillis = connect;
        this.readTimeoutMillis = read;
        this.totalTimeoutNanos = totalNanos;
        this.sizeLimit = sizeLimit;
        this.tls = tls;
    }

    /** Trust for a provider: public CAs, else its thumbprints. */
    public GuardedRetriever forThumbprints(java.util.List<String> thumbprints) {
        return thumbprints.isEmpty() ? this : withTls(ThumbprintTrust.socketFactory(thumbprints, tls));
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        List<InetAddress> addresses = guard.check(url);
        boolean https = url.getProtocol().equalsIgnoreCase("https");
        String host = url.getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
        long deadline = System.nanoTime() + totalTimeoutNanos;
        try (Socket raw = connect(addresses, port)) {
            raw.setSoTimeout(readTimeoutMillis);
            Socket socket = https ? startTls(raw, bareHost, port) : raw;
            String target = url.getFile().isEmpty() ? "/" : url.getFile();
            String hostHeader = url.getPort() == -1 ? host : host + ":" + port;
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nAccept: application/json\r\nUser-Agent: rolegate-oidc\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(new DeadlineInput(socket.getInputStream(), deadline), url);
        } catch (KeyFetchFailure e) {
            throw e;
        } catch (SSLException e) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "TLS failure with " + host + ": " + e.getMessage());
        } catch (IOException e) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "I/O failure with " + host + ": " + e, e);
        }
    }

    private Socket connect(List<InetAddress> addresses, int port) throws KeyFetchFailure {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
                return socket;
            } catch (IOException e) {
                last = e;
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
        throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "cannot connect: " + last, last);
    }

    private SSLSocket startTls(Socket raw, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(raw, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    private Resource read(InputStream in, URL url) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "not an HTTP/1.x response from " + url.getHost());
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "bad HTTP status line from " + url.getHost());
        }
        long contentLength = -1;
        boolean chunked = false;
        String contentType = null;
        int headerBytes = statusLine.length();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            headerBytes += h.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "response headers too large");
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "bad Content-Length");
                    }
                }
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "content-type" -> contentType = value;
                default -> { }
            }
        }
        if (status >= 300 && status < 400) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "redirects are not followed (HTTP " + status + ")");
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "HTTP " + status + " from " + url.getHost());
        }
        if (status != 200) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "HTTP " + status + " from " + url.getHost());
        }
        byte[] body;
        if (chunked) {
            body = readChunked(in);
        } else if (contentLength >= 0) {
            if (contentLength > sizeLimit) {
                throw tooLarge();
            }
            body = in.readNBytes((int) contentLength);
            if (body.length != contentLength) {
                throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "truncated response");
            }
        } else {
            body = readCapped(in);
        }
        return new Resource(new String(body, StandardCharsets.UTF_8), contentType);
    }

    private byte[] readCapped(InputStream in) throws IOException {
        byte[] body = in.readNBytes(sizeLimit + 1);
        if (body.length > sizeLimit) {
            throw tooLarge();
        }
        return body;
    }

    private byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "bad chunk size");
            }
            if (size == 0) {
                return out.toByteArray(); // trailers are ignored: the connection is closed anyway
            }
            if (size < 0 || out.size() + size > sizeLimit) {
                throw tooLarge();
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length != size) {
                throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "truncated response");
            }
            out.write(chunk);
            line(in); // CRLF after the chunk
        }
    }

    private KeyFetchFailure tooLarge() {
        return new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "response larger than " + sizeLimit + " bytes");
    }

    /** One CRLF- (or LF-) terminated header line, bounded. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "connection closed early");
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEADER_BYTES) {
                throw new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "response line too long");
            }
            sb.append((char) c);
        }
    }

    /** Fails reads once the overall deadline has passed: a slow-drip server cannot hold a fetch open forever. */
    private static final class DeadlineInput extends InputStream {
        private final InputStream in;
        private final long deadline;

        DeadlineInput(InputStream in, long deadline) {
            this.in = new java.io.BufferedInputStream(in, 8192);
            this.deadline = deadline;
        }

        private void check() throws SocketTimeoutException {
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("overall fetch deadline passed");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return in.read(b, off, len);
        }
    }
}

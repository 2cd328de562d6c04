package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak (the dist zip that {@code ./mvnw verify} unpacks into target/keycloak) as the OIDC identity
 * provider of web identity federation end-to-end tests. It listens on a free 127.0.0.1 port with its hostname pinned
 * (so the token issuer never follows a request's Host header) and imports the realm
 * src/test/resources/keycloak/rolegate-realm.json: confidential client {@value #CLIENT_ID} (client-credentials grant)
 * whose access tokens carry aud={@value #AUDIENCE}, repository_owner=acme and groups=[deployers, readers]; the
 * portal's web client {@value #PORTAL_CLIENT_ID} (code flow, PKCE S256 required) and the people {@link #ALICE} and
 * {@link #BOB}.
 *
 * <p>Start-up takes tens of seconds, so tests share one server per JVM: {@link #sharedOrSkip()} (or {@link #shared()}).
 * "Per JVM" includes @QuarkusTest classes, which Quarkus loads in its own class loader (so a static field alone would
 * start a second Keycloak there): the running server is published in a system property and attached to from there.
 * A JVM shutdown hook stops it; a shell watchdog also stops it if this JVM dies without running its hooks.
 * Each server gets a fresh home under target/keycloak-runs/&lt;uuid&gt; (symlinks to the dist, its own data dir and
 * keycloak.log with Keycloak's stdout/stderr).
 */
public final class KeycloakServer {
    public static final String REALM = "rolegate";
    public static final String CLIENT_ID = "ci-runner";
    public static final String CLIENT_SECRET = "ci-runner-secret";
    public static final String AUDIENCE = "sts.amazonaws.com";
    public static final String ADMIN_USERNAME = "admin";
    /** The portal's confidential web client: standard flow, PKCE S256 required, redirects to http://127.0.0.1:*. */
    public static final String PORTAL_CLIENT_ID = "rolegate-portal";
    public static final String PORTAL_CLIENT_SECRET = "rolegate-portal-secret";

    /** A person of the test realm (users alice and bob, with their groups as the {@code groups} claim). */
    public record Person(String username, String password, String email, List<String> groups) {
    }

    public static final Person ALICE = new Person("alice", "alice-password", "alice@acme.example",
            List.of("deployers", "readers"));
    public static final Person BOB = new Person("bob", "bob-password", "bob@acme.example", List.of("readers"));

    /** -Dkeycloak.home=DIR: use this Keycloak dist instead of target/keycloak/keycloak-*. */
    public static final String HOME_PROPERTY = "keycloak.home";
    /**
     * -Dkeycloak.required=true: fail instead of skipping when Keycloak cannot start. The pom sets it for every
     * {@code ./mvnw verify} (so CI never goes green without the real test); only {@link #SKIP_PROPERTY} opts out.
     */
    public static final String REQUIRED_PROPERTY = "keycloak.required";
    /** -Dkeycloak.skip=true: the developer opt-out; the Keycloak tests report themselves skipped, nothing starts. */
    public static final String SKIP_PROPERTY = "keycloak.skip";

    /** -Dkeycloak.startupTimeoutSeconds=N (default 240: a first start took 161 s here on 2 busy cores). */
    public static final String TIMEOUT_PROPERTY = "keycloak.startupTimeoutSeconds";

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 240));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String REALM_RESOURCE = "/keycloak/rolegate-realm.json";
    private static final String ADMIN_PASSWORD_FILE = "admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keycloak could not be started here; the message says why and where its log is. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** JVM-global (not per class loader) record of the shared server, or of why it could not start. */
    private static final String SHARED_PROPERTY = "io.rolegate.it.KeycloakServer.shared";
    private static final String FAILURE_PROPERTY = "io.rolegate.it.KeycloakServer.failure";
    /** A string literal is interned, hence one object in every class loader: the JVM-wide lock for the shared server. */
    private static final Object SHARED_LOCK = "io.rolegate.it.KeycloakServer.lock";

    private static KeycloakServer shared;

    private final ProcessHandle process;
    private final boolean owner;
    private final Path runDir;
    private final Path logFile;
    private final int port;
    private final String adminPassword;
    private final HttpClient http;
    private final Duration startupTime;
    private volatile JsonNode discovery;
    private volatile boolean stopped;

    private KeycloakServer(ProcessHandle process, boolean owner, Path runDir, Path logFile, int port,
                           String adminPassword, HttpClient http, Duration startupTime, JsonNode discovery) {
        this.process = process;
        this.owner = owner;
        this.runDir = runDir;
        this.logFile = logFile;
        this.port = port;
        this.adminPassword = adminPassword;
        this.http = http;
        this.startupTime = startupTime;
        this.discovery = discovery;
    }

    // ---------------------------------------------------------------- shared server

    /**
     * The JVM-wide server, started on the first call and stopped by a shutdown hook (don't stop it yourself). A start
     * failure is remembered, so later callers fail fast with an {@link UnavailableException} instead of waiting again.
     */
    public static KeycloakServer shared() {
        synchronized (SHARED_LOCK) {
            if (shared != null && shared.process.isAlive()) {
                return shared;
            }
            String failure = System.getProperty(FAILURE_PROPERTY);
            if (failure != null) {
                throw new UnavailableException(failure, null);
            }
            String published = System.getProperty(SHARED_PROPERTY);
            if (published != null) {
                shared = attach(published);
                return shared;
            }
            try {
                KeycloakServer server = start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
                System.setProperty(SHARED_PROPERTY, server.publish());
                shared = server;
                return server;
            } catch (UnavailableException e) {
                System.setProperty(FAILURE_PROPERTY, e.getMessage());
                throw e;
            }
        }
    }

    /** No secrets here: surefire copies system properties into its reports. The admin password stays in a file. */
    private String publish() {
        return String.join("\n", Long.toString(process.pid()), Integer.toString(port),
                runDir.toString(), logFile.toString(), Long.toString(startupTime.toMillis()));
    }

    /** A new view of the published shared server, as another class loader gets it (for the harness self-test). */
    static KeycloakServer attachToShared() {
        String published = System.getProperty(SHARED_PROPERTY);
        if (published == null) {
            throw new IllegalStateException("no shared Keycloak published");
        }
        return attach(published);
    }

    /** The view of the shared server that another class loader started and published. */
    private static KeycloakServer attach(String published) {
        String[] f = published.split("\n");
        ProcessHandle process = ProcessHandle.of(Long.parseLong(f[0])).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new UnavailableException("the shared Keycloak (pid " + f[0] + ") is gone", null));
        int port = Integer.parseInt(f[1]);
        Path runDir = Path.of(f[2]);
        HttpClient http = httpClient();
        JsonNode discovery = tryGetJson(http, discoveryUri(port)).orElseThrow(() -> new UnavailableException(
                "the shared Keycloak on port " + port + " does not answer; log " + f[3], null));
        String adminPassword;
        try {
            adminPassword = Files.readString(runDir.resolve(ADMIN_PASSWORD_FILE));
        } catch (IOException e) {
            throw new UnavailableException("cannot read the shared Keycloak's admin password: " + e, e);
        }
        return new KeycloakServer(process, false, runDir, Path.of(f[3]), port, adminPassword, http,
                Duration.ofMillis(Long.parseLong(f[4])), discovery);
    }

    /**
     * {@link #shared()} for JUnit tests. With -Dkeycloak.skip=true the calling test is skipped (JUnit assumption)
     * without starting anything. If Keycloak cannot start, the test fails when -Dkeycloak.required=true (the pom's
     * default) and is skipped with the reason otherwise (e.g. run from an IDE).
     */
    public static KeycloakServer sharedOrSkip() {
        if (Boolean.getBoolean(SKIP_PROPERTY)) {
            Assumptions.abort("Keycloak tests skipped: -D" + SKIP_PROPERTY + "=true");
        }
        try {
            return shared();
        } catch (UnavailableException e) {
            if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
                throw e;
            }
            Assumptions.abort("Keycloak not available, skipping: " + e.getMessage());
            throw e; // not reached
        }
    }

    // ---------------------------------------------------------------- start / stop

    /** Starts a new, unshared server (callers must {@link #stop()} it). Prefer {@link #shared()}. */
    public static KeycloakServer start() {
        Path dist = findDist();
        UnavailableException last = null;
        // The free port is only free when we probed it; if another process grabs it first, try once more.
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                return start(dist);
            } catch (PortTakenException e) {
                last = new UnavailableException(e.getMessage(), null);
            }
        }
        throw last;
    }

    private static final class PortTakenException extends RuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private static KeycloakServer start(Path dist) {
        long t0 = System.nanoTime();
        int port = LocalProcesses.freePort();
        int managementPort = LocalProcesses.freePort();
        Path runDir = LocalProcesses.target().resolve("keycloak-runs").resolve(UUID.randomUUID().toString());
        Path logFile = runDir.resolve("keycloak.log");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String adminPassword = HexFormat.of().formatHex(secret);
        Process process;
        try {
            prepareHome(dist, runDir);
            Path passwordFile = Files.createFile(runDir.resolve(ADMIN_PASSWORD_FILE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, adminPassword);
            ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", WATCHDOG,
                    runDir.resolve("bin/kc.sh").toString(),
                    "start-dev",
                    "--import-realm",
                    "--db=dev-mem",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    "--http-management-port=" + managementPort,
                    "--hostname=http://127.0.0.1:" + port,
                    "--log-console-color=false"));
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("KEYCLOAK_") || k.startsWith("JAVA_OPTS")
                    || k.equals("JAVA_ADD_OPENS") || k.equals("DEBUG") || k.equals("JAVA"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            env.put("WATCH_PID", Long.toString(ProcessHandle.current().pid()));
            pb.directory(runDir.toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(logFile.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            process = pb.start();
        } catch (IOException e) {
            throw new UnavailableException("cannot launch Keycloak from " + dist + ": " + e, e);
        }

        HttpClient http = httpClient();
        URI discoveryUri = discoveryUri(port);
        long deadline = t0 + STARTUP_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String tail = LocalProcesses.tail(logFile, 30);
                    destroyTree(process.toHandle());
                    if (tail.contains("Address already in use") || tail.contains("Port(s) already bound")) {
                        throw new PortTakenException("Keycloak port " + port + " was taken; log " + logFile);
                    }
                    throw new UnavailableException("Keycloak exited with status " + process.exitValue()
                            + " before answering; log " + logFile + ":\n" + tail, null);
                }
                Optional<JsonNode> doc = tryGetJson(http, discoveryUri);
                if (doc.isPresent()) {
                    return new KeycloakServer(process.toHandle(), true, runDir, logFile, port, adminPassword, http,
                            Duration.ofNanos(System.nanoTime() - t0), doc.get());
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree(process.toHandle());
            throw new UnavailableException("interrupted while waiting for Keycloak; log " + logFile, e);
        } catch (RuntimeException e) {
            destroyTree(process.toHandle());
            throw e;
        }
        destroyTree(process.toHandle());
        throw new UnavailableException("Keycloak did not answer " + discoveryUri + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; log " + logFile + ":\n" + LocalProcesses.tail(logFile, 30), null);
    }

    /**
     * Runs kc.sh ("$0" and its arguments) in the background and stops it (kc.sh forwards SIGTERM to Keycloak's JVM)
     * when the test JVM (WATCH_PID) disappears without having stopped it, e.g. after a SIGKILL.
     */
    private static final String WATCHDOG = """
            "$0" "$@" &
            kc=$!
            trap 'kill -TERM $kc 2>/dev/null; wait $kc; exit 143' TERM INT
            while kill -0 "$WATCH_PID" 2>/dev/null && kill -0 $kc 2>/dev/null; do sleep 1; done
            kill -TERM $kc 2>/dev/null
            wait $kc
            """;

    /**
     * A fresh Keycloak home for this run: bin/kc.sh is copied (kc.sh derives the home from its own resolved path),
     * lib/conf/providers/themes are symlinks into the dist, data/ is new and holds the realm to import.
     */
    private static void prepareHome(Path dist, Path runDir) throws IOException {
        Files.createDirectories(runDir.resolve("bin"));
        Files.copy(dist.resolve("bin/kc.sh"), runDir.resolve("bin/kc.sh"), StandardCopyOption.REPLACE_EXISTING);
        for (String dir : List.of("lib", "conf", "providers", "themes")) {
            Files.createSymbolicLink(runDir.resolve(dir), dist.resolve(dir).toAbsolutePath());
        }
        Path importDir = Files.createDirectories(runDir.resolve("data/import"));
        try (InputStream realm = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new UnavailableException("realm " + REALM_RESOURCE + " missing from the test classpath", null);
            }
            Files.copy(realm, importDir.resolve("rolegate-realm.json"));
        }
    }

    /**
     * Stops Keycloak: SIGTERM to the whole process tree (graceful), then SIGKILL whatever is left after
     * 20 s (bounded wait). Idempotent. Removes the run's data dir and keeps its log. A no-op on the view of a
     * shared server started in another class loader (its owner's shutdown hook stops it).
     */
    public synchronized void stop() {
        if (stopped || !owner) {
            return;
        }
        stopped = true;
        destroyTree(process);
        LocalProcesses.deleteRecursively(runDir.resolve("data"));
        LocalProcesses.deleteRecursively(runDir.resolve(ADMIN_PASSWORD_FILE));
    }

    private static void destroyTree(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception timeoutOrInterrupt) {
                // killed below
            }
        }
        for (ProcessHandle p : tree) {
            if (p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // nothing more we can do
                }
            }
        }
    }

    // ---------------------------------------------------------------- endpoints and tokens

    /** http://127.0.0.1:PORT (no trailing slash). */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The realm's issuer, e.g. http://127.0.0.1:PORT/realms/rolegate (the "iss" of its tokens). */
    public String issuer() {
        return discovery.get("issuer").asText();
    }

    /** The issuer's host and path without scheme, as IAM names an OIDC provider: 127.0.0.1:PORT/realms/rolegate. */
    public String issuerHostAndPath() {
        return issuer().replaceFirst("^https?://", "");
    }

    public URI discoveryUri() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }

    /** The discovery document as Keycloak served it when it became ready. */
    public JsonNode discovery() {
        return discovery;
    }

    public URI jwksUri() {
        return URI.create(discovery.get("jwks_uri").asText());
    }

    public URI authorizationEndpoint() {
        return URI.create(discovery.get("authorization_endpoint").asText());
    }

    public URI tokenEndpoint() {
        return URI.create(discovery.get("token_endpoint").asText());
    }

    /** The JWKS JSON as currently served (fetched on every call, so key rotations show). */
    public String jwksJson() {
        return get(jwksUri());
    }

    /** A fresh access token (a signed JWT, RS256) for {@value #CLIENT_ID} through the client-credentials grant. */
    public String tokenForClientCredentials() {
        return tokenForClientCredentials(CLIENT_ID, CLIENT_SECRET);
    }

    /** A fresh access token for any confidential client of the realm through the client-credentials grant. */
    public String tokenForClientCredentials(String clientId, String clientSecret) {
        String basic = Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint())
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        return accessToken(request, "client " + clientId);
    }

    /** The bootstrap admin's password (master realm, user {@value #ADMIN_USERNAME}); random per server. */
    public String adminPassword() {
        return adminPassword;
    }

    /** An access token of the bootstrap admin for Keycloak's admin REST API (/admin/realms/...). */
    public String adminToken() {
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve("/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + form(ADMIN_USERNAME) + "&password=" + form(adminPassword)))
                .build();
        return accessToken(request, "admin");
    }

    /** Keycloak's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** From launching kc.sh until the discovery document answered. */
    public Duration startupTime() {
        return startupTime;
    }

    /** PID of Keycloak's JVM (the java process under kc.sh), if it is running. */
    public Optional<Long> javaPid() {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    public boolean isRunning() {
        return !stopped && process.isAlive();
    }

    @Override
    public String toString() {
        return "Keycloak " + issuer() + " (log " + logFile + ")";
    }

    // ---------------------------------------------------------------- helpers

    private String accessToken(HttpRequest request, String who) {
        HttpResponse<String> response = send(http, request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request for " + who + " failed: HTTP " + response.statusCode()
                    + " " + response.body());
        }
        try {
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String get(URI uri) {
        HttpResponse<String> response = send(http,
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY) // only ever 127.0.0.1
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private static URI discoveryUri(int port) {
        return URI.create("http://127.0.0.1:" + port + "/realms/" + REALM + "/.well-known/openid-configuration");
    }

    private static Optional<JsonNode> tryGetJson(HttpClient http, URI uri) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException notYet) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Path findDist() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                throw new UnavailableException("-D" + HOME_PROPERTY + "=" + configured + " has no bin/kc.sh", null);
            }
            return home;
        }
        Path unpacked = LocalProcesses.target().resolve("keycloak");
        try (Stream<Path> dirs = Files.isDirectory(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("bin/kc.sh")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new UnavailableException("no Keycloak dist under " + unpacked
                            + " (./mvnw verify unpacks it; or pass -D" + HOME_PROPERTY + ")",
                            null));
        } catch (IOException e) {
            throw new UnavailableException("cannot list " + unpacked + ": " + e, e);
        }
    }
}

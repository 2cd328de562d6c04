package io.rolegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}, built by {@code ./mvnw package}) as a separate
 * process, the way it runs in production (prod profile), on a store the caller chooses: its own data directory under
 * target/gateway-runs/&lt;name&gt;, the test bootstrap file (the known admin keys of {@link Aws}), a free port per
 * start. {@link #start()} returns once /q/health/ready answers 200; {@link #kill()} sends SIGKILL; {@link #start()}
 * again restarts it on the same data. Its stdout and stderr go to target/gateway-runs/&lt;name&gt;.log, appended
 * across restarts with a marker line per start. Several instances may share one PostgreSQL (replicas): give them
 * the same {@code rolegate.master-key} with {@link #property}.
 */
public final class GatewayProcess implements AutoCloseable {
    /** -Drolegate.it.jar=PATH: run this jar instead of target/quarkus-app/quarkus-run.jar. */
    public static final String JAR_PROPERTY = "rolegate.it.jar";
    /** -Drolegate.it.startupTimeoutSeconds=N (default 120: a busy 2-core machine). */
    public static final String TIMEOUT_PROPERTY = "rolegate.it.startupTimeoutSeconds";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 120));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** Where the gateway keeps its data: the embedded H2 file in its data directory, or a PostgreSQL database. */
    public record Store(String name, Map<String, String> properties) {
        public static Store h2() {
            return new Store("H2", Map.of());
        }

        /** Selects the PostgreSQL datasource as README's "Configuration" section describes. */
        public static Store postgresql(String jdbcUrl, String username, String password) {
            return new Store("PostgreSQL", Map.of(
                    "quarkus.datasource.active", "false",
                    "quarkus.datasource.postgresql.jdbc.url", jdbcUrl,
                    "quarkus.datasource.postgresql.username", username,
                    "quarkus.datasource.postgresql.password", password));
        }
    }

    private final String name;
    private final Path dataDir;
    private final Path logFile;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int port;
    private int starts;

    private GatewayProcess(String name, Store store) {
        this.name = name;
        Path runs = LocalProcesses.target().resolve("gateway-runs");
        this.dataDir = runs.resolve(name);
        this.logFile = runs.resolve(name + ".log");
        properties.put("rolegate.data-dir", dataDir.toString());
        properties.put("rolegate.bootstrap.file",
                LocalProcesses.target().resolve("test-classes/bootstrap-test.yaml").toString());
        // the test bootstrap connects a people's sign-in on an http loopback issuer (PortalPagesTest)
        properties.put("rolegate.oidc.allow-http-loopback", "true");
        // the integration tests write as fast as they can from one principal (CrashDurabilityIT, MultiReplicaIT), as
        // the in-process tests do with the test profile; request-rate limits are ThrottlingTest's subject
        properties.put("rolegate.throttle.enabled", "false");
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.putAll(store.properties());
    }

    /** A gateway named {@code name} (its data directory and log) on {@code store}, with fresh data; not started. */
    public static GatewayProcess on(String name, Store store) {
        GatewayProcess g = new GatewayProcess(name, store);
        LocalProcesses.deleteRecursively(g.dataDir);
        try {
            Files.createDirectories(g.dataDir);
            Files.deleteIfExists(g.logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    /** Adds or replaces a configuration property (a -D system property of the gateway's JVM) for the next start. */
    public GatewayProcess property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Adds or replaces an environment variable of the gateway's process (README's ROLEGATE_... names) for the next start. */
    public GatewayProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** What an operator command printed, and its exit status. */
    public record CommandResult(int status, String stdout, String stderr) {
    }

    /**
     * Runs an operator command ({@code java -jar quarkus-run.jar ARGS}) as a separate process with this gateway's
     * configuration (its data directory, store, properties and environment), the way an operator runs it beside
     * the running gateway; waits for it to exit.
     */
    public CommandResult command(String... args) {
        List<String> command = new ArrayList<>(commandLine());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("ROLEGATE_")
                || k.startsWith("JAVA_TOOL_OPTIONS") || k.startsWith("JDK_JAVA_OPTIONS"));
        pb.environment().putAll(environment);
        pb.directory(dataDir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Path out = Files.createTempFile("rolegate-command", ".out");
            Path err = Files.createTempFile("rolegate-command", ".err");
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("command " + List.of(args) + " did not finish");
            }
            CommandResult r = new CommandResult(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            Files.writeString(logFile, "==== command " + List.of(args) + " exited " + r.status() + "\n" + r.stderr(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code java ... -jar quarkus-run.jar} with this gateway's properties: an operator command without its arguments. */
    public List<String> commandLine() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar().toString());
        return command;
    }

    /** The environment variables this gateway (and its commands) run with. */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /**
     * Starts the gateway and expects it to fail: returns its exit status once it has exited, and what it printed
     * in this start.
     */
    public synchronized CommandResult startExpectingFailure() {
        long before = logFile.toFile().length();
        try {
            start();
        } catch (IllegalStateException expected) {
            try {
                String all = Files.readString(logFile);
                return new CommandResult(process.exitValue(), all.substring((int) Math.min(before, all.length())), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        stop();
        throw new AssertionError(name + " started although it should not have");
    }

    /** Starts the gateway (again, on the same data) and waits until it is ready. */
    public synchronized GatewayProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged gateway at " + jar + ": run ./mvnw package (or verify) first");
        }
        port = LocalProcesses.freePort();
        starts++;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("ROLEGATE_")
                || k.startsWith("JAVA_TOOL_OPTIONS") || k.startsWith("JDK_JAVA_OPTIONS"));
        pb.environment().putAll(environment);
        pb.directory(dataDir.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Files.writeString(logFile, "==== start " + starts + " of " + name + " on port " + port + " at "
                    + Instant.now() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = pb.start();
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly)); // never outlive the tests
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + command, e);
        }
        awaitReady();
        return this;
    }

    private void awaitReady() {
        URI ready = URI.create(baseUri() + "/q/health/ready");
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " before it was ready; log " + logFile + ":\n" + LocalProcesses.tail(logFile, 40));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // retry below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            LocalProcesses.sleep(100);
        }
        kill();
        throw new IllegalStateException(name + " was not ready within " + STARTUP_TIMEOUT.toSeconds() + " s; log "
                + logFile + ":\n" + LocalProcesses.tail(logFile, 40));
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook, no graceful stop, nothing flushed. Waits until the process is gone. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly(); // on Linux and macOS the JDK sends SIGKILL
            awaitExit(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM (graceful shutdown), then SIGKILL after 20 s. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!awaitExit(STOP_TIMEOUT)) {
                kill();
            }
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** http://127.0.0.1:PORT of the current (or last) start; the port changes at every start. */
    public synchronized URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The base URL for {@link Aws#iam} and {@link Aws#sts}. */
    public URL url() {
        try {
            return baseUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    private static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured).toAbsolutePath()
                : LocalProcesses.target().resolve("quarkus-app/quarkus-run.jar");
    }

    @Override
    public String toString() {
        return name + (process == null ? " (not started)" : " pid " + process.pid() + " port " + port);
    }
}

package io.rolegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production shape of k8s/ and src/main/docker/Dockerfile.jvm (issue 12): every manifest parses, and they hold
 * the properties an operator relies on, so a change that weakens one fails here.
 */
class ProductionManifestsTest {
    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> manifests() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                            assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind"), f + ": " + doc);
                            docs.add(doc);
                        }
                    }
                }
            }
        }
        return docs;
    }

    private static JsonNode one(String kind) throws IOException {
        List<JsonNode> found = manifests().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind + " in k8s/");
        return found.get(0);
    }

    private static JsonNode container() throws IOException {
        JsonNode containers = one("Deployment").at("/spec/template/spec/containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static Optional<JsonNode> env(String name) throws IOException {
        for (JsonNode e : container().path("env")) {
            if (e.path("name").asText().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Test
    void everyKindOfAProductionDeploymentIsThere() throws IOException {
        List<String> kinds = manifests().stream().map(d -> d.path("kind").asText()).toList();
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                "NetworkPolicy", "ServiceAccount")) {
            assertTrue(kinds.contains(kind), kind + " in " + kinds);
        }
    }

    @Test
    void podsRunLockedDown() throws IOException {
        JsonNode pod = one("Deployment").at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals(185, pod.at("/securityContext/runAsUser").asInt());
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
        JsonNode sc = container().path("securityContext");
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
        assertFalse(sc.path("privileged").asBoolean(true));
        assertEquals("[\"ALL\"]", sc.at("/capabilities/drop").toString());
    }

    @Test
    void resourcesAndProbesAreSet() throws IOException {
        JsonNode c = container();
        for (String p : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory",
                "/resources/limits/cpu")) {
            assertFalse(c.at(p).asText().isBlank(), p);
        }
        assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText());
        assertEquals("HTTPS", c.at("/readinessProbe/httpGet/scheme").asText());
    }

    @Test
    void secretsAreReferencedNeverInlined() throws IOException {
        assertTrue(manifests().stream().noneMatch(d -> d.path("kind").asText().equals("Secret")),
                "no Secret with values in k8s/: the operator creates them");
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f).toUpperCase(Locale.ROOT);
                assertFalse(text.contains("REPLACE-ME") || text.contains("CHANGEME") || text.contains("CHANGE-ME"), f.toString());
            }
        }
        for (String name : List.of("ROLEGATE_MASTER_KEY", "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD",
                "QUARKUS_DATASOURCE_POSTGRESQL_USERNAME", "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL")) {
            JsonNode ref = env(name).orElseThrow(() -> new AssertionError(name)).at("/valueFrom/secretKeyRef");
            assertFalse(ref.isMissingNode(), name + " from a Secret");
            assertFalse(ref.path("optional").asBoolean(false), name + ": a missing Secret must stop the pod");
            assertTrue(env(name).get().path("value").isMissingNode(), name + " has no inline value");
        }
    }

    @Test
    void postgresqlIsRequiredAndTheIssuerIsConfigured() throws IOException {
        assertEquals("false", env("QUARKUS_DATASOURCE_ACTIVE").orElseThrow().path("value").asText());
        JsonNode publicUrl = env("ROLEGATE_PUBLIC_URL").orElseThrow().at("/valueFrom/configMapKeyRef");
        assertFalse(publicUrl.isMissingNode());
        assertFalse(publicUrl.path("optional").asBoolean(false));
    }

    @Test
    void tlsIsServedAndPlainHttpRefused() throws IOException {
        assertEquals("disabled", env("QUARKUS_HTTP_INSECURE_REQUESTS").orElseThrow().path("value").asText());
        String cert = env("QUARKUS_HTTP_SSL_CERTIFICATE_FILES").orElseThrow().path("value").asText();
        JsonNode pod = one("Deployment").at("/spec/template/spec");
        String tlsVolume = null;
        for (JsonNode m : container().path("volumeMounts")) {
            if (cert.startsWith(m.path("mountPath").asText() + "/")) {
                tlsVolume = m.path("name").asText();
            }
        }
        assertTrue(tlsVolume != null, "certificate on a mounted volume");
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(tlsVolume)) {
                assertFalse(v.at("/secret/secretName").asText().isBlank(), "certificate from a Secret");
                assertFalse(v.at("/secret/optional").asBoolean(false));
            }
        }
    }

    /** No first admin is generated into the pod's filesystem: the bootstrap file is present and creates nobody. */
    @Test
    void noBootstrapCredentialsLandInThePod() throws IOException {
        String file = env("ROLEGATE_BOOTSTRAP_FILE").orElseThrow().path("value").asText();
        JsonNode configMap = manifests().stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                && d.at("/metadata/name").asText().equals("rolegate-bootstrap")).findFirst().orElseThrow();
        String content = configMap.at("/data/" + Path.of(file).getFileName()).asText();
        JsonNode bootstrap = YAML.readTree(content);
        for (JsonNode account : bootstrap.path("accounts")) {
            assertTrue(account.path("admin").isMissingNode() || account.path("admin").isNull(), content);
        }
        assertTrue(bootstrap.has("accounts"));
    }

    @Test
    void availabilityObjectsSelectTheDeployment() throws IOException {
        JsonNode labels = one("Deployment").at("/spec/template/metadata/labels");
        assertEquals(labels, one("PodDisruptionBudget").at("/spec/selector/matchLabels"));
        assertTrue(one("PodDisruptionBudget").at("/spec/minAvailable").asInt() >= 1);
        assertEquals(labels, one("Service").at("/spec/selector"));
        assertEquals(labels, one("NetworkPolicy").at("/spec/podSelector/matchLabels"));
        assertEquals("[\"Ingress\",\"Egress\"]", one("NetworkPolicy").at("/spec/policyTypes").toString());
        JsonNode hpa = one("HorizontalPodAutoscaler").path("spec");
        assertEquals("rolegate", hpa.at("/scaleTargetRef/name").asText());
        assertTrue(hpa.path("minReplicas").asInt() >= 2);
        assertTrue(one("Deployment").at("/spec/replicas").asInt() >= 2);
    }

    @Test
    void containerImageRunsAsNonRootOnAReadOnlyRoot() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(lines.get(0).startsWith("ARG BASE_IMAGE=registry.access.redhat.com/ubi9/openjdk-17-runtime:"),
                lines.get(0));
        assertEquals("FROM ${BASE_IMAGE}", lines.get(1), "the base is a build argument (build-local.sh: a Debian one)");
        List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
        assertEquals("USER 185", users.get(users.size() - 1), "the last USER, the one that runs");
        int lastUser = lines.lastIndexOf("USER 185");
        assertTrue(lines.subList(lastUser, lines.size()).stream().noneMatch(l -> l.startsWith("RUN ")));
        String volume = lines.stream().filter(l -> l.startsWith("VOLUME ")).findFirst().orElseThrow();
        assertTrue(volume.contains("\"/var/lib/rolegate\"") && volume.contains("\"/tmp\""), volume);
        assertTrue(lines.contains("ENV ROLEGATE_DATA_DIR=/var/lib/rolegate"));
        assertTrue(lines.stream().filter(l -> l.startsWith("COPY ")).allMatch(l -> l.contains("--chown=0:0")),
                "application files belong to root, not to the user that runs");
    }
}

package io.rolegate.it;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference service "projects" in the packaged gateway ({@link GatewayProcess}), configured as README "The
 * reference service: projects" says: off by default (its paths are unknown paths), switched on by the environment
 * variables, served on the gateway's own port to curl's {@code --aws-sigv4}, and failing closed (503) when the
 * gateway it asks cannot be reached.
 */
class ProjectsServiceIT {
    private static final AwsBasicCredentials SERVICE = Aws.MONITRON_ADMIN;

    static GatewayProcess enabled(String name) {
        return GatewayProcess.on(name, GatewayProcess.Store.h2())
                .environment("ROLEGATE_PROJECTS_ENABLED", "true")
                .environment("ROLEGATE_PROJECTS_ACCESS_KEY_ID", SERVICE.accessKeyId())
                .environment("ROLEGATE_PROJECTS_SECRET_ACCESS_KEY", SERVICE.secretAccessKey());
    }

    @Test
    void offByDefaultItsPathsAreUnknownPaths() throws Exception {
        try (GatewayProcess g = GatewayProcess.on("projects-off", GatewayProcess.Store.h2()).start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(g.baseUri() + "/no-such-path"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode());
            for (String path : List.of("/projects", "/projects/Dallas")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(g.baseUri() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(404, r.statusCode(), path);
                assertEquals(unknown.body(), r.body(), path);
                assertTrue(r.headers().firstValue("x-amzn-ErrorType").isEmpty(), path);
            }
        }
    }

    @Test
    void switchedOnByTheEnvironmentItAnswersCurlOnTheSamePort() {
        try (GatewayProcess g = enabled("projects-on").start()) {
            String url = g.baseUri() + "/projects";
            String owner = SERVICE.accessKeyId() + ":" + SERVICE.secretAccessKey();
            String created = curl(owner, "-X", "POST", "-H", "Content-Type: application/json",
                    "--data", "{\"name\":\"Dallas\"}", url);
            assertTrue(created.startsWith("200\n"), created);
            assertTrue(created.contains("\"projectArn\":\"arn:aws:monitron:us-east-1:123456789012:project/Dallas\""),
                    created);
            assertTrue(curl(owner, url + "/Dallas").startsWith("200\n"));
            // temporary credentials: the session token in its header, as the README shows
            Credentials session = Aws.sts(g.url(), SERVICE).getSessionToken().credentials();
            String listed = curl(session.accessKeyId() + ":" + session.secretAccessKey(), "-H",
                    "x-amz-security-token: " + session.sessionToken(), url);
            assertTrue(listed.startsWith("200\n") && listed.contains("\"projectName\":\"Dallas\""), listed);
            // another account's administrator: no policy of this account lets it in
            String other = Aws.ALPHA_ADMIN.accessKeyId() + ":" + Aws.ALPHA_ADMIN.secretAccessKey();
            String denied = curl(other, url + "/Dallas");
            assertEquals("403\n{\"message\":\"User: arn:aws:iam::111111111111:user/admin is not authorized to perform: "
                    + "monitron:GetProject on resource: arn:aws:monitron:us-east-1:123456789012:project/Dallas\"}",
                    denied);
        }
    }

    @Test
    void aServiceUserWithOnlyAuthorizeRequestIsEnoughAndWithoutItTheServiceFailsClosed() {
        try (GatewayProcess g = enabled("projects-least-privilege").start()) {
            IamClient iam = Aws.iam(g.url(), Aws.MONITRON_ADMIN);
            iam.createUser(b -> b.userName("projects-service"));
            iam.putUserPolicy(b -> b.userName("projects-service").policyName("authorize").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                            + "\"rolegate:AuthorizeRequest\",\"Resource\":\"arn:aws:monitron:*:123456789012:project/*\"}]}"));
            AccessKey key = iam.createAccessKey(b -> b.userName("projects-service")).accessKey();
            g.stop();
            g.environment("ROLEGATE_PROJECTS_ACCESS_KEY_ID", key.accessKeyId())
                    .environment("ROLEGATE_PROJECTS_SECRET_ACCESS_KEY", key.secretAccessKey()).start();
            String owner = SERVICE.accessKeyId() + ":" + SERVICE.secretAccessKey();
            String url = g.baseUri() + "/projects";
            String created = curl(owner, "-X", "POST", "-H", "Content-Type: application/json",
                    "--data", "{\"name\":\"Plano\"}", url);
            assertTrue(created.startsWith("200\n"), created);
            assertTrue(curl(owner, url).startsWith("200\n"));

            Aws.iam(g.url(), Aws.MONITRON_ADMIN).deleteUserPolicy(b -> b.userName("projects-service").policyName("authorize"));
            String refused = curl(owner, url + "/Plano");
            assertTrue(refused.startsWith("503\n"), refused);
        }
    }

    @Test
    void aGatewayItCannotReachMeansServiceUnavailableNeverAllowed() {
        try (GatewayProcess g = enabled("projects-no-gateway")
                .property("rolegate.projects.gateway-url", "http://127.0.0.1:" + LocalProcesses.freePort()).start()) {
            String owner = SERVICE.accessKeyId() + ":" + SERVICE.secretAccessKey();
            String answer = curl(owner, g.baseUri() + "/projects");
            assertTrue(answer.startsWith("503\n"), answer);
            assertTrue(answer.contains("The service is unavailable. Please try again later."), answer);
        }
    }

    /** curl as the README shows it; returns "status\nbody". */
    static String curl(String user, String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-w", "%{http_code}", "-o", "-",
                "--aws-sigv4", "aws:amz:us-east-1:monitron", "--user", user));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            // -w prints the status after the body: put it first
            return out.substring(out.length() - 3) + "\n" + out.substring(0, out.length() - 3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

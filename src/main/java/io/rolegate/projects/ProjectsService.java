package io.rolegate.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Project;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4;
import io.rolegate.store.ProjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The projects service's operations, free of any HTTP framework: read and check the input, ask the gateway
 * (POST /v1/authorize) whether the signed client request may perform the action on the project, then act on the
 * store. Order as in AWS: input validation (400), authentication and authorization (403), and only then whether the
 * project exists (404), so a caller learns nothing about projects it may not touch. Anything short of an Allow from
 * the gateway, including no answer at all, is a refusal (fail closed: 503 when the gateway cannot be asked).
 */
@ApplicationScoped
public class ProjectsService {
    private static final Logger LOG = Logger.getLogger(ProjectsService.class);

    @Inject
    ProjectsSettings settings;
    @Inject
    ProjectStore store;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;

    private volatile GatewayClient gateway;
    private final AtomicReference<CompletableFuture<String>> account = new AtomicReference<>();

    /** The client's connection: its address (null if unknown) and whether it came over TLS. */
    public record Client(String sourceIp, boolean secure) {
    }

    /** What the client asked, read and checked before anything else. */
    private record Input(ProjectAction action, String name, String newPolicy) {
    }

    /** The resource the decision is about, and the project when the operation names an existing one. */
    private record Target(ProjectArns arns, String resource, Optional<Project> project) {
        String policy() {
            return project.map(Project::resourcePolicy).orElse(null);
        }
    }

    /** Checks the settings and prepares the client; the service refuses to start half-configured. */
    void start() {
        String id = settings.accessKeyId().filter(s -> !s.isBlank()).orElse(null);
        String secret = settings.secretAccessKey().filter(s -> !s.isBlank()).orElse(null);
        if (id == null || secret == null) {
            throw new IllegalStateException("rolegate.projects.enabled=true needs the service's credentials: set "
                    + "ROLEGATE_PROJECTS_ACCESS_KEY_ID and ROLEGATE_PROJECTS_SECRET_ACCESS_KEY");
        }
        gateway = new GatewayClient(id, secret, settings.region(), settings.gatewayTimeout(), json, clock);
    }

    /** The gateway to ask: the configured URL, or this same server on {@code localPort}. */
    URI gatewayUrl(int localPort) {
        return URI.create(settings.gatewayUrl().orElse("http://127.0.0.1:" + localPort).replaceAll("/+$", "") + "/");
    }

    /**
     * Serves one request.
     *
     * @param pathName the project name from the path (decoded), or null
     * @param request  the client's request as received: raw path and query, every header, the body
     * @param client   the connection it came on (aws:SourceIp, aws:SecureTransport)
     * @param blocking runs store work (JDBC) off the I/O threads
     */
    public CompletionStage<Reply> handle(ProjectAction action, String pathName, HttpRequestParts request, Client client,
                                         URI gatewayUrl, Executor blocking) {
        Input in;
        try {
            in = read(action, pathName, request);
        } catch (AwsException e) {
            return CompletableFuture.completedFuture(Reply.error(e));
        }
        return accountId(gatewayUrl)
                .thenApplyAsync(accountId -> target(in, new ProjectArns(settings.region(), accountId)), blocking)
                .thenCompose(t -> gateway
                        .authorize(gatewayUrl, question(request, client, action, t.resource(), t.policy()))
                        .thenCompose(answer -> checkedByGateway(in, t, answer, request, client, gatewayUrl))
                        .thenApplyAsync(answer -> decide(in, t, answer), blocking))
                .exceptionally(this::failure);
    }

    private Input read(ProjectAction action, String pathName, HttpRequestParts request) {
        return switch (action) {
            case CreateProject -> new Input(action, ProjectNames.check(nameIn(request.body()), "name"), null);
            case ListProjects -> new Input(action, null, null);
            case GetProject, DeleteProject -> new Input(action, ProjectNames.check(pathName, "name"), null);
            case PutProjectPolicy -> new Input(action, ProjectNames.check(pathName, "name"),
                    new String(request.body(), StandardCharsets.UTF_8));
        };
    }

    private String nameIn(byte[] body) {
        JsonNode doc;
        try {
            doc = json.readTree(body);
        } catch (IOException e) {
            doc = null;
        }
        if (doc == null || !doc.isObject()) {
            throw new AwsException(ErrorCode.ValidationException,
                    "The request body must be a JSON object: {\"name\": \"<project name>\"}");
        }
        JsonNode name = doc.get("name");
        return name == null || !name.isTextual() ? null : name.asText();
    }

    private Target target(Input in, ProjectArns arns) {
        if (in.action() == ProjectAction.ListProjects) {
            return new Target(arns, arns.all(), Optional.empty());
        }
        String resource = arns.of(in.name());
        if (in.newPolicy() != null) {
            ResourcePolicyCheck.check(in.newPolicy(), resource, json);
        }
        Optional<Project> project = in.action().onExistingProject()
                ? store.find(arns.accountId(), in.name()) : Optional.empty();
        return new Target(arns, resource, project);
    }

    /**
     * A new resource policy must also pass the gateway's own parser (IAM's grammar), or every later decision about
     * the project would fail: once the change is allowed, the same request is asked about again with the new policy,
     * and a 400 for it is the policy's fault.
     */
    private CompletableFuture<AuthorizeAnswer> checkedByGateway(Input in, Target t, AuthorizeAnswer answer,
                                                                HttpRequestParts request, Client client,
                                                                URI gatewayUrl) {
        if (in.newPolicy() == null || !answer.allowed() || t.project().isEmpty()) {
            return CompletableFuture.completedFuture(answer);
        }
        return gateway.authorize(gatewayUrl, question(request, client, in.action(), t.resource(), in.newPolicy()))
                .handle((ignored, failure) -> {
                    if (unwrap(failure) instanceof GatewayRefusal r && r.status == 400) {
                        throw new AwsException(ErrorCode.ValidationException,
                                "The resource policy is not valid: " + r.detail);
                    }
                    if (failure != null) {
                        throw new CompletionException(unwrap(failure));
                    }
                    return answer;
                });
    }

    private Reply decide(Input in, Target t, AuthorizeAnswer answer) {
        if (!answer.authenticated()) {
            return Reply.notAuthenticated(answer.errorCode(), answer.errorMessage());
        }
        if (!answer.allowed()) {
            throw new AwsException(ErrorCode.AccessDeniedException, answer.message());
        }
        String accountId = t.arns().accountId();
        return switch (in.action()) {
            case CreateProject -> {
                Project p = new Project(accountId, in.name(), null, clock.instant());
                if (!store.insertIfAbsent(p)) {
                    throw new AwsException(ErrorCode.ConflictException,
                            "A project named " + in.name() + " already exists.");
                }
                yield projectReply(p, t.arns());
            }
            case ListProjects -> {
                ObjectNode out = json.createObjectNode();
                ArrayNode list = out.putArray("projects");
                store.list(accountId).forEach(p -> list.add(render(p, t.arns())));
                yield Reply.ok(out.toString());
            }
            case GetProject -> projectReply(t.project().orElseThrow(() -> notFound(in.name())), t.arns());
            case DeleteProject -> {
                if (!store.delete(accountId, in.name())) {
                    throw notFound(in.name());
                }
                yield Reply.noContent();
            }
            case PutProjectPolicy -> {
                if (!store.updatePolicy(accountId, in.name(), in.newPolicy())) {
                    throw notFound(in.name());
                }
                yield projectReply(store.find(accountId, in.name()).orElseThrow(() -> notFound(in.name())), t.arns());
            }
        };
    }

    private ObjectNode question(HttpRequestParts r, Client client, ProjectAction action, String resource,
                                String resourcePolicy) {
        ObjectNode q = json.createObjectNode();
        ObjectNode request = q.putObject("request")
                .put("method", r.method())
                .put("path", r.rawPath())
                .put("query", r.rawQuery() == null ? "" : r.rawQuery());
        ObjectNode headers = request.putObject("headers");
        r.headers().forEach((name, values) -> {
            if (values.size() == 1) {
                headers.put(name, values.get(0));
            } else {
                values.forEach(headers.putArray(name)::add);
            }
        });
        request.put("bodySha256", SigV4.sha256Hex(r.body()))
                .put("secure", client.secure());
        if (client.sourceIp() != null) {
            request.put("sourceIp", client.sourceIp());
        }
        q.put("action", action.iamAction()).put("resource", resource);
        if (resourcePolicy != null) {
            q.put("resourcePolicy", resourcePolicy);
        }
        return q;
    }

    private CompletableFuture<String> accountId(URI gatewayUrl) {
        CompletableFuture<String> known = account.get();
        if (known != null && !known.isCompletedExceptionally()) {
            return known;
        }
        CompletableFuture<String> asked = gateway.accountId(gatewayUrl);
        account.compareAndSet(known, asked);
        return asked;
    }

    private Reply projectReply(Project p, ProjectArns arns) {
        ObjectNode out = json.createObjectNode();
        out.set("project", render(p, arns));
        return Reply.ok(out.toString());
    }

    private ObjectNode render(Project p, ProjectArns arns) {
        ObjectNode n = json.createObjectNode()
                .put("projectName", p.name())
                .put("projectArn", arns.of(p.name()))
                .put("ownerAccountId", p.accountId())
                .put("createdAt", p.created().toEpochMilli() / 1000.0);
        if (p.resourcePolicy() != null) {
            n.put("resourcePolicy", p.resourcePolicy());
        }
        return n;
    }

    private static AwsException notFound(String name) {
        return new AwsException(ErrorCode.ResourceNotFoundException, "The project " + name + " does not exist.");
    }

    private Reply failure(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof AwsException e) {
            return Reply.error(e);
        }
        if (cause instanceof GatewayRefusal r) {
            LOG.warnf("projects: the gateway refused the service's own call (HTTP %d %s: %s); answering 503",
                    r.status, r.code, r.detail);
        } else if (cause instanceof IOException || cause instanceof java.io.UncheckedIOException) {
            LOG.warnf("projects: the gateway did not answer (%s); answering 503", cause.toString());
        } else {
            LOG.error("projects: unexpected failure", cause);
            return Reply.error(new AwsException(ErrorCode.InternalFailure));
        }
        return Reply.error(new AwsException(ErrorCode.ServiceUnavailableException));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}

package io.rolegate.projects;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code rolegate.projects.*}: README "The reference service: projects". */
@ConfigMapping(prefix = "rolegate.projects")
public interface ProjectsSettings {
    /** Off by default: then {@code /projects} is an unknown path like any other. */
    @WithDefault("false")
    boolean enabled();

    /** The service's own Rolegate credentials; their account owns the projects. */
    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();

    /** Where /v1/authorize is; default: this same server, on the port the client's request came in on. */
    Optional<String> gatewayUrl();

    /** The region of the project ARNs and of the service's own signatures. */
    @WithDefault("us-east-1")
    String region();

    /** How long to wait for the gateway before failing closed (503). */
    @WithDefault("5s")
    Duration gatewayTimeout();
}

package io.rolegate.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A no-op endpoint for load tests: the HTTP ceiling of the same server, to compare AssumeRole against (bench/).
 * Answers 404 unless {@code rolegate.bench.noop=true} at run time.
 */
@Path("/bench/noop")
public class BenchResource {
    @ConfigProperty(name = "rolegate.bench.noop", defaultValue = "false")
    boolean enabled;

    @GET
    @Produces("text/plain")
    public Response noop() {
        return enabled ? Response.ok("ok").build() : Response.status(404).build();
    }
}

package io.rolegate.api;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * A no-op endpoint for load tests: the HTTP ceiling of the same server, to compare AssumeRole against (bench/).
 * Only in builds made with {@code -Drolegate.bench.noop=true} (bench/lib.sh does); production builds have no such route.
 */
@Path("/bench/noop")
@IfBuildProperty(name = "rolegate.bench.noop", stringValue = "true")
public class BenchResource {
    @GET
    @Produces("text/plain")
    public String noop() {
        return "ok";
    }
}

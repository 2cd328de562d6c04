package io.rolegate.iam;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The bootstrap file (rolegate.bootstrap.file): accounts and their admins, applied idempotently at every start. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Bootstrap(List<AccountSpec> accounts) {

    public record AccountSpec(String id, String alias, AdminSpec admin) {
    }

    public record AdminSpec(String user, String accessKeyId, String secretAccessKey) {
    }

    public static Bootstrap read(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Bootstrap b = yaml.readValue(file.toFile(), Bootstrap.class);
        return b.accounts() == null ? new Bootstrap(List.of()) : b;
    }
}

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

    /** @param signIns identity providers people of this account sign in with (the portal; README "Bootstrap file") */
    public record AccountSpec(String id, String alias, AdminSpec admin, List<SignInSpec> signIns) {
        public AccountSpec {
            signIns = signIns == null ? List.of() : List.copyOf(signIns);
        }

        public AccountSpec(String id, String alias, AdminSpec admin) {
            this(id, alias, admin, List.of());
        }
    }

    /**
     * An OIDC identity provider for people: the IAM OIDC provider of {@code issuer} (created when absent, the client
     * id added to its ClientIDList) and its sign-in (PutOpenIDConnectProviderSignIn).
     */
    public record SignInSpec(String issuer, String clientId, String clientSecret, List<String> scopes) {
        public SignInSpec {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        @Override
        public String toString() { // never the secret
            return "SignInSpec[" + issuer + " " + clientId + " " + scopes + "]";
        }
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

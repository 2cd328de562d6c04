package io.rolegate.sts;

import io.rolegate.federation.SamlResponseValidator;
import io.rolegate.iam.SessionTokenSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where SAML assertions may be addressed (README "SAML federation"): AWS's sign-in endpoint, so assertions an IdP
 * already issues for AWS work unchanged, and this gateway's own {@code <rolegate.issuer>/saml}.
 */
@ApplicationScoped
public class SamlSettings {
    public static final String AWS_SIGN_IN = "https://signin.aws.amazon.com/saml";
    public static final String AWS_AUDIENCE = "urn:amazon:webservices";

    @Inject
    SessionTokenSettings tokens;
    @ConfigProperty(name = "rolegate.saml.endpoints")
    java.util.Optional<List<String>> extraEndpoints;
    @ConfigProperty(name = "rolegate.saml.clock-skew", defaultValue = "PT5M")
    Duration clockSkew;
    @ConfigProperty(name = "rolegate.saml.allow-sha1", defaultValue = "false")
    boolean allowSha1;

    /** This gateway's own assertion consumer endpoint. */
    public String ownEndpoint() {
        return tokens.issuer() + "/saml"; // rolegate.issuer, else rolegate.public-url (no trailing slash)
    }

    @Produces
    @Singleton
    SamlResponseValidator validator() {
        Set<String> endpoints = new LinkedHashSet<>(List.of(AWS_SIGN_IN, ownEndpoint()));
        extraEndpoints.ifPresent(endpoints::addAll);
        return new SamlResponseValidator(new SamlResponseValidator.Settings(endpoints, Set.of(AWS_AUDIENCE), clockSkew,
                allowSha1));
    }
}

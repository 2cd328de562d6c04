package io.rolegate.sso;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Lifetimes of the SSO protocols' secrets (README "SSO login", CLI part). Defaults follow IAM Identity Center where
 * it publishes them: device codes 10 minutes, clients 90 days, an SSO session 8 hours.
 */
@ApplicationScoped
public class SsoSettings {
    @ConfigProperty(name = "rolegate.sso.client-lifetime", defaultValue = "P90D")
    Duration clientLifetime;
    @ConfigProperty(name = "rolegate.sso.device-code-lifetime", defaultValue = "10m")
    Duration deviceCodeLifetime;
    @ConfigProperty(name = "rolegate.sso.poll-interval", defaultValue = "5s")
    Duration pollInterval;
    /** How long a browser authorization may wait for the person's login, and then its code for the tool. */
    @ConfigProperty(name = "rolegate.sso.code-lifetime", defaultValue = "5m")
    Duration codeLifetime;
    @ConfigProperty(name = "rolegate.sso.access-token-lifetime", defaultValue = "1h")
    Duration accessTokenLifetime;
    /** From the person's login: refresh tokens work until then, then the person signs in again. */
    @ConfigProperty(name = "rolegate.sso.session-duration", defaultValue = "8h")
    Duration sessionDuration;

    public SsoSettings() {
    }

    /** For tests. */
    public SsoSettings(Duration clientLifetime, Duration deviceCodeLifetime, Duration pollInterval,
                       Duration codeLifetime, Duration accessTokenLifetime, Duration sessionDuration) {
        this.clientLifetime = clientLifetime;
        this.deviceCodeLifetime = deviceCodeLifetime;
        this.pollInterval = pollInterval;
        this.codeLifetime = codeLifetime;
        this.accessTokenLifetime = accessTokenLifetime;
        this.sessionDuration = sessionDuration;
    }

    public Duration clientLifetime() {
        return clientLifetime;
    }

    public Duration deviceCodeLifetime() {
        return deviceCodeLifetime;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration codeLifetime() {
        return codeLifetime;
    }

    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public Duration sessionDuration() {
        return sessionDuration;
    }
}

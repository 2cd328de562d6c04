package io.rolegate.sso;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Secrets;
import io.rolegate.model.SsoClient;
import io.rolegate.model.SsoGrant;
import io.rolegate.store.SsoStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The device authorization grant (RFC 8628) for people on headless hosts: StartDeviceAuthorization hands the tool a
 * device code and the person a short user code; the person opens the verification page on any device, signs in
 * through the start URL's identity provider, confirms the code, and the tool's next poll of CreateToken gets the
 * tokens ({@link SsoTokens}).
 */
@ApplicationScoped
public class DeviceLogins {
    /** The verification page, relative to the gateway's base URL (web.DeviceLoginResource serves it). */
    public static final String VERIFICATION_PATH = "/portal/device";

    /** What StartDeviceAuthorization answers. */
    public record Started(String deviceCode, String userCode, long expiresInSeconds, long intervalSeconds) {
    }

    /** A device authorization waiting for its person, as the verification page shows it. */
    public record Pending(String userCode, String signInKey, String clientName, Instant expiresAt) {
    }

    @Inject
    SsoStore store;
    @Inject
    SsoClients clients;
    @Inject
    SsoSettings settings;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;

    public Started start(String clientId, String clientSecret, String startUrl) {
        SsoClient client = clients.authenticate(clientId, clientSecret);
        if (!client.grantTypes().contains(SsoClients.DEVICE_CODE)) {
            throw new AwsException(ErrorCode.UnauthorizedClientException,
                    "This client did not register the device code grant");
        }
        if (startUrl == null || startUrl.isEmpty() || startUrl.length() > 2048) {
            throw new AwsException(ErrorCode.InvalidRequestException, "startUrl is required");
        }
        String key = StartUrls.signInKey(startUrl, clients.keys()).orElseThrow(
                () -> new AwsException(ErrorCode.InvalidRequestException, "No sign-in matches the start URL"));
        Instant now = clock.instant();
        store.purgeExpired(now);
        String deviceCode = SsoCodes.secret(random, "rgd");
        String userCode = SsoCodes.userCode(random);
        Instant expires = now.plus(settings.deviceCodeLifetime());
        store.putGrant(new SsoGrant(SsoCodes.hash(deviceCode), SsoGrant.Kind.DEVICE, client.clientId(), key,
                SsoCodes.hash(userCode), null, null, null, client.scopes(), null, null, expires));
        return new Started(deviceCode, userCode, settings.deviceCodeLifetime().toSeconds(),
                settings.pollInterval().toSeconds());
    }

    /** The unexpired, unapproved device authorization of a user code as the person typed it. */
    public Optional<Pending> pending(String typedUserCode) {
        String code = SsoCodes.normalizeUserCode(typedUserCode);
        if (code == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.grantByUserCode(SsoCodes.hash(code))
                .filter(g -> g.kind() == SsoGrant.Kind.DEVICE && !g.approved() && now.isBefore(g.expiresAt()))
                .map(g -> new Pending(code, g.signInKey(),
                        store.client(g.clientId()).map(SsoClient::clientName).orElse("?"), g.expiresAt()));
    }

    /**
     * The person signed in to {@code signInKey} and confirmed the code: the device's next poll gets tokens carrying
     * their ID token. False when the code is unknown, expired, already used, or belongs to another sign-in.
     */
    public boolean approve(String typedUserCode, String signInKey, String idToken) {
        Optional<SsoGrant> grant = grant(typedUserCode, signInKey);
        return grant.isPresent() && store.approve(grant.get().idHash(),
                secrets.seal(idToken, grant.get().idHash()), clock.instant());
    }

    /** The person refused: the device's next poll gets AccessDeniedException. */
    public boolean deny(String typedUserCode, String signInKey) {
        return grant(typedUserCode, signInKey).map(g -> store.consumeGrant(g.idHash())).orElse(false);
    }

    private Optional<SsoGrant> grant(String typedUserCode, String signInKey) {
        return pending(typedUserCode).filter(p -> p.signInKey().equals(signInKey))
                .flatMap(p -> store.grantByUserCode(SsoCodes.hash(p.userCode())));
    }

    /**
     * CreateToken with the device code grant: the approved grant (used once), else AuthorizationPending, SlowDown
     * (polled again within half the interval), ExpiredToken, or AccessDenied (denied, or never existed for this
     * client: a denied grant is deleted, so both look alike).
     *
     * @return the approved grant, consumed
     */
    SsoGrant poll(SsoClient client, String deviceCode) {
        if (deviceCode == null || deviceCode.length() > 256) {
            throw new AwsException(ErrorCode.InvalidRequestException, "deviceCode is required");
        }
        String hash = SsoCodes.hash(deviceCode);
        Instant now = clock.instant();
        SsoGrant g = store.grant(hash).filter(x -> x.kind() == SsoGrant.Kind.DEVICE).orElse(null);
        if (g == null || !g.clientId().equals(client.clientId())) {
            throw new AwsException(ErrorCode.AccessDeniedException, "Device authorization denied or unknown");
        }
        if (!now.isBefore(g.expiresAt())) {
            store.consumeGrant(hash);
            throw new AwsException(ErrorCode.ExpiredTokenException, "Device code has expired");
        }
        if (!g.approved()) {
            boolean tooSoon = g.lastPollAt() != null
                    && now.isBefore(g.lastPollAt().plus(settings.pollInterval().dividedBy(2)));
            store.polled(hash, now);
            throw new AwsException(tooSoon ? ErrorCode.SlowDownException : ErrorCode.AuthorizationPendingException);
        }
        if (!store.consumeGrant(hash)) {
            throw new AwsException(ErrorCode.InvalidGrantException, "Invalid grant provided");
        }
        return g;
    }

}

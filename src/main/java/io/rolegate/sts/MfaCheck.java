package io.rolegate.sts;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.MfaDeviceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The SerialNumber / TokenCode of AssumeRole and GetSessionToken: both or neither; the code must be valid for an MFA
 * device enabled for the calling IAM user (long-term keys, or a GetSessionToken session of that user: a role session
 * has no user, so its code never validates) and is consumed. Each action words the failure its own way.
 */
@ApplicationScoped
public class MfaCheck {
    static final String BOTH_REQUIRED =
            "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.";
    static final String ASSUME_ROLE_INVALID = "MultiFactorAuthentication failed with invalid MFA one time pass code.";
    static final String SESSION_TOKEN_INVALID = "MultiFactorAuthentication failed, unable to validate MFA code.  "
            + "Please verify your MFA serial number is valid and associated with this user.";

    @Inject
    MfaDeviceService devices;
    @Inject
    Clock clock;

    /** Throws AccessDenied when only one of the two parameters is present (checked before anything else is decided). */
    public static void requireBothOrNeither(String serialNumber, String tokenCode) {
        if ((serialNumber == null) != (tokenCode == null)) {
            throw new AwsException(ErrorCode.AccessDenied, BOTH_REQUIRED);
        }
    }

    /** AssumeRole: when MFA authenticated this call, or null when no code was passed. */
    public Instant forAssumeRole(Caller caller, String serialNumber, String tokenCode) {
        return verify(caller, serialNumber, tokenCode, ASSUME_ROLE_INVALID);
    }

    /** GetSessionToken: when MFA authenticated this call, or null when no code was passed. */
    public Instant forSessionToken(Caller caller, String serialNumber, String tokenCode) {
        return verify(caller, serialNumber, tokenCode, SESSION_TOKEN_INVALID);
    }

    /** The MFA time of a new role session: this call's, else the one carried by the calling session, else none. */
    public static Instant carried(Caller caller, Instant thisCall) {
        if (thisCall != null) {
            return thisCall;
        }
        return caller.session() == null ? null : caller.session().mfaAuthenticatedAt();
    }

    private Instant verify(Caller caller, String serialNumber, String tokenCode, String invalidMessage) {
        requireBothOrNeither(serialNumber, tokenCode);
        if (serialNumber == null) {
            return null;
        }
        if (caller.user() == null || !devices.authenticate(caller.user().userId(), serialNumber, tokenCode)) {
            throw new AwsException(ErrorCode.AccessDenied, invalidMessage);
        }
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}

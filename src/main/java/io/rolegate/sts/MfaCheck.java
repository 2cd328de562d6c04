package io.rolegate.sts;

import io.rolegate.error.AwsErrors;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.MfaDeviceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The SerialNumber / TokenCode of AssumeRole and GetSessionToken: both or neither; the code must be valid for an MFA
 * device enabled for the calling IAM user (long-term keys, or a GetSessionToken session of that user: a role session
 * has no user, so its code never validates) and is consumed. Each action words the failure its own way.
 */
@ApplicationScoped
public class MfaCheck {
    static final String ASSUME_ROLE_INVALID = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    @Inject
    MfaDeviceService devices;
    @Inject
    Clock clock;

    /** Throws AccessDenied when only one of the two parameters is present (checked before anything else is decided). */
    public static void requireBothOrNeither(String serialNumber, String tokenCode) {
        if ((serialNumber == null) != (tokenCode == null)) {
            throw AwsErrors.mfaIncomplete();
        }
    }

    /** AssumeRole: when MFA authenticated this call, or null when no code was passed. */
    public Instant forAssumeRole(Caller caller, String serialNumber, String tokenCode) {
        return verify(caller, serialNumber, tokenCode,
                () -> new AwsException(ErrorCode.AccessDenied, ASSUME_ROLE_INVALID));
    }

    /** GetSessionToken: when MFA authenticated this call, or null when no code was passed. */
    public Instant forSessionToken(Caller caller, String serialNumber, String tokenCode) {
        return verify(caller, serialNumber, tokenCode, AwsErrors::mfaNotValidated);
    }

    /** The MFA time of a new role session: this call's, else the one carried by the calling session, else none. */
    public static Instant carried(Caller caller, Instant thisCall) {
        if (thisCall != null) {
            return thisCall;
        }
        return caller.session() == null ? null : caller.session().mfaAuthenticatedAt();
    }

    private Instant verify(Caller caller, String serialNumber, String tokenCode,
                           Supplier<AwsException> invalid) {
        requireBothOrNeither(serialNumber, tokenCode);
        if (serialNumber == null) {
            return null;
        }
        if (caller.user() == null || !devices.authenticate(caller.user().userId(), serialNumber, tokenCode)) {
            throw invalid.get();
        }
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}

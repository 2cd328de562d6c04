package io.rolegate.sts;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.policy.AccessDeniedMessage;

/**
 * What temporary credentials may call, by the STS action that minted them (docs/aws-behaviour.md §2.2 table), checked
 * before any policy: AssumeRole* sessions anything but GetFederationToken/GetSessionToken; GetSessionToken credentials
 * no IAM
 * API without MFA (InvalidClientTokenId, as AWS answers) and among STS actions only AssumeRole and
 * GetCallerIdentity; GetFederationToken credentials no IAM API and only GetCallerIdentity.
 */
public final class SessionRestrictions {
    private SessionRestrictions() {
    }

    /**
     * @param service  "sts" or "iam"
     * @param action   the operation name (AssumeRole, ListUsers...)
     * @param resource the resource ARN for IAM actions, or null
     */
    public static void check(Caller caller, String service, String action, String resource) {
        if (caller == null || caller.session() == null) {
            return;
        }
        if (service.equals("sts") && (action.equals("GetSessionToken") || action.equals("GetFederationToken"))) {
            throw new AwsException(ErrorCode.AccessDenied, "Cannot call " + action + " with session credentials");
        }
        switch (caller.session().kind()) {
            case SESSION_TOKEN -> {
                checkCredentials(caller, service);
                if (service.equals("sts") && !action.equals("AssumeRole") && !action.equals("GetCallerIdentity")) {
                    throw denied(caller, service, action, resource);
                }
            }
            case FEDERATED_USER -> {
                if (!(service.equals("sts") && action.equals("GetCallerIdentity"))) {
                    throw denied(caller, service, action, resource);
                }
            }
            default -> {
            }
        }
    }

    /**
     * The part of {@link #check} that is authentication, not authorization (so it comes before any validation):
     * GetSessionToken credentials without MFA are not valid for the IAM API.
     */
    public static void checkCredentials(Caller caller, String service) {
        if (caller != null && caller.session() != null && caller.session().kind() == Caller.SessionKind.SESSION_TOKEN
                && service.equals("iam") && !caller.session().mfa()) {
            throw new AwsException(ErrorCode.InvalidClientTokenId);
        }
    }

    private static AwsException denied(Caller caller, String service, String action, String resource) {
        return new AwsException(ErrorCode.AccessDenied,
                AccessDeniedMessage.legacy(caller.arn(), service + ":" + action, resource));
    }
}

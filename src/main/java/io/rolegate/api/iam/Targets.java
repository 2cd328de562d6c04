package io.rolegate.api.iam;

import io.rolegate.api.ApiRequest;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

/** The IAM user an action targets: the UserName parameter, or the calling IAM user (or its GetSessionToken session). */
final class Targets {
    private Targets() {
    }

    static String userNameOrCaller(ApiRequest r) {
        String name = r.param("UserName");
        if (name != null) {
            return name;
        }
        // GetSessionToken credentials are the IAM user itself (with MFA they may call IAM); other sessions are not
        boolean userSession = r.caller().session() == null
                || r.caller().session().kind() == io.rolegate.iam.Caller.SessionKind.SESSION_TOKEN;
        if (r.caller().user() == null || !userSession) {
            throw new AwsException(ErrorCode.ValidationError, "Must specify userName when calling with non-User credentials");
        }
        return r.caller().user().userName();
    }
}

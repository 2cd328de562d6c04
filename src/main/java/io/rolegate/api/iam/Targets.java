package io.rolegate.api.iam;

import io.rolegate.api.ApiRequest;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

/** The IAM user an action targets: the UserName parameter, or the calling IAM user when it is absent. */
final class Targets {
    private Targets() {
    }

    static String userNameOrCaller(ApiRequest r) {
        String name = r.param("UserName");
        if (name != null) {
            return name;
        }
        if (r.caller().user() == null || r.caller().session() != null) {
            throw new AwsException(ErrorCode.ValidationError, "Must specify userName when calling with non-User credentials");
        }
        return r.caller().user().userName();
    }
}

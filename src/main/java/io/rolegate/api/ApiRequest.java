package io.rolegate.api;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestFacts;

/** One parsed, authenticated request as handlers see it. {@code caller} is null for the unsigned STS actions. */
public record ApiRequest(String action, Params params, Caller caller, RequestFacts facts, String requestId) {
    public String accountId() {
        return caller.accountId();
    }

    public String param(String name) {
        return params.get(name);
    }

    /**
     * The IAM user an action targets: the UserName parameter, or the calling IAM user (or its GetSessionToken session,
     * which is that user) when it is absent.
     */
    public String userNameOrCaller() {
        String name = param("UserName");
        if (name != null) {
            return name;
        }
        boolean userSession = caller.session() == null || caller.session().kind() == Caller.SessionKind.SESSION_TOKEN;
        if (caller.user() == null || !userSession) {
            throw new AwsException(ErrorCode.ValidationError, "Must specify userName when calling with non-User credentials");
        }
        return caller.user().userName();
    }
}

package io.rolegate.api;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestFacts;

/**
 * One parsed, authenticated request as handlers see it. {@code caller} is null for the unsigned STS actions.
 * Handlers check the shape of every member first and then call {@link #validated}, which reports the violations
 * and only then authorizes: AWS answers a malformed request with ValidationError before any AccessDenied.
 */
public record ApiRequest(String action, Params params, Caller caller, RequestFacts facts, String requestId,
                         AuthorizationGate gate) {

    /** Authorizes the request the first time it is opened; the gateway checks that every handler opened it. */
    public interface AuthorizationGate {
        void open(ApiRequest request, RequestFacts facts);

        boolean opened();
    }

    public String accountId() {
        return caller.accountId();
    }

    public String param(String name) {
        return params.get(name);
    }

    /** Throws the collected shape violations, if any; otherwise authorizes the request (once). */
    public void validated(Validation v) {
        validated(v, facts);
    }

    /** As {@link #validated(Validation)}, authorizing with facts of this request (aws:RequestTag/..., aws:TagKeys). */
    public void validated(Validation v, RequestFacts authorizationFacts) {
        v.throwIfAny();
        gate.open(this, authorizationFacts);
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

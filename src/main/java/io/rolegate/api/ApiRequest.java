package io.rolegate.api;

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
}

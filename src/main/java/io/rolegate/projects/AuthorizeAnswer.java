package io.rolegate.projects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of the gateway's /v1/authorize answer the service acts on.
 *
 * @param errorCode    when not authenticated: STS's code (SignatureDoesNotMatch, ExpiredToken, ...)
 * @param decision     Allow, ExplicitDeny or ImplicitDeny
 * @param message      AWS's AccessDenied text for a denial
 * @param principalArn who signed the client's request, when authenticated
 */
record AuthorizeAnswer(boolean authenticated, String errorCode, String errorMessage, String decision, String message,
                       String principalArn) {

    boolean allowed() {
        return authenticated && "Allow".equals(decision);
    }

    static AuthorizeAnswer of(JsonNode answer) {
        JsonNode error = answer.path("error");
        return new AuthorizeAnswer(answer.path("authenticated").asBoolean(false), text(error, "code"),
                text(error, "message"), text(answer, "decision"), text(answer, "message"),
                text(answer.path("principal"), "arn"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

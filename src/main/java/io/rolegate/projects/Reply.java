package io.rolegate.projects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

/**
 * An answer in the shape of an AWS REST-JSON service: the status, the error type (header {@code x-amzn-ErrorType})
 * for errors, and a JSON body ({@code {"message": ...}} for errors) or none.
 */
public record Reply(int status, String errorType, String body) {

    static Reply ok(String json) {
        return new Reply(200, null, json);
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }

    static Reply error(AwsException e) {
        return error(e.code().code(), e.code().httpStatus(), e.getMessage());
    }

    /**
     * The client's request was not authenticated: the gateway's code and message, with the status the gateway itself
     * gives that code (403 for signature and token errors, 400 for an incomplete signature).
     */
    static Reply notAuthenticated(String code, String message) {
        int status = 403;
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code)) {
                status = c.httpStatus();
            }
        }
        return error(code == null ? ErrorCode.AccessDenied.code() : code, status, message);
    }

    private static Reply error(String type, int status, String message) {
        return new Reply(status, type, JsonNodeFactory.instance.objectNode().put("message", message).toString());
    }
}

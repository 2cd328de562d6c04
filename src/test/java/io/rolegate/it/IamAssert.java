package io.rolegate.it;

import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.iam.model.IamException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Asserts an IAM call fails with AWS's exact code, message and HTTP status. */
final class IamAssert {
    private IamAssert() {
    }

    static IamException fails(int status, String code, String message, Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.awsErrorDetails().errorMessage());
        }
        assertEquals(status, e.statusCode());
        return e;
    }

    static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
}
